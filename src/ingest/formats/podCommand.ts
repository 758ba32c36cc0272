/**
 * The command of a Pod's container: `command` and `args` as YAML scalars (with exact offsets when
 * written verbatim), `sh -c "..."` scripts, the component it runs (by command, `component=` label
 * or image), and `"command": [...]` lists cut out of a JSON manifest.
 */
import { isMap, isScalar, isSeq, type Scalar } from 'yaml';
import type { ComponentId, StaticPodDocument } from '../../model/types';
import type { FileId } from '../../model/span';
import { staticPodDocument } from '../../model/document';
import type { IngestFacts } from '../../model/components';
import { scalarText } from '../../util/strings';
import { parseCommand, verbatimOffsets, type CommandArg, type Command } from '../shared/commandLine';
import { basename, componentOfBinary } from '../shared/recognise';
import { componentOfImage } from '../shared/imageVersion';
import { isShellOperator, splitShellWords } from '../shared/shellWords';

/** A scalar as a command argument, with exact offsets when its source is verbatim. */
export function argFromScalar(node: Scalar, text: string, fileId: FileId): CommandArg {
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

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash']);

/** Words of a `sh -c "..."` script up to the first redirection or operator. */
function argsFromShellScript(node: Scalar, text: string, fileId: FileId): CommandArg[] {
  const arg = argFromScalar(node, text, fileId);
  if (!arg.offsets) return [arg];
  const start = arg.offsets[0] ?? arg.range.start;
  const { words } = splitShellWords(text, start, start + arg.text.length);
  const out: CommandArg[] = [];
  for (const w of words) {
    if (isShellOperator(w.text)) break;
    out.push({ text: w.text, range: w.range, offsets: w.offsets, fileId });
  }
  return out;
}

/** The command of a container map: `command` (a list, or a shell script) followed by `args`. */
export function readContainerCommand(container: unknown, text: string, fileId: FileId, facts: IngestFacts): Command {
  let args: CommandArg[] = [];
  let extra: CommandArg[] = [];
  if (isMap(container)) {
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
    if (isSeq(argList))
      extra = argList.items.filter((n): n is Scalar => isScalar(n)).map((n) => argFromScalar(n, text, fileId));
  }
  return parseCommand(args, facts, extra);
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
            message: 'This is a piece of a JSON Pod manifest, not a whole one: only its "command" list is read.',
            range: { start: m.index, end: m.index + m[0].length },
          },
        ],
      }),
    );
  }
  return out;
}
