/// <reference lib="webworker" />
/**
 * Runs the pipeline off the main thread so a large paste never freezes the page. One AnalysisSession lives as long
 * as the worker, so an edit re-reads only what changed. A newer request supersedes the running one: between files
 * the analysis lets pending messages arrive and stops when one is newer (nothing is posted for a stopped request).
 */
import { KnowledgeBase } from '../knowledge/knowledgeBase';
import { browserContentReader } from '../knowledge/browserReader';
import { AnalysisSession } from '../pipeline';
import { loadMessageCatalogue, presentAnalysis } from '../present/analysis';
import type { MessageCatalogue } from '../present/messages';
import { AnalysisEncoder, splitResponse, type AnalysisRequest, type AnalysisResponse } from './protocol';

/** One knowledge base, session and message catalogue per UI language, made on first use. */
const sessions = new Map<string, Promise<{ session: AnalysisSession; catalogue: MessageCatalogue }>>();
function sessionFor(lang: string) {
  let s = sessions.get(lang);
  if (!s) {
    s = KnowledgeBase.create(browserContentReader(), lang).then(async (kb) => ({
      session: new AnalysisSession(kb),
      catalogue: await loadMessageCatalogue(kb),
    }));
    sessions.set(lang, s);
  }
  return s;
}
const scope = self as unknown as DedicatedWorkerGlobalScope;
let latest = 0;
/** One encoder for the one page on the other end: responses are posted, and decoded, in order. */
const encoder = new AnalysisEncoder();

/** Resolves after the messages already queued for this worker have been handled (a macrotask, no 4 ms clamp). */
function letMessagesIn(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

scope.onmessage = (event: MessageEvent<AnalysisRequest>) => {
  const { id, files, lang, benchmark } = event.data;
  latest = Math.max(latest, id);
  void run(id, files, lang, benchmark);
};

async function run(
  id: number,
  files: AnalysisRequest['files'],
  lang: string,
  benchmark: AnalysisRequest['benchmark'],
): Promise<void> {
  const started = performance.now();
  let lastYield = started;
  let response: AnalysisResponse;
  try {
    const { session, catalogue } = await sessionFor(lang);
    if (id !== latest) return;
    const analysis = await session.analyse(files, {
      ...(benchmark ? { benchmark } : {}),
      shouldStop: async () => {
        // Yield only when some time has passed: an edit of a small workspace never waits.
        if (performance.now() - lastYield > 4) {
          await letMessagesIn();
          lastYield = performance.now();
        }
        return id !== latest;
      },
    });
    if (!analysis || id !== latest) return;
    response = {
      id,
      ok: true,
      analysis: encoder.encode(presentAnalysis(analysis, catalogue, files)),
      millis: performance.now() - started,
      stats: session.stats,
    };
  } catch (e) {
    response = { id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  // a large response goes in parts: the page deserialises each message in one task
  for (const message of splitResponse(response)) scope.postMessage(message);
}
