/**
 * npm run peers [-- --write] — developers only: the security audit compared with its peers on their own test data
 * (../shared/peers, present on developer machines, never needed by the build or the tests).
 *
 *   Checkov:    every fixture of its control-plane and kubelet checks (../shared/peers/checkov/<CKV_K8S_*>/) goes
 *               through the whole pipeline as a workspace of its own; our verdict for the checks that name that
 *               Checkov id is compared with Checkov's expected result per file: agree, or disagree with the reason in
 *               one sentence (Checkov not version-aware, absent flags judged by no default, `.pem` demanded, ...).
 *   kube-bench: every check of cfg/cis-1.12 that reads a flag or a field (checks.json) must have a row in our table
 *               with the same number; the ones missing are listed.
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

interface KubeBenchCheck {
  id: string;
  benchmark: string;
  component: string;
  text: string;
}

function compareKubeBench(): { total: number; missing: KubeBenchCheck[] } {
  const all = JSON.parse(readFileSync(join(PEERS, 'kube-bench', 'checks.json'), 'utf8')) as KubeBenchCheck[];
  const list = all.filter((c) => c.benchmark === 'cis-1.12');
  const have = new Set(CHECKS.map((c) => c.peers.cis['cis-1.12']).filter(Boolean));
  return { total: list.length, missing: list.filter((c) => !have.has(c.id)) };
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function formatPeers(rows: PeerRow[], kubeBench: { total: number; missing: KubeBenchCheck[] }): string {
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
  const text = formatPeers(rows, compareKubeBench());
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
