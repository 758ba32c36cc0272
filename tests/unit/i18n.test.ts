/** Translations overlay prose only: the prose-only reader, per-file matching, the English fallback recorded per doc. */
import { describe, expect, it } from 'vitest';
import { KnowledgeBase, translationPath } from '../../src/knowledge/knowledgeBase';
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
      '"type" is not prose: a translation of a flag holds only summary, explanation, security, deprecationNote (facts stay in English)',
      '"kubeadm" is not prose: a translation of a flag holds only summary, explanation, security, deprecationNote (facts stay in English)',
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
      '"type" is not prose: a translation of a field holds only summary, explanation, security (facts stay in English)',
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
      'zh-CN/flags/kube-apiserver/a.yaml etcd-cafile: "type" is not prose: a translation of a flag holds only summary, explanation, security, deprecationNote (facts stay in English)',
      'zh-CN/flags/kube-apiserver/a.yaml etcd-cafile: "default" is not prose: a translation of a flag holds only summary, explanation, security, deprecationNote (facts stay in English)',
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
      'zh-CN/flags/_shared/logging.yaml v: "type" is not prose: a translation of a flag holds only summary, explanation, security, deprecationNote (facts stay in English)',
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
      'zh-CN/fields/pod.yaml spec.hostNetwork: "type" is not prose: a translation of a field holds only summary, explanation, security (facts stay in English)',
      'zh-CN/fields/pod.yaml spec.nope: en/fields/pod.yaml has no entry for this field',
    ]);
  });
});
