/**
 * The one reader of quoted text and backslash line breaks, shared by the shell word splitter
 * (commands, ExecStart=, `sh -c` scripts) and the environment file reader: both follow the POSIX
 * shell rules, and each character read keeps its source offset.
 */

/** Whether `\` at i ends the line (followed by `\n` or `\r\n`); returns the offset after the break. */
export function continuationAt(text: string, i: number): number | null {
  if (text[i] !== '\\') return null;
  if (text[i + 1] === '\n') return i + 2;
  if (text[i + 1] === '\r') return text[i + 2] === '\n' ? i + 3 : i + 2; // CRLF, or a bare CR line end
  return null;
}

/** Characters a backslash escapes inside double quotes. */
const DOUBLE_QUOTE_ESCAPES = '"\\$`';

/** Text read so far and the source offset of each of its characters. */
export interface ReadText {
  text: string;
  offsets: number[];
}

/**
 * Read the quoted string whose quote (`'` or `"`) is at `open`, up to `end`: single quotes take
 * everything verbatim; double quotes also take `\"`, `\\`, `\$` and `` \` `` as the escaped character
 * and drop `\`-newline. The characters without the quotes are appended to `into`.
 *
 * @returns the offset after the closing quote, and whether there was one (if not, `end`).
 */
export function readQuoted(text: string, open: number, end: number, into: ReadText): { next: number; closed: boolean } {
  const q = text[open];
  let i = open + 1;
  while (i < end) {
    const c = text[i] ?? '';
    if (c === q) return { next: i + 1, closed: true };
    if (q === '"' && c === '\\' && i + 1 < end) {
      const lineBreak = continuationAt(text, i);
      if (lineBreak !== null) {
        i = lineBreak;
        continue;
      }
      const next = text[i + 1] ?? '';
      if (next !== '' && DOUBLE_QUOTE_ESCAPES.includes(next)) {
        into.text += next;
        into.offsets.push(i + 1);
        i += 2;
        continue;
      }
    }
    into.text += c;
    into.offsets.push(i);
    i++;
  }
  return { next: end, closed: false };
}
