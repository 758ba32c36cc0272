/** Diagnostics every parser writes the same way. */
import type { Diagnostic, SourceDocument, SourceRange } from '../../model/types';

/** The first character of a text (nothing for an empty one): where notes about the whole text point. */
export function startOf(text: string): SourceRange {
  return { start: 0, end: Math.min(1, text.length) };
}

/** A parser's result: its documents, or a note at the start of the text when it found none. */
export function documentsOrNote(
  documents: SourceDocument[],
  text: string,
  none: Omit<Diagnostic, 'range'>,
): { documents: SourceDocument[]; diagnostics: Diagnostic[] } {
  return { documents, diagnostics: documents.length === 0 ? [{ ...none, range: startOf(text) }] : [] };
}
