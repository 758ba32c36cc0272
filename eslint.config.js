// ESLint: type-checked TypeScript rules, React hooks, and the one-way flow of the pipeline as import restrictions.
//
//   model/util <- ingest <- knowledge <- annotate <- analysis <- pipeline <- present (graphs, export, share)
//     <- state / views / editor / app (the edge)
import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

/**
 * Folders of src/ in data-flow order. A folder may import itself and what MAY_IMPORT lists for it.
 * The edge (state, views, editor, app) may import every stage; no stage may import the edge.
 */
const SRC = path.join(import.meta.dirname, 'src');
const STAGES = [
  'generated',
  'model',
  'util',
  'ingest',
  'knowledge',
  'annotate',
  'effective',
  'analysis',
  'pipeline',
  'present',
];
const before = (stage) => STAGES.slice(0, STAGES.indexOf(stage));
const EDGE = ['state', 'editor', 'views', 'app'];
/** @type {Record<string, string[]>} what each folder may import besides itself */
const MAY_IMPORT = {
  ...Object.fromEntries(STAGES.map((s) => [s, before(s)])),
  i18n: [],
  graphs: [...STAGES, 'i18n'],
  export: [...STAGES, 'graphs', 'i18n'],
  share: [...STAGES, 'graphs', 'export', 'i18n'],
  workspace: ['model', 'util'],
  worker: [...STAGES, 'graphs', 'export', 'i18n', 'workspace'],
  cli: [...STAGES, 'graphs', 'export', 'share', 'i18n', 'workspace'],
  // The edge: each part may import every pure part and the edge parts before it (views use the editor, not back).
  ...Object.fromEntries(
    EDGE.map((e, i) => [
      e,
      [...STAGES, 'graphs', 'export', 'share', 'i18n', 'workspace', 'worker', ...EDGE.slice(0, i)],
    ]),
  ),
  '.': [...STAGES, 'graphs', 'export', 'share', 'i18n', 'workspace', 'worker', ...EDGE],
};
MAY_IMPORT.present.push('i18n');
/** Folders that may import React, Monaco, the DOM parts of d3 (and main.tsx, the entry). */
const MAY_IMPORT_EDGE_PACKAGES = new Set([...EDGE, '.']);
/** Folders (or files) that may import node: modules. */
const MAY_IMPORT_NODE = new Set(['cli', 'knowledge/nodeReader.ts']);

/** External modules only the edge may import: pure stages may still use d3's maths (d3-force, d3-hierarchy, ...). */
const EDGE_PACKAGE =
  /^(react|react-dom|react-router|monaco-editor|d3|d3-selection|d3-zoom|d3-drag|d3-transition|d3-brush|d3-axis)(\/.*)?$/;

/** The top-level folder of src/ that a file lives in ('.' for src/ itself), or null outside src/. */
function folderOf(file) {
  const rel = path.relative(SRC, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  const parts = rel.split(path.sep);
  // `src/main.tsx` is the entry ('.'); `../pipeline` (a folder's index) is that folder.
  return parts.length === 1 && /\.[a-z]+$/.test(parts[0]) ? '.' : parts[0];
}

/** A local rule: the pipeline flows one way, checked on resolved paths (not on import strings). */
export const layers = {
  rules: {
    flow: {
      meta: { type: 'problem', schema: [], messages: { flow: '{{why}}' } },
      create(context) {
        const file = context.filename;
        const from = folderOf(file);
        if (from === null) return {};
        const relFile = path.relative(SRC, file).split(path.sep).join('/');
        const check = (node, spec) => {
          if (typeof spec !== 'string') return;
          let why = null;
          if (spec.startsWith('.')) {
            const to = folderOf(path.resolve(path.dirname(file), spec));
            if (to !== null && to !== from && to !== '.' && !(MAY_IMPORT[from] ?? []).includes(to))
              why = `src/${from}/ may not import src/${to}/: the pipeline flows one way (eslint.config.js lists what each folder may import).`;
          } else if (spec.startsWith('node:')) {
            if (!MAY_IMPORT_NODE.has(from) && !MAY_IMPORT_NODE.has(relFile))
              why = `src/${relFile} runs in the browser: node: modules only in src/cli/ and src/knowledge/nodeReader.ts.`;
          } else if (EDGE_PACKAGE.test(spec) && !MAY_IMPORT_EDGE_PACKAGES.has(from)) {
            why = `src/${from}/ is pure: '${spec}' (React, Monaco, the DOM parts of d3) belongs to the edge (${EDGE.join(', ')}).`;
          }
          if (why) context.report({ node, messageId: 'flow', data: { why } });
        };
        return {
          ImportDeclaration: (node) => check(node.source, node.source.value),
          ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
          ExportAllDeclaration: (node) => check(node.source, node.source.value),
          ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
        };
      },
    },
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'public/**', 'content/**', 'tests/fixtures/**', 'src/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { layers },
    rules: { 'layers/flow': 'error' },
  },
  {
    // Tests read CLI JSON and fixtures as untyped data on purpose.
    files: ['tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
  {
    files: ['eslint.config.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
