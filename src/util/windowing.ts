/**
 * Windowing arithmetic for long lists and many editor decorations: which items of a long list are in view, by
 * pixel offset (the panel lists) or by text offset (markers and decorations of a large file). Pure.
 */

/** Tops of items of the given heights: `offsets[i]` is where item i starts, `offsets[n]` the total height. */
export function prefixOffsets(count: number, heightOf: (index: number) => number): Float64Array {
  const offsets = new Float64Array(count + 1);
  for (let i = 0; i < count; i++) offsets[i + 1] = offsets[i]! + heightOf(i);
  return offsets;
}

/** First index i in [lo, hi) for which `below(i)` is false, `hi` when there is none (`below` is monotone). */
function partition(lo: number, hi: number, below: (i: number) => boolean): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (below(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The items [start, end) of a list with these offsets (prefixOffsets) that overlap the pixels [top, bottom). */
export function rangeInView(offsets: Float64Array, top: number, bottom: number): { start: number; end: number } {
  const n = offsets.length - 1;
  // the first item whose bottom is below `top`, the first item whose top is at or below `bottom`
  const start = partition(0, n, (i) => offsets[i + 1]! <= top);
  const end = Math.max(
    start,
    partition(start, n, (i) => offsets[i]! < bottom),
  );
  return { start, end };
}

/**
 * The items of a list sorted by `startOf` that start in the text offsets [from, to): what to mark in the part of a
 * large file that is on screen.
 */
export function startingIn<T>(sorted: readonly T[], startOf: (item: T) => number, from: number, to: number): T[] {
  const first = partition(0, sorted.length, (i) => startOf(sorted[i]!) < from);
  const last = partition(first, sorted.length, (i) => startOf(sorted[i]!) < to);
  return sorted.slice(first, last);
}
