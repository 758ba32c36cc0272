import type { WorkspaceFile } from '../model/types';
import type { SessionStats } from '../pipeline';
import type { PresentedAnalysis } from '../present/analysis';

export interface AnalysisRequest {
  id: number;
  files: WorkspaceFile[];
  /** UI language: flag prose and message words come in it (English where a translation is missing). */
  lang: string;
}

export type AnalysisResponse =
  | { id: number; ok: true; analysis: PresentedAnalysis; millis: number; stats: SessionStats }
  | { id: number; ok: false; error: string };
