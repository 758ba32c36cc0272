/**
 * Monaco's own words (find widget, context menu, hovers' actions) in the UI language: monaco-editor ships its NLS
 * tables for the ESM build (monaco-editor/esm/vs/nls/lang/<lang>.js, one array indexed like the build's
 * `localize(<n>, ...)` calls, same version), which set `globalThis._VSCODE_NLS_MESSAGES`. Monaco reads the table
 * when a label is made, and many labels are made while its modules are evaluated, so the table must be there first:
 * setupMonaco.ts imports this module before monaco-editor, and its top-level await holds the rest of the chunk
 * until the table is in. English loads nothing (Monaco's built-in English); Chinese loads the zh-cn table (a chunk
 * of its own, 97 kB (26 kB gzip), fetched only then).
 *
 * The table is chosen once, when the editor first loads: Monaco has no way to change the words of what it already
 * made, so after a switch of the UI language its words follow at the next page load.
 */
import { language } from '../i18n';

/** Monaco's NLS table for a UI language; null: Monaco's built-in English. */
const TABLES: Record<string, () => Promise<unknown>> = {
  'zh-CN': () => import('monaco-editor/nls/lang/zh-cn.js'),
};

const load = TABLES[language()];
if (load) {
  try {
    await load();
  } catch {
    // the table did not load (offline after an update): Monaco speaks English, the app still works
  }
}
