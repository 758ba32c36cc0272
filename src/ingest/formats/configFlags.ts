/**
 * Settings of YAML configuration files as the flags they stand for: a field (`clusterDNS`) with the
 * flag its mapping names (content/config-fields.yaml), and kubeadm `extraArgs` entries, each located
 * at its YAML key and value.
 */
import { isMap, isPair, isScalar, isSeq, type Document, type Scalar } from 'yaml';
import type { FlagOccurrence, SourceRange } from '../../model/types';
import type { FileId } from '../../model/span';
import type { FieldJoin } from '../../model/components';
import { pairAt, rangeOf, writtenScalar } from '../shared/yamlNodes';

/** A value node as a flag value: scalars as written, lists joined with `,`, maps as `k=v` or `k<v`. */
function flagValue(
  node: unknown,
  text: string,
  join: FieldJoin | undefined,
): { value: string; range: SourceRange } | null {
  if (isScalar(node)) return writtenScalar(node, text);
  const range = rangeOf(node);
  if (!range) return null;
  if (isSeq(node)) {
    // one item: its own place (the value is exactly it)
    const only = node.items.length === 1 ? node.items[0] : undefined;
    if (isScalar(only)) return writtenScalar(only, text);
    const parts = node.items.map((i) =>
      isScalar(i)
        ? writtenScalar(i, text).value
        : isMap(i)
          ? i.items.map((p) => `${String((p.key as Scalar)?.value)}=${String((p.value as Scalar)?.value)}`).join(':')
          : '',
    );
    return { value: parts.join(','), range };
  }
  if (isMap(node)) {
    const sep = join === 'lt' ? '<' : '=';
    const parts = node.items
      .filter(isPair)
      .map(
        (p) =>
          `${isScalar(p.key) ? String(p.key.value) : ''}${sep}${isScalar(p.value) ? writtenScalar(p.value, text).value : ''}`,
      );
    return { value: parts.join(','), range };
  }
  return null;
}

/** The field at `path` as the flag it stands for, or null when the document does not set it. */
export function configFlag(
  doc: Document,
  text: string,
  path: string,
  flag: string,
  join: FieldJoin | undefined,
  fileId: FileId,
): FlagOccurrence | null {
  const pair = pairAt(doc, path);
  if (!pair) return null;
  const v = flagValue(pair.value, text, join);
  const keyRange = rangeOf(pair.key);
  if (!keyRange || !v) return null;
  return {
    name: flag,
    spelled: path.split('.').pop() ?? path,
    value: v.value,
    form: 'equals',
    nameRange: keyRange,
    valueRange: v.range,
    fileId,
    origin: { kind: 'config-field', path },
  };
}

/** `extraArgs` as a map (`authorization-mode: Node,RBAC`) or a list (`- name: ...` / `value: ...`). */
export function extraArgFlags(doc: Document, text: string, path: string, fileId: FileId): FlagOccurrence[] {
  const pair = pairAt(doc, path);
  if (!pair) return [];
  const out: FlagOccurrence[] = [];
  /** One extraArgs entry (map key/value or v1beta4 name/value item) as a flag at its YAML position. */
  const extraArg = (keyNode: Scalar, valueNode: Scalar | null): FlagOccurrence => {
    const k = writtenScalar(keyNode, text);
    const v = valueNode ? writtenScalar(valueNode, text) : null;
    return {
      name: k.value.replace(/^-+/, ''),
      spelled: k.value,
      value: v?.value ?? '',
      form: 'equals',
      nameRange: k.range,
      valueRange: v?.range ?? null,
      fileId,
      origin: { kind: 'extra-args', path },
    };
  };
  const node = pair.value;
  if (isMap(node)) {
    for (const p of node.items) {
      if (!isScalar(p.key)) continue;
      out.push(extraArg(p.key, isScalar(p.value) ? p.value : null));
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      if (!isMap(item)) continue;
      const nameNode = item.get('name', true);
      const valueNode = item.get('value', true);
      if (!isScalar(nameNode)) continue;
      out.push(extraArg(nameNode, isScalar(valueNode) ? valueNode : null));
    }
  }
  return out;
}
