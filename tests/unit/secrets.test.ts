/**
 * Secrets in every format: located as spans in the model with their kind and exact range (src/ingest/workspace/
 * secrets.ts, content/secrets.yaml), and never shown outside the editor: not in the JSON report, the text report,
 * the CLI, the presented findings, the flag hover, the flag panel or the document details.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { SecretInfo, WorkspaceFile } from '../../src/model/types';
import { analysePresented, file, fixture, loadKnowledgeBase, repoRoot } from '../helpers';
import { buildReport, formatReportText } from '../../src/export/report';
import { flagHoverMarkdown, fieldHoverMarkdown } from '../../src/present/explainMarkdown';
import { redactFileText, shownFieldValue, shownFlagValue } from '../../src/present/redact';
import type { PresentedAnalysis } from '../../src/present/analysis';
import { FlagPanel } from '../../src/views/FlagPanel';
import { MemoryRouter } from 'react-router';
import { readSecrets } from '../../src/knowledge/componentFacts';
import { environmentAssignments } from '../../src/ingest/workspace/secrets';
import type { ContentProblem } from '../../src/knowledge/validate';
import { main } from '../../src/cli/explain';
import { AnalysisSession } from '../../src/pipeline';
import { ingest } from './ingest-helpers';

const NOW = Date.parse('2026-12-01T00:00:00Z');

/** Where a secret is expected: its text, its kind, and how many times it is written (each one a span). */
interface Expected {
  file: string;
  secret: string;
  kind: SecretInfo['kind'];
  /** When the secret is listed by a document of another file (a unit expanding an env file's `$VAR`). */
  alsoIn?: string;
}

interface Case {
  title: string;
  files: string[];
  expected: Expected[];
  /** Values that are not secrets and must be shown as written. */
  ordinary?: { flag?: string; value: string }[];
}

const CASES: Case[] = [
  {
    title: 'kubeadm init output: bootstrap token, certificate key, kubeadm join lines',
    files: ['kubeadm-init-output.txt'],
    expected: [
      { file: 'kubeadm-init-output.txt', secret: '9q4v7c.k2x8m5n1p6r3t0wz', kind: 'bootstrap-token' },
      {
        file: 'kubeadm-init-output.txt',
        secret: '4f1c8e2a9b7d3f6e0a5c1b8d2e7f4a9c3b6d0e1f8a2c5b9d7e3f0a4c6b1d8e2f',
        kind: 'encryption-key',
      },
    ],
  },
  {
    title: 'a kubeadm join line pasted alone (no parser reads it)',
    files: ['kubeadm-join-line.txt'],
    expected: [{ file: 'kubeadm-join-line.txt', secret: '0p9o8i.u7y6t5r4e3w2q1a0', kind: 'bootstrap-token' }],
  },
  {
    title: 'ps -ef: kubeadm join --token / --certificate-key, etcd --discovery-token / --discovery-password',
    files: ['ps-ef-join.txt'],
    expected: [
      { file: 'ps-ef-join.txt', secret: '3t8w1e.u6y4i2o0p9a7s5d3', kind: 'bootstrap-token' },
      {
        file: 'ps-ef-join.txt',
        secret: '9d2b7f4e1a8c5d3b6f0e2a7c4d9b1e8f3a6c0d5b2e9f7a4c1d8b3e6f0a2c5d7b',
        kind: 'encryption-key',
      },
      { file: 'ps-ef-join.txt', secret: 'infra-cluster-7', kind: 'token' },
      { file: 'ps-ef-join.txt', secret: 'Pm4fakeDiscoveryFirstRt8', kind: 'password' },
      { file: 'ps-ef-join.txt', secret: 'Jn6fakeDiscoveryLastKv2', kind: 'password' },
    ],
    ordinary: [
      { flag: 'token-auth-file', value: '/etc/kubernetes/pki/tokens.csv' },
      { flag: 'discovery-user', value: 'infra' },
    ],
  },
  {
    title: 'systemd unit: kubeadm join in ExecStart, a token in Environment=',
    files: ['kubeadm-join.service'],
    expected: [
      { file: 'kubeadm-join.service', secret: '6h2j4k.l8z0x3c5v7b9n1m2', kind: 'bootstrap-token' },
      {
        file: 'kubeadm-join.service',
        secret: '1e8f3a6c0d5b2e9f7a4c1d8b3e6f0a2c5d7b9d2b7f4e1a8c5d3b6f0e2a7c4d9b',
        kind: 'encryption-key',
      },
    ],
    ordinary: [
      {
        flag: 'discovery-token-ca-cert-hash',
        value: 'sha256:40fa0c186de148666a53ae4e193a1a6ca25cedd97034cef357514b3e6725e70e',
      },
    ],
  },
  {
    title: 'kubelet drop-in: Environment= token and password; a key path is no secret',
    files: ['10-kubeadm.conf'],
    expected: [
      { file: '10-kubeadm.conf', secret: 'Zq8fakeKubeletApiTokenWx3', kind: 'token' },
      { file: '10-kubeadm.conf', secret: 'Hk2fakeRegistryPassVb9', kind: 'password' },
    ],
    ordinary: [{ flag: 'kubeconfig', value: '/etc/kubernetes/kubelet.conf' }],
  },
  {
    title: 'static token file (--token-auth-file) no parser reads',
    files: ['tokens.csv'],
    expected: [
      { file: 'tokens.csv', secret: '31ada4fd-adec-460c-809a-9e56ceb75269', kind: 'token-file' },
      { file: 'tokens.csv', secret: 'c7e2b9f0a4d84e1f9b3a6d5c8e7f2a1b', kind: 'token-file' },
    ],
  },
  {
    title: 'basic auth file (--basic-auth-file)',
    files: ['basic_auth.csv'],
    expected: [
      { file: 'basic_auth.csv', secret: 'Qx5fakeAdminPasswordLp0', kind: 'password' },
      { file: 'basic_auth.csv', secret: 'Wd3fakeViewerPasswordTy6', kind: 'password' },
    ],
  },
  {
    title: 'kubeadm configs: bootstrapTokens, certificateKey, discovery tokens',
    files: ['kubeadm-config.yaml'],
    expected: [
      { file: 'kubeadm-config.yaml', secret: '2b8n5m.q1w3e5r7t9y0u2i4', kind: 'bootstrap-token' },
      {
        file: 'kubeadm-config.yaml',
        secret: '7a4c1d8b3e6f0a2c5d7b9d2b7f4e1a8c5d3b6f0e2a7c4d9b1e8f3a6c0d5b2e9f',
        kind: 'encryption-key',
      },
      { file: 'kubeadm-config.yaml', secret: '5r7t9y.a2s4d6f8g0h1j3k5', kind: 'bootstrap-token' },
      { file: 'kubeadm-config.yaml', secret: '8k0l2z.x4c6v8b0n2m4q6w8', kind: 'bootstrap-token' },
      {
        file: 'kubeadm-config.yaml',
        secret: '0d5b2e9f7a4c1d8b3e6f0a2c5d7b9d2b7f4e1a8c5d3b6f0e2a7c4d9b1e8f3a6c',
        kind: 'encryption-key',
      },
    ],
    ordinary: [{ flag: 'token-auth-file', value: '/etc/kubernetes/pki/tokens.csv' }],
  },
  {
    title: 'EncryptionConfiguration: aescbc, aesgcm and secretbox keys (kms holds none)',
    files: ['encryption-config.yaml'],
    expected: [
      {
        file: 'encryption-config.yaml',
        secret: 'q3Lk9vX2mN8pR4tY7wZ1aB5cD0eF6gH2jK8lM4nP9rQ=',
        kind: 'encryption-key',
      },
      {
        file: 'encryption-config.yaml',
        secret: 'c2VjcmV0IGlzIHNlY3VyZSwgYmUgc3VyZSBpdCBpcyE=',
        kind: 'encryption-key',
      },
      {
        file: 'encryption-config.yaml',
        secret: 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWo=',
        kind: 'encryption-key',
      },
      {
        file: 'encryption-config.yaml',
        secret: 'YjJmZmVlN2QxYzRhOGU5ZjBhMWIyYzNkNGU1ZjZhN2I=',
        kind: 'encryption-key',
      },
    ],
  },
  {
    title: 'kubeconfig: a basic-auth password and a bootstrap token',
    files: ['kubeconfig-password.conf'],
    expected: [
      { file: 'kubeconfig-password.conf', secret: 'Rb7fakeKubeconfigPassNs1', kind: 'password' },
      { file: 'kubeconfig-password.conf', secret: '4g6h8j.k0l2z4x6c8v0b2n4', kind: 'bootstrap-token' },
    ],
  },
  {
    title: "an env file's secret flag expanded by a unit ($ETCD_ARGS)",
    files: ['etcd.service', 'etcd.conf'],
    expected: [{ file: 'etcd.conf', secret: 'Xy7fakeDiscoveryPassMn4', kind: 'password', alsoIn: 'etcd.service' }],
    ordinary: [{ flag: 'initial-cluster-token', value: 'etcd-cluster-1' }],
  },
];

function filesOf(names: readonly string[]): WorkspaceFile[] {
  return names.map((name, i) => file(name, fixture(`secrets/${name}`), `f${i}`));
}

/** Every offset where `needle` is written in `text`. */
function occurrences(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) out.push(i);
  return out;
}

/** Every span of the analysis, with the file its range is in and the document that lists it. */
function spans(analysis: PresentedAnalysis) {
  return analysis.files.flatMap((f) =>
    f.documents.flatMap((d) =>
      (d.document.secrets ?? []).map((s) => ({ ...s, in: s.fileId ?? d.document.fileId, listedBy: f.file.name })),
    ),
  );
}

/** Everything the workspace shows outside the editor, as text. */
function shownOutsideEditor(files: readonly WorkspaceFile[], analysis: PresentedAnalysis): Record<string, string> {
  const report = buildReport(files, analysis);
  const docs = analysis.files.flatMap((f) => f.documents);
  return {
    'JSON report': JSON.stringify(report),
    'text report': formatReportText(report),
    'presented findings': JSON.stringify(analysis.findings),
    'flag hovers': docs
      .flatMap((d) => d.flags.map((f) => flagHoverMarkdown(f, d.document.component, analysis.catalogue).join('\n')))
      .join('\n'),
    'field hovers': docs.flatMap((d) => d.fields.map((f) => (fieldHoverMarkdown(f) ?? []).join('\n'))).join('\n'),
    'field values': docs
      .flatMap((d) => d.fields.map((f) => shownFieldValue(f, d.document, analysis.catalogue) ?? ''))
      .join('\n'),
    'flag panel and document details': docs
      .map((d) =>
        renderToStaticMarkup(
          // the panel's reference links need a router, as in the app
          createElement(
            MemoryRouter,
            null,
            createElement(FlagPanel, {
              documents: [d],
              selectedDocumentId: d.document.id,
              onSelectDocument: () => undefined,
              onReveal: () => undefined,
              catalogue: analysis.catalogue,
            }),
          ),
        ),
      )
      .join('\n'),
    'redacted file texts': files.map((f) => redactFileText(f, analysis)).join('\n'),
  };
}

describe('secrets in every format', () => {
  it.each(CASES)('$title', async ({ files: names, expected, ordinary }) => {
    const kb = await loadKnowledgeBase();
    const files = filesOf(names);
    const analysis = await analysePresented(files, kb, { now: NOW });
    const all = spans(analysis);
    const idOf = (name: string) => files.find((f) => f.name === name)?.id;

    for (const e of expected) {
      const file = files.find((f) => f.name === e.file)!;
      // each place the secret is written is one span, of the right kind, over exactly the secret's text
      const mine = all.filter((s) => s.in === file.id && file.text.slice(s.range.start, s.range.end) === e.secret);
      const starts = occurrences(file.text, e.secret);
      expect(starts.length).toBeGreaterThan(0);
      const listed = (by: string) =>
        mine
          .filter((s) => s.listedBy === by)
          .map((s) => s.range.start)
          .sort((a, b) => a - b);
      expect(listed(e.file), `${e.secret} in ${e.file}`).toEqual(starts);
      for (const s of mine) {
        expect(s.kind, s.label).toBe(e.kind);
        expect(s.range.end - s.range.start).toBe(e.secret.length);
        expect(s.length).toBe(e.secret.length);
        expect(s.redacted).toBe(false);
      }
      if (e.alsoIn) expect(listed(e.alsoIn).length, `${e.secret} listed by ${e.alsoIn}`).toBeGreaterThan(0);
    }
    // nothing else in these files is taken for a secret
    const secretTexts = new Set(expected.map((e) => e.secret));
    for (const s of all) {
      const text = files.find((f) => f.id === s.in)!.text;
      expect(secretTexts.has(text.slice(s.range.start, s.range.end)), s.label).toBe(true);
    }

    const shown = shownOutsideEditor(files, analysis);
    for (const e of expected) {
      for (const [where, text] of Object.entries(shown)) {
        expect(text.includes(e.secret), `${e.secret} shown in the ${where}`).toBe(false);
        // not even a sizeable piece of it (a value problem quoting a part)
        expect(text.includes(e.secret.slice(0, 12)), `part of ${e.secret} shown in the ${where}`).toBe(false);
      }
    }
    // the JSON report keeps the value field of a secret flag: it holds the mask
    const report = buildReport(files, analysis);
    const flags = report.files.flatMap((f) => f.documents.flatMap((d) => d.flags));
    for (const f of flags) {
      if (f.value !== null && /^•+ \(\d+ characters\)$/.test(f.value)) continue;
      expect(secretTexts.has(f.value ?? ''), `--${f.name}`).toBe(false);
    }
    for (const o of ordinary ?? []) {
      const flag = flags.find((f) => f.name === o.flag);
      expect(flag?.value, `--${o.flag}`).toBe(o.value);
    }
    expect(idOf(names[0]!)).toBeDefined();
  });
});

describe('masks', () => {
  it('a secret flag value becomes "••••••• (N characters)" in the report, an ordinary one stays', async () => {
    const kb = await loadKnowledgeBase();
    const files = filesOf(['ps-ef-join.txt']);
    const analysis = await analysePresented(files, kb, { now: NOW });
    const report = buildReport(files, analysis);
    const etcd = report.files[0]!.documents.find((d) => d.component === 'etcd')!;
    expect(etcd.flags.filter((f) => f.name === 'discovery-password').map((f) => f.value)).toEqual([
      '••••••• (24 characters)',
      '••••••• (23 characters)',
    ]);
    const api = report.files[0]!.documents.find((d) => d.component === 'kube-apiserver')!;
    expect(api.flags.find((f) => f.name === 'token-auth-file')?.value).toBe('/etc/kubernetes/pki/tokens.csv');
    const apiFlags = analysis.files[0]!.documents.find((d) => d.document.component === 'kube-apiserver')!.flags;
    expect(apiFlags.every((f) => f.secret === null)).toBe(true);
    expect(
      shownFlagValue(
        apiFlags.find((f) => f.occurrence.name === 'token-auth-file')!,
        analysis.catalogue,
      ),
    ).toBe('/etc/kubernetes/pki/tokens.csv');
  });

  it('findings that quote a value quote the mask: duplicate-flag (last value) and invalid-value', async () => {
    const kb = await loadKnowledgeBase();
    const ps = await analysePresented(filesOf(['ps-ef-join.txt']), kb, { now: NOW });
    const dup = ps.findings.find((f) => f.rule === 'duplicate-flag');
    expect(dup?.message).toBe(
      '--discovery-password is set 2 times; etcd keeps only the last value (••••••• (23 characters)).',
    );
    const unit = await analysePresented(filesOf(['10-kubeadm.conf']), kb, { now: NOW });
    const invalid = unit.findings.find((f) => f.rule === 'invalid-value');
    expect(invalid?.message).toBe('--max-pods: "••••••• (25 characters)" is not a whole number (int32).');
    const hover = unit.files[0]!.documents[0]!.flags.find((f) => f.occurrence.name === 'max-pods')!;
    const md = flagHoverMarkdown(hover, 'kubelet', unit.catalogue).join('\n');
    expect(md).toContain('Secret value (token, ••••••• (25 characters))');
    expect(md).toContain('"••••••• (25 characters)" is not a whole number');
  });

  it('the CLI prints no secret, in text or JSON', async () => {
    const out: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    const dir = `${repoRoot}tests/fixtures/secrets/`;
    const paths = CASES.flatMap((c) => c.files).map((f) => `${dir}${f}`);
    expect(await main([...new Set(paths)])).toBe(0);
    expect(await main([...new Set(paths), '--format', 'json'])).toBe(0);
    const printed = out.join('\n');
    expect(printed).toContain('••••••• (23 characters)');
    for (const e of CASES.flatMap((c) => c.expected)) expect(printed.includes(e.secret), e.secret).toBe(false);
  });

  afterEach(() => vi.restoreAllMocks());

  it('a redacted file text keeps every other character where it was', async () => {
    const kb = await loadKnowledgeBase();
    const files = filesOf(['kubeadm-join.service']);
    const analysis = await analysePresented(files, kb, { now: NOW });
    const red = redactFileText(files[0]!, analysis);
    expect(red.length).toBe(files[0]!.text.length);
    expect(red).toContain('--token ••••••••••••••••••••••• --discovery-token-ca-cert-hash sha256:40fa');
    expect(red).toContain('"JOIN_CA_KEY=/etc/kubernetes/pki/ca.key"');
  });
});

describe('the incremental pipeline', () => {
  it('locates the secrets of a unit read again after an edit, and reuses unchanged files', async () => {
    const kb = await loadKnowledgeBase();
    const session = new AnalysisSession(kb);
    const files = filesOf(['etcd.service', 'etcd.conf', 'tokens.csv']);
    const unitSecrets = async (fs: WorkspaceFile[]) => {
      const a = await session.analyse(fs, { now: NOW });
      return (a?.files[0]?.documents[0]?.document.secrets ?? []).map((s) => [s.kind, s.fileId, s.length]);
    };
    expect(await unitSecrets(files)).toEqual([['password', 'f1', 23]]);
    const edited = files.map((f, i) =>
      i === 0 ? { ...f, text: f.text.replace('Restart=on-failure', 'Restart=always') } : f,
    );
    expect(await unitSecrets(edited)).toEqual([['password', 'f1', 23]]);
    expect(session.stats).toMatchObject({ filesRead: 1, filesReused: 2 });
  });
});

describe('what is not a secret', () => {
  it('paths, variable references, flags of *_ARGS, etcd cluster tokens and placeholders', async () => {
    const text = [
      '[Service]',
      'Environment="KUBELET_EXTRA_ARGS=--node-ip=10.0.0.5" "SA_KEY=/etc/kubernetes/pki/sa.key"',
      'Environment=ETCD_INITIAL_CLUSTER_TOKEN=etcd-cluster-1 API_TOKEN=${TOKEN_FROM_VAULT} ENABLE_TOKEN=true',
      'Environment=KUBE_TOKEN_TTL=24h',
      'ExecStart=/usr/bin/kubelet --token-auth-file=/etc/k/tokens.csv $KUBELET_EXTRA_ARGS',
      '',
    ].join('\n');
    const [doc] = (await ingest(text, 'kubelet.service')).documents;
    expect(doc?.secrets ?? []).toEqual([]);
  });

  it('a placeholder (REDACTED, {token}) is recorded as redacted and shown as written', async () => {
    const text = '{token},{user},812ffe41-cce0-11e6-9bd3-00163e1001d7,system:kubelet-bootstrap\n';
    const ing = await ingest(text, 'tokens.csv');
    expect(ing.documents[0]?.secrets?.map((s) => [s.kind, s.redacted, text.slice(s.range.start, s.range.end)])).toEqual(
      [['token-file', true, '{token}']],
    );
  });
});

describe('the secrets step', () => {
  it('reads systemd Environment= assignments with their value ranges', () => {
    const text = 'A=b "C=d e" F=\'g h\' I="j k"';
    const got = environmentAssignments(text, { start: 0, end: text.length }).map((a) => [
      a.name,
      text.slice(a.value.start, a.value.end),
    ]);
    expect(got).toEqual([
      ['A', 'b'],
      ['C', 'd e'],
      ['F', "'g h'"],
      ['I', '"j k"'],
    ]);
  });

  it('keeps the spans the parsers record and does not list them twice', async () => {
    const ing = await ingest(fixture('kubeconfig/admin.conf'), 'admin.conf');
    expect(ing.documents[0]?.secrets?.map((s) => [s.kind, s.label, s.algorithm])).toEqual([
      ['client-key-data', 'users[kubernetes-admin].user.client-key-data', 'EC'],
    ]);
    const pem = await ingest(fixture('pem/ca.key'), 'ca.key');
    expect(pem.documents[0]?.secrets?.map((s) => s.kind)).toEqual(['private-key']);
  });

  it('content problems in secrets.yaml are reported, the rest is read', () => {
    const problems: ContentProblem[] = [];
    const facts = readSecrets(
      [
        'flags:',
        '  token: token',
        '  --password: password',
        '  pin: { kind: pin }',
        'environment:',
        "  names: [{ pattern: '(', kind: token }, { pattern: 'TOKEN', kind: token }]",
        'text: [{ pattern: "x(y)", kind: token }]',
        'nonsense: 1',
      ].join('\n'),
      problems,
    );
    expect(problems.map((p) => `${p.entry}: ${p.message}`)).toEqual([
      ': unknown field "nonsense"',
      'flags --password: flag must be written without dashes',
      'flags pin: kind must be one of private-key, client-key-data, token, bootstrap-token, password, encryption-key, token-file, client-secret, other, got "pin"',
      expect.stringMatching(/^environment\.names\[0\]: not a regular expression/),
      'text[0]: label is required',
    ]);
    expect([...facts.flags.keys()]).toEqual(['token', 'password']);
    expect(facts.environment.names.map((n) => n.pattern)).toEqual(['TOKEN']);
  });
});
