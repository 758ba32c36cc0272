/**
 * npm run bench: times the pipeline in Node against the bare `yaml` parse of the same text.
 *   sample  — the four manifests of content/examples/kubeadm-v1.31
 *   large   — 500 manifests concatenated with `---` into one file (~1.3 MB)
 * Prints median and p90 over repeated runs and the ratio to the bare parse.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { KnowledgeBase } from '../knowledge/knowledgeBase';
import { nodeContentReader } from '../knowledge/nodeReader';
import { analyseWorkspace } from '../pipeline';
import type { WorkspaceFile } from '../model/types';
import { fileId } from '../model/span';

const root = fileURLToPath(new URL('../..', import.meta.url));
const sampleDir = `${root}content/examples/kubeadm-v1.31/`;
const sample: WorkspaceFile[] = readdirSync(sampleDir)
  .filter((n) => n.endsWith('.yaml'))
  .map((n, i) => ({ id: fileId(`s${i}`), name: n, text: readFileSync(sampleDir + n, 'utf8') }));
const manifests = sample.map((f) => f.text);
const largeText = Array.from({ length: 500 }, (_, i) => manifests[i % manifests.length]).join('---\n');
const large: WorkspaceFile[] = [{ id: fileId('big'), name: 'large.yaml', text: largeText }];

async function time(runs: number, fn: () => unknown): Promise<{ median: number; p90: number }> {
  for (let i = 0; i < Math.min(3, runs); i++) await fn(); // warm up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)] ?? 0, p90: samples[Math.floor(samples.length * 0.9)] ?? 0 };
}

const kb = await KnowledgeBase.create(nodeContentReader(`${root}content`));
const coldStart = performance.now();
await analyseWorkspace(sample, kb); // loads the catalogues once (what the first analysis in a session pays)
const cold = performance.now() - coldStart;

const rows: [string, number, { median: number; p90: number }, { median: number; p90: number }][] = [];
for (const [name, files, runs] of [
  ['sample (4 manifests)', sample, 50],
  ['large (500 manifests)', large, 5],
] as const) {
  const chars = files.reduce((n, f) => n + f.text.length, 0);
  const bare = await time(runs, () => files.forEach((f) => parseAllDocuments(f.text)));
  const full = await time(runs, () => analyseWorkspace(files, kb));
  rows.push([name, chars, bare, full]);
}

console.log(`first analysis incl. loading content: ${cold.toFixed(1)} ms`);
console.log('input                    chars      yaml parse (median/p90)   pipeline (median/p90)    ratio');
for (const [name, chars, bare, full] of rows) {
  console.log(
    `${name.padEnd(24)} ${String(chars).padStart(9)}   ${bare.median.toFixed(1).padStart(8)} / ${bare.p90.toFixed(1).padEnd(8)} ms   ${full.median
      .toFixed(1)
      .padStart(8)} / ${full.p90.toFixed(1).padEnd(8)} ms   ${(full.median / bare.median).toFixed(2)}x`,
  );
}

// First-load size of the built app (needs `npm run build` first): what index.html pulls in before
// Monaco, and the lazily loaded Monaco chunk on top.
const dist = `${root}dist/`;
if (existsSync(`${dist}index.html`)) {
  const html = readFileSync(`${dist}index.html`, 'utf8');
  const gz = (path: string) => gzipSync(readFileSync(path)).length;
  const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1] ?? '');
  const initialGz = initial.reduce((n, f) => n + gz(dist + f), 0);
  const assets = readdirSync(`${dist}assets`);
  const monaco = assets.filter((f) => /^(MonacoEditor|editor\.worker)/.test(f));
  const monacoGz = monaco.filter((f) => !f.includes('worker')).reduce((n, f) => n + gz(`${dist}assets/${f}`), 0);
  const workerGz = monaco.filter((f) => f.includes('worker')).reduce((n, f) => n + gz(`${dist}assets/${f}`), 0);
  console.log(`\nfirst load (gzip): ${(initialGz / 1024).toFixed(0)} KiB without Monaco (${initial.join(', ')})`);
  console.log(
    `                   ${((initialGz + monacoGz) / 1024).toFixed(0)} KiB with the Monaco chunk (+${(monacoGz / 1024).toFixed(0)} KiB), editor worker ${(workerGz / 1024).toFixed(0)} KiB`,
  );
} else {
  console.log('\n(no dist/: run `npm run build` to also measure the first-load size)');
}
