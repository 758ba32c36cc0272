/** Environment files, and the workspace step that expands a unit's `$VAR`s from them. */
import { describe, expect, it } from 'vitest';
import { fileId } from '../../src/model/span';
import { file, fixture, loadKnowledgeBase, say } from '../helpers';
import { facts, flag, flagPairs, ingest, lineCol, NOW, ofKind, slice } from './ingest-helpers';
import { ingestFile } from '../../src/ingest';
import { parseEnvAssignments } from '../../src/ingest/formats/envAssignments';
import { componentOfVariable } from '../../src/ingest/shared/recognise';
import { resolveEnvironment, pathMatchScore } from '../../src/ingest/workspace/expandEnv';
import { analyseWorkspace } from '../../src/pipeline';
import type { WorkspaceFile } from '../../src/model/types';

const APISERVER_FLAGS: [string, string | null][] = [
  ['advertise-address', '192.168.50.101'],
  ['bind-address', '192.168.50.101'],
  ['secure-port', '6443'],
  ['etcd-servers', 'https://192.168.50.101:2379,https://192.168.50.102:2379,https://192.168.50.1:2379'],
  ['service-cluster-ip-range', '10.254.0.0/16'],
  [
    'enable-admission-plugins',
    'NamespaceLifecycle,LimitRanger,ServiceAccount,DefaultStorageClass,DefaultTolerationSeconds,MutatingAdmissionWebhook,ValidatingAdmissionWebhook,ResourceQuota',
  ],
  ['anonymous-auth', 'false'],
  ['allow-privileged', 'true'],
  ['apiserver-count', '3'],
  ['audit-log-maxage', '30'],
  ['audit-log-maxbackup', '3'],
  ['audit-log-maxsize', '100'],
  ['audit-log-path', '/var/lib/audit.log'],
  ['authorization-mode', 'Node,RBAC'],
  ['client-ca-file', '/etc/kubernetes/ssl/ca.pem'],
  ['enable-bootstrap-token-auth', null],
  ['etcd-cafile', '/etc/kubernetes/ssl/ca.pem'],
  ['etcd-certfile', '/etc/kubernetes/ssl/etcd.pem'],
  ['etcd-keyfile', '/etc/kubernetes/ssl/etcd-key.pem'],
  ['event-ttl', '1h'],
  ['enable-swagger-ui', 'true'],
  ['kubelet-https', 'true'],
  ['service-account-key-file', '/etc/kubernetes/ssl/ca-key.pem'],
  ['service-node-port-range', '30000-50000'],
  ['tls-private-key-file', '/etc/kubernetes/ssl/kubernetes-key.pem'],
  ['tls-cert-file', '/etc/kubernetes/ssl/kubernetes.pem'],
  ['token-auth-file', '/etc/kubernetes/token.csv'],
  ['logtostderr', 'true'],
  ['v', '2'],
];

describe('env file /etc/kubernetes/apiserver (seed 001)', () => {
  const text = fixture('env/seed001-apiserver');

  it('reads every flag of every variable, multi-line quoted KUBE_API_ARGS included, with exact positions', async () => {
    const r = await ingest(text, 'apiserver');
    expect(r.kind).toBe('env-file');
    expect(r.documents).toHaveLength(1);
    const [doc] = r.documents;
    expect(doc?.component).toBe('kube-apiserver');
    expect(flagPairs(doc)).toEqual(APISERVER_FLAGS);
    expect(doc?.fields.map((f) => f.path)).toEqual([
      'KUBE_API_ADDRESS',
      'KUBE_API_PORT',
      'KUBE_ETCD_SERVERS',
      'KUBE_SERVICE_ADDRESSES',
      'KUBE_ADMISSION_CONTROL',
      'KUBE_API_ARGS',
    ]);
    expect(lineCol(text, flag(doc, 'bind-address').nameRange)).toBe('5:54');
    expect(lineCol(text, flag(doc, 'anonymous-auth').nameRange)).toBe('17:16');
    expect(lineCol(text, flag(doc, 'v').nameRange)).toBe('39:1');
    expect(lineCol(text, flag(doc, 'tls-cert-file').valueRange!)).toBe('36:17');
    expect(slice(text, flag(doc, 'tls-cert-file').valueRange)).toBe('/etc/kubernetes/ssl/kubernetes.pem');
    expect(flag(doc, 'v').viaVariable).toBe('KUBE_API_ARGS');
    expect(doc?.diagnostics).toEqual([]);
  });

  it('controller-manager and scheduler env files name their component by their variable', async () => {
    const cm = (await ingest(fixture('env/seed001-controller-manager'), 'controller-manager')).documents[0];
    expect(cm?.component).toBe('kube-controller-manager');
    expect(flagPairs(cm).map(([n]) => n)).toEqual([
      'bind-address',
      'cluster-name',
      'cluster-signing-cert-file',
      'cluster-signing-key-file',
      'leader-elect',
      'master',
      'root-ca-file',
      'service-account-private-key-file',
      'service-cluster-ip-range',
      'logtostderr',
      'v',
    ]);
    const sched = (await ingest(fixture('env/seed001-scheduler'), 'x')).documents[0];
    expect(sched?.component).toBe('kube-scheduler');
    expect(flagPairs(sched)).toEqual([
      ['leader-elect', 'true'],
      ['address', '127.0.0.1'],
      ['master', 'http://127.0.0.1:8080'],
      ['logtostderr', 'true'],
      ['v', '2'],
    ]);
  });

  it('a pasted copy with its `vim /etc/kubernetes/apiserver` line takes the path as its label', async () => {
    const [doc] = (await ingest(fixture('env/seed001-apiserver-pasted.txt'), 'Untitled 1')).documents;
    expect(doc?.label).toBe('env file /etc/kubernetes/apiserver');
    expect(doc?.flags).toHaveLength(29);
    expect(doc?.diagnostics).toEqual([]);
  });
});

describe('env file syntax', () => {
  it('kubeadm-flags.env, unquoted values, export, single quotes, escaped quotes, comments, CRLF, BOM', async () => {
    const text =
      '\uFEFF# 由 kubeadm 生成\r\n' +
      'KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.9"\r\n' +
      'export KUBELET_EXTRA_ARGS=--node-ip=10.0.0.5   \r\n' +
      "KUBELET_ARGS='--node-labels=a=b,c=d' # trailing comment\r\n" +
      'QUOTED="--kubelet-extra=\\"x\\""\r\n';
    const r = await ingest(text, 'kubeadm-flags.env');
    expect(r.kind).toBe('env-file');
    const [doc] = r.documents;
    expect(doc?.component).toBe('kubelet');
    expect(flagPairs(doc)).toEqual([
      ['container-runtime-endpoint', 'unix:///var/run/containerd/containerd.sock'],
      ['pod-infra-container-image', 'registry.k8s.io/pause:3.9'],
      ['node-ip', '10.0.0.5'],
      ['node-labels', 'a=b,c=d'],
      ['kubelet-extra', '"x"'],
    ]);
    expect(lineCol(text, flag(doc, 'node-ip').nameRange)).toBe('3:27');
    expect(lineCol(text, flag(doc, 'pod-infra-container-image').valueRange!)).toBe('2:123');
    expect(slice(text, flag(doc, 'node-labels').valueRange)).toBe('a=b,c=d');
    expect(doc?.diagnostics).toEqual([]);
  });

  it('continuation at the end of the file, unterminated quote, a line that is not KEY=value', () => {
    const a = parseEnvAssignments('A="--x=1 \\\n--y=2 \\', fileId('f'));
    expect(a.assignments.map((x) => x.text)).toEqual(['--x=1 --y=2 \\']); // a lone `\` at the very end stays
    expect(a.problems.map((p) => say(p.message))).toEqual(['The quote opened here for A is never closed.']);
    const b = parseEnvAssignments('B=--z=3 \\\n', fileId('f'));
    expect(b.assignments.map((x) => x.text)).toEqual(['--z=3']);
    const c = parseEnvAssignments('--just-a-flag=1\nC=2\n', fileId('f'));
    expect(c.problems).toHaveLength(1);
    expect(c.assignments.map((x) => [x.name, x.text])).toEqual([['C', '2']]);
  });

  it('a bare CR ends a line as systemd reads it: old Mac line ends, and a `\\` + CR continuation', () => {
    const text = 'ETCD_NAME=infra0\rETCD_ARGS="--discovery-password=s3cr3t --v=2"\rB=--x=1 \\\r--y=2\r';
    const r = parseEnvAssignments(text, fileId('f'));
    expect(r.problems).toEqual([]);
    // the name is only `infra0`: before, it ran on to the end of the file, the password included
    expect(r.assignments.map((x) => [x.name, x.text, slice(text, x.valueRange)])).toEqual([
      ['ETCD_NAME', 'infra0', 'infra0'],
      ['ETCD_ARGS', '--discovery-password=s3cr3t --v=2', '"--discovery-password=s3cr3t --v=2"'],
      ['B', '--x=1 --y=2', '--x=1 \\\r--y=2'],
    ]);
    const crlf = parseEnvAssignments('A=1\r\nB=2\r\n', fileId('f'));
    expect(crlf.assignments.map((x) => [x.name, x.text, x.valueRange.end])).toEqual([
      ['A', '1', 3],
      ['B', '2', 8],
    ]);
  });

  it('etcd.conf: each ETCD_* variable is the etcd flag of the same name', async () => {
    const text =
      '#[Member]\nETCD_NAME="etcd01"\nETCD_DATA_DIR="/var/lib/etcd/default.etcd"\nETCD_LISTEN_PEER_URLS="https://192.168.1.1:2380"\n';
    const [doc] = (await ingest(text, 'etcd.conf')).documents;
    expect(doc?.component).toBe('etcd');
    expect(flagPairs(doc)).toEqual([
      ['name', 'etcd01'],
      ['data-dir', '/var/lib/etcd/default.etcd'],
      ['listen-peer-urls', 'https://192.168.1.1:2380'],
    ]);
    expect(flag(doc, 'name').origin).toEqual({ kind: 'env-var', path: 'ETCD_NAME' });
    expect(slice(text, flag(doc, 'name').nameRange)).toBe('ETCD_NAME');
    expect(slice(text, flag(doc, 'data-dir').valueRange)).toBe('/var/lib/etcd/default.etcd');
  });

  it('variables for several components in one paste become one document per component', async () => {
    const text =
      'KUBE_API_ARGS="--v=2"\nKUBE_SCHEDULER_ARGS="--leader-elect=true"\nKUBE_PROXY_ARGS="--proxy-mode=ipvs"\n';
    const docs = (await ingest(text, 'paste')).documents;
    expect(docs.map((d) => [d.component, flagPairs(d)])).toEqual([
      ['kube-apiserver', [['v', '2']]],
      ['kube-scheduler', [['leader-elect', 'true']]],
      ['kube-proxy', [['proxy-mode', 'ipvs']]],
    ]);
    const { components } = await facts();
    expect(componentOfVariable('KUBE_CONTROLLER_MANAGER_ARGS', components)).toBe('kube-controller-manager');
    expect(componentOfVariable('FOO', components)).toBe(null);
  });
});

describe('cross-file expansion: unit + env file in one workspace', () => {
  const unitText = fixture('systemd/seed001-kube-apiserver.service');
  const envText = fixture('env/seed001-apiserver');
  const files: WorkspaceFile[] = [
    file('lib/systemd/system/kube-apiserver.service', unitText, 'unit'),
    file('etc/kubernetes/apiserver', envText, 'env'),
  ];

  it('$KUBE_API_ARGS expands to the env file flags, each at its place in the env file', async () => {
    const comps = await facts();
    const ingested = resolveEnvironment(
      files.map((f) => ingestFile(f, comps, { now: NOW })),
      files,
      comps,
    );
    const unit = ingested[0]?.documents[0];
    expect(unit?.component).toBe('kube-apiserver');
    expect(flagPairs(unit)).toEqual(APISERVER_FLAGS);
    expect(unit?.flags.every((f) => f.fileId === 'env')).toBe(true);
    expect(lineCol(envText, flag(unit, 'anonymous-auth').nameRange)).toBe('17:16');
    expect(lineCol(envText, flag(unit, 'service-node-port-range').nameRange)).toBe('34:1');
    expect(slice(envText, flag(unit, 'etcd-servers').valueRange)).toBe(
      'https://192.168.50.101:2379,https://192.168.50.102:2379,https://192.168.50.1:2379',
    );
    expect(ofKind(unit, 'systemd-unit').systemd.environmentFiles[0]?.resolvedFileId).toBe('env');
    // KUBELET_PORT is commented out in the env file: still reported, located in the unit
    const unresolved = unit?.diagnostics.filter((d) => d.code === 'unresolved-variable') ?? [];
    expect(unresolved.map((d) => slice(unitText, d.range))).toEqual(['$KUBELET_PORT']);
    // the env file does not explain them a second time, and says where they went
    const env = ingested[1]?.documents[0];
    expect(env?.flags).toEqual([]);
    expect(env?.diagnostics.filter((d) => d.code === 'expanded-in-unit').map((d) => slice(envText, d.range))).toContain(
      'KUBE_API_ARGS',
    );
  });

  it('runs in the pipeline: the flags are annotated from the catalogue, findings point into the env file', async () => {
    const kb = await loadKnowledgeBase();
    const a = await analyseWorkspace(files, kb, { now: NOW });
    const unit = a.files[0]?.documents[0];
    expect(unit?.flags.filter((f) => f.doc !== null).length).toBeGreaterThan(20);
    const swagger = a.findings.find((f) => f.range.start === flag(unit?.document, 'enable-swagger-ui').nameRange.start);
    expect(swagger?.fileId).toBe('env');
  });

  it('matches a pasted tab without a path by variable name, and EnvironmentFile= paths by suffix', async () => {
    const comps = await facts();
    const pasted: WorkspaceFile[] = [
      file('Untitled 1', unitText, 'u'),
      file('Untitled 2', fixture('env/seed001-apiserver-pasted.txt'), 'e'),
    ];
    const ingested = resolveEnvironment(
      pasted.map((f) => ingestFile(f, comps)),
      pasted,
      comps,
    );
    expect(ingested[0]?.documents[0]?.flags).toHaveLength(29);
    // the `vim /etc/kubernetes/apiserver` line names the pasted env file
    expect(ofKind(ingested[0]?.documents[0], 'systemd-unit').systemd.environmentFiles[0]?.resolvedFileId).toBe('e');
    expect(pathMatchScore('/etc/kubernetes/apiserver', 'etc/kubernetes/apiserver')).toBe(3);
    expect(pathMatchScore('/etc/kubernetes/apiserver', 'scheduler')).toBe(0);
  });

  it('kubeadm-flags.env feeds the kubelet drop-in', async () => {
    const comps = await facts();
    const dropIn = [
      '[Service]',
      'Environment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"',
      'EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env',
      'ExecStart=',
      'ExecStart=/usr/bin/kubelet $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS',
    ].join('\n');
    const flagsEnv =
      'KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.9"\n';
    const ws: WorkspaceFile[] = [
      file('10-kubeadm.conf', dropIn, 'd'),
      file('var/lib/kubelet/kubeadm-flags.env', flagsEnv, 'k'),
    ];
    const [unit] = resolveEnvironment(
      ws.map((f) => ingestFile(f, comps)),
      ws,
      comps,
    );
    const doc = unit?.documents[0];
    expect(flagPairs(doc)).toEqual([
      ['config', '/var/lib/kubelet/config.yaml'],
      ['container-runtime-endpoint', 'unix:///var/run/containerd/containerd.sock'],
      ['pod-infra-container-image', 'registry.k8s.io/pause:3.9'],
    ]);
    expect(doc?.flags.map((f) => f.fileId)).toEqual(['d', 'k', 'k']);
    expect(lineCol(flagsEnv, flag(doc, 'pod-infra-container-image').nameRange)).toBe('1:95');
    expect(doc?.diagnostics).toEqual([]);
  });
});
