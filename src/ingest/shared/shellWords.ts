/**
 * Split a command line into words the way a POSIX shell would (quotes, backslash escapes,
 * line continuations), keeping for every word the source range it came from.
 * No expansion happens here; `$VAR` stays in the word and is marked so callers can expand it.
 */
import type { SourceRange } from '../../model/types';
import { continuationAt, readQuoted, type ReadText } from './quoted';

export interface ShellWord {
  /** The word after quote removal. */
  text: string;
  /** Range of the word in the source, quotes included. */
  range: SourceRange;
  /**
   * Source offset of each character of `text` (same length as text), so a part of the
   * word (the value after `=`) can be located exactly even when quotes sit in the middle.
   */
  offsets: number[];
  /** Whether any part was quoted (a quoted `$VAR` is still expanded by a shell; single quotes are not). */
  quoted: boolean;
}

export interface ShellSplitResult {
  words: ShellWord[];
  /** Offset of an unterminated quote, if any. */
  unterminatedQuote: number | null;
}

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

export interface ShellSplitOptions {
  /**
   * A `#` at the start of a word begins a comment to the end of the line (shell). Off for
   * systemd `ExecStart=` and `ps` output, where `#` is an ordinary character. Default true.
   */
  comments?: boolean;
  /** Stop after this many words (a caller that only looks at the first few need not read a 1 MB line). */
  maxWords?: number;
}

/**
 * @param text   the source text
 * @param start  offset to start at
 * @param end    offset to stop at (exclusive)
 * @param stopAtNewline  stop at an unescaped newline (ps output, one process per line)
 */
export function splitShellWords(
  text: string,
  start = 0,
  end = text.length,
  stopAtNewline = false,
  options: ShellSplitOptions = {},
): ShellSplitResult {
  const comments = options.comments ?? true;
  const maxWords = options.maxWords ?? Infinity;
  const words: ShellWord[] = [];
  let i = start;
  let unterminatedQuote: number | null = null;
  while (i < end && words.length < maxWords) {
    const c = text[i] ?? '';
    const between = continuationAt(text, i);
    if (between !== null) {
      i = between; // line continuation between words
      continue;
    }
    if (c === '\n' && stopAtNewline) break;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '#' && comments) {
      // a comment runs to the end of the line
      while (i < end && text[i] !== '\n') i++;
      continue;
    }
    // read one word
    const wordStart = i;
    const word: ReadText = { text: '', offsets: [] };
    let quoted = false;
    while (i < end) {
      const ch = text[i] ?? '';
      if (isSpace(ch)) break;
      if (ch === '\\') {
        const inside = continuationAt(text, i);
        if (inside !== null) {
          i = inside;
          continue;
        }
        const escaped = i + 1 < end ? i + 1 : i; // a `\` at the very end stands for itself
        word.text += text[escaped] ?? '';
        word.offsets.push(escaped);
        i = escaped + 1;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quoted = true;
        const { next, closed } = readQuoted(text, i, end, word);
        if (!closed) {
          unterminatedQuote ??= i;
          i = next;
          break;
        }
        i = next;
        continue;
      }
      word.text += ch;
      word.offsets.push(i);
      i++;
    }
    words.push({ text: word.text, range: { start: wordStart, end: i }, offsets: word.offsets, quoted });
  }
  return { words, unterminatedQuote };
}

const OPERATOR_RE = /^(\d?>>?|\d?>&\d|<|\||\|\||&&|;|&)/;

/** A redirection or control operator (`>`, `2>&1`, `|`, `&&`, `;`...): the command ends before it. */
export function isShellOperator(word: string): boolean {
  return OPERATOR_RE.test(word);
}

/** Source range of characters [from, to) of a word's text. */
export function wordSubRange(word: ShellWord, from: number, to = word.text.length): SourceRange {
  if (from >= to || word.offsets.length === 0) {
    const at = word.offsets[from] ?? word.range.end;
    return { start: at, end: at };
  }
  const s = word.offsets[from] ?? word.range.start;
  const last = word.offsets[to - 1] ?? word.range.end - 1;
  return { start: s, end: last + 1 };
}
