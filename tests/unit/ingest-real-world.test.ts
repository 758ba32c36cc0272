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
