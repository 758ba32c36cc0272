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
      '"type" is not prose: a translation of a field holds only summary, explanation, security (facts stay in English)',
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
