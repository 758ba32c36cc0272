/**
 * Issue 13 "Network": the listener model (every instance's sockets from its effective configuration for its version),
 * the connection model (who talks to whom, on which port, with which authentication), netstat / ss output compared
 * with them, the network-* findings (each with an input that fires and one that does not), and the CLI's `network`
 * field and port table.
 */
import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import { readNetworkFacts } from '../../src/knowledge/networkFacts';
import type { ContentProblem } from '../../src/knowledge/validate';
import type { NetworkConnection, NetworkListener, NetworkModel } from '../../src/analysis/network';
import { addressKind, nodePortRange, outputFilter, overlaps, reaches, splitHostPort } from '../../src/analysis/network';
import type { PresentedAnalysis } from '../../src/present/analysis';
import type { WorkspaceFile } from '../../src/model/types';
import { MESSAGE_CODES } from '../../src/generated/ids';
import { main } from '../../src/cli/explain';
import { analysePresented, contentRoot, file, fixture, loadKnowledgeBase } from '../helpers';

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await loadKnowledgeBase();
});
afterEach(() => vi.restoreAllMocks());

const SAMPLE = `${contentRoot}/examples/kubeadm-v1.31`;
function sample(): WorkspaceFile[] {
  return readdirSync(SAMPLE)
    .filter((n) => n.endsWith('.yaml'))
    .map((n) => file(n, readFileSync(`${SAMPLE}/${n}`, 'utf8')));
}
/** The sample with one manifest's text changed. */
function sampleWith(name: string, change: (text: string) => string): WorkspaceFile[] {
  return sample().map((f) => (f.name === name ? { ...f, text: change(f.text) } : f));
}

async function analyse(files: WorkspaceFile[]): Promise<{ a: PresentedAnalysis; net: NetworkModel }> {
  const a = await analysePresented(files, kb);
  expect(a.contentProblems).toEqual([]);
  return { a, net: a.network! };
}

const row = (l: NetworkListener) => [l.id, l.address, l.port, l.protocol, l.purpose, l.source];
const conn = (c: NetworkConnection) => [
  c.rule,
  c.to.component,
  c.to.host,
  c.to.address,
  c.to.port,
  c.protocol,
  c.auth,
  c.status,
];
const network = (a: PresentedAnalysis) => a.findings.filter((f) => f.rule.startsWith('network-'));
const lineOf = (f: WorkspaceFile, needle: string) => f.text.slice(0, f.text.indexOf(needle)).split('\n').length;
function where(a: PresentedAnalysis, files: WorkspaceFile[]) {
  return network(a).map((f) => {
    const text = files.find((x) => x.id === f.fileId)?.text ?? '';
    return {
      rule: f.rule,
      severity: f.severity,
      file: f.fileId,
      line: text.slice(0, f.range.start).split('\n').length,
    };
  });
}

function pod(name: string, component: string, image: string, args: string[], extra: string[] = []): string {
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${name}`,
    '  namespace: kube-system',
    '  labels:',
    `    component: ${component}`,
    'spec:',
    '  containers:',
    '  - command:',
    `    - ${component}`,
    ...args.map((a) => `    - ${a}`),
    `    image: ${image}`,
    `    name: ${component}`,
    ...extra,
    '  hostNetwork: true',
    '',
  ].join('\n');
}

const kubeconfig = (server: string, user: string) => `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority: /etc/kubernetes/pki/ca.crt
    server: ${server}
  name: kubernetes
contexts:
- context:
    cluster: kubernetes
    user: ${user}
  name: ${user}@kubernetes
current-context: ${user}@kubernetes
users:
- name: ${user}
  user:
    client-certificate: /etc/kubernetes/pki/${user}.crt
    client-key: /etc/kubernetes/pki/${user}.key
`;

/** netstat -ntlp on the sample's node (cp1, 192.168.56.10), kube-scheduler's 10259 missing. */
const NETSTAT_NO_SCHEDULER = fixture('network/netstat-cp1-no-scheduler.txt');
const SCHEDULER_LINE =
  'tcp        0      0 127.0.0.1:10259         0.0.0.0:*               LISTEN      57379/kube-schedule\n';

// -----------------------------------------------------------------------------------------------------------------

describe('network facts (content/network.yaml)', () => {
  it('are read without problems and name flags every catalogue knows', async () => {
    const problems: ContentProblem[] = [];
    const facts = readNetworkFacts(readFileSync(`${contentRoot}/network.yaml`, 'utf8'), problems);
    expect(problems).toEqual([]);
    expect([...facts.sockets.keys()].sort()).toEqual(
      ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-proxy', 'kube-scheduler', 'kubelet'].sort(),
    );
    for (const [component, sockets] of facts.sockets) {
      const catalogue = await kb.loadFlags(component);
      for (const s of sockets) {
        const named = [...s.port, ...s.address, s.hostPort, s.portFallback, s.urls, s.when?.flag].filter(
          (x): x is string => typeof x === 'string',
        );
        for (const flag of named) expect(catalogue.flags.has(flag), `${component} --${flag}`).toBe(true);
        // what a socket exposes and its story have words
        if (s.kubeadmLoopback) expect(MESSAGE_CODES).toContain(`network.exposes.${component}.${s.id}`);
        if (s.insecure && !s.insecure.deprecated) expect(MESSAGE_CODES).toContain(`network.story.${component}.${s.id}`);
        expect(MESSAGE_CODES).toContain(`network.purpose.${s.purpose}`);
      }
    }
    for (const c of facts.connections) {
      if (!c.from) continue;
      const catalogue = await kb.loadFlags(c.from);
      const t = c.target;
      const named = [
        'flag' in t ? t.flag : null,
        t.kind === 'urls' ? t.overrides : null,
        t.kind === 'initial-cluster' ? t.self : null,
        t.kind === 'kubeconfig' ? t.master : null,
        c.clientCert,
        c.clientKey,
      ].filter((x): x is string => x !== null);
      for (const flag of named) expect(catalogue.flags.has(flag), `${c.id} --${flag}`).toBe(true);
    }
  });

  it('kubeadmLoopback agrees with what kubeadm writes (or the default is) in the flag catalogue', async () => {
    const facts = await kb.networkFacts();
    for (const [component, sockets] of facts.sockets) {
      for (const s of sockets.filter((x) => x.kubeadmLoopback)) {
        const flag = s.address[0] ?? s.hostPort ?? s.urls ?? '';
        const f = kb.flagFacts(component, flag, null);
        const value = f?.kubeadm ?? f?.default ?? '';
        expect(value, `${component} --${flag}`).toMatch(/127\.0\.0\.1/);
      }
    }
  });

  it('reports a bad entry and leaves it out', () => {
    const problems: ContentProblem[] = [];
    const facts = readNetworkFacts(
      'sockets:\n  etcd:\n    - { id: x, purpose: nope, port: [a] }\n  kube-foo: []\nconnections:\n  - { id: c, from: etcd, to: etcd, socket: none, target: { urls: x } }\n',
      problems,
    );
    expect(facts.sockets.get('etcd')).toEqual([]);
    expect(facts.connections).toEqual([]);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringContaining('purpose must be one of'),
      'unknown component "kube-foo"',
      'socket "none" is not a socket of etcd',
    ]);
  });
});

describe('addresses', () => {
  it('kinds, reach and overlap', () => {
    expect(
      ['0.0.0.0', '::', '*', '[::]', '127.0.0.1', '::1', 'localhost', '10.0.0.1', 'lb.example'].map(addressKind),
    ).toEqual(['all', 'all', 'all', 'all', 'loopback', 'loopback', 'loopback', 'ip', 'name']);
    expect(reaches('0.0.0.0', '10.0.0.1')).toBe(true);
    expect(reaches('127.0.0.1', '10.0.0.1')).toBe(false);
    expect(reaches('10.0.0.1', '127.0.0.1')).toBe(false);
    expect(reaches('10.0.0.1', '::ffff:10.0.0.1')).toBe(true);
    expect(overlaps('0.0.0.0', '127.0.0.1')).toBe(true);
    expect(overlaps('127.0.0.1', '10.0.0.1')).toBe(false);
    expect(splitHostPort('127.0.0.1:10249')).toEqual({ address: '127.0.0.1', port: 10249 });
    expect(splitHostPort('[::]:10256')).toEqual({ address: '::', port: 10256 });
    expect(splitHostPort('0.0.0.0')).toEqual({ address: '0.0.0.0', port: null });
    expect(nodePortRange('30000-32767')).toEqual([30000, 32767]);
    expect(nodePortRange('30000+100')).toEqual([30000, 30099]);
    expect(nodePortRange('x')).toBeNull();
  });

  it('reads the grep filter of the command before an output', () => {
    const text = '[root@w1 ~]# netstat -ntlp | grep kube\nProto ...\n';
    const pass = outputFilter(text, text.indexOf('Proto'));
    expect(pass('tcp 0 0 127.0.0.1:10259 0.0.0.0:* LISTEN 1/kube-scheduler')).toBe(true);
    expect(pass('tcp 0 0 127.0.0.1:2379 0.0.0.0:* LISTEN 1/etcd')).toBe(false);
    expect(outputFilter('ss -ltnp | grep -v etcd\n', 22)('x 1/etcd')).toBe(false);
    expect(outputFilter('ss -ltnp\n', 9)('x 1/etcd')).toBe(true);
  });
});

describe('the listener and connection models of the first-visit sample', () => {
  it('every socket of the four components, and the kubelet their static Pods imply', async () => {
    const files = sample();
    const { net } = await analyse(files);
    expect(net.hosts).toEqual([{ key: 'cp1', name: 'cp1', addresses: ['192.168.56.10'], inferred: false }]);
    expect(net.listeners.map(row)).toEqual([
      ['etcd@cp1/client#1', '127.0.0.1', 2379, 'gRPC/TLS', 'etcd-client', 'set'],
      ['etcd@cp1/client#2', '192.168.56.10', 2379, 'gRPC/TLS', 'etcd-client', 'set'],
      ['etcd@cp1/peer', '192.168.56.10', 2380, 'HTTPS', 'etcd-peer', 'set'],
      ['etcd@cp1/metrics', '127.0.0.1', 2381, 'HTTP', 'metrics', 'set'],
      // no --bind-address: all interfaces, the advertise address among them
      ['kube-apiserver@cp1/secure', '0.0.0.0', 6443, 'HTTPS', 'api', 'set'],
      ['kube-controller-manager@cp1/secure', '127.0.0.1', 10257, 'HTTPS', 'serving', 'set'],
      ['kube-scheduler@cp1/secure', '127.0.0.1', 10259, 'HTTPS', 'serving', 'set'],
      // the kubelet is not in the workspace: its defaults, as a KubeletConfiguration file leaves them (no 10255)
      ['kubelet@cp1/api', '0.0.0.0', 10250, 'HTTPS', 'kubelet-api', 'default'],
      ['kubelet@cp1/healthz', '127.0.0.1', 10248, 'HTTP', 'health', 'default'],
    ]);
    const api = net.listeners.find((l) => l.id === 'kube-apiserver@cp1/secure')!;
    const text = files.find((f) => f.name === 'kube-apiserver.yaml')!;
    expect(text.text.slice(api.span!.range.start, api.span!.range.end)).toBe('6443');
    expect(api).toMatchObject({
      network: 'host',
      addressKind: 'all',
      version: '1.31.2',
      flags: ['secure-port', 'bind-address'],
    });
    expect(api.addressFlag).toMatchObject({ flag: 'bind-address', value: '0.0.0.0', source: 'default' });
    const etcd2 = net.listeners.find((l) => l.id === 'etcd@cp1/client#2')!;
    const etcdText = files.find((f) => f.name === 'etcd.yaml')!.text;
    expect(etcdText.slice(etcd2.span!.range.start, etcd2.span!.range.end)).toBe('https://192.168.56.10:2379');
    expect(net.listeners.filter((l) => l.implied).map((l) => l.id)).toEqual(['kubelet@cp1/api', 'kubelet@cp1/healthz']);
  });

  it('who talks to whom: etcd over mTLS, the kubelets, nine probes; the kubeconfigs are not in the workspace', async () => {
    const { a, net } = await analyse(sample());
    expect(net.connections.map(conn)).toEqual([
      ['apiserver-etcd', 'etcd', 'cp1', '127.0.0.1', 2379, 'gRPC/TLS', 'mTLS', 'ok'],
      ['controller-manager-apiserver', 'kube-apiserver', null, null, null, null, 'unknown', 'unknown'],
      ['scheduler-apiserver', 'kube-apiserver', null, null, null, null, 'unknown', 'unknown'],
      ['apiserver-kubelet', 'kubelet', 'cp1', '192.168.56.10', 10250, 'HTTPS', 'mTLS', 'ok'],
      ['kubelet-probe', 'etcd', 'cp1', '127.0.0.1', 2381, 'HTTP', 'none', 'ok'],
      ['kubelet-probe', 'etcd', 'cp1', '127.0.0.1', 2381, 'HTTP', 'none', 'ok'],
      ['kubelet-probe', 'kube-apiserver', 'cp1', '192.168.56.10', 6443, 'HTTPS', 'none', 'ok'],
      ['kubelet-probe', 'kube-apiserver', 'cp1', '192.168.56.10', 6443, 'HTTPS', 'none', 'ok'],
      ['kubelet-probe', 'kube-apiserver', 'cp1', '192.168.56.10', 6443, 'HTTPS', 'none', 'ok'],
      ['kubelet-probe', 'kube-controller-manager', 'cp1', '127.0.0.1', 10257, 'HTTPS', 'none', 'ok'],
      ['kubelet-probe', 'kube-controller-manager', 'cp1', '127.0.0.1', 10257, 'HTTPS', 'none', 'ok'],
      ['kubelet-probe', 'kube-scheduler', 'cp1', '127.0.0.1', 10259, 'HTTPS', 'none', 'ok'],
      ['kubelet-probe', 'kube-scheduler', 'cp1', '127.0.0.1', 10259, 'HTTPS', 'none', 'ok'],
    ]);
    const etcd = net.connections[0]!;
    expect(etcd).toMatchObject({
      from: { component: 'kube-apiserver', host: 'cp1' },
      authDetail: '/etc/kubernetes/pki/apiserver-etcd-client.crt',
      flag: 'etcd-servers',
      source: 'set',
      to: { listenerId: 'etcd@cp1/client#1' },
      broken: false,
    });
    expect(net.connections[2]?.kubeconfig).toMatchObject({ path: '/etc/kubernetes/scheduler.conf', match: 'none' });
    expect(net.connections[4]?.probe).toMatchObject({
      kind: 'liveness',
      host: '127.0.0.1',
      path: '/health?exclude=NOSPACE&serializable=true',
      scheme: 'HTTP',
      problem: null,
    });
    expect(net.connections[3]).toMatchObject({ from: { instanceId: 'kube-apiserver@cp1' }, inferred: true });
    expect(network(a)).toEqual([]);
  });

  it("a component's kubeconfig is matched by path or by file name (inferred); the others are an administrator's", async () => {
    const files = [
      ...sample(),
      file('cp1/etc/kubernetes/scheduler.conf', kubeconfig('https://192.168.56.10:6443', 'system:kube-scheduler')),
      file('controller-manager.conf', kubeconfig('https://192.168.56.10:6444', 'system:kube-controller-manager')),
      file('admin.conf', fixture('kubeconfig/admin.conf')),
    ];
    const { a, net } = await analyse(files);
    const [kcm, scheduler] = net.connections.filter((c) => c.rule.endsWith('-apiserver') && c.from.component);
    expect(conn(scheduler!)).toEqual([
      'scheduler-apiserver',
      'kube-apiserver',
      'cp1',
      '192.168.56.10',
      6443,
      'HTTPS',
      'mTLS',
      'ok',
    ]);
    expect(scheduler).toMatchObject({
      kubeconfig: { path: '/etc/kubernetes/scheduler.conf', match: 'path', user: 'system:kube-scheduler' },
      authDetail: '/etc/kubernetes/pki/system:kube-scheduler.crt',
      inferred: false,
    });
    // a file named controller-manager.conf: the same file by its name only; its server is a port nobody opens
    expect(kcm).toMatchObject({
      kubeconfig: { match: 'file-name' },
      inferred: true,
      status: 'no-listener',
      broken: true,
    });
    const admin = net.connections.find((c) => c.rule === 'kubeconfig-apiserver');
    // admin.conf names another cluster's address: outside the workspace
    expect(admin).toMatchObject({
      from: { component: null, fileId: 'admin.conf' },
      to: { address: '192.168.217.143', port: 6443 },
      auth: 'mTLS',
      status: 'unknown',
    });
    expect(where(a, files)).toEqual([
      {
        rule: 'network-no-listener',
        severity: 'error',
        file: 'controller-manager.conf',
        line: lineOf(files.at(-2)!, 'server:'),
      },
    ]);
    expect(network(a)[0]?.message).toBe(
      'kube-controller-manager connects to kube-apiserver on 192.168.56.10:6444 on cp1, but kube-apiserver listens on 0.0.0.0:6443 there.',
    );
  });
});

describe('insecure ports and their versions', () => {
  const unit = (flags: string[]) =>
    [
      '[Unit]',
      'Description=Kubernetes API Server',
      '[Service]',
      'ExecStart=/usr/local/bin/kube-apiserver \\',
      ...flags.map((f, i) => `  ${f}${i < flags.length - 1 ? ' \\' : ''}`),
      'Restart=on-failure',
      '',
    ].join('\n');

  it('a binary install with --insecure-port=8080 --insecure-bind-address=0.0.0.0: HTTP on all interfaces, an error', async () => {
    const files = [
      file(
        'kube-apiserver.service',
        unit([
          '--advertise-address=10.0.0.5',
          '--insecure-bind-address=0.0.0.0',
          '--insecure-port=8080',
          '--etcd-servers=http://10.0.0.5:2379',
        ]),
      ),
    ];
    const { a, net } = await analyse(files);
    expect(net.listeners.map(row)).toEqual([
      ['kube-apiserver@10.0.0.5/secure', '0.0.0.0', 6443, 'HTTPS', 'api', 'default'],
      ['kube-apiserver@10.0.0.5/insecure', '0.0.0.0', 8080, 'HTTP', 'api', 'set'],
    ]);
    expect(net.listeners[1]).toMatchObject({
      insecure: true,
      version: null,
      flags: ['insecure-port', 'insecure-bind-address'],
    });
    // etcd is not in the workspace: the connection's target is not known
    expect(net.connections.map(conn)).toEqual([
      ['apiserver-etcd', 'etcd', '10.0.0.5', '10.0.0.5', 2379, 'gRPC', 'none', 'unknown'],
    ]);
    expect(where(a, files)).toEqual([
      { rule: 'network-insecure-port', severity: 'error', file: 'kube-apiserver.service', line: 7 },
    ]);
    expect(network(a)[0]?.message).toBe(
      "kube-apiserver serves plain HTTP without authentication on 0.0.0.0:8080 on 10.0.0.5 (--insecure-port in kube-apiserver.service): anyone who reaches the node's address can use it; kube-apiserver deprecated it in 1.10, stopped serving it in 1.20 and removed the flag in 1.24; no version was detected.",
    );
  });

  it('1.15 opens 127.0.0.1:8080 by default (a warning); --insecure-port=0 closes it; 1.21 has none', async () => {
    const v115 = [
      file(
        'kube-apiserver.yaml',
        pod('kube-apiserver', 'kube-apiserver', 'k8s.gcr.io/kube-apiserver:v1.15.12', ['--advertise-address=10.0.0.5']),
      ),
    ];
    const old = await analyse(v115);
    expect(old.net.listeners.map(row)).toContainEqual([
      'kube-apiserver@10.0.0.5/insecure',
      '127.0.0.1',
      8080,
      'HTTP',
      'api',
      'default',
    ]);
    expect(where(old.a, v115)).toEqual([
      { rule: 'network-insecure-port', severity: 'warning', file: 'kube-apiserver.yaml', line: 11 },
    ]);
    expect(network(old.a)[0]?.message).toContain(
      '(the default of --insecure-port in kube-apiserver 1.15.12): only processes on the node',
    );
    expect(network(old.a)[0]?.message).toContain('; this is 1.15.12.');

    const closed = await analyse([
      file(
        'kube-apiserver.yaml',
        pod('kube-apiserver', 'kube-apiserver', 'k8s.gcr.io/kube-apiserver:v1.15.12', [
          '--advertise-address=10.0.0.5',
          '--insecure-port=0',
        ]),
      ),
    ]);
    expect(closed.net.listeners.filter((l) => !l.implied).map((l) => l.socket)).toEqual(['secure']);
    expect(network(closed.a)).toEqual([]);
    const v121 = await analyse([
      file(
        'kube-apiserver.yaml',
        pod('kube-apiserver', 'kube-apiserver', 'registry.k8s.io/kube-apiserver:v1.21.14', [
          '--advertise-address=10.0.0.5',
        ]),
      ),
    ]);
    expect(v121.net.listeners.filter((l) => !l.implied).map((l) => l.socket)).toEqual(['secure']);
  });

  it('the scheduler of 1.22 still has 10251, of 1.23 not; a kubelet without a config file has its read-only port', async () => {
    const sched = (tag: string) =>
      file(
        'kube-scheduler.yaml',
        pod('kube-scheduler-cp1', 'kube-scheduler', `registry.k8s.io/kube-scheduler:${tag}`, [
          '--bind-address=127.0.0.1',
          '--address=127.0.0.1',
        ]),
      );
    const v122 = await analyse([sched('v1.22.17')]);
    expect(v122.net.listeners.filter((l) => !l.implied).map(row)).toEqual([
      ['kube-scheduler@cp1/secure', '127.0.0.1', 10259, 'HTTPS', 'serving', 'set'],
      ['kube-scheduler@cp1/insecure', '127.0.0.1', 10251, 'HTTP', 'serving', 'set'],
    ]);
    const v123 = await analyse([sched('v1.23.17')]);
    expect(v123.net.listeners.filter((l) => !l.implied).map((l) => l.socket)).toEqual(['secure']);

    const ps =
      'root 761 1 1 10:40 ? 00:03:08 /usr/bin/kubelet --kubeconfig=/etc/kubernetes/kubelet.conf --hostname-override=node1\n';
    const bare = await analyse([file('ps.txt', ps)]);
    expect(bare.net.listeners.map(row)).toEqual([
      ['kubelet@node1/api', '0.0.0.0', 10250, 'HTTPS', 'kubelet-api', 'default'],
      ['kubelet@node1/healthz', '127.0.0.1', 10248, 'HTTP', 'health', 'default'],
      ['kubelet@node1/read-only', '0.0.0.0', 10255, 'HTTP', 'read-only', 'default'],
    ]);
    expect(network(bare.a).map((f) => [f.rule, f.severity])).toEqual([['network-insecure-port', 'error']]);
    // with --config the KubeletConfiguration's readOnlyPort default (0) applies
    const withConfig = await analyse([
      file('ps.txt', ps.replace('--hostname', '--config=/var/lib/kubelet/config.yaml --hostname')),
    ]);
    expect(withConfig.net.listeners.map((l) => l.socket)).toEqual(['api', 'healthz']);
    expect(network(withConfig.a)).toEqual([]);
  });
});

describe('an HA control plane: three hosts with stacked etcd', () => {
  const ips = { cp1: '10.0.0.11', cp2: '10.0.0.12', cp3: '10.0.0.13' };
  const initial = Object.entries(ips)
    .map(([n, ip]) => `${n}=https://${ip}:2380`)
    .join(',');
  const files = Object.entries(ips).flatMap(([host, ip]) => [
    file(
      `${host}/kube-apiserver.yaml`,
      pod(`kube-apiserver-${host}`, 'kube-apiserver', 'registry.k8s.io/kube-apiserver:v1.30.4', [
        `--advertise-address=${ip}`,
        '--etcd-servers=https://127.0.0.1:2379',
        '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt',
        '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key',
      ]),
    ),
    file(
      `${host}/etcd.yaml`,
      pod(`etcd-${host}`, 'etcd', 'registry.k8s.io/etcd:3.5.12-0', [
        `--name=${host}`,
        `--advertise-client-urls=https://${ip}:2379`,
        `--initial-advertise-peer-urls=https://${ip}:2380`,
        `--initial-cluster=${initial}`,
        `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`,
        `--listen-peer-urls=https://${ip}:2380`,
        '--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt',
        '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key',
      ]),
    ),
  ]);

  it('listeners per host, etcd peers to each other, each apiserver to its own etcd and to every kubelet', async () => {
    const { a, net } = await analyse(files);
    expect(net.hosts.map((h) => [h.key, h.addresses])).toEqual([
      ['cp1', ['10.0.0.11']],
      ['cp2', ['10.0.0.12']],
      ['cp3', ['10.0.0.13']],
    ]);
    expect(net.listeners.filter((l) => l.host === 'cp2').map((l) => [l.id, l.address, l.port])).toEqual([
      ['kube-apiserver@cp2/secure', '0.0.0.0', 6443],
      ['etcd@cp2/client#1', '127.0.0.1', 2379],
      ['etcd@cp2/client#2', '10.0.0.12', 2379],
      ['etcd@cp2/peer', '10.0.0.12', 2380],
      ['kubelet@cp2/api', '0.0.0.0', 10250],
      ['kubelet@cp2/healthz', '127.0.0.1', 10248],
    ]);
    const peers = net.connections.filter((c) => c.rule === 'etcd-peer');
    expect(peers.map((c) => [c.from.host, c.to.host, c.to.address, c.to.port, c.auth, c.status])).toEqual([
      ['cp1', 'cp2', '10.0.0.12', 2380, 'mTLS', 'ok'],
      ['cp1', 'cp3', '10.0.0.13', 2380, 'mTLS', 'ok'],
      ['cp2', 'cp1', '10.0.0.11', 2380, 'mTLS', 'ok'],
      ['cp2', 'cp3', '10.0.0.13', 2380, 'mTLS', 'ok'],
      ['cp3', 'cp1', '10.0.0.11', 2380, 'mTLS', 'ok'],
      ['cp3', 'cp2', '10.0.0.12', 2380, 'mTLS', 'ok'],
    ]);
    expect(
      net.connections.filter((c) => c.rule === 'apiserver-etcd').map((c) => [c.from.host, c.to.listenerId, c.status]),
    ).toEqual([
      ['cp1', 'etcd@cp1/client#1', 'ok'],
      ['cp2', 'etcd@cp2/client#1', 'ok'],
      ['cp3', 'etcd@cp3/client#1', 'ok'],
    ]);
    const kubelets = net.connections.filter((c) => c.rule === 'apiserver-kubelet');
    expect(kubelets).toHaveLength(9);
    expect(
      kubelets.filter((c) => c.from.host === 'cp1').map((c) => [c.to.host, c.to.address, c.to.port, c.status]),
    ).toEqual([
      ['cp1', '10.0.0.11', 10250, 'ok'],
      ['cp2', '10.0.0.12', 10250, 'ok'],
      ['cp3', '10.0.0.13', 10250, 'ok'],
    ]);
    expect(network(a)).toEqual([]);
  });

  it('a member whose peer port is another makes its peers connect to nothing', async () => {
    const broken = files.map((f) =>
      f.name === 'cp3/etcd.yaml'
        ? {
            ...f,
            text: f.text.replace(
              '--listen-peer-urls=https://10.0.0.13:2380',
              '--listen-peer-urls=https://10.0.0.13:2390',
            ),
          }
        : f,
    );
    const { a, net } = await analyse(broken);
    expect(net.connections.filter((c) => c.broken).map((c) => [c.rule, c.from.host, c.to.host, c.status])).toEqual([
      ['etcd-peer', 'cp1', 'cp3', 'no-listener'],
      ['etcd-peer', 'cp2', 'cp3', 'no-listener'],
    ]);
    expect(where(a, broken).map((f) => [f.rule, f.file])).toEqual([
      ['network-no-listener', 'cp1/etcd.yaml'],
      ['network-no-listener', 'cp2/etcd.yaml'],
    ]);
    expect(network(a)[0]?.message).toBe(
      'etcd connects to etcd on 10.0.0.13:2380 on cp3, but etcd listens on 10.0.0.13:2379, 10.0.0.13:2390, 127.0.0.1:2379 there.',
    );
  });
});

describe('findings: each fires on one input and not on the sample', () => {
  it("network-port-conflict: the scheduler moved onto the controller-manager's port", async () => {
    const files = sampleWith('kube-scheduler.yaml', (t) =>
      t.replace('- --leader-elect=true', '- --leader-elect=true\n    - --secure-port=10257'),
    );
    const { a } = await analyse(files);
    const f = files.find((x) => x.name === 'kube-scheduler.yaml')!;
    expect(where(a, files).filter((x) => x.rule === 'network-port-conflict')).toEqual([
      {
        rule: 'network-port-conflict',
        severity: 'error',
        file: 'kube-scheduler.yaml',
        line: lineOf(f, '--secure-port=10257'),
      },
    ]);
    expect(network(a).find((x) => x.rule === 'network-port-conflict')?.message).toBe(
      'kube-scheduler and kube-controller-manager both listen on 127.0.0.1:10257 on cp1 (--secure-port in kube-scheduler.yaml; --bind-address in kube-controller-manager.yaml): the one that starts second cannot bind it.',
    );
    // the probes of the scheduler still ask 10259
    expect(network(a).map((x) => x.rule)).toEqual([
      'network-port-conflict',
      'network-probe-mismatch',
      'network-probe-mismatch',
    ]);
  });

  it('network-exposed: the scheduler on all interfaces says what that exposes', async () => {
    const files = sampleWith('kube-scheduler.yaml', (t) =>
      t.replace('--bind-address=127.0.0.1', '--bind-address=0.0.0.0'),
    );
    const { a } = await analyse(files);
    const f = files.find((x) => x.name === 'kube-scheduler.yaml')!;
    expect(where(a, files)).toEqual([
      { rule: 'network-exposed', severity: 'warning', file: 'kube-scheduler.yaml', line: lineOf(f, '--bind-address') },
    ]);
    expect(network(a)[0]?.message).toBe(
      'kube-scheduler listens on 0.0.0.0:10259 on cp1 (--bind-address in kube-scheduler.yaml), on all interfaces, where kubeadm binds 127.0.0.1: its /healthz, /livez, /readyz and /metrics (and /debug/pprof with --profiling) answer anyone who reaches the node; the health endpoints need no token.',
    );
    // an address left at its default (a binary install that never set it) is in the port table, not a finding
    const dropped = sampleWith('kube-controller-manager.yaml', (t) =>
      t.replace('    - --bind-address=127.0.0.1\n', ''),
    );
    const d = await analyse(dropped);
    expect(d.net.listeners.find((l) => l.id === 'kube-controller-manager@cp1/secure')).toMatchObject({
      address: '0.0.0.0',
      source: 'default',
    });
    expect(network(d.a)).toEqual([]);
  });

  it('network-no-listener: --etcd-servers at a port etcd does not open, or at the apiserver itself', async () => {
    const files = sampleWith('kube-apiserver.yaml', (t) =>
      t.replace(
        '--etcd-servers=https://127.0.0.1:2379',
        '--etcd-servers=https://127.0.0.1:2399,https://192.168.56.10:6443',
      ),
    );
    const { a, net } = await analyse(files);
    expect(
      net.connections.filter((c) => c.rule === 'apiserver-etcd').map((c) => [c.to.address, c.to.port, c.status]),
    ).toEqual([
      ['127.0.0.1', 2399, 'no-listener'],
      ['192.168.56.10', 6443, 'other-listener'],
    ]);
    expect(network(a).map((f) => [f.rule, f.message])).toEqual([
      [
        'network-no-listener',
        'kube-apiserver connects to etcd on 127.0.0.1:2399 on cp1, but etcd listens on 127.0.0.1:2379, 127.0.0.1:2381, 192.168.56.10:2379, 192.168.56.10:2380 there.',
      ],
      [
        'network-no-listener',
        'kube-apiserver connects to etcd on 192.168.56.10:6443 on cp1, but kube-apiserver listens there, not etcd.',
      ],
    ]);
    const text = files.find((f) => f.name === 'kube-apiserver.yaml')!.text;
    const first = network(a)[0]!;
    expect(text.slice(first.range.start, first.range.end)).toBe('https://127.0.0.1:2399');
  });

  it('network-probe-mismatch: a port, a scheme and an address the component does not serve', async () => {
    // the liveness probe at the removed insecure port, the startup probe in plain HTTP; etcd's metrics off loopback
    const probed = 'port: 10257\n        scheme: HTTPS';
    const moveProbes = (t: string) => {
      const [head, liveness, startup] = t.split(probed);
      return `${head}port: 10252\n        scheme: HTTPS${liveness}port: 10257\n        scheme: HTTP${startup}`;
    };
    const files = sampleWith('kube-controller-manager.yaml', moveProbes).map((f) =>
      f.name === 'etcd.yaml'
        ? {
            ...f,
            text: f.text.replace(
              '--listen-metrics-urls=http://127.0.0.1:2381',
              '--listen-metrics-urls=http://192.168.56.10:2381',
            ),
          }
        : f,
    );
    const { a } = await analyse(files);
    expect(
      network(a)
        .filter((f) => f.rule === 'network-probe-mismatch')
        .map((f) => f.message),
    ).toEqual([
      'The liveness probe of etcd asks http://127.0.0.1:2381/health?exclude=NOSPACE&serializable=true, but etcd binds port 2381 to 192.168.56.10 only, which 127.0.0.1 does not reach.',
      'The startup probe of etcd asks http://127.0.0.1:2381/health?serializable=false, but etcd binds port 2381 to 192.168.56.10 only, which 127.0.0.1 does not reach.',
      'The liveness probe of kube-controller-manager asks https://127.0.0.1:10252/healthz, but kube-controller-manager does not listen on port 10252; it listens on 127.0.0.1:10257.',
      'The startup probe of kube-controller-manager asks http://127.0.0.1:10257/healthz, but port 10257 serves HTTPS, not HTTP.',
    ]);
    const kcm = files.find((f) => f.name === 'kube-controller-manager.yaml')!;
    const probe = network(a).find((f) => f.message.includes('10252'))!;
    expect(kcm.text.slice(probe.range.start, probe.range.end)).toBe('10252');
  });

  it("network-nodeport-overlap: a NodePort range over the control plane's ports; the default is clear of them", async () => {
    const files = sampleWith('kube-apiserver.yaml', (t) =>
      t.replace('- --secure-port=6443', '- --secure-port=6443\n    - --service-node-port-range=2000-10249'),
    );
    const { a } = await analyse(files);
    const found = network(a).filter((f) => f.rule === 'network-nodeport-overlap');
    expect(found.map((f) => f.message)).toEqual([
      'The NodePort range 2000-10249 (--service-node-port-range) includes port 2379, where etcd listen.',
      'The NodePort range 2000-10249 (--service-node-port-range) includes port 2380, where etcd listen.',
      'The NodePort range 2000-10249 (--service-node-port-range) includes port 2381, where etcd listen.',
      'The NodePort range 2000-10249 (--service-node-port-range) includes port 6443, where kube-apiserver listen.',
      'The NodePort range 2000-10249 (--service-node-port-range) includes port 10248, where kubelet listen.',
    ]);
    const text = files.find((f) => f.name === 'kube-apiserver.yaml')!.text;
    expect(text.slice(found[0]!.range.start, found[0]!.range.end)).toBe('2000-10249');
  });
});

describe('netstat / ss output against the expected listeners', () => {
  it("kube-scheduler's 10259 missing: expected but not listening, on its flag; the rest matches", async () => {
    const files = [...sample(), file('netstat.txt', NETSTAT_NO_SCHEDULER)];
    const { a, net } = await analyse(files);
    expect(net.missing).toEqual([{ listenerId: 'kube-scheduler@cp1/secure', host: 'cp1', fileIds: ['netstat.txt'] }]);
    const sched = files.find((f) => f.name === 'kube-scheduler.yaml')!;
    expect(where(a, files).filter((f) => f.rule !== 'network-listener-observed')).toEqual([
      {
        rule: 'network-listener-missing',
        severity: 'warning',
        file: 'kube-scheduler.yaml',
        line: lineOf(sched, '--bind-address'),
      },
    ]);
    const missing = network(a).find((f) => f.rule === 'network-listener-missing')!;
    expect(missing.message).toBe(
      'kube-scheduler should listen on 127.0.0.1:10259 on cp1 (/healthz and /metrics), but netstat.txt shows nothing there.',
    );
    expect(missing.explanation).toContain('Look at --secure-port and --bind-address in kube-scheduler.yaml');
    // every other line is the listener it should be; sshd is nobody's and says nothing
    expect(net.observed.map((o) => [o.port, o.expectedBy, o.match])).toEqual([
      [2379, 'etcd@cp1/client#1', 'exact'],
      [2379, 'etcd@cp1/client#2', 'exact'],
      [2380, 'etcd@cp1/peer', 'exact'],
      [2381, 'etcd@cp1/metrics', 'exact'],
      [10248, 'kubelet@cp1/healthz', 'exact'],
      [10257, 'kube-controller-manager@cp1/secure', 'exact'],
      [22, null, 'none'],
      [10250, 'kubelet@cp1/api', 'exact'],
      [6443, 'kube-apiserver@cp1/secure', 'exact'],
    ]);
    expect(network(a).filter((f) => f.rule === 'network-listener-observed')).toHaveLength(8);
    expect(network(a).find((f) => f.rule === 'network-listener-observed')?.message).toBe(
      'etcd listens on 127.0.0.1:2379 as its configuration says (--listen-client-urls in etcd.yaml).',
    );
  });

  it('all there: no missing listener; `| grep kube` hides etcd, so etcd is not missing either', async () => {
    const full = [...sample(), file('netstat.txt', NETSTAT_NO_SCHEDULER + SCHEDULER_LINE)];
    expect((await analyse(full)).net.missing).toEqual([]);
    const grepped = `[root@cp1 ~]# netstat -ntlp | grep kube\n${SCHEDULER_LINE}`;
    const { a, net } = await analyse([...sample(), file('netstat.txt', grepped)]);
    expect(net.missing.map((m) => m.listenerId)).toEqual([
      'kube-apiserver@cp1/secure',
      'kube-controller-manager@cp1/secure',
    ]);
    expect(
      network(a)
        .map((f) => f.rule)
        .sort(),
    ).toEqual(['network-listener-missing', 'network-listener-missing', 'network-listener-observed']);
  });

  it('present but unexpected: on another address, or a component no file describes (ss output)', async () => {
    const ss = `State  Recv-Q Send-Q Local Address:Port  Peer Address:Port Process
LISTEN 0      4096         0.0.0.0:10259      0.0.0.0:*     users:(("kube-scheduler",pid=57379,fd=7))
LISTEN 0      4096       127.0.0.1:10249      0.0.0.0:*     users:(("kube-proxy",pid=2627,fd=12))
`;
    const files = [...sample(), file('cp1-ss.txt', ss)];
    const { a, net } = await analyse(files);
    expect(net.observed.map((o) => [o.port, o.hostSource, o.expectedBy, o.match])).toEqual([
      [10259, 'file-name', 'kube-scheduler@cp1/secure', 'address'],
      [10249, 'file-name', null, 'none'],
    ]);
    const unexpected = network(a).filter((f) => f.rule === 'network-listener-unexpected');
    expect(unexpected.map((f) => [f.severity, f.message])).toEqual([
      [
        'warning',
        'kube-scheduler listens on 0.0.0.0:10259, but kube-scheduler is configured to listen on 127.0.0.1:10259 (--bind-address in kube-scheduler.yaml).',
      ],
      ['info', 'kube-proxy listens on 127.0.0.1:10249, but no file of the workspace describes kube-proxy on cp1.'],
    ]);
    const text = files.at(-1)!.text;
    expect(text.slice(unexpected[0]!.range.start, unexpected[0]!.range.end)).toBe('0.0.0.0:10259');
  });
});

describe('the CLI: the network field of the JSON report and the port table', () => {
  function capture() {
    const out: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...x: unknown[]) => void out.push(x.join(' ')));
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    return out;
  }
  const dir = mkdtempSync(join(tmpdir(), 'network-'));
  const netstat = join(dir, 'netstat.txt');
  writeFileSync(netstat, NETSTAT_NO_SCHEDULER);
  const manifests = readdirSync(SAMPLE)
    .filter((n) => n.endsWith('.yaml'))
    .map((n) => `${SAMPLE}/${n}`);

  it('--format json: listeners, connections and observed lines, as documented', async () => {
    const out = capture();
    expect(await main([...manifests, netstat, '--format', 'json'])).toBe(0);
    const report = JSON.parse(out.join('\n'));
    expect(report.schemaVersion).toBe(1);
    const sched = report.network.listeners.find((l: { id: string }) => l.id === 'kube-scheduler@cp1/secure');
    expect(sched).toMatchObject({
      component: 'kube-scheduler',
      host: 'cp1',
      address: '127.0.0.1',
      port: 10259,
      protocol: 'HTTPS',
      purpose: 'serving',
      source: 'set',
      file: `${SAMPLE}/kube-scheduler.yaml`,
      line: 16,
    });
    expect(report.network.listeners.find((l: { id: string }) => l.id === 'kubelet@cp1/api')).toMatchObject({
      source: 'default',
      file: null,
      line: null,
      implied: true,
    });
    expect(report.network.connections[0]).toMatchObject({
      rule: 'apiserver-etcd',
      from: 'kube-apiserver',
      to: 'etcd',
      host: 'cp1',
      port: 2379,
      protocol: 'gRPC/TLS',
      auth: 'mTLS',
      file: `${SAMPLE}/kube-apiserver.yaml`,
      line: 25,
      broken: false,
    });
    expect(report.network.observed[0]).toMatchObject({
      host: 'cp1',
      address: '127.0.0.1',
      port: 2379,
      process: 'etcd',
      expectedBy: 'etcd@cp1/client#1',
      file: netstat,
      line: 4,
    });
    expect(report.network.observed.find((o: { port: number }) => o.port === 22)).toMatchObject({
      expectedBy: null,
      process: 'sshd',
    });
    expect(report.findings.filter((f: { rule: string }) => f.rule === 'network-listener-missing')).toEqual([
      expect.objectContaining({ file: `${SAMPLE}/kube-scheduler.yaml`, line: 16, severity: 'warning' }),
    ]);
  });

  it('--format text: the port table per host', async () => {
    const out = capture();
    expect(await main([...manifests, netstat])).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('Listening sockets by host');
    expect(text).toContain('  cp1 (192.168.56.10)');
    expect(text).toMatch(/\n {4}PORT +ADDRESS +PROTOCOL +COMPONENT +PURPOSE +FROM\n/);
    expect(text).toMatch(
      /\n {4}2379 +127\.0\.0\.1 +gRPC\/TLS +etcd +etcd-client +\S*etcd\.yaml:25 \(--listen-client-urls\) +\[listening\]\n/,
    );
    expect(text).toMatch(
      /\n {4}10259 +127\.0\.0\.1 +HTTPS +kube-scheduler +serving +\S*kube-scheduler\.yaml:16 .*\[NOT LISTENING\]/,
    );
    expect(text).toMatch(
      /\n {4}10250 +0\.0\.0\.0 +HTTPS +kubelet \(implied by the static Pods\) +kubelet-api +default/,
    );
    expect(text).toContain('13 connection(s), 0 broken, 2 to targets outside the workspace');
  });
});
