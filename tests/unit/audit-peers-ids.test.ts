/**
 * Issue 14, the audit's peer ids and leftovers: every Kubescape C-* and Trivy KCV-* id of the check table as it was
 * read in the peers' own files (kubescape/regolibrary, aquasecurity/trivy-checks; docs/peers.md), the cis-1.11 check
 * 4.2.15 (IPAddressDeny, a setting of the kubelet's unit), 1.2.28 decided where configuration decides it, and the
 * kubelet unit with its drop-in as one instance (tests/fixtures/node-root).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import { analyseWorkspace } from '../../src/pipeline';
import {
  CHECKS,
  checkById,
  expectationMessage,
  runAudit,
  type AuditModel,
  type BenchmarkId,
} from '../../src/analysis/audit';
import type { WorkspaceFile } from '../../src/model/types';
import { file, loadKnowledgeBase, say } from '../helpers';

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await loadKnowledgeBase();
});

/** check id -> [Kubescape ids, Trivy ids], as docs/peers.md lists them with the files they were read in. */
const PEER_IDS: Record<string, [string[], string[]]> = {
  'apiserver-manifest-permissions': [['C-0092'], ['KCV-0048']],
  'apiserver-manifest-ownership': [['C-0093'], ['KCV-0049']],
  'controller-manager-manifest-permissions': [['C-0094'], ['KCV-0050']],
  'controller-manager-manifest-ownership': [['C-0095'], ['KCV-0051']],
  'scheduler-manifest-permissions': [['C-0096'], ['KCV-0052']],
  'scheduler-manifest-ownership': [['C-0097'], ['KCV-0053']],
  'etcd-manifest-permissions': [['C-0098'], ['KCV-0054']],
  'etcd-manifest-ownership': [['C-0099'], ['KCV-0055']],
  'cni-file-permissions': [['C-0100'], ['KCV-0056']],
  'cni-file-ownership': [['C-0101'], ['KCV-0057']],
  'etcd-data-dir-permissions': [['C-0102'], ['KCV-0058']],
  'etcd-data-dir-ownership': [['C-0103'], ['KCV-0059']],
  'admin-conf-permissions': [['C-0104'], ['KCV-0060']],
  'admin-conf-ownership': [['C-0105'], ['KCV-0061']],
  'scheduler-kubeconfig-permissions': [['C-0106'], ['KCV-0062']],
  'scheduler-kubeconfig-ownership': [['C-0107'], ['KCV-0063']],
  'controller-manager-kubeconfig-permissions': [['C-0108'], ['KCV-0064']],
  'controller-manager-kubeconfig-ownership': [['C-0109'], ['KCV-0065']],
  'pki-ownership': [['C-0110'], ['KCV-0066']],
  'pki-certificate-permissions': [['C-0111'], ['KCV-0068']],
  'pki-key-permissions': [['C-0112'], ['KCV-0067']],
  'apiserver-anonymous-auth': [['C-0113'], ['KCV-0001']],
  'apiserver-token-auth-file': [['C-0114'], ['KCV-0002']],
  'apiserver-deny-service-external-ips': [['C-0283'], []],
  'apiserver-kubelet-client-certificate': [['C-0116'], ['KCV-0005']],
  'apiserver-kubelet-certificate-authority': [['C-0117'], ['KCV-0006']],
  'apiserver-authorization-not-always-allow': [['C-0118'], ['KCV-0007']],
  'apiserver-authorization-node': [['C-0119'], ['KCV-0008']],
  'apiserver-authorization-rbac': [['C-0120'], ['KCV-0009']],
  'apiserver-event-rate-limit': [['C-0121'], ['KCV-0010']],
  'apiserver-always-admit': [['C-0122'], ['KCV-0011']],
  'apiserver-always-pull-images': [['C-0123'], ['KCV-0012']],
  'apiserver-service-account-plugin': [['C-0125'], ['KCV-0014']],
  'apiserver-namespace-lifecycle': [['C-0126'], ['KCV-0015']],
  'apiserver-node-restriction': [['C-0127'], ['KCV-0016']],
  'apiserver-profiling': [['C-0129'], ['KCV-0018']],
  'apiserver-audit-log-path': [['C-0130'], ['KCV-0019']],
  'apiserver-audit-log-maxage': [['C-0131'], ['KCV-0020']],
  'apiserver-audit-log-maxbackup': [['C-0132'], ['KCV-0021']],
  'apiserver-audit-log-maxsize': [['C-0133'], ['KCV-0022']],
  'apiserver-request-timeout': [['C-0134'], []],
  'apiserver-service-account-lookup': [['C-0135'], ['KCV-0024']],
  'apiserver-service-account-key-file': [['C-0136'], ['KCV-0025']],
  'apiserver-etcd-client-certificate': [['C-0137'], ['KCV-0026']],
  'apiserver-tls-certificate': [['C-0138'], ['KCV-0027']],
  'apiserver-client-ca-file': [['C-0139'], ['KCV-0028']],
  'apiserver-etcd-cafile': [['C-0140'], ['KCV-0029']],
  'apiserver-encryption-provider-config': [['C-0141'], ['KCV-0030']],
  'apiserver-encryption-providers': [['C-0142'], []],
  'apiserver-tls-cipher-suites': [['C-0277', 'C-0143'], []],
  'apiserver-service-account-extend-token-expiration': [['C-0290'], []],
  'apiserver-audit-policy-file': [['C-0160'], []],
  'apiserver-basic-auth-file': [[], []],
  'apiserver-kubelet-https': [[], ['KCV-0004']],
  'apiserver-security-context-deny': [['C-0124'], ['KCV-0013']],
  'apiserver-pod-security-policy': [['C-0068'], []],
  'apiserver-insecure-bind-address': [[], []],
  'apiserver-insecure-port': [['C-0005'], []],
  'apiserver-secure-port': [['C-0128'], ['KCV-0017']],
  'apiserver-repair-malformed-updates': [[], []],
  'apiserver-insecure-allow-any-token': [[], []],
  'controller-manager-terminated-pod-gc-threshold': [['C-0144'], ['KCV-0033']],
  'controller-manager-profiling': [['C-0145'], ['KCV-0034']],
  'controller-manager-use-service-account-credentials': [['C-0146'], ['KCV-0035']],
  'controller-manager-service-account-private-key-file': [['C-0147'], ['KCV-0036']],
  'controller-manager-root-ca-file': [['C-0148'], ['KCV-0037']],
  'controller-manager-rotate-kubelet-server-certificate': [['C-0149'], ['KCV-0038']],
  'controller-manager-bind-address': [['C-0150'], ['KCV-0039']],
  'scheduler-profiling': [['C-0151'], ['KCV-0040']],
  'scheduler-bind-address': [['C-0152'], ['KCV-0041']],
  'etcd-client-tls': [['C-0153'], ['KCV-0042']],
  'etcd-client-cert-auth': [['C-0154'], ['KCV-0043']],
  'etcd-auto-tls': [['C-0155'], ['KCV-0044']],
  'etcd-peer-tls': [['C-0156'], ['KCV-0045']],
  'etcd-peer-client-cert-auth': [['C-0157'], ['KCV-0046']],
  'etcd-peer-auto-tls': [['C-0158'], ['KCV-0047']],
  'etcd-unique-ca': [['C-0159'], []],
  'kubelet-service-file-permissions': [['C-0162'], ['KCV-0069']],
  'kubelet-service-file-ownership': [['C-0163'], ['KCV-0070']],
  'proxy-kubeconfig-permissions': [['C-0164'], ['KCV-0071']],
  'proxy-kubeconfig-ownership': [['C-0165'], ['KCV-0072']],
  'kubelet-kubeconfig-permissions': [['C-0166'], ['KCV-0073']],
  'kubelet-kubeconfig-ownership': [['C-0167'], ['KCV-0074']],
  'kubelet-client-ca-permissions': [['C-0168'], ['KCV-0075']],
  'kubelet-client-ca-ownership': [['C-0169'], ['KCV-0076']],
  'kubelet-config-file-permissions': [['C-0170'], ['KCV-0077']],
  'kubelet-config-file-ownership': [['C-0171'], ['KCV-0078']],
  'kubelet-anonymous-auth': [['C-0172'], ['KCV-0079']],
  'kubelet-authorization-mode': [['C-0173'], ['KCV-0080']],
  'kubelet-client-ca-file': [['C-0174'], ['KCV-0081']],
  'kubelet-read-only-port': [['C-0175'], ['KCV-0082']],
  'kubelet-streaming-connection-idle-timeout': [['C-0176'], ['KCV-0085']],
  'kubelet-make-iptables-util-chains': [['C-0178'], ['KCV-0084']],
  'kubelet-hostname-override': [['C-0179'], ['KCV-0086']],
  'kubelet-event-qps': [['C-0180'], ['KCV-0087']],
  'kubelet-tls-certificate': [['C-0181'], ['KCV-0088', 'KCV-0089']],
  'kubelet-rotate-certificates': [['C-0182'], ['KCV-0090']],
  'kubelet-rotate-server-certificate-gate': [['C-0183'], ['KCV-0091']],
  'kubelet-tls-cipher-suites': [['C-0184'], ['KCV-0092']],
  'kubelet-pod-max-pids': [['C-0284'], []],
  'kubelet-seccomp-default': [[], []],
  'kubelet-ip-address-deny': [[], []],
  'kubelet-protect-kernel-defaults': [['C-0177'], ['KCV-0083']],
  'proxy-metrics-bind-address': [['C-0291'], []],
};

async function audit(files: WorkspaceFile[], benchmark?: BenchmarkId): Promise<AuditModel> {
  const a = await analyseWorkspace(files, kb, {});
  const texts = new Map(files.map((f) => [f.id, f.text]));
  return runAudit(
    { files: a.files, instances: a.instances, kb, text: (id) => texts.get(id) },
    benchmark ? { benchmark } : {},
  );
}

const apiserver = (flags: readonly string[]) =>
  file(
    'kube-apiserver.yaml',
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: kube-apiserver',
      '  namespace: kube-system',
      'spec:',
      '  containers:',
      '  - command:',
      '    - kube-apiserver',
      ...flags.map((f) => `    - ${f}`),
      '    image: registry.k8s.io/kube-apiserver:v1.31.2',
      '    name: kube-apiserver',
      '',
    ].join('\n'),
  );

describe('peer ids of the check table', () => {
  it('every check has the Kubescape and Trivy ids read in their files, and only those', () => {
    expect(CHECKS.map((c) => c.id).sort()).toEqual(Object.keys(PEER_IDS).sort());
    for (const c of CHECKS) {
      const [kubescape, trivy] = PEER_IDS[c.id]!;
      expect(c.peers.kubescape ?? [], c.id).toEqual(kubescape);
      expect(c.peers.trivy ?? [], c.id).toEqual(trivy);
    }
  });

  it('ids are well formed and no id stands for two checks but the shared ones', () => {
    const owners = new Map<string, string[]>();
    for (const c of CHECKS)
      for (const id of [...(c.peers.kubescape ?? []), ...(c.peers.trivy ?? [])]) {
        expect(id, c.id).toMatch(/^(C-\d{4}|KCV-\d{4})$/);
        owners.set(id, [...(owners.get(id) ?? []), c.id]);
      }
    expect([...owners].filter(([, ids]) => ids.length > 1)).toEqual([]);
  });

  it('the opposite expectation is not recorded: KCV-0003 and C-0115 fail when DenyServiceExternalIPs is on', () => {
    const all = CHECKS.flatMap((c) => [...(c.peers.kubescape ?? []), ...(c.peers.trivy ?? [])]);
    expect(all).not.toContain('KCV-0003');
    expect(all).not.toContain('C-0115');
    // the scheduler's --profiling is KCV-0040 (scheduler/profiling.rego), not the KCV-0034 of the compliance spec
    expect(checkById('scheduler-profiling')?.peers.trivy).toEqual(['KCV-0040']);
  });

  it('the results carry them (the CLI JSON: sarif.test.ts)', async () => {
    const m = await audit([apiserver(['--profiling=true'])]);
    const profiling = m.results.find((r) => r.id === 'apiserver-profiling')!;
    expect(profiling.peers).toMatchObject({ kubescape: ['C-0129'], trivy: ['KCV-0018'] });
  });
});

describe('1.2.28 encryption providers', () => {
  it('fails without --encryption-provider-config (no provider encrypts), with the fix of 1.2.27', async () => {
    const m = await audit([apiserver(['--profiling=false'])]);
    const r = m.results.find((x) => x.id === 'apiserver-encryption-providers')!;
    expect(r.status).toBe('fail');
    expect(r.expected).toEqual({ kind: 'set', flag: 'encryption-provider-config' });
    expect(r.fix?.change).toEqual({
      kind: 'set',
      flag: 'encryption-provider-config',
      value: '/etc/kubernetes/enc/encryption-config.yaml',
    });
  });

  it('with the flag and the file it names not in the workspace, the file is read by hand', async () => {
    const m = await audit([apiserver(['--encryption-provider-config=/etc/kubernetes/enc/enc.yaml'])]);
    const r = m.results.find((x) => x.id === 'apiserver-encryption-providers')!;
    expect(r.status).toBe('manual');
    expect(r.expected).toEqual({ kind: 'manual', what: '/etc/kubernetes/enc/enc.yaml' });
    expect(r.fix).toBeNull();
  });

  const encryption = (providers: string, resources = '[secrets]') =>
    [
      'apiVersion: apiserver.config.k8s.io/v1',
      'kind: EncryptionConfiguration',
      'resources:',
      '  - resources: [configmaps]',
      '    providers:',
      '      - identity: {}',
      `  - resources: ${resources}`,
      '    providers:',
      providers,
      '',
    ].join('\n');
  const KEY =
    '      - aescbc:\n          keys:\n            - name: key1\n              secret: c2VjcmV0IGlzIHNlY3VyZSwgb3IgaXMgaXQ/Cg==';
  const run = async (enc: string | null, name = '/etc/kubernetes/enc/enc.yaml') => {
    const files = [apiserver(['--encryption-provider-config=/etc/kubernetes/enc/enc.yaml'])];
    if (enc !== null) files.push(file(name, enc));
    const m = await audit(files);
    return m.results.find((x) => x.id === 'apiserver-encryption-providers')!;
  };

  it('with the file in the workspace: its first provider for Secrets decides', async () => {
    const pass = await run(encryption(`${KEY}\n      - identity: {}`));
    expect(pass.status).toBe('pass');
    expect(pass.expected).toMatchObject({ kind: 'encrypts', found: 'aescbc', file: '/etc/kubernetes/enc/enc.yaml' });
    const fail = await run(encryption(`      - identity: {}\n${KEY}`));
    expect(fail.status).toBe('fail');
    expect(fail.expected).toMatchObject({ kind: 'encrypts', found: 'identity' });
    expect(say(expectationMessage(fail.expected))).toContain('its first provider for secrets is identity');
    // no key in the words
    expect(JSON.stringify(fail)).not.toContain('c2VjcmV0');
  });

  it('Secrets not listed are stored unencrypted; the wildcards of 1.27 cover them; a file by its name alone', async () => {
    const unlisted = await run(encryption(KEY, '[events]'));
    expect(unlisted).toMatchObject({ status: 'fail', expected: { kind: 'encrypts', found: null } });
    expect(say(expectationMessage(unlisted.expected))).toContain('stored unencrypted');
    expect((await run(encryption(KEY, "['*.*']"))).status).toBe('pass');
    expect((await run(encryption(KEY), 'enc.yaml')).status).toBe('pass');
    // another file, or text that is not an EncryptionConfiguration: by hand
    expect((await run(encryption(KEY), '/etc/kubernetes/other.yaml')).status).toBe('manual');
    expect((await run('kind: Pod\n')).status).toBe('manual');
  });
});

const ROOT = fileURLToPath(new URL('../fixtures/node-root', import.meta.url));
const nodeFile = (path: string) => file(path, readFileSync(`${ROOT}${path}`, 'utf8'), path, { host: 'cp-1' });
const KUBELET_FILES = [
  '/lib/systemd/system/kubelet.service',
  '/etc/systemd/system/kubelet.service.d/10-kubeadm.conf',
  '/var/lib/kubelet/kubeadm-flags.env',
  '/etc/default/kubelet',
  '/etc/kubernetes/kubelet-extra.env',
  '/var/lib/kubelet/config.yaml',
];

describe('cis-1.11 4.2.15: IPAddressDeny of the kubelet unit', () => {
  it('is a manual check of the unit in cis-1.11, and not in cis-1.12 or cis-2.0, which dropped it', async () => {
    const files = KUBELET_FILES.map(nodeFile);
    const old = await audit(files, 'cis-1.11');
    const r = old.results.filter((x) => x.id === 'kubelet-ip-address-deny');
    expect(r.map((x) => [x.status, x.peers.cis, x.peers.kubeBench, x.expected])).toEqual([
      [
        'manual',
        ['cis-1.11 4.2.15'],
        ['4.2.15'],
        { kind: 'manual', what: '/etc/systemd/system/kubelet.service.d/10-kubeadm.conf' },
      ],
    ]);
    for (const b of ['cis-1.12', 'cis-2.0'] as const)
      expect(
        (await audit(files, b)).results.some((x) => x.id === 'kubelet-ip-address-deny'),
        b,
      ).toBe(false);
  });
});

describe('a systemd unit and its drop-ins are one instance', () => {
  it('tests/fixtures/node-root: kubelet.service and kubelet.service.d/10-kubeadm.conf are one kubelet', async () => {
    const a = await analyseWorkspace(KUBELET_FILES.map(nodeFile), kb, {});
    const kubelets = a.instances.filter((i) => i.component === 'kubelet');
    expect(kubelets.map((i) => i.id)).toEqual(['kubelet@cp-1']);
    // the drop-in's ExecStart runs: it is the instance's command, the base unit is part of it
    expect(kubelets[0]!.documents.map((d) => [d.label, d.role])).toEqual([
      ['10-kubeadm.conf', 'command'],
      ['kubelet.service', 'command'],
      ['KubeletConfiguration (kubelet)', 'config'],
    ]);
    // one verdict per check for the node, not two
    const m = await audit(KUBELET_FILES.map(nodeFile));
    expect(m.results.filter((r) => r.id === 'kubelet-anonymous-auth')).toHaveLength(1);
  });

  it('systemctl cat output (the unit and its drop-in in one file) is one instance too', async () => {
    const base = readFileSync(`${ROOT}/lib/systemd/system/kubelet.service`, 'utf8');
    const dropIn = readFileSync(`${ROOT}/etc/systemd/system/kubelet.service.d/10-kubeadm.conf`, 'utf8');
    const text = `# /lib/systemd/system/kubelet.service\n${base}\n# /etc/systemd/system/kubelet.service.d/10-kubeadm.conf\n${dropIn}`;
    const a = await analyseWorkspace([file('systemctl-cat-kubelet.txt', text)], kb, {});
    expect(a.instances.filter((i) => i.component === 'kubelet')).toHaveLength(1);
  });

  it("a base unit whose ExecStart the drop-in replaces adds none of its flags; two nodes' copies stay two", async () => {
    const base = readFileSync(`${ROOT}/lib/systemd/system/kubelet.service`, 'utf8').replace(
      'ExecStart=/usr/bin/kubelet',
      'ExecStart=/usr/bin/kubelet --read-only-port=10255',
    );
    const dropIn = readFileSync(`${ROOT}/etc/systemd/system/kubelet.service.d/10-kubeadm.conf`, 'utf8');
    for (const order of [
      [
        file('/lib/systemd/system/kubelet.service', base, 'b'),
        file('/etc/systemd/system/kubelet.service.d/10-kubeadm.conf', dropIn, 'd'),
      ],
      [
        file('/etc/systemd/system/kubelet.service.d/10-kubeadm.conf', dropIn, 'd'),
        file('/lib/systemd/system/kubelet.service', base, 'b'),
      ],
    ]) {
      const a = await analyseWorkspace(order, kb, {});
      const kubelets = a.instances.filter((i) => i.component === 'kubelet');
      expect(kubelets.map((i) => i.documents.map((d) => d.label))).toEqual([['10-kubeadm.conf']]);
    }
    const nodes = await analyseWorkspace(
      [
        file('a/kubelet.service', base, 'a1'),
        file('a/10-kubeadm.conf', dropIn, 'a2'),
        file('b/kubelet.service', base, 'b1'),
        file('b/10-kubeadm.conf', dropIn, 'b2'),
      ],
      kb,
      {},
    );
    expect(nodes.instances.filter((i) => i.component === 'kubelet').map((i) => i.id)).toEqual([
      'kubelet@a',
      'kubelet@b',
    ]);
  });
});
