/**
 * Certificate trust for k3s / RKE2 / Talos instances (issue 15): their PKI is laid out their own way (k3s
 * `/var/lib/rancher/k3s/server/tls/server-ca.crt`, `client-ca.crt`, `request-header-ca.crt`, `etcd/server-ca.crt`),
 * so the trust model infers only what their flags state: which file is a CA for whom, which certificate or key a
 * component presents, which kubeconfig it reads, under the distribution's file names; no subject, issuer, signer or
 * kubeadm role (content/pki.yaml) is invented for them. kubeadm-made instances (a kubeadm sample, kind) keep
 * kubeadm's inference unchanged.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { analyseWorkspace } from '../../src/pipeline';
import type { WorkspaceFile } from '../../src/model/types';
import type { TrustEdge, TrustModel } from '../../src/analysis/trust';
import { file, fixture, loadKnowledgeBase, repoRoot } from '../helpers';
import { TRUST_RULES } from './trust-rules';

const kb = await loadKnowledgeBase();
const NOW = Date.UTC(2026, 5, 1);
const TLS = '/var/lib/rancher/k3s/server/tls';
const CRED = '/var/lib/rancher/k3s/server/cred';
const AGENT = '/var/lib/rancher/k3s/agent';
const PKI = `${repoRoot}tests/fixtures/pki-generated/`;
const SAMPLE = `${repoRoot}content/examples/kubeadm-v1.31/`;

const dist = (name: string) => file(name, fixture(`distributions/${name}`));

async function run(files: WorkspaceFile[]) {
  const analysis = await analyseWorkspace(files, kb, { now: NOW });
  const trust = analysis.trust!;
  return {
    trust,
    trustFindings: analysis.findings.filter((f) => TRUST_RULES.has(f.rule)).map((f) => f.rule),
    node: (id: string) => trust.nodes.find((n) => n.id === id),
  };
}

/** Every edge as `kind from -> to via (source)`, ids shortened to the k3s folders. */
const edges = (t: TrustModel, pick: (e: TrustEdge) => boolean = () => true) =>
  t.edges
    .filter(pick)
    .map((e) => `${e.kind} ${e.from} -> ${e.to} ${e.via ?? '-'} (${e.source})`)
    .map((s) =>
      s.split(`path:${TLS}/`).join('tls/').split(`path:${CRED}/`).join('cred/').split(`path:${AGENT}/`).join('agent/'),
    );

/** What a model must never say about a distribution's files: kubeadm's names, subjects and layout. */
function noKubeadm(t: TrustModel, distribution: string) {
  const text = JSON.stringify(t);
  for (const word of ['kubeadm', 'CN =', 'O =', '/etc/kubernetes', '/var/lib/kubelet'])
    expect(text.includes(word), word).toBe(false);
  // kubeadm's names of files (content/pki.yaml ids) on no node
  const nodes = JSON.stringify(t.nodes);
  for (const word of ['front-proxy', 'etcd-ca', 'apiserver-kubelet-client', 'controller-manager.conf', '"sa"'])
    expect(nodes.includes(word), word).toBe(false);
  for (const n of t.nodes) {
    if (n.kind === 'component') continue;
    expect(n.role, n.id).toBeNull();
    // the view says whose flags alone name the file
    expect(n.distribution, n.id).toBe(distribution);
    if (n.inferred) {
      expect(n.subject, n.id).toBeNull();
      expect(n.issuer, n.id).toBeNull();
    }
  }
  for (const e of t.edges) expect(e.source, `${e.kind} ${e.from} ${e.to}`).not.toBe('convention');
}

describe('a k3s config.yaml (paths only)', async () => {
  const r = await run([dist('k3s-config.yaml')]);

  it('has the files k3s passes to its components, under k3s file names, each what its flag says it is', () => {
    const nodes = r.trust.nodes
      .filter((n) => n.kind !== 'component')
      .map((n) => `${n.kind} ${n.label} ${n.path}`)
      .sort();
    expect(nodes).toEqual(
      [
        `ca agent/client-ca.crt ${AGENT}/client-ca.crt`,
        `ca etcd/server-ca.crt ${TLS}/etcd/server-ca.crt`,
        `ca peer-ca.crt ${TLS}/etcd/peer-ca.crt`,
        `ca request-header-ca.crt ${TLS}/request-header-ca.crt`,
        `ca tls/client-ca.crt ${TLS}/client-ca.crt`,
        `ca tls/server-ca.crt ${TLS}/server-ca.crt`,
        `certificate client-auth-proxy.crt ${TLS}/client-auth-proxy.crt`,
        `certificate client-kube-apiserver.crt ${TLS}/client-kube-apiserver.crt`,
        `certificate client.crt ${TLS}/etcd/client.crt`,
        `certificate peer-server-client.crt ${TLS}/etcd/peer-server-client.crt`,
        `certificate server-client.crt ${TLS}/etcd/server-client.crt`,
        `certificate serving-kube-apiserver.crt ${TLS}/serving-kube-apiserver.crt`,
        `certificate serving-kubelet.crt ${AGENT}/serving-kubelet.crt`,
        `key client-auth-proxy.key ${TLS}/client-auth-proxy.key`,
        `key client-kube-apiserver.key ${TLS}/client-kube-apiserver.key`,
        `key client.key ${TLS}/etcd/client.key`,
        `key peer-server-client.key ${TLS}/etcd/peer-server-client.key`,
        `key server-client.key ${TLS}/etcd/server-client.key`,
        `key service.current.key ${TLS}/service.current.key`,
        `key service.key ${TLS}/service.key`,
        `key serving-kube-apiserver.key ${TLS}/serving-kube-apiserver.key`,
        `key serving-kubelet.key ${AGENT}/serving-kubelet.key`,
        `kubeconfig controller.kubeconfig ${CRED}/controller.kubeconfig`,
        `kubeconfig kubelet.kubeconfig ${AGENT}/kubelet.kubeconfig`,
      ].sort(),
    );
    expect(r.trust.nodes.filter((n) => n.kind === 'component').map((n) => n.label)).toEqual([
      'kube-apiserver@k3s-cp-1',
      'kube-controller-manager@k3s-cp-1',
      'kubelet@k3s-cp-1',
      'etcd@k3s-cp-1',
    ]);
    for (const n of r.trust.nodes) {
      expect(n.inferred, n.id).toBe(n.kind !== 'component');
      if (n.kind !== 'component') expect(n.isCA, n.id).toBeNull();
    }
  });

  it('has an edge per flag k3s passes, none by kubeadm conventions, no signer, no subject', () => {
    const api = 'component:kube-apiserver@k3s-cp-1';
    const kcm = 'component:kube-controller-manager@k3s-cp-1';
    const kubelet = 'component:kubelet@k3s-cp-1';
    const etcd = 'component:etcd@k3s-cp-1';
    expect(edges(r.trust)).toEqual([
      `presents ${api} -> tls/serving-kube-apiserver.crt --tls-cert-file (default)`,
      `key-of tls/serving-kube-apiserver.key -> tls/serving-kube-apiserver.crt --tls-private-key-file (default)`,
      `trusts ${api} -> tls/client-ca.crt --client-ca-file (default)`,
      `trusts ${api} -> tls/etcd/server-ca.crt --etcd-cafile (default)`,
      `presents ${api} -> tls/etcd/client.crt --etcd-certfile (default)`,
      `key-of tls/etcd/client.key -> tls/etcd/client.crt --etcd-keyfile (default)`,
      `presents ${api} -> tls/client-kube-apiserver.crt --kubelet-client-certificate (default)`,
      `key-of tls/client-kube-apiserver.key -> tls/client-kube-apiserver.crt --kubelet-client-key (default)`,
      `trusts ${api} -> tls/server-ca.crt --kubelet-certificate-authority (default)`,
      `presents ${api} -> tls/client-auth-proxy.crt --proxy-client-cert-file (default)`,
      `key-of tls/client-auth-proxy.key -> tls/client-auth-proxy.crt --proxy-client-key-file (default)`,
      `trusts ${api} -> tls/request-header-ca.crt --requestheader-client-ca-file (default)`,
      `trusts ${api} -> tls/service.key --service-account-key-file (default)`,
      `presents ${api} -> tls/service.current.key --service-account-signing-key-file (default)`,
      `points-to ${kcm} -> cred/controller.kubeconfig --kubeconfig (default)`,
      `points-to ${kcm} -> cred/controller.kubeconfig --authentication-kubeconfig (default)`,
      `points-to ${kcm} -> cred/controller.kubeconfig --authorization-kubeconfig (default)`,
      `trusts ${kcm} -> tls/server-ca.crt --root-ca-file (default)`,
      `presents ${kcm} -> tls/service.current.key --service-account-private-key-file (default)`,
      `points-to ${kubelet} -> agent/kubelet.kubeconfig --kubeconfig (default)`,
      `trusts ${kubelet} -> agent/client-ca.crt --client-ca-file (default)`,
      `presents ${kubelet} -> agent/serving-kubelet.crt --tls-cert-file (default)`,
      `key-of agent/serving-kubelet.key -> agent/serving-kubelet.crt --tls-private-key-file (default)`,
      `presents ${etcd} -> tls/etcd/server-client.crt --cert-file (default)`,
      `key-of tls/etcd/server-client.key -> tls/etcd/server-client.crt --key-file (default)`,
      `trusts ${etcd} -> tls/etcd/server-ca.crt --trusted-ca-file (default)`,
      `presents ${etcd} -> tls/etcd/peer-server-client.crt --peer-cert-file (default)`,
      `key-of tls/etcd/peer-server-client.key -> tls/etcd/peer-server-client.crt --peer-key-file (default)`,
      `trusts ${etcd} -> tls/etcd/peer-ca.crt --peer-trusted-ca-file (default)`,
    ]);
    for (const e of r.trust.edges) {
      expect(e.inferred).toBe(true);
      expect(e.broken).toBe(false);
    }
    // who trusts which CA for whom, as the flags say
    expect(r.trust.edges.find((e) => e.via === '--etcd-cafile')).toMatchObject({
      purpose: 'verify-server',
      peer: 'etcd',
    });
    expect(r.trust.edges.find((e) => e.via === '--kubelet-certificate-authority')).toMatchObject({
      purpose: 'verify-server',
      peer: 'kubelet',
    });
    expect(r.trust.edges.find((e) => e.via === '--requestheader-client-ca-file')).toMatchObject({
      purpose: 'verify-front-proxy',
      peer: 'extension-apiservers',
    });
    noKubeadm(r.trust, 'k3s');
  });

  it('finds no trust problem it would have to invent (a self-signed kubelet certificate, a kubeadm CA)', () => {
    expect(r.trustFindings).toEqual([]);
    expect(r.trust.nodes.some((n) => n.id.startsWith('memory:'))).toBe(false);
  });
});

describe('k3s flags naming files kubeadm also names', async () => {
  const r = await run([dist('k3s-config-custom-tls.yaml')]);

  it('an apiserver.crt and a ca.crt of a k3s instance are only what the flags say', () => {
    expect(r.node('path:/opt/k3s/server/tls/apiserver.crt')).toMatchObject({
      kind: 'certificate',
      label: 'apiserver.crt',
      role: null,
      subject: null,
      issuer: null,
    });
    expect(r.node('path:/etc/ssl/company/ca.crt')).toMatchObject({
      kind: 'ca',
      label: 'ca.crt',
      role: null,
      subject: null,
    });
    expect(edges(r.trust, (e) => e.via === '--tls-cert-file' || e.via === '--tls-private-key-file')).toEqual([
      'presents component:kube-apiserver@k3s-edge-1 -> path:/opt/k3s/server/tls/apiserver.crt --tls-cert-file (set)',
      'key-of path:/opt/k3s/server/tls/apiserver.key -> path:/opt/k3s/server/tls/apiserver.crt --tls-private-key-file (set)',
      // the kubelet's serving certificate under the data-dir, as k3s passes it
      'presents component:kubelet@k3s-edge-1 -> path:/opt/k3s/agent/serving-kubelet.crt --tls-cert-file (default)',
      'key-of path:/opt/k3s/agent/serving-kubelet.key -> path:/opt/k3s/agent/serving-kubelet.crt --tls-private-key-file (default)',
    ]);
    // data-dir moves every file k3s passes
    expect(r.trust.nodes.filter((n) => n.path && !n.path.startsWith('/opt/k3s/')).map((n) => n.path)).toEqual([
      '/etc/ssl/company/ca.crt',
    ]);
    expect(r.trust.edges.some((e) => e.kind === 'signs')).toBe(false);
    noKubeadm(r.trust, 'k3s');
  });
});

describe('an RKE2 config.yaml', async () => {
  const r = await run([dist('rke2-config.yaml')]);

  it('its files under /var/lib/rancher/rke2, nothing of kubeadm', () => {
    const paths = r.trust.nodes.filter((n) => n.path).map((n) => n.path!);
    expect(paths.length).toBeGreaterThan(10);
    for (const p of paths) expect(p.startsWith('/var/lib/rancher/rke2/'), p).toBe(true);
    expect(r.node('path:/var/lib/rancher/rke2/server/tls/request-header-ca.crt')).toMatchObject({ kind: 'ca' });
    noKubeadm(r.trust, 'RKE2');
    expect(r.trustFindings).toEqual([]);
  });
});

describe('a Talos machine configuration', async () => {
  const r = await run([dist('talos-controlplane.yaml')]);

  it('states no file of its PKI: no certificate is made up', () => {
    expect(r.trust.nodes.filter((n) => n.kind !== 'component')).toEqual([]);
    expect(r.trust.edges).toEqual([]);
  });
});

describe('a k3s config.yaml with the certificates themselves', async () => {
  // a CA and a client certificate it signed (tests/fixtures/pki-generated: fake keys, for tests only), dropped as
  // copies of k3s's server/tls folder
  const pem = (n: string) => readFileSync(PKI + n, 'utf8');
  const r = await run([
    dist('k3s-config.yaml'),
    file('server/tls/client-ca.crt', pem('pki--ca.crt')),
    file('server/tls/client-kube-apiserver.crt', pem('pki--apiserver-kubelet-client.crt')),
    file('server/tls/client-kube-apiserver.key', pem('pki--apiserver-kubelet-client.key')),
  ]);

  it('reads who signed what from the files, and the rest stays what the flags say', () => {
    const ca = r.node('file:server/tls/client-ca.crt')!;
    expect(ca).toMatchObject({ kind: 'ca', label: 'client-ca.crt', inferred: false, role: null, distribution: 'k3s' });
    expect(ca.subject).toBeTruthy();
    const cert = 'file:server/tls/client-kube-apiserver.crt';
    const key = 'file:server/tls/client-kube-apiserver.key';
    expect(
      r.trust.edges.find((e) => e.via === '--client-ca-file' && e.from.startsWith('component:kube-apiserver')),
    ).toMatchObject({
      to: ca.id,
      inferred: false,
    });
    expect(r.trust.edges.find((e) => e.kind === 'signs')).toMatchObject({
      from: ca.id,
      to: cert,
      source: 'content',
      inferred: false,
      broken: false,
    });
    expect(r.trust.edges.filter((e) => e.kind === 'signs')).toHaveLength(1);
    expect(r.trust.edges.find((e) => e.kind === 'key-of' && e.from === key)).toMatchObject({
      to: cert,
      via: '--kubelet-client-key',
      inferred: false,
      broken: false,
    });
    for (const e of r.trust.edges) expect(e.source).not.toBe('convention');
    for (const n of r.trust.nodes) if (n.inferred) expect(n.subject, n.id).toBeNull();
  });
});

describe('kubeadm-made instances keep kubeadm inference', () => {
  it('the first-visit kubeadm sample is unchanged', async () => {
    const files = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'].map((m) =>
      file(`etc-kubernetes/manifests/${m}.yaml`, readFileSync(`${SAMPLE}${m}.yaml`, 'utf8')),
    );
    const r = await run(files);
    const count = (list: readonly { kind: string }[]) => {
      const out: Record<string, number> = {};
      for (const x of list) out[x.kind] = (out[x.kind] ?? 0) + 1;
      return out;
    };
    expect(count(r.trust.nodes)).toEqual({ component: 4, ca: 3, certificate: 10, key: 9, kubeconfig: 2 });
    expect(count(r.trust.edges)).toEqual({ signs: 8, presents: 13, trusts: 11, 'key-of': 8, 'points-to': 8 });
    expect(r.node('path:/etc/kubernetes/pki/apiserver-kubelet-client.crt')).toMatchObject({
      label: 'apiserver-kubelet-client',
      role: 'apiserver-kubelet-client',
      subject: 'O = kubeadm:cluster-admins, CN = kube-apiserver-kubelet-client',
    });
    expect(r.trust.edges.filter((e) => e.source === 'convention').length).toBeGreaterThan(0);
    for (const n of r.trust.nodes) expect(n.distribution, n.id).toBeUndefined();
    expect(r.node('memory:kube-scheduler@cp1/kube-scheduler.crt')).toBeDefined();
  });

  it('kind bootstraps with kubeadm: its instances get kubeadm names and subjects', async () => {
    const r = await run([dist('kind-config.yaml')]);
    expect(r.node('path:/etc/kubernetes/pki/ca.crt')).toMatchObject({
      kind: 'ca',
      role: 'ca',
      subject: 'CN = kubernetes',
    });
    expect(r.node('path:/etc/kubernetes/pki/apiserver-kubelet-client.crt')?.subject).toBe(
      'O = kubeadm:cluster-admins, CN = kube-apiserver-kubelet-client',
    );
    expect(r.trust.edges.some((e) => e.source === 'convention')).toBe(true);
    for (const n of r.trust.nodes) expect(n.distribution, n.id).toBeUndefined();
  });
});

describe("a k3s config.yaml with a kubeconfig of k3s's", async () => {
  // a controller.kubeconfig that names its files by path, as a copy of k3s's server/cred folder
  const kubeconfig = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '  - name: local',
    '    cluster:',
    '      server: https://127.0.0.1:6444',
    `      certificate-authority: ${TLS}/server-ca.crt`,
    'users:',
    '  - name: user',
    '    user:',
    `      client-certificate: ${TLS}/client-controller.crt`,
    `      client-key: ${TLS}/client-controller.key`,
    'contexts:',
    '  - name: Default',
    '    context: { cluster: local, user: user }',
    'current-context: Default',
    '',
  ].join('\n');
  const r = await run([dist('k3s-config.yaml'), file('server/cred/controller.kubeconfig', kubeconfig)]);

  it('the files it names are the ones k3s names, known by their paths, with nothing of kubeadm', () => {
    const kc = r.trust.nodes.find((n) => n.kind === 'kubeconfig' && !n.inferred)!;
    expect(kc).toMatchObject({ label: 'controller.kubeconfig', distribution: 'k3s', role: null });
    expect(edges(r.trust, (e) => e.from === kc.id).map((s) => s.replace(kc.id, 'kc'))).toEqual([
      'trusts kc -> tls/server-ca.crt clusters[local].cluster.certificate-authority (field)',
      'points-to kc -> component:kube-apiserver@k3s-cp-1 clusters[local].cluster.server (field)',
      'presents kc -> tls/client-controller.crt users[user].user.client-certificate (field)',
    ]);
    // the CA the controller manager's --root-ca-file names too: one node
    expect(r.trust.nodes.filter((n) => n.path === `${TLS}/server-ca.crt`)).toHaveLength(1);
    noKubeadm(r.trust, 'k3s');
  });
});
