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
const CODE_RES: readonly RegExp[] = [
  /^\s*(---|\.\.\.)\s*$/, // YAML document markers
  /^\s*(?:-\s+)?["']?[A-Za-z0-9_./-]+["']?\s*:(?:\s|$)/, // YAML key
  /^\s*-\s+\S/, // YAML item
  /^\s*[{}[\]],?\s*$/, // JSON brackets
  /^\s*"[^"]*"\s*(?::|,?\s*$)/, // JSON key or string item
  /^\s*\[[A-Za-z][\w-]*\]\s*$/, // [Section]
  /^\s*[A-Za-z_][\w-]*=/, // Key=value, KEY=value
  /^\s*--?[A-Za-z][\w.-]*(?:[= ]\S*)?(?:\s+--?[A-Za-z][\w.-]*(?:[= ]\S*)?)*\s*\\?\s*"?$/, // flag lines of a command or a quoted value
  /^\s*\S+\s+\d+\s+\d+\s+\d+\s+\S+\s+\S+\s+[\d:.-]+\s+\S/, // ps -ef row
  /^\s*\S+\s+\d+\s+[\d.]+\s+[\d.]+\s+\d+\s+\d+\s+\S+\s+\S+\s+\S+\s+[\d:.-]+\s+\S/, // ps aux row
  /^\s*(UID|USER)\s+PID\s/, // ps header
  /^\s*(tcp6?|udp6?|sctp)\s+\d+\s+\d+\s/, // netstat row
  /^\s*(Proto\s+Recv-Q|(Netid\s+)?State\s+Recv-Q|LISTEN\s+\d+)/, // netstat / ss
  /[├└│]|^\s*\.\s*$|^\s*\d+ director(y|ies), \d+ files?\s*$/, // tree
  /^\s*(?:[\w.@+-]+\/?\s+)*[\w.@+-]+\.(crt|key|pem|pub|conf|ya?ml|json|csv|env|kubeconfig)\/?(?:\s+[\w.@+-]+\/?)*\s*$/, // ls
  /^\s*(?:[\w-]+\/\s*)+$/, // ls of folders
  /^\s*total \d+\s*$|^[-dlcbps][rwxsStT-]{9}[.+@]?\s+\d+\s/, // ls -l
  /^\s*(?:[-*]\s+)?\/[\w.@/+-]+\s*$/, // a path
  /^\s*-----(BEGIN|END) [A-Z0-9 ]+-----\s*$|^\s*[A-Za-z0-9+/]{20,}={0,2}\s*$/, // PEM
  /^\s*\[[a-z][\w-]*\]\s+\S/, // kubeadm phase output
  /^\s*\$\{?[A-Za-z_]\w*\}?(?:\s+\$\{?[A-Za-z_]\w*\}?)*\s*\\?\s*$/, // `$VAR \` lines of an ExecStart
  /\s\\$/, // any line continued with `\`
];
/** A command of a component (`kube-apiserver --a=b`, `/usr/bin/kubelet -v 2`), by the names in the facts. */
const commandLineRe = (facts: Pick<IngestFacts, 'components' | 'wrappers'>) =>
  commandNamesRegExp(facts, (names) => `^\\s*(?:sudo\\s+)?(?:\\/[\\w./-]+\\/)?(?:${names})\\s+-`);
/** `root@host:/etc/kubernetes# ls`, `[root@w1 ~]# netstat -ntlp`, `user@host:~$ ps -ef`, `# cat /path`. */
const PROMPT_RE = /^\s*(?:\[[^\]]*\][#$]|[\w.-]+@[\w.-]+:?[^\s#$]*[#$]|[~/][^\s#$]*[#$]|[#$])\s*[a-z]/;

function classify(line: string, command: RegExp): LineClass {
  const t = line.replace(/\r$/, '');
  if (t.trim() === '') return 'blank';
  if (/^\s*(~~~|```)/.test(t)) return 'boundary';
  if (
    PROMPT_RE.test(t) &&
    /[#$]\s*(sudo\s+)?(cat|vim?|ls|tree|ps|netstat|ss|kubectl|docker|crictl|systemctl|openssl|kubeadm|grep|less|more|journalctl)\b/.test(
      t,
    )
  )
    return 'header';
  if (/^\s*(vim?|cat|nano|less|more)\s+\/\S+\s*$/.test(t)) return 'header';
  if (/^\s*[#;]/.test(t)) return 'comment';
  // a trailing comment may be in any language; the rest must look like code
  const code = t.replace(/\s+#.*$/, '');
  if (CJK_RE.test(code)) return 'prose';
  return CODE_RES.some((re) => re.test(code)) || command.test(code) ? 'code' : 'prose';
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
  // a family in one parse (units with their env files, so `$VAR`s expand); every other part on its own
  const groups: { parser: FormatParser; ranges: SourceRange[] }[] = [];
  for (const family of FAMILIES) {
    const parts = found.filter((f) => family.includes(f.parser.kind));
    const parser = family.map((k) => parts.find((p) => p.parser.kind === k)?.parser).find((p) => p !== undefined);
    if (parser) groups.push({ parser, ranges: parts.map((f) => f.range) });
  }
  for (const f of found)
    if (!FAMILIES.some((fam) => fam.includes(f.parser.kind))) groups.push({ parser: f.parser, ranges: [f.range] });
  const documents: SourceDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const g of groups) {
    const masked = maskOutside(file.text, g.ranges);
    const r = g.parser.parse({ ...ctx, file: { ...file, text: masked } });
    documents.push(...r.documents);
    diagnostics.push(...r.diagnostics);
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
