/**
 * Issue 15 (distribution configs) with issue 14 (the audit): the flags a k3s or RKE2 `config.yaml`, a `k3s server`
 * unit, a Talos machine configuration, a kind cluster configuration or a `minikube start --extra-config` line pass
 * become instances of the components they configure, with their host, their version where the configuration says
 * it, the distribution's own defaults where they differ from upstream (k3s and RKE2), and the audit runs on them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import { analyseWorkspace, type WorkspaceAnalysis } from '../../src/pipeline';
import { distributionDefaults, effectiveConfiguration, type EffectiveConfiguration } from '../../src/effective';
import { actualMessage, runAudit, type AuditModel } from '../../src/analysis/audit';
import { buildReport } from '../../src/export/report';
import { loadMessageCatalogue, presentAnalysis } from '../../src/present/analysis';
import type { WorkspaceFile } from '../../src/model/types';
import { file, fixture, loadKnowledgeBase, say } from '../helpers';

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await loadKnowledgeBase();
});

const dist = (name: string, as = name) => file(as, fixture(`distributions/${name}`));

interface Analysed {
  a: WorkspaceAnalysis;
  e: EffectiveConfiguration[];
  audit: AuditModel;
  files: WorkspaceFile[];
}

async function analyse(files: WorkspaceFile[]): Promise<Analysed> {
  const a = await analyseWorkspace(files, kb, {});
  const docs = new Map(a.files.flatMap((f) => f.documents.map((d) => [d.document.id, d])));
  const e: EffectiveConfiguration[] = [];
  for (const i of a.instances) {
    await kb.loadFlags(i.component);
    e.push(effectiveConfiguration(i, (id) => docs.get(id), kb));
  }
  const texts = new Map(files.map((f) => [f.id, f.text]));
  const audit = runAudit({ files: a.files, instances: a.instances, kb, text: (id) => texts.get(id) });
  return { a, e, audit, files };
}

/** The instance's effective flag, with the file and 1-based line where its value is written. */
function flagOf(r: Analysed, instance: string, name: string) {
  const e = r.e.find((x) => x.instance.id === instance);
  const f = e?.flags.find((x) => x.name === name);
  if (!f) return undefined;
  const at = f.span ? r.files.find((x) => x.id === f.span!.fileId) : undefined;
  return {
    value: f.value,
    source: f.source,
    file: at?.name ?? null,
    line: at && f.span ? at.text.slice(0, f.span.range.start).split('\n').length : null,
  };
}

const ids = (r: Analysed) => r.a.instances.map((i) => i.id);
const instance = (r: Analysed, id: string) => r.a.instances.find((i) => i.id === id);
const result = (r: Analysed, check: string, instanceId: string) =>
  r.audit.results.find((x) => x.id === check && x.instanceId === instanceId);

describe('k3s config.yaml', () => {
  it('one instance per component it passes flags to, on the node its node-name names', async () => {
    const r = await analyse([dist('k3s-config.yaml')]);
    expect(ids(r)).toEqual([
      'kube-apiserver@k3s-cp-1',
      'kube-controller-manager@k3s-cp-1',
      'kubelet@k3s-cp-1',
      'etcd@k3s-cp-1',
    ]);
    const api = instance(r, 'kube-apiserver@k3s-cp-1')!;
    expect(api.host).toMatchObject({ name: 'k3s-cp-1', addresses: ['10.40.0.11'], source: 'node-name' });
    // the config says no version (k3s --version would): unknown, the newest release's facts
    expect(api.version).toBeNull();
    expect(api.distribution?.name).toBe('k3s');
    expect(api.documents.map((d) => [d.kind, d.role])).toEqual([['distribution-config', 'command']]);
  });

  it('its items are the command line, with line; what k3s passes itself is the default', async () => {
    const r = await analyse([dist('k3s-config.yaml')]);
    const api = 'kube-apiserver@k3s-cp-1';
    expect(flagOf(r, api, 'anonymous-auth')).toEqual({
      value: 'true',
      source: 'set',
      file: 'k3s-config.yaml',
      line: 13,
    });
    expect(flagOf(r, api, 'audit-log-maxage')).toEqual({
      value: '30',
      source: 'set',
      file: 'k3s-config.yaml',
      line: 15,
    });
    // k3s's own arguments (pkg/daemons/control/server.go), not the binary's defaults
    expect(flagOf(r, api, 'profiling')).toEqual({ value: 'false', source: 'default', file: null, line: null });
    expect(flagOf(r, api, 'authorization-mode')).toMatchObject({ value: 'Node,RBAC', source: 'default' });
    expect(flagOf(r, api, 'enable-admission-plugins')).toMatchObject({ value: 'NodeRestriction', source: 'default' });
    // the API server listens behind the k3s supervisor (6443), on the next port, on loopback
    expect(flagOf(r, api, 'secure-port')).toMatchObject({ value: '6444', source: 'default' });
    expect(flagOf(r, api, 'bind-address')).toMatchObject({ value: '127.0.0.1', source: 'default' });
    // secrets-encryption: true and cluster-init: true (embedded etcd)
    expect(flagOf(r, api, 'encryption-provider-config')).toMatchObject({
      value: '/var/lib/rancher/k3s/server/cred/encryption-config.json',
      source: 'default',
    });
    expect(flagOf(r, api, 'etcd-servers')).toMatchObject({ value: 'https://127.0.0.1:2379', source: 'default' });
    expect(flagOf(r, api, 'etcd-cafile')).toMatchObject({
      value: '/var/lib/rancher/k3s/server/tls/etcd/server-ca.crt',
      source: 'default',
    });

    expect(flagOf(r, 'kube-controller-manager@k3s-cp-1', 'terminated-pod-gc-threshold')).toEqual({
      value: '10',
      source: 'set',
      file: 'k3s-config.yaml',
      line: 17,
    });
    expect(flagOf(r, 'kube-controller-manager@k3s-cp-1', 'use-service-account-credentials')).toMatchObject({
      value: 'true',
      source: 'default',
    });
    expect(flagOf(r, 'kubelet@k3s-cp-1', 'max-pods')).toEqual({
      value: '150',
      source: 'set',
      file: 'k3s-config.yaml',
      line: 19,
    });
    expect(flagOf(r, 'kubelet@k3s-cp-1', 'read-only-port')).toMatchObject({ value: '0', source: 'default' });
    // the serving certificate k3s signs for the node
    expect(flagOf(r, 'kubelet@k3s-cp-1', 'tls-cert-file')).toMatchObject({
      value: '/var/lib/rancher/k3s/agent/serving-kubelet.crt',
      source: 'default',
    });
    // k3s's own settings it passes on: node-name and node-ip to the kubelet
    expect(flagOf(r, 'kubelet@k3s-cp-1', 'hostname-override')).toEqual({
      value: 'k3s-cp-1',
      source: 'set',
      file: 'k3s-config.yaml',
      line: 2,
    });
    expect(flagOf(r, 'kubelet@k3s-cp-1', 'node-ip')).toMatchObject({ value: '10.40.0.11', source: 'set', line: 3 });
    expect(flagOf(r, 'kubelet@k3s-cp-1', 'anonymous-auth')).toMatchObject({ value: 'false', source: 'default' });
    expect(flagOf(r, 'etcd@k3s-cp-1', 'quota-backend-bytes')).toEqual({
      value: '4294967296',
      source: 'set',
      file: 'k3s-config.yaml',
      line: 21,
    });
    expect(flagOf(r, 'etcd@k3s-cp-1', 'client-cert-auth')).toMatchObject({ value: 'true', source: 'default' });
    expect(flagOf(r, 'etcd@k3s-cp-1', 'listen-client-urls')).toMatchObject({
      value: 'https://127.0.0.1:2379,https://10.40.0.11:2379',
      source: 'default',
    });
  });

  it('the audit runs on it: the anonymous-auth item fails at its line, profiling passes on k3s default', async () => {
    const r = await analyse([dist('k3s-config.yaml')]);
    const anonymous = result(r, 'apiserver-anonymous-auth', 'kube-apiserver@k3s-cp-1');
    expect(anonymous).toMatchObject({
      status: 'fail',
      host: 'k3s-cp-1',
      actual: { flag: 'anonymous-auth', value: 'true', source: 'set' },
    });
    const text = r.files[0]!.text;
    expect(text.slice(0, anonymous!.anchor!.range.start).split('\n').length).toBe(13);
    // the fix edits the item in place, inside its quotes
    expect(anonymous!.fix?.edit).toMatchObject({ text: 'false' });
    const edit = anonymous!.fix!.edit!;
    const fixed = text.slice(0, edit.range.start) + edit.text + text.slice(edit.range.end);
    expect(fixed.split('\n')[12]).toBe('  - "anonymous-auth=false"');
    expect(anonymous!.fix?.kubeadm ?? null).toBeNull();
    // upstream's default (true) would fail; k3s passes --profiling=false
    expect(result(r, 'apiserver-profiling', 'kube-apiserver@k3s-cp-1')).toMatchObject({
      status: 'pass',
      actual: { value: 'false', source: 'default' },
    });
    const profiling = result(r, 'apiserver-profiling', 'kube-apiserver@k3s-cp-1')!;
    expect(profiling.actual).toMatchObject({ defaultBy: 'k3s' });
    expect(say(actualMessage(profiling.actual!))).toBe('absent, k3s passes --profiling=false itself');
    expect(result(r, 'kubelet-anonymous-auth', 'kubelet@k3s-cp-1')).toMatchObject({ status: 'pass' });
    expect(result(r, 'controller-manager-profiling', 'kube-controller-manager@k3s-cp-1')).toMatchObject({
      status: 'pass',
    });
  });

  it('the k3s --version output beside it is the version of every Kubernetes component, not of etcd', async () => {
    const version = file('k3s --version.txt', 'k3s version v1.30.4+k3s1 (98262b5d)\ngo version go1.22.5\n');
    const r = await analyse([dist('k3s-config.yaml'), version]);
    expect(
      r.a.files[1]!.documents.map((d) => [d.document.kind, d.document.label, d.document.version?.version]),
    ).toEqual([['distribution-command', 'k3s version', '1.30.4']]);
    expect(r.a.instances.map((i) => [i.id, i.version?.version ?? null])).toEqual([
      ['kube-apiserver@k3s-cp-1', '1.30.4'],
      ['kube-controller-manager@k3s-cp-1', '1.30.4'],
      ['kubelet@k3s-cp-1', '1.30.4'],
      ['etcd@k3s-cp-1', null],
    ]);
    expect(r.e.find((x) => x.instance.component === 'kube-apiserver')?.version).toBe('1.30.4');
  });

  it('an absent flag is fixed by a new item of the same arg list, written like its neighbours', async () => {
    const r = await analyse([dist('k3s-config.yaml')]);
    const backup = result(r, 'apiserver-audit-log-maxbackup', 'kube-apiserver@k3s-cp-1');
    expect(backup).toMatchObject({ status: 'fail', actual: { source: 'default' } });
    expect(backup!.fix).toMatchObject({ target: 'command', kubeadm: null });
    const text = r.files[0]!.text;
    const edit = backup!.fix!.edit!;
    const lines = (text.slice(0, edit.range.start) + edit.text + text.slice(edit.range.end)).split('\n');
    expect(lines.slice(14, 17)).toEqual([
      '  - "audit-log-maxage=30"',
      `  - "audit-log-maxbackup=${backup!.fix!.change.kind === 'set' ? backup!.fix!.change.value : ''}"`,
      'kube-controller-manager-arg:',
    ]);
  });

  it('what k3s passes itself counts as set; a fix to a list k3s passes keeps its items', async () => {
    const r = await analyse([dist('k3s-config.yaml')]);
    const api = 'kube-apiserver@k3s-cp-1';
    for (const id of [
      'apiserver-kubelet-certificate-authority',
      'apiserver-kubelet-client-certificate',
      'apiserver-client-ca-file',
      'apiserver-tls-certificate',
      'apiserver-service-account-key-file',
      'apiserver-etcd-cafile',
      'apiserver-etcd-client-certificate',
      'apiserver-encryption-provider-config',
      'apiserver-node-restriction',
      'apiserver-authorization-node',
    ])
      expect([id, result(r, id, api)?.status]).toEqual([id, 'pass']);
    const deny = result(r, 'apiserver-deny-service-external-ips', api)!;
    expect(deny).toMatchObject({
      status: 'fail',
      actual: { value: 'NodeRestriction', source: 'default', defaultBy: 'k3s' },
    });
    const text = r.files[0]!.text;
    const edit = deny.fix!.edit!;
    expect((text.slice(0, edit.range.start) + edit.text + text.slice(edit.range.end)).split('\n')[15]).toBe(
      '  - "enable-admission-plugins=NodeRestriction,DenyServiceExternalIPs"',
    );
  });

  it('with its k3s.service on the same node: one instance per component, the unit items added', async () => {
    const r = await analyse([dist('k3s-config.yaml'), dist('k3s.service')]);
    expect(ids(r)).toEqual([
      'kube-apiserver@k3s-cp-1',
      'kube-controller-manager@k3s-cp-1',
      'kubelet@k3s-cp-1',
      'etcd@k3s-cp-1',
      'kube-scheduler@k3s-cp-1',
    ]);
    expect(instance(r, 'kube-apiserver@k3s-cp-1')!.documents.map((d) => d.kind)).toEqual([
      'distribution-config',
      'systemd-unit',
    ]);
    expect(flagOf(r, 'kube-apiserver@k3s-cp-1', 'request-timeout')).toEqual({
      value: '90s',
      source: 'set',
      file: 'k3s.service',
      line: 11,
    });
    expect(flagOf(r, 'kube-apiserver@k3s-cp-1', 'anonymous-auth')).toMatchObject({ value: 'true', line: 13 });
    // the scheduler is only in the unit: the workspace's only node, k3s's defaults
    const scheduler = instance(r, 'kube-scheduler@k3s-cp-1')!;
    expect(scheduler.host).toMatchObject({ name: 'k3s-cp-1', inferred: true });
    expect(flagOf(r, 'kube-scheduler@k3s-cp-1', 'v')).toMatchObject({ value: '2', source: 'set', line: 12 });
    expect(flagOf(r, 'kube-scheduler@k3s-cp-1', 'profiling')).toMatchObject({ value: 'false', source: 'default' });
  });
});

describe("k3s's own settings that it passes on", () => {
  it('protect-kernel-defaults and service-cidr: the kubelet, API server and controller manager flags, at their key', async () => {
    const cfg = file(
      'config.yaml',
      'protect-kernel-defaults: true\nservice-cidr: 10.96.0.0/16\nkube-apiserver-arg:\n  - "audit-log-maxage=30"\n',
    );
    const r = await analyse([cfg]);
    expect(ids(r)).toEqual(['kube-apiserver#1', 'kubelet#1', 'kube-controller-manager#1']);
    expect(flagOf(r, 'kubelet#1', 'protect-kernel-defaults')).toEqual({
      value: 'true',
      source: 'set',
      file: 'config.yaml',
      line: 1,
    });
    expect(result(r, 'kubelet-protect-kernel-defaults', 'kubelet#1')).toMatchObject({ status: 'pass' });
    expect(flagOf(r, 'kube-apiserver#1', 'service-cluster-ip-range')).toMatchObject({ value: '10.96.0.0/16', line: 2 });
    expect(flagOf(r, 'kube-controller-manager#1', 'service-cluster-ip-range')).toMatchObject({
      value: '10.96.0.0/16',
      source: 'set',
    });
  });
});

describe('k3s beside a kubeadm static Pod on one node', () => {
  it('are two instances: k3s runs its components in its own process, never as a static Pod', async () => {
    const pod = file(
      'etc/kubernetes/manifests/kube-apiserver.yaml',
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: kube-apiserver',
        '  namespace: kube-system',
        'spec:',
        '  containers:',
        '  - name: kube-apiserver',
        '    image: registry.k8s.io/kube-apiserver:v1.31.2',
        '    command:',
        '    - kube-apiserver',
        '    - --profiling=false',
        '',
      ].join('\n'),
      'pod',
      { host: 'cp-1' },
    );
    const k3s = file('etc/rancher/k3s/config.yaml', 'kube-apiserver-arg:\n  - "audit-log-maxage=30"\n', 'k3s', {
      host: 'cp-1',
    });
    const r = await analyse([pod, k3s]);
    expect(r.a.instances.map((i) => [i.id, i.distribution?.name ?? null, i.documents.length])).toEqual([
      ['kube-apiserver@cp-1', null, 1],
      ['kube-apiserver@cp-1#2', 'k3s', 1],
    ]);
    // the kubeadm Pod keeps the binary's defaults
    expect(flagOf(r, 'kube-apiserver@cp-1', 'anonymous-auth')).toMatchObject({ value: 'true', source: 'default' });
  });
});

describe('k3s config.yaml.d drop-ins', () => {
  it('join the config.yaml of their node, each item at its own file and line; another node stays apart', async () => {
    const main = file(
      'cp1/etc/rancher/k3s/config.yaml',
      'cluster-init: true\nkube-apiserver-arg:\n  - "audit-log-maxage=30"\n',
    );
    const dropIn = file(
      'cp1/etc/rancher/k3s/config.yaml.d/50-audit.yaml',
      '# appended to the list of config.yaml\nkube-apiserver-arg+:\n  - "audit-log-maxbackup=10"\n',
    );
    const other = file('cp2/etc/rancher/k3s/config.yaml', 'kube-apiserver-arg:\n  - "audit-log-maxage=7"\n');
    const r = await analyse([main, dropIn, other]);
    expect(ids(r)).toEqual(['kube-apiserver@cp1', 'kube-apiserver@cp2']);
    expect(instance(r, 'kube-apiserver@cp1')!.documents.map((d) => d.fileId)).toEqual([main.id, dropIn.id]);
    expect(flagOf(r, 'kube-apiserver@cp1', 'audit-log-maxage')).toMatchObject({
      value: '30',
      file: main.name,
      line: 3,
    });
    expect(flagOf(r, 'kube-apiserver@cp1', 'audit-log-maxbackup')).toMatchObject({
      value: '10',
      source: 'set',
      file: dropIn.name,
      line: 3,
    });
    expect(flagOf(r, 'kube-apiserver@cp2', 'audit-log-maxage')).toMatchObject({ value: '7', file: other.name });
    expect(flagOf(r, 'kube-apiserver@cp2', 'audit-log-maxbackup')).toMatchObject({ source: 'default' });
    // cluster-init is cp1's: its embedded etcd; cp2 says nothing of its datastore (kine)
    expect(flagOf(r, 'kube-apiserver@cp1', 'etcd-servers')).toMatchObject({ value: 'https://127.0.0.1:2379' });
    expect(flagOf(r, 'kube-apiserver@cp2', 'etcd-cafile')).toMatchObject({ value: null, source: 'default' });
  });
});

describe('k3s journal', () => {
  it('each Running line is its component as it runs, on the syslog host; a restart replaces the earlier start', async () => {
    const r = await analyse([dist('k3s-journal.txt')]);
    expect(r.a.files[0]!.file.kind).toBe('distribution-command');
    expect(r.a.files[0]!.documents.map((d) => [d.document.kind, d.document.label])).toEqual([
      ['command-line', 'kube-scheduler (k3s journal)'],
      ['command-line', 'kube-apiserver (k3s journal)'],
    ]);
    expect(ids(r)).toEqual(['kube-scheduler@server-0', 'kube-apiserver@server-0']);
    // the release of the last start before each line
    expect(r.a.instances.map((i) => [i.distribution?.name, i.version?.version, i.host?.source])).toEqual([
      ['k3s', '1.32.5', 'node-name'],
      ['k3s', '1.32.6', 'node-name'],
    ]);
    expect(flagOf(r, 'kube-apiserver@server-0', 'profiling')).toEqual({
      value: 'false',
      source: 'set',
      file: 'k3s-journal.txt',
      line: 5,
    });
    expect(result(r, 'apiserver-profiling', 'kube-apiserver@server-0')).toMatchObject({ status: 'pass' });
    // the logged line is whole: what it leaves out runs at the binary's default, k3s adds nothing
    expect(r.a.instances[1]!.distribution?.defaults).toEqual({});
    expect(flagOf(r, 'kube-apiserver@server-0', 'kubelet-certificate-authority')).toMatchObject({
      value: null,
      source: 'default',
    });
    // output, not a file to edit: a failed check gives no edit
    const backup = result(r, 'apiserver-audit-log-maxbackup', 'kube-apiserver@server-0')!;
    expect(backup.status).toBe('fail');
    expect(backup.fix?.edit ?? null).toBeNull();
  });
});

describe('RKE2 config.yaml', () => {
  it('the kube-apiserver-image tag is the version of every Kubernetes component of the node', async () => {
    const r = await analyse([dist('rke2-config.yaml')]);
    expect(ids(r)).toEqual(['kube-apiserver@rke2-cp-1', 'kube-controller-manager@rke2-cp-1', 'kubelet@rke2-cp-1']);
    expect(r.a.instances.map((i) => [i.distribution?.name, i.version?.version])).toEqual([
      ['RKE2', '1.30.4'],
      ['RKE2', '1.30.4'],
      ['RKE2', '1.30.4'],
    ]);
    expect(instance(r, 'kube-apiserver@rke2-cp-1')!.version?.source).toBe(
      'image rancher/hardened-kubernetes:v1.30.4-rke2r1-build20240815',
    );
    const api = 'kube-apiserver@rke2-cp-1';
    expect(flagOf(r, api, 'audit-log-maxbackup')).toEqual({
      value: '10',
      source: 'set',
      file: 'rke2-config.yaml',
      line: 8,
    });
    // RKE2 encrypts secrets and runs its embedded etcd by default; its API server stays on 6443
    expect(flagOf(r, api, 'encryption-provider-config')).toMatchObject({
      value: '/var/lib/rancher/rke2/server/cred/encryption-config.json',
      source: 'default',
    });
    expect(flagOf(r, api, 'etcd-certfile')).toMatchObject({
      value: '/var/lib/rancher/rke2/server/tls/etcd/client.crt',
      source: 'default',
    });
    expect(flagOf(r, api, 'secure-port')).toMatchObject({ value: '6443', source: 'default' });
    expect(flagOf(r, api, 'anonymous-auth')).toMatchObject({ value: 'false', source: 'default' });
    // its kubelet: RKE2's agent arguments, the read-only port written in the file
    expect(flagOf(r, 'kubelet@rke2-cp-1', 'authorization-mode')).toMatchObject({ value: 'Webhook', source: 'default' });
    expect(flagOf(r, 'kubelet@rke2-cp-1', 'read-only-port')).toMatchObject({ value: '0', source: 'set', line: 12 });
  });

  it('the audit: the controller manager bound to every address fails at its item', async () => {
    const r = await analyse([dist('rke2-config.yaml')]);
    const bind = result(r, 'controller-manager-bind-address', 'kube-controller-manager@rke2-cp-1');
    expect(bind).toMatchObject({ status: 'fail', actual: { value: '0.0.0.0', source: 'set' } });
    expect(r.files[0]!.text.slice(0, bind!.anchor!.range.start).split('\n').length).toBe(10);
    expect(result(r, 'apiserver-anonymous-auth', 'kube-apiserver@rke2-cp-1')).toMatchObject({ status: 'pass' });
  });
});

describe('RKE2 config.yaml with the static Pod RKE2 writes from it', () => {
  it('one instance of RKE2: the manifest is what runs, and a fix is no kubeadm change', async () => {
    const r = await analyse([dist('rke2-config.yaml'), dist('rke2-kube-apiserver.yaml')]);
    const api = instance(r, 'kube-apiserver@rke2-cp-1')!;
    expect(api.documents.map((d) => [d.kind, d.role])).toEqual([
      ['distribution-config', 'command'],
      ['static-pod', 'command'],
    ]);
    expect(api.distribution?.name).toBe('RKE2');
    expect(flagOf(r, 'kube-apiserver@rke2-cp-1', 'profiling')).toEqual({
      value: 'true',
      source: 'set',
      file: 'rke2-kube-apiserver.yaml',
      line: 20,
    });
    const profiling = result(r, 'apiserver-profiling', 'kube-apiserver@rke2-cp-1')!;
    expect(profiling).toMatchObject({ status: 'fail', kubeadmDefault: false });
    // the change goes where the value is written; RKE2 is no kubeadm cluster, whatever its Pods' labels
    expect(profiling.fix).toMatchObject({ target: 'command', kubeadm: null });
  });
});

describe('kind cluster configuration', () => {
  it('its kubeadm patches and featureGates are kubeadm configuration of the node image version', async () => {
    const r = await analyse([dist('kind-config.yaml')]);
    expect(ids(r)).toEqual([
      'kube-apiserver#1',
      'kube-controller-manager#1',
      'kube-scheduler#1',
      'kubelet#1',
      'kube-proxy#1',
    ]);
    for (const i of r.a.instances) {
      expect(i.distribution?.name).toBe('kind');
      expect(i.version?.version).toBe('1.31.0');
      expect(i.documents.every((d) => d.role === 'kubeadm')).toBe(true);
    }
    expect(flagOf(r, 'kube-apiserver#1', 'profiling')).toEqual({
      value: 'false',
      source: 'config',
      file: 'kind-config.yaml',
      line: 11,
    });
    expect(flagOf(r, 'kube-apiserver#1', 'feature-gates')).toMatchObject({
      value: 'InPlacePodVerticalScaling=true',
      source: 'config',
      line: 5,
    });
    // what kubeadm writes for the rest
    expect(flagOf(r, 'kube-apiserver#1', 'authorization-mode')).toMatchObject({
      value: 'Node,RBAC',
      source: 'kubeadm',
    });
    expect(result(r, 'apiserver-profiling', 'kube-apiserver#1')).toMatchObject({ status: 'pass' });
  });
});

describe('Talos machine configuration', () => {
  it('extraArgs are the command line of the host the machine names, the images the versions', async () => {
    const r = await analyse([dist('talos-controlplane.yaml')]);
    expect(ids(r)).toEqual(['kube-apiserver@talos-cp-1', 'etcd@talos-cp-1', 'kubelet@talos-cp-1']);
    expect(r.a.instances.map((i) => [i.distribution?.name, i.version?.version, i.host?.source])).toEqual([
      ['Talos', '1.31.1', 'node-name'],
      ['Talos', '3.5.15', 'node-name'],
      ['Talos', '1.31.1', 'node-name'],
    ]);
    expect(flagOf(r, 'kube-apiserver@talos-cp-1', 'profiling')).toEqual({
      value: 'true',
      source: 'set',
      file: 'talos-controlplane.yaml',
      line: 19,
    });
    expect(flagOf(r, 'etcd@talos-cp-1', 'heartbeat-interval')).toMatchObject({ value: '500', source: 'set', line: 24 });
    // no Talos default is stated: the binary's
    expect(flagOf(r, 'kube-apiserver@talos-cp-1', 'anonymous-auth')).toMatchObject({
      value: 'true',
      source: 'default',
    });
    const profiling = result(r, 'apiserver-profiling', 'kube-apiserver@talos-cp-1');
    expect(profiling).toMatchObject({ status: 'fail', actual: { value: 'true', source: 'set' } });
    const text = r.files[0]!.text;
    const apply = (e: { range: { start: number; end: number }; text: string }) =>
      (text.slice(0, e.range.start) + e.text + text.slice(e.range.end)).split('\n');
    // a map of strings: the value stays a quoted scalar
    expect(apply(profiling!.fix!.edit!)[18]).toBe('            profiling: "false"');
    // an absent flag: a new entry of the same map
    const anonymous = result(r, 'apiserver-anonymous-auth', 'kube-apiserver@talos-cp-1');
    expect(anonymous).toMatchObject({ status: 'fail', actual: { value: 'true', source: 'default' } });
    expect(apply(anonymous!.fix!.edit!).slice(19, 22)).toEqual([
      '            audit-log-maxage: "30"',
      '            anonymous-auth: "false"',
      '    etcd:',
    ]);
  });
});

describe('minikube start --extra-config', () => {
  it('each component key is the kubeadm configuration minikube writes, at --kubernetes-version', async () => {
    const r = await analyse([dist('minikube-start.txt')]);
    expect(ids(r)).toEqual(['kube-apiserver#1', 'kubelet#1']);
    for (const i of r.a.instances) {
      expect(i.distribution?.name).toBe('minikube');
      expect(i.version?.version).toBe('1.30.0');
      expect(i.documents.map((d) => [d.kind, d.role])).toEqual([['distribution-command', 'kubeadm']]);
    }
    expect(flagOf(r, 'kube-apiserver#1', 'anonymous-auth')).toEqual({
      value: 'false',
      source: 'config',
      file: 'minikube-start.txt',
      line: 2,
    });
    expect(flagOf(r, 'kubelet#1', 'read-only-port')).toMatchObject({ value: '0', source: 'config', line: 3 });
    expect(result(r, 'apiserver-anonymous-auth', 'kube-apiserver#1')).toMatchObject({ status: 'pass' });
    // an absent flag: one more --extra-config for the same component
    const profiling = result(r, 'apiserver-profiling', 'kube-apiserver#1')!;
    expect(profiling.status).toBe('fail');
    const text = r.files[0]!.text;
    const e = profiling.fix!.edit!;
    expect((text.slice(0, e.range.start) + e.text + text.slice(e.range.end)).split('\n')[1]).toBe(
      '    --extra-config=apiserver.anonymous-auth=false --extra-config=apiserver.profiling=false \\',
    );
  });
});

describe('k3s server command and unit', () => {
  it('an absent flag is one more --kube-apiserver-arg, written like the others', async () => {
    const apply = (text: string, e: { range: { start: number; end: number }; text: string }) =>
      text.slice(0, e.range.start) + e.text + text.slice(e.range.end);
    const command = file(
      'install.sh',
      'k3s server \\\n  --kube-apiserver-arg=audit-log-maxage=30 \\\n  --kube-apiserver-arg "audit-log-maxbackup=10"\n',
    );
    const r = await analyse([command]);
    const maxsize = result(r, 'apiserver-audit-log-maxsize', 'kube-apiserver#1')!;
    expect(maxsize.status).toBe('fail');
    expect(apply(command.text, maxsize.fix!.edit!).split('\n')[2]).toBe(
      '  --kube-apiserver-arg "audit-log-maxbackup=10" --kube-apiserver-arg=audit-log-maxsize=100',
    );
    const unit = dist('k3s.service');
    const u = await analyse([unit]);
    const backup = result(u, 'apiserver-audit-log-maxbackup', 'kube-apiserver#1')!;
    expect(apply(unit.text, backup.fix!.edit!).split('\n')[10]).toBe(
      "\t'--kube-apiserver-arg=request-timeout=90s' '--kube-apiserver-arg=audit-log-maxbackup=10' \\",
    );
  });
});

describe('CLI JSON components', () => {
  it('a distribution instance says its distribution, and which defaults are the distribution values', async () => {
    const files = [dist('k3s-config.yaml')];
    const analysis = await analyseWorkspace(files, kb, {});
    const report = buildReport(files, presentAnalysis(analysis, await loadMessageCatalogue(kb), files), { kb });
    const api = report.components?.find((c) => c.component === 'kube-apiserver');
    expect(api).toMatchObject({ host: 'k3s-cp-1', version: null, distribution: 'k3s', kubeadmMade: false });
    // the document of the kube-apiserver is its arg list, from its key
    expect(api?.documents).toEqual([{ file: 'k3s-config.yaml', fileIndex: 0, line: 11, role: 'command' }]);
    expect(api?.flags.find((f) => f.name === 'profiling')).toMatchObject({
      value: 'false',
      source: 'default',
      default: 'false',
      defaultBy: 'k3s',
      flagDefault: 'true',
    });
    expect(api?.flags.find((f) => f.name === 'anonymous-auth')).toMatchObject({
      value: 'true',
      source: 'set',
      file: 'k3s-config.yaml',
      line: 13,
    });
    // a flag k3s leaves alone has the binary's default, and says nothing more
    const timeout = api?.flags.find((f) => f.name === 'request-timeout');
    expect(timeout).toMatchObject({ value: '1m0s', source: 'default', default: '1m0s' });
    expect(timeout).not.toHaveProperty('defaultBy');
  });
});

describe('distribution defaults follow the distribution settings', () => {
  it('k3s: its port, data dir, datastore, service CIDR and secrets encryption', () => {
    const settings = new Map([
      ['https-listen-port', '7443'],
      ['data-dir', '/srv/k3s'],
      ['datastore-endpoint', 'https://etcd-1.lab:2379'],
      ['datastore-cafile', '/srv/etcd/ca.crt'],
      ['service-cidr', '10.96.0.0/16'],
    ]);
    const api = distributionDefaults('k3s', 'kube-apiserver', settings);
    expect(api).toMatchObject({
      'secure-port': '7444',
      'advertise-port': '7443',
      'client-ca-file': '/srv/k3s/server/tls/client-ca.crt',
      'service-cluster-ip-range': '10.96.0.0/16',
      'etcd-servers': 'https://etcd-1.lab:2379',
      'etcd-cafile': '/srv/etcd/ca.crt',
    });
    // no secrets-encryption, no certificate or key of its own for the external etcd
    expect(api).not.toHaveProperty('encryption-provider-config');
    expect(api).not.toHaveProperty('etcd-certfile');
    // an external datastore: no embedded etcd
    expect(distributionDefaults('k3s', 'etcd', settings)).toEqual({});
    // the DNS address follows a service CIDR that is not stated here
    expect(distributionDefaults('k3s', 'kubelet', settings)).not.toHaveProperty('cluster-dns');
    // SQLite through kine (no cluster-init, no datastore): no etcd flags at all
    expect(distributionDefaults('k3s', 'kube-apiserver', new Map())).not.toHaveProperty('etcd-servers');
    // Talos, kind and minikube: none stated
    expect(distributionDefaults('Talos', 'kube-apiserver', new Map())).toEqual({});
  });
});

describe('k3s without etcd (kine)', () => {
  it('a server without cluster-init keeps its state in SQLite: the etcd checks are not applicable, with the reason', async () => {
    const sqlite = file(
      '/etc/rancher/k3s/config.yaml',
      'node-name: edge-1\nkube-apiserver-arg:\n  - "profiling=false"\n',
    );
    const r = await analyse([sqlite]);
    expect(instance(r, 'kube-apiserver@edge-1')?.distribution?.datastore).toBe('kine');
    for (const id of ['apiserver-etcd-cafile', 'apiserver-etcd-client-certificate']) {
      expect(result(r, id, 'kube-apiserver@edge-1')).toMatchObject({
        status: 'not-applicable',
        notApplicable: { kind: 'no-etcd', distribution: 'k3s' },
      });
    }
    // the other checks are judged as usual
    expect(result(r, 'apiserver-profiling', 'kube-apiserver@edge-1')?.status).toBe('pass');
  });

  it('cluster-init or an etcd datastore-endpoint: etcd, and the etcd checks are judged; a SQL endpoint is kine', async () => {
    const withEtcd = [
      'node-name: a\ncluster-init: true\nkube-apiserver-arg:\n  - "profiling=false"\n',
      'node-name: a\ndatastore-endpoint: "https://etcd.lab:2379"\nkube-apiserver-arg:\n  - "profiling=false"\n',
    ];
    for (const text of withEtcd) {
      const r = await analyse([file('/etc/rancher/k3s/config.yaml', text)]);
      expect(instance(r, 'kube-apiserver@a')?.distribution?.datastore, text).toBe('etcd');
      expect(result(r, 'apiserver-etcd-cafile', 'kube-apiserver@a')?.status, text).not.toBe('not-applicable');
    }
    const mysql = await analyse([
      file(
        '/etc/rancher/k3s/config.yaml',
        'node-name: a\ndatastore-endpoint: "mysql://k3s:pw@tcp(db:3306)/k3s"\nkube-apiserver-arg:\n  - "profiling=false"\n',
      ),
    ]);
    expect(instance(mysql, 'kube-apiserver@a')?.distribution?.datastore).toBe('kine');
  });

  it("k3s node-label and node-taint are the kubelet's --node-labels and --register-with-taints", async () => {
    const text = [
      'node-name: edge-1',
      'kubelet-arg:',
      '  - "max-pods=50"',
      'node-label:',
      '  - "tier=edge"',
      '  - "zone=a"',
      'node-taint:',
      '  - "edge=true:NoSchedule"',
      '',
    ].join('\n');
    const r = await analyse([file('/etc/rancher/k3s/config.yaml', text)]);
    expect(flagOf(r, 'kubelet@edge-1', 'node-labels')).toMatchObject({ value: 'tier=edge,zone=a', source: 'set' });
    expect(flagOf(r, 'kubelet@edge-1', 'register-with-taints')).toMatchObject({
      value: 'edge=true:NoSchedule',
      source: 'set',
      line: 8,
    });
  });
});
