/**
 * A kubeconfig cluster with `insecure-skip-tls-verify: true` (src/analysis/trust/checks.ts): a warning at that line,
 * an error for the control plane's kubeconfigs (kubeadm's by path, or one a component's flags name), the client-go
 * refusal when a CA is given too, and the connection edge of the trust model marked as not verifying the server.
 */
import { describe, expect, it } from 'vitest';
import { analyseWorkspace } from '../../src/pipeline';
import { buildReport } from '../../src/export/report';
import type { WorkspaceFile } from '../../src/model/types';
import { analysePresented, file, fixture, loadKnowledgeBase } from '../helpers';
import { INSECURE_TEST_APISERVER } from './kubeconfig-fixtures';

const kb = await loadKnowledgeBase();
const NOW = Date.parse('2026-12-01T00:00:00Z');
const RULES = ['kubeconfig-insecure-skip-tls-verify', 'kubeconfig-insecure-with-ca'];

const kubeconfig = (cluster: string[], user = ['token: abcdef.0123456789abcdef']) => `apiVersion: v1
kind: Config
clusters:
- cluster:
${cluster.map((l) => `    ${l}`).join('\n')}
  name: kubernetes
contexts:
- context:
    cluster: kubernetes
    user: someone
  name: someone@kubernetes
current-context: someone@kubernetes
users:
- name: someone
  user:
${user.map((l) => `    ${l}`).join('\n')}
`;
const INSECURE = ['server: https://10.0.0.1:6443', 'insecure-skip-tls-verify: true'];

async function run(files: WorkspaceFile[]) {
  const a = await analyseWorkspace(files, kb, { now: NOW });
  return { a: a, found: a.findings.filter((f) => RULES.includes(f.rule)) };
}
const textAt = (files: WorkspaceFile[], f: { fileId: string; range: { start: number; end: number } }) =>
  files.find((x) => x.id === f.fileId)!.text.slice(f.range.start, f.range.end);

describe('kubeconfig-insecure-skip-tls-verify', () => {
  it("a user's kubeconfig: a warning on the insecure-skip-tls-verify line, in the CLI JSON too", async () => {
    const files = [file('/home/alice/.kube/config', kubeconfig(INSECURE), 'k')];
    const presented = await analysePresented(files, kb, { now: NOW });
    const found = presented.findings.filter((f) => RULES.includes(f.rule));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      rule: 'kubeconfig-insecure-skip-tls-verify',
      severity: 'warning',
      params: { cluster: 'kubernetes', kubeconfig: 'config', server: 'https://10.0.0.1:6443' },
    });
    expect(textAt(files, found[0]!)).toBe('insecure-skip-tls-verify: true');
    expect(found[0]!.message).toContain('Cluster kubernetes of config sets insecure-skip-tls-verify: true');
    const report = buildReport(files, presented);
    expect(report.findings.find((f) => f.rule === 'kubeconfig-insecure-skip-tls-verify')).toMatchObject({
      severity: 'warning',
      line: 6,
      column: 5,
    });
  });

  it("kubeadm's kubeconfigs are the control plane's: an error", async () => {
    for (const name of [
      'admin.conf',
      'super-admin.conf',
      'controller-manager.conf',
      'scheduler.conf',
      'kubelet.conf',
    ]) {
      const { found } = await run([file(`/etc/kubernetes/${name}`, kubeconfig(INSECURE), 'k')]);
      expect(found.map((f) => [f.rule, f.severity])).toEqual([['kubeconfig-insecure-skip-tls-verify', 'error']]);
    }
  });

  it('a kubeconfig a component reads (--kubeconfig of kube-scheduler): an error', async () => {
    const scheduler = `apiVersion: v1
kind: Pod
metadata:
  name: kube-scheduler
  namespace: kube-system
spec:
  containers:
  - command:
    - kube-scheduler
    - --kubeconfig=/etc/kubernetes/custom-scheduler.conf
    image: registry.k8s.io/kube-scheduler:v1.31.0
    name: kube-scheduler
`;
    const kc = file('/etc/kubernetes/custom-scheduler.conf', kubeconfig(INSECURE), 'k');
    expect((await run([kc])).found.map((f) => f.severity)).toEqual(['warning']);
    const { found } = await run([file('/etc/kubernetes/manifests/kube-scheduler.yaml', scheduler, 's'), kc]);
    expect(found.map((f) => [f.rule, f.severity, f.fileId])).toEqual([
      ['kubeconfig-insecure-skip-tls-verify', 'error', 'k'],
    ]);
  });

  it('false, or no such line: nothing', async () => {
    for (const cluster of [
      ['server: https://10.0.0.1:6443', 'insecure-skip-tls-verify: false'],
      ['server: https://10.0.0.1:6443', 'certificate-authority: /etc/kubernetes/pki/ca.crt'],
    ])
      expect((await run([file('/home/alice/.kube/config', kubeconfig(cluster), 'k')])).found).toEqual([]);
  });

  it('the connection to the API server in the trust model does not verify the server', async () => {
    const api = INSECURE_TEST_APISERVER;
    const files = [file('kube-apiserver.yaml', api, 'a'), file('/home/alice/.kube/config', kubeconfig(INSECURE), 'k')];
    const { a } = await run(files);
    const edges = a.trust!.edges.filter(
      (e) => e.kind === 'points-to' && e.via === 'clusters[kubernetes].cluster.server',
    );
    expect(edges).toHaveLength(1);
    expect(edges[0]).toMatchObject({ insecure: true, broken: true, to: 'component:kube-apiserver@10.0.0.1' });
    // a kubeconfig that verifies: not so
    const safe = [
      files[0]!,
      file(
        '/home/alice/.kube/config',
        kubeconfig(['server: https://10.0.0.1:6443', 'certificate-authority: /x/ca.crt']),
        'k',
      ),
    ];
    const plain = (await run(safe)).a.trust!.edges.filter((e) => e.kind === 'points-to' && e.from.includes('config'));
    expect(plain.length).toBeGreaterThan(0);
    expect(plain.every((e) => e.insecure === undefined)).toBe(true);
  });
});

describe('kubeconfig-insecure-with-ca', () => {
  it('a CA as well: client-go refuses the entry, an error (and not the other finding)', async () => {
    for (const [ca, name] of [
      ['certificate-authority-data: DATA+OMITTED', 'certificate-authority-data'],
      ['certificate-authority: /etc/kubernetes/pki/ca.crt', 'certificate-authority'],
    ] as const) {
      const files = [file('/home/alice/.kube/config', kubeconfig([...INSECURE, ca]), 'k')];
      const { found } = await run(files);
      expect(found.map((f) => [f.rule, f.severity, f.params.ca])).toEqual([
        ['kubeconfig-insecure-with-ca', 'error', name],
      ]);
      expect(textAt(files, found[0]!)).toBe('insecure-skip-tls-verify: true');
    }
  });
});

describe('the samples and fixtures made from the seeds have neither', () => {
  it('kubeadm admin.conf and the kubectl config view of seed 004', async () => {
    for (const p of ['kubeconfig/admin.conf', 'kubeconfig/seed004-config-view.yaml'])
      expect((await run([file(`/etc/kubernetes/${p.split('/')[1]}`, fixture(p), 'k')])).found).toEqual([]);
  });
});
