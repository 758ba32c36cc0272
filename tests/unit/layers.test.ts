/** The one-way flow of the pipeline is enforced by the lint: these imports must fail, these must pass. */
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { layers } from '../../eslint.config.js';

const eslint = new ESLint({
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ['**/*.ts', '**/*.tsx'],
      languageOptions: { parser: tseslint.parser },
      plugins: { layers },
      rules: { 'layers/flow': 'error' },
    },
  ],
});

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return (result?.messages ?? []).map((m) => m.message);
}

describe('layers/flow', () => {
  it.each([
    [
      'src/ingest/formats/x.ts',
      "import { KnowledgeBase } from '../../knowledge/knowledgeBase';",
      'may not import src/knowledge/',
    ],
    ['src/ingest/x.ts', "import { analyseWorkspace } from '../pipeline';", 'may not import src/pipeline/'],
    ['src/annotate/x.ts', "import { t } from '../i18n';", 'may not import src/i18n/'],
    ['src/analysis/x.ts', "import { locate } from '../present/locate';", 'may not import src/present/'],
    ['src/editor/x.ts', "import { FlagPanel } from '../views/FlagPanel';", 'may not import src/views/'],
    ['src/present/x.ts', "import { useState } from 'react';", "'react'"],
    ['src/analysis/x.ts', "import { select } from 'd3-selection';", "'d3-selection'"],
    ['src/pipeline/x.ts', "import * as d3 from 'd3';", "'d3'"],
    ['src/annotate/x.ts', "import { readFileSync } from 'node:fs';", 'node: modules'],
    ['src/model/x.ts', "import { editDistance } from '../util/strings';", 'may not import src/util/'],
  ])('%s: %s fails', async (file, code, expected) => {
    const found = await problems(file, code);
    expect(found.join('\n')).toContain(expected);
  });

  it.each([
    ['src/ingest/formats/x.ts', "import type { SourceDocument } from '../../model/types';"],
    ['src/ingest/formats/x.ts', "import { splitShellWords } from '../shared/shellWords';"],
    ['src/analysis/x.ts', "import { forceSimulation } from 'd3-force';"],
    ['src/views/x.tsx', "import { MonacoEditor } from '../editor/MonacoEditor';"],
    ['src/views/x.tsx', "import { select } from 'd3-selection';"],
    ['src/cli/x.ts', "import { readFileSync } from 'node:fs';"],
    ['src/knowledge/nodeReader.ts', "import { readFileSync } from 'node:fs';"],
    ['src/main.tsx', "import { App } from './app/App';"],
  ])('%s: %s passes', async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });
});
