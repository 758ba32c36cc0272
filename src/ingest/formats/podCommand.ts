/**
 * The command of a Pod's container: `command` and `args` as YAML scalars (with exact offsets when
 * written verbatim), `sh -c "..."` scripts, the component it runs (by command, `component=` label
 * or image), and `"command": [...]` lists cut out of a JSON manifest.
 */
import { message } from '../../model/message';
import { isAlias, isMap, isScalar, isSeq, type Alias, type Document, type Scalar, type YAMLSeq } from 'yaml';
import type { ComponentId, Diagnostic, SourceRange, StaticPodDocument } from '../../model/types';
import type { FileId } from '../../model/span';
import { staticPodDocument } from '../../model/document';
import type { IngestFacts } from '../../model/components';
import { scalarText } from '../../util/strings';
import { parseCommand, verbatimOffsets, type CommandArg, type Command } from '../shared/commandLine';
import { basename, componentOfBinary } from '../shared/recognise';
import { componentOfImage } from '../shared/imageVersion';
import { scalarOffsets } from '../shared/scalarSource';
import { scriptCommand } from '../shared/shellScript';

/**
 * A scalar as a command argument, with the source offset of each character: verbatim text, or a value folded over
 * several lines, escaped or written as a block scalar (scalarOffsets); null offsets when it cannot be told.
 */
export function argFromScalar(node: Scalar, text: string, fileId: FileId): CommandArg {
  const value = scalarText(node.value);
  const [s, e] = node.range ?? [0, 0];
  let offsets: number[] | null;
  if (node.type === 'PLAIN' && text.slice(s, s + value.length) === value) offsets = verbatimOffsets(s, value.length);
  else if (
    (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') &&
    text.slice(s + 1, s + 1 + value.length) === value
  )
    offsets = verbatimOffsets(s + 1, value.length);
  else offsets = scalarOffsets(node, text);
  return { text: value, range: { start: s, end: e }, offsets, fileId };
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash']);

/** Whether a word starts a shell (`/bin/sh`, `bash`). */
export function isShell(word: string): boolean {
  return SHELLS.has(basename(word));
}

/** The command a `sh -c "..."` script runs (shared/shellScript.ts), located in the source. */
export function argsFromShellScript(arg: CommandArg, facts: IngestFacts): CommandArg[] {
  if (!arg.offsets || arg.offsets.length !== arg.text.length) return [arg];
  return scriptCommand(arg.text, arg.offsets, arg.fileId, facts);
}

/** A node, or what a YAML alias (`*name`) points to; `alias` names the alias when there was one. */
function resolved(node: unknown, doc: Document | null): { node: unknown; alias: Alias | null } {
  if (!isAlias(node)) return { node, alias: null };
  return { node: doc ? (node.resolve(doc) ?? null) : null, alias: node };
}

/**
 * The command of a container map: `command` (a list, or a shell script) followed by `args`. A list written as a
 * YAML alias (`command: *apiserver-args`), or items written as aliases, are read from their anchors (their flags
 * are located where the anchor's values are written); a note says so, and a warning when the anchor is missing.
 */
export function readContainerCommand(
  container: unknown,
  text: string,
  fileId: FileId,
  facts: IngestFacts,
  doc: Document | null = null,
  notes: Diagnostic[] = [],
): Command {
  let args: CommandArg[] = [];
  let extra: CommandArg[] = [];
  const read = (key: 'command' | 'args'): unknown => {
    if (!isMap(container)) return null;
    const { node, alias } = resolved(container.get(key, true), doc);
    if (alias) {
      const range = rangeOfNode(alias);
      notes.push(
        node === null
          ? {
              severity: 'warning',
              code: 'yaml-alias',
              message: message('ingest.yaml-alias-unresolved', { field: key, alias: alias.source }),
              range,
            }
          : {
              severity: 'info',
              code: 'yaml-alias',
              message: message('ingest.yaml-alias-command', { field: key, alias: alias.source }),
              range,
            },
      );
    }
    return node;
  };
  const scalars = (seq: YAMLSeq): Scalar[] =>
    seq.items.map((n) => resolved(n, doc).node).filter((n): n is Scalar => isScalar(n));
  const command = read('command');
  const argList = read('args');
  if (isSeq(command)) args = scalars(command).map((n) => argFromScalar(n, text, fileId));
  else if (isScalar(command)) args = argsFromShellScript(argFromScalar(command, text, fileId), facts);
  if (isSeq(argList)) extra = scalars(argList).map((n) => argFromScalar(n, text, fileId));
  return commandOfArgs(args, extra, facts);
}

/**
 * A container's command from its `command` and `args` words: `sh -c "script"` (the script in either list) is the
 * command the script runs, followed by the arguments after the script.
 */
export function commandOfArgs(args: CommandArg[], extra: CommandArg[], facts: IngestFacts): Command {
  const all = [...args, ...extra];
  const script = all[2];
  if (all[0] && isShell(all[0].text) && all[1]?.text === '-c' && script) {
    return parseCommand(argsFromShellScript(script, facts), facts);
  }
  return parseCommand(args, facts, extra);
}

function rangeOfNode(node: Alias): SourceRange {
  const [s, e] = node.range ?? [0, 0];
  return { start: s, end: Math.max(e, s + 1) };
}

/** The component a container runs: by its command, else its Pod's `component=` label, else its image. */
export function identifyContainer(
  cmd: Command,
  label: string | null,
  image: string | null,
  { components }: IngestFacts,
): { component: ComponentId; source: string } | null {
  if (cmd.binary && cmd.component) {
    const binary = basename(cmd.binary.text);
    return {
      component: cmd.component,
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

/** The JSON strings of a `"command": [` list from `i` on; strings without escapes keep exact offsets. */
function jsonStrings(text: string, i: number, fileId: FileId): { args: CommandArg[]; end: number } {
  const args: CommandArg[] = [];
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
  return { args, end: i };
}

/**
 * `"command": [ "kube-apiserver", "--a=b", ... ]` in a piece of a JSON manifest that is not a
 * document on its own (kubeadm 1.5 era, quoted in a blog).
 */
export function jsonCommandDocuments(text: string, fileId: FileId, facts: IngestFacts): StaticPodDocument[] {
  const out: StaticPodDocument[] = [];
  const re = /"command"\s*:\s*\[/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const { args, end } = jsonStrings(text, m.index + m[0].length, fileId);
    if (args.length === 0) continue;
    const { binary, flags, component } = parseCommand(args, facts);
    const index = out.length;
    out.push(
      staticPodDocument({
        fileId,
        index,
        label: 'container fragment',
        range: { start: m.index, end },
        component,
        componentSource: component && binary ? `command ${basename(binary.text)}` : null,
        binaryRange: binary?.range ?? null,
        flags,
        diagnostics: [
          {
            severity: 'info',
            code: 'container-fragment',
            message: message('ingest.json-fragment'),
            range: { start: m.index, end: m.index + m[0].length },
          },
        ],
      }),
    );
  }
  return out;
}
