/**
 * A workspace's name as shown. The first workspace is named `t('workspaces.firstName')` when it is made
 * (src/workspace/store.ts), so its stored name is in the language of that visit: `My workspace` after switching to
 * 中文. A stored name that is the default name of any UI language is shown in the current one; a name the user gave
 * (or a default name another workspace already shows) stays as stored.
 */
import { t } from '../i18n';

/**
 * `workspaces.firstName` of each UI language (content/<lang>/ui.json; a unit test holds them equal), here so that an
 * English page need not load the Chinese catalogue to recognise 我的工作区.
 */
export const DEFAULT_WORKSPACE_NAMES: readonly string[] = ['My workspace', '我的工作区'];

export function isDefaultWorkspaceName(name: string): boolean {
  return DEFAULT_WORKSPACE_NAMES.includes(name) || name === t('workspaces.firstName');
}

/** The name to show for `name` among the stored names of `all` (the workspaces of this browser). */
export function shownWorkspaceName(name: string, all: readonly { name: string }[] = []): string {
  if (!isDefaultWorkspaceName(name)) return name;
  const here = t('workspaces.firstName');
  // `My workspace` and a workspace really named 我的工作区: both would read 我的工作区
  if (name !== here && all.some((w) => w.name === here)) return name;
  return here;
}
