/**
 * The structure of a kubeconfig, read from its YAML tree or, for a copy that lost its indentation
 * (a blog), line by line by its key names: clusters, contexts, users and current-context, each entry
 * with its ranges.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import type { FieldOccurrence, SourceRange } from '../../model/types';
import { scalarText } from '../../util/strings';
import { rangeOf } from '../shared/yamlNodes';

/** A scalar entry: key and value with their ranges. */
export interface KV {
  key: string;
  keyRange: SourceRange;
  value: string | null;
  valueRange: SourceRange | null;
}

/** One item of `clusters`, `contexts` or `users`. */
export interface Item {
  range: SourceRange;
  name: KV | null;
  /** Entries of the inner map (`cluster`, `context`, `user`), by key. */
  entries: Map<string, KV>;
}

export interface Raw {
  clusters: Item[];
  contexts: Item[];
  users: Item[];
  currentContext: KV | null;
}

function kvOf(pairKey: unknown, pairValue: unknown): KV | null {
  const keyRange = rangeOf(pairKey);
  if (!keyRange) return null;
  const key = isScalar(pairKey) ? String(pairKey.value) : String(pairKey);
  const value = isScalar(pairValue)
    ? pairValue.value === null || pairValue.value === undefined
      ? null
      : scalarText(pairValue.value)
    : null;
  return { key, keyRange, value, valueRange: rangeOf(pairValue) };
}

function itemsOf(seq: unknown, inner: string): Item[] {
  if (!isSeq(seq)) return [];
  const out: Item[] = [];
  for (const node of seq.items) {
    if (!isMap(node)) continue;
    const range = rangeOf(node) ?? { start: 0, end: 0 };
    let name: KV | null = null;
    const entries = new Map<string, KV>();
    for (const pair of node.items) {
      const kv = kvOf(pair.key, pair.value);
      if (!kv) continue;
      if (kv.key === 'name') name = kv;
      else if (kv.key === inner && isMap(pair.value)) {
        for (const p of pair.value.items) {
          const e = kvOf(p.key, p.value);
          if (e) entries.set(e.key, e);
        }
      }
    }
    out.push({ range, name, entries });
  }
  return out;
}

/** The structure of a well-formed kubeconfig, or null when it is not one (or lost its indentation). */
export function fromYaml(contents: unknown): Raw | null {
  if (!isMap(contents)) return null;
  const top = new Map<string, { key: unknown; value: unknown }>();
  for (const p of contents.items) top.set(isScalar(p.key) ? String(p.key.value) : '?', { key: p.key, value: p.value });
  for (const k of ['server', 'name', 'user', 'cluster', 'client-certificate-data', 'certificate-authority-data'])
    if (top.has(k)) return null;
  const cc = top.get('current-context');
  return {
    clusters: itemsOf(top.get('clusters')?.value, 'cluster'),
    contexts: itemsOf(top.get('contexts')?.value, 'context'),
    users: itemsOf(top.get('users')?.value, 'user'),
    currentContext: cc ? kvOf(cc.key, cc.value) : null,
  };
}

const SECTIONS: Record<string, 'clusters' | 'contexts' | 'users'> = {
  clusters: 'clusters',
  contexts: 'contexts',
  users: 'users',
};
const INNER: Record<'clusters' | 'contexts' | 'users', string> = {
  clusters: 'cluster',
  contexts: 'context',
  users: 'user',
};
const TOP_KEYS = new Set([
  'apiVersion',
  'kind',
  'preferences',
  'current-context',
  'clusters',
  'contexts',
  'users',
  'extensions',
]);

/** Read a kubeconfig line by line by its key names (for copies that lost their indentation). */
export function fromLines(text: string): { raw: Raw; fields: FieldOccurrence[] } {
  const raw: Raw = { clusters: [], contexts: [], users: [], currentContext: null };
  const fields: FieldOccurrence[] = [];
  let section: 'clusters' | 'contexts' | 'users' | null = null;
  let item: Item | null = null;
  const re = /^([ \t]*)(-[ \t]+)?([A-Za-z][\w.-]*)[ \t]*:(?:[ \t]+(.*?))?[ \t]*\r?$/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const key = m[3] ?? '';
    const keyStart = m.index + (m[1]?.length ?? 0) + (m[2]?.length ?? 0);
    const keyRange = { start: keyStart, end: keyStart + key.length };
    const rawValue = m[4] && !m[4].startsWith('#') ? m[4].replace(/^(["'])(.*)\1$/, '$2') : null;
    const colon = m[0].indexOf(':', keyStart - m.index + key.length);
    const afterColon = m[0].slice(colon + 1);
    const valueStart = m.index + colon + 1 + (afterColon.length - afterColon.trimStart().length);
    const kv: KV = {
      key,
      keyRange,
      value: rawValue,
      valueRange: rawValue === null ? null : { start: valueStart, end: valueStart + (m[4]?.length ?? 0) },
    };
    const dash = Boolean(m[2]);
    if (!dash && TOP_KEYS.has(key) && (m[1] ?? '') === '') {
      section = SECTIONS[key] ?? null;
      item = null;
      if (key === 'current-context') raw.currentContext = kv;
      fields.push({ path: key, keyRange, valueRange: kv.valueRange, value: kv.value });
      continue;
    }
    if (!section) continue;
    if (dash || !item) {
      item = { range: { start: m.index, end: m.index + m[0].length }, name: null, entries: new Map() };
      raw[section].push(item);
    }
    item.range.end = m.index + m[0].length;
    const inner = INNER[section];
    if (key === 'name' && !item.name) {
      item.name = kv;
      fields.push({ path: `${section}[].name`, keyRange, valueRange: kv.valueRange, value: kv.value });
    } else if (key === inner && rawValue === null) {
      fields.push({ path: `${section}[].${inner}`, keyRange, valueRange: null, value: null });
    } else {
      item.entries.set(key, kv);
      fields.push({ path: `${section}[].${inner}.${key}`, keyRange, valueRange: kv.valueRange, value: kv.value });
    }
  }
  return { raw, fields };
}
