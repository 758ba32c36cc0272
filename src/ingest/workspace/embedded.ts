/**
 * Files written by other files: a provisioning file that carries a manifest, a unit or a kubeconfig as text.
 *   - YAML block scalars under a key: cloud-init `write_files: - path: ... content: |`, Ansible `copy: content: |`
 *     / `blockinfile: block: |`, Ignition / Butane `contents: inline: |`, a ConfigMap's `data: kubeconfig: |`;
 *   - heredocs: `cat <<EOF > /etc/kubernetes/manifests/kube-apiserver.yaml` in a shell script, `content = <<-EOT`
 *     in Terraform.
 * Each block whose text is a format kube-explainer reads becomes a part of the file, read where it is written (its
 * real lines and columns: the block is parsed in a copy of the file with everything else blanked) and under the
 * path it is written to, when the host file says it (`path:`, `dest:`, `> /etc/...`, `tee`, `filename = "..."`).
 * A host that reads its own blocks (kind's kubeadmConfigPatches, Talos, kubeadm configs, a Pod's scripts) is left
 * to its own parser. One pass over the lines: linear in the file.
 */
import type { DocumentKind, SourceRange, WorkspaceFile } from '../../model/types';
import type { FormatParser, ParseContext } from '../format';
import { readParts, type MixedResult } from './segments';

export interface EmbeddedBlock {
  /** The block's text: from the start of its first line to the end of its last one. */
  range: SourceRange;
  /** The path the host file writes it to, when it says so. */
  path: string | null;
  how: 'yaml-block' | 'heredoc';
}

/** `content: |`, `- contents: |-`, `"kubeconfig": |2`, with a comment after it. */
const KEYED_BLOCK_RE =
  /^([ \t]*(?:-[ \t]+)?)(?:"[^"\n]*"|'[^'\n]*'|[\w./-]+)[ \t]*:[ \t]*\|[-+]?[1-9]?[-+]?[ \t]*(?:#.*)?$/;
/** `<<EOF`, `<<-EOT`, `<<~EOF`, `<< 'EOF'`, `<<"EOF"` (not a `<<<` here-string). */
const HEREDOC_RE = /(?:^|[^<])<<([-~]?)[ \t]*(["']?)([A-Za-z_][\w]*)\2/;
/** A YAML sibling that names the file: `path:`, `dest:`, `destination:`, `filename:`. */
const YAML_PATH_RE = /^([ \t]*(?:-[ \t]+)?)(?:path|dest|destination|filename)[ \t]*:[ \t]*["']?(\/[^"'\s#]+)/;
/** Terraform: `filename = "/etc/..."`, `destination = "..."`, `path = "..."`. */
const HCL_PATH_RE = /^[ \t]*(?:filename|destination|path)[ \t]*=[ \t]*"(\/[^"]+)"/;
/** Shell: `> /etc/x`, `>> /etc/x`, `tee [-a] /etc/x` on the heredoc's line. */
const SHELL_PATH_RE = /(?:>>?[ \t]*|\btee[ \t]+(?:-a[ \t]+)?)["']?(\/[^\s"'|;&]+)/;
/** How many lines before a block (and after it) a sibling naming its path is looked for. */
const PATH_LOOKAROUND = 8;
const MAX_BLOCKS = 200;
/** Parts read at most (each is parsed in a copy of the file). */
const MAX_PARTS = 50;

interface Line {
  start: number;
  /** Without the line break and a `\r` before it. */
  text: string;
}

function linesOf(text: string): Line[] {
  const out: Line[] = [];
  let i = 0;
  while (i <= text.length) {
    const n = text.indexOf('\n', i);
    const end = n < 0 ? text.length : n;
    const raw = text.slice(i, end);
    out.push({ start: i, text: raw.endsWith('\r') ? raw.slice(0, -1) : raw });
    if (n < 0) break;
    i = n + 1;
  }
  return out;
}

const indentOf = (s: string) => s.length - s.trimStart().length;
const blank = (s: string) => s.trim() === '';

/** The path a YAML sibling of the block's key gives: same column, a few lines around it. */
function yamlPath(lines: readonly Line[], keyLine: number, keyColumn: number, after: number): string | null {
  const at = (i: number) => {
    const m = YAML_PATH_RE.exec(lines[i]?.text ?? '');
    return m && (m[1] ?? '').length === keyColumn ? (m[2] ?? null) : null;
  };
  for (let i = keyLine - 1; i >= Math.max(0, keyLine - PATH_LOOKAROUND); i--) {
    const p = at(i);
    if (p) return p;
    const t = lines[i]?.text ?? '';
    // another item of the list, or a key less indented: the block's own item ends here
    if (!blank(t) && indentOf(t) < keyColumn && !/^[ \t]*-[ \t]/.test(t)) break;
    if (/^[ \t]*-[ \t]/.test(t) && indentOf(t) + 2 === keyColumn) break;
  }
  for (let i = after; i < Math.min(lines.length, after + PATH_LOOKAROUND); i++) {
    const t = lines[i]?.text ?? '';
    if (!blank(t) && indentOf(t) < keyColumn) break;
    if (/^[ \t]*-[ \t]/.test(t) && i !== after) break;
    const p = at(i);
    if (p) return p;
  }
  return null;
}

function hclPath(lines: readonly Line[], from: number, to: number): string | null {
  for (let i = from - 1; i >= Math.max(0, from - PATH_LOOKAROUND); i--) {
    const m = HCL_PATH_RE.exec(lines[i]?.text ?? '');
    if (m?.[1]) return m[1];
  }
  for (let i = to + 1; i < Math.min(lines.length, to + 1 + PATH_LOOKAROUND); i++) {
    const m = HCL_PATH_RE.exec(lines[i]?.text ?? '');
    if (m?.[1]) return m[1];
  }
  return null;
}

/** The range from the start of line `a` to the end of line `b` (inclusive). */
function span(lines: readonly Line[], a: number, b: number): SourceRange {
  const first = lines[a] as Line;
  const last = lines[b] as Line;
  return { start: first.start, end: last.start + last.text.length };
}

/** Every block of text the file embeds (not those inside another block). */
export function findEmbeddedBlocks(text: string): EmbeddedBlock[] {
  const lines = linesOf(text);
  const out: EmbeddedBlock[] = [];
  let i = 0;
  while (i < lines.length && out.length < MAX_BLOCKS) {
    const line = lines[i] as Line;
    const keyed = KEYED_BLOCK_RE.exec(line.text);
    if (keyed) {
      const keyColumn = (keyed[1] ?? '').length;
      // the block: the lines after the key, blank or indented deeper than the key
      let j = i + 1;
      let last = -1;
      while (j < lines.length) {
        const t = (lines[j] as Line).text;
        if (!blank(t)) {
          if (indentOf(t) <= keyColumn) break;
          last = j;
        }
        j++;
      }
      if (last > i) {
        let first = i + 1;
        while (first < last && blank((lines[first] as Line).text)) first++;
        out.push({ range: span(lines, first, last), path: yamlPath(lines, i, keyColumn, last + 1), how: 'yaml-block' });
        i = last + 1;
        continue;
      }
      i++;
      continue;
    }
    const here = HEREDOC_RE.exec(line.text);
    if (here?.[3]) {
      const delimiter = here[3];
      let j = i + 1;
      while (j < lines.length && (lines[j] as Line).text.trim() !== delimiter) j++;
      let end = Math.min(j, lines.length) - 1;
      while (end > i && blank((lines[end] as Line).text)) end--;
      if (end > i) {
        const path = SHELL_PATH_RE.exec(line.text)?.[1] ?? hclPath(lines, i, j);
        out.push({ range: span(lines, i + 1, end), path, how: 'heredoc' });
      }
      i = j + 1;
      continue;
    }
    i++;
  }
  return out;
}

/** Hosts that read the blocks they carry themselves. */
const SELF_READING = new Set<DocumentKind>(['distribution-config', 'kubeadm-config', 'component-config', 'kubeconfig']);
/** How sure the detection of a block must be for it to be read as that format. */
const MIN_SCORE = 0.5;

/**
 * Read the files embedded in `file` as parts of it. Null when it embeds none that kube-explainer reads, or when
 * the host file reads its blocks itself: then the file is read as before.
 */
export function ingestEmbedded(
  file: WorkspaceFile,
  ctx: Omit<ParseContext, 'file'>,
  detect: (file: WorkspaceFile) => { parser: FormatParser | null; score: number },
): MixedResult | null {
  if (!file.text.includes('|') && !file.text.includes('<<')) return null;
  const blocks = findEmbeddedBlocks(file.text);
  if (blocks.length === 0) return null;
  const found: { parser: FormatParser; range: SourceRange; name?: string }[] = [];
  for (const b of blocks) {
    // detected on the block's own text (linear in the file over all blocks), parsed in place below
    const { parser, score } = detect({ ...file, text: file.text.slice(b.range.start, b.range.end) });
    if (parser && score >= MIN_SCORE) found.push({ parser, range: b.range, ...(b.path ? { name: b.path } : {}) });
    if (found.length >= MAX_PARTS) break;
  }
  if (found.length === 0) return null;
  // the host without its blocks: a format that reads its own blocks keeps them
  const hostText = maskInside(
    file.text,
    blocks.map((b) => b.range),
  );
  const host = detect({ ...file, text: hostText });
  if (host.parser && host.score >= MIN_SCORE && SELF_READING.has(host.parser.kind)) return null;
  if (host.parser?.kind === 'static-pod' && host.score >= 0.9) return null;
  return readParts(file, ctx, found);
}

/** The text with everything inside `ranges` blanked (line breaks kept). */
function maskInside(text: string, ranges: readonly SourceRange[]): string {
  let out = '';
  let at = 0;
  for (const r of [...ranges].sort((a, b) => a.start - b.start)) {
    if (r.start < at) continue;
    out += text.slice(at, r.start) + text.slice(r.start, r.end).replace(/[^\r\n]/g, ' ');
    at = r.end;
  }
  return out + text.slice(at);
}
