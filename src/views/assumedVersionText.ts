/**
 * Words for a version assumed from the workspace (src/annotate/assumedVersion.ts): the effective view's instances and
 * the flag panel's document heading say `v1.31.2 (assumed)` and, in the hover title, where it came from.
 */
import type { VersionInfo } from '../model/types';
import { ASSUMED_SOURCE_PREFIX } from '../annotate/assumedVersion';
import { t } from '../i18n';

/**
 * The hover title of an assumed version: the document that said it (`kube-apiserver image
 * registry.k8s.io/kube-apiserver:v1.31.2`) and, when the workspace's components run several minors, that it is a guess.
 */
export function assumedVersionTitle(version: Pick<VersionInfo, 'source'>, minors: readonly string[] = []): string {
  const source = version.source.startsWith(ASSUMED_SOURCE_PREFIX)
    ? version.source.slice(ASSUMED_SOURCE_PREFIX.length)
    : version.source;
  const title = t('version.assumedTitle', { source });
  return minors.length > 1 ? `${title}\n${t('version.assumedGuess', { minors: minors.join(', ') })}` : title;
}
