import { describe, expect, it } from 'vitest';
import { KnowledgeBase, flagStatus, resolveFlagName, suggestFlags } from '../../src/knowledge/knowledgeBase';
import { mapReader } from '../../src/knowledge/reader';
import type { FlagDoc } from '../../src/knowledge/types';

const components = `kube-apiserver:
  binaries: [kube-apiserver]
  imageNames: [kube-apiserver]
  versioning: kubernetes
  reference: https://example.test/kube-apiserver/
  shared: [logging]
  normalizeUnderscores: true
  catalogueVersion: "1.35"
`;
const entry = (extra: string) =>
  `    type: string\n    default: null\n    summary: s\n    explanation: e\n    category: general\n${extra}`;
const files = {
  'components.yaml': components,
  'en/flags/_shared/logging.yaml': `flags:\n  log-dir:\n${entry('    removed: "1.26"\n')}  v:\n${entry('')}`,
  'en/flags/kube-apiserver/a.yaml': `flags:\n  etcd-servers:\n${entry('    related: [etcd-cafile]\n')}  etcd-cafile:\n${entry('')}  insecure-port:\n${entry('    deprecated: "1.10"\n    removed: "1.24"\n')}  log-dir:\n    removed: null\n`,
  'zh-cn/flags/kube-apiserver/a.yaml': `flags:\n  etcd-servers:\n    summary: 中文摘要\n`,
};

describe('knowledge base', () => {
  it('loads a component with its shared groups and overrides', async () => {
    const kb = await KnowledgeBase.create(mapReader(files));
    const cat = await kb.loadFlags('kube-apiserver');
    expect([...cat.flags.keys()].sort()).toEqual(['etcd-cafile', 'etcd-servers', 'insecure-port', 'log-dir', 'v']);
    expect(cat.flags.get('log-dir')?.removed).toBeUndefined(); // cleared by the component override
    expect(cat.flags.get('etcd-servers')?.link).toBe('https://example.test/kube-apiserver/#:~:text=--etcd-servers');
    expect(kb.problems).toEqual([]);
  });

  it('normalises underscores and finds close names', async () => {
    const kb = await KnowledgeBase.create(mapReader(files));
    const cat = await kb.loadFlags('kube-apiserver');
    expect(resolveFlagName(cat, 'log_dir')).toBe('log-dir');
    expect(resolveFlagName(cat, 'etcd-server')).toBeNull();
    expect(suggestFlags(cat, 'etcd-server')).toEqual(['etcd-servers']);
    expect(suggestFlags(cat, 'insecure-prt')).toEqual([]); // removed flags are not suggested
  });

  it('judges status against the version', () => {
    const doc = { deprecated: '1.10', removed: '1.24' } as FlagDoc;
    expect(flagStatus(doc, '1.9.0')).toBe('ok');
    expect(flagStatus(doc, '1.21.3')).toBe('deprecated');
    expect(flagStatus(doc, '1.24.0')).toBe('removed');
    expect(flagStatus(doc, null)).toBe('removed');
    expect(flagStatus({ since: '1.30' } as FlagDoc, '1.28.0')).toBe('not-yet');
    expect(flagStatus(undefined, '1.28.0')).toBe('unknown');
  });

  it('overlays translated prose on English facts', async () => {
    const kb = await KnowledgeBase.create(mapReader(files), 'zh-cn');
    const cat = await kb.loadFlags('kube-apiserver');
    expect(cat.flags.get('etcd-servers')?.summary).toBe('中文摘要');
    expect(cat.flags.get('etcd-servers')?.type).toBe('string');
  });

  it('reports broken entries instead of throwing', async () => {
    const kb = await KnowledgeBase.create(
      mapReader({
        ...files,
        'en/flags/kube-apiserver/b.yaml': 'flags:\n  bad:\n    type: string\n    related: [nope]\n    since: one\n',
      }),
    );
    await kb.loadFlags('kube-apiserver');
    const messages = kb.problems.map((p) => `${p.entry}: ${p.message}`);
    expect(messages).toContain('bad: summary is required');
    expect(messages).toContain('bad: related flag "nope" has no entry');
    expect(messages).toContain('bad: since must be a version like "1.24", got "one"');
  });
});
