/**
 * CLI on the same pipeline as the app:
 *   npm run explain -- <files or folders...> [--format text|json|sarif|markdown|html] [--lang en|zh-CN]
 *                      [--benchmark cis-1.11|cis-1.12|cis-2.0] [--fail-on high|medium|low]
 *   npm run explain -- diff --component <id> --from <version> --to <version> | diff <before> <after> (src/cli/diff.ts)
 * Exit 0 when it ran (whatever it found), 1 when --fail-on is given and a security audit check of that severity or
 * higher fails, 2 when an input cannot be read or the usage is wrong.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KnowledgeBase } from '../knowledge/knowledgeBase';
import { nodeContentReader } from '../knowledge/nodeReader';
import type { ContentReader } from '../knowledge/reader';
import { analyseWorkspace } from '../pipeline';
import { buildReport, formatReportText } from '../export/report';
import { loadMessageCatalogue, presentAnalysis } from '../present/analysis';
import type { WorkspaceFile } from '../model/types';
import { fileId } from '../model/span';
import { redactedBundle, renderExport } from '../share/exports';
import { AUDIT_SEVERITIES, BENCHMARK_IDS, type AuditSeverity, type BenchmarkId } from '../analysis/audit';
import { readCheckTexts } from '../present/audit';
import { failuresAtOrAbove } from '../export/audit';
import { buildSarif } from '../export/sarif';
import { runDiff } from './diff';
import { contentLanguages, matchLanguage, normaliseLanguageTag } from '../knowledge/languages';
import { setCatalogue, t } from '../i18n';

/** The usage text in the UI catalogue's language (ui.json `cli.usage`; `--lang zh-CN` sets it before any message). */
const usage = () => t('cli.usage', { benchmarks: BENCHMARK_IDS.join('|'), severities: AUDIT_SEVERITIES.join('|') });

/** At most this many files are read from the folders given (a copy of /etc/kubernetes holds a few dozen). */
const MAX_FOLDER_FILES = 5000;

/**
 * The files of a path: the file itself, or every file under a folder, recursively and in name order, each named by
 * its path as given (`etc-kubernetes/pki/ca.crt`), like a folder dropped on the page. Symbolic links to folders are
 * not followed (no loops).
 */
function filesUnder(path: string, out: string[]): void {
  const st = statSync(path);
  if (!st.isDirectory()) {
    out.push(path);
    return;
  }
  for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (out.length >= MAX_FOLDER_FILES) return;
    const child = join(path, entry.name);
    if (entry.isDirectory()) filesUnder(child, out);
    else if (entry.isFile()) out.push(child);
  }
}

/** content/<lang>/ui.json (English fills what it lacks, in setCatalogue). */
async function uiCatalogue(reader: ContentReader, lang: string): Promise<Record<string, string>> {
  if (lang === 'en') return {};
  const source = `${lang}/ui.json`;
  if (!reader.list(source).includes(source)) return {};
  try {
    return JSON.parse(await reader.read(source)) as Record<string, string>;
  } catch {
    return {};
  }
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'diff') return runDiff(argv.slice(1));
  let format = 'text';
  let lang = 'en';
  let benchmark: string | null = null;
  let failOn: string | null = null;
  let help = false;
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--format') format = argv[++i] ?? '';
    else if (a.startsWith('--format=')) format = a.slice('--format='.length);
    else if (a === '--lang') lang = argv[++i] ?? '';
    else if (a.startsWith('--lang=')) lang = a.slice('--lang='.length);
    else if (a === '--benchmark') benchmark = argv[++i] ?? '';
    else if (a.startsWith('--benchmark=')) benchmark = a.slice('--benchmark='.length);
    else if (a === '--fail-on') failOn = argv[++i] ?? '';
    else if (a.startsWith('--fail-on=')) failOn = a.slice('--fail-on='.length);
    else if (a === '-h' || a === '--help') help = true;
    else paths.push(a);
  }
  // a BCP 47 tag in any case (zh-CN, zh-cn, zh): the content language it means; its words for the usage and the
  // errors below (English for a tag that is none or that content/ does not have)
  const reader = nodeContentReader(fileURLToPath(new URL('../../content', import.meta.url)));
  const languages = contentLanguages(reader);
  const matched = normaliseLanguageTag(lang) ? matchLanguage(lang, languages) : null;
  setCatalogue(matched ? await uiCatalogue(reader, matched) : {}, matched ?? 'en');
  const fail = (message: string) => {
    console.error(`${message}\n${usage()}`);
    return 2;
  };
  if (help) {
    console.log(usage());
    return 0;
  }
  if (benchmark !== null && !(BENCHMARK_IDS as readonly string[]).includes(benchmark))
    return fail(t('cli.unknownBenchmark', { benchmark }));
  if (failOn !== null && !(AUDIT_SEVERITIES as readonly string[]).includes(failOn))
    return fail(t('cli.failOnTakes', { severities: AUDIT_SEVERITIES.join(t('doc.listSeparator')), value: failOn }));
  if (!['text', 'json', 'sarif', 'markdown', 'html'].includes(format)) return fail(t('cli.unknownFormat', { format }));
  if (!normaliseLanguageTag(lang)) return fail(t('cli.notLanguageTag', { lang }));
  if (!matched) return fail(t('cli.noContent', { lang, languages: languages.join(', ') }));
  lang = matched;
  if (paths.length === 0) return fail(t('cli.noInput'));
  const cannotRead = (path: string, e: unknown) =>
    t('cli.cannotRead', { path, reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message });
  const files: WorkspaceFile[] = [];
  const inputs: string[] = [];
  for (const path of paths) {
    try {
      filesUnder(path, inputs);
    } catch (e) {
      console.error(cannotRead(path, e));
      return 2;
    }
  }
  if (inputs.length >= MAX_FOLDER_FILES) console.error(t('cli.firstFilesOnly', { count: String(MAX_FOLDER_FILES) }));
  for (const [i, path] of inputs.entries()) {
    try {
      files.push({ id: fileId(`f${i}`), name: path, text: readFileSync(path, 'utf8') });
    } catch (e) {
      console.error(cannotRead(path, e));
      return 2;
    }
  }
  const kb = await KnowledgeBase.create(reader, lang);
  // the report's own words (headings, labels) in the language too
  setCatalogue((await kb.loadMessages('ui.json')) as Record<string, string>, lang);
  if (format === 'markdown' || format === 'html') {
    // the onboarding document: secrets replaced in the files as in a share link, then analysed (src/share/exports.ts)
    console.log(renderExport(await redactedBundle(files, kb), format));
    return 0;
  }
  const analysed = await analyseWorkspace(files, kb, benchmark ? { benchmark: benchmark as BenchmarkId } : {});
  const analysis = presentAnalysis(analysed, await loadMessageCatalogue(kb), files);
  const checks = readCheckTexts(await kb.loadMessages('checks.yaml'));
  const report = buildReport(files, analysis, { kb, checks });
  console.log(
    format === 'json'
      ? JSON.stringify(report, null, 2)
      : format === 'sarif'
        ? JSON.stringify(buildSarif(report), null, 2)
        : formatReportText(report),
  );
  // --fail-on: CI gates on the audit (the markdown and html documents above do not)
  if (failOn !== null && failuresAtOrAbove(report.audit ?? [], failOn as AuditSeverity) > 0) return 1;
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // exitCode, not exit(): stdout into a pipe is written asynchronously, and exit() cut a large JSON report at 64-128 KB
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
