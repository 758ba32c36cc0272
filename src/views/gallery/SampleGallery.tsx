/**
 * The toolbar's sample gallery: a button opening the list of sample control planes (src/workspace/sample.ts); one
 * click shows a sample beside the user's workspace, as a share link is shown (the banner offers to keep its files).
 */
import { useEffect, useState } from 'react';
import { useWorkspaceContext } from '../../state/workspaceContext';
import { SAMPLES } from '../../workspace/sample';
import { t, tDynamic } from '../../i18n';

export function SampleGallery() {
  const { openSample } = useWorkspaceContext();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);
  const choose = (id: string) => {
    setError(null);
    openSample(id).then(
      () => setOpen(false),
      (e: unknown) => setError(t('gallery.failed', { error: (e as Error).message })),
    );
  };
  return (
    <>
      <button onClick={() => setOpen(true)} data-testid="gallery-button">
        {t('gallery.button')}
      </button>
      {open && (
        <div className="kx-dialog-backdrop" onClick={(e) => e.target === e.currentTarget && setOpen(false)}>
          <div
            className="kx-dialog"
            role="dialog"
            aria-modal="true"
            aria-labelledby="kx-gallery-title"
            data-testid="gallery-dialog"
          >
            <h2 id="kx-gallery-title">{t('gallery.title')}</h2>
            <p className="kx-muted">{t('gallery.intro')}</p>
            <ul className="kx-gallery">
              {SAMPLES.map((s) => (
                <li key={s.id}>
                  <button onClick={() => choose(s.id)} data-testid={`gallery-${s.id}`}>
                    <strong>{tDynamic(`gallery.${s.id}.title`)}</strong>
                    <span>{tDynamic(`gallery.${s.id}.about`)}</span>
                  </button>
                </li>
              ))}
            </ul>
            {error && (
              <p className="kx-error" role="alert">
                {error}
              </p>
            )}
            <div className="kx-dialog-actions">
              <button onClick={() => setOpen(false)}>{t('share.close')}</button>
            </div>
          </div>
        </div>
      )}
    </>
  );
}
