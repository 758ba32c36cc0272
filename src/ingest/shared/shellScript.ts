/**
 * The command a shell script runs (`sh -c "..."` in a container, a `|` block of one): the script is cut into simple
 * commands at `;`, `&&`, `||`, `|`, `&` and line breaks, redirections (`1>>/var/log/x.log`, `2>&1`, `> file`) are
 * dropped with their targets, and leading `exec`, `nohup` and `VAR=value` words are skipped. The command that starts
 * a component (or a wrapper such as hyperkube) is the one read; a script that starts none gives its first command.
 * Every word keeps the source offset of each of its characters.
 */
import type { IngestFacts } from '../../model/components';
import type { FileId } from '../../model/span';
import type { CommandArg } from './commandLine';
import { continuationAt, readQuoted, type ReadText } from './quoted';
import { componentOfBinary, isWrapper } from './recognise';

interface Word extends ReadText {
  /** Index in the script of the word's first character (quotes included). */
  start: number;
  end: number;
}

/** The words of one simple command (redirections removed). */
type SimpleCommand = Word[];

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\r';
const SEPARATORS = new Set([';', '&', '|', '\n']);
/** Words before the executable that only change how it runs. */
const LEADERS = new Set(['exec', 'nohup', 'command', 'sudo']);
const ASSIGNMENT_RE = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** The simple commands of a script, each a list of words with the script index of every character. */
export function simpleCommands(script: string): SimpleCommand[] {
  const commands: SimpleCommand[] = [[]];
  let word: Word | null = null;
  /** The next word is the target of a redirection and is dropped. */
  let dropNext = false;
  const finish = () => {
    if (word && (word.text !== '' || word.end > word.start)) {
      if (dropNext) dropNext = false;
      else commands[commands.length - 1]?.push(word);
    }
    word = null;
  };
  let i = 0;
  while (i < script.length) {
    const c = script[i] ?? '';
    const cont = continuationAt(script, i);
    if (cont !== null) {
      i = cont;
      continue;
    }
    if (isSpace(c)) {
      finish();
      i++;
      continue;
    }
    if (c === '#' && word === null) {
      while (i < script.length && script[i] !== '\n') i++;
      continue;
    }
    if (SEPARATORS.has(c)) {
      finish();
      dropNext = false;
      commands.push([]);
      i += script[i + 1] === c && c !== '\n' ? 2 : 1;
      continue;
    }
    if (c === '>' || c === '<') {
      // `2>&1`, `1>>/var/log/x.log`: a word of digits before it is the descriptor
      const w: Word | null = word;
      if (w && /^\d+$/.test(w.text)) word = null;
      else finish();
      i++;
      if (script[i] === c || script[i] === '&' || script[i] === '|') i++;
      dropNext = true;
      continue;
    }
    word ??= { text: '', offsets: [], start: i, end: i };
    if (c === "'" || c === '"') {
      const { next } = readQuoted(script, i, script.length, word);
      i = next;
    } else if (c === '\\' && i + 1 < script.length) {
      word.text += script[i + 1] ?? '';
      word.offsets.push(i + 1);
      i += 2;
    } else {
      word.text += c;
      word.offsets.push(i);
      i++;
    }
    word.end = i;
  }
  finish();
  return commands.filter((cmd) => cmd.length > 0);
}

/** The words of a simple command from its executable on (leaders and variable assignments skipped). */
function fromExecutable(cmd: SimpleCommand): SimpleCommand {
  let k = 0;
  while (k < cmd.length) {
    const w = cmd[k]?.text ?? '';
    if (LEADERS.has(w) || ASSIGNMENT_RE.test(w)) k++;
    else break;
  }
  return cmd.slice(k);
}

/**
 * The words of the command a script runs, as command arguments located in the source: `offsets[i]` is the source
 * offset of the script's character i.
 */
export function scriptCommand(
  script: string,
  offsets: readonly number[],
  fileId: FileId,
  facts: Pick<IngestFacts, 'components' | 'wrappers'>,
): CommandArg[] {
  const commands = simpleCommands(script).map(fromExecutable);
  const runs = commands.find((cmd) => {
    const exe = cmd[0]?.text ?? '';
    return componentOfBinary(exe, facts.components) !== null || isWrapper(exe, facts.wrappers);
  });
  const chosen = runs ?? commands[0] ?? [];
  return chosen.map((w) => {
    const at = (i: number) => offsets[i] ?? offsets[offsets.length - 1] ?? 0;
    return {
      text: w.text,
      range: { start: at(w.start), end: at(w.end - 1) + 1 },
      offsets: w.offsets.map(at),
      fileId,
    };
  });
}
