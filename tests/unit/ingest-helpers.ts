/** Shared helpers of the ingest tests: run one parser or the whole ingest on text, locate ranges. */
import type {
  DocumentKind,
  DocumentOfKind,
  FlagOccurrence,
  IngestedFile,
  SourceDocument,
  SourceRange,
  WorkspaceFile,
} from '../../src/model/types';
import { isKind } from '../../src/model/document';
import type { IngestFacts } from '../../src/model/components';
import { ingestFile } from '../../src/ingest';
import { LineIndex } from '../../src/util/lineIndex';
import { file, loadKnowledgeBase } from '../helpers';

export const NOW = Date.parse('2026-12-01T00:00:00Z');

/** What ingest is told by content/: components.yaml and config-fields.yaml. */
export async function facts(): Promise<IngestFacts> {
  return (await loadKnowledgeBase()).ingestFacts;
}

export async function ingest(
  text: string,
  name = 'input',
  id = 'f1',
  extra: Partial<WorkspaceFile> = {},
): Promise<IngestedFile> {
  return ingestFile(file(name, text, id, extra), await facts(), { now: NOW });
}

/** `--name=value` pairs of a document's flags, in order. */
export function flagPairs(doc: SourceDocument | undefined): [string, string | null][] {
  return (doc?.flags ?? []).map((f) => [f.name, f.value]);
}

/** 1-based line and column of a range's start. */
export function lineCol(text: string, r: SourceRange): string {
  const p = new LineIndex(text).position(r.start);
  return `${p.line}:${p.column}`;
}

/** The document, which must be of `kind`, narrowed so its payload can be read. */
export function ofKind<K extends DocumentKind>(doc: SourceDocument | undefined, kind: K): DocumentOfKind<K> {
  if (!doc || !isKind(doc, kind)) throw new Error(`expected a ${kind} document, got ${doc?.kind ?? 'none'}`);
  return doc;
}

export function flag(doc: SourceDocument | undefined, name: string): FlagOccurrence {
  const f = doc?.flags.find((x) => x.name === name);
  if (!f) throw new Error(`no flag ${name} in ${doc?.label}`);
  return f;
}

/** The text a range covers. */
export function slice(text: string, r: SourceRange | null | undefined): string {
  return r ? text.slice(r.start, r.end) : '';
}
