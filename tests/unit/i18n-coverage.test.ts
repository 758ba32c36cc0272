/**
 * zh-CN coverage (issue 18): every flag kubeadm sets and every flag of the seed documents translated, every UI key
 * translated, no translated prose left identical to English, the same {placeholders} as English, no content problem
 * in the translation files. The seed flags are committed (tests/fixtures/i18n/priority-flags.json, written by
 * src/cli/gen-priority-flags.ts), so this runs without ../shared.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { contentRoot, fixture } from '../helpers';
import { nodeContentReader } from '../../src/knowledge/nodeReader';
import { isCodeOnly, languageCoverage, placeholdersOf, type LanguageCoverage } from '../../src/knowledge/coverage';
import { KnowledgeBase } from '../../src/knowledge/knowledgeBase';

const LANG = 'zh-CN';
const priority = (JSON.parse(fixture('i18n/priority-flags.json')) as { components: Record<string, string[]> })
  .components;
let cov: LanguageCoverage;

beforeAll(async () => {
  cov = await languageCoverage(nodeContentReader(contentRoot), LANG, priority);
});

describe('the seed flag list', () => {
  it('names only flags of the English catalogue, and some of every control-plane component', async () => {
    const kb = await KnowledgeBase.create(nodeContentReader(contentRoot));
    for (const [id, names] of Object.entries(priority)) {
      const cat = await kb.loadFlags(id as Parameters<typeof kb.loadFlags>[0]);
      expect(
        names.filter((n) => !cat.flags.has(n)),
        id,
      ).toEqual([]);
    }
    for (const id of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd', 'kubelet'])
      expect(priority[id]?.length ?? 0, id).toBeGreaterThan(0);
  });
});

describe(`${LANG} coverage`, () => {
  it('(a) translates every flag kubeadm sets and every flag of the seed documents', () => {
    const missing = cov.components.flatMap((c) => c.priority.missing.map((n) => `${c.id} --${n}`));
    expect(missing).toEqual([]);
    expect(cov.components.reduce((n, c) => n + c.priority.total, 0)).toBeGreaterThan(100);
  });

  it('(b) translates every key of content/en/ui.json (code-only English excepted)', () => {
    const ui = cov.files.find((f) => f.file === 'ui.json');
    expect(ui?.keys.missing).toEqual([]);
    // the keys left out are code (names, commands, paths)
    const en = JSON.parse(readFileSync(`${contentRoot}/en/ui.json`, 'utf8')) as Record<string, string>;
    const zh = JSON.parse(readFileSync(`${contentRoot}/${LANG}/ui.json`, 'utf8')) as Record<string, string>;
    const left = Object.keys(en).filter((k) => !(k in zh));
    expect(left.every((k) => isCodeOnly(en[k] ?? ''))).toBe(true);
  });

  it('(c) leaves no translated prose identical to its English text (flags, fields, messages, rules, checks, ui, gates)', () => {
    expect(cov.identical.map((i) => `${i.where} ${i.key}: ${i.english}`)).toEqual([]);
  });

  it('(d) keeps the {placeholders} of every English message', () => {
    expect(cov.placeholders.map((i) => `${i.where} ${i.key}: ${i.english} / ${i.translated}`)).toEqual([]);
  });

  it('has no content problem in the translation files (prose keys only, entries the English files have)', () => {
    expect(cov.problems.map((p) => `${p.source} ${p.entry}: ${p.message}`)).toEqual([]);
  });
});

describe('the coverage helpers', () => {
  it('tell code from words', () => {
    for (const code of [
      'chmod 600 {path}',
      'kube-explainer',
      'kubectl describe',
      '/proc cmdline',
      'v{version}',
      'kubelet API',
      'CSV',
      '--v',
    ])
      expect(isCodeOnly(code), code).toBe(true);
    for (const words of ['deprecated', 'Open file…', '{count} flags', 'Set here to {value}.', 'on by default'])
      expect(isCodeOnly(words), words).toBe(false);
  });

  it('read placeholders as sets', () => {
    expect(placeholdersOf('{b} and {a}, {b} again, `{"json": 1}`')).toEqual(['a', 'b']);
  });
});
