/**
 * The sample gallery (src/workspace/sample.ts, content/examples/): every sample loads with its files named as on
 * their machines, is read as what it is, and shows the era it stands for.
 */
import { describe, expect, it } from 'vitest';
import en from '../../content/en/ui.json';
import { loadSampleFiles, SAMPLES } from '../../src/workspace/sample';
import { analyseWorkspace } from '../../src/pipeline';
import { loadKnowledgeBase } from '../helpers';

const NOW = Date.parse('2026-12-01T00:00:00Z');

async function analysed(id: string) {
  const files = await loadSampleFiles(id);
  const analysis = await analyseWorkspace(files, await loadKnowledgeBase(), { now: NOW });
  const flag = (component: string, name: string) =>
    analysis.files
      .flatMap((f) => f.documents)
      .filter((d) => d.document.component === component)
      .flatMap((d) => d.flags)
      .find((f) => (f.canonical ?? f.occurrence.name) === name);
  return { files, analysis, flag };
}

describe('sample gallery', () => {
  it('every sample has words, files, and no file the tool cannot read', async () => {
    const words = en as Record<string, string>;
    expect(SAMPLES.map((s) => s.id)).toEqual([
      'kubeadm-v1.31',
      'kubeadm-ha-v1.31',
      'kubeadm-v1.21',
      'binary-systemd',
      'kubeadm-v1.5',
    ]);
    for (const s of SAMPLES) {
      expect(words[`gallery.${s.id}.title`], s.id).toBeTruthy();
      expect(words[`gallery.${s.id}.about`], s.id).toBeTruthy();
      const { files, analysis } = await analysed(s.id);
      expect(files.length, s.id).toBeGreaterThanOrEqual(4);
      expect(new Set(files.map((f) => f.id)).size).toBe(files.length);
      for (const f of analysis.files) expect(f.file.kind, `${s.id} ${f.file.name}`).not.toBe('unknown');
      const components = new Set(analysis.instances.map((i) => i.component));
      for (const c of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd'])
        expect(components, `${s.id} ${c}`).toContain(c);
    }
  });

  it('the first sample is the one a first visit shows, with the ids it always had', async () => {
    const files = await loadSampleFiles();
    expect(files.map((f) => f.name)).toEqual([
      '/etc/kubernetes/manifests/kube-apiserver.yaml',
      '/etc/kubernetes/manifests/kube-controller-manager.yaml',
      '/etc/kubernetes/manifests/kube-scheduler.yaml',
      '/etc/kubernetes/manifests/etcd.yaml',
    ]);
    expect(files[3]!.id).toBe('sample-etcd-yaml');
  });

  it('HA: three nodes, each file on its host by its folder', async () => {
    const { files, analysis } = await analysed('kubeadm-ha-v1.31');
    expect(files[0]!.name).toBe('cp1/etc/kubernetes/manifests/kube-apiserver.yaml');
    const hosts = new Set(analysis.instances.map((i) => i.host?.name));
    expect([...hosts].sort()).toEqual(['cp1', 'cp2', 'cp3']);
  });

  it('kubeadm 1.21: the insecure ports turned off by hand', async () => {
    const { analysis, flag } = await analysed('kubeadm-v1.21');
    expect(analysis.instances.find((i) => i.component === 'kube-apiserver')?.version?.version).toBe('1.21.14');
    expect(analysis.instances.find((i) => i.component === 'etcd')?.version?.version).toBe('3.4.13');
    expect(flag('kube-apiserver', 'insecure-port')?.occurrence.value).toBe('0');
    expect(flag('kube-scheduler', 'port')?.occurrence.value).toBe('0');
    expect(flag('kube-controller-manager', 'port')?.status).not.toBe('unknown');
    expect(flag('kube-apiserver', 'insecure-port')?.status).not.toBe('unknown');
  });

  it('kubeadm 1.5: JSON manifests, the insecure port, --master', async () => {
    const { files, analysis, flag } = await analysed('kubeadm-v1.5');
    expect(files.every((f) => f.name.endsWith('.json'))).toBe(true);
    expect(analysis.files.every((f) => f.file.kind === 'static-pod')).toBe(true);
    expect(analysis.instances.find((i) => i.component === 'kube-apiserver')?.version?.version).toBe('1.5.7');
    expect(flag('kube-apiserver', 'insecure-bind-address')?.occurrence.value).toBe('127.0.0.1');
    expect(flag('kube-scheduler', 'master')?.occurrence.value).toBe('127.0.0.1:8080');
    expect(flag('kube-apiserver', 'admission-control')?.status).not.toBe('unknown');
  });

  it('binary install: units whose flags come from environment files', async () => {
    const { files, analysis, flag } = await analysed('binary-systemd');
    expect(files[0]!.name).toBe('/etc/systemd/system/kube-apiserver.service');
    expect(files.map((f) => f.name)).toContain('/etc/kubernetes/apiserver');
    const servers = flag('kube-apiserver', 'etcd-servers');
    expect(servers?.occurrence.value).toBe('https://192.168.56.30:2379');
    // written in the env file, reached through $KUBE_ETCD_SERVERS
    const envFile = files.find((f) => f.name === '/etc/kubernetes/apiserver')!;
    expect(servers?.occurrence.fileId).toBe(envFile.id);
    expect(flag('kube-apiserver', 'v')?.occurrence.value).toBe('2');
    expect(flag('kube-controller-manager', 'cluster-cidr')?.occurrence.value).toBe('10.200.0.0/16');
    const units = analysis.files.filter((f) => f.file.kind === 'systemd-unit').length;
    expect(units).toBe(4);
  });
});
