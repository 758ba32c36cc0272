/**
 * zh-CN text of the views and the trust graph: flag names kept whole in Markdown (prose and code spans) and the
 * findings, the trust details' sentences from ui.json templates (信任它, no space between Chinese characters), the
 * trust graph's hover titles with the language's colon (主体：CN = …) and list comma, the storage notice's and the
 * reference page's lists joined with 、; so are the trust page's lists (an edge's flags, a node's hosts, the
 * certificates table's O, SANs and users), a document's certificate and kubeconfig lists and an import's skipped
 * entries. English unchanged.
 */
import { readFileSync } from 'node:fs';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import { setCatalogue } from '../../src/i18n';
import { Markdown } from '../../src/views/Markdown';
import { StorageNotices } from '../../src/views/StorageNotices';
import { checkPeersText } from '../../src/views/reference/FlagPage';
import { edgeSentence, layoutTrust } from '../../src/graphs/trust/layout';
import type { TrustModel, TrustNode } from '../../src/analysis/trust/model';
import type { WorkspaceHandle } from '../../src/state/useWorkspace';
import { contentRoot } from '../helpers';
import { edgeHow } from '../../src/views/trust/TrustEdgeTable';
import { CertificatesTable } from '../../src/views/trust/CertificatesTable';
import { hostsText } from '../../src/views/trust/TrustPage';
import { DocumentDetails } from '../../src/views/DocumentDetails';
import { skippedText } from '../../src/views/WorkspaceMenu';
import type { CertificateInfo, SourceDocument } from '../../src/model/types';

const zh = JSON.parse(readFileSync(`${contentRoot}/zh-CN/ui.json`, 'utf8')) as Record<string, string>;
const chinese = () => setCatalogue(zh, 'zh-CN');

afterEach(() => setCatalogue({}, 'en'));

describe('flag names in Markdown do not break at their hyphens', () => {
  it('a flag name in prose and in a code span is a nowrap span; the value after it is not', () => {
    const html = renderToStaticMarkup(
      createElement(Markdown, {
        text: '与 `--authorization-mode` 中的 Node 配合；设置 --enable-admission-plugins 时，`--profiling=false`。',
      }),
    );
    expect(html).toContain('<code><span class="kx-nobreak">--authorization-mode</span></code>');
    expect(html).toContain('设置 <span class="kx-nobreak">--enable-admission-plugins</span> 时');
    expect(html).toContain('<code><span class="kx-nobreak">--profiling</span>=false</code>');
  });

  it('text without a flag name is as before', () => {
    expect(renderToStaticMarkup(createElement(Markdown, { text: 'a `b` **c**' }))).toBe(
      '<div class="kx-md"><p>a <code>b</code> <strong>c</strong></p></div>',
    );
  });
});

describe('trust sentences from the language templates', () => {
  it('Chinese: 信任它 with no space, Latin names spaced', () => {
    chinese();
    expect(edgeSentence('trusts', 'kube-apiserver@cp1', null)).toBe('kube-apiserver@cp1 信任它');
    expect(edgeSentence('trusts', 'kube-apiserver@cp1', 'etcd-ca')).toBe('kube-apiserver@cp1 信任 etcd-ca');
    expect(edgeSentence('signs', null, 'apiserver')).toBe('签发 apiserver');
  });

  it('English: words spaced as before', () => {
    expect(edgeSentence('trusts', 'kube-apiserver@cp1', null)).toBe('kube-apiserver@cp1 trusts this');
    expect(edgeSentence('key-of', 'ca.key', 'ca')).toBe('ca.key is the key of ca');
    expect(edgeSentence('signs', null, 'apiserver')).toBe('signs apiserver');
  });
});

describe('the trust graph titles (in SVG exports) in the language', () => {
  const ca = (host: string): TrustNode => ({
    id: `file:${host}/ca.crt`,
    kind: 'ca',
    label: `ca@${host}`,
    path: '/etc/kubernetes/pki/ca.crt',
    inferred: false,
    role: 'ca',
    subject: 'CN = kubernetes',
    issuer: 'CN = kubernetes',
    notAfter: '2030-01-01T00:00:00.000Z',
    sans: [],
    isCA: true,
    certificate: null,
    span: null,
    documentId: null,
    component: null,
    host: null,
  });
  const component = (host: string): TrustNode => ({
    ...ca(host),
    id: `component:kube-apiserver@${host}`,
    kind: 'component',
    label: `kube-apiserver@${host}`,
    path: null,
    role: null,
    subject: null,
    issuer: null,
    component: 'kube-apiserver',
    host,
  });
  const model: TrustModel = {
    nodes: [ca('a'), component('a')],
    edges: ['--client-ca-file', '--requestheader-client-ca-file'].map((via) => ({
      kind: 'trusts' as const,
      from: 'component:kube-apiserver@a',
      to: 'file:a/ca.crt',
      purpose: 'verify-client' as const,
      peer: 'clients' as const,
      via,
      source: 'set' as const,
      span: null,
      inferred: false,
      broken: false,
    })),
  };

  it('Chinese: 主体：, the kind and the edge sentence with ：, the flags with 、', () => {
    chinese();
    const scene = layoutTrust(model).scene;
    const caTitle = scene.nodes.find((n) => n.kind === 'ca')!.title!;
    expect(caTitle).toContain('主体：CN = kubernetes');
    expect(caTitle).toContain('签发者：CN = kubernetes');
    expect(caTitle).toMatch(/^CA：/);
    expect(caTitle).not.toMatch(/[\u4e00-\u9fff]: /);
    const edgeTitle = scene.edges[0]!.title!;
    expect(edgeTitle).toBe('kube-apiserver 信任 ca：--client-ca-file、--requestheader-client-ca-file');
  });

  it('English: `Subject: …` and `, ` as before', () => {
    const scene = layoutTrust(model).scene;
    expect(scene.nodes.find((n) => n.kind === 'ca')!.title).toContain('Subject: CN = kubernetes');
    expect(scene.edges[0]!.title).toBe('kube-apiserver trusts ca: --client-ca-file, --requestheader-client-ca-file');
  });

  const certModel: TrustModel = {
    ...model,
    nodes: [{ ...ca('a'), subject: 'CN = kubernetes, O = x, O = y', sans: ['kubernetes', '10.0.0.1'] }, component('a')],
  };
  const certs = () =>
    renderToStaticMarkup(
      createElement(CertificatesTable, {
        model: certModel,
        fileName: () => null,
        revealSpan: () => undefined,
        selectedNodes: [],
        onSelect: () => undefined,
      }),
    );

  it(`the edge table's flags, the hosts, the certificates table's O, SANs and users: 、 in Chinese`, () => {
    chinese();
    const layout = layoutTrust(model);
    const id = layout.scene.edges[0]!.id;
    expect(edgeHow(model, layout, id)).toBe('--client-ca-file、--requestheader-client-ca-file');
    expect(hostsText(['cp1', 'cp2'])).toBe('cp1、cp2');
    expect(hostsText([])).toBeNull();
    const html = certs();
    expect(html).toContain('O=x、y');
    expect(html).toContain('<td class="kx-trust-sans">kubernetes、10.0.0.1</td>');
    expect(html).not.toContain(', ');
  });

  it('the same lists with `, ` in English', () => {
    const layout = layoutTrust(model);
    expect(edgeHow(model, layout, layout.scene.edges[0]!.id)).toBe('--client-ca-file, --requestheader-client-ca-file');
    expect(hostsText(['cp1', 'cp2'])).toBe('cp1, cp2');
    const html = certs();
    expect(html).toContain('O=x, y');
    expect(html).toContain('<td class="kx-trust-sans">kubernetes, 10.0.0.1</td>');
  });
});

describe('lists of the language', () => {
  const ws = {
    restoreProblem: { error: null, skipped: ['a.yaml', 'b.yaml'] },
    conflicts: [],
    unsaved: [],
  } as unknown as WorkspaceHandle;

  it('the storage notice names the skipped files with 、 in Chinese, `, ` in English', () => {
    expect(renderToStaticMarkup(createElement(StorageNotices, { ws }))).toContain('“a.yaml”, “b.yaml”');
    chinese();
    const html = renderToStaticMarkup(createElement(StorageNotices, { ws }));
    expect(html).toContain('“a.yaml”、“b.yaml”');
  });

  it("a related check's Checkov ids on the reference page", () => {
    const peers = { cis: { 'cis-1.12': '1.2.1' }, checkov: ['CKV_K8S_68', 'CKV_K8S_69'] };
    expect(checkPeersText(peers, '1.2')).toBe('CIS 1.2.1 · CKV_K8S_68, CKV_K8S_69');
    chinese();
    expect(checkPeersText(peers, '1.2')).toBe('CIS 1.2.1 · CKV_K8S_68、CKV_K8S_69');
    expect(checkPeersText({ cis: {} }, '1.2')).toBe('1.2');
  });

  const cert = {
    range: null,
    source: 'PEM block 1',
    subject: {
      text: 'CN = admin, O = system:masters, O = dev',
      commonName: 'admin',
      organizations: ['system:masters', 'dev'],
    },
    issuer: { text: 'CN = kubernetes', commonName: 'kubernetes', organizations: [] },
    selfSigned: false,
    serialNumber: '01',
    notBefore: '2025-01-01T00:00:00.000Z',
    notAfter: '2030-01-01T00:00:00.000Z',
    daysLeft: null,
    status: null,
    subjectAltNames: { dns: ['kubernetes'], ip: ['10.0.0.1'], email: [], uri: [] },
    keyUsage: ['digitalSignature'],
    extendedKeyUsage: ['clientAuth'],
    isCA: false,
    pathLength: null,
    publicKey: { algorithm: 'RSA', size: 2048, curve: null },
    signatureAlgorithm: 'sha256WithRSAEncryption',
    fingerprintSha256: 'AB:CD',
  } as unknown as CertificateInfo;
  const doc = {
    kind: 'kubeconfig',
    fileId: 'f',
    certificates: [cert],
    secrets: [],
    kubeconfig: {
      currentContext: null,
      clusters: [],
      contexts: [],
      users: [
        {
          name: 'admin',
          auth: ['client-certificate-data', 'client-key-data'],
          certificateIndex: 0,
          identity: { user: 'admin', groups: ['system:masters', 'dev'] },
          range: null,
        },
      ],
    },
  } as unknown as SourceDocument;
  const details = () =>
    renderToStaticMarkup(createElement(DocumentDetails, { document: doc, onReveal: () => undefined }));

  it("a document's certificate (groups, SANs, usages) and kubeconfig user lists: 、 in Chinese", () => {
    chinese();
    const html = details();
    expect(html).toContain('用户组 system:masters、dev');
    expect(html).toContain('<dd>kubernetes、10.0.0.1</dd>');
    expect(html).toContain('<dd>digitalSignature、clientAuth</dd>');
    expect(html).toContain('client-certificate-data、client-key-data');
    expect(html).not.toContain('system:masters, dev');
  });

  it('the same lists with `, ` in English', () => {
    const html = details();
    expect(html).toContain('groups system:masters, dev');
    expect(html).toContain('<dd>kubernetes, 10.0.0.1</dd>');
    expect(html).toContain('<dd>digitalSignature, clientAuth</dd>');
    expect(html).toContain('(client-certificate-data, client-key-data)');
  });

  it("an import's skipped entries", () => {
    expect(skippedText(['files[2]', 'files[5]'])).toBe('Skipped 2 entries that are not files: files[2], files[5].');
    chinese();
    expect(skippedText(['files[2]', 'files[5]'])).toBe('跳过了 2 个不是文件的条目：files[2]、files[5]。');
  });
});
