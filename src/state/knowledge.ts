/**
 * The one knowledge base of the page's main thread per language (the reference pages and the editor's feature-gate
 * hovers read it; the analysis worker has its own, as a worker cannot share memory with the page). Loaded on first
 * use; content is fetched per component on demand.
 */
import { DEFAULT_LANGUAGE, KnowledgeBase } from '../knowledge/knowledgeBase';
import { browserContentReader } from '../knowledge/browserReader';

const kbPromises = new Map<string, Promise<KnowledgeBase>>();

export function pageKnowledge(language = DEFAULT_LANGUAGE): Promise<KnowledgeBase> {
  let p = kbPromises.get(language);
  if (!p) {
    p = KnowledgeBase.create(browserContentReader(), language);
    kbPromises.set(language, p);
  }
  return p;
}
