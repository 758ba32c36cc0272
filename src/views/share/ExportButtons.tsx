/** Download buttons: the onboarding document (HTML, Markdown), the JSON report, the effective flags as CSV. */
import { useState } from 'react';
import type { WorkspaceFile } from '../../model/types';
import { exportBundle } from '../../export/bundle';
import { effectiveFlagsCsv } from '../../export/csv';
import { pageKnowledge } from '../../state/knowledge';
import { language, t } from '../../i18n';

type Format = 'json' | 'csv';

const TYPES: Record<Format, { ext: string; mime: string }> = {
  json: { ext: 'json', mime: 'application/json' },
  csv: { ext: 'csv', mime: 'text/csv' },
};

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

/** `files` must already be redacted. */
export function ExportButtons({ files }: { files: readonly WorkspaceFile[] }) {
  const [busy, setBusy] = useState<Format | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (format: Format) => {
    setBusy(format);
    setError(null);
    try {
      const bundle = await exportBundle(files, await pageKnowledge(language()));
      const text = format === 'json' ? JSON.stringify(bundle.report, null, 2) + '\n' : effectiveFlagsCsv(bundle.report);
      const stamp = new Date().toISOString().slice(0, 10);
      const name = format === 'csv' ? `kube-explainer-flags-${stamp}` : `kube-explainer-report-${stamp}`;
      download(`${name}.${TYPES[format].ext}`, text, TYPES[format].mime);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };
  const button = (format: Format, label: string) => (
    <button onClick={() => void run(format)} disabled={busy !== null} data-testid={`export-${format}`}>
      {label}
    </button>
  );
  return (
    <div className="kx-dialog-actions kx-export-buttons">
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
