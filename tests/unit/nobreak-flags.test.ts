/**
 * Flag names do not break at their hyphens in narrow Chinese cells (`--enable-` / `admission-plugins`): in prose each
 * name is a nowrap span (src/views/NoBreakFlags.tsx), and the panels' name codes are nowrap (styles.css).
 */
import { readFileSync } from 'node:fs';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { NoBreakFlags, splitFlagNames } from '../../src/views/NoBreakFlags';
import { repoRoot } from '../helpers';

describe('flag names kept whole', () => {
  it('finds the names in prose, not the values after them', () => {
    expect(
      splitFlagNames('期望：--enable-admission-plugins 中包含 EventRateLimit 且设置了 --admission-control-config-file'),
    ).toEqual([
      '期望：',
      '--enable-admission-plugins',
      ' 中包含 EventRateLimit 且设置了 ',
      '--admission-control-config-file',
      '',
    ]);
    expect(splitFlagNames('--profiling=false')).toEqual(['', '--profiling', '=false']);
    expect(splitFlagNames('没有参数')).toEqual(['没有参数']);
  });

  it('renders each name in a nowrap span', () => {
    const html = renderToStaticMarkup(
      createElement(NoBreakFlags, { text: '设置 --enable-admission-plugins=NodeRestriction。' }),
    );
    expect(html).toBe('设置 <span class="kx-nobreak">--enable-admission-plugins</span>=NodeRestriction。');
  });

  it('the styles keep flag names on one line', () => {
    const css = readFileSync(`${repoRoot}src/styles.css`, 'utf8');
    const rule = (selector: string) => new RegExp(`(^|\\n)${selector.replace('.', '\\.')} \\{[^}]*white-space: nowrap`);
    expect(css).toMatch(rule('.kx-flag-name'));
    expect(css).toMatch(rule('.kx-nobreak'));
  });
});
