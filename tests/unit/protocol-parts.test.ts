/**
 * A large worker response travels as a head and parts (src/worker/protocol.ts splitResponse), each message a bounded
 * number of flags, fields and findings, so the page deserialises it in many short tasks; ResponseAssembler gives
 * back exactly the response that was split. Messages are structuredClone'd here, as postMessage does.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import {
  AnalysisDecoder,
  AnalysisEncoder,
  CHUNK_ITEMS,
  ResponseAssembler,
  splitResponse,
  type AnalysisMessage,
  type AnalysisResponse,
} from '../../src/worker/protocol';
import { AnalysisSession, analyseWorkspace } from '../../src/pipeline';
import { loadMessageCatalogue, presentAnalysis } from '../../src/present/analysis';
import type { WorkspaceFile } from '../../src/model/types';
import { file, loadKnowledgeBase, repoRoot } from '../helpers';

const NOW = Date.UTC(2026, 0, 1);
const kb = await loadKnowledgeBase();
const catalogue = await loadMessageCatalogue(kb);

const sampleDir = `${repoRoot}content/examples/kubeadm-v1.31/`;
const sample: WorkspaceFile[] = readdirSync(sampleDir)
  .filter((n) => n.endsWith('.yaml'))
  .sort()
  .map((n, i) => file(n, readFileSync(sampleDir + n, 'utf8'), `f${i}`));
const manifests = sample.map((f) => f.text);
/** 60 manifests in one file (about 1,800 flags and 3,000 fields in 60 documents). */
const many = file('many.yaml', Array.from({ length: 60 }, (_, i) => manifests[i % 4]).join('---\n'), 'many');
/** One command line of 3,000 unknown flags (one document). */
const flood = file(
  'cmdline.txt',
  `kube-apiserver ${Array.from({ length: 3000 }, (_, i) => `--not-a-flag-${i}=val`).join(' ')}\n`,
  'flood',
);

function respond(analysis: Awaited<ReturnType<AnalysisSession['analyse']>>, encoder: AnalysisEncoder, id = 1) {
  const response: AnalysisResponse = {
    id,
    ok: true,
    analysis: encoder.encode(presentAnalysis(analysis!, catalogue)),
    millis: 1,
    stats: { filesRead: 0, filesReused: 0, documentsAnnotated: 0, documentsReused: 0 },
  };
  return response;
}

/** What the page receives: every message cloned on its own, as postMessage does. */
const transfer = (messages: AnalysisMessage[]) => messages.map((m) => structuredClone(m));

function assemble(assembler: ResponseAssembler, messages: AnalysisMessage[]): AnalysisResponse[] {
  return messages.map((m) => assembler.receive(m)).filter((r): r is AnalysisResponse => r !== null);
}

/** Flags, fields and findings a message carries. */
function items(m: AnalysisMessage): number {
  if ('part' in m) return m.part.pieces.reduce((n, p) => n + p.flags.length + p.fields.length, m.part.findings.length);
  if (!m.head.ok) return 0;
  const a = m.head.analysis;
  return a.files.reduce(
    (n, w) => n + ('unchanged' in w ? 0 : w.documents.reduce((k, d) => k + d.flags.length + d.fields.length, 0)),
    a.findings.length,
  );
}

describe('worker protocol: large responses in parts', () => {
  it('a small response is one message, as before', async () => {
    const encoder = new AnalysisEncoder();
    const response = respond(await new AnalysisSession(kb).analyse(sample, { now: NOW }), encoder);
    const messages = splitResponse(response);
    expect(messages).toEqual([{ head: response, parts: 0, restore: [] }]);
    expect(splitResponse({ id: 2, ok: false, error: 'x' })).toHaveLength(1);
  });

  it('a large one comes in bounded parts and is put back together exactly', async () => {
    const files = [...sample, many, flood];
    const encoder = new AnalysisEncoder();
    const response = respond(await new AnalysisSession(kb).analyse(files, { now: NOW }), encoder);
    const before = structuredClone(response);
    const messages = splitResponse(response, 500);
    expect(response).toEqual(before); // splitting leaves the response as it was
    expect(messages.length).toBeGreaterThan(10);
    expect(messages[0] && 'head' in messages[0] ? messages[0].parts : -1).toBe(messages.length - 1);
    // every part, and the head, carries about one chunk at most (a piece never exceeds the room left)
    for (const m of messages) expect(items(m)).toBeLessThanOrEqual(2 * 500);
    // the small files stay whole in the head
    const head = messages[0] && 'head' in messages[0] && messages[0].head.ok ? messages[0].head.analysis : null;
    expect(head?.files.filter((w) => !('unchanged' in w) && w.documents.some((d) => d.flags.length > 0))).toHaveLength(
      4,
    );

    const assembler = new ResponseAssembler();
    const received = transfer(messages);
    const got = assemble(assembler, received);
    expect(got).toHaveLength(1);
    expect(got[0]).toEqual(response);
    const decoded = new AnalysisDecoder().decode(got[0]!.ok ? got[0]!.analysis : (null as never));
    expect(decoded).toEqual(presentAnalysis(await analyseWorkspace(files, kb, { now: NOW }), catalogue));
    // each occurrence came once: the document's flags are the annotated flags' occurrences, the file's documents
    // are the annotated documents' ones (as in the worker)
    const big = decoded.files.find((f) => f.file.fileId === flood.id)!;
    const doc = big.documents[0]!;
    expect(doc.flags).toHaveLength(3000);
    expect(doc.document.flags.every((o, i) => o === doc.flags[i]!.occurrence)).toBe(true);
    expect(big.file.documents[0]).toBe(doc.document);
  }, 60_000); // a 1 MB analysis: seconds on a loaded 2-core machine

  it('the parts of one response follow its head; a part alone is an error', async () => {
    const encoder = new AnalysisEncoder();
    const response = respond(await new AnalysisSession(kb).analyse([flood], { now: NOW }), encoder, 7);
    const messages = transfer(splitResponse(response, CHUNK_ITEMS));
    expect(messages.length).toBeGreaterThan(1);
    const assembler = new ResponseAssembler();
    // nothing comes out until the last part
    expect(messages.slice(0, -1).map((m) => assembler.receive(m))).toEqual(messages.slice(0, -1).map(() => null));
    expect(assembler.receive(messages[messages.length - 1]!)).toEqual(response);
    expect(() => new ResponseAssembler().receive(messages[1]!)).toThrow(/alone/);
  });
});
