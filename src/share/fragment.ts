/**
 * What the page must know of share links before any is opened: whether the address holds one. Kept apart from
 * link.ts so the first load of the app carries no deflate code nor its dictionary (they load when a link is opened
 * or made). Pure.
 */

/** The fragment's prefix: `kx`, then the format version and `:`. */
export const LINK_PREFIX = 'kx';

/** Whether a location hash (with or without `#`) is meant as a share link, whatever its version or state. */
export function isShareFragment(hash: string): boolean {
  return new RegExp(`^#?${LINK_PREFIX}\\d+:`).test(hash);
}
