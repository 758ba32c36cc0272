/**
 * npm run peers [-- --write] — developers only: the security audit compared with its peers on their own test data
 * (../shared/peers, present on developer machines, never needed by the build or the tests).
 *
 *   Checkov:    every fixture of its control-plane and kubelet checks (../shared/peers/checkov/<CKV_K8S_*>/) goes
 *               through the whole pipeline as a workspace of its own; our verdict for the checks that name that
 *               Checkov id is compared with Checkov's expected result per file: agree, or disagree with the reason in
 *               one sentence (Checkov not version-aware, absent flags judged by no default, `.pem` demanded, ...).
 *   kube-bench: every check of cfg/cis-1.12 that reads a flag or a field (checks.json) must have a row in our table
 *               with the same number; the ones missing are listed. Then kube-bench's own test semantics (a regex on
 *               the process's command line, set / op / bin_op, no defaults) run on the command of every component
 *               of the project's sample clusters (content/examples), compared with our verdicts.
 *
 * Prints the tables as Markdown; `--write` replaces the generated part of docs/peers.md.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KnowledgeBase } from '../knowledge/knowledgeBase';
import { nodeContentReader } from '../knowledge/nodeReader';
import { analyseWorkspace } from '../pipeline';
import { CHECKS, type AuditResult } from '../analysis/audit';
import { fileId } from '../model/span';
import type { WorkspaceFile } from '../model/types';

const root = fileURLToPath(new URL('../..', import.meta.url));
const PEERS = join(root, '..', 'shared', 'peers');
const DOC = join(root, 'docs', 'peers.md');
const BEGIN = '<!-- peers:begin (npm run peers -- --write) -->';
const END = '<!-- peers:end -->';

interface CheckovExpected {
  check: string;
  name: string;
  component: string;
  flags: string[];
  condition_as_implemented: string;
  files: Record<string, string>;
}

type Ours = 'PASSED' | 'FAILED' | 'NOT-APPLICABLE' | 'MANUAL' | 'NO-INSTANCE' | 'NO-CHECK';

export interface PeerRow {
  checkov: string;
  file: string;
  theirs: string;
  ours: Ours;
  ourIds: string[];
  agree: boolean;
  reason: string;
}

/**
 * Reasons checked by hand for disagreements the rules below cannot tell apart, keyed `CKV_K8S_n file`: each is one
 * sentence a reviewer agreed with after reading the fixture.
 */
const REVIEWED: Record<string, string> = {
  'CKV_K8S_78 ApiServerAdmissionControlEventRateLimit-FAILED.yaml':
    'the fixture is an AdmissionConfiguration alone; the audit judges the API server that loads it (--enable-admission-plugins and --admission-control-config-file), and there is none here.',
  'CKV_K8S_78 ApiServerAdmissionControlEventRateLimit-PASSED.yaml':
    'the fixture is an AdmissionConfiguration alone; listing EventRateLimit there does nothing unless an API server enables the plugin and loads the file, and there is no API server here.',
  'CKV_K8S_86 api-server-insecure-bind-address-FAILED.yaml':
    "the fixture is a Deployment (a self-hosted API server); the audit reads static Pods, processes, units and kubeadm and component configurations, not a Deployment's Pod template.",
  'CKV_K8S_88 api-server-insecure-port-FAILED.yaml':
    "the fixture is a Deployment (a self-hosted API server); the audit reads static Pods, processes, units and kubeadm and component configurations, not a Deployment's Pod template.",
  'CKV_K8S_95 api-server-request-timeout-FAILED.yaml':
    'CIS leaves the timeout to the cluster (a Manual check), so the audit shows the value for a person to judge; 1s9m3h is a valid Go duration (3h9m1s) that Checkov rejects by its own pattern.',
  'CKV_K8S_95 api-server-request-timeout-PASSED.yaml':
    'CIS leaves the timeout to the cluster (a Manual check), so the audit shows the value (2m3s) for a person to judge rather than passing any value of a pattern.',
  'CKV_K8S_121 PeerClientCertAuthTrue-UNKNOWN.yaml':
    'the fixture writes --peer-client-cert-auth=false in args, which fails; Checkov answers UNKNOWN because the Pod is not named etcd.',
  'CKV_K8S_147 KubletEventCapture-FAILED.yaml':
    'Checkov fails any --event-qps above 5, a threshold of its own; the benchmark (kube-bench 4.2.8) asks for 0 or more, and 6 events a second is a choice, not a weakness.',
};

const version = (r: AuditResult) => r.actual?.version ?? null;
const v = (r: AuditResult) => (version(r) ? `v${version(r)}` : 'the newest release (no version in the fixture)');

/** Why our verdict differs from Checkov's, in one sentence, from what the audit knows about its result. */
function reason(expected: CheckovExpected, file: string, theirs: string, results: AuditResult[], text: string): string {
  const reviewed = REVIEWED[`${expected.check} ${file}`];
  if (reviewed) return reviewed;
  const r = results[0];
  if (!r) return 'our audit found no instance of the component in this file (not read as a static Pod or command).';
  const cond = expected.condition_as_implemented;
  const a = r.actual;
  if (r.status === 'not-applicable') {
    const na = r.notApplicable;
    if (na?.kind === 'flag-not-yet')
      return `Checkov is not version-aware: --${na.flag} exists only from ${na.version ?? 'a later release'}, so a ${v(r)} binary would refuse it and the check does not apply (the fixture's image is older than its flags).`;
    const what =
      na?.kind === 'flag-removed'
        ? `--${na.flag} was removed in ${na.version ?? 'an earlier release'}`
        : na?.kind === 'removed'
          ? `${na.what} was removed in ${na.version}`
          : 'its subject does not exist in this version';
    return `Checkov is not version-aware: ${what}, so the check does not apply to ${v(r)}.`;
  }
  if (a && a.source === 'default' && theirs === 'FAILED' && r.status === 'pass')
    return `the flag is absent and its default in ${v(r)} (${a.value ?? 'none'}) satisfies the check; Checkov fails any absent flag.`;
  if (a && a.source === 'default' && theirs === 'PASSED' && r.status === 'fail')
    return `the flag is absent and its default in ${v(r)} (${a.value ?? 'none'}) fails the check; Checkov passes an absent flag.`;
  if (a && a.source === 'set' && a.value === null && r.status === 'fail')
    return `--${a.flag} is written without a value; it takes a number, so the component would not start with it, while Checkov passes a bare flag.`;
  if (/pem/.test(cond) && r.status === 'pass')
    return `Checkov demands a file name ending in .pem; the component reads any file name (${a?.value ?? ''}), and kubeadm's own sa.key, sa.pub and ca.crt would fail there.`;
  if (/args/.test(cond) && /\bargs:/.test(text))
    return 'Checkov reads only one of command and args; the component reads both, and so does the audit.';
  if (/exact element|'--[a-z-]+=/.test(cond) && a && a.source === 'set' && a.span) {
    const written = text.slice(Math.max(0, a.span.range.start - 80), a.span.range.end + 1);
    if (!new RegExp(`--${a.flag}=`).test(written))
      return `the flag is written as "--${a.flag} ${a.value ?? ''}" (or bare); Checkov matches only the element --${a.flag}=value.`;
  }
  if (/substring|contains/.test(cond))
    return 'Checkov tests a substring of the value; the audit compares list items as the component parses them.';
  return `unexplained: Checkov ${theirs}, ours ${r.status} (${a ? `${a.flag}=${a.value ?? ''} from ${a.source}` : 'no value'}).`;
}

async function compareCheckov(kb: KnowledgeBase): Promise<PeerRow[]> {
  const dir = join(PEERS, 'checkov');
  const rows: PeerRow[] = [];
  for (const id of readdirSync(dir).sort((a, b) => Number(a.replace(/\D/g, '')) - Number(b.replace(/\D/g, '')))) {
    const expectedPath = join(dir, id, 'expected.json');
    if (!existsSync(expectedPath)) continue;
    const expected = JSON.parse(readFileSync(expectedPath, 'utf8')) as CheckovExpected;
    const ours = CHECKS.filter((c) => c.peers.checkov?.includes(id));
    for (const [name, theirs] of Object.entries(expected.files).sort()) {
      const text = readFileSync(join(dir, id, name), 'utf8');
      const files: WorkspaceFile[] = [{ id: fileId('fixture'), name, text }];
      const analysis = await analyseWorkspace(files, kb, {});
      const results = (analysis.audit?.results ?? []).filter((r) => ours.some((c) => c.id === r.id));
      let verdict: Ours;
      if (ours.length === 0) verdict = 'NO-CHECK';
      else if (results.length === 0) verdict = 'NO-INSTANCE';
      else if (results.some((r) => r.status === 'fail')) verdict = 'FAILED';
      else if (results.every((r) => r.status === 'not-applicable')) verdict = 'NOT-APPLICABLE';
      else if (results.some((r) => r.status === 'pass')) verdict = 'PASSED';
      else verdict = 'MANUAL';
      const agree = verdict === theirs;
      const deciding =
        results.find((r) => (verdict === 'FAILED' ? r.status === 'fail' : r.status !== 'fail')) ?? results[0];
      rows.push({
        checkov: id,
        file: name,
        theirs,
        ours: verdict,
        ourIds: ours.map((c) => c.id),
        agree,
        reason: agree
          ? ''
          : ours.length === 0
            ? `no check of ours: ${expected.name.replace(/^Ensure that /, '')} (${expected.component}) is not a flag check of the benchmark.`
            : reason(expected, name, theirs, deciding ? [deciding] : [], text),
      });
    }
  }
  return rows;
}

export interface KubeBenchTest {
  flag: string;
  path: string | null;
  condition: { op: string | null; value: string | null; set: boolean };
}

export interface KubeBenchCheck {
  id: string;
  benchmark: string;
  component: string;
  text: string;
  type: string;
  combined: string | null;
  tests: KubeBenchTest[];
}

/** kube-bench's flag lookup: the first `(<flag>)(=|: *)*([^\s]*)` match on the command line; a bare flag is true. */
export function kubeBenchValue(cmdline: string, flag: string): string | null {
  const m = new RegExp(`(${flag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})(=|: *)*([^\\s]*)`).exec(cmdline);
  if (!m) return null;
  return m[3] === undefined || m[3] === '' ? 'true' : m[3];
}

/** One kube-bench test item as check/test.go evaluates it on a command line. */
function kubeBenchTest(cmdline: string, t: KubeBenchTest): boolean {
  const v = kubeBenchValue(cmdline, t.flag);
  if (!t.condition.set) return v === null;
  if (v === null) return false;
  const want = t.condition.value ?? '';
  switch (t.condition.op) {
    case null:
      return true;
    case 'eq':
      return /^(true|false)$/i.test(v) ? v.toLowerCase() === want.toLowerCase() : v === want;
    case 'noteq':
      return /^(true|false)$/i.test(v) ? v.toLowerCase() !== want.toLowerCase() : v !== want;
    case 'gte':
      return Number(v) >= Number(want);
    case 'has':
      return v.includes(want);
    case 'nothave':
      return !v.includes(want);
    case 'valid_elements':
      return v.split(',').every((x) => want.split(',').includes(x));
    default:
      return false;
  }
}

export function kubeBenchVerdict(cmdline: string, c: KubeBenchCheck): 'PASS' | 'FAIL' | 'MANUAL' {
  if (c.type === 'manual' || c.tests.length === 0) return 'MANUAL';
  const results = c.tests.map((t) => kubeBenchTest(cmdline, t));
  return (c.combined === 'or' ? results.some(Boolean) : results.every(Boolean)) ? 'PASS' : 'FAIL';
}

export interface BenchRow {
  example: string;
  instance: string;
  id: string;
  theirs: 'PASS' | 'FAIL' | 'MANUAL';
  ours: string;
  reason: string;
}

/** The project's sample clusters: every file of a folder under content/examples, named by its path there. */
function exampleWorkspaces(): { name: string; files: WorkspaceFile[] }[] {
  const base = join(root, 'content', 'examples');
  const out: { name: string; files: WorkspaceFile[] }[] = [];
  for (const name of readdirSync(base).sort()) {
    const files: WorkspaceFile[] = [];
    const walk = (dir: string, rel: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const path = join(dir, e.name);
        const r = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) walk(path, r);
        else if (!/README\.md$/.test(e.name))
          files.push({ id: fileId(`${name}/${r}`), name: r, text: readFileSync(path, 'utf8') });
      }
    };
    walk(join(base, name), '');
    out.push({ name, files });
  }
  return out;
}

async function compareKubeBenchVerdicts(kb: KnowledgeBase): Promise<BenchRow[]> {
  const all = JSON.parse(readFileSync(join(PEERS, 'kube-bench', 'checks.json'), 'utf8')) as KubeBenchCheck[];
  const list = all.filter((c) => c.benchmark === 'cis-1.12');
  const rows: BenchRow[] = [];
  for (const ex of exampleWorkspaces()) {
    const analysis = await analyseWorkspace(ex.files, kb, { benchmark: 'cis-1.12' });
    const docs = new Map(analysis.files.flatMap((f) => f.documents.map((d) => [d.document.id, d])));
    for (const instance of analysis.instances) {
      // the process's command line as `ps` shows it: the command's flags, --name=value
      const command = instance.documents.filter((d) => d.role === 'command');
      if (command.length === 0) continue;
      const flags = command.flatMap((d) => docs.get(d.documentId)?.flags ?? []);
      const cmdline = [
        instance.component,
        ...flags.map((f) => `${f.occurrence.spelled}${f.occurrence.value === null ? '' : `=${f.occurrence.value}`}`),
      ].join(' ');
      for (const c of list.filter((x) => x.component === instance.component)) {
        const ours = (analysis.audit?.results ?? []).find(
          (r) => r.instanceId === instance.id && r.peers.kubeBench.includes(c.id),
        );
        if (!ours) continue;
        const theirs = kubeBenchVerdict(cmdline, c);
        const same =
          (theirs === 'PASS' && ours.status === 'pass') ||
          (theirs === 'FAIL' && ours.status === 'fail') ||
          (theirs === 'MANUAL' && ours.status === 'manual');
        if (same) continue;
        const a = ours.actual;
        const na = ours.notApplicable;
        const reason =
          ours.status === 'not-applicable'
            ? na?.kind === 'flag-not-yet'
              ? `--${na.flag} exists only from ${na.version ?? 'a later release'}, so the check does not apply to v${ours.actual?.version ?? '?'}; kube-bench does not look at versions.`
              : na?.kind === 'flag-removed'
                ? `--${na.flag} was removed in ${na.version ?? 'an earlier release'}; kube-bench does not look at versions.`
                : 'not applicable in this version; kube-bench does not look at versions.'
            : ours.status === 'manual'
              ? 'kube-bench greps the EncryptionConfiguration on the node (none here: FAIL); the audit does not read that file and leaves the check to a person.'
              : a && a.source === 'default'
                ? `--${a.flag} is absent; its default ${a.value ?? '(none)'} ${ours.status === 'pass' ? 'satisfies' : 'fails'} the check, which kube-bench ${theirs === 'FAIL' ? 'fails because the flag is not on the command line' : 'passes as "not set"'}.`
                : theirs === 'MANUAL'
                  ? 'kube-bench runs no test for it; the audit can decide it from the configuration.'
                  : `unexplained: kube-bench ${theirs}, ours ${ours.status}.`;
        rows.push({ example: ex.name, instance: instance.id, id: c.id, theirs, ours: ours.status, reason });
      }
    }
  }
  return rows;
}

function compareKubeBench(): { total: number; missing: KubeBenchCheck[] } {
  const all = JSON.parse(readFileSync(join(PEERS, 'kube-bench', 'checks.json'), 'utf8')) as KubeBenchCheck[];
  const list = all.filter((c) => c.benchmark === 'cis-1.12');
  const have = new Set(CHECKS.map((c) => c.peers.cis['cis-1.12']).filter(Boolean));
  return { total: list.length, missing: list.filter((c) => !have.has(c.id)) };
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function formatPeers(
  rows: PeerRow[],
  kubeBench: { total: number; missing: KubeBenchCheck[] },
  bench: BenchRow[],
): string {
  const agree = rows.filter((r) => r.agree).length;
  const lines = [
    `Checkov fixtures: ${rows.length} files of ${new Set(rows.map((r) => r.checkov)).size} checks; ` +
      `agree ${agree}, disagree ${rows.length - agree}.`,
    '',
    '| Checkov | fixture | Checkov says | audit says | our checks | why we differ |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.checkov} | ${cell(r.file)} | ${r.theirs} | ${r.ours}${r.agree ? '' : ' ✗'} | ${r.ourIds.join(', ') || '-'} | ${cell(r.reason)} |`,
    ),
    '',
    `kube-bench cfg/cis-1.12: ${kubeBench.total} checks read a flag or a config field; ` +
      `${kubeBench.total - kubeBench.missing.length} have a row of the same number in the audit's table` +
      (kubeBench.missing.length > 0
        ? `; missing: ${kubeBench.missing.map((c) => `${c.id} (${c.component})`).join(', ')}.`
        : ', none is missing.'),
    '',
    `kube-bench's own tests (cis-1.12) on the command lines of the sample clusters in content/examples: ` +
      `${bench.length} verdicts differ from the audit's (every other check agrees).`,
    '',
    '| sample | instance | kube-bench | kube-bench says | audit says | why we differ |',
    '|---|---|---|---|---|---|',
    ...bench.map((r) => `| ${r.example} | ${r.instance} | ${r.id} | ${r.theirs} | ${r.ours} | ${cell(r.reason)} |`),
  ];
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  if (!existsSync(PEERS)) {
    console.error(`peers: ${PEERS} is not here (developer machines only); nothing to compare.`);
    return 0;
  }
  const kb = await KnowledgeBase.create(nodeContentReader(join(root, 'content')));
  const rows = await compareCheckov(kb);
  const text = formatPeers(rows, compareKubeBench(), await compareKubeBenchVerdicts(kb));
  console.log(text);
  if (argv.includes('--write')) {
    const doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : `${BEGIN}\n${END}\n`;
    const a = doc.indexOf(BEGIN);
    const b = doc.indexOf(END);
    if (a < 0 || b < a) {
      console.error(`peers: ${DOC} has no ${BEGIN} ... ${END} section`);
      return 2;
    }
    writeFileSync(DOC, `${doc.slice(0, a + BEGIN.length)}\n${text}\n${doc.slice(b)}`);
    console.error(`peers: wrote ${DOC}`);
  }
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
