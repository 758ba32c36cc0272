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
const PROMPT_RE = /^\s*(?:\[?[\w.-]+@[\w.-]+[ :]?)?([~/][^\s#$\]]*)?\]?\s*[#$]\s*(tree|ls)\b([^\n]*)$/;
const TREE_ENTRY_RE = /^((?:│[ \t\u00a0]*|[ \t\u00a0]{4}|\|[ \t]*)*)(?:├──|└──|\|--|`--)[ \t\u00a0]*(.+?)[ \t]*\r?$/;
const LS_LONG_RE = /^[-dlcbps][rwxsStT-]{9}[.+@]?\s+\d+\s+\S+\s+\S+\s+[\d,]+\s+\S+\s+\S+\s+\S+\s+(.+?)\s*\r?$/;
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
    const prompt = PROMPT_RE.exec(t);
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
    const entry = TREE_ENTRY_RE.exec(t);
    if (entry) {
      const prefix = entry[1] ?? '';
      const depth = (prefix.match(/│|\||[ \t\u00a0]{4}/g) ?? []).length;
      const name = (entry[2] ?? '').replace(/ -> .*$/, '');
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
    if (/^\s*\.\s*$/.test(t) || /^\s*\d+ director(y|ies), \d+ files?\s*$/.test(t)) continue;
    const rootLine = mode === 'tree' && /^\s*\/[\w./-]+\s*$/.exec(t);
    if (rootLine) {
      treeRoot = t.trim();
      continue;
    }
    const long = LS_LONG_RE.exec(t);
    if (long && long[1]) {
      const name = long[1].replace(/ -> .*$/, '');
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
    if (mode === 'ls' && /^\s*(total \d+|(\.\.\.\s*)+)\s*$/.test(t)) continue;
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
      if (t.trim() !== '') mode = null;
    }
  }
  return { files: st.files, version };
}

function countLabel(files: readonly PkiFile[]): string {
  const dirs = files.filter((f) => f.type === 'directory').length;
  const n = files.length - dirs;
  return `${n} file${n === 1 ? '' : 's'}${dirs > 0 ? `, ${dirs} folder${dirs === 1 ? '' : 's'}` : ''}`;
}

export const pkiListingParser: FormatParser = {
  kind: 'pki-listing',
  detect(text) {
    if (/^\s*\[certs\]\s+(Generating|Using certificateDir)/m.test(text)) return 0.85;
    if (/(├──|└──)[ \t\u00a0]*[\w.-]+\.(crt|key|pem|pub|conf)\b/.test(text)) return 0.85;
    if (/^\s*\[(kubeconfig|control-plane|kubelet-start)\]\s+/m.test(text)) return 0.75;
    if (/[#$]\s*ls\b[^\n]*\n(?:[^\n]*\n)?[^\n]*\b[\w.-]+\.(crt|key|pem|conf|json|ya?ml)\b/.test(text)) return 0.65;
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
    const start = Math.min(...files.map((f) => f.range.start));
    const end = Math.max(...files.map((f) => f.range.end));
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
