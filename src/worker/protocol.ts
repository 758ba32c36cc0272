/**
 * Messages between the page and the analysis worker. A response carries in full only the files whose analysis
 * changed since the previous response; for the others it names the file, and the page reuses what it received
 * before. Each response must therefore be decoded in order, stale ones included (AnalysisDecoder).
 */
import type { SourceDocument, WorkspaceFile } from '../model/types';
import type { FileId } from '../model/span';
import type { AnnotatedDocument, AnnotatedField, AnnotatedFlag } from '../annotate/annotate';
import type { AnalysedFile, SessionStats } from '../pipeline';
import type { PresentedAnalysis } from '../present/analysis';
import type { BenchmarkId } from '../analysis/audit';
import type { MessageCatalogue, PresentedFinding } from '../present/messages';

export interface AnalysisRequest {
  id: number;
  files: WorkspaceFile[];
  /** UI language: flag prose and message words come in it (English where a translation is missing). */
  lang: string;
  /** The security audit's benchmark; absent: the one matching the cluster's version. */
  benchmark?: BenchmarkId;
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

/**
 * A response as posted: small ones whole; a large one (tens of thousands of flags) as a head and parts, because the
 * page deserialises each message in one task: 44,000 annotated flags in one message held the page's main thread for
 * 160-520 ms. The head carries the response with the flags and fields of the large files' documents left out; each
 * part carries the next CHUNK_ITEMS of them (and of the findings), and is deserialised in a task of its own, so the
 * page can handle input and paint between parts. ResponseAssembler puts the response back together.
 */
export type AnalysisMessage =
  { head: AnalysisResponse; parts: number; restore: RestoredFile[] } | { id: number; part: WirePart };

/** A file of the head whose documents' `flags` and `fields` come in parts. */
interface RestoredFile {
  /** Index in `analysis.files`. */
  file: number;
  /** Its documents whose SourceDocument `flags` and `fields` are the occurrences of the annotated ones. */
  sameOccurrences: number[];
}

/** Flags and fields of documents of the head, and findings, appended in order. */
interface WirePart {
  pieces: { file: number; document: number; flags: AnnotatedFlag[]; fields: AnnotatedField[] }[];
  findings: PresentedFinding[];
}

/** Flags, fields or findings per message. */
export const CHUNK_ITEMS = 2000;

const sameOccurrences = (d: AnnotatedDocument) =>
  d.flags.length === d.document.flags.length &&
  d.flags.every((f, i) => f.occurrence === d.document.flags[i]) &&
  d.fields.length === d.document.fields.length &&
  d.fields.every((f, i) => f.occurrence === d.document.fields[i]);

/** The messages that carry a response: the response itself when it is small. Leaves `response` as it was. */
export function splitResponse(response: AnalysisResponse, chunk = CHUNK_ITEMS): AnalysisMessage[] {
  if (!response.ok) return [{ head: response, parts: 0, restore: [] }];
  const wire = response.analysis;
  const weight = (af: AnalysedFile) => af.documents.reduce((n, d) => n + d.flags.length + d.fields.length, 0);
  const total = wire.files.reduce((n, w) => n + ('unchanged' in w ? 0 : weight(w)), wire.findings.length);
  if (total <= chunk) return [{ head: response, parts: 0, restore: [] }];

  const parts: WirePart[] = [];
  let part: WirePart = { pieces: [], findings: [] };
  let size = 0;
  const take = (n: number) => {
    size += n;
    if (size < chunk) return;
    parts.push(part);
    part = { pieces: [], findings: [] };
    size = 0;
  };
  const restore: RestoredFile[] = [];
  const files = wire.files.map((w, fileIndex): WireFile => {
    if ('unchanged' in w || weight(w) <= chunk / 4) return w;
    const same: number[] = [];
    const stripped = new Map<SourceDocument, SourceDocument>();
    const documents = w.documents.map((d, docIndex): AnnotatedDocument => {
      let document = d.document;
      if (sameOccurrences(d)) {
        // the page rebuilds these from the annotated flags and fields: each occurrence is sent once
        same.push(docIndex);
        document = { ...d.document, flags: [], fields: [] };
        stripped.set(d.document, document);
      }
      for (let i = 0; i < Math.max(d.flags.length, d.fields.length);) {
        const room = Math.max(1, chunk - size);
        const flags = d.flags.slice(i, i + room);
        const fields = d.fields.slice(i, i + room);
        part.pieces.push({ file: fileIndex, document: docIndex, flags, fields });
        i += room;
        take(Math.max(flags.length, fields.length, 1));
      }
      return { ...d, document, flags: [], fields: [] };
    });
    restore.push({ file: fileIndex, sameOccurrences: same });
    // the file's own list names the same (stripped) documents
    const file = { ...w.file, documents: w.file.documents.map((d) => stripped.get(d) ?? d) };
    return { file, documents };
  });
  const findings = wire.findings.slice(0, chunk);
  for (let i = chunk; i < wire.findings.length; i += chunk) {
    const slice = wire.findings.slice(i, i + chunk);
    part.findings.push(...slice);
    take(slice.length);
  }
  if (part.pieces.length > 0 || part.findings.length > 0) parts.push(part);
  const head: AnalysisResponse = { ...response, analysis: { ...wire, files, findings } };
  return [{ head, parts: parts.length, restore }, ...parts.map((p) => ({ id: response.id, part: p }))];
}

/** Page side: gives back each response once all its messages have arrived (they arrive in order). */
export class ResponseAssembler {
  private pending: { head: AnalysisResponse & { ok: true }; left: number; restore: RestoredFile[] } | null = null;

  /** The whole response when `message` completes one, else null. */
  receive(message: AnalysisMessage): AnalysisResponse | null {
    if ('head' in message) {
      if (message.parts === 0 || !message.head.ok) {
        this.pending = null;
        return message.head;
      }
      this.pending = { head: message.head, left: message.parts, restore: message.restore };
      return null;
    }
    const p = this.pending;
    if (!p || p.head.id !== message.id) throw new Error(`analysis protocol: a part of response ${message.id} alone`);
    const wire = p.head.analysis;
    for (const piece of message.part.pieces) {
      const w = wire.files[piece.file];
      const d = w && !('unchanged' in w) ? w.documents[piece.document] : undefined;
      if (!d) throw new Error(`analysis protocol: no document ${piece.file}/${piece.document}`);
      d.flags.push(...piece.flags);
      d.fields.push(...piece.fields);
    }
    wire.findings.push(...message.part.findings);
    if (--p.left > 0) return null;
    for (const r of p.restore) {
      const w = wire.files[r.file];
      if (!w || 'unchanged' in w) continue;
      for (const i of r.sameOccurrences) {
        const d = w.documents[i];
        if (!d) continue;
        for (const f of d.flags) d.document.flags.push(f.occurrence);
        for (const f of d.fields) d.document.fields.push(f.occurrence);
      }
    }
    this.pending = null;
    return p.head;
  }
}
