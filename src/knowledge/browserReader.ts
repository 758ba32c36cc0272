/** ContentReader over the bundled content/ folder: every file is its own lazily loaded chunk. */
import { mapReader, type ContentReader } from './reader';

const modules = import.meta.glob<string>(['/content/**/*.yaml', '/content/**/*.json'], {
  query: '?raw',
  import: 'default',
});

export function browserContentReader(): ContentReader {
  const files: Record<string, () => Promise<string>> = {};
  for (const [path, load] of Object.entries(modules)) files[path.replace(/^\/content\//, '')] = load;
  return mapReader(files);
}
