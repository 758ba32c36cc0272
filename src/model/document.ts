/** Fresh empty parts of a SourceDocument, so every parser builds documents the same way. */
import type { SourceDocument } from './types';
import { documentId, type FileId } from './span';

export type DocumentDefaults = Pick<
  SourceDocument,
  'component' | 'componentSource' | 'version' | 'image' | 'binaryRange' | 'flags' | 'fields' | 'diagnostics'
>;

/** Nothing recognised yet: no component, version, image or binary; empty lists (new arrays each call). */
export function documentDefaults(): DocumentDefaults {
  return {
    component: null,
    componentSource: null,
    version: null,
    image: null,
    binaryRange: null,
    flags: [],
    fields: [],
    diagnostics: [],
  };
}

/** The documents of one file numbered in the order given: each its index and the id made from it. */
export function renumbered<D extends SourceDocument>(documents: readonly D[], file: FileId): D[] {
  return documents.map((d, index) => ({ ...d, index, id: documentId(file, index) }));
}
