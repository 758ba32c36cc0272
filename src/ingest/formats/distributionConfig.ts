/**
 * Configuration files of distributions and installers that pass flags to the components (which settings are for
 * which component comes from content/config-fields.yaml `distributions`):
 *   - k3s and RKE2 `config.yaml`: `kube-apiserver-arg: [audit-log-path=/x, ...]` lists (also `name+:` drop-in keys),
 *     each item a flag located at its `name=value` text;
 *   - Talos machine configuration: `cluster.apiServer.extraArgs` maps, the component images (their tags are the
 *     versions);
 *   - kind cluster configuration: `kubeadmConfigPatches` (of the cluster and of each node) read as the kubeadm
 *     configuration they are, where they are written; the node image's tag is the Kubernetes version.
 * One document for the file itself (its keys as fields, for hovers and secrets), then one per component.
 */
import { message } from '../../model/message';
import { isMap, isScalar, isSeq, type Document, type Scalar, type YAMLMap } from 'yaml';
import type { Diagnostic, FieldOccurrence, SourceDocument, SourceRange, VersionInfo } from '../../model/types';
import type { DistributionFacts, IngestFacts } from '../../model/components';
import { distributionConfigDocument, renumbered, unknownDocument } from '../../model/document';
import type { FormatParser, ParseContext } from '../format';
import { collectFields, pairAt, rangeOf, readYamlDocuments, yamlDiagnostics } from '../shared/yamlNodes';
import { documentsOrNote } from '../shared/diagnostics';
import { alternation, factsRegExp } from '../shared/recognise';
import { componentVersion, parseImage, versionOfTag } from '../shared/imageVersion';
import { argFromScalar } from './podCommand';
import { configFlag, extraArgFlags } from './configFlags';
import { kubeadmConfigDocuments } from './kubeadmConfig';
import { argItemFlag, ComponentGroups, nextIndex } from './distributionArgs';

/** The nodes at a dotted path, list items written `[]` (`nodes[].image`). */
function nodesAt(root: unknown, path: string): unknown[] {
  let cur: unknown[] = [root];
  for (const seg of path.split('.')) {
    const list = seg.endsWith('[]');
    const key = list ? seg.slice(0, -2) : seg;
    const next: unknown[] = [];
    for (const n of cur) {
      if (!isMap(n)) continue;
      const v = n.get(key, true) as unknown;
      if (list) {
        if (isSeq(v)) next.push(...v.items);
      } else if (v !== undefined && v !== null) next.push(v);
    }
    cur = next;
  }
  return cur;
}

/** Top-level keys of a map, `name+` (a drop-in appending to a list) as `name`. */
function topKeys(map: YAMLMap): Set<string> {
  const keys = new Set<string>();
  for (const p of map.items) if (isScalar(p.key)) keys.add(String(p.key.value).replace(/\+$/, ''));
  return keys;
}

/** The distribution a YAML document is the configuration of: by kind, by its arg-list keys, or by its keys. */
function distributionOf(map: YAMLMap, facts: IngestFacts): DistributionFacts | null {
  const keys = topKeys(map);
  const scalar = (k: string) => {
    const n = map.get(k, true);
    return isScalar(n) ? String(n.value) : '';
  };
  const kind = scalar('kind');
  const apiVersion = scalar('apiVersion');
  let best: { d: DistributionFacts; rank: number } | null = null;
  for (const d of facts.configFields.distributions) {
    if (d.kinds.includes(kind) && d.apiGroups.some((g) => apiVersion.startsWith(`${g}/`))) return d;
    const byArgs = [...d.argLists.keys()].some((k) => keys.has(k));
    const byKeys = d.configKeys.length > 0 && d.configKeys.every((k) => keys.has(k));
    if (!byArgs && !byKeys) continue;
    const rank = d.markerKeys.filter((k) => keys.has(k)).length;
    if (!best || rank > best.rank) best = { d, rank };
  }
  return best?.d ?? null;
}

/**
 * The text with only the kubeadm documents written as block scalars left (same length, line breaks kept), each
 * after a `---` written over its `- |` line: read as kubeadm configuration, every range is right for the file.
 */
function maskedPatches(text: string, patches: readonly Scalar[]): string {
  const chars = text.replace(/[^\r\n]/g, ' ').split('');
  for (const p of patches) {
    const [s, e] = p.range ?? [0, 0];
    const nl = text.indexOf('\n', s);
    if (nl < 0 || nl >= e) continue;
    for (let i = nl + 1; i < e; i++) chars[i] = text[i] ?? ' ';
    const lineStart = text.lastIndexOf('\n', s) + 1;
    if (nl - lineStart >= 3) chars.splice(lineStart, 3, '-', '-', '-');
  }
  return chars.join('');
}

/** From the key to the end of the value of the pair at a dotted path. */
function pairRange(doc: Document, path: string): SourceRange | null {
  const pair = pairAt(doc, path);
  const key = rangeOf(pair?.key);
  return key ? { start: key.start, end: rangeOf(pair?.value)?.end ?? key.end } : null;
}

const isBlock = (n: unknown): n is Scalar => isScalar(n) && (n.type === 'BLOCK_LITERAL' || n.type === 'BLOCK_FOLDED');

/** The documents of one YAML document that is a distribution's configuration. */
function configDocuments(
  doc: Document.Parsed,
  map: YAMLMap,
  dist: DistributionFacts,
  ctx: ParseContext,
  out: SourceDocument[],
  diagnostics: Diagnostic[],
): void {
  const { file, components } = ctx;
  const text = file.text;
  const range: SourceRange = { start: doc.range[0], end: doc.range[2] };
  const fields: FieldOccurrence[] = [];
  collectFields(map, '', fields);
  out.push(
    distributionConfigDocument({
      ...nextIndex(file.id, out),
      label: `${dist.name} configuration`,
      range,
      fields,
      diagnostics,
    }),
  );
  const groups = new ComponentGroups();
  for (const pair of map.items) {
    if (!isScalar(pair.key)) continue;
    const name = String(pair.key.value).replace(/\+$/, '');
    const component = dist.argLists.get(name);
    if (!component) continue;
    const items = isSeq(pair.value) ? pair.value.items : [pair.value];
    const flags = items
      .filter((n): n is Scalar => isScalar(n) && n.value !== null)
      .map((n) => argItemFlag(argFromScalar(n, text, file.id), name))
      .filter((f) => f !== null);
    const keyRange = rangeOf(pair.key) ?? range;
    groups.add(component, name, { start: keyRange.start, end: rangeOf(pair.value)?.end ?? keyRange.end }, flags);
  }
  for (const { path, component } of dist.extraArgs) {
    const flags = extraArgFlags(doc, text, path, file.id);
    if (flags.length > 0) groups.add(component, path, pairRange(doc, path) ?? range, flags);
  }
  for (const f of dist.fields) {
    const flag = configFlag(doc, text, f.path, f.flag, f.join, file.id);
    if (flag) groups.add(f.component, f.path, pairRange(doc, f.path) ?? range, [flag]);
  }
  for (const { path, component } of dist.images) {
    const node = nodesAt(map, path)[0];
    if (!isScalar(node)) continue;
    const image = String(node.value);
    const v = componentVersion(image, components.get(component));
    if (v)
      groups.add(component, path, pairRange(doc, path) ?? range).version = {
        version: v,
        source: `image ${image}`,
        range: rangeOf(node),
      };
  }
  let nodeVersion: VersionInfo | null = null;
  for (const node of dist.nodeImages.flatMap((p) => nodesAt(map, p))) {
    if (!isScalar(node) || nodeVersion) continue;
    const image = String(node.value);
    const v = versionOfTag(parseImage(image).tag);
    if (v?.startsWith('1.')) nodeVersion = { version: v, source: `node image ${image}`, range: rangeOf(node) };
  }
  const versionOf = (d: SourceDocument) =>
    d.version ?? (d.component && components.get(d.component)?.versioning === 'kubernetes' ? nodeVersion : null);
  const patches = dist.kubeadmPatches
    .flatMap((p) => nodesAt(map, p))
    .flatMap((n) => (isSeq(n) ? n.items : [n]))
    .filter(isBlock);
  if (patches.length > 0) {
    for (const d of kubeadmConfigDocuments(maskedPatches(text, patches), file.id, ctx.configFields))
      out.push({ ...d, version: versionOf(d) });
  }
  for (const g of groups.withFlags()) {
    const d = distributionConfigDocument({
      ...nextIndex(file.id, out),
      label: `${g.component} (${dist.name} configuration)`,
      range: g.range,
      component: g.component,
      componentSource: `${dist.name} ${g.sources.join(', ')}`,
      version: g.version,
      flags: g.flags,
    });
    out.push({ ...d, version: versionOf(d) });
  }
}

function parse(ctx: ParseContext) {
  const text = ctx.file.text;
  const out: SourceDocument[] = [];
  for (const doc of readYamlDocuments(text)) {
    const range: SourceRange = { start: doc.range[0], end: doc.range[2] };
    const diagnostics = yamlDiagnostics(doc, text);
    const contents = doc.contents;
    const dist = isMap(contents) ? distributionOf(contents, ctx) : null;
    if (isMap(contents) && dist) {
      configDocuments(doc, contents, dist, ctx, out, diagnostics);
      continue;
    }
    if (contents === null && diagnostics.length === 0) continue;
    out.push(
      unknownDocument({
        ...nextIndex(ctx.file.id, out),
        label: 'YAML document',
        range,
        diagnostics: [
          ...diagnostics,
          {
            severity: 'warning',
            code: 'not-a-distribution-config',
            message: message('ingest.not-a-distribution-config'),
            range: rangeOf(contents) ?? range,
          },
        ],
      }),
    );
  }
  return documentsOrNote(renumbered(out, ctx.file.id), text, {
    severity: 'info',
    code: 'no-distribution-config',
    message: message('ingest.no-distribution-config'),
  });
}

/** `^key:` at the start of a line for any of the keys (`name+:` too). */
function topKeyRegExp(facts: IngestFacts, tag: string, keys: readonly string[]): RegExp {
  return factsRegExp(
    facts.components,
    `distribution-keys/${tag}/${keys.join(',')}`,
    () => new RegExp(`^\\uFEFF?["']?(?:${alternation(keys)})\\+?["']?[ \\t]*:`, 'm'),
  );
}

export const distributionConfigParser: FormatParser = {
  kind: 'distribution-config',
  detect(text, _fileName, facts) {
    for (const d of facts.configFields.distributions) {
      if (d.kinds.length > 0 && versionInGroup(text, d, facts) && kindOf(text, d, facts)) return 0.97;
      if (d.argLists.size > 0 && topKeyRegExp(facts, 'args', [...d.argLists.keys()]).test(text)) return 0.9;
      if (d.configKeys.length > 0 && d.configKeys.every((k) => topKeyRegExp(facts, 'key', [k]).test(text))) return 0.9;
    }
    return 0;
  },
  parse,
};

/** `apiVersion: <one of its groups>/...` at the start of a line. */
function versionInGroup(text: string, d: DistributionFacts, facts: IngestFacts): boolean {
  return factsRegExp(
    facts.components,
    `distribution-api/${d.apiGroups.join(',')}`,
    () => new RegExp(`^\\uFEFF?apiVersion[ \\t]*:[ \\t]*["']?(?:${alternation(d.apiGroups)})\\/`, 'm'),
  ).test(text);
}

/** `kind: <one of its kinds>` at the start of a line. */
function kindOf(text: string, d: DistributionFacts, facts: IngestFacts): boolean {
  return factsRegExp(
    facts.components,
    `distribution-kinds/${d.kinds.join(',')}`,
    () =>
      new RegExp(`^\\uFEFF?kind[ \\t]*:[ \\t]*["']?(?:${alternation(d.kinds)})["']?[ \\t]*(?:#[^\\r\\n]*)?\\r?$`, 'm'),
  ).test(text);
}
