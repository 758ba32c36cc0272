/**
 * Versioned facts (issue 11 item 1): defaults, allowed values, value rules, deprecations and kubeadm's value as they
 * hold for the version a document runs, down to the patch where the reference has it. Each `describe` is one defect
 * of the Found list; every case goes through the public pipeline (analysis, presented words, report) or the
 * knowledge base's one question, KnowledgeBase.flagFacts.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildReport } from '../../src/export/report';
import { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import { mapReader } from '../../src/knowledge/reader';
import { nodeContentReader } from '../../src/knowledge/nodeReader';
import { atOrBefore, factsAt, inRange } from '../../src/knowledge/flagFacts';
import { replacementIsFlag, type FlagDoc } from '../../src/knowledge/types';
import { COMPONENT_IDS } from '../../src/model/types';
import { analysePresented, contentRoot, file, loadKnowledgeBase, repoRoot } from '../helpers';

const kb = await loadKnowledgeBase();
await Promise.all(COMPONENT_IDS.map((c) => kb.loadFlags(c)));

/** A static Pod of `component` running `image`, with `args`. */
function pod(component: string, image: string, args: readonly string[]): string {
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${component}`,
    '  namespace: kube-system',
    'spec:',
    '  containers:',
    '  - command:',
    `    - ${component}`,
    ...args.map((a) => `    - ${a}`),
    `    image: ${image}`,
    `    name: ${component}`,
    '',
  ].join('\n');
}

const apiserver = (tag: string, args: readonly string[]) =>
  pod('kube-apiserver', `registry.k8s.io/kube-apiserver:${tag}`, args);
const etcd = (tag: string, args: readonly string[]) => pod('etcd', `registry.k8s.io/etcd:${tag}`, args);
const proxy = (tag: string, args: readonly string[]) => pod('kube-proxy', `registry.k8s.io/kube-proxy:${tag}`, args);
const scheduler = (tag: string, args: readonly string[]) =>
  pod('kube-scheduler', `registry.k8s.io/kube-scheduler:${tag}`, args);

async function analyse(name: string, text: string) {
  const files = [file(name, text, 'vf')];
  const analysis = await analysePresented(files, kb);
  expect(analysis.contentProblems).toEqual([]);
  const report = buildReport(files, analysis);
  const flags = report.files.flatMap((f) => f.documents.flatMap((d) => d.flags));
  const findings = report.findings
    // the security audit's own findings are tested in audit.test.ts, flags the test manifests leave out that the
    // API server cannot start without in required-flags.test.ts
    .filter((f) => !f.rule.startsWith('audit-') && f.rule !== 'required-flag-missing')
    .map((f) => ({ rule: f.rule, severity: f.severity, message: f.message }));
  return { flags, findings, analysis };
}

const flagOf = (flags: { name: string }[], name: string) => flags.find((f) => f.name === name);

describe('defaults are versioned', () => {
  it('the first-visit sample (etcd 3.5.15) does not call --snapshot-count=10000 the default', async () => {
    const dir = `${repoRoot}content/examples/kubeadm-v1.31/`;
    const { flags } = await analyse('etcd.yaml', readFileSync(`${dir}etcd.yaml`, 'utf8'));
    const snap = flagOf(flags, 'snapshot-count');
    expect(snap).toMatchObject({ value: '10000', default: '100000', differsFromDefault: true });
  });

  it('--snapshot-count: 100000 on 3.2 to 3.5, 10000 before and from 3.6; unknown version: the newest', () => {
    const at = (v: string | null) => kb.flagFacts('etcd', 'snapshot-count', v)?.default;
    expect(at('3.1.20')).toBe('10000');
    expect(at('3.2.0')).toBe('100000');
    expect(at('3.5.15')).toBe('100000');
    expect(at('3.6.0')).toBe('10000');
    expect(at(null)).toBe('10000');
  });

  it('--v2-deprecation: not-yet on 3.5, write-only on 3.6', async () => {
    const on35 = await analyse('etcd.yaml', etcd('3.5.15-0', ['--v2-deprecation=not-yet']));
    expect(flagOf(on35.flags, 'v2-deprecation')).toMatchObject({ default: 'not-yet', differsFromDefault: false });
    const on36 = await analyse('etcd.yaml', etcd('3.6.0-0', ['--v2-deprecation=not-yet']));
    expect(flagOf(on36.flags, 'v2-deprecation')).toMatchObject({ default: 'write-only', differsFromDefault: true });
  });

  it('the hover and panel see the version’s entry (annotation carries facts.doc)', async () => {
    const { analysis } = await analyse('etcd.yaml', etcd('3.5.15-0', ['--snapshot-count=100000']));
    const f = analysis.files[0]?.documents[0]?.flags.find((x) => x.canonical === 'snapshot-count');
    expect(f?.doc?.default).toBe('100000');
    expect(f?.facts?.default).toBe('100000');
    expect(f?.doc).toBe(f?.facts?.doc);
    expect(f?.differsFromDefault).toBe(false);
  });
});

describe('allowed values are versioned', () => {
  it('--proxy-mode=userspace works on kube-proxy 1.22, is deprecated on 1.23-1.25, removed in 1.26', async () => {
    const on122 = await analyse('kube-proxy.yaml', proxy('v1.22.17', ['--proxy-mode=userspace']));
    expect(on122.findings).toEqual([]);
    const on125 = await analyse('kube-proxy.yaml', proxy('v1.25.0', ['--proxy-mode=userspace']));
    expect(on125.findings).toEqual([
      {
        rule: 'deprecated-value',
        severity: 'warning',
        message:
          '--proxy-mode: "userspace" is deprecated since kube-proxy 1.23; replaced by --proxy-mode=iptables, ipvs or nftables on Linux, kernelspace on Windows.',
      },
    ]);
    const on126 = await analyse('kube-proxy.yaml', proxy('v1.26.0', ['--proxy-mode=userspace']));
    expect(on126.findings).toHaveLength(1);
    expect(on126.findings[0]).toMatchObject({ rule: 'invalid-value', severity: 'error' });
    expect(on126.findings[0]?.message).toContain('"userspace" was removed in kube-proxy 1.26');
    expect(on126.findings[0]?.message).toContain('this version (1.26.0) no longer accepts it');
    expect(on126.findings[0]?.message).not.toContain('not allowed');
  });

  it('a value newer than the version is not accepted yet: --proxy-mode=nftables on 1.28', async () => {
    const on128 = await analyse('kube-proxy.yaml', proxy('v1.28.0', ['--proxy-mode=nftables']));
    expect(on128.findings.map((f) => f.message)).toEqual([
      '--proxy-mode: "nftables" is accepted only since kube-proxy 1.29; the detected version is 1.28.0.',
    ]);
    expect((await analyse('kube-proxy.yaml', proxy('v1.29.0', ['--proxy-mode=nftables']))).findings).toEqual([]);
  });

  it('PodSecurityPolicy is a deprecated plugin on 1.24 and removed in 1.25', async () => {
    const args = ['--enable-admission-plugins=NodeRestriction,PodSecurityPolicy'];
    const on124 = await analyse('kube-apiserver.yaml', apiserver('v1.24.17', args));
    expect(on124.findings.map((f) => f.rule)).toEqual(['deprecated-value']);
    expect(on124.findings[0]?.message).toContain('"PodSecurityPolicy" is deprecated since kube-apiserver 1.21');
    const on125 = await analyse('kube-apiserver.yaml', apiserver('v1.25.0', args));
    expect(on125.findings.map((f) => f.rule)).toEqual(['invalid-value']);
    expect(on125.findings[0]?.message).toContain('"PodSecurityPolicy" was removed in kube-apiserver 1.25');
    expect(on125.findings[0]?.message).not.toContain('not allowed');
  });

  it('the allowed values at a version include the history alive then', () => {
    expect(kb.flagFacts('kube-proxy', 'proxy-mode', '1.22.0')?.values).toContain('userspace');
    expect(kb.flagFacts('kube-proxy', 'proxy-mode', '1.22.0')?.values).not.toContain('nftables');
    expect(kb.flagFacts('kube-proxy', 'proxy-mode', '1.31.0')?.values).not.toContain('userspace');
    expect(kb.flagFacts('kube-proxy', 'proxy-mode', null)?.values).not.toContain('userspace');
  });

  it('with no version the newest release judges: userspace is removed', async () => {
    const ps = 'root 2301 1 0 09:14 ? 00:00:41 /usr/local/bin/kube-proxy --proxy-mode=userspace\n';
    const { findings } = await analyse('ps.txt', ps);
    expect(findings.map((f) => f.rule)).toEqual(['invalid-value']);
    expect(findings[0]?.message).toContain('this version (newest releases) no longer accepts it');
  });
});

describe('value rules that changed with the version', () => {
  it('--insecure-port accepts only 0 from 1.20 to 1.23, and 8080 is not its default then', async () => {
    const on121 = await analyse('kube-apiserver.yaml', apiserver('v1.21.14', ['--insecure-port=8080']));
    expect(on121.findings.map((f) => f.rule)).toEqual(['deprecated-flag', 'invalid-value']);
    expect(on121.findings[1]?.message).toBe(
      '--insecure-port: kube-apiserver 1.20 to 1.23 accepts only 0 here, not "8080": insecure serving is gone since 1.20; the flag stays only so manifests that switch the port off still start.',
    );
    expect(flagOf(on121.flags, 'insecure-port')).toMatchObject({ default: '0', differsFromDefault: true });
    const zero = await analyse('kube-apiserver.yaml', apiserver('v1.21.14', ['--insecure-port=0']));
    expect(zero.findings.map((f) => f.rule)).toEqual(['deprecated-flag']);
    expect(flagOf(zero.flags, 'insecure-port')).toMatchObject({ differsFromDefault: false });
  });

  it('before 1.20 --insecure-port=8080 is the default and accepted', async () => {
    const on119 = await analyse('kube-apiserver.yaml', apiserver('v1.19.16', ['--insecure-port=8080']));
    expect(on119.findings.map((f) => f.rule)).toEqual(['deprecated-flag']);
    expect(flagOf(on119.flags, 'insecure-port')).toMatchObject({ default: '8080', differsFromDefault: false });
  });

  it('the rule is part of the facts of that version only', () => {
    expect(kb.flagFacts('kube-apiserver', 'insecure-port', '1.22.0')?.rule).toMatchObject({ allowed: ['0'] });
    expect(kb.flagFacts('kube-apiserver', 'insecure-port', '1.19.0')?.rule).toBeNull();
  });
});

describe('versions with patch precision', () => {
  it('etcd --experimental-compaction-sleep-interval starts at 3.5.16, not 3.5', async () => {
    const on3515 = await analyse('etcd.yaml', etcd('3.5.15-0', ['--experimental-compaction-sleep-interval=10ms']));
    expect(on3515.findings.map((f) => f.message)).toEqual([
      '--experimental-compaction-sleep-interval exists only since etcd 3.5.16; the detected version is 3.5.15.',
    ]);
    const on3516 = await analyse('etcd.yaml', etcd('3.5.16-0', ['--experimental-compaction-sleep-interval=10ms']));
    expect(on3516.findings).toEqual([]);
    expect(flagOf(on3516.flags, 'experimental-compaction-sleep-interval')).toMatchObject({ default: '10ms' });
  });

  it('etcd --experimental-watch-progress-notify-interval starts at 3.4.11', () => {
    expect(kb.flagFacts('etcd', 'experimental-watch-progress-notify-interval', '3.4.10')?.status).toBe('not-yet');
    expect(kb.flagFacts('etcd', 'experimental-watch-progress-notify-interval', '3.4.11')?.status).toBe('ok');
    expect(kb.flagFacts('etcd', 'experimental-compact-hash-check-enabled', '3.5.4')?.status).toBe('not-yet');
    expect(kb.flagFacts('etcd', 'experimental-compact-hash-check-enabled', '3.5.5')?.status).toBe('ok');
  });

  it('a flag that reached two minor lines by patches (--max-concurrent-streams: 3.4.20+, 3.5.5+)', () => {
    const status = (v: string) => kb.flagFacts('etcd', 'max-concurrent-streams', v)?.status;
    expect(status('3.4.19')).toBe('not-yet');
    expect(status('3.4.20')).toBe('ok');
    expect(status('3.5.4')).toBe('not-yet');
    expect(kb.flagFacts('etcd', 'max-concurrent-streams', '3.5.4')?.statusVersion).toBe('3.5.5');
    expect(status('3.5.5')).toBe('ok');
    expect(status('3.6.0')).toBe('ok');
  });

  it('a removal at a patch (--experimental-snapshot-catch-up-entries: 3.6.0 to 3.6.4)', () => {
    expect(kb.flagFacts('etcd', 'experimental-snapshot-catch-up-entries', '3.6.4')?.status).not.toBe('removed');
    expect(kb.flagFacts('etcd', 'experimental-snapshot-catch-up-entries', '3.6.5')?.status).toBe('removed');
  });

  it('range bounds: a minor bound covers its patches, a patch bound is exact', () => {
    expect(atOrBefore('3.5.99', '3.5')).toBe(true);
    expect(atOrBefore('3.6.0', '3.5')).toBe(false);
    expect(atOrBefore('3.6.5', '3.6.4')).toBe(false);
    expect(inRange('1.23.17', { from: '1.20', until: '1.23' })).toBe(true);
    expect(inRange('1.24.0', { from: '1.20', until: '1.23' })).toBe(false);
    expect(inRange(null, { from: '3.6' })).toBe(true);
    expect(inRange(null, { until: '3.5' })).toBe(false);
  });
});

describe('deprecations the reference marks', () => {
  it('kubelet flags backed by a KubeletConfiguration field are deprecated (about 99), not removed', async () => {
    const cat = kb.catalogue('kubelet');
    const configFile = [...(cat?.flags.values() ?? [])].filter((d) =>
      d.replacement?.endsWith('in the KubeletConfiguration file (--config)'),
    );
    expect(configFile.length).toBeGreaterThanOrEqual(99);
    for (const d of configFile) {
      expect(d.deprecated, d.name).toBeDefined();
      expect(d.removed, d.name).toBeUndefined();
    }
    const env = 'KUBELET_KUBEADM_ARGS="--node-ip=10.0.0.21 --max-pods=250"\n';
    const { findings } = await analyse('kubeadm-flags.env', env);
    expect(findings).toEqual([
      {
        rule: 'deprecated-flag',
        severity: 'warning',
        message: '--max-pods is deprecated; replaced by maxPods in the KubeletConfiguration file (--config).',
      },
    ]);
  });

  it('a setting written in the KubeletConfiguration file is not a deprecated flag', async () => {
    const config = [
      'apiVersion: kubelet.config.k8s.io/v1beta1',
      'kind: KubeletConfiguration',
      'maxPods: 110',
      'cgroupDriver: systemd',
      'clusterDomain: cluster.local',
      '',
    ].join('\n');
    const { findings, flags } = await analyse('kubelet-config.yaml', config);
    expect(flags.map((f) => [f.name, f.status])).toEqual([
      ['max-pods', 'ok'],
      ['cgroup-driver', 'ok'],
      ['cluster-domain', 'ok'],
    ]);
    expect(findings).toEqual([]);
  });

  it('six kube-scheduler flags the reference marks DEPRECATED (ignored with --config)', () => {
    for (const name of [
      'contention-profiling',
      'kube-api-burst',
      'kube-api-content-type',
      'kube-api-qps',
      'kubeconfig',
      'profiling',
    ]) {
      const facts = kb.flagFacts('kube-scheduler', name, '1.31.2');
      expect(facts?.status, name).toBe('deprecated');
      expect(facts?.statusVersion, name).toBeNull();
      expect(facts?.deprecationNote, name).toBeTruthy();
    }
    // the shared entries stay as they are for the other components
    expect(kb.flagFacts('kube-controller-manager', 'profiling', '1.31.2')?.status).toBe('ok');
  });

  it('flags documented as deprecated without a release: --policy-config-file, --lock-object-name', async () => {
    const on122 = await analyse('kube-scheduler.yaml', scheduler('v1.22.0', ['--policy-config-file=/etc/p.json']));
    expect(on122.findings).toEqual([
      {
        rule: 'deprecated-flag',
        severity: 'warning',
        message: '--policy-config-file is deprecated; use --config instead.',
      },
    ]);
    const on123 = await analyse('kube-scheduler.yaml', scheduler('v1.23.0', ['--policy-config-file=/etc/p.json']));
    expect(on123.findings.map((f) => f.rule)).toEqual(['removed-flag']);
    expect(kb.flagFacts('kube-scheduler', 'lock-object-name', '1.27.0')?.status).toBe('deprecated');
    expect(kb.flagFacts('kube-scheduler', 'lock-object-name', '1.28.0')?.status).toBe('removed');
  });

  it('a deprecation without release and without replacement says its note', async () => {
    const on115 = await analyse('kube-proxy.yaml', proxy('v1.15.0', ['--proxy-port-range=30000-30100']));
    expect(on115.findings.map((f) => f.message)).toEqual([
      '--proxy-port-range is deprecated (Deprecated together with the userspace proxy mode, which it alone served.).',
    ]);
  });

  it('value-level: --endpoint-reconciler-type=master-count is deprecated from 1.24', async () => {
    const on124 = await analyse(
      'kube-apiserver.yaml',
      apiserver('v1.24.0', ['--endpoint-reconciler-type=master-count']),
    );
    expect(on124.findings).toEqual([
      {
        rule: 'deprecated-value',
        severity: 'warning',
        message:
          '--endpoint-reconciler-type: "master-count" is deprecated since kube-apiserver 1.24; replaced by --endpoint-reconciler-type=lease.',
      },
    ]);
    const on123 = await analyse(
      'kube-apiserver.yaml',
      apiserver('v1.23.0', ['--endpoint-reconciler-type=master-count']),
    );
    expect(on123.findings).toEqual([]);
    expect(kb.flagFacts('kube-apiserver', 'endpoint-reconciler-type', '1.10.0')?.default).toBe('master-count');
  });
});

describe('--service-account-issuer: any string, an https URL for OIDC discovery', () => {
  it('a non-URL issuer is a warning that says what needs an https URL, not an error', async () => {
    const { findings } = await analyse(
      'kube-apiserver.yaml',
      apiserver('v1.31.2', ['--service-account-issuer=kubernetes.default.svc']),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'value-advice', severity: 'warning' });
    expect(findings[0]?.message).toContain('"kubernetes.default.svc" is not an https:// URL');
    expect(findings[0]?.message).toContain('OpenID discovery');
  });

  it('an http URL gets the same advice; an https URL nothing', async () => {
    const http = await analyse(
      'kube-apiserver.yaml',
      apiserver('v1.31.2', ['--service-account-issuer=http://x.example']),
    );
    expect(http.findings.map((f) => f.rule)).toEqual(['value-advice']);
    const https = await analyse(
      'kube-apiserver.yaml',
      apiserver('v1.31.2', ['--service-account-issuer=https://kubernetes.default.svc.cluster.local']),
    );
    expect(https.findings).toEqual([]);
  });
});

describe('wording', () => {
  it('an unknown etcd flag: "is not a flag of etcd", never "a etcd"', async () => {
    const { findings } = await analyse('etcd.yaml', etcd('3.5.15-0', ['--listen-client-url=https://127.0.0.1:2379']));
    expect(findings[0]?.message).toMatch(/^--listen-client-url is not a flag of etcd\./);
    expect(findings[0]?.message).not.toContain('a etcd');
  });

  it('no "replaced by none": a removed flag with nothing in its place says so without a replacement', async () => {
    const { findings } = await analyse('kube-apiserver.yaml', apiserver('v1.22.0', ['--kubelet-https=true']));
    expect(findings.map((f) => f.message)).toEqual([
      '--kubelet-https was removed in kube-apiserver 1.22; this version (1.22.0) no longer accepts it.',
    ]);
  });

  it('flags inside a replacement text are written with dashes', async () => {
    const { findings } = await analyse('etcd.yaml', etcd('3.6.0-0', ['--experimental-initial-corrupt-check=true']));
    expect(findings[0]?.message).toContain('replaced by --feature-gates=InitialCorruptCheck=true');
  });

  it('replacementIsFlag: a bare flag name only, never a "none"', () => {
    expect(replacementIsFlag('bind-address')).toBe(true);
    expect(replacementIsFlag('none')).toBe(false);
    expect(replacementIsFlag('--bind-address / --advertise-address')).toBe(false);
    expect(replacementIsFlag('secure-port (10257, HTTPS)')).toBe(false);
  });

  it('content that reads as a flag but is not one, or says "none", is a content problem', async () => {
    const base = nodeContentReader(contentRoot);
    const extra = mapReader({
      'en/flags/kube-apiserver/zz.yaml': [
        'flags:',
        '  zz-a:',
        '    type: string',
        '    default: null',
        '    summary: A.',
        '    explanation: A.',
        '    category: general',
        '    removed: "1.22"',
        '    replacement: none (HTTPS is always used)',
        '  zz-b:',
        '    type: string',
        '    default: null',
        '    summary: B.',
        '    explanation: B.',
        '    category: general',
        '    removed: "1.22"',
        '    replacement: bind-address / advertise-address',
        '  zz-c:',
        '    type: string',
        '    default: null',
        '    summary: C.',
        '    explanation: C.',
        '    category: general',
        '    deprecated: true',
        '',
      ].join('\n'),
    });
    const bad = await KnowledgeBase.create({
      list: (prefix) => [...base.list(prefix), ...extra.list(prefix)].sort(),
      read: (path) => (extra.list(path).includes(path) ? extra.read(path) : base.read(path)),
    });
    await bad.loadFlags('kube-apiserver');
    const messages = bad.problems.map((p) => `${p.entry}: ${p.message}`);
    expect(
      messages.some((m) => m.startsWith('zz-a: replacement "none (HTTPS is always used)" says there is none')),
    ).toBe(true);
    expect(messages).toContain(
      'zz-b: replacement "bind-address / advertise-address": write the flag bind-address with its dashes (--bind-address)',
    );
    expect(messages).toContain('zz-c: deprecated: true needs a deprecationNote saying why');
  });
});

describe('kubeadm’s value per kubeadm version', () => {
  it('--insecure-port: kubeadm wrote 0 until 1.21, nothing from 1.22', () => {
    expect(kb.flagFacts('kube-apiserver', 'insecure-port', '1.21.0')?.kubeadm).toBe('0');
    expect(kb.flagFacts('kube-apiserver', 'insecure-port', '1.22.0')?.kubeadm).toBeNull();
  });

  it('kube-controller-manager --port: 0 from kubeadm 1.19 to 1.22', () => {
    expect(kb.flagFacts('kube-controller-manager', 'port', '1.18.0')?.kubeadm).toBeNull();
    expect(kb.flagFacts('kube-controller-manager', 'port', '1.19.0')?.kubeadm).toBe('0');
    expect(kb.flagFacts('kube-controller-manager', 'port', '1.23.0')?.kubeadm).toBeNull();
  });

  it('etcd runs at its own version: kubeadm’s newest value with its condition, or a kubeadm version asked', () => {
    expect(kb.flagFacts('etcd', 'feature-gates', '3.6.0')?.kubeadm).toBe('InitialCorruptCheck=true');
    expect(kb.flagFacts('etcd', 'feature-gates', '3.6.0')?.kubeadmNote).toContain('3.6.0 or newer');
    expect(kb.flagFacts('etcd', 'experimental-initial-corrupt-check', '3.5.15', '1.23.0')?.kubeadm).toBeNull();
    expect(kb.flagFacts('etcd', 'experimental-initial-corrupt-check', '3.5.15', '1.24.0')?.kubeadm).toBe('true');
  });

  it('factsAt is pure and answers the same as the knowledge base', () => {
    const doc = kb.catalogue('etcd')?.flags.get('snapshot-count') as FlagDoc;
    expect(factsAt(doc, '3.5.15')).toEqual(kb.flagFacts('etcd', 'snapshot-count', '3.5.15'));
    expect(kb.flagFacts('etcd', 'snapshot-count', '3.5.15')).toBe(kb.flagFacts('etcd', 'snapshot-count', '3.5.15'));
  });
});
