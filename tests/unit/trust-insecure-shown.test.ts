/**
 * A kubeconfig connection that verifies no server certificate (`insecure-skip-tls-verify: true`, TrustEdge.insecure)
 * is shown as such: the CLI JSON's trust edge has `insecure: true` (absent on every other edge), and the trust view
 * labels it by its kubeconfig-insecure-* finding (src/views/trust/trustData.ts findingOfEdge), not by "broken".
 */
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/export/report';
import { findingOfEdge } from '../../src/views/trust/trustData';
import type { WorkspaceFile } from '../../src/model/types';
import { analysePresented, file, loadKnowledgeBase } from '../helpers';
import { INSECURE_TEST_APISERVER } from './kubeconfig-fixtures';

const kb = await loadKnowledgeBase();
const NOW = Date.parse('2026-12-01T00:00:00Z');

const admin = (cluster: string[]) => `apiVersion: v1
kind: Config
clusters:
- cluster:
${cluster.map((l) => `    ${l}`).join('\n')}
  name: kubernetes
contexts:
- context:
    cluster: kubernetes
    user: kubernetes-admin
  name: kubernetes-admin@kubernetes
current-context: kubernetes-admin@kubernetes
users:
- name: kubernetes-admin
  user:
    token: abcdef.0123456789abcdef
`;

const API = INSECURE_TEST_APISERVER;

async function analyse(files: WorkspaceFile[]) {
  files = [file('/etc/kubernetes/manifests/kube-apiserver.yaml', API, 'api'), ...files];
  const presented = await analysePresented(files, kb, { now: NOW });
  return { presented, report: buildReport(files, presented) };
}

describe('an insecure kubeconfig connection, shown', () => {
  it('JSON: insecure: true on its points-to edge only; the view labels it by kubeconfig-insecure-skip-tls-verify', async () => {
    const files = [
      file(
        '/etc/kubernetes/admin.conf',
        admin(['server: https://10.0.0.1:6443', 'insecure-skip-tls-verify: true']),
        'admin',
      ),
    ];
    const { presented, report } = await analyse(files);
    const edges = report.trust?.edges ?? [];
    const insecure = edges.filter((e) => 'insecure' in e);
    expect(insecure.length).toBeGreaterThan(0);
    for (const e of insecure) expect(e).toMatchObject({ kind: 'points-to', insecure: true, broken: true });
    // the model's edge is found by the view: its finding, whose title labels it
    const modelEdge = presented.trust!.edges.find((e) => e.insecure)!;
    const f = findingOfEdge(presented.findings)(modelEdge);
    expect(f?.rule).toBe('kubeconfig-insecure-skip-tls-verify');
    expect(f?.title.length).toBeGreaterThan(0);
  });

  it('with a CA too: the kubeconfig-insecure-with-ca finding labels it', async () => {
    const files = [
      file(
        '/etc/kubernetes/admin.conf',
        admin([
          'certificate-authority: /etc/kubernetes/pki/ca.crt',
          'server: https://10.0.0.1:6443',
          'insecure-skip-tls-verify: true',
        ]),
        'admin',
      ),
    ];
    const { presented } = await analyse(files);
    const modelEdge = presented.trust!.edges.find((e) => e.insecure)!;
    expect(findingOfEdge(presented.findings)(modelEdge)?.rule).toBe('kubeconfig-insecure-with-ca');
  });

  it('a kubeconfig that verifies the server: no edge has insecure', async () => {
    const files = [
      file(
        '/etc/kubernetes/admin.conf',
        admin(['certificate-authority: /etc/kubernetes/pki/ca.crt', 'server: https://10.0.0.1:6443']),
        'admin',
      ),
    ];
    const { report } = await analyse(files);
    expect(report.trust?.edges.length).toBeGreaterThan(0);
    expect(report.trust?.edges.filter((e) => 'insecure' in e)).toEqual([]);
  });
});
