/**
 * `$VAR` and `${VAR}` in the words of a unit's ExecStart: each reference replaced by the value it
 * resolves to (an `Environment=` of the unit, an env file pasted with it or elsewhere in the
 * workspace), the arguments it becomes keeping their place in the file they are written in.
 */
import type { Message } from '../../model/message';
import type { Diagnostic, EnvironmentFileRef, SourceRange, VariableExpansion } from '../../model/types';
import type { FileId } from '../../model/span';
import type { CommandArg } from '../shared/commandLine';
import type { ShellWord } from '../shared/shellWords';
import { splitValueWords, type EnvValue } from './envAssignments';

/** What a `$VAR` resolves to, and whether it came from an EnvironmentFile= of this unit. */
export interface ExternalValue {
  value: EnvValue;
  /** True when the file is one the unit names in EnvironmentFile=; false for a mere name match. */
  referenced: boolean;
}

/** Lookup into environment files elsewhere in the workspace (see expandEnv.ts). */
export type ExternalLookup = (name: string, refs: readonly EnvironmentFileRef[]) => ExternalValue | null;

/** Resolution of the EnvironmentFile= paths of a unit to workspace files (see expandEnv.ts). */
export type EnvFileResolver = (path: string) => FileId | null;

/**
 * How many arguments `$VAR` expansion may add to one command (and MAX_EXPANSION_CHARS how many characters `${VAR}`
 * inside words may add). Far more than any unit writes, so
 * only a value expanded over and over (`$A $A $A ...`) reaches it; the expansions past it are recorded but add
 * nothing (their output would grow with the product of the two lengths). 100,000, not 1,000,000: every argument
 * becomes a flag with its checks, findings and report rows, and a 70 KB unit of `$KUBE_API_ARGS` (100 flags) x
 * 4,700 made 470,000 flags and ran for minutes (fuzz env-bomb/many-refs); 100,000 flags are about what a file at the
 * size limit holds, and take seconds.
 */
export const MAX_EXPANSION = 100_000;
export const MAX_EXPANSION_CHARS = 1_000_000;

const VAR_RE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** An argument of a command, with the variable it came from. */
export interface ExpandedArg extends CommandArg {
  via?: string;
}

export interface Expanded {
  args: ExpandedArg[];
  expansions: VariableExpansion[];
  diagnostics: Diagnostic[];
}

function rangeOfChars(w: ShellWord, from: number, to: number): SourceRange {
  const s = w.offsets[from] ?? w.range.start;
  const e = (w.offsets[to - 1] ?? s) + 1;
  return { start: s, end: e };
}

/** Append from[start, end) to `into` (no spread: an argument list has a size limit far below a 1 MB word's). */
function pushAll(into: number[], from: readonly number[], start: number, end: number): void {
  for (let i = start, e = Math.min(end, from.length); i < e; i++) into.push(from[i] as number);
}

/** Expand `$VAR` (split at whitespace) and `${VAR}` (one word) in command words. */
export function expandWords(
  words: ShellWord[],
  fileId: FileId,
  lookup: (name: string) => EnvValue | null,
  unresolvedMessage: (name: string) => { message: Message; severity: Diagnostic['severity'] },
): Expanded {
  const args: ExpandedArg[] = [];
  const expansions: VariableExpansion[] = [];
  const diagnostics: Diagnostic[] = [];
  const unresolved = (name: string, range: SourceRange) => {
    const { message, severity } = unresolvedMessage(name);
    diagnostics.push({ severity, code: 'unresolved-variable', message, range });
    expansions.push({ name, range, definition: null, argumentCount: 0 });
  };
  let budget = MAX_EXPANSION;
  let chars = MAX_EXPANSION_CHARS;
  const split = new Map<EnvValue, CommandArg[]>();
  for (const w of words) {
    VAR_RE.lastIndex = 0;
    if (!w.text.includes('$')) {
      args.push({ text: w.text, range: w.range, offsets: w.offsets, fileId });
      continue;
    }
    const whole = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(w.text);
    if (whole && whole[1]) {
      const name = whole[1];
      const range = rangeOfChars(w, 0, w.text.length);
      const v = lookup(name);
      if (!v) {
        unresolved(name, range);
        continue;
      }
      let parts = split.get(v);
      if (!parts) split.set(v, (parts = splitValueWords(v)));
      const count = parts.length <= budget ? parts.length : 0;
      budget -= count;
      expansions.push({
        name,
        range,
        definition: { fileId: v.fileId, range: v.valueRange },
        argumentCount: count,
      });
      for (let i = 0; i < count; i++) args.push({ ...(parts[i] as CommandArg), via: name });
      continue;
    }
    // `${VAR}` or `$VAR` inside a word: substituted as one argument
    let text = '';
    let offsets: number[] | null = [];
    let argFile = fileId;
    let last = 0;
    let m: RegExpExecArray | null;
    while ((m = VAR_RE.exec(w.text))) {
      const name = (m[1] ?? m[2]) as string;
      text += w.text.slice(last, m.index);
      if (offsets) pushAll(offsets, w.offsets, last, m.index);
      const range = rangeOfChars(w, m.index, m.index + m[0].length);
      const v = lookup(name);
      if (!v) unresolved(name, range);
      else if (v.text.length > chars) {
        expansions.push({ name, range, definition: { fileId: v.fileId, range: v.valueRange }, argumentCount: 0 });
      } else {
        chars -= v.text.length;
        expansions.push({ name, range, definition: { fileId: v.fileId, range: v.valueRange }, argumentCount: 1 });
        text += v.text;
        if (v.fileId === fileId) {
          if (offsets) pushAll(offsets, v.offsets, 0, v.offsets.length);
        } else if (w.text === m[0]) {
          offsets = [...v.offsets];
          argFile = v.fileId;
        } else offsets = null;
      }
      last = m.index + m[0].length;
    }
    text += w.text.slice(last);
    if (offsets) pushAll(offsets, w.offsets, last, w.offsets.length);
    if (text === '' && w.text !== '') continue; // expanded to nothing
    const range =
      argFile !== fileId && offsets && offsets.length > 0
        ? { start: offsets[0] ?? 0, end: (offsets[offsets.length - 1] ?? 0) + 1 }
        : w.range;
    const arg: ExpandedArg = {
      text,
      range,
      offsets: offsets && offsets.length === text.length ? offsets : null,
      fileId: argFile,
    };
    // a word that is one `${VAR}` alone came from that variable (a word mixing text and variables did not)
    const alone = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(w.text)?.[1];
    if (alone) arg.via = alone;
    args.push(arg);
  }
  return { args, expansions, diagnostics };
}
