/**
 * Which files exist, from a `tree` or `ls` / `ls -l` listing of `/etc/kubernetes` and its `pki`
 * folder, from lines naming paths, and from the `[certs]`, `[kubeconfig]`, `[control-plane]`,
 * `[etcd]` and `[kubelet-start]` lines of `kubeadm init` output (with the SANs kubeadm printed
 * for each serving certificate and the Kubernetes version it used).
 */
import { message } from '../../model/message';
import type { Diagnostic, PkiFile, SourceRange, VersionInfo } from '../../model/types';
import { pkiListingDocument } from '../../model/document';
import type { FormatParser, ParseContext } from '../format';

const NAME_RE = /^[\w.@+-]+\/?$/;
// Every line pattern is tested on a line without its leading (PROMPT_RE) or surrounding blanks, or reads up to a
// non-blank (LS_LONG_RE): none backtracks over a run of blanks more than once, so a line of a million spaces is
// read in linear time. Tree entries and the name at the end of an `ls -l` line are read by index.
const PROMPT_RE = /^(?:\[?[\w.-]+@[\w.-]+[ :]?)?([~/][^\s#$\]]*)?\]?\s*[#$]\s*(tree|ls)\b([^\n]*)$/;
const TREE_MARKERS = ['├──', '└──', '|--', '`--'] as const;
/** The columns of `ls -l` before the name (mode, links, owner, group, size, date and time). */
const LS_LONG_RE = /^[-dlcbps][rwxsStT-]{9}[.+@]?\s+\d+\s+\S+\s+\S+\s+[\d,]+\s+\S+\s+\S+\s+\S+\s+(?=\S)/;
const LINE_TERMINATOR_RE = /[\n\r\u2028\u2029]/;
const PATH_LINE_RE = /^[ \t]*(?:[-*•][ \t]+)?(\/(?:etc|var|root|home)\/[\w.@/+-]+)[ \t]*\r?$/;

/** The kind of file a name is, by its name and folder. */
export function fileType(path: string, isDir = false): PkiFile['type'] {
  if (isDir || path.endsWith('/')) return 'directory';
  const name = path.split('/').pop() ?? path;
  if (/(^|[-_.])key\.pem$|\.key$/.test(name)) return 'private-key';
  if (/\.pub$|(^|[-_.])pub\.pem$/.test(name)) return 'public-key';
  if (/\.(crt|pem|cer)$/.test(name)) return 'certificate';
  if (/\.conf$|(^|\/)\.kube\/config$|kubeconfig/.test(path)) return 'kubeconfig';
  if (/\/manifests\/[^/]+\.(ya?ml|json)$/.test(path)) return 'manifest';
  return 'other';
}

function join(dir: string | null, name: string): string {
  if (name.startsWith('/') || !dir) return name.replace(/\/$/, '');
  return `${dir.replace(/\/$/, '')}/${name.replace(/\/$/, '')}`;
}

interface Line {
  start: number;
  end: number;
  text: string;
}

function lines(text: string): Line[] {
  const out: Line[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i <= text.length) {
    const n = text.indexOf('\n', i);
    const end = n < 0 ? text.length : n;
    out.push({ start: i, end, text: text.slice(i, end).replace(/\r$/, '') });
    if (n < 0) break;
    i = n + 1;
  }
  return out;
}

const isTreeBlank = (c: string | undefined) => c === ' ' || c === '\t' || c === '\u00a0';
const isBlank = (c: string | undefined) => c === ' ' || c === '\t';

/**
 * A `tree` entry (`│   ├── ca.crt`): the indentation before the branch (`│` and its blanks, `|`, blanks by four)
 * and the name after it without trailing blanks; null when the line is not one.
 */
function treeEntry(t: string): { prefix: string; name: string } | null {
  let i = 0;
  for (;;) {
    const marker = TREE_MARKERS.find((m) => t.startsWith(m, i));
    if (marker) {
      let s = i + marker.length;
      while (s < t.length && isTreeBlank(t[s])) s++;
      let e = t.length;
      if (t[e - 1] === '\r') e--;
      while (e > s && isBlank(t[e - 1])) e--;
      return e > s ? { prefix: t.slice(0, i), name: t.slice(s, e) } : null;
    }
    const c = t[i];
    if (c === '│') {
      i++;
      while (i < t.length && isTreeBlank(t[i])) i++;
    } else if (c === '|') {
      i++;
      while (i < t.length && isBlank(t[i])) i++;
    } else if (isTreeBlank(c) && isTreeBlank(t[i + 1]) && isTreeBlank(t[i + 2]) && isTreeBlank(t[i + 3])) i += 4;
    else return null;
  }
}

/** The name at the end of an `ls -l` line (`... 1 root root 1094 Jan 1 00:00 ca.crt`), null when it is not one. */
function lsLongName(t: string): string | null {
  const m = LS_LONG_RE.exec(t);
  if (!m) return null;
  const name = t.slice(m[0].length).trimEnd();
  return LINE_TERMINATOR_RE.test(name) ? null : name;
}

interface State {
  files: PkiFile[];
  byPath: Map<string, PkiFile>;
}

function add(st: State, f: PkiFile): void {
  const have = st.byPath.get(f.path);
  if (have) {
    if (f.subjectAltNames && !have.subjectAltNames) have.subjectAltNames = f.subjectAltNames;
    return;
  }
  st.byPath.set(f.path, f);
  st.files.push(f);
}

const CERT_GEN_RE = /^\s*\[certs\]\s+Generating\s+"([^"]+)"\s+(certificate and key|key and public key)/;
const CERT_SAN_RE =
  /^\s*\[certs\]\s+(\S+)\s+serving cert is signed for DNS names\s+\[([^\]]*)\](?:\s+and IPs\s+\[([^\]]*)\])?/;
const CERT_DIR_RE = /^\s*\[certs\]\s+Using certificateDir folder\s+"([^"]+)"/;
const KUBECONFIG_DIR_RE = /^\s*\[kubeconfig\]\s+Using kubeconfig folder\s+"([^"]+)"/;
const KUBECONFIG_RE = /^\s*\[kubeconfig\]\s+Writing\s+"([^"]+)"\s+kubeconfig file/;
const MANIFEST_DIR_RE = /^\s*\[control-plane\]\s+Using manifest folder\s+"([^"]+)"/;
const MANIFEST_RE = /^\s*\[control-plane\]\s+Creating static Pod manifest for\s+"([^"]+)"/;
const ETCD_MANIFEST_RE = /^\s*\[etcd\]\s+Creating static Pod manifest for local etcd in\s+"([^"]+)"/;
const KUBELET_FILE_RE = /^\s*\[kubelet-start\]\s+Writing kubelet [\w ]+ to file\s+"([^"]+)"/;
const VERSION_RE = /^\s*\[init\]\s+Using Kubernetes version:\s+v?(\d+\.\d+(?:\.\d+)?)/;

/** Range of `needle` in a line (falls back to the whole line). */
function within(line: Line, needle: string, from = 0): SourceRange {
  const at = line.text.indexOf(needle, from);
  return at < 0
    ? { start: line.start, end: line.start + line.text.length }
    : { start: line.start + at, end: line.start + at + needle.length };
}

function readKubeadmLine(line: Line, st: State, dirs: { pki: string; conf: string; manifests: string }): boolean {
  const t = line.text;
  let m: RegExpExecArray | null;
  if ((m = CERT_DIR_RE.exec(t))) dirs.pki = m[1] ?? dirs.pki;
  else if ((m = KUBECONFIG_DIR_RE.exec(t))) dirs.conf = m[1] ?? dirs.conf;
  else if ((m = MANIFEST_DIR_RE.exec(t))) dirs.manifests = m[1] ?? dirs.manifests;
  else if ((m = CERT_GEN_RE.exec(t))) {
    const base = m[1] ?? '';
    const range = within(line, `"${base}"`);
    const exts = m[2] === 'key and public key' ? ['.key', '.pub'] : ['.crt', '.key'];
    for (const ext of exts) {
      const path = join(dirs.pki, base + ext);
      add(st, { path, type: fileType(path), range, source: 'kubeadm-init' });
    }
  } else if ((m = CERT_SAN_RE.exec(t))) {
    const path = join(dirs.pki, `${m[1] ?? ''}.crt`);
    const sans = { dns: (m[2] ?? '').split(/\s+/).filter(Boolean), ip: (m[3] ?? '').split(/\s+/).filter(Boolean) };
    const have = st.byPath.get(path);
    if (have) have.subjectAltNames = sans;
    else
      add(st, {
        path,
        type: 'certificate',
        range: within(line, m[1] ?? ''),
        source: 'kubeadm-init',
        subjectAltNames: sans,
      });
  } else if ((m = KUBECONFIG_RE.exec(t))) {
    const path = join(dirs.conf, m[1] ?? '');
    add(st, { path, type: 'kubeconfig', range: within(line, `"${m[1] ?? ''}"`), source: 'kubeadm-init' });
  } else if ((m = MANIFEST_RE.exec(t))) {
    const path = join(dirs.manifests, `${m[1] ?? ''}.yaml`);
    add(st, { path, type: 'manifest', range: within(line, `"${m[1] ?? ''}"`), source: 'kubeadm-init' });
  } else if ((m = ETCD_MANIFEST_RE.exec(t))) {
    const path = join(m[1] ?? dirs.manifests, 'etcd.yaml');
    add(st, { path, type: 'manifest', range: within(line, 'etcd'), source: 'kubeadm-init' });
  } else if ((m = KUBELET_FILE_RE.exec(t))) {
    const path = m[1] ?? '';
    add(st, { path, type: fileType(path), range: within(line, `"${path}"`), source: 'kubeadm-init' });
  } else return false;
  return true;
}

export interface PkiListing {
  files: PkiFile[];
  version: VersionInfo | null;
}

export function readPkiListing(text: string): PkiListing {
  const st: State = { files: [], byPath: new Map() };
  const dirs = { pki: '/etc/kubernetes/pki', conf: '/etc/kubernetes', manifests: '/etc/kubernetes/manifests' };
  let version: VersionInfo | null = null;
  let cwd: string | null = null;
  let mode: 'tree' | 'ls' | null = null;
  /** tree: the directory path at each depth */
  let stack: string[] = [];
  let treeRoot: string | null = null;
  for (const line of lines(text)) {
    const t = line.text;
    const trimmed = t.trim();
    const v = VERSION_RE.exec(t);
    if (v && v[1]) {
      const parts = v[1].split('.');
      version = {
        version: `${parts[0]}.${parts[1]}.${parts[2] ?? '0'}`,
        source: 'kubeadm init output',
        range: within(line, v[1]),
      };
      continue;
    }
    if (readKubeadmLine(line, st, dirs)) {
      mode = null;
      continue;
    }
    const prompt = PROMPT_RE.exec(t.trimStart());
    if (prompt) {
      cwd = prompt[1] ? prompt[1] : cwd;
      const arg = (prompt[3] ?? '').split(/\s+/).find((a) => a !== '' && !a.startsWith('-'));
      const dir: string | null = arg ? join(cwd, arg) : cwd;
      mode = prompt[2] === 'tree' ? 'tree' : 'ls';
      treeRoot = dir;
      stack = [];
      if (mode === 'ls') cwd = dir;
      continue;
    }
    const entry = treeEntry(t);
    if (entry) {
      const prefix = entry.prefix;
      const depth = (prefix.match(/│|\||[ \t\u00a0]{4}/g) ?? []).length;
      const name = entry.name.replace(/ -> .*$/, '');
      stack.length = depth;
      const parent = depth === 0 ? treeRoot : (stack[depth - 1] ?? treeRoot);
      const path = join(parent, name);
      stack[depth] = path;
      const at = t.indexOf(name, prefix.length);
      // a directory is known by the entries under it: fix the type when a child appears
      const parentFile = depth > 0 ? st.byPath.get(stack[depth - 1] ?? '') : undefined;
      if (parentFile) parentFile.type = 'directory';
      add(st, {
        path,
        type: fileType(path),
        range: { start: line.start + at, end: line.start + at + name.length },
        source: 'tree',
      });
      mode = 'tree';
      continue;
    }
    if (trimmed === '.' || /^\d+ director(y|ies), \d+ files?$/.test(trimmed)) continue;
    if (mode === 'tree' && /^\/[\w./-]+$/.test(trimmed)) {
      treeRoot = trimmed;
      continue;
    }
    const longName = lsLongName(t);
    if (longName) {
      const name = longName.replace(/ -> .*$/, '');
      const path = join(cwd, name);
      const at = t.lastIndexOf(name);
      add(st, {
        path,
        type: fileType(path, t.startsWith('d')),
        range: { start: line.start + at, end: line.start + at + name.length },
        source: 'ls',
      });
      continue;
    }
    const pathLine = PATH_LINE_RE.exec(t);
    if (pathLine && pathLine[1]) {
      const at = t.indexOf(pathLine[1]);
      add(st, {
        path: pathLine[1],
        type: fileType(pathLine[1]),
        range: { start: line.start + at, end: line.start + at + pathLine[1].length },
        source: 'path',
      });
      continue;
    }
    if (mode === 'ls' && /^(?:total \d+|\.\.\.(?:\s*\.\.\.)*)$/.test(trimmed)) continue;
    if (mode === 'ls') {
      const words = [...t.matchAll(/\S+/g)];
      if (words.length > 0 && words.every((w) => NAME_RE.test(w[0]))) {
        for (const w of words) {
          const path = join(cwd, w[0]);
          const dir: boolean =
            w[0].endsWith('/') ||
            (!/\.\w+$/.test(w[0]) && ['manifests', 'pki', 'etcd', 'cache', 'schema'].includes(w[0]));
          add(st, {
            path,
            type: fileType(path, dir),
            range: { start: line.start + (w.index ?? 0), end: line.start + (w.index ?? 0) + w[0].length },
            source: 'ls',
          });
        }
        continue;
      }
      if (trimmed !== '') mode = null;
    }
  }
  return { files: st.files, version };
}

const LS_PROMPT_RE = /[#$]\s*ls\b/;
/** `\b[\w.-]+\.(crt|...)\b` without the backtracking of `[\w.-]+` from every start: a word character, dots and dashes. */
const KNOWN_FILE_RE = /\w[.-]*\.(crt|key|pem|conf|json|ya?ml)\b/;

/** A `# ls ...` prompt line with a certificate, key, kubeconfig or manifest named on one of the two lines after it. */
function listsKnownFiles(text: string): boolean {
  let window = 0;
  for (let i = 0; i <= text.length;) {
    const n = text.indexOf('\n', i);
    const end = n < 0 ? text.length : n;
    const line = text.slice(i, end);
    if (window > 0 && KNOWN_FILE_RE.test(line)) return true;
    window = LS_PROMPT_RE.test(line) ? 2 : window - 1;
    if (n < 0) break;
    i = n + 1;
  }
  return false;
}

function countLabel(files: readonly PkiFile[]): string {
  const dirs = files.filter((f) => f.type === 'directory').length;
  const n = files.length - dirs;
  return `${n} file${n === 1 ? '' : 's'}${dirs > 0 ? `, ${dirs} folder${dirs === 1 ? '' : 's'}` : ''}`;
}

export const pkiListingParser: FormatParser = {
  kind: 'pki-listing',
  detect(text) {
    // `^[^\S\r\n\u2028\u2029]*`: the blanks of one line (`^\s*` with the m flag rescans every blank line below)
    if (/^[^\S\r\n\u2028\u2029]*\[certs\]\s+(Generating|Using certificateDir)/m.test(text)) return 0.85;
    if (/(├──|└──)[ \t\u00a0]*[\w.-]+\.(crt|key|pem|pub|conf)\b/.test(text)) return 0.85;
    if (/^[^\S\r\n\u2028\u2029]*\[(kubeconfig|control-plane|kubelet-start)\]\s+/m.test(text)) return 0.75;
    if (listsKnownFiles(text)) return 0.65;
    if (/^[ \t]*(?:[\w.-]+\.(crt|key|pem|pub)[ \t]+){2,}/m.test(text)) return 0.55;
    return 0;
  },
  parse(ctx: ParseContext) {
    const { file } = ctx;
    const { files, version } = readPkiListing(file.text);
    if (files.length === 0) {
      const diagnostics: Diagnostic[] = [
        {
          severity: 'info',
          code: 'no-files',
          message: message('ingest.no-file-names'),
          range: { start: 0, end: Math.min(1, file.text.length) },
        },
      ];
      return { documents: [], diagnostics };
    }
    const fromInit = files.some((f) => f.source === 'kubeadm-init');
    // no spread: a listing may name 100,000 files
    const start = files.reduce((s, f) => Math.min(s, f.range.start), Infinity);
    const end = files.reduce((e, f) => Math.max(e, f.range.end), 0);
    const doc = pkiListingDocument(
      {
        fileId: file.id,
        index: 0,
        label: `${fromInit ? 'kubeadm init output' : 'file listing'} (${countLabel(files)})`,
        range: { start, end },
        version,
      },
      { pkiFiles: files },
    );
    return { documents: [doc], diagnostics: [] };
  },
};
