/**
 * Static Pod manifests (`/etc/kubernetes/manifests/*.yaml`, and the JSON manifests of kubeadm 1.5),
 * several per file when separated by `---`, and the Pods of a `kind: List` (`kubectl get pods -o yaml`).
 * Every key becomes a FieldOccurrence; the container's command and args become flags with exact
 * source ranges. A Pod whose containers run several components (the hyperkube era's master Pod) gives
 * one document per such container.
 */
import { message } from '../../model/message';
import { scalarText } from '../../util/strings';
import { isMap, isScalar, isSeq, type Document, type Scalar, type YAMLMap } from 'yaml';
import type {
  ComponentId,
  Diagnostic,
  FieldOccurrence,
  SourceDocument,
  SourceRange,
  StaticPodDocument,
} from '../../model/types';
import type { IngestFacts } from '../../model/components';
import { renumbered, staticPodDocument } from '../../model/document';
import type { Command } from '../shared/commandLine';
import { commandNamesRegExp } from '../shared/recognise';
import { componentVersion } from '../shared/imageVersion';
import { collectFields, rangeOf, readYamlDocuments, yamlDiagnostics } from '../shared/yamlNodes';
import { documentsOrNote } from '../shared/diagnostics';
import { keyLineRegExp, kindLineRegExp } from '../shared/lineRegExps';
import type { FormatParser, ParseContext } from '../format';
import { identifyContainer, jsonCommandDocuments, readContainerCommand } from './podCommand';

/** `- command:` / `"command": [` followed by a component's command: a container cut out of a manifest. */
const fragmentRe = (facts: IngestFacts) =>
  commandNamesRegExp(
    facts,
    (names) =>
      // linear: no two runs of blanks with only optional parts between them, a comment read to its line's end
      `^[ \\t\\uFEFF]*(?:-[ \\t]+)?["']?command["']?[ \\t]*:[ \\t]*(?:\\[[ \\t]*)?(?:#.*$)?(?:(?:\\r\\n?|\\n)[ \\t]*)?(?:-[ \\t]+)?["']?(?:\\/?[\\w./-]*\\/)?(?:${names})\\b`,
    'm',
  );

/** The documents one `---` part of the file is: a Pod (one per component container), a List of Pods, a container
 * fragment, or something else (none: empty). */
function podDocuments(doc: Document.Parsed, index: number, ctx: ParseContext): SourceDocument[] {
  const { file } = ctx;
  const text = file.text;
  const range: SourceRange = { start: doc.range[0], end: doc.range[2] };
  const diagnostics = yamlDiagnostics(doc, text);
  const base = staticPodDocument({ fileId: file.id, index, label: `document ${index + 1}`, range, diagnostics });
  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && (contents.value === null || contents.value === ''))) {
    return diagnostics.length > 0 ? [base] : []; // empty document between `---` separators
  }
  const fragment = containerOfFragment(contents);
  if (fragment) {
    // `- command: [kube-apiserver, ...]` cut out of a manifest (a blog, an answer): read the container alone
    collectFields(contents, '', base.fields);
    const imageNode = fragment.get('image', true) as unknown;
    const image = isScalar(imageNode) ? String(imageNode.value) : null;
    const cmd = readContainerCommand(fragment, text, file.id, ctx, doc, diagnostics);
    const id = identifyContainer(cmd, null, image, ctx);
    return [
      {
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
      },
    ];
  }
  if (!isMap(contents)) {
    collectFields(contents, '', base.fields);
    if (diagnostics.length === 0) {
      diagnostics.push({
        severity: 'error',
        code: 'not-a-pod',
        message: message('ingest.not-a-map'),
        range: rangeOf(contents) ?? range,
      });
    }
    return [{ ...base, kind: 'unknown' }];
  }
  const kindNode = scalarIn(contents, ['kind']);
  const kind = kindNode ? String(kindNode.value) : null;
  if (kind === 'List') {
    // `kubectl get pods -o yaml`: every Pod of the list, each read as a manifest of its own
    const items = contents.get('items', true);
    const pods = isSeq(items) ? items.items.filter((i): i is YAMLMap => isMap(i) && isPod(i)) : [];
    if (pods.length > 0) {
      const docs = pods.flatMap((pod) => readPod(pod, rangeOf(pod) ?? range, { ...base, diagnostics: [] }, doc, ctx));
      const first = docs[0];
      if (first) first.diagnostics.unshift(...diagnostics);
      return docs;
    }
  }
  if (!isPod(contents)) {
    collectFields(contents, '', base.fields);
    diagnostics.push({
      severity: 'warning',
      code: 'not-a-pod',
      message: kind ? message('ingest.not-a-pod', { kind }) : message('ingest.no-kind-no-containers'),
      range: rangeOf(kindNode) ?? rangeOf(contents) ?? range,
    });
    return [{ ...base, kind: 'unknown', label: kind ?? base.label }];
  }
  return readPod(contents, range, base, doc, ctx);
}

/** A map that is a Pod: `kind: Pod`, or no kind and a `spec.containers` list. */
function isPod(node: YAMLMap): boolean {
  const kind = scalarIn(node, ['kind'])?.value;
  return kind === 'Pod' || ((kind === undefined || kind === null) && isSeq(node.getIn(['spec', 'containers'], true)));
}

interface ContainerRead {
  node: YAMLMap;
  range: SourceRange;
  name: string | null;
  image: string | null;
  imageNode: unknown;
  cmd: Command;
  notes: Diagnostic[];
  /** The component it runs by its own command or image (not the Pod's label). */
  own: { component: ComponentId; source: string } | null;
}

/**
 * The documents of one Pod: one for the container that runs a component, or, when several do (the hyperkube era's
 * master Pod: apiserver, controller-manager and scheduler side by side), one per such container. The Pod's own keys
 * go with the first; each container's keys with its document.
 */
function readPod(
  pod: YAMLMap,
  range: SourceRange,
  base: StaticPodDocument,
  doc: Document.Parsed,
  ctx: ParseContext,
): StaticPodDocument[] {
  const text = ctx.file.text;
  const fields: FieldOccurrence[] = [];
  collectFields(pod, '', fields);
  const kindNode = scalarIn(pod, ['kind']);
  const name = scalarIn(pod, ['metadata', 'name'])?.value;
  const labelValue = scalarIn(pod, ['metadata', 'labels', 'component'])?.value;
  const label = labelValue === undefined || labelValue === null ? null : scalarText(labelValue);
  const podName = name === undefined || name === null ? '(no name)' : scalarText(name);
  const containers = pod.getIn(['spec', 'containers'], true);
  const items = isSeq(containers) ? containers.items.filter((c): c is YAMLMap => isMap(c)) : [];
  const diagnostics = base.diagnostics;
  // with a syntax error the containers are usually lost to it: the syntax error alone says what to fix
  if (items.length === 0 && !diagnostics.some((d) => d.severity === 'error' && d.code === 'yaml-syntax')) {
    diagnostics.push({
      severity: 'error',
      code: 'pod-without-containers',
      message: message('ingest.pod-no-containers'),
      range: rangeOf(kindNode) ?? range,
    });
  }
  const read: ContainerRead[] = items.map((node) => {
    const imageNode = node.get('image', true) as unknown;
    const image = isScalar(imageNode) ? String(imageNode.value) : null;
    const notes: Diagnostic[] = [];
    const cmd = readContainerCommand(node, text, ctx.file.id, ctx, doc, notes);
    const cname = scalarIn(node, ['name'])?.value;
    return {
      node,
      range: rangeOf(node) ?? range,
      name: cname === undefined || cname === null ? null : scalarText(cname),
      image,
      imageNode,
      cmd,
      notes,
      own: identifyContainer(cmd, null, image, ctx),
    };
  });
  const own = read.filter((c) => c.own !== null);
  const podLabel = `Pod ${podName}`;
  if (own.length < 2) {
    // one component container (or none recognised): the Pod is its document, as kubeadm writes it
    const c = own[0] ?? read[0];
    const id = c
      ? identifyContainer(c.cmd, label, c.image, ctx)
      : label
        ? identifyContainer(emptyCommand, label, null, ctx)
        : null;
    return [
      {
        ...base,
        ...containerPart(c, id, ctx),
        label: podLabel,
        range,
        fields,
        diagnostics: [...diagnostics, ...(c?.notes ?? [])],
      },
    ];
  }
  return own.map((c, i) => {
    const first = i === 0;
    const last = i === own.length - 1;
    const r: SourceRange = { start: first ? range.start : c.range.start, end: last ? range.end : c.range.end };
    const inside = (f: FieldOccurrence) => f.keyRange.start >= c.range.start && f.keyRange.end <= c.range.end;
    const mine = fields.filter((f) => inside(f) || (first && !own.some((o) => o !== c && insideOf(o, f))));
    return {
      ...base,
      ...containerPart(c, c.own, ctx),
      label: c.name ? `${podLabel}, container ${c.name}` : podLabel,
      range: r,
      fields: mine,
      diagnostics: [...(first ? diagnostics : []), ...c.notes],
    };
  });
}

const insideOf = (c: ContainerRead, f: FieldOccurrence) =>
  f.keyRange.start >= c.range.start && f.keyRange.end <= c.range.end;

const emptyCommand: Command = {
  binary: null,
  rest: [],
  flags: [],
  positional: [],
  nameArgs: [],
  subcommand: null,
  component: null,
};

/** What a container gives its document: component, version from its image tag, image, binary and flags. */
function containerPart(
  c: ContainerRead | undefined,
  id: { component: ComponentId; source: string } | null,
  ctx: ParseContext,
): Pick<StaticPodDocument, 'component' | 'componentSource' | 'version' | 'image' | 'binaryRange' | 'flags'> {
  const image = c?.image ?? null;
  const v = id ? componentVersion(image, ctx.components.get(id.component)) : null;
  return {
    component: id?.component ?? null,
    componentSource: id?.source ?? null,
    version: v ? { version: v, source: `image ${image ?? ''}`, range: rangeOf(c?.imageNode) } : null,
    image,
    binaryRange: c?.cmd.binary?.range ?? null,
    flags: c?.cmd.flags ?? [],
  };
}

/** The scalar at a path of a map, null when there is none. */
function scalarIn(node: YAMLMap, path: (string | number)[]): Scalar | null {
  const n = node.getIn(path, true);
  return isScalar(n) ? n : null;
}

const POD_KIND_RE = kindLineRegExp('Pod');
const OBJECT_KEY_RE = keyLineRegExp('apiVersion|kind');

function looksLikeKubernetesObject(text: string): boolean {
  return OBJECT_KEY_RE.test(text) || /"(apiVersion|kind)"\s*:/.test(text);
}

export const staticPodParser: FormatParser = {
  kind: 'static-pod',
  detect(text, _fileName, facts) {
    if (POD_KIND_RE.test(text)) return 0.9;
    if (looksLikeKubernetesObject(text) && /containers/.test(text)) return 0.6;
    if (looksLikeKubernetesObject(text)) return 0.3;
    // a container cut out of a manifest: `- command:` / `"command": [` followed by a component
    if (fragmentRe(facts).test(text)) return 0.5;
    return 0;
  },
  parse(ctx: ParseContext) {
    const { file } = ctx;
    const text = file.text;
    const out = renumbered(
      readYamlDocuments(text).flatMap((doc, index) => podDocuments(doc, index, ctx)),
      file.id,
    );
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
