/**
 * Feature gates: the catalogue (content/feature-gates.json), what a gate is in a release (gateAt), the checks of
 * src/analysis/featureGates.ts on real-looking inputs (kubeadm static Pods with image versions, a kubeadm config, a
 * KubeletConfiguration, a ps line), each finding at the gate's own `Name=value`, and the hover Markdown of a gate.
 */
import { describe, expect, it } from 'vitest';
import { analysePresented, file, loadKnowledgeBase } from '../helpers';
import { gateAt, gatesIn, suggestGates } from '../../src/knowledge/featureGates';
import { analyseWorkspace } from '../../src/pipeline';
import {
  featureGateHoverAt,
  featureGateHoverMarkdown,
  readFeatureGateProse,
} from '../../src/present/featureGateMarkdown';

const kb = await loadKnowledgeBase();
const gates = await kb.featureGates();
const prose = readFeatureGateProse(await kb.loadMessages('feature-gates.yaml'));

function staticPod(component: string, tag: string, args: readonly string[]): string {
  return [
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
    `    image: registry.k8s.io/${component}:${tag}`,
    `    name: ${component}`,
    '  hostNetwork: true',
    '',
  ].join('\n');
}

const apiserver = (tag: string, ...args: string[]) => staticPod('kube-apiserver', tag, args);

interface Seen {
  rule: string;
  severity: string;
  /** The text the finding points at. */
  at: string;
  message: string;
}

async function findings(name: string, text: string): Promise<Seen[]> {
  const a = await analysePresented([file(name, text, 'fg')], kb);
  expect(a.contentProblems).toEqual([]);
  return (
    a.findings
      // the security audit's own findings are tested in audit.test.ts, flags the test manifests leave out that
      // the API server cannot start without in required-flags.test.ts
      .filter((f) => !f.rule.startsWith('audit-') && f.rule !== 'required-flag-missing')
      .map((f) => ({
        rule: f.rule,
        severity: f.severity,
        at: text.slice(f.range.start, f.range.end),
        message: f.message,
      }))
  );
}

/** Only the gate findings (and invalid values of --feature-gates), without the words. */
const gateFindings = (list: Seen[]) =>
  list
    .filter((f) => f.rule.startsWith('feature-gate-') || f.message.startsWith('--feature-gates:'))
    .map(({ rule, severity, at }) => ({ rule, severity, at }));

describe('the catalogue', () => {
  it('loads every gate of the data, Kubernetes 1.36 and etcd 3.7 the newest', () => {
    expect(kb.problems).toEqual([]);
    expect(gates.kubernetes.gates.size).toBe(486);
    expect(gates.kubernetes.newest).toBe('1.36');
    expect(gates.etcd.newest).toBe('3.7');
    expect([...gates.etcd.gates.keys()]).toContain('InitialCorruptCheck');
  });

  it('counts gates per release (the shared list every core component accepts)', () => {
    const count = (v: string) => gatesIn(gates, v, 'kube-apiserver').length;
    expect(count('1.36')).toBe(240);
    expect(gatesIn(gates, '1.36', 'kube-controller-manager')).toHaveLength(241);
    expect(['1.20', '1.24', '1.28', '1.31', '1.34'].map(count)).toEqual([119, 140, 151, 166, 207]);
    for (let m = 21; m <= 36; m++) expect(count(`1.${m}`)).toBeGreaterThanOrEqual(count(`1.${m - 1}`));
    expect(gatesIn(gates, '3.6', 'etcd')).toHaveLength(7);
    expect(gatesIn(gates, '3.7', 'etcd')).toHaveLength(9);
  });

  it('AdmissionWebhookMatchConditions: alpha 1.27, beta 1.28, GA locked 1.30, removed 1.33', () => {
    const at = (v: string) => gateAt(gates, 'AdmissionWebhookMatchConditions', v);
    expect(at('1.26.4').state).toBe('not-yet');
    expect(at('1.27.0').current).toMatchObject({ stage: 'alpha', default: false });
    expect(at('1.29.3').current).toMatchObject({ stage: 'beta', default: true });
    expect(at('1.31.2').current).toMatchObject({ stage: 'stable', default: true, locked: true });
    expect(at('1.32.0').state).toBe('ok');
    expect(at('1.33.0')).toMatchObject({ state: 'removed', current: null });
    expect(at('1.33.0').facts?.removedIn).toBe('1.33');
  });

  it('no version, or one newer than the data: judged as the newest release', () => {
    expect(gateAt(gates, 'PodSecurity', null)).toMatchObject({
      state: 'removed',
      release: '1.36',
      assumedNewest: true,
    });
    expect(gateAt(gates, 'SidecarContainers', '1.40.1')).toMatchObject({ release: '1.36', assumedNewest: true });
    expect(gateAt(gates, 'SidecarContainers', '1.31.0')).toMatchObject({ release: '1.31', assumedNewest: false });
  });

  it('names are case-sensitive; suggestions find the right case and typos', () => {
    expect(gateAt(gates, 'sidecarContainers', '1.31').state).toBe('unknown');
    expect(suggestGates(gates, 'sidecarContainers', '1.31', 'kube-apiserver')).toEqual(['SidecarContainers']);
    expect(suggestGates(gates, 'RotateKubeletServerCertifcate', '1.31', 'kubelet')).toContain(
      'RotateKubeletServerCertificate',
    );
    // 1.23 spelled it csiMigrationRBD, 1.24 CSIMigrationRBD
    expect(gateAt(gates, 'csiMigrationRBD', '1.23').state).toBe('ok');
    expect(gateAt(gates, 'csiMigrationRBD', '1.24').state).toBe('removed');
    expect(gateAt(gates, 'CSIMigrationRBD', '1.23').state).toBe('not-yet');
  });

  it('k8s.io/controller-manager gates: kube-controller-manager has its own stages', () => {
    expect(gateAt(gates, 'IPv6DualStack', '1.25', 'kube-apiserver').state).toBe('removed');
    expect(gateAt(gates, 'IPv6DualStack', '1.25', 'kube-controller-manager').current).toMatchObject({
      stage: 'stable',
      locked: true,
    });
    expect(gateAt(gates, 'IPv6DualStack', '1.27', 'kube-controller-manager').state).toBe('removed');
    expect(gateAt(gates, 'ControllerManagerLeaderMigration', '1.21', 'kube-controller-manager').current?.stage).toBe(
      'alpha',
    );
    expect(gateAt(gates, 'ControllerManagerLeaderMigration', '1.21', 'kube-scheduler').state).toBe('not-yet');
    expect(gateAt(gates, 'ControllerManagerReleaseLeaderElectionLockOnExit', '1.36', 'kube-apiserver').state).toBe(
      'unknown',
    );
    expect(
      gateAt(gates, 'ControllerManagerReleaseLeaderElectionLockOnExit', '1.36', 'kube-controller-manager').state,
    ).toBe('ok');
  });

  it('etcd has its own list from 3.6', () => {
    expect(gateAt(gates, 'StopGRPCServiceOnDefrag', '3.6.1', 'etcd').current).toMatchObject({ stage: 'alpha' });
    expect(gateAt(gates, 'FastLeaseKeepAlive', '3.6.1', 'etcd')).toMatchObject({ state: 'not-yet', since: '3.7' });
    expect(gateAt(gates, 'FastLeaseKeepAlive', '3.7.0', 'etcd').current).toMatchObject({
      stage: 'beta',
      default: true,
    });
    expect(gateAt(gates, 'SidecarContainers', '3.6.1', 'etcd').state).toBe('unknown');
  });
});

describe('each finding kind on a kube-apiserver manifest, at the gate itself', () => {
  it.each([
    ['unknown, with a suggestion', 'v1.28.3', 'RotateKubeletServerCertifcate=true', 'feature-gate-unknown', 'error'],
    ['unknown: a gate of a later release', 'v1.27.6', 'SidecarContainers=true', 'feature-gate-unknown', 'error'],
    ['removed', 'v1.28.3', 'PodSecurity=true', 'feature-gate-removed', 'error'],
    ['locked GA set to false', 'v1.30.1', 'APIListChunking=false', 'feature-gate-locked', 'error'],
    ['locked deprecated set to true', 'v1.33.0', 'AllowServiceLBStatusOnNonLB=true', 'feature-gate-locked', 'error'],
    ['deprecated', 'v1.31.2', 'KMSv1=true', 'feature-gate-deprecated', 'warning'],
    ['alpha switched on', 'v1.31.2', 'InPlacePodVerticalScaling=true', 'feature-gate-alpha', 'warning'],
    ['GA switched off', 'v1.31.2', 'ExecProbeTimeout=false', 'feature-gate-ga-off', 'warning'],
    ['already the default', 'v1.31.2', 'RotateKubeletServerCertificate=true', 'feature-gate-default', 'info'],
    ['bad value', 'v1.31.2', 'SidecarContainers=maybe', 'invalid-value', 'error'],
    ['no value', 'v1.31.2', 'SidecarContainers', 'invalid-value', 'error'],
  ])('%s (%s %s)', async (_what, tag, gate, rule, severity) => {
    const text = apiserver(tag, `--feature-gates=ServerSideApply=false,${gate},WatchList=false`);
    const found = await findings('kube-apiserver.yaml', text);
    const gateOnly = gateFindings(found).filter(
      (f) => !f.at.startsWith('ServerSideApply') && !f.at.startsWith('Watch'),
    );
    expect(gateOnly).toEqual([{ rule, severity, at: gate }]);
  });

  it('messages say the release, the removal and the suggestion', async () => {
    const text = apiserver(
      'v1.28.3',
      '--feature-gates=RotateKubeletServerCertifcate=true,PodSecurity=true,SidecarContainers=true,Foo=maybe',
    );
    const found = await findings('kube-apiserver.yaml', text);
    expect(found.map((f) => f.message)).toEqual([
      'RotateKubeletServerCertifcate is not a feature gate of kube-apiserver 1.28. Did you mean RotateKubeletServerCertificate?',
      'PodSecurity was removed in kube-apiserver 1.28; 1.28 no longer knows it, so the binary refuses to start.',
      'SidecarContainers is an alpha feature in kube-apiserver 1.28: off by default and not meant for production clusters.',
      '--feature-gates: feature gate Foo=maybe: the value must be true or false.',
    ]);
    const older = await findings('kube-apiserver.yaml', apiserver('v1.27.6', '--feature-gates=SidecarContainers=true'));
    expect(older.map((f) => f.message)).toEqual([
      'SidecarContainers is not a feature gate of kube-apiserver 1.27; it first appears in 1.28.',
    ]);
  });

  it('a valid manifest raises nothing', async () => {
    const text = apiserver(
      'v1.31.2',
      '--feature-gates=SidecarContainers=false,APIServerIdentity=false,kube:ConsistentListFromCache=false',
      '--secure-port=6443',
    );
    expect(await findings('kube-apiserver.yaml', text)).toEqual([]);
  });

  it('the kube: prefix is accepted from 1.31 only', async () => {
    const text = apiserver('v1.30.1', '--feature-gates=kube:SidecarContainers=false');
    expect(gateFindings(await findings('kube-apiserver.yaml', text))).toEqual([
      { rule: 'feature-gate-unknown', severity: 'error', at: 'kube:SidecarContainers=false' },
    ]);
  });

  it('a quoted argument and spaces around entries still point at the gate', async () => {
    const text = apiserver('v1.28.3', `"--feature-gates= PodSecurity=true , SidecarContainers=maybe"`);
    expect(gateFindings(await findings('kube-apiserver.yaml', text))).toEqual([
      { rule: 'feature-gate-removed', severity: 'error', at: 'PodSecurity=true' },
      { rule: 'invalid-value', severity: 'error', at: 'SidecarContainers=maybe' },
    ]);
  });
});

describe('kube-controller-manager and kube-scheduler values are checked too', () => {
  it('kube-controller-manager 1.31: removed and unknown gates', async () => {
    const text = staticPod('kube-controller-manager', 'v1.31.2', [
      '--feature-gates=TTLAfterFinished=true,CronJobTimeZon=true',
    ]);
    expect(gateFindings(await findings('kcm.yaml', text))).toEqual([
      { rule: 'feature-gate-removed', severity: 'error', at: 'TTLAfterFinished=true' },
      { rule: 'feature-gate-unknown', severity: 'error', at: 'CronJobTimeZon=true' },
    ]);
  });

  it('kube-controller-manager 1.25 still knows IPv6DualStack (its own package), the API server does not', async () => {
    const kcm = staticPod('kube-controller-manager', 'v1.25.16', ['--feature-gates=IPv6DualStack=true']);
    expect(gateFindings(await findings('kcm.yaml', kcm))).toEqual([
      { rule: 'feature-gate-default', severity: 'info', at: 'IPv6DualStack=true' },
    ]);
    const api = apiserver('v1.25.16', '--feature-gates=IPv6DualStack=true');
    expect(gateFindings(await findings('kube-apiserver.yaml', api))).toEqual([
      { rule: 'feature-gate-removed', severity: 'error', at: 'IPv6DualStack=true' },
    ]);
  });

  it('kube-scheduler 1.30: a locked gate and a bad value', async () => {
    const text = staticPod('kube-scheduler', 'v1.30.4', ['--feature-gates=PodSchedulingReadiness=false,Foo=1.0']);
    expect(gateFindings(await findings('sched.yaml', text))).toEqual([
      { rule: 'feature-gate-locked', severity: 'error', at: 'PodSchedulingReadiness=false' },
      { rule: 'invalid-value', severity: 'error', at: 'Foo=1.0' },
    ]);
  });
});

describe('repeated --feature-gates are merged, later wins per gate', () => {
  it('every occurrence is checked; a gate set twice is judged by its last value', async () => {
    const text = apiserver(
      'v1.31.2',
      '--feature-gates=InPlacePodVerticalScaling=true,PodSecurity=true',
      '--feature-gates=InPlacePodVerticalScaling=false',
    );
    expect(gateFindings(await findings('kube-apiserver.yaml', text))).toEqual([
      { rule: 'feature-gate-repeated', severity: 'warning', at: 'InPlacePodVerticalScaling=true' },
      { rule: 'feature-gate-removed', severity: 'error', at: 'PodSecurity=true' },
      { rule: 'feature-gate-default', severity: 'info', at: 'InPlacePodVerticalScaling=false' },
    ]);
  });
});

describe('other places gates are set', () => {
  it('kubeadm ClusterConfiguration extraArgs, judged for its kubernetesVersion', async () => {
    const text = [
      'apiVersion: kubeadm.k8s.io/v1beta3',
      'kind: ClusterConfiguration',
      'kubernetesVersion: v1.28.0',
      'apiServer:',
      '  extraArgs:',
      '    feature-gates: "PodSecurity=true,SidecarContainers=true"',
      '',
    ].join('\n');
    expect(gateFindings(await findings('kubeadm-config.yaml', text))).toEqual([
      { rule: 'feature-gate-removed', severity: 'error', at: 'PodSecurity=true' },
      { rule: 'feature-gate-alpha', severity: 'warning', at: 'SidecarContainers=true' },
    ]);
  });

  it('KubeletConfiguration featureGates: each entry at its YAML key and value, no version: the newest', async () => {
    const text = [
      'apiVersion: kubelet.config.k8s.io/v1beta1',
      'kind: KubeletConfiguration',
      'featureGates:',
      '  RotateKubeletServerCertificate: true',
      '  EphemeralContainers: true',
      '  GracefulNodeShutdown: false',
      '  NodeSwap: maybe',
      '',
    ].join('\n');
    const found = await findings('kubelet-config.yaml', text);
    expect(gateFindings(found)).toEqual([
      // NodeSwap: maybe: annotate (values.ts) rejects the whole featureGates value already, so it is not repeated here
      { rule: 'invalid-value', severity: 'error', at: expect.stringContaining('NodeSwap: maybe') },
      { rule: 'feature-gate-default', severity: 'info', at: 'RotateKubeletServerCertificate: true' },
      { rule: 'feature-gate-removed', severity: 'error', at: 'EphemeralContainers: true' },
    ]);
    expect(found.find((f) => f.rule === 'feature-gate-removed')?.message).toBe(
      'EphemeralContainers was removed in kubelet 1.27; 1.36 (no version detected: judged as the newest release known) no longer knows it, so the binary refuses to start.',
    );
  });

  it('a kube-proxy ps line (no version) and etcd 3.6', async () => {
    const ps = `root 2301 2281 0 09:14 ? 00:00:41 /usr/local/bin/kube-proxy --config=/var/lib/kube-proxy/config.conf --feature-gates=EndpointSliceProxying=true\n`;
    expect(gateFindings(await findings('ps.txt', ps))).toEqual([
      { rule: 'feature-gate-removed', severity: 'error', at: 'EndpointSliceProxying=true' },
    ]);
    const etcd = staticPod('etcd', '3.6.4-0', ['--feature-gates=InitialCorruptCheck=true,FastLeaseKeepAlive=true']);
    expect(gateFindings(await findings('etcd.yaml', etcd))).toEqual([
      { rule: 'feature-gate-alpha', severity: 'warning', at: 'InitialCorruptCheck=true' },
      { rule: 'feature-gate-unknown', severity: 'error', at: 'FastLeaseKeepAlive=true' },
    ]);
  });
});

describe('hover Markdown of a gate', () => {
  it('what it does, its state in the release, the value and its history', () => {
    const md = featureGateHoverMarkdown(
      { name: 'SidecarContainers', value: true, component: 'kube-apiserver', version: '1.31.2' },
      gates,
      prose,
    );
    expect(md[0]).toMatch(/^\*\*SidecarContainers\*\* — feature gate\n\n\S/);
    expect(md).toContain('In 1.31: beta, on by default.');
    expect(md).toContain('Set here to true.');
    expect(md).toContain(
      'History: alpha (off by default) 1.28 · beta (on by default) 1.29–1.32 · GA (on by default, locked) 1.33+',
    );
  });

  it('a removed gate says so; a gate without a line of ours shows its history only', () => {
    const md = featureGateHoverMarkdown(
      { name: 'PodSecurity', component: 'kube-apiserver', version: '1.30.0' },
      gates,
      prose,
    );
    expect(md).toContain('Removed in 1.28: 1.30 refuses to start when it is set.');
    expect(md.find((p) => p.startsWith('History:'))).toMatch(/ · removed 1\.28$/);
    const plain = featureGateHoverMarkdown(
      { name: 'AtomicFIFO', component: 'kube-apiserver', version: null },
      gates,
      prose,
    );
    expect(plain[0]).toBe('**AtomicFIFO** — feature gate');
  });

  it('a gate name from the input is escaped', () => {
    const md = featureGateHoverMarkdown(
      { name: '[x](https://evil.example)', component: 'kube-apiserver', version: '1.31' },
      gates,
      prose,
    );
    expect(md[0]).not.toContain('](https://');
    expect(md[0]).toContain('\\[x\\]');
  });

  it('the gate under the cursor of an analysed document', async () => {
    const text = apiserver('v1.31.2', '--feature-gates=WatchList=false,SidecarContainers=true');
    const files = [file('kube-apiserver.yaml', text, 'fg')];
    const analysis = await analyseWorkspace(files, kb);
    const doc = analysis.files[0]?.documents[0];
    if (!doc) throw new Error('no document');
    const hover = featureGateHoverAt(doc, files[0]!.id, text.indexOf('SidecarContainers') + 3, gates, prose);
    expect(hover?.[0]).toMatch(/^\*\*SidecarContainers\*\*/);
    expect(featureGateHoverAt(doc, files[0]!.id, text.indexOf('--feature-gates'), gates, prose)).toBeNull();
  });

  it('every gate the fixtures and common configs set has a line of ours, and every line names a real gate', () => {
    for (const name of Object.keys(prose.gates)) expect(gates.kubernetes.gates.has(name), name).toBe(true);
    for (const name of Object.keys(prose.etcdGates)) expect(gates.etcd.gates.has(name), name).toBe(true);
    for (const name of [
      'GracefulNodeShutdown',
      'NodeSwap',
      'NFTablesProxyMode',
      'StopGRPCServiceOnDefrag',
      'TxnModeWriteWithSharedBuffer',
      'InPlacePodVerticalScaling',
      'SchedulerAsyncPreemption',
      'KubeletPSI',
      'RotateKubeletServerCertificate',
      'EphemeralContainers',
      'TTLAfterFinished',
      'PodSecurity',
      'SidecarContainers',
    ])
      expect(prose.gates[name] ?? prose.etcdGates[name], name).toBeTruthy();
    expect(Object.keys(prose.gates).length).toBeGreaterThanOrEqual(60);
    for (const line of [...Object.values(prose.gates), ...Object.values(prose.etcdGates)]) {
      expect(line.length, line).toBeLessThanOrEqual(120);
      expect(line, line).not.toContain('\n');
    }
  });
});
