/** Download buttons: the onboarding document (HTML, Markdown), the JSON report, the effective flags as CSV. */
import { useState } from 'react';
import type { WorkspaceFile } from '../../model/types';
import { exportBundle } from '../../export/bundle';
import { EXPORT_FILE, renderExport, type ExportFormat } from '../../share/exports';
import { pageKnowledge } from '../../state/knowledge';
import { language, t } from '../../i18n';

/** Save a text as a file: a blob URL of this page (nothing is sent anywhere). */
export function download(name: string, text: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mime};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const NAMES: Record<ExportFormat, string> = {
  html: 'kube-explainer-onboarding',
  markdown: 'kube-explainer-onboarding',
  json: 'kube-explainer-report',
  csv: 'kube-explainer-flags',
};

/** `files` must already be redacted (the Share dialog's, with the options chosen there). */
export function ExportButtons({ files }: { files: readonly WorkspaceFile[] }) {
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (format: ExportFormat) => {
    setBusy(format);
    setError(null);
    try {
      const bundle = await exportBundle(files, await pageKnowledge(language()));
      const stamp = new Date().toISOString().slice(0, 10);
      download(
        `${NAMES[format]}-${stamp}.${EXPORT_FILE[format].ext}`,
        renderExport(bundle, format),
        EXPORT_FILE[format].mime,
      );
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };
  const button = (format: ExportFormat, label: string) => (
    <button onClick={() => void run(format)} disabled={busy !== null} data-testid={`export-${format}`}>
      {label}
    </button>
  );
  return (
    <div className="kx-dialog-actions kx-export-buttons">
      {button('html', t('export.html'))}
      {button('markdown', t('export.markdown'))}
      {button('json', t('export.json'))}
      {button('csv', t('export.csv'))}
      {error && (
        <span className="kx-error" role="alert">
          {t('share.failed', { error })}
        </span>
      )}
    </div>
  );
}
