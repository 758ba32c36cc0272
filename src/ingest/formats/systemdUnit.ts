/**
 * systemd units and drop-ins: `kube-apiserver.service` with `ExecStart=/usr/local/bin/kube-apiserver \`
 * continuations and `$VAR` / `${VAR}` references, `EnvironmentFile=-/etc/kubernetes/apiserver`,
 * `Environment="KEY=--a=b --c=d"`, the kubelet drop-in `10-kubeadm.conf` with its empty
 * `ExecStart=` reset line, several units pasted together (`systemctl cat kubelet`).
 *
 * Every directive becomes a field `Section.Directive`; the ExecStart in effect becomes the
 * document's command. Variables set in the same file are expanded here; variables from
 * environment files elsewhere in the workspace are expanded by resolveEnvironment (expandEnv.ts),
 * which calls unitDocuments again with a lookup into those files.
 */
import type {
  Diagnostic,
  EnvironmentFileRef,
  FieldOccurrence,
  FlagOccurrence,
  SourceDocument,
  SourceRange,
  VariableExpansion,
} from '../../model/types';
import type { IngestFacts } from '../../model/components';
import { parseFlags, type CommandArg } from '../shared/commandLine';
import { basename, componentOfBinary, isUsuallyUnset, isWrapper } from '../shared/recognise';
import { envFileDocuments, matchFileHeader, parseEnvAssignments, splitValueWords, type EnvValue } from './envFile';
import { splitShellWords, type ShellWord } from '../shared/shellWords';
import type { FormatParser, ParseContext } from '../format';
import { documentDefaults } from '../../model/document';

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
  problems: { range: SourceRange; message: string }[];
  /** An environment file pasted among the units (`vim /etc/kubernetes/apiserver` then `KEY="..."` lines). */
  env: boolean;
}

const SECTION_RE = /^\[([^\]\r\n]+)\][ \t]*$/;
const UNIT_PATH_RE = /^[#;][ \t]*(\/[\w.@/-]+\.(?:service|conf|socket|target|timer|mount|path))[ \t]*$/;
const UNIT_FILE_RE = /\.(service|socket|target|timer|mount|path)$|\.service\.d\/|\.conf$/;

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
        message: 'systemd ignores this line: it is not a Key=value directive, a [Section] header or a # comment.',
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
      cur.problems.push({ range: keyRange, message: `${keyText}= is outside any [Section]: systemd ignores it.` });
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

function valueRangeOf(d: Directive): SourceRange {
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
    words.push(...splitShellWords(text, seg.start, seg.end, true, { comments: false }).words);
  return words;
}

/** `Environment="A=--x=1 --y=2" B=3`: each assignment with the offsets of its value. */
export function environmentAssignments(text: string, d: Directive, fileId: string): EnvValue[] {
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

/** What a `$VAR` resolves to, and whether it came from an EnvironmentFile= of this unit. */
export interface ExternalValue {
  value: EnvValue;
  /** True when the file is one the unit names in EnvironmentFile=; false for a mere name match. */
  referenced: boolean;
}

/** Lookup into environment files elsewhere in the workspace (see expandEnv.ts). */
export type ExternalLookup = (name: string, refs: readonly EnvironmentFileRef[]) => ExternalValue | null;

/** Resolution of the EnvironmentFile= paths of a unit to workspace files (see expandEnv.ts). */
export type EnvFileResolver = (path: string) => string | null;

const VAR_RE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** An argument of a command, with the variable it came from. */
interface ExpandedArg extends CommandArg {
  via?: string;
}

interface Expanded {
  args: ExpandedArg[];
  expansions: VariableExpansion[];
  diagnostics: Diagnostic[];
}

function rangeOfChars(w: ShellWord, from: number, to: number): SourceRange {
  const s = w.offsets[from] ?? w.range.start;
  const e = (w.offsets[to - 1] ?? s) + 1;
  return { start: s, end: e };
}

/** Expand `$VAR` (split at whitespace) and `${VAR}` (one word) in command words. */
function expandWords(
  words: ShellWord[],
  fileId: string,
  lookup: (name: string) => EnvValue | null,
  unresolvedMessage: (name: string) => { message: string; severity: Diagnostic['severity'] },
): Expanded {
  const args: ExpandedArg[] = [];
  const expansions: VariableExpansion[] = [];
  const diagnostics: Diagnostic[] = [];
  const unresolved = (name: string, range: SourceRange) => {
    const { message, severity } = unresolvedMessage(name);
    diagnostics.push({ severity, code: 'unresolved-variable', message, range });
    expansions.push({ name, range, definition: null, argumentCount: 0 });
  };
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
      const parts = splitValueWords(v);
      expansions.push({
        name,
        range,
        definition: { fileId: v.fileId, range: v.valueRange },
        argumentCount: parts.length,
      });
      args.push(...parts.map((p) => ({ ...p, via: name })));
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
      offsets?.push(...w.offsets.slice(last, m.index));
      const range = rangeOfChars(w, m.index, m.index + m[0].length);
      const v = lookup(name);
      if (!v) unresolved(name, range);
      else {
        expansions.push({ name, range, definition: { fileId: v.fileId, range: v.valueRange }, argumentCount: 1 });
        text += v.text;
        if (v.fileId === fileId) offsets?.push(...v.offsets);
        else if (w.text === m[0]) {
          offsets = [...v.offsets];
          argFile = v.fileId;
        } else offsets = null;
      }
      last = m.index + m[0].length;
    }
    text += w.text.slice(last);
    offsets?.push(...w.offsets.slice(last));
    if (text === '' && w.text !== '') continue; // expanded to nothing
    const range =
      argFile !== fileId && offsets && offsets.length > 0
        ? { start: offsets[0] ?? 0, end: (offsets[offsets.length - 1] ?? 0) + 1 }
        : w.range;
    args.push({ text, range, offsets: offsets && offsets.length === text.length ? offsets : null, fileId: argFile });
  }
  return { args, expansions, diagnostics };
}

function environmentFileRef(d: Directive): EnvironmentFileRef | null {
  const v = valueRangeOf(d);
  const raw = d.value.trim();
  if (raw === '') return null;
  const optional = raw.startsWith('-');
  return { path: optional ? raw.slice(1) : raw, optional, range: v, resolvedFileId: null };
}

function blockName(b: UnitBlock, fileName: string, single: boolean): { name: string | null; path: string | null } {
  if (b.path) return { name: basename(b.path), path: b.path.startsWith('/') ? b.path : null };
  if (single && UNIT_FILE_RE.test(fileName)) return { name: basename(fileName), path: null };
  return { name: null, path: null };
}

export interface UnitOptions {
  /** Lookup of variables in environment files elsewhere in the workspace. */
  external?: ExternalLookup;
  /** Which workspace file an EnvironmentFile= path is. */
  resolveFile?: EnvFileResolver;
}

/** Documents of a unit file: one per unit pasted. */
export function unitDocuments(
  text: string,
  fileId: string,
  fileName: string,
  facts: IngestFacts,
  options: UnitOptions = {},
): SourceDocument[] {
  const { components } = facts;
  const blocks = readUnitBlocks(text);
  // Environment= of every unit of the file, and the assignments of env files pasted with them, by block
  const envByBlock = blocks.map((b): EnvValue[] =>
    b.env
      ? parseEnvAssignments(text, fileId, b.range.start, b.range.end).assignments
      : b.directives.filter((d) => d.key === 'Environment').flatMap((d) => environmentAssignments(text, d, fileId)),
  );
  /** variable -> labels of the units of this file that expand it from a pasted env file */
  const claimed = new Map<string, string[]>();
  const docs: SourceDocument[] = [];
  const names = blocks.map((b) => blockName(b, fileName, blocks.length === 1));
  // which block's ExecStart is overridden by a later drop-in's `ExecStart=` reset
  const overriddenBy = new Map<number, number>();
  blocks.forEach((b, bi) => {
    const resets = b.directives.some((d) => d.key === 'ExecStart' && d.value === '');
    if (!resets) return;
    const myPath = names[bi]?.path ?? '';
    for (let j = bi - 1; j >= 0; j--) {
      const other = names[j];
      const base = other?.name ?? '';
      const related = !myPath || !base || myPath.includes(`/${base}.d/`);
      if (related && blocks[j]?.directives.some((d) => d.key === 'ExecStart' && d.value !== '')) {
        overriddenBy.set(j, bi);
        break;
      }
    }
  });
  blocks.forEach((b, index) => {
    if (b.env) return; // after the units, below
    const diagnostics: Diagnostic[] = b.problems.map((p) => ({
      severity: 'warning',
      code: 'systemd-syntax',
      message: p.message,
      range: p.range,
    }));
    const fields: FieldOccurrence[] = b.directives.map((d) => ({
      path: `${d.section || '(none)'}.${d.key}`,
      keyRange: d.keyRange,
      valueRange: valueRangeOf(d),
      value: d.value,
    }));
    const refs = b.directives
      .filter((d) => d.key === 'EnvironmentFile')
      .map(environmentFileRef)
      .filter((r): r is EnvironmentFileRef => r !== null)
      .map((r) => ({
        ...r,
        // in the workspace, or pasted in this very file under its name
        resolvedFileId:
          options.resolveFile?.(r.path) ??
          (blocks.some((o) => o.env && o.path && basename(o.path) === basename(r.path)) ? fileId : null),
      }));
    // the ExecStart in effect: the last one after the last reset
    let exec: Directive | null = null;
    for (const d of b.directives) if (d.key === 'ExecStart') exec = d.value === '' ? null : d;
    const { name, path } = names[index] ?? { name: null, path: null };
    const dropIn =
      (path ?? name ?? '').includes('.service.d/') ||
      /\.conf$/.test(name ?? '') ||
      b.directives.some((d) => d.key === 'ExecStart' && d.value === '');
    const base: SourceDocument = {
      id: `${fileId}#${index}`,
      fileId,
      index,
      kind: 'systemd-unit',
      label: name ?? (blocks.length > 1 ? `systemd unit ${index + 1}` : 'systemd unit'),
      range: b.range,
      ...documentDefaults(),
      fields,
      diagnostics,
      systemd: { name, path, dropIn, environmentFiles: refs, execStartRange: exec ? valueRangeOf(exec) : null },
    };
    if (!exec) {
      docs.push(base);
      return;
    }
    const lookup = (v: string): EnvValue | null => {
      const ext = options.external?.(v, refs) ?? null;
      if (ext?.referenced) return ext.value;
      // an env file pasted in this file under the name an EnvironmentFile= gives
      for (let j = blocks.length - 1; j >= 0; j--) {
        const blk = blocks[j];
        if (!blk?.env || !blk.path || !refs.some((r) => basename(r.path) === basename(blk.path ?? ''))) continue;
        const hit = [...(envByBlock[j] ?? [])].reverse().find((a) => a.name === v);
        if (hit) return hit;
      }
      const own = [...(envByBlock[index] ?? [])].reverse().find((a) => a.name === v);
      if (own) return own;
      for (let j = index - 1; j >= 0; j--) {
        const hit = [...(envByBlock[j] ?? [])].reverse().find((a) => a.name === v);
        if (hit) return hit;
      }
      for (let j = index + 1; j < blocks.length; j++) {
        const hit = [...(envByBlock[j] ?? [])].reverse().find((a) => a.name === v);
        if (hit) return hit;
      }
      return ext?.value ?? null;
    };
    const unresolvedMessage = (v: string) => {
      const files = refs.filter((r) => r.resolvedFileId === null);
      const severity: Diagnostic['severity'] = isUsuallyUnset(v, components) ? 'info' : 'warning';
      if (files.length > 0) {
        const list = files.map((r) => `EnvironmentFile=${r.optional ? '-' : ''}${r.path}`).join(', ');
        return {
          severity,
          message: `$${v} is not set in this file; it may come from ${list}, which is not in the workspace. Add that file to see the flags it holds.`,
        };
      }
      return {
        severity,
        message: `$${v} is not set by any Environment= line or environment file in the workspace, so systemd expands it to nothing.`,
      };
    };
    let words = directiveWords(text, exec);
    // ExecStart prefixes: `-`, `@`, `:`, `+`, `!`, `!!`
    const first = words[0];
    if (first) {
      const p = /^[-@:+!]+/.exec(first.text)?.[0].length ?? 0;
      if (p > 0) {
        const rest = { ...first, text: first.text.slice(p), offsets: first.offsets.slice(p) };
        rest.range = { start: rest.offsets[0] ?? first.range.end, end: first.range.end };
        words = rest.text === '' ? words.slice(1) : [rest, ...words.slice(1)];
      }
    }
    const expanded = expandWords(words, fileId, lookup, unresolvedMessage);
    for (const e of expanded.expansions) {
      const def = e.definition;
      if (!def || def.fileId !== fileId) continue;
      const j = blocks.findIndex(
        (blk, k) => blk.env && envByBlock[k]?.some((a) => a.valueRange.start === def.range.start),
      );
      if (j < 0) continue;
      const users = claimed.get(`${j}/${e.name}`) ?? [];
      users.push(name ?? `systemd unit ${index + 1}`);
      claimed.set(`${j}/${e.name}`, users);
    }
    diagnostics.push(...expanded.diagnostics);
    const binary = expanded.args[0] && !expanded.args[0].text.startsWith('-') ? expanded.args[0] : null;
    const rest = binary ? expanded.args.slice(1) : expanded.args;
    const parsed = parseFlags(rest);
    const flags: FlagOccurrence[] = parsed.flags.map((f) => {
      const from = rest.find(
        (a) => a.fileId === f.fileId && a.range.start <= f.nameRange.start && f.nameRange.end <= a.range.end && a.via,
      );
      return from?.via ? { ...f, viaVariable: from.via } : f;
    });
    const sub = binary && isWrapper(binary.text, facts.wrappers) ? (parsed.positional[0]?.text ?? null) : null;
    const component = binary ? componentOfBinary(sub ?? binary.text, components) : null;
    const overridden = overriddenBy.get(index);
    if (overridden !== undefined) {
      diagnostics.push({
        severity: 'info',
        code: 'execstart-overridden',
        message: `This ExecStart is replaced by the drop-in ${names[overridden]?.name ?? 'below'} (its empty ExecStart= line resets it), so its flags are not in effect.`,
        range: exec.keyRange,
      });
    }
    docs.push({
      ...base,
      component,
      componentSource:
        component && binary
          ? sub
            ? `${basename(binary.text)} sub-command ${sub}`
            : `ExecStart ${basename(binary.text)}`
          : null,
      binaryRange: binary && binary.fileId === fileId ? binary.range : null,
      flags: overridden !== undefined ? [] : flags,
      expansions: expanded.expansions,
    });
  });
  // env files pasted among the units: their own documents, minus the flags a unit above expands
  blocks.forEach((b, j) => {
    if (!b.env) return;
    for (const doc of envFileDocuments(text, fileId, b.path ?? fileName, components, b.range)) {
      const notes: Diagnostic[] = [];
      const taken = new Set<string>();
      for (const field of doc.fields) {
        const users = claimed.get(`${j}/${field.path}`);
        if (!users) continue;
        taken.add(field.path);
        notes.push({
          severity: 'info',
          code: 'expanded-in-unit',
          message: `${field.path} is expanded by ${users.join(', ')}: its flags are explained as part of that command.`,
          range: field.keyRange,
        });
      }
      docs.push({
        ...doc,
        flags: doc.flags.filter((f) => !taken.has(f.viaVariable ?? f.origin?.path ?? '')),
        diagnostics: [...doc.diagnostics, ...notes],
      });
    }
  });
  return docs
    .sort((a, b) => a.range.start - b.range.start)
    .map((d, index) => ({ ...d, index, id: `${fileId}#${index}` }));
}

export const systemdUnitParser: FormatParser = {
  kind: 'systemd-unit',
  detect(text, fileName) {
    if (/^[ \t\uFEFF]*\[(Unit|Service|Install|Socket|Timer)\][ \t]*\r?$/m.test(text)) return 0.9;
    if (/^[ \t\uFEFF]*ExecStart[ \t]*=/m.test(text)) return 0.85;
    if (/^[ \t]*(Environment|EnvironmentFile)[ \t]*=/m.test(text)) return 0.6;
    if (/\.service$/.test(fileName)) return 0.3;
    return 0;
  },
  parse(ctx: ParseContext) {
    const { file } = ctx;
    const documents = unitDocuments(file.text, file.id, file.name, ctx);
    const diagnostics: Diagnostic[] =
      documents.length === 0
        ? [
            {
              severity: 'info',
              code: 'no-directives',
              message: 'This unit file holds no section and no directive, only comments.',
              range: { start: 0, end: Math.min(1, file.text.length) },
            },
          ]
        : [];
    return { documents, diagnostics };
  },
};
