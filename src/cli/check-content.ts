/**
 * Developer tool: compares content/ with the official flag tables in ../shared/reference.
 *   npm run check:content [-- component...]
 * Lists flags of the reference without an entry, entries whose type or default disagree,
 * history flags (deprecated/removed) without an entry or with other versions, and empty prose.
 * Exits 1 when anything is listed. Users do not have ../shared; this is not part of npm test.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KnowledgeBase, resolveFlagName } from '../knowledge/knowledgeBase';
import { nodeContentReader } from '../knowledge/nodeReader';
import { COMPONENT_IDS, type ComponentId } from '../model/types';
import { minorOf } from '../util/version';

const refDir = fileURLToPath(new URL('../../../shared/reference/flags/', import.meta.url));
if (!existsSync(refDir)) {
  console.log(`check:content: ${refDir} not found; nothing to compare (this tool is for developers).`);
  process.exit(0);
}

interface RefFlag {
  name: string;
  type: string;
  default: string | null;
  removedIn?: string | null;
}
interface HistoryEntry {
  component: string;
  flag: string;
  deprecatedIn: string | null;
  removedIn: string | null;
}

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

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-')) as ComponentId[];
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
  }
  for (const h of history.filter((x) => x.component === id)) {
    for (const token of h.flag.split(/[\s,/]+/)) {
      if (!token.startsWith('--') || token.includes('=')) continue;
      const name = token.replace(/^-+/, '');
      const resolved = resolveFlagName(cat, name);
      const doc = resolved ? cat.flags.get(resolved) : undefined;
      if (!doc) {
        missing.push(`${name} (history)`);
        continue;
      }
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
  const count = missing.length + disagree.length + empty.length;
  total += count;
  console.log(
    `${id}: ${cat.flags.size} entries, reference ${ref.length}; missing ${missing.length}, disagreeing ${disagree.length}, empty ${empty.length}`,
  );
  for (const m of missing) console.log(`  missing     --${m}`);
  for (const d of disagree) console.log(`  disagrees   --${d}`);
  for (const e of empty) console.log(`  empty prose --${e}`);
}
const shapeProblems = kb.problems;
for (const p of shapeProblems) console.log(`  shape       ${p.source} ${p.entry}: ${p.message}`);
total += shapeProblems.length;
console.log(total === 0 ? 'check:content: 0 problems' : `check:content: ${total} problems`);
process.exit(total === 0 ? 0 : 1);
