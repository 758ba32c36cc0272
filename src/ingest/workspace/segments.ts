/**
 * Mixed pastes: a blog post or a terminal session holding several formats at once (a static Pod,
 * then `netstat` output, then a kubeconfig...). The text is cut into runs of code-like lines
 * separated by prose, shell prompts and Markdown fences; each run is detected and parsed on its
 * own. A run is parsed in a copy of the whole text where everything else is blanked out (same
 * length, line breaks kept), so every range the parsers return is already right for the file.
 *
 * Units and env files are parsed together, so a unit's `$VAR` expands from an env file pasted
 * next to it.
 */
import type { Diagnostic, DocumentKind, SourceDocument, SourceRange, WorkspaceFile } from '../../model/types';
import type { IngestFacts } from '../../model/components';
import type { FormatParser, ParseContext } from '../format';
import { commandNamesRegExp } from '../shared/recognise';
import { beforeTrailingComment, isSpaceCode, skipSpaces, trimEndIndex } from '../../util/whitespace';
import { claimWithinFile } from './claims';
import { renumbered } from '../../model/document';

export interface Segment {
  /** From the prompt or `vim` line before the code (when there is one) to the last code line. */
  range: SourceRange;
  /** Where the code itself starts (after that line). */
  codeStart: number;
}

type LineClass = 'blank' | 'comment' | 'boundary' | 'header' | 'code' | 'prose';

const CJK_RE = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
/**
 * Code lines, tested on the line without trailing whitespace. None may backtrack over a run of blanks more than
 * once (no `\s*` next to another `\s*` or an optional part that can match blanks): each runs in time linear in the
 * line. Flag lines and `ls` listings have readers of their own (isFlagLine, isFileNameList).
 */
const CODE_RES: readonly RegExp[] = [
  /^\s*(---|\.\.\.)$/, // YAML document markers
  /^\s*(?:-\s+)?["']?[A-Za-z0-9_./-]+["']?\s*:(?:\s|$)/, // YAML key
  /^\s*-\s+\S/, // YAML item
  /^\s*[{}[\]],?$/, // JSON brackets
  /^\s*"[^"]*"\s*(?::|,?$)/, // JSON key or string item
  /^\s*\[[A-Za-z][\w-]*\]$/, // [Section]
  /^\s*[A-Za-z_][\w-]*=/, // Key=value, KEY=value
  /^\s*\S+\s+\d+\s+\d+\s+\d+\s+\S+\s+\S+\s+[\d:.-]+\s+\S/, // ps -ef row
  /^\s*\S+\s+\d+\s+[\d.]+\s+[\d.]+\s+\d+\s+\d+\s+\S+\s+\S+\s+\S+\s+[\d:.-]+\s+\S/, // ps aux row
  /^\s*(UID|USER)\s+PID(?:\s|$)/, // ps header
  /^\s*(tcp6?|udp6?|sctp)\s+\d+\s+\d+(?:\s|$)/, // netstat row
  /^\s*(Proto\s+Recv-Q|(Netid\s+)?State\s+Recv-Q|LISTEN\s+\d+)/, // netstat / ss
  /[├└│]|^\s*\.$|^\s*\d+ director(y|ies), \d+ files?$/, // tree
  /^\s*(?:[\w-]+\/\s*)+$/, // ls of folders
  /^\s*total \d+$|^[-dlcbps][rwxsStT-]{9}[.+@]?\s+\d+(?:\s|$)/, // ls -l
  /^\s*(?:[-*]\s+)?\/[\w.@/+-]+$/, // a path
  /^\s*-----(BEGIN|END) [A-Z0-9 ]+-----$|^\s*[A-Za-z0-9+/]{20,}={0,2}$/, // PEM
  /^\s*\[[a-z][\w-]*\]\s+\S/, // kubeadm phase output
  /^\s*\$\{?[A-Za-z_]\w*\}?(?:\s+\$\{?[A-Za-z_]\w*\}?)*(?:\s*\\)?$/, // `$VAR \` lines of an ExecStart
];
/** Any line continued with `\` (tested with its trailing blanks). */
const CONTINUED_RE = /\s\\$/;
const FLAG_WORD_RE = /^--?[A-Za-z][\w.-]*$/;
const FLAG_EQUALS_WORD_RE = /^--?[A-Za-z][\w.-]*=/;
const FILE_NAME_RE = /^[\w.@+-]+\/?$/;
const LISTED_FILE_RE = /^[\w.@+-]+\.(crt|key|pem|pub|conf|ya?ml|json|csv|env|kubeconfig)\/?$/;

/** The whitespace-separated words of a line, each with the whitespace before it. */
function wordsOf(line: string): { word: string; before: string }[] {
  const out: { word: string; before: string }[] = [];
  let i = 0;
  while (i < line.length) {
    const s = skipSpaces(line, i);
    if (s >= line.length) break;
    let e = s;
    while (e < line.length && !isSpaceCode(line.charCodeAt(e))) e++;
    out.push({ word: line.slice(s, e), before: line.slice(i, s) });
    i = e;
  }
  return out;
}

/**
 * Flag lines of a command or of a quoted value: `--a=b --c d -v=2`, perhaps ending in `\` and / or `"`. The same
 * lines as `/^\s*F(?:[= ]\S*)?(?:\s+F(?:[= ]\S*)?)*\s*\\?\s*"?$/` with F = `--?[A-Za-z][\w.-]*`, which is
 * exponential (a flag's value after one space may be the next flag), read word by word: a value may follow a bare
 * flag after exactly one space.
 */
export function isFlagLine(line: string): boolean {
  let body = line.slice(0, trimEndIndex(line));
  if (body.endsWith('"')) body = body.slice(0, trimEndIndex(body, 0, body.length - 1));
  if (body.endsWith('\\')) body = body.slice(0, trimEndIndex(body, 0, body.length - 1));
  const words = wordsOf(body);
  if (words.length === 0) return false;
  /** The last word was a bare flag, which a value may follow. */
  let bare = false;
  for (const { word, before } of words) {
    if (FLAG_WORD_RE.test(word)) bare = true;
    else if (FLAG_EQUALS_WORD_RE.test(word)) bare = false;
    else if (bare && before === ' ')
      bare = false; // the value of the flag before
    else return false;
  }
  return true;
}

/** `ls` output: file names (folders end in `/`), one at least of a kind kube-explainer reads. */
function isFileNameList(line: string): boolean {
  const words = wordsOf(line);
  return words.every((w) => FILE_NAME_RE.test(w.word)) && words.some((w) => LISTED_FILE_RE.test(w.word));
}

/** A command of a component (`kube-apiserver --a=b`, `/usr/bin/kubelet -v 2`), by the names in the facts. */
const commandLineRe = (facts: Pick<IngestFacts, 'components' | 'wrappers'>) =>
  commandNamesRegExp(facts, (names) => `^\\s*(?:sudo\\s+)?(?:\\/[\\w./-]+\\/)?(?:${names})\\s+-`);
/** `root@host:/etc/kubernetes# ls`, `[root@w1 ~]# netstat -ntlp`, `user@host:~$ ps -ef`, `# cat /path` (no leading blanks). */
const PROMPT_RE = /^(?:\[[^\]]*\][#$]|[\w.-]+@[\w.-][^\s#$]*[#$]|[~/][^\s#$]*[#$]|[#$])\s*[a-z]/;
const HEADER_COMMAND_RE =
  /[#$]\s*(sudo\s+)?(cat|vim?|ls|tree|ps|netstat|ss|kubectl|docker|crictl|systemctl|openssl|kubeadm|grep|less|more|journalctl)\b/;
const EDITOR_RE = /^(vim?|cat|nano|less|more)\s+\/\S+$/;

function classify(line: string, command: RegExp): LineClass {
  const t = line.endsWith('\r') ? line.slice(0, -1) : line;
  const lead = skipSpaces(t);
  if (lead === t.length) return 'blank';
  const s = t.slice(lead);
  if (s.startsWith('~~~') || s.startsWith('```')) return 'boundary';
  if (PROMPT_RE.test(s) && HEADER_COMMAND_RE.test(s)) return 'header';
  if (EDITOR_RE.test(s.slice(0, trimEndIndex(s)))) return 'header';
  if (s[0] === '#' || s[0] === ';') return 'comment';
  // a trailing comment may be in any language; the rest must look like code
  const withBlanks = beforeTrailingComment(t);
  if (CJK_RE.test(withBlanks)) return 'prose';
  const code = withBlanks.slice(0, trimEndIndex(withBlanks));
  return CODE_RES.some((re) => re.test(code)) ||
    isFlagLine(code) ||
    isFileNameList(code) ||
    command.test(code) ||
    CONTINUED_RE.test(withBlanks)
    ? 'code'
    : 'prose';
}

/** Runs of code lines (with the prompt or `vim` line before them, and inner blank and comment lines). */
export function segmentText(text: string, facts: Pick<IngestFacts, 'components' | 'wrappers'>): Segment[] {
  const command = commandLineRe(facts);
  const out: Segment[] = [];
  let cur: { start: number; end: number; code: number; codeStart: number } | null = null;
  let pendingHeader: number | null = null;
  const close = () => {
    if (cur && cur.code > 0) out.push({ range: { start: cur.start, end: cur.end }, codeStart: cur.codeStart });
    cur = null;
  };
  let i = 0;
  while (i < text.length) {
    const n = text.indexOf('\n', i);
    const end = n < 0 ? text.length : n;
    const next = n < 0 ? text.length : n + 1;
    const cls = classify(text.slice(i, end), command);
    if (cls === 'prose' || cls === 'boundary') {
      close();
      pendingHeader = null;
    } else if (cls === 'header') {
      close();
      pendingHeader = i;
    } else if (cls === 'code') {
      if (!cur) {
        cur = { start: pendingHeader ?? i, end, code: 0, codeStart: i };
        pendingHeader = null;
      }
      cur.code++;
      cur.end = end;
    } else if (cur) {
      // blank and comment lines stay inside a run (a comment line of a unit, a blank line in YAML)
      if (cls === 'comment') cur.end = end;
    } else if (cls === 'comment' && pendingHeader === null) {
      pendingHeader = i; // `# cat /etc/...` or `###` before a block
    }
    i = next;
  }
  close();
  return out;
}

/** The text with everything outside `ranges` blanked (line breaks kept): same length, same offsets. */
export function maskOutside(text: string, ranges: readonly SourceRange[]): string {
  const parts: string[] = [];
  let at = 0;
  const blank = (s: string) => s.replace(/[^\r\n]/g, ' ');
  for (const r of [...ranges].sort((a, b) => a.start - b.start)) {
    if (r.start > at) parts.push(blank(text.slice(at, r.start)));
    parts.push(text.slice(Math.max(at, r.start), r.end));
    at = Math.max(at, r.end);
  }
  parts.push(blank(text.slice(at)));
  return parts.join('');
}

export interface MixedResult {
  /** The kind most documents have. */
  kind: DocumentKind;
  documents: SourceDocument[];
  diagnostics: Diagnostic[];
  parts: { kind: DocumentKind; range: SourceRange }[];
}

/** Kinds read together by one parser: units with env files (`$VAR`s), kubeadm with component configs. */
const FAMILIES: readonly (readonly DocumentKind[])[] = [
  ['systemd-unit', 'env-file'],
  ['kubeadm-config', 'component-config'],
];
const familyOf = (k: DocumentKind): string => FAMILIES.find((f) => f.includes(k))?.join('+') ?? k;
const MAX_SEGMENTS = 300;
/** Kinds read by the YAML parser, which a shell prompt line before them would only confuse. */
const YAML_KINDS = new Set<DocumentKind>(['static-pod', 'kubeconfig', 'kubeadm-config', 'component-config']);
const MIN_SCORE = 0.3;

/**
 * Parse a paste that holds several formats, part by part. Null when the text is one format
 * (fewer than two kinds found): then the file is parsed whole, as before.
 */
export function ingestMixed(
  file: WorkspaceFile,
  ctx: Omit<ParseContext, 'file'>,
  detect: (file: WorkspaceFile) => { parser: FormatParser | null; score: number },
): MixedResult | null {
  const segments = segmentText(file.text, ctx);
  if (segments.length < 2 || segments.length > MAX_SEGMENTS) return null;
  const found: { parser: FormatParser; range: SourceRange }[] = [];
  for (const s of segments) {
    const masked = maskOutside(file.text, [s.range]);
    const { parser, score } = detect({ ...file, text: masked });
    if (parser && score >= MIN_SCORE)
      found.push({ parser, range: YAML_KINDS.has(parser.kind) ? { start: s.codeStart, end: s.range.end } : s.range });
  }
  const families = new Set(found.map((f) => familyOf(f.parser.kind)));
  if (families.size < 2) return null;
  return readParts(file, ctx, found);
}

/**
 * Read parts of a file, each with the parser detected for it, every range already right for the file (each part
 * is parsed in a copy of the text where everything else is blanked). A part with a `name` of its own (the path an
 * embedded file is written to) is read under that name.
 */
export function readParts(
  file: WorkspaceFile,
  ctx: Omit<ParseContext, 'file'>,
  found: readonly { parser: FormatParser; range: SourceRange; name?: string }[],
): MixedResult {
  // a family in one parse (units with their env files, so `$VAR`s expand); every other part on its own
  const groups: { parser: FormatParser; ranges: SourceRange[]; name?: string }[] = [];
  for (const family of FAMILIES) {
    const parts = found.filter((f) => family.includes(f.parser.kind));
    const parser = family.map((k) => parts.find((p) => p.parser.kind === k)?.parser).find((p) => p !== undefined);
    // one part of its own name (an embedded unit) is read under it; several together under the file's
    const name = parts.length === 1 ? parts[0]?.name : undefined;
    if (parser) groups.push({ parser, ranges: parts.map((f) => f.range), ...(name ? { name } : {}) });
  }
  for (const f of found)
    if (!FAMILIES.some((fam) => fam.includes(f.parser.kind)))
      groups.push({ parser: f.parser, ranges: [f.range], ...(f.name ? { name: f.name } : {}) });
  const documents: SourceDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const g of groups) {
    const masked = maskOutside(file.text, g.ranges);
    const r = g.parser.parse({ ...ctx, file: { ...file, name: g.name ?? file.name, text: masked } });
    // no spread: a part may hold 250,000 problems
    for (const d of r.documents) documents.push(d);
    for (const d of r.diagnostics) diagnostics.push(d);
  }
  const ordered = claimWithinFile(
    renumbered(
      documents.sort((a, b) => a.range.start - b.range.start),
      file.id,
    ),
  );
  // the file's kind: the one with the most flags, then the most documents
  const weight = new Map<DocumentKind, number>();
  for (const d of ordered)
    if (d.kind !== 'unknown') weight.set(d.kind, (weight.get(d.kind) ?? 0) + 1 + d.flags.length * 1000);
  const kind = [...weight.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? found[0]?.parser.kind ?? 'unknown';
  return { kind, documents: ordered, diagnostics, parts: found.map((f) => ({ kind: f.parser.kind, range: f.range })) };
}
