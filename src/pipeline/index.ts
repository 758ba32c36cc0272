/**
 * The whole data flow in one place:
 * text -> documents (ingest) -> annotated model (knowledge) -> findings (analysis).
 * Pure and async only because content is loaded on demand; runs in Node, the page and the worker.
 * `analyseWorkspace` is one analysis from scratch; an AnalysisSession (session.ts) keeps its caches between edits.
 */
import type { WorkspaceFile } from '../model/types';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import { AnalysisSession, type AnalyseOptions, type WorkspaceAnalysis } from './session';

export { AnalysisSession } from './session';
export type { AnalysedFile, AnalyseOptions, SessionStats, WorkspaceAnalysis } from './session';

export async function analyseWorkspace(
  files: readonly WorkspaceFile[],
  kb: KnowledgeBase,
  options: Omit<AnalyseOptions, 'shouldStop'> = {},
): Promise<WorkspaceAnalysis> {
  const analysis = await new AnalysisSession(kb).analyse(files, options);
  if (!analysis) throw new Error('analysis stopped without a stop condition'); // cannot happen: nothing asks to stop
  return analysis;
}
