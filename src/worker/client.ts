/** Page side of the analysis worker: latest request wins, stale answers are dropped. */
import type { BenchmarkId } from '../analysis/audit';
import type { WorkspaceFile } from '../model/types';
import type { PresentedAnalysis } from '../present/analysis';
import {
  AnalysisDecoder,
  ResponseAssembler,
  type AnalysisMessage,
  type AnalysisRequest,
  type AnalysisResponse,
} from './protocol';

export class AnalysisClient {
  private worker: Worker;
  private nextId = 1;
  private latest = 0;
  private readonly decoder = new AnalysisDecoder();
  private readonly assembler = new ResponseAssembler();

  constructor(
    private readonly onResult: (analysis: PresentedAnalysis, millis: number) => void,
    private readonly onError: (message: string) => void,
  ) {
    this.worker = new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<AnalysisMessage>) => {
      let analysis: PresentedAnalysis | null = null;
      let r: AnalysisResponse | null;
      try {
        // a large answer comes in parts, each deserialised in a task of its own
        r = this.assembler.receive(e.data);
        if (!r) return;
        // every answer is decoded, stale ones too: a later one may refer to the files it carried
        if (r.ok) analysis = this.decoder.decode(r.analysis);
      } catch (err) {
        this.onError((err as Error).message);
        return;
      }
      if (r.id !== this.latest) return; // an older request; a newer answer is coming
      if (r.ok && analysis) this.onResult(analysis, r.millis);
      else if (!r.ok) this.onError(r.error);
    };
    this.worker.onerror = (e) => this.onError(e.message || 'analysis worker failed');
  }

  analyse(files: WorkspaceFile[], lang: string, benchmark: BenchmarkId | null = null): void {
    const id = this.nextId++;
    this.latest = id;
    const request: AnalysisRequest = benchmark ? { id, files, lang, benchmark } : { id, files, lang };
    this.worker.postMessage(request);
  }

  dispose(): void {
    this.worker.terminate();
  }
}
