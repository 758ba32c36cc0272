/** zh-CN field docs: the security notes are translated too, and the hover shows them in Chinese. */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { contentRoot, file } from '../helpers';
import { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import { nodeContentReader } from '../../src/knowledge/nodeReader';
import { mapReader } from '../../src/knowledge/reader';
import { readFieldProse, type ContentProblem } from '../../src/knowledge/validate';
import { analyseWorkspace } from '../../src/pipeline';
import { fieldHoverMarkdown } from '../../src/present/explainMarkdown';
import { setCatalogue } from '../../src/i18n';

const HAN = /\p{Script=Han}/u;
const problemsOf = (kb: KnowledgeBase) => kb.problems.map((p) => `${p.source} ${p.entry}: ${p.message}`);

describe('zh-CN field security notes', () => {
  afterAll(() => setCatalogue({}, 'en'));

  it('every English security note has a Chinese one, and the field files load without problems', async () => {
    const zh = await KnowledgeBase.create(nodeContentReader(contentRoot), 'zh-CN');
    const en = await KnowledgeBase.create(nodeContentReader(contentRoot));
    let notes = 0;
    for (const set of zh.fieldSetNames()) {
      const fields = await zh.loadFields(set);
      for (const docEn of (await en.loadFields(set)).values()) {
        if (!docEn.security) continue;
        notes++;
        const doc = fields.get(docEn.path);
        expect(doc?.security, `${set} ${docEn.path}`).toMatch(HAN);
        expect(doc?.security).not.toBe(docEn.security);
      }
    }
    expect(notes).toBe(12);
    expect(problemsOf(zh).filter((p) => p.startsWith('zh-CN/fields/'))).toEqual([]);
  });

  it('the hover of spec.hostNetwork in a zh-CN workspace shows the Chinese security note', async () => {
    const kb = await KnowledgeBase.create(nodeContentReader(contentRoot), 'zh-CN');
    const ui = JSON.parse(readFileSync(`${contentRoot}/zh-CN/ui.json`, 'utf8')) as Record<string, string>;
    setCatalogue(ui, 'zh-CN');
    const text = readFileSync(`${contentRoot}/examples/kubeadm-v1.31/kube-apiserver.yaml`, 'utf8');
    const analysis = await analyseWorkspace([file('kube-apiserver.yaml', text)], kb, {});
    const field = analysis.files
      .flatMap((f) => f.documents)
      .flatMap((d) => d.fields)
      .find((f) => f.occurrence.path === 'spec.hostNetwork');
    expect(field?.doc?.proseLanguage).toBe('zh-CN');
    const hover = fieldHoverMarkdown(field!)!.join('\n\n');
    expect(hover).toContain(
      `**${ui['hover.security']}:** 使用主机网络的 Pod 可以访问节点回环地址上的所有服务，并能看到节点上的全部流量`,
    );
    expect(hover).not.toMatch(/Host networking gives the Pod/);
  });

  it('takes a security note only where the English entry has one', async () => {
    const problems: ContentProblem[] = [];
    expect(
      readFieldProse({ summary: '摘要', security: '安全', type: 'x' }, 'zh-CN/fields/pod.yaml', 'p', problems),
    ).toEqual({ summary: '摘要', security: '安全' });
    expect(problems.map((p) => p.message)).toEqual([
      '"type" is not prose: a translation of a field holds only summary, explanation, security, defaultNote (facts stay in English)',
    ]);

    const kb = await KnowledgeBase.create(
      mapReader({
        'components.yaml': '{}\n',
        'en/fields/pod.yaml':
          'fields:\n  spec.hostNetwork:\n    summary: host net\n    explanation: shares the node network\n' +
          '    security: loopback is reachable\n  spec.priority:\n    summary: prio\n    explanation: order\n',
        'zh-CN/fields/pod.yaml':
          'fields:\n  spec.hostNetwork:\n    summary: 主机网络\n    explanation: 共享节点网络。\n    security: 回环地址可达。\n' +
          '  spec.priority:\n    summary: 优先级\n    explanation: 顺序。\n    security: 多余\n',
      }),
      'zh-CN',
    );
    const pod = await kb.loadFields('pod');
    expect(pod.get('spec.hostNetwork')).toMatchObject({ security: '回环地址可达。', proseLanguage: 'zh-CN' });
    expect(pod.get('spec.priority')?.security).toBeUndefined();
    expect(problemsOf(kb)).toEqual([
      'zh-CN/fields/pod.yaml spec.priority: "security": the English entry (en/fields/pod.yaml) has none',
    ]);
  });
});

describe('a default in words (defaultNote)', () => {
  afterAll(() => setCatalogue({}, 'en'));

  it('imagePullPolicy: its default is prose, translated, shown as text and not as a code value', async () => {
    const zh = await KnowledgeBase.create(nodeContentReader(contentRoot), 'zh-CN');
    const en = await KnowledgeBase.create(nodeContentReader(contentRoot));
    const path = 'spec.containers[].imagePullPolicy';
    const docEn = (await en.loadFields('pod')).get(path);
    const doc = (await zh.loadFields('pod')).get(path);
    expect(docEn?.default).toBeUndefined();
    expect(docEn?.defaultNote).toMatch(/IfNotPresent.*Always/);
    expect(doc?.defaultNote).toMatch(HAN);
    expect(doc?.proseLanguage).toBe('zh-CN');
    // every English default in words has a Chinese one; a value default stays a value (`IfNotPresent` is code)
    for (const d of (await en.loadFields('pod')).values()) {
      // (`Pod IP` is a Kubernetes name: the same letters in Chinese, so the overlay's words are not checked for Han)
      if (d.defaultNote) expect((await zh.loadFields('pod')).get(d.path)?.proseLanguage, d.path).toBe('zh-CN');
      if (d.default) expect(d.default, d.path).not.toMatch(/^(the|image) /);
    }

    const ui = JSON.parse(readFileSync(`${contentRoot}/zh-CN/ui.json`, 'utf8')) as Record<string, string>;
    setCatalogue(ui, 'zh-CN');
    const text = readFileSync(`${contentRoot}/examples/kubeadm-v1.31/kube-apiserver.yaml`, 'utf8');
    const analysis = await analyseWorkspace([file('kube-apiserver.yaml', text)], zh, {});
    const field = analysis.files
      .flatMap((f) => f.documents)
      .flatMap((d) => d.fields)
      .find((f) => f.occurrence.path === path);
    const hover = fieldHoverMarkdown(field!)!.join('\n\n');
    expect(hover).toContain(`${ui['hover.default']} 镜像带标签时为 IfNotPresent`);
    expect(hover).not.toMatch(/tag; Always|for an image with a tag/);
  });

  it('an overlay without the default in words is an English fallback; one where English has none is refused', async () => {
    const kb = await KnowledgeBase.create(
      mapReader({
        'components.yaml': '{}\n',
        'en/fields/pod.yaml':
          'fields:\n  spec.a:\n    summary: a\n    explanation: a.\n    defaultNote: the Pod IP\n' +
          '  spec.b:\n    summary: b\n    explanation: b.\n    default: "10"\n',
        'zh-CN/fields/pod.yaml':
          'fields:\n  spec.a:\n    summary: 甲\n    explanation: 甲。\n' +
          '  spec.b:\n    summary: 乙\n    explanation: 乙。\n    defaultNote: 十\n',
      }),
      'zh-CN',
    );
    const pod = await kb.loadFields('pod');
    expect(pod.get('spec.a')).toMatchObject({ defaultNote: 'the Pod IP', proseLanguage: 'en' });
    expect(pod.get('spec.b')).toMatchObject({ default: '10', proseLanguage: 'zh-CN' });
    expect(pod.get('spec.b')?.defaultNote).toBeUndefined();
    expect(problemsOf(kb)).toEqual([
      'zh-CN/fields/pod.yaml spec.b: "defaultNote": the English entry (en/fields/pod.yaml) has none',
    ]);
  });
});
