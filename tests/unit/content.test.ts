/**
 * The knowledge base's own shape: every content file loads, every entry is complete and well-formed.
 * (Coverage against the official reference is `npm run check:content`, a developer tool.)
 */
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../helpers';
import { COMPONENT_IDS } from '../../src/model/types';

describe('content', () => {
  it('every flag catalogue loads without problems', async () => {
    const kb = await loadKnowledgeBase();
    for (const id of COMPONENT_IDS) await kb.loadFlags(id);
    for (const set of kb.fieldSetNames()) await kb.loadFields(set);
    const report = kb.problems.map((p) => `${p.source} ${p.entry}: ${p.message}`);
    expect(report).toEqual([]);
  });

  it('every component listed in components.yaml has a reference page and binaries', async () => {
    const kb = await loadKnowledgeBase();
    expect([...kb.components.keys()].sort()).toEqual([...COMPONENT_IDS].sort());
    for (const info of kb.components.values()) {
      expect(info.reference).toMatch(/^https:\/\//);
      expect(info.binaries.length).toBeGreaterThan(0);
    }
  });
});
