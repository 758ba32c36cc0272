/** Translations overlay prose only: the prose-only reader, per-file matching, the English fallback recorded per doc. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KnowledgeBase, translationPath } from '../../src/knowledge/knowledgeBase';
import { contentLanguages, matchLanguage, normaliseLanguageTag } from '../../src/knowledge/languages';
import { formatNumber, isFallback, pickLanguage, setCatalogue, t } from '../../src/i18n';
import { fallbackMarker } from '../../src/present/explainMarkdown';
import { decodeShareFragment, encodeShareFragment } from '../../src/share/link';
import { main } from '../../src/cli/explain';
import { analysePresented, contentRoot, file, repoRoot } from '../helpers';
import { readFileSync } from 'node:fs';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router';
import { FlagPanel } from '../../src/views/FlagPanel';
import { nodeContentReader } from '../../src/knowledge/nodeReader';
import type { ContentReader } from '../../src/knowledge/reader';
import { flagHoverMarkdown } from '../../src/present/explainMarkdown';
import { mapReader } from '../../src/knowledge/reader';
import { readFieldProse, readFlagProse, type ContentProblem } from '../../src/knowledge/validate';

const components = `kube-apiserver:
  binaries: [kube-apiserver]
  imageNames: [kube-apiserver]
  versioning: kubernetes
  reference: https://example.test/kube-apiserver/
  shared: [logging]
  catalogueVersion: "1.35"
kubelet:
  binaries: [kubelet]
  imageNames: [kubelet]
  versioning: kubernetes
  reference: https://example.test/kubelet/
  shared: [logging]
  catalogueVersion: "1.35"
`;
const entry = (extra = '') =>
  `    type: string\n    default: null\n    summary: s\n    explanation: e\n    category: general\n${extra}`;

const english = {
  'components.yaml': components,
  'en/flags/_shared/logging.yaml': `flags:\n  v:\n${entry()}  log-dir:\n${entry('    deprecated: "1.23"\n    deprecationNote: going away\n')}`,
  'en/flags/kube-apiserver/a.yaml':
    `flags:\n  etcd-servers:\n${entry('    security: watch it\n')}  etcd-cafile:\n${entry()}` +
    `  insecure-port:\n${entry()}`,
  // the kubelet writes its own explanation of a shared flag
  'en/flags/kubelet/overrides.yaml': 'flags:\n  v:\n    explanation: the kubelet says e\n',
  'en/flags/kubelet/b.yaml': `flags:\n  node-ip:\n${entry()}`,
  'en/fields/pod.yaml':
    'fields:\n  spec.hostNetwork:\n    summary: host net\n    explanation: shares the node network\n' +
    '  spec.priority:\n    summary: prio\n    explanation: order\n',
};

const zh = {
  'zh-CN/flags/_shared/logging.yaml':
    'flags:\n  v:\n    summary: 日志详细程度\n    explanation: 数字越大越详细。\n' +
    '  log-dir:\n    summary: 日志目录\n    explanation: 写日志的目录。\n    deprecationNote: 将被移除\n',
  'zh-CN/flags/kube-apiserver/a.yaml':
    'flags:\n' +
    '  etcd-servers:\n    summary: etcd 的地址\n    explanation: API 服务器连接的 etcd。\n    security: 注意\n' +
    // a fact in a translation: refused, the English fact stays
    '  etcd-cafile:\n    summary: etcd 的 CA\n    explanation: 校验 etcd 证书。\n    type: int\n    default: "9"\n' +
    // a key the English entry does not have
    '  insecure-port:\n    summary: 不安全端口\n    explanation: 已移除。\n    security: 多余\n' +
    // no such flag in the English file
    '  no-such-flag:\n    summary: 无\n    explanation: 无。\n',
  'zh-CN/flags/kubelet/b.yaml': 'flags:\n  node-ip:\n    summary: 节点 IP\n',
  'zh-CN/flags/kubelet/nothing.yaml': 'flags:\n  node-ip:\n    summary: 节点 IP\n    explanation: 节点的地址。\n',
  'zh-CN/fields/pod.yaml':
    'fields:\n  spec.hostNetwork:\n    summary: 使用节点网络\n    explanation: 与节点共享网络命名空间。\n    type: boolean\n' +
    '  spec.priority:\n    summary: 优先级\n' +
    '  spec.nope:\n    summary: 没有\n    explanation: 没有。\n',
};

const problemsOf = (kb: KnowledgeBase) => kb.problems.map((p) => `${p.source} ${p.entry}: ${p.message}`);

describe('prose-only readers', () => {
  it('keep summary, explanation, security and deprecationNote of a flag and refuse every other key', () => {
    const problems: ContentProblem[] = [];
    const prose = readFlagProse(
      { summary: ' 摘要 ', explanation: '说明', security: '安全', deprecationNote: '弃用', type: 'int', kubeadm: 'x' },
      'zh-CN/flags/etcd/a.yaml',
      'f',
      problems,
    );
    expect(prose).toEqual({ summary: '摘要', explanation: '说明', security: '安全', deprecationNote: '弃用' });
    expect(problems.map((p) => p.message)).toEqual([
      '"type" is not prose: a translation of a flag holds only summary, explanation, security, deprecationNote, replacement (facts stay in English)',
      '"kubeadm" is not prose: a translation of a flag holds only summary, explanation, security, deprecationNote, replacement (facts stay in English)',
    ]);
  });

  it('never requires type, nor any key (a partial translation is fine)', () => {
    const problems: ContentProblem[] = [];
    expect(readFlagProse({ summary: '只有摘要' }, 's', 'f', problems)).toEqual({ summary: '只有摘要' });
    expect(readFlagProse({}, 's', 'f', problems)).toEqual({});
    expect(problems).toEqual([]);
  });

  it('check the summary and the deprecation note like English ones', () => {
    const problems: ContentProblem[] = [];
    readFlagProse({ summary: '两\n行', deprecationNote: 'x'.repeat(161) }, 's', 'f', problems);
    readFlagProse('text', 's', 'g', problems);
    expect(problems.map((p) => `${p.entry}: ${p.message}`)).toEqual([
      'f: summary must be one line',
      'f: deprecationNote is 161 characters (max 160)',
      'g: entry must be a map of prose fields',
    ]);
  });

  it('keep only summary and explanation of a field', () => {
    const problems: ContentProblem[] = [];
    expect(readFieldProse({ summary: '摘要', explanation: '说明', type: 'boolean' }, 's', 'spec.x', problems)).toEqual({
      summary: '摘要',
      explanation: '说明',
    });
    expect(problems.map((p) => p.message)).toEqual([
      '"type" is not prose: a translation of a field holds only summary, explanation, security, defaultNote (facts stay in English)',
    ]);
  });

  it('map an English path to the translation path', () => {
    expect(translationPath('en/flags/etcd/tls.yaml', 'zh-CN')).toBe('zh-CN/flags/etcd/tls.yaml');
    expect(translationPath('zh-CN/flags/_shared/logging.yaml', 'en')).toBe('en/flags/_shared/logging.yaml');
  });
});

describe('a translated knowledge base', () => {
  it('leaves English untouched and marks its prose English', async () => {
    const kb = await KnowledgeBase.create(mapReader({ ...english, ...zh }));
    const cat = await kb.loadFlags('kube-apiserver');
    expect(cat.flags.get('etcd-servers')).toMatchObject({ summary: 's', proseLanguage: 'en' });
    expect(cat.flags.get('etcd-servers')?.untranslated).toBeUndefined();
    expect((await kb.loadFields('pod')).get('spec.hostNetwork')?.proseLanguage).toBe('en');
    expect(kb.problems).toEqual([]);
  });

  it('overlays prose on English facts and records the language of each doc', async () => {
    const kb = await KnowledgeBase.create(mapReader({ ...english, ...zh }), 'zh-CN');
    const cat = await kb.loadFlags('kube-apiserver');
    const servers = cat.flags.get('etcd-servers');
    expect(servers).toMatchObject({
      summary: 'etcd 的地址',
      explanation: 'API 服务器连接的 etcd。',
      security: '注意',
      type: 'string',
      proseLanguage: 'zh-CN',
      source: 'en/flags/kube-apiserver/a.yaml',
    });
    // facts in the translation are refused: the English ones stay
    expect(cat.flags.get('etcd-cafile')).toMatchObject({ type: 'string', default: null, proseLanguage: 'zh-CN' });
    // shared group, deprecation note translated
    expect(cat.flags.get('log-dir')).toMatchObject({ deprecationNote: '将被移除', proseLanguage: 'zh-CN' });
    expect(cat.flags.has('no-such-flag')).toBe(false);
    expect(problemsOf(kb)).toEqual([
      'zh-CN/flags/kube-apiserver/a.yaml etcd-cafile: "type" is not prose: a translation of a flag holds only summary, explanation, security, deprecationNote, replacement (facts stay in English)',
      'zh-CN/flags/kube-apiserver/a.yaml etcd-cafile: "default" is not prose: a translation of a flag holds only summary, explanation, security, deprecationNote, replacement (facts stay in English)',
      'zh-CN/flags/kube-apiserver/a.yaml insecure-port: "security": the English entry (en/flags/kube-apiserver/a.yaml) has none',
      'zh-CN/flags/kube-apiserver/a.yaml no-such-flag: en/flags/kube-apiserver/a.yaml has no entry for this flag',
    ]);
    expect(cat.flags.get('insecure-port')?.security).toBeUndefined();
  });

  it('falls back to English per key, visibly: proseLanguage en and the keys still untranslated', async () => {
    const kb = await KnowledgeBase.create(mapReader({ ...english, ...zh }), 'zh-CN');
    const cat = await kb.loadFlags('kubelet');
    // translated in the shared file only partly for the kubelet: its explanation is the kubelet's own (overrides)
    expect(cat.flags.get('v')).toMatchObject({
      summary: '日志详细程度',
      explanation: 'the kubelet says e',
      proseLanguage: 'en',
      untranslated: ['explanation'],
    });
    expect(cat.flags.get('node-ip')).toMatchObject({
      summary: '节点 IP',
      explanation: 'e',
      proseLanguage: 'en',
      untranslated: ['explanation'],
    });
    expect(problemsOf(kb)).toContain(
      'zh-CN/flags/kubelet/nothing.yaml : translates en/flags/kubelet/nothing.yaml, which does not exist',
    );
    // the API server reads the same shared file: its v is wholly translated
    const api = await kb.loadFlags('kube-apiserver');
    expect(api.flags.get('v')).toMatchObject({ explanation: '数字越大越详细。', proseLanguage: 'zh-CN' });
    expect(api.flags.get('v')?.untranslated).toBeUndefined();
  });

  it('reports a problem of a shared translation file once, though every component reads it', async () => {
    const kb = await KnowledgeBase.create(
      mapReader({ ...english, 'zh-CN/flags/_shared/logging.yaml': 'flags:\n  v:\n    summary: 详细\n    type: int\n' }),
      'zh-CN',
    );
    await kb.loadFlags('kube-apiserver');
    await kb.loadFlags('kubelet');
    expect(problemsOf(kb)).toEqual([
      'zh-CN/flags/_shared/logging.yaml v: "type" is not prose: a translation of a flag holds only summary, explanation, security, deprecationNote, replacement (facts stay in English)',
    ]);
  });

  it('overlays field prose and records its language', async () => {
    const kb = await KnowledgeBase.create(mapReader({ ...english, ...zh }), 'zh-CN');
    const pod = await kb.loadFields('pod');
    expect(pod.get('spec.hostNetwork')).toMatchObject({
      summary: '使用节点网络',
      explanation: '与节点共享网络命名空间。',
      proseLanguage: 'zh-CN',
    });
    expect(pod.get('spec.hostNetwork')?.type).toBeUndefined();
    expect(pod.get('spec.priority')).toMatchObject({ summary: '优先级', explanation: 'order', proseLanguage: 'en' });
    expect(pod.has('spec.nope')).toBe(false);
    expect(problemsOf(kb)).toEqual([
      'zh-CN/fields/pod.yaml spec.hostNetwork: "type" is not prose: a translation of a field holds only summary, explanation, security, defaultNote (facts stay in English)',
      'zh-CN/fields/pod.yaml spec.nope: en/fields/pod.yaml has no entry for this field',
    ]);
  });
});

describe('language tags', () => {
  it('normalise BCP 47 case and match the content languages', () => {
    expect(normaliseLanguageTag('zh-cn')).toBe('zh-CN');
    expect(normaliseLanguageTag('ZH_CN')).toBe('zh-CN');
    expect(normaliseLanguageTag('zh-hans-cn')).toBe('zh-Hans-CN');
    expect(normaliseLanguageTag('EN')).toBe('en');
    expect(normaliseLanguageTag('zh_CN!')).toBeNull();
    expect(normaliseLanguageTag('')).toBeNull();
    const available = ['en', 'zh-CN'];
    expect(matchLanguage('zh-cn', available)).toBe('zh-CN');
    expect(matchLanguage('zh', available)).toBe('zh-CN');
    expect(matchLanguage('en-GB', available)).toBe('en');
    expect(matchLanguage('fr', available)).toBeNull();
    expect(contentLanguages(mapReader({ ...english, ...zh, 'zh-CN/ui.json': '{}' }))).toEqual(['en', 'zh-CN']);
  });

  it('pick the first visit language from the browser languages', () => {
    expect(pickLanguage(['zh-CN', 'en'])).toBe('zh-CN');
    expect(pickLanguage(['zh'])).toBe('zh-CN');
    expect(pickLanguage(['zh-TW', 'en-US'])).toBe('zh-CN');
    expect(pickLanguage(['de-DE', 'en-GB'])).toBe('en');
    expect(pickLanguage(['fr'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
  });

  it('mark English prose in a Chinese UI, and only there', () => {
    try {
      setCatalogue({}, 'zh-CN');
      expect(isFallback('en')).toBe(true);
      expect(isFallback(undefined)).toBe(true);
      expect(isFallback('zh-CN')).toBe(false);
      expect(fallbackMarker('en')).toBe(' · *English original*');
      expect(fallbackMarker('zh-CN')).toBe('');
      expect(formatNumber(1234567)).toBe('1,234,567');
      setCatalogue({}, 'en');
      expect(isFallback('en')).toBe(false);
      expect(fallbackMarker(undefined)).toBe('');
    } finally {
      setCatalogue({}, 'en');
    }
  });

  it('keep the language in a share link', () => {
    const ws = { files: [{ name: 'a.yaml', text: 'x: 1\n' }], active: 0, view: '/', version: null, benchmark: null };
    const opened = decodeShareFragment(encodeShareFragment({ ...ws, lang: 'zh-CN' }));
    expect(opened.ok && opened.workspace.lang).toBe('zh-CN');
    const en = decodeShareFragment(encodeShareFragment({ ...ws, lang: 'en' }));
    expect(en.ok && en.workspace.lang).toBe('en');
  });
});

describe('explain --lang', () => {
  const sample = `${repoRoot}content/examples/kubeadm-v1.31/kube-apiserver.yaml`;
  afterEach(() => {
    vi.restoreAllMocks();
    setCatalogue({}, 'en');
  });
  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
    const code = await main(args);
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('takes zh-CN in any case and explains in Chinese', async () => {
    for (const tag of ['zh-CN', 'zh-cn']) {
      const { code, out } = await run([sample, '--lang', tag, '--format', 'json']);
      expect(code).toBe(0);
      const report = JSON.parse(out) as { files: { documents: { flags: { name: string; summary: string }[] }[] }[] };
      const etcd = report.files[0]?.documents[0]?.flags.find((f) => f.name === 'etcd-servers');
      expect(etcd?.summary).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('refuses what is no tag, and a language content/ does not have', async () => {
    expect((await run([sample, '--lang', 'zh_CN!'])).code).toBe(2);
    const fr = await run([sample, '--lang', 'fr']);
    expect(fr.code).toBe(2);
    expect(fr.err).toContain('languages: en, zh-CN');
  });
});

describe('the English fallback, marked where the words are shown', () => {
  it('marks an untranslated flag in the hover and the flag panel of a zh-CN page, and not a translated one', async () => {
    // content/ plus one English-only kube-apiserver flag
    const base = nodeContentReader(contentRoot);
    const extra = mapReader({
      'en/flags/kube-apiserver/zz-i18n.yaml': `flags:\n  zz-untranslated:\n${entry()}`,
    });
    const reader: ContentReader = {
      list: (prefix) => [...base.list(prefix), ...extra.list(prefix)].sort(),
      read: (path) => (extra.list(path).includes(path) ? extra.read(path) : base.read(path)),
    };
    const kb = await KnowledgeBase.create(reader, 'zh-CN');
    const manifest = readFileSync(`${repoRoot}content/examples/kubeadm-v1.31/kube-apiserver.yaml`, 'utf8').replace(
      '    - --secure-port=6443\n',
      '    - --secure-port=6443\n    - --zz-untranslated=x\n',
    );
    const files = [file('kube-apiserver.yaml', manifest)];
    const analysis = await analysePresented(files, kb);
    const doc = analysis.files[0]!.documents[0]!;
    const flag = (name: string) => doc.flags.find((f) => f.doc?.name === name)!;
    try {
      setCatalogue(JSON.parse(readFileSync(`${contentRoot}/zh-CN/ui.json`, 'utf8')) as Record<string, string>, 'zh-CN');
      const marker = t('i18n.fallback');
      expect(flag('zz-untranslated').doc?.proseLanguage).toBe('en');
      expect(flagHoverMarkdown(flag('zz-untranslated'), 'kube-apiserver', analysis.catalogue)[0]).toContain(marker);
      expect(flag('etcd-servers').doc?.proseLanguage).toBe('zh-CN');
      expect(flagHoverMarkdown(flag('etcd-servers'), 'kube-apiserver', analysis.catalogue)[0]).not.toContain(marker);
      const html = renderToStaticMarkup(
        createElement(
          MemoryRouter,
          null,
          createElement(FlagPanel, {
            documents: [doc],
            selectedDocumentId: doc.document.id,
            onSelectDocument: () => undefined,
            onReveal: () => undefined,
            catalogue: analysis.catalogue,
          }),
        ),
      );
      expect(html.match(/data-testid="i18n-fallback"/g)?.length).toBe(1);
      expect(html).toContain(marker);
    } finally {
      setCatalogue({}, 'en');
    }
  });
});
