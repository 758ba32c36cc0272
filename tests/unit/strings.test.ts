/** util/strings: the did-you-mean distance (run for every candidate of every unknown flag, so it is optimised). */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { closestMatches, editDistance } from '../../src/util/strings';

/** Plain Levenshtein distance, the textbook way: the reference the optimised one must agree with. */
function reference(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}

const name = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '-', 'é'), maxLength: 12 });

describe('editDistance', () => {
  it('agrees with the textbook distance', () => {
    fc.assert(fc.property(name, name, (a, b) => editDistance(a, b) === reference(a, b)));
  });

  it('with a bound: the distance when within it, more than the bound when not', () => {
    fc.assert(
      fc.property(name, name, fc.integer({ min: 0, max: 6 }), (a, b, max) => {
        const d = reference(a, b);
        const got = editDistance(a, b, max);
        return d <= max ? got === d : got > max;
      }),
    );
  });

  it('a long word after short ones (the reused rows grow)', () => {
    expect(editDistance('ab', 'abc')).toBe(1);
    const long = 'x'.repeat(200);
    expect(editDistance(long, `${long}yz`)).toBe(2);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('closestMatches', () => {
  const flags = ['etcd-servers', 'etcd-cafile', 'secure-port', 'service-account-issuer', 'authorization-mode'];

  it('close spellings, best first, at most three', () => {
    expect(closestMatches('etcd-server', flags)).toEqual(['etcd-servers']);
    expect(closestMatches('secure-prot', flags)).toEqual(['secure-port']);
    expect(closestMatches('not-a-flag-12', flags)).toEqual([]);
  });

  it('the same words in another order, with dashes or underscores', () => {
    expect(closestMatches('servers-etcd', flags)).toEqual(['etcd-servers']);
    expect(closestMatches('mode_authorization', flags)).toEqual(['authorization-mode']);
    expect(closestMatches('issuer-account-service', flags)).toEqual(['service-account-issuer']);
  });
});
