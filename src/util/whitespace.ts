/**
 * Whitespace by index, for readers that must stay linear on any input: a RegExp such as `/\s+#.*$/` or
 * `/^(\s*)(.*?)\s*$/` backtracks over a run of blanks once per position (a 1 MB line of spaces took minutes).
 */

/** Whether the character code is whitespace as a RegExp's `\s` (and String.prototype.trim) sees it. */
export function isSpaceCode(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** A space or a tab. */
export function isBlankCode(c: number): boolean {
  return c === 32 || c === 9;
}

/** The first index in [from, to) that is not `\s` whitespace (`to` when there is none). */
export function skipSpaces(text: string, from = 0, to = text.length): number {
  let i = from;
  while (i < to && isSpaceCode(text.charCodeAt(i))) i++;
  return i;
}

/** The index after the last character in [from, to) that is not `\s` whitespace (`from` when there is none). */
export function trimEndIndex(text: string, from = 0, to = text.length): number {
  let e = to;
  while (e > from && isSpaceCode(text.charCodeAt(e - 1))) e--;
  return e;
}

/** Whether the character code ends a line for a RegExp (`.` does not match it, `$` with the m flag does). */
export function isLineTerminatorCode(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/**
 * The text before a trailing comment: what `text.replace(/\s+#.*$/, '')` gives, in one pass. The comment is the
 * first `#` after whitespace with no line terminator after it (`.` stops at one); the whitespace before it goes too.
 */
export function beforeTrailingComment(text: string): string {
  let from = text.length;
  while (from > 0 && !isLineTerminatorCode(text.charCodeAt(from - 1))) from--;
  for (let i = Math.max(1, from); i < text.length; i++) {
    if (text.charCodeAt(i) === 35 /* # */ && isSpaceCode(text.charCodeAt(i - 1)))
      return text.slice(0, trimEndIndex(text, 0, i));
  }
  return text;
}
