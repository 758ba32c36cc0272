/** PEM certificates and keys; kubeconfig files with embedded certificates and secrets. */
import { describe, expect, it } from 'vitest';
import { fileId } from '../../src/model/span';
import { fixture } from '../helpers';
import { ingest, lineCol, NOW, ofKind, slice } from './ingest-helpers';
import { pemDocuments } from '../../src/ingest/formats/pem';
import { maskSecret } from '../../src/ingest/formats/kubeconfig';

const DAY = 86_400_000;

describe('PEM certificates', () => {
  it('a serving certificate: subject, issuer, serial, validity, SANs, usages, key, fingerprint', async () => {
    const text = fixture('pem/apiserver.crt');
    const r = await ingest(text, 'apiserver.crt');
    expect(r.kind).toBe('pem');
    const [doc] = r.documents;
    expect(doc?.label).toBe('Certificate kube-apiserver');
    const cert = ofKind(doc, 'pem').certificates[0];
    expect(cert).toMatchObject({
      subject: { text: 'CN = kube-apiserver', commonName: 'kube-apiserver', organizations: [] },
      issuer: { text: 'CN = kubernetes', commonName: 'kubernetes' },
      selfSigned: false,
      serialNumber: '1234ABCD',
      notAfter: '2027-11-23T13:15:37.000Z',
      status: 'valid',
      subjectAltNames: {
        dns: [
          'k8s-master',
          'kubernetes',
          'kubernetes.default',
          'kubernetes.default.svc',
          'kubernetes.default.svc.cluster.local',
        ],
        ip: ['10.96.0.1', '192.168.217.143'],
      },
      keyUsage: ['digitalSignature', 'keyEncipherment'],
      extendedKeyUsage: ['serverAuth'],
      isCA: false,
      publicKey: { algorithm: 'RSA', size: 2048, curve: null },
      signatureAlgorithm: 'sha256WithRSAEncryption',
      fingerprintSha256:
        '21:C6:3D:3C:74:72:AC:8E:BE:C4:35:5C:72:B8:A8:CF:3E:C3:B4:19:39:6C:C7:79:11:FF:A7:58:39:64:00:3E',
    });
    expect(cert?.daysLeft).toBe(Math.floor((Date.parse('2027-11-23T13:15:37Z') - NOW) / DAY));
    expect(slice(text, cert?.range).startsWith('-----BEGIN CERTIFICATE-----')).toBe(true);
  });

  it('a CA and a chain: one document per block, CA flag, self-signed; days left relative to the given time', () => {
    const text = fixture('pem/chain.pem');
    const docs = pemDocuments(text, fileId('f'), Date.parse('2030-01-01T00:00:00Z'));
    expect(docs.map((d) => d.label)).toEqual(['Certificate kube-apiserver', 'CA certificate kubernetes']);
    const [leaf, ca] = docs.map((d) => d.certificates?.[0]);
    expect(leaf?.status).toBe('expired');
    expect(leaf?.daysLeft).toBeLessThan(0);
    expect(ca).toMatchObject({
      isCA: true,
      selfSigned: true,
      status: 'valid',
      keyUsage: ['digitalSignature', 'keyEncipherment', 'keyCertSign'],
    });
    expect(ca?.fingerprintSha256).toBe(
      'DE:90:00:6F:13:F5:B0:63:F8:7D:E0:2C:94:72:FB:90:AA:BC:F7:A5:BF:E7:B3:E6:C3:6D:4D:99:16:F9:52:FE',
    );
    expect(lineCol(text, docs[1]!.range)).toBe('23:1');
    // no time given: validity dates are there, days left is not
    expect(pemDocuments(text, fileId('f'))[0]?.certificates?.[0]).toMatchObject({
      daysLeft: null,
      status: null,
      notBefore: expect.any(String),
    });
  });

  it('a client certificate: CN is the user, O the groups; EC key', () => {
    const [doc] = pemDocuments(fixture('pem/admin.crt'), fileId('f'), NOW);
    expect(doc?.certificates?.[0]).toMatchObject({
      subject: {
        text: 'O = system:masters, CN = kubernetes-admin',
        commonName: 'kubernetes-admin',
        organizations: ['system:masters'],
      },
      extendedKeyUsage: ['clientAuth'],
      serialNumber: '07',
    });
  });

  it('private keys are recognised, sized, never copied: PKCS#8, PKCS#1 and SEC1', () => {
    for (const [file, label, alg, size, curve] of [
      ['pem/ca.key', 'Private key (RSA 2048)', 'RSA', 2048, null],
      ['pem/sa.key', 'Private key (RSA 2048)', 'RSA', 2048, null],
      ['pem/admin.key', 'Private key (EC P-256)', 'EC', 256, 'P-256'],
    ] as const) {
      const text = fixture(file);
      const [doc] = pemDocuments(text, fileId('f'), NOW);
      expect(doc?.label).toBe(label);
      expect(doc?.secrets?.[0]).toMatchObject({ kind: 'private-key', algorithm: alg, size, curve, redacted: false });
      const body = text.split('\n')[1] ?? '';
      expect(JSON.stringify(doc)).not.toContain(body);
    }
    const [pub] = pemDocuments(fixture('pem/sa.pub'), fileId('f'));
    expect(pub?.label).toBe('Public key (RSA 2048)');
  });

  it('a base64-encoded PEM pasted alone, garbage in a block, no block at all', async () => {
    const b64 = btoa(fixture('pem/admin.crt'));
    const [doc] = (await ingest(`  ${b64}\n`, 'paste')).documents;
    expect(ofKind(doc, 'pem').certificates[0]?.subject.commonName).toBe('kubernetes-admin');
    expect(doc?.range).toEqual({ start: 2, end: 2 + b64.length });
    const bad = pemDocuments(
      '-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n',
      fileId('f'),
    );
    expect(bad[0]?.diagnostics.map((d) => d.code)).toEqual(['bad-certificate']);
    const junk = pemDocuments('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', fileId('f'));
    expect(junk[0]?.diagnostics.map((d) => [d.code, d.severity])).toEqual([['bad-certificate', 'error']]);
  });
});

describe('kubeconfig', () => {
  it('admin.conf: cluster, user, context; CA and client certificate decoded; the key is a secret', async () => {
    const text = fixture('kubeconfig/admin.conf');
    const r = await ingest(text, 'admin.conf');
    expect(r.kind).toBe('kubeconfig');
    const [doc] = r.documents;
    expect(doc?.label).toBe('kubeconfig admin.conf');
    expect(ofKind(doc, 'kubeconfig').kubeconfig).toMatchObject({
      currentContext: 'kubernetes-admin@kubernetes',
      clusters: [
        {
          name: 'kubernetes',
          server: 'https://192.168.217.143:6443',
          certificateAuthority: 'data',
          insecureSkipTlsVerify: false,
        },
      ],
      users: [
        {
          name: 'kubernetes-admin',
          auth: ['client-certificate-data', 'client-key-data'],
          certificateIndex: 1,
          identity: { user: 'kubernetes-admin', groups: ['system:masters'] },
        },
      ],
      contexts: [
        { name: 'kubernetes-admin@kubernetes', cluster: 'kubernetes', user: 'kubernetes-admin', namespace: null },
      ],
    });
    expect(ofKind(doc, 'kubeconfig').certificates.map((c) => [c.source, c.subject.commonName, c.isCA])).toEqual([
      ['clusters[kubernetes].cluster.certificate-authority-data', 'kubernetes', true],
      ['users[kubernetes-admin].user.client-certificate-data', 'kubernetes-admin', false],
    ]);
    expect(doc?.secrets).toEqual([
      expect.objectContaining({
        // a private key; content/secrets.yaml calls the kubeconfig field client-key-data
        kind: 'client-key-data',
        label: 'users[kubernetes-admin].user.client-key-data',
        algorithm: 'EC',
        curve: 'P-256',
        redacted: false,
      }),
    ]);
    expect(lineCol(text, doc!.secrets![0]!.range)).toBe('19:22');
    const paths = doc?.fields.map((f) => f.path);
    expect(paths).toContain('clusters[].cluster.server');
    expect(paths).toContain('users[].user.client-key-data');
    const keyField = doc?.fields.find((f) => f.path === 'users[].user.client-key-data');
    const keyValue = text.split('client-key-data: ')[1]?.trim() ?? '';
    expect(keyField?.value).toBe(`(hidden: ${keyValue.length} characters)`);
    expect(JSON.stringify(doc)).not.toContain(keyValue.slice(20, 80));
    const server = doc?.fields.find((f) => f.path === 'clusters[].cluster.server');
    expect(lineCol(text, server!.keyRange)).toBe('5:5');
    expect(doc?.diagnostics).toEqual([]);
  });

  it('`kubectl config view` copied from a blog without indentation (seed 004) is read by key names', async () => {
    const text = fixture('kubeconfig/seed004-config-view.yaml');
    const [doc] = (await ingest(text, 'kubelet.conf')).documents;
    expect(doc?.kind).toBe('kubeconfig');
    expect(ofKind(doc, 'kubeconfig').kubeconfig).toMatchObject({
      currentContext: 'admin@kubernetes',
      clusters: [
        { name: 'kubernetes', server: 'https://{master node local ip}:6443', certificateAuthority: 'redacted' },
      ],
      users: [
        { name: 'admin', auth: ['client-certificate-data', 'client-key-data'], identity: null },
        { name: 'kubelet', auth: ['client-certificate-data', 'client-key-data'], identity: null },
      ],
      contexts: [
        { name: 'admin@kubernetes', cluster: 'kubernetes', user: 'admin' },
        { name: 'kubelet@kubernetes', cluster: 'kubernetes', user: 'kubelet' },
      ],
    });
    expect(doc?.secrets?.map((s) => [s.label, s.redacted])).toEqual([
      ['users[admin].user.client-key-data', true],
      ['users[kubelet].user.client-key-data', true],
    ]);
    expect(doc?.diagnostics.map((d) => d.code)).toEqual(['indentation-lost']);
    const server = doc?.fields.find((f) => f.path === 'clusters[].cluster.server');
    expect(lineCol(text, server!.valueRange!)).toBe('5:9');
  });

  it('tokens and passwords are masked; dangling references are reported', async () => {
    const text = [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: c',
      '  cluster: {server: "https://10.0.0.1:6443", insecure-skip-tls-verify: true}',
      'users:',
      '- name: u',
      '  user:',
      '    token: abcdef.0123456789abcdef',
      'contexts:',
      '- name: x',
      '  context: {cluster: c, user: nobody}',
      'current-context: y',
      '',
    ].join('\r\n');
    const [doc] = (await ingest(text, 'config')).documents;
    expect(ofKind(doc, 'kubeconfig').kubeconfig.clusters[0]).toMatchObject({
      server: 'https://10.0.0.1:6443',
      insecureSkipTlsVerify: true,
    });
    // a token of the shape abcdef.0123456789abcdef is a kubeadm bootstrap token (content/secrets.yaml)
    expect(doc?.secrets?.map((s) => [s.kind, s.length])).toEqual([['bootstrap-token', 23]]);
    expect(JSON.stringify(doc)).not.toContain('0123456789abcdef');
    expect(doc?.diagnostics.map((d) => [d.code, slice(text, d.range)])).toEqual([
      ['dangling-reference', 'nobody'],
      ['dangling-reference', 'y'],
    ]);
    expect(maskSecret('REDACTED')).toBe('REDACTED');
  });
});

describe('kubeconfig secrets in nested places', () => {
  it('auth-provider tokens and client secrets are listed and masked', async () => {
    const text = [
      'apiVersion: v1',
      'kind: Config',
      'users:',
      '- name: oidc',
      '  user:',
      '    auth-provider:',
      '      name: oidc',
      '      config:',
      '        client-id: kubernetes',
      '        client-secret: s3cr3t-value-0123',
      '        id-token: eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
      '',
    ].join('\n');
    const [doc] = (await ingest(text, 'config')).documents;
    expect(doc?.secrets?.map((s) => [s.kind, s.label])).toEqual([
      ['client-secret', 'users[].user.auth-provider.config.client-secret'],
      ['token', 'users[].user.auth-provider.config.id-token'],
    ]);
    expect(JSON.stringify(doc)).not.toContain('s3cr3t-value');
    expect(JSON.stringify(doc)).not.toContain('c2lnbmF0dXJl');
    expect(ofKind(doc, 'kubeconfig').kubeconfig.users[0]?.auth).toEqual(['auth-provider']);
  });
});
