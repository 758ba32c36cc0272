/**
 * Messages between the page and the analysis worker. A response carries in full only the files whose analysis
 * changed since the previous response; for the others it names the file, and the page reuses what it received
 * before. Each response must therefore be decoded in order, stale ones included (AnalysisDecoder).
 */
import type { WorkspaceFile } from '../model/types';
import type { FileId } from '../model/span';
import type { AnalysedFile, SessionStats } from '../pipeline';
import type { PresentedAnalysis } from '../present/analysis';
import type { MessageCatalogue } from '../present/messages';

export interface AnalysisRequest {
  id: number;
  files: WorkspaceFile[];
  /** UI language: flag prose and message words come in it (English where a translation is missing). */
  lang: string;
}

/** A file as sent: its analysis, or the id of a file whose analysis is the one sent last time. */
export type WireFile = AnalysedFile | { unchanged: FileId };

export interface WireAnalysis extends Omit<PresentedAnalysis, 'files' | 'catalogue'> {
  files: WireFile[];
  /** null: the catalogue of the previous response. */
  catalogue: MessageCatalogue | null;
}

export type AnalysisResponse =
  | { id: number; ok: true; analysis: WireAnalysis; millis: number; stats: SessionStats }
  | { id: number; ok: false; error: string };

/** Worker side: remembers what it sent last for each file. */
export class AnalysisEncoder {
  private sent = new Map<FileId, AnalysedFile>();
  private catalogue: MessageCatalogue | null = null;

  encode(analysis: PresentedAnalysis): WireAnalysis {
    const next = new Map<FileId, AnalysedFile>();
    const files = analysis.files.map((af): WireFile => {
      next.set(af.file.fileId, af);
      return this.sent.get(af.file.fileId) === af ? { unchanged: af.file.fileId } : af;
    });
    this.sent = next;
    const catalogue = analysis.catalogue === this.catalogue ? null : analysis.catalogue;
    this.catalogue = analysis.catalogue;
    return { ...analysis, files, catalogue };
  }
}

/** Page side: decodes every response in the order received, applied or not. */
export class AnalysisDecoder {
  private received = new Map<FileId, AnalysedFile>();
  private catalogue: MessageCatalogue | null = null;

  decode(wire: WireAnalysis): PresentedAnalysis {
    const next = new Map<FileId, AnalysedFile>();
    const files = wire.files.map((w): AnalysedFile => {
      const af = 'unchanged' in w ? this.received.get(w.unchanged) : w;
      if (!af) throw new Error(`analysis protocol: no earlier analysis of file ${'unchanged' in w ? w.unchanged : ''}`);
      next.set(af.file.fileId, af);
      return af;
    });
    this.received = next;
    if (wire.catalogue) this.catalogue = wire.catalogue;
    if (!this.catalogue) throw new Error('analysis protocol: the first response carries no message catalogue');
    return { ...wire, files, catalogue: this.catalogue };
  }
}
