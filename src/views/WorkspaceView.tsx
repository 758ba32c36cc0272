import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useWorkspaceContext } from '../state/workspaceContext';
import { selection, useRevealRequest } from '../state/selection';
import {
  addFile,
  removeFile,
  renameFile,
  setHost,
  setKindOverride,
  updateText,
  type WorkspaceState,
} from '../workspace/workspace';
import { nameForPaste } from '../workspace/workspace';
import { READABLE_KINDS, MAX_FILE_CHARS } from '../ingest/limits';
import { filesFromDrop, type DroppedFile } from './dropFiles';
import { addText, upsertText } from './bundleImport';
import type { DocumentKind } from '../model/types';
import { FileTabs } from './FileTabs';
import { FlagPanel, provenanceOfDocuments } from './FlagPanel';
import { FindingsPanel } from './FindingsPanel';
import { EffectivePanel } from './EffectivePanel';
import { documentsOfFile } from '../present/locate';
import { ErrorBoundary } from './ErrorBoundary';
import { StorageNotices } from './StorageNotices';
import { ShareButton } from './share/ShareButton';
import { SampleGallery } from './gallery/SampleGallery';
import { WorkspaceMenu } from './WorkspaceMenu';
import type { DocumentId, FileId } from '../model/span';
import { formatNumber, t, tDynamic } from '../i18n';

const MonacoEditor = lazy(() => import('../editor/MonacoEditor'));

/** Name for pasted text (workspace.ts nameForPaste), with the UI's word for "pasted". */
const guessName = (text: string, index: number): string => nameForPaste(text, index, t('workspace.pasted'));

/** Read picked or dropped files into the workspace; files over the size limit are refused with a notice. */
async function readFiles(
  list: DroppedFile[],
  state: WorkspaceState,
  notify: (msg: string) => void,
): Promise<WorkspaceState> {
  let next = state;
  const refused: string[] = [];
  for (const { path, file } of list) {
    // characters <= bytes, so a file within the byte limit is also within the character limit
    if (file.size > MAX_FILE_CHARS) {
      refused.push(
        t('workspace.tooLarge', {
          name: path,
          size: formatNumber(file.size),
          max: formatNumber(MAX_FILE_CHARS),
        }),
      );
      continue;
    }
    next = upsertText(next, path, await file.text()); // a collector bundle opens as its files
  }
  if (refused.length > 0) notify(refused.join(' '));
  return next;
}

function pickedFiles(list: FileList): DroppedFile[] {
  return Array.from(list).map((file) => ({
    path: (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name,
    file,
  }));
}

export function WorkspaceView() {
  const ws = useWorkspaceContext();
  const { state, analysis, update, revealSpan: onReveal } = ws;
  const reveal = useRevealRequest();
  useEffect(() => () => selection.clearReveal(), []);
  const [selectedDoc, setSelectedDoc] = useState<DocumentId | null>(null);
  const [panel, setPanel] = useState<'flags' | 'findings' | 'effective'>('flags');
  const [localNotice, setLocalNotice] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const stateRef = useRef(state);
  stateRef.current = state;

  // the open file's id as the analysis knows it (the workspace state keeps a plain string)
  const activeId = state?.files.find((f) => f.id === state.activeFileId)?.id ?? null;
  const documents = useMemo(() => (activeId ? documentsOfFile(analysis, activeId) : []), [analysis, activeId]);
  const provenance = useMemo(() => provenanceOfDocuments(analysis), [analysis]);
  const findings = useMemo(
    () => (analysis && activeId ? analysis.findings.filter((f) => f.fileId === activeId) : []),
    [analysis, activeId],
  );
  const flagCount = documents.reduce((n, d) => n + d.flags.length, 0);

  // the editor's text of a file, read when the effective view numbers lines (a stable function)
  const fileText = useCallback((id: FileId) => stateRef.current?.files.find((f) => f.id === id)?.text, []);

  const onChange = useCallback((fileId: FileId, text: string) => update((s) => updateText(s, fileId, text)), [update]);

  // the document under the cursor drives the side panel
  const onCursor = useCallback(
    (fileId: FileId, offset: number) => {
      selection.setCursor({ fileId, offset });
      const docs = documentsOfFile(analysis, fileId);
      const hit = docs.find(
        (d) => d.document.fileId === fileId && offset >= d.document.range.start && offset <= d.document.range.end,
      );
      if (hit && hit.document.id !== selectedDoc) setSelectedDoc(hit.document.id);
    },
    [analysis, selectedDoc],
  );

  // paste outside the editor adds the text as a new file
  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target?.closest('.monaco-editor, input, textarea, select')) return;
      const text = e.clipboardData?.getData('text/plain') ?? '';
      if (!text.trim()) return;
      e.preventDefault();
      update((s) => addText(s, guessName(text, s.files.length + 1), text)); // a collector bundle: its files
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  }, [update]);

  // drop files anywhere
  const onDrop = async (e: React.DragEvent) => {
    e.preventDefault();
    const dropped = await filesFromDrop(e.dataTransfer);
    const s = stateRef.current;
    if (!s || dropped.length === 0) return;
    const next = await readFiles(dropped, s, setLocalNotice);
    update(() => next);
  };

  const onPick = async (list: FileList | null) => {
    const s = stateRef.current;
    if (!s || !list) return;
    const next = await readFiles(pickedFiles(list), s, setLocalNotice);
    update(() => next);
  };

  if (!state) return <div className="kx-loading">{t('editor.loading')}</div>;
  const activeFile = state.files.find((f) => f.id === activeId) ?? null;
  const detectedKind = analysis?.files.find((f) => f.file.fileId === activeId)?.file.kind ?? null;
  const notice = ws.notice ?? localNotice;
  // the host the analysis found for the open file (the placeholder of the host field)
  const detectedHost =
    analysis?.instances.find((i) => i.documents.some((d) => d.fileId === activeId))?.host?.name ?? null;

  return (
    <div className="kx-workspace" onDragOver={(e) => e.preventDefault()} onDrop={(e) => void onDrop(e)}>
      <div className="kx-toolbar">
        <WorkspaceMenu />
        <button onClick={() => fileInput.current?.click()}>{t('toolbar.upload')}</button>
        <button onClick={() => folderInput.current?.click()}>{t('toolbar.uploadFolder')}</button>
        <button onClick={() => update((s) => addFile(s, 'untitled.yaml', ''))}>{t('toolbar.newFile')}</button>
        <SampleGallery />
        {activeFile && (
          <label className="kx-kind-select">
            {t('toolbar.readAs')}{' '}
            <select
              data-testid="kind-select"
              value={activeFile.kindOverride ?? ''}
              onChange={(e) =>
                update((s) => setKindOverride(s, activeFile.id, (e.target.value || null) as DocumentKind | null))
              }
            >
              <option value="">
                {t('toolbar.autoDetect', { kind: tDynamic(`tabs.kind.${detectedKind ?? 'unknown'}`) })}
              </option>
              {READABLE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {tDynamic(`tabs.kind.${k}`)}
                </option>
              ))}
            </select>
          </label>
        )}
        {activeFile && (
          <label className="kx-host-field" title={t('toolbar.hostHint')}>
            {t('toolbar.host')}{' '}
            <input
              data-testid="host-input"
              size={12}
              maxLength={253}
              value={activeFile.host ?? ''}
              placeholder={detectedHost ?? t('toolbar.hostUnknown')}
              onChange={(e) => update((s) => setHost(s, activeFile.id, e.target.value))}
            />
          </label>
        )}
        <ShareButton />
        <a
          className="kx-collector"
          href="/collect.sh"
          download="collect.sh"
          title={t('toolbar.collectorHint')}
          data-testid="collector-link"
        >
          {t('toolbar.collector')}
        </a>
        <span className="kx-privacy" title={t('toolbar.privacy')}>
          {t('toolbar.privacy')}
        </span>
        <span className="kx-status-line" data-testid="status-line">
          {ws.analysing ? t('workspace.analysing') : t('panel.counts', { flags: flagCount, findings: findings.length })}
        </span>
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          data-testid="file-input"
          onChange={(e) => void onPick(e.target.files).then(() => (e.target.value = ''))}
        />
        <input
          ref={folderInput}
          type="file"
          multiple
          hidden
          data-testid="folder-input"
          {...({ webkitdirectory: '' } as Record<string, string>)}
          onChange={(e) => void onPick(e.target.files).then(() => (e.target.value = ''))}
        />
      </div>
      {notice && (
        <div className="kx-notice" role="status">
          {notice}{' '}
          <button
            onClick={() => {
              ws.dismissNotice();
              setLocalNotice(null);
            }}
          >
            ×
          </button>
        </div>
      )}
      <StorageNotices ws={ws} />
      <FileTabs
        files={state.files}
        activeFileId={activeId}
        analysis={analysis}
        onSelect={(id) => update((s) => ({ ...s, activeFileId: id }))}
        onClose={(id) => {
          const f = state.files.find((x) => x.id === id);
          if (f && (f.text.trim() === '' || window.confirm(t('tabs.closeConfirm', { name: f.name }))))
            update((s) => removeFile(s, id));
        }}
        onRename={(id) => {
          const f = state.files.find((x) => x.id === id);
          const name = f ? window.prompt(t('tabs.renamePrompt', { name: f.name }), f.name) : null;
          if (name) update((s) => renameFile(s, id, name));
        }}
      />
      <div className="kx-main">
        <div className="kx-editor-pane">
          {state.files.length === 0 ? (
            <p className="kx-empty">{t('workspace.empty')}</p>
          ) : (
            <ErrorBoundary>
              <Suspense fallback={<div className="kx-loading">{t('editor.loading')}</div>}>
                <MonacoEditor
                  files={state.files}
                  activeFileId={activeId}
                  analysis={analysis}
                  reveal={reveal}
                  onChange={onChange}
                  onCursor={onCursor}
                />
              </Suspense>
            </ErrorBoundary>
          )}
        </div>
        <aside className="kx-side">
          <div className="kx-side-tabs" role="tablist">
            <button
              className={panel === 'flags' ? 'active' : ''}
              onClick={() => setPanel('flags')}
              data-testid="flags-tab"
            >
              {t('ui.withNote', { text: t('panel.flags'), note: flagCount })}
            </button>
            <button
              className={panel === 'findings' ? 'active' : ''}
              onClick={() => setPanel('findings')}
              data-testid="findings-tab"
            >
              {t('ui.withNote', { text: t('panel.findings'), note: findings.length })}
            </button>
            <button
              className={panel === 'effective' ? 'active' : ''}
              onClick={() => setPanel('effective')}
              data-testid="effective-tab"
            >
              {t('ui.withNote', { text: t('panel.effective'), note: analysis?.instances.length ?? 0 })}
            </button>
          </div>
          <ErrorBoundary>
            {panel === 'flags' ? (
              <FlagPanel
                documents={documents}
                selectedDocumentId={selectedDoc}
                onSelectDocument={setSelectedDoc}
                onReveal={onReveal}
                catalogue={analysis?.catalogue ?? null}
                provenance={provenance}
              />
            ) : panel === 'findings' ? (
              <FindingsPanel findings={findings} onReveal={onReveal} />
            ) : (
              <EffectivePanel analysis={analysis} activeFileId={activeId} onReveal={onReveal} fileText={fileText} />
            )}
          </ErrorBoundary>
        </aside>
      </div>
    </div>
  );
}
