/** util/windowing: which rows of a long list, and which marks of a large file, are in view. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { prefixOffsets, rangeInView, startingIn } from '../../src/util/windowing';

describe('prefixOffsets and rangeInView', () => {
  it('rows of 10, 20, 30 … pixels', () => {
    const offsets = prefixOffsets(5, (i) => 10 * (i + 1));
    expect([...offsets]).toEqual([0, 10, 30, 60, 100, 150]);
    expect(rangeInView(offsets, 0, 10)).toEqual({ start: 0, end: 1 });
    expect(rangeInView(offsets, 10, 30)).toEqual({ start: 1, end: 2 });
    expect(rangeInView(offsets, 29, 31)).toEqual({ start: 1, end: 3 });
    expect(rangeInView(offsets, -500, 5)).toEqual({ start: 0, end: 1 });
    expect(rangeInView(offsets, 140, 1000)).toEqual({ start: 4, end: 5 });
    expect(rangeInView(offsets, 150, 1000)).toEqual({ start: 5, end: 5 });
    expect(
      rangeInView(
        prefixOffsets(0, () => 1),
        0,
        100,
      ),
    ).toEqual({ start: 0, end: 0 });
  });

  it('exactly the rows that overlap the view, for any heights', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 80 }), { maxLength: 60 }),
        fc.integer({ min: -100, max: 3000 }),
        fc.integer({ min: 1, max: 800 }),
        (heights, top, size) => {
          const offsets = prefixOffsets(heights.length, (i) => heights[i]!);
          const { start, end } = rangeInView(offsets, top, top + size);
          const overlapping = heights.map((_, i) => i).filter((i) => offsets[i]! < top + size && offsets[i + 1]! > top);
          if (overlapping.length === 0) return start === end;
          return start === overlapping[0] && end === overlapping[overlapping.length - 1]! + 1;
        },
      ),
    );
  });
});

describe('startingIn', () => {
  it('the items that start inside [from, to), by binary search', () => {
    const starts = [0, 5, 5, 9, 20, 31];
    const items = starts.map((s) => ({ s }));
    const at = (from: number, to: number) => startingIn(items, (x) => x.s, from, to).map((x) => x.s);
    expect(at(0, 1)).toEqual([0]);
    expect(at(5, 10)).toEqual([5, 5, 9]);
    expect(at(6, 20)).toEqual([9]);
    expect(at(21, 31)).toEqual([]);
    expect(at(-10, 100)).toEqual(starts);
    fc.assert(
      fc.property(
        fc.array(fc.nat(200)).map((xs) => xs.sort((a, b) => a - b)),
        fc.nat(220),
        fc.nat(50),
        (sorted, from, size) =>
          JSON.stringify(startingIn(sorted, (x) => x, from, from + size)) ===
          JSON.stringify(sorted.filter((x) => x >= from && x < from + size)),
      ),
    );
  });
});
