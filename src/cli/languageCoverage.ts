/**
 * The translation coverage report: npm run check:content -- --lang zh-CN [component...] [--all]
 * Per component the flags translated of all and of the priority ones (every flag kubeadm sets, every flag of the
 * seed documents: tests/fixtures/i18n/priority-flags.json), the untranslated priority flags by name; per field set,
 * and per message file (ui.json, messages, rules, checks, feature gates) the keys translated. Then the translated
 * prose left identical to English, the messages whose {placeholders} differ and the translation files' content
 * problems. `--all` lists every untranslated flag, field and key, not only the priority flags.
 * Needs only content/ (not ../shared). Exits 1 when a priority flag, a UI key, an identical text, a placeholder or a
 * content problem is listed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nodeContentReader } from '../knowledge/nodeReader';
import { languageCoverage, type Count } from '../knowledge/coverage';
import { contentLanguages, matchLanguage } from '../knowledge/languages';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const PRIORITY_FLAGS_FILE = `${root}tests/fixtures/i18n/priority-flags.json`;

/** The committed list of the seed documents' flags per component (empty when it is missing). */
export function readPriorityFlags(path = PRIORITY_FLAGS_FILE): Record<string, string[]> {
  if (!existsSync(path)) return {};
  const data = JSON.parse(readFileSync(path, 'utf8')) as { components?: Record<string, string[]> };
  return data.components ?? {};
}

const pct = (c: Count) => (c.total === 0 ? '100' : ((100 * c.translated) / c.total).toFixed(1).replace(/\.0$/, ''));
const show = (c: Count) => `${c.translated}/${c.total} (${pct(c)} %)`;

function wrapNames(names: readonly string[], indent: string, width = 110): string[] {
  const lines: string[] = [];
  let line = '';
  for (const n of names) {
    if (line && line.length + n.length + 1 > width) {
      lines.push(indent + line);
      line = '';
    }
    line = line ? `${line} ${n}` : n;
  }
  if (line) lines.push(indent + line);
  return lines;
}

export async function coverageReport(tag: string, argv: readonly string[]): Promise<number> {
  const reader = nodeContentReader(`${root}content`);
  const available = contentLanguages(reader);
  const language = matchLanguage(tag, available);
  if (!language || language === 'en') {
    console.log(`check:content: no translation "${tag}" in content/ (languages: ${available.join(', ')})`);
    return 1;
  }
  const all = argv.includes('--all');
  const only = argv.filter((a, i) => !a.startsWith('-') && argv[i - 1] !== '--lang');
  const cov = await languageCoverage(reader, language, readPriorityFlags());
  let failing = 0;
  console.log(`Translation coverage of ${language} (content/${language}/ over content/en/)`);
  console.log(
    '\nFlags (translated: every prose key of the entry; priority: kubeadm sets it or a seed document has it)',
  );
  const totals = { translated: 0, total: 0, pt: 0, pTotal: 0 };
  for (const c of cov.components) {
    totals.translated += c.flags.translated;
    totals.total += c.flags.total;
    totals.pt += c.priority.translated;
    totals.pTotal += c.priority.total;
    if (only.length > 0 && !only.includes(c.id)) continue;
    console.log(`  ${c.id.padEnd(30)} flags ${show(c.flags).padEnd(18)} priority ${show(c.priority)}`);
    failing += c.priority.missing.length;
    if (c.priority.missing.length > 0) {
      console.log('    untranslated priority flags:');
      for (const l of wrapNames(c.priority.missing, '      ')) console.log(l);
    }
    if (all && c.flags.missing.length > 0) {
      console.log('    all untranslated flags:');
      for (const l of wrapNames(c.flags.missing, '      ')) console.log(l);
    }
  }
  console.log(
    `  ${'all components'.padEnd(30)} flags ${show({ translated: totals.translated, total: totals.total, missing: [] }).padEnd(18)} ` +
      `priority ${show({ translated: totals.pt, total: totals.pTotal, missing: [] })}`,
  );
  console.log('\nField sets (translated: summary and explanation)');
  for (const f of cov.fieldSets) {
    console.log(`  ${f.set.padEnd(30)} fields ${show(f.fields)}`);
    if (all && f.fields.missing.length > 0) for (const l of wrapNames(f.fields.missing, '      ')) console.log(l);
  }
  console.log('\nMessage files (keys with words; code-only English needs none)');
  for (const f of cov.files) {
    console.log(`  ${f.file.padEnd(30)} keys ${show(f.keys)}`);
    if (f.file === 'ui.json') failing += f.keys.missing.length;
    if ((all || f.file === 'ui.json') && f.keys.missing.length > 0 && f.keys.missing.length <= 40)
      for (const l of wrapNames(f.keys.missing, '      ')) console.log(l);
  }
  if (cov.identical.length > 0) {
    console.log(`\nIdentical to English (${cov.identical.length}): translate them, or leave the key out`);
    for (const i of cov.identical) console.log(`  ${i.where} ${i.key}: "${i.english.slice(0, 80)}"`);
  }
  if (cov.placeholders.length > 0) {
    console.log(`\nPlaceholders differ from English (${cov.placeholders.length})`);
    for (const i of cov.placeholders) console.log(`  ${i.where} ${i.key}: "${i.english}" / "${i.translated}"`);
  }
  if (cov.problems.length > 0) {
    console.log(`\nContent problems of the translation (${cov.problems.length})`);
    for (const p of cov.problems) console.log(`  ${p.source} ${p.entry}: ${p.message}`);
  }
  failing += cov.identical.length + cov.placeholders.length + cov.problems.length;
  console.log(
    failing === 0
      ? `\ncheck:content --lang ${language}: complete where it must be`
      : `\ncheck:content --lang ${language}: ${failing} to do`,
  );
  return failing === 0 ? 0 : 1;
}
