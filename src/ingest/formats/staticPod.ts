/**
 * Static Pod manifests (`/etc/kubernetes/manifests/*.yaml`, and the JSON manifests of kubeadm 1.5),
 * several per file when separated by `---`. Every key becomes a FieldOccurrence; the container's
 * command and args become flags with exact source ranges.
 */
import { scalarText } from '../../util/strings';
import {
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  type Document,
  type Node as YamlNode,
  type Scalar,
  type YAMLMap,
} from 'yaml';
import type {
  ComponentId,
  Diagnostic,
  FieldOccurrence,
  FlagOccurrence,
  SourceDocument,
  SourceRange,
} from '../../model/types';
import type { IngestFacts } from '../../model/components';
import { parseFlags, verbatimOffsets, type CommandArg } from '../shared/commandLine';
import { alternation, basename, commandNames, componentOfBinary, isWrapper } from '../shared/recognise';
import { componentOfImage, parseImage, versionOfTag } from '../shared/imageVersion';
import { splitShellWords } from '../shared/shellWords';
import type { FormatParser, ParseContext } from '../format';
import { documentDefaults } from '../../model/document';

/**
 * The text to hand the YAML parser: a leading UTF-8 BOM becomes a line break (same length, so
 * every offset stays right); the yaml package rejects a BOM followed by a `- ` sequence item.
 */
export function yamlSource(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? `\n${text.slice(1)}` : text;
}

/** A YAML error position as a range inside the text (errors at the end point past it). */
export function errorRange(pos: readonly [number, number], length: number): SourceRange {
  const start = Math.min(Math.max(0, pos[0]), length);
  return { start, end: Math.min(Math.max(pos[1], start + 1), length) };
}

function rangeOf(node: YamlNode | null | undefined): SourceRange | null {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : null;
}

/** A scalar as a command argument, with exact offsets when its source is verbatim. */
export function argFromScalar(node: Scalar, text: string, fileId: string): CommandArg {
  const value = scalarText(node.value);
  const [s, e] = node.range ?? [0, 0];
  let offsets: number[] | null = null;
  if (node.type === 'PLAIN' && text.slice(s, s + value.length) === value) offsets = verbatimOffsets(s, value.length);
  else if (
    (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') &&
    text.slice(s + 1, s + 1 + value.length) === value
  )
    offsets = verbatimOffsets(s + 1, value.length);
  return { text: value, range: { start: s, end: e }, offsets, fileId };
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

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash']);
const SHELL_STOP = /^(\d?>>?|\d?>&\d|<|\||\|\||&&|;|&)/;

/** Words of a `sh -c "..."` script up to the first redirection or operator. */
function argsFromShellScript(node: Scalar, text: string, fileId: string): CommandArg[] {
  const arg = argFromScalar(node, text, fileId);
  if (!arg.offsets) return [arg];
  const start = arg.offsets[0] ?? arg.range.start;
  const { words } = splitShellWords(text, start, start + arg.text.length);
  const out: CommandArg[] = [];
  for (const w of words) {
    if (SHELL_STOP.test(w.text)) break;
    out.push({ text: w.text, range: w.range, offsets: w.offsets, fileId });
  }
  return out;
}

interface ContainerCommand {
  binary: CommandArg | null;
  flags: FlagOccurrence[];
  subcommand: string | null;
}

function readContainerCommand(
  container: unknown,
  text: string,
  fileId: string,
  wrappers: readonly string[],
): ContainerCommand {
  if (!isMap(container)) return { binary: null, flags: [], subcommand: null };
  let args: CommandArg[] = [];
  const command = container.get('command', true);
  if (isSeq(command)) {
    const items = command.items.filter((n): n is Scalar => isScalar(n));
    const first = items[0];
    if (first && SHELLS.has(basename(String(first.value))) && items[1]?.value === '-c' && items[2]) {
      args = argsFromShellScript(items[2], text, fileId);
    } else {
      args = items.map((n) => argFromScalar(n, text, fileId));
    }
  } else if (isScalar(command)) {
    args = argsFromShellScript(command, text, fileId);
  }
  const argList = container.get('args', true);
  const extra = isSeq(argList)
    ? argList.items.filter((n): n is Scalar => isScalar(n)).map((n) => argFromScalar(n, text, fileId))
    : [];
  const binary = args[0] && !args[0].text.startsWith('-') ? args[0] : null;
  const rest = binary ? args.slice(1) : args;
  const { flags, positional } = parseFlags([...rest, ...extra]);
  const subcommand = binary && isWrapper(binary.text, wrappers) ? (positional[0]?.text ?? null) : null;
  return { binary, flags, subcommand };
}

function scalarAt(doc: Document, path: (string | number)[]): Scalar | null {
  const n = doc.getIn(path, true);
  return isScalar(n) ? n : null;
}

function identify(
  cmd: ContainerCommand,
  label: string | null,
  image: string | null,
  { components }: IngestFacts,
): { component: ComponentId; source: string } | null {
  if (cmd.binary) {
    const name = cmd.subcommand ?? cmd.binary.text;
    const c = componentOfBinary(name, components);
    const binary = basename(cmd.binary.text);
    if (c)
      return {
        component: c,
        source: cmd.subcommand ? `${binary} sub-command ${cmd.subcommand}` : `command ${binary}`,
      };
  }
  if (label) {
    const c = componentOfBinary(label, components);
    if (c) return { component: c, source: `label component=${label}` };
  }
  if (image) {
    const c = componentOfImage(image, components);
    if (c) return { component: c, source: `image ${image}` };
  }
  return null;
}

function looksLikeKubernetesObject(text: string): boolean {
  return /^\s*["']?(apiVersion|kind)["']?\s*:/m.test(text) || /"(apiVersion|kind)"\s*:/.test(text);
}

/** `- command:` / `"command": [` followed by a component's command: a container cut out of a manifest. */
const fragmentRe = (facts: IngestFacts) =>
  new RegExp(
    `^[ \\t\\uFEFF]*(?:-[ \\t]+)?["']?command["']?[ \\t]*:[ \\t]*\\[?[ \\t]*(?:#.*)?\\r?\\n?[ \\t]*(?:-[ \\t]+)?["']?(?:\\/?[\\w./-]*\\/)?(?:${alternation(commandNames(facts))})\\b`,
    'm',
  );

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
    const { file, components } = ctx;
    const text = file.text;
    const docs = parseAllDocuments(yamlSource(text), { prettyErrors: false, uniqueKeys: false });
    const list = Array.isArray(docs) ? docs : [];
    const out: SourceDocument[] = [];
    list.forEach((doc, index) => {
      const range: SourceRange = { start: doc.range[0], end: doc.range[2] };
      const diagnostics: Diagnostic[] = [];
      for (const err of [...doc.errors, ...doc.warnings]) {
        const [s, e] = err.pos;
        diagnostics.push({
          severity: doc.errors.includes(err) ? 'error' : 'warning',
          code: 'yaml-syntax',
          message: `YAML: ${err.message.split('\n')[0]}`,
          range: errorRange([s, e], text.length),
        });
      }
      const base: SourceDocument = {
        id: `${file.id}#${index}`,
        fileId: file.id,
        index,
        kind: 'static-pod',
        label: `document ${index + 1}`,
        range,
        ...documentDefaults(),
        diagnostics,
      };
      const contents = doc.contents;
      if (contents === null || (isScalar(contents) && (contents.value === null || contents.value === ''))) {
        if (diagnostics.length > 0) out.push(base);
        return; // empty document between `---` separators
      }
      collectFields(contents, '', base.fields);
      const fragment = containerOfFragment(contents);
      if (fragment) {
        // `- command: [kube-apiserver, ...]` cut out of a manifest (a blog, an answer): read the container alone
        const imageNode = fragment.get('image', true) as unknown;
        const image = isScalar(imageNode) ? String(imageNode.value) : null;
        const cmd = readContainerCommand(fragment, text, file.id, ctx.wrappers);
        const id = identify(cmd, null, image, ctx);
        out.push({
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
              message:
                'This is a container cut out of a Pod manifest (no apiVersion, kind or metadata): its command is read on its own.',
              range: rangeOf(contents) ?? range,
            },
          ],
        });
        return;
      }
      if (!isMap(contents)) {
        if (diagnostics.length === 0) {
          diagnostics.push({
            severity: 'error',
            code: 'not-a-pod',
            message:
              'This document is not a YAML map, so it cannot be a Pod manifest (expected keys apiVersion, kind, metadata, spec).',
            range: rangeOf(contents) ?? range,
          });
        }
        out.push({ ...base, kind: 'unknown' });
        return;
      }
      const kindNode = scalarAt(doc, ['kind']);
      const kind = kindNode ? String(kindNode.value) : null;
      const containers = doc.getIn(['spec', 'containers'], true);
      if (kind !== 'Pod' && !(kind === null && isSeq(containers))) {
        diagnostics.push({
          severity: 'warning',
          code: 'not-a-pod',
          message: kind
            ? `This document is a ${kind}, not a Pod. kube-explainer reads static Pod manifests (kind: Pod); its keys are listed but its flags are not checked.`
            : 'This document has no "kind" and no spec.containers: it does not look like a Pod manifest.',
          range: rangeOf(kindNode) ?? rangeOf(contents) ?? range,
        });
        out.push({ ...base, kind: 'unknown', label: kind ?? base.label });
        return;
      }
      const name = scalarAt(doc, ['metadata', 'name'])?.value;
      const label = scalarAt(doc, ['metadata', 'labels', 'component'])?.value;
      const first = isSeq(containers) ? containers.items[0] : null;
      if (!isSeq(containers) || !first) {
        diagnostics.push({
          severity: 'error',
          code: 'pod-without-containers',
          message: 'This Pod has no spec.containers list, so there is no command to explain.',
          range: rangeOf(kindNode) ?? range,
        });
      }
      const imageNode = isMap(first) ? (first.get('image', true) as unknown) : null;
      const image = isScalar(imageNode) ? String(imageNode.value) : null;
      const cmd = readContainerCommand(first, text, file.id, ctx.wrappers);
      const id = identify(cmd, label === undefined || label === null ? null : scalarText(label), image, ctx);
      const tag = image ? parseImage(image).tag : null;
      const v = versionOfTag(tag);
      const comp = id ? components.get(id.component) : undefined;
      // hyperkube images carry the Kubernetes version; an etcd image tag is an etcd version.
      const versionFits =
        v !== null && comp !== undefined && (comp.versioning === 'etcd' ? v.startsWith('3.') : v.startsWith('1.'));
      out.push({
        ...base,
        label: `Pod ${name === undefined || name === null ? '(no name)' : scalarText(name)}`,
        component: id?.component ?? null,
        componentSource: id?.source ?? null,
        version:
          versionFits && v
            ? { version: v, source: `image ${image ?? ''}`, range: rangeOf(imageNode as YamlNode) }
            : null,
        image,
        binaryRange: cmd.binary?.range ?? null,
        flags: cmd.flags,
      });
    });
    if (!out.some((d) => d.kind === 'static-pod')) {
      const arrays = jsonCommandDocuments(text, file.id, ctx);
      if (arrays.length > 0) return { documents: arrays, diagnostics: [] };
    }
    if (out.length === 0) {
      // only comments and `---` separators: say so rather than nothing
      return {
        documents: out,
        diagnostics: [
          {
            severity: 'info',
            code: 'no-documents',
            message: 'This file holds no YAML document, only comments or separators.',
            range: errorRange([0, 1], text.length),
          },
        ],
      };
    }
    return { documents: out, diagnostics: [] };
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

/**
 * `"command": [ "kube-apiserver", "--a=b", ... ]` in a piece of a JSON manifest that is not a
 * document on its own (kubeadm 1.5 era, quoted in a blog). Strings without escapes keep exact offsets.
 */
export function jsonCommandDocuments(text: string, fileId: string, facts: IngestFacts): SourceDocument[] {
  const out: SourceDocument[] = [];
  const re = /"command"\s*:\s*\[/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const args: CommandArg[] = [];
    let i = m.index + m[0].length;
    for (;;) {
      while (i < text.length && /[\s,]/.test(text[i] ?? '')) i++;
      if (text[i] !== '"') break;
      const start = i;
      let value = '';
      const offsets: number[] = [];
      i++;
      while (i < text.length && text[i] !== '"' && text[i] !== '\n') {
        if (text[i] === '\\' && i + 1 < text.length) {
          const e = text[i + 1] ?? '';
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          offsets.push(i + 1);
          i += 2;
          continue;
        }
        value += text[i];
        offsets.push(i);
        i++;
      }
      if (text[i] !== '"') break;
      i++;
      args.push({ text: value, range: { start, end: i }, offsets, fileId });
    }
    if (args.length === 0) continue;
    const binary = args[0] && !args[0].text.startsWith('-') ? args[0] : null;
    const { flags, positional } = parseFlags(binary ? args.slice(1) : args);
    const sub = binary && isWrapper(binary.text, facts.wrappers) ? (positional[0]?.text ?? null) : null;
    const component = binary ? componentOfBinary(sub ?? binary.text, facts.components) : null;
    const index = out.length;
    out.push({
      id: `${fileId}#${index}`,
      fileId,
      index,
      kind: 'static-pod',
      label: 'container fragment',
      range: { start: m.index, end: i },
      component,
      componentSource: component && binary ? `command ${basename(binary.text)}` : null,
      version: null,
      image: null,
      binaryRange: binary?.range ?? null,
      flags,
      fields: [],
      diagnostics: [
        {
          severity: 'info',
          code: 'container-fragment',
          message: 'This is a piece of a JSON Pod manifest, not a whole one: only its "command" list is read.',
          range: { start: m.index, end: m.index + m[0].length },
        },
      ],
    });
  }
  return out;
}
