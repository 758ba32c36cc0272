/**
 * Issue 15, "Read what people really paste": configs as they sit in public repositories and in debugging sessions
 * (tests/fixtures/real-world/, written by us to look like them). Each flag with its value and the exact line:column
 * of its name.
 */
import { describe, expect, it } from 'vitest';
import { fixture } from '../helpers';
import type { SourceDocument } from '../../src/model/types';
import { ingest, lineCol, slice } from './ingest-helpers';

/** `name=value @line:col` of every flag of a document, in order. */
function rows(text: string, doc: SourceDocument | undefined): string[] {
  return (doc?.flags ?? []).map((f) => `${f.name}=${f.value ?? '(bare)'} @${lineCol(text, f.nameRange)}`);
}

/** What each document is: kind, component, version, label. */
function summary(docs: readonly SourceDocument[]): [string, string | null, string | null, string][] {
  return docs.map((d) => [d.kind, d.component, d.version?.version ?? null, d.label]);
}

/** Every flag's value range holds exactly its value (when the value is written verbatim). */
function valuesAt(text: string, doc: SourceDocument | undefined): void {
  for (const f of doc?.flags ?? []) if (f.value !== null) expect(slice(text, f.valueRange)).toBe(f.value);
}

describe('one Pod with several control-plane containers (hyperkube era)', () => {
  const text = fixture('real-world/hyperkube-master-pod.yaml');

  it('every component container is a document of its own, recognised from the hyperkube sub-command', async () => {
    const r = await ingest(text, 'master.yaml');
    expect(r.kind).toBe('static-pod');
    expect(summary(r.documents)).toEqual([
      ['static-pod', 'kube-controller-manager', '1.9.3', 'Pod k8s-master, container controller-manager'],
      ['static-pod', 'kube-apiserver', '1.9.3', 'Pod k8s-master, container apiserver'],
      ['static-pod', 'kube-scheduler', '1.9.3', 'Pod k8s-master, container scheduler'],
    ]);
    expect(r.documents.map((d) => d.componentSource)).toEqual([
      'hyperkube sub-command controller-manager',
      'hyperkube sub-command apiserver',
      'hyperkube sub-command scheduler',
    ]);
    expect(new Set(r.documents.map((d) => d.id)).size).toBe(3);
  });

  it('flags of each container at their line and column', async () => {
    const [cm, api, scheduler] = (await ingest(text, 'master.yaml')).documents;
    expect(rows(text, cm)).toEqual([
      'master=http://127.0.0.1:8080 @15:7',
      'service-account-private-key-file=/srv/kubernetes/server.key @16:7',
      'root-ca-file=/srv/kubernetes/ca.crt @17:7',
      'min-resync-period=3m @18:7',
      'leader-elect=true @19:7',
      'v=2 @20:7',
    ]);
    expect(rows(text, api)).toHaveLength(12);
    expect(rows(text, api).slice(0, 3)).toEqual([
      'service-cluster-ip-range=10.0.0.1/24 @26:7',
      'insecure-bind-address=127.0.0.1 @27:7',
      'etcd-servers=http://127.0.0.1:2379 @28:7',
    ]);
    expect(rows(text, api).at(-1)).toBe('v=2 @37:7');
    expect(rows(text, scheduler)).toEqual([
      'master=http://127.0.0.1:8080 @43:43',
      'leader-elect=true @43:77',
      'v=2 @43:100',
    ]);
    expect(slice(text, scheduler?.binaryRange)).toBe('"/hyperkube"');
    for (const d of [cm, api, scheduler]) valuesAt(text, d);
  });

  it('the Pod keys go with the first document, each container keys with its own; ranges do not overlap', async () => {
    const [cm, api, scheduler] = (await ingest(text, 'master.yaml')).documents;
    expect(cm?.fields.some((f) => f.path === 'spec.hostNetwork')).toBe(true);
    expect(cm?.fields.some((f) => f.path === 'spec.volumes')).toBe(true);
    expect(api?.fields.some((f) => f.path === 'spec.hostNetwork')).toBe(false);
    expect(api?.fields.filter((f) => f.path === 'spec.containers[].volumeMounts[].mountPath')).toHaveLength(1);
    // the setup sidecar runs no component: no document, its keys with the first
    expect(cm?.fields.filter((f) => f.path === 'spec.containers[].volumeMounts[].mountPath')).toHaveLength(1);
    expect(lineCol(text, api!.range)).toBe('21:5');
    expect(cm!.range.end).toBeLessThanOrEqual(api!.range.start);
    expect(api!.range.end).toBeLessThanOrEqual(scheduler!.range.start);
  });

  it('the JSON form of the same Pod (docker-multinode master.json)', async () => {
    const json = fixture('real-world/hyperkube-master.json');
    const r = await ingest(json, 'master.json');
    expect(summary(r.documents)).toEqual([
      ['static-pod', 'kube-controller-manager', '1.6.4', 'Pod k8s-master, container controller-manager'],
      ['static-pod', 'kube-apiserver', '1.6.4', 'Pod k8s-master, container apiserver'],
      ['static-pod', 'kube-scheduler', '1.6.4', 'Pod k8s-master, container scheduler'],
    ]);
    expect(rows(json, r.documents[1])).toEqual([
      'service-cluster-ip-range=10.0.0.1/24 @24:16',
      'insecure-bind-address=127.0.0.1 @25:16',
      'etcd-servers=http://127.0.0.1:4001 @26:16',
      'admission-control=NamespaceLifecycle,LimitRanger,ServiceAccount,ResourceQuota @27:16',
      'v=2 @28:16',
    ]);
    expect(rows(json, r.documents[2])).toEqual(['master=127.0.0.1:8080 @37:16', 'v=2 @38:16']);
  });
});

describe('commands inside a shell string (sh -c)', () => {
  it('a plain scalar folded over several lines, with double spaces and redirections (kube-up GCE)', async () => {
    const text = fixture('real-world/gce-apiserver-sh-c.yaml');
    const [doc] = (await ingest(text, 'kube-apiserver.manifest')).documents;
    expect(doc?.component).toBe('kube-apiserver');
    expect(doc?.componentSource).toBe('command kube-apiserver');
    expect(doc?.version?.version).toBe('1.13.4');
    expect(slice(text, doc?.binaryRange)).toBe('/usr/local/bin/kube-apiserver');
    expect(rows(text, doc)).toEqual([
      'v=2 @20:37',
      'cloud-config=/etc/gce.conf @20:44',
      'address=127.0.0.1 @20:73',
      'allow-privileged=true @21:7',
      'cloud-provider=gce @21:31',
      'client-ca-file=/etc/srv/kubernetes/pki/ca-certificates.crt @21:52',
      'etcd-servers=http://127.0.0.1:2379 @22:7',
      'etcd-servers-overrides=/events#http://127.0.0.1:4002 @22:44',
      'secure-port=443 @23:7',
      'tls-cert-file=/etc/srv/kubernetes/pki/apiserver.crt @23:26',
      'service-cluster-ip-range=10.0.0.0/16 @24:7',
      'admission-control=NamespaceLifecycle,LimitRanger,ServiceAccount @24:46',
    ]);
    valuesAt(text, doc);
  });

  it('a JSON string with `exec` before the binary and the log redirections after it', async () => {
    const text = fixture('real-world/gce-scheduler-sh-c.json');
    const [doc] = (await ingest(text, 'kube-scheduler.manifest')).documents;
    expect([doc?.component, doc?.componentSource, doc?.version?.version]).toEqual([
      'kube-scheduler',
      'command kube-scheduler',
      '1.12.7',
    ]);
    expect(rows(text, doc)).toEqual([
      'v=2 @21:54',
      'kubeconfig=/etc/srv/kubernetes/kube-scheduler/kubeconfig @21:60',
      'leader-elect=true @21:120',
    ]);
    expect(slice(text, doc?.binaryRange)).toBe('/usr/local/bin/kube-scheduler');
  });

  it('a `|` block: a command before `&&`, backslash continuations, `>> file 2>&1`', async () => {
    const text = fixture('real-world/controller-manager-sh-c-block.yaml');
    const [doc] = (await ingest(text, 'kube-controller-manager.yaml')).documents;
    expect([doc?.component, doc?.componentSource]).toEqual([
      'kube-controller-manager',
      'command kube-controller-manager',
    ]);
    expect(rows(text, doc)).toEqual([
      'kubeconfig=/etc/kubernetes/controller-manager.conf @17:9',
      'cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt @18:9',
      'use-service-account-credentials=true @19:9',
      'v=2 @20:9',
    ]);
    valuesAt(text, doc);
  });

  it('double-quoted YAML with escapes and a folded line break keeps every position', async () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'spec:',
      '  containers:',
      '  - image: registry.k8s.io/kube-scheduler:v1.29.0',
      '    command: ["sh", "-c", "kube-scheduler --v=2 \\',
      '      --bind-address=\\"127.0.0.1\\" --leader-elect=false;', // `;` ends the command
      '      echo done >/dev/null"]',
      '',
    ].join('\n');
    const [doc] = (await ingest(text, 'pod.yaml')).documents;
    expect(doc?.component).toBe('kube-scheduler');
    expect(rows(text, doc)).toEqual(['v=2 @6:43', 'bind-address=127.0.0.1 @7:7', 'leader-elect=false @7:36']);
    expect(lineCol(text, doc!.flags[1]!.valueRange!)).toBe('7:24');
  });

  it('a script in args after `command: [sh]`, and a script that runs no component keeps its first command', async () => {
    const text = [
      'kind: Pod',
      'spec:',
      '  containers:',
      '  - command: [/bin/bash]',
      '    args: ["-c", "sleep 5; /usr/local/bin/etcd --name=m1 --data-dir /var/lib/etcd 2>&1 | tee /var/log/etcd.log"]',
      '---',
      'kind: Pod',
      'spec:',
      '  containers:',
      '  - command: ["/bin/sh", "-c", "cp /a /b && run-it --x=1"]',
      '',
    ].join('\n');
    const [etcd, other] = (await ingest(text, 'pod.yaml')).documents;
    expect(etcd?.component).toBe('etcd');
    expect(rows(text, etcd)).toEqual(['name=m1 @5:48', 'data-dir=/var/lib/etcd @5:58']);
    expect(other?.component).toBe(null);
    expect(other?.flags).toEqual([]);
  });
});

describe('kubectl get pod -o yaml|json: mirror Pods with status and managedFields', () => {
  it('a mirror Pod reads as its manifest; managedFields and status add no flag', async () => {
    const text = fixture('real-world/kubectl-get-pod-scheduler.yaml');
    const r = await ingest(text, 'kube-scheduler-cp-1.yaml');
    expect(summary(r.documents)).toEqual([['static-pod', 'kube-scheduler', '1.30.2', 'Pod kube-scheduler-cp-1']]);
    expect(rows(text, r.documents[0])).toEqual([
      'authentication-kubeconfig=/etc/kubernetes/scheduler.conf @50:7',
      'authorization-kubeconfig=/etc/kubernetes/scheduler.conf @51:7',
      'bind-address=127.0.0.1 @52:7',
      'kubeconfig=/etc/kubernetes/scheduler.conf @53:7',
      'leader-elect=true @54:7',
    ]);
  });

  it('kubectl get pods -o json (a List): every Pod of it, each with its version', async () => {
    const text = fixture('real-world/kubectl-get-pods-list.json');
    const r = await ingest(text, 'pods.json');
    expect(r.kind).toBe('static-pod');
    expect(summary(r.documents)).toEqual([
      ['static-pod', 'etcd', '3.5.12', 'Pod etcd-cp-1'],
      ['static-pod', 'kube-controller-manager', '1.29.4', 'Pod kube-controller-manager-cp-1'],
    ]);
    expect(rows(text, r.documents[0])).toEqual([
      'advertise-client-urls=https://10.0.0.11:2379 @20:30',
      'data-dir=/var/lib/etcd @21:30',
      'listen-client-urls=https://127.0.0.1:2379,https://10.0.0.11:2379 @22:30',
      'name=cp-1 @23:30',
    ]);
    expect(rows(text, r.documents[1])).toEqual([
      'allocate-node-cidrs=true @51:30',
      'cluster-cidr=10.244.0.0/16 @52:30',
      'kubeconfig=/etc/kubernetes/controller-manager.conf @53:30',
    ]);
    expect(lineCol(text, r.documents[1]!.range)).toBe('35:9');
    // each Pod's keys by their path in the Pod, for the Pod field documentation
    expect(r.documents[0]?.fields.some((f) => f.path === 'spec.hostNetwork')).toBe(true);
  });
});

/** `kind label @line:col` of every secret of a document, with the text it covers. */
function secretsOf(text: string, doc: SourceDocument | undefined): string[] {
  return (doc?.secrets ?? []).map((s) => `${s.kind} ${s.label} @${lineCol(text, s.range)} ${slice(text, s.range)}`);
}

describe('k3s and RKE2 config.yaml', () => {
  const text = fixture('real-world/k3s-config.yaml');

  it('one document for the file, then one per component; each list item is a flag at its name=value', async () => {
    const r = await ingest(text, 'config.yaml');
    expect(r.kind).toBe('distribution-config');
    expect(summary(r.documents)).toEqual([
      ['distribution-config', null, null, 'k3s configuration'],
      ['distribution-config', 'kube-apiserver', null, 'kube-apiserver (k3s configuration)'],
      ['distribution-config', 'kube-controller-manager', null, 'kube-controller-manager (k3s configuration)'],
      ['distribution-config', 'kube-scheduler', null, 'kube-scheduler (k3s configuration)'],
      ['distribution-config', 'kubelet', null, 'kubelet (k3s configuration)'],
      ['distribution-config', 'etcd', null, 'etcd (k3s configuration)'],
      ['distribution-config', 'kube-proxy', null, 'kube-proxy (k3s configuration)'],
    ]);
    const [, api, cm, scheduler, kubelet, etcd, proxy] = r.documents;
    expect(rows(text, api)).toEqual([
      'audit-log-path=/var/lib/rancher/k3s/server/logs/audit.log @15:6',
      'audit-log-maxage=30 @16:6',
      'audit-policy-file=/var/lib/rancher/k3s/server/audit.yaml @17:5',
      'enable-admission-plugins=NodeRestriction,PodSecurity @18:6',
    ]);
    expect(api?.flags[3]?.spelled).toBe('--enable-admission-plugins');
    expect(api?.flags[0]?.origin).toEqual({ kind: 'extra-args', path: 'kube-apiserver-arg' });
    expect(api?.componentSource).toBe('k3s kube-apiserver-arg');
    expect(rows(text, cm)).toEqual(['bind-address=0.0.0.0 @20:6', 'terminated-pod-gc-threshold=10 @21:5']);
    expect(rows(text, scheduler)).toEqual(['bind-address=0.0.0.0 @23:5']);
    expect(rows(text, kubelet)).toEqual([
      // node-taint: the kubelet's --register-with-taints
      'register-with-taints=CriticalAddonsOnly=true:NoExecute @12:1',
      'max-pods=250 @25:6',
      'eviction-hard=memory.available<500Mi,nodefs.available<10% @26:6',
    ]);
    expect(rows(text, etcd)).toEqual(['quota-backend-bytes=8589934592 @28:6']);
    expect(rows(text, proxy)).toEqual(['metrics-bind-address=0.0.0.0:10249 @30:6']);
    for (const d of r.documents) valuesAt(text, d);
  });

  it('token, agent-token and the password of datastore-endpoint are located as secrets', async () => {
    const r = await ingest(text, 'config.yaml');
    expect(secretsOf(text, r.documents[0])).toEqual([
      'token token @6:8 K10c5e1f0c2b7d94a6e8f3b1d2c4a5e6f7081a2b3c4d5e6f708192a3b4c5d6e7f80::server:7d1e0f5a9c3b2e4d',
      'token agent-token @7:14 5d8c2a1f7e3b9046',
      'password datastore-endpoint password @31:34 Sup3rS3cretPw',
    ]);
  });

  it('RKE2: told from k3s by its own keys; flow lists and `name+:` drop-in keys', async () => {
    const rke2 = fixture('real-world/rke2-config.yaml');
    const r = await ingest(rke2, 'config.yaml');
    expect(summary(r.documents).map(([, c, , l]) => [c, l])).toEqual([
      [null, 'RKE2 configuration'],
      ['kube-apiserver', 'kube-apiserver (RKE2 configuration)'],
      ['kube-controller-manager', 'kube-controller-manager (RKE2 configuration)'],
      ['kubelet', 'kubelet (RKE2 configuration)'],
      ['kube-scheduler', 'kube-scheduler (RKE2 configuration)'],
      ['etcd', 'etcd (RKE2 configuration)'],
    ]);
    expect(rows(rke2, r.documents[1])).toEqual(['tls-min-version=VersionTLS12 @7:23', 'anonymous-auth=false @7:55']);
    expect(rows(rke2, r.documents[3])).toEqual(['protect-kernel-defaults=true @11:4', 'read-only-port=0 @12:4']);
    expect(rows(rke2, r.documents[4])).toEqual(['profiling=false @14:4']);
    expect(secretsOf(rke2, r.documents[0])).toEqual(['token token @3:8 my-shared-secret-3f9a1c']);
  });
});

describe('k3s, RKE2 and minikube command lines', () => {
  it('k3s server with --x-arg=name=value and --x-arg "name=value", over continued lines', async () => {
    const text = fixture('real-world/k3s-server-command.txt');
    const r = await ingest(text, 'install.txt');
    expect(r.kind).toBe('distribution-command');
    expect(summary(r.documents)).toEqual([
      ['distribution-command', null, null, 'k3s server'],
      ['distribution-command', 'kube-apiserver', null, 'kube-apiserver (k3s server)'],
      ['distribution-command', 'kube-controller-manager', null, 'kube-controller-manager (k3s server)'],
      ['distribution-command', 'kubelet', null, 'kubelet (k3s server)'],
      ['distribution-command', 'kube-proxy', null, 'kube-proxy (k3s server)'],
    ]);
    expect(rows(text, r.documents[1])).toEqual([
      'audit-log-path=/var/log/k3s-audit.log @4:24',
      'audit-log-maxbackup=5 @5:25',
    ]);
    expect(rows(text, r.documents[2])).toEqual(['node-monitor-grace-period=20s @6:33']);
    expect(rows(text, r.documents[3])).toEqual(['max-pods=200 @7:17']);
    expect(rows(text, r.documents[4])).toEqual(['proxy-mode=ipvs @8:20']);
    for (const d of r.documents) valuesAt(text, d);
    // k3s's own options are the fields of the command's document
    expect(r.documents[0]?.fields.map((f) => [f.path, f.value])).toEqual([
      ['cluster-init', null],
      ['tls-san', 'k3s.example.internal'],
    ]);
  });

  it('the k3s.service of the install script: its ExecStart passes flags to components, quoted and tab-indented', async () => {
    const text = fixture('real-world/k3s.service');
    const r = await ingest(text, 'k3s.service');
    expect(r.kind).toBe('systemd-unit');
    expect(summary(r.documents)).toEqual([
      ['systemd-unit', null, null, 'k3s.service'],
      ['systemd-unit', 'kube-apiserver', null, 'kube-apiserver (k3s.service, k3s server)'],
      ['systemd-unit', 'kubelet', null, 'kubelet (k3s.service, k3s server)'],
    ]);
    expect(r.documents[0]?.flags).toEqual([]);
    expect(rows(text, r.documents[1])).toEqual(['enable-admission-plugins=NodeRestriction @27:24']);
    expect(rows(text, r.documents[2])).toEqual(['max-pods=150 @28:17']);
  });

  it('minikube start --extra-config=<component>.<flag>=<value>, the version from --kubernetes-version', async () => {
    const text = fixture('real-world/minikube-start.txt');
    const r = await ingest(text, 'minikube.txt');
    expect(summary(r.documents)).toEqual([
      ['distribution-command', null, null, 'minikube start'],
      ['distribution-command', 'kube-apiserver', '1.28.3', 'kube-apiserver (minikube start)'],
      ['distribution-command', 'kube-controller-manager', '1.28.3', 'kube-controller-manager (minikube start)'],
      ['distribution-command', 'kubelet', '1.28.3', 'kubelet (minikube start)'],
      ['distribution-command', 'kube-scheduler', '1.28.3', 'kube-scheduler (minikube start)'],
    ]);
    expect(rows(text, r.documents[1])).toEqual([
      'enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount @2:30',
      'authorization-mode=Node,RBAC @3:30',
    ]);
    expect(rows(text, r.documents[2])).toEqual(['horizontal-pod-autoscaler-sync-period=5s @4:39']);
    expect(rows(text, r.documents[3])).toEqual(['max-pods=150 @5:28']);
    expect(rows(text, r.documents[4])).toEqual(['leader-elect=false @6:30']);
    expect(r.documents[1]?.version?.source).toBe('--kubernetes-version v1.28.3');
    // kubeadm.* is minikube's own, no component flag
    expect(r.documents[0]?.fields.map((f) => f.value)).toContain('kubeadm.ignore-preflight-errors=SystemVerification');
  });

  it('a --token of k3s server is a secret; a word k3s in prose is no command', async () => {
    const text = 'sudo k3s server --token=Sup3rS3cretT0ken --kube-apiserver-arg=v=4\n';
    const r = await ingest(text, 'cmd.txt');
    expect(secretsOf(text, r.documents[0])).toEqual(['token --token @1:25 Sup3rS3cretT0ken']);
    expect(rows(text, r.documents[1])).toEqual(['v=4 @1:63']);
    const prose = await ingest('We run k3s on the edge and it works fine.\n', 'notes.txt');
    expect(prose.kind).not.toBe('distribution-command');
  });
});

describe('Talos machine configuration', () => {
  const text = fixture('real-world/talos-controlplane.yaml');

  it('extraArgs of each component as flags, the version from each image tag', async () => {
    const r = await ingest(text, 'controlplane.yaml');
    expect(r.kind).toBe('distribution-config');
    expect(summary(r.documents)).toEqual([
      ['distribution-config', null, null, 'Talos configuration'],
      ['distribution-config', 'kube-apiserver', '1.30.1', 'kube-apiserver (Talos configuration)'],
      ['distribution-config', 'kube-controller-manager', '1.30.1', 'kube-controller-manager (Talos configuration)'],
      ['distribution-config', 'kube-scheduler', '1.30.1', 'kube-scheduler (Talos configuration)'],
      ['distribution-config', 'kube-proxy', '1.30.1', 'kube-proxy (Talos configuration)'],
      ['distribution-config', 'etcd', '3.5.13', 'etcd (Talos configuration)'],
      ['distribution-config', 'kubelet', '1.30.1', 'kubelet (Talos configuration)'],
    ]);
    const [, api, cm, scheduler, proxy, etcd, kubelet] = r.documents;
    expect(rows(text, api)).toEqual(['audit-log-maxage=30 @38:13', 'enable-admission-plugins=NodeRestriction @39:13']);
    expect(rows(text, cm)).toEqual(['terminated-pod-gc-threshold=50 @44:13']);
    expect(rows(text, proxy)).toEqual(['proxy-mode=ipvs @49:13']);
    expect(rows(text, scheduler)).toEqual(['bind-address=0.0.0.0 @54:13']);
    expect(rows(text, etcd)).toEqual(['election-timeout=5000 @63:13', 'heartbeat-interval=500 @64:13']);
    expect(rows(text, kubelet)).toEqual(['rotate-server-certificates=true @16:13']);
    expect(api?.version?.source).toBe('image registry.k8s.io/kube-apiserver:v1.30.1');
    expect(lineCol(text, api!.range)).toBe('33:9');
  });

  it('tokens, the cluster secret, the encryption secret and the base64 private keys are secrets', async () => {
    const [doc] = (await ingest(text, 'controlplane.yaml')).documents;
    expect(secretsOf(text, doc).map((s) => s.split(' ').slice(0, -1).join(' '))).toEqual([
      'bootstrap-token machine.token @7:12',
      'private-key base64 PEM private key @11:14',
      'other cluster.secret @24:13',
      'bootstrap-token cluster.token @29:12',
      'encryption-key cluster.secretboxEncryptionSecret @30:32',
      'private-key base64 PEM private key @61:18',
    ]);
    expect(doc?.secrets?.[1]?.length).toBe(132);
  });
});

describe('kind cluster configuration', () => {
  const text = fixture('real-world/kind-cluster.yaml');

  it('kubeadmConfigPatches read as kubeadm configuration where written, the node image tag as version', async () => {
    const r = await ingest(text, 'kind.yaml');
    expect(r.kind).toBe('distribution-config');
    expect(summary(r.documents)).toEqual([
      ['distribution-config', null, null, 'kind configuration'],
      ['kubeadm-config', null, null, 'ClusterConfiguration'],
      ['kubeadm-config', null, null, 'InitConfiguration'],
      ['kubeadm-config', 'kube-apiserver', '1.29.2', 'kube-apiserver (kubeadm configuration)'],
      ['kubeadm-config', 'kube-controller-manager', '1.29.2', 'kube-controller-manager (kubeadm configuration)'],
      ['kubeadm-config', 'kube-scheduler', '1.29.2', 'kube-scheduler (kubeadm configuration)'],
      ['kubeadm-config', 'etcd', null, 'etcd (kubeadm configuration)'],
      ['kubeadm-config', 'kubelet', '1.29.2', 'kubelet (kubeadm configuration)'],
      ['distribution-config', 'kube-apiserver', '1.29.2', 'kube-apiserver (kind configuration)'],
      ['distribution-config', 'kube-controller-manager', '1.29.2', 'kube-controller-manager (kind configuration)'],
      ['distribution-config', 'kube-scheduler', '1.29.2', 'kube-scheduler (kind configuration)'],
      ['distribution-config', 'kubelet', '1.29.2', 'kubelet (kind configuration)'],
      ['distribution-config', 'kube-proxy', '1.29.2', 'kube-proxy (kind configuration)'],
    ]);
    expect(rows(text, r.documents[3])).toEqual([
      'enable-admission-plugins=NodeRestriction,MutatingAdmissionWebhook @11:7',
      'audit-log-path=/var/log/kubernetes/audit.log @12:7',
    ]);
    expect(rows(text, r.documents[4])).toEqual(['bind-address=0.0.0.0 @15:7']);
    expect(rows(text, r.documents[5])).toEqual(['bind-address=0.0.0.0 @18:7']);
    expect(rows(text, r.documents[6])).toEqual(['listen-metrics-urls=http://0.0.0.0:2381 @22:9']);
    // a node's own patch
    expect(rows(text, r.documents[7])).toEqual(['node-labels=ingress-ready=true @31:9']);
    // featureGates goes to every component
    expect(rows(text, r.documents[8])).toEqual(['feature-gates=InPlacePodVerticalScaling=true @4:1']);
    expect(r.documents[3]?.version?.source).toMatch(/^node image kindest\/node:v1\.29\.2@sha256:/);
    for (const d of r.documents.slice(3, 8)) valuesAt(text, d);
  });
});

describe('kubeadm ClusterConfiguration v1beta1 and v1beta2', () => {
  it('v1beta2: extraArgs maps and networking fields as flags, kubernetesVersion as version', async () => {
    const text = fixture('real-world/kubeadm-v1beta2.yaml');
    const r = await ingest(text, 'kubeadm.yaml');
    expect(summary(r.documents).map(([k, c, v]) => [k, c, v])).toEqual([
      ['kubeadm-config', null, null],
      ['kubeadm-config', 'kube-apiserver', '1.20.15'],
      ['kubeadm-config', 'kube-controller-manager', '1.20.15'],
      ['kubeadm-config', 'kube-scheduler', '1.20.15'],
      ['kubeadm-config', 'etcd', null],
    ]);
    expect(rows(text, r.documents[1])).toEqual([
      'service-cluster-ip-range=10.96.0.0/12 @7:3',
      'authorization-mode=Node,RBAC @12:5',
      'audit-log-path=/var/log/kubernetes/audit.log @13:5',
    ]);
    expect(rows(text, r.documents[4])).toEqual([
      'data-dir=/var/lib/etcd @23:5',
      'listen-metrics-urls=http://0.0.0.0:2381 @25:7',
    ]);
  });

  it('v1beta1: InitConfiguration and ClusterConfiguration together; the bootstrap token a secret', async () => {
    const text = fixture('real-world/kubeadm-v1beta1.yaml');
    const r = await ingest(text, 'kubeadm.yaml');
    const api = r.documents.find((d) => d.component === 'kube-apiserver');
    expect(api?.version?.version).toBe('1.13.5');
    expect(rows(text, api)).toEqual([
      'advertise-address=192.168.10.11 @13:3',
      'secure-port=6443 @14:3',
      'enable-admission-plugins=NodeRestriction,PodSecurityPolicy @21:5',
    ]);
    expect(
      rows(
        text,
        r.documents.find((d) => d.component === 'kubelet'),
      ),
    ).toEqual([
      'hostname-override=master-1 @8:3',
      'container-runtime-endpoint=/var/run/dockershim.sock @9:3',
      'cgroup-driver=systemd @11:5',
    ]);
    expect(
      rows(
        text,
        r.documents.find((d) => d.component === 'kube-controller-manager'),
      ),
    ).toEqual(['horizontal-pod-autoscaler-use-rest-clients=true @24:5']);
    expect(secretsOf(text, r.documents[0])).toEqual([
      'bootstrap-token bootstrapTokens[].token @4:11 9a08jv.c0izixklcxtmnze7',
    ]);
  });
});

describe('kubectl describe pod', () => {
  it('the Command: block of a mirror Pod, one argument a line; the version from Image:', async () => {
    const text = fixture('real-world/kubectl-describe-apiserver.txt');
    const r = await ingest(text, 'describe.txt');
    expect(r.kind).toBe('kubectl-describe');
    expect(summary(r.documents)).toEqual([['kubectl-describe', 'kube-apiserver', '1.28.7', 'Pod kube-apiserver-cp-1']]);
    const [doc] = r.documents;
    expect(doc?.componentSource).toBe('command kube-apiserver');
    expect(rows(text, doc)).toHaveLength(15);
    expect(rows(text, doc).slice(0, 3)).toEqual([
      'advertise-address=10.0.0.11 @29:7',
      'allow-privileged=true @30:7',
      'authorization-mode=Node,RBAC @31:7',
    ]);
    expect(rows(text, doc).at(-1)).toBe('tls-private-key-file=/etc/kubernetes/pki/apiserver.key @43:7');
    expect(slice(text, doc?.binaryRange)).toBe('kube-apiserver');
    expect(lineCol(text, doc!.version!.range!)).toBe('23:20');
    valuesAt(text, doc);
  });

  it('Command: and Args: blocks together, a value on the line after its flag; other containers left out', async () => {
    const text = fixture('real-world/kubectl-describe-etcd-args.txt');
    const r = await ingest(text, 'describe.txt');
    expect(summary(r.documents)).toEqual([['kubectl-describe', 'etcd', '3.5.12', 'Pod etcd-0']]);
    expect(rows(text, r.documents[0])).toEqual([
      'name=etcd-0 @26:7',
      'data-dir=/var/run/etcd/default.etcd @27:7',
      'listen-client-urls=http://0.0.0.0:2379 @28:7',
      'advertise-client-urls=http://etcd-0.etcd:2379 @29:7',
      'initial-cluster-state=new @30:7',
    ]);
    expect(lineCol(text, r.documents[0]!.flags[4]!.valueRange!)).toBe('31:7');
  });

  it('several Pods (kubectl describe pods), a sh -c script over several lines, a component named by its label', async () => {
    const text = [
      'Name:         kube-scheduler-cp-1',
      'Namespace:    kube-system',
      'Labels:       component=kube-scheduler',
      '              tier=control-plane',
      'Containers:',
      '  kube-scheduler:',
      '    Image:         registry.k8s.io/kube-scheduler:v1.27.3',
      '    Command:',
      '      /bin/sh',
      '      -c',
      '      exec /usr/local/bin/kube-scheduler --v=2 \\',
      '        --leader-elect=true 1>>/var/log/kube-scheduler.log 2>&1',
      '    State:          Running',
      '',
      '',
      'Name:         kube-proxy-8x2kq',
      'Namespace:    kube-system',
      'Labels:       k8s-app=kube-proxy',
      'Containers:',
      '  kube-proxy:',
      '    Image:         registry.k8s.io/kube-proxy:v1.27.3',
      '    Command:',
      '      /usr/local/bin/kube-proxy',
      '      --config=/var/lib/kube-proxy/config.conf',
      '      --hostname-override=$(NODE_NAME)',
      '',
    ].join('\n');
    const r = await ingest(text, 'describe.txt');
    expect(summary(r.documents)).toEqual([
      ['kubectl-describe', 'kube-scheduler', '1.27.3', 'Pod kube-scheduler-cp-1'],
      ['kubectl-describe', 'kube-proxy', '1.27.3', 'Pod kube-proxy-8x2kq'],
    ]);
    expect(rows(text, r.documents[0])).toEqual(['v=2 @11:42', 'leader-elect=true @12:9']);
    expect(rows(text, r.documents[1])).toEqual([
      'config=/var/lib/kube-proxy/config.conf @24:7',
      'hostname-override=$(NODE_NAME) @25:7',
    ]);
    expect(lineCol(text, r.documents[1]!.range)).toBe('16:1');
  });
});

describe('kubectl describe pod pasted indented', () => {
  it('every line indented alike (a Markdown list, an e-mail): the same flags, each one further right', async () => {
    const plain = fixture('real-world/kubectl-describe-apiserver.txt');
    const text = plain
      .split('\n')
      .map((l) => (l === '' ? l : `    ${l}`))
      .join('\r\n');
    const r = await ingest(text, 'describe.txt');
    expect(summary(r.documents)).toEqual([['kubectl-describe', 'kube-apiserver', '1.28.7', 'Pod kube-apiserver-cp-1']]);
    expect(rows(text, r.documents[0]).slice(0, 2)).toEqual([
      'advertise-address=10.0.0.11 @29:11',
      'allow-privileged=true @30:11',
    ]);
    expect(rows(text, r.documents[0])).toHaveLength(15);
    expect(lineCol(text, r.documents[0]!.version!.range!)).toBe('23:24');
    valuesAt(text, r.documents[0]);
  });
});

describe('crictl inspect and docker inspect JSON', () => {
  it('crictl: info.config.command, not the OCI args again; the image from status.image.image', async () => {
    const text = fixture('real-world/crictl-inspect-apiserver.json');
    const r = await ingest(text, 'inspect.json');
    expect(r.kind).toBe('container-inspect');
    expect(summary(r.documents)).toEqual([
      ['container-inspect', 'kube-apiserver', '1.29.3', 'crictl inspect kube-apiserver'],
    ]);
    expect(rows(text, r.documents[0])).toEqual([
      'advertise-address=10.0.0.11 @54:10',
      'allow-privileged=true @55:10',
      'authorization-mode=Node,RBAC @56:10',
      'etcd-servers=https://127.0.0.1:2379 @57:10',
      'secure-port=6443 @58:10',
      'service-cluster-ip-range=10.96.0.0/12 @59:10',
    ]);
    valuesAt(text, r.documents[0]);
    // a secret in the container's environment is located, the other entries are not secrets
    expect(secretsOf(text, r.documents[0])).toEqual([
      'client-secret env AZURE_CLIENT_SECRET @90:32 q8P~fZ3xV0sE1tR2yU4iO6pA7sD9fG',
    ]);
  });

  it('docker: Path + Args, the version from Config.Image', async () => {
    const text = fixture('real-world/docker-inspect-controller-manager.json');
    const r = await ingest(text, 'inspect.json');
    expect(summary(r.documents)).toEqual([
      ['container-inspect', 'kube-controller-manager', '1.18.6', 'docker inspect kube-controller-manager'],
    ]);
    expect(slice(text, r.documents[0]?.binaryRange)).toBe('"kube-controller-manager"');
    expect(rows(text, r.documents[0])).toEqual([
      'allocate-node-cidrs=true @7:14',
      'authentication-kubeconfig=/etc/kubernetes/controller-manager.conf @8:14',
      'bind-address=127.0.0.1 @9:14',
      'cluster-cidr=10.244.0.0/16 @10:14',
      'kubeconfig=/etc/kubernetes/controller-manager.conf @11:14',
      'leader-elect=true @12:14',
      'port=0 @13:14',
    ]);
  });

  it('crictl inspect -o yaml: the same fields as YAML', async () => {
    const text = [
      'status:',
      '  metadata:',
      '    attempt: 2',
      '    name: kube-controller-manager',
      '  image:',
      '    image: registry.k8s.io/kube-controller-manager:v1.30.1',
      'info:',
      '  sandboxID: 5d0c7a1e93b4',
      '  config:',
      '    command:',
      '    - kube-controller-manager',
      '    - --cluster-cidr=10.244.0.0/16',
      '    - "--leader-elect=true"',
      '',
    ].join('\n');
    const r = await ingest(text, 'inspect.yaml');
    expect(r.kind).toBe('container-inspect');
    expect(summary(r.documents)).toEqual([
      ['container-inspect', 'kube-controller-manager', '1.30.1', 'crictl inspect kube-controller-manager'],
    ]);
    expect(rows(text, r.documents[0])).toEqual(['cluster-cidr=10.244.0.0/16 @12:7', 'leader-elect=true @13:8']);
    valuesAt(text, r.documents[0]);
  });

  it('two crictl objects one after another are two documents', async () => {
    const one = (name: string, flag: string) =>
      `{\n  "status": {"metadata": {"name": "${name}"}, "image": {"image": "registry.k8s.io/${name}:v1.30.0"}},\n  "info": {"config": {"command": ["${name}", "${flag}"]}}\n}\n`;
    const text = one('kube-scheduler', '--v=3') + one('kube-proxy', '--v=4');
    const r = await ingest(text, 'inspect.json');
    expect(summary(r.documents)).toEqual([
      ['container-inspect', 'kube-scheduler', '1.30.0', 'crictl inspect kube-scheduler'],
      ['container-inspect', 'kube-proxy', '1.30.0', 'crictl inspect kube-proxy'],
    ]);
    expect(rows(text, r.documents[1])).toEqual(['v=4 @7:50']);
  });
});

describe('systemctl cat kubelet: several files with # /path headers', () => {
  it('each file is a document of its own; the drop-ins reset ExecStart and feed its variables', async () => {
    const text = fixture('real-world/systemctl-cat-kubelet.txt');
    const r = await ingest(text, 'systemctl-cat.txt');
    expect(r.kind).toBe('systemd-unit');
    expect(r.documents.map((d) => [d.label, d.component, lineCol(text, d.range)])).toEqual([
      ['kubelet.service', 'kubelet', '1:1'],
      ['10-kubeadm.conf', 'kubelet', '17:1'],
      ['20-extra.conf', null, '30:1'],
    ]);
    expect(r.documents[0]?.flags).toEqual([]);
    expect(r.documents[0]?.diagnostics.map((d) => d.code)).toContain('execstart-overridden');
    expect(rows(text, r.documents[1])).toEqual([
      'bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf @20:38',
      'kubeconfig=/etc/kubernetes/kubelet.conf @20:100',
      'config=/var/lib/kubelet/config.yaml @21:34',
      'node-ip=10.0.0.21 @32:33',
      'max-pods=150 @32:53',
    ]);
    // the last two come from 20-extra.conf's KUBELET_EXTRA_ARGS
    expect(r.documents[1]?.flags.slice(3).map((f) => f.viaVariable)).toEqual([
      'KUBELET_EXTRA_ARGS',
      'KUBELET_EXTRA_ARGS',
    ]);
  });
});

describe('/proc/<pid>/cmdline', () => {
  it('NUL-separated arguments are read, not refused as binary data', async () => {
    const text = fixture('real-world/proc-cmdline-scheduler.bin');
    const r = await ingest(text, 'cmdline');
    expect(r.diagnostics).toEqual([]);
    expect(r.kind).toBe('proc-cmdline');
    expect(summary(r.documents)).toEqual([['proc-cmdline', 'kube-scheduler', null, 'kube-scheduler cmdline']]);
    expect(rows(text, r.documents[0])).toEqual([
      'authentication-kubeconfig=/etc/kubernetes/scheduler.conf @1:16',
      'authorization-kubeconfig=/etc/kubernetes/scheduler.conf @1:75',
      'bind-address=127.0.0.1 @1:133',
      'kubeconfig=/etc/kubernetes/scheduler.conf @1:158',
      'leader-elect=true @1:202',
    ]);
    valuesAt(text, r.documents[0]);
  });

  it('pasted from a terminal, the NULs gone: cut before each --flag; a --token in it is a secret', async () => {
    const text = 'kube-apiserver--advertise-address=10.0.0.11--token-auth-file=/etc/t.csv--v=2\n';
    const r = await ingest(text, 'cmdline.txt');
    expect(r.kind).toBe('proc-cmdline');
    expect(rows(text, r.documents[0])).toEqual([
      'advertise-address=10.0.0.11 @1:15',
      'token-auth-file=/etc/t.csv @1:44',
      'v=2 @1:72',
    ]);
    const nul = 'kubelet\0--token=abcdef.0123456789abcdef\0--v=2\0';
    const k = await ingest(nul, 'cmdline');
    expect(k.documents[0]?.component).toBe('kubelet');
    // the flag's value is the secret; the text scan of workspace/secrets.ts reads on over the NUL to the next
    // argument (its value pattern does not stop at \0), so the span may be wider, never narrower
    const [secret] = k.documents[0]?.secrets ?? [];
    expect([secret?.kind, secret?.label, lineCol(nul, secret!.range)]).toEqual(['bootstrap-token', '--token', '1:17']);
    expect(slice(nul, secret?.range).startsWith('abcdef.0123456789abcdef')).toBe(true);
  });

  it('copied from a terminal: the `cat /proc/<pid>/cmdline` line before and the prompt glued after are left out', async () => {
    const text =
      'root@cp-1:~# cat /proc/$(pidof kube-controller-manager)/cmdline\n' +
      'kube-controller-manager--bind-address=127.0.0.1--leader-elect=true--v=2root@cp-1:~# \n';
    const r = await ingest(text, 'paste.txt');
    expect(r.kind).toBe('proc-cmdline');
    expect(rows(text, r.documents[0])).toEqual([
      'bind-address=127.0.0.1 @2:24',
      'leader-elect=true @2:48',
      'v=2 @2:67',
    ]);
    const other = '[admin@cp-2 ~]$ cat /proc/812/cmdline\nkube-scheduler--v=4--leader-elect=false[admin@cp-2 ~]$';
    expect(rows(other, (await ingest(other, 'paste.txt')).documents[0])).toEqual([
      'v=4 @2:15',
      'leader-elect=false @2:20',
    ]);
  });

  it('real binary data is still refused', async () => {
    const r = await ingest('\u0000\u0001\u0002ELF\u0003\u0000', 'a.out');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['binary-data']);
  });
});

describe('inspection output runs as an instance', () => {
  it('kubectl describe, crictl inspect and /proc cmdline each give their component an instance with its flags', async () => {
    const { analyseWorkspace } = await import('../../src/pipeline');
    const { file, loadKnowledgeBase } = await import('../helpers');
    const files = [
      file('describe.txt', fixture('real-world/kubectl-describe-apiserver.txt'), 'a'),
      file('inspect.json', fixture('real-world/docker-inspect-controller-manager.json'), 'b'),
      file('cmdline', fixture('real-world/proc-cmdline-scheduler.bin'), 'c'),
    ];
    const analysis = await analyseWorkspace(files, await loadKnowledgeBase(), { now: Date.parse('2026-12-01') });
    expect(
      analysis.instances
        .map((i) => [i.component, i.version?.version ?? null, i.documents.map((d) => d.fileId)])
        .sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    ).toEqual([
      ['kube-apiserver', '1.28.7', ['a']],
      ['kube-controller-manager', '1.18.6', ['b']],
      // no version in its cmdline: assumed from the workspace (1.28 and 1.18 tie: the newest; tests/unit/assumed-version.test.ts)
      ['kube-scheduler', '1.28.7', ['c']],
    ]);
    // the node: describe's Node: line, the container's io.kubernetes.pod.name label (kube-controller-manager-master)
    const hosts = Object.fromEntries(analysis.instances.map((i) => [i.component, [i.host?.name, i.host?.source]]));
    expect(hosts['kube-apiserver']).toEqual(['cp-1', 'node-name']);
    expect(hosts['kube-controller-manager']).toEqual(['master', 'pod-name']);
    const describe = analysis.files[0]!.file.documents[0]!;
    const text = fixture('real-world/kubectl-describe-apiserver.txt');
    expect(describe.fields.map((f) => [f.path, f.value, lineCol(text, f.valueRange!)])).toEqual([
      ['metadata.name', 'kube-apiserver-cp-1', '1:23'],
      ['spec.nodeName', 'cp-1', '5:23'],
    ]);
  });
});
