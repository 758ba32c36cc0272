/**
 * `/proc/<pid>/cmdline`: the arguments of a process, each ended by a NUL character, as the file is (uploaded, or
 * `cat` into a file). Also the same pasted from a terminal, where the NULs are gone and the arguments run together
 * (`kube-apiserver--advertise-address=10.0.0.11--allow-privileged=true`): cut before each `--name`; the `cat
 * /proc/<pid>/cmdline` line before and the shell prompt printed right after the last argument are left out. Every
 * argument keeps the source offset of each character.
 */
import { message } from '../../model/message';
import type { ProcCmdlineDocument } from '../../model/types';
import type { FileId } from '../../model/span';
import type { IngestFacts } from '../../model/components';
import { procCmdlineDocument } from '../../model/document';
import type { FormatParser, ParseContext } from '../format';
import { parseCommand, verbatimOffsets, type CommandArg } from '../shared/commandLine';
import { documentsOrNote } from '../shared/diagnostics';
import { basename, commandNamesRegExp } from '../shared/recognise';

const arg = (text: string, start: number, fileId: FileId): CommandArg => ({
  text,
  range: { start, end: start + text.length },
  offsets: verbatimOffsets(start, text.length),
  fileId,
});

/** The arguments of a NUL-separated command line, from `start` to `end`. */
function nulArgs(source: string, start: number, end: number, fileId: FileId): CommandArg[] {
  const out: CommandArg[] = [];
  let i = start;
  while (i < end) {
    let j = source.indexOf('\0', i);
    if (j < 0 || j > end) j = end;
    if (j > i) out.push(arg(source.slice(i, j), i, fileId));
    i = j + 1;
  }
  return out;
}

/** `--name` starting an argument that lost its NUL: after a character that is neither `-` nor `=`. */
const JOINED_RE = /(?<=[^-=\s])--(?=[A-Za-z])/g;

/**
 * The arguments of a command line whose NULs are gone: cut before each `--name` that follows another character,
 * and at blanks (the NULs turned into spaces, `tr '\\0' ' '`).
 */
function joinedArgs(source: string, start: number, end: number, fileId: FileId): CommandArg[] {
  const out: CommandArg[] = [];
  const words = /\S+/g;
  words.lastIndex = start;
  let w: RegExpExecArray | null;
  while ((w = words.exec(source)) && w.index < end) {
    const word = w[0].slice(0, end - w.index);
    const cuts = [0, ...[...word.matchAll(JOINED_RE)].map((m) => m.index), word.length];
    for (let k = 0; k + 1 < cuts.length; k++) {
      const a = cuts[k] ?? 0;
      const b = cuts[k + 1] ?? word.length;
      if (b > a) out.push(arg(word.slice(a, b), w.index + a, fileId));
    }
  }
  return out;
}

/** A component's executable immediately followed by `--name`: the joined form. */
const joinedRe = (facts: IngestFacts) =>
  commandNamesRegExp(facts, (names) => `^\\uFEFF?(?:\\/[\\w./-]*\\/)?(?:${names})--[A-Za-z][\\w.-]*[=-]`, '');

function trimmedEnd(source: string, from = source.length): number {
  let end = from;
  while (end > 0 && /[\s\0]/.test(source[end - 1] ?? '')) end--;
  return end;
}

/** `root@cp-1:~# cat /proc/1234/cmdline` (or `$ sudo cat /proc/$(pidof kubelet)/cmdline`): the command typed. */
const CAT_LINE_RE =
  /^[^\n]*[#$>][ \t]*(?:sudo[ \t]+)?(?:cat|xargs -0[^\n|]*<|tr[^\n|]*<)[ \t]+\/proc\/[^\n]*cmdline[^\n]*\n/;
/**
 * The next prompt, printed right after the arguments (the file ends without a line break): `[root@cp-1 ~]# `,
 * `root@cp-1:~# `, `user@host:/etc$ `. Glued to the last value, a user name cannot be told from it (`--v=2admin@`):
 * `root@` is tried first, then the longest name.
 */
const PROMPTS_AFTER: readonly RegExp[] = [
  /\[[\w.-]+@[\w.-]+[^\]\0\n]*\][#$][ \t]*$/,
  /root@[\w.-]+:[^\s\0]*[#$][ \t]*$/,
  /[\w.-]+@[\w.-]+:[^\s\0]*[#$][ \t]*$/,
];

/** Where the arguments are: after a `cat /proc/<pid>/cmdline` line, before the prompt that followed them. */
function bodyOf(source: string): { start: number; end: number } {
  let start = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  const cat = CAT_LINE_RE.exec(source.slice(start, start + 4096));
  if (cat) start += cat[0].length;
  let end = trimmedEnd(source);
  const tail = source.slice(Math.max(start, end - 512), end);
  for (const re of PROMPTS_AFTER) {
    const prompt = re.exec(tail);
    if (!prompt) continue;
    end = trimmedEnd(source, end - tail.length + prompt.index);
    break;
  }
  return { start, end: Math.max(start, end) };
}

function parse(ctx: ParseContext) {
  const { file } = ctx;
  const source = file.text;
  const { start, end } = bodyOf(source);
  const nul = source.includes('\0');
  const args = nul ? nulArgs(source, start, end, file.id) : joinedArgs(source, start, end, file.id);
  const cmd = parseCommand(args, ctx);
  const docs: ProcCmdlineDocument[] = [];
  if (args.length > 0 && cmd.binary) {
    docs.push(
      procCmdlineDocument({
        fileId: file.id,
        index: 0,
        // the executable's own name only when it is a component's: a text read as a cmdline may hold anything
        label: `${cmd.component ?? 'process'} cmdline`,
        range: { start, end },
        component: cmd.component,
        componentSource: cmd.component
          ? cmd.subcommand
            ? `${basename(cmd.binary.text)} sub-command ${cmd.subcommand}`
            : `command ${basename(cmd.binary.text)}`
          : null,
        binaryRange: cmd.binary.range,
        flags: cmd.flags,
      }),
    );
  }
  return documentsOrNote(docs, source, {
    severity: 'info',
    code: 'no-cmdline',
    message: message('ingest.cmdline-no-command'),
  });
}

/** Whether a text is a NUL-separated command line: printable arguments, each ended by NUL. */
export function isNulCommandLine(text: string): boolean {
  const sample = text.slice(0, 8192);
  if (!sample.includes('\0')) return false;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c < 32 && c !== 0 && c !== 9 && c !== 10 && c !== 13) return false;
    if (c === 0xfffd) return false;
  }
  const first = sample.slice(sample.charCodeAt(0) === 0xfeff ? 1 : 0).split('\0')[0] ?? '';
  return /^[\w./-]+$/.test(first);
}

export const procCmdlineParser: FormatParser = {
  kind: 'proc-cmdline',
  detect(text, _fileName, facts) {
    if (isNulCommandLine(text)) return 0.95;
    const { start, end } = bodyOf(text);
    const line = text.slice(start, end);
    return !/\s/.test(line) && joinedRe(facts).test(line) ? 0.8 : 0;
  },
  parse,
};
