/**
 * The one knowledge base of the page's main thread (the reference pages read it; the analysis worker has its own,
 * as a worker cannot share memory with the page). Loaded on first use; content is fetched per component on demand.
 */
import { KnowledgeBase } from '../knowledge/knowledgeBase';
import { browserContentReader } from '../knowledge/browserReader';

let kbPromise: Promise<KnowledgeBase> | null = null;

export function pageKnowledge(): Promise<KnowledgeBase> {
  return (kbPromise ??= KnowledgeBase.create(browserContentReader()));
}
