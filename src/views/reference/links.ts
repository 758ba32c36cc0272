/**
 * Small pure helpers of the reference pages (no React: tests/unit/reference-*.test.ts run them in Node): addresses
 * (the release picked is kept in the query, `?v=1.31`), the status filter, finding a flag in a text.
 */
import type { FlagDoc } from '../../knowledge/types';
import { statusAt } from '../../knowledge/flagFacts';

/** A reference address with the release picked. */
export function withVersion(path: string, version: string | null): string {
  return version ? `${path}?v=${encodeURIComponent(version)}` : path;
}

export type StatusFilter = 'current' | 'ok' | 'deprecated' | 'removed' | 'not-yet' | 'any';
export const STATUS_FILTERS: readonly StatusFilter[] = ['current', 'ok', 'deprecated', 'removed', 'not-yet', 'any'];

/** Whether a flag's status at `version` passes the status filter (`current`: the release accepts it). */
export function passesStatus(doc: FlagDoc, version: string, filter: StatusFilter): boolean {
  const s = statusAt(doc, version).status;
  switch (filter) {
    case 'current':
      return s === 'ok' || s === 'deprecated';
    case 'any':
      return true;
    default:
      return s === filter;
  }
}

/** Where `--name` is written as an argument in a text (the sample's manifests), or null. */
export function findFlagInText(text: string, name: string): { start: number; end: number } | null {
  const re = new RegExp(`--${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=[=\\s"']|$)`, 'm');
  const m = re.exec(text);
  return m ? { start: m.index, end: m.index + m[0].length } : null;
}

/** The release a running version belongs to (`1.31.2` → `1.31`), as the reference's version selector names them. */
export function releaseOf(version: string | null): string | null {
  const m = version === null ? null : /^v?(\d+)\.(\d+)/.exec(version);
  return m ? `${m[1]}.${m[2]}` : null;
}
