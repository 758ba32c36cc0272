/**
 * The workspace menu of the toolbar: the named workspaces of this browser (workspace/store.ts) — open one, create
 * one (empty or from a sample), rename, duplicate, delete, export as a file and import one — with the note that
 * they are stored only in this browser and a one-click "clear all stored data".
 */
import { useEffect, useRef, useState } from 'react';
import { useWorkspaceContext } from '../state/workspaceContext';
import type { WorkspaceExport } from '../state/useWorkspace';
import { SAMPLES } from '../workspace/sample';
import { importWorkspace, MAX_IMPORT_CHARS, type ImportError } from '../workspace/workspaceFile';
import type { WorkspaceMeta } from '../workspace/store';
import { formatDate, t, tDynamic } from '../i18n';
import { downloadJson } from './download';
import { shownWorkspaceName } from './workspaceName';

/** When a workspace was saved: the time today, else the day. */
function when(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '';
  return d.toDateString() === new Date().toDateString()
    ? formatDate(d, { timeStyle: 'short' })
    : formatDate(d, { dateStyle: 'medium' });
}

/** The entries an import skipped, listed with the language's separator. */
export const skippedText = (where: readonly (string | null)[]): string =>
  t('workspaces.importSkipped', { count: where.length, list: where.join(t('doc.listSeparator')) });

export function importErrorText(file: string, e: ImportError): string {
  const reason = tDynamic(`workspaces.importReason.${e.reason}`);
  return e.where
    ? t('workspaces.importFailedAt', { file, reason, where: e.where, detail: e.detail })
    : t('workspaces.importFailed', { file, reason, detail: e.detail });
}

/** A name not taken yet: `Workspace 2`, `Workspace 3`… */
function nextName(list: readonly WorkspaceMeta[]): string {
  for (let n = list.length + 1; ; n++) {
    const name = t('workspaces.newName', { n });
    if (!list.some((w) => w.name === name)) return name;
  }
}

export function WorkspaceMenu() {
  const ws = useWorkspaceContext();
  const { workspaces, workspaceId } = ws;
  const [open, setOpen] = useState(false);
  const [sample, setSample] = useState(SAMPLES[0]?.id ?? '');
  const [message, setMessage] = useState<{ kind: 'error' | 'info'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  /** An export of a workspace that holds secrets: the user chooses to keep or replace them. */
  const [exportAsk, setExportAsk] = useState<(WorkspaceExport & { id: string }) | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const stored = workspaces.find((w) => w.id === workspaceId)?.name;
  // a default name is shown in the UI language, whichever language it was made in (workspaceName.ts)
  const currentName = stored === undefined ? t('workspaces.firstName') : shownWorkspaceName(stored, workspaces);

  useEffect(() => {
    if (!open) return;
    // keyboard: the open workspace's entry gets the focus; Escape closes and gives it back to the button
    panel.current?.querySelector<HTMLElement>('[aria-current=true], [data-testid=workspace-open]')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    const onDown = (e: MouseEvent) => {
      const target = e.target as Node | null;
      if (
        panel.current &&
        target &&
        !panel.current.contains(target) &&
        !(target as HTMLElement).closest?.('.kx-workspace-menu')
      )
        setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onDown);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onDown);
    };
  }, [open]);

  /** Run an action of the menu; a failure is said in the menu, never thrown at the page. */
  const run = (action: () => Promise<string | null | void>) => {
    setBusy(true);
    setMessage(null);
    action().then(
      (info) => {
        setBusy(false);
        if (info) setMessage({ kind: 'info', text: info });
      },
      (e: unknown) => {
        setBusy(false);
        setMessage({ kind: 'error', text: t('workspaces.failed', { error: (e as Error)?.message ?? String(e) }) });
      },
    );
  };

  const onImport = (list: FileList | null) => {
    const file = list?.[0];
    if (!file) return;
    run(async () => {
      // a file over the limit in bytes is refused before it is read
      const result =
        file.size > MAX_IMPORT_CHARS
          ? ({ ok: false, error: { reason: 'too-large', where: null, detail: `${file.size} bytes` } } as const)
          : importWorkspace(await file.text(), file.name);
      if (!result.ok) {
        setMessage({ kind: 'error', text: importErrorText(file.name, result.error) });
        return null;
      }
      await ws.createWorkspace(result.workspace.name, { kind: 'import', workspace: result.workspace });
      const info = t('workspaces.imported', { name: result.workspace.name, count: result.workspace.files.length });
      return result.skipped.length === 0 ? info : `${info} ${skippedText(result.skipped.map((s) => s.where))}`;
    });
  };

  return (
    <span className="kx-workspace-menu">
      <button
        ref={button}
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        aria-haspopup="dialog"
        title={t('workspaces.buttonHint')}
        data-testid="workspace-menu-button"
      >
        {t('workspaces.button', { name: currentName })} ▾
      </button>
      <span className="kx-stored-locally" title={t('workspaces.storedLocallyHint')} data-testid="stored-locally">
        {t('workspaces.storedLocally')}
      </span>
      {open && (
        <div
          ref={panel}
          className="kx-workspace-panel"
          role="dialog"
          aria-label={t('workspaces.title')}
          data-testid="workspace-menu"
        >
          <h2>{t('workspaces.title')}</h2>
          {!ws.workspacesPersistent && <p className="kx-muted">{t('workspaces.notPersistent')}</p>}
          <ul className="kx-workspace-list">
            {workspaces.map((w) => {
              const isCurrent = w.id === workspaceId;
              const name = shownWorkspaceName(w.name, workspaces);
              return (
                <li key={w.id} className={isCurrent ? 'current' : ''} data-testid="workspace-item" data-name={w.name}>
                  <button
                    className="kx-workspace-open"
                    disabled={busy}
                    aria-current={isCurrent ? 'true' : undefined}
                    onClick={() => run(() => ws.switchWorkspace(w.id))}
                    data-testid="workspace-open"
                  >
                    <strong>{name}</strong>
                    <span className="kx-muted">
                      {isCurrent ? `${t('workspaces.current')} · ` : ''}
                      {w.files === 1 ? t('workspaces.oneFile') : t('workspaces.files', { count: w.files })}
                      {w.updated ? ` · ${t('workspaces.saved', { when: when(w.updated) })}` : ''}
                    </span>
                  </button>
                  <span className="kx-workspace-actions">
                    <button
                      disabled={busy}
                      data-testid="workspace-rename"
                      onClick={() => {
                        // offered as shown; left as it is, nothing is renamed (the default name stays a default)
                        const next = window.prompt(t('workspaces.renamePrompt', { name }), name);
                        if (next && next.trim() && next !== name && next !== w.name)
                          run(() => ws.renameWorkspace(w.id, next));
                      }}
                    >
                      {t('workspaces.rename')}
                    </button>
                    <button
                      disabled={busy}
                      data-testid="workspace-duplicate"
                      onClick={() => run(() => ws.duplicateWorkspace(w.id))}
                    >
                      {t('workspaces.duplicate')}
                    </button>
                    <button
                      disabled={busy}
                      title={t('workspaces.exportHint')}
                      data-testid="workspace-export"
                      onClick={() =>
                        run(async () => {
                          setExportAsk(null);
                          const file = await ws.exportWorkspaceFile(w.id);
                          if (file.secrets === 0) downloadJson(file.name, file.text);
                          else setExportAsk({ id: w.id, ...file });
                        })
                      }
                    >
                      {t('workspaces.export')}
                    </button>
                    <button
                      disabled={busy}
                      className="kx-danger"
                      data-testid="workspace-delete"
                      onClick={() => {
                        if (window.confirm(t('workspaces.deleteConfirm', { name, count: w.files })))
                          run(() => ws.deleteWorkspace(w.id));
                      }}
                    >
                      {t('workspaces.delete')}
                    </button>
                  </span>
                  {exportAsk?.id === w.id && (
                    <div className="kx-export-secrets" role="alert" data-testid="workspace-export-secrets">
                      <p>{t('workspaces.exportSecrets', { count: exportAsk.secrets })}</p>
                      <button
                        disabled={busy}
                        data-testid="workspace-export-redacted"
                        onClick={() => {
                          if (exportAsk.redacted) downloadJson(exportAsk.redacted.name, exportAsk.redacted.text);
                          setExportAsk(null);
                        }}
                      >
                        {t('workspaces.exportRedacted')}
                      </button>
                      <button
                        disabled={busy}
                        data-testid="workspace-export-with-secrets"
                        onClick={() => {
                          downloadJson(exportAsk.name, exportAsk.text);
                          setExportAsk(null);
                        }}
                      >
                        {t('workspaces.exportWithSecrets')}
                      </button>
                      <button data-testid="workspace-export-cancel" onClick={() => setExportAsk(null)}>
                        {t('workspaces.exportCancel')}
                      </button>
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
          <div className="kx-workspace-new">
            <button
              disabled={busy || !ws.workspacesPersistent}
              data-testid="workspace-new"
              onClick={() => {
                const name = window.prompt(t('workspaces.newPrompt'), nextName(workspaces));
                if (name !== null) run(() => ws.createWorkspace(name, { kind: 'empty' }));
              }}
            >
              {t('workspaces.newEmpty')}
            </button>
            <label>
              {t('workspaces.sample')}{' '}
              <select value={sample} onChange={(e) => setSample(e.target.value)} data-testid="workspace-sample-select">
                {SAMPLES.map((s) => (
                  <option key={s.id} value={s.id}>
                    {tDynamic(`gallery.${s.id}.title`)}
                  </option>
                ))}
              </select>
            </label>
            <button
              disabled={busy || !ws.workspacesPersistent}
              data-testid="workspace-new-sample"
              onClick={() =>
                run(() => ws.createWorkspace(tDynamic(`gallery.${sample}.title`), { kind: 'sample', sample }))
              }
            >
              {t('workspaces.newFromSample')}
            </button>
            <button
              disabled={busy || !ws.workspacesPersistent}
              title={t('workspaces.importHint')}
              data-testid="workspace-import"
              onClick={() => fileInput.current?.click()}
            >
              {t('workspaces.import')}
            </button>
            <input
              ref={fileInput}
              type="file"
              accept=".json,application/json"
              hidden
              data-testid="workspace-import-input"
              onChange={(e) => {
                onImport(e.target.files);
                e.target.value = '';
              }}
            />
          </div>
          {message && (
            <p
              className={`kx-workspace-message ${message.kind}`}
              role={message.kind === 'error' ? 'alert' : 'status'}
              data-testid={message.kind === 'error' ? 'workspace-error' : 'workspace-info'}
            >
              {message.text}
            </p>
          )}
          <div className="kx-workspace-footer">
            <p className="kx-muted">{t('workspaces.storedLocallyHint')}</p>
            <button
              className="kx-danger"
              disabled={busy}
              data-testid="workspace-clear-all"
              onClick={() => {
                if (window.confirm(t('workspaces.clearConfirm'))) run(() => ws.clearAllStored());
              }}
            >
              {t('workspaces.clearAll')}
            </button>
            <button onClick={() => setOpen(false)}>{t('workspaces.close')}</button>
          </div>
        </div>
      )}
    </span>
  );
}
