/**
 * Issue 14: every check of the table has its words in content/en/checks.yaml (title, why, fix; manual checks also
 * how to check by hand), no entry is left over, and the file placeholders are filled.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/analysis/audit';
import { readCheckTexts } from '../../src/present/audit';
import { contentRoot } from '../helpers';

const texts = readCheckTexts(
  parseYaml(readFileSync(`${contentRoot}/en/checks.yaml`, 'utf8')) as Record<string, unknown>,
);

describe('content/en/checks.yaml', () => {
  it('has title, why and fix for every check, how for the manual ones, and nothing else', () => {
    const ids = CHECKS.map((c) => c.id);
    expect([...texts.keys()].sort()).toEqual([...ids].sort());
    for (const c of CHECKS) {
      const t = texts.get(c.id)!;
      expect(t.title.length, c.id).toBeGreaterThan(5);
      expect(t.why.length, c.id).toBeGreaterThan(20);
      expect(t.fix.length, c.id).toBeGreaterThan(5);
      if (c.manual && c.section.endsWith('.1')) expect(t.how, c.id).toContain('{path}');
      if (!c.manual) expect(t.how, c.id).toBeNull();
    }
  });

  it('titles are unique, so the Audit page and SARIF rules tell checks apart', () => {
    const titles = CHECKS.map((c) => `${c.component} ${texts.get(c.id)?.title ?? ''}`);
    expect(new Set(titles).size).toBe(titles.length);
  });
});
