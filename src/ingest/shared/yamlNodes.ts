/**
 * YAML documents and nodes for the YAML formats (static Pods, kubeconfig, kubeadm and component
 * configuration): parsing with the same options, syntax problems as diagnostics, node ranges,
 * scalars as written, every key as a field.
 */
import {
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  parseDocument,
  type Document,
  type Node as YamlNode,
  type Scalar,
} from 'yaml';
import type { Diagnostic, FieldOccurrence, SourceRange } from '../../model/types';
import { scalarText } from '../../util/strings';

/**
 * The text to hand the YAML parser: a leading UTF-8 BOM becomes a line break (same length, so
 * every offset stays right); the yaml package rejects a BOM followed by a `- ` sequence item.
 */
export function yamlSource(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? `\n${text.slice(1)}` : text;
}

const OPTIONS = { prettyErrors: false, uniqueKeys: false } as const;

/** Every `---` document of a text (never throws: problems are in each document's errors). */
export function readYamlDocuments(text: string): Document.Parsed[] {
  const docs = parseAllDocuments(yamlSource(text), OPTIONS);
  return Array.isArray(docs) ? docs : [];
}

/** The text as one YAML document. */
export function readYamlDocument(text: string): Document.Parsed {
  return parseDocument(yamlSource(text), OPTIONS);
}

/** A YAML error position as a range inside the text (errors at the end point past it). */
export function errorRange(pos: readonly [number, number], length: number): SourceRange {
  const start = Math.min(Math.max(0, pos[0]), length);
  return { start, end: Math.min(Math.max(pos[1], start + 1), length) };
}

/** A document's syntax errors (and its warnings, unless left out) as located diagnostics. */
export function yamlDiagnostics(doc: Document.Parsed, length: number, withWarnings = true): Diagnostic[] {
  const problems = withWarnings ? [...doc.errors, ...doc.warnings] : doc.errors;
  return problems.map((err) => ({
    severity: doc.errors.includes(err as never) ? 'error' : 'warning',
    code: 'yaml-syntax',
    message: `YAML: ${err.message.split('\n')[0]}`,
    range: errorRange(err.pos, length),
  }));
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
      const keyText = isScalar(key) ? String(key.value) : String(key);
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
