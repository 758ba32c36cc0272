/**
 * Markers and flag decorations of the file in the editor. Up to MARKS_LIMIT of a kind they are all set at once, as
 * Monaco is used to; above it (tens of thousands of flags in a pasted file) only those near the visible part are
 * set, and set again when the editor scrolls away from them: 20,000 decorations and markers took the page's main
 * thread hundreds of milliseconds per analysis, most of them far off screen. Hovers do not depend on this (they
 * ask present/locate for what is under the mouse); a marker is on every finding on or near the screen.
 */
import { monaco } from './setupMonaco';
import type { FileId } from '../model/span';
import type { AnnotatedFlag } from '../annotate/annotate';
import type { PresentedAnalysis } from '../present/analysis';
import type { PresentedFinding } from '../present/messages';
import { startingIn } from '../util/windowing';
import { flagOccurrenceKey, provenanceAt, type Provenance } from '../analysis/provenance';
import { t } from '../i18n';

/** More markers or decorations than this in one file: only those near the visible part are set. */
export const MARKS_LIMIT = 1000;
/** Lines above and below the visible ones that are marked too. */
const LINE_MARGIN = 200;
/** Columns left and right of the visible ones that are marked too (one long command line). */
const COLUMN_MARGIN = 1000;
/** At most this many of a kind are set at once, however dense the text. */
const WINDOW_CAP = 5000;

export const MARKER_OWNER = 'kube-explainer';

const SEVERITY = {
  error: monaco.MarkerSeverity.Error,
  warning: monaco.MarkerSeverity.Warning,
  info: monaco.MarkerSeverity.Info,
} as const;

export function markersFor(model: monaco.editor.ITextModel, findings: readonly PresentedFinding[]) {
  return findings.map((f): monaco.editor.IMarkerData => {
    const s = model.getPositionAt(f.range.start);
    const e = model.getPositionAt(Math.max(f.range.end, f.range.start + 1));
    return {
      severity: SEVERITY[f.severity],
      message: f.message,
      code: f.rule,
      source: 'kube-explainer',
      startLineNumber: s.lineNumber,
      startColumn: s.column,
      endLineNumber: e.lineNumber,
      endColumn: e.column,
    };
  });
}

function decorationsFor(
  model: monaco.editor.ITextModel,
  flags: readonly AnnotatedFlag[],
  provenance: ReadonlyMap<string, Provenance>,
) {
  return flags.map((flag): monaco.editor.IModelDeltaDecoration => {
    const o = flag.occurrence;
    const s = model.getPositionAt(o.nameRange.start);
    const e = model.getPositionAt(o.nameRange.end);
    const cls =
      flag.status === 'ok'
        ? flag.doc?.security
          ? 'kx-flag kx-flag-security'
          : 'kx-flag'
        : `kx-flag kx-flag-${flag.status}`;
    // kubeadm clusters: a gutter mark says whether the line is kubeadm's or someone's (issue 17)
    const p = provenance.get(flagOccurrenceKey(flag));
    return {
      range: new monaco.Range(s.lineNumber, s.column, e.lineNumber, e.column),
      options: {
        inlineClassName: cls,
        stickiness: monaco.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges,
        ...(p
          ? { linesDecorationsClassName: `kx-prov kx-prov-${p}`, linesDecorationsTooltip: t(`panel.provenance.${p}`) }
          : {}),
      },
    };
  });
}

/** What one file shows: its flags (wherever their document is) and findings, each sorted by where they start. */
interface FileMarks {
  flags: AnnotatedFlag[];
  findings: PresentedFinding[];
  /** Provenance of the analysis's written flags by occurrenceKey (the same map for every file of one analysis). */
  provenance: ReadonlyMap<string, Provenance>;
}

const marksCache = new WeakMap<PresentedAnalysis, Map<FileId, FileMarks>>();
const NO_MARKS: FileMarks = { flags: [], findings: [], provenance: new Map() };

function sortByStart<T>(list: T[], startOf: (item: T) => number): void {
  for (let i = 1; i < list.length; i++) {
    if (startOf(list[i - 1]!) > startOf(list[i]!)) {
      list.sort((a, b) => startOf(a) - startOf(b));
      return;
    }
  }
}

/** The flags written in a file and the findings located in it, by start offset (one pass per analysis). */
export function marksOf(analysis: PresentedAnalysis, fileId: FileId): FileMarks {
  let byFile = marksCache.get(analysis);
  if (!byFile) {
    byFile = new Map();
    const provenance = provenanceAt(analysis.provenance ?? []);
    const of = (id: FileId) => {
      let m = byFile!.get(id);
      if (!m) byFile!.set(id, (m = { flags: [], findings: [], provenance }));
      return m;
    };
    for (const af of analysis.files)
      for (const doc of af.documents) for (const f of doc.flags) of(f.occurrence.fileId).flags.push(f);
    for (const f of analysis.findings) of(f.fileId).findings.push(f);
    for (const m of byFile.values()) {
      sortByStart(m.flags, flagStart);
      sortByStart(m.findings, findingStart);
    }
    marksCache.set(analysis, byFile);
  }
  return byFile.get(fileId) ?? NO_MARKS;
}

/** Whether a file has too many findings for all of them to be markers at once. */
export const windowedMarkers = (findingCount: number) => findingCount > MARKS_LIMIT;

/** Text offsets [from, to) near the visible part of the editor, one per line, neighbours merged. */
function visibleOffsets(editor: monaco.editor.ICodeEditor, model: monaco.editor.ITextModel, margin: number) {
  const ranges = editor.getVisibleRanges();
  const lineCount = model.getLineCount();
  const first = Math.max(1, (ranges[0]?.startLineNumber ?? 1) - LINE_MARGIN * margin);
  const last = Math.min(lineCount, (ranges[ranges.length - 1]?.endLineNumber ?? 1) + LINE_MARGIN * margin);
  // fontInfo is typed `any` by Monaco
  const fontInfo = editor.getOption(monaco.editor.EditorOption.fontInfo) as monaco.editor.FontInfo;
  const charWidth = fontInfo.typicalHalfwidthCharacterWidth || 7;
  const layout = editor.getLayoutInfo();
  const firstColumn = Math.max(1, Math.floor(editor.getScrollLeft() / charWidth) + 1 - COLUMN_MARGIN * margin);
  const lastColumn = Math.ceil((editor.getScrollLeft() + layout.contentWidth) / charWidth) + 1 + COLUMN_MARGIN * margin;
  const out: { from: number; to: number }[] = [];
  for (let line = first; line <= last; line++) {
    const max = model.getLineMaxColumn(line);
    const from = model.getOffsetAt({ lineNumber: line, column: Math.min(firstColumn, max) });
    const to = model.getOffsetAt({ lineNumber: line, column: Math.min(lastColumn, max) }) + 1;
    const prev = out[out.length - 1];
    if (prev && from <= prev.to + 2) prev.to = to;
    else out.push({ from, to });
  }
  return out;
}

function within<T>(sorted: readonly T[], startOf: (item: T) => number, windows: { from: number; to: number }[]) {
  const out: T[] = [];
  for (const w of windows) {
    for (const item of startingIn(sorted, startOf, w.from, w.to)) {
      if (out.length >= WINDOW_CAP) return out;
      out.push(item);
    }
  }
  return out;
}

/**
 * Paints the markers and decorations of the model in the editor, windowed when there are many, and follows the
 * scroll position for those that are windowed.
 */
export class MarkPainter {
  private current: { model: monaco.editor.ITextModel; marks: FileMarks } | null = null;
  /** The offsets painted with their margin, while windowed. */
  private painted: { from: number; to: number }[] | null = null;
  private frame = 0;
  private readonly subscription: monaco.IDisposable;

  constructor(
    private readonly editor: monaco.editor.ICodeEditor,
    private readonly decorations: monaco.editor.IEditorDecorationsCollection,
  ) {
    this.subscription = editor.onDidScrollChange(() => this.schedule());
  }

  /** Show the marks of `fileId` on `model` (the editor's model) from this analysis. */
  show(model: monaco.editor.ITextModel, analysis: PresentedAnalysis, fileId: FileId): void {
    this.current = { model, marks: marksOf(analysis, fileId) };
    this.painted = null;
    this.paint();
  }

  private windowed(): boolean {
    const m = this.current?.marks;
    return !!m && (m.flags.length > MARKS_LIMIT || windowedMarkers(m.findings.length));
  }

  private schedule(): void {
    if (this.frame || !this.windowed()) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      if (!this.covered()) this.paint();
    });
  }

  /** Whether what is visible now lies inside what was painted. */
  private covered(): boolean {
    const c = this.current;
    if (!c || !this.painted || this.editor.getModel() !== c.model) return true;
    const painted = this.painted;
    return visibleOffsets(this.editor, c.model, 0).every((v) => painted.some((p) => v.from >= p.from && v.to <= p.to));
  }

  private paint(): void {
    const c = this.current;
    if (!c || this.editor.getModel() !== c.model) return;
    const { model, marks } = c;
    const windows = this.windowed() ? visibleOffsets(this.editor, model, 1) : null;
    this.painted = windows;
    const flags = windows && marks.flags.length > MARKS_LIMIT ? within(marks.flags, flagStart, windows) : marks.flags;
    this.decorations.set(decorationsFor(model, flags, marks.provenance));
    if (windows && windowedMarkers(marks.findings.length))
      monaco.editor.setModelMarkers(
        model,
        MARKER_OWNER,
        markersFor(model, within(marks.findings, findingStart, windows)),
      );
  }

  dispose(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.subscription.dispose();
  }
}

const flagStart = (f: AnnotatedFlag) => f.occurrence.nameRange.start;
const findingStart = (f: PresentedFinding) => f.range.start;
