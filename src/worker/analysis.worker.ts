/// <reference lib="webworker" />
/** Runs the pipeline off the main thread so a large paste never freezes the page. */
import { KnowledgeBase } from '../knowledge/knowledgeBase';
import { browserContentReader } from '../knowledge/browserReader';
import { analyseWorkspace } from '../pipeline';
import type { AnalysisRequest, AnalysisResponse } from './protocol';

const kbPromise = KnowledgeBase.create(browserContentReader());
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<AnalysisRequest>) => {
  const { id, files } = event.data;
  const started = performance.now();
  let response: AnalysisResponse;
  try {
    const analysis = await analyseWorkspace(files, await kbPromise);
    response = { id, ok: true, analysis, millis: performance.now() - started };
  } catch (e) {
    response = { id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  scope.postMessage(response);
};
