/**
 * Issue 15: the node collector public/collect.sh, run against a fake node root (tests/fixtures/node-root, with fake
 * `ss` and `kubelet` first on PATH), and its bundle read back as a workspace (src/ingest/workspace/bundle.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { file, loadKnowledgeBase } from '../helpers';
import { bundleFiles, isBundle, readBundle } from '../../src/ingest/workspace/bundle';
import { analyseWorkspace } from '../../src/pipeline';
import { ingest, lineCol, NOW } from './ingest-helpers';
import { addText } from '../../src/views/bundleImport';
import { EMPTY_WORKSPACE } from '../../src/workspace/workspace';

const ROOT = fileURLToPath(new URL('../fixtures/node-root', import.meta.url));
const SCRIPT = fileURLToPath(new URL('../../public/collect.sh', import.meta.url));

function collect(): string {
  return execFileSync('sh', [SCRIPT], {
    encoding: 'utf8',
    env: { ...process.env, COLLECT_ROOT: ROOT, PATH: `${ROOT}/_bin:${process.env.PATH ?? ''}` },
  });
}

/**
 * Every line of the base64 body of each private key of the fake root, but those a certificate or public key has
 * too (an RSA key holds its public modulus, which the certificate carries: a base64 line of it may be the same).
 */
function keyLines(): string[] {
  const secret: string[] = [];
  const open = new Set<string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else {
        const t = readFileSync(p, 'utf8');
        for (const m of t.matchAll(/-----BEGIN ([A-Z ]+)-----\n([\s\S]*?)-----END/g)) {
          const lines = (m[2] ?? '').split('\n').filter((l) => l.length > 20);
          if ((m[1] ?? '').includes('PRIVATE KEY')) secret.push(...lines);
          else for (const l of lines) open.add(l);
        }
      }
    }
  };
  walk(ROOT);
  return secret.filter((l) => !open.has(l));
}

const hasShellcheck = spawnSync('shellcheck', ['--version']).status === 0;

describe('public/collect.sh on a fake node root', () => {
  const bundle = collect();

  it.skipIf(!hasShellcheck)('is shellcheck clean as POSIX sh', () => {
    const r = spawnSync('shellcheck', ['-s', 'sh', SCRIPT], { encoding: 'utf8' });
    expect([r.status, r.stdout]).toEqual([0, '']);
  });

  it('writes one header per entry: files by their path on the node, key notes, commands', () => {
    const headers = bundle
      .split('\n')
      .filter((l) => l.startsWith('#### '))
      .map((l) => l.replace(/collected=\S+/, 'collected=T'));
    expect(headers).toEqual([
      '#### kube-explainer bundle v1 host=cp-1 collected=T',
      '#### kube-explainer file host=cp-1 path=/etc/kubernetes/manifests/etcd.yaml',
      '#### kube-explainer file host=cp-1 path=/etc/kubernetes/manifests/kube-apiserver.yaml',
      '#### kube-explainer file host=cp-1 path=/etc/kubernetes/admin.conf',
      '#### kube-explainer file host=cp-1 path=/etc/kubernetes/scheduler.conf',
      '#### kube-explainer file host=cp-1 path=/etc/kubernetes/pki/apiserver.crt',
      '#### kube-explainer file host=cp-1 path=/etc/kubernetes/pki/ca.crt',
      '#### kube-explainer file host=cp-1 path=/etc/kubernetes/pki/sa.pub',
      '#### kube-explainer key host=cp-1 path=/etc/kubernetes/pki/apiserver.key belongs-to=/etc/kubernetes/pki/apiserver.crt',
      '#### kube-explainer key host=cp-1 path=/etc/kubernetes/pki/ca.key belongs-to=/etc/kubernetes/pki/ca.crt',
      '#### kube-explainer key host=cp-1 path=/etc/kubernetes/pki/sa.key belongs-to=/etc/kubernetes/pki/sa.pub',
      '#### kube-explainer file host=cp-1 path=/etc/kubernetes/pki/etcd/ca.crt',
      '#### kube-explainer file host=cp-1 path=/etc/kubernetes/pki/etcd/server.crt',
      '#### kube-explainer key host=cp-1 path=/etc/kubernetes/pki/etcd/orphan.key belongs-to=none',
      '#### kube-explainer key host=cp-1 path=/etc/kubernetes/pki/etcd/server.key belongs-to=/etc/kubernetes/pki/etcd/server.crt',
      '#### kube-explainer file host=cp-1 path=/var/lib/kubelet/pki/kubelet-client-current.pem',
      '#### kube-explainer file host=cp-1 path=/var/lib/kubelet/config.yaml',
      '#### kube-explainer file host=cp-1 path=/var/lib/kubelet/kubeadm-flags.env',
      '#### kube-explainer file host=cp-1 path=/etc/default/kubelet',
      '#### kube-explainer file host=cp-1 path=/etc/systemd/system/kubelet.service.d/10-kubeadm.conf',
      '#### kube-explainer file host=cp-1 path=/lib/systemd/system/kubelet.service',
      '#### kube-explainer file host=cp-1 path=/etc/kubernetes/kubelet-extra.env',
      '#### kube-explainer file host=cp-1 path=/etc/rancher/k3s/config.yaml',
      '#### kube-explainer command host=cp-1 command=ps -eo args',
      '#### kube-explainer command host=cp-1 command=ss -ltnp',
      '#### kube-explainer command host=cp-1 command=kubelet --version',
    ]);
  });

  it('never copies a private key, a token, a password or a secret', () => {
    const keys = keyLines();
    expect(keys.length).toBeGreaterThan(50);
    expect(keys.filter((l) => bundle.includes(l))).toEqual([]);
    expect(bundle).not.toContain('PRIVATE KEY');
    for (const secret of [
      '0123456789abcdef0123456789abcdef', // a kubeconfig user token
      'abcdef.0123456789abcdef', // BOOTSTRAP_TOKEN in an env file
      'K10c0ffee', // the k3s token
      'pa55w0rd', // the password in k3s datastore-endpoint
      'hunter2hunter2', // --oidc-client-secret of a running kube-apiserver
    ])
      expect([secret, bundle.includes(secret)]).toEqual([secret, false]);
    expect(bundle).toContain('client-key-data: REDACTED');
    expect(bundle).toContain('datastore-endpoint: postgres://k3s:REDACTED@10.0.0.5:5432/k3s');
    // a path is no secret: --token-auth-file keeps its value
    expect(bundle).toContain('--token-auth-file=/etc/kubernetes/known_tokens.csv --oidc-client-secret=REDACTED');
    // the kubelet's client .pem holds a certificate and its key: only the certificate is copied
    const pem = readBundle(bundle)!.entries.find((e) => e.path.endsWith('kubelet-client-current.pem'))!;
    expect(pem.text.match(/-----BEGIN [A-Z ]+-----/g)).toEqual(['-----BEGIN CERTIFICATE-----']);
  });
});

describe('the bundle fixture', () => {
  it('tests/fixtures/real-world/collect-bundle-cp-1.txt is what the collector writes (regenerate it when collect.sh changes)', () => {
    const fresh = collect().replace(/collected=\S+/, 'collected=2026-12-02T16:00:00Z');
    expect(fresh).toBe(
      readFileSync(fileURLToPath(new URL('../fixtures/real-world/collect-bundle-cp-1.txt', import.meta.url)), 'utf8'),
    );
  });
});

describe('the bundle read back as a workspace', () => {
  it('each file and command output a file named by its path, on its host; keys only as notes', () => {
    const b = readBundle(collect())!;
    expect(b.host).toBe('cp-1');
    expect(b.entries.filter((e) => e.kind === 'key').map((e) => [e.path, e.belongsTo])).toEqual([
      ['/etc/kubernetes/pki/apiserver.key', '/etc/kubernetes/pki/apiserver.crt'],
      ['/etc/kubernetes/pki/ca.key', '/etc/kubernetes/pki/ca.crt'],
      ['/etc/kubernetes/pki/sa.key', '/etc/kubernetes/pki/sa.pub'],
      ['/etc/kubernetes/pki/etcd/orphan.key', 'none'],
      ['/etc/kubernetes/pki/etcd/server.key', '/etc/kubernetes/pki/etcd/server.crt'],
    ]);
    const files = bundleFiles(b);
    expect(files.map((f) => f.name).slice(-3)).toEqual(['ps-eo-args.txt', 'ss-ltnp.txt', 'kubelet-version.txt']);
    expect(new Set(files.map((f) => f.host))).toEqual(new Set(['cp-1']));
    const manifest = files.find((f) => f.name === '/etc/kubernetes/manifests/kube-apiserver.yaml')!;
    expect(manifest.text).toBe(readFileSync(`${ROOT}/etc/kubernetes/manifests/kube-apiserver.yaml`, 'utf8'));
    expect(isBundle('apiVersion: v1\n')).toBe(false);
  });

  it('through the pipeline: Pods, kubeconfigs, certificates, the kubelet unit with its env files, processes, sockets', async () => {
    const files = bundleFiles(readBundle(collect())!).map((f, i) => file(f.name, f.text, `b${i}`, { host: f.host }));
    const analysis = await analyseWorkspace(files, await loadKnowledgeBase(), { now: NOW });
    const kinds = new Map(analysis.files.map((f) => [f.file.name, f.file.kind]));
    expect(Object.fromEntries(kinds)).toMatchObject({
      '/etc/kubernetes/manifests/kube-apiserver.yaml': 'static-pod',
      '/etc/kubernetes/admin.conf': 'kubeconfig',
      '/etc/kubernetes/pki/ca.crt': 'pem',
      '/etc/systemd/system/kubelet.service.d/10-kubeadm.conf': 'systemd-unit',
      '/etc/default/kubelet': 'env-file',
      '/etc/rancher/k3s/config.yaml': 'distribution-config',
      'ps-eo-args.txt': 'command-line',
      'ss-ltnp.txt': 'listeners',
    });
    const docs = analysis.files.flatMap((f) => f.file.documents);
    const dropIn = docs.find((d) => d.label === '10-kubeadm.conf')!;
    // $KUBELET_EXTRA_ARGS from /etc/default/kubelet and $KUBELET_MORE from the env file the unit names
    expect(dropIn.flags.map((f) => `${f.name}=${f.value}`)).toEqual([
      'bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf',
      'kubeconfig=/etc/kubernetes/kubelet.conf',
      'config=/var/lib/kubelet/config.yaml',
      'container-runtime-endpoint=unix:///var/run/containerd/containerd.sock',
      'pod-infra-container-image=registry.k8s.io/pause:3.10',
      'node-ip=10.0.0.11',
      'max-pods=150',
      'kube-api-burst=20',
    ]);
    const ps = docs.filter((d) => d.kind === 'command-line').map((d) => [d.component, d.flags.length]);
    expect(ps).toEqual([
      ['kube-apiserver', 4],
      ['kubelet', 2],
    ]);
  }, 60_000);
});

describe('a bundle pasted in one tab', () => {
  it('each entry is a part read where it is in the bundle, under its path on the node', async () => {
    const text = collect();
    const b = readBundle(text)!;
    for (const e of b.entries) expect(text.slice(e.range.start, e.range.end)).toBe(e.text.replace(/\n+$/, ''));
    const r = await ingest(text, 'cp-1-bundle.txt');
    // every file and command output but the version line of kubelet --version, which no format reads
    expect(r.parts?.length).toBe(19);
    const labels = r.documents.map((d) => d.label);
    expect(labels).toEqual(
      expect.arrayContaining([
        'Pod etcd',
        'Pod kube-apiserver',
        'kubeconfig admin.conf',
        '10-kubeadm.conf',
        'kube-apiserver command line',
      ]),
    );
    // the drop-in, named by its header, expands $KUBELET_EXTRA_ARGS and $KUBELET_MORE from the env files beside it
    const dropIn = r.documents.find((d) => d.label === '10-kubeadm.conf')!;
    expect(dropIn.flags.map((f) => f.name)).toEqual([
      'bootstrap-kubeconfig',
      'kubeconfig',
      'config',
      'container-runtime-endpoint',
      'pod-infra-container-image',
      'node-ip',
      'max-pods',
      'kube-api-burst',
    ]);
    // a flag of the manifest at its line in the bundle
    const pod = r.documents.find((d) => d.label === 'Pod kube-apiserver')!;
    const flag = pod.flags.find((f) => f.name === 'advertise-address')!;
    const line = text.split('\n').findIndex((l) => l.includes('--advertise-address=192.168.56.10')) + 1;
    expect(lineCol(text, flag.nameRange)).toBe(`${line}:7`);
  });
});

describe('the app: a bundle pasted or opened becomes its files', () => {
  it('one tab per file named by its path, on its host; a second node keeps its own; the same node again updates', () => {
    const one = collect();
    let s = addText(EMPTY_WORKSPACE, 'pasted-1.txt', one);
    const count = s.files.length;
    expect(count).toBe(20);
    expect(s.files.every((f) => f.host === 'cp-1')).toBe(true);
    expect(s.files[0]?.name).toBe('/etc/kubernetes/manifests/etcd.yaml');
    // the same node collected again: the same tabs, updated
    s = addText(s, 'pasted-2.txt', one);
    expect(s.files.length).toBe(count);
    // another node: its files next to the first node's, each on its host
    const two = one.replace(/host=cp-1/g, 'host=cp-2');
    s = addText(s, 'pasted-3.txt', two);
    expect(s.files.length).toBe(2 * count);
    expect(s.files.filter((f) => f.host === 'cp-2').map((f) => f.name)[0]).toBe(
      '/etc/kubernetes/manifests/etcd (2).yaml',
    );
    // the second node collected again: its tabs updated, none added
    s = addText(s, 'pasted-4.txt', two.replace('--secure-port=6443', '--secure-port=7443'));
    expect(s.files.length).toBe(2 * count);
    const cp2 = s.files.find((f) => f.host === 'cp-2' && f.name.includes('kube-apiserver (2).yaml'));
    expect(cp2?.text).toContain('--secure-port=7443');
    expect(s.files.find((f) => f.host === 'cp-1' && f.name.endsWith('kube-apiserver.yaml'))?.text).toContain(
      '--secure-port=6443',
    );
    // text that is no bundle is one file
    expect(addText(EMPTY_WORKSPACE, 'x.yaml', 'apiVersion: v1\n').files.map((f) => f.name)).toEqual(['x.yaml']);
  });
});
