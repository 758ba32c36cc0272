/** The banner of a workspace opened from a share link or the sample gallery, or of a link that could not be opened. */
import { useWorkspaceContext } from '../../state/workspaceContext';
import type { LinkError } from '../../share/link';
import { t, tDynamic } from '../../i18n';

function reasonText(e: LinkError): string {
  switch (e.kind) {
    case 'not-a-link':
      return t('share.corrupt.shape');
    case 'unknown-version':
      return t('share.unknownVersion', { version: e.version });
    case 'corrupt':
      return tDynamic(`share.corrupt.${e.reason}`, { file: e.file ?? '' });
  }
}

export function LinkBanner() {
  const { link, keepLink, leaveLink } = useWorkspaceContext();
  if (!link) return null;
  if (link.status === 'error')
    return (
      <div className="kx-notice kx-link-banner" role="alert" data-testid="link-error">
        {t('share.openFailed', { reason: reasonText(link.error) })}{' '}
        <button onClick={leaveLink}>{t('share.dismiss')}</button>
      </div>
    );
  return (
    <div className="kx-notice kx-link-banner" role="status" data-testid="link-banner">
      {link.sample
        ? t('share.bannerSample', { title: tDynamic(`gallery.${link.sample}.title`), count: link.files })
        : t('share.banner', { count: link.files })}{' '}
      <button onClick={keepLink} data-testid="link-keep">
        {t('share.keep')}
      </button>{' '}
      <button onClick={leaveLink} data-testid="link-leave">
        {t('share.leave')}
      </button>
    </div>
  );
}
