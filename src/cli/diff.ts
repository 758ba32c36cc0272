/**
 * `npm run explain -- diff --component <id> --from <version> --to <version> [--format text|json]`: the upgrade diff
 * of one component between two releases (src/knowledge/upgradeDiff.ts), each change explained with what to change
 * before upgrading. Exit 0 when it ran, 2 on a wrong usage (unknown component, a version that is not one).
 */
import { fileURLToPath } from 'node:url';
import { KnowledgeBase } from '../knowledge/knowledgeBase';
import { nodeContentReader } from '../knowledge/nodeReader';
import { COMPONENT_IDS, type ComponentId } from '../model/types';
import { isWellFormedVersion } from '../util/version';
import { releasesOf, upgradeDiff } from '../knowledge/upgradeDiff';
import { DIFF_SCHEMA_VERSION, diffToJson, formatDiffText } from '../present/upgradeDiff';
import { readFileSync } from 'node:fs';
import { fileId } from '../model/span';
import { analyseWorkspace } from '../pipeline';
import { loadMessageCatalogue } from '../present/analysis';
import { componentSides, diffSides, formatManifestDiffText } from '../present/manifestDiff';

export const DIFF_USAGE =
  `usage: npm run explain -- diff --component ${COMPONENT_IDS.join('|')} --from <version> --to <version> ` +
  '[--format text|json]\n       npm run explain -- diff <before file> <after file> [--format text|json]';

const contentRoot = () => fileURLToPath(new URL('../../content', import.meta.url));

/** `diff a.yaml b.yaml`: each file through the pipeline, then the flags of each component compared. */
async function runManifestDiff(before: string, after: string, format: string): Promise<number> {
  const texts: string[] = [];
  for (const path of [before, after]) {
    try {
      texts.push(readFileSync(path, 'utf8'));
    } catch (e) {
      console.error(`explain diff: cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return 2;
    }
  }
  const kb = await KnowledgeBase.create(nodeContentReader(contentRoot()));
  const catalogue = await loadMessageCatalogue(kb);
  const [a, b] = await Promise.all(
    [before, after].map((name, i) => analyseWorkspace([{ id: fileId(`d${i}`), name, text: texts[i] ?? '' }], kb)),
  );
  if (!a || !b) return 2;
  const diffs = diffSides(componentSides(a, catalogue), componentSides(b, catalogue));
  if (format === 'json')
    console.log(JSON.stringify({ schemaVersion: DIFF_SCHEMA_VERSION, before, after, components: diffs }, null, 2));
  else console.log(formatManifestDiffText(diffs, { before, after }));
  return 0;
}

export async function runDiff(argv: string[]): Promise<number> {
  let component: string | null = null;
  let from: string | null = null;
  let to: string | null = null;
  let format = 'text';
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const [k, inline] =
      a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, null];
    const val = () => inline ?? argv[++i] ?? '';
    if (k === '--component') component = val();
    else if (k === '--from') from = val();
    else if (k === '--to') to = val();
    else if (k === '--format') format = val();
    else if (k === '-h' || k === '--help') {
      console.log(DIFF_USAGE);
      return 0;
    } else rest.push(a);
  }
  if (!['text', 'json'].includes(format)) {
    console.error(`explain diff: unknown format "${format}"\n${DIFF_USAGE}`);
    return 2;
  }
  if (rest.length === 2 && component === null && from === null && to === null)
    return runManifestDiff(rest[0] ?? '', rest[1] ?? '', format);
  if (rest.length > 0) {
    console.error(`explain diff: unexpected ${rest.join(' ')}\n${DIFF_USAGE}`);
    return 2;
  }
  if (!component || !(COMPONENT_IDS as readonly string[]).includes(component)) {
    console.error(
      `explain diff: --component takes ${COMPONENT_IDS.join(', ')}${component ? `, not "${component}"` : ''}\n${DIFF_USAGE}`,
    );
    return 2;
  }
  if (!['text', 'json'].includes(format)) {
    console.error(`explain diff: unknown format "${format}"\n${DIFF_USAGE}`);
    return 2;
  }
  for (const [name, v] of [
    ['--from', from],
    ['--to', to],
  ] as const) {
    if (!v || !isWellFormedVersion(v.replace(/^v/, ''))) {
      console.error(`explain diff: ${name} needs a version such as 1.31${v ? `, not "${v}"` : ''}\n${DIFF_USAGE}`);
      return 2;
    }
  }
  const kb = await KnowledgeBase.create(nodeContentReader(contentRoot()));
  const catalogue = await kb.loadFlags(component as ComponentId);
  const releases = releasesOf(catalogue);
  const fromV = (from ?? '').replace(/^v/, '');
  const toV = (to ?? '').replace(/^v/, '');
  const major = (v: string) => v.split('.')[0];
  if (major(fromV) !== major(releases[0] ?? '') || major(toV) !== major(releases[0] ?? '')) {
    console.error(
      `explain diff: ${component} versions are ${releases[0] ?? '?'} to ${releases.at(-1) ?? '?'}\n${DIFF_USAGE}`,
    );
    return 2;
  }
  const diff = upgradeDiff(catalogue, await kb.featureGates(), fromV, toV);
  console.log(format === 'json' ? JSON.stringify(diffToJson(diff), null, 2) : formatDiffText(diff));
  return 0;
}
