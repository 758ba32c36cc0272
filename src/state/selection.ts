/**
 * The one selection of the page: where the editor's cursor is, and the span a view asked the editor to show. Graph
 * pages read the cursor (a certificate flag under the cursor highlights its node); any page can ask for a span to be
 * revealed (the workspace opens on it). A small external store, so a cursor move re-renders only its readers.
 */
import { useSyncExternalStore } from 'react';
import type { FileId, Span } from '../model/span';

/** Show and select a span; a new `nonce` asks again for the same span. */
export interface RevealRequest extends Span {
  nonce: number;
}

export interface Cursor {
  fileId: FileId;
  offset: number;
}

interface Selection {
  cursor: Cursor | null;
  reveal: RevealRequest | null;
}

let current: Selection = { cursor: null, reveal: null };
let nonce = 0;
const listeners = new Set<() => void>();

function set(next: Partial<Selection>): void {
  current = { ...current, ...next };
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const selection = {
  get: (): Selection => current,
  setCursor(cursor: Cursor | null): void {
    const c = current.cursor;
    if (c === cursor || (c && cursor && c.fileId === cursor.fileId && c.offset === cursor.offset)) return;
    set({ cursor });
  },
  /** Ask the editor to show `at` (a new request each time, even for the same span). */
  reveal(at: Span): RevealRequest {
    nonce += 1;
    const reveal = { fileId: at.fileId, range: at.range, nonce };
    set({ reveal, cursor: { fileId: at.fileId, offset: at.range.start } });
    return reveal;
  },
  /** The workspace page left: a later visit does not jump to an old span again. */
  clearReveal(): void {
    if (current.reveal) set({ reveal: null });
  },
  subscribe,
};

export function useCursor(): Cursor | null {
  return useSyncExternalStore(
    subscribe,
    () => current.cursor,
    () => null,
  );
}

export function useRevealRequest(): RevealRequest | null {
  return useSyncExternalStore(
    subscribe,
    () => current.reveal,
    () => null,
  );
}

/** A window event whose detail is an app path: parts outside React's tree (Monaco's link opener) navigate with it. */
export const NAVIGATE_EVENT = 'kx-navigate';
