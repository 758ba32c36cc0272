/**
 * Everything an export is made of, from a workspace whose secrets are already replaced (src/share/redact.ts): the
 * analysis of exactly those files, in words, and the JSON report. The page and the CLI call the same function.
 */
import type { WorkspaceFile } from '../model/types';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import { analyseWorkspace } from '../pipeline';
import { loadMessageCatalogue, presentAnalysis, type PresentedAnalysis } from '../present/analysis';
import { readCheckTexts } from '../present/audit';
import { buildReport, type Report } from './report';

export interface ExportBundle {
  files: readonly WorkspaceFile[];
  analysis: PresentedAnalysis;
  report: Report;
  kb: KnowledgeBase;
}

export async function exportBundle(
  files: readonly WorkspaceFile[],
  kb: KnowledgeBase,
  options: { now?: number } = {},
): Promise<ExportBundle> {
  const analysis = presentAnalysis(await analyseWorkspace(files, kb, options), await loadMessageCatalogue(kb), files);
  const checks = readCheckTexts(await kb.loadMessages('checks.yaml'));
  return { files, analysis, report: buildReport(files, analysis, { kb, checks }), kb };
}
