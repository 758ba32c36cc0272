/**
 * Versioned facts of a flag: what holds for flag F at version V. Pure functions over a FlagDoc; the knowledge base
 * answers through them (KnowledgeBase.flagFacts) and caches the answers. The version is the document's full
 * version (`3.5.15`, `1.31.2`): bounds are compared with patch precision where content has the patch.
 */
import type { FlagDoc, FlagFacts, FlagStatus, KubeadmFact, ValueHistory, VersionRange, VersionedFacts } from './types';
import { compareVersions, parseVersion } from '../util/version';

/** Whether a content version names a patch (`3.4.11`) rather than a whole minor line (`3.4`). */
function hasPatch(bound: string): boolean {
  return /^\d+\.\d+\.\d+$/.test(bound);
}

/** `version` is at or after `bound` (a minor bound starts at its .0). */
export function atOrAfter(version: string, bound: string): boolean {
  return compareVersions(version, bound) >= 0;
}

/** `version` is at or before `bound` (a minor bound ends after its last patch). */
export function atOrBefore(version: string, bound: string): boolean {
  if (hasPatch(bound)) return compareVersions(version, bound) <= 0;
  const v = parseVersion(version);
  const b = parseVersion(bound);
  if (!v || !b) return false;
  return v[0] < b[0] || (v[0] === b[0] && v[1] <= b[1]);
}

/**
 * Whether a version lies in a range. With no version (null) only a range open towards the newest releases
 * matches: unknown versions are judged as the newest release.
 */
export function inRange(version: string | null, range: VersionRange): boolean {
  if (version === null) return range.until === undefined;
  if (range.from !== undefined && !atOrAfter(version, range.from)) return false;
  if (range.until !== undefined && !atOrBefore(version, range.until)) return false;
  return true;
}

/** `major.minor` line of a version, e.g. `3.5` for `3.5.15`. */
function lineOf(version: string): string {
  const p = parseVersion(version);
  return p ? `${p[0]}.${p[1]}` : version;
}

/**
 * The `since` that applies to a version: the first patch of the version's own minor line when the flag reached
 * that line by a patch release (`sinceLines`), otherwise the entry's `since`.
 */
export function sinceFor(doc: Pick<FlagDoc, 'since' | 'sinceLines'>, version: string): string | undefined {
  const own = doc.sinceLines?.find((s) => lineOf(s) === lineOf(version));
  return own ?? doc.since;
}

/** The versioned facts (a `versions:` range) that hold at a version, if any. */
export function rangeAt(doc: Pick<FlagDoc, 'versions'>, version: string | null): VersionedFacts | undefined {
  return doc.versions?.find((r) => inRange(version, r));
}

/** Status of the flag itself at a version (null: the newest release, never not-yet). */
export function statusAt(
  doc: Pick<FlagDoc, 'since' | 'sinceLines' | 'deprecated' | 'removed'>,
  version: string | null,
): { status: Exclude<FlagStatus, 'unknown'>; since: string | null } {
  if (version !== null) {
    const since = sinceFor(doc, version);
    if (since && !atOrAfter(version, since)) return { status: 'not-yet', since };
    if (doc.removed && atOrAfter(version, doc.removed)) return { status: 'removed', since: doc.removed };
    if (doc.deprecated === true) return { status: 'deprecated', since: null };
    if (doc.deprecated && atOrAfter(version, doc.deprecated)) return { status: 'deprecated', since: doc.deprecated };
    return { status: 'ok', since: null };
  }
  if (doc.removed) return { status: 'removed', since: doc.removed };
  if (doc.deprecated) return { status: 'deprecated', since: doc.deprecated === true ? null : doc.deprecated };
  return { status: 'ok', since: null };
}

/**
 * The status of one occurrence: a flag deprecated only as a command-line flag in favour of the configuration file
 * (`deprecatedForConfigFile`) is fine when the occurrence is that file's setting (origin `config-field`).
 */
export function statusOf(facts: FlagFacts, origin: { kind: string } | undefined): FlagFacts['status'] {
  if (facts.status === 'deprecated' && facts.doc.deprecatedForConfigFile && origin?.kind === 'config-field')
    return 'ok';
  return facts.status;
}

/**
 * What kubeadm writes at a kubeadm version. Before the first listed range kubeadm did not set the flag; in a
 * listed range its value holds; elsewhere the newest kubeadm's (`kubeadm`). With no kubeadm version (null): the
 * newest kubeadm's value, or when the newest no longer writes it, the last value kubeadm wrote.
 */
export function kubeadmAt(
  doc: Pick<FlagDoc, 'kubeadm' | 'kubeadmByVersion'>,
  kubeadmVersion: string | null,
): KubeadmFact | null {
  const newest = doc.kubeadm === undefined ? null : { value: doc.kubeadm };
  const list = doc.kubeadmByVersion;
  if (!list || list.length === 0) return newest;
  if (kubeadmVersion === null) {
    const open = list.find((r) => r.until === undefined);
    if (open) return open.value === null ? null : open;
    return newest ?? [...list].reverse().find((r) => r.value !== null) ?? null;
  }
  const fact = list.find((r) => inRange(kubeadmVersion, r));
  if (fact) return fact.value === null ? null : fact;
  const first = list[0];
  if (first?.from !== undefined && !atOrAfter(kubeadmVersion, first.from)) return null;
  return newest;
}

/** The status of one value at a version, with its history (null history: nothing recorded for it). */
export interface ValueStatus {
  status: 'ok' | 'deprecated' | 'removed' | 'not-yet';
  /** The version the status dates from (null: ok, or deprecated without a recorded release). */
  since: string | null;
  history: ValueHistory | null;
}

/** What holds for a value of a flag at a version: new, deprecated, gone, or fine. */
export function valueStatusAt(doc: Pick<FlagDoc, 'valueHistory'>, value: string, version: string | null): ValueStatus {
  const history = doc.valueHistory?.[value] ?? null;
  if (!history) return { status: 'ok', since: null, history };
  const s = statusAt(
    {
      ...(history.since === undefined ? {} : { since: history.since }),
      ...(history.deprecated === undefined ? {} : { deprecated: history.deprecated }),
      ...(history.removed === undefined ? {} : { removed: history.removed }),
    },
    version,
  );
  return { status: s.status, since: s.since, history };
}

/** Values accepted at a version: the range's or entry's `values` plus the values of the history alive then. */
function valuesAt(doc: FlagDoc, range: VersionedFacts | undefined, version: string | null): string[] | null {
  const base = range?.values ?? doc.values;
  if (!base) return null;
  const all = [...base, ...Object.keys(doc.valueHistory ?? {}).filter((v) => !base.includes(v))];
  return all.filter((v) => {
    const s = valueStatusAt(doc, v, version).status;
    return s !== 'removed' && s !== 'not-yet';
  });
}

/**
 * Everything that holds for a flag at a version. `kubeadmVersion` is the kubeadm release whose value is wanted
 * (null: the newest); components kubeadm deploys at their own version pass the component version.
 */
export function factsAt(doc: FlagDoc, version: string | null, kubeadmVersion: string | null = null): FlagFacts {
  const range = rangeAt(doc, version);
  const { status, since } = statusAt(doc, version);
  const def = range && range.default !== undefined ? range.default : doc.default;
  const values = valuesAt(doc, range, version);
  const kubeadm = kubeadmAt(doc, kubeadmVersion);
  const rule =
    range?.allowed && range.allowed.length > 0
      ? {
          allowed: range.allowed,
          reason: range.reason ?? '',
          range: {
            ...(range.from === undefined ? {} : { from: range.from }),
            ...(range.until === undefined ? {} : { until: range.until }),
          },
        }
      : null;
  const applied: FlagDoc = { ...doc, default: def };
  if (values) applied.values = values;
  // what the hover shows: the value, with the condition kubeadm writes it under
  if (kubeadm?.value) applied.kubeadm = kubeadm.note ? `${kubeadm.value} (${kubeadm.note})` : kubeadm.value;
  else delete applied.kubeadm;
  if (version !== null && doc.sinceLines) {
    const s = sinceFor(doc, version);
    if (s) applied.since = s;
  }
  const unchanged =
    def === doc.default &&
    sameList(values ?? undefined, doc.values) &&
    applied.kubeadm === doc.kubeadm &&
    applied.since === doc.since;
  return {
    doc: unchanged ? doc : applied,
    version,
    status,
    statusVersion: since,
    deprecationNote: doc.deprecationNote ?? null,
    default: def,
    values,
    rule,
    kubeadm: kubeadm?.value ?? null,
    kubeadmNote: kubeadm?.note ?? null,
  };
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((x, i) => x === b[i]);
}
