/**
 * required-flag-missing (src/analysis/requiredFlags.ts): flags a component exits without, judged on the effective
 * configuration - written anywhere it reads them, cut or templated values, a kubeadm configuration alone, a
 * distribution's own arguments, and declared commands only.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseWorkspace } from '../../src/pipeline';
import { buildReport } from '../../src/export/report';
import { cachedEffectiveConfiguration, type EffectiveConfiguration } from '../../src/effective';
import { requiredFlagFindings } from '../../src/analysis/requiredFlags';
import { readFlagEntry, type ContentProblem } from '../../src/knowledge/validate';
import type { WorkspaceFile } from '../../src/model/types';
import { analysePresented, contentRoot, file, fixture, loadKnowledgeBase } from '../helpers';

const kb = await loadKnowledgeBase();
const NOW = Date.parse('2026-12-01T00:00:00Z');

const pod = (image: string | null, flags: readonly string[]) => `apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
spec:
  containers:
  - command:
    - kube-apiserver
${flags.map((f) => `    - ${f}`).join('\n')}
${image ? `    image: ${image}\n` : ''}    name: kube-apiserver
  hostNetwork: true
`;
const FULL = [
  '--advertise-address=10.0.0.1',
  '--etcd-servers=https://127.0.0.1:2379',
  '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
  '--service-account-key-file=/etc/kubernetes/pki/sa.pub',
  '--service-account-signing-key-file=/etc/kubernetes/pki/sa.key',
];
const without = (...names: string[]) => FULL.filter((f) => !names.some((n) => f.startsWith(`--${n}=`)));

async function missing(files: WorkspaceFile[]) {
  const a = await analyseWorkspace(files, kb, { now: NOW });
  return a.findings.filter((f) => f.rule === 'required-flag-missing');
}
const names = (list: { params: Record<string, unknown> }[]) => list.map((f) => f.params.flag).sort();

describe('required-flag-missing on a static Pod', () => {
  it('kube-apiserver v1.31 without --etcd-servers: an error at the binary, line 9', async () => {
    const text = pod('registry.k8s.io/kube-apiserver:v1.31.0', without('etcd-servers'));
    const files = [file('kube-apiserver.yaml', text, 'f')];
    const presented = await analysePresented(files, kb, { now: NOW });
    const f = presented.findings.filter((x) => x.rule === 'required-flag-missing');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'error', params: { flag: 'etcd-servers', component: 'kube-apiserver' } });
    expect(text.slice(f[0]!.range.start, f[0]!.range.end)).toBe('kube-apiserver');
    expect(f[0]!.message).toBe('kube-apiserver stops at start without --etcd-servers, and nothing it reads sets it.');
    // the CLI JSON carries it like any finding, at its line
    const report = buildReport(files, presented);
    expect(report.findings.find((x) => x.rule === 'required-flag-missing')).toMatchObject({
      severity: 'error',
      line: 9,
      file: 'kube-apiserver.yaml',
    });
  });

  it('1.20 and later need the service-account issuer and signing key; the key file falls back to the TLS key', async () => {
    const bare = await missing([file('a.yaml', pod('registry.k8s.io/kube-apiserver:v1.20.0', ['--v=2']), 'f')]);
    expect(names(bare)).toEqual(['etcd-servers', 'service-account-issuer', 'service-account-signing-key-file']);
    const noKeyFile = await missing([
      file('a.yaml', pod('registry.k8s.io/kube-apiserver:v1.31.0', without('service-account-key-file')), 'f'),
    ]);
    expect(noKeyFile).toEqual([]);
  });

  it('before 1.20 the service-account flags are not required; --etcd-servers always is', async () => {
    expect(names(await missing([file('a.yaml', pod('k8s.gcr.io/kube-apiserver:v1.19.16', ['--v=2']), 'f')]))).toEqual([
      'etcd-servers',
    ]);
    expect(
      await missing([file('a.yaml', pod('k8s.gcr.io/kube-apiserver:v1.19.16', ['--etcd-servers=http://e:2379']), 'f')]),
    ).toEqual([]);
  });

  it('a version not known: only the requirements of every release', async () => {
    expect(names(await missing([file('a.yaml', pod(null, ['--v=2']), 'f')]))).toEqual(['etcd-servers']);
  });

  it("a version assumed from the workspace's other components is not the instance's own", async () => {
    const scheduler = pod('registry.k8s.io/kube-scheduler:v1.31.0', ['--v=2'])
      .replace(/kube-apiserver/g, 'kube-scheduler')
      .replace('- --v=2', '- --kubeconfig=/etc/kubernetes/scheduler.conf');
    const files = [file('a.yaml', pod(null, ['--v=2']), 'f'), file('s.yaml', scheduler, 's')];
    const a = await analyseWorkspace(files, kb, { now: NOW });
    const api = a.instances.find((i) => i.component === 'kube-apiserver')!;
    expect(api.version?.source).toMatch(/^assumed: /);
    expect(names(a.findings.filter((f) => f.rule === 'required-flag-missing'))).toEqual(['etcd-servers']);
  });

  it('--service-account-signing-endpoint (1.32+) stands in for the signing key file', async () => {
    const flags = [...without('service-account-signing-key-file', 'service-account-key-file')];
    flags.push('--service-account-signing-endpoint=/run/signer.sock');
    expect(await missing([file('a.yaml', pod('registry.k8s.io/kube-apiserver:v1.33.0', flags), 'f')])).toEqual([]);
  });

  it('a templated value is not missing', async () => {
    const flags = [...without('etcd-servers'), '--etcd-servers={{ .Values.etcd }}'];
    expect(await missing([file('a.yaml', pod('registry.k8s.io/kube-apiserver:v1.31.0', flags), 'f')])).toEqual([]);
  });

  it('a container fragment is not a whole command', async () => {
    const fragment = `- command:
  - kube-apiserver
  - --advertise-address=10.0.0.1
  image: registry.k8s.io/kube-apiserver:v1.31.0
  name: kube-apiserver
`;
    expect(await missing([file('a.yaml', fragment, 'f')])).toEqual([]);
  });
});

describe('what is not a command line of its own', () => {
  it('a kubeadm ClusterConfiguration alone', async () => {
    for (const name of ['kubeadm-v1beta3.yaml', 'kubeadm-v1beta4.yaml'])
      expect(await missing([file(name, fixture(`kubeadm/${name}`), 'f')])).toEqual([]);
  });

  it('a ps line (the process was seen running), cut or not', async () => {
    const ps = 'root  1201  1  5 10:00 ?  00:01:00 kube-apiserver --advertise-address=10.0.0.11 --secure-port=6443\n';
    expect(await missing([file('ps.txt', ps, 'f')])).toEqual([]);
    const cut = 'root  1201  1  5 10:00 ?  00:01:00 kube-apiserver --advertise-address=10.0.0.11 --secure-po…\n';
    expect(await missing([file('ps.txt', cut, 'f')])).toEqual([]);
  });

  it('a distribution that passes its own flags: k3s, RKE2 (config alone, and with the manifest RKE2 writes)', async () => {
    const dist = (name: string) => file(name, fixture(`distributions/${name}`), name);
    for (const set of [['k3s-config.yaml'], ['k3s.service'], ['rke2-config.yaml', 'rke2-kube-apiserver.yaml']])
      expect(await missing(set.map(dist))).toEqual([]);
  });

  it('a unit whose variables come from an env file not in the workspace; with the env file, it is judged', async () => {
    const dir = join(contentRoot, 'examples/binary-systemd/etc');
    const unit = file(
      '/etc/systemd/system/kube-apiserver.service',
      readFileSync(`${dir}/systemd/system/kube-apiserver.service`, 'utf8'),
      'u',
    );
    expect(await missing([unit])).toEqual([]);
    const env = readFileSync(`${dir}/kubernetes/apiserver`, 'utf8').replace(/--etcd-servers=\S+ \\\n/, '');
    expect(env).not.toContain('--etcd-servers');
    const config = file('/etc/kubernetes/config', readFileSync(`${dir}/kubernetes/config`, 'utf8'), 'c');
    const found = await missing([unit, config, file('/etc/kubernetes/apiserver', env, 'e')]);
    expect(names(found)).toEqual(['etcd-servers']);
    expect(found[0]!.fileId).toBe('u');
  });
});

const a = await analyseWorkspace(
  [file('a.yaml', pod('registry.k8s.io/kube-apiserver:v1.31.0', without('etcd-servers')), 'f')],
  kb,
  { now: NOW },
);
const byId = new Map(a.files.flatMap((f) => f.documents.map((d) => [d.document.id, d])));
const e = cachedEffectiveConfiguration(a.instances[0]!, byId, kb);
const judge = (change: (f: EffectiveConfiguration['flags'][number]) => void) => {
  const copy: EffectiveConfiguration = { ...e, flags: e.flags.map((f) => ({ ...f })) };
  change(copy.flags.find((f) => f.name === 'etcd-servers')!);
  return requiredFlagFindings(copy, kb, (id) => byId.get(id), {});
};

describe('the judgement on the effective configuration', () => {
  it('absent and on no default: missing', () => {
    expect(judge(() => undefined).map((f) => f.params.flag)).toEqual(['etcd-servers']);
  });
  it.each(['config', 'kubeadm', 'cut', 'templated'] as const)('from %s: not missing', (source) => {
    expect(judge((f) => Object.assign(f, { source }))).toEqual([]);
  });
  it('a value the distribution passes (defaultBy): not missing', () => {
    expect(judge((f) => Object.assign(f, { value: 'unix://kine.sock', defaultBy: 'k3s' }))).toEqual([]);
  });
});

describe('the samples and the seed-made fixtures do not have it', () => {
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
  const root = join(contentRoot, 'examples');
  for (const sample of readdirSync(root)) {
    it(sample, async () => {
      const files = walk(join(root, sample))
        .filter((p) => !p.endsWith('README.md'))
        .map((p, i) => file(`/${relative(join(root, sample), p)}`, readFileSync(p, 'utf8'), `s${i}`));
      expect(files.length).toBeGreaterThan(0);
      const a = await analyseWorkspace(files, kb, { now: NOW });
      expect(a.findings.filter((f) => f.rule === 'required-flag-missing')).toEqual([]);
    });
  }
  it('seed 000 manifests, seed 002 and 004 process lines', async () => {
    for (const p of [
      'static-pod/seed000-kube-apiserver.yaml',
      'static-pod/kube-apiserver-v1.5.json',
      'ps/seed002-ps-master.txt',
      'ps/seed004-kube-apiserver-cmdline.txt',
    ])
      expect(await missing([file(p, fixture(p), 'f')])).toEqual([]);
  });
});

describe('the `required` fact in content', () => {
  it('is read from the flag entries (true, or from + unless)', () => {
    const cat = kb.catalogue('kube-apiserver')!;
    expect(cat.flags.get('etcd-servers')?.required).toEqual({});
    expect(cat.flags.get('service-account-issuer')?.required).toEqual({ from: '1.20' });
    expect(cat.flags.get('service-account-signing-key-file')?.required).toEqual({
      from: '1.20',
      unless: ['service-account-signing-endpoint'],
    });
    expect(cat.flags.get('service-account-key-file')?.required).toBeUndefined();
  });
  it('a malformed one is a content problem', () => {
    const problems: ContentProblem[] = [];
    readFlagEntry({ required: { from: 1.2, since: '1.0' } }, 'x.yaml', 'f', problems);
    readFlagEntry({ required: 'yes' }, 'x.yaml', 'g', problems);
    expect(problems.map((p) => p.message)).toEqual([
      'required: unknown field "since"',
      'required from must be a quoted version string such as "1.24", got 1.2',
      'required must be true or a map { from, unless }',
    ]);
  });
});
