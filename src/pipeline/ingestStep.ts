/** The pipeline's calls into ingest: one file read on its own, then the workspace-level environment step. */
import type { IngestedFile, WorkspaceFile } from '../model/types';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import { ingestFile, resolveEnvironment } from '../ingest';

export function ingestWorkspaceFile(file: WorkspaceFile, kb: KnowledgeBase, now: number): IngestedFile {
  return ingestFile(file, kb.ingestFacts, { now });
}

export function resolveWorkspaceEnvironment(
  ingested: readonly IngestedFile[],
  files: readonly WorkspaceFile[],
  kb: KnowledgeBase,
): IngestedFile[] {
  return resolveEnvironment(ingested, files, kb.ingestFacts);
}
