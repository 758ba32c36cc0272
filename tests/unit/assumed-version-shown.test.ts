/**
 * An assumed version (src/annotate/assumedVersion.ts) shows as assumed wherever it is used: the CLI's JSON
 * (components[].versionAssumed, a document's assumedVersion) and text report ("(assumed)"), feature gates judged at
 * it, value messages that name it; and the trust edges of an insecure kubeconfig carry `insecure` into the JSON.
 */
import { describe, expect, it } from 'vitest';
import { buildReport, formatReportText } from '../../src/export/report';
import type { WorkspaceFile } from '../../src/model/types';
import { analysePresented, exampleFiles, file, loadKnowledgeBase } from '../helpers';

const kb = await loadKnowledgeBase();
const NOW = Date.UTC(2026, 0, 1);

/** The kubeadm v1.31 sample's static Pods (the control plane v1.31.2). */
const sample: WorkspaceFile[] = exampleFiles();

function kubeletPs(extra: readonly string[] = []): WorkspaceFile {
  const line = [
    'root 1234 1 2 10:00 ? 00:01:00 /usr/bin/kubelet',
    '--kubeconfig=/etc/kubernetes/kubelet.conf',
    '--config=/var/lib/kubelet/config.yaml',
    '--container-runtime-endpoint=unix:///run/containerd/containerd.sock',
    ...extra,
  ].join(' ');
  return file('ps.txt', `${line}\n`, 'ps');
}

function kubeProxyPs(extra: readonly string[]): WorkspaceFile {
  const line = ['root 2345 1 0 10:00 ? 00:00:10 /usr/local/bin/kube-proxy', ...extra].join(' ');
  return file('proxy.txt', `${line}\n`, 'proxy');
}

async function report(files: WorkspaceFile[]) {
  const presented = await analysePresented(files, kb, { now: NOW });
  expect(presented.contentProblems).toEqual([]);
  return buildReport(files, presented, { kb });
}

const findingsIn = (r: Awaited<ReturnType<typeof report>>, name: string) =>
  r.findings.filter((f) => f.file === name && !f.rule.startsWith('audit-'));

describe('the CLI report says a version is assumed', () => {
  it('JSON: versionAssumed on components, assumedVersion on the version-less document only', async () => {
    const r = await report([...sample, kubeletPs()]);
    const kubelet = r.components?.find((c) => c.component === 'kubelet');
    expect(kubelet).toMatchObject({ version: '1.31.2', versionAssumed: true });
    const api = r.components?.find((c) => c.component === 'kube-apiserver');
    expect(api).toMatchObject({ version: '1.31.2', versionAssumed: false });
    const ps = r.files.find((f) => f.file === 'ps.txt')!.documents[0]!;
    expect(ps.version).toBeNull();
    expect(ps.assumedVersion).toBe('1.31.2');
    for (const d of r.files.filter((f) => f.file !== 'ps.txt').flatMap((f) => f.documents))
      expect(d).not.toHaveProperty('assumedVersion');
  });

  it('text: "(assumed)" after the assumed version of the document and of the component', async () => {
    const text = formatReportText(await report([...sample, kubeletPs()]));
    expect(text).toMatch(/ps\.txt.*\n {2}.*: kubelet v1\.31\.2 \(assumed\), 3 flags/);
    expect(text).toMatch(/\n {2}kubelet.*, v1\.31\.2 \(assumed\): /);
    expect(text).toMatch(/\n {2}kube-apiserver.*, v1\.31\.2: /);
    expect(text).not.toContain('kube-apiserver v1.31.2 (assumed)');
  });

  it('a lone version-less document: no assumedVersion, versionAssumed false, "version unknown"', async () => {
    const r = await report([kubeletPs()]);
    expect(r.files[0]!.documents[0]).not.toHaveProperty('assumedVersion');
    expect(r.components?.[0]).toMatchObject({ version: null, versionAssumed: false });
    expect(formatReportText(r)).toContain('kubelet version unknown, 3 flags');
  });
});

describe('feature gates of a version-less document are judged at its assumed version', () => {
  // CPUManager: GA and locked in 1.26-1.32, gone from 1.33 (content/feature-gates.json)
  it('--feature-gates=CPUManager=true on a kubelet ps line beside the 1.31 control plane is not "removed"', async () => {
    const beside = findingsIn(await report([...sample, kubeletPs(['--feature-gates=CPUManager=true'])]), 'ps.txt');
    const gates = beside.filter((f) => f.rule.startsWith('feature-gate-'));
    expect(gates.map((f) => f.rule)).not.toContain('feature-gate-removed');
    expect(gates.length).toBeGreaterThan(0);
    // its words name the release and say it is assumed
    expect(gates.map((f) => f.message).join('\n')).toContain("1.31 (assumed from the workspace's other components)");
    // alone, the newest release judges it: removed there
    const alone = findingsIn(await report([kubeletPs(['--feature-gates=CPUManager=true'])]), 'ps.txt');
    expect(alone.filter((f) => f.rule.startsWith('feature-gate-')).map((f) => f.rule)).toContain(
      'feature-gate-removed',
    );
  });
});

describe('value messages name an assumed version as assumed', () => {
  it('--proxy-mode=userspace (removed in 1.26) on a kube-proxy ps line beside the 1.31 control plane', async () => {
    const f = findingsIn(await report([...sample, kubeProxyPs(['--proxy-mode=userspace'])]), 'proxy.txt');
    const value = f.find((x) => x.message.includes('"userspace" was removed'));
    expect(value?.message).toContain(
      "this version 1.31 (assumed from the workspace's other components) no longer accepts it",
    );
  });

  it('the same line alone: the newest releases, no "assumed"', async () => {
    const f = findingsIn(await report([kubeProxyPs(['--proxy-mode=userspace'])]), 'proxy.txt');
    const value = f.find((x) => x.message.includes('"userspace" was removed'));
    expect(value?.message).toContain('this version (newest releases) no longer accepts it');
    expect(value?.message).not.toContain('assumed');
  });

  it('--proxy-mode=ipvs is deprecated only from 1.35: not deprecated at the assumed 1.31', async () => {
    const beside = findingsIn(await report([...sample, kubeProxyPs(['--proxy-mode=ipvs'])]), 'proxy.txt');
    expect(beside.map((x) => x.message).join('\n')).not.toContain('"ipvs"');
    const alone = findingsIn(await report([kubeProxyPs(['--proxy-mode=ipvs'])]), 'proxy.txt');
    expect(alone.map((x) => x.message).join('\n')).toContain('"ipvs"');
  });
});
