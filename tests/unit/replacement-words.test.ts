/**
 * A flag replaced by a field of the configuration file (most kubelet flags: "evictionHard in the
 * KubeletConfiguration file (--config)") is worded by each language, in the finding and in the hover.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { contentRoot, file } from '../helpers';
import { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import { nodeContentReader } from '../../src/knowledge/nodeReader';
import { configFieldReplacement } from '../../src/knowledge/types';
import { analyseWorkspace } from '../../src/pipeline';
import { loadMessageCatalogue, presentAnalysis } from '../../src/present/analysis';
import { flagFactsLine } from '../../src/present/explainMarkdown';
import { setCatalogue } from '../../src/i18n';

const UNIT = [
  '[Service]',
  'ExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --eviction-hard=memory.available<100Mi',
  '',
].join('\n');

async function deprecatedFinding(language: string): Promise<string> {
  const kb = await KnowledgeBase.create(nodeContentReader(contentRoot), language);
  const files = [file('kubelet.service', UNIT)];
  const presented = presentAnalysis(await analyseWorkspace(files, kb, {}), await loadMessageCatalogue(kb), files);
  const f = presented.findings.find((x) => x.message.includes('eviction-hard'));
  return f?.message ?? '';
}

describe('replacements that are configuration-file fields', () => {
  afterAll(() => setCatalogue({}, 'en'));

  it('are recognised by their shape, and nothing else is', () => {
    expect(configFieldReplacement('evictionHard in the KubeletConfiguration file (--config)')).toEqual({
      field: 'evictionHard',
      file: 'KubeletConfiguration',
    });
    expect(configFieldReplacement('external cloud-controller-manager')).toBeNull();
    expect(configFieldReplacement('bind-address')).toBeNull();
  });

  it('the finding reads the same in English as before, and in Chinese words around the field', async () => {
    expect(await deprecatedFinding('en')).toContain('evictionHard in the KubeletConfiguration file (--config)');
    const zh = await deprecatedFinding('zh-CN');
    expect(zh).toContain('KubeletConfiguration 配置文件（--config）中的 evictionHard');
    expect(zh).not.toContain(' in the ');
  });

  it('the hover says it in the UI language, the field as code', async () => {
    const kb = await KnowledgeBase.create(nodeContentReader(contentRoot), 'zh-CN');
    const doc = (await kb.loadFlags('kubelet')).flags.get('eviction-hard')!;
    const ui = JSON.parse(readFileSync(`${contentRoot}/zh-CN/ui.json`, 'utf8')) as Record<string, string>;
    setCatalogue(ui, 'zh-CN');
    expect(flagFactsLine(doc)).toContain('请改用 KubeletConfiguration 配置文件（--config）中的 `evictionHard`');
  });
});

describe('replacements in words are translated', () => {
  it('tells words from flags, fields and code', async () => {
    const { replacementNeedsWords } = await import('../../src/knowledge/types');
    expect(replacementNeedsWords('external cloud-controller-manager')).toBe(true);
    expect(replacementNeedsWords('--token-auth-file (or client certificates / OIDC)')).toBe(true);
    expect(replacementNeedsWords('--feature-gates=InitialCorruptCheck=true')).toBe(false);
    expect(replacementNeedsWords('--bind-address / --advertise-address')).toBe(false);
    expect(replacementNeedsWords('kube-log-runner (go-runner) --log-file')).toBe(false);
    expect(replacementNeedsWords('evictionHard in the KubeletConfiguration file (--config)')).toBe(false);
    expect(replacementNeedsWords('bind-address')).toBe(false);
  });

  it('a zh-CN knowledge base gives the Chinese words; a removed flag’s finding says them', async () => {
    const zh = await KnowledgeBase.create(nodeContentReader(contentRoot), 'zh-CN');
    const doc = (await zh.loadFlags('kube-apiserver')).flags.get('cloud-provider');
    expect(doc?.replacement).toBe('外部的 cloud-controller-manager');
    expect(doc?.proseLanguage).toBe('zh-CN');
    // a flag-name replacement is a fact: the English one stays
    const en = await KnowledgeBase.create(nodeContentReader(contentRoot));
    const flagNamed = [...(await en.loadFlags('kube-apiserver')).flags.values()].find(
      (d) => d.replacement && /^[a-z0-9-]+$/.test(d.replacement),
    )!;
    expect((await zh.loadFlags('kube-apiserver')).flags.get(flagNamed.name)?.replacement).toBe(flagNamed.replacement);
    expect(zh.problems.filter((p) => p.source.startsWith('zh-CN/'))).toEqual([]);
  });
});
