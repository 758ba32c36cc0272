/**
 * Paths: a flag's path (`/etc/kubernetes/pki/etcd/ca.crt`) matched to a workspace file by where that file sits in
 * the folder the user gave (a copy of /etc/kubernetes dropped under any name: manifests/, pki/, *.conf), and a
 * path's role by kubeadm's conventions (content/pki.yaml).
 */
import type { FileId } from '../../model/span';
import type { PkiFacts } from '../../knowledge/pki';

/** `/a//b/./c/../d/` as `/a/b/d`; backslashes as slashes. */
export function normalizePath(p: string): string {
  // most paths are already normal: nothing to split
  if (p !== '' && !p.includes('\\') && !p.includes('//') && !p.includes('/.') && !p.startsWith('.') && !p.endsWith('/'))
    return p;
  const absolute = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `${absolute ? '/' : ''}${out.join('/')}`;
}

const segments = (p: string) => normalizePath(p).split('/').filter(Boolean);

/** Whether `path` is `dir` or inside it. */
export function isUnder(path: string, dir: string): boolean {
  return isUnderNormalized(normalizePath(path), normalizePath(dir));
}

/** isUnder for paths already normalized (normalizePath). */
export function isUnderNormalized(p: string, d: string): boolean {
  return p === d || p.startsWith(d === '/' ? '/' : `${d}/`);
}

export function dirname(p: string): string {
  const n = normalizePath(p);
  const i = n.lastIndexOf('/');
  return i <= 0 ? (n.startsWith('/') ? '/' : '') : n.slice(0, i);
}

export function basename(p: string): string {
  const n = normalizePath(p);
  return n.slice(n.lastIndexOf('/') + 1);
}

export function joinPath(dir: string, rel: string): string {
  return normalizePath(`${dir}/${rel}`);
}

interface Candidate {
  fileId: FileId;
  segs: string[];
}

/**
 * The workspace's files by path. A flag path matches a file whose path is a suffix of it (`pki/etcd/ca.crt`,
 * `etc/kubernetes/pki/ca.crt`), or whose path ends like it below a folder that stands for /etc/kubernetes
 * (`my-copy/pki/ca.crt`); the longest match wins, a host's name in the file's folder breaks ties. A bare name
 * (`ca.crt`, a pasted tab) matches only when no other referenced path has that name.
 */
export class WorkspacePaths {
  private readonly files: Candidate[];
  private readonly byName = new Map<string, Candidate[]>();

  constructor(
    files: readonly { fileId: FileId; name: string }[],
    private readonly kubernetesDir: string,
  ) {
    this.files = files.map((f) => ({ fileId: f.fileId, segs: segments(f.name) }));
    for (const c of this.files) {
      const name = c.segs[c.segs.length - 1] ?? '';
      this.byName.set(name, [...(this.byName.get(name) ?? []), c]);
    }
  }

  /** Score of a file for a path: matched trailing segments (0: no match). */
  private score(c: Candidate, path: string[], host: string | null): number {
    let k = 0;
    while (k < c.segs.length && k < path.length && c.segs[c.segs.length - 1 - k] === path[path.length - 1 - k]) k++;
    if (k === 0) return 0;
    const rest = c.segs.slice(0, c.segs.length - k);
    const bonus = host && rest.includes(host) ? 0.25 : 0;
    if (k === c.segs.length) return k + bonus;
    // a copy of /etc/kubernetes under any name: what is left of the flag path is exactly that folder
    const left = `/${path.slice(0, path.length - k).join('/')}`;
    if (normalizePath(left) === normalizePath(this.kubernetesDir)) return k + 0.5 + bonus;
    return 0;
  }

  /**
   * The workspace file at `path` on `host` (null: none). `names`: the base names of every path referenced, to keep
   * a bare name from matching two different files.
   */
  match(path: string, host: string | null, ambiguousNames: ReadonlySet<string>): FileId | null {
    const p = segments(path);
    let best: { fileId: FileId; score: number } | null = null;
    for (const c of this.byName.get(p[p.length - 1] ?? '') ?? []) {
      if (c.segs.length === 1 && ambiguousNames.has(c.segs[0] ?? '')) continue;
      const s = this.score(c, p, host);
      if (s > 0 && (!best || s > best.score)) best = { fileId: c.fileId, score: s };
    }
    return best?.fileId ?? null;
  }

  /**
   * Where a workspace file would be on the host: its name when absolute, `/etc/kubernetes/...` for a file in a
   * copy of that folder (below a `pki` or `manifests` folder, or a `.conf` next to one), else null.
   */
  absoluteOf(fileId: FileId): string | null {
    const c = this.files.find((f) => f.fileId === fileId);
    if (!c) return null;
    const i = Math.max(c.segs.lastIndexOf('pki'), c.segs.lastIndexOf('manifests'));
    if (i >= 0 && !(c.segs[i] === 'pki' && c.segs[i - 1] === 'kubelet'))
      return joinPath(this.kubernetesDir, c.segs.slice(i).join('/'));
    const root = c.segs.slice(0, -1).join('/');
    const name = c.segs[c.segs.length - 1] ?? '';
    if (
      name.endsWith('.conf') &&
      this.files.some((f) => {
        const dir = f.segs.slice(0, -2).join('/');
        return dir === root && (f.segs[f.segs.length - 2] === 'pki' || f.segs[f.segs.length - 2] === 'manifests');
      })
    )
      return joinPath(this.kubernetesDir, name);
    return null;
  }
}

/** What a path is by kubeadm's conventions, and the directory its siblings are in. */
export interface PathRole {
  kind: 'authority' | 'authority-key' | 'certificate' | 'certificate-key' | 'kubeconfig' | 'private-key' | 'public-key';
  /** The content/pki.yaml id. */
  id: string;
  /** The certificates (or kubeconfig) directory this path sits in. */
  dir: string;
}

/** Every file pki.yaml names, relative to its directory, as segments (once per facts object). */
const conventionFiles = new WeakMap<PkiFacts, { segs: string[]; kind: PathRole['kind']; id: string }[]>();
function filesOf(pki: PkiFacts) {
  let list = conventionFiles.get(pki);
  if (list) return list;
  list = [];
  const add = (rel: string, kind: PathRole['kind'], id: string) => {
    const segs = segments(rel);
    if (segs.length > 0) list.push({ segs, kind, id });
  };
  for (const a of pki.authorities) {
    add(a.file, 'authority', a.id);
    add(a.key, 'authority-key', a.id);
  }
  for (const c of pki.certificates) {
    add(c.file, 'certificate', c.id);
    add(c.key, 'certificate-key', c.id);
  }
  for (const k of pki.keyPairs) {
    add(k.private, 'private-key', k.id);
    add(k.public, 'public-key', k.id);
  }
  for (const k of pki.kubeconfigs) add(k.file, 'kubeconfig', k.id);
  conventionFiles.set(pki, list);
  return list;
}

/** The role of a path: the pki.yaml file with the longest relative path it ends with. */
export function roleOfPath(path: string, pki: PkiFacts): PathRole | null {
  const p = segments(path);
  let best: { f: { segs: string[]; kind: PathRole['kind']; id: string }; length: number } | null = null;
  for (const f of filesOf(pki)) {
    const r = f.segs;
    if (r.length > p.length || (best && best.length >= r.length)) continue;
    let ok = true;
    for (let i = 1; i <= r.length && ok; i++) ok = p[p.length - i] === r[r.length - i];
    if (ok) best = { f, length: r.length };
  }
  if (!best) return null;
  const dirSegs = p.slice(0, p.length - best.length);
  return { kind: best.f.kind, id: best.f.id, dir: `${path.startsWith('/') ? '/' : ''}${dirSegs.join('/')}` };
}
