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

/** The histogram bucket of a character for the bag distance (merging characters keeps it a lower bound). */
function bucketOf(c: number): number {
  if (c >= 97 && c <= 122) return c - 97; // a-z
  if (c >= 65 && c <= 90) return c - 65; // A-Z with a-z
  if (c >= 48 && c <= 57) return 26 + c - 48; // 0-9
  return c === 45 ? 36 : c === 95 ? 37 : 38; // - _ other
}
const BUCKETS = 39;

function histogram(s: string): Int32Array {
  const h = new Int32Array(BUCKETS);
  for (let i = 0; i < s.length; i++) {
    const b = bucketOf(s.charCodeAt(i));
    h[b] = (h[b] ?? 0) + 1;
  }
  return h;
}

/** What a ClosestMatches index did, for tests: how many candidates it looked at and how many distances it computed. */
export interface MatchStats {
  candidates: number;
  distances: number;
}

/**
 * closestMatches over a fixed list of candidates, indexed once: `find(word, max)` gives exactly what
 * `closestMatches(word, candidates, max)` gives, but looks only at the candidates whose length is within the edit
 * limit, and computes the edit distance only for those whose character counts (a lower bound of the distance, a few
 * dozen additions) are within it too. A paste of 50,000 unknown flags cost 5 s of suggestions; now a fraction.
 */
export class ClosestMatches {
  private readonly byLength = new Map<number, { c: string; h: Int32Array; words: string }[]>();
  /** The last answers by word and max (a flood repeats the same few names): at most MEMO entries, then cleared. */
  private readonly memo = new Map<string, string[]>();
  readonly stats: MatchStats = { candidates: 0, distances: 0 };

  constructor(candidates: readonly string[]) {
    for (const c of candidates) {
      const list = this.byLength.get(c.length) ?? [];
      list.push({ c, h: histogram(c), words: c.split('-').sort().join('-') });
      this.byLength.set(c.length, list);
    }
  }

  find(word: string, max = 3): string[] {
    const key = `${max}\0${word}`;
    const known = this.memo.get(key);
    if (known) return [...known];
    const found = this.search(word, max);
    if (this.memo.size >= ClosestMatches.MEMO) this.memo.clear();
    if (word.length <= 200) this.memo.set(key, found);
    return [...found];
  }

  private static readonly MEMO = 10_000;

  private search(word: string, max: number): string[] {
    const limit = Math.max(2, Math.floor(word.length / 4));
    const h = histogram(word);
    let words: string | null = null;
    const scored: { c: string; d: number }[] = [];
    for (let len = Math.max(0, word.length - limit); len <= word.length + limit; len++) {
      const list = this.byLength.get(len);
      if (!list) continue;
      for (const x of list) {
        this.stats.candidates++;
        let more = 0;
        let fewer = 0;
        for (let b = 0; b < BUCKETS; b++) {
          const diff = (h[b] ?? 0) - (x.h[b] ?? 0);
          if (diff > 0) more += diff;
          else fewer -= diff;
        }
        let d = Math.max(more, fewer); // no edit script is shorter than this
        if (d <= limit) {
          this.stats.distances++;
          d = editDistance(word, x.c, limit);
        }
        // the same words in another order have the same length (a separator stays a separator)
        if (d > limit && x.c.length === word.length && x.words === (words ??= sortedWords(word))) d = limit;
        if (d <= limit) scored.push({ c: x.c, d });
      }
    }
    scored.sort((x, y) => x.d - y.d || x.c.localeCompare(y.c));
    return scored.slice(0, max).map((s) => s.c);
  }
}

/** A parsed scalar (YAML, JSON) as text: '' for null and undefined, never `[object Object]`. */
export function scalarText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? '';
}
