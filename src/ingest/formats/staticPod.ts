/**
 * Static Pod manifests (`/etc/kubernetes/manifests/*.yaml`, and the JSON manifests of kubeadm 1.5),
 * several per file when separated by `---`. Every key becomes a FieldOccurrence; the container's
 * command and args become flags with exact source ranges.
 */
import { message } from '../../model/message';
import { scalarText } from '../../util/strings';
import { isMap, isScalar, isSeq, type Document, type Scalar, type YAMLMap } from 'yaml';
import type { SourceDocument, SourceRange } from '../../model/types';
import type { IngestFacts } from '../../model/components';
import { staticPodDocument } from '../../model/document';
import { commandNamesRegExp } from '../shared/recognise';
import { parseImage, versionOfTag } from '../shared/imageVersion';
import { collectFields, rangeOf, readYamlDocuments, yamlDiagnostics } from '../shared/yamlNodes';
import { documentsOrNote } from '../shared/diagnostics';
import type { FormatParser, ParseContext } from '../format';
import { identifyContainer, jsonCommandDocuments, readContainerCommand } from './podCommand';

/** `- command:` / `"command": [` followed by a component's command: a container cut out of a manifest. */
const fragmentRe = (facts: IngestFacts) =>
  commandNamesRegExp(
    facts,
    (names) =>
      `^[ \\t\\uFEFF]*(?:-[ \\t]+)?["']?command["']?[ \\t]*:[ \\t]*\\[?[ \\t]*(?:#.*)?\\r?\\n?[ \\t]*(?:-[ \\t]+)?["']?(?:\\/?[\\w./-]*\\/)?(?:${names})\\b`,
    'm',
  );

/** The document one `---` part of the file is: a Pod, a container fragment, or something else (null: empty). */
function podDocument(doc: Document.Parsed, index: number, ctx: ParseContext): SourceDocument | null {
  const { file } = ctx;
  const text = file.text;
  const range: SourceRange = { start: doc.range[0], end: doc.range[2] };
  const diagnostics = yamlDiagnostics(doc, text);
  const base = staticPodDocument({ fileId: file.id, index, label: `document ${index + 1}`, range, diagnostics });
  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && (contents.value === null || contents.value === ''))) {
    return diagnostics.length > 0 ? base : null; // empty document between `---` separators
  }
  collectFields(contents, '', base.fields);
  const fragment = containerOfFragment(contents);
  if (fragment) {
    // `- command: [kube-apiserver, ...]` cut out of a manifest (a blog, an answer): read the container alone
    const imageNode = fragment.get('image', true) as unknown;
    const image = isScalar(imageNode) ? String(imageNode.value) : null;
    const cmd = readContainerCommand(fragment, text, file.id, ctx, doc, diagnostics);
    const id = identifyContainer(cmd, null, image, ctx);
    return {
      ...base,
      label: 'container fragment',
      component: id?.component ?? null,
      componentSource: id?.source ?? null,
      image,
      binaryRange: cmd.binary?.range ?? null,
      flags: cmd.flags,
      diagnostics: [
        ...diagnostics,
        {
          severity: 'info',
          code: 'container-fragment',
          message: message('ingest.container-fragment'),
          range: rangeOf(contents) ?? range,
        },
      ],
    };
  }
  if (!isMap(contents)) {
    if (diagnostics.length === 0) {
      diagnostics.push({
        severity: 'error',
        code: 'not-a-pod',
        message: message('ingest.not-a-map'),
        range: rangeOf(contents) ?? range,
      });
    }
    return { ...base, kind: 'unknown' };
  }
  const kindNode = scalarAt(doc, ['kind']);
  const kind = kindNode ? String(kindNode.value) : null;
  const containers = doc.getIn(['spec', 'containers'], true);
  if (kind !== 'Pod' && !(kind === null && isSeq(containers))) {
    diagnostics.push({
      severity: 'warning',
      code: 'not-a-pod',
      message: kind ? message('ingest.not-a-pod', { kind }) : message('ingest.no-kind-no-containers'),
      range: rangeOf(kindNode) ?? rangeOf(contents) ?? range,
    });
    return { ...base, kind: 'unknown', label: kind ?? base.label };
  }
  const name = scalarAt(doc, ['metadata', 'name'])?.value;
  const label = scalarAt(doc, ['metadata', 'labels', 'component'])?.value;
  const first = isSeq(containers) ? containers.items[0] : null;
  if (!isSeq(containers) || !first) {
    diagnostics.push({
      severity: 'error',
      code: 'pod-without-containers',
      message: message('ingest.pod-no-containers'),
      range: rangeOf(kindNode) ?? range,
    });
  }
  const imageNode = isMap(first) ? (first.get('image', true) as unknown) : null;
  const image = isScalar(imageNode) ? String(imageNode.value) : null;
  const cmd = readContainerCommand(first, text, file.id, ctx, doc, diagnostics);
  const id = identifyContainer(cmd, label === undefined || label === null ? null : scalarText(label), image, ctx);
  const tag = image ? parseImage(image).tag : null;
  const v = versionOfTag(tag);
  const comp = id ? ctx.components.get(id.component) : undefined;
  // hyperkube images carry the Kubernetes version; an etcd image tag is an etcd version.
  const versionFits =
    v !== null && comp !== undefined && (comp.versioning === 'etcd' ? v.startsWith('3.') : v.startsWith('1.'));
  return {
    ...base,
    label: `Pod ${name === undefined || name === null ? '(no name)' : scalarText(name)}`,
    component: id?.component ?? null,
    componentSource: id?.source ?? null,
    version: versionFits && v ? { version: v, source: `image ${image ?? ''}`, range: rangeOf(imageNode) } : null,
    image,
    binaryRange: cmd.binary?.range ?? null,
    flags: cmd.flags,
  };
}

function scalarAt(doc: Document, path: (string | number)[]): Scalar | null {
  const n = doc.getIn(path, true);
  return isScalar(n) ? n : null;
}

function looksLikeKubernetesObject(text: string): boolean {
  return /^\s*["']?(apiVersion|kind)["']?\s*:/m.test(text) || /"(apiVersion|kind)"\s*:/.test(text);
}

export const staticPodParser: FormatParser = {
  kind: 'static-pod',
  detect(text, _fileName, facts) {
    if (/^\s*["']?kind["']?\s*:\s*["']?Pod["']?\s*,?\s*$/m.test(text)) return 0.9;
    if (looksLikeKubernetesObject(text) && /containers/.test(text)) return 0.6;
    if (looksLikeKubernetesObject(text)) return 0.3;
    // a container cut out of a manifest: `- command:` / `"command": [` followed by a component
    if (fragmentRe(facts).test(text)) return 0.5;
    return 0;
  },
  parse(ctx: ParseContext) {
    const { file } = ctx;
    const text = file.text;
    const out = readYamlDocuments(text)
      .map((doc, index) => podDocument(doc, index, ctx))
      .filter((d): d is SourceDocument => d !== null);
    if (!out.some((d) => d.kind === 'static-pod')) {
      const arrays = jsonCommandDocuments(text, file.id, ctx);
      if (arrays.length > 0) return { documents: arrays, diagnostics: [] };
    }
    // only comments and `---` separators: say so rather than nothing
    return documentsOrNote(out, text, {
      severity: 'info',
      code: 'no-documents',
      message: message('ingest.no-yaml-documents'),
    });
  },
};

/** A container map cut out of a manifest: `- command: [...]` (a list of containers) or `command: [...]`. */
function containerOfFragment(contents: unknown): YAMLMap | null {
  const first = isSeq(contents) ? contents.items[0] : contents;
  if (
    !isMap(first) ||
    (isMap(contents) && (contents.has('kind') || contents.has('apiVersion') || contents.has('spec')))
  )
    return null;
  return first.has('command') || first.has('args') ? first : null;
}
