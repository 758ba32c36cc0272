/**
 * One Chinese word per English flag status word (a Chinese-first user test found 可用 and 现行 side by side for what
 * read as the same thing): the reference's statuses (`accepted`, `current`, `deprecated`, ...), the flag page's state
 * and the upgrade diff's `still accepted` use the same zh-CN term wherever the English uses the same word, and two
 * English words never share one.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentRoot } from '../helpers';

const en = JSON.parse(readFileSync(`${contentRoot}/en/ui.json`, 'utf8')) as Record<string, string>;
const zh = JSON.parse(readFileSync(`${contentRoot}/zh-CN/ui.json`, 'utf8')) as Record<string, string>;

/** The status words: the reference filter's and the flag page's state (a bare word each). */
const STATUS_KEYS = Object.keys(en).filter(
  (k) => k.startsWith('reference.status.') || ['reference.stateOk', 'reference.stateDeprecated'].includes(k),
);

describe('zh-CN flag status words', () => {
  it('the same English status word has the same Chinese word, different English words different ones', () => {
    const byEnglish = new Map<string, Set<string>>();
    for (const k of STATUS_KEYS) {
      const word = en[k] ?? '';
      byEnglish.set(word, new Set([...(byEnglish.get(word) ?? []), zh[k] ?? `(no zh-CN ${k})`]));
    }
    for (const [word, zhWords] of byEnglish) expect([...zhWords], word).toHaveLength(1);
    const chinese = [...byEnglish.values()].map((s) => [...s][0]);
    expect(new Set(chinese).size).toBe(chinese.length);
  });

  it('`accepted` in a sentence is the status word too', () => {
    const accepted = zh['reference.stateOk'] ?? '';
    expect(en['reference.stateOk']).toBe('accepted');
    const sentences = Object.keys(en).filter((k) => /\baccepted\b/.test(en[k] ?? '') && !STATUS_KEYS.includes(k));
    expect(sentences.length).toBeGreaterThan(0);
    for (const k of sentences) expect(zh[k], k).toContain(accepted);
  });
});
