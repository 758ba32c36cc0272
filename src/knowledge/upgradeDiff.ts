/**
 * The upgrade diff (issue 17): what changes for one component between two of its releases, from the catalogue's
 * version data alone. Flags added, deprecated, removed, whose default changed, whose values went away, what kubeadm
 * writes differently; feature gates that came, graduated, changed default, were deprecated or removed. Each change
 * carries what to do before upgrading as an action code (words in content/<lang>/ui.json `diff.action.*`).
 * Pure: the same answer in the page, the CLI and the tests.
 */
import type { ComponentId } from '../model/types';
import { compareVersions, minorOf, parseVersion } from '../util/version';
import type { FlagCatalogue } from './knowledgeBase';
import type { FlagDoc } from './types';
import { factsAt, kubeadmAt, statusAt, valueStatusAt } from './flagFacts';
import { gateAt, gateListOf, type FeatureGateCatalogue, type GateStage } from './featureGates';

export type FlagChangeKind =
  'added' | 'deprecated' | 'removed' | 'default-changed' | 'value-deprecated' | 'value-removed' | 'kubeadm-changed';

/**
 * What to do before upgrading:
 *   remove          take the flag out (the new release refuses to start with it)
 *   replace         write `replacement` instead
 *   plan            still accepted; plan its replacement (or removal) before a later release removes it
 *   pin-default     the default changed: write the old value to keep the old behaviour, or accept the new one
 *   stop-value      stop writing this value of the flag (replacement when known)
 *   kubeadm         kubeadm writes something else now: compare the manifests after `kubeadm upgrade`
 *   none            nothing to change (a new flag you may use)
 */
export type UpgradeAction = 'remove' | 'replace' | 'plan' | 'pin-default' | 'stop-value' | 'kubeadm' | 'none';

export interface FlagChange {
  kind: FlagChangeKind;
  flag: string;
  /** The release in which the change happens (the flag's own `since`, `deprecated`, `removed` or a range bound). */
  at: string | null;
  /** The value before and after (defaults, kubeadm's value; null: none). */
  before: string | null;
  after: string | null;
  /** For value-* changes: the value. */
  value?: string;
  /** A flag name (no dashes) or short text that replaces it (the catalogue's words). */
  replacement: string | null;
  /** The catalogue's note on the deprecation or value. */
  note: string | null;
  summary: string;
  security: boolean;
  action: UpgradeAction;
}

export type GateChangeKind = 'added' | 'graduated' | 'default-changed' | 'deprecated' | 'removed';
/**
 *   drop-gate       remove the gate from --feature-gates (the new release does not know it)
 *   drop-false      it is locked to on: a setting to false stops the binary
 *   review-default  its default changed: set it explicitly to keep the old behaviour
 *   plan            deprecated: stop relying on it
 *   none            informational
 */
export type GateAction = 'drop-gate' | 'drop-false' | 'review-default' | 'plan' | 'none';

export interface GateChange {
  kind: GateChangeKind;
  gate: string;
  fromStage: GateStage | null;
  toStage: GateStage | null;
  fromDefault: boolean | null;
  toDefault: boolean | null;
  locked: boolean;
  /** First release without it (removed). */
  removedIn: string | null;
  action: GateAction;
}

export interface UpgradeDiff {
  component: ComponentId;
  from: string;
  to: string;
  /** from is later than to: a downgrade, the same lists read backwards. */
  downgrade: boolean;
  flags: FlagChange[];
  gates: GateChange[];
}

/** Order of the kinds in the lists (what breaks the start first). */
export const FLAG_CHANGE_KINDS: readonly FlagChangeKind[] = [
  'removed',
  'value-removed',
  'default-changed',
  'deprecated',
  'value-deprecated',
  'kubeadm-changed',
  'added',
];
export const GATE_CHANGE_KINDS: readonly GateChangeKind[] = [
  'removed',
  'default-changed',
  'graduated',
  'deprecated',
  'added',
];

/** Whether a flag exists (is accepted) at a version. */
export function flagExistsAt(doc: FlagDoc, version: string): boolean {
  const s = statusAt(doc, version).status;
  return s === 'ok' || s === 'deprecated';
}

/** The releases one can pick for a component: every minor from the oldest bound in its catalogue to its newest. */
export function releasesOf(catalogue: FlagCatalogue): string[] {
  const info = catalogue.component;
  const newest = parseVersion(info.catalogueVersion) ?? (info.versioning === 'etcd' ? [3, 6, 0] : [1, 35, 0]);
  let oldest = newest[1];
  const see = (v: string | true | undefined) => {
    if (typeof v !== 'string') return;
    const p = parseVersion(v);
    if (p && p[0] === newest[0] && p[1] < oldest) oldest = p[1];
  };
  for (const doc of catalogue.flags.values()) {
    see(doc.since);
    see(doc.deprecated);
    see(doc.removed);
    for (const r of doc.versions ?? []) {
      see(r.from);
      see(r.until);
    }
  }
  const out: string[] = [];
  for (let m = oldest; m <= newest[1]; m++) out.push(`${newest[0]}.${m}`);
  return out;
}

const orderOf = (k: string, list: readonly string[]) => list.indexOf(k);

function flagChanges(catalogue: FlagCatalogue, older: string, newer: string, kubeadmTracks: boolean): FlagChange[] {
  const out: FlagChange[] = [];
  for (const doc of catalogue.flags.values()) {
    const a = statusAt(doc, older);
    const b = statusAt(doc, newer);
    const base = {
      flag: doc.name,
      summary: doc.summary,
      security: doc.security !== undefined,
      replacement: doc.replacement ?? null,
      note: doc.deprecationNote ?? null,
    };
    const existsA = a.status === 'ok' || a.status === 'deprecated';
    const existsB = b.status === 'ok' || b.status === 'deprecated';
    if (!existsA && !existsB) continue;
    if (!existsA && existsB) {
      out.push({ ...base, kind: 'added', at: doc.since ?? null, before: null, after: null, action: 'none' });
      continue;
    }
    if (existsA && !existsB) {
      if (b.status === 'removed')
        out.push({
          ...base,
          kind: 'removed',
          at: doc.removed ?? null,
          before: null,
          after: null,
          action: doc.replacement ? 'replace' : 'remove',
        });
      continue;
    }
    // the flag exists at both ends
    if (a.status === 'ok' && b.status === 'deprecated')
      out.push({
        ...base,
        kind: 'deprecated',
        at: b.since,
        before: null,
        after: null,
        action: 'plan',
      });
    const fa = factsAt(doc, older, kubeadmTracks ? older : null);
    const fb = factsAt(doc, newer, kubeadmTracks ? newer : null);
    if (fa.default !== fb.default)
      out.push({
        ...base,
        kind: 'default-changed',
        at: firstRangeChange(doc, older, newer),
        before: fa.default,
        after: fb.default,
        replacement: null,
        note: null,
        action: 'pin-default',
      });
    for (const [value, h] of Object.entries(doc.valueHistory ?? {})) {
      const va = valueStatusAt(doc, value, older).status;
      const vb = valueStatusAt(doc, value, newer).status;
      const alive = (s: string) => s === 'ok' || s === 'deprecated';
      const common = {
        ...base,
        value,
        before: null,
        after: null,
        replacement: h.replacement ?? null,
        note: h.note ?? null,
        action: 'stop-value' as const,
      };
      if (alive(va) && vb === 'removed') out.push({ ...common, kind: 'value-removed', at: h.removed ?? null });
      else if (va === 'ok' && vb === 'deprecated')
        out.push({ ...common, kind: 'value-deprecated', at: typeof h.deprecated === 'string' ? h.deprecated : null });
    }
    if (kubeadmTracks && (doc.kubeadmByVersion?.length ?? 0) > 0) {
      const ka = kubeadmAt(doc, older)?.value ?? null;
      const kb = kubeadmAt(doc, newer)?.value ?? null;
      if (ka !== kb)
        out.push({
          ...base,
          kind: 'kubeadm-changed',
          at: null,
          before: ka,
          after: kb,
          replacement: null,
          note: null,
          action: 'kubeadm',
        });
    }
  }
  return out.sort(
    (x, y) =>
      orderOf(x.kind, FLAG_CHANGE_KINDS) - orderOf(y.kind, FLAG_CHANGE_KINDS) ||
      x.flag.localeCompare(y.flag) ||
      (x.value ?? '').localeCompare(y.value ?? ''),
  );
}

/** The first range bound between two versions at which a flag's versioned facts change (null: none recorded). */
function firstRangeChange(doc: FlagDoc, older: string, newer: string): string | null {
  const bounds: string[] = [];
  for (const r of doc.versions ?? []) {
    if (r.from) bounds.push(r.from);
    if (r.until) {
      const p = parseVersion(r.until);
      if (p) bounds.push(`${p[0]}.${p[1] + 1}`);
    }
  }
  return (
    bounds
      .filter((b) => compareVersions(b, older) > 0 && compareVersions(b, newer) <= 0)
      .sort(compareVersions)
      .at(0) ?? null
  );
}

function gateChanges(gates: FeatureGateCatalogue, component: ComponentId, older: string, newer: string): GateChange[] {
  const out: GateChange[] = [];
  const list = gateListOf(gates, component);
  for (const name of list.gates.keys()) {
    const a = gateAt(gates, name, older, component);
    const b = gateAt(gates, name, newer, component);
    if (a.state === 'unknown' && b.state === 'unknown') continue;
    const base = {
      gate: name,
      fromStage: a.current?.stage ?? null,
      toStage: b.current?.stage ?? null,
      fromDefault: a.current?.default ?? null,
      toDefault: b.current?.default ?? null,
      locked: b.current?.locked === true,
      removedIn: b.facts?.removedIn ?? null,
    };
    if (a.state !== 'ok' && b.state === 'ok') out.push({ ...base, kind: 'added', action: 'none' });
    else if (a.state === 'ok' && b.state === 'removed') out.push({ ...base, kind: 'removed', action: 'drop-gate' });
    else if (a.state === 'ok' && b.state === 'ok' && a.current && b.current) {
      if (a.current.default !== b.current.default && a.current.default !== null && b.current.default !== null)
        out.push({ ...base, kind: 'default-changed', action: base.locked ? 'drop-false' : 'review-default' });
      else if (a.current.stage !== b.current.stage && b.current.stage === 'deprecated')
        out.push({ ...base, kind: 'deprecated', action: 'plan' });
      else if (a.current.stage !== b.current.stage)
        out.push({ ...base, kind: 'graduated', action: base.locked ? 'drop-false' : 'none' });
      else if (b.current.locked === true && a.current.locked !== true)
        out.push({ ...base, kind: 'graduated', action: 'drop-false' });
    }
  }
  return out.sort(
    (x, y) => orderOf(x.kind, GATE_CHANGE_KINDS) - orderOf(y.kind, GATE_CHANGE_KINDS) || x.gate.localeCompare(y.gate),
  );
}

/**
 * What changes for `catalogue`'s component from release `from` to release `to` (minor or patch versions). With
 * `from` later than `to` the diff is a downgrade: the same comparison, older and newer swapped back, `downgrade`
 * set. `kubeadmTracks`: kubeadm deploys the component at the cluster version (every component but etcd).
 */
export function upgradeDiff(
  catalogue: FlagCatalogue,
  gates: FeatureGateCatalogue | null,
  from: string,
  to: string,
  kubeadmTracks = catalogue.component.versioning === 'kubernetes',
): UpgradeDiff {
  const component = catalogue.component.id;
  const downgrade = compareVersions(from, to) > 0;
  // a downgrade is read as the upgrade from `to` to `from`; the words say which way
  const [older, newer] = downgrade ? [to, from] : [from, to];
  return {
    component,
    from,
    to,
    downgrade,
    flags: compareVersions(older, newer) === 0 ? [] : flagChanges(catalogue, older, newer, kubeadmTracks),
    gates:
      gates && minorOf(older) !== minorOf(newer)
        ? gateChanges(gates, component, minorOf(older) ?? older, minorOf(newer) ?? newer)
        : [],
  };
}

/** One event in a flag's history, for the reference page's timeline. */
export interface FlagHistoryEvent {
  /** The release it happens in (null: before the releases tracked, for the first default). */
  version: string;
  kind:
    'since' | 'deprecated' | 'removed' | 'default' | 'value-since' | 'value-deprecated' | 'value-removed' | 'kubeadm';
  /** The default, the value, or kubeadm's value (null: kubeadm stops writing it). */
  value: string | null;
  /** For a default change: the default before it (null: none). */
  before?: string | null;
}

const HISTORY_ORDER: readonly FlagHistoryEvent['kind'][] = [
  'since',
  'default',
  'value-since',
  'kubeadm',
  'value-deprecated',
  'deprecated',
  'value-removed',
  'removed',
];

/** The minor after a bound (`1.19` -> `1.20`): where a range that ends at `until` hands over to the next. */
function nextMinor(until: string): string | null {
  const p = parseVersion(until);
  return p ? `${p[0]}.${p[1] + 1}` : null;
}

/**
 * A flag's history across releases, oldest first: when it came, each release its default changed (from `versions`
 * ranges), values added, deprecated, removed, what kubeadm started or stopped writing, its deprecation and removal.
 */
export function flagHistory(doc: FlagDoc): FlagHistoryEvent[] {
  const out: FlagHistoryEvent[] = [];
  for (const s of doc.sinceLines ?? (doc.since ? [doc.since] : []))
    out.push({ version: s, kind: 'since', value: null });
  if (typeof doc.deprecated === 'string') out.push({ version: doc.deprecated, kind: 'deprecated', value: null });
  if (doc.removed) out.push({ version: doc.removed, kind: 'removed', value: null });
  // defaults: walk the range bounds and note every release where the default differs from the one before
  const bounds = new Set<string>();
  for (const r of doc.versions ?? []) {
    if (r.from) bounds.add(r.from);
    if (r.until) {
      const n = nextMinor(r.until);
      if (n) bounds.add(n);
    }
  }
  const sorted = [...bounds].sort(compareVersions);
  for (const b of sorted) {
    const prev = factsAt(doc, previousOf(b)).default;
    const now = factsAt(doc, b).default;
    if (prev !== now) out.push({ version: b, kind: 'default', value: now, before: prev });
  }
  for (const [value, h] of Object.entries(doc.valueHistory ?? {})) {
    if (h.since) out.push({ version: h.since, kind: 'value-since', value });
    if (typeof h.deprecated === 'string') out.push({ version: h.deprecated, kind: 'value-deprecated', value });
    if (h.removed) out.push({ version: h.removed, kind: 'value-removed', value });
  }
  for (const k of doc.kubeadmByVersion ?? []) {
    if (k.from) out.push({ version: k.from, kind: 'kubeadm', value: k.value });
  }
  return out.sort(
    (a, b) =>
      compareVersions(a.version, b.version) ||
      HISTORY_ORDER.indexOf(a.kind) - HISTORY_ORDER.indexOf(b.kind) ||
      (a.value ?? '').localeCompare(b.value ?? ''),
  );
}

/** The release before a minor bound (`1.20` -> `1.19`, `1.20.3` -> `1.20.2`); `x.0` stays (nothing before it). */
function previousOf(v: string): string {
  const p = parseVersion(v);
  if (!p) return v;
  if (/^\d+\.\d+\.\d+$/.test(v)) return p[2] > 0 ? `${p[0]}.${p[1]}.${p[2] - 1}` : `${p[0]}.${Math.max(0, p[1] - 1)}`;
  return `${p[0]}.${Math.max(0, p[1] - 1)}`;
}
