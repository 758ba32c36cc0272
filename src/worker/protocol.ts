import type { WorkspaceFile } from '../model/types';
import type { SessionStats, WorkspaceAnalysis } from '../pipeline';

export interface AnalysisRequest {
  id: number;
  files: WorkspaceFile[];
}

export type AnalysisResponse =
  | { id: number; ok: true; analysis: WorkspaceAnalysis; millis: number; stats: SessionStats }
  | { id: number; ok: false; error: string };
