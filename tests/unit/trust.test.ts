/**
 * Certificate trust (src/analysis/trust): the model of the first-visit sample (paths only: every edge inferred), of
 * a generated kubeadm PKI (tests/fixtures/pki-generated, made by tests/gen-pki-fixtures.sh with openssl; its keys
 * are fake, for tests only) with verified signatures and compared key pairs, every finding once firing and once
 * not, the crypto and path helpers, and the CLI's `trust` field and certificates table.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, vi } from 'vitest';
import { AsnParser, AsnSerializer } from '@peculiar/asn1-schema';
import { ECPrivateKey } from '@peculiar/asn1-ecc';
import { analyseWorkspace } from '../../src/pipeline';
import { loadMessageCatalogue, presentAnalysis } from '../../src/present/analysis';
import type { WorkspaceFile } from '../../src/model/types';
import type { Finding } from '../../src/analysis/types';
import {
  certificateMaterial,
  couldHaveSigned,
  privateKeyPublicId,
  publicKeyBlockId,
  verifySignature,
} from '../../src/analysis/trust/crypto';
import { WorkspacePaths, roleOfPath } from '../../src/analysis/trust/paths';
import { firstServiceIp, sansCover } from '../../src/analysis/trust/checks';
import { readPkiFacts, valueAt } from '../../src/knowledge/pki';
import { decodeBase64, pemBlocks } from '../../src/ingest/decode/pemArmor';
import { fileId } from '../../src/model/span';
import { main } from '../../src/cli/explain';
import { file, loadKnowledgeBase, repoRoot } from '../helpers';
import { TRUST_RULES } from './trust-rules';

const kb = await loadKnowledgeBase();
const NOW = Date.UTC(2026, 5, 1);
const DAY = 86_400_000;
const SAMPLE = `${repoRoot}content/examples/kubeadm-v1.31/`;
const PKI = `${repoRoot}tests/fixtures/pki-generated/`;
const MANIFESTS = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'] as const;
type Manifest = (typeof MANIFESTS)[number];

const fixture = (name: string) => readFileSync(PKI + name, 'utf8');

/** The sample's four manifests as a copy of /etc/kubernetes dropped as a folder, each optionally edited. */
function manifests(edit: Partial<Record<Manifest, (text: string) => string>> = {}): WorkspaceFile[] {
  return MANIFESTS.map((m) => {
    const text = readFileSync(`${SAMPLE}${m}.yaml`, 'utf8');
    return file(`etc-kubernetes/manifests/${m}.yaml`, edit[m]?.(text) ?? text);
  });
}

/** The generated PKI in the same folder (`pki--etcd--ca.crt` is etc-kubernetes/pki/etcd/ca.crt), with swaps. */
function pki(swap: Record<string, string> = {}): WorkspaceFile[] {
  return readdirSync(PKI)
    .filter((n) => !n.startsWith('extra--'))
    .sort()
    .map((n) => file(`etc-kubernetes/${n.replace(/--/g, '/')}`, fixture(swap[n] ?? n)));
}

const setFlag = (flag: string, value: string) => (text: string) =>
  text.replace(new RegExp(`--${flag}=[^\\n]*`), `--${flag}=${value}`);
const addFlag = (after: string, line: string) => (text: string) =>
  text.replace(new RegExp(`(\\n(\\s*)- ${after}\\n)`), `$1$2- ${line}\n`);
const dropFlag = (flag: string) => (text: string) => text.replace(new RegExp(`\\n\\s*- --${flag}=[^\\n]*`), '');

async function run(files: WorkspaceFile[], now = NOW) {
  const analysis = await analyseWorkspace(files, kb, { now });
  expect(analysis.contentProblems).toEqual([]);
  const trust = analysis.trust!;
  const findings = analysis.findings.filter((f) => TRUST_RULES.has(f.rule));
  const text = (f: Finding) => files.find((x) => x.id === f.fileId)!.text.slice(f.range.start, f.range.end);
  const name = (f: Finding) => files.find((x) => x.id === f.fileId)!.name;
  const node = (id: string) => trust.nodes.find((n) => n.id === id);
  const edge = (from: string, via: string) => trust.edges.find((e) => e.from === from && e.via === via);
  return { analysis, trust, findings, text, name, node, edge, rules: findings.map((f) => f.rule) };
}

const count = <T extends string>(list: readonly { kind: T }[]) => {
  const out: Record<string, number> = {};
  for (const x of list) out[x.kind] = (out[x.kind] ?? 0) + 1;
  return out;
};

describe('the first-visit sample: paths only', async () => {
  const r = await run(manifests());

  it('has the components, CAs, certificates, keys and kubeconfigs the flags name', () => {
    expect(count(r.trust.nodes)).toEqual({ component: 4, ca: 3, certificate: 10, key: 9, kubeconfig: 2 });
    expect(r.trust.nodes.filter((n) => n.kind === 'component').map((n) => n.label)).toEqual([
      'etcd@cp1',
      'kube-apiserver@cp1',
      'kube-controller-manager@cp1',
      'kube-scheduler@cp1',
    ]);
    expect(
      r.trust.nodes
        .filter((n) => n.kind === 'ca')
        .map((n) => n.path)
        .sort(),
    ).toEqual([
      '/etc/kubernetes/pki/ca.crt',
      '/etc/kubernetes/pki/etcd/ca.crt',
      '/etc/kubernetes/pki/front-proxy-ca.crt',
    ]);
    expect(
      r.trust.nodes
        .filter((n) => n.kind === 'certificate')
        .map((n) => n.label)
        .sort(),
    ).toEqual([
      'apiserver',
      'apiserver-etcd-client',
      'apiserver-kubelet-client',
      'controller-manager.conf',
      'etcd-peer',
      'etcd-server',
      'front-proxy-client',
      'kube-controller-manager.crt@cp1',
      'kube-scheduler.crt@cp1',
      'scheduler.conf',
    ]);
    for (const n of r.trust.nodes) expect(n.inferred, n.id).toBe(n.kind !== 'component');
    // subjects as kubeadm v1.31 writes them
    expect(r.node('path:/etc/kubernetes/pki/etcd/server.crt')?.subject).toBe('CN = cp1');
    expect(r.node('path:/etc/kubernetes/pki/apiserver-kubelet-client.crt')?.subject).toBe(
      'O = kubeadm:cluster-admins, CN = kube-apiserver-kubelet-client',
    );
    expect(r.node('path:/etc/kubernetes/controller-manager.conf#client')?.subject).toBe(
      'CN = system:kube-controller-manager',
    );
  });

  it('has the edges, every one inferred, none broken, each with the flag that made it', () => {
    expect(r.trust.edges).toHaveLength(48);
    expect(count(r.trust.edges)).toEqual({ signs: 8, presents: 13, trusts: 11, 'key-of': 8, 'points-to': 8 });
    for (const e of r.trust.edges) {
      expect(e.inferred, `${e.kind} ${e.from} ${e.to}`).toBe(true);
      expect(e.broken).toBe(false);
    }
    const api = 'component:kube-apiserver@cp1';
    expect(r.edge(api, '--etcd-cafile')).toMatchObject({
      kind: 'trusts',
      to: 'path:/etc/kubernetes/pki/etcd/ca.crt',
      purpose: 'verify-server',
      peer: 'etcd',
      source: 'set',
    });
    expect(r.edge(api, '--etcd-certfile')).toMatchObject({ kind: 'presents', purpose: 'client', peer: 'etcd' });
    expect(r.edge(api, '--tls-cert-file')).toMatchObject({ kind: 'presents', purpose: 'server' });
    expect(r.edge('path:/etc/kubernetes/pki/apiserver.key', '--tls-private-key-file')).toMatchObject({
      kind: 'key-of',
      to: 'path:/etc/kubernetes/pki/apiserver.crt',
    });
    expect(r.edge('component:kube-controller-manager@cp1', '--kubeconfig')).toMatchObject({
      kind: 'points-to',
      to: 'path:/etc/kubernetes/controller-manager.conf',
    });
    // no --tls-cert-file: the scheduler serves a certificate it made itself, as its default
    expect(r.edge('component:kube-scheduler@cp1', '--tls-cert-file')).toMatchObject({
      to: 'memory:kube-scheduler@cp1/kube-scheduler.crt',
      source: 'default',
      span: null,
    });
    const signs = r.trust.edges.filter((e) => e.kind === 'signs').map((e) => `${e.from} -> ${e.to}`);
    expect(signs).toContain(
      'path:/etc/kubernetes/pki/etcd/ca.crt -> path:/etc/kubernetes/pki/apiserver-etcd-client.crt',
    );
    expect(signs).toContain(
      'path:/etc/kubernetes/pki/front-proxy-ca.crt -> path:/etc/kubernetes/pki/front-proxy-client.crt',
    );
    expect(signs).toContain('path:/etc/kubernetes/pki/ca.crt -> path:/etc/kubernetes/scheduler.conf#client');
    // the kubeconfigs kubeadm writes: a client certificate, the cluster CA, the API server
    const kc = 'path:/etc/kubernetes/scheduler.conf';
    expect(r.trust.edges.filter((e) => e.from === kc).map((e) => [e.kind, e.to, e.source])).toEqual([
      ['presents', 'path:/etc/kubernetes/scheduler.conf#client', 'convention'],
      ['trusts', 'path:/etc/kubernetes/pki/ca.crt', 'convention'],
      ['points-to', api, 'convention'],
    ]);
  });

  it('an edge made by a flag is located at the flag value', () => {
    const e = r.edge('component:kube-apiserver@cp1', '--etcd-cafile')!;
    const f = manifests()[1]!;
    expect(f.text.slice(e.span!.range.start, e.span!.range.end)).toBe('/etc/kubernetes/pki/etcd/ca.crt');
  });

  it('raises no trust finding', () => {
    expect(r.findings).toEqual([]);
  });
});

describe('a generated kubeadm PKI: real certificates', async () => {
  const r = await run([...manifests(), ...pki()]);

  it('the files take the place of the paths, matched by where they sit in the folder', () => {
    expect(count(r.trust.nodes)).toEqual({ component: 4, ca: 3, certificate: 14, key: 17, kubeconfig: 5 });
    expect(r.trust.nodes.filter((n) => n.inferred).map((n) => n.id)).toEqual([
      'memory:kube-controller-manager@cp1/kube-controller-manager.crt',
      'memory:kube-scheduler@cp1/kube-scheduler.crt',
    ]);
    const ca = r.node('file:/etc/kubernetes/pki/etcd/ca.crt')!;
    expect(ca).toMatchObject({ kind: 'ca', role: 'etcd-ca', subject: 'CN = etcd-ca', isCA: true });
    expect(ca.certificate?.publicKey).toBe('EC P-256');
    const api = r.node('file:/etc/kubernetes/pki/apiserver.crt')!;
    expect(api.sans).toEqual([
      'cp1',
      'kubernetes',
      'kubernetes.default',
      'kubernetes.default.svc',
      'kubernetes.default.svc.cluster.local',
      '10.96.0.1',
      '192.168.56.10',
    ]);
    expect(r.edge('component:kube-apiserver@cp1', '--etcd-cafile')).toMatchObject({
      to: 'file:/etc/kubernetes/pki/etcd/ca.crt',
      inferred: false,
    });
  });

  it('signatures are verified (RSA and ECDSA) and key pairs compared (PKCS #1, PKCS #8, SEC 1)', () => {
    const signs = r.trust.edges.filter((e) => e.kind === 'signs');
    expect(signs).toHaveLength(12);
    for (const e of signs) expect(e).toMatchObject({ source: 'content', inferred: false, broken: false });
    expect(signs.map((e) => `${e.from} -> ${e.to}`)).toEqual(
      expect.arrayContaining([
        'file:/etc/kubernetes/pki/etcd/ca.crt -> file:/etc/kubernetes/pki/etcd/server.crt',
        'file:/etc/kubernetes/pki/ca.crt -> file:/etc/kubernetes/pki/apiserver.crt',
        'file:/etc/kubernetes/pki/ca.crt -> file:/etc/kubernetes/admin.conf#users[kubernetes-admin]',
      ]),
    );
    const keys = r.trust.edges.filter((e) => e.kind === 'key-of');
    expect(keys).toHaveLength(16);
    for (const e of keys) expect(e, `${e.from}`).toMatchObject({ inferred: false, broken: false });
    expect(r.edge('file:/etc/kubernetes/pki/front-proxy-client.key', '--proxy-client-key-file')?.inferred).toBe(false);
    // the kubeconfig's own CA data is the node of pki/ca.crt
    expect(r.trust.edges.find((e) => e.from === 'file:/etc/kubernetes/admin.conf' && e.kind === 'trusts')?.to).toBe(
      'file:/etc/kubernetes/pki/ca.crt',
    );
  });

  it('raises no trust finding', () => {
    expect(r.findings).toEqual([]);
  });
});

describe('broken trust', () => {
  it('etcd-server-ca-mismatch: --etcd-cafile names the cluster CA (paths only)', async () => {
    const r = await run(manifests({ 'kube-apiserver': setFlag('etcd-cafile', '/etc/kubernetes/pki/ca.crt') }));
    expect(r.rules).toEqual(['etcd-server-ca-mismatch']);
    const [f] = r.findings;
    expect(r.name(f!)).toBe('etc-kubernetes/manifests/kube-apiserver.yaml');
    expect(r.text(f!)).toBe('/etc/kubernetes/pki/ca.crt');
    expect(f!.severity).toBe('error');
    expect(f!.params).toMatchObject({ flag: 'etcd-cafile', ca: 'ca', cert: 'etcd-server', peer: 'etcd@cp1' });
    expect(f!.params.basis).toEqual({ code: 'trust.basis-inferred', params: {} });
    expect(r.edge('component:kube-apiserver@cp1', '--etcd-cafile')?.broken).toBe(true);
  });

  it('etcd-server-ca-mismatch and etcd-client-ca-mismatch: a CA of the same name, told apart by signatures', async () => {
    const r = await run([...manifests(), ...pki({ 'pki--etcd--ca.crt': 'extra--impostor-etcd-ca.crt' })]);
    // and etcd/ca.key is not the impostor's key
    expect(r.rules.sort()).toEqual(['etcd-client-ca-mismatch', 'etcd-server-ca-mismatch', 'key-certificate-mismatch']);
    for (const f of r.findings.filter((x) => x.rule !== 'key-certificate-mismatch'))
      expect(f.params.basis).toEqual({ code: 'trust.basis-verified', params: {} });
    expect(r.findings.find((x) => x.rule === 'key-certificate-mismatch')?.params).toMatchObject({
      key: 'ca.key',
      cert: 'etcd-ca',
    });
    const client = r.findings.find((f) => f.rule === 'etcd-client-ca-mismatch')!;
    expect(r.name(client)).toBe('etc-kubernetes/manifests/etcd.yaml');
    expect(r.text(client)).toBe('/etc/kubernetes/pki/etcd/ca.crt');
    // names and key identifiers allow it; the signature says no
    expect(
      r.trust.edges.find((e) => e.kind === 'signs' && e.to === 'file:/etc/kubernetes/pki/etcd/server.crt'),
    ).toMatchObject({ from: 'file:/etc/kubernetes/pki/etcd/ca.crt', broken: true, inferred: false });
  });

  it('etcd-client-ca-mismatch: etcd --trusted-ca-file names the cluster CA; not when etcd does not check clients', async () => {
    const wrong = setFlag('trusted-ca-file', '/etc/kubernetes/pki/ca.crt');
    const r = await run(manifests({ etcd: wrong }));
    // etcd's Pod mounts only pki/etcd: the file is not even visible to it
    expect(r.rules).toEqual(['etcd-client-ca-mismatch', 'file-not-mounted']);
    expect(r.findings.map((f) => r.text(f))).toEqual(['/etc/kubernetes/pki/ca.crt', '/etc/kubernetes/pki/ca.crt']);
    const off = await run(manifests({ etcd: (t) => setFlag('client-cert-auth', 'false')(wrong(t)) }));
    expect(off.rules).toEqual(['file-not-mounted']);
  });

  it('front-proxy-ca-mismatch: --requestheader-client-ca-file names the cluster CA', async () => {
    const r = await run(
      manifests({ 'kube-apiserver': setFlag('requestheader-client-ca-file', '/etc/kubernetes/pki/ca.crt') }),
    );
    expect(r.rules).toEqual(['front-proxy-ca-mismatch']);
    expect(r.findings[0]!.params).toMatchObject({ cert: 'front-proxy-client', ca: 'ca' });
  });

  const kubelet = (args: string) =>
    file('var-lib-kubelet/kubeadm-flags.env', `KUBELET_KUBEADM_ARGS="--hostname-override=cp1 ${args}"\n`);
  const withKubeletCA = addFlag(
    '--kubelet-client-key=[^\\n]*',
    '--kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt',
  );

  it('kubelet-ca-mismatch: the kubelet serves its self-signed certificate; not when it asks for one', async () => {
    const r = await run([...manifests({ 'kube-apiserver': withKubeletCA }), kubelet('--node-ip=192.168.56.10')]);
    expect(r.rules).toEqual(['kubelet-ca-mismatch']);
    expect(r.text(r.findings[0]!)).toBe('/etc/kubernetes/pki/ca.crt');
    expect(r.findings[0]!.params).toMatchObject({ flag: 'kubelet-certificate-authority', cert: 'kubelet.crt@cp1' });
    const ok = await run([
      ...manifests({ 'kube-apiserver': withKubeletCA }),
      kubelet('--rotate-server-certificates=true'),
    ]);
    expect(ok.rules).toEqual([]);
    expect(
      ok.trust.edges.find((e) => e.kind === 'signs' && e.to === 'path:/var/lib/kubelet/pki/kubelet-server-current.pem')
        ?.from,
    ).toBe('path:/etc/kubernetes/pki/ca.crt');
  });

  it('client-ca-mismatch and kubeconfig-ca-mismatch: an admin.conf of another CA', async () => {
    const files = [...manifests(), ...pki({ 'admin.conf': 'extra--admin-other-ca.conf' })];
    const r = await run(files);
    expect(r.rules.sort()).toEqual(['client-ca-mismatch', 'kubeconfig-ca-mismatch']);
    const client = r.findings.find((f) => f.rule === 'client-ca-mismatch')!;
    expect(r.name(client)).toBe('etc-kubernetes/manifests/kube-apiserver.yaml');
    expect(r.text(client)).toBe('/etc/kubernetes/pki/ca.crt');
    expect(client.params).toMatchObject({ kubeconfig: 'admin.conf', basis: { code: 'trust.basis-verified' } });
    const server = r.findings.find((f) => f.rule === 'kubeconfig-ca-mismatch')!;
    expect(r.name(server)).toBe('etc-kubernetes/admin.conf');
    expect(r.text(server)).toMatch(/^LS0tLS1CRUdJTi/); // the certificate-authority-data value
  });

  it('kubeconfig-ca-mismatch: the API server serves a self-signed certificate (no --tls-cert-file)', async () => {
    const r = await run(
      manifests({ 'kube-apiserver': (t) => dropFlag('tls-private-key-file')(dropFlag('tls-cert-file')(t)) }),
    );
    expect(r.rules).toEqual(['kubeconfig-ca-mismatch', 'kubeconfig-ca-mismatch']);
    // kubeconfigs known by their path only: located at the flag that names them
    expect(r.findings.map((f) => r.text(f))).toEqual([
      '/etc/kubernetes/controller-manager.conf',
      '/etc/kubernetes/scheduler.conf',
    ]);
  });

  it('service-account-key-mismatch: the controller manager signs tokens with another key', async () => {
    const r = await run(
      manifests({
        'kube-controller-manager': setFlag('service-account-private-key-file', '/etc/kubernetes/pki/apiserver.key'),
      }),
    );
    expect(r.rules).toEqual(['service-account-key-mismatch']);
    expect(r.text(r.findings[0]!)).toBe('/etc/kubernetes/pki/apiserver.key');
    expect(r.findings[0]!.params).toMatchObject({
      component: 'kube-controller-manager',
      apiserver: 'kube-apiserver@cp1',
      keys: { list: ['sa.pub'], join: 'and' },
    });
  });

  it('service-account-key-mismatch: sa.pub of another pair, by the keys themselves', async () => {
    const r = await run([...manifests(), ...pki({ 'pki--sa.pub': 'extra--sa-other.pub' })]);
    expect(r.rules.sort()).toEqual([
      'key-certificate-mismatch',
      'service-account-key-mismatch',
      'service-account-key-mismatch',
    ]);
    expect(
      r.findings.filter((f) => f.rule === 'service-account-key-mismatch').map((f) => [r.name(f), r.text(f)]),
    ).toEqual([
      ['etc-kubernetes/manifests/kube-apiserver.yaml', '/etc/kubernetes/pki/sa.key'],
      ['etc-kubernetes/manifests/kube-controller-manager.yaml', '/etc/kubernetes/pki/sa.key'],
    ]);
  });
});

describe('certificates', () => {
  const expiryOf = (now: number) => run([...manifests(), ...pki()], now);

  it('certificate-expired: every certificate after its notAfter, located at the certificate', async () => {
    const base = await run([...manifests(), ...pki()]);
    const ca = base.node('file:/etc/kubernetes/pki/ca.crt')!;
    const end = Date.parse(ca.notAfter!);
    const r = await expiryOf(end + 2 * DAY);
    const f = r.findings.find((x) => x.rule === 'certificate-expired' && r.name(x) === 'etc-kubernetes/pki/ca.crt')!;
    expect(f.params).toMatchObject({ cert: 'ca', days: 2 });
    expect(r.text(f)).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(r.findings.filter((x) => x.rule === 'certificate-expired').length).toBe(
      r.trust.nodes.filter((n) => n.certificate).length,
    );
    expect(base.rules).not.toContain('certificate-expired');
  });

  it('certificate-expiring: within 30 days of notAfter, counted in UTC', async () => {
    const base = await run([...manifests(), ...pki()]);
    const end = Date.parse(base.node('file:/etc/kubernetes/pki/apiserver.crt')!.notAfter!);
    const soon = await expiryOf(end - 30 * DAY + 60_000);
    const f = soon.findings.find(
      (x) => x.rule === 'certificate-expiring' && soon.name(x) === 'etc-kubernetes/pki/apiserver.crt',
    );
    expect(f?.params).toMatchObject({ cert: 'apiserver', days: 29 });
    expect(f?.params.notAfter).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    const notYet = await expiryOf(end - 30 * DAY - 60_000);
    expect(notYet.findings.filter((x) => soon.name(x) === 'etc-kubernetes/pki/apiserver.crt')).toEqual([]);
  });

  it('certificate-san-missing: the API server certificate without SANs; etcd advertised at another address', async () => {
    const r = await run([...manifests(), ...pki({ 'pki--apiserver.crt': 'extra--apiserver-no-sans.crt' })]);
    expect(r.rules).toEqual(['certificate-san-missing']);
    expect(r.name(r.findings[0]!)).toBe('etc-kubernetes/pki/apiserver.crt');
    expect(r.findings[0]!.params.missing).toEqual({
      list: [
        '192.168.56.10',
        '10.96.0.1',
        'kubernetes',
        'kubernetes.default',
        'kubernetes.default.svc',
        'kubernetes.default.svc.cluster.local',
      ],
      join: 'and',
    });
    const etcd = await run([
      ...manifests({ etcd: setFlag('advertise-client-urls', 'https://192.168.56.99:2379') }),
      ...pki(),
    ]);
    expect(etcd.rules).toEqual(['certificate-san-missing']);
    expect(etcd.findings[0]!.params).toMatchObject({ cert: 'etcd-server', missing: { list: ['192.168.56.99'] } });
  });

  it('key-certificate-mismatch: --tls-private-key-file names another certificate key', async () => {
    const r = await run([
      ...manifests({ 'kube-apiserver': setFlag('tls-private-key-file', '/etc/kubernetes/pki/front-proxy-client.key') }),
      ...pki(),
    ]);
    expect(r.rules).toEqual(['key-certificate-mismatch']);
    expect(r.text(r.findings[0]!)).toBe('/etc/kubernetes/pki/front-proxy-client.key');
    expect(r.findings[0]!.params).toMatchObject({ key: 'front-proxy-client.key', cert: 'apiserver' });
  });

  it('ca-not-ca: a CA certificate without basic constraints', async () => {
    const r = await run([...manifests(), ...pki({ 'pki--front-proxy-ca.crt': 'extra--plain-ca.crt' })]);
    // and front-proxy-ca.key is not its key
    expect(r.rules.sort()).toEqual(['ca-not-ca', 'front-proxy-ca-mismatch', 'key-certificate-mismatch']);
    const f = r.findings.find((x) => x.rule === 'ca-not-ca')!;
    expect(r.name(f)).toBe('etc-kubernetes/pki/front-proxy-ca.crt');
    expect(f.params).toMatchObject({ cert: 'front-proxy-ca', subject: 'CN = plain-ca' });
  });

  it('client-cert-no-client-auth: the etcd client certificate allows server auth only', async () => {
    const r = await run([
      ...manifests(),
      ...pki({ 'pki--apiserver-etcd-client.crt': 'extra--etcd-client-server-only.crt' }),
    ]);
    expect(r.rules).toEqual(['client-cert-no-client-auth']);
    expect(r.name(r.findings[0]!)).toBe('etc-kubernetes/pki/apiserver-etcd-client.crt');
    expect(r.findings[0]!.params).toMatchObject({ via: '--etcd-certfile', usages: { list: ['serverAuth'] } });
  });
});

describe('static Pod mounts', () => {
  it('file-not-mounted: a flag names a file outside every hostPath mount', async () => {
    const r = await run(
      manifests({
        'kube-apiserver': addFlag('--allow-privileged=true', '--audit-policy-file=/etc/kubernetes/audit.yaml'),
      }),
    );
    expect(r.rules).toEqual(['file-not-mounted']);
    expect(r.text(r.findings[0]!)).toBe('/etc/kubernetes/audit.yaml');
    expect(r.findings[0]!.params).toEqual({
      component: 'kube-apiserver',
      flag: 'audit-policy-file',
      path: '/etc/kubernetes/audit.yaml',
    });
  });

  it('file-not-mounted: not for a Pod written without volumes (a fragment)', async () => {
    const pod = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: kube-apiserver, namespace: kube-system}',
      'spec:',
      '  containers:',
      '  - command: [kube-apiserver, --audit-policy-file=/etc/kubernetes/audit.yaml]',
      '    image: registry.k8s.io/kube-apiserver:v1.31.2',
      '',
    ].join('\n');
    expect((await run([file('kube-apiserver.yaml', pod)])).rules).toEqual([]);
  });

  it('mount-unused: a hostPath mount no flag reads from', async () => {
    const extra = (t: string) =>
      t
        .replace('    volumeMounts:\n', '    volumeMounts:\n    - mountPath: /opt/leftover\n      name: leftover\n')
        .replace('  volumes:\n', '  volumes:\n  - hostPath:\n      path: /opt/leftover\n    name: leftover\n');
    const files = manifests({ 'kube-scheduler': extra });
    const r = await run(files);
    expect(r.rules).toEqual(['mount-unused']);
    expect(r.findings[0]!.severity).toBe('info');
    expect(r.text(r.findings[0]!)).toBe('/opt/leftover');
    expect(r.findings[0]!.params).toEqual({ component: 'kube-scheduler', mount: '/opt/leftover', volume: 'leftover' });
  });
});

describe('words', () => {
  it('every trust finding is worded, with the basis in words', async () => {
    const files = manifests({ 'kube-apiserver': setFlag('etcd-cafile', '/etc/kubernetes/pki/ca.crt') });
    const a = presentAnalysis(await analyseWorkspace(files, kb, { now: NOW }), await loadMessageCatalogue(kb), files);
    const f = a.findings.find((x) => x.rule === 'etcd-server-ca-mismatch')!;
    expect(f.message).toBe(
      "--etcd-cafile names ca, but etcd@cp1 serves etcd-server (its --cert-file), which ca did not sign (by kubeadm's file layout; the certificates themselves are not in the workspace).",
    );
    const catalogue = await loadMessageCatalogue(kb);
    for (const rule of TRUST_RULES) {
      const t = catalogue.rules[rule as keyof typeof catalogue.rules];
      expect(t?.title, rule).toBeTruthy();
      expect(t?.explanation, rule).toBeTruthy();
      expect(t?.fix, rule).toBeTruthy();
    }
  });
});

describe('crypto (WebCrypto and the @peculiar schemas)', () => {
  const der = (name: string) => decodeBase64(pemBlocks(fixture(name))[0]!.base64)!;
  const cert = (name: string) => certificateMaterial(der(name))!;
  const block = (name: string) => pemBlocks(fixture(name))[0]!;

  it('verifies RSA and ECDSA signatures, and refuses a key of the same name', async () => {
    expect(await verifySignature(cert('pki--apiserver.crt'), cert('pki--ca.crt'))).toBe(true);
    expect(await verifySignature(cert('pki--etcd--server.crt'), cert('pki--etcd--ca.crt'))).toBe(true);
    expect(await verifySignature(cert('pki--etcd--server.crt'), cert('extra--impostor-etcd-ca.crt'))).toBe(false);
    expect(couldHaveSigned(cert('extra--impostor-etcd-ca.crt'), cert('pki--etcd--server.crt'))).toBe(true);
    expect(couldHaveSigned(cert('pki--ca.crt'), cert('pki--etcd--server.crt'))).toBe(false);
  });

  it("compares a private key's public part with a certificate's, never showing the key", async () => {
    const id = async (name: string) => privateKeyPublicId(block(name).label, decodeBase64(block(name).base64)!);
    expect(await id('pki--apiserver.key')).toBe(cert('pki--apiserver.crt').publicKeyId); // PKCS #1
    expect(await id('pki--front-proxy-client.key')).toBe(cert('pki--front-proxy-client.crt').publicKeyId); // PKCS #8
    expect(await id('pki--etcd--server.key')).toBe(cert('pki--etcd--server.crt').publicKeyId); // SEC 1
    expect(await id('pki--apiserver.key')).not.toBe(cert('pki--ca.crt').publicKeyId);
    expect(await id('pki--sa.key')).toBe(publicKeyBlockId(der('pki--sa.pub')));
    expect(await id('pki--sa.key')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('an EC key without its public point: WebCrypto derives it', async () => {
    const k = AsnParser.parse(decodeBase64(block('pki--etcd--peer.key').base64)!, ECPrivateKey);
    k.publicKey = undefined;
    const stripped = new Uint8Array(AsnSerializer.serialize(k));
    expect(await privateKeyPublicId('EC PRIVATE KEY', stripped)).toBe(cert('pki--etcd--peer.crt').publicKeyId);
  });
});

describe('paths and facts', () => {
  const ws = new WorkspacePaths(
    [
      { fileId: fileId('a'), name: 'my-copy/pki/ca.crt' },
      { fileId: fileId('b'), name: 'my-copy/pki/etcd/ca.crt' },
      { fileId: fileId('c'), name: 'ca.crt' },
      { fileId: fileId('d'), name: 'var/lib/kubelet/pki/kubelet.crt' },
      { fileId: fileId('e'), name: 'scheduler.conf' },
    ],
    '/etc/kubernetes',
  );

  it('a flag path matches the file in a copy of /etc/kubernetes under any name, the longest match first', () => {
    const none = new Set<string>();
    expect(ws.match('/etc/kubernetes/pki/ca.crt', null, none)).toBe('a');
    expect(ws.match('/etc/kubernetes/pki/etcd/ca.crt', null, none)).toBe('b');
    expect(ws.match('/var/lib/kubelet/pki/kubelet.crt', null, none)).toBe('d');
    expect(ws.match('/srv/other/pki/ca.crt', null, none)).toBe('c'); // only the bare name fits
    expect(ws.match('/srv/other/pki/ca.crt', null, new Set(['ca.crt']))).toBeNull(); // ...unless ambiguous
    expect(ws.match('/etc/kubernetes/scheduler.conf', null, none)).toBe('e');
    expect(ws.absoluteOf(fileId('b'))).toBe('/etc/kubernetes/pki/etcd/ca.crt');
    expect(ws.absoluteOf(fileId('d'))).toBeNull();
  });

  it('content/pki.yaml: roles by path, subjects by kubeadm version, no problems', async () => {
    const problems: { source: string; entry: string; message: string }[] = [];
    const facts = readPkiFacts(readFileSync(`${repoRoot}content/pki.yaml`, 'utf8'), problems);
    expect(problems).toEqual([]);
    expect(roleOfPath('/etc/kubernetes/pki/etcd/ca.crt', facts)).toEqual({
      kind: 'authority',
      id: 'etcd-ca',
      dir: '/etc/kubernetes/pki',
    });
    expect(roleOfPath('/srv/pki/etcd/server.key', facts)).toMatchObject({ kind: 'certificate-key', id: 'etcd-server' });
    const admin = facts.kubeconfigs.find((k) => k.id === 'admin.conf')!;
    expect(valueAt(admin.o, '1.28.5')).toBe('system:masters');
    expect(valueAt(admin.o, '1.29.0')).toBe('kubeadm:cluster-admins');
    expect(valueAt(admin.o, null)).toBe('kubeadm:cluster-admins');
    expect((await kb.pki()).expiryWarningDays).toBe(30);
    expect(readPkiFacts('certificates: {x: {file: a.crt}}', problems).certificates).toHaveLength(1);
    expect(problems.map((p) => p.message)).toEqual(['"key" is required', '"signer" is required']);
  });

  it('SAN matching and the first service IP', () => {
    const sans = { dns: ['kubernetes', '*.example.com'], ip: ['10.96.0.1', '::1'] };
    expect(sansCover(sans, 'kubernetes')).toBe(true);
    expect(sansCover(sans, 'KUBERNETES.')).toBe(true);
    expect(sansCover(sans, 'a.example.com')).toBe(true);
    expect(sansCover(sans, 'a.b.example.com')).toBe(false);
    expect(sansCover(sans, '0:0:0:0:0:0:0:1')).toBe(true);
    expect(sansCover(sans, '10.96.0.10')).toBe(false);
    expect(firstServiceIp('10.96.0.0/12')).toBe('10.96.0.1');
    expect(firstServiceIp('10.100.7.0/16')).toBe('10.100.0.1');
    expect(firstServiceIp('fd00::/108')).toBe('fd00::1');
    expect(firstServiceIp('nonsense')).toBeNull();
  });
});

describe('the CLI report', () => {
  afterEach(() => vi.restoreAllMocks());

  function capture() {
    const out: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    return out;
  }

  /** A copy of /etc/kubernetes on disk: manifests/ from the sample, the generated PKI and kubeconfigs. */
  function folder(): string {
    const root = mkdtempSync(join(tmpdir(), 'kx-trust-'));
    const dir = join(root, 'etc-kubernetes');
    for (const f of [...manifests(), ...pki()]) {
      const path = join(root, f.name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, f.text);
    }
    return dir;
  }

  it('--format json has trust: nodes and edges, fields that do not apply null', async () => {
    const dir = folder();
    try {
      const out = capture();
      expect(await main([dir, '--format', 'json'])).toBe(0);
      const report = JSON.parse(out.join('\n'));
      expect(report.schemaVersion).toBe(1);
      const { nodes, edges } = report.trust;
      expect(nodes).toHaveLength(43);
      expect(edges).toHaveLength(69);
      expect(nodes.find((n: { id: string }) => n.id === 'file:/etc/kubernetes/pki/etcd/ca.crt')).toEqual({
        id: 'file:/etc/kubernetes/pki/etcd/ca.crt',
        kind: 'ca',
        label: 'etcd-ca',
        path: '/etc/kubernetes/pki/etcd/ca.crt',
        inferred: false,
        subject: 'CN = etcd-ca',
        issuer: 'CN = etcd-ca',
        notAfter: expect.stringMatching(/^21\d\d-/),
        sans: [],
        isCA: true,
        role: 'etcd-ca',
        daysLeft: expect.any(Number),
        file: `${dir}/pki/etcd/ca.crt`,
        fileIndex: expect.any(Number),
        line: 1,
      });
      expect(nodes.find((n: { kind: string }) => n.kind === 'component')).toMatchObject({
        path: null,
        subject: null,
        notAfter: null,
        sans: null,
        isCA: null,
        file: null,
      });
      const etcdCa = edges.find((e: { via: string | null }) => e.via === '--etcd-cafile');
      expect(etcdCa).toEqual({
        kind: 'trusts',
        from: 'component:kube-apiserver@cp1',
        to: 'file:/etc/kubernetes/pki/etcd/ca.crt',
        purpose: 'verify-server',
        file: `${dir}/manifests/kube-apiserver.yaml`,
        line: 22,
        inferred: false,
        broken: false,
        via: '--etcd-cafile',
        source: 'set',
        peer: 'etcd',
        fileIndex: expect.any(Number),
      });
      expect(edges.find((e: { kind: string }) => e.kind === 'signs')).toMatchObject({ file: null, line: null });
      // no key material in the report
      expect(out.join('\n')).not.toMatch(/PRIVATE KEY|MII[A-Za-z0-9+/]{40}/);
    } finally {
      rmSync(dirname(dir), { recursive: true, force: true });
    }
  });

  it('--format text prints the certificates table', async () => {
    const dir = folder();
    try {
      const out = capture();
      expect(await main([dir])).toBe(0);
      const text = out.join('\n');
      const lines = text.split('\n');
      const head = lines.findIndex((l) =>
        /^\s+CERTIFICATE\s+ROLE\s+SUBJECT\s+ISSUER\s+EXPIRES\s+RESIDUAL\s+SANS\s+FILE\s+USED BY$/.test(l),
      );
      expect(head).toBeGreaterThan(0);
      const row = (label: string) => lines.slice(head).find((l) => l.trimStart().startsWith(`${label} `)) ?? '';
      expect(row('apiserver')).toMatch(
        /apiserver\s+server\s+CN=kube-apiserver\s+CN=kubernetes\s+21\d\d-\d\d-\d\d \d\d:\d\d UTC\s+\d+d\s+cp1,kubernetes,.*192\.168\.56\.10\s+\S+\/pki\/apiserver\.crt\s+kube-apiserver@cp1 --tls-cert-file/,
      );
      expect(row('etcd-ca')).toMatch(/^\s+etcd-ca\s+CA\s+CN=etcd-ca\s+CN=etcd-ca\s/);
      expect(row('admin.conf')).toMatch(/client\s+CN=kubernetes-admin O=kubeadm:cluster-admins\s+CN=kubernetes/);
      expect(row('kube-scheduler.crt@cp1')).toContain('(in memory, inferred)');
    } finally {
      rmSync(dirname(dir), { recursive: true, force: true });
    }
  });
});
