/**
 * Templates (Jinja `{{ x }}` / `{% if %}` / `{# #}`, Helm and Go templates `{{ .Values.x }}` / `{{- if }}`): the text
 * as the formats can read it, of the same length (every offset kept):
 *   - statements (`{% if %}`, `{% for %}`, `{{- if }}`, `{{ end }}`, ...) and comments are blanked; every branch of a
 *     condition stays, and the flags inside one are listed as conditional;
 *   - an expression inside a line (`--advertise-address={{ ansible_host }}`) becomes a run of PLACEHOLDER
 *     characters, so `image: {{ image }}` is a plain YAML scalar, not a flow map; the value read there is put back
 *     as written (restoreTemplateValues), never guessed;
 *   - an expression alone on its line (`{{ toYaml .Values.args | nindent 8 }}`, `{{ include "x" . }}`) inserts text
 *     that cannot be known: blanked.
 * One pass with indexOf: linear in the text (an unclosed tag ends the scan).
 */
import type { SourceRange } from '../../model/types';

/** What an expression inside a line is replaced with (same length): read as text, never as a value. */
export const PLACEHOLDER = '\u2026';

export interface TemplateCondition {
  /** The condition as written (`kube_apiserver_audit | bool`, `.Values.audit.enabled`, `for x in y`). */
  condition: string;
  /** The `{% if %}` / `{{- if }}` tag. */
  range: SourceRange;
  /** From the end of that tag to the start of its `endif` / `end` (all branches). */
  body: SourceRange;
}

export interface TemplateScan {
  engine: 'jinja' | 'go-template';
  /** The text with the template syntax blanked or replaced, same length. */
  text: string;
  /** The expressions inside lines, replaced by PLACEHOLDER runs. */
  expressions: SourceRange[];
  /**
   * Expressions alone on their line that insert text (`{{ toYaml .Values.extraArgs | nindent 4 }}`, `{% include %}`):
   * blanked; what they insert (maybe flags) is not known.
   */
  inserted: SourceRange[];
  conditions: TemplateCondition[];
  /** The first tag. */
  first: SourceRange;
}

const OPENERS = /\{[{%#]/g;
const GO_BLOCK_OPEN = /^(?:if|range|with|define|block)\b/;
const GO_BLOCK_MID = /^else\b/;
const GO_BLOCK_END = /^end\b/;
const JINJA_OPEN = /^(?:if|for)\b/;
const JINJA_MID = /^(?:elif|else)\b/;
const JINJA_END = /^(?:endif|endfor)\b/;
const MAX_TAGS = 100_000;

const blankOf = (s: string) => s.replace(/[^\r\n]/g, ' ');

/** Whether the tag at [start, end) is the only thing on its line(s) but blanks. */
function aloneOnLine(text: string, start: number, end: number): boolean {
  const ls = text.lastIndexOf('\n', start - 1) + 1;
  let le = text.indexOf('\n', end);
  if (le < 0) le = text.length;
  return text.slice(ls, start).trim() === '' && text.slice(end, le).trim() === '';
}

/** The template syntax of a text; null when it has none. */
export function scanTemplate(text: string): TemplateScan | null {
  if (!text.includes('{{') && !text.includes('{%')) return null;
  const parts: string[] = [];
  const expressions: SourceRange[] = [];
  const inserted: SourceRange[] = [];
  const conditions: TemplateCondition[] = [];
  const open: { condition: string; range: SourceRange }[] = [];
  let engine: TemplateScan['engine'] | null = null;
  let first: SourceRange | null = null;
  let at = 0;
  let tags = 0;
  OPENERS.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = OPENERS.exec(text)) && tags < MAX_TAGS) {
    const start = m.index;
    const kind = text[start + 1];
    const closer = kind === '{' ? '}}' : kind === '%' ? '%}' : '#}';
    const close = text.indexOf(closer, start + 2);
    if (close < 0) break;
    const end = close + 2;
    tags++;
    const inner = text
      .slice(start + 2, close)
      .replace(/^[-+~]/, '')
      .replace(/[-+~]$/, '')
      .trim();
    let statement: 'open' | 'mid' | 'end' | 'other' | null = null;
    if (kind === '%') {
      engine = 'jinja';
      statement = JINJA_OPEN.test(inner)
        ? 'open'
        : JINJA_MID.test(inner)
          ? 'mid'
          : JINJA_END.test(inner)
            ? 'end'
            : 'other';
    } else if (kind === '{') {
      if (inner.startsWith('.') || /^(?:if|range|with|define|block|end|else|include|template|toYaml)\b/.test(inner))
        engine ??= 'go-template';
      if (GO_BLOCK_OPEN.test(inner)) statement = 'open';
      else if (GO_BLOCK_MID.test(inner)) statement = 'mid';
      else if (GO_BLOCK_END.test(inner)) statement = 'end';
    } else statement = 'other'; // {# comment #}
    first ??= { start, end };
    const range = { start, end };
    // the condition without its `if` / `with` (`for x in y` and `range ...` stay as written)
    if (statement === 'open') open.push({ condition: inner.replace(/^(?:if|with)\s+/, ''), range });
    else if (statement === 'end') {
      const o = open.pop();
      if (o) conditions.push({ condition: o.condition, range: o.range, body: { start: o.range.end, end: start } });
    }
    parts.push(text.slice(at, start));
    if (statement !== null || aloneOnLine(text, start, end)) {
      parts.push(blankOf(text.slice(start, end)));
      if ((kind === '{' && statement === null) || (kind === '%' && /^include\b/.test(inner))) inserted.push(range);
    } else {
      // an expression inside a line: a placeholder of the same length (line breaks inside it kept)
      parts.push(text.slice(start, end).replace(/[^\r\n]/g, PLACEHOLDER));
      expressions.push(range);
    }
    at = end;
    OPENERS.lastIndex = end;
  }
  if (!first) return null;
  parts.push(text.slice(at));
  return { engine: engine ?? 'jinja', text: parts.join(''), expressions, inserted, conditions, first };
}

/** Whether a range overlaps any of the (sorted) ranges. */
export function overlapsAny(r: SourceRange, sorted: readonly SourceRange[]): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid]?.end ?? 0) <= r.start) lo = mid + 1;
    else hi = mid;
  }
  const s = sorted[lo];
  return s !== undefined && s.start < Math.max(r.end, r.start + 1);
}

/** A string read from the placeholder text, with each placeholder run shown as `{{…}}` (its value is not known). */
export function showPlaceholders(s: string): string {
  return s.includes(PLACEHOLDER) ? s.replace(/\u2026+/g, '{{…}}') : s;
}
