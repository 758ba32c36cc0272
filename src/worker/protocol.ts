import type { WorkspaceFile } from '../model/types';
import type { WorkspaceAnalysis } from '../pipeline';

export interface AnalysisRequest {
  id: number;
  files: WorkspaceFile[];
}

export type AnalysisResponse =
  { id: number; ok: true; analysis: WorkspaceAnalysis; millis: number } | { id: number; ok: false; error: string };
