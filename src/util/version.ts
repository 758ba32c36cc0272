/**
 * Versions as the product uses them: `1.24`, `1.31.0`, `3.5.9`.
 * Only major.minor.patch numbers matter; pre-release suffixes are ignored.
 */

export type VersionParts = readonly [number, number, number];

const VERSION_RE = /^v?(\d+)\.(\d+)(?:\.(\d+))?/;

/** Parse `v1.31.0`, `1.31`, `3.5.9-0`; null when the text is not a version. */
export function parseVersion(text: string): VersionParts | null {
  const m = VERSION_RE.exec(text.trim());
  if (!m) return null;
  return [Number(m[1]), Number(m[2]), m[3] === undefined ? 0 : Number(m[3])];
}

/** Negative when a < b, 0 when equal, positive when a > b. Unparseable versions sort first. */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa || !pb) return (pa ? 1 : 0) - (pb ? 1 : 0);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** `major.minor` of a version, e.g. `1.31` for `v1.31.2`. */
export function minorOf(text: string): string | null {
  const p = parseVersion(text);
  return p ? `${p[0]}.${p[1]}` : null;
}

/** True for the strings content files may use as versions: `1.24`, `3.5`, `1.24.3`. */
export function isWellFormedVersion(text: string): boolean {
  return /^\d+\.\d+(\.\d+)?$/.test(text);
}
