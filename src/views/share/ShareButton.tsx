/** The toolbar's Share button and its dialog. */
import { useState } from 'react';
import { useLocation } from 'react-router';
import { useWorkspaceContext } from '../../state/workspaceContext';
import { t } from '../../i18n';
import { ShareDialog } from './ShareDialog';

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
        <ShareDialog
          files={state.files}
          activeFileId={state.activeFileId}
          view={location.pathname}
          benchmark={benchmark}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}
