import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/ingest';
import { file, loadKnowledgeBase, say } from '../helpers';
import { LineIndex } from '../../src/util/lineIndex';
import type { FlagOccurrence } from '../../src/model/types';

const kb = await loadKnowledgeBase();
const ingest = (text: string, name = 'kube-apiserver.yaml') => ingestFile(file(name, text, 'f'), kb.ingestFacts);
const slice = (text: string, r: { start: number; end: number } | null) => (r ? text.slice(r.start, r.end) : null);

const FORMS = `apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
spec:
  containers:
  - command:
    - /usr/local/bin/kube-apiserver
    - --etcd-servers=https://127.0.0.1:2379
    - --secure-port
    - "6443"
    - --anonymous-auth
    - --profiling=false
    - -v=2
    - --feature-gates=A=true,B=false
    - '--tls-min-version=VersionTLS12'
    image: registry.k8s.io/kube-apiserver:v1.28.0
`;

describe('static Pod flags', () => {
  const file = ingest(FORMS);
  const doc = file.documents[0];
  const flags = doc?.flags ?? [];
  const byName = (n: string) => flags.find((f) => f.name === n) as FlagOccurrence;
  const lines = new LineIndex(FORMS);

  it('recognises the component from the binary path and the version from the image tag', () => {
    expect(file.kind).toBe('static-pod');
    expect(doc?.component).toBe('kube-apiserver');
    expect(doc?.componentSource).toBe('command kube-apiserver');
    expect(doc?.version?.version).toBe('1.28.0');
  });

  it('reads every form with its value', () => {
    expect(flags.map((f) => [f.spelled, f.value, f.form])).toEqual([
      ['--etcd-servers', 'https://127.0.0.1:2379', 'equals'],
      ['--secure-port', '6443', 'separate'],
      ['--anonymous-auth', null, 'bare'],
      ['--profiling', 'false', 'equals'],
      ['-v', '2', 'equals'],
      ['--feature-gates', 'A=true,B=false', 'equals'],
      ['--tls-min-version', 'VersionTLS12', 'equals'],
    ]);
  });

  it('keeps exact source ranges for names and values', () => {
    const etcd = byName('etcd-servers');
    expect(slice(FORMS, etcd.nameRange)).toBe('--etcd-servers');
    expect(slice(FORMS, etcd.valueRange)).toBe('https://127.0.0.1:2379');
    expect(lines.position(etcd.nameRange.start)).toEqual({ line: 9, column: 7 });
    const port = byName('secure-port');
    expect(lines.position(port.nameRange.start)).toEqual({ line: 10, column: 7 });
    expect(lines.position(port.valueRange!.start)).toEqual({ line: 11, column: 8 }); // inside the quotes
    expect(slice(FORMS, byName('v').nameRange)).toBe('-v');
    expect(slice(FORMS, byName('feature-gates').valueRange)).toBe('A=true,B=false');
    expect(slice(FORMS, byName('tls-min-version').valueRange)).toBe('VersionTLS12');
    expect(byName('anonymous-auth').valueRange).toBeNull();
  });

  it('reads args as well as command, and fields with paths', () => {
    const text = `apiVersion: v1\nkind: Pod\nspec:\n  hostNetwork: true\n  containers:\n  - name: etcd\n    image: k8s.gcr.io/etcd:3.4.13-0\n    command: [etcd]\n    args: ["--name=m1", "--data-dir", "/var/lib/etcd"]\n`;
    const d = ingest(text, 'etcd.yaml').documents[0];
    expect(d?.component).toBe('etcd');
    expect(d?.version?.version).toBe('3.4.13');
    expect(d?.flags.map((f) => `${f.name}=${f.value}`)).toEqual(['name=m1', 'data-dir=/var/lib/etcd']);
    const host = d?.fields.find((f) => f.path === 'spec.hostNetwork');
    expect(host?.value).toBe('true');
    expect(slice(text, host!.keyRange)).toBe('hostNetwork');
    expect(d?.fields.some((f) => f.path === 'spec.containers[].image')).toBe(true);
  });
});

describe('component detection', () => {
  const pod = (command: string, image: string, label = '') =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n${label ? `  labels:\n    component: ${label}\n` : ''}spec:\n  containers:\n  - image: ${image}\n${command}`;

  it('uses the binary, then the label, then the image', () => {
    expect(ingest(pod('    command: [kube-scheduler, --leader-elect=true]\n', 'busybox')).documents[0]?.component).toBe(
      'kube-scheduler',
    );
    expect(
      ingest(pod('    args: [--leader-elect=true]\n', 'busybox', 'kube-controller-manager')).documents[0]
        ?.componentSource,
    ).toBe('label component=kube-controller-manager');
    const byImage = ingest(
      pod('    args: [--leader-elect=true]\n', 'gcr.io/google_containers/kube-scheduler-amd64:v1.5.1'),
    ).documents[0];
    expect(byImage?.component).toBe('kube-scheduler');
    expect(byImage?.version?.version).toBe('1.5.1');
  });

  it('reads hyperkube sub-commands and sh -c scripts', () => {
    const hk = ingest(
      pod('    command: [/hyperkube, apiserver, --secure-port=443]\n', 'gcr.io/google_containers/hyperkube:v1.9.0'),
    ).documents[0];
    expect(hk?.component).toBe('kube-apiserver');
    expect(hk?.version?.version).toBe('1.9.0');
    expect(hk?.flags.map((f) => f.name)).toEqual(['secure-port']);
    const text = pod(
      '    command: ["/bin/sh", "-c", "/usr/local/bin/kube-controller-manager --master=127.0.0.1:8080 --v=2 1>>/var/log/kcm.log 2>&1"]\n',
      'x',
    );
    const sh = ingest(text).documents[0];
    expect(sh?.component).toBe('kube-controller-manager');
    expect(sh?.flags.map((f) => `${f.name}=${f.value}`)).toEqual(['master=127.0.0.1:8080', 'v=2']);
    expect(slice(text, sh!.flags[0]!.nameRange)).toBe('--master');
  });

  it('reads a kubeadm 1.5 JSON manifest', () => {
    const json = `{\n  "kind": "Pod",\n  "apiVersion": "v1",\n  "metadata": {"name": "kube-apiserver"},\n  "spec": {\n    "containers": [{\n      "image": "gcr.io/google_containers/kube-apiserver-amd64:v1.5.1",\n      "command": [\n        "kube-apiserver",\n        "--insecure-bind-address=127.0.0.1",\n        "--secure-port=6443"\n      ]\n    }]\n  }\n}\n`;
    const d = ingest(json, 'kube-apiserver.json').documents[0];
    expect(d?.component).toBe('kube-apiserver');
    expect(d?.version?.version).toBe('1.5.1');
    const f = d?.flags[0];
    expect(slice(json, f!.nameRange)).toBe('--insecure-bind-address');
    expect(new LineIndex(json).position(f!.nameRange.start)).toEqual({ line: 10, column: 10 });
  });
});

describe('bad input', () => {
  it('reports invalid YAML at its line and keeps the other documents', () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n  - command: [kube-scheduler]\n---\nkind: Pod\nspec: [unclosed\n`;
    const file = ingest(text);
    expect(file.documents[0]?.component).toBe('kube-scheduler');
    const bad = file.documents.flatMap((d) => d.diagnostics).find((d) => d.code === 'yaml-syntax');
    expect(bad).toBeDefined();
    expect(new LineIndex(text).position(bad!.range.start).line).toBeGreaterThanOrEqual(10);
  });

  it('says when a YAML document is not a Pod', () => {
    const text = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n`;
    const d = ingest(text).documents[0];
    expect(d?.kind).toBe('unknown');
    expect(d?.diagnostics[0]?.code).toBe('not-a-pod');
    expect(say(d?.diagnostics[0]?.message)).toContain('Deployment');
    expect(slice(text, d!.diagnostics[0]!.range)).toBe('Deployment');
  });

  it('handles empty files, binary data and unknown text without throwing', () => {
    expect(ingest('').diagnostics[0]?.code).toBe('empty-file');
    expect(ingest('   \n\n').diagnostics[0]?.code).toBe('empty-file');
    expect(ingest('\u0000\u0001PNG\u0002\u0003binary').diagnostics[0]?.code).toBe('binary-data');
    const unknown = ingest('hello world, this is not a config');
    expect(unknown.kind).toBe('unknown');
    expect(say(unknown.diagnostics[0]?.message)).toMatch(/static Pod manifests .* systemd units/);
    expect(say(unknown.diagnostics[0]?.message)).not.toMatch(/static-pod|env-file|pki-listing/);
  });
});
