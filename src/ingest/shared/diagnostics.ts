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

/**
 * A library's error in a few words that quote nothing of the input: cut before the first `: ` (where parsers append
 * the offending text, which may be a secret), without quoted parts, at most 80 characters.
 */
export function shortError(e: unknown): string {
  const raw = e instanceof Error ? e.message : typeof e === 'string' ? e : 'unknown error';
  const first = (raw.split('\n')[0] ?? '').split(': ')[0] ?? '';
  const plain = first.replace(/"[^"]*"|'[^']*'|`[^`]*`/g, '…').trim();
  return (plain.length > 80 ? `${plain.slice(0, 79)}…` : plain) || (e instanceof Error ? e.name : 'error');
}

/** Only comments (`#`, `//`, `;`) and blank lines. */
export function onlyComments(text: string): boolean {
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t !== '' && !t.startsWith('#') && !t.startsWith('//') && !t.startsWith(';') && t !== '---') return false;
  }
  return true;
}
