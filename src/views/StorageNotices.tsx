/**
 * What the workspace storage has to tell: a saved copy that could not be fully read (with a download of it as it
 * was), files changed in this tab and in another one (choose a version), files too large to be saved.
 */
import type { WorkspaceHandle } from '../state/useWorkspace';
import { STORAGE_BACKUP_KEY } from '../workspace/storage';
import { formatNumber, t } from '../i18n';
import { downloadJson } from './download';

/** File names as a list of the UI language (`“a”, “b”`; Chinese `“a”、“b”`). */
const names = (list: readonly string[]) => list.map((n) => `“${n}”`).join(t('doc.listSeparator'));

export function StorageNotices({ ws }: { ws: WorkspaceHandle }) {
  const { restoreProblem, conflicts, unsaved } = ws;
  return (
    <>
      {restoreProblem && (
        <div className="kx-notice" role="status" data-testid="storage-notice">
          {restoreProblem.error !== null
            ? t('workspace.restoreFailed', { error: restoreProblem.error, key: STORAGE_BACKUP_KEY })
            : t('workspace.restoreSkipped', { names: names(restoreProblem.skipped), key: STORAGE_BACKUP_KEY })}{' '}
          <button
            data-testid="download-unreadable"
            onClick={() => {
              const copy = ws.unreadableCopy();
              if (copy !== null) downloadJson('kube-explainer-workspace-unreadable.json', copy);
            }}
          >
            {t('workspace.downloadUnreadable')}
          </button>{' '}
          <button onClick={ws.dismissRestoreProblem}>×</button>
        </div>
      )}
      {conflicts.map((c) => (
        <div key={c.copyId} className="kx-notice" role="status" data-testid="conflict-notice">
          {t('workspace.conflict', { name: c.name, copy: c.copyName })}{' '}
          <button data-testid="conflict-keep-mine" onClick={() => ws.resolveConflict(c, 'mine')}>
            {t('workspace.keepMine')}
          </button>{' '}
          <button data-testid="conflict-take-theirs" onClick={() => ws.resolveConflict(c, 'theirs')}>
            {t('workspace.keepTheirs')}
          </button>{' '}
          <button data-testid="conflict-keep-both" onClick={() => ws.resolveConflict(c, 'both')}>
            {t('workspace.keepBoth')}
          </button>
        </div>
      ))}
      {unsaved.length > 0 && (
        <div className="kx-notice" role="status" data-testid="storage-notice">
          {t('workspace.tooLargeToSave', {
            files: unsaved
              .map((u) => t('workspace.tooLargeFile', { name: u.name, chars: formatNumber(u.chars) }))
              .join(t('doc.listSeparator')),
          })}
        </div>
      )}
    </>
  );
}
