/**
 * The upgrade diff (issue 17): what changes for a component between two releases, checked against the catalogue's
 * version data by a property test over random version pairs, a few known facts, and the CLI (`explain diff`).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { releasesOf, upgradeDiff, type FlagChange } from '../../src/knowledge/upgradeDiff';
import { gateAt } from '../../src/knowledge/featureGates';
import { COMPONENT_IDS, type ComponentId } from '../../src/model/types';
import type { FlagDoc } from '../../src/knowledge/types';
import { main } from '../../src/cli/explain';
import { loadKnowledgeBase } from '../helpers';

const kb = await loadKnowledgeBase();
const catalogues = new Map(await Promise.all(COMPONENT_IDS.map(async (c) => [c, await kb.loadFlags(c)] as const)));
const gates = await kb.featureGates();
const cat = (c: ComponentId) => {
  const x = catalogues.get(c);
  if (!x) throw new Error(c);
  return x;
};

/** The oracle, straight from the raw entry (minor versions only): the flag is accepted at v. */
const cmp = (a: string, b: string) => {
  const [a0, a1, a2] = a.split('.').map(Number);
  const [b0, b1, b2] = b.split('.').map(Number);
  return (a0 ?? 0) - (b0 ?? 0) || (a1 ?? 0) - (b1 ?? 0) || (a2 ?? 0) - (b2 ?? 0);
};
function accepted(doc: FlagDoc, v: string): boolean {
  const line = v.split('.').slice(0, 2).join('.');
  const since = doc.sinceLines?.find((s) => s.startsWith(`${line}.`)) ?? doc.since;
  if (since && cmp(v, since) < 0) return false;
  return !(doc.removed && cmp(v, doc.removed) >= 0);
}
function deprecatedAt(doc: FlagDoc, v: string): boolean {
  return doc.deprecated === true || (typeof doc.deprecated === 'string' && cmp(v, doc.deprecated) >= 0);
}
function defaultAt(doc: FlagDoc, v: string): string | null {
  const minor = (x: string) => x.split('.').slice(0, 2).join('.');
  const r = doc.versions?.find(
    (r) =>
      (r.from === undefined || cmp(v, r.from) >= 0) && (r.until === undefined || cmp(minor(v), minor(r.until)) <= 0),
  );
  return r && r.default !== undefined ? r.default : doc.default;
}
const names = (list: FlagChange[], kind: FlagChange['kind']) =>
  new Set(list.filter((c) => c.kind === kind).map((c) => c.flag));

describe('the diff matches the catalogue (property over random version pairs)', () => {
  for (const component of COMPONENT_IDS) {
    const releases = releasesOf(cat(component));
    it(`${component}: added, removed, deprecated and defaults as the entries say (${releases[0]}..${releases.at(-1)})`, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: releases.length - 1 }),
          fc.integer({ min: 0, max: releases.length - 1 }),
          (i, j) => {
            const [from, to] = [releases[Math.min(i, j)] ?? '', releases[Math.max(i, j)] ?? ''];
            const d = upgradeDiff(cat(component), gates, from, to);
            expect(d.downgrade).toBe(false);
            const added = names(d.flags, 'added');
            const removed = names(d.flags, 'removed');
            const deprecated = names(d.flags, 'deprecated');
            const defaults = new Map(d.flags.filter((c) => c.kind === 'default-changed').map((c) => [c.flag, c]));
            for (const doc of cat(component).flags.values()) {
              const a = accepted(doc, from);
              const b = accepted(doc, to);
              expect(added.has(doc.name), `${doc.name} added ${from}->${to}`).toBe(!a && b);
              expect(removed.has(doc.name), `${doc.name} removed ${from}->${to}`).toBe(a && !b);
              expect(deprecated.has(doc.name), `${doc.name} deprecated ${from}->${to}`).toBe(
                a && b && !deprecatedAt(doc, from) && deprecatedAt(doc, to),
              );
              const changed = a && b && defaultAt(doc, from) !== defaultAt(doc, to);
              expect(defaults.has(doc.name), `${doc.name} default ${from}->${to}`).toBe(changed);
              if (changed) {
                expect(defaults.get(doc.name)?.before).toBe(defaultAt(doc, from));
                expect(defaults.get(doc.name)?.after).toBe(defaultAt(doc, to));
              }
            }
            // the same pair the other way round is a downgrade with the same changes
            const back = upgradeDiff(cat(component), gates, to, from);
            expect(back.downgrade).toBe(from !== to);
            expect(back.flags).toEqual(d.flags);
            if (from === to) expect(d.flags).toEqual([]);
          },
        ),
        { numRuns: 40 },
      );
    });
  }

  it('feature gates: removed and graduated as the gate list says (kube-apiserver)', () => {
    const releases = releasesOf(cat('kube-apiserver')).filter((r) => cmp(r, '1.16') >= 0);
    fc.assert(
      fc.property(fc.constantFrom(...releases), fc.constantFrom(...releases), (x, y) => {
        const [from, to] = cmp(x, y) <= 0 ? [x, y] : [y, x];
        const d = upgradeDiff(cat('kube-apiserver'), gates, from, to);
        for (const g of d.gates) {
          const a = gateAt(gates, g.gate, from);
          const b = gateAt(gates, g.gate, to);
          if (g.kind === 'removed') {
            expect(a.state).toBe('ok');
            expect(b.state).toBe('removed');
            expect(g.removedIn && cmp(g.removedIn, from) > 0 && cmp(g.removedIn, to) <= 0).toBe(true);
          }
          if (g.kind === 'graduated') expect(a.current?.stage !== b.current?.stage || b.current?.locked).toBe(true);
          if (g.kind === 'default-changed') expect(a.current?.default).not.toBe(b.current?.default);
          if (g.kind === 'added') expect(a.state === 'not-yet' && b.state === 'ok').toBe(true);
        }
        // every gate gone between the two releases is listed
        for (const [name, facts] of gates.kubernetes.gates) {
          if (facts.acceptedBy) continue;
          const gone = gateAt(gates, name, from).state === 'ok' && gateAt(gates, name, to).state === 'removed';
          expect(d.gates.some((g) => g.gate === name && g.kind === 'removed')).toBe(gone);
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe('known changes', () => {
  it('kube-apiserver 1.21 -> 1.31: the insecure port went, PodSecurityPolicy went, the cloud flags were deprecated', () => {
    const d = upgradeDiff(cat('kube-apiserver'), gates, '1.21', '1.31');
    const removed = d.flags.find((c) => c.kind === 'removed' && c.flag === 'insecure-port');
    expect(removed?.at).toBe('1.24');
    expect(removed?.action).toBe('replace');
    expect(
      d.flags.some(
        (c) => c.kind === 'value-removed' && c.flag === 'enable-admission-plugins' && c.value === 'PodSecurityPolicy',
      ),
    ).toBe(true);
    expect(d.flags.find((c) => c.flag === 'cloud-provider')?.kind).toBe('deprecated');
    expect(d.gates.find((g) => g.gate === 'APIPriorityAndFairness')?.kind).toBe('removed');
    // what breaks the start comes first
    expect(d.flags[0]?.kind).toBe('removed');
  });
  it('the same release twice is empty', () => {
    const d = upgradeDiff(cat('kubelet'), gates, '1.30', '1.30');
    expect(d.flags).toEqual([]);
    expect(d.gates).toEqual([]);
  });
});

describe('npm run explain -- diff', () => {
  const out: string[] = [];
  const err: string[] = [];
  beforeEach(() => {
    out.length = 0;
    err.length = 0;
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  });
  afterEach(() => vi.restoreAllMocks());

  it('text: each change with what to do before upgrading', async () => {
    expect(await main(['diff', '--component', 'kube-apiserver', '--from', '1.21', '--to', '1.31'])).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('kube-apiserver 1.21 → 1.31');
    expect(text).toMatch(/--insecure-port \(in 1\.24\)/);
    expect(text).toContain('Write --secure-port instead of --insecure-port before upgrading.');
    expect(text).toContain('Take APIPriorityAndFairness out of --feature-gates before upgrading');
  });
  it('json: the diff with schemaVersion and todo words', async () => {
    expect(await main(['diff', '--component=etcd', '--from=3.4', '--to=3.6', '--format', 'json'])).toBe(0);
    const json = JSON.parse(out.join('\n')) as {
      schemaVersion: number;
      flags: { flag: string; kind: string; todo: string }[];
    };
    expect(json.schemaVersion).toBe(1);
    const v2 = json.flags.find((f) => f.flag === 'enable-v2');
    expect(v2?.kind).toBe('removed');
    expect(v2?.todo).toContain('3.6 refuses to start');
  });
  it('wrong usage: exit 2 with a message', async () => {
    expect(await main(['diff', '--component', 'kube-nothing', '--from', '1.21', '--to', '1.31'])).toBe(2);
    expect(await main(['diff', '--component', 'kubelet', '--from', 'one', '--to', '1.31'])).toBe(2);
    expect(await main(['diff', '--component', 'etcd', '--from', '1.21', '--to', '1.31'])).toBe(2);
    expect(err.join('\n')).toContain('--component takes');
    expect(err.join('\n')).toContain('etcd versions are 3.');
    expect(out).toEqual([]);
  });
});
