/**
 * The check table: one typed row per check of the CIS Kubernetes Benchmark that configuration can decide
 * (kube-bench cfg/cis-1.11 and cfg/cis-1.12, the same numbers in CIS v2.0), for kube-apiserver (1.2, 3.2),
 * kube-controller-manager (1.3), kube-scheduler (1.4), etcd (2), the kubelet (4.2, flags and KubeletConfiguration
 * fields) and kube-proxy (4.3), the file checks (1.1, 4.1) as manual checks with the path read from the instance,
 * and the checks of older benchmarks (cis-1.6) whose flags still appear in old clusters, which apply only to the
 * versions where their flag or plugin exists.
 *
 * A row's flags are checked against the flag catalogues by the type checker (FlagName). The words are in
 * content/<lang>/checks.yaml under the row's id (tests/unit/audit-content.test.ts keeps them in step). Peer ids:
 * kube-bench's check id (cis-1.12 numbering), Checkov's CKV_K8S_* (../shared/peers/checkov, compared by
 * `npm run peers`), Kubescape's C-* and Trivy's KCV-*, each read in the peer's own files (docs/peers.md lists every
 * mapping and where the peer is stricter or looser than the row):
 *   - Kubescape, kubescape/regolibrary: frameworks/cis-v1.12.0.json (each control's CIS number and title, which name
 *     the flag and the expectation), frameworks/cis-v1.23-t1.0.1.json for the numbers of older benchmarks (C-0124
 *     SecurityContextDeny, C-0128 --secure-port, C-0143 the API server's ciphers, C-0177 --protect-kernel-defaults),
 *     controls/C-0005-apiserverinsecureportisenabled.json with rules/insecure-port-flag/raw.rego and
 *     controls/C-0068-pspenabled.json with rules/psp-enabled-native/raw.rego (no CIS number);
 *   - Trivy, aquasecurity/trivy-checks: checks/kubernetes/cisbenchmarks/<apiserver|controllermamager|scheduler|etcd|
 *     kubelet|cni>/*.rego, the METADATA `avd_id` and the flag or node-info field each rule tests
 *     (pkg/compliance/k8s-cis-1.23.yaml maps them to CIS numbers; its 1.4.1 entry names KCV-0034, which is the
 *     controller manager's --profiling in controllermamager/profiling.rego: the scheduler's is KCV-0040).
 * A peer control that asks for the opposite is not recorded: Trivy's KCV-0003 and Kubescape's C-0115 fail when
 * DenyServiceExternalIPs is enabled (CIS 1.23's wording), where the current benchmark asks for it.
 */
import type { ComponentId } from '../../model/types';
import {
  admissionEnabled,
  admissionNotDisabled,
  admissionNotEnabled,
  all,
  any,
  atLeast,
  encryptionVerdict,
  equals,
  excludes,
  gate,
  includes,
  isSet,
  itemsOf,
  manual,
  notEquals,
  notSet,
  onlyItems,
} from './conditions';
import type { BenchmarkId, CheckContext, CheckDef, Verdict } from './model';

/** A row, typed by its component (its flags are that component's). */
export function defineCheck<C extends ComponentId>(row: CheckDef<C>): CheckDef {
  return row;
}

/** The same number in every benchmark the audit knows. */
const cis = (n: string) => ({ 'cis-1.11': n, 'cis-1.12': n, 'cis-2.0': n }) as const;

const STRONG_CIPHERS_1_12 = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
];
/** cis-1.11 also allowed the four ECDHE CBC-SHA suites. */
const STRONG_CIPHERS_1_11 = [
  ...STRONG_CIPHERS_1_12,
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
];
const KUBELET_CIPHERS_1_12 = [
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
];
/** cis-1.11 also allowed the two RSA key-exchange GCM suites. */
const KUBELET_CIPHERS_1_11 = [
  ...KUBELET_CIPHERS_1_12,
  'TLS_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_RSA_WITH_AES_128_GCM_SHA256',
];

const ciphersFor = (b: BenchmarkId, older: readonly string[], newer: readonly string[]) =>
  b === 'cis-1.11' ? older : newer;

/** The path a flag names, else `fallback` (kubeadm's layout). */
const pathOf = (c: CheckContext, flag: string, fallback: string | null) => {
  const f = c.flag(flag);
  return f.value !== null && f.value.trim() !== '' ? f.value.trim() : fallback;
};
const commandFileOr = (c: CheckContext, fallback: string) =>
  c.commandFile !== null && c.commandFile.startsWith('/') ? c.commandFile : fallback;
const dirOf = (p: string | null) => (p && p.includes('/') ? p.slice(0, p.lastIndexOf('/')) || '/' : p);

const AUDIT_LOG = '/var/log/kubernetes/audit/audit.log';

/**
 * The API server's authorizers: `--authorization-mode` as written, else AlwaysAllow (the binary's default without
 * `--authorization-config`, supplied by the evaluator); with `--authorization-config` the chain is in that file.
 */
function authorizers(c: CheckContext, test: (c: CheckContext) => Verdict): Verdict {
  const config = c.flag('authorization-config');
  if (!c.flag('authorization-mode').written && config.written) return manual(config.value);
  return test(c);
}

export const CHECKS: readonly CheckDef[] = [
  // ---- 1.1 control-plane files (manual: the audit reads configuration, not the file system) ----
  ...(
    [
      ['kube-apiserver', '1.1.1', 'perm', '/etc/kubernetes/manifests/kube-apiserver.yaml', 'C-0092', 'KCV-0048'],
      ['kube-apiserver', '1.1.2', 'owner', '/etc/kubernetes/manifests/kube-apiserver.yaml', 'C-0093', 'KCV-0049'],
      [
        'kube-controller-manager',
        '1.1.3',
        'perm',
        '/etc/kubernetes/manifests/kube-controller-manager.yaml',
        'C-0094',
        'KCV-0050',
      ],
      [
        'kube-controller-manager',
        '1.1.4',
        'owner',
        '/etc/kubernetes/manifests/kube-controller-manager.yaml',
        'C-0095',
        'KCV-0051',
      ],
      ['kube-scheduler', '1.1.5', 'perm', '/etc/kubernetes/manifests/kube-scheduler.yaml', 'C-0096', 'KCV-0052'],
      ['kube-scheduler', '1.1.6', 'owner', '/etc/kubernetes/manifests/kube-scheduler.yaml', 'C-0097', 'KCV-0053'],
      ['etcd', '1.1.7', 'perm', '/etc/kubernetes/manifests/etcd.yaml', 'C-0098', 'KCV-0054'],
      ['etcd', '1.1.8', 'owner', '/etc/kubernetes/manifests/etcd.yaml', 'C-0099', 'KCV-0055'],
    ] as const
  ).map(([component, n, what, fallback, kubescape, trivy]) =>
    defineCheck({
      id: `${component.replace(/^kube-/, '')}-manifest-${what === 'perm' ? 'permissions' : 'ownership'}`,
      component,
      flags: [],
      section: '1.1',
      severity: 'medium',
      manual: (c) => commandFileOr(c, fallback),
      peers: { cis: cis(n), kubeBench: [n], kubescape: [kubescape], trivy: [trivy] },
    }),
  ),
  defineCheck({
    id: 'cni-file-permissions',
    component: 'kube-apiserver',
    flags: [],
    section: '1.1',
    severity: 'low',
    manual: () => '/etc/cni/net.d',
    peers: { cis: cis('1.1.9'), kubeBench: ['1.1.9'], kubescape: ['C-0100'], trivy: ['KCV-0056'] },
  }),
  defineCheck({
    id: 'cni-file-ownership',
    component: 'kube-apiserver',
    flags: [],
    section: '1.1',
    severity: 'low',
    manual: () => '/etc/cni/net.d',
    peers: { cis: cis('1.1.10'), kubeBench: ['1.1.10'], kubescape: ['C-0101'], trivy: ['KCV-0057'] },
  }),
  defineCheck({
    id: 'etcd-data-dir-permissions',
    component: 'etcd',
    flags: ['data-dir'],
    section: '1.1',
    severity: 'medium',
    manual: (c) => pathOf(c, 'data-dir', '/var/lib/etcd'),
    peers: { cis: cis('1.1.11'), kubeBench: ['1.1.11'], kubescape: ['C-0102'], trivy: ['KCV-0058'] },
  }),
  defineCheck({
    id: 'etcd-data-dir-ownership',
    component: 'etcd',
    flags: ['data-dir'],
    section: '1.1',
    severity: 'medium',
    manual: (c) => pathOf(c, 'data-dir', '/var/lib/etcd'),
    peers: { cis: cis('1.1.12'), kubeBench: ['1.1.12'], kubescape: ['C-0103'], trivy: ['KCV-0059'] },
  }),
  defineCheck({
    id: 'admin-conf-permissions',
    component: 'kube-apiserver',
    flags: [],
    section: '1.1',
    severity: 'high',
    manual: () => '/etc/kubernetes/admin.conf',
    peers: { cis: cis('1.1.13'), kubeBench: ['1.1.13'], kubescape: ['C-0104'], trivy: ['KCV-0060'] },
  }),
  defineCheck({
    id: 'admin-conf-ownership',
    component: 'kube-apiserver',
    flags: [],
    section: '1.1',
    severity: 'high',
    manual: () => '/etc/kubernetes/admin.conf',
    peers: { cis: cis('1.1.14'), kubeBench: ['1.1.14'], kubescape: ['C-0105'], trivy: ['KCV-0061'] },
  }),
  defineCheck({
    id: 'scheduler-kubeconfig-permissions',
    component: 'kube-scheduler',
    flags: ['kubeconfig'],
    section: '1.1',
    severity: 'medium',
    manual: (c) => pathOf(c, 'kubeconfig', '/etc/kubernetes/scheduler.conf'),
    peers: { cis: cis('1.1.15'), kubeBench: ['1.1.15'], kubescape: ['C-0106'], trivy: ['KCV-0062'] },
  }),
  defineCheck({
    id: 'scheduler-kubeconfig-ownership',
    component: 'kube-scheduler',
    flags: ['kubeconfig'],
    section: '1.1',
    severity: 'medium',
    manual: (c) => pathOf(c, 'kubeconfig', '/etc/kubernetes/scheduler.conf'),
    peers: { cis: cis('1.1.16'), kubeBench: ['1.1.16'], kubescape: ['C-0107'], trivy: ['KCV-0063'] },
  }),
  defineCheck({
    id: 'controller-manager-kubeconfig-permissions',
    component: 'kube-controller-manager',
    flags: ['kubeconfig'],
    section: '1.1',
    severity: 'medium',
    manual: (c) => pathOf(c, 'kubeconfig', '/etc/kubernetes/controller-manager.conf'),
    peers: { cis: cis('1.1.17'), kubeBench: ['1.1.17'], kubescape: ['C-0108'], trivy: ['KCV-0064'] },
  }),
  defineCheck({
    id: 'controller-manager-kubeconfig-ownership',
    component: 'kube-controller-manager',
    flags: ['kubeconfig'],
    section: '1.1',
    severity: 'medium',
    manual: (c) => pathOf(c, 'kubeconfig', '/etc/kubernetes/controller-manager.conf'),
    peers: { cis: cis('1.1.18'), kubeBench: ['1.1.18'], kubescape: ['C-0109'], trivy: ['KCV-0065'] },
  }),
  defineCheck({
    id: 'pki-ownership',
    component: 'kube-apiserver',
    flags: ['tls-cert-file'],
    section: '1.1',
    severity: 'medium',
    manual: (c) => dirOf(pathOf(c, 'tls-cert-file', '/etc/kubernetes/pki/apiserver.crt')),
    peers: { cis: cis('1.1.19'), kubeBench: ['1.1.19'], kubescape: ['C-0110'], trivy: ['KCV-0066'] },
  }),
  defineCheck({
    id: 'pki-certificate-permissions',
    component: 'kube-apiserver',
    flags: ['tls-cert-file'],
    section: '1.1',
    severity: 'low',
    manual: (c) => dirOf(pathOf(c, 'tls-cert-file', '/etc/kubernetes/pki/apiserver.crt')),
    peers: { cis: cis('1.1.20'), kubeBench: ['1.1.20'], kubescape: ['C-0111'], trivy: ['KCV-0068'] },
  }),
  defineCheck({
    id: 'pki-key-permissions',
    component: 'kube-apiserver',
    flags: ['tls-private-key-file'],
    section: '1.1',
    severity: 'high',
    manual: (c) => dirOf(pathOf(c, 'tls-private-key-file', '/etc/kubernetes/pki/apiserver.key')),
    peers: { cis: cis('1.1.21'), kubeBench: ['1.1.21'], kubescape: ['C-0112'], trivy: ['KCV-0067'] },
  }),

  // ---- 1.2 kube-apiserver ----
  defineCheck({
    id: 'apiserver-anonymous-auth',
    component: 'kube-apiserver',
    flags: ['anonymous-auth'],
    section: '1.2',
    severity: 'medium',
    test: (c) => equals(c, 'anonymous-auth', 'false'),
    peers: {
      cis: cis('1.2.1'),
      kubeBench: ['1.2.1'],
      checkov: ['CKV_K8S_68'],
      kubescape: ['C-0113'],
      trivy: ['KCV-0001'],
    },
  }),
  defineCheck({
    id: 'apiserver-token-auth-file',
    component: 'kube-apiserver',
    flags: ['token-auth-file'],
    section: '1.2',
    severity: 'high',
    test: (c) => notSet(c, 'token-auth-file'),
    peers: {
      cis: cis('1.2.2'),
      kubeBench: ['1.2.2'],
      checkov: ['CKV_K8S_70'],
      kubescape: ['C-0114'],
      trivy: ['KCV-0002'],
    },
  }),
  defineCheck({
    id: 'apiserver-deny-service-external-ips',
    component: 'kube-apiserver',
    flags: ['enable-admission-plugins', 'admission-control'],
    section: '1.2',
    severity: 'low',
    test: (c) => admissionEnabled(c, 'DenyServiceExternalIPs'),
    peers: { cis: cis('1.2.3'), kubeBench: ['1.2.3'], kubescape: ['C-0283'] },
  }),
  defineCheck({
    id: 'apiserver-kubelet-client-certificate',
    component: 'kube-apiserver',
    flags: ['kubelet-client-certificate', 'kubelet-client-key'],
    section: '1.2',
    severity: 'high',
    test: (c) =>
      all(
        isSet(c, 'kubelet-client-certificate', '/etc/kubernetes/pki/apiserver-kubelet-client.crt'),
        isSet(c, 'kubelet-client-key', '/etc/kubernetes/pki/apiserver-kubelet-client.key'),
      ),
    peers: {
      cis: cis('1.2.4'),
      kubeBench: ['1.2.4'],
      checkov: ['CKV_K8S_72'],
      kubescape: ['C-0116'],
      trivy: ['KCV-0005'],
    },
  }),
  defineCheck({
    id: 'apiserver-kubelet-certificate-authority',
    component: 'kube-apiserver',
    flags: ['kubelet-certificate-authority'],
    section: '1.2',
    severity: 'medium',
    test: (c) => isSet(c, 'kubelet-certificate-authority', '/etc/kubernetes/pki/ca.crt'),
    peers: {
      cis: cis('1.2.5'),
      kubeBench: ['1.2.5'],
      checkov: ['CKV_K8S_73'],
      kubescape: ['C-0117'],
      trivy: ['KCV-0006'],
    },
  }),
  defineCheck({
    id: 'apiserver-authorization-not-always-allow',
    component: 'kube-apiserver',
    flags: ['authorization-mode', 'authorization-config'],
    section: '1.2',
    severity: 'high',
    test: (c) =>
      authorizers(c, (x) => {
        const v = excludes(x, 'authorization-mode', 'AlwaysAllow');
        // without AlwaysAllow, the rest of the chain; nothing left (or nothing written) would be AlwaysAllow again
        const rest = itemsOf(x.flag('authorization-mode')).filter((m) => m !== 'AlwaysAllow');
        const value = x.flag('authorization-mode').written && rest.length > 0 ? rest.join(',') : 'Node,RBAC';
        return v.status === 'fail' ? { ...v, change: { kind: 'set', flag: 'authorization-mode', value } } : v;
      }),
    peers: {
      cis: cis('1.2.6'),
      kubeBench: ['1.2.6'],
      checkov: ['CKV_K8S_74'],
      kubescape: ['C-0118'],
      trivy: ['KCV-0007'],
    },
  }),
  defineCheck({
    id: 'apiserver-authorization-node',
    component: 'kube-apiserver',
    flags: ['authorization-mode', 'authorization-config'],
    section: '1.2',
    severity: 'high',
    test: (c) => authorizers(c, (x) => includes(x, 'authorization-mode', 'Node')),
    peers: {
      cis: cis('1.2.7'),
      kubeBench: ['1.2.7'],
      checkov: ['CKV_K8S_75'],
      kubescape: ['C-0119'],
      trivy: ['KCV-0008'],
    },
  }),
  defineCheck({
    id: 'apiserver-authorization-rbac',
    component: 'kube-apiserver',
    flags: ['authorization-mode', 'authorization-config'],
    section: '1.2',
    severity: 'high',
    test: (c) => authorizers(c, (x) => includes(x, 'authorization-mode', 'RBAC')),
    peers: {
      cis: cis('1.2.8'),
      kubeBench: ['1.2.8'],
      checkov: ['CKV_K8S_77'],
      kubescape: ['C-0120'],
      trivy: ['KCV-0009'],
    },
  }),
  defineCheck({
    id: 'apiserver-event-rate-limit',
    component: 'kube-apiserver',
    flags: ['enable-admission-plugins', 'admission-control-config-file', 'admission-control'],
    section: '1.2',
    severity: 'low',
    test: (c) =>
      all(
        admissionEnabled(c, 'EventRateLimit'),
        isSet(c, 'admission-control-config-file', '/etc/kubernetes/admission-control.yaml'),
      ),
    peers: {
      cis: cis('1.2.9'),
      kubeBench: ['1.2.9'],
      checkov: ['CKV_K8S_78'],
      kubescape: ['C-0121'],
      trivy: ['KCV-0010'],
    },
  }),
  defineCheck({
    id: 'apiserver-always-admit',
    component: 'kube-apiserver',
    flags: ['enable-admission-plugins', 'admission-control'],
    section: '1.2',
    severity: 'high',
    test: (c) => admissionNotEnabled(c, 'AlwaysAdmit'),
    peers: {
      cis: cis('1.2.10'),
      kubeBench: ['1.2.10'],
      checkov: ['CKV_K8S_79'],
      kubescape: ['C-0122'],
      trivy: ['KCV-0011'],
    },
  }),
  defineCheck({
    id: 'apiserver-always-pull-images',
    component: 'kube-apiserver',
    flags: ['enable-admission-plugins', 'admission-control'],
    section: '1.2',
    severity: 'low',
    test: (c) => admissionEnabled(c, 'AlwaysPullImages'),
    peers: {
      cis: cis('1.2.11'),
      kubeBench: ['1.2.11'],
      checkov: ['CKV_K8S_80'],
      kubescape: ['C-0123'],
      trivy: ['KCV-0012'],
    },
  }),
  defineCheck({
    id: 'apiserver-service-account-plugin',
    component: 'kube-apiserver',
    flags: ['disable-admission-plugins', 'admission-control'],
    section: '1.2',
    severity: 'medium',
    test: (c) => admissionNotDisabled(c, 'ServiceAccount'),
    peers: {
      cis: cis('1.2.12'),
      kubeBench: ['1.2.12'],
      checkov: ['CKV_K8S_82'],
      kubescape: ['C-0125'],
      trivy: ['KCV-0014'],
    },
  }),
  defineCheck({
    id: 'apiserver-namespace-lifecycle',
    component: 'kube-apiserver',
    flags: ['disable-admission-plugins', 'admission-control'],
    section: '1.2',
    severity: 'medium',
    test: (c) => admissionNotDisabled(c, 'NamespaceLifecycle'),
    peers: {
      cis: cis('1.2.13'),
      kubeBench: ['1.2.13'],
      checkov: ['CKV_K8S_83'],
      kubescape: ['C-0126'],
      trivy: ['KCV-0015'],
    },
  }),
  defineCheck({
    id: 'apiserver-node-restriction',
    component: 'kube-apiserver',
    flags: ['enable-admission-plugins', 'admission-control'],
    section: '1.2',
    severity: 'high',
    test: (c) => admissionEnabled(c, 'NodeRestriction'),
    peers: {
      cis: cis('1.2.14'),
      kubeBench: ['1.2.14'],
      checkov: ['CKV_K8S_85'],
      kubescape: ['C-0127'],
      trivy: ['KCV-0016'],
    },
  }),
  defineCheck({
    id: 'apiserver-profiling',
    component: 'kube-apiserver',
    flags: ['profiling'],
    section: '1.2',
    severity: 'low',
    test: (c) => equals(c, 'profiling', 'false'),
    peers: {
      cis: cis('1.2.15'),
      kubeBench: ['1.2.15'],
      checkov: ['CKV_K8S_90'],
      kubescape: ['C-0129'],
      trivy: ['KCV-0018'],
    },
  }),
  defineCheck({
    id: 'apiserver-audit-log-path',
    component: 'kube-apiserver',
    flags: ['audit-log-path'],
    section: '1.2',
    severity: 'medium',
    test: (c) => isSet(c, 'audit-log-path', AUDIT_LOG),
    peers: {
      cis: cis('1.2.16'),
      kubeBench: ['1.2.16'],
      checkov: ['CKV_K8S_91'],
      kubescape: ['C-0130'],
      trivy: ['KCV-0019'],
    },
  }),
  defineCheck({
    id: 'apiserver-audit-log-maxage',
    component: 'kube-apiserver',
    flags: ['audit-log-maxage'],
    section: '1.2',
    severity: 'low',
    test: (c) => atLeast(c, 'audit-log-maxage', 30),
    peers: {
      cis: cis('1.2.17'),
      kubeBench: ['1.2.17'],
      checkov: ['CKV_K8S_92'],
      kubescape: ['C-0131'],
      trivy: ['KCV-0020'],
    },
  }),
  defineCheck({
    id: 'apiserver-audit-log-maxbackup',
    component: 'kube-apiserver',
    flags: ['audit-log-maxbackup'],
    section: '1.2',
    severity: 'low',
    test: (c) => atLeast(c, 'audit-log-maxbackup', 10),
    peers: {
      cis: cis('1.2.18'),
      kubeBench: ['1.2.18'],
      checkov: ['CKV_K8S_93'],
      kubescape: ['C-0132'],
      trivy: ['KCV-0021'],
    },
  }),
  defineCheck({
    id: 'apiserver-audit-log-maxsize',
    component: 'kube-apiserver',
    flags: ['audit-log-maxsize'],
    section: '1.2',
    severity: 'low',
    test: (c) => atLeast(c, 'audit-log-maxsize', 100),
    peers: {
      cis: cis('1.2.19'),
      kubeBench: ['1.2.19'],
      checkov: ['CKV_K8S_94'],
      kubescape: ['C-0133'],
      trivy: ['KCV-0022'],
    },
  }),
  defineCheck({
    id: 'apiserver-request-timeout',
    component: 'kube-apiserver',
    flags: ['request-timeout'],
    section: '1.2',
    severity: 'low',
    manual: (c) => c.flag('request-timeout').value,
    peers: { cis: cis('1.2.20'), kubeBench: ['1.2.20'], checkov: ['CKV_K8S_95'], kubescape: ['C-0134'] },
  }),
  defineCheck({
    id: 'apiserver-service-account-lookup',
    component: 'kube-apiserver',
    flags: ['service-account-lookup'],
    section: '1.2',
    severity: 'medium',
    test: (c) => equals(c, 'service-account-lookup', 'true'),
    peers: {
      cis: cis('1.2.21'),
      kubeBench: ['1.2.21'],
      checkov: ['CKV_K8S_96'],
      kubescape: ['C-0135'],
      trivy: ['KCV-0024'],
    },
  }),
  defineCheck({
    id: 'apiserver-service-account-key-file',
    component: 'kube-apiserver',
    flags: ['service-account-key-file'],
    section: '1.2',
    severity: 'high',
    test: (c) => isSet(c, 'service-account-key-file', '/etc/kubernetes/pki/sa.pub'),
    peers: {
      cis: cis('1.2.22'),
      kubeBench: ['1.2.22'],
      checkov: ['CKV_K8S_97'],
      kubescape: ['C-0136'],
      trivy: ['KCV-0025'],
    },
  }),
  defineCheck({
    id: 'apiserver-etcd-client-certificate',
    component: 'kube-apiserver',
    flags: ['etcd-certfile', 'etcd-keyfile'],
    section: '1.2',
    severity: 'high',
    test: (c) =>
      all(
        isSet(c, 'etcd-certfile', '/etc/kubernetes/pki/apiserver-etcd-client.crt'),
        isSet(c, 'etcd-keyfile', '/etc/kubernetes/pki/apiserver-etcd-client.key'),
      ),
    peers: {
      cis: cis('1.2.23'),
      kubeBench: ['1.2.23'],
      checkov: ['CKV_K8S_99'],
      kubescape: ['C-0137'],
      trivy: ['KCV-0026'],
    },
  }),
  defineCheck({
    id: 'apiserver-tls-certificate',
    component: 'kube-apiserver',
    flags: ['tls-cert-file', 'tls-private-key-file'],
    section: '1.2',
    severity: 'medium',
    test: (c) =>
      all(
        isSet(c, 'tls-cert-file', '/etc/kubernetes/pki/apiserver.crt'),
        isSet(c, 'tls-private-key-file', '/etc/kubernetes/pki/apiserver.key'),
      ),
    peers: {
      cis: cis('1.2.24'),
      kubeBench: ['1.2.24'],
      checkov: ['CKV_K8S_100'],
      kubescape: ['C-0138'],
      trivy: ['KCV-0027'],
    },
  }),
  defineCheck({
    id: 'apiserver-client-ca-file',
    component: 'kube-apiserver',
    flags: ['client-ca-file'],
    section: '1.2',
    severity: 'high',
    test: (c) => isSet(c, 'client-ca-file', '/etc/kubernetes/pki/ca.crt'),
    peers: { cis: cis('1.2.25'), kubeBench: ['1.2.25'], kubescape: ['C-0139'], trivy: ['KCV-0028'] },
  }),
  defineCheck({
    id: 'apiserver-etcd-cafile',
    component: 'kube-apiserver',
    flags: ['etcd-cafile'],
    section: '1.2',
    severity: 'high',
    test: (c) => isSet(c, 'etcd-cafile', '/etc/kubernetes/pki/etcd/ca.crt'),
    peers: {
      cis: cis('1.2.26'),
      kubeBench: ['1.2.26'],
      checkov: ['CKV_K8S_102'],
      kubescape: ['C-0140'],
      trivy: ['KCV-0029'],
    },
  }),
  defineCheck({
    id: 'apiserver-encryption-provider-config',
    component: 'kube-apiserver',
    flags: ['encryption-provider-config'],
    section: '1.2',
    severity: 'medium',
    test: (c) => isSet(c, 'encryption-provider-config', '/etc/kubernetes/enc/encryption-config.yaml'),
    peers: {
      cis: cis('1.2.27'),
      kubeBench: ['1.2.27'],
      checkov: ['CKV_K8S_104'],
      kubescape: ['C-0141'],
      trivy: ['KCV-0030'],
    },
  }),
  defineCheck({
    id: 'apiserver-encryption-providers',
    component: 'kube-apiserver',
    flags: ['encryption-provider-config'],
    section: '1.2',
    severity: 'medium',
    // kube-bench reads the providers of the file --encryption-provider-config names and fails when there is none:
    // without the flag no provider encrypts anything (fail, the same fix as 1.2.27); with it, the file's providers
    // are read when the file is in the workspace (encryptionVerdict), by hand when it is not
    test: (c) => {
      const set = isSet(c, 'encryption-provider-config', '/etc/kubernetes/enc/encryption-config.yaml');
      if (set.status !== 'pass') return set;
      const path = c.flag('encryption-provider-config').value;
      const file = path ? c.file(path) : null;
      return (file && encryptionVerdict(file)) ?? manual(path);
    },
    peers: { cis: cis('1.2.28'), kubeBench: ['1.2.28'], kubescape: ['C-0142'] },
  }),
  defineCheck({
    id: 'apiserver-tls-cipher-suites',
    component: 'kube-apiserver',
    flags: ['tls-cipher-suites'],
    section: '1.2',
    severity: 'low',
    test: (c) =>
      onlyItems(
        c,
        'tls-cipher-suites',
        ciphersFor(c.benchmark, STRONG_CIPHERS_1_11, STRONG_CIPHERS_1_12),
        STRONG_CIPHERS_1_12,
      ),
    peers: { cis: cis('1.2.29'), kubeBench: ['1.2.29'], checkov: ['CKV_K8S_105'], kubescape: ['C-0277', 'C-0143'] },
  }),
  defineCheck({
    id: 'apiserver-service-account-extend-token-expiration',
    component: 'kube-apiserver',
    flags: ['service-account-extend-token-expiration'],
    section: '1.2',
    severity: 'low',
    test: (c) => equals(c, 'service-account-extend-token-expiration', 'false'),
    peers: { cis: cis('1.2.30'), kubeBench: ['1.2.30'], kubescape: ['C-0290'] },
  }),
  // ---- 3.2 logging ----
  defineCheck({
    id: 'apiserver-audit-policy-file',
    component: 'kube-apiserver',
    flags: ['audit-policy-file'],
    section: '3.2',
    severity: 'medium',
    test: (c) => isSet(c, 'audit-policy-file', '/etc/kubernetes/audit-policy.yaml'),
    peers: { cis: cis('3.2.1'), kubeBench: ['3.2.1'], kubescape: ['C-0160'] },
  }),

  // ---- 1.2 kube-apiserver, checks of older benchmarks (cis-1.6 numbers) ----
  defineCheck({
    id: 'apiserver-basic-auth-file',
    component: 'kube-apiserver',
    flags: ['basic-auth-file'],
    section: '1.2',
    severity: 'high',
    test: (c) => notSet(c, 'basic-auth-file'),
    peers: { cis: { 'cis-1.6': '1.2.2' }, checkov: ['CKV_K8S_69'] },
  }),
  defineCheck({
    id: 'apiserver-kubelet-https',
    component: 'kube-apiserver',
    flags: ['kubelet-https'],
    section: '1.2',
    severity: 'high',
    test: (c) => equals(c, 'kubelet-https', 'true'),
    peers: { cis: { 'cis-1.6': '1.2.4' }, checkov: ['CKV_K8S_71'], trivy: ['KCV-0004'] },
  }),
  defineCheck({
    id: 'apiserver-security-context-deny',
    component: 'kube-apiserver',
    flags: ['enable-admission-plugins', 'admission-control'],
    section: '1.2',
    severity: 'low',
    versions: { until: '1.30', what: 'SecurityContextDeny', kind: 'removed' },
    test: (c) => any(admissionEnabled(c, 'SecurityContextDeny'), admissionEnabled(c, 'PodSecurityPolicy')),
    peers: { cis: { 'cis-1.6': '1.2.13' }, checkov: ['CKV_K8S_81'], kubescape: ['C-0124'], trivy: ['KCV-0013'] },
  }),
  defineCheck({
    id: 'apiserver-pod-security-policy',
    component: 'kube-apiserver',
    flags: ['enable-admission-plugins', 'admission-control'],
    section: '1.2',
    severity: 'medium',
    versions: { until: '1.25', what: 'PodSecurityPolicy', kind: 'removed' },
    test: (c) => admissionEnabled(c, 'PodSecurityPolicy'),
    peers: { cis: { 'cis-1.6': '1.2.16' }, checkov: ['CKV_K8S_84'], kubescape: ['C-0068'] },
  }),
  defineCheck({
    id: 'apiserver-insecure-bind-address',
    component: 'kube-apiserver',
    flags: ['insecure-bind-address'],
    section: '1.2',
    severity: 'high',
    test: (c) => notSet(c, 'insecure-bind-address'),
    peers: { cis: { 'cis-1.6': '1.2.18' }, checkov: ['CKV_K8S_86'] },
  }),
  defineCheck({
    id: 'apiserver-insecure-port',
    component: 'kube-apiserver',
    flags: ['insecure-port'],
    section: '1.2',
    severity: 'high',
    test: (c) => equals(c, 'insecure-port', '0'),
    peers: { cis: { 'cis-1.6': '1.2.19' }, checkov: ['CKV_K8S_88'], kubescape: ['C-0005'] },
  }),
  defineCheck({
    id: 'apiserver-secure-port',
    component: 'kube-apiserver',
    flags: ['secure-port'],
    section: '1.2',
    severity: 'high',
    test: (c) => notEquals(c, 'secure-port', '0', '6443'),
    peers: { cis: { 'cis-1.6': '1.2.20' }, checkov: ['CKV_K8S_89'], kubescape: ['C-0128'], trivy: ['KCV-0017'] },
  }),
  defineCheck({
    id: 'apiserver-repair-malformed-updates',
    component: 'kube-apiserver',
    flags: ['repair-malformed-updates'],
    section: '1.2',
    severity: 'low',
    test: (c) => equals(c, 'repair-malformed-updates', 'false'),
    peers: { cis: {} },
  }),
  defineCheck({
    id: 'apiserver-insecure-allow-any-token',
    component: 'kube-apiserver',
    flags: ['insecure-allow-any-token'],
    section: '1.2',
    severity: 'high',
    test: (c) => notSet(c, 'insecure-allow-any-token'),
    peers: { cis: {} },
  }),

  // ---- 1.3 kube-controller-manager ----
  defineCheck({
    id: 'controller-manager-terminated-pod-gc-threshold',
    component: 'kube-controller-manager',
    flags: ['terminated-pod-gc-threshold'],
    section: '1.3',
    severity: 'low',
    test: (c) => atLeast(c, 'terminated-pod-gc-threshold', 1, '10'),
    peers: {
      cis: cis('1.3.1'),
      kubeBench: ['1.3.1'],
      checkov: ['CKV_K8S_106'],
      kubescape: ['C-0144'],
      trivy: ['KCV-0033'],
    },
  }),
  defineCheck({
    id: 'controller-manager-profiling',
    component: 'kube-controller-manager',
    flags: ['profiling'],
    section: '1.3',
    severity: 'low',
    test: (c) => equals(c, 'profiling', 'false'),
    peers: {
      cis: cis('1.3.2'),
      kubeBench: ['1.3.2'],
      checkov: ['CKV_K8S_107'],
      kubescape: ['C-0145'],
      trivy: ['KCV-0034'],
    },
  }),
  defineCheck({
    id: 'controller-manager-use-service-account-credentials',
    component: 'kube-controller-manager',
    flags: ['use-service-account-credentials'],
    section: '1.3',
    severity: 'medium',
    test: (c) => equals(c, 'use-service-account-credentials', 'true'),
    peers: {
      cis: cis('1.3.3'),
      kubeBench: ['1.3.3'],
      checkov: ['CKV_K8S_108'],
      kubescape: ['C-0146'],
      trivy: ['KCV-0035'],
    },
  }),
  defineCheck({
    id: 'controller-manager-service-account-private-key-file',
    component: 'kube-controller-manager',
    flags: ['service-account-private-key-file'],
    section: '1.3',
    severity: 'high',
    test: (c) => isSet(c, 'service-account-private-key-file', '/etc/kubernetes/pki/sa.key'),
    peers: {
      cis: cis('1.3.4'),
      kubeBench: ['1.3.4'],
      checkov: ['CKV_K8S_110'],
      kubescape: ['C-0147'],
      trivy: ['KCV-0036'],
    },
  }),
  defineCheck({
    id: 'controller-manager-root-ca-file',
    component: 'kube-controller-manager',
    flags: ['root-ca-file'],
    section: '1.3',
    severity: 'medium',
    test: (c) => isSet(c, 'root-ca-file', '/etc/kubernetes/pki/ca.crt'),
    peers: {
      cis: cis('1.3.5'),
      kubeBench: ['1.3.5'],
      checkov: ['CKV_K8S_111'],
      kubescape: ['C-0148'],
      trivy: ['KCV-0037'],
    },
  }),
  defineCheck({
    id: 'controller-manager-rotate-kubelet-server-certificate',
    component: 'kube-controller-manager',
    flags: ['feature-gates'],
    section: '1.3',
    severity: 'medium',
    test: (c) => gate(c, 'feature-gates', 'RotateKubeletServerCertificate', true, true),
    peers: {
      cis: cis('1.3.6'),
      kubeBench: ['1.3.6'],
      checkov: ['CKV_K8S_112'],
      kubescape: ['C-0149'],
      trivy: ['KCV-0038'],
    },
  }),
  defineCheck({
    id: 'controller-manager-bind-address',
    component: 'kube-controller-manager',
    flags: ['bind-address'],
    section: '1.3',
    severity: 'medium',
    test: (c) => equals(c, 'bind-address', '127.0.0.1'),
    peers: {
      cis: cis('1.3.7'),
      kubeBench: ['1.3.7'],
      checkov: ['CKV_K8S_113'],
      kubescape: ['C-0150'],
      trivy: ['KCV-0039'],
    },
  }),

  // ---- 1.4 kube-scheduler ----
  defineCheck({
    id: 'scheduler-profiling',
    component: 'kube-scheduler',
    flags: ['profiling'],
    section: '1.4',
    severity: 'low',
    test: (c) => equals(c, 'profiling', 'false'),
    peers: {
      cis: cis('1.4.1'),
      kubeBench: ['1.4.1'],
      checkov: ['CKV_K8S_114'],
      kubescape: ['C-0151'],
      trivy: ['KCV-0040'],
    },
  }),
  defineCheck({
    id: 'scheduler-bind-address',
    component: 'kube-scheduler',
    flags: ['bind-address'],
    section: '1.4',
    severity: 'medium',
    test: (c) => equals(c, 'bind-address', '127.0.0.1'),
    peers: {
      cis: cis('1.4.2'),
      kubeBench: ['1.4.2'],
      checkov: ['CKV_K8S_115'],
      kubescape: ['C-0152'],
      trivy: ['KCV-0041'],
    },
  }),

  // ---- 2 etcd ----
  defineCheck({
    id: 'etcd-client-tls',
    component: 'etcd',
    flags: ['cert-file', 'key-file'],
    section: '2',
    severity: 'high',
    test: (c) =>
      all(
        isSet(c, 'cert-file', '/etc/kubernetes/pki/etcd/server.crt'),
        isSet(c, 'key-file', '/etc/kubernetes/pki/etcd/server.key'),
      ),
    peers: {
      cis: cis('2.1'),
      kubeBench: ['2.1'],
      checkov: ['CKV_K8S_116'],
      kubescape: ['C-0153'],
      trivy: ['KCV-0042'],
    },
  }),
  defineCheck({
    id: 'etcd-client-cert-auth',
    component: 'etcd',
    flags: ['client-cert-auth'],
    section: '2',
    severity: 'high',
    test: (c) => equals(c, 'client-cert-auth', 'true'),
    peers: {
      cis: cis('2.2'),
      kubeBench: ['2.2'],
      checkov: ['CKV_K8S_117'],
      kubescape: ['C-0154'],
      trivy: ['KCV-0043'],
    },
  }),
  defineCheck({
    id: 'etcd-auto-tls',
    component: 'etcd',
    flags: ['auto-tls'],
    section: '2',
    severity: 'medium',
    test: (c) => equals(c, 'auto-tls', 'false'),
    peers: {
      cis: cis('2.3'),
      kubeBench: ['2.3'],
      checkov: ['CKV_K8S_118'],
      kubescape: ['C-0155'],
      trivy: ['KCV-0044'],
    },
  }),
  defineCheck({
    id: 'etcd-peer-tls',
    component: 'etcd',
    flags: ['peer-cert-file', 'peer-key-file'],
    section: '2',
    severity: 'high',
    test: (c) =>
      all(
        isSet(c, 'peer-cert-file', '/etc/kubernetes/pki/etcd/peer.crt'),
        isSet(c, 'peer-key-file', '/etc/kubernetes/pki/etcd/peer.key'),
      ),
    peers: {
      cis: cis('2.4'),
      kubeBench: ['2.4'],
      checkov: ['CKV_K8S_119'],
      kubescape: ['C-0156'],
      trivy: ['KCV-0045'],
    },
  }),
  defineCheck({
    id: 'etcd-peer-client-cert-auth',
    component: 'etcd',
    flags: ['peer-client-cert-auth'],
    section: '2',
    severity: 'high',
    test: (c) => equals(c, 'peer-client-cert-auth', 'true'),
    peers: {
      cis: cis('2.5'),
      kubeBench: ['2.5'],
      checkov: ['CKV_K8S_121'],
      kubescape: ['C-0157'],
      trivy: ['KCV-0046'],
    },
  }),
  defineCheck({
    id: 'etcd-peer-auto-tls',
    component: 'etcd',
    flags: ['peer-auto-tls'],
    section: '2',
    severity: 'medium',
    test: (c) => equals(c, 'peer-auto-tls', 'false'),
    peers: { cis: cis('2.6'), kubeBench: ['2.6'], kubescape: ['C-0158'], trivy: ['KCV-0047'] },
  }),
  defineCheck({
    id: 'etcd-unique-ca',
    component: 'etcd',
    flags: ['trusted-ca-file'],
    section: '2',
    severity: 'medium',
    test: (c) => {
      const set = isSet(c, 'trusted-ca-file', '/etc/kubernetes/pki/etcd/ca.crt');
      if (set.status !== 'pass') return set;
      const own = c.flag('trusted-ca-file').value?.trim();
      const api = c.other('kube-apiserver', 'client-ca-file');
      const shared = api?.written === true && api.value?.trim() === own;
      return shared
        ? {
            ...set,
            status: 'fail',
            change: { kind: 'set', flag: 'trusted-ca-file', value: '/etc/kubernetes/pki/etcd/ca.crt' },
          }
        : set;
    },
    peers: { cis: cis('2.7'), kubeBench: ['2.7'], kubescape: ['C-0159'] },
  }),

  // ---- 4.1 node files (manual) ----
  defineCheck({
    id: 'kubelet-service-file-permissions',
    component: 'kubelet',
    flags: [],
    section: '4.1',
    severity: 'medium',
    manual: (c) => commandFileOr(c, '/etc/systemd/system/kubelet.service.d/10-kubeadm.conf'),
    peers: { cis: cis('4.1.1'), kubeBench: ['4.1.1'], kubescape: ['C-0162'], trivy: ['KCV-0069'] },
  }),
  defineCheck({
    id: 'kubelet-service-file-ownership',
    component: 'kubelet',
    flags: [],
    section: '4.1',
    severity: 'medium',
    manual: (c) => commandFileOr(c, '/etc/systemd/system/kubelet.service.d/10-kubeadm.conf'),
    peers: { cis: cis('4.1.2'), kubeBench: ['4.1.2'], kubescape: ['C-0163'], trivy: ['KCV-0070'] },
  }),
  defineCheck({
    id: 'proxy-kubeconfig-permissions',
    component: 'kube-proxy',
    flags: ['kubeconfig'],
    section: '4.1',
    severity: 'medium',
    manual: (c) => pathOf(c, 'kubeconfig', null),
    peers: { cis: cis('4.1.3'), kubeBench: ['4.1.3'], kubescape: ['C-0164'], trivy: ['KCV-0071'] },
  }),
  defineCheck({
    id: 'proxy-kubeconfig-ownership',
    component: 'kube-proxy',
    flags: ['kubeconfig'],
    section: '4.1',
    severity: 'medium',
    manual: (c) => pathOf(c, 'kubeconfig', null),
    peers: { cis: cis('4.1.4'), kubeBench: ['4.1.4'], kubescape: ['C-0165'], trivy: ['KCV-0072'] },
  }),
  defineCheck({
    id: 'kubelet-kubeconfig-permissions',
    component: 'kubelet',
    flags: ['kubeconfig'],
    section: '4.1',
    severity: 'medium',
    manual: (c) => pathOf(c, 'kubeconfig', '/etc/kubernetes/kubelet.conf'),
    peers: { cis: cis('4.1.5'), kubeBench: ['4.1.5'], kubescape: ['C-0166'], trivy: ['KCV-0073'] },
  }),
  defineCheck({
    id: 'kubelet-kubeconfig-ownership',
    component: 'kubelet',
    flags: ['kubeconfig'],
    section: '4.1',
    severity: 'medium',
    manual: (c) => pathOf(c, 'kubeconfig', '/etc/kubernetes/kubelet.conf'),
    peers: { cis: cis('4.1.6'), kubeBench: ['4.1.6'], kubescape: ['C-0167'], trivy: ['KCV-0074'] },
  }),
  defineCheck({
    id: 'kubelet-client-ca-permissions',
    component: 'kubelet',
    flags: ['client-ca-file'],
    section: '4.1',
    severity: 'medium',
    manual: (c) => pathOf(c, 'client-ca-file', '/etc/kubernetes/pki/ca.crt'),
    peers: { cis: cis('4.1.7'), kubeBench: ['4.1.7'], kubescape: ['C-0168'], trivy: ['KCV-0075'] },
  }),
  defineCheck({
    id: 'kubelet-client-ca-ownership',
    component: 'kubelet',
    flags: ['client-ca-file'],
    section: '4.1',
    severity: 'medium',
    manual: (c) => pathOf(c, 'client-ca-file', '/etc/kubernetes/pki/ca.crt'),
    peers: { cis: cis('4.1.8'), kubeBench: ['4.1.8'], kubescape: ['C-0169'], trivy: ['KCV-0076'] },
  }),
  defineCheck({
    id: 'kubelet-config-file-permissions',
    component: 'kubelet',
    flags: ['config'],
    section: '4.1',
    severity: 'medium',
    manual: (c) => pathOf(c, 'config', '/var/lib/kubelet/config.yaml'),
    peers: { cis: cis('4.1.9'), kubeBench: ['4.1.9'], kubescape: ['C-0170'], trivy: ['KCV-0077'] },
  }),
  defineCheck({
    id: 'kubelet-config-file-ownership',
    component: 'kubelet',
    flags: ['config'],
    section: '4.1',
    severity: 'medium',
    manual: (c) => pathOf(c, 'config', '/var/lib/kubelet/config.yaml'),
    peers: { cis: cis('4.1.10'), kubeBench: ['4.1.10'], kubescape: ['C-0171'], trivy: ['KCV-0078'] },
  }),

  // ---- 4.2 kubelet (flags and KubeletConfiguration fields) ----
  defineCheck({
    id: 'kubelet-anonymous-auth',
    component: 'kubelet',
    flags: ['anonymous-auth'],
    fields: ['authentication.anonymous.enabled'],
    section: '4.2',
    severity: 'high',
    test: (c) => equals(c, 'anonymous-auth', 'false'),
    peers: {
      cis: cis('4.2.1'),
      kubeBench: ['4.2.1'],
      checkov: ['CKV_K8S_138'],
      kubescape: ['C-0172'],
      trivy: ['KCV-0079'],
    },
  }),
  defineCheck({
    id: 'kubelet-authorization-mode',
    component: 'kubelet',
    flags: ['authorization-mode'],
    fields: ['authorization.mode'],
    section: '4.2',
    severity: 'high',
    test: (c) => {
      const v = excludes(c, 'authorization-mode', 'AlwaysAllow');
      return v.status === 'pass' ? v : { ...v, change: { kind: 'set', flag: 'authorization-mode', value: 'Webhook' } };
    },
    peers: {
      cis: cis('4.2.2'),
      kubeBench: ['4.2.2'],
      checkov: ['CKV_K8S_139'],
      kubescape: ['C-0173'],
      trivy: ['KCV-0080'],
    },
  }),
  defineCheck({
    id: 'kubelet-client-ca-file',
    component: 'kubelet',
    flags: ['client-ca-file'],
    fields: ['authentication.x509.clientCAFile'],
    section: '4.2',
    severity: 'high',
    test: (c) => isSet(c, 'client-ca-file', '/etc/kubernetes/pki/ca.crt'),
    peers: {
      cis: cis('4.2.3'),
      kubeBench: ['4.2.3'],
      checkov: ['CKV_K8S_140'],
      kubescape: ['C-0174'],
      trivy: ['KCV-0081'],
    },
  }),
  defineCheck({
    id: 'kubelet-read-only-port',
    component: 'kubelet',
    flags: ['read-only-port'],
    fields: ['readOnlyPort'],
    section: '4.2',
    severity: 'medium',
    test: (c) => equals(c, 'read-only-port', '0'),
    peers: {
      cis: cis('4.2.4'),
      kubeBench: ['4.2.4'],
      checkov: ['CKV_K8S_141'],
      kubescape: ['C-0175'],
      trivy: ['KCV-0082'],
    },
  }),
  defineCheck({
    id: 'kubelet-streaming-connection-idle-timeout',
    component: 'kubelet',
    flags: ['streaming-connection-idle-timeout'],
    fields: ['streamingConnectionIdleTimeout'],
    section: '4.2',
    severity: 'low',
    test: (c) => notEquals(c, 'streaming-connection-idle-timeout', '0', '4h0m0s'),
    peers: {
      cis: cis('4.2.5'),
      kubeBench: ['4.2.5'],
      checkov: ['CKV_K8S_143'],
      kubescape: ['C-0176'],
      trivy: ['KCV-0085'],
    },
  }),
  defineCheck({
    id: 'kubelet-make-iptables-util-chains',
    component: 'kubelet',
    flags: ['make-iptables-util-chains'],
    fields: ['makeIPTablesUtilChains'],
    section: '4.2',
    severity: 'low',
    test: (c) => equals(c, 'make-iptables-util-chains', 'true'),
    peers: {
      cis: cis('4.2.6'),
      kubeBench: ['4.2.6'],
      checkov: ['CKV_K8S_145'],
      kubescape: ['C-0178'],
      trivy: ['KCV-0084'],
    },
  }),
  defineCheck({
    id: 'kubelet-hostname-override',
    component: 'kubelet',
    flags: ['hostname-override'],
    section: '4.2',
    severity: 'low',
    test: (c) => notSet(c, 'hostname-override'),
    peers: {
      cis: cis('4.2.7'),
      kubeBench: ['4.2.7'],
      checkov: ['CKV_K8S_146'],
      kubescape: ['C-0179'],
      trivy: ['KCV-0086'],
    },
  }),
  defineCheck({
    id: 'kubelet-event-qps',
    component: 'kubelet',
    flags: ['event-qps'],
    fields: ['eventRecordQPS'],
    section: '4.2',
    severity: 'low',
    test: (c) => atLeast(c, 'event-qps', 0, '50'),
    peers: {
      cis: cis('4.2.8'),
      kubeBench: ['4.2.8'],
      checkov: ['CKV_K8S_147'],
      kubescape: ['C-0180'],
      trivy: ['KCV-0087'],
    },
  }),
  defineCheck({
    id: 'kubelet-tls-certificate',
    component: 'kubelet',
    flags: ['tls-cert-file', 'tls-private-key-file', 'rotate-server-certificates'],
    fields: ['tlsCertFile', 'tlsPrivateKeyFile', 'serverTLSBootstrap'],
    section: '4.2',
    severity: 'medium',
    test: (c) =>
      // the fix asks the cluster CA for a serving certificate (serverTLSBootstrap), the files are the alternative
      any(
        equals(c, 'rotate-server-certificates', 'true'),
        all(isSet(c, 'tls-cert-file'), isSet(c, 'tls-private-key-file')),
      ),
    peers: {
      cis: cis('4.2.9'),
      kubeBench: ['4.2.9'],
      checkov: ['CKV_K8S_148'],
      kubescape: ['C-0181'],
      trivy: ['KCV-0088', 'KCV-0089'],
    },
  }),
  defineCheck({
    id: 'kubelet-rotate-certificates',
    component: 'kubelet',
    flags: ['rotate-certificates'],
    fields: ['rotateCertificates'],
    section: '4.2',
    severity: 'medium',
    test: (c) => equals(c, 'rotate-certificates', 'true'),
    peers: {
      cis: cis('4.2.10'),
      kubeBench: ['4.2.10'],
      checkov: ['CKV_K8S_149'],
      kubescape: ['C-0182'],
      trivy: ['KCV-0090'],
    },
  }),
  defineCheck({
    id: 'kubelet-rotate-server-certificate-gate',
    component: 'kubelet',
    flags: ['feature-gates'],
    fields: ['featureGates'],
    section: '4.2',
    severity: 'medium',
    test: (c) => gate(c, 'feature-gates', 'RotateKubeletServerCertificate', true, true),
    peers: {
      cis: cis('4.2.11'),
      kubeBench: ['4.2.11'],
      checkov: ['CKV_K8S_112'],
      kubescape: ['C-0183'],
      trivy: ['KCV-0091'],
    },
  }),
  defineCheck({
    id: 'kubelet-tls-cipher-suites',
    component: 'kubelet',
    flags: ['tls-cipher-suites'],
    fields: ['tlsCipherSuites'],
    section: '4.2',
    severity: 'low',
    test: (c) =>
      onlyItems(
        c,
        'tls-cipher-suites',
        ciphersFor(c.benchmark, KUBELET_CIPHERS_1_11, KUBELET_CIPHERS_1_12),
        KUBELET_CIPHERS_1_12,
      ),
    peers: {
      cis: cis('4.2.12'),
      kubeBench: ['4.2.12'],
      checkov: ['CKV_K8S_151'],
      kubescape: ['C-0184'],
      trivy: ['KCV-0092'],
    },
  }),
  defineCheck({
    id: 'kubelet-pod-max-pids',
    component: 'kubelet',
    flags: ['pod-max-pids'],
    fields: ['podPidsLimit'],
    section: '4.2',
    severity: 'low',
    test: (c) => atLeast(c, 'pod-max-pids', 1, '4096'),
    peers: { cis: cis('4.2.13'), kubeBench: ['4.2.13'], kubescape: ['C-0284'] },
  }),
  defineCheck({
    id: 'kubelet-seccomp-default',
    component: 'kubelet',
    flags: ['seccomp-default'],
    fields: ['seccompDefault'],
    section: '4.2',
    severity: 'low',
    test: (c) => equals(c, 'seccomp-default', 'true'),
    peers: { cis: cis('4.2.14'), kubeBench: ['4.2.14'] },
  }),
  defineCheck({
    // cis-1.11 only (cis-1.12 dropped it): IPAddressDeny= is a systemd setting of the kubelet's unit, not a kubelet
    // flag or configuration field (kube-bench greps the process and the config file for it, so it never finds it);
    // a person reads it with systemctl
    id: 'kubelet-ip-address-deny',
    component: 'kubelet',
    flags: [],
    section: '4.2',
    severity: 'low',
    manual: (c) => commandFileOr(c, '/etc/systemd/system/kubelet.service.d/10-kubeadm.conf'),
    peers: { cis: { 'cis-1.11': '4.2.15' }, kubeBench: ['4.2.15'] },
  }),
  defineCheck({
    id: 'kubelet-protect-kernel-defaults',
    component: 'kubelet',
    flags: ['protect-kernel-defaults'],
    fields: ['protectKernelDefaults'],
    section: '4.2',
    severity: 'low',
    test: (c) => equals(c, 'protect-kernel-defaults', 'true'),
    peers: { cis: { 'cis-1.6': '4.2.6' }, checkov: ['CKV_K8S_144'], kubescape: ['C-0177'], trivy: ['KCV-0083'] },
  }),

  // ---- 4.3 kube-proxy ----
  defineCheck({
    id: 'proxy-metrics-bind-address',
    component: 'kube-proxy',
    flags: ['metrics-bind-address'],
    section: '4.3',
    severity: 'low',
    test: (c) => {
      const f = c.flag('metrics-bind-address');
      const host = (f.value ?? '').trim().replace(/:\d+$/, '');
      const ok = host === '127.0.0.1' || host === 'localhost' || host === '[::1]' || host === '::1';
      return {
        status: ok ? 'pass' : 'fail',
        flag: 'metrics-bind-address',
        expected: { kind: 'equals', flag: 'metrics-bind-address', value: '127.0.0.1:10249' },
        change: ok ? null : { kind: 'set', flag: 'metrics-bind-address', value: '127.0.0.1:10249' },
      };
    },
    peers: { cis: cis('4.3.1'), kubeBench: ['4.3.1'], kubescape: ['C-0291'] },
  }),
];

/** The check with this id. */
export function checkById(id: string): CheckDef | undefined {
  return CHECKS.find((c) => c.id === id);
}

/** The manual what-to-check path's verdict, for evaluate.ts. */
export const manualVerdict = manual;
