/**
 * Shape checks of content entries. Used by the loader (bad entries are reported,
 * never crash the app) and by the content unit test (bad entries fail the build).
 */
import { FLAG_CATEGORIES, type FieldDoc, type FlagCategory, type FlagDoc, type ValueFormat } from './types';
import { compareVersions, isWellFormedVersion } from '../util/version';
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
  'port',
  'port-range',
  'key-value-list',
  'feature-gates',
];

const FLAG_KEYS = new Set([
  'type',
  'default',
  'summary',
  'explanation',
  'category',
  'since',
  'deprecated',
  'removed',
  'replacement',
  'related',
  'security',
  'values',
  'multiple',
  'format',
  'kubeadm',
  'aliases',
  'link',
]);

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
    'since',
    'deprecated',
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
  return out;
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
  for (const key of ['since', 'deprecated', 'removed'] as const) {
    const v = doc[key];
    if (v !== undefined && !isWellFormedVersion(v)) p(`${key} must be a version like "1.24", got "${v}"`);
  }
  if (doc.deprecated && doc.removed && isWellFormedVersion(doc.deprecated) && isWellFormedVersion(doc.removed)) {
    if (compareVersions(doc.removed, doc.deprecated) < 0) p('removed is earlier than deprecated');
  }
  if (doc.since && doc.removed && isWellFormedVersion(doc.since) && isWellFormedVersion(doc.removed)) {
    if (compareVersions(doc.removed, doc.since) <= 0) p('removed is not after since');
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
