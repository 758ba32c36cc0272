/**
 * A list that renders only the rows on screen (plus a margin) once it is long: 44,000 flag rows of a pasted 1 MB
 * command line took React and the browser's layout 10 s or more. Rows may differ in height: each rendered row is
 * measured, rows not seen yet count with an estimate, and the rows above and below the window are one empty spacer
 * row each (not padding: the findings list scrolls itself, and padding would be added to its height). Short lists (the usual case) are rendered whole, exactly as before.
 */
import { useLayoutEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import { prefixOffsets, rangeInView } from '../util/windowing';

interface Props<T extends object> {
  items: readonly T[];
  itemKey: (item: T, index: number) => string;
  /** One `<li>` per item. */
  renderItem: (item: T, index: number) => ReactElement;
  /** Height of a row not rendered yet, in pixels. */
  estimatedHeight: number;
  /** Lists up to this long are rendered whole. */
  windowFrom?: number;
  /** Pixels rendered above and below the visible part. */
  overscan?: number;
  className?: string;
  testId?: string;
}

/** Lists longer than this render only what is on screen. */
export const WINDOW_FROM = 200;

function scrollParent(el: HTMLElement): HTMLElement {
  for (let e: HTMLElement | null = el; e; e = e.parentElement) {
    const y = getComputedStyle(e).overflowY;
    if (y === 'auto' || y === 'scroll') return e;
  }
  return document.scrollingElement instanceof HTMLElement ? document.scrollingElement : document.body;
}

export function VirtualList<T extends object>({
  items,
  itemKey,
  renderItem,
  estimatedHeight,
  windowFrom = WINDOW_FROM,
  overscan = 800,
  className,
  testId,
}: Props<T>) {
  const list = useRef<HTMLUListElement>(null);
  /** Measured heights by index (0: not measured) of the items they were measured for; new items start over. */
  const heights = useRef<{ items: readonly T[]; px: Float64Array }>({ items: [], px: new Float64Array(0) });
  if (heights.current.items !== items) heights.current = { items, px: new Float64Array(items.length) };
  const [measured, setMeasured] = useState(0);
  /** The visible pixels of the list, relative to its top. */
  const [view, setView] = useState({ top: 0, bottom: typeof window === 'undefined' ? 1000 : window.innerHeight });
  const windowed = items.length > windowFrom;

  const offsets = useMemo(
    () => (windowed ? prefixOffsets(items.length, (i) => heights.current.px[i] || estimatedHeight) : null),
    // `measured` changes when a row's height is learnt
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [items, windowed, estimatedHeight, measured],
  );
  const range = offsets ? rangeInView(offsets, view.top - overscan, view.bottom + overscan) : null;
  const rendered = useRef(range);
  rendered.current = range;
  const offsetsRef = useRef(offsets);
  offsetsRef.current = offsets;

  // follow the scroll position: a new window only when the visible part leaves what is rendered
  useLayoutEffect(() => {
    const el = list.current;
    if (!windowed || !el) return;
    const scroller = scrollParent(el);
    const update = () => {
      const top =
        scroller === el ? el.scrollTop : scroller.getBoundingClientRect().top - el.getBoundingClientRect().top;
      const bottom = top + scroller.clientHeight;
      const r = rendered.current;
      const o = offsetsRef.current;
      if (r && o) {
        // render again before the visible part comes closer than half the margin to the edge of what is rendered
        const need = rangeInView(o, top - overscan / 2, bottom + overscan / 2);
        if (need.start >= r.start && need.end <= r.end) return;
      }
      setView({ top, bottom });
    };
    update();
    scroller.addEventListener('scroll', update, { passive: true });
    const resize = new ResizeObserver(update);
    resize.observe(scroller);
    return () => {
      scroller.removeEventListener('scroll', update);
      resize.disconnect();
    };
  }, [windowed, overscan]);
  // measure the rows just rendered; render again when one is not as tall as counted
  const start = range?.start ?? -1;
  const end = range?.end ?? -1;
  useLayoutEffect(() => {
    const el = list.current;
    if (!el || start < 0) return;
    let changed = false;
    const px = heights.current.px;
    // children: the top spacer, the rows start..end-1, the bottom spacer
    for (let k = 0; k + 1 < el.children.length && start + k < end; k++) {
      const child = el.children[k + 1];
      if (!(child instanceof HTMLElement)) continue;
      const h = child.getBoundingClientRect().height;
      if (Math.abs((px[start + k] || estimatedHeight) - h) > 0.5) changed = true;
      px[start + k] = h;
    }
    if (changed) setMeasured((m) => m + 1);
  }, [items, start, end, estimatedHeight, measured]);

  if (!offsets || !range) {
    return (
      <ul ref={list} className={className} data-testid={testId}>
        {items.map((item, i) => (
          <Keyed key={itemKey(item, i)}>{renderItem(item, i)}</Keyed>
        ))}
      </ul>
    );
  }
  const total = offsets[items.length]!;
  const rows: ReactElement[] = [];
  for (let i = range.start; i < range.end; i++) {
    const item = items[i]!;
    rows.push(<Keyed key={itemKey(item, i)}>{renderItem(item, i)}</Keyed>);
  }
  return (
    <ul
      ref={list}
      className={className}
      data-testid={testId}
      data-windowed={`${range.start}-${range.end}/${items.length}`}
    >
      <li aria-hidden="true" className="kx-spacer" style={{ height: offsets[range.start] }} />
      {rows}
      <li aria-hidden="true" className="kx-spacer" style={{ height: total - offsets[range.end]! }} />
    </ul>
  );
}

/** Gives a row its key without the caller's element needing one. */
function Keyed({ children }: { children: ReactElement }) {
  return children;
}
