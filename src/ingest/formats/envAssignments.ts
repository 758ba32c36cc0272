/**
 * The syntax of environment files as systemd reads them (`EnvironmentFile=`): `KEY=value` lines,
 * quotes, escapes and `\`-newline continuations, `#` / `;` comments, and the `vim /path` line of a
 * blog paste naming the file. Every character of a value keeps its source offset, so a flag a unit
 * expands from `$KUBE_API_ARGS` still points at the place in this file where it is written.
 */
import { message, type Message } from '../../model/message';
import type { SourceRange } from '../../model/types';
import type { FileId } from '../../model/span';
import type { CommandArg } from '../shared/commandLine';
import { continuationAt, readQuoted, type ReadText } from '../shared/quoted';

/** A variable's value with the source offset of each character. */
export interface EnvValue {
  name: string;
  /** Value after quote removal and line continuations. */
  text: string;
  /** Source offset of each character of `text`. */
  offsets: number[];
  fileId: FileId;
  nameRange: SourceRange;
  /** Range of the value as written (quotes included). */
  valueRange: SourceRange;
}

export interface EnvAssignment extends EnvValue {
  /** The whole `KEY=value` statement. */
  range: SourceRange;
}

export interface EnvProblem {
  range: SourceRange;
  message: Message;
}

/** A line such as `vim /etc/kubernetes/apiserver` that names the file pasted after it. */
export interface FileHeader {
  path: string;
  range: SourceRange;
}

export interface EnvParseResult {
  assignments: EnvAssignment[];
  problems: EnvProblem[];
  headers: FileHeader[];
}

const HEADER_RE =
  /^[ \t]*(?:(?:[#$]|\S+[#$])[ \t]*)?(?:sudo[ \t]+)?(?:vim?|nano|cat|less|more|view|emacs|gedit|edit)[ \t]+(\/?[\w.@/-]+)[ \t]*$/;

/** The header of a file in a bundle of public/collect.sh. */
const BUNDLE_HEADER_RE = /^#### kube-explainer file host=\S+ path=(\/\S+)[ \t]*$/;

/**
 * `vim /path`, `# cat /path`, `root@host:~# cat /path`: the editor or cat line of a blog paste; the header line of
 * a file in a collector bundle.
 */
export function matchFileHeader(line: string): string | null {
  const b = BUNDLE_HEADER_RE.exec(line);
  if (b?.[1]) return b[1];
  const m = HEADER_RE.exec(line);
  return m && m[1] && /[/.]/.test(m[1]) ? m[1] : null;
}

const isBlank = (c: string | undefined) => c === ' ' || c === '\t';
const isNameStart = (c: string) => /[A-Za-z_]/.test(c);
const isNameChar = (c: string) => /[A-Za-z0-9_]/.test(c);

const LINE_BREAK_RE = /[\n\r]/g;

/** Where the line at `i` ends: at `\n` or `\r` (systemd's env file reader breaks lines at either, so a file saved
 * with old Mac line ends is still one assignment a line). A forward search: linear over the file. */
function lineEnd(text: string, i: number, end: number): number {
  LINE_BREAK_RE.lastIndex = i;
  const n = LINE_BREAK_RE.exec(text)?.index ?? -1;
  return n < 0 || n > end ? end : n;
}

/**
 * Parse `KEY=value` statements the way systemd's environment file reader does: `#` and `;`
 * comment lines, optional `export`, double quotes (with `\"`, `\\`, `\$`, `` \` `` escapes and
 * `\`-newline continuations; plain newlines kept), single quotes, unquoted values to the end of
 * the line (trailing blanks dropped, `\`-newline continues). Never throws.
 */
export function parseEnvAssignments(text: string, fileId: FileId, start = 0, end = text.length): EnvParseResult {
  const assignments: EnvAssignment[] = [];
  const problems: EnvProblem[] = [];
  const headers: FileHeader[] = [];
  let i = start;
  if (i === 0 && text.charCodeAt(0) === 0xfeff) i = 1;
  while (i < end) {
    // start of a line
    while (i < end && (isBlank(text[i]) || text[i] === '\r')) i++;
    if (i >= end) break;
    const c = text[i] ?? '';
    if (c === '\n') {
      i++;
      continue;
    }
    const le = lineEnd(text, i, end);
    const lineText = text.slice(i, le).replace(/\r$/, '');
    if (/^(~~~|```)/.test(lineText)) {
      i = le + 1; // the fence of a Markdown code block it was copied from
      continue;
    }
    if (c === '#' || c === ';') {
      const path = matchFileHeader(lineText);
      if (path) headers.push({ path, range: { start: i, end: i + lineText.length } });
      i = le + 1;
      continue;
    }
    const headerPath = matchFileHeader(lineText);
    if (headerPath) {
      headers.push({ path: headerPath, range: { start: i, end: i + lineText.length } });
      i = le + 1;
      continue;
    }
    const stmtStart = i;
    let k = i;
    if (text.startsWith('export', k) && isBlank(text[k + 6])) {
      k += 6;
      while (k < le && isBlank(text[k])) k++;
    }
    const nameStart = k;
    if (k < le && isNameStart(text[k] ?? '')) {
      k++;
      while (k < le && isNameChar(text[k] ?? '')) k++;
    }
    const nameEnd = k;
    while (k < le && isBlank(text[k])) k++;
    if (nameEnd === nameStart || text[k] !== '=') {
      problems.push({
        range: { start: stmtStart, end: Math.max(stmtStart + 1, stmtStart + lineText.length) },
        message: message('ingest.env-not-assignment'),
      });
      i = le + 1;
      continue;
    }
    const name = text.slice(nameStart, nameEnd);
    k++; // '='
    while (k < end && isBlank(text[k])) k++;
    const valueStart = k;
    const value: ReadText = { text: '', offsets: [] };
    let trailingBlank = 0; // unquoted blanks at the end, dropped
    let atSegmentStart = true;
    let closed = true;
    while (k < end) {
      const ch = text[k] ?? '';
      if (ch === '\n' || ch === '\r') break;
      const cont = continuationAt(text, k);
      if (cont !== null) {
        k = cont;
        continue;
      }
      if (atSegmentStart && (ch === '"' || ch === "'")) {
        const open = k;
        ({ next: k, closed } = readQuoted(text, open, end, value));
        trailingBlank = 0;
        if (!closed) {
          problems.push({
            range: { start: open, end: open + 1 },
            message: message('ingest.env-unclosed-quote', { name }),
          });
          break;
        }
        // `KEY="..." # comment`: the rest of the line is a comment
        let r = k;
        while (r < end && isBlank(text[r])) r++;
        if (r >= end || text[r] === '\n' || text[r] === '\r' || text[r] === '#') {
          k = lineEnd(text, r, end);
          break;
        }
        continue;
      }
      atSegmentStart = false;
      if (ch === '\\' && k + 1 < end && text[k + 1] !== '\n' && text[k + 1] !== '\r') {
        value.text += text[k + 1];
        value.offsets.push(k + 1);
        k += 2;
        trailingBlank = 0;
        continue;
      }
      value.text += ch;
      value.offsets.push(k);
      trailingBlank = isBlank(ch) ? trailingBlank + 1 : 0;
      k++;
    }
    if (trailingBlank > 0) {
      value.text = value.text.slice(0, value.text.length - trailingBlank);
      value.offsets.length = value.text.length;
    }
    let valueEnd = k;
    if (valueEnd > valueStart && text[valueEnd - 1] === '\r') valueEnd--;
    while (valueEnd > valueStart && isBlank(text[valueEnd - 1]) && closed) valueEnd--;
    assignments.push({
      name,
      text: value.text,
      offsets: value.offsets,
      fileId,
      nameRange: { start: nameStart, end: nameEnd },
      valueRange: { start: valueStart, end: Math.max(valueStart, valueEnd) },
      range: { start: stmtStart, end: Math.max(valueEnd, nameEnd + 1) },
    });
    i = k < end && text[k] === '\r' ? k + 1 : k;
  }
  return { assignments, problems, headers };
}

/**
 * The arguments a value becomes when systemd expands `$NAME` as a word of its own: the value
 * split at whitespace (quotes inside the value are not special any more).
 */
export function splitValueWords(v: Pick<EnvValue, 'text' | 'offsets' | 'fileId'>): CommandArg[] {
  const out: CommandArg[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(v.text))) {
    const offsets = v.offsets.slice(m.index, m.index + m[0].length);
    const first = offsets[0] ?? 0;
    const last = offsets[offsets.length - 1] ?? first;
    out.push({ text: m[0], range: { start: first, end: last + 1 }, offsets, fileId: v.fileId });
  }
  return out;
}
