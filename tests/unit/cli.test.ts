import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/explain';
import { repoRoot } from '../helpers';

const sample = `${repoRoot}content/examples/kubeadm-v1.31/`;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  return { out, err };
}

afterEach(() => vi.restoreAllMocks());

describe('explain CLI', () => {
  it('prints the JSON report of the sample cluster', async () => {
    const { out } = capture();
    const code = await main([`${sample}kube-apiserver.yaml`, `${sample}etcd.yaml`, '--format', 'json']);
    expect(code).toBe(0);
    const report = JSON.parse(out.join('\n'));
    expect(report.files.map((f: { kind: string }) => f.kind)).toEqual(['static-pod', 'static-pod']);
    const [api, etcd] = report.files.map((f: { documents: unknown[] }) => f.documents[0]);
    expect(api).toMatchObject({ component: 'kube-apiserver', version: '1.31.2' });
    expect(etcd).toMatchObject({ component: 'etcd', version: '3.5.15' });
    expect(api.flags.find((f: { name: string }) => f.name === 'secure-port')).toMatchObject({
      value: '6443',
      line: 36,
      status: 'ok',
      default: '6443',
      differsFromDefault: false,
    });
    // kubeadm's own choices that the security audit fails (profiling, no audit log, ...): one info per instance
    expect(report.findings.map((f: { rule: string; severity: string }) => [f.rule, f.severity])).toEqual([
      ['audit-kubeadm-defaults', 'info'],
    ]);
  });

  it("names the env file a unit's flags are written in", async () => {
    const { out } = capture();
    const fx = `${repoRoot}tests/fixtures/`;
    expect(
      await main([`${fx}systemd/seed001-kube-apiserver.service`, `${fx}env/seed001-apiserver`, '--format=json']),
    ).toBe(0);
    const report = JSON.parse(out.join('\n'));
    const flags = report.files[0].documents[0].flags;
    const https = flags.find((f: { name: string }) => f.name === 'kubelet-https');
    expect(https).toMatchObject({ file: `${fx}env/seed001-apiserver`, line: 32, status: 'removed' });
  });

  it('reads a folder recursively, each file named by its path, like a folder dropped on the page', async () => {
    const { out } = capture();
    const code = await main([sample, '--format', 'json']);
    expect(code).toBe(0);
    const report = JSON.parse(out.join('\n'));
    const names = report.files.map((f: { file: string }) => f.file.slice(sample.length - 1));
    expect(names).toEqual([
      '/etcd.yaml',
      '/kube-apiserver.yaml',
      '/kube-controller-manager.yaml',
      '/kube-scheduler.yaml',
      '/README.md',
    ]);
    expect(report.components.map((c: { component: string }) => c.component).sort()).toEqual([
      'etcd',
      'kube-apiserver',
      'kube-controller-manager',
      'kube-scheduler',
    ]);
  });

  it('prints text by default', async () => {
    const { out } = capture();
    expect(await main([`${sample}kube-scheduler.yaml`])).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('Pod kube-scheduler: kube-scheduler v1.31.2, 5 flags');
    expect(text).toContain('--leader-elect=true');
    // the reference marks the scheduler's --kubeconfig deprecated (ignored when --config is given)
    expect(text).toContain('2 finding(s):');
    // and the audit's summary of what kubeadm leaves failing (--profiling)
    expect(text).toContain("kube-scheduler fails these audit checks at kubeadm's own settings: cis-1.11 1.4.1.");
    expect(text).toContain('warning [deprecated-flag] --kubeconfig is deprecated');
  });

  it('exits 2 with a message on unreadable input or bad usage', async () => {
    const { err } = capture();
    expect(await main(['/nonexistent/kube-apiserver.yaml'])).toBe(2);
    expect(err.join('\n')).toContain('cannot read /nonexistent/kube-apiserver.yaml: ENOENT');
    expect(await main([])).toBe(2);
    expect(await main([`${sample}etcd.yaml`, '--format', 'xml'])).toBe(2);
    expect(err.join('\n')).toContain('unknown format "xml"');
  });
});
