/**
 * Which inputs were cut out of each seed document (tests/fixtures/<format>/seedNNN-*), what
 * kube-explainer reads in them and how many flags it finds, through the same pipeline as the app.
 * Each seed's inputs form one workspace, so a unit's `$VAR`s expand from its env files.
 *
 *   npx tsx scripts/seed-inputs.ts [--seeds ../shared/seeds]
 *
 * With the seeds folder present it also checks that every line of each input is in its seed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KnowledgeBase } from '../knowledge/knowledgeBase';
import { nodeContentReader } from '../knowledge/nodeReader';
import { analyseWorkspace } from '../pipeline';
import type { WorkspaceFile } from '../model/types';
import { fileId } from '../model/span';
import { certificatesOf } from '../model/document';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = `${root}tests/fixtures`;

function seedsDir(argv: string[]): string {
  const i = argv.indexOf('--seeds');
  return i >= 0 && argv[i + 1] ? argv[i + 1]! : `${root}../shared/seeds`;
}

/** Every seed-derived input: `seedNNN-...` under a format folder. */
function inputsBySeed(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const dir of readdirSync(fixtures).sort()) {
    for (const f of readdirSync(`${fixtures}/${dir}`).sort()) {
      const m = /^seed(\d{3})-/.exec(f);
      if (!m) continue;
      const list = out.get(m[1]!) ?? [];
      list.push(`${dir}/${f}`);
      out.set(m[1]!, list);
    }
  }
  return out;
}

/** `etc/kubernetes/apiserver`-like workspace names, so EnvironmentFile= paths resolve as they would for a folder upload. */
function workspaceName(path: string): string {
  const base = path
    .split('/')
    .pop()!
    .replace(/^seed\d{3}-/, '');
  if (path.startsWith('env/')) return `etc/kubernetes/${base}`;
  if (path.startsWith('systemd/')) return `lib/systemd/system/${base}`;
  return base;
}

async function main(argv: string[]): Promise<void> {
  const seeds = seedsDir(argv);
  const haveSeeds = existsSync(seeds);
  const seedFiles = haveSeeds ? readdirSync(seeds).filter((f) => /^\d{3}_/.test(f)) : [];
  const kb = await KnowledgeBase.create(nodeContentReader(`${root}content`));
  let problems = 0;
  for (const [seed, inputs] of [...inputsBySeed()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const seedFile = seedFiles.find((f) => f.startsWith(`${seed}_`));
    const seedText = seedFile ? readFileSync(`${seeds}/${seedFile}`, 'utf8') : null;
    const files: WorkspaceFile[] = inputs.map((p, i) => ({
      id: fileId(`in${i}`),
      name: workspaceName(p),
      text: readFileSync(`${fixtures}/${p}`, 'utf8'),
    }));
    const analysis = await analyseWorkspace(files, kb);
    const allDocs = analysis.files.flatMap((f) => f.documents);
    console.log(`\n${seedFile ?? `seed ${seed}`}`);
    let totalFlags = 0;
    let totalKnown = 0;
    for (const [i, path] of inputs.entries()) {
      const file = files[i]!;
      const ingested = analysis.files[i]!;
      // flags written in this input, whichever document they ended up in (env file flags live in their unit)
      // (counted once per place, though two units of the workspace may expand the same env file)
      const seen = new Set<number>();
      const flags = allDocs
        .flatMap((d) => d.flags)
        .filter(
          (f) =>
            f.occurrence.fileId === file.id &&
            !seen.has(f.occurrence.nameRange.start) &&
            seen.add(f.occurrence.nameRange.start),
        );
      const known = flags.filter((f) => f.doc !== null).length;
      totalFlags += flags.length;
      totalKnown += known;
      const docs = ingested.documents.map((d) => {
        const doc = d.document;
        const certificates = certificatesOf(doc);
        const extra = [
          doc.component,
          certificates.length ? `${certificates.length} certificate(s)` : null,
          doc.secrets?.length ? `${doc.secrets.length} secret(s)` : null,
          doc.kind === 'listeners' && doc.listeners.length ? `${doc.listeners.length} listener(s)` : null,
          doc.kind === 'pki-listing' && doc.pkiFiles.length ? `${doc.pkiFiles.length} file(s)` : null,
          doc.kind === 'kubeconfig'
            ? `${doc.kubeconfig.clusters.length} cluster(s), ${doc.kubeconfig.users.length} user(s), ${doc.kubeconfig.contexts.length} context(s)`
            : null,
        ].filter(Boolean);
        return `${doc.label}${extra.length ? ` [${extra.join(', ')}]` : ''}`;
      });
      let verbatim = '';
      if (seedText !== null) {
        const missing = file.text.split('\n').filter((l) => l.trim() !== '' && !seedText.includes(l));
        verbatim = missing.length === 0 ? '' : `  (!) ${missing.length} line(s) not in the seed`;
        if (missing.length > 0 && !path.includes('-fragment') && !path.endsWith('.json')) problems++;
      }
      const kind = ingested.file.kind;
      console.log(
        `  ${path.padEnd(56)} ${kind.padEnd(13)} ${String(flags.length).padStart(3)} flags (${known} in the catalogue)${verbatim}`,
      );
      for (const d of docs) console.log(`      - ${d}`);
      // tests/fixtures/other/ holds seed text that is no control-plane input (docker ps, kubectl get)
      if (kind === 'unknown' && !path.startsWith('other/')) problems++;
    }
    console.log(
      `  total: ${inputs.length} inputs, ${allDocs.length} documents, ${totalFlags} flags (${totalKnown} in the catalogue)`,
    );
    if (seedText !== null) {
      // the whole blog post pasted into one tab: one format is detected for the tab
      const whole = await analyseWorkspace([{ id: fileId('whole'), name: seedFile ?? seed, text: seedText }], kb);
      const docs = whole.files[0]?.documents ?? [];
      const flags = docs.reduce((n, d) => n + d.flags.length, 0);
      const comps = [...new Set(docs.map((d) => d.document.component).filter(Boolean))].join(', ');
      console.log(
        `  the whole post pasted as one tab: read as ${whole.files[0]?.file.kind}, ${docs.length} documents (${comps || 'no component'}), ${flags} flags`,
      );
    }
  }
  if (!haveSeeds) console.log(`\n(seeds folder ${seeds} not found: inputs not checked against their seeds)`);
  if (problems > 0) {
    console.log(`\n${problems} problem(s)`);
    process.exitCode = 1;
  }
}

await main(process.argv.slice(2));
