/**
 * Tests that bite: every rule of content/en/rules.yaml and every value check of the annotation
 * (pflag types, `format`s, enum `values`) has at least one input that must raise it and at least one
 * valid input that must not. Everything goes through the public pipeline (analyseWorkspace, presented, then
 * buildReport) and asserts rule id, severity, line and column, so removing or loosening a single check fails here.
 * Mutation log (which test kills which single-line mutant): the commit message that added this file.
 */
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/export/report';
import { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import { mapReader, type ContentReader } from '../../src/knowledge/reader';
import { nodeContentReader } from '../../src/knowledge/nodeReader';
import { analysePresented, contentRoot, file, fixture, loadKnowledgeBase } from '../helpers';

const kb = await loadKnowledgeBase();

interface Seen {
  rule: string;
  severity: string;
  line: number;
  column: number;
  message: string;
  fix: string | null;
}

interface Input {
  name: string;
  text: string;
}

async function analyse(input: Input, knowledge: KnowledgeBase = kb): Promise<Seen[]> {
  const files = [file(input.name, input.text, 'bite')];
  const analysis = await analysePresented(files, knowledge);
  expect(analysis.contentProblems).toEqual([]);
  const report = buildReport(files, analysis);
  return (
    report.findings
      .map((f, i) => ({
        rule: f.rule,
        severity: f.severity,
        line: f.line,
        column: f.column,
        message: f.message,
        fix: analysis.findings[i]?.fix ?? null,
      }))
      // the security audit's findings (audit-fail, audit-defaults, audit-kubeadm-defaults) bite in audit.test.ts,
      // required-flag-missing (flags these short manifests leave out) in required-flags.test.ts
      .filter((f) => !f.rule.startsWith('audit-') && f.rule !== 'required-flag-missing')
  );
}

/** 1-based line and column of the first `needle` in `text` (computed here, independent of the code under test). */
function at(text: string, needle: string): { line: number; column: number } {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`"${needle}" is not in the test input`);
  const before = text.slice(0, i);
  return { line: before.split('\n').length, column: i - before.lastIndexOf('\n') };
}

/** Position of the value of `--flag=value` (the character after `=`). */
function valueAt(text: string, flagWithEquals: string): { line: number; column: number } {
  const p = at(text, flagWithEquals);
  return { line: p.line, column: p.column + flagWithEquals.length };
}

/** Only rule, severity and place: the shape most assertions compare. */
const where = (list: Seen[]) => list.map(({ rule, severity, line, column }) => ({ rule, severity, line, column }));

// ---------------------------------------------------------------------------------------------------------------
// Realistic inputs: kubeadm-style static Pods (version from the image tag), the kubelet's kubeadm-flags.env,
// a kube-proxy `ps` line.

function staticPod(component: string, image: string, args: readonly string[]): Input {
  const text = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  labels:',
    `    component: ${component}`,
    '    tier: control-plane',
    `  name: ${component}`,
    '  namespace: kube-system',
    'spec:',
    '  containers:',
    '  - command:',
    `    - ${component}`,
    ...args.map((a) => `    - ${a}`),
    `    image: ${image}`,
    '    imagePullPolicy: IfNotPresent',
    `    name: ${component}`,
    '  hostNetwork: true',
    '  priorityClassName: system-node-critical',
    '',
  ].join('\n');
  return { name: `${component}.yaml`, text };
}

type Target = (args: readonly string[]) => Input;

const apiserver =
  (tag = 'v1.31.2'): Target =>
  (args) =>
    staticPod('kube-apiserver', `registry.k8s.io/kube-apiserver:${tag}`, args);
const controllerManager =
  (tag = 'v1.31.2'): Target =>
  (args) =>
    staticPod('kube-controller-manager', `registry.k8s.io/kube-controller-manager:${tag}`, args);
const etcd =
  (tag = '3.5.15-0'): Target =>
  (args) =>
    staticPod('etcd', `registry.k8s.io/etcd:${tag}`, args);
/** /var/lib/kubelet/kubeadm-flags.env: no version is known for the kubelet. */
const kubelet: Target = (args) => ({
  name: 'kubeadm-flags.env',
  text: `KUBELET_KUBEADM_ARGS="--node-ip=192.168.10.21 ${args.join(' ')}"\n`,
});

/**
 * Without the deprecation warnings of kubelet flags that belong in the KubeletConfiguration file (most of them;
 * tested in versioned-facts.test.ts): the value checks below use such flags for their types.
 */
const withoutConfigFileDeprecations = (found: Seen[]) =>
  found.filter((f) => !(f.rule === 'deprecated-flag' && f.message.includes('in the KubeletConfiguration file')));
/** `ps -ef` line of kube-proxy: no version either. */
const kubeProxy: Target = (args) => ({
  name: 'ps.txt',
  text: `root      2301  2281  0 09:14 ?        00:00:41 /usr/local/bin/kube-proxy --config=/var/lib/kube-proxy/config.conf --hostname-override=cp-1 ${args.join(' ')}\n`,
});

// ---------------------------------------------------------------------------------------------------------------
// Value checks (src/annotate/values.ts): one invalid case per check, each must give exactly one invalid-value
// finding at the value, and valid values of the same flags that must give no finding at all.

interface BadValue {
  check: string;
  target: Target;
  flag: string;
  value: string;
  problem: string;
}

const APISERVER = apiserver();
const APISERVER_131 = apiserver('v1.31.2');
const KCM = controllerManager();
const ETCD_35 = etcd('3.5.15-0');
const ETCD_36 = etcd('3.6.0-0');

const BAD_VALUES: BadValue[] = [
  // bool
  {
    check: 'bool',
    target: APISERVER,
    flag: 'allow-privileged',
    value: 'yes',
    problem: '"yes" is not a boolean; use true or false.',
  },
  // int family: not digits / not a safe integer / negative for uint, one flag per pflag type word
  {
    check: 'int (digits only)',
    target: APISERVER,
    flag: 'max-requests-inflight',
    value: '1e3',
    problem: '"1e3" is not a whole number (int).',
  },
  {
    check: 'int (safe integer)',
    target: APISERVER,
    flag: 'max-requests-inflight',
    value: '99999999999999999999',
    problem: '"99999999999999999999" is out of range for int (-9223372036854775808 to 9223372036854775807).',
  },
  {
    check: 'int32',
    target: kubelet,
    flag: 'max-pods',
    value: '110.5',
    problem: '"110.5" is not a whole number (int32).',
  },
  {
    check: 'int64',
    target: ETCD_35,
    flag: 'quota-backend-bytes',
    value: '8GiB',
    problem: '"8GiB" is not a whole number (int64).',
  },
  {
    check: 'uint (not a number)',
    target: ETCD_35,
    flag: 'election-timeout',
    value: '1s',
    problem: '"1s" is not a whole number (uint).',
  },
  {
    check: 'uint (negative)',
    target: ETCD_35,
    flag: 'heartbeat-interval',
    value: '-100',
    problem: '"-100" is negative; this flag takes an unsigned number.',
  },
  {
    check: 'uint32',
    target: ETCD_35,
    flag: 'max-concurrent-streams',
    value: 'unlimited',
    problem: '"unlimited" is not a whole number (uint32).',
  },
  {
    check: 'uint64',
    target: ETCD_35,
    flag: 'snapshot-count',
    value: '10k',
    problem: '"10k" is not a whole number (uint64).',
  },
  // float
  { check: 'float (NaN)', target: KCM, flag: 'node-eviction-rate', value: 'fast', problem: '"fast" is not a number.' },
  { check: 'float (empty)', target: APISERVER, flag: 'goaway-chance', value: '', problem: '"" is not a number.' },
  // duration
  {
    check: 'duration (no unit)',
    target: APISERVER,
    flag: 'event-ttl',
    value: '3600',
    problem: '"3600" is not a duration; write it with a unit, such as 30s, 5m or 1h30m.',
  },
  {
    check: 'duration (unknown unit)',
    target: kubelet,
    flag: 'node-status-update-frequency',
    value: '10sec',
    problem: '"10sec" is not a duration',
  },
  // key=value maps
  {
    check: "<comma-separated 'key=value' pairs> (no =)",
    target: kubelet,
    flag: 'node-labels',
    value: 'node-role.kubernetes.io/worker',
    problem: '"node-role.kubernetes.io/worker" is not a key=value pair.',
  },
  {
    check: "<comma-separated 'key=value' pairs> (empty key)",
    target: kubelet,
    flag: 'node-labels',
    value: 'zone=a,=worker',
    problem: '"=worker" is not a key=value pair.',
  },
  {
    check: 'stringToString',
    target: APISERVER,
    flag: 'allow-metric-labels',
    value: 'apiserver_request_total',
    problem: '"apiserver_request_total" is not a key=value pair.',
  },
  // feature gates: values must be booleans
  {
    check: "feature-gates (<comma-separated 'key=True|False' pairs>)",
    target: kubelet,
    flag: 'feature-gates',
    value: 'GracefulNodeShutdown=yes',
    problem: 'feature gate GracefulNodeShutdown=yes: the value must be true or false.',
  },
  {
    check: 'feature-gates (mapStringBool, etcd 3.6)',
    target: ETCD_36,
    flag: 'feature-gates',
    value: 'StopGRPCServiceOnDefrag=maybe',
    problem: 'feature gate StopGRPCServiceOnDefrag=maybe: the value must be true or false.',
  },
  {
    check: 'feature-gates (kube-proxy)',
    target: kubeProxy,
    flag: 'feature-gates',
    value: 'NFTablesProxyMode=on',
    problem: 'feature gate NFTablesProxyMode=on: the value must be true or false.',
  },
  // formats
  {
    check: 'format cidr',
    target: kubelet,
    flag: 'pod-cidr',
    value: '10.244.1.0',
    problem: '"10.244.1.0" is not a CIDR such as 10.96.0.0/12.',
  },
  {
    check: 'format cidrs',
    target: APISERVER,
    flag: 'service-cluster-ip-range',
    value: '10.96.0.0/12,10.96.0.1',
    problem: '"10.96.0.1" is not a CIDR such as 10.96.0.0/12.',
  },
  {
    check: 'format cidrs (kube-controller-manager)',
    target: KCM,
    flag: 'cluster-cidr',
    value: '10.244.0.0/33',
    problem: '"10.244.0.0/33" is not a CIDR',
  },
  {
    check: 'format ip',
    target: APISERVER,
    flag: 'advertise-address',
    value: '192.168.10.256',
    problem: '"192.168.10.256" is not an IP address.',
  },
  {
    check: 'format ip (host name)',
    target: KCM,
    flag: 'bind-address',
    value: 'localhost',
    problem: '"localhost" is not an IP address.',
  },
  {
    check: 'format url (no scheme)',
    target: APISERVER,
    flag: 'oidc-issuer-url',
    value: 'accounts.google.com',
    problem: '"accounts.google.com" is not a URL such as https://127.0.0.1:2379.',
  },
  {
    check: 'format url (no host)',
    target: APISERVER,
    flag: 'service-account-jwks-uri',
    value: 'localhost:6443/openid/v1/jwks',
    problem: '"localhost:6443/openid/v1/jwks" is not a URL',
  },
  {
    check: 'format urls (etcd)',
    target: ETCD_35,
    flag: 'listen-client-urls',
    value: 'https://127.0.0.1:2379,10.0.0.11:2379',
    problem: '"10.0.0.11:2379" is not a URL such as https://127.0.0.1:2379.',
  },
  {
    check: 'format urls (no host)',
    target: APISERVER,
    flag: 'etcd-servers',
    value: 'https://10.0.0.11:2379,localhost:2379',
    problem: '"localhost:2379" is not a URL',
  },
  {
    check: 'format port (> 65535)',
    target: APISERVER,
    flag: 'secure-port',
    value: '65536',
    problem: '"65536" is not a port number (0-65535).',
  },
  {
    check: 'format port (negative)',
    target: kubelet,
    flag: 'read-only-port',
    value: '-1',
    problem: '"-1" is not a port number (0-65535).',
  },
  {
    check: 'format port (string flag, not integer)',
    target: APISERVER_131,
    flag: 'peer-advertise-port',
    value: '6443.5',
    problem: '"6443.5" is not a port number (0-65535).',
  },
  {
    check: 'format port (string flag, not a number)',
    target: APISERVER_131,
    flag: 'peer-advertise-port',
    value: 'https',
    problem: '"https" is not a port number (0-65535).',
  },
  {
    check: 'format port-range',
    target: APISERVER,
    flag: 'service-node-port-range',
    value: '30000:32767',
    problem: '"30000:32767" is not a port range such as 30000-32767.',
  },
  {
    check: 'format host-port (kube-proxy)',
    target: kubeProxy,
    flag: 'metrics-bind-address',
    value: '10249',
    problem: '"10249" is not an IP address or IP:port such as 0.0.0.0:10256.',
  },
  {
    check: 'format host-port (etcd 3.6)',
    target: ETCD_36,
    flag: 'distributed-tracing-address',
    value: 'localhost:otlp',
    problem: '"localhost:otlp" is not an address:port',
  },
  // enum values
  {
    check: 'values (single)',
    target: APISERVER,
    flag: 'logging-format',
    value: 'yaml',
    problem: '"yaml" is not allowed; known values: text, json.',
  },
  {
    check: 'values (single value is not a list)',
    target: APISERVER,
    flag: 'logging-format',
    value: 'text,json',
    problem: '"text,json" is not allowed; known values: text, json.',
  },
  {
    check: 'values (multiple, one bad)',
    target: APISERVER,
    flag: 'authorization-mode',
    value: 'Node,RBAC,Magic',
    problem: '"Magic" is not allowed; known values: AlwaysAllow, AlwaysDeny, ABAC, Webhook, RBAC, Node.',
  },
  {
    check: 'values (multiple, two bad)',
    target: APISERVER,
    flag: 'authorization-mode',
    value: 'Nodes,Rbac',
    problem: '"Nodes", "Rbac" are not allowed; known values:',
  },
  {
    check: 'values (kubelet)',
    target: kubelet,
    flag: 'cgroup-driver',
    value: 'system',
    problem: '"system" is not allowed; known values: cgroupfs, systemd.',
  },
  {
    check: 'values (etcd)',
    target: ETCD_35,
    flag: 'initial-cluster-state',
    value: 'exist',
    problem: '"exist" is not allowed; known values: new, existing.',
  },
  // what the components' own parsers reject (Go's strconv, time, net; pflag; component-base; apimachinery)
  {
    check: 'int (base 0: 08 is no octal)',
    target: APISERVER,
    flag: 'max-requests-inflight',
    value: '08',
    problem: '"08" is not a whole number (int).',
  },
  {
    check: 'int32 (range)',
    target: kubelet,
    flag: 'max-pods',
    value: '2147483648',
    problem: '"2147483648" is out of range for int32 (-2147483648 to 2147483647).',
  },
  {
    check: 'uint32 (range)',
    target: ETCD_35,
    flag: 'max-concurrent-streams',
    value: '4294967296',
    problem: '"4294967296" is out of range for uint32 (0 to 4294967295).',
  },
  {
    check: 'float (hex without p)',
    target: KCM,
    flag: 'node-eviction-rate',
    value: '0x1F',
    problem: '"0x1F" is not a number.',
  },
  {
    check: 'float (overflow)',
    target: KCM,
    flag: 'node-eviction-rate',
    value: '1e400',
    problem: '"1e400" is not a number.',
  },
  {
    check: 'duration (over 2^63-1 ns)',
    target: APISERVER,
    flag: 'event-ttl',
    value: '2562048h',
    problem: '"2562048h" is not a duration',
  },
  {
    check: 'format port-range (reversed)',
    target: APISERVER,
    flag: 'service-node-port-range',
    value: '32767-30000',
    problem: '"32767-30000": the last port is lower than the first.',
  },
  {
    check: 'format port-range (above 65535)',
    target: APISERVER,
    flag: 'service-node-port-range',
    value: '30000-70000',
    problem: '"30000-70000": a port range cannot go above 65535.',
  },
  {
    check: 'format ip (leading zero, Go parses)',
    target: APISERVER,
    flag: 'advertise-address',
    value: '010.0.0.1',
    problem: '"010.0.0.1" has a leading zero in an IPv4 part, which Go\'s IP parser rejects; write 10.0.0.1.',
  },
  {
    check: 'format ip (three parts)',
    target: APISERVER,
    flag: 'advertise-address',
    value: '1.2.3',
    problem: '"1.2.3" is not an IP address.',
  },
  {
    check: 'format ip (zone)',
    target: APISERVER,
    flag: 'advertise-address',
    value: 'fe80::1%eth0',
    problem: '"fe80::1%eth0" is not an IP address.',
  },
  {
    check: 'format cidrs (hex part)',
    target: APISERVER,
    flag: 'service-cluster-ip-range',
    value: '0x0a.96.0.0/12',
    problem: '"0x0a.96.0.0/12" is not a CIDR such as 10.96.0.0/12.',
  },
  {
    check: 'values (multiple: no -name)',
    target: APISERVER,
    flag: 'authorization-mode',
    value: 'Node,-RBAC',
    problem: '"-RBAC" is not allowed; known values:',
  },
  {
    check: 'values (admission plugins: no -name, --disable-admission-plugins is for that)',
    target: APISERVER,
    flag: 'enable-admission-plugins',
    value: '-NodeRestriction',
    problem: '"-NodeRestriction" is not allowed; known values:',
  },
  {
    check: 'values (single: no -name)',
    target: APISERVER,
    flag: 'logging-format',
    value: '-json',
    problem: '"-json" is not allowed; known values: text, json.',
  },
  {
    check: 'stringToString (a quote inside an entry)',
    target: APISERVER,
    flag: 'allow-metric-labels',
    value: 'a=1,b="x',
    problem: 'a double quote must enclose a whole entry',
  },
  {
    check: 'stringToString (single quotes do not protect commas)',
    target: APISERVER,
    flag: 'allow-metric-labels',
    value: "m1,l1='v1,v2',m2,l2='v3'",
    problem: '"m1" is not a key=value pair.',
  },
  {
    check: 'runtime-config (not a boolean)',
    target: APISERVER,
    flag: 'runtime-config',
    value: 'api/all=maybe',
    problem: 'api/all=maybe: the value must be true or false (or left out, meaning true).',
  },
  {
    check: 'threshold list (eviction-hard takes <, not =)',
    target: kubelet,
    flag: 'eviction-hard',
    value: 'memory.available=100Mi',
    problem: '"memory.available=100Mi" is not a threshold such as memory.available<100Mi.',
  },
  {
    check: 'ip-port (kube-proxy: no host name)',
    target: kubeProxy,
    flag: 'metrics-bind-address',
    value: 'localhost:10249',
    problem: '"localhost:10249" is not an IP address or IP:port such as 0.0.0.0:10256.',
  },
  {
    check: 'ip-port (kube-proxy: no empty host)',
    target: kubeProxy,
    flag: 'healthz-bind-address',
    value: ':10256',
    problem: '":10256" is not an IP address or IP:port',
  },
  {
    check: 'ip-port (kube-proxy: no CIDR)',
    target: kubeProxy,
    flag: 'metrics-bind-address',
    value: '0.0.0.0/0:10249',
    problem: '"0.0.0.0/0:10249" is not an IP address or IP:port',
  },
];

describe('each value check raises invalid-value (error) at the value', () => {
  it.each(BAD_VALUES)('$check: --$flag=$value', async ({ target, flag, value, problem }) => {
    const input = target([`--${flag}=${value}`]);
    const found = withoutConfigFileDeprecations(await analyse(input));
    expect(where(found)).toEqual([{ rule: 'invalid-value', severity: 'error', ...valueAt(input.text, `--${flag}=`) }]);
    expect(found[0]?.message).toContain(`--${flag}: `);
    expect(found[0]?.message).toContain(problem);
  });

  it('names the type (and the allowed values of an enum) in the fix', async () => {
    const duration = await analyse(APISERVER(['--event-ttl=3600']));
    expect(duration[0]?.fix).toBe('Write a value of type duration.');
    const enumValue = await analyse(APISERVER(['--logging-format=yaml']));
    expect(enumValue[0]?.fix).toBe('Write a value of type string (one of: text, json).');
  });

  it('reports a non-boolean flag written alone at the flag name', async () => {
    const input = APISERVER(['--secure-port']);
    const found = await analyse(input);
    expect(where(found)).toEqual([{ rule: 'invalid-value', severity: 'error', ...at(input.text, '--secure-port') }]);
    expect(found[0]?.message).toBe(
      '--secure-port: --secure-port needs a value (int); written alone it is an error at startup.',
    );
  });

  it('reports a bad value given as the next argument at that argument', async () => {
    const input = APISERVER(['--event-ttl', '90']);
    const found = await analyse(input);
    expect(where(found)).toEqual([{ rule: 'invalid-value', severity: 'error', ...at(input.text, '90\n') }]);
  });
});

interface GoodValue {
  check: string;
  target: Target;
  flag: string;
  value: string | null;
}

const GOOD_VALUES: GoodValue[] = [
  // bool: every spelling of strconv.ParseBool, and the bare switch
  ...['true', 'True', 'TRUE', 't', 'T', '1', 'false', 'False', 'FALSE', 'f', 'F', '0'].map((value) => ({
    check: 'bool',
    target: APISERVER,
    flag: 'allow-privileged',
    value,
  })),
  { check: 'bool (bare)', target: APISERVER, flag: 'allow-privileged', value: null },
  // int family
  { check: 'int', target: APISERVER, flag: 'max-requests-inflight', value: '400' },
  { check: 'int (zero)', target: APISERVER, flag: 'max-mutating-requests-inflight', value: '0' },
  { check: 'int (negative)', target: APISERVER, flag: 'audit-log-maxage', value: '-1' },
  { check: 'int32', target: kubelet, flag: 'max-pods', value: '250' },
  { check: 'int64', target: ETCD_35, flag: 'quota-backend-bytes', value: '8589934592' },
  { check: 'uint', target: ETCD_35, flag: 'heartbeat-interval', value: '100' },
  { check: 'uint32', target: ETCD_35, flag: 'max-concurrent-streams', value: '4294967295' },
  { check: 'uint64', target: ETCD_35, flag: 'snapshot-count', value: '10000' },
  // float
  { check: 'float', target: KCM, flag: 'node-eviction-rate', value: '0.1' },
  { check: 'float (exponent)', target: APISERVER, flag: 'goaway-chance', value: '1e-3' },
  { check: 'float (integer)', target: KCM, flag: 'kube-api-qps', value: '100' },
  // duration: Go's time.ParseDuration forms
  { check: 'duration', target: APISERVER, flag: 'event-ttl', value: '1h' },
  { check: 'duration (as printed by Go)', target: APISERVER, flag: 'request-timeout', value: '1m0s' },
  { check: 'duration (bare zero)', target: APISERVER, flag: 'shutdown-delay-duration', value: '0' },
  { check: 'duration (compound)', target: APISERVER, flag: 'event-ttl', value: '1h30m' },
  { check: 'duration (fraction)', target: APISERVER, flag: 'kubelet-timeout', value: '1.5s' },
  { check: 'duration (leading dot)', target: APISERVER, flag: 'kubelet-timeout', value: '.5s' },
  { check: 'duration (milliseconds)', target: kubelet, flag: 'node-status-update-frequency', value: '500ms' },
  // maps
  {
    check: 'key=value pairs',
    target: kubelet,
    flag: 'node-labels',
    value: 'node-role.kubernetes.io/worker=,topology.kubernetes.io/zone=eu-west-1a',
  },
  { check: 'key=value pairs (runtime-config)', target: APISERVER, flag: 'runtime-config', value: 'api/all=true' },
  { check: 'key=value pairs (kube-reserved)', target: kubelet, flag: 'kube-reserved', value: 'cpu=200m,memory=512Mi' },
  // feature gates
  {
    check: 'feature-gates (kubelet)',
    target: kubelet,
    flag: 'feature-gates',
    value: 'GracefulNodeShutdown=false,GracefulNodeShutdownBasedOnPodPriority=False',
  },
  // (gates set against their default and not alpha: src/analysis/featureGates.ts says nothing about those)
  {
    check: 'feature-gates (etcd 3.6)',
    target: ETCD_36,
    flag: 'feature-gates',
    value: 'TxnModeWriteWithSharedBuffer=0',
  },
  { check: 'feature-gates (kube-proxy)', target: kubeProxy, flag: 'feature-gates', value: 'ComponentStatusz=0' },
  // component-base featuregate Set() trims each item and skips empty ones
  {
    check: 'feature-gates (trailing comma)',
    target: ETCD_36,
    flag: 'feature-gates',
    value: 'TxnModeWriteWithSharedBuffer=false,',
  },
  {
    check: 'feature-gates (space before comma)',
    target: kubelet,
    flag: 'feature-gates',
    value: 'GracefulNodeShutdown=false ,GracefulNodeShutdownBasedOnPodPriority=false',
  },
  // formats
  { check: 'format cidr', target: kubelet, flag: 'pod-cidr', value: '10.244.1.0/24' },
  { check: 'format cidr (IPv6)', target: kubelet, flag: 'pod-cidr', value: 'fd00:10:244:1::/64' },
  {
    check: 'format cidrs (dual stack)',
    target: APISERVER,
    flag: 'service-cluster-ip-range',
    value: '10.96.0.0/12,fd00:10:96::/112',
  },
  { check: 'format cidrs (kube-controller-manager)', target: KCM, flag: 'cluster-cidr', value: '10.244.0.0/16' },
  { check: 'format ip', target: APISERVER, flag: 'advertise-address', value: '192.168.10.11' },
  { check: 'format ip (IPv6)', target: APISERVER, flag: 'bind-address', value: '::' },
  { check: 'format url', target: APISERVER, flag: 'oidc-issuer-url', value: 'https://accounts.google.com' },
  {
    check: 'format url (unix socket, empty host)',
    target: (args) => ({ name: 'kubeadm-flags.env', text: `KUBELET_KUBEADM_ARGS="${args.join(' ')}"\n` }),
    flag: 'container-runtime-endpoint',
    value: 'unix:///run/containerd/containerd.sock',
  },
  {
    check: 'format urls',
    target: ETCD_35,
    flag: 'listen-client-urls',
    value: 'https://127.0.0.1:2379,https://10.0.0.11:2379',
  },
  {
    check: 'format urls (unixs socket, empty host)',
    target: ETCD_35,
    flag: 'listen-client-urls',
    value: 'https://127.0.0.1:2379,unixs:///var/run/etcd/etcd.sock',
  },
  {
    check: 'format urls (apiserver)',
    target: APISERVER,
    flag: 'etcd-servers',
    value: 'https://10.0.0.11:2379,https://10.0.0.12:2379',
  },
  { check: 'format port', target: APISERVER, flag: 'secure-port', value: '6443' },
  { check: 'format port (upper bound)', target: APISERVER, flag: 'secure-port', value: '65535' },
  { check: 'format port (zero disables)', target: kubelet, flag: 'read-only-port', value: '0' },
  { check: 'format port (string flag)', target: APISERVER_131, flag: 'peer-advertise-port', value: '6443' },
  { check: 'format port-range', target: APISERVER, flag: 'service-node-port-range', value: '30000-32767' },
  { check: 'format port-range (base+size)', target: APISERVER, flag: 'service-node-port-range', value: '30000+2768' },
  { check: 'format host-port', target: kubeProxy, flag: 'metrics-bind-address', value: '0.0.0.0:10249' },
  { check: 'format host-port (IPv6)', target: kubeProxy, flag: 'healthz-bind-address', value: '[::]:10256' },
  {
    check: 'format host-port (host name)',
    target: ETCD_36,
    flag: 'distributed-tracing-address',
    value: 'localhost:4317',
  },
  { check: 'format path (no check)', target: APISERVER, flag: 'client-ca-file', value: '/etc/kubernetes/pki/ca.crt' },
  // enum values
  { check: 'values (single)', target: APISERVER, flag: 'logging-format', value: 'json' },
  { check: 'values (multiple)', target: APISERVER, flag: 'authorization-mode', value: 'Node,RBAC' },
  {
    check: 'values (multiple, kubeadm controllers)',
    target: KCM,
    flag: 'controllers',
    value: '*,bootstrapsigner,tokencleaner',
  },
  { check: 'values (multiple, disabled with -)', target: KCM, flag: 'controllers', value: '*,-ttl' },
  { check: 'values (kubelet)', target: kubelet, flag: 'cgroup-driver', value: 'systemd' },
  { check: 'values (etcd)', target: ETCD_35, flag: 'initial-cluster-state', value: 'existing' },
  // flags whose value is optional
  { check: 'optional value (version[=true]) bare', target: APISERVER, flag: 'version', value: null },
  // what the components' own parsers accept (Go's strconv, time, net; pflag; component-base; apimachinery)
  { check: 'int (base 0: hex)', target: APISERVER, flag: 'max-requests-inflight', value: '0x1F' },
  { check: 'int (base 0: octal)', target: APISERVER, flag: 'max-requests-inflight', value: '0o17' },
  { check: 'int (base 0: underscores)', target: APISERVER, flag: 'max-requests-inflight', value: '1_000' },
  { check: 'int32 (largest)', target: kubelet, flag: 'max-pods', value: '2147483647' },
  { check: 'uint64 (largest)', target: ETCD_35, flag: 'snapshot-count', value: '18446744073709551615' },
  { check: 'float (hex with exponent)', target: KCM, flag: 'node-eviction-rate', value: '0x1p-3' },
  { check: 'duration (signed zero)', target: APISERVER, flag: 'event-ttl', value: '+0' },
  { check: 'duration (Greek mu)', target: kubelet, flag: 'node-status-update-frequency', value: '500000μs' },
  { check: 'format port (hex int)', target: APISERVER, flag: 'secure-port', value: '0x192b' },
  { check: 'format port-range (single port)', target: APISERVER, flag: 'service-node-port-range', value: '30000' },
  { check: 'format port-range (base+offset)', target: APISERVER, flag: 'service-node-port-range', value: '30000+2767' },
  { check: 'runtime-config (key alone)', target: APISERVER, flag: 'runtime-config', value: 'api/all' },
  {
    check: 'runtime-config (several)',
    target: APISERVER,
    flag: 'runtime-config',
    value: 'api/all=true,api/beta=false',
  },
  {
    check: 'stringToString (one =, commas in the value)',
    target: APISERVER,
    flag: 'allow-metric-labels',
    value: 'metric1,label1=v1,v2,v3',
  },
  {
    check: 'stringToString (CSV quotes keep the commas)',
    target: APISERVER,
    flag: 'allow-metric-labels',
    value: '"metric1,label1=v1,v2","metric2,label2=v3"',
  },
  {
    check: 'threshold list (eviction-hard)',
    target: kubelet,
    flag: 'eviction-hard',
    value: 'memory.available<100Mi,nodefs.available<10%',
  },
  { check: 'threshold list (eviction-soft)', target: kubelet, flag: 'eviction-soft', value: 'memory.available<300Mi' },
  { check: 'ip-port (kube-proxy: an IP alone)', target: kubeProxy, flag: 'healthz-bind-address', value: '0.0.0.0' },
  { check: 'ip-port (kube-proxy: [IPv6]:port)', target: kubeProxy, flag: 'metrics-bind-address', value: '[::]:10249' },
  { check: 'ip (kube-proxy bind-address, IPv6)', target: kubeProxy, flag: 'bind-address', value: '::' },
  { check: 'values (--controllers takes -name)', target: KCM, flag: 'controllers', value: '*,-ttl,bootstrapsigner' },
];

describe('values the components read in their own way', () => {
  it('a leading zero in an IPv4 part where Kubernetes parses sloppily (kube-proxy): a warning, not an error', async () => {
    const input = kubeProxy(['--bind-address=010.0.0.1']);
    const found = await analyse(input);
    expect(where(found)).toEqual([
      { rule: 'value-advice', severity: 'warning', ...valueAt(input.text, '--bind-address=') },
    ]);
    expect(found[0]?.message).toContain('kube-proxy reads it as 10.0.0.1');
  });

  it('float32 is checked (--deleting-pods-qps of kube-controller-manager 1.24)', async () => {
    const input = controllerManager('v1.24.0')(['--deleting-pods-qps=1e39']);
    const found = (await analyse(input)).filter((f) => f.rule !== 'deprecated-flag');
    expect(where(found)).toEqual([
      { rule: 'invalid-value', severity: 'error', ...valueAt(input.text, '--deleting-pods-qps=') },
    ]);
    expect(found[0]?.message).toBe('--deleting-pods-qps: "1e39" is not a number.');
  });
});

describe('valid values raise nothing', () => {
  it.each(GOOD_VALUES)('$check: --$flag=$value', async ({ target, flag, value }) => {
    const found = await analyse(target([value === null ? `--${flag}` : `--${flag}=${value}`]));
    expect(withoutConfigFileDeprecations(found)).toEqual([]);
  });

  it('a kubeadm v1.31 control plane is clean', async () => {
    const pods = [
      APISERVER([
        '--advertise-address=192.168.10.11',
        '--allow-privileged=true',
        '--authorization-mode=Node,RBAC',
        '--client-ca-file=/etc/kubernetes/pki/ca.crt',
        '--enable-admission-plugins=NodeRestriction',
        '--enable-bootstrap-token-auth=true',
        '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt',
        '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt',
        '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key',
        '--etcd-servers=https://127.0.0.1:2379',
        '--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt',
        '--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key',
        '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
        '--proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt',
        '--proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client.key',
        '--requestheader-allowed-names=front-proxy-client',
        '--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt',
        '--requestheader-extra-headers-prefix=X-Remote-Extra-',
        '--requestheader-group-headers=X-Remote-Group',
        '--requestheader-username-headers=X-Remote-User',
        '--secure-port=6443',
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        '--service-account-key-file=/etc/kubernetes/pki/sa.pub',
        '--service-account-signing-key-file=/etc/kubernetes/pki/sa.key',
        '--service-cluster-ip-range=10.96.0.0/12',
        '--tls-cert-file=/etc/kubernetes/pki/apiserver.crt',
        '--tls-private-key-file=/etc/kubernetes/pki/apiserver.key',
      ]),
      KCM([
        '--allocate-node-cidrs=true',
        '--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf',
        '--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf',
        '--bind-address=127.0.0.1',
        '--client-ca-file=/etc/kubernetes/pki/ca.crt',
        '--cluster-cidr=10.244.0.0/16',
        '--cluster-name=kubernetes',
        '--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt',
        '--cluster-signing-key-file=/etc/kubernetes/pki/ca.key',
        '--controllers=*,bootstrapsigner,tokencleaner',
        '--kubeconfig=/etc/kubernetes/controller-manager.conf',
        '--leader-elect=true',
        '--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt',
        '--root-ca-file=/etc/kubernetes/pki/ca.crt',
        '--service-account-private-key-file=/etc/kubernetes/pki/sa.key',
        '--service-cluster-ip-range=10.96.0.0/12',
        '--use-service-account-credentials=true',
      ]),
      ETCD_35([
        '--advertise-client-urls=https://192.168.10.11:2379',
        '--cert-file=/etc/kubernetes/pki/etcd/server.crt',
        '--client-cert-auth=true',
        '--data-dir=/var/lib/etcd',
        '--experimental-initial-corrupt-check=true',
        '--experimental-watch-progress-notify-interval=5s',
        '--initial-advertise-peer-urls=https://192.168.10.11:2380',
        '--initial-cluster=cp-1=https://192.168.10.11:2380',
        '--key-file=/etc/kubernetes/pki/etcd/server.key',
        '--listen-client-urls=https://127.0.0.1:2379,https://192.168.10.11:2379',
        '--listen-metrics-urls=http://127.0.0.1:2381',
        '--listen-peer-urls=https://192.168.10.11:2380',
        '--name=cp-1',
        '--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt',
        '--peer-client-cert-auth=true',
        '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key',
        '--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
        '--snapshot-count=10000',
        '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
      ]),
    ];
    for (const pod of pods) expect(await analyse(pod)).toEqual([]);
  });
});

describe('value checks with no real catalogue entry (synthetic kube-apiserver flags)', async () => {
  // content/ + tests/fixtures/bite/synthetic-flags.yaml served as one more kube-apiserver flag file
  const base = nodeContentReader(contentRoot);
  const extra = mapReader({ 'en/flags/kube-apiserver/zz-bite.yaml': fixture('bite/synthetic-flags.yaml') });
  const reader: ContentReader = {
    list: (prefix) => [...base.list(prefix), ...extra.list(prefix)].sort(),
    read: (path) => (extra.list(path).includes(path) ? extra.read(path) : base.read(path)),
  };
  const synthetic = await KnowledgeBase.create(reader);

  it.each([
    ['bite-map-string-string', 'team', '"team" is not a key=value pair.'],
    ['bite-gates-by-format', 'Alpha=on', 'feature gate Alpha=on: the value must be true or false.'],
    ['bite-gates-by-type', 'Alpha=on', 'feature gate Alpha=on: the value must be true or false.'],
    ['bite-map-string-bool', 'Alpha=on', 'feature gate Alpha=on: the value must be true or false.'],
  ])('--%s=%s is invalid', async (flag, value, problem) => {
    const input = APISERVER([`--${flag}=${value}`]);
    const found = await analyse(input, synthetic);
    expect(where(found)).toEqual([{ rule: 'invalid-value', severity: 'error', ...valueAt(input.text, `--${flag}=`) }]);
    expect(found[0]?.message).toContain(problem);
  });

  it.each([
    ['bite-map-string-string', 'team=platform'],
    ['bite-gates-by-format', 'Alpha=true'],
    ['bite-gates-by-type', 'Alpha=false'],
    ['bite-map-string-bool', 'Alpha=True'],
  ])('--%s=%s is valid', async (flag, value) => {
    expect(await analyse(APISERVER([`--${flag}=${value}`]), synthetic)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Flag rules (src/analysis/flagChecks.ts, statuses from src/knowledge flagStatus): version-dependent ones with
// images on both sides of the boundary.

describe('removed-flag and deprecated-flag follow the image version', () => {
  it('--insecure-port (deprecated 1.10, removed 1.24) is only deprecated on v1.23', async () => {
    const input = apiserver('v1.23.17')(['--insecure-port=0', '--secure-port=6443']);
    const found = await analyse(input);
    expect(where(found)).toEqual([
      { rule: 'deprecated-flag', severity: 'warning', ...at(input.text, '--insecure-port') },
    ]);
    expect(found[0]?.message).toBe(
      '--insecure-port is deprecated since kube-apiserver 1.10; use --secure-port instead.',
    );
    expect(found[0]?.fix).toBe('Replace it with --secure-port.');
  });

  it.each(['v1.24.0', 'v1.25.3'])('--insecure-port is removed on %s', async (tag) => {
    const input = apiserver(tag)(['--secure-port=6443', '--insecure-port=0']);
    const found = await analyse(input);
    expect(where(found)).toEqual([{ rule: 'removed-flag', severity: 'error', ...at(input.text, '--insecure-port') }]);
    expect(found[0]?.message).toBe(
      `--insecure-port was removed in kube-apiserver 1.24; use --secure-port instead; this version (${tag.slice(1)}) no longer accepts it.`,
    );
    expect(found[0]?.fix).toBe('Replace it with --secure-port.');
  });

  it('a bad value of a deprecated flag is still checked; of a removed flag it is not', async () => {
    const old = apiserver('v1.23.17')(['--insecure-port=none']);
    expect(where(await analyse(old))).toEqual([
      { rule: 'deprecated-flag', severity: 'warning', ...at(old.text, '--insecure-port') },
      { rule: 'invalid-value', severity: 'error', ...valueAt(old.text, '--insecure-port=') },
    ]);
    const newer = apiserver('v1.25.3')(['--insecure-port=none']);
    expect(where(await analyse(newer))).toEqual([
      { rule: 'removed-flag', severity: 'error', ...at(newer.text, '--insecure-port') },
    ]);
  });

  it('a replacement that is not a flag is quoted as text', async () => {
    const input = controllerManager('v1.25.3')(['--port=0']);
    const found = await analyse(input);
    expect(where(found)).toEqual([{ rule: 'removed-flag', severity: 'error', ...at(input.text, '--port') }]);
    expect(found[0]?.message).toBe(
      '--port was removed in kube-controller-manager 1.24; replaced by --secure-port (10257, HTTPS); this version (1.25.3) no longer accepts it.',
    );
    expect(found[0]?.fix).toBe('Use --secure-port (10257, HTTPS) instead.');
  });

  it('a flag without replacement says to delete it', async () => {
    const input = apiserver('v1.26.0')(['--log-backtrace-at=server.go:100']);
    const found = await analyse(input);
    expect(where(found)).toEqual([
      { rule: 'removed-flag', severity: 'error', ...at(input.text, '--log-backtrace-at') },
    ]);
    expect(found[0]?.message).toBe(
      '--log-backtrace-at was removed in kube-apiserver 1.26; this version (1.26.0) no longer accepts it.',
    );
    expect(found[0]?.fix).toBe('Delete the flag; its behaviour is now built in or gone.');
  });

  it('etcd --max-snapshots is deprecated on 3.6 and fine on 3.5', async () => {
    const on36 = ETCD_36(['--max-snapshots=5']);
    const found = await analyse(on36);
    expect(where(found)).toEqual([
      { rule: 'deprecated-flag', severity: 'warning', ...at(on36.text, '--max-snapshots') },
    ]);
    expect(found[0]?.message).toBe('--max-snapshots is deprecated since etcd 3.6.');
    expect(found[0]?.fix).toBe('Delete the flag; its behaviour is now built in or gone.');
    expect(await analyse(ETCD_35(['--max-snapshots=5']))).toEqual([]);
  });

  it('without a version, removed and deprecated are judged against the newest release', async () => {
    const input = kubelet(['--network-plugin=cni', '--maximum-dead-containers=0']);
    const found = await analyse(input);
    // no version known: an older release may still accept it, so a warning (tests/unit/assumed-version.test.ts)
    expect(where(found)).toEqual([
      { rule: 'removed-flag', severity: 'warning', ...at(input.text, '--network-plugin') },
      { rule: 'deprecated-flag', severity: 'warning', ...at(input.text, '--maximum-dead-containers') },
    ]);
    expect(found[0]?.message).toBe(
      '--network-plugin was removed in kubelet 1.24; replaced by CNI configuration of the container runtime (containerd, CRI-O); this version is not known; if it runs 1.24 or a later release, it no longer accepts it.',
    );
    expect(found[1]?.message).toBe(
      '--maximum-dead-containers is deprecated since kubelet 1.4; use --eviction-hard instead.',
    );
  });
});

describe('not-yet-flag: a flag newer than the image', () => {
  it('--peer-advertise-ip (since 1.28) on v1.27.9', async () => {
    const input = apiserver('v1.27.9')(['--peer-advertise-ip=10.0.0.11']);
    const found = await analyse(input);
    expect(where(found)).toEqual([
      { rule: 'not-yet-flag', severity: 'error', ...at(input.text, '--peer-advertise-ip') },
    ]);
    expect(found[0]?.message).toBe(
      '--peer-advertise-ip exists only since kube-apiserver 1.28; the detected version is 1.27.9.',
    );
  });

  it.each(['v1.28.0', 'v1.31.2'])('--peer-advertise-ip is fine on %s', async (tag) => {
    expect(await analyse(apiserver(tag)(['--peer-advertise-ip=10.0.0.11']))).toEqual([]);
  });

  it('etcd --feature-gates (since 3.6) on 3.5: not-yet, and its value is still checked', async () => {
    const ok = ETCD_35(['--feature-gates=StopGRPCServiceOnDefrag=true']);
    const found = await analyse(ok);
    expect(where(found)).toEqual([{ rule: 'not-yet-flag', severity: 'error', ...at(ok.text, '--feature-gates') }]);
    expect(found[0]?.message).toBe('--feature-gates exists only since etcd 3.6; the detected version is 3.5.15.');
    const bad = ETCD_35(['--feature-gates=StopGRPCServiceOnDefrag=maybe']);
    expect(where(await analyse(bad))).toEqual([
      { rule: 'not-yet-flag', severity: 'error', ...at(bad.text, '--feature-gates') },
      { rule: 'invalid-value', severity: 'error', ...valueAt(bad.text, '--feature-gates=') },
    ]);
  });

  it('without a version a dated flag is never not-yet', async () => {
    expect(await analyse(kubeProxy(['--metrics-bind-address=127.0.0.1:10249']))).toEqual([]);
    const cmd = { name: 'cmdline.txt', text: 'kube-apiserver --peer-advertise-ip=10.0.0.11 --secure-port=6443\n' };
    expect(await analyse(cmd)).toEqual([]);
  });
});

describe('unknown-flag', () => {
  it('with a did-you-mean suggestion', async () => {
    const input = APISERVER(['--etcd-server=https://127.0.0.1:2379']);
    const found = await analyse(input);
    expect(where(found)).toEqual([{ rule: 'unknown-flag', severity: 'error', ...at(input.text, '--etcd-server') }]);
    expect(found[0]?.message).toBe('--etcd-server is not a flag of kube-apiserver. Did you mean --etcd-servers?');
  });

  it('without a suggestion; the value of an unknown flag is not checked', async () => {
    const input = APISERVER(['--pod-manifest-path=/etc/kubernetes/manifests', '--controllers=not,checked']);
    const found = await analyse(input);
    expect(where(found)).toEqual([
      { rule: 'unknown-flag', severity: 'error', ...at(input.text, '--pod-manifest-path') },
      { rule: 'unknown-flag', severity: 'error', ...at(input.text, '--controllers') },
    ]);
    expect(found[0]?.message).toBe('--pod-manifest-path is not a flag of kube-apiserver.');
  });

  it('underscore spellings and the -v shorthand are known flags', async () => {
    expect(await analyse(APISERVER(['--etcd_servers=https://127.0.0.1:2379', '-v=2']))).toEqual([]);
  });

  it('flags of a container that is no Kubernetes component are not judged', async () => {
    const coredns = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: coredns',
      '  namespace: kube-system',
      'spec:',
      '  containers:',
      '  - args:',
      '    - -conf',
      '    - /etc/coredns/Corefile',
      '    image: registry.k8s.io/coredns/coredns:v1.11.1',
      '    name: coredns',
      '',
    ].join('\n');
    expect(await analyse({ name: 'coredns.yaml', text: coredns })).toEqual([]);
  });
});

describe('duplicate-flag', () => {
  it('warns on each occurrence of a scalar flag that loses, naming the value that wins', async () => {
    const input = APISERVER(['--secure-port=6443', '--profiling=false', '--secure-port=6444']);
    const found = await analyse(input);
    expect(where(found)).toEqual([
      { rule: 'duplicate-flag', severity: 'warning', ...at(input.text, '--secure-port=6443') },
    ]);
    expect(found[0]?.message).toBe('--secure-port is set 2 times; kube-apiserver keeps only the last value (6444).');
  });

  it('three occurrences, the last one bare: two warnings, last value true', async () => {
    const input = APISERVER(['--profiling=false', '--profiling=true', '--profiling']);
    const found = await analyse(input);
    expect(where(found)).toEqual([
      { rule: 'duplicate-flag', severity: 'warning', ...at(input.text, '--profiling=false') },
      { rule: 'duplicate-flag', severity: 'warning', ...at(input.text, '--profiling=true') },
    ]);
    for (const f of found) {
      expect(f.message).toBe('--profiling is set 3 times; kube-apiserver keeps only the last value (true).');
    }
  });

  it('different spellings of one flag are one flag', async () => {
    const input = APISERVER(['--secure_port=6443', '--secure-port=6444']);
    const found = await analyse(input);
    expect(where(found)).toEqual([{ rule: 'duplicate-flag', severity: 'warning', ...at(input.text, '--secure_port') }]);
  });

  it('one occurrence of each flag is no duplicate', async () => {
    expect(await analyse(APISERVER(['--profiling=false', '--authorization-mode=Node,RBAC']))).toEqual([]);
  });

  it('etcd replaces a repeated list flag (Go flag package, its own list values): a warning', async () => {
    const input = ETCD_35([
      '--listen-client-urls=https://127.0.0.1:2379',
      '--listen-client-urls=https://10.0.0.5:2379',
    ]);
    const found = await analyse(input);
    expect(where(found)).toEqual([
      { rule: 'duplicate-flag', severity: 'warning', ...at(input.text, '--listen-client-urls=https://127.0.0.1') },
    ]);
    expect(found[0]?.message).toBe(
      '--listen-client-urls is set 2 times; etcd keeps only the last value (https://10.0.0.5:2379).',
    );
  });
});

describe('repeated-flag-combined', () => {
  it('a repeated list flag (strings) adds up: an info with the combined list, no duplicate warning', async () => {
    const input = APISERVER([
      '--enable-admission-plugins=NodeRestriction',
      '--secure-port=6443',
      '--enable-admission-plugins=PodSecurity,EventRateLimit',
    ]);
    const found = await analyse(input);
    expect(where(found)).toEqual([
      {
        rule: 'repeated-flag-combined',
        severity: 'info',
        ...at(input.text, '--enable-admission-plugins=NodeRestriction'),
      },
    ]);
    expect(found[0]?.message).toBe(
      '--enable-admission-plugins is set 2 times; kube-apiserver adds the values up into one list: NodeRestriction,PodSecurity,EventRateLimit.',
    );
  });

  it('repeated --tls-sni-cert-key (printed `string`, each occurrence one cert,key pair) adds up: no duplicate', async () => {
    const input = APISERVER([
      '--tls-sni-cert-key=/etc/kubernetes/pki/a.crt,/etc/kubernetes/pki/a.key:a.example.com',
      '--tls-sni-cert-key=/etc/kubernetes/pki/b.crt,/etc/kubernetes/pki/b.key',
    ]);
    const found = await analyse(input);
    expect(found.filter((f) => f.rule === 'duplicate-flag')).toEqual([]);
    const combined = found.filter((f) => f.rule === 'repeated-flag-combined');
    expect(where(combined)).toEqual([
      {
        rule: 'repeated-flag-combined',
        severity: 'info',
        ...at(input.text, '--tls-sni-cert-key=/etc/kubernetes/pki/a'),
      },
    ]);
    expect(combined[0]?.message).toContain(
      '/etc/kubernetes/pki/a.crt,/etc/kubernetes/pki/a.key:a.example.com /etc/kubernetes/pki/b.crt,/etc/kubernetes/pki/b.key',
    );
  });

  it('repeated --feature-gates merge gate by gate: an info, no duplicate warning', async () => {
    const input = APISERVER_131(['--feature-gates=WatchList=false', '--feature-gates=InPlacePodVerticalScaling=true']);
    const found = await analyse(input);
    expect(found.filter((f) => f.rule === 'duplicate-flag')).toEqual([]);
    const combined = found.filter((f) => f.rule === 'repeated-flag-combined');
    expect(where(combined)).toEqual([
      { rule: 'repeated-flag-combined', severity: 'info', ...at(input.text, '--feature-gates=WatchList') },
    ]);
    expect(combined[0]?.message).toBe(
      '--feature-gates is set 2 times; kube-apiserver merges them into one map, a key given twice keeping its last value: WatchList=false,InPlacePodVerticalScaling=true.',
    );
  });

  it('the kubelet: repeated map flags (key=value pairs) and --reserved-memory add up too', async () => {
    const input = kubelet([
      '--node-labels=zone=a',
      '--node-labels=rack=7',
      '--reserved-memory=0:memory=1Gi',
      '--reserved-memory=1:memory=2Gi',
    ]);
    const found = withoutConfigFileDeprecations(await analyse(input));
    expect(found.map((f) => f.rule)).toEqual(['repeated-flag-combined', 'repeated-flag-combined']);
  });
});

describe('document-problem keeps the severity of the diagnostic', () => {
  it('an empty file: info at 1:1', async () => {
    const found = await analyse({ name: 'kube-apiserver.yaml', text: '\n' });
    expect(where(found)).toEqual([{ rule: 'document-problem', severity: 'info', line: 1, column: 1 }]);
    expect(found[0]?.message).toContain('This file is empty');
  });

  it('a YAML syntax error: error at its place', async () => {
    const input = APISERVER(['--secure-port=6443']);
    const text = input.text.replace('  hostNetwork: true\n', '  hostNetwork: true: false\n');
    const found = await analyse({ ...input, text });
    expect(where(found)).toEqual([{ rule: 'document-problem', severity: 'error', ...at(text, 'true: false') }]);
    expect(found[0]?.message).toBe('Line 17 is not valid YAML (Nested mappings are not allowed in compact mappings).');
  });

  it('a Deployment is no static Pod: warning at its kind', async () => {
    const text = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', ''].join('\n');
    const found = await analyse({ name: 'web.yaml', text });
    expect(where(found)).toEqual([{ rule: 'document-problem', severity: 'warning', ...at(text, 'Deployment') }]);
    expect(found[0]?.message).toContain('This document is a Deployment, not a Pod.');
  });

  it('a container cut out of a manifest: info, and its flags are still checked', async () => {
    const text = [
      '- command:',
      '  - etcd',
      '  - --listen-client-urls=https://127.0.0.1:2379',
      '  - --snapshot-count=10k',
      '  image: registry.k8s.io/etcd:3.5.15-0',
      '',
    ].join('\n');
    const found = await analyse({ name: 'etcd-fragment.yaml', text });
    expect(where(found)).toEqual([
      { rule: 'document-problem', severity: 'info', line: 1, column: 1 },
      { rule: 'invalid-value', severity: 'error', ...valueAt(text, '--snapshot-count=') },
    ]);
    expect(found[0]?.message).toContain('This is a container cut out of a Pod manifest');
  });
});
