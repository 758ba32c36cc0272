/** The toolbar's Share button and its dialog. */
import { lazy, Suspense, useState } from 'react';
import { useLocation } from 'react-router';
import { useWorkspaceContext } from '../../state/workspaceContext';
import { t } from '../../i18n';
// the dialog (and the link's deflate code and dictionary) loads when it is first opened
const ShareDialog = lazy(() => import('./ShareDialog').then((m) => ({ default: m.ShareDialog })));

export function ShareButton() {
  const { state, benchmark } = useWorkspaceContext();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  if (!state) return null;
  return (
    <>
      <button onClick={() => setOpen(true)} data-testid="share-button" disabled={state.files.length === 0}>
        {t('share.button')}
      </button>
      {open && (
        <Suspense fallback={null}>
          <ShareDialog
            files={state.files}
            activeFileId={state.activeFileId}
            view={location.pathname}
            benchmark={benchmark}
            onClose={() => setOpen(false)}
          />
        </Suspense>
      )}
    </>
  );
}
