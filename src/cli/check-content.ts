/**
 * Developer tool: compares content/ with the official flag tables in ../shared/reference.
 *   npm run check:content [-- component...]
 *   npm run check:content -- --lang zh-CN [component...]   (translation coverage, see languageCoverage.ts)
 * Lists flags of the reference without an entry, entries whose type or default disagree, history flags
 * (deprecated/removed) without an entry or with other versions, and empty prose; and the versioned facts:
 *   deprecation  every flag the reference marks DEPRECATED (the kubelet's config-file ones included) is deprecated or
 *                removed in content, a value the reference calls deprecated has a valueHistory entry, and
 *                history.json's deprecation releases (flags and values such as --proxy-mode=userspace) match
 *   versions     etcd: the default of every minor line (defaultByVersion) and the first patch of every line
 *                (versions, e.g. 3.4.11+) as content answers them for that version (factsAt)
 *   kubeadm      what kubeadm-defaults.json says kubeadm 1.21/1.24/1.28/1.34 writes, as content answers it
 * Exits 1 when anything is listed. Users do not have ../shared: without it the tool says so and exits 0;
 * it is not part of npm test.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KnowledgeBase, resolveFlagName } from '../knowledge/knowledgeBase';
import { nodeContentReader } from '../knowledge/nodeReader';
import { factsAt, valueStatusAt } from '../knowledge/flagFacts';
import type { FlagDoc } from '../knowledge/types';
import { COMPONENT_IDS, type ComponentId } from '../model/types';
import { compareVersions, minorOf } from '../util/version';

/** `--lang zh-CN` (or `--lang=zh-CN`): the translation coverage report of that language instead. */
function languageArg(argv: readonly string[]): string | null {
  for (const [i, a] of argv.entries()) {
    if (a === '--lang') return argv[i + 1] ?? '';
    if (a.startsWith('--lang=')) return a.slice('--lang='.length);
  }
  return null;
}
const requestedLanguage = languageArg(process.argv.slice(2));
if (requestedLanguage !== null && requestedLanguage !== 'en') {
  const { coverageReport } = await import('./languageCoverage');
  process.exit(await coverageReport(requestedLanguage, process.argv.slice(2)));
}

/** ../shared/reference next to the checkout; REFERENCE_DIR points elsewhere (or at nothing, to see the no-reference path). */
const refRoot = process.env.REFERENCE_DIR
  ? `${process.env.REFERENCE_DIR.replace(/\/$/, '')}/`
  : fileURLToPath(new URL('../../../shared/reference/', import.meta.url));
const refDir = `${refRoot}flags/`;
if (!existsSync(refDir)) {
  console.log(
    `check:content: ${refDir} not found, so there is nothing to compare content/ with. This is expected outside ` +
      'the development machine: the app, the CLI and the tests use only content/.',
  );
  process.exit(0);
}

interface RefFlag {
  name: string;
  type: string;
  default: string | null;
  deprecated?: boolean;
  deprecationScope?: 'flag' | 'partial';
  deprecatedInFavorOfConfigFile?: boolean;
  removedIn?: string | null;
  /** etcd: per minor line, `3.4.x (all)`, `v3.4.11+` or `v3.6.0 .. v3.6.4` */
  versions?: Record<string, string>;
  /** etcd: per minor line when it changed */
  defaultByVersion?: Record<string, string | null>;
}
interface HistoryEntry {
  component: string;
  flag: string;
  deprecatedIn: string | null;
  removedIn: string | null;
}
interface KubeadmVersion {
  version: string;
  [component: string]: unknown;
}

/**
 * Differences looked at and kept, with the reason: listed as "noted", not counted. Keep this short; fix content
 * instead whenever the reference is right.
 */
const ACCEPTED: Record<string, string> = {
  'kube-controller-manager concurrent-service-syncs':
    'history says "no-op since 1.31", which is not a deprecation; the 1.31 reference does not mark it',
  'kubelet cloud-provider':
    'history groups it with --cloud-config (deprecated 1.19); the 1.34 reference does not mark --cloud-provider, which still takes "external"',
};

/** The release each reference page documents (flags/README.md): a later deprecation is not on it. */
const PAGE_VERSION: Partial<Record<ComponentId, string>> = {
  'kube-apiserver': '1.35',
  'kube-controller-manager': '1.31',
  'kube-scheduler': '1.36',
  kubelet: '1.34',
  'kube-proxy': '1.31',
};

/** Reference type words: etcd's tables add a description in parentheses. */
function normType(t: string): string {
  return t.replace(/\s*\(.*$/, '').trim();
}

function normDefault(d: string | null | undefined, type: string): string {
  if (d === null || d === undefined || d === '') return type === 'bool' ? 'false' : '';
  const unquoted = d.replace(/^"(.*)"$/, '$1');
  // JSON object defaults are compared as data (key order does not matter)
  if (/^\{.*\}$/.test(unquoted)) {
    try {
      const obj = JSON.parse(unquoted) as Record<string, unknown>;
      return JSON.stringify(Object.fromEntries(Object.entries(obj).sort(([a], [b]) => a.localeCompare(b))));
    } catch {
      return unquoted;
    }
  }
  return unquoted;
}

/** A clean version out of the history's free text ("1.24", "1.24 (announced)") or null. */
function cleanVersion(text: string | null): string | null {
  if (!text) return null;
  const m = /^v?(\d+\.\d+)/.exec(text.trim());
  return m ? (m[1] ?? null) : null;
}

/** A release written in the reference's free text: `1.23 (deprecation notice), 1.25 (...)` -> 1.23. */
function firstVersion(text: string | null): string | null {
  if (!text) return null;
  const m = /^v?(\d+\.\d+(?:\.\d+)?)\b/.exec(text.trim());
  return m ? (m[1] ?? null) : null;
}

/** The reference marks the flag DEPRECATED: content must say deprecated (or removed); and the reverse for etcd. */
function checkDeprecationMarker(id: ComponentId, doc: FlagDoc, r: RefFlag): string[] {
  const out: string[] = [];
  const marked = doc.deprecated !== undefined || doc.removed !== undefined;
  if (id === 'etcd') {
    if (r.deprecated && !marked) out.push(`${doc.name}: the reference calls it deprecated; content does not`);
    return out;
  }
  if (r.deprecated && r.deprecationScope === 'partial') {
    const values = Object.entries(doc.valueHistory ?? {}).filter(([, h]) => h.deprecated !== undefined);
    if (values.length === 0)
      out.push(`${doc.name}: the reference calls one of its values deprecated; no valueHistory entry says so`);
    return out;
  }
  if (r.deprecated && !marked) {
    const why = r.deprecatedInFavorOfConfigFile ? ' (in favour of the config file)' : '';
    out.push(`${doc.name}: the reference marks it DEPRECATED${why}; content does not`);
  } else if (r.deprecatedInFavorOfConfigFile && !doc.removed && !doc.deprecatedForConfigFile)
    out.push(`${doc.name}: deprecated in favour of the config file; content lacks deprecatedForConfigFile: true`);
  const page = PAGE_VERSION[id];
  if (!r.deprecated && typeof doc.deprecated === 'string' && !doc.removed && page)
    if (compareVersions(doc.deprecated, page) <= 0)
      out.push(`${doc.name}: content says deprecated since ${doc.deprecated}; the ${page} reference does not mark it`);
  return out;
}

/** history.json's deprecation of a flag: the same release, or deprecated without one when the notes give none. */
function checkHistoryDeprecation(doc: FlagDoc, h: HistoryEntry): string[] {
  if (!h.deprecatedIn) return [];
  const v = firstVersion(h.deprecatedIn);
  if (v === null) {
    return doc.deprecated === undefined
      ? [`${doc.name}: history says deprecated ("${h.deprecatedIn}"); content does not (deprecated: true with a note)`]
      : [];
  }
  if (doc.deprecated === undefined) return [`${doc.name}: history says deprecated in ${v}; content does not`];
  if (doc.deprecated !== true && minorOf(doc.deprecated) !== minorOf(v))
    return [`${doc.name}: deprecated "${doc.deprecated}" but history says ${h.deprecatedIn}`];
  return [];
}

/** A value-level history entry (`--proxy-mode=userspace`): content's valueHistory has the same releases. */
function checkValueHistory(flags: ReadonlyMap<string, FlagDoc>, token: string, h: HistoryEntry): string[] {
  const [flag = '', value = ''] = token.replace(/^-+/, '').split('=');
  const doc = flags.get(flag);
  if (!doc) return [`${flag}=${value}: history has the value, content has no flag ${flag}`];
  const vh = doc.valueHistory?.[value];
  if (!vh)
    return [
      `${flag}=${value}: history has the value (${h.deprecatedIn ?? '-'} / ${h.removedIn ?? '-'}); no valueHistory entry`,
    ];
  const out: string[] = [];
  const dep = firstVersion(h.deprecatedIn);
  if (dep && (vh.deprecated === undefined || (vh.deprecated !== true && minorOf(vh.deprecated) !== minorOf(dep))))
    out.push(`${flag}=${value}: deprecated "${String(vh.deprecated ?? '-')}" but history says ${h.deprecatedIn}`);
  const removed = /outside/.test(h.removedIn ?? '') ? null : firstVersion(h.removedIn);
  if (removed && minorOf(vh.removed ?? '') !== minorOf(removed))
    out.push(`${flag}=${value}: removed "${vh.removed ?? '-'}" but history says ${h.removedIn}`);
  if (!removed && vh.removed) out.push(`${flag}=${value}: removed "${vh.removed}" but history records no removal`);
  if (removed && valueStatusAt(doc, value, removed).status !== 'removed')
    out.push(`${flag}=${value}: content does not treat it as removed at ${removed}`);
  return out;
}

/** First release of a minor line as etcd.json's `versions` gives it, or null when the line lacks the flag. */
function lineStart(line: string, text: string): string | null {
  if (/\(all\)/.test(text)) return `${line}.0`;
  const m = /^v(\d+\.\d+\.\d+)(?:\+| \.\.)/.exec(text);
  return m ? (m[1] ?? null) : null;
}

/** etcd: per minor line, the flag exists from the patch the reference says and has that line's default. */
function checkEtcdVersions(doc: FlagDoc, r: RefFlag, type: string): string[] {
  const out: string[] = [];
  for (const [line, text] of Object.entries(r.versions ?? {})) {
    const start = lineStart(line, text);
    if (!start) continue;
    const at = factsAt(doc, start);
    if (at.status === 'not-yet' || at.status === 'removed')
      out.push(`${doc.name}: ${at.status} at ${start}, but the reference has it there (${text})`);
    const patch = Number(start.split('.')[2]);
    if (patch > 0) {
      const before = `${line}.${patch - 1}`;
      const b = factsAt(doc, before).status;
      if (b !== 'not-yet' && b !== 'removed')
        out.push(`${doc.name}: ${b} at ${before}, but the reference starts it at ${start}`);
    }
    const def = r.defaultByVersion ? r.defaultByVersion[line] : undefined;
    if (def !== undefined) {
      const want = normDefault(def, type);
      const got = normDefault(at.default, type);
      if (want !== got)
        out.push(`${doc.name}: default at ${start} is "${got}" but the reference says "${want}" for ${line}`);
    }
  }
  return out;
}

/** A kubeadm value without the reference's remarks: `6443 (localAPIEndpoint.bindPort)` -> `6443`. */
function kubeadmValue(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  return v.replace(/\s+\(.*\)$/, '').trim();
}

/** What kubeadm writes, per kubeadm version of kubeadm-defaults.json, as content answers it at that version. */
function checkKubeadm(id: ComponentId, flags: ReadonlyMap<string, FlagDoc>): string[] {
  const path = `${refRoot}kubeadm-defaults.json`;
  if (id === 'kubelet' || id === 'kube-proxy' || !existsSync(path)) return [];
  const data = JSON.parse(readFileSync(path, 'utf8')) as { versions: KubeadmVersion[] };
  const out: string[] = [];
  for (const v of data.versions) {
    const version = firstVersion(v.version);
    const table = v[id];
    // 1.9 was read from an older layout and etcd only from 1.21; compare the releases read or rebuilt in full
    if (!version || compareVersions(version, '1.21') < 0 || typeof table !== 'object' || table === null) continue;
    const kv = version;
    const written = new Map(Object.entries(table as Record<string, unknown>).filter(([k]) => !k.includes(' ')));
    for (const [name, raw] of written) {
      const doc = flags.get(name);
      if (!doc) {
        out.push(`${name}: kubeadm ${version} writes it; no entry`);
        continue;
      }
      const got = kubeadmValue(factsAt(doc, id === 'etcd' ? null : version, kv).kubeadm);
      const want = kubeadmValue(raw);
      if (got === null)
        out.push(`${name}: kubeadm ${version} writes "${want ?? ''}"; content has no kubeadm value then`);
      else if (want !== null && !want.includes('<') && got !== want)
        out.push(`${name}: kubeadm ${version} writes "${want}"; content says "${got}"`);
    }
    for (const doc of flags.values()) {
      if (written.has(doc.name)) continue;
      const got = factsAt(doc, id === 'etcd' ? null : version, kv).kubeadm;
      if (got !== null && (id !== 'etcd' || doc.kubeadmByVersion))
        out.push(
          `${doc.name}: content says kubeadm ${version} writes "${got}"; kubeadm-defaults.json does not list it`,
        );
    }
  }
  return out;
}

const wanted = process.argv
  .slice(2)
  .filter((a, i, all) => !a.startsWith('-') && all[i - 1] !== '--lang') as ComponentId[];
const components = wanted.length > 0 ? wanted : [...COMPONENT_IDS];
const kb = await KnowledgeBase.create(nodeContentReader(fileURLToPath(new URL('../../content', import.meta.url))));
const history = JSON.parse(readFileSync(`${refDir}history.json`, 'utf8')) as HistoryEntry[];

let total = 0;
for (const id of components) {
  const refPath = `${refDir}${id}.json`;
  const cat = await kb.loadFlags(id);
  const missing: string[] = [];
  const disagree: string[] = [];
  const empty: string[] = [];
  const deprecation: string[] = [];
  const versions: string[] = [];
  const kubeadm: string[] = [];
  const ref: RefFlag[] = existsSync(refPath) ? (JSON.parse(readFileSync(refPath, 'utf8')) as RefFlag[]) : [];
  for (const r of ref) {
    const name = r.name.replace(/^-+/, '');
    const resolved = resolveFlagName(cat, name);
    const doc = resolved ? cat.flags.get(resolved) : undefined;
    if (!doc) {
      missing.push(name);
      continue;
    }
    const rt = normType(r.type);
    if (normType(doc.type) !== rt) disagree.push(`${name}: type "${doc.type}" but reference says "${rt}"`);
    const rd = normDefault(r.default, rt);
    const dd = normDefault(doc.default, rt);
    if (rd !== dd) disagree.push(`${name}: default "${dd}" but reference says "${rd}"`);
    if (id === 'etcd' && r.removedIn && !doc.removed)
      disagree.push(`${name}: reference says removed in ${r.removedIn}`);
    deprecation.push(...checkDeprecationMarker(id, doc, r));
    if (id === 'etcd') versions.push(...checkEtcdVersions(doc, r, rt));
  }
  kubeadm.push(...checkKubeadm(id, cat.flags));
  for (const h of history.filter((x) => x.component === id)) {
    for (const token of h.flag.split(/[\s,/]+/)) {
      if (!token.startsWith('--')) continue;
      if (token.includes('=')) {
        versions.push(...checkValueHistory(cat.flags, token, h));
        continue;
      }
      const name = token.replace(/^-+/, '');
      const resolved = resolveFlagName(cat, name);
      const doc = resolved ? cat.flags.get(resolved) : undefined;
      if (!doc) {
        missing.push(`${name} (history)`);
        continue;
      }
      if (/\bvalues?\b/.test(h.flag)) {
        // "--audit-log-version / --audit-webhook-version (non-v1 values)": a history of some values of the flag
        if (!Object.values(doc.valueHistory ?? {}).some((v) => v.deprecated !== undefined || v.removed !== undefined))
          versions.push(`${name}: history has values of it deprecated or removed ("${h.flag}"); no valueHistory entry`);
        continue;
      }
      deprecation.push(...checkHistoryDeprecation(doc, h));
      const removed = cleanVersion(h.removedIn);
      if (
        removed &&
        h.removedIn &&
        !/announced|not confirmed|outside|only .* accepted|value/.test(h.removedIn) &&
        minorOf(doc.removed ?? '') !== removed
      ) {
        disagree.push(`${name}: removed "${doc.removed ?? '-'}" but history says ${h.removedIn}`);
      }
    }
  }
  for (const doc of cat.flags.values()) {
    if (!doc.summary.trim() || !doc.explanation.trim()) empty.push(doc.name);
  }
  const notes: string[] = [];
  const noted = (line: string) => {
    const reason = ACCEPTED[`${id} ${line.split(':')[0] ?? ''}`];
    if (reason) notes.push(`${line} (kept: ${reason})`);
    return !reason;
  };
  for (const list of [deprecation, versions, kubeadm]) {
    const kept = list.filter(noted);
    list.splice(0, list.length, ...kept);
  }
  const count = missing.length + disagree.length + empty.length + deprecation.length + versions.length + kubeadm.length;
  total += count;
  const versioned = [...cat.flags.values()];
  console.log(
    `${id}: ${cat.flags.size} entries, reference ${ref.length}; missing ${missing.length}, disagreeing ${disagree.length}, ` +
      `empty ${empty.length}, deprecation ${deprecation.length}, versions ${versions.length}, kubeadm ${kubeadm.length}` +
      ` (versioned facts: ${versioned.filter((d) => d.versions).length} ranges, ` +
      `${versioned.filter((d) => d.valueHistory).length} value histories, ` +
      `${versioned.filter((d) => d.deprecated !== undefined).length} deprecated, ` +
      `${versioned.filter((d) => d.kubeadmByVersion).length} kubeadm by version)`,
  );
  for (const m of missing) console.log(`  missing     --${m}`);
  for (const d of disagree) console.log(`  disagrees   --${d}`);
  for (const e of empty) console.log(`  empty prose --${e}`);
  for (const d of deprecation) console.log(`  deprecation --${d}`);
  for (const v of versions) console.log(`  versions    --${v}`);
  for (const k of kubeadm) console.log(`  kubeadm     --${k}`);
  for (const n of notes) console.log(`  noted       --${n}`);
}
const shapeProblems = kb.problems;
for (const p of shapeProblems) console.log(`  shape       ${p.source} ${p.entry}: ${p.message}`);
total += shapeProblems.length;
console.log(total === 0 ? 'check:content: 0 problems' : `check:content: ${total} problems`);
process.exit(total === 0 ? 0 : 1);
