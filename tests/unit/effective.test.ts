/**
 * Issue "Effective configuration", items 3 and 5: documents grouped into component instances (component + host),
 * and for each every flag of its version with the value in effect and where it comes from.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import { analyseWorkspace, type WorkspaceAnalysis } from '../../src/pipeline';
import { effectiveConfiguration, hostFolders, type EffectiveConfiguration } from '../../src/effective';
import { buildReport } from '../../src/export/report';
import { loadMessageCatalogue, presentAnalysis } from '../../src/present/analysis';
import type { WorkspaceFile } from '../../src/model/types';
import { contentRoot, file, loadKnowledgeBase } from '../helpers';

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await loadKnowledgeBase();
});

async function effective(files: WorkspaceFile[]): Promise<{ a: WorkspaceAnalysis; e: EffectiveConfiguration[] }> {
  const a = await analyseWorkspace(files, kb, {});
  const docs = new Map(a.files.flatMap((f) => f.documents.map((d) => [d.document.id, d])));
  const e = [];
  for (const i of a.instances) {
    await kb.loadFlags(i.component);
    e.push(effectiveConfiguration(i, (id) => docs.get(id), kb));
  }
  return { a, e };
}

const flag = (e: EffectiveConfiguration | undefined, name: string) => e?.flags.find((f) => f.name === name);
const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

function sample(): WorkspaceFile[] {
  const dir = `${contentRoot}/examples/kubeadm-v1.31`;
  return readdirSync(dir)
    .filter((n) => n.endsWith('.yaml'))
    .map((n) => file(n, readFileSync(`${dir}/${n}`, 'utf8')));
}

const apiserverPod = (host: string, ip: string, flags: string[]) =>
  [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: kube-apiserver-${host}`,
    '  namespace: kube-system',
    'spec:',
    '  containers:',
    '  - name: kube-apiserver',
    '    image: registry.k8s.io/kube-apiserver:v1.30.4',
    '    command:',
    '    - kube-apiserver',
    `    - --advertise-address=${ip}`,
    ...flags.map((f) => `    - ${f}`),
    '',
  ].join('\n');

describe('component instances', () => {
  it('the first-visit sample: four instances on one host, every flag of the version', async () => {
    const { a, e } = await effective(sample());
    expect(a.instances.map((i) => i.id).sort()).toEqual([
      'etcd@cp1',
      'kube-apiserver@cp1',
      'kube-controller-manager@cp1',
      'kube-scheduler@cp1',
    ]);
    const etcd = e.find((x) => x.instance.component === 'etcd');
    expect(etcd?.instance.host).toMatchObject({ name: 'cp1', source: 'etcd-name' });
    expect(etcd?.version).toBe('3.5.15');
    const api = e.find((x) => x.instance.component === 'kube-apiserver');
    // the kube-apiserver says only its address; etcd names the node that has it
    expect(api?.instance.host).toMatchObject({ name: 'cp1', inferred: true });
    // absent security-relevant flags take the default of v1.31
    expect(flag(api, 'anonymous-auth')).toMatchObject({ value: 'true', source: 'default', span: null, security: true });
    expect(flag(api, 'profiling')).toMatchObject({ value: 'true', source: 'default' });
    // a flag written in the manifest: its value, file and line
    const etcdServers = flag(api, 'etcd-servers');
    expect(etcdServers).toMatchObject({ value: 'https://127.0.0.1:2379', source: 'set' });
    const text = sample().find((f) => f.name === 'kube-apiserver.yaml')!.text;
    expect(text.slice(etcdServers!.span!.range.start, etcdServers!.span!.range.end)).toBe('https://127.0.0.1:2379');
    // every flag of the catalogue that exists at 1.31 is listed, none removed before it
    const catalogue = kb.catalogue('kube-apiserver')!;
    const existing = [...catalogue.flags.keys()].filter((n) => {
      const s = kb.flagFacts('kube-apiserver', n, '1.31.2')?.status;
      return s !== 'removed' && s !== 'not-yet';
    });
    expect(api?.flags.map((f) => f.name).sort()).toEqual(
      [...new Set([...existing, ...api!.flags.filter((f) => f.source === 'set').map((f) => f.name)])].sort(),
    );
    expect(flag(api, 'insecure-port'), 'removed in 1.24, not written').toBeUndefined();
    // kubeadm writes the node's own address: a placeholder, not a value to differ from
    expect(flag(api, 'advertise-address')).toMatchObject({ kubeadm: '<advertiseAddress>', differsFromKubeadm: null });
    expect(flag(api, 'authorization-mode')).toMatchObject({ kubeadm: 'Node,RBAC', differsFromKubeadm: false });
  });

  it('an HA control plane: three kube-apiservers are three instances; the ClusterConfiguration joins each', async () => {
    const files = [
      file('cp1/kube-apiserver.yaml', apiserverPod('cp1', '10.0.0.11', ['--secure-port=6443'])),
      file('cp2/kube-apiserver.yaml', apiserverPod('cp2', '10.0.0.12', ['--secure-port=6443'])),
      file('cp3/kube-apiserver.yaml', apiserverPod('cp3', '10.0.0.13', ['--secure-port=6443', '--profiling=false'])),
      file(
        'kubeadm.yaml',
        'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nkubernetesVersion: v1.30.4\napiServer:\n  extraArgs:\n    profiling: "false"\n',
      ),
    ];
    const { a, e } = await effective(files);
    expect(a.instances.map((i) => i.id)).toEqual(['kube-apiserver@cp1', 'kube-apiserver@cp2', 'kube-apiserver@cp3']);
    for (const i of a.instances) expect(i.documents.map((d) => d.role)).toEqual(['command', 'kubeadm']);
    // cp1 and cp2 lost the flag the kubeadm configuration asks for: the manifest is what runs
    const cp1 = flag(e[0], 'profiling');
    expect(cp1).toMatchObject({ value: 'true', source: 'default' });
    expect(cp1?.overridden.map((o) => [o.reason, o.value])).toEqual([['manifest-wins', 'false']]);
    expect(flag(e[2], 'profiling')).toMatchObject({ value: 'false', source: 'set' });
  });

  it('a ps line and the static Pod of the same kube-apiserver are one instance', async () => {
    const pod = apiserverPod('cp1', '10.0.0.11', ['--secure-port=6443']);
    const ps = 'root  1234  1  5 10:00 ?  00:10:00 kube-apiserver --advertise-address=10.0.0.11 --secure-port=6443\n';
    const { a } = await effective([file('kube-apiserver.yaml', pod), file('ps.txt', ps)]);
    expect(a.instances).toHaveLength(1);
    expect(a.instances[0]?.documents.map((d) => d.kind)).toEqual(['static-pod', 'command-line']);
  });

  it('a host the user gives a file: two ps lines of two hosts are two instances, a Pod joins its host', async () => {
    const ps = 'root 1 1 1 10:00 ? 00:00:10 kube-apiserver --secure-port=6443\n';
    const pod = apiserverPod('cp1', '10.0.0.11', ['--secure-port=6443']);
    const { a } = await effective([
      file('ps-a.txt', ps, 'a', { host: 'cp1' }),
      file('ps-b.txt', ps, 'b', { host: 'cp2' }),
      file('kube-apiserver.yaml', pod),
    ]);
    expect(a.instances.map((i) => [i.id, i.host?.source, i.documents.map((d) => d.kind)])).toEqual([
      ['kube-apiserver@cp1', 'user', ['command-line', 'static-pod']],
      ['kube-apiserver@cp2', 'user', ['command-line']],
    ]);
  });

  it('only a kubeadm ClusterConfiguration: kubeadm writes the rest, extraArgs come from the file', async () => {
    const text =
      'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nkubernetesVersion: v1.28.2\napiServer:\n  extraArgs:\n    audit-log-maxage: "30"\n';
    const { e } = await effective([file('kubeadm.yaml', text)]);
    const api = e.find((x) => x.instance.component === 'kube-apiserver');
    expect(api?.version).toBe('1.28.2');
    const maxage = flag(api, 'audit-log-maxage');
    expect(maxage).toMatchObject({ value: '30', source: 'config' });
    expect(lineOf(text, maxage!.span!.range.start)).toBe(6);
    expect(flag(api, 'authorization-mode')).toMatchObject({ value: 'Node,RBAC', source: 'kubeadm' });
    expect(flag(api, 'anonymous-auth')?.source).toBe('default');
  });
});

describe('hosts from folders', () => {
  const ids = (names: string[]) => names.map((name, i) => ({ id: file(`f${i}`, '').id, name }));

  it('names the folder before a node tree, or the first folder, once the opened folder is set aside', () => {
    const files = ids([
      'backup/cp1/etc/kubernetes/manifests/kube-apiserver.yaml',
      'backup/cp2/etc/kubernetes/manifests/kube-apiserver.yaml',
      'backup/node-c/kube-scheduler.yaml',
      'backup/notes.txt',
    ]);
    expect([...hostFolders(files).values()]).toEqual(['cp1', 'cp2', 'node-c']);
    // one node's copy: its folder says nothing about hosts
    expect(hostFolders(ids(['cp1/etc/kubernetes/manifests/a.yaml', 'cp1/etc/kubernetes/pki/ca.crt'])).size).toBe(0);
    expect(hostFolders(ids(['/etc/kubernetes/manifests/a.yaml', '/etc/kubernetes/manifests/b.yaml'])).size).toBe(0);
    expect(hostFolders(ids(['manifests/a.yaml', 'pki/ca.crt'])).size, 'parts of a node tree').toBe(0);
    expect(
      hostFolders(ids(['/home/me/work/examples/kubeadm/kube-apiserver.yaml', '/tmp/network-1/netstat.txt'])).size,
      'files from unrelated places',
    ).toBe(0);
    expect(
      hostFolders(ids(['etc-kubernetes/manifests/a.yaml', 'var-lib-kubelet/kubeadm-flags.env'])).size,
      'one node copied flat',
    ).toBe(0);
    expect([...hostFolders(ids(['x/cp1/pki/etcd/ca.crt', 'x/cp2/manifests/etcd.yaml'])).values()]).toEqual([
      'cp1',
      'cp2',
    ]);
  });

  it('the HA example: every component of a node on that node, the folder a name that evidence does not beat', async () => {
    const dir = `${contentRoot}/examples/kubeadm-ha-v1.31`;
    const files = readdirSync(dir).flatMap((host) =>
      readdirSync(`${dir}/${host}`).map((n) =>
        file(`kubeadm-ha/${host}/${n}`, readFileSync(`${dir}/${host}/${n}`, 'utf8')),
      ),
    );
    const { a } = await effective(files);
    expect(a.instances.map((i) => i.id).sort()).toEqual(
      ['cp1', 'cp2', 'cp3']
        .flatMap((h) => ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'].map((c) => `${c}@${h}`))
        .sort(),
    );
    const etcd = a.instances.find((i) => i.id === 'etcd@cp2')!;
    expect(etcd.host?.source, "etcd's --name is its own evidence").toBe('etcd-name');
    const scheduler = a.instances.find((i) => i.id === 'kube-scheduler@cp3')!;
    expect(scheduler.host?.source).toBe('folder');
  });
});

describe('who wins: flags, configuration files, repeats', () => {
  const kubeletConfig =
    'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nreadOnlyPort: 0\nmaxPods: 150\nauthentication:\n  anonymous:\n    enabled: false\n';

  it('the kubelet: a flag overrides its KubeletConfiguration', async () => {
    const ps =
      'root 900 1 2 10:00 ? 00:01:00 /usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --read-only-port=10255 --v=2\n';
    const { e } = await effective([file('ps.txt', ps), file('config.yaml', kubeletConfig)]);
    const kubelet = e.find((x) => x.instance.component === 'kubelet');
    expect(kubelet?.configFile?.path).toBe('/var/lib/kubelet/config.yaml');
    const port = flag(kubelet, 'read-only-port');
    expect(port).toMatchObject({ value: '10255', source: 'set' });
    expect(port?.overridden.map((o) => [o.reason, o.value])).toEqual([['flag-wins', '0']]);
    expect(flag(kubelet, 'max-pods')).toMatchObject({ value: '150', source: 'config' });
    expect(flag(kubelet, 'anonymous-auth')).toMatchObject({ value: 'false', source: 'config' });
  });

  it('the kubelet without --config does not load the file it lists', async () => {
    const ps = 'root 900 1 2 10:00 ? 00:01:00 /usr/bin/kubelet --v=2\n';
    const { e } = await effective([file('ps.txt', ps), file('config.yaml', kubeletConfig)]);
    const kubelet = e.find((x) => x.instance.component === 'kubelet');
    const port = flag(kubelet, 'read-only-port');
    expect(port?.source).toBe('default');
    expect(port?.overridden.map((o) => o.reason)).toEqual(['config-not-loaded']);
  });

  it('kube-proxy with --config: the file replaces its flags, except --hostname-override', async () => {
    const ps =
      'root 700 1 1 10:00 ? 00:00:10 /usr/local/bin/kube-proxy --config=/var/lib/kube-proxy/config.conf --proxy-mode=ipvs --hostname-override=node1\n';
    const config =
      'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: iptables\nclusterCIDR: 10.244.0.0/16\n';
    const { e } = await effective([file('ps.txt', ps), file('config.conf', config)]);
    const proxy = e.find((x) => x.instance.component === 'kube-proxy');
    expect(proxy?.instance.host?.name).toBe('node1');
    const mode = flag(proxy, 'proxy-mode');
    expect(mode).toMatchObject({ value: 'iptables', source: 'config' });
    expect(mode?.overridden.map((o) => [o.reason, o.value])).toEqual([['config-wins', 'ipvs']]);
    expect(flag(proxy, 'hostname-override')).toMatchObject({ value: 'node1', source: 'set' });
  });

  it('kube-scheduler with --config ignores its deprecated --profiling', async () => {
    const ps =
      'root 600 1 1 10:00 ? 00:00:10 kube-scheduler --config=/etc/kubernetes/scheduler-config.yaml --profiling=false --bind-address=127.0.0.1\n';
    const { e } = await effective([file('ps.txt', ps)]);
    const s = e.find((x) => x.instance.component === 'kube-scheduler');
    const profiling = flag(s, 'profiling');
    expect(profiling?.source).toBe('default');
    expect(profiling?.overridden.map((o) => o.reason)).toEqual(['ignored-with-config']);
    expect(flag(s, 'bind-address')).toMatchObject({ value: '127.0.0.1', source: 'set' });
  });

  it('a repeated list flag appends; a repeated scalar keeps the last value', async () => {
    const ps =
      'root 1 1 1 10:00 ? 00:00:10 kube-apiserver --enable-admission-plugins=NodeRestriction --enable-admission-plugins=AlwaysPullImages --secure-port=6443 --secure-port=8443\n';
    const { e } = await effective([file('ps.txt', ps)]);
    const api = e[0];
    expect(flag(api, 'enable-admission-plugins')?.value).toBe('NodeRestriction,AlwaysPullImages');
    const port = flag(api, 'secure-port');
    expect(port?.value).toBe('8443');
    expect(port?.overridden.map((o) => [o.reason, o.value])).toEqual([['repeated', '6443']]);
  });
});

describe('CLI JSON: components', () => {
  it('one entry per instance, every flag with its source, default and status', async () => {
    const files = sample();
    const analysis = await analyseWorkspace(files, kb, {});
    const report = buildReport(files, presentAnalysis(analysis, await loadMessageCatalogue(kb), files), { kb });
    const api = report.components?.find((c) => c.component === 'kube-apiserver');
    expect(api).toMatchObject({ host: 'cp1', hostInferred: true, version: '1.31.2' });
    expect(api?.documents).toEqual([{ file: 'kube-apiserver.yaml', fileIndex: 1, line: 1, role: 'command' }]);
    expect(api?.flags.find((f) => f.name === 'anonymous-auth')).toEqual({
      name: 'anonymous-auth',
      value: 'true',
      source: 'default',
      file: null,
      fileIndex: null,
      line: null,
      default: 'true',
      kubeadm: null,
      status: 'ok',
      security: true,
      overridden: [],
      provenance: null,
    });
    const set = api?.flags.find((f) => f.name === 'etcd-servers');
    expect(set).toMatchObject({ source: 'set', file: 'kube-apiserver.yaml', fileIndex: 1, provenance: 'kubeadm' });
    expect(set?.line).toBeGreaterThan(1);
    expect(api?.flags.every((f) => !f.name.startsWith('-'))).toBe(true);
  });
});
