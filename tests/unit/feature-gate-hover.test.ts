/**
 * Which feature gate the editor's hover shows at an offset (featureGateUnderCursor, used by
 * src/editor/featureGateHover.ts before the flag hover): the gate name and its value of `--feature-gates=A=true,B=false`
 * give that gate, the comma and the flag name give none (the flag hover is shown); the same for the `featureGates:`
 * map of a KubeletConfiguration and the extraArgs of a kubeadm config. And what the hover says for the document's
 * release.
 */
import { describe, expect, it } from 'vitest';
import { file, loadKnowledgeBase } from '../helpers';
import { analyseWorkspace } from '../../src/pipeline';
import {
  featureGateUnderCursor,
  featureGateUnderCursorMarkdown,
  gateHistoryLine,
  readFeatureGateProse,
} from '../../src/present/featureGateMarkdown';

const kb = await loadKnowledgeBase();
const gates = await kb.featureGates();
const prose = readFeatureGateProse(await kb.loadMessages('feature-gates.yaml'));

const pod = (args: string) =>
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
    `    - ${args}`,
    '    image: registry.k8s.io/kube-apiserver:v1.31.2',
    '    name: kube-apiserver',
    '',
  ].join('\n');

async function gateAt(text: string, at: number): Promise<string | null> {
  const files = [file('manifest.yaml', text, 'hover')];
  const analysis = await analyseWorkspace(files, kb);
  return featureGateUnderCursor(analysis, files[0]!.id, at)?.entry.name ?? null;
}

describe('the gate under the cursor', () => {
  const text = pod('--feature-gates=SidecarContainers=true,WatchList=false');
  const first = text.indexOf('SidecarContainers');
  const second = text.indexOf('WatchList');
  const comma = text.indexOf(',', first);

  it('on a gate name: that gate, from its first to its last character', async () => {
    expect(await gateAt(text, first)).toBe('SidecarContainers');
    expect(await gateAt(text, first + 'SidecarContainers'.length - 1)).toBe('SidecarContainers');
    expect(await gateAt(text, second + 3)).toBe('WatchList');
  });

  it('on the `=` and the value: the gate the value sets', async () => {
    expect(await gateAt(text, first + 'SidecarContainers'.length)).toBe('SidecarContainers');
    expect(await gateAt(text, text.indexOf('true', first))).toBe('SidecarContainers');
    expect(await gateAt(text, text.indexOf('false', second) + 4)).toBe('WatchList');
  });

  it('on the comma, the flag name and the `=` after it: no gate (the flag hover)', async () => {
    expect(await gateAt(text, comma)).toBeNull();
    expect(await gateAt(text, text.indexOf('--feature-gates') + 4)).toBeNull();
    expect(await gateAt(text, first - 1)).toBeNull();
    expect(await gateAt(text, text.indexOf('image:'))).toBeNull();
  });

  it('blanks after a comma belong to no gate', async () => {
    const spaced = pod('"--feature-gates=SidecarContainers=true, WatchList=false"');
    // quoted in YAML but without escapes inside: the value still maps onto the text
    expect(await gateAt(spaced, spaced.indexOf(', ') + 1)).toBeNull();
    expect(await gateAt(spaced, spaced.indexOf('WatchList'))).toBe('WatchList');
  });

  it('a value that cannot be mapped onto the text entry by entry shows no gate rather than the wrong one', async () => {
    const escaped = pod('"--feature-gates=SidecarContainers=true,\\u0057atchList=false"');
    expect(await gateAt(escaped, escaped.indexOf('SidecarContainers'))).toBeNull();
  });

  it('a KubeletConfiguration featureGates map: the key and the value of each entry', async () => {
    const kubelet = [
      'apiVersion: kubelet.config.k8s.io/v1beta1',
      'kind: KubeletConfiguration',
      'featureGates:',
      '  NodeSwap: true',
      '  GracefulNodeShutdown: false',
      'maxPods: 110',
      '',
    ].join('\n');
    expect(await gateAt(kubelet, kubelet.indexOf('NodeSwap'))).toBe('NodeSwap');
    expect(await gateAt(kubelet, kubelet.indexOf('true'))).toBe('NodeSwap');
    expect(await gateAt(kubelet, kubelet.indexOf('GracefulNodeShutdown') + 5)).toBe('GracefulNodeShutdown');
    expect(await gateAt(kubelet, kubelet.indexOf('featureGates'))).toBeNull();
    expect(await gateAt(kubelet, kubelet.indexOf('maxPods'))).toBeNull();
  });

  it('a kubeadm config: extraArgs feature-gates and the KubeletConfiguration after it', async () => {
    const kubeadm = [
      'apiVersion: kubeadm.k8s.io/v1beta3',
      'kind: ClusterConfiguration',
      'kubernetesVersion: v1.28.0',
      'apiServer:',
      '  extraArgs:',
      '    feature-gates: "PodSecurity=true,SidecarContainers=true"',
      '---',
      'apiVersion: kubelet.config.k8s.io/v1beta1',
      'kind: KubeletConfiguration',
      'featureGates:',
      '  NodeSwap: true',
      '',
    ].join('\n');
    expect(await gateAt(kubeadm, kubeadm.indexOf('PodSecurity') + 2)).toBe('PodSecurity');
    expect(await gateAt(kubeadm, kubeadm.indexOf('SidecarContainers'))).toBe('SidecarContainers');
    expect(await gateAt(kubeadm, kubeadm.indexOf(',SidecarContainers'))).toBeNull();
    expect(await gateAt(kubeadm, kubeadm.indexOf('NodeSwap'))).toBe('NodeSwap');
  });
});

describe('the hover of the gate under the cursor', () => {
  it("the gate's line of ours, its state in the document's release and its history", async () => {
    const text = pod('--feature-gates=SidecarContainers=true,WatchList=false');
    const files = [file('kube-apiserver.yaml', text, 'hover')];
    const analysis = await analyseWorkspace(files, kb);
    const hit = featureGateUnderCursor(analysis, files[0]!.id, text.indexOf('SidecarContainers'));
    if (!hit) throw new Error('no gate');
    const md = featureGateUnderCursorMarkdown(hit, gates, prose);
    expect(md[0]).toBe(`**SidecarContainers** — feature gate\n\n${prose.gates.SidecarContainers}`);
    expect(md).toContain('In 1.31: beta, on by default.');
    expect(md).toContain('Set here to true.');
    expect(md.find((p) => p.startsWith('History:'))).toMatch(/^History: alpha \(off by default\) 1\.28 · beta/);
  });
});

describe('the history line in Chinese', () => {
  it('joins its parts with the language’s punctuation, not hard-coded English', async () => {
    const { KnowledgeBase } = await import('../../src/knowledge/knowledgeBase');
    const { nodeContentReader } = await import('../../src/knowledge/nodeReader');
    const { contentRoot } = await import('../helpers');
    const zhKb = await KnowledgeBase.create(nodeContentReader(contentRoot), 'zh-CN');
    const zh = readFeatureGateProse(await zhKb.loadMessages('feature-gates.yaml'));
    const spans = [
      { stage: 'beta' as const, from: '1.28', to: '1.29', default: true, locked: false },
      { stage: 'stable' as const, from: '1.30', to: null, default: true, locked: true },
    ];
    expect(gateHistoryLine(spans, null, zh)).toBe('Beta（默认开启）1.28–1.29 · GA（默认开启，已锁定）1.30+');
    expect(gateHistoryLine(spans, null, prose)).toBe(
      'beta (on by default) 1.28–1.29 · GA (on by default, locked) 1.30+',
    );
  });
});
