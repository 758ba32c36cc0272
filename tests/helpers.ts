import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { nodeContentReader } from '../src/knowledge/nodeReader';
import { KnowledgeBase } from '../src/knowledge/knowledgeBase';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const contentRoot = fileURLToPath(new URL('../content', import.meta.url));

let kbPromise: Promise<KnowledgeBase> | null = null;
/** One knowledge base over content/ shared by a test file. */
export function loadKnowledgeBase(): Promise<KnowledgeBase> {
  kbPromise ??= KnowledgeBase.create(nodeContentReader(contentRoot));
  return kbPromise;
}

export function fixture(path: string): string {
  return readFileSync(fileURLToPath(new URL(`./fixtures/${path}`, import.meta.url)), 'utf8');
}
