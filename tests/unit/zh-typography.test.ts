/**
 * Chinese text has no spaces between its characters: a line break or a space between two CJK characters in a
 * zh-CN content string shows as a stray space (Markdown joins a paragraph's lines with one, and YAML's folded `>`
 * style turns breaks into spaces). Latin words beside Chinese keep their space, as our translations write them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { contentRoot } from '../helpers';

const ROOT = join(contentRoot, 'zh-CN');
const CJK = '[\\u3000-\\u303f\\u3400-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef]';
// a space or a single line break (a blank line is a new paragraph)
const GAP = new RegExp(`(.{0,12}${CJK})(?:[ \\t]+|[ \\t]*\\n[ \\t]*)(${CJK}.{0,12})`, 'u');
/** A space written on purpose: the term 地址:端口 set apart like a value. */
const ALLOWED = new Set(['messages.yaml messages.value.not-host-port']);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.(ya?ml|json)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

function strings(v: unknown, at: string, out: [string, string][]): [string, string][] {
  if (typeof v === 'string') out.push([at, v]);
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) strings(x, at ? `${at}.${k}` : k, out);
  return out;
}

describe('zh-CN typography', () => {
  it('no space or line break between two Chinese characters in any zh-CN content', () => {
    const gaps: string[] = [];
    for (const f of files(ROOT)) {
      const rel = f.slice(ROOT.length + 1);
      const doc: unknown = f.endsWith('.json') ? JSON.parse(readFileSync(f, 'utf8')) : parse(readFileSync(f, 'utf8'));
      for (const [at, text] of strings(doc, '', [])) {
        const m = GAP.exec(text);
        if (m && !ALLOWED.has(`${rel} ${at}`)) gaps.push(`${rel} ${at}: …${m[1]}␣${m[2]}…`);
      }
    }
    expect(gaps).toEqual([]);
  });
});
