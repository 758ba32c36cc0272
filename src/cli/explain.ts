/**
 * CLI on the same pipeline as the app:
 *   npm run explain -- <files or folders...> [--format text|json|markdown|html] [--lang en]
 * Exit 0 when it ran (whatever it found), 2 when an input cannot be read or the usage is wrong.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KnowledgeBase } from '../knowledge/knowledgeBase';
import { nodeContentReader } from '../knowledge/nodeReader';
import { analyseWorkspace } from '../pipeline';
import { buildReport, formatReportText } from '../export/report';
import { loadMessageCatalogue, presentAnalysis } from '../present/analysis';
import type { WorkspaceFile } from '../model/types';
import { fileId } from '../model/span';
import { redactedBundle, renderExport } from '../share/exports';

const USAGE = 'usage: npm run explain -- <file or folder...> [--format text|json|markdown|html] [--lang <language>]';

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

export async function main(argv: string[]): Promise<number> {
  let format = 'text';
  let lang = 'en';
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--format') format = argv[++i] ?? '';
    else if (a.startsWith('--format=')) format = a.slice('--format='.length);
    else if (a === '--lang') lang = argv[++i] ?? '';
    else if (a.startsWith('--lang=')) lang = a.slice('--lang='.length);
    else if (a === '-h' || a === '--help') {
      console.log(USAGE);
      return 0;
    } else paths.push(a);
  }
  if (!['text', 'json', 'markdown', 'html'].includes(format)) {
    console.error(`explain: unknown format "${format}"\n${USAGE}`);
    return 2;
  }
  if (!/^[a-z]{2}(-[a-z]{2,4})?$/.test(lang)) {
    console.error(`explain: "${lang}" is not a language tag such as en or zh-cn\n${USAGE}`);
    return 2;
  }
  if (paths.length === 0) {
    console.error(`explain: no input files\n${USAGE}`);
    return 2;
  }
  const files: WorkspaceFile[] = [];
  const inputs: string[] = [];
  for (const path of paths) {
    try {
      filesUnder(path, inputs);
    } catch (e) {
      console.error(`explain: cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return 2;
    }
  }
  if (inputs.length >= MAX_FOLDER_FILES) console.error(`explain: read the first ${MAX_FOLDER_FILES} files only`);
  for (const [i, path] of inputs.entries()) {
    try {
      files.push({ id: fileId(`f${i}`), name: path, text: readFileSync(path, 'utf8') });
    } catch (e) {
      console.error(`explain: cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return 2;
    }
  }
  const kb = await KnowledgeBase.create(
    nodeContentReader(fileURLToPath(new URL('../../content', import.meta.url))),
    lang,
  );
  if (format === 'markdown' || format === 'html') {
    // the onboarding document: secrets replaced in the files as in a share link, then analysed (src/share/exports.ts)
    console.log(renderExport(await redactedBundle(files, kb), format));
    return 0;
  }
  const analysis = presentAnalysis(await analyseWorkspace(files, kb), await loadMessageCatalogue(kb), files);
  const report = buildReport(files, analysis, { kb });
  console.log(format === 'json' ? JSON.stringify(report, null, 2) : formatReportText(report));
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // exitCode, not exit(): stdout into a pipe is written asynchronously, and exit() cut a large JSON report at 64-128 KB
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
