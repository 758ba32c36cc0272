/** Offsets <-> 1-based line/column for one text. Built once per file, O(log n) lookups. */
import type { Position, SourceRange } from '../model/types';

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - (this.starts[lo] ?? 0) + 1 };
  }

  offset(pos: Position): number {
    const start = this.starts[Math.max(0, Math.min(pos.line - 1, this.starts.length - 1))] ?? 0;
    return Math.min(start + pos.column - 1, this.text.length);
  }

  /** Range of a whole line (without its newline), 1-based line. */
  lineRange(line: number): SourceRange {
    const start = this.starts[line - 1] ?? this.text.length;
    const next = this.starts[line];
    let end = next === undefined ? this.text.length : next - 1;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return { start, end };
  }
}
