/**
 * The syntax of systemd unit files: blocks (one per unit pasted, with the header line naming its
 * path), `[Section]`s, `Key=value` directives with `\`-continued values and comment lines inside
 * them, the words of a value as systemd splits them, `Environment=` assignments and
 * `EnvironmentFile=` references. An env file pasted among the units is a block of its own.
 */
import { message, type Message } from '../../model/message';
import type { EnvironmentFileRef, SourceRange } from '../../model/types';
import type { FileId } from '../../model/span';
import { basename } from '../shared/recognise';
import { splitShellWords, type ShellWord } from '../shared/shellWords';
import { matchFileHeader, type EnvValue } from './envAssignments';

export interface Directive {
  section: string;
  key: string;
  keyRange: SourceRange;
  /** Physical pieces of the value (continuation backslashes and comment lines left out). */
  segments: SourceRange[];
  /** The value as systemd sees it: pieces joined with a space. */
  value: string;
  range: SourceRange;
}

export interface UnitBlock {
  /** Path or name from a header line (`# /etc/systemd/system/kubelet.service.d/10-kubeadm.conf`). */
  path: string | null;
  range: SourceRange;
  sections: string[];
  directives: Directive[];
  problems: { range: SourceRange; message: Message }[];
  /** An environment file pasted among the units (`vim /etc/kubernetes/apiserver` then `KEY="..."` lines). */
  env: boolean;
}

const SECTION_RE = /^\[([^\]\r\n]+)\][ \t]*$/;
const UNIT_PATH_RE = /^[#;][ \t]*(\/[\w.@/-]+\.(?:service|conf|socket|target|timer|mount|path))[ \t]*$/;
export const UNIT_FILE_RE = /\.(service|socket|target|timer|mount|path)$|\.service\.d\/|\.conf$/;

const isBlank = (c: string | undefined) => c === ' ' || c === '\t';

interface PhysLine {
  start: number;
  /** End without the line break (and without a trailing `\r`). */
  end: number;
  next: number;
}

function physLine(text: string, i: number): PhysLine {
  const n = text.indexOf('\n', i);
  const next = n < 0 ? text.length : n + 1;
  let end = n < 0 ? text.length : n;
  if (end > i && text[end - 1] === '\r') end--;
  return { start: i, end, next };
}

function trimRange(text: string, start: number, end: number): SourceRange {
  let s = start;
  let e = end;
  while (s < e && isBlank(text[s])) s++;
  while (e > s && isBlank(text[e - 1])) e--;
  return { start: s, end: e };
}

/** Split text into unit blocks (one per unit pasted) of sections and directives. Never throws. */
export function readUnitBlocks(text: string): UnitBlock[] {
  const blocks: UnitBlock[] = [];
  let cur: UnitBlock | null = null;
  let pendingPath: { path: string; start: number } | null = null;
  let section = '';
  const startBlock = (at: number): UnitBlock => {
    const b: UnitBlock = {
      path: pendingPath?.path ?? null,
      range: { start: pendingPath?.start ?? at, end: at },
      sections: [],
      directives: [],
      problems: [],
      env: false,
    };
    pendingPath = null;
    blocks.push(b);
    section = '';
    return b;
  };
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length) {
    const line = physLine(text, i);
    const t = trimRange(text, line.start, line.end);
    const content = text.slice(t.start, t.end);
    if (content === '' || /^(~~~|```)/.test(content)) {
      // blank, or the fence of a Markdown code block the unit was copied from
      i = line.next;
      continue;
    }
    // the header of a collector bundle's file starts a block of any file (a unit or an env file), as `vim /path` does
    const bundled = content.startsWith('#### kube-explainer file ') ? matchFileHeader(content) : null;
    if (bundled) {
      if (cur && (cur.sections.length > 0 || cur.directives.length > 0)) cur = null;
      if (cur) cur.path = bundled;
      else pendingPath = { path: bundled, start: t.start };
      i = line.next;
      continue;
    }
    if (content[0] === '#' || content[0] === ';') {
      const m = UNIT_PATH_RE.exec(content);
      const path = m?.[1] ?? matchFileHeader(content);
      if (path && UNIT_FILE_RE.test(path)) {
        if (cur && (cur.sections.length > 0 || cur.directives.length > 0)) cur = null;
        pendingPath = { path, start: t.start };
        if (cur && cur.sections.length === 0 && cur.directives.length === 0) {
          cur.path = path;
          pendingPath = null;
        }
      }
      i = line.next;
      continue;
    }
    const header = matchFileHeader(content);
    if (header) {
      if (cur && (cur.sections.length > 0 || cur.directives.length > 0)) cur = null;
      if (cur) cur.path = header;
      else pendingPath = { path: header, start: t.start };
      i = line.next;
      continue;
    }
    const sec = SECTION_RE.exec(content);
    if (sec) {
      const name = sec[1] ?? '';
      if (cur && (cur.sections.includes(name) || (name === 'Unit' && cur.sections.length > 0))) cur = null;
      cur ??= startBlock(t.start);
      cur.sections.push(name);
      section = name;
      cur.range.end = t.end;
      i = line.next;
      continue;
    }
    cur ??= startBlock(t.start);
    const eq = content.indexOf('=');
    const keyText = eq > 0 ? content.slice(0, eq).trim() : '';
    if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(keyText)) {
      cur.problems.push({
        range: t,
        message: message('ingest.unit-bad-line'),
      });
      cur.range.end = t.end;
      i = line.next;
      continue;
    }
    const keyRange = { start: t.start, end: t.start + keyText.length };
    // the value, with continuation lines
    let vs = t.start + eq + 1;
    while (vs < line.end && isBlank(text[vs])) vs++;
    const segments: SourceRange[] = [];
    let segStart = vs;
    let ln = line;
    let lastEnd = t.end;
    for (;;) {
      let e = ln.end;
      while (e > segStart && isBlank(text[e - 1])) e--;
      const continued = e > segStart && text[e - 1] === '\\';
      const segEnd = continued ? e - 1 : e;
      segments.push({ start: segStart, end: segEnd });
      lastEnd = Math.max(lastEnd, e);
      if (!continued || ln.next >= text.length) break;
      // next physical line: comment lines inside a continuation are skipped
      let nx = physLine(text, ln.next);
      let tn = trimRange(text, nx.start, nx.end);
      while ((text[tn.start] === '#' || text[tn.start] === ';') && nx.next < text.length && tn.end > tn.start) {
        nx = physLine(text, nx.next);
        tn = trimRange(text, nx.start, nx.end);
      }
      if (text[tn.start] === '#' || text[tn.start] === ';') {
        ln = nx;
        break;
      }
      ln = nx;
      segStart = tn.start;
    }
    const value = segments
      .map((s) => text.slice(s.start, s.end).trim())
      .filter((s) => s !== '')
      .join(' ');
    cur.directives.push({ section, key: keyText, keyRange, segments, value, range: { start: t.start, end: lastEnd } });
    if (section === '')
      cur.problems.push({ range: keyRange, message: message('ingest.unit-outside-section', { key: keyText }) });
    cur.range.end = Math.max(cur.range.end, lastEnd);
    i = ln.next;
  }
  for (const b of blocks) {
    // no [Section], only KEY=value lines, under a name that is not a unit's: an env file
    const envLike = b.directives.length > 0 && b.directives.every((d) => /^[A-Z_][A-Z0-9_]*$/.test(d.key));
    b.env = b.sections.length === 0 && b.directives.length > 0 && (b.path ? !UNIT_FILE_RE.test(b.path) : envLike);
    if (b.env) b.problems = [];
  }
  return blocks;
}

/** Where a directive's value is written (from its first piece to its last). */
export function valueRangeOf(d: Directive): SourceRange {
  const first = d.segments[0];
  const last = d.segments[d.segments.length - 1];
  return {
    start: first?.start ?? d.keyRange.end,
    end: Math.max(last?.end ?? d.keyRange.end, first?.start ?? d.keyRange.end),
  };
}

/** Words of a directive value, split like systemd does (quotes, escapes; `#` is not special). */
export function directiveWords(text: string, d: Directive): ShellWord[] {
  const words: ShellWord[] = [];
  for (const seg of d.segments)
    for (const w of splitShellWords(text, seg.start, seg.end, true, { comments: false }).words) words.push(w); // no spread: 1 MB of words
  return words;
}

/** `Environment="A=--x=1 --y=2" B=3`: each assignment with the offsets of its value. */
export function environmentAssignments(text: string, d: Directive, fileId: FileId): EnvValue[] {
  const out: EnvValue[] = [];
  for (const w of directiveWords(text, d)) {
    const eq = w.text.indexOf('=');
    if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(w.text.slice(0, eq))) continue;
    const offsets = w.offsets.slice(eq + 1);
    const nameStart = w.offsets[0] ?? w.range.start;
    const valStart = offsets[0] ?? (w.offsets[eq] ?? w.range.start) + 1;
    const valEnd = (offsets[offsets.length - 1] ?? valStart - 1) + 1;
    out.push({
      name: w.text.slice(0, eq),
      text: w.text.slice(eq + 1),
      offsets,
      fileId,
      nameRange: { start: nameStart, end: (w.offsets[eq - 1] ?? nameStart) + 1 },
      valueRange: { start: valStart, end: Math.max(valStart, valEnd) },
    });
  }
  return out;
}

/** `EnvironmentFile=-/etc/kubernetes/apiserver`: the path, and whether it may be missing. */
export function environmentFileRef(d: Directive): EnvironmentFileRef | null {
  const v = valueRangeOf(d);
  const raw = d.value.trim();
  if (raw === '') return null;
  const optional = raw.startsWith('-');
  return { path: optional ? raw.slice(1) : raw, optional, range: v, resolvedFileId: null };
}

/** A unit block's name and path: from its header line, or the file name when it is the only unit. */
export function blockName(
  b: UnitBlock,
  fileName: string,
  single: boolean,
): { name: string | null; path: string | null } {
  if (b.path) return { name: basename(b.path), path: b.path.startsWith('/') ? b.path : null };
  if (single && UNIT_FILE_RE.test(fileName)) return { name: basename(fileName), path: null };
  return { name: null, path: null };
}
