/**
 * CLI on the same pipeline as the app:
 *   npm run explain -- <files...> [--format text|json] [--lang en]
 * Exit 0 when it ran (whatever it found), 2 when an input cannot be read or the usage is wrong.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KnowledgeBase } from '../knowledge/knowledgeBase';
import { nodeContentReader } from '../knowledge/nodeReader';
import { analyseWorkspace } from '../pipeline';
import { buildReport, formatReportText } from '../export/report';
import { loadMessageCatalogue, presentAnalysis } from '../present/analysis';
import type { WorkspaceFile } from '../model/types';
import { fileId } from '../model/span';

const USAGE = 'usage: npm run explain -- <file...> [--format text|json] [--lang <language>]';

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
  if (format !== 'text' && format !== 'json') {
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
  for (const [i, path] of paths.entries()) {
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
  const analysis = presentAnalysis(await analyseWorkspace(files, kb), await loadMessageCatalogue(kb), files);
  const report = buildReport(files, analysis, { kb });
  console.log(format === 'json' ? JSON.stringify(report, null, 2) : formatReportText(report));
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
