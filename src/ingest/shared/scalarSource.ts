/**
 * Where each character of a YAML scalar's value is written: the value of a plain scalar folded over several lines,
 * a double-quoted one with escapes or line breaks, or a block scalar (`|`, `>`) is not the source text, but every
 * character of it still comes from one place in the source. Found by walking the value and the source together:
 * characters that match are taken, source blanks that folding and indentation removed are skipped, escapes are
 * decoded.
 */
import type { Scalar } from 'yaml';
import { scalarText } from '../../util/strings';

const isBlank = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** YAML double-quote escapes of one character. */
const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_ESCAPES: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** The escape at `p` (a backslash): what it stands for and its length; null when it is none. */
function escapeAt(text: string, p: number): { value: string; length: number } | null {
  const e = text[p + 1];
  if (e === undefined) return null;
  const one = ESCAPES[e];
  if (one !== undefined) return { value: one, length: 2 };
  const digits = HEX_ESCAPES[e];
  if (digits === undefined) return null;
  const hex = text.slice(p + 2, p + 2 + digits);
  if (hex.length !== digits || !/^[0-9A-Fa-f]+$/.test(hex)) return null;
  const code = parseInt(hex, 16);
  return code > 0x10ffff ? null : { value: String.fromCodePoint(code), length: 2 + digits };
}

/** Where the value's text starts and ends in the source, by the scalar's style. */
function body(node: Scalar, text: string): { start: number; end: number } | null {
  const [s, e] = node.range ?? [0, 0];
  if (e <= s) return null;
  switch (node.type) {
    case 'QUOTE_DOUBLE':
    case 'QUOTE_SINGLE':
      return e - s >= 2 ? { start: s + 1, end: e - 1 } : null;
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED': {
      const nl = text.indexOf('\n', s);
      return nl < 0 || nl >= e ? null : { start: nl + 1, end: e };
    }
    default:
      return { start: s, end: e };
  }
}

/**
 * The source offset of each character of the scalar's value (as many as the value has characters), or null when the
 * value cannot be matched with its source (a tag that changed it, an anchor's copy).
 */
export function scalarOffsets(node: Scalar, text: string): number[] | null {
  const value = scalarText(node.value);
  const range = body(node, text);
  if (!range) return value === '' ? [] : null;
  const double = node.type === 'QUOTE_DOUBLE';
  const single = node.type === 'QUOTE_SINGLE';
  const out: number[] = [];
  let p = range.start;
  for (let i = 0; i < value.length;) {
    const c = value[i] ?? '';
    if (p >= range.end) return null;
    const t = text[p] ?? '';
    if (double && t === '\\') {
      if (text[p + 1] === '\n' || text[p + 1] === '\r') {
        // an escaped line break: nothing, and the next line's indentation neither
        p += 2;
        while (p < range.end && isBlank(text[p])) p++;
        continue;
      }
      const esc = escapeAt(text, p);
      if (!esc || !value.startsWith(esc.value, i)) return null;
      for (let k = 0; k < esc.value.length; k++) out.push(p + 1);
      i += esc.value.length;
      p += esc.length;
      continue;
    }
    if (single && t === "'") {
      if (c !== "'" || text[p + 1] !== "'") return null;
      out.push(p);
      i++;
      p += 2;
      continue;
    }
    if (t === c) {
      out.push(p);
      i++;
      p++;
      continue;
    }
    if (isBlank(t)) {
      // a line break folded into a space, or indentation and trailing blanks folding removed
      if (isBlank(c)) {
        out.push(p);
        i++;
      }
      p++;
      continue;
    }
    return null;
  }
  return out;
}
