/**
 * Four defects of the effective configuration and the value checks (issues 15 and 11):
 *   1. a `ps` line cut at the terminal width: the flags after the cut are unknown, not absent (effective source
 *      `cut`), and the audit neither passes nor fails a check on such a value (it becomes manual);
 *   2. template expressions as values (`{{ .Values.x }}`, `{% if %}`, `${VAR}`, `$(VAR)`): never checked as values
 *      (no invalid-value), reported once as templated, and the effective value is `templated`, not a fact;
 *   3. a kubelet flag deprecated only in favour of the configuration file (`deprecatedForConfigFile`): the effective
 *      stage itself says it is fine when taken from the file or on its default, deprecated when set on the command line;
 *   4. a kubelet that loads a KubeletConfiguration: an unset field takes the configuration file's default (read-only
 *      port 0, anonymous auth off, Webhook), not the flag's.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import { analyseWorkspace, type WorkspaceAnalysis } from '../../src/pipeline';
import { effectiveConfiguration, type EffectiveConfiguration } from '../../src/effective';
import { runAudit } from '../../src/analysis/audit';
import { buildReport } from '../../src/export/report';
import { checkValue } from '../../src/annotate/values';
import { loadMessageCatalogue, presentAnalysis } from '../../src/present/analysis';
import type { WorkspaceFile } from '../../src/model/types';
import { file, loadKnowledgeBase } from '../helpers';

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await loadKnowledgeBase();
});

async function analyse(files: WorkspaceFile[]): Promise<{ a: WorkspaceAnalysis; e: EffectiveConfiguration[] }> {
  const a = await analyseWorkspace(files, kb, {});
  const docs = new Map(a.files.flatMap((f) => f.documents.map((d) => [d.document.id, d])));
  const e: EffectiveConfiguration[] = [];
  for (const i of a.instances) {
    await kb.loadFlags(i.component);
    e.push(effectiveConfiguration(i, (id) => docs.get(id), kb));
  }
  return { a, e };
}

async function audit(files: WorkspaceFile[]) {
  const a = await analyseWorkspace(files, kb, {});
  const texts = new Map(files.map((f) => [f.id, f.text]));
  const m = runAudit({ files: a.files, instances: a.instances, kb, text: (id) => texts.get(id) });
  return (id: string) => m.results.find((r) => r.id === id);
}

async function report(files: WorkspaceFile[]) {
  const analysis = await analyseWorkspace(files, kb, {});
  return buildReport(files, presentAnalysis(analysis, await loadMessageCatalogue(kb), files), { kb });
}

const flag = (e: EffectiveConfiguration | undefined, name: string) => e?.flags.find((f) => f.name === name);
const of = (e: EffectiveConfiguration[], component: string) => e.find((x) => x.instance.component === component);

const pod = (component: string, version: string, flags: readonly string[]) =>
  [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${component}-cp1`,
    '  namespace: kube-system',
    'spec:',
    '  containers:',
    `  - name: ${component}`,
    `    image: registry.k8s.io/${component}:v${version}`,
    '    command:',
    `    - ${component}`,
    ...flags.map((f) => `    - ${f}`),
    '',
  ].join('\n');

describe('1. a ps line cut at the terminal width: the flags after the cut are unknown', () => {
  // `systemctl status` ellipsizes the process line where it cuts it
  const cut = [
    '● kube-apiserver.service - Kubernetes API Server',
    '   CGroup: /system.slice/kube-apiserver.service',
    '           └─1234 /usr/local/bin/kube-apiserver --advertise-address=192.168.50.101 --secure-port=6443 --anonymous-auth=false --etcd-servers=https://192.…',
    '',
  ].join('\n');
  const whole = '/usr/local/bin/kube-apiserver --advertise-address=192.168.50.101 --secure-port=6443\n';

  it('effective: what was read before the cut is set; every other flag is `cut` (no value), never a default', async () => {
    const { e } = await analyse([file('status.txt', cut)]);
    const api = of(e, 'kube-apiserver');
    expect(flag(api, 'secure-port')).toMatchObject({ value: '6443', source: 'set' });
    expect(flag(api, 'anonymous-auth')).toMatchObject({ value: 'false', source: 'set' });
    const profiling = flag(api, 'profiling');
    expect(profiling).toMatchObject({ value: null, source: 'cut', default: 'true', differsFromDefault: null });
    // where the line was cut
    expect(cut.slice(profiling!.span!.range.start, profiling!.span!.range.end)).toBe('--etcd-servers=https://192.…');
    expect(api?.flags.filter((f) => f.source === 'default')).toEqual([]);
    // the same command whole: absent flags take their defaults
    const { e: w } = await analyse([file('cmd.txt', whole)]);
    expect(flag(of(w, 'kube-apiserver'), 'profiling')).toMatchObject({ value: 'true', source: 'default' });
  });

  it('ps rows cut at the terminal width: the same for each cut row; a shorter, whole row keeps its defaults', async () => {
    const row = (pid: number, command: string) =>
      `root     ${String(pid).padStart(6)}    1100  3 09:12 ?        00:04:10 ${command}`.slice(0, 160);
    const ps = [
      row(
        1234,
        'kube-apiserver --advertise-address=10.0.0.11 --allow-privileged=true --authorization-mode=Node,RBAC --client-ca-file=/etc/kubernetes/pki/ca.crt',
      ),
      row(
        1240,
        'kube-scheduler --authentication-kubeconfig=/etc/kubernetes/scheduler.conf --authorization-kubeconfig=/etc/kubernetes/scheduler.conf',
      ),
      row(1300, 'kube-proxy --config=/var/lib/kube-proxy/config.conf'),
      '',
    ].join('\n');
    const { e } = await analyse([file('ps.txt', ps)]);
    expect(flag(of(e, 'kube-apiserver'), 'client-ca-file')).toMatchObject({ source: 'cut', value: null });
    expect(flag(of(e, 'kube-scheduler'), 'profiling')).toMatchObject({ source: 'cut' });
    expect(flag(of(e, 'kube-proxy'), 'hostname-override')?.source).not.toBe('cut');
  });

  it('a complete command document of the same instance (its static Pod) makes absent flags absent again', async () => {
    const manifest = file(
      'kube-apiserver.yaml',
      pod('kube-apiserver', '1.30.4', ['--advertise-address=192.168.50.101']),
    );
    const { a, e } = await analyse([file('status.txt', cut), manifest]);
    expect(a.instances).toHaveLength(1);
    expect(flag(of(e, 'kube-apiserver'), 'profiling')).toMatchObject({ value: 'true', source: 'default' });
  });

  it('audit: a check on a flag after the cut is manual, not pass or fail; one on a flag read before the cut is judged', async () => {
    const cutAudit = await audit([file('status.txt', cut)]);
    expect(cutAudit('apiserver-profiling')).toMatchObject({ status: 'manual', actual: { source: 'cut', value: null } });
    expect(cutAudit('apiserver-anonymous-auth')?.status).toBe('pass');
    const wholeAudit = await audit([file('cmd.txt', whole)]);
    expect(wholeAudit('apiserver-profiling')?.status).toBe('fail');
  });

  it('port map: a port flag after the cut is shown at its default, marked uncertain', async () => {
    const early = cut.replace('--secure-port=6443 ', '');
    const { a } = await analyse([file('status.txt', early)]);
    const secure = a.network?.listeners.find((l) => l.component === 'kube-apiserver' && l.port === 6443);
    expect(secure).toMatchObject({ uncertain: true, portFlag: { source: 'cut' } });
    const { a: read } = await analyse([file('status.txt', cut)]);
    const known = read.network?.listeners.find((l) => l.component === 'kube-apiserver' && l.port === 6443);
    // the port was read, but the address it binds may come after the cut
    expect(known).toMatchObject({ uncertain: true, portFlag: { source: 'set' }, addressFlag: { source: 'cut' } });
    const { a: all } = await analyse([file('cmd.txt', whole)]);
    const certain = all.network?.listeners.find((l) => l.component === 'kube-apiserver' && l.port === 6443);
    expect(certain).toMatchObject({ uncertain: false, portFlag: { source: 'set' } });
  });

  it('kubeadm provenance: judged on the flags read; one after the cut is neither written nor missing', async () => {
    const kubeadmCut =
      'root 1234 1100 3 09:12 ? 00:04:10 kube-apiserver --advertise-address=10.0.0.11 --allow-privileged=true --authorization-mode=Node,RBAC --client-ca-file=/etc/kubernetes/pki/ca.crt --enable-admission-plugins=NodeRestriction --enable-bootstrap-token-auth=true --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt --etcd-servers=https://127.0.0.1:2379 --kubelet-preferred-address-types=Int…\n';
    const r = await report([file('ps.txt', kubeadmCut)]);
    const api = r.components?.find((c) => c.component === 'kube-apiserver');
    expect(api?.kubeadmMade).toBe(true);
    expect(api?.kubeadmMissing).toEqual([]);
    // the same flags on a whole line: kubeadm's other flags are really absent, so it does not look kubeadm-made
    const whole = kubeadmCut.replace(/ --kubelet-preferred-address-types=Int…/, '');
    const w = (await report([file('ps.txt', whole)])).components?.find((c) => c.component === 'kube-apiserver');
    expect(w?.kubeadmMade).toBe(false);
  });

  it('CLI JSON audit: the manual result says which value is not known and why', async () => {
    const r = await report([file('status.txt', cut)]);
    expect(r.audit?.find((a) => a.id === 'apiserver-profiling')).toMatchObject({
      status: 'manual',
      source: 'cut',
      actual: 'not known: the command line was cut before --profiling could be read',
      fix: null,
    });
  });

  it('CLI JSON: source "cut" for the unknown flags', async () => {
    const r = await report([file('status.txt', cut)]);
    const api = r.components?.find((c) => c.component === 'kube-apiserver');
    expect(api?.flags.find((f) => f.name === 'profiling')).toMatchObject({ source: 'cut', value: null, line: 3 });
    expect(api?.flags.find((f) => f.name === 'secure-port')).toMatchObject({ source: 'set', value: '6443' });
  });
});

describe('2. template expressions as flag values', () => {
  const jinja = file(
    'kube-apiserver.yaml.j2',
    pod('kube-apiserver', '1.30.4', [
      '--advertise-address={{ ansible_host }}',
      '--secure-port={{ apiserver_port }}',
      '--profiling=false',
    ]).replace('    command:\n', '    command:\n{% if apiserver_enabled %}\n{% endif %}\n'),
  );
  const env = file(
    'kube-apiserver.yaml',
    pod('kube-apiserver', '1.30.4', [
      '--advertise-address=$(POD_IP)',
      '--secure-port=${SECURE_PORT}',
      '--event-ttl=$(EVENT_TTL)',
      '--profiling=false',
    ]),
  );

  it('checkValue: a templated value is neither parsed nor checked', async () => {
    const doc = (await kb.loadFlags('kube-apiserver')).flags.get('secure-port')!;
    for (const v of ['{{ port }}', '{{ .Values.port }}', '{% if x %}6443{% endif %}', '${PORT}', '$(PORT)', '64${X}'])
      expect(checkValue(doc, v), v).toMatchObject({ parsed: null, problem: null, warning: null, templated: true });
    expect(checkValue(doc, 'x6443').problem).not.toBeNull();
    expect(checkValue(doc, '6443').templated).toBeFalsy();
  });

  it('a Jinja template: no invalid-value; the file notice says it once; effective source `templated`', async () => {
    const { a, e } = await analyse([jinja]);
    expect(a.findings.filter((f) => f.rule === 'invalid-value')).toEqual([]);
    expect(a.findings.filter((f) => f.rule === 'templated-value')).toEqual([]);
    expect(a.files[0]?.file.diagnostics.filter((d) => d.code === 'templated')).toHaveLength(1);
    const api = of(e, 'kube-apiserver');
    expect(flag(api, 'secure-port')).toMatchObject({
      value: '{{ apiserver_port }}',
      source: 'templated',
      differsFromDefault: null,
    });
    expect(flag(api, 'profiling')).toMatchObject({ value: 'false', source: 'set' });
  });

  it('$(VAR) and ${VAR}: one templated-value finding per value, no invalid-value', async () => {
    const { a, e } = await analyse([env]);
    expect(a.findings.filter((f) => f.rule === 'invalid-value')).toEqual([]);
    const templated = a.findings.filter((f) => f.rule === 'templated-value');
    expect(templated.map((f) => [f.severity, env.text.slice(f.range.start, f.range.end)])).toEqual([
      ['info', '$(POD_IP)'],
      ['info', '${SECURE_PORT}'],
      ['info', '$(EVENT_TTL)'],
    ]);
    const r = await report([env]);
    expect(r.findings.filter((f) => f.rule === 'templated-value').map((f) => f.message)[0]).toContain('$(POD_IP)');
    const api = of(e, 'kube-apiserver');
    expect(flag(api, 'advertise-address')).toMatchObject({ value: '$(POD_IP)', source: 'templated' });
    expect(flag(api, 'secure-port')).toMatchObject({ value: '${SECURE_PORT}', source: 'templated' });
  });

  it('feature gates: a templated entry is not judged, the literal ones are', async () => {
    const gates = file(
      'kube-apiserver.yaml',
      pod('kube-apiserver', '1.30.4', ['--feature-gates=$(GATES)', '--feature-gates=NoSuchGate=true,Bar=${BAR}']),
    );
    const { a } = await analyse([gates]);
    expect(a.findings.filter((f) => f.rule === 'invalid-value')).toEqual([]);
    expect(a.findings.filter((f) => f.rule.startsWith('feature-gate-')).map((f) => [f.rule, f.params.gate])).toEqual([
      ['feature-gate-unknown', 'NoSuchGate'],
    ]);
    const jinja = file(
      'kube-apiserver.yaml.j2',
      pod('kube-apiserver', '1.30.4', ['--feature-gates={{ apiserver_feature_gates }}']),
    );
    const { a: j } = await analyse([jinja]);
    expect(j.findings.filter((f) => f.rule === 'invalid-value' || f.rule.startsWith('feature-gate-'))).toEqual([]);
  });

  it('audit: a check on a templated value is manual', async () => {
    const by = await audit([
      file('kube-apiserver.yaml', pod('kube-apiserver', '1.30.4', ['--profiling={{ profiling }}'])),
    ]);
    expect(by('apiserver-profiling')).toMatchObject({ status: 'manual', actual: { source: 'templated' } });
  });
});

describe('3. kubelet flags deprecated in favour of the configuration file: the effective stage says so', () => {
  const config = file(
    'config.yaml',
    'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nmaxPods: 150\n',
  );
  const ps = (flags: string) =>
    file('ps.txt', `root 900 1 2 10:00 ? 00:01:00 /usr/bin/kubelet --config=/var/lib/kubelet/config.yaml ${flags}\n`);

  it('from the file or on its default: ok; on the command line: deprecated', async () => {
    const { e } = await analyse([ps('--read-only-port=0 --v=2'), config]);
    const kubelet = of(e, 'kubelet');
    expect(flag(kubelet, 'max-pods')).toMatchObject({ source: 'config', status: 'ok', statusVersion: null });
    expect(flag(kubelet, 'anonymous-auth')).toMatchObject({ source: 'default', status: 'ok' });
    expect(flag(kubelet, 'read-only-port')).toMatchObject({ source: 'set', status: 'deprecated' });
  });

  it('CLI JSON agrees', async () => {
    const r = await report([ps('--read-only-port=0 --v=2'), config]);
    const kubelet = r.components?.find((c) => c.component === 'kubelet');
    expect(kubelet?.flags.find((f) => f.name === 'max-pods')).toMatchObject({ source: 'config', status: 'ok' });
    expect(kubelet?.flags.find((f) => f.name === 'cgroup-driver')).toMatchObject({ source: 'default', status: 'ok' });
    expect(kubelet?.flags.find((f) => f.name === 'read-only-port')).toMatchObject({ status: 'deprecated' });
  });
});

describe('4. a kubelet that loads a KubeletConfiguration takes the file defaults', () => {
  const config = file(
    'config.yaml',
    'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nmaxPods: 150\n',
  );

  it('with --config: read-only port 0, anonymous auth off, token webhook on, Webhook authorization', async () => {
    const ps = file(
      'ps.txt',
      'root 900 1 2 10:00 ? 00:01:00 /usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --v=2\n',
    );
    const { e } = await analyse([ps, config]);
    const kubelet = of(e, 'kubelet');
    expect(flag(kubelet, 'read-only-port')).toMatchObject({
      value: '0',
      source: 'default',
      default: '0',
      configDefault: true,
      flagDefault: '10255',
      differsFromDefault: false,
    });
    expect(flag(kubelet, 'anonymous-auth')).toMatchObject({ value: 'false', configDefault: true, flagDefault: 'true' });
    expect(flag(kubelet, 'authorization-mode')).toMatchObject({ value: 'Webhook', configDefault: true });
    expect(flag(kubelet, 'authentication-token-webhook')).toMatchObject({ value: 'true', configDefault: true });
    // a field whose file default is the flag's: the flag default, not marked
    expect(flag(kubelet, 'port')).toMatchObject({ value: '10250', source: 'default', configDefault: false });
    // the file's own value wins over both defaults
    expect(flag(kubelet, 'max-pods')).toMatchObject({ value: '150', source: 'config' });
  });

  it('a KubeletConfiguration alone (no command to say otherwise) is what runs: its defaults too', async () => {
    const { e } = await analyse([config]);
    expect(flag(of(e, 'kubelet'), 'read-only-port')).toMatchObject({ value: '0', configDefault: true });
  });

  it('flags only (no --config): the flag defaults', async () => {
    const ps = file('ps.txt', 'root 900 1 2 10:00 ? 00:01:00 /usr/bin/kubelet --v=2\n');
    const { e } = await analyse([ps]);
    const kubelet = of(e, 'kubelet');
    expect(flag(kubelet, 'read-only-port')).toMatchObject({ value: '10255', source: 'default', configDefault: false });
    expect(flag(kubelet, 'anonymous-auth')).toMatchObject({ value: 'true', configDefault: false });
  });

  it('CLI JSON and audit read the same file defaults', async () => {
    const ps = file(
      'ps.txt',
      'root 900 1 2 10:00 ? 00:01:00 /usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --v=2\n',
    );
    const r = await report([ps, config]);
    const kubelet = r.components?.find((c) => c.component === 'kubelet');
    expect(kubelet?.flags.find((f) => f.name === 'read-only-port')).toMatchObject({
      value: '0',
      source: 'default',
      default: '0',
      configDefault: true,
      flagDefault: '10255',
    });
    const by = await audit([ps, config]);
    expect(by('kubelet-read-only-port')).toMatchObject({ status: 'pass', actual: { value: '0', configDefault: true } });
    expect(by('kubelet-anonymous-auth')).toMatchObject({ status: 'pass', actual: { value: 'false' } });
  });
});
