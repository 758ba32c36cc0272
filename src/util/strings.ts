/** Small string helpers shared by the stages. */

/** Rows of editDistance, reused between calls (it runs for every candidate of every unknown flag). */
let prevRow = new Int32Array(64);
let curRow = new Int32Array(64);

/** Levenshtein distance, with an early exit when it exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  if (prevRow.length <= n) {
    prevRow = new Int32Array(n + 1);
    curRow = new Int32Array(n + 1);
  }
  let prev = prevRow;
  let cur = curRow;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const ca = a.charCodeAt(i - 1);
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[n]!;
}

/** The words of a name (split at `-` and `_`) in sorted order, joined with `-`: `servers_etcd` -> `etcd-servers`. */
const sortedWords = (s: string) => s.split(/[-_]/).sort().join('-');

/**
 * Candidates close to `word`: within an edit distance that grows with the length,
 * or sharing all of its dash-separated words in another order.
 */
export function closestMatches(word: string, candidates: readonly string[], max = 3): string[] {
  const limit = Math.max(2, Math.floor(word.length / 4));
  let words: string | null = null;
  const scored: { c: string; d: number }[] = [];
  for (const c of candidates) {
    let d = editDistance(word, c, limit);
    // the same words in another order have the same length (a separator stays a separator)
    if (d > limit && c.length === word.length && c.split('-').sort().join('-') === (words ??= sortedWords(word)))
      d = limit;
    if (d <= limit) scored.push({ c, d });
  }
  scored.sort((x, y) => x.d - y.d || x.c.localeCompare(y.c));
  return scored.slice(0, max).map((s) => s.c);
}

/** A parsed scalar (YAML, JSON) as text: '' for null and undefined, never `[object Object]`. */
export function scalarText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? '';
}
