/**
 * The reference browser's search (issue 17): as you type, by partial name and by words of what a flag does,
 * forgiving a typo; the status filter per release; a flag found in a manifest's text.
 */
import { describe, expect, it } from 'vitest';
import { buildSearch } from '../../src/views/reference/search';
import { findFlagInText, passesStatus, withVersion } from '../../src/views/reference/links';
import { COMPONENT_IDS } from '../../src/model/types';
import { loadKnowledgeBase } from '../helpers';

const kb = await loadKnowledgeBase();
const cats = new Map(await Promise.all(COMPONENT_IDS.map(async (c) => [c, await kb.loadFlags(c)] as const)));
const searchOf = (c: (typeof COMPONENT_IDS)[number]) => {
  const cat = cats.get(c);
  if (!cat) throw new Error(c);
  return buildSearch(
    [...cat.flags.values()].map((d) => ({ id: d.name, summary: d.summary, explanation: d.explanation })),
  );
};
const apiserver = searchOf('kube-apiserver');
const kubelet = searchOf('kubelet');
const top = (q: string, n = 3, s = apiserver) => (s.search(q) ?? []).slice(0, n);

describe('search by name', () => {
  it('an empty query ranks nothing (the list keeps its order)', () => {
    expect(apiserver.search('')).toBeNull();
    expect(apiserver.search('   ')).toBeNull();
  });
  it('partial names, as typed letter by letter', () => {
    expect(top('etcd-serv', 1)).toEqual(['etcd-servers']);
    expect(top('--etcd-serv', 1)).toEqual(['etcd-servers']);
    expect(top('anonym', 1)).toEqual(['anonymous-auth']);
    expect(top('tls-cert', 2)).toContain('tls-cert-file');
    expect(top('rotate-server', 1, kubelet)).toEqual(['rotate-server-certificates']);
  });
  it('the whole name comes first', () => {
    expect(top('profiling', 1)).toEqual(['profiling']);
    expect(top('authorization-mode', 1)).toEqual(['authorization-mode']);
  });
  it('a typo is forgiven', () => {
    expect(top('anonymuos-auth', 1)).toEqual(['anonymous-auth']);
    expect(top('encyption provider', 3)).toContain('encryption-provider-config');
  });
});

describe('search by meaning', () => {
  it('words of the summary and explanation find flags whose names do not hold them', () => {
    // encrypting Secrets in etcd is what --encryption-provider-config does
    expect(top('encrypt the secrets', 3)).toContain('encryption-provider-config');
    // pprof is in the words of --profiling, not in its name
    expect(top('pprof', 5)).toContain('profiling');
    expect(top('cardinality', 5)).toContain('allow-metric-labels');
    expect(top('flow control', 1)).toEqual(['enable-priority-and-fairness']);
  });
  it('a query that matches nothing as a whole still finds its words one by one', () => {
    const hits = apiserver.search('etcd zzzzzzqq') ?? [];
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.slice(0, 5)).toContain('etcd-servers');
  });
  it('nonsense finds nothing', () => {
    expect(apiserver.search('qqqqxxxxzzzz')).toEqual([]);
  });
});

describe('status per release', () => {
  const insecure = cats.get('kube-apiserver')?.flags.get('insecure-port');
  it('--insecure-port is accepted in 1.21 (deprecated) and gone in 1.31', () => {
    if (!insecure) throw new Error('no insecure-port');
    expect(passesStatus(insecure, '1.21', 'current')).toBe(true);
    expect(passesStatus(insecure, '1.21', 'deprecated')).toBe(true);
    expect(passesStatus(insecure, '1.31', 'current')).toBe(false);
    expect(passesStatus(insecure, '1.31', 'removed')).toBe(true);
    expect(passesStatus(insecure, '1.31', 'any')).toBe(true);
  });
  it('a newer flag is not yet in an older release', () => {
    const authn = cats.get('kube-apiserver')?.flags.get('authentication-config');
    if (!authn) throw new Error('no authentication-config');
    expect(passesStatus(authn, '1.21', 'current')).toBe(false);
    expect(passesStatus(authn, '1.21', 'not-yet')).toBe(true);
    expect(passesStatus(authn, '1.31', 'current')).toBe(true);
  });
});

describe('helpers', () => {
  it('finds a flag as an argument, not inside a longer name', () => {
    const text = '    - --etcd-servers-overrides=x\n    - --etcd-servers=https://127.0.0.1:2379\n';
    const at = findFlagInText(text, 'etcd-servers');
    expect(at && text.slice(at.start, at.end)).toBe('--etcd-servers');
    expect(at?.start).toBe(text.indexOf('--etcd-servers='));
    expect(findFlagInText(text, 'etcd')).toBeNull();
  });
  it('keeps the release in the address', () => {
    expect(withVersion('/reference/kubelet', '1.30')).toBe('/reference/kubelet?v=1.30');
    expect(withVersion('/reference/kubelet', null)).toBe('/reference/kubelet');
  });
});

describe('search in Chinese words', async () => {
  const { KnowledgeBase } = await import('../../src/knowledge/knowledgeBase');
  const { nodeContentReader } = await import('../../src/knowledge/nodeReader');
  const { contentRoot } = await import('../helpers');
  const { words } = await import('../../src/views/reference/search');
  const zh = await KnowledgeBase.create(nodeContentReader(contentRoot), 'zh-CN');
  const cat = await zh.loadFlags('kube-apiserver');
  const entries = [...cat.flags.values()].map((d) => ({ id: d.name, summary: d.summary, explanation: d.explanation }));
  const search = buildSearch(entries);
  const mentioning = (w: string) => entries.filter((e) => `${e.summary} ${e.explanation}`.includes(w)).length;

  it('a Chinese run is indexed by its character pairs; full-width punctuation splits', () => {
    expect(words('在 etcd 中加密 Secret。审计日志，')).toEqual([
      '在',
      'etcd',
      '中加',
      '加密',
      'Secret',
      '审计',
      '计日',
      '日志',
    ]);
  });
  it('finds flags by the Chinese words of their explanations', () => {
    expect((search.search('加密') ?? []).slice(0, 5)).toContain('encryption-provider-config');
    // every flag whose text says 审计 is found, not only those whose sentence starts with it
    expect((search.search('审计') ?? []).length).toBeGreaterThanOrEqual(Math.min(20, mentioning('审计')));
    expect(search.search('审计')).toContain('audit-log-path');
    expect((search.search('已弃用') ?? []).length).toBeGreaterThan(0);
  });
});
