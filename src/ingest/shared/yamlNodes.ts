/**
 * YAML documents and nodes for the YAML formats (static Pods, kubeconfig, kubeadm and component
 * configuration): parsing with the same options, syntax problems as diagnostics, node ranges,
 * scalars as written, every key as a field.
 */
import {
  isMap,
  isScalar,
  isSeq,
  Lexer,
  parseAllDocuments,
  parseDocument,
  type Document,
  type Node as YamlNode,
  type Scalar,
  type YAMLError,
} from 'yaml';
import type { Diagnostic, FieldOccurrence, SourceRange } from '../../model/types';
import { scalarText } from '../../util/strings';
import type { MessageCode } from '../../generated/ids';
import { message, type Message } from '../../model/message';
import { shortError } from './diagnostics';

/**
 * The text to hand the YAML parser: a leading UTF-8 BOM becomes a line break (same length, so
 * every offset stays right); the yaml package rejects a BOM followed by a `- ` sequence item.
 */
export function yamlSource(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? `\n${text.slice(1)}` : text;
}

const OPTIONS = { prettyErrors: false, uniqueKeys: false } as const;

/**
 * `parse()` with no stack trace taken for the errors made meanwhile: the yaml package makes an Error for every
 * problem, and a line of 1,000,000 `"` is 500,000 of them, whose stacks (never read) cost 3 of the parse's 3.5 s.
 */
function withoutStacks<T>(parse: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parse();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Every `---` document of a text (never throws: problems are in each document's errors). */
export function readYamlDocuments(text: string): Document.Parsed[] {
  const docs = withoutStacks(() => parseAllDocuments(yamlSource(text), OPTIONS));
  return Array.isArray(docs) ? docs : [];
}

/** The text as one YAML document. */
export function readYamlDocument(text: string): Document.Parsed {
  return withoutStacks(() => parseDocument(yamlSource(text), OPTIONS));
}

/** A YAML error position as a range inside the text (errors at the end point past it). */
export function errorRange(pos: readonly [number, number], length: number): SourceRange {
  const start = Math.min(Math.max(0, pos[0]), length);
  return { start, end: Math.min(Math.max(pos[1], start + 1), length) };
}

/** The 1-based line of an offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The lines of `text` in [start, end) that hold more than blanks and comments: offset and indentation of each. */
function contentLines(text: string, start: number, end: number, max: number): { at: number; indent: number }[] {
  const out: { at: number; indent: number }[] = [];
  for (let i = start; i < end && out.length < max;) {
    const nl = text.indexOf('\n', i);
    const stop = nl === -1 || nl > end ? end : nl;
    let j = i;
    while (j < stop && (text[j] === ' ' || text[j] === '\t')) j++;
    if (j < stop && text[j] !== '#' && text[j] !== '\r' && !text.startsWith('---', j))
      out.push({ at: i, indent: j - i });
    i = stop + 1;
  }
  return out;
}

/** The offset of the quote that opens a quoted scalar never closed, from the YAML lexer's tokens; -1 when none. */
function unclosedQuote(text: string, start: number, end: number): number {
  let at = start;
  for (const token of new Lexer().lex(text.slice(start, end))) {
    // the lexer's marker tokens (document, flow end, scalar) take no room in the text
    if (token === '\x02' || token === '\x18' || token === '\x1f') continue;
    const q = token[0];
    if ((q === '"' || q === "'") && !closedQuote(token)) return at;
    at += token.length;
  }
  return -1;
}

/** The offset of the first `[` or `{` never closed, from the YAML lexer's tokens; -1 when none. */
function unclosedFlow(text: string, start: number, end: number): { at: number; open: '[' | '{' } | null {
  let at = start;
  const open: { at: number; open: '[' | '{' }[] = [];
  for (const token of new Lexer().lex(text.slice(start, end))) {
    if (token === '\x02' || token === '\x18' || token === '\x1f') continue;
    if (token === '[' || token === '{') open.push({ at, open: token });
    else if (token === ']' || token === '}') open.pop();
    at += token.length;
  }
  return open[0] ?? null;
}

function closedQuote(token: string): boolean {
  const q = token[0];
  if (token.length < 2 || token[token.length - 1] !== q) return false;
  if (q === "'") {
    let n = 0; // `''` is an escaped quote: the run of trailing quotes must be odd
    for (let i = token.length - 1; i > 0 && token[i] === "'"; i--) n++;
    return n % 2 === 1;
  }
  let n = 0; // `\"` is an escaped quote: the backslashes before the last quote must be even
  for (let i = token.length - 2; i > 0 && token[i] === '\\'; i--) n++;
  return n % 2 === 0;
}

/** One YAML problem in plain words, located where the user has to change the text. */
function explainYamlProblem(
  err: YAMLError,
  text: string,
  docRange: SourceRange,
): { problem: Message; range: SourceRange } {
  const range = errorRange(err.pos, text.length);
  const at = (offset: number, r: SourceRange = { start: offset, end: Math.min(offset + 1, text.length) }) => ({
    line: lineAt(text, offset),
    range: r,
  });
  const lines = contentLines(text, docRange.start, docRange.end, 2);
  const [first, second] = lines;
  if (first && second && first.indent > second.indent && range.start >= first.at) {
    const { line } = at(first.at);
    return {
      problem: message('yaml.first-line-indented', { line, spaces: first.indent }),
      range: { start: first.at, end: first.at + first.indent },
    };
  }
  if (err.code === 'MISSING_CHAR' && /quote/i.test(err.message)) {
    const q = unclosedQuote(text, docRange.start, docRange.end);
    if (q >= 0) {
      const where = at(q);
      return { problem: message('yaml.unclosed-quote', { line: where.line }), range: where.range };
    }
  }
  if (/^Flow (sequence|map)/.test(err.message) || (err.code === 'MISSING_CHAR' && /[\]}]/.test(err.message))) {
    const flow = unclosedFlow(text, docRange.start, docRange.end);
    if (flow) {
      const where = at(flow.at);
      return {
        problem: message('yaml.unclosed-bracket', {
          line: where.line,
          open: flow.open,
          close: flow.open === '[' ? ']' : '}',
        }),
        range: where.range,
      };
    }
  }
  const { line } = at(range.start);
  const simple: Partial<Record<string, MessageCode>> = {
    TAB_AS_INDENT: 'yaml.tab-indent',
    BAD_INDENT: 'yaml.bad-indent',
    MULTILINE_IMPLICIT_KEY: 'yaml.multiline-key',
    DUPLICATE_KEY: 'yaml.duplicate-key',
    BAD_ALIAS: 'yaml.bad-alias',
  };
  if (err.code === 'MISSING_CHAR' && /implicit map keys/i.test(err.message))
    return { problem: message('yaml.wrapped-line', { line }), range };
  const code = simple[err.code];
  if (code) return { problem: message(code, { line }), range };
  return { problem: message('yaml.other', { line, detail: shortError(err) }), range };
}

/**
 * A document's syntax problems as located diagnostics in plain words: the first error only (the root cause; the
 * errors after it mostly follow from it, and a count says how many), then each warning unless left out. Nothing of
 * the input is quoted: the parser's own message quotes the offending token, which may be a secret.
 */
export function yamlDiagnostics(doc: Document.Parsed, text: string, withWarnings = true): Diagnostic[] {
  const docRange: SourceRange = { start: doc.range[0], end: doc.range[2] };
  const out: Diagnostic[] = [];
  const errors = [...doc.errors].sort((a, b) => a.pos[0] - b.pos[0]);
  const root = errors[0];
  if (root) {
    const { problem, range } = explainYamlProblem(root, text, docRange);
    const more = errors.length - 1;
    out.push({
      severity: 'error',
      code: 'yaml-syntax',
      message:
        more > 0 ? message('ingest.yaml-syntax-more', { problem, more }) : message('ingest.yaml-syntax', { problem }),
      range,
    });
  }
  if (withWarnings)
    for (const w of doc.warnings) {
      const { problem, range } = explainYamlProblem(w, text, docRange);
      out.push({
        severity: 'warning',
        code: 'yaml-syntax',
        message: message('ingest.yaml-syntax', { problem }),
        range,
      });
    }
  return out;
}

/** The source range of a node, null when it has none. */
export function rangeOf(node: unknown): SourceRange | null {
  const r = (node as YamlNode | null | undefined)?.range;
  return r ? { start: r[0], end: r[1] } : null;
}

/** A scalar's text as written (plain scalars keep `1.10`, `0755`...) and the range of that text. */
export function writtenScalar(node: Scalar, text: string): { value: string; range: SourceRange } {
  const [s, e] = node.range ?? [0, 0];
  if (node.type === 'PLAIN') return { value: text.slice(s, e), range: { start: s, end: e } };
  const value = scalarText(node.value);
  if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && e - s >= 2)
    return { value, range: { start: s + 1, end: e - 1 } };
  return { value, range: { start: s, end: e } };
}

/** The pair at a dotted path (`etcd.local.extraArgs`): key node and value node. */
export function pairAt(doc: Document, path: string): { key: YamlNode; value: unknown } | null {
  const parts = path.split('.');
  let node: unknown = doc.contents;
  for (let i = 0; i < parts.length; i++) {
    if (!isMap(node)) return null;
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === parts[i]);
    if (!pair) return null;
    if (i === parts.length - 1) return { key: pair.key as YamlNode, value: pair.value };
    node = pair.value;
  }
  return null;
}

/** Every key of a YAML tree, with its path (`spec.containers[].image`). */
export function collectFields(node: unknown, path: string, out: FieldOccurrence[]): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = pair.key as YamlNode | null;
      // a map or list as a key (`? [a, b]: c`, `{{{...`): no field of ours; never stringify it (quadratic when nested)
      const keyText = isScalar(key) ? String(key.value) : '?';
      const childPath = path ? `${path}.${keyText}` : keyText;
      const value = pair.value as YamlNode | null;
      const keyRange = rangeOf(key);
      if (keyRange) {
        out.push({
          path: childPath,
          keyRange,
          valueRange: rangeOf(value),
          value: isScalar(value) ? (value.value === null ? null : scalarText(value.value)) : null,
        });
      }
      collectFields(value, childPath, out);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) collectFields(item, `${path}[]`, out);
  }
}
