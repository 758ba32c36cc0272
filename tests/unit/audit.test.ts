/**
 * Issue 14, the security audit: every check of the table passes, fails, is judged by its default when its flag is
 * absent, and is not applicable where its flag or its advice does not exist in the version; the sample kubeadm
 * cluster passes what kubeadm satisfies and fails only what kubeadm knowingly leaves (profiling, audit log, ...).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import { analyseWorkspace } from '../../src/pipeline';
import {
  CHECKS,
  checkById,
  runAudit,
  type AuditModel,
  type BenchmarkId,
  type CheckDef,
} from '../../src/analysis/audit';
import type { WorkspaceFile } from '../../src/model/types';
import { contentRoot, file, fixture, loadKnowledgeBase } from '../helpers';

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await loadKnowledgeBase();
});

const IMAGE: Record<string, string> = {
  'kube-apiserver': 'registry.k8s.io/kube-apiserver',
  'kube-controller-manager': 'registry.k8s.io/kube-controller-manager',
  'kube-scheduler': 'registry.k8s.io/kube-scheduler',
  etcd: 'registry.k8s.io/etcd',
};

/** A static Pod of `component` at `version` with these command items. */
function pod(component: string, version: string, flags: readonly string[], name = `${component}.yaml`): WorkspaceFile {
  const text = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${component}`,
    '  namespace: kube-system',
    'spec:',
    '  containers:',
    '  - command:',
    `    - ${component}`,
    ...flags.map((f) => `    - ${f}`),
    `    image: ${IMAGE[component]}:${component === 'etcd' ? `${version}-0` : `v${version}`}`,
    `    name: ${component}`,
    '',
  ].join('\n');
  return file(name, text);
}

/** A command line (a `ps` line: no version) of `component`. */
const line = (component: string, flags: readonly string[]) =>
  file(`${component}.cmdline`, `/usr/bin/${component} ${flags.join(' ')}\n`);

async function audit(
  files: WorkspaceFile[],
  benchmark?: BenchmarkId,
  checks?: readonly CheckDef[],
): Promise<AuditModel> {
  const a = await analyseWorkspace(files, kb, {});
  const texts = new Map(files.map((f) => [f.id, f.text]));
  return runAudit(
    { files: a.files, instances: a.instances, kb, text: (id) => texts.get(id) },
    { ...(benchmark ? { benchmark } : {}), ...(checks ? { checks } : {}) },
  );
}

interface Case {
  id: string;
  /** Flags that make it pass, and fail. */
  pass: string[];
  fail: string[];
  /** The status when none of its flags is written (judged by the default of the version). */
  absent: 'pass' | 'fail';
  version?: string;
  /** A version where it does not apply, and flags written there. */
  na?: { version: string; flags?: string[] };
}

const API: Case[] = [
  { id: 'apiserver-anonymous-auth', pass: ['--anonymous-auth=false'], fail: ['--anonymous-auth=true'], absent: 'fail' },
  { id: 'apiserver-token-auth-file', pass: [], fail: ['--token-auth-file=/etc/tokens.csv'], absent: 'pass' },
  {
    id: 'apiserver-deny-service-external-ips',
    pass: ['--enable-admission-plugins=NodeRestriction,DenyServiceExternalIPs'],
    fail: ['--enable-admission-plugins=NodeRestriction'],
    absent: 'fail',
  },
  {
    id: 'apiserver-kubelet-client-certificate',
    pass: ['--kubelet-client-certificate=/pki/k.crt', '--kubelet-client-key=/pki/k.key'],
    fail: ['--kubelet-client-certificate=/pki/k.crt'],
    absent: 'fail',
  },
  {
    id: 'apiserver-kubelet-certificate-authority',
    pass: ['--kubelet-certificate-authority=/pki/ca.crt'],
    fail: ['--kubelet-certificate-authority='],
    absent: 'fail',
  },
  {
    id: 'apiserver-authorization-not-always-allow',
    pass: ['--authorization-mode=Node,RBAC'],
    fail: ['--authorization-mode=AlwaysAllow'],
    absent: 'fail',
  },
  {
    id: 'apiserver-authorization-node',
    pass: ['--authorization-mode=Node,RBAC'],
    fail: ['--authorization-mode=NodeX,RBAC'],
    absent: 'fail',
  },
  {
    id: 'apiserver-authorization-rbac',
    pass: ['--authorization-mode=Node,RBAC'],
    fail: ['--authorization-mode=Node'],
    absent: 'fail',
  },
  {
    id: 'apiserver-event-rate-limit',
    pass: [
      '--enable-admission-plugins=EventRateLimit',
      '--admission-control-config-file=/etc/kubernetes/admission.yaml',
    ],
    fail: ['--enable-admission-plugins=EventRateLimit'],
    absent: 'fail',
  },
  {
    id: 'apiserver-always-admit',
    pass: ['--enable-admission-plugins=NodeRestriction'],
    fail: ['--enable-admission-plugins=NodeRestriction,AlwaysAdmit'],
    absent: 'pass',
  },
  {
    id: 'apiserver-always-pull-images',
    pass: ['--enable-admission-plugins=AlwaysPullImages'],
    fail: ['--enable-admission-plugins=NodeRestriction'],
    absent: 'fail',
  },
  {
    id: 'apiserver-service-account-plugin',
    pass: ['--disable-admission-plugins=DefaultStorageClass'],
    fail: ['--disable-admission-plugins=ServiceAccount'],
    absent: 'pass',
  },
  {
    id: 'apiserver-namespace-lifecycle',
    pass: ['--disable-admission-plugins=ServiceAccountX'],
    fail: ['--disable-admission-plugins=NamespaceLifecycle'],
    absent: 'pass',
  },
  {
    id: 'apiserver-node-restriction',
    pass: ['--enable-admission-plugins=NodeRestriction'],
    fail: ['--enable-admission-plugins=AlwaysPullImages'],
    absent: 'fail',
  },
  { id: 'apiserver-profiling', pass: ['--profiling=false'], fail: ['--profiling'], absent: 'fail' },
  {
    id: 'apiserver-audit-log-path',
    pass: ['--audit-log-path=/var/log/audit.log'],
    fail: ['--audit-log-path='],
    absent: 'fail',
  },
  { id: 'apiserver-audit-log-maxage', pass: ['--audit-log-maxage=30'], fail: ['--audit-log-maxage=7'], absent: 'fail' },
  {
    id: 'apiserver-audit-log-maxbackup',
    pass: ['--audit-log-maxbackup=10'],
    fail: ['--audit-log-maxbackup=3'],
    absent: 'fail',
  },
  {
    id: 'apiserver-audit-log-maxsize',
    pass: ['--audit-log-maxsize=200'],
    fail: ['--audit-log-maxsize=99'],
    absent: 'fail',
  },
  {
    id: 'apiserver-service-account-lookup',
    pass: ['--service-account-lookup=true'],
    fail: ['--service-account-lookup=false'],
    absent: 'pass',
  },
  {
    id: 'apiserver-service-account-key-file',
    pass: ['--service-account-key-file=/pki/sa.pub'],
    fail: ['--service-account-key-file='],
    absent: 'fail',
  },
  {
    id: 'apiserver-etcd-client-certificate',
    pass: ['--etcd-certfile=/pki/c.crt', '--etcd-keyfile=/pki/c.key'],
    fail: ['--etcd-keyfile=/pki/c.key'],
    absent: 'fail',
  },
  {
    id: 'apiserver-tls-certificate',
    pass: ['--tls-cert-file=/pki/a.crt', '--tls-private-key-file=/pki/a.key'],
    fail: ['--tls-cert-file=/pki/a.crt'],
    absent: 'fail',
  },
  {
    id: 'apiserver-client-ca-file',
    pass: ['--client-ca-file=/pki/ca.crt'],
    fail: ['--client-ca-file='],
    absent: 'fail',
  },
  { id: 'apiserver-etcd-cafile', pass: ['--etcd-cafile=/pki/etcd/ca.crt'], fail: ['--etcd-cafile='], absent: 'fail' },
  {
    id: 'apiserver-encryption-provider-config',
    pass: ['--encryption-provider-config=/etc/kubernetes/enc.yaml'],
    // kube-bench's substring test passes on this one; the flag it names is another
    fail: ['--encryption-provider-config-automatic-reload=true'],
    absent: 'fail',
  },
  {
    id: 'apiserver-tls-cipher-suites',
    pass: ['--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_AES_128_GCM_SHA256'],
    fail: ['--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_AES_128_CBC_SHA'],
    absent: 'fail',
  },
  {
    id: 'apiserver-service-account-extend-token-expiration',
    pass: ['--service-account-extend-token-expiration=false'],
    fail: ['--service-account-extend-token-expiration=true'],
    absent: 'fail',
  },
  {
    id: 'apiserver-audit-policy-file',
    pass: ['--audit-policy-file=/etc/kubernetes/audit.yaml'],
    fail: ['--audit-policy-file='],
    absent: 'fail',
  },
  // older benchmarks: judged where the flag still exists, not applicable after
  {
    id: 'apiserver-basic-auth-file',
    version: '1.18.20',
    pass: [],
    fail: ['--basic-auth-file=/etc/passwords.csv'],
    absent: 'pass',
    na: { version: '1.19.0', flags: ['--basic-auth-file=/etc/passwords.csv'] },
  },
  {
    id: 'apiserver-kubelet-https',
    version: '1.21.14',
    pass: ['--kubelet-https=true'],
    fail: ['--kubelet-https=false'],
    absent: 'pass',
    na: { version: '1.22.0' },
  },
  {
    id: 'apiserver-security-context-deny',
    version: '1.28.4',
    pass: ['--enable-admission-plugins=SecurityContextDeny'],
    fail: ['--enable-admission-plugins=NodeRestriction'],
    absent: 'fail',
    na: { version: '1.30.0', flags: ['--enable-admission-plugins=NodeRestriction'] },
  },
  {
    id: 'apiserver-pod-security-policy',
    version: '1.24.17',
    pass: ['--enable-admission-plugins=NodeRestriction,PodSecurityPolicy'],
    fail: ['--enable-admission-plugins=NodeRestriction'],
    absent: 'fail',
    na: { version: '1.25.0', flags: ['--enable-admission-plugins=NodeRestriction'] },
  },
  {
    id: 'apiserver-insecure-bind-address',
    version: '1.23.17',
    pass: [],
    fail: ['--insecure-bind-address=0.0.0.0'],
    absent: 'pass',
    na: { version: '1.24.0' },
  },
  {
    id: 'apiserver-insecure-port',
    version: '1.23.17',
    pass: ['--insecure-port=0'],
    fail: ['--insecure-port=8080'],
    // the default is 0 from 1.20 on: Checkov demands the flag, the binary does not need it
    absent: 'pass',
    na: { version: '1.24.0', flags: ['--insecure-port=0'] },
  },
  {
    id: 'apiserver-insecure-allow-any-token',
    version: '1.7.16',
    pass: [],
    fail: ['--insecure-allow-any-token=yes'],
    absent: 'pass',
    na: { version: '1.8.0' },
  },
  { id: 'apiserver-secure-port', pass: ['--secure-port=6443'], fail: ['--secure-port=0'], absent: 'pass' },
  {
    id: 'apiserver-repair-malformed-updates',
    version: '1.13.12',
    pass: ['--repair-malformed-updates=false'],
    fail: ['--repair-malformed-updates=true'],
    absent: 'fail',
    na: { version: '1.14.0' },
  },
];

const KCM: Case[] = [
  {
    id: 'controller-manager-terminated-pod-gc-threshold',
    pass: ['--terminated-pod-gc-threshold=10'],
    fail: ['--terminated-pod-gc-threshold=0'],
    absent: 'pass',
  },
  { id: 'controller-manager-profiling', pass: ['--profiling=false'], fail: ['--profiling=true'], absent: 'fail' },
  {
    id: 'controller-manager-use-service-account-credentials',
    pass: ['--use-service-account-credentials=true'],
    fail: ['--use-service-account-credentials=false'],
    absent: 'fail',
  },
  {
    id: 'controller-manager-service-account-private-key-file',
    pass: ['--service-account-private-key-file=/pki/sa.key'],
    fail: ['--service-account-private-key-file='],
    absent: 'fail',
  },
  {
    id: 'controller-manager-root-ca-file',
    pass: ['--root-ca-file=/pki/ca.crt'],
    fail: ['--root-ca-file='],
    absent: 'fail',
  },
  {
    id: 'controller-manager-rotate-kubelet-server-certificate',
    pass: ['--feature-gates=RotateKubeletServerCertificate=true'],
    fail: ['--feature-gates=RotateKubeletServerCertificate=false'],
    absent: 'pass',
  },
  {
    id: 'controller-manager-bind-address',
    pass: ['--bind-address=127.0.0.1'],
    fail: ['--bind-address=0.0.0.0'],
    absent: 'fail',
  },
];

const SCHEDULER: Case[] = [
  { id: 'scheduler-profiling', pass: ['--profiling=false'], fail: ['--profiling=true'], absent: 'fail' },
  {
    id: 'scheduler-bind-address',
    pass: ['--bind-address=127.0.0.1'],
    fail: ['--bind-address=0.0.0.0'],
    absent: 'fail',
  },
];

const ETCD: Case[] = [
  {
    id: 'etcd-client-tls',
    version: '3.5.15',
    pass: ['--cert-file=/s.crt', '--key-file=/s.key'],
    fail: ['--cert-file=/s.crt'],
    absent: 'fail',
  },
  {
    id: 'etcd-client-cert-auth',
    version: '3.5.15',
    pass: ['--client-cert-auth=true'],
    fail: ['--client-cert-auth=false'],
    absent: 'fail',
  },
  { id: 'etcd-auto-tls', version: '3.5.15', pass: ['--auto-tls=false'], fail: ['--auto-tls=true'], absent: 'pass' },
  {
    id: 'etcd-peer-tls',
    version: '3.5.15',
    pass: ['--peer-cert-file=/p.crt', '--peer-key-file=/p.key'],
    fail: ['--peer-key-file=/p.key'],
    absent: 'fail',
  },
  {
    id: 'etcd-peer-client-cert-auth',
    version: '3.5.15',
    pass: ['--peer-client-cert-auth=true'],
    fail: ['--peer-client-cert-auth=false'],
    absent: 'fail',
  },
  {
    id: 'etcd-peer-auto-tls',
    version: '3.5.15',
    pass: ['--peer-auto-tls=false'],
    fail: ['--peer-auto-tls=true'],
    absent: 'pass',
  },
  {
    id: 'etcd-unique-ca',
    version: '3.5.15',
    pass: ['--trusted-ca-file=/pki/etcd/ca.crt'],
    fail: ['--trusted-ca-file='],
    absent: 'fail',
  },
];

const COMPONENT_OF = (id: string) => checkById(id)!.component;

async function statusOf(
  c: Case,
  flags: string[],
  version = c.version ?? (COMPONENT_OF(c.id) === 'etcd' ? '3.5.15' : '1.31.2'),
) {
  const check = checkById(c.id)!;
  const m = await audit([pod(check.component, version, flags)], undefined, [check]);
  expect(m.results).toHaveLength(1);
  return m.results[0]!;
}

describe.each([
  ['kube-apiserver', API],
  ['kube-controller-manager', KCM],
  ['kube-scheduler', SCHEDULER],
  ['etcd', ETCD],
])('%s checks', (_component, cases) => {
  it.each(cases.map((c) => [c.id, c] as const))('%s: pass, fail, absent, not applicable', async (_id, c) => {
    const pass = await statusOf(c, c.pass);
    expect(pass.status, 'pass').toBe('pass');
    const fail = await statusOf(c, c.fail);
    expect(fail.status, 'fail').toBe('fail');
    expect(fail.fix?.change, 'a failure says what to change').toBeTruthy();
    const absent = await statusOf(c, []);
    expect(absent.status, 'absent').toBe(c.absent);
    if (absent.actual) expect(absent.actual.source).toBe('default');
    if (c.na) {
      const na = await statusOf(c, c.na.flags ?? c.fail, c.na.version);
      expect(na.status, 'not applicable').toBe('not-applicable');
      expect(na.notApplicable).toBeTruthy();
    }
  });
});

describe('check table', () => {
  it('every check with a condition is covered by a case here, or by the kubelet and kube-proxy tests', () => {
    const covered = new Set([...API, ...KCM, ...SCHEDULER, ...ETCD].map((c) => c.id));
    // fails without --encryption-provider-config, else manual (never passes): tests/unit/audit-peers-ids.test.ts
    covered.add('apiserver-encryption-providers');
    const kubeletAndProxy = CHECKS.filter((c) => c.component === 'kubelet' || c.component === 'kube-proxy');
    for (const c of CHECKS)
      if (c.test && c.component !== 'kubelet' && c.component !== 'kube-proxy') expect(covered, c.id).toContain(c.id);
    expect(kubeletAndProxy.filter((c) => c.test).length).toBeGreaterThan(10);
  });

  it('ids are unique, and every check of kube-bench cis-1.12 that reads a flag or a field has a row', () => {
    const ids = CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const numbers = new Set(CHECKS.map((c) => c.peers.cis['cis-1.12']).filter(Boolean));
    // kube-bench cfg/cis-1.12: 1.1.1-21, 1.2.1-30, 1.3.1-7, 1.4.1-2, 2.1-2.7, 3.2.1, 4.1.1-10, 4.2.1-14, 4.3.1
    const expected = [
      ...Array.from({ length: 21 }, (_, i) => `1.1.${i + 1}`),
      ...Array.from({ length: 30 }, (_, i) => `1.2.${i + 1}`),
      ...Array.from({ length: 7 }, (_, i) => `1.3.${i + 1}`),
      '1.4.1',
      '1.4.2',
      ...Array.from({ length: 7 }, (_, i) => `2.${i + 1}`),
      '3.2.1',
      ...Array.from({ length: 10 }, (_, i) => `4.1.${i + 1}`),
      ...Array.from({ length: 14 }, (_, i) => `4.2.${i + 1}`),
      '4.3.1',
    ];
    expect([...numbers].sort()).toEqual([...expected].sort());
  });

  it('every flag a check reads is in its component catalogue', async () => {
    for (const c of CHECKS) {
      const cat = await kb.loadFlags(c.component);
      for (const f of c.flags) expect(cat.flags.has(f), `${c.id} --${f}`).toBe(true);
    }
  });
});

describe('kubelet and kube-proxy', () => {
  const kubeletConfig = (body: string) =>
    file(
      'var-lib-kubelet/config.yaml',
      `apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n${body}`,
    );

  it('flags on a command line: pass, fail, absent by the flag defaults', async () => {
    const m = await audit([
      line('kubelet', [
        '--anonymous-auth=false',
        '--authorization-mode=AlwaysAllow',
        '--read-only-port=10255',
        '--streaming-connection-idle-timeout=0',
        '--hostname-override=node1',
        '--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
        '--pod-max-pids=4096',
      ]),
    ]);
    const by = (id: string) => m.results.find((r) => r.id === id)!;
    expect(by('kubelet-anonymous-auth').status).toBe('pass');
    expect(by('kubelet-authorization-mode').status).toBe('fail');
    expect(by('kubelet-authorization-mode').fix?.change).toEqual({
      kind: 'set',
      flag: 'authorization-mode',
      value: 'Webhook',
    });
    expect(by('kubelet-read-only-port').status).toBe('fail');
    expect(by('kubelet-streaming-connection-idle-timeout').status).toBe('fail');
    expect(by('kubelet-hostname-override').status).toBe('fail');
    expect(by('kubelet-tls-cipher-suites').status).toBe('pass');
    expect(by('kubelet-pod-max-pids').status).toBe('pass');
    // absent: the flags' defaults (no configuration file is loaded)
    expect(by('kubelet-client-ca-file')).toMatchObject({ status: 'fail', actual: { source: 'default', value: null } });
    expect(by('kubelet-make-iptables-util-chains')).toMatchObject({
      status: 'pass',
      actual: { source: 'default', value: 'true' },
    });
    expect(by('kubelet-rotate-certificates')).toMatchObject({
      status: 'fail',
      actual: { source: 'default', value: 'false' },
    });
    expect(by('kubelet-rotate-server-certificate-gate').status).toBe('pass');
    expect(by('kubelet-seccomp-default').status).toBe('fail');
    expect(by('kubelet-event-qps')).toMatchObject({ status: 'pass', actual: { value: '50' } });
    expect(by('kubelet-tls-certificate').status).toBe('fail');
    // a `ps` line is not where the fix is made: the change, no edit
    expect(by('kubelet-hostname-override').fix).toMatchObject({ change: { kind: 'remove' }, edit: null });
  });

  it('a KubeletConfiguration: its fields, and its own defaults (anonymous off, Webhook, read-only port 0)', async () => {
    const m = await audit([
      kubeletConfig(
        [
          'authentication:',
          '  x509:',
          '    clientCAFile: /etc/kubernetes/pki/ca.crt',
          'rotateCertificates: true',
          'serverTLSBootstrap: true',
          'streamingConnectionIdleTimeout: 0s',
          'featureGates:',
          '  RotateKubeletServerCertificate: false',
          '',
        ].join('\n'),
      ),
    ]);
    const by = (id: string) => m.results.find((r) => r.id === id)!;
    expect(by('kubelet-anonymous-auth')).toMatchObject({
      status: 'pass',
      actual: { source: 'default', value: 'false', configDefault: true },
    });
    expect(by('kubelet-authorization-mode')).toMatchObject({
      status: 'pass',
      actual: { value: 'Webhook', configDefault: true },
    });
    expect(by('kubelet-read-only-port')).toMatchObject({ status: 'pass', actual: { value: '0' } });
    expect(by('kubelet-client-ca-file')).toMatchObject({ status: 'pass', actual: { source: 'config' } });
    expect(by('kubelet-rotate-certificates').status).toBe('pass');
    expect(by('kubelet-tls-certificate').status).toBe('pass');
    expect(by('kubelet-streaming-connection-idle-timeout').status).toBe('fail');
    expect(by('kubelet-rotate-server-certificate-gate').status).toBe('fail');
    // the fix of a field edits the field
    const pids = by('kubelet-pod-max-pids');
    expect(pids.fix).toMatchObject({ target: 'config-field', edit: { text: '\npodPidsLimit: 4096' } });
    const idle = by('kubelet-streaming-connection-idle-timeout');
    expect(idle.fix).toMatchObject({ target: 'config-field', edit: { text: '4h0m0s' } });
  });

  it('a kubelet flag overrides its configuration file', async () => {
    const m = await audit([
      line('kubelet', ['--config=/var/lib/kubelet/config.yaml', '--read-only-port=10255']),
      kubeletConfig('readOnlyPort: 0\n'),
    ]);
    expect(m.results.find((r) => r.id === 'kubelet-read-only-port')).toMatchObject({
      status: 'fail',
      actual: { source: 'set', value: '10255' },
    });
  });

  it('kube-proxy: metrics on loopback by default', async () => {
    const ok = await audit([line('kube-proxy', ['--kubeconfig=/var/lib/kube-proxy/kubeconfig.conf'])]);
    expect(ok.results.find((r) => r.id === 'proxy-metrics-bind-address')?.status).toBe('pass');
    const open = await audit([line('kube-proxy', ['--metrics-bind-address=0.0.0.0:10249'])]);
    expect(open.results.find((r) => r.id === 'proxy-metrics-bind-address')?.status).toBe('fail');
    expect(ok.results.find((r) => r.id === 'proxy-kubeconfig-permissions')).toMatchObject({
      status: 'manual',
      expected: { kind: 'manual', what: '/var/lib/kube-proxy/kubeconfig.conf' },
    });
  });
});

describe('every input form is read through the effective configuration', () => {
  it('args instead of command, --flag value, a binary path: the same verdicts', async () => {
    const args = file(
      'kube-scheduler.yaml',
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: kube-scheduler',
        'spec:',
        '  containers:',
        '  - name: kube-scheduler',
        '    image: registry.k8s.io/kube-scheduler:v1.31.2',
        '    command: ["/usr/local/bin/kube-scheduler"]',
        '    args:',
        '    - --profiling',
        '    - "false"',
        '    - --bind-address=127.0.0.1',
        '',
      ].join('\n'),
    );
    const m = await audit([args]);
    const by = (id: string) => m.results.find((r) => r.id === id)!;
    expect(by('scheduler-profiling')).toMatchObject({ status: 'pass', actual: { source: 'set', value: 'false' } });
    expect(by('scheduler-bind-address').status).toBe('pass');
  });

  it('a kubeadm ClusterConfiguration alone: extraArgs and what kubeadm writes', async () => {
    const cfg = file(
      'kubeadm-config.yaml',
      [
        'apiVersion: kubeadm.k8s.io/v1beta3',
        'kind: ClusterConfiguration',
        'kubernetesVersion: v1.31.2',
        'apiServer:',
        '  extraArgs:',
        '    profiling: "false"',
        '    anonymous-auth: "true"',
        '',
      ].join('\n'),
    );
    const m = await audit([cfg]);
    const by = (id: string) => m.results.find((r) => r.id === id && r.component === 'kube-apiserver')!;
    expect(by('apiserver-profiling')).toMatchObject({ status: 'pass', actual: { source: 'config' } });
    const anon = by('apiserver-anonymous-auth');
    expect(anon.status).toBe('fail');
    // the fix edits the extraArgs entry inside its quotes (kubeadm needs strings)
    expect(anon.fix).toMatchObject({ target: 'kubeadm-extra-args', edit: { text: 'false' } });
    const e = anon.fix!.edit!;
    expect(cfg.text.slice(0, e.range.start) + e.text + cfg.text.slice(e.range.end)).toContain(
      'anonymous-auth: "false"',
    );
    expect(anon.fix?.kubeadm).toMatchObject({ kind: 'ClusterConfiguration', path: 'apiServer.extraArgs' });
    expect(by('apiserver-authorization-node')).toMatchObject({ status: 'pass', actual: { source: 'kubeadm' } });
  });

  it('a unit whose flags are in an env file: the verdict at the env file, the fix edits the env file', async () => {
    const unit = file('kube-apiserver.service', fixture('systemd/seed001-kube-apiserver.service'));
    const env = file('/etc/kubernetes/apiserver', fixture('env/seed001-apiserver'));
    const m = await audit([unit, env]);
    const by = (id: string) => m.results.find((r) => r.id === id && r.component === 'kube-apiserver')!;
    expect(by('apiserver-anonymous-auth')).toMatchObject({
      status: 'pass',
      actual: { source: 'set', value: 'false', span: { fileId: '/etc/kubernetes/apiserver' } },
    });
    // NodeRestriction is not in its list: the fix adds it to the variable's value in the env file
    const nr = by('apiserver-node-restriction');
    expect(nr.status).toBe('fail');
    expect(nr.fix).toMatchObject({ target: 'env-file', edit: { fileId: '/etc/kubernetes/apiserver' } });
    expect(nr.fix?.edit?.text).toMatch(/,NodeRestriction$/);
  });

  it('hyperkube subcommands and full binary paths on a ps line', async () => {
    const m = await audit([
      file(
        'ps.txt',
        'root 1 0 0 09:14 ? 00:00:41 /usr/local/bin/hyperkube kube-apiserver --profiling=false --anonymous-auth=false\n',
      ),
    ]);
    const by = (id: string) => m.results.find((r) => r.id === id)!;
    expect(by('apiserver-profiling')).toMatchObject({ status: 'pass', actual: { source: 'set' } });
    expect(by('apiserver-anonymous-auth').status).toBe('pass');
  });

  it('kubeadm v1beta4 extraArgs (a list of name/value)', async () => {
    const cfg = file(
      'kubeadm.yaml',
      [
        'apiVersion: kubeadm.k8s.io/v1beta4',
        'kind: ClusterConfiguration',
        'kubernetesVersion: v1.31.2',
        'controllerManager:',
        '  extraArgs:',
        '  - name: profiling',
        '    value: "true"',
        '',
      ].join('\n'),
    );
    const m = await audit([cfg]);
    const r = m.results.find((x) => x.id === 'controller-manager-profiling')!;
    expect(r).toMatchObject({ status: 'fail', actual: { source: 'config', value: 'true' } });
    expect(r.fix).toMatchObject({ target: 'kubeadm-extra-args', edit: { text: 'false' } });
  });

  it('a flood of unknown flags (probably not this component) is not audited; a long known command line is', async () => {
    const unknown = Array.from({ length: 300 }, (_, i) => `--not-a-flag-${i}=x`);
    const flood = await audit([line('kube-apiserver', unknown)]);
    expect(flood.results).toEqual([]);
    // the input of tests/browser/large-paste.test.ts: 401 known flags (one repeated) and 400 unknown ones
    const known = Array.from({ length: 401 }, () => '--profiling=false');
    const many = Array.from({ length: 400 }, (_, i) => `--not-a-flag-${i}=val`);
    const a = await analyseWorkspace([line('kube-apiserver', [...known, ...many])], kb, {});
    // 400 unknown-flag and 400 duplicate-flag findings, and one summary of the audit's failures at defaults
    expect(a.findings.filter((f) => f.rule.startsWith('audit-')).map((f) => f.rule)).toEqual(['audit-defaults']);
    expect(a.findings).toHaveLength(801);
  });

  it('before 1.10: --admission-control is the whole list of plugins; with none written only AlwaysAdmit ran', async () => {
    const ids = ['apiserver-service-account-plugin', 'apiserver-node-restriction', 'apiserver-always-admit'];
    const checks = ids.map((i) => checkById(i)!);
    const listed = await audit(
      [
        pod('kube-apiserver', '1.9.11', [
          '--admission-control=NamespaceLifecycle,LimitRanger,ServiceAccount,ResourceQuota',
        ]),
      ],
      undefined,
      checks,
    );
    expect(listed.results.map((r) => [r.id, r.status, r.actual?.flag])).toEqual([
      ['apiserver-service-account-plugin', 'pass', 'admission-control'],
      ['apiserver-node-restriction', 'fail', 'admission-control'],
      ['apiserver-always-admit', 'pass', 'admission-control'],
    ]);
    expect(listed.results[1]?.fix?.edit?.text).toBe(
      'NamespaceLifecycle,LimitRanger,ServiceAccount,ResourceQuota,NodeRestriction',
    );
    const none = await audit([pod('kube-apiserver', '1.9.11', [])], undefined, checks);
    expect(none.results.map((r) => r.status)).toEqual(['fail', 'fail', 'fail']);
    // --enable-admission-plugins is newer than that binary (it would not start): not applicable, with the release
    const newer = await audit(
      [pod('kube-apiserver', '1.9.11', ['--enable-admission-plugins=NodeRestriction'])],
      undefined,
      checks,
    );
    expect(newer.results.map((r) => r.notApplicable)).toEqual([
      { kind: 'flag-not-yet', flag: 'enable-admission-plugins', version: '1.10' },
      { kind: 'flag-not-yet', flag: 'enable-admission-plugins', version: '1.10' },
      { kind: 'flag-not-yet', flag: 'enable-admission-plugins', version: '1.10' },
    ]);
  });

  it('no version (a ps line): removed flags still judged where written, else not applicable', async () => {
    const old = await audit([line('kube-apiserver', ['--insecure-port=8080'])]);
    expect(old.results.find((r) => r.id === 'apiserver-insecure-port')?.status).toBe('fail');
    const modern = await audit([line('kube-apiserver', ['--secure-port=6443'])]);
    expect(modern.results.find((r) => r.id === 'apiserver-insecure-port')).toMatchObject({
      status: 'not-applicable',
      notApplicable: { kind: 'flag-removed', flag: 'insecure-port', version: '1.24' },
    });
  });
});

describe('authorizers', () => {
  it('absent --authorization-mode is AlwaysAllow (the binary default the catalogue leaves as none); --authorization-config: manual', async () => {
    const ids = ['apiserver-authorization-not-always-allow', 'apiserver-authorization-node'];
    const bare = await audit(
      [pod('kube-apiserver', '1.31.2', [])],
      undefined,
      ids.map((i) => checkById(i)!),
    );
    expect(bare.results.map((r) => [r.status, r.actual?.value])).toEqual([
      ['fail', 'AlwaysAllow'],
      ['fail', 'AlwaysAllow'],
    ]);
    expect(bare.results[0]?.fix?.change).toEqual({ kind: 'set', flag: 'authorization-mode', value: 'Node,RBAC' });
    const structured = await audit(
      [pod('kube-apiserver', '1.31.2', ['--authorization-config=/etc/kubernetes/authz.yaml'])],
      undefined,
      ids.map((i) => checkById(i)!),
    );
    expect(structured.results.map((r) => r.status)).toEqual(['manual', 'manual']);
    expect(structured.results[0]?.expected).toEqual({ kind: 'manual', what: '/etc/kubernetes/authz.yaml' });
  });
});

describe('fixes are exact edits', () => {
  const apply = (text: string, e: { range: { start: number; end: number }; text: string }) =>
    text.slice(0, e.range.start) + e.text + text.slice(e.range.end);

  it('insert after the last command item, replace a value, delete an item; the result passes', async () => {
    const f = pod('kube-apiserver', '1.31.2', [
      '--profiling=true',
      '--token-auth-file=/t.csv',
      '--authorization-mode=Node',
    ]);
    const m = await audit([f]);
    const by = (id: string) => m.results.find((r) => r.id === id)!;
    let text = f.text;
    // from the end of the file backwards, so earlier offsets hold
    const edits = [
      'apiserver-authorization-rbac',
      'apiserver-token-auth-file',
      'apiserver-profiling',
      'apiserver-anonymous-auth',
    ]
      .map((id) => by(id).fix!.edit!)
      .sort((a, b) => b.range.start - a.range.start);
    for (const e of edits) text = apply(text, e);
    expect(text).toContain('    - --authorization-mode=Node,RBAC\n    - --anonymous-auth=false\n');
    expect(text).toContain('    - --profiling=false\n');
    expect(text).not.toContain('token-auth-file');
    const again = await audit([{ ...f, text }]);
    for (const id of [
      'apiserver-authorization-rbac',
      'apiserver-token-auth-file',
      'apiserver-profiling',
      'apiserver-anonymous-auth',
    ])
      expect(again.results.find((r) => r.id === id)?.status, id).toBe('pass');
  });

  it('a kubeadm cluster also gets the ClusterConfiguration change (v1beta3 map, v1beta4 list)', async () => {
    const m = await audit(sample());
    const fix = m.results.find((r) => r.id === 'controller-manager-profiling')!.fix!;
    expect(fix.kubeadm).toEqual({
      kind: 'ClusterConfiguration',
      path: 'controllerManager.extraArgs',
      delete: false,
      v1beta3: 'controllerManager:\n  extraArgs:\n    profiling: "false"',
      v1beta4: 'controllerManager:\n  extraArgs:\n  - name: profiling\n    value: "false"',
      edit: null,
    });
  });
});

function sample(): WorkspaceFile[] {
  const dir = `${contentRoot}/examples/kubeadm-v1.31`;
  return readdirSync(dir)
    .filter((n) => n.endsWith('.yaml'))
    .map((n) => file(`/etc/kubernetes/manifests/${n}`, readFileSync(`${dir}/${n}`, 'utf8')));
}

describe('the sample kubeadm v1.31 cluster', () => {
  it('passes what kubeadm satisfies and fails only what kubeadm knowingly leaves', async () => {
    const m = await audit(sample());
    expect(m.benchmark).toBe('cis-1.11');
    const failed = m.results.filter((r) => r.status === 'fail');
    expect(failed.every((r) => r.kubeadmDefault)).toBe(true);
    expect(failed.map((r) => r.peers.cis[0]).sort()).toEqual(
      [
        '1.2.1', // --anonymous-auth: kubeadm keeps the default (probes of /livez)
        '1.2.3', // DenyServiceExternalIPs
        '1.2.5', // --kubelet-certificate-authority: kubelets serve self-signed certificates by default
        '1.2.9', // EventRateLimit
        '1.2.11', // AlwaysPullImages
        '1.2.15', // --profiling
        '1.2.16',
        '1.2.17',
        '1.2.18',
        '1.2.19', // no audit log
        '1.2.27', // no encryption at rest
        '1.2.28', // and so no encryption provider
        '1.2.29', // Go's default cipher suites
        '1.2.30', // --service-account-extend-token-expiration
        '3.2.1', // no audit policy
        '1.3.2', // controller-manager --profiling
        '1.4.1', // scheduler --profiling
      ]
        .map((n) => `cis-1.11 ${n}`)
        .sort(),
    );
    const passed = m.results.filter((r) => r.status === 'pass').map((r) => r.peers.cis[0]);
    for (const n of [
      '1.2.4',
      '1.2.6',
      '1.2.7',
      '1.2.8',
      '1.2.14',
      '1.2.22',
      '1.2.25',
      '1.3.3',
      '1.3.7',
      '1.4.2',
      '2.1',
      '2.2',
      '2.5',
      '2.7',
    ])
      expect(passed, n).toContain(`cis-1.11 ${n}`);
    // older checks: not applicable in v1.31, with the release that removed them
    expect(m.results.find((r) => r.id === 'apiserver-insecure-port')).toMatchObject({
      status: 'not-applicable',
      notApplicable: { kind: 'flag-removed', version: '1.24' },
      peers: { cis: ['cis-1.6 1.2.19'], checkov: ['CKV_K8S_88'] },
    });
    expect(m.results.find((r) => r.id === 'apiserver-pod-security-policy')?.notApplicable).toEqual({
      kind: 'removed',
      what: 'PodSecurityPolicy',
      version: '1.25',
    });
    // file checks: manual, with the path the workspace gives
    expect(m.results.find((r) => r.id === 'apiserver-manifest-permissions')).toMatchObject({
      status: 'manual',
      expected: { kind: 'manual', what: '/etc/kubernetes/manifests/kube-apiserver.yaml' },
    });
    expect(m.results.find((r) => r.id === 'etcd-data-dir-permissions')?.expected).toEqual({
      kind: 'manual',
      what: '/var/lib/etcd',
    });
  });

  it('a benchmark can be picked: numbers and cipher lists follow it', async () => {
    const m = await audit(sample(), 'cis-1.12');
    expect(m.benchmark).toBe('cis-1.12');
    expect(m.results.find((r) => r.id === 'apiserver-profiling')?.peers.cis).toEqual(['cis-1.12 1.2.15']);
    const cbc = pod('kube-apiserver', '1.31.2', ['--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA']);
    const c11 = await audit([cbc], 'cis-1.11', [checkById('apiserver-tls-cipher-suites')!]);
    const c12 = await audit([cbc], 'cis-1.12', [checkById('apiserver-tls-cipher-suites')!]);
    expect(c11.results[0]?.status).toBe('pass');
    expect(c12.results[0]?.status).toBe('fail');
  });

  it("findings: one info finding per instance for kubeadm's own choices, none per check", async () => {
    const a = await analyseWorkspace(sample(), kb, {});
    const audits = a.findings.filter((f) => f.rule.startsWith('audit-'));
    expect(audits.map((f) => [f.rule, f.severity, f.params.component, f.params.count])).toEqual([
      ['audit-kubeadm-defaults', 'info', 'kube-apiserver', 15],
      ['audit-kubeadm-defaults', 'info', 'kube-controller-manager', 1],
      ['audit-kubeadm-defaults', 'info', 'kube-scheduler', 1],
    ]);
    expect(a.audit?.results.length).toBeGreaterThan(60);
  });

  it("a value changed away from kubeadm's is an audit-fail finding at its line", async () => {
    const files = sample().map((f) =>
      f.name.endsWith('kube-scheduler.yaml')
        ? { ...f, text: f.text.replace('--bind-address=127.0.0.1', '--bind-address=0.0.0.0') }
        : f,
    );
    const a = await analyseWorkspace(files, kb, {});
    const f = a.findings.find((x) => x.rule === 'audit-fail');
    expect(f).toMatchObject({
      severity: 'warning',
      params: { check: 'scheduler-bind-address', cis: 'cis-1.11 1.4.2' },
    });
    const text = files.find((x) => x.id === f!.fileId)!.text;
    expect(text.slice(f!.range.start, f!.range.end)).toBe('0.0.0.0');
  });
});
