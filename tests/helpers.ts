import { fileURLToPath } from 'node:url';
import { readdirSync, readFileSync } from 'node:fs';
import { nodeContentReader } from '../src/knowledge/nodeReader';
import { KnowledgeBase } from '../src/knowledge/knowledgeBase';
import { analyseWorkspace } from '../src/pipeline';
import { loadMessageCatalogue, presentAnalysis, type PresentedAnalysis } from '../src/present/analysis';
import type { WorkspaceFile } from '../src/model/types';
import { fileId } from '../src/model/span';
import { parse as parseYaml } from 'yaml';
import type { Message } from '../src/model/message';
import { readMessageCatalogue, renderMessage, type MessageCatalogue } from '../src/present/messages';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const contentRoot = fileURLToPath(new URL('../content', import.meta.url));

let kbPromise: Promise<KnowledgeBase> | null = null;
/** One knowledge base over content/ shared by a test file. */
export function loadKnowledgeBase(): Promise<KnowledgeBase> {
  kbPromise ??= KnowledgeBase.create(nodeContentReader(contentRoot));
  return kbPromise;
}

/** A workspace file as the app makes one; its id is `id` (the name when not given). */
export function file(name: string, text: string, id: string = name, extra: Partial<WorkspaceFile> = {}): WorkspaceFile {
  return { id: fileId(id), name, text, ...extra };
}

/** The YAML files of a sample under content/examples/<name>, in name order, with the ids `s0`, `s1`, ... */
export function exampleFiles(name = 'kubeadm-v1.31'): WorkspaceFile[] {
  const dir = `${contentRoot}/examples/${name}/`;
  return readdirSync(dir)
    .filter((n) => n.endsWith('.yaml'))
    .sort()
    .map((n, i) => file(n, readFileSync(dir + n, 'utf8'), `s${i}`));
}

export function fixture(path: string): string {
  return readFileSync(fileURLToPath(new URL(`./fixtures/${path}`, import.meta.url)), 'utf8');
}

/** The whole flow as the app and the CLI show it: analysis, then words from the knowledge base's language. */
export async function analysePresented(
  files: readonly WorkspaceFile[],
  kb: KnowledgeBase,
  options: { now?: number } = {},
): Promise<PresentedAnalysis> {
  return presentAnalysis(await analyseWorkspace(files, kb, options), await loadMessageCatalogue(kb));
}

let english: MessageCatalogue | null = null;
/** A message code of the pure stages in English words (content/en), as the app shows it. */
export function say(m: Message | undefined): string {
  if (!m) return '';
  english ??= readMessageCatalogue(
    'en',
    parseYaml(readFileSync(`${contentRoot}/en/rules.yaml`, 'utf8')) as Record<string, unknown>,
    parseYaml(readFileSync(`${contentRoot}/en/messages.yaml`, 'utf8')) as Record<string, unknown>,
  );
  return renderMessage(english, m);
}
