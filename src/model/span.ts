/**
 * Names and places: the id of a workspace file, the id of a document in it, and a span (a range in one file).
 * Ids are branded strings, so a file id cannot be passed where a document id is wanted (or any string as either).
 * Pure data: brands exist only for the type checker, the values are plain strings.
 */
import type { SourceRange } from './types';

/** The id of a workspace file (WorkspaceFile.id). */
export type FileId = string & { readonly __brand: 'FileId' };

/** The id of one document of a file (SourceDocument.id): made only by `documentId`. */
export type DocumentId = string & { readonly __brand: 'DocumentId' };

/** A string as a file id: at the edge, where files are made (the workspace, the CLI, tests). */
export function fileId(s: string): FileId {
  return s as FileId;
}

/** The id of the document at `index` in a file: the one place document ids are made. */
export function documentId(file: FileId, index: number): DocumentId {
  return `${file}#${index}` as DocumentId;
}

/** A range in a file that is not implied by its context (a value defined in another file, a finding). */
export interface Span {
  fileId: FileId;
  range: SourceRange;
}
