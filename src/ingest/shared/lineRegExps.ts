/**
 * RegExps that find a line in a whole text (the m flag) in linear time. `^\s*` with the m flag is quadratic on blank
 * lines: `\s` matches line breaks, so from every line start it runs over all the blank lines below. These match the
 * blanks of one line only, and never put two runs of blanks next to each other with nothing but an optional part
 * between them (`\s*,?\s*$` backtracks over a run of blanks once per character).
 */

/** RegExp source: the blanks of one line (whitespace but no line terminator), any number. */
export const LINE_BLANKS = '[^\\S\\r\\n\\u2028\\u2029]*';

const B = LINE_BLANKS;

/**
 * A line `kind: X` (YAML) or `"kind": "X",` (JSON) where X is one of `kinds`, a RegExp source matched in full
 * (an alternation such as `Pod` or `InitConfiguration|ClusterConfiguration`).
 */
export function kindLineRegExp(kinds: string): RegExp {
  return new RegExp(`^${B}["']?kind["']?${B}:\\s*["']?(?:${kinds})["']?${B}(?:,${B})?$`, 'm');
}

/** A line starting with the key `key` (YAML `key:` or JSON `"key":`), a RegExp source. */
export function keyLineRegExp(key: string): RegExp {
  return new RegExp(`^${B}["']?(?:${key})["']?${B}:`, 'm');
}
