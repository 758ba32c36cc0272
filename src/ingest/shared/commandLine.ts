/**
 * From the words of a command (`kube-apiserver --a=b --c d -v=2`) to flags with source ranges,
 * and the component the command runs; shared by every format that holds commands.
 */
import type { ComponentId, FlagOccurrence, SourceRange } from '../../model/types';
import type { FileId } from '../../model/span';
import type { IngestFacts } from '../../model/components';
import { componentOfBinary, isWrapper } from './recognise';

/** One argument of a command, as found in the source. */
export interface CommandArg {
  text: string;
  /** Range of the whole argument in its file (quotes included). */
  range: SourceRange;
  /** Source offset of each character of text, when known exactly. */
  offsets: number[] | null;
  /** The file the argument is written in (differs from the command's file for `$VAR` expansion). */
  fileId: FileId;
}

export function subRange(arg: CommandArg, from: number, to = arg.text.length): SourceRange {
  if (!arg.offsets || arg.offsets.length !== arg.text.length) return arg.range;
  if (from >= to) {
    const at = arg.offsets[from] ?? arg.range.end;
    return { start: at, end: at };
  }
  // offsets may jump (a word built from a `${VAR}` written elsewhere in the file): span them all
  let s = Infinity;
  let e = -Infinity;
  for (let i = from; i < to; i++) {
    const o = arg.offsets[i];
    if (o === undefined) continue;
    if (o < s) s = o;
    if (o > e) e = o;
  }
  return Number.isFinite(s) ? { start: s, end: e + 1 } : arg.range;
}

/** Offsets for a text that sits verbatim at `start` in the source. */
export function verbatimOffsets(start: number, length: number): number[] {
  return Array.from({ length }, (_, i) => start + i);
}

const FLAG_RE = /^(--?)([A-Za-z0-9][A-Za-z0-9_.-]*)(=)?/;

export interface ParsedCommand {
  flags: FlagOccurrence[];
  /** Arguments that are not flags or flag values (sub-commands, stray words). */
  positional: CommandArg[];
  /** For each flag, the index (in the arguments read) of the argument its name is in. */
  nameArgs: number[];
}

/**
 * Read flags from arguments (without the executable). Forms: `--name=value`, `--name value`
 * (the next argument when it does not start with `-`), bare `--name`, single-dash `-v=2`.
 * A value keeps any further `=` (`--feature-gates=A=true,B=false`).
 */
export function parseFlags(args: readonly CommandArg[]): ParsedCommand {
  const flags: FlagOccurrence[] = [];
  const positional: CommandArg[] = [];
  const nameArgs: number[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg) continue;
    const m = FLAG_RE.exec(arg.text);
    if (!m || arg.text === '--' || arg.text === '-') {
      positional.push(arg);
      continue;
    }
    const dashes = m[1] ?? '--';
    const name = m[2] ?? '';
    const nameEnd = dashes.length + name.length;
    const nameRange = subRange(arg, 0, nameEnd);
    if (m[3]) {
      nameArgs.push(i);
      flags.push({
        name,
        spelled: dashes + name,
        value: arg.text.slice(nameEnd + 1),
        form: 'equals',
        nameRange,
        valueRange: subRange(arg, nameEnd + 1),
        fileId: arg.fileId,
      });
      continue;
    }
    if (nameEnd < arg.text.length) {
      // `-v2` style or trailing junk: keep it whole as the name so it is reported as unknown.
      nameArgs.push(i);
      flags.push({
        name: arg.text.replace(/^-+/, ''),
        spelled: arg.text,
        value: null,
        form: 'bare',
        nameRange: arg.range,
        valueRange: null,
        fileId: arg.fileId,
      });
      continue;
    }
    const next = args[i + 1];
    if (next && !next.text.startsWith('-')) {
      nameArgs.push(i);
      flags.push({
        name,
        spelled: dashes + name,
        value: next.text,
        form: 'separate',
        nameRange,
        valueRange: subRange(next, 0),
        fileId: next.fileId,
      });
      i++;
      continue;
    }
    nameArgs.push(i);
    flags.push({
      name,
      spelled: dashes + name,
      value: null,
      form: 'bare',
      nameRange,
      valueRange: null,
      fileId: arg.fileId,
    });
  }
  return { flags, positional, nameArgs };
}

/** A command read from its words: the executable, the component it runs, its flags. */
export interface Command<A extends CommandArg = CommandArg> extends ParsedCommand {
  /** The first word, unless the words start with a flag (a container's `args` alone). */
  binary: A | null;
  /** The words after the executable (`nameArgs` index them, then the `extra` arguments after them). */
  rest: A[];
  /** The sub-command of a wrapper (`hyperkube apiserver`), which names the component. */
  subcommand: string | null;
  /** The component the executable (or the wrapper's sub-command) starts. */
  component: ComponentId | null;
}

/** Read a command: `words` from the executable on, then `extra` arguments (a container's `args`). */
export function parseCommand<A extends CommandArg>(
  words: readonly A[],
  facts: Pick<IngestFacts, 'components' | 'wrappers'>,
  extra: readonly CommandArg[] = [],
): Command<A> {
  const first = words[0];
  const binary = first && !first.text.startsWith('-') ? first : null;
  const rest = binary ? words.slice(1) : [...words];
  const { flags, positional, nameArgs } = parseFlags([...rest, ...extra]);
  const subcommand = binary && isWrapper(binary.text, facts.wrappers) ? (positional[0]?.text ?? null) : null;
  const component = binary ? componentOfBinary(subcommand ?? binary.text, facts.components) : null;
  return { binary, rest, flags, positional, nameArgs, subcommand, component };
}
