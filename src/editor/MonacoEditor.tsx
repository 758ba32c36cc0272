/**
 * The editor: one Monaco model per workspace file (each keeps its own undo history), markers from
 * findings, decorations on deprecated/removed/unknown flags, and hovers from the knowledge base.
 * It renders what the pipeline produced; it computes nothing about Kubernetes itself.
 */
import { useEffect, useRef } from 'react';
import { monaco, languageForFile } from './setupMonaco';
import type { WorkspaceFile } from '../model/types';
import type { FileId } from '../model/span';
import type { PresentedAnalysis } from '../present/analysis';
import { locate } from '../present/locate';
import { fieldHoverMarkdown, flagHoverMarkdown } from '../present/explainMarkdown';
import { featureGateHover } from './featureGateHover';
import type { RevealRequest } from '../state/selection';
import { t } from '../i18n';
import { NAVIGATE_EVENT } from '../state/selection';
import { MARKER_OWNER, MarkPainter, markersFor, marksOf, windowedMarkers } from './marks';

export type { RevealRequest } from '../state/selection';

interface Props {
  files: WorkspaceFile[];
  activeFileId: string | null;
  analysis: PresentedAnalysis | null;
  reveal: RevealRequest | null;
  onChange: (fileId: FileId, text: string) => void;
  onCursor?: (fileId: FileId, offset: number) => void;
}

/** Shared with the hover provider, which Monaco registers once for all editors. */
const hoverState: { analysis: PresentedAnalysis | null; fileOfModel: Map<string, FileId> } = {
  analysis: null,
  fileOfModel: new Map(),
};
let hoverRegistered = false;

/**
 * The app's own reference page of a flag, as an absolute address (Monaco renders only absolute links). Every part is
 * encoded: the version comes from the user's text (an image tag).
 */
function referenceUrl(component: string, flag: string, version: string | null): string {
  const path = `/reference/${encodeURIComponent(component)}/${encodeURIComponent(flag)}`;
  const m = version === null ? null : /^v?(\d+)\.(\d+)/.exec(version);
  version = m ? `${m[1]}.${m[2]}` : null;
  return `${window.location.origin}${path}${version ? `?v=${encodeURIComponent(version)}` : ''}`;
}

let openerRegistered = false;

/** Links of hovers to the app's own pages navigate inside the app (kx-navigate, see views/NavigateEvents) instead of opening a new window. */
function registerLinkOpener(): void {
  if (openerRegistered) return;
  openerRegistered = true;
  monaco.editor.registerLinkOpener({
    open(uri) {
      const own = `${uri.scheme}://${uri.authority}` === window.location.origin;
      if (!own || !uri.path.startsWith('/reference/')) return false;
      window.dispatchEvent(
        new CustomEvent(NAVIGATE_EVENT, { detail: `${uri.path}${uri.query ? `?${uri.query}` : ''}` }),
      );
      return true;
    },
  });
}

function registerHover(): void {
  if (hoverRegistered) return;
  hoverRegistered = true;
  registerLinkOpener();
  const provider: monaco.languages.HoverProvider = {
    provideHover(model, position) {
      const fileId = hoverState.fileOfModel.get(model.uri.toString());
      if (!fileId) return null;
      const gate = featureGateHover(model, hoverState.analysis, fileId, model.getOffsetAt(position));
      if (gate) return gate;
      const hit = locate(hoverState.analysis, fileId, model.getOffsetAt(position));
      if (!hit) return null;
      let parts: string[] | null;
      let start: number;
      let end: number;
      if (hit.kind === 'flag') {
        parts = flagHoverMarkdown(hit.flag, hit.document.document.component, hoverState.analysis?.catalogue ?? null);
        const d = hit.document.document;
        if (hit.flag.doc && d.component)
          parts.push(
            `[${t('hover.openReference')}](${referenceUrl(d.component, hit.flag.doc.name, d.version?.version ?? null)})`,
          );
        start = hit.flag.occurrence.nameRange.start;
        end = (hit.flag.occurrence.valueRange ?? hit.flag.occurrence.nameRange).end;
      } else {
        parts = fieldHoverMarkdown(hit.field);
        start = hit.field.occurrence.keyRange.start;
        end = hit.field.occurrence.keyRange.end;
      }
      if (!parts) return null;
      const s = model.getPositionAt(start);
      const e = model.getPositionAt(end);
      return {
        range: new monaco.Range(s.lineNumber, s.column, e.lineNumber, e.column),
        // Untrusted Markdown: no command links, no HTML, no $(icon) syntax. User text in it is escaped by present/.
        contents: parts.map((value) => ({ value, isTrusted: false, supportHtml: false, supportThemeIcons: false })),
      };
    },
  };
  for (const lang of ['yaml', 'ini', 'shell', 'plaintext']) monaco.languages.registerHoverProvider(lang, provider);
}

function modelUri(file: WorkspaceFile): monaco.Uri {
  return monaco.Uri.parse(`inmemory://workspace/${encodeURIComponent(file.id)}`);
}

export default function MonacoEditor({ files, activeFileId, analysis, reveal, onChange, onCursor }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const painter = useRef<MarkPainter | null>(null);
  const onChangeRef = useRef(onChange);
  const onCursorRef = useRef(onCursor);
  onChangeRef.current = onChange;
  onCursorRef.current = onCursor;
  const applying = useRef(false);
  /**
   * Texts the editor itself reported per file and React has not caught up with yet: state lags
   * behind fast typing, and an older text coming back must not overwrite newer keystrokes.
   */
  const emitted = useRef(new Map<string, Set<string>>());

  // create the editor once
  useEffect(() => {
    if (!host.current) return;
    registerHover();
    const editor = monaco.editor.create(host.current, {
      model: null,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      scrollBeyondLastLine: false,
      renderWhitespace: 'boundary',
      hover: { delay: 250 },
      wordWrap: 'off',
      tabSize: 2,
      fixedOverflowWidgets: true,
    });
    editorRef.current = editor;
    painter.current = new MarkPainter(editor, editor.createDecorationsCollection());
    const sub = editor.onDidChangeModelContent(() => {
      if (applying.current) return;
      const model = editor.getModel();
      const fileId = model ? hoverState.fileOfModel.get(model.uri.toString()) : undefined;
      if (model && fileId) {
        const text = model.getValue();
        const pending = emitted.current.get(fileId) ?? new Set<string>();
        pending.add(text);
        emitted.current.set(fileId, pending);
        onChangeRef.current(fileId, text);
      }
    });
    const cur = editor.onDidChangeCursorPosition((e) => {
      const model = editor.getModel();
      const fileId = model ? hoverState.fileOfModel.get(model.uri.toString()) : undefined;
      if (model && fileId) onCursorRef.current?.(fileId, model.getOffsetAt(e.position));
    });
    return () => {
      sub.dispose();
      cur.dispose();
      painter.current?.dispose();
      editor.dispose();
      for (const m of monaco.editor.getModels()) m.dispose();
      hoverState.fileOfModel.clear();
    };
  }, []);

  // keep one model per file, in sync with the workspace text
  useEffect(() => {
    const live = new Set<string>();
    for (const file of files) {
      const uri = modelUri(file);
      live.add(uri.toString());
      hoverState.fileOfModel.set(uri.toString(), file.id);
      const model = monaco.editor.getModel(uri);
      if (!model) {
        monaco.editor.createModel(file.text, languageForFile(file.name, file.text.length), uri);
      } else {
        // Only external changes (upload, sample, restore) are pushed into the model; text the
        // editor emitted itself may be older than what is already typed.
        const pending = emitted.current.get(file.id);
        const own = pending?.has(file.text) ?? false;
        if (own && model.getValue() === file.text) pending?.clear(); // state caught up with the editor
        if (!own && model.getValue() !== file.text) {
          applying.current = true;
          model.pushEditOperations([], [{ range: model.getFullModelRange(), text: file.text }], () => null);
          applying.current = false;
        }
        const lang = languageForFile(file.name, file.text.length);
        if (model.getLanguageId() !== lang) monaco.editor.setModelLanguage(model, lang);
      }
    }
    for (const m of monaco.editor.getModels()) {
      if (!live.has(m.uri.toString())) {
        hoverState.fileOfModel.delete(m.uri.toString());
        m.dispose();
      }
    }
    const editor = editorRef.current;
    const active = files.find((f) => f.id === activeFileId);
    const target = active ? monaco.editor.getModel(modelUri(active)) : null;
    if (editor && editor.getModel() !== target) editor.setModel(target);
  }, [files, activeFileId]);

  // markers and decorations from the analysis: only when a new analysis arrives or another file is shown, never
  // for a keystroke alone (the old analysis' ranges would not fit the new text), and only for files whose findings
  // changed (Monaco re-renders every marker it is given). A file with very many findings has markers only near the
  // visible part while it is shown (marks.ts), none while another file is.
  const markerKeys = useRef(new Map<string, string>());
  const filesRef = useRef(files);
  filesRef.current = files;
  useEffect(() => {
    hoverState.analysis = analysis;
    if (!analysis) return;
    for (const file of filesRef.current) {
      const model = monaco.editor.getModel(modelUri(file));
      if (!model) continue;
      const { findings } = marksOf(analysis, file.id);
      const windowed = windowedMarkers(findings.length);
      const key = windowed
        ? `windowed|${model.getVersionId()}|${findings.length}`
        : `${model.getVersionId()}|${findings.map((f) => `${f.rule}:${f.range.start}-${f.range.end}:${f.severity}:${f.message}`).join('|')}`;
      if (markerKeys.current.get(file.id) === key) continue;
      markerKeys.current.set(file.id, key);
      monaco.editor.setModelMarkers(model, MARKER_OWNER, windowed ? [] : markersFor(model, findings));
    }
  }, [analysis]);
  useEffect(() => {
    if (!analysis) return;
    const editor = editorRef.current;
    const model = editor?.getModel();
    const fileId = model ? hoverState.fileOfModel.get(model.uri.toString()) : undefined;
    if (model && fileId) painter.current?.show(model, analysis, fileId);
  }, [analysis, activeFileId]);

  // reveal a range on request (clicking a flag in the panel)
  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || !reveal) return;
    const file = files.find((f) => f.id === reveal.fileId);
    const model = file ? monaco.editor.getModel(modelUri(file)) : null;
    if (!model) return;
    if (editor.getModel() !== model) editor.setModel(model);
    const s = model.getPositionAt(reveal.range.start);
    const e = model.getPositionAt(reveal.range.end);
    const range = new monaco.Range(s.lineNumber, s.column, e.lineNumber, e.column);
    editor.setSelection(range);
    editor.revealRangeInCenterIfOutsideViewport(range);
    editor.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reveal]);

  return <div ref={host} className="kx-editor" data-testid="editor" />;
}
