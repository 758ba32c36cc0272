/**
 * `ps -ef` / `ps aux` output and bare command lines: every line that runs a Kubernetes component
 * becomes its own document. The ps columns before the command (UID PID PPID C STIME TTY TIME, or
 * USER PID %CPU ... START TIME) are skipped; the header, `grep --color=auto kube`, shell prompts
 * and unrelated processes (flanneld, coredns, containerd) are ignored. A bare command may run
 * over several lines with `\` continuations and uses shell quoting. A row cut at the terminal's width (the longest
 * rows all end at one column) or ellipsized (`…`) loses its last word, a piece of an argument, and says so: the flags
 * after the cut are unknown.
 */
import { message } from '../../model/message';
import type { CommandLineDocument, ComponentId, Diagnostic, SourceRange } from '../../model/types';
import type { FileId } from '../../model/span';
import { commandLineDocument } from '../../model/document';
import type { IngestFacts } from '../../model/components';
import { parseFlags, type CommandArg } from '../shared/commandLine';
import { basename, commandNamesRegExp, componentOfBinary, componentOfProcess, isWrapper } from '../shared/recognise';
import { isShellOperator, splitShellWords } from '../shared/shellWords';
import type { FormatParser, ParseContext } from '../format';
import { documentsOrNote } from '../shared/diagnostics';
import { isSpaceCode } from '../../util/whitespace';

interface Token {
  text: string;
  start: number;
  end: number;
}

export interface ProcessMatch {
  /** Line start. */
  start: number;
  binary: Token;
  component: ComponentId;
  /** Sub-command of a wrapper (hyperkube), when that is how the component runs. */
  subcommand: string | null;
  pid: number | null;
  /** Columns of ps output came before the command. */
  psColumns: boolean;
}

const BINARY_RE = /^[\w./-]+$/;
const LEADERS = new Set(['sudo', 'exec', 'nohup', '#', '$']);

/** Where a process name may stand on a line: among its first tokens (after ps columns, a prompt or `sudo`). */
const MAX_LEADING_TOKENS = 12;
/** How far after a bare command's name its first flag is looked for (the whole command is read only when it is one). */
const FLAG_LOOKAHEAD = { words: 64, chars: 2048 };

/** The first `max` whitespace-separated tokens of text[start, end), read by index (never past `end`). */
function tokens(text: string, start: number, end: number, max: number): Token[] {
  const out: Token[] = [];
  let i = start;
  while (out.length < max) {
    while (i < end && isSpaceCode(text.charCodeAt(i))) i++;
    if (i >= end) break;
    const s = i;
    while (i < end && !isSpaceCode(text.charCodeAt(i))) i++;
    out.push({ text: text.slice(s, i), start: s, end: i });
  }
  return out;
}

/** The component a process runs: its own process name only (`kube-apiserver`, `/usr/bin/kubelet`, `etcd`) or a wrapper's sub-command. */
function processOf(
  tok: Token,
  next: Token | undefined,
  facts: IngestFacts,
): { component: ComponentId; subcommand: string | null } | null {
  if (!BINARY_RE.test(tok.text)) return null;
  if (isWrapper(tok.text, facts.wrappers) && next) {
    const c = componentOfBinary(next.text, facts.components);
    return c ? { component: c, subcommand: next.text } : null;
  }
  // short aliases among the binaries (`proxy`, `scheduler`) are sub-commands, too common as process names
  const c = componentOfProcess(tok.text, facts.components);
  return c ? { component: c, subcommand: null } : null;
}

/** Whether the tokens before the command look like ps columns (user, pid, ...), a prompt or nothing. */
function prefixKind(prefix: Token[]): 'none' | 'ps' | 'leader' | null {
  if (prefix.length === 0) return 'none';
  if (prefix.some((t) => /[|<>;=]/.test(t.text))) return null;
  const [a, b] = prefix;
  if (prefix.length === 1 && a) {
    // `1633`, or `└─1633` in the CGroup tree of `systemctl status`
    if (/^[└├│─`|-]*\d+$/.test(a.text)) return 'ps';
    return LEADERS.has(a.text) ? 'leader' : null;
  }
  if (prefix.every((t) => LEADERS.has(t.text))) return 'leader';
  if (a && b && /^[\w.+-]+$/.test(a.text) && /^\d+$/.test(b.text) && prefix.length <= 12) return 'ps';
  return null;
}

/** Find the component process a line starts, if any. */
export function matchProcessLine(
  text: string,
  lineStart: number,
  lineEnd: number,
  facts: IngestFacts,
): ProcessMatch | null {
  const toks = tokens(text, lineStart, lineEnd, MAX_LEADING_TOKENS + 2);
  for (let i = 0; i < toks.length && i <= MAX_LEADING_TOKENS; i++) {
    const tok = toks[i] as Token;
    const hit = processOf(tok, toks[i + 1], facts);
    if (!hit) continue;
    const prefix = toks.slice(0, i);
    const kind = prefixKind(prefix);
    if (kind === null) return null;
    // a bare command counts only with flags (maybe on `\`-continued lines): not a word in prose
    if (
      kind !== 'ps' &&
      !splitShellWords(text, tok.start, Math.min(text.length, tok.start + FLAG_LOOKAHEAD.chars), true, {
        maxWords: FLAG_LOOKAHEAD.words,
      })
        .words.slice(1)
        .some((w) => w.text.startsWith('-'))
    )
      return null;
    const pidText = (prefix.length === 1 ? prefix[0]?.text : prefix[1]?.text)?.replace(/^\D+/, '');
    const pid = kind === 'ps' ? Number(pidText) : null;
    return {
      start: lineStart,
      binary: tok,
      component: hit.component,
      subcommand: hit.subcommand,
      pid: Number.isFinite(pid) ? pid : null,
      psColumns: kind === 'ps',
    };
  }
  return null;
}

function lineBounds(text: string, i: number): { end: number; next: number } {
  const n = text.indexOf('\n', i);
  return n < 0 ? { end: text.length, next: text.length } : { end: n, next: n + 1 };
}

/** An ellipsis that `systemctl status`, `htop` or a narrow `ps` put where they cut a line. */
const ELLIPSIS_RE = /(?:\u2026|\.\.\.)$/;
/** Lines shorter than this are not taken as cut at a terminal's width. */
const MIN_CUT_WIDTH = 70;

interface ReadProcess {
  m: ProcessMatch;
  args: CommandArg[];
  range: SourceRange;
  diagnostics: Diagnostic[];
  /** Length of the process's (first) line, without the line break. */
  width: number;
}

/**
 * The width ps output was cut at: the longest length of the ps rows, when two rows or more have it (a terminal
 * cuts every longer row at its width, `ps -ef` without `ww`). Null when nothing says rows were cut.
 */
function cutWidth(read: readonly ReadProcess[], text: string): number | null {
  let max = 0;
  for (const r of read) if (r.m.psColumns && r.width > max) max = r.width;
  if (max < MIN_CUT_WIDTH) return null;
  // two different commands end at that column (the same command twice may well have the same length)
  const commands = new Set<string>();
  for (const r of read)
    if (r.m.psColumns && r.width === max) commands.add(text.slice(r.m.binary.start, r.m.start + r.width));
  return commands.size >= 2 ? max : null;
}

export function processDocuments(text: string, fileId: FileId, facts: IngestFacts): CommandLineDocument[] {
  const read: ReadProcess[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length) {
    const { end, next } = lineBounds(text, i);
    const m = matchProcessLine(text, i, end, facts);
    if (!m) {
      i = next;
      continue;
    }
    // ps prints one process per line; a bare command may continue with `\`
    const { words, unterminatedQuote } = splitShellWords(text, m.binary.start, text.length, true, {
      comments: !m.psColumns,
    });
    const args: CommandArg[] = [];
    for (const w of words) {
      if (isShellOperator(w.text) && !w.quoted) break;
      args.push({ text: w.text, range: w.range, offsets: w.offsets, fileId });
    }
    const lastEnd = Math.max(end, words[words.length - 1]?.range.end ?? end);
    const diagnostics: Diagnostic[] = [];
    if (unterminatedQuote !== null) {
      diagnostics.push({
        severity: 'warning',
        code: 'unterminated-quote',
        message: message('ingest.ps-unclosed-quote'),
        range: { start: unterminatedQuote, end: unterminatedQuote + 1 },
      });
    }
    const width = (text[end - 1] === '\r' ? end - 1 : end) - i;
    read.push({ m, args, range: { start: m.start, end: lastEnd }, diagnostics, width });
    const after = lineBounds(text, lastEnd);
    i = Math.max(next, after.next);
  }
  const width = cutWidth(read, text);
  return read.map((r, index) => {
    const { m, range, diagnostics } = r;
    let args = r.args;
    const last = args[args.length - 1];
    // a line cut by the terminal (all the longest ps rows end at one column) or ellipsized: its last word is
    // a piece of an argument, and what came after it is not known
    const cut =
      args.length > 1 &&
      last !== undefined &&
      (ELLIPSIS_RE.test(last.text) || (m.psColumns && width !== null && r.width === width));
    if (cut) {
      args = args.slice(0, -1);
      diagnostics.push({
        severity: 'warning',
        code: 'command-truncated',
        message: message('ingest.ps-line-cut', { column: r.width, arg: last.text }),
        range: last.range,
      });
    }
    const binary = args[0];
    const rest = args.slice(m.subcommand ? 2 : 1);
    const { flags } = parseFlags(rest);
    const name = basename(m.binary.text);
    return commandLineDocument({
      fileId,
      index,
      label: m.pid !== null ? `${m.component} (pid ${m.pid})` : `${m.component} command line`,
      range,
      component: m.component,
      componentSource: m.subcommand
        ? `${name} sub-command ${m.subcommand}`
        : `${m.psColumns ? 'process' : 'command'} ${name}`,
      binaryRange: binary ? binary.range : { start: m.binary.start, end: m.binary.end },
      flags,
      diagnostics,
    });
  });
}

/** `UID PID PPID C STIME TTY TIME CMD` / `USER PID %CPU ...` header, or lines shaped like ps rows. */
// `^[^\S\r\n\u2028\u2029]*`: the blanks of one line (`^\s*` with the m flag rescans every blank line below each)
const PS_HEADER_RE = /^[^\S\r\n\u2028\u2029]*(UID|USER)\s+PID\s+(PPID|%CPU)\b.*\b(CMD|COMMAND)\s*$/m;
const PS_ROW_RE =
  /^[^\S\r\n\u2028\u2029]*[\w.+-]+\s+\d+\s+(\d+\s+\d+\s+\S+\s+\S+|[\d.]+\s+[\d.]+\s+\d+\s+\d+\s+\S+\s+\S+\s+\S+)\s+[\d:.-]+\s+\S/m;

function parseProcesses(ctx: ParseContext) {
  const { file, components } = ctx;
  const documents = processDocuments(file.text, file.id, ctx);
  return documentsOrNote(documents, file.text, {
    severity: 'info',
    code: 'no-component-process',
    message: message('ingest.ps-no-component', { components: { list: [...components.keys()], join: 'or' } }),
  });
}

export const processListParser: FormatParser = {
  kind: 'command-line',
  detect(text, _fileName, facts) {
    const sample = text.length > 200_000 ? text.slice(0, 200_000) : text;
    // a cheap pre-filter before looking at lines
    const psShaped = PS_HEADER_RE.test(sample) || PS_ROW_RE.test(sample) ? 0.4 : 0;
    if (!commandNamesRegExp(facts, (names) => names).test(sample)) return psShaped;
    let ps = 0;
    let bare = 0;
    let i = 0;
    while (i < sample.length) {
      const { end, next } = lineBounds(sample, i);
      const m = matchProcessLine(sample, i, end, facts);
      if (m) {
        if (m.psColumns) ps++;
        else bare++;
      }
      i = next;
    }
    if (ps > 0) return 0.8;
    if (bare > 0) return 0.7;
    return psShaped;
  },
  parse: parseProcesses,
};
