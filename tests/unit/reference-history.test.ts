/**
 * The flag page's timeline (issue 17): flagHistory reads a flag's history across releases from its entry - added,
 * deprecated, default changes at range bounds, values, kubeadm, removed - oldest first.
 */
import { describe, expect, it } from 'vitest';
import { flagHistory } from '../../src/knowledge/upgradeDiff';
import { factsAt } from '../../src/knowledge/flagFacts';
import { compareVersions } from '../../src/util/version';
import { COMPONENT_IDS } from '../../src/model/types';
import { loadKnowledgeBase } from '../helpers';

const kb = await loadKnowledgeBase();
const cats = new Map(await Promise.all(COMPONENT_IDS.map(async (c) => [c, await kb.loadFlags(c)] as const)));
const doc = (c: (typeof COMPONENT_IDS)[number], n: string) => {
  const d = cats.get(c)?.flags.get(n);
  if (!d) throw new Error(`${c} ${n}`);
  return d;
};

describe('flagHistory', () => {
  it('--insecure-port: deprecated 1.10, default 0 from 1.20, kubeadm stops writing it in 1.22, removed 1.24', () => {
    expect(flagHistory(doc('kube-apiserver', 'insecure-port'))).toEqual([
      { version: '1.10', kind: 'deprecated', value: null },
      { version: '1.20', kind: 'default', value: '0', before: '8080' },
      { version: '1.22', kind: 'kubeadm', value: null },
      { version: '1.24', kind: 'removed', value: null },
    ]);
  });
  it('--enable-admission-plugins: the plugins that came and went', () => {
    const h = flagHistory(doc('kube-apiserver', 'enable-admission-plugins'));
    expect(h).toContainEqual({ version: '1.25', kind: 'value-removed', value: 'PodSecurityPolicy' });
    expect(h).toContainEqual({ version: '1.22', kind: 'value-since', value: 'PodSecurity' });
  });
  it('a flag with no recorded change has an empty history', () => {
    expect(flagHistory(doc('kube-apiserver', 'anonymous-auth'))).toEqual([]);
  });
  it('every history is in release order, and each default event is the default in force from that release', () => {
    for (const cat of cats.values()) {
      for (const d of cat.flags.values()) {
        const h = flagHistory(d);
        for (let i = 1; i < h.length; i++)
          expect(compareVersions(h[i - 1]?.version ?? '', h[i]?.version ?? '')).toBeLessThanOrEqual(0);
        for (const e of h.filter((x) => x.kind === 'default')) {
          expect(factsAt(d, e.version).default).toBe(e.value);
          expect(e.before).not.toBe(e.value);
        }
      }
    }
  });
});
