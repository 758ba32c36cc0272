/**
 * A read-only editor for one file of a lesson's sample, with the step's lines highlighted and the first one
 * scrolled into view. It owns its single model (the workspace's editor is not mounted on the lesson page).
 */
import { useEffect, useRef } from 'react';
import { monaco, languageForFile } from '../../editor/setupMonaco';

interface Props {
  name: string;
  text: string;
  /** 1-based lines to highlight, in the lesson's order. */
  lines: readonly number[];
  /** A line to scroll to (a click on the list of highlighted lines); changes with `seq`. */
  focus?: { line: number; seq: number } | null;
}

export function LessonEditor({ name, text, lines, focus = null }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const decorations = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);

  useEffect(() => {
    if (!host.current) return;
    const editor = monaco.editor.create(host.current, {
      model: null,
      readOnly: true,
      domReadOnly: true,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      scrollBeyondLastLine: false,
      wordWrap: 'off',
      renderLineHighlight: 'none',
      ariaLabel: name,
    });
    editorRef.current = editor;
    decorations.current = editor.createDecorationsCollection();
    return () => {
      const model = editor.getModel();
      editor.dispose();
      model?.dispose();
      editorRef.current = null;
    };
    // the editor is made once; the file is set below
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor) return;
    const old = editor.getModel();
    if (!old || old.getValue() !== text) {
      editor.setModel(monaco.editor.createModel(text, languageForFile(name, text.length)));
      old?.dispose();
    }
    decorations.current?.set(
      lines.map((line) => ({
        range: new monaco.Range(line, 1, line, 1),
        options: { isWholeLine: true, className: 'kx-lesson-line', linesDecorationsClassName: 'kx-lesson-gutter' },
      })),
    );
    // all the highlights when they fit the view together, else the lesson's first one
    const min = Math.min(...lines);
    const max = Math.max(...lines);
    const visible = Math.floor(editor.getLayoutInfo().height / editor.getOption(monaco.editor.EditorOption.lineHeight));
    if (!Number.isFinite(min)) return;
    if (max - min < visible - 2) editor.revealLinesInCenter(min, max);
    else editor.revealLineInCenter(lines[0] ?? min);
  }, [name, text, lines]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || !focus) return;
    editor.revealLineInCenter(focus.line);
    editor.setSelection(new monaco.Range(focus.line, 1, focus.line, 1));
  }, [focus]);

  return <div className="kx-lesson-editor" ref={host} data-testid="lesson-editor" data-lines={lines.join(',')} />;
}
