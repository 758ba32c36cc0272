/** ContentReader over the content/ folder on disk (CLI, tests, scripts). Node only. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { ContentReader } from './reader';

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else out.push(full);
  }
}

export function nodeContentReader(root: string): ContentReader {
  const files: string[] = [];
  walk(root, files);
  const paths = files.map((f) => relative(root, f).split(sep).join('/')).sort();
  return {
    list: (prefix) => paths.filter((p) => p.startsWith(prefix)),
    read: (path) => Promise.resolve(readFileSync(join(root, path), 'utf8')),
  };
}
