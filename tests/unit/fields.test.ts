/** Every key of real static Pod manifests is explained (issue: hover works for every line, not only flags). */
import { describe, expect, it } from 'vitest';
import { analyseWorkspace } from '../../src/pipeline';
import { file, fixture, loadKnowledgeBase } from '../helpers';

const kb = await loadKnowledgeBase();
const FILES = [
  'eras/v1.21-kube-apiserver.yaml',
  'eras/v1.21-kube-scheduler.yaml',
  'eras/v1.21-kube-controller-manager.yaml',
  '../../content/examples/kubeadm-v1.31/etcd.yaml',
  'eras/v1.5-kube-apiserver.json',
];

describe('field documentation', () => {
  for (const name of FILES) {
    it(`explains every key of ${name.split('/').pop()}`, async () => {
      const a = await analyseWorkspace([file(name, fixture(name), 'f')], kb);
      const doc = a.files[0]?.documents[0];
      expect(doc?.document.kind).toBe('static-pod');
      expect(doc?.fields.length).toBeGreaterThan(10);
      const missing = [...new Set(doc?.fields.filter((f) => !f.doc).map((f) => f.occurrence.path))];
      expect(missing).toEqual([]);
    });
  }

  it('explains every variable of the binary-install env files and the kubeadm drop-in era', async () => {
    const names = ['env/seed001-apiserver', 'env/seed001-controller-manager', 'env/seed001-scheduler'];
    const a = await analyseWorkspace(
      names.map((n, i) => file(n, fixture(n), `e${i}`)),
      kb,
    );
    const fields = a.files.flatMap((f) => f.documents.flatMap((d) => d.fields));
    expect(fields.length).toBeGreaterThanOrEqual(8);
    expect(fields.filter((f) => !f.doc).map((f) => f.occurrence.path)).toEqual([]);
  });

  it('explains the structure of kubeadm configuration files (flags inside extraArgs are flags)', async () => {
    for (const name of ['kubeadm/kubeadm-v1beta3.yaml', 'kubeadm/kubeadm-v1beta4.yaml']) {
      const a = await analyseWorkspace([file(name, fixture(name), 'k')], kb);
      const docs = a.files[0]!.documents.filter((d) => d.document.kind === 'kubeadm-config');
      const fields = docs.flatMap((d) => d.fields);
      expect(fields.length).toBeGreaterThan(5);
      const flagKeys = new Set(docs.flatMap((d) => d.flags.map((f) => f.occurrence.nameRange.start)));
      const missing = fields.filter(
        (f) =>
          !f.doc &&
          !flagKeys.has(f.occurrence.keyRange.start) &&
          !/extraArgs\[\]\.(name|value)$/.test(f.occurrence.path),
      );
      expect(missing.map((f) => f.occurrence.path)).toEqual([]);
    }
  });

  it('explains the probe numbers in the control-plane context', async () => {
    const fields = await kb.loadFields('pod');
    const startup = fields.get('spec.containers[].startupProbe.failureThreshold');
    expect(startup?.explanation).toMatch(/24/);
    expect(fields.get('spec.hostNetwork')?.summary.length).toBeGreaterThan(20);
    expect(fields.get('spec.volumes[].hostPath.type')?.values).toContain('DirectoryOrCreate');
  });
});
