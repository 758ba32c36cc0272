/**
 * Split a command line into words the way a POSIX shell would (quotes, backslash escapes,
 * line continuations), keeping for every word the source range it came from.
 * No expansion happens here; `$VAR` stays in the word and is marked so callers can expand it.
 */
import type { SourceRange } from '../../model/types';

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

/** Whether `\` at i ends the line (followed by `\n` or `\r\n`); returns the offset after the break. */
export function continuationAt(text: string, i: number): number | null {
  if (text[i] !== '\\') return null;
  if (text[i + 1] === '\n') return i + 2;
  if (text[i + 1] === '\r' && text[i + 2] === '\n') return i + 3;
  return null;
}

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

export interface ShellSplitOptions {
  /**
   * A `#` at the start of a word begins a comment to the end of the line (shell). Off for
   * systemd `ExecStart=` and `ps` output, where `#` is an ordinary character. Default true.
   */
  comments?: boolean;
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
  const words: ShellWord[] = [];
  let i = start;
  let unterminatedQuote: number | null = null;
  while (i < end) {
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
    let word = '';
    const offsets: number[] = [];
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
        const next = text[i + 1];
        if (next !== undefined && i + 1 < end) {
          word += next;
          offsets.push(i + 1);
          i += 2;
          continue;
        }
        word += ch;
        offsets.push(i);
        i++;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quoted = true;
        const q = ch;
        const open = i;
        i++;
        let closed = false;
        while (i < end) {
          const qc = text[i] ?? '';
          if (qc === q) {
            closed = true;
            i++;
            break;
          }
          if (q === '"' && qc === '\\' && i + 1 < end) {
            const quotedBreak = continuationAt(text, i);
            if (quotedBreak !== null) {
              i = quotedBreak;
              continue;
            }
            const next = text[i + 1] ?? '';
            if (next === '"' || next === '\\' || next === '$' || next === '`') {
              word += next;
              offsets.push(i + 1);
              i += 2;
              continue;
            }
          }
          word += qc;
          offsets.push(i);
          i++;
        }
        if (!closed) {
          unterminatedQuote ??= open;
          break;
        }
        continue;
      }
      word += ch;
      offsets.push(i);
      i++;
    }
    words.push({ text: word, range: { start: wordStart, end: i }, offsets, quoted });
  }
  return { words, unterminatedQuote };
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
