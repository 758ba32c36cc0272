/** src/generated/ids.ts is made from content/ by `npm run gen:ids`: it must match what content/ says today. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { generateIds, GENERATED_IDS_PATH } from '../../src/cli/gen-ids';
import { RULE_IDS, type FlagName, type RuleId } from '../../src/generated/ids';
import { contentRoot } from '../helpers';

describe('generated ids', () => {
  it('src/generated/ids.ts is fresh (run `npm run gen:ids` after changing content/)', async () => {
    expect(readFileSync(GENERATED_IDS_PATH, 'utf8')).toBe(await generateIds(contentRoot));
  });

  it('names content defines are types: a typo does not compile', () => {
    const flag: FlagName<'kube-apiserver'> = 'etcd-servers';
    // @ts-expect-error -- not a kube-apiserver flag
    const typo: FlagName<'kube-apiserver'> = 'etcd-serverz';
    const rule: RuleId = 'unknown-flag';
    // @ts-expect-error -- not a rule
    const badRule: RuleId = 'unknown-flags';
    expect([flag, typo, rule, badRule]).toHaveLength(4);
    expect(RULE_IDS).toContain('deprecated-flag');
  });
});
