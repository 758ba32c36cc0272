/**
 * A running process (a `ps` line, `kubectl describe`, `crictl inspect`) of a component whose static Pod or unit is
 * in the workspace is an observation of that command: compared with the effective configuration, never added to it
 * (a user test found list flags doubled: `--enable-admission-plugins=NodeRestriction,NodeRestriction`, and a false
 * "written again, the last value counts" on every flag).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import { analyseWorkspace } from '../../src/pipeline';
import { effectiveConfiguration, type EffectiveConfiguration } from '../../src/effective';
import type { WorkspaceFile } from '../../src/model/types';
import { analysePresented, file, loadKnowledgeBase } from '../helpers';
import { buildReport } from '../../src/export/report';

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await loadKnowledgeBase();
});

async function analyse(files: WorkspaceFile[]) {
  const a = await analyseWorkspace(files, kb, {});
  const docs = new Map(a.files.flatMap((f) => f.documents.map((d) => [d.document.id, d])));
  const e: EffectiveConfiguration[] = [];
  for (const i of a.instances) {
    await kb.loadFlags(i.component);
    e.push(effectiveConfiguration(i, (id) => docs.get(id), kb));
  }
  return { a, e };
}

const FLAGS = [
  '--advertise-address=10.0.0.11',
  '--authorization-mode=Node,RBAC',
  '--enable-admission-plugins=NodeRestriction',
  '--etcd-servers=https://127.0.0.1:2379',
  '--secure-port=6443',
];
const pod = (flags: string[]) =>
  [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: kube-apiserver-cp1',
    '  namespace: kube-system',
    'spec:',
    '  containers:',
    '  - name: kube-apiserver',
    '    image: registry.k8s.io/kube-apiserver:v1.31.2',
    '    command:',
    '    - kube-apiserver',
    ...flags.map((f) => `    - ${f}`),
    '',
  ].join('\n');
const ps = (flags: string[]) => `root  1234  1  5 10:00 ?  00:10:00 kube-apiserver ${flags.join(' ')}\n`;

describe('a running process beside its static Pod', () => {
  it('is an observation: list flags are not doubled, nothing is "written again", no difference', async () => {
    const { a, e } = await analyse([file('kube-apiserver.yaml', pod(FLAGS)), file('ps.txt', ps(FLAGS))]);
    expect(a.instances).toHaveLength(1);
    expect(a.instances[0]!.documents.map((d) => [d.kind, d.role])).toEqual([
      ['static-pod', 'command'],
      ['command-line', 'observed'],
    ]);
    const api = e[0]!;
    const plugins = api.flags.find((f) => f.name === 'enable-admission-plugins');
    expect(plugins).toMatchObject({ value: 'NodeRestriction', source: 'set' });
    expect(plugins!.span!.fileId).toBe('kube-apiserver.yaml');
    expect(api.flags.flatMap((f) => f.overridden)).toEqual([]);
    expect(api.observed).toHaveLength(1);
    expect(api.observed[0]).toMatchObject({ cut: false, flags: FLAGS.length, differences: [] });
    // and no duplicate-flag findings from the ps line
    expect(a.findings.filter((f) => f.rule === 'duplicate-flag' || f.rule === 'repeated-flag-combined')).toEqual([]);
  });

  it('the order of the files does not matter: the manifest is the command, the ps line the observation', async () => {
    const { a } = await analyse([file('ps.txt', ps(FLAGS)), file('kube-apiserver.yaml', pod(FLAGS))]);
    expect(a.instances).toHaveLength(1);
    expect(a.instances[0]!.documents.map((d) => [d.kind, d.role])).toEqual([
      ['command-line', 'observed'],
      ['static-pod', 'command'],
    ]);
  });

  it('says where the process and the manifest disagree: another value, a flag only running, one not running', async () => {
    const running = [
      '--advertise-address=10.0.0.11',
      '--authorization-mode=AlwaysAllow', // another value
      '--etcd-servers=https://127.0.0.1:2379',
      '--secure-port=6443',
      '--profiling=false', // not in the manifest, not the default
      '--anonymous-auth=true', // not in the manifest, the default: no difference
    ];
    const { e } = await analyse([file('kube-apiserver.yaml', pod(FLAGS)), file('ps.txt', ps(running))]);
    const diffs = e[0]!.observed[0]!.differences;
    expect(diffs.map((d) => [d.name, d.kind, d.observed, d.effective, d.source])).toEqual([
      ['authorization-mode', 'running', 'AlwaysAllow', 'Node,RBAC', 'set'],
      ['enable-admission-plugins', 'not-running', null, 'NodeRestriction', 'set'],
      ['profiling', 'running', 'false', 'true', 'default'],
    ]);
    const mode = diffs[0]!;
    expect(mode.observedSpan!.fileId).toBe('ps.txt');
    expect(mode.effectiveSpan!.fileId).toBe('kube-apiserver.yaml');
  });

  it('values that mean the same are the same (a bare boolean and =true, a duration written two ways)', async () => {
    const declared = [...FLAGS, '--allow-privileged=true', '--request-timeout=1m0s'];
    const running = [...FLAGS, '--allow-privileged', '--request-timeout=60s'];
    const { e } = await analyse([file('kube-apiserver.yaml', pod(declared)), file('ps.txt', ps(running))]);
    expect(e[0]!.observed[0]!.differences).toEqual([]);
  });

  it('a cut ps row: flags after the cut are neither missing nor compared', async () => {
    // a row ellipsized by the terminal (`systemctl status`, `ps` piped through a pager): the reader marks it cut
    const line = 'root  1234  1  5 10:00 ?  00:10:00 kube-apiserver --advertise-address=10.0.0.11 --authorization-mo…';
    const { e } = await analyse([file('kube-apiserver.yaml', pod(FLAGS)), file('ps.txt', `${line}\n`)]);
    const observed = e[0]!.observed[0]!;
    expect(observed.cut).toBe(true);
    expect(observed.differences).toEqual([]);
    // the same row whole, without the flags the manifest sets: those are said (--secure-port=6443 is the default)
    const whole = 'root  1234  1  5 10:00 ?  00:10:00 kube-apiserver --advertise-address=10.0.0.11\n';
    const again = await analyse([file('kube-apiserver.yaml', pod(FLAGS)), file('ps.txt', whole)]);
    expect(again.e[0]!.observed[0]!.differences.map((d) => [d.name, d.kind])).toEqual([
      ['authorization-mode', 'not-running'],
      ['enable-admission-plugins', 'not-running'],
      ['etcd-servers', 'not-running'],
    ]);
  });

  it('a secret is never kept in a difference', async () => {
    const declared = [...FLAGS, '--token-auth-file=/etc/kubernetes/tokens.csv'];
    const { e } = await analyse([
      file('kube-apiserver.yaml', pod(declared)),
      file('ps.txt', ps([...FLAGS, '--oidc-client-id=kx', '--token-auth-file=/etc/kubernetes/other.csv'])),
    ]);
    const diffs = e[0]!.observed[0]!.differences;
    expect(diffs.map((d) => d.name)).toContain('token-auth-file');
    for (const d of diffs) if (d.secret) expect([d.observed, d.effective]).toEqual([null, null]);
  });

  it('a kubelet unit and its ps line: the unit is the command, the process an observation', async () => {
    const unit = [
      '[Service]',
      'ExecStart=/usr/bin/kubelet --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml',
      '',
    ].join('\n');
    const line =
      'root  812  1  2 10:00 ?  00:20:00 /usr/bin/kubelet --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml --v=4\n';
    const { a, e } = await analyse([file('kubelet.service', unit), file('ps.txt', line)]);
    const kubelet = a.instances.findIndex((i) => i.component === 'kubelet');
    expect(a.instances.filter((i) => i.component === 'kubelet')).toHaveLength(1);
    expect(a.instances[kubelet]!.documents.map((d) => d.role)).toEqual(['command', 'observed']);
    expect(e[kubelet]!.observed[0]!.differences.map((d) => [d.name, d.kind, d.observed])).toEqual([
      ['v', 'running', '4'],
    ]);
  });

  it('without a manifest, a ps line alone is the command', async () => {
    const { a, e } = await analyse([file('ps.txt', ps(FLAGS))]);
    expect(a.instances[0]!.documents.map((d) => d.role)).toEqual(['command']);
    expect(e[0]!.flags.find((f) => f.name === 'enable-admission-plugins')).toMatchObject({ source: 'set' });
    expect(e[0]!.observed).toEqual([]);
  });

  it('each difference is a finding at the flag, in words, with no secret', async () => {
    const running = [
      '--advertise-address=10.0.0.11',
      '--authorization-mode=AlwaysAllow',
      '--etcd-servers=https://127.0.0.1:2379',
      '--secure-port=6443',
      '--token-auth-file=/etc/kubernetes/kxsecret-tokens.csv',
    ];
    const manifest = pod(FLAGS);
    const line = ps(running);
    const p = await analysePresented([file('kube-apiserver.yaml', manifest), file('ps.txt', line)], kb);
    const found = p.findings.filter((f) => f.rule.startsWith('process-flag-'));
    expect(found.map((f) => [f.rule, f.fileId, f.message])).toEqual([
      [
        'process-flag-not-running',
        'kube-apiserver.yaml',
        '--enable-admission-plugins=NodeRestriction is set here, but the running kube-apiserver (ps.txt) was started without it.',
      ],
      [
        'process-flag-differs',
        'ps.txt',
        'The running kube-apiserver was started with --authorization-mode=AlwaysAllow, but kube-apiserver.yaml sets --authorization-mode=Node,RBAC.',
      ],
      [
        'process-flag-differs',
        'ps.txt',
        'The running kube-apiserver was started with --token-auth-file=/etc/kubernetes/kxsecret-tokens.csv, but the workspace does not set --token-auth-file.',
      ],
    ]);
    const at = found[1]!;
    expect(line.slice(at.range.start, at.range.end)).toBe('AlwaysAllow');
    expect(manifest.slice(found[0]!.range.start, found[0]!.range.end)).toBe('NodeRestriction');
  });

  it('the CLI JSON lists the observation and its differences with files and lines', async () => {
    const files = [file('kube-apiserver.yaml', pod(FLAGS)), file('ps.txt', ps([...FLAGS.slice(0, 2), '--v=2']))];
    const report = buildReport(files, await analysePresented(files, kb), { kb });
    const api = report.components!.find((c) => c.component === 'kube-apiserver')!;
    expect(api.documents.map((d) => [d.file, d.role])).toEqual([
      ['kube-apiserver.yaml', 'command'],
      ['ps.txt', 'observed'],
    ]);
    expect(api.observed).toHaveLength(1);
    expect(api.observed[0]).toMatchObject({ file: 'ps.txt', line: 1, cut: false, flags: 3 });
    expect(api.observed[0]!.differences.map((d) => [d.name, d.kind, d.observed, d.effective, d.file, d.line])).toEqual([
      ['enable-admission-plugins', 'not-running', null, 'NodeRestriction', 'kube-apiserver.yaml', 14],
      ['etcd-servers', 'not-running', null, 'https://127.0.0.1:2379', 'kube-apiserver.yaml', 15],
      ['v', 'running', '2', null, null, null],
    ]);
  });

  it('a process unlike its manifest in many flags is one finding; unknown flags are not differences', async () => {
    const many = ['--v=2', '--profiling=false', '--anonymous-auth=false', '--not-a-flag=1'];
    const audit = [
      '--audit-log-maxage=30',
      '--audit-log-maxbackup=10',
      '--audit-log-maxsize=100',
      '--audit-log-path=/a',
    ];
    const files = [file('kube-apiserver.yaml', pod([...FLAGS, ...audit])), file('ps.txt', ps(many))];
    const { e } = await analyse(files);
    const names = e[0]!.observed[0]!.differences.map((d) => d.name);
    expect(names).not.toContain('not-a-flag');
    expect(names.length).toBeGreaterThan(8);
    const p = await analysePresented(files, kb);
    const found = p.findings.filter((f) => f.rule.startsWith('process-'));
    expect(found.map((f) => [f.rule, f.fileId])).toEqual([['process-differs', 'ps.txt']]);
    expect(found[0]!.message).toMatch(
      /^The running kube-apiserver differs from its manifest or unit in \d+ flags \(--/,
    );
  });
});
