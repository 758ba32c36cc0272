/**
 * The pipeline's calls into ingest: one file read on its own (its secrets located), then the workspace-level
 * environment step, after which the secrets of the units it read again are located once more (their flags may now
 * come from env files elsewhere in the workspace).
 */
import type { IngestedFile, SecretInfo, WorkspaceFile } from '../model/types';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import { ingestFile, locateSecrets, resolveEnvironment } from '../ingest';

export function ingestWorkspaceFile(file: WorkspaceFile, kb: KnowledgeBase, now: number): IngestedFile {
  return ingestFile(file, kb.ingestFacts, { now });
}

export function resolveWorkspaceEnvironment(
  ingested: readonly IngestedFile[],
  files: readonly WorkspaceFile[],
  kb: KnowledgeBase,
): IngestedFile[] {
  const resolved = resolveEnvironment(ingested, files, kb.ingestFacts);
  const texts = new Map<string, string>(files.map((f) => [f.id, f.text]));
  const secrets = new Map<string, SecretInfo[]>();
  for (const f of resolved)
    secrets.set(
      f.fileId,
      f.documents.flatMap((d) => d.secrets ?? []),
    );
  const input = { textOf: (id: string) => texts.get(id), foreignSecrets: (id: string) => secrets.get(id) ?? [] };
  return resolved.map((r, i) => (r === ingested[i] ? r : locateSecrets(r, kb.ingestFacts, input)));
}
