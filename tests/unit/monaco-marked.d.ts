/** Monaco's own copy of marked, the parser its hovers render Markdown with (the path ships no types). */
declare module 'monaco-editor/base/common/marked/marked.js' {
  export const marked: { parse(markdown: string, options: { async: false }): string };
}
