/**
 * Writes tests/fixtures/i18n/priority-flags.json: per component the flags of the seed documents (../shared/seeds),
 * which every translation must cover (tests/unit/i18n-coverage.test.ts, check:content --lang). Only names of our
 * English catalogue are kept. The seeds are not committed, so the list is:
 *
 *   npx tsx src/cli/gen-priority-flags.ts [--seeds ../shared/seeds]
 *
 * A flag counts for a component when the pipeline reads it in a document of that component (each seed text and the
 * inputs cut out of it, tests/fixtures/<format>/seedNNN-*); a `--name` the seed only mentions in its prose counts
 * for every component whose catalogue has that name. Without the seeds folder it says so and changes nothing.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KnowledgeBase, resolveFlagName } from '../knowledge/knowledgeBase';
import { nodeContentReader } from '../knowledge/nodeReader';
import { analyseWorkspace } from '../pipeline';
import { fileId } from '../model/span';
import { COMPONENT_IDS, type ComponentId, type WorkspaceFile } from '../model/types';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = `${root}tests/fixtures`;
const out = `${fixtures}/i18n/priority-flags.json`;

function seedsDir(argv: string[]): string {
  const i = argv.indexOf('--seeds');
  return i >= 0 && argv[i + 1] ? argv[i + 1]! : `${root}../shared/seeds`;
}

/** The inputs cut out of seed NNN (tests/fixtures/<format>/seedNNN-*). */
function seedInputs(seed: string): string[] {
  const found: string[] = [];
  for (const dir of readdirSync(fixtures).sort()) {
    if (!existsSync(`${fixtures}/${dir}`) || dir === 'i18n') continue;
    let names: string[];
    try {
      names = readdirSync(`${fixtures}/${dir}`);
    } catch {
      continue;
    }
    for (const f of names.sort()) if (f.startsWith(`seed${seed}-`)) found.push(`${dir}/${f}`);
  }
  return found;
}

async function main(argv: string[]): Promise<void> {
  const seeds = seedsDir(argv);
  if (!existsSync(seeds)) {
    console.log(`gen-priority-flags: ${seeds} not found; ${out} is left as it is.`);
    return;
  }
  const kb = await KnowledgeBase.create(nodeContentReader(`${root}content`));
  const catalogues = new Map(await Promise.all(COMPONENT_IDS.map(async (id) => [id, await kb.loadFlags(id)] as const)));
  const byComponent = new Map<ComponentId, Set<string>>(COMPONENT_IDS.map((id) => [id, new Set<string>()]));
  const seedFiles = readdirSync(seeds)
    .filter((f) => /^\d{3}_.*\.txt$/.test(f))
    .sort();
  for (const seedFile of seedFiles) {
    const text = readFileSync(`${seeds}/${seedFile}`, 'utf8');
    const inputs = seedInputs(seedFile.slice(0, 3));
    const files: WorkspaceFile[] = [
      { id: fileId('seed'), name: seedFile, text },
      ...inputs.map((p, i) => ({
        id: fileId(`in${i}`),
        name: p.split('/').pop()!,
        text: readFileSync(`${fixtures}/${p}`, 'utf8'),
      })),
    ];
    const read = new Set<string>();
    for (const f of files) {
      const analysis = await analyseWorkspace([f], kb);
      for (const d of analysis.files.flatMap((x) => x.documents)) {
        const component = d.document.component;
        if (!component) continue;
        for (const flag of d.flags) {
          if (!flag.doc) continue;
          byComponent.get(component)?.add(flag.doc.name);
          read.add(flag.doc.name);
        }
      }
    }
    // flags the seed names in its prose only
    let mentioned = 0;
    for (const m of text.matchAll(/(?<![\w-])--([a-z][a-z0-9]*(?:[-_][a-z0-9]+)*)/g)) {
      const name = m[1] ?? '';
      for (const [id, cat] of catalogues) {
        const resolved = resolveFlagName(cat, name);
        if (!resolved || read.has(resolved)) continue;
        if (!byComponent.get(id)?.has(resolved)) mentioned++;
        byComponent.get(id)?.add(resolved);
      }
    }
    console.log(`${seedFile}: ${inputs.length} inputs, ${read.size} flags read, ${mentioned} more only mentioned`);
  }
  const components: Record<string, string[]> = {};
  for (const [id, names] of byComponent) components[id] = [...names].sort();
  const doc = {
    about:
      'Flags of the seed documents (../shared/seeds) per component, of our English catalogue; every translation ' +
      'must cover them. Written by src/cli/gen-priority-flags.ts; do not edit.',
    components,
  };
  writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
  const total = Object.values(components).reduce((n, l) => n + l.length, 0);
  console.log(
    `wrote ${out}: ${total} flags (${Object.entries(components)
      .map(([k, v]) => `${k} ${v.length}`)
      .join(', ')})`,
  );
}

await main(process.argv.slice(2));
