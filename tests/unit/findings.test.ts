import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/export/report';
import { analysePresented, file, loadKnowledgeBase } from '../helpers';
import type { WorkspaceFile } from '../../src/model/types';

const kb = await loadKnowledgeBase();
const pod = (version: string, flags: string[]) => `apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
spec:
  containers:
  - command:
    - kube-apiserver
${flags.map((f) => `    - ${f}`).join('\n')}
    image: registry.k8s.io/kube-apiserver:${version}
`;
async function run(text: string) {
  const files: WorkspaceFile[] = [file('kube-apiserver.yaml', text, 'f')];
  const analysis = await analysePresented(files, kb);
  return { analysis, report: buildReport(files, analysis) };
}

describe('flag findings', () => {
  it('reports an unknown flag with a did-you-mean suggestion at its line', async () => {
    const { report } = await run(pod('v1.31.0', ['--etcd-server=https://127.0.0.1:2379']));
    const f = report.findings.find((x) => x.rule === 'unknown-flag');
    expect(f?.message).toContain('--etcd-server is not a flag of kube-apiserver');
    expect(f?.message).toContain('Did you mean --etcd-servers?');
    expect(f?.line).toBe(9);
    expect(report.files[0]?.documents[0]?.flags[0]?.status).toBe('unknown');
  });

  it('reports a duplicate flag on the occurrence that loses', async () => {
    const { report } = await run(
      pod('v1.31.0', ['--etcd-cafile=/a', '--etcd-servers=https://x:2379', '--etcd-cafile=/b']),
    );
    const dups = report.findings.filter((x) => x.rule === 'duplicate-flag');
    expect(dups).toHaveLength(1);
    expect(dups[0]?.line).toBe(9);
    expect(dups[0]?.message).toContain('(/b)');
  });

  it('reports a value that is not of the flag type, at the value', async () => {
    const { analysis } = await run(pod('v1.31.0', ['--etcd-servers=not a url']));
    const f = analysis.findings.find((x) => x.rule === 'invalid-value');
    expect(f?.message).toContain('"not a url" is not a URL');
  });

  it('gives the JSON report its documented shape', async () => {
    const { report } = await run(pod('v1.31.0', ['--etcd-servers=https://127.0.0.1:2379']));
    expect(report.schemaVersion).toBe(1);
    const doc = report.files[0]?.documents[0];
    expect(doc).toMatchObject({ kind: 'static-pod', component: 'kube-apiserver', version: '1.31.0' });
    expect(doc?.flags[0]).toMatchObject({
      name: 'etcd-servers',
      value: 'https://127.0.0.1:2379',
      line: 9,
      status: 'ok',
    });
    expect(doc?.flags[0]?.summary).toMatch(/etcd/);
  });
});
