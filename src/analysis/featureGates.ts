/**
 * Feature-gate checks: every gate set by `--feature-gates` (all occurrences merged, later wins per gate, as pflag's
 * map flags and component-base's registry do) or by a `featureGates:` map of a component config, judged for the
 * document's release (its own, else the one assumed for it from the workspace, annotate.ts judgedVersion, and the
 * findings say it is assumed; the newest the catalogue knows when there is neither). Each finding points at the gate's
 * own `Name=value` (or its YAML key and value), not at the whole flag.
 *
 *   invalid-value            the entry is not Name=true|false (when annotate did not already reject the value)
 *   feature-gate-unknown     the release has no such gate (typo, wrong case, a gate of a later release)
 *   feature-gate-removed     the gate is gone in this release: the binary refuses to start
 *   feature-gate-locked      a locked (GA or deprecated) gate set against its locked value: refuses to start too
 *   feature-gate-deprecated  the gate is deprecated
 *   feature-gate-alpha       an alpha gate switched on
 *   feature-gate-ga-off      a GA gate (not yet locked) switched off
 *   feature-gate-default     the value is the default already
 *   feature-gate-repeated    the same gate set more than once: only the last counts
 */
import { judgedVersion, type AnnotatedDocument, type AnnotatedFlag } from '../annotate/annotate';
import { assumedWords, parseBool, templateExpression } from '../annotate/values';
import type { AssumedVersion } from '../annotate/assumedVersion';
import type { ComponentId, FieldOccurrence, SourceRange } from '../model/types';
import type { FileId } from '../model/span';
import { message, type Message, type MessageParams } from '../model/message';
import { compareVersions } from '../util/version';
import {
  gateAt,
  gateListOf,
  releaseFor,
  stagesFor,
  suggestGates,
  type FeatureGateCatalogue,
  type GateInRelease,
  type GateStage,
} from '../knowledge/featureGates';
import type { RuleId } from '../generated/ids';
import { makeFinding, type RuleSeverities } from './rules';
import type { Finding } from './types';

/** The release from which kube-apiserver, kube-controller-manager and kube-scheduler accept `kube:Name=value`. */
const COMPONENT_PREFIX_SINCE = '1.31';
/** Unknown gates of one document that get a did-you-mean list. */
const MAX_SUGGESTED = 50;
/** YAML 1.1 booleans, which the Go YAML decoder of component configs still reads as true and false. */
const YAML11_TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON']);
const YAML11_FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);

/** One `Name=value` entry of a feature-gate setting, located in its file. */
export interface GateEntry {
  flag: AnnotatedFlag;
  /** The entry as written, trimmed (`kube:SidecarContainers=true`). */
  item: string;
  /** The gate name (without a `kube:` prefix where the component accepts one); '' when the entry has no `=`. */
  name: string;
  /** The text after `=`, null when there is none. */
  value: string | null;
  /** The parsed value, null when it is not a boolean. */
  enabled: boolean | null;
  fileId: FileId;
  /** Where the entry is: the `Name=value` text, or the YAML key and value of a `featureGates:` map entry. */
  range: SourceRange;
}

/** Whether a flag sets feature gates the catalogue can judge (a known, present flag of a known component). */
function isGateFlag(f: AnnotatedFlag): boolean {
  return f.canonical === 'feature-gates' && f.doc !== null && (f.status === 'ok' || f.status === 'deprecated');
}

function parseGateBool(text: string, fromYaml: boolean): boolean | null {
  const b = parseBool(text);
  if (b !== null || !fromYaml) return b;
  return YAML11_TRUE.has(text) ? true : YAML11_FALSE.has(text) ? false : null;
}

/** The entries of one feature-gate flag, each with its own range when the value's text can be mapped. */
function entriesOf(doc: AnnotatedDocument, f: AnnotatedFlag, allowPrefix: boolean): GateEntry[] {
  const o = f.occurrence;
  const value = o.value ?? '';
  const fromConfig = o.origin?.kind === 'config-field';
  // the map's entries by path, looked up once each (a find over every field per entry is quadratic)
  const fieldsByPath = new Map<string, FieldOccurrence>();
  if (fromConfig) for (const x of doc.document.fields) if (!fieldsByPath.has(x.path)) fieldsByPath.set(x.path, x);
  // the value text maps 1:1 onto the file only when it was written without quotes or escapes inside
  const exact = o.valueRange !== null && o.valueRange.end - o.valueRange.start === value.length;
  const whole = o.valueRange ?? o.nameRange;
  const out: GateEntry[] = [];
  let offset = 0;
  for (const raw of value.split(',')) {
    const start = offset + (raw.length - raw.trimStart().length);
    offset += raw.length + 1;
    const item = raw.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    let name = eq < 0 ? '' : item.slice(0, eq).trim();
    const text = eq < 0 ? null : item.slice(eq + 1).trim();
    if (allowPrefix && name.startsWith('kube:')) name = name.slice('kube:'.length);
    let range: SourceRange = exact && o.valueRange ? { start: o.valueRange.start + start, end: 0 } : whole;
    if (range !== whole) range = { start: range.start, end: range.start + item.length };
    if (fromConfig && o.origin) {
      const key = eq < 0 ? item : item.slice(0, eq);
      const field = fieldsByPath.get(`${o.origin?.path}.${key}`);
      if (field) range = { start: field.keyRange.start, end: field.valueRange?.end ?? field.keyRange.end };
    }
    out.push({
      flag: f,
      item,
      name,
      value: text,
      enabled: text === null ? null : parseGateBool(text, fromConfig),
      fileId: o.fileId,
      range,
    });
  }
  return out;
}

/** Every feature-gate entry of a document, in the order the component reads them (later entries win). */
export function featureGateEntries(doc: AnnotatedDocument): GateEntry[] {
  const version = judgedVersion(doc);
  const component = doc.document.component;
  const out: GateEntry[] = [];
  for (const f of doc.flags) {
    if (!isGateFlag(f)) continue;
    const allowPrefix =
      component !== 'kubelet' &&
      component !== 'kube-proxy' &&
      f.doc?.type === 'colonSeparatedMultimapStringString' &&
      (version === null || compareVersions(version, COMPONENT_PREFIX_SINCE) >= 0);
    for (const e of entriesOf(doc, f, allowPrefix)) out.push(e); // no spread: a value may hold 500,000 entries
  }
  return out;
}

/** The release words of a finding: `1.31`, or the newest release with a note that no version was detected. */
function releaseText(
  g: Pick<GateInRelease, 'release' | 'assumedNewest'>,
  assumed: AssumedVersion | undefined,
  component: string,
): Message {
  if (g.assumedNewest) return message('gate.in-newest', { release: g.release });
  if (assumed)
    return message('gate.in-release', {
      release: message('finding.assumed-version-number', {
        version: g.release,
        assumed: assumedWords(assumed, component),
      }),
    });
  return message('gate.in-release', { release: g.release });
}

const stageWord = (s: GateStage): Message => message(`gate.stage.${s}`);

/** What is said about a gate that will be (or may be) removed later. */
function removalText(g: GateInRelease, component: ComponentId): Message | string {
  const removedIn = g.facts ? stagesFor(g.facts, component).removedIn : null;
  if (removedIn) return message('gate.removed-later', { removed: removedIn });
  return g.current?.stage === 'stable' || g.current?.stage === 'deprecated' ? message('gate.removed-eventually') : '';
}

export function checkFeatureGates(
  doc: AnnotatedDocument,
  rules: RuleSeverities,
  catalogue: FeatureGateCatalogue | null,
): Finding[] {
  const component = doc.document.component;
  if (!catalogue || !component) return [];
  const entries = featureGateEntries(doc);
  if (entries.length === 0 || gateListOf(catalogue, component).gates.size === 0) return [];
  const version = judgedVersion(doc);
  const out: Finding[] = [];
  const push = (rule: RuleId, params: MessageParams, e: GateEntry, withSuggestion = false) =>
    out.push(
      makeFinding(
        rules,
        rule,
        params,
        { fileId: e.fileId, range: e.range, documentId: doc.document.id },
        { withSuggestion },
      ),
    );

  // 1. syntax: each entry must be Name=true|false (unless annotate already rejected the whole value)
  const byName = new Map<string, GateEntry[]>();
  for (const e of entries) {
    // an entry written as a template expression (`{{ gates }}`, `Bar=${BAR}`) is filled in later: never judged
    if (templateExpression(e.item) !== null) continue;
    if (e.name === '' || e.enabled === null) {
      if (e.flag.valueProblem) continue;
      const problem =
        e.name === '' || e.value === null
          ? message('value.not-key-value', { item: e.item })
          : message('value.gate-not-bool', { gate: e.name, value: e.value });
      push(
        'invalid-value',
        { flag: 'feature-gates', component, problem, type: e.flag.doc?.type ?? '', valuesText: '' },
        e,
      );
      continue;
    }
    // pushed, not copied: a gate written 40,000 times made 40,000 ever longer copies (minutes)
    const list = byName.get(e.name);
    if (list) list.push(e);
    else byName.set(e.name, [e]);
  }

  // 2. the merged set: the last entry of each gate is the one in effect
  let unknown = 0;
  for (const [name, list] of byName) {
    const last = list[list.length - 1];
    if (!last || last.enabled === null) continue;
    for (const e of list.slice(0, -1))
      push(
        'feature-gate-repeated',
        { gate: name, component, count: String(list.length), last: String(last.enabled) },
        e,
      );
    const value = String(last.enabled);
    const g = gateAt(catalogue, name, version, component);
    const release = releaseText(g, doc.assumed, component);
    const base = { gate: name, component, release, value };
    if (g.state === 'unknown' || g.state === 'not-yet') {
      // did-you-mean for the first few only: a pasted flood of names must not cost seconds
      const suggestions = ++unknown <= MAX_SUGGESTED ? suggestGates(catalogue, name, version, component) : [];
      push(
        'feature-gate-unknown',
        {
          ...base,
          sinceText: g.state === 'not-yet' && g.since ? message('gate.added-later', { since: g.since }) : '',
          suggestions: { list: suggestions, join: 'or' },
        },
        last,
        suggestions.length > 0,
      );
      continue;
    }
    if (g.state === 'removed') {
      const removed = g.facts ? (stagesFor(g.facts, component).removedIn ?? '') : '';
      push('feature-gate-removed', { ...base, removed }, last);
      continue;
    }
    const cur = g.current;
    if (!cur) continue;
    const stage = stageWord(cur.stage);
    if (cur.locked && cur.default !== null && last.enabled !== cur.default) {
      push('feature-gate-locked', { ...base, stage, locked: String(cur.default) }, last);
    } else if (cur.stage === 'deprecated') {
      push('feature-gate-deprecated', { ...base, removalText: removalText(g, component) }, last);
    } else if (cur.stage === 'alpha' && last.enabled) {
      push('feature-gate-alpha', base, last);
    } else if (cur.stage === 'stable' && !last.enabled && cur.default === true) {
      push('feature-gate-ga-off', { ...base, removalText: removalText(g, component) }, last);
    } else if (cur.default === last.enabled) {
      push('feature-gate-default', { ...base, stage, removalText: removalText(g, component) }, last);
    }
  }
  return out;
}

/** The release a document's gates are judged for (for hovers): its version's minor, or the newest known. */
export function gateReleaseOf(
  doc: AnnotatedDocument,
  catalogue: FeatureGateCatalogue,
): { release: string; assumedNewest: boolean } | null {
  const component = doc.document.component;
  if (!component) return null;
  return releaseFor(gateListOf(catalogue, component), judgedVersion(doc));
}
