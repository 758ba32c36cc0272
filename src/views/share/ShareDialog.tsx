/**
 * The Share dialog: the workspace as a link, with every secret replaced (and IPs, host and cluster names when
 * asked), the list of what was replaced, the link's length against what chat tools and browsers keep, and the
 * exports. The files are analysed here, on this page, at the moment the dialog opens: the secrets' ranges are those
 * of exactly the text that is shared (the worker's latest answer may be of an older text).
 */
import { useEffect, useMemo, useState } from 'react';
import type { WorkspaceFile } from '../../model/types';
import { analyseWorkspace, type WorkspaceAnalysis } from '../../pipeline';
import { redactWorkspace, type Redaction, type RedactOptions } from '../../share/redact';
import { linkLengthClass, shareUrl } from '../../share/link';
import { pageKnowledge } from '../../state/knowledge';
import { formatNumber, language, t, tDynamic } from '../../i18n';
import { ExportButtons } from './ExportButtons';
import type { BenchmarkId } from '../../analysis/audit';

interface Props {
  files: readonly WorkspaceFile[];
  activeFileId: string | null;
  /** The page the link opens on. */
  view: string;
  /** The audit benchmark the user picked, carried by the link. */
  benchmark: BenchmarkId | null;
  onClose: () => void;
}

function describe(r: Redaction): string {
  if (r.kind === 'secret')
    return t('share.secretItem', {
      label: r.label,
      kind: r.secretKind,
      length: r.length,
      file: r.file,
      line: r.line,
      replacement: r.replacement,
    });
  return `${tDynamic(`share.kind.${r.kind}`)}: ${t('share.valueItem', { original: r.original, replacement: r.replacement, count: r.count })}`;
}

export function ShareDialog({ files, activeFileId, view, benchmark, onClose }: Props) {
  // the files as they were when the dialog opened
  const [snapshot] = useState(() => files.slice());
  const [analysis, setAnalysis] = useState<WorkspaceAnalysis | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [options, setOptions] = useState<RedactOptions>({ ips: false, hostnames: false, clusterNames: false });
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  useEffect(() => {
    let cancelled = false;
    void pageKnowledge(language())
      .then((kb) => analyseWorkspace(snapshot, kb))
      .then(
        (a) => !cancelled && setAnalysis(a),
        (e: unknown) => !cancelled && setError((e as Error).message),
      );
    return () => {
      cancelled = true;
    };
  }, [snapshot]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  const redacted = useMemo(
    () => (analysis ? redactWorkspace(snapshot, analysis, options) : null),
    [analysis, snapshot, options],
  );
  const url = useMemo(() => {
    if (!redacted) return null;
    const active = snapshot.findIndex((f) => f.id === activeFileId);
    return shareUrl(window.location.origin, {
      files: redacted.files.map((f) => ({
        name: f.name,
        text: f.text,
        ...(f.host ? { host: f.host } : {}),
        ...(f.kindOverride ? { kindOverride: f.kindOverride } : {}),
      })),
      active: active < 0 ? null : active,
      view,
      version: null,
      lang: language(),
      benchmark,
    });
  }, [redacted, snapshot, activeFileId, view, benchmark]);
  const length = url ? linkLengthClass(url) : 'ok';

  const copy = async () => {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };

  const option = (key: keyof RedactOptions, label: string) => (
    <label>
      <input
        type="checkbox"
        data-testid={`share-${key}`}
        checked={options[key]}
        onChange={(e) => {
          setCopied(null);
          setOptions((o) => ({ ...o, [key]: e.target.checked }));
        }}
      />{' '}
      {label}
    </label>
  );

  return (
    <div className="kx-dialog-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="kx-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="kx-share-title"
        data-testid="share-dialog"
      >
        <h2 id="kx-share-title">{t('share.title')}</h2>
        <p>{t('share.intro')}</p>
        <p>{t('share.always')}</p>
        <div className="kx-share-options">
          {option('ips', t('share.ips'))}
          {option('hostnames', t('share.hostnames'))}
          {option('clusterNames', t('share.clusterNames'))}
        </div>
        <p className="kx-muted">{t('share.consistent')}</p>
        {error ? (
          <p className="kx-error" role="alert">
            {t('share.failed', { error })}
          </p>
        ) : !redacted || !url ? (
          <p className="kx-loading">{t('share.preparing')}</p>
        ) : (
          <>
            <details open={redacted.redactions.length <= 12} data-testid="share-redactions">
              <summary>{t('share.redactedTitle', { count: redacted.redactions.length })}</summary>
              {redacted.redactions.length === 0 ? (
                <p>{t('share.redactedNone')}</p>
              ) : (
                <ul className="kx-share-list">
                  {redacted.redactions.map((r, i) => (
                    <li key={i} data-kind={r.kind}>
                      {describe(r)}
                    </li>
                  ))}
                </ul>
              )}
            </details>
            <label className="kx-share-link">
              {t('share.link')}{' '}
              <span className="kx-muted">({t('share.length', { length: formatNumber(url.length) })})</span>
              <textarea readOnly value={url} rows={3} data-testid="share-url" onFocus={(e) => e.target.select()} />
            </label>
            {length !== 'ok' && (
              <p className="kx-warning" role="status" data-testid="share-too-long">
                {length === 'chat' ? t('share.tooLongChat') : t('share.tooLongBrowser')}
              </p>
            )}
            <div className="kx-dialog-actions">
              <button onClick={() => void copy()} data-testid="share-copy">
                {t('share.copy')}
              </button>
              {copied && <span role="status">{copied === 'yes' ? t('share.copied') : t('share.copyFailed')}</span>}
            </div>
            <h3>{t('export.title')}</h3>
            <p className="kx-muted">{t('export.note')}</p>
            <ExportButtons files={redacted.files} />
          </>
        )}
        <div className="kx-dialog-actions">
          <button onClick={onClose} data-testid="share-close">
            {t('share.close')}
          </button>
        </div>
      </div>
    </div>
  );
}
