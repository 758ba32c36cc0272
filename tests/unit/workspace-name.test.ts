/**
 * The default workspace name shown in the UI language (src/views/workspaceName.ts): `My workspace`, stored on an
 * English visit, reads 我的工作区 in Chinese and back; names the user gave stay as they are.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { setCatalogue } from '../../src/i18n';
import { DEFAULT_WORKSPACE_NAMES, shownWorkspaceName } from '../../src/views/workspaceName';
import { contentRoot } from '../helpers';

const ui = (lang: string) =>
  JSON.parse(readFileSync(`${contentRoot}/${lang}/ui.json`, 'utf8')) as Record<string, string>;

afterEach(() => setCatalogue({}, 'en'));

describe('the default workspace name', () => {
  it('knows the default name of every UI language', () => {
    const languages = readdirSync(contentRoot, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .filter((l) => {
        try {
          return ui(l)['workspaces.firstName'] !== undefined;
        } catch {
          return false;
        }
      });
    expect(languages).toEqual(expect.arrayContaining(['en', 'zh-CN']));
    expect([...DEFAULT_WORKSPACE_NAMES].sort()).toEqual(languages.map((l) => ui(l)['workspaces.firstName']).sort());
  });

  it('shows a stored default name in the current language, other names as stored', () => {
    setCatalogue(ui('zh-CN'), 'zh-CN');
    expect(shownWorkspaceName('My workspace')).toBe('我的工作区');
    expect(shownWorkspaceName('我的工作区')).toBe('我的工作区');
    expect(shownWorkspaceName('staging')).toBe('staging');
    expect(shownWorkspaceName('My workspace 2')).toBe('My workspace 2');
    setCatalogue({}, 'en');
    expect(shownWorkspaceName('我的工作区')).toBe('My workspace');
    expect(shownWorkspaceName('My workspace')).toBe('My workspace');
  });

  it('does not show two workspaces by one name', () => {
    setCatalogue(ui('zh-CN'), 'zh-CN');
    const all = [{ name: 'My workspace' }, { name: '我的工作区' }];
    expect(all.map((w) => shownWorkspaceName(w.name, all))).toEqual(['My workspace', '我的工作区']);
  });
});
