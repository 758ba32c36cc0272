/**
 * The only place that imports monaco-editor: the editor core, the features we use, three
 * tokenizers and the editor worker, all bundled by Vite (no CDN, no AMD loader).
 * This module is loaded lazily, so the first paint of the app does not wait for Monaco.
 */
// first: Monaco's words in the UI language, before any of its modules makes a label (monacoNls.ts)
import './monacoNls';
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/languages/definitions/yaml/register';
import 'monaco-editor/languages/definitions/ini/register';
import 'monaco-editor/languages/definitions/shell/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker: (workerId: string, label: string) => Worker };
  }
}

window.MonacoEnvironment = { getWorker: () => new EditorWorker() };

/**
 * Above this size a file is shown without syntax colouring: Monaco's tokenizer runs on the main thread, and for a
 * 2,000,000-character paste it spent about 2 s in tasks of up to 380 ms (measured with npm run bench:browser).
 */
export const PLAIN_TEXT_ABOVE_CHARS = 200_000;

/** Tokenizer for a file. JSON manifests are valid YAML and tokenize well as YAML. */
export function languageForFile(name: string, length = 0): string {
  if (length > PLAIN_TEXT_ABOVE_CHARS) return 'plaintext';
  const lower = name.toLowerCase();
  if (/\.(ya?ml|json|conf|kubeconfig)$/.test(lower) && !/10-kubeadm\.conf$/.test(lower)) return 'yaml';
  if (/\.(service|conf|ini|env|socket)$/.test(lower) || /\/etc\/kubernetes\/[a-z-]+$/.test(lower)) return 'ini';
  if (/\.(sh|txt|log)$/.test(lower)) return 'shell';
  return 'yaml';
}

export { monaco };
