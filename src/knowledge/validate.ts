/**
 * Shape checks of content entries. Used by the loader (bad entries are reported,
 * never crash the app) and by the content unit test (bad entries fail the build).
 */
import {
  FLAG_CATEGORIES,
  NOT_FLAG_WORDS,
  replacementIsFlag,
  type FieldDoc,
  type FlagCategory,
  type FlagDoc,
  type KubeadmFact,
  type ValueFormat,
  type ValueHistory,
  type VersionRange,
  type VersionedFacts,
} from './types';
import { compareVersions, isWellFormedVersion } from '../util/version';
import { atOrAfter, atOrBefore } from './flagFacts';
import type { ComponentId } from '../model/types';

export interface ContentProblem {
  /** Content path, e.g. `en/flags/etcd/tls.yaml`. */
  source: string;
  /** Entry name, e.g. `etcd-servers`; empty for file-level problems. */
  entry: string;
  message: string;
}

const FORMATS: readonly ValueFormat[] = [
  'path',
  'url',
  'urls',
  'ip',
  'cidr',
  'cidrs',
  'host-port',
  'ip-port',
  'port',
  'port-range',
  'key-value-list',
  'runtime-config',
  'threshold-list',
  'feature-gates',
  'issuer',
];

const FLAG_KEYS = new Set([
  'type',
  'default',
  'summary',
  'explanation',
  'category',
  'since',
  'deprecated',
  'deprecationNote',
  'deprecatedForConfigFile',
  'removed',
  'replacement',
  'related',
  'security',
  'values',
  'multiple',
  'negatable',
  'repeatable',
  'required',
  'format',
  'kubeadm',
  'aliases',
  'link',
  'versions',
  'valueHistory',
  'kubeadmByVersion',
]);

const RANGE_KEYS = new Set(['from', 'until', 'default', 'values', 'allowed', 'reason']);
const VALUE_HISTORY_KEYS = new Set(['since', 'deprecated', 'removed', 'replacement', 'note']);
const KUBEADM_KEYS = new Set(['from', 'until', 'value', 'note']);
const REQUIRED_KEYS = new Set(['from', 'unless']);
/** Longest `deprecationNote` / value `note` / range `reason`: a few words, not an explanation. */
export const NOTE_MAX = 160;

export const SUMMARY_MAX = 120;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function strList(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) return undefined;
  return v.map((x) => str(x) ?? '').filter((x) => x !== '');
}

/**
 * A raw entry as read from YAML; partial entries are allowed in component files that
 * override a shared entry, so completeness is checked after merging (checkFlagDoc).
 */
export type RawFlagEntry = Partial<Omit<FlagDoc, 'name' | 'component' | 'source' | 'link'>> & { link?: string };

export function readFlagEntry(
  raw: unknown,
  source: string,
  entry: string,
  problems: ContentProblem[],
): RawFlagEntry | null {
  if (!isRecord(raw)) {
    problems.push({ source, entry, message: 'entry must be a map of fields' });
    return null;
  }
  for (const key of Object.keys(raw)) {
    if (!FLAG_KEYS.has(key)) problems.push({ source, entry, message: `unknown field "${key}"` });
  }
  const out: RawFlagEntry = {};
  const t = str(raw.type);
  if (t !== undefined) out.type = t;
  if ('default' in raw) out.default = raw.default === null ? null : (str(raw.default) ?? null);
  for (const key of [
    'summary',
    'explanation',
    'deprecationNote',
    'removed',
    'replacement',
    'security',
    'kubeadm',
    'link',
  ] as const) {
    // An explicit null clears a value inherited from a shared entry.
    if (key in raw && raw[key] === null) out[key] = undefined;
    const v = str(raw[key]);
    if (v !== undefined) out[key] = v.trim();
  }
  const category = str(raw.category);
  if (category !== undefined) out.category = category as FlagCategory;
  const format = str(raw.format);
  if (format !== undefined) out.format = format as ValueFormat;
  for (const key of ['related', 'values', 'aliases'] as const) {
    if (raw[key] !== undefined) {
      const list = strList(raw[key]);
      if (list === undefined) problems.push({ source, entry, message: `${key} must be a list` });
      else out[key] = list;
    }
  }
  if (raw.multiple !== undefined) out.multiple = raw.multiple === true;
  if (raw.negatable !== undefined) out.negatable = raw.negatable === true;
  if (raw.repeatable !== undefined) out.repeatable = raw.repeatable === true;
  if (raw.required !== undefined) {
    const p = (message: string) => problems.push({ source, entry, message });
    if (raw.required === true) out.required = {};
    else if (raw.required === false || raw.required === null) out.required = undefined;
    else if (!isRecord(raw.required)) p('required must be true or a map { from, unless }');
    else {
      unknownKeys(raw.required, REQUIRED_KEYS, 'required', p);
      const from = versionStr(raw.required.from, 'required from', p);
      const unless = raw.required.unless === undefined ? undefined : strList(raw.required.unless);
      if (raw.required.unless !== undefined && unless === undefined) p('required unless must be a list of flag names');
      out.required = { ...(from !== undefined ? { from } : {}), ...(unless ? { unless } : {}) };
    }
  }
  if (raw.deprecatedForConfigFile !== undefined) out.deprecatedForConfigFile = raw.deprecatedForConfigFile === true;
  readVersionFields(raw, out, (message) => problems.push({ source, entry, message }));
  return out;
}

/** A content version: quoted YAML strings; unquoted numbers (`1.20` would read as 1.2) are refused. */
function versionStr(v: unknown, what: string, p: (m: string) => void): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') {
    p(`${what} must be a quoted version string such as "1.24", got ${JSON.stringify(v)}`);
    return undefined;
  }
  return v.trim();
}

function readRange(raw: Record<string, unknown>, what: string, p: (m: string) => void): VersionRange {
  const out: VersionRange = {};
  const from = versionStr(raw.from, `${what} from`, p);
  const until = versionStr(raw.until, `${what} until`, p);
  if (from !== undefined) out.from = from;
  if (until !== undefined) out.until = until;
  return out;
}

function unknownKeys(raw: Record<string, unknown>, allowed: ReadonlySet<string>, what: string, p: (m: string) => void) {
  for (const key of Object.keys(raw)) if (!allowed.has(key)) p(`${what}: unknown field "${key}"`);
}

/** since (one version or a list per minor line), deprecated (a version or true), versions, valueHistory, kubeadmByVersion. */
function readVersionFields(raw: Record<string, unknown>, out: RawFlagEntry, p: (m: string) => void): void {
  if ('since' in raw && raw.since === null) out.since = undefined;
  else if (Array.isArray(raw.since)) {
    const list = raw.since.map((v, i) => versionStr(v, `since[${i}]`, p)).filter((v): v is string => v !== undefined);
    list.sort(compareVersions);
    if (list.length > 0) out.since = list[0];
    if (list.length > 1) out.sinceLines = list;
  } else {
    const since = versionStr(raw.since, 'since', p);
    if (since !== undefined) out.since = since;
  }
  if ('deprecated' in raw && raw.deprecated === null) out.deprecated = undefined;
  else if (raw.deprecated === true) out.deprecated = true;
  else if (raw.deprecated !== undefined) {
    const d = versionStr(raw.deprecated, 'deprecated', p);
    if (d !== undefined) out.deprecated = d;
  }
  if (raw.versions !== undefined) {
    if (!Array.isArray(raw.versions)) p('versions must be a list of ranges');
    else
      out.versions = raw.versions.flatMap((r, i): VersionedFacts[] => {
        const what = `versions[${i}]`;
        if (!isRecord(r)) {
          p(`${what} must be a map`);
          return [];
        }
        unknownKeys(r, RANGE_KEYS, what, p);
        const f: VersionedFacts = readRange(r, what, p);
        if ('default' in r) f.default = r.default === null ? null : (str(r.default) ?? null);
        for (const key of ['values', 'allowed'] as const) {
          if (r[key] === undefined) continue;
          const list = strList(r[key]);
          if (list === undefined) p(`${what} ${key} must be a list`);
          else f[key] = list;
        }
        const reason = str(r.reason);
        if (reason !== undefined) f.reason = reason.trim();
        return [f];
      });
  }
  if (raw.valueHistory !== undefined) {
    if (!isRecord(raw.valueHistory)) p('valueHistory must be a map from value to its history');
    else {
      const out2: Record<string, ValueHistory> = {};
      for (const [value, h] of Object.entries(raw.valueHistory)) {
        const what = `valueHistory ${value}`;
        if (!isRecord(h)) {
          p(`${what} must be a map`);
          continue;
        }
        unknownKeys(h, VALUE_HISTORY_KEYS, what, p);
        const vh: ValueHistory = {};
        const since = versionStr(h.since, `${what} since`, p);
        if (since !== undefined) vh.since = since;
        if (h.deprecated === true) vh.deprecated = true;
        else {
          const d = versionStr(h.deprecated, `${what} deprecated`, p);
          if (d !== undefined) vh.deprecated = d;
        }
        const removed = versionStr(h.removed, `${what} removed`, p);
        if (removed !== undefined) vh.removed = removed;
        const replacement = str(h.replacement);
        if (replacement !== undefined) vh.replacement = replacement.trim();
        const note = str(h.note);
        if (note !== undefined) vh.note = note.trim();
        out2[value] = vh;
      }
      out.valueHistory = out2;
    }
  }
  if (raw.kubeadmByVersion !== undefined) {
    if (!Array.isArray(raw.kubeadmByVersion)) p('kubeadmByVersion must be a list of ranges');
    else
      out.kubeadmByVersion = raw.kubeadmByVersion.flatMap((r, i): KubeadmFact[] => {
        const what = `kubeadmByVersion[${i}]`;
        if (!isRecord(r)) {
          p(`${what} must be a map`);
          return [];
        }
        unknownKeys(r, KUBEADM_KEYS, what, p);
        if (!('value' in r)) p(`${what} needs a value (null when kubeadm does not set the flag)`);
        const f: KubeadmFact = { ...readRange(r, what, p), value: r.value === null ? null : (str(r.value) ?? null) };
        const note = str(r.note);
        if (note !== undefined) f.note = note.trim();
        return [f];
      });
  }
}

function checkVersion(v: string | undefined, what: string, p: (m: string) => void): boolean {
  if (v === undefined) return false;
  if (!isWellFormedVersion(v)) {
    p(`${what} must be a version like "1.24", got "${v}"`);
    return false;
  }
  return true;
}

/** Ranges well-formed, each from <= until, in order and not overlapping. */
function checkRanges(list: readonly VersionRange[], what: string, p: (m: string) => void): void {
  let prevUntil: string | undefined;
  list.forEach((r, i) => {
    const okFrom = checkVersion(r.from, `${what}[${i}] from`, p);
    const okUntil = checkVersion(r.until, `${what}[${i}] until`, p);
    if (okFrom && okUntil && r.from && r.until && !atOrBefore(r.from, r.until)) p(`${what}[${i}]: from is after until`);
    if (i > 0) {
      if (prevUntil === undefined) p(`${what}[${i}]: an earlier range is open-ended, so this one overlaps it`);
      else if (r.from === undefined) p(`${what}[${i}] needs a from (ranges are listed oldest first)`);
      else if (isWellFormedVersion(r.from) && isWellFormedVersion(prevUntil) && atOrBefore(r.from, prevUntil))
        p(`${what}[${i}] overlaps the range before it (from ${r.from} is not after until ${prevUntil})`);
    }
    prevUntil = r.until;
  });
}

function checkNote(text: string | undefined, what: string, p: (m: string) => void): void {
  if (text === undefined) return;
  if (text === '') p(`${what} must not be empty`);
  if (text.includes('\n')) p(`${what} must be one line`);
  if (text.length > NOTE_MAX) p(`${what} is ${text.length} characters (max ${NOTE_MAX})`);
}

/** A replacement is a flag name, or text that writes the flags it names with dashes; never "none". */
function checkReplacement(r: string | undefined, known: ReadonlySet<string>, what: string, p: (m: string) => void) {
  if (r === undefined) return;
  const first = r.split(/[\s(]/)[0]?.toLowerCase() ?? '';
  if (NOT_FLAG_WORDS.has(first)) {
    p(`${what} "${r}" says there is none: leave ${what} out and say it in deprecationNote or the explanation`);
    return;
  }
  if (replacementIsFlag(r)) {
    if (!known.has(r)) p(`${what} "${r}" reads as a flag name but the component has no such flag`);
    return;
  }
  for (const m of r.matchAll(/(?<![-\w.])([a-z][a-z0-9]*(?:-[a-z0-9]+)+)(?=$|[\s=,;)/|])/g)) {
    const word = m[1] ?? '';
    if (known.has(word)) p(`${what} "${r}": write the flag ${word} with its dashes (--${word})`);
  }
}

/** Checks a merged, complete flag entry. `known` lists the names of the component's flags. */
export function checkFlagDoc(doc: FlagDoc, known: ReadonlySet<string>, problems: ContentProblem[]): void {
  const p = (message: string) => problems.push({ source: doc.source, entry: doc.name, message });
  if (!/^[a-z0-9][a-z0-9_.-]*$/i.test(doc.name)) p('flag name must be written without leading dashes');
  if (!doc.type) p('type is required');
  if (!doc.summary) p('summary is required');
  else {
    if (doc.summary.includes('\n')) p('summary must be one line');
    if (doc.summary.length > SUMMARY_MAX) p(`summary is ${doc.summary.length} characters (max ${SUMMARY_MAX})`);
  }
  if (!doc.explanation) p('explanation is required');
  if (!FLAG_CATEGORIES.includes(doc.category)) p(`unknown category "${String(doc.category)}"`);
  if (doc.format !== undefined && !FORMATS.includes(doc.format)) p(`unknown format "${doc.format}"`);
  if (doc.negatable && !(doc.multiple && doc.values)) p('negatable needs values and multiple');
  checkVersion(doc.since, 'since', p);
  doc.sinceLines?.forEach((v, i) => checkVersion(v, `since[${i}]`, p));
  if (
    doc.sinceLines &&
    new Set(doc.sinceLines.map((v) => v.split('.').slice(0, 2).join('.'))).size !== doc.sinceLines.length
  )
    p('since lists more than one version of the same minor line');
  if (doc.deprecated !== true) checkVersion(doc.deprecated, 'deprecated', p);
  checkVersion(doc.removed, 'removed', p);
  if (doc.deprecated === true && !doc.deprecationNote) p('deprecated: true needs a deprecationNote saying why');
  checkNote(doc.deprecationNote, 'deprecationNote', p);
  if (doc.deprecationNote && !doc.deprecated) p('deprecationNote without deprecated');
  if (doc.deprecatedForConfigFile && !doc.deprecated) p('deprecatedForConfigFile without deprecated');
  const dep = typeof doc.deprecated === 'string' ? doc.deprecated : undefined;
  if (dep && doc.removed && isWellFormedVersion(dep) && isWellFormedVersion(doc.removed)) {
    if (compareVersions(doc.removed, dep) < 0) p('removed is earlier than deprecated');
  }
  if (doc.since && doc.removed && isWellFormedVersion(doc.since) && isWellFormedVersion(doc.removed)) {
    if (compareVersions(doc.removed, doc.since) <= 0) p('removed is not after since');
  }
  checkReplacement(doc.replacement, known, 'replacement', p);
  if (doc.versions) {
    checkRanges(doc.versions, 'versions', p);
    doc.versions.forEach((r, i) => {
      const what = `versions[${i}]`;
      if (r.default === undefined && !r.values && !r.allowed) p(`${what} says nothing (no default, values or allowed)`);
      if (r.values && r.values.length === 0) p(`${what} values must not be empty`);
      if (r.allowed && r.allowed.length === 0) p(`${what} allowed must not be empty`);
      if (r.allowed && !r.reason) p(`${what}: allowed needs a reason`);
      if (r.reason && !r.allowed) p(`${what}: reason without allowed`);
      checkNote(r.reason, `${what} reason`, p);
      if (r.until === undefined && r.default !== undefined && r.default !== doc.default)
        p(`${what} is open-ended, so its default must be the entry's default ("${doc.default ?? 'null'}")`);
    });
  }
  if (doc.valueHistory) {
    for (const [value, h] of Object.entries(doc.valueHistory)) {
      const what = `valueHistory ${value}`;
      const okSince = checkVersion(h.since, `${what} since`, p);
      const okDep = h.deprecated !== true && checkVersion(h.deprecated, `${what} deprecated`, p);
      const okRemoved = checkVersion(h.removed, `${what} removed`, p);
      if (h.since === undefined && h.deprecated === undefined && h.removed === undefined)
        p(`${what} says nothing (no since, deprecated or removed)`);
      if (okDep && okRemoved && typeof h.deprecated === 'string' && h.removed && !atOrAfter(h.removed, h.deprecated))
        p(`${what}: removed is earlier than deprecated`);
      if (okSince && okRemoved && h.since && h.removed && compareVersions(h.removed, h.since) <= 0)
        p(`${what}: removed is not after since`);
      if (h.deprecated === true && !h.note) p(`${what}: deprecated: true needs a note saying why`);
      checkNote(h.note, `${what} note`, p);
      if (h.replacement !== undefined && NOT_FLAG_WORDS.has(h.replacement.split(/[\s(]/)[0]?.toLowerCase() ?? ''))
        p(`${what} replacement "${h.replacement}" says there is none: leave it out`);
      if (doc.values?.includes(value) && h.removed) p(`${what} is removed, so it must not be in values (newest)`);
    }
  }
  if (doc.kubeadmByVersion) {
    checkRanges(doc.kubeadmByVersion, 'kubeadmByVersion', p);
    doc.kubeadmByVersion.forEach((r, i) => checkNote(r.note, `kubeadmByVersion[${i}] note`, p));
    const last = doc.kubeadmByVersion[doc.kubeadmByVersion.length - 1];
    if (last && last.until === undefined && (last.value ?? undefined) !== doc.kubeadm)
      p(`kubeadmByVersion's open-ended range must give the entry's kubeadm ("${doc.kubeadm ?? 'null'}")`);
  }
  if (doc.required) {
    if (doc.required.from !== undefined) checkVersion(doc.required.from, 'required from', p);
    if (doc.default !== null) p('required: a flag with a default is never missing');
    for (const u of doc.required.unless ?? [])
      if (u.startsWith('-')) p(`required unless "${u}" must be written without dashes`);
      else if (!known.has(u)) p(`required unless flag "${u}" has no entry`);
  }
  for (const r of doc.related) {
    if (r.startsWith('-')) p(`related "${r}" must be written without dashes`);
    else if (!known.has(r)) p(`related flag "${r}" has no entry`);
  }
  if (!/^https:\/\/[^\s]+$/.test(doc.link)) p(`link must be an https URL, got "${doc.link}"`);
  if (doc.values && doc.values.length === 0) p('values must not be empty when present');
}

export function readFieldEntry(
  raw: unknown,
  path: string,
  source: string,
  problems: ContentProblem[],
): FieldDoc | null {
  const p = (message: string) => problems.push({ source, entry: path, message });
  if (!isRecord(raw)) {
    p('entry must be a map of fields');
    return null;
  }
  const summary = str(raw.summary)?.trim() ?? '';
  const explanation = str(raw.explanation)?.trim() ?? '';
  if (!summary) p('summary is required');
  else if (summary.length > SUMMARY_MAX) p(`summary is ${summary.length} characters (max ${SUMMARY_MAX})`);
  if (!explanation) p('explanation is required');
  const doc: FieldDoc = { path, summary, explanation, related: strList(raw.related) ?? [], source };
  const type = str(raw.type);
  if (type !== undefined) doc.type = type;
  if ('default' in raw) doc.default = raw.default === null ? null : (str(raw.default) ?? null);
  const defaultNote = str(raw.defaultNote)?.trim();
  if (defaultNote) {
    doc.defaultNote = defaultNote;
    if (doc.default !== undefined) p('default and defaultNote: a default is a value or words, not both');
  }
  const values = strList(raw.values);
  if (values) doc.values = values;
  const security = str(raw.security);
  if (security) doc.security = security.trim();
  const link = str(raw.link);
  if (link) {
    if (!/^https:\/\/\S+$/.test(link)) p(`link must be an https URL, got "${link}"`);
    doc.link = link;
  }
  return doc;
}

export function isComponentId(v: string, ids: readonly ComponentId[]): v is ComponentId {
  return (ids as readonly string[]).includes(v);
}

/**
 * The prose keys a translation of a flag entry may hold (content/<lang>/flags/...); everything else is a fact.
 * `replacement` only where the English one is words (replacementNeedsWords), never a flag name.
 */
export const FLAG_PROSE_KEYS = ['summary', 'explanation', 'security', 'deprecationNote', 'replacement'] as const;
export type FlagProseKey = (typeof FLAG_PROSE_KEYS)[number];
export type FlagProse = Partial<Record<FlagProseKey, string>>;

/**
 * The prose keys a translation of a field entry may hold (content/<lang>/fields/<set>.yaml); `security` and
 * `defaultNote` (a default in words) only where the English entry has one.
 */
export const FIELD_PROSE_KEYS = ['summary', 'explanation', 'security', 'defaultNote'] as const;
export type FieldProseKey = (typeof FIELD_PROSE_KEYS)[number];
export type FieldProse = Partial<Record<FieldProseKey, string>>;

function readProse<K extends string>(
  raw: unknown,
  keys: readonly K[],
  what: string,
  p: (message: string) => void,
): Partial<Record<K, string>> | null {
  if (!isRecord(raw)) {
    p('entry must be a map of prose fields');
    return null;
  }
  const allowed = new Set<string>(keys);
  const out: Partial<Record<K, string>> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!allowed.has(key)) {
      p(`"${key}" is not prose: a translation of a ${what} holds only ${keys.join(', ')} (facts stay in English)`);
      continue;
    }
    if (typeof value !== 'string') {
      if (value !== null && value !== undefined) p(`${key} must be text`);
      continue;
    }
    const text = value.trim();
    if (text === '') continue;
    out[key as K] = text;
  }
  if (out['summary' as K] !== undefined) {
    const summary = out['summary' as K] as string;
    if (summary.includes('\n')) p('summary must be one line');
    if (summary.length > SUMMARY_MAX) p(`summary is ${summary.length} characters (max ${SUMMARY_MAX})`);
  }
  return out;
}

/**
 * A translated flag entry: prose only (summary, explanation, security, deprecationNote), never `type` or any other
 * fact. Any other key is a content problem and is left out; `null` when the entry is not a map.
 */
export function readFlagProse(
  raw: unknown,
  source: string,
  entry: string,
  problems: ContentProblem[],
): FlagProse | null {
  const p = (message: string) => problems.push({ source, entry, message });
  const out = readProse(raw, FLAG_PROSE_KEYS, 'flag', p);
  if (out) checkNote(out.deprecationNote, 'deprecationNote', p);
  return out;
}

/** A translated field entry: summary, explanation, security and defaultNote only. */
export function readFieldProse(
  raw: unknown,
  source: string,
  path: string,
  problems: ContentProblem[],
): FieldProse | null {
  return readProse(raw, FIELD_PROSE_KEYS, 'field', (message) => problems.push({ source, entry: path, message }));
}
