/**
 * The bundle public/collect.sh writes: one text with a header line per entry,
 *
 *   #### kube-explainer bundle v1 host=cp-1 collected=2026-12-02T16:15:30Z
 *   #### kube-explainer file host=cp-1 path=/etc/kubernetes/manifests/etcd.yaml
 *   ...the file, tokens and passwords REDACTED...
 *   #### kube-explainer key host=cp-1 path=/etc/kubernetes/pki/apiserver.key belongs-to=/etc/kubernetes/pki/apiserver.crt
 *   #### kube-explainer command host=cp-1 command=ss -ltnp
 *   ...its output...
 *
 * read back as the files of a workspace: each file and each command output its own file, named by its path on the
 * node (a command by `<command>.txt`), with the node as its host. Several bundles pasted together (several nodes)
 * keep each entry's host. Key entries carry no text: only which certificate each key belongs to. Pasted into one
 * tab, the bundle is read entry by entry in place (ingestBundle), each under its path.
 */
import type { SourceRange, WorkspaceFile } from '../../model/types';
import type { FormatParser, ParseContext } from '../format';
import { readParts, type MixedResult } from './segments';

export interface BundleEntry {
  kind: 'file' | 'command' | 'key';
  host: string;
  /** The path on the node (file, key) or the command line (command). */
  path: string;
  /** For a key: the certificate (or public key) it belongs to; `none` or `unknown (...)` as the collector says. */
  belongsTo: string | null;
  /** The entry's text (nothing for a key). */
  text: string;
  /** 1-based line of the header in the bundle. */
  line: number;
  /** Where the entry's text is in the bundle (after its header line, without the last line break). */
  range: SourceRange;
  /** Where its header line starts. */
  headerStart: number;
}

export interface Bundle {
  /** The host of the first bundle line, when there is one. */
  host: string | null;
  entries: BundleEntry[];
}

const BUNDLE_RE = /^#### kube-explainer bundle v1 host=(\S+)/;
const ENTRY_RE = /^#### kube-explainer (file|command|key) host=(\S+) (?:path|command)=(.*)$/;
const BELONGS_RE = / belongs-to=(.*)$/;

/** Whether a text is a collector bundle (its first line is the bundle header). */
export function isBundle(text: string): boolean {
  return BUNDLE_RE.test(text.startsWith('\uFEFF') ? text.slice(1) : text);
}

/** The entries of a bundle; null when the text is not one. */
export function readBundle(text: string): Bundle | null {
  const bom = text.startsWith('\uFEFF') ? 1 : 0;
  const body = bom ? text.slice(1) : text;
  const head = BUNDLE_RE.exec(body);
  if (!head) return null;
  const entries: BundleEntry[] = [];
  let cur: { entry: BundleEntry; lines: string[]; end: number } | null = null;
  const close = () => {
    if (!cur) return;
    cur.entry.text = cur.lines.length > 0 ? `${cur.lines.join('\n')}\n` : '';
    cur.entry.range = { start: cur.entry.range.start, end: Math.max(cur.entry.range.start, cur.end) };
    entries.push(cur.entry);
    cur = null;
  };
  const lines = body.split('\n');
  let offset = bom;
  lines.forEach((raw, i) => {
    const lineStart = offset;
    offset += raw.length + 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.startsWith('#### kube-explainer ')) {
      const m = ENTRY_RE.exec(line);
      if (m) {
        close();
        const kind = m[1] as BundleEntry['kind'];
        let path = m[3] ?? '';
        let belongsTo: string | null = null;
        if (kind === 'key') {
          const b = BELONGS_RE.exec(path);
          if (b) {
            belongsTo = b[1] ?? null;
            path = path.slice(0, b.index);
          }
        }
        const start = lineStart + raw.length + 1;
        cur = {
          entry: {
            kind,
            host: m[2] ?? '',
            path,
            belongsTo,
            text: '',
            line: i + 1,
            range: { start, end: start },
            headerStart: lineStart,
          },
          lines: [],
          end: start,
        };
        return;
      }
      if (BUNDLE_RE.test(line)) {
        close(); // a second node's bundle pasted after the first
        return;
      }
    }
    if (cur) {
      cur.lines.push(raw);
      if (line.trim() !== '') cur.end = lineStart + line.length;
    }
  });
  close();
  // the last line break of the bundle belongs to no entry
  const last = entries[entries.length - 1];
  if (last && last.text.endsWith('\n\n')) last.text = last.text.slice(0, -1);
  return { host: head[1] ?? null, entries };
}

/** A command line as a file name: `ss -ltnp` -> `ss-ltnp.txt`. */
function commandFileName(command: string): string {
  const name = command
    .replace(/[^\w.-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return `${name || 'command'}.txt`;
}

/** The files a bundle becomes in a workspace: name (the path on the node), host and text. Keys give none. */
export function bundleFiles(bundle: Bundle): { name: string; host: string; text: string }[] {
  return bundle.entries
    .filter((e) => e.kind !== 'key')
    .map((e) => ({ name: e.kind === 'file' ? e.path : commandFileName(e.path), host: e.host, text: e.text }));
}

/** How sure the detection of an entry must be for it to be read as that format. */
const MIN_SCORE = 0.3;

/**
 * A bundle in one file: each entry read where it is, by the parser its text is detected as, under its path on the
 * node. Null when the text is not a bundle or no entry is readable.
 */
export function ingestBundle(
  file: WorkspaceFile,
  ctx: Omit<ParseContext, 'file'>,
  detect: (file: WorkspaceFile) => { parser: FormatParser | null; score: number },
): MixedResult | null {
  const bundle = readBundle(file.text);
  if (!bundle) return null;
  const found: { parser: FormatParser; range: SourceRange; name: string }[] = [];
  for (const e of bundle.entries) {
    if (e.kind === 'key' || e.range.end <= e.range.start) continue;
    const name = e.kind === 'file' ? e.path : commandFileName(e.path);
    const { parser, score } = detect({ ...file, name, text: file.text.slice(e.range.start, e.range.end) });
    if (!parser || score < MIN_SCORE) continue;
    // a unit or env file with its header line, which names it for the unit reader (units and env files are read
    // together, so a unit's $VARs expand from the env files next to it)
    const withHeader = parser.kind === 'systemd-unit' || parser.kind === 'env-file';
    found.push({ parser, range: withHeader ? { start: e.headerStart, end: e.range.end } : e.range, name });
  }
  return found.length > 0 ? readParts(file, ctx, found) : null;
}
