/**
 * Where content files come from. The browser reads them from the bundle
 * (import.meta.glob, one chunk per file, loaded on demand); Node reads the disk.
 * Paths are relative to content/, with forward slashes: `en/flags/etcd/tls.yaml`.
 */
export interface ContentReader {
  /** Every content path that starts with `prefix`. */
  list(prefix: string): string[];
  read(path: string): Promise<string>;
}

/** A reader over an in-memory map; used by tests and by the browser glob wrapper. */
export function mapReader(files: Record<string, string | (() => Promise<string>)>): ContentReader {
  const paths = Object.keys(files).sort();
  return {
    list: (prefix) => paths.filter((p) => p.startsWith(prefix)),
    read: async (path) => {
      const entry = files[path];
      if (entry === undefined) throw new Error(`content file not found: ${path}`);
      return typeof entry === 'string' ? entry : entry();
    },
  };
}
