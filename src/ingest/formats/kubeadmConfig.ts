/**
 * kubeadm configuration files (`InitConfiguration`, `ClusterConfiguration`, `JoinConfiguration`:
 * `apiServer.extraArgs`, `controllerManager.extraArgs`, `scheduler.extraArgs`,
 * `etcd.local.extraArgs`, `nodeRegistration.kubeletExtraArgs`, as a map (v1beta3 and before) or
 * a list of name/value pairs (v1beta4)), and component configuration files
 * (`KubeletConfiguration`, `KubeProxyConfiguration`, `KubeSchedulerConfiguration`).
 *
 * Their settings become the flags they are equivalent to (the mappings come from
 * content/config-fields.yaml), located at the YAML key and value, so the flag catalogue explains
 * them: one document per component. Every key is also a field.
 */
import { scalarText as textOfScalar } from '../../util/strings';
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  type Document,
  type Node as YamlNode,
  type Scalar,
} from 'yaml';
import type {
  ComponentId,
  Diagnostic,
  DocumentKind,
  FieldOccurrence,
  FlagOccurrence,
  SourceDocument,
  SourceRange,
  VersionInfo,
} from '../../model/types';
import type { ConfigFieldFacts, FieldJoin } from '../../model/components';
import type { FormatParser, ParseContext } from '../format';
import { collectFields, errorRange, yamlSource } from './staticPod';
import { alternation } from '../shared/recognise';
import { versionOfTag } from '../shared/imageVersion';
import { documentDefaults } from '../../model/document';

function rangeOf(node: unknown): SourceRange | null {
  const r = (node as YamlNode | null | undefined)?.range;
  return r ? { start: r[0], end: r[1] } : null;
}

/** A scalar's text as written (plain scalars keep `1.10`, `0755`...) and the range of that text. */
function scalarText(node: Scalar, text: string): { value: string; range: SourceRange } {
  const [s, e] = node.range ?? [0, 0];
  if (node.type === 'PLAIN') return { value: text.slice(s, e), range: { start: s, end: e } };
  const value = textOfScalar(node.value);
  if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && e - s >= 2)
    return { value, range: { start: s + 1, end: e - 1 } };
  return { value, range: { start: s, end: e } };
}

/** A value node as a flag value: scalars as written, lists joined with `,`, maps as `k=v` or `k<v`. */
function flagValue(
  node: unknown,
  text: string,
  join: FieldJoin | undefined,
): { value: string; range: SourceRange } | null {
  if (isScalar(node)) return scalarText(node, text);
  const range = rangeOf(node);
  if (!range) return null;
  if (isSeq(node)) {
    const parts = node.items.map((i) =>
      isScalar(i)
        ? scalarText(i, text).value
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
          `${isScalar(p.key) ? String(p.key.value) : ''}${sep}${isScalar(p.value) ? scalarText(p.value, text).value : ''}`,
      );
    return { value: parts.join(','), range };
  }
  return null;
}

/** The pair at a dotted path: key node and value node. */
function pairAt(doc: Document, path: string): { key: YamlNode; value: unknown } | null {
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

function configFlag(
  doc: Document,
  text: string,
  path: string,
  flag: string,
  join: FieldJoin | undefined,
  fileId: string,
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
function extraArgFlags(doc: Document, text: string, path: string, fileId: string): FlagOccurrence[] {
  const pair = pairAt(doc, path);
  if (!pair) return [];
  const out: FlagOccurrence[] = [];
  /** One extraArgs entry (map key/value or v1beta4 name/value item) as a flag at its YAML position. */
  const extraArg = (keyNode: Scalar, valueNode: Scalar | null): FlagOccurrence => {
    const k = scalarText(keyNode, text);
    const v = valueNode ? scalarText(valueNode, text) : null;
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

interface Group {
  kind: DocumentKind;
  component: ComponentId;
  flags: FlagOccurrence[];
  fields: FieldOccurrence[];
  range: SourceRange;
  sources: string[];
  version: VersionInfo | null;
}

export function kubeadmConfigDocuments(text: string, fileId: string, facts: ConfigFieldFacts): SourceDocument[] {
  const { kubeadm } = facts;
  const yamlDocs = parseAllDocuments(yamlSource(text), { prettyErrors: false, uniqueKeys: false });
  const list = Array.isArray(yamlDocs) ? yamlDocs : [];
  const out: SourceDocument[] = [];
  const groups = new Map<string, Group>();
  let version: VersionInfo | null = null;
  const push = (d: Omit<SourceDocument, 'id' | 'index'>) =>
    out.push({ ...d, id: `${fileId}#${out.length}`, index: out.length });
  const group = (kind: DocumentKind, component: ComponentId, range: SourceRange, source: string): Group => {
    const key = `${kind}/${component}`;
    let g = groups.get(key);
    if (!g) {
      g = { kind, component, flags: [], fields: [], range: { ...range }, sources: [], version: null };
      groups.set(key, g);
    }
    g.range = { start: Math.min(g.range.start, range.start), end: Math.max(g.range.end, range.end) };
    if (!g.sources.includes(source)) g.sources.push(source);
    return g;
  };
  for (const doc of list) {
    const range: SourceRange = { start: doc.range[0], end: doc.range[2] };
    const diagnostics: Diagnostic[] = [...doc.errors, ...doc.warnings].map((err) => ({
      severity: doc.errors.includes(err as never) ? 'error' : 'warning',
      code: 'yaml-syntax',
      message: `YAML: ${err.message.split('\n')[0]}`,
      range: errorRange(err.pos, text.length),
    }));
    if (!isMap(doc.contents)) {
      if (diagnostics.length > 0) {
        push({ fileId, kind: 'unknown', label: 'YAML document', range, ...documentDefaults(), diagnostics });
      }
      continue;
    }
    const kindNode = doc.get('kind', true);
    const kind = isScalar(kindNode) ? String(kindNode.value) : '';
    const apiVersion = textOfScalar((doc.get('apiVersion', true) as Scalar | undefined)?.value);
    const fields: FieldOccurrence[] = [];
    collectFields(doc.contents, '', fields);
    const cc = facts.componentConfigs.find((c) => c.kind === kind);
    if (cc) {
      const g = group('component-config', cc.component, range, kind);
      g.fields.push(...fields);
      for (const [path, spec] of cc.fields) {
        const flag = configFlag(doc, text, path, spec.flag, spec.join, fileId);
        if (flag) g.flags.push(flag);
      }
      if (diagnostics.length > 0)
        push({
          fileId,
          kind: 'component-config',
          label: kind,
          range,
          component: cc.component,
          componentSource: `kind ${kind}`,
          version: null,
          image: null,
          binaryRange: null,
          flags: [],
          fields: [],
          diagnostics,
        });
      continue;
    }
    const isKubeadm =
      kubeadm.kinds.includes(kind) || (kubeadm.apiGroup !== '' && apiVersion.startsWith(`${kubeadm.apiGroup}/`));
    if (!isKubeadm) {
      diagnostics.push({
        severity: 'warning',
        code: 'not-a-kubeadm-config',
        message: kind
          ? `This document is a ${kind}, not a kubeadm or component configuration; its keys are listed but not explained as flags.`
          : 'This document has no kind: it does not look like a kubeadm or component configuration.',
        range: rangeOf(kindNode) ?? range,
      });
      push({
        fileId,
        kind: 'unknown',
        label: kind || 'YAML document',
        range,
        component: null,
        componentSource: null,
        version: null,
        image: null,
        binaryRange: null,
        flags: [],
        fields,
        diagnostics,
      });
      continue;
    }
    // the kubeadm document itself: its keys, and its own problems
    push({
      fileId,
      kind: 'kubeadm-config',
      label: kind || 'kubeadm configuration',
      range,
      component: null,
      componentSource: null,
      version: null,
      image: null,
      binaryRange: null,
      flags: [],
      fields,
      diagnostics,
    });
    const kv = doc.get('kubernetesVersion', true);
    if (isScalar(kv)) {
      const v = versionOfTag(String(kv.value));
      if (v) version = { version: v, source: `kubernetesVersion ${String(kv.value)}`, range: rangeOf(kv) };
    }
    for (const e of kubeadm.extraArgs) {
      const flags = extraArgFlags(doc, text, e.path, fileId);
      if (flags.length > 0) group('kubeadm-config', e.component, range, `${kind} ${e.path}`).flags.push(...flags);
    }
    for (const k of kubeadm.fields) {
      const flag = configFlag(doc, text, k.path, k.flag, k.join, fileId);
      if (flag) group('kubeadm-config', k.component, range, `${kind} ${k.path}`).flags.push(flag);
    }
  }
  for (const g of groups.values()) {
    const versioned = g.kind === 'kubeadm-config' && kubeadm.versionedComponents.includes(g.component) ? version : null;
    push({
      fileId,
      kind: g.kind,
      label:
        g.kind === 'component-config'
          ? `${g.sources.join(', ')} (${g.component})`
          : `${g.component} (kubeadm configuration)`,
      range: g.range,
      component: g.component,
      componentSource: g.kind === 'component-config' ? `kind ${g.sources[0] ?? ''}` : `kubeadm ${g.sources.join(', ')}`,
      version: versioned,
      image: null,
      binaryRange: null,
      flags: g.flags.sort((a, b) => a.nameRange.start - b.nameRange.start),
      fields: g.fields,
      diagnostics: [],
    });
  }
  return out;
}

/** A `kind:` line (YAML or JSON) naming one of `kinds`. */
function namesKind(text: string, kinds: readonly string[]): boolean {
  if (kinds.length === 0) return false;
  return new RegExp(`^\\s*["']?kind["']?\\s*:\\s*["']?(${alternation(kinds)})["']?\\s*,?\\s*$`, 'm').test(text);
}

function parse(ctx: ParseContext) {
  const documents = kubeadmConfigDocuments(ctx.file.text, ctx.file.id, ctx.configFields);
  const diagnostics: Diagnostic[] =
    documents.length === 0
      ? [
          {
            severity: 'info',
            code: 'no-configuration',
            message:
              'No kubeadm or component configuration found (expected a YAML document with kind InitConfiguration, ClusterConfiguration, KubeletConfiguration...).',
            range: { start: 0, end: Math.min(1, ctx.file.text.length) },
          },
        ]
      : [];
  return { documents, diagnostics };
}

export const kubeadmConfigParser: FormatParser = {
  kind: 'kubeadm-config',
  detect(text, _fileName, { configFields: { kubeadm } }) {
    if (namesKind(text, kubeadm.kinds)) return 0.95;
    const group = alternation([kubeadm.apiGroup].filter((g) => g !== ''));
    if (new RegExp(`apiVersion["']?\\s*:\\s*["']?(?:${group})\\/`).test(text)) return 0.95;
    return 0;
  },
  parse,
};

export const componentConfigParser: FormatParser = {
  kind: 'component-config',
  detect(text, _fileName, { configFields }) {
    return namesKind(
      text,
      configFields.componentConfigs.map((c) => c.kind),
    )
      ? 0.92
      : 0;
  },
  parse,
};
