/**
 * `crictl inspect <id>` and `docker inspect <id>` JSON: the command a container runs, with the source offset of each
 * argument.
 *   - crictl: `info.config.command` + `info.config.args` (what the kubelet asked for), else the OCI
 *     `info.runtimeSpec.process.args`; the image from `status.image.image`; the container name from
 *     `status.metadata.name` or the `io.kubernetes.container.name` label.
 *   - docker: `Path` + `Args`; the image from `Config.Image`; the name from the `io.kubernetes.container.name` label.
 * Several inspected containers (a JSON list, or objects one after another) give a document each; `crictl inspect -o
 * yaml` is read the same way. Environment entries
 * (`NAME=value`) are fields `env[].name` / `env[].value`, so a secret among them is located.
 */
import { message } from '../../model/message';
import { isMap, isScalar, isSeq, type Scalar, type YAMLMap } from 'yaml';
import type { ContainerInspectDocument, FieldOccurrence, SourceRange } from '../../model/types';
import { containerInspectDocument, renumbered } from '../../model/document';
import { scalarText } from '../../util/strings';
import type { FormatParser, ParseContext } from '../format';
import type { CommandArg } from '../shared/commandLine';
import { documentsOrNote } from '../shared/diagnostics';
import { componentVersion } from '../shared/imageVersion';
import { rangeOf, readYamlDocuments, yamlDiagnostics } from '../shared/yamlNodes';
import { argFromScalar, commandOfArgs, identifyContainer } from './podCommand';

/** The node at a path of maps. */
function at(node: unknown, path: readonly string[]): unknown {
  let cur = node;
  for (const key of path) {
    if (!isMap(cur)) return null;
    cur = cur.get(key, true);
  }
  return cur ?? null;
}

const text = (node: unknown): string | null =>
  isScalar(node) && node.value !== null && node.value !== undefined ? scalarText(node.value) : null;

const scalars = (node: unknown): Scalar[] => (isSeq(node) ? node.items.filter((n): n is Scalar => isScalar(n)) : []);

/** `NAME=value` entries (and crictl's `{ key, value }` maps) as `env[].name` / `env[].value` fields. */
function envFields(node: unknown, prefix: string, source: string, out: FieldOccurrence[]): void {
  if (!isSeq(node)) return;
  for (const item of node.items) {
    if (isScalar(item) && typeof item.value === 'string') {
      const r = rangeOf(item);
      const quoted = item.type === 'QUOTE_DOUBLE' || item.type === 'QUOTE_SINGLE' ? 1 : 0;
      const eq = item.value.indexOf('=');
      if (!r || eq <= 0 || source.slice(r.start + quoted, r.start + quoted + item.value.length) !== item.value)
        continue;
      const s = r.start + quoted;
      const nameRange = { start: s, end: s + eq };
      const valueRange = { start: s + eq + 1, end: s + item.value.length };
      out.push({
        path: `${prefix}.env[].name`,
        keyRange: nameRange,
        valueRange: nameRange,
        value: item.value.slice(0, eq),
      });
      out.push({ path: `${prefix}.env[].value`, keyRange: nameRange, valueRange, value: item.value.slice(eq + 1) });
    } else if (isMap(item)) {
      const k = item.get('key', true);
      const v = item.get('value', true);
      if (!isScalar(k) || !isScalar(v)) continue;
      const kr = rangeOf(k);
      const vr = rangeOf(v);
      if (!kr || !vr) continue;
      out.push({ path: `${prefix}.env[].name`, keyRange: kr, valueRange: kr, value: String(k.value) });
      out.push({
        path: `${prefix}.env[].value`,
        keyRange: kr,
        valueRange: unquote(vr, source),
        value: String(v.value),
      });
    }
  }
}

function unquote(r: SourceRange, source: string): SourceRange {
  const q = source[r.start];
  return (q === '"' || q === "'") && r.end - r.start >= 2 ? { start: r.start + 1, end: r.end - 1 } : r;
}

/** The label the kubelet puts on a Pod's containers with the Pod's name (`kube-apiserver-cp-1`). */
const POD_NAME_LABEL = 'io.kubernetes.pod.name';

/** The Pod's name from that label, as the field `metadata.name` (a static Pod's name ends in its node's). */
function podNameField(node: unknown, source: string, out: FieldOccurrence[]): void {
  const value = text(node);
  const r = isScalar(node) ? rangeOf(node) : null;
  if (!value || !r) return;
  const valueRange = unquote(r, source);
  out.push({ path: 'metadata.name', keyRange: valueRange, valueRange, value });
}

/** An image reference with a tag, not an image id (`sha256:...`). */
const isReference = (image: string | null): image is string => image !== null && !image.startsWith('sha256:');

interface Inspected {
  tool: 'crictl' | 'docker';
  command: Scalar[];
  args: Scalar[];
  image: Scalar | null;
  name: string | null;
  fields: FieldOccurrence[];
}

function inspected(map: YAMLMap, source: string): Inspected | null {
  const fields: FieldOccurrence[] = [];
  if (map.has('info') || map.has('status')) {
    const config = at(map, ['info', 'config']);
    const command = scalars(at(config, ['command']));
    const args = scalars(at(config, ['args']));
    const oci = scalars(at(map, ['info', 'runtimeSpec', 'process', 'args']));
    const images = [
      at(map, ['status', 'image', 'image']),
      at(config, ['image', 'image']),
      at(map, ['status', 'image']),
    ];
    const image = images.find((n): n is Scalar => isScalar(n) && isReference(text(n))) ?? null;
    envFields(at(config, ['envs']), 'info.config', source, fields);
    envFields(at(map, ['info', 'runtimeSpec', 'process', 'env']), 'info.runtimeSpec.process', source, fields);
    const name =
      text(at(map, ['status', 'metadata', 'name'])) ??
      text(at(config, ['metadata', 'name'])) ??
      text(at(map, ['status', 'labels', 'io.kubernetes.container.name']));
    const fromConfig = command.length + args.length > 0;
    podNameField(
      at(map, ['status', 'labels', POD_NAME_LABEL]) ?? at(config, ['labels', POD_NAME_LABEL]),
      source,
      fields,
    );
    return { tool: 'crictl', command: fromConfig ? command : oci, args: fromConfig ? args : [], image, name, fields };
  }
  const path = at(map, ['Path']);
  if (!isScalar(path)) return null;
  const imageNode = at(map, ['Config', 'Image']);
  envFields(at(map, ['Config', 'Env']), 'Config', source, fields);
  podNameField(at(map, ['Config', 'Labels', POD_NAME_LABEL]), source, fields);
  return {
    tool: 'docker',
    command: [path],
    args: scalars(at(map, ['Args'])),
    image: isScalar(imageNode) && isReference(text(imageNode)) ? imageNode : null,
    name: text(at(map, ['Config', 'Labels', 'io.kubernetes.container.name'])) ?? text(at(map, ['Name'])),
    fields,
  };
}

/** Where each top-level JSON value starts: `{` or `[` at the start of a line (crictl prints one after another). */
function topLevelParts(source: string): SourceRange[] {
  const starts: number[] = [];
  const re = /^[{[]/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(source))) starts.push(m.index);
  if (starts.length <= 1) return [{ start: 0, end: source.length }];
  return starts.map((s, i) => ({ start: i === 0 ? 0 : s, end: starts[i + 1] ?? source.length }));
}

function parse(ctx: ParseContext) {
  const { file } = ctx;
  const source = file.text;
  const out: ContainerInspectDocument[] = [];
  for (const part of topLevelParts(source)) {
    // each part parsed in place: everything else blanked, offsets kept
    const masked =
      part.start === 0 && part.end === source.length
        ? source
        : source.slice(0, part.start).replace(/[^\n]/g, ' ') +
          source.slice(part.start, part.end) +
          source.slice(part.end).replace(/[^\n]/g, ' ');
    for (const doc of readYamlDocuments(masked)) {
      const diagnostics = yamlDiagnostics(doc, source);
      const root: unknown = doc.contents;
      const items: unknown[] = isSeq(root) ? root.items : [root];
      const maps = items.filter((i): i is YAMLMap => isMap(i));
      let firstOfDoc = true;
      for (const map of maps) {
        const c = inspected(map, source);
        if (!c) continue;
        const cmd = commandOfArgs(
          c.command.map((n) => argFromScalar(n, source, file.id)),
          c.args.map((n): CommandArg => argFromScalar(n, source, file.id)),
          ctx,
        );
        const image = c.image ? String(c.image.value) : null;
        const id = identifyContainer(cmd, c.name, image, ctx);
        const v = id ? componentVersion(image, ctx.components.get(id.component)) : null;
        const range = rangeOf(map) ?? part;
        out.push(
          containerInspectDocument({
            fileId: file.id,
            index: out.length,
            label: `${c.tool} inspect ${c.name ?? ''}`.trim(),
            range,
            component: id?.component ?? null,
            componentSource: id?.source ?? null,
            version: v ? { version: v, source: `image ${image ?? ''}`, range: rangeOf(c.image) } : null,
            image,
            binaryRange: cmd.binary?.range ?? null,
            flags: cmd.flags,
            fields: c.fields,
            diagnostics: firstOfDoc ? diagnostics : [],
          }),
        );
        firstOfDoc = false;
      }
    }
  }
  return documentsOrNote(renumbered(out, file.id), source, {
    severity: 'info',
    code: 'no-inspected-container',
    message: message('ingest.inspect-no-container'),
  });
}

export const containerInspectParser: FormatParser = {
  kind: 'container-inspect',
  detect(source) {
    const sample = source.length > 200_000 ? source.slice(0, 200_000) : source;
    // `crictl inspect -o yaml`: the same objects as YAML, top-level status: and info: with info's runtimeSpec / config
    if (/^status:[ \t]*\r?$/m.test(sample) && /^info:[ \t]*\r?$/m.test(sample))
      return /^ {2}(?:runtimeSpec|config|sandboxID):/m.test(sample) ? 0.9 : 0;
    if (!/^\s*[{[]/.test(sample)) return 0;
    if (/"runtimeSpec"\s*:/.test(sample) || (/"info"\s*:/.test(sample) && /"sandboxID"\s*:/.test(sample))) return 0.9;
    if (/"status"\s*:/.test(sample) && /"info"\s*:/.test(sample) && /"config"\s*:/.test(sample)) return 0.85;
    if (/"Path"\s*:/.test(sample) && /"Args"\s*:/.test(sample) && /"Config"\s*:/.test(sample)) return 0.9;
    return 0;
  },
  parse,
};
