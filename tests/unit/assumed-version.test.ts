/**
 * A component document without a version of its own (a kubelet `ps` line) is judged at the version the workspace's
 * other Kubernetes components run (src/annotate/assumedVersion.ts), and its findings say the version is assumed;
 * with no version anywhere, a removed flag is a warning that says the version is not known.
 */
import { describe, expect, it } from 'vitest';
import { AnalysisSession, analyseWorkspace } from '../../src/pipeline';
import { buildReport } from '../../src/export/report';
import { effectiveConfiguration } from '../../src/effective';
import { isAssumedVersion, workspaceVersion } from '../../src/annotate/assumedVersion';
import type { WorkspaceFile } from '../../src/model/types';
import { analysePresented, exampleFiles, file, loadKnowledgeBase } from '../helpers';

const kb = await loadKnowledgeBase();
const NOW = Date.UTC(2026, 0, 1);

/** The kubeadm v1.31 sample's static Pods (etcd 3.5.15, the control plane v1.31.2). */
const sample: WorkspaceFile[] = exampleFiles();

/** A `ps` line of the kubelet: no version in it. */
function kubeletPs(extra: readonly string[] = []): WorkspaceFile {
  const line = [
    'root 1234 1 2 10:00 ? 00:01:00 /usr/bin/kubelet',
    '--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf',
    '--kubeconfig=/etc/kubernetes/kubelet.conf',
    '--config=/var/lib/kubelet/config.yaml',
    '--container-runtime-endpoint=unix:///run/containerd/containerd.sock',
    '--pod-infra-container-image=registry.k8s.io/pause:3.10',
    ...extra,
  ].join(' ');
  return file('ps.txt', `${line}\n`, 'ps');
}

/** The sample with each control-plane image at its own tag (`kube-apiserver: 'v1.30.5'`). */
function withImages(tags: Record<string, string>): WorkspaceFile[] {
  return sample.map((f) => {
    let text = f.text;
    for (const [component, tag] of Object.entries(tags))
      text = text.replace(new RegExp(`(registry\\.k8s\\.io/${component}):v[0-9.]+`), `$1:${tag}`);
    return { ...f, text };
  });
}

async function findingsOf(files: WorkspaceFile[]) {
  const presented = await analysePresented(files, kb, { now: NOW });
  expect(presented.contentProblems).toEqual([]);
  const report = buildReport(files, presented);
  return report.findings.filter((f) => f.file === 'ps.txt' && !f.rule.startsWith('audit-'));
}

describe('the workspace version judges a kubelet that says none', () => {
  it("the user's case: beside the v1.31 control plane, --pod-infra-container-image is judged at 1.31", async () => {
    const files = [...sample, kubeletPs()];
    const findings = await findingsOf(files);
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([
      ['deprecated-flag', 'warning'],
      ['deprecated-flag', 'warning'],
    ]);
    const infra = findings.find((f) => f.message.startsWith('--pod-infra-container-image'));
    expect(infra?.message).toBe(
      "--pod-infra-container-image is deprecated since kubelet 1.24 (judged at version 1.31, assumed from the workspace's other components); replaced by the container runtime's sandbox image setting (containerd sandbox_image, CRI-O pause_image).",
    );

    const analysis = await analyseWorkspace(files, kb, { now: NOW });
    const ps = analysis.files.find((f) => f.file.fileId === 'ps')!.documents[0]!;
    // the document's own version stays unknown; the assumed one is kept apart, with where it came from
    expect(ps.document.version).toBeNull();
    expect(ps.assumed).toEqual({
      from: 'workspace',
      version: {
        version: '1.31.2',
        source: 'assumed: kube-apiserver image registry.k8s.io/kube-apiserver:v1.31.2',
        range: null,
      },
      minor: '1.31',
      minors: ['1.31'], // etcd's 3.5.15 is no Kubernetes version
    });
    const flag = ps.flags.find((f) => f.canonical === 'pod-infra-container-image');
    expect(flag?.status).toBe('deprecated');
    expect(flag?.facts?.version).toBe('1.31.2');
    // the static Pods keep their own version and no `assumed`
    for (const d of analysis.files.filter((f) => f.file.fileId !== 'ps').flatMap((f) => f.documents))
      expect(d.assumed).toBeUndefined();

    // the instance, its effective configuration and the CLI's components run 1.31.2, the source saying assumed
    const kubelet = analysis.instances.find((i) => i.component === 'kubelet')!;
    expect(kubelet.version?.source).toBe('assumed: kube-apiserver image registry.k8s.io/kube-apiserver:v1.31.2');
    expect(isAssumedVersion(kubelet.version)).toBe(true);
    const byId = new Map(analysis.files.flatMap((f) => f.documents.map((d) => [d.document.id, d])));
    expect(effectiveConfiguration(kubelet, (id) => byId.get(id), kb).version).toBe('1.31.2');
    const etcd = analysis.instances.find((i) => i.component === 'etcd')!;
    expect(etcd.version?.version).toBe('3.5.15');
    expect(isAssumedVersion(etcd.version)).toBe(false);
    const report = buildReport(files, await analysePresented(files, kb, { now: NOW }), { kb });
    expect(report.components?.find((c) => c.component === 'kubelet')?.version).toBe('1.31.2');
  });

  it('a flag removed in 1.31 is an error whose words say the version is assumed', async () => {
    const findings = await findingsOf([...sample, kubeletPs(['--iptables-masquerade-bit=14'])]);
    const removed = findings.filter((f) => f.rule === 'removed-flag');
    expect(removed.map((f) => f.severity)).toEqual(['error']);
    expect(removed[0]?.message).toBe(
      "--iptables-masquerade-bit was removed in kubelet 1.31; this version 1.31 (assumed from the workspace's other components) no longer accepts it.",
    );
  });

  it('a lone kubelet ps line: the newest release judges, and a removed flag is a warning saying so', async () => {
    const files = [kubeletPs()];
    const findings = await findingsOf(files);
    const removed = findings.filter((f) => f.rule === 'removed-flag');
    expect(removed.map((f) => f.severity)).toEqual(['warning']);
    expect(removed[0]?.message).toBe(
      "--pod-infra-container-image was removed in kubelet 1.35; replaced by the container runtime's sandbox image setting (containerd sandbox_image, CRI-O pause_image); this version is not known; if it runs 1.35 or a later release, it no longer accepts it.",
    );
    const analysis = await analyseWorkspace(files, kb, { now: NOW });
    expect(analysis.files[0]!.documents[0]!.assumed).toBeUndefined();
    expect(analysis.instances.map((i) => i.version)).toEqual([null]);
  });

  it('1.30 and 1.31 mixed: the minor most documents name, a tie the newest, and the words say it is a guess', async () => {
    const flags = ['--iptables-masquerade-bit=14', '--fail-cgroupv1=false'];
    // two at 1.31, one at 1.30: 1.31 (a removed flag, an error)
    const mostly131 = await findingsOf([...withImages({ 'kube-apiserver': 'v1.30.5' }), kubeletPs(flags)]);
    expect(mostly131.filter((f) => f.rule !== 'deprecated-flag').map((f) => [f.rule, f.severity])).toEqual([
      ['removed-flag', 'error'],
    ]);
    expect(mostly131.find((f) => f.rule === 'removed-flag')?.message).toContain(
      "this version 1.31 (a guess: the workspace's other components run 1.30 and 1.31) no longer accepts it",
    );
    // two at 1.30, one at 1.31: 1.30 (deprecated there, and --fail-cgroupv1 is newer than 1.30)
    const mostly130 = await findingsOf([
      ...withImages({ 'kube-apiserver': 'v1.30.5', 'kube-scheduler': 'v1.30.5' }),
      kubeletPs(flags),
    ]);
    expect(mostly130.map((f) => f.rule)).not.toContain('removed-flag');
    const masq = mostly130.find((f) => f.message.startsWith('--iptables-masquerade-bit'));
    expect(masq?.rule).toBe('deprecated-flag');
    expect(masq?.message).toContain('(judged at version 1.30, a guess:');
    const notYet = mostly130.find((f) => f.rule === 'not-yet-flag');
    expect(notYet?.message).toBe(
      "--fail-cgroupv1 exists only since kubelet 1.31; the detected version is 1.30 (a guess: the workspace's other components run 1.30 and 1.31).",
    );

    // one each: the newest, 1.31; within the minor the newest patch, its first document the source
    const tie = withImages({ 'kube-apiserver': 'v1.30.5', 'kube-controller-manager': 'v1.31.4' }).filter(
      (f) => !f.name.startsWith('kube-scheduler'),
    );
    const docs = (await analyseWorkspace(tie, kb, { now: NOW })).files.flatMap((f) =>
      f.documents.map((d) => d.document),
    );
    expect(workspaceVersion(docs)).toEqual({
      from: 'workspace',
      version: {
        version: '1.31.4',
        source: 'assumed: kube-controller-manager image registry.k8s.io/kube-controller-manager:v1.31.4',
        range: null,
      },
      minor: '1.31',
      minors: ['1.30', '1.31'],
    });
    // etcd alone says no Kubernetes version
    expect(workspaceVersion(docs.filter((d) => d.component === 'etcd'))).toBeNull();
  });
});

/** A `ps` line of a kube-apiserver on the sample's host (192.168.56.10): no version in it. */
function apiserverPs(extra: readonly string[]): WorkspaceFile {
  const line = ['root 2000 1 3 10:00 ? 00:10:00 kube-apiserver --advertise-address=192.168.56.10', ...extra].join(' ');
  return file('ps.txt', `${line}\n`, 'ps');
}

describe("a document's own instance goes before the workspace", () => {
  // half way through an upgrade: the controller manager and scheduler run 1.33, this kube-apiserver still 1.30
  const upgrading = withImages({
    'kube-apiserver': 'v1.30.5',
    'kube-controller-manager': 'v1.33.1',
    'kube-scheduler': 'v1.33.1',
  });

  it("the ps line of a v1.30.5 kube-apiserver is judged at 1.30 although the workspace's majority runs 1.33", async () => {
    const files = [...upgrading, apiserverPs(['--cloud-provider=aws'])];
    const findings = await findingsOf(files);
    const cloud = findings.filter((f) => f.message.startsWith('--cloud-provider '));
    // removed in 1.33, deprecated since 1.29: at 1.30 a warning, not the error the workspace's 1.33 would give
    expect(cloud.map((f) => [f.rule, f.severity])).toEqual([['deprecated-flag', 'warning']]);
    expect(cloud[0]?.message).toContain(
      '(judged at version 1.30, as known for this kube-apiserver from elsewhere in the workspace)',
    );
    const analysis = await analyseWorkspace(files, kb, { now: NOW });
    const ps = analysis.files.find((f) => f.file.fileId === 'ps')!.documents[0]!;
    expect(ps.assumed).toMatchObject({
      from: 'instance',
      minor: '1.30',
      version: { version: '1.30.5', source: 'assumed: kube-apiserver image registry.k8s.io/kube-apiserver:v1.30.5' },
    });
    // the ps line belongs to the static Pod's instance (its version the image's, not assumed)
    const apiserver = analysis.instances.filter((i) => i.component === 'kube-apiserver');
    expect(apiserver.map((i) => [i.version?.version, isAssumedVersion(i.version), i.documents.length])).toEqual([
      ['1.30.5', false, 2],
    ]);
  });

  it("a k3s configuration's flags are judged at its node's release (k3s --version), no longer at the newest", async () => {
    const files = [
      file('config.yaml', 'node-name: k3s-cp-1\nkubelet-arg:\n  - "iptables-masquerade-bit=14"\n', 'k3s'),
      file('k3s --version.txt', 'k3s version v1.30.4+k3s1 (98262b5d)\ngo version go1.22.5\n', 'rel'),
    ];
    const analysis = await analysePresented(files, kb, { now: NOW });
    const flag = analysis.findings.filter(
      (f) => f.fileId === 'k3s' && f.message.startsWith('--iptables-masquerade-bit'),
    );
    // removed in 1.31: at the newest release an error; this node runs 1.30, where it is deprecated
    expect(flag.map((f) => [f.rule, f.severity])).toEqual([['deprecated-flag', 'warning']]);
    expect(flag[0]?.message).toContain(
      '(judged at version 1.30, as known for this kubelet from elsewhere in the workspace)',
    );
  });

  it('a second session run reuses it; a new image of its static Pod re-judges it, same as a fresh analysis', async () => {
    const session = new AnalysisSession(kb);
    const files = [...upgrading, apiserverPs(['--cloud-provider=aws'])];
    const first = await session.analyse(files, { now: NOW });
    expect(session.stats.documentsAnnotated).toBe(files.length);
    expect(first).toEqual(await analyseWorkspace(files, kb, { now: NOW }));
    await session.analyse(files, { now: NOW });
    expect(session.stats).toMatchObject({ documentsAnnotated: 0, documentsReused: files.length });
    // the kube-apiserver upgraded too: its static Pod and its ps line are annotated again, nothing else
    const upgraded = files.map((f) =>
      f.name.startsWith('kube-apiserver') ? { ...f, text: f.text.replace(':v1.30.5', ':v1.33.1') } : f,
    );
    const result = await session.analyse(upgraded, { now: NOW });
    expect(session.stats).toMatchObject({ filesRead: 1, documentsAnnotated: 2, documentsReused: files.length - 2 });
    expect(result).toEqual(await analyseWorkspace(upgraded, kb, { now: NOW }));
    const cloud = result!.findings.filter((f) => f.fileId === 'ps' && f.rule === 'removed-flag');
    expect(cloud.map((f) => f.severity)).toEqual(['error']);
  });
});

describe('the pipeline cache keys on the assumed version', () => {
  it('a version change elsewhere re-annotates the version-less document, and only it; no change reuses it', async () => {
    const session = new AnalysisSession(kb);
    const files = [...sample, kubeletPs(['--iptables-masquerade-bit=14'])];
    await session.analyse(files, { now: NOW });
    expect(session.stats.documentsAnnotated).toBe(files.length);

    // an edit of the scheduler that leaves the workspace's version alone: the ps line is reused
    const schedulerId = sample.find((f) => f.name.startsWith('kube-scheduler'))!.id;
    const flagEdit = files.map((f) =>
      f.id === schedulerId ? { ...f, text: f.text.replace('--leader-elect=true', '--leader-elect=false') } : f,
    );
    expect(flagEdit).not.toEqual(files);
    expect(await session.analyse(flagEdit, { now: NOW })).toEqual(await analyseWorkspace(flagEdit, kb, { now: NOW }));
    expect(session.stats).toMatchObject({ filesRead: 1, documentsAnnotated: 1, documentsReused: files.length - 1 });

    // the whole control plane moves to 1.30: the edited files and the ps line are annotated again, etcd is reused
    const downgraded = withImages({
      'kube-apiserver': 'v1.30.5',
      'kube-controller-manager': 'v1.30.5',
      'kube-scheduler': 'v1.30.5',
    }).map((f) =>
      f.id === schedulerId ? { ...f, text: f.text.replace('--leader-elect=true', '--leader-elect=false') } : f,
    );
    const next = [...downgraded, files[files.length - 1]!];
    const incremental = await session.analyse(next, { now: NOW });
    expect(session.stats).toMatchObject({ filesRead: 3, filesReused: 2, documentsAnnotated: 4, documentsReused: 1 });
    expect(incremental).toEqual(await analyseWorkspace(next, kb, { now: NOW }));
    const ps = incremental!.files.find((f) => f.file.fileId === 'ps')!.documents[0]!;
    expect(ps.assumed?.minor).toBe('1.30');
    expect(incremental!.findings.filter((f) => f.fileId === 'ps').map((f) => f.rule)).not.toContain('removed-flag');

    // and the same again: everything reused
    await session.analyse(next, { now: NOW });
    expect(session.stats).toMatchObject({ filesRead: 0, documentsAnnotated: 0, documentsReused: files.length });
  });
});
