/**
 * The fuzz suite in `npm test`: a fixed seed, the `unit` profile (sizes scaled down, a few full-size inputs kept)
 * and every secret template under every perturbation. `npm run fuzz` runs 10,000+ cases of a random seed, each in
 * a supervised child process, and also reports the time per input; a failure here names its seed and case, and
 * `npm run fuzz -- --seed S --only I --profile unit` runs it again alone.
 */
import { describe, expect, it } from 'vitest';
import { createFuzzContext, groupLeaks, runFuzz } from '../../src/cli/fuzz';
import { generateCase, secretMatrix } from '../fuzz/generate';

const SEED = 20261202;
const CASES = 1500;

describe('fuzz: hostile inputs through the whole pipeline and the report', () => {
  it('the generator is a pure function of (seed, index)', () => {
    const a = generateCase(SEED, 42, { profile: 'unit' });
    const b = generateCase(SEED, 42, { profile: 'unit' });
    expect(b).toEqual(a);
    expect(generateCase(SEED + 1, 42, { profile: 'unit' })).not.toEqual(a);
    expect(secretMatrix(SEED).length).toBeGreaterThan(200);
  });

  it(`${CASES} generated cases and the secret matrix: no crash, ranges inside the text, report round-trips, no secret shown`, async () => {
    const summary = await runFuzz(
      { seed: SEED, cases: CASES, profile: 'unit', matrix: true },
      await createFuzzContext(),
    );
    expect(summary.cases + summary.matrixCases).toBeGreaterThan(CASES);
    const name = (r: { seed: number; index: number; shape: string }) => `seed ${r.seed} case ${r.index} ${r.shape}`;
    expect(summary.results.filter((r) => r.crash).map((r) => `${name(r)}: ${r.crash}`)).toEqual([]);
    expect(summary.results.filter((r) => r.outOfRange.length).map((r) => `${name(r)}: ${r.outOfRange[0]}`)).toEqual([]);
    expect(
      summary.results.filter((r) => r.reportProblems.length).map((r) => `${name(r)}: ${r.reportProblems[0]}`),
    ).toEqual([]);
    expect(
      groupLeaks(summary.results).map(
        (g) => `${g.leak.template} / ${g.leak.perturbation} / ${g.leak.channel}: ${name(g.first)}`,
      ),
    ).toEqual([]);
  }, 600_000);
});
