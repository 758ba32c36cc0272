/**
 * What a share link (and an export) may carry of the workspace: every secret the analysis located replaced by a
 * placeholder the way kubectl prints them (`DATA+OMITTED` for `*-data` keys, `REDACTED` for the rest, a PEM private
 * key's body), and, when asked, IP addresses, host names and cluster names replaced consistently (one original, one
 * placeholder everywhere, in every file and file name). Placeholders are values the readers understand: `REDACTED`
 * is a placeholder in content/secrets.yaml (so the opened link shows "redacted", not a secret), an IP is replaced by
 * an address of the documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32), so every
 * flag still parses and the explanation still reads. Pure.
 */
import type { SecretInfo, SecretKind, WorkspaceFile } from '../model/types';
import type { FileId } from '../model/span';
import type { WorkspaceAnalysis } from '../pipeline';
import { LineIndex } from '../util/lineIndex';

export interface RedactOptions {
  ips: boolean;
  hostnames: boolean;
  clusterNames: boolean;
}

export const NO_EXTRA_REDACTION: RedactOptions = { ips: false, hostnames: false, clusterNames: false };

/** One thing replaced: a secret (where it was, never its value), or an IP / host / cluster name and its stand-in. */
export type Redaction =
  | {
      kind: 'secret';
      secretKind: SecretKind;
      /** How the analysis lists it: `--token`, `users[admin].user.client-key-data`, `RSA private key`. */
      label: string;
      file: string;
      line: number;
      /** Its length, so an empty value can be told from a real one. */
      length: number;
      replacement: string;
    }
  | {
      kind: 'ip' | 'hostname' | 'cluster';
      /** The user's own value (shown to them in the dialog only; never in the link). */
      original: string;
      replacement: string;
      /** How many times it was replaced, file names included. */
      count: number;
    };

export interface RedactedWorkspace {
  files: WorkspaceFile[];
  redactions: Redaction[];
}

type Analysis = Pick<WorkspaceAnalysis, 'files' | 'instances'>;

/** The placeholder kubectl would print in place of a secret of this kind. */
export function placeholderFor(secret: Pick<SecretInfo, 'kind' | 'label'>, text: string): string {
  const pem = /^(-----BEGIN ([A-Z0-9 ]+)-----)[\s\S]*?(-----END \2-----)$/.exec(text.trim());
  if (pem) return `${pem[1]}\nREDACTED\n${pem[3]}`;
  if (secret.kind === 'client-key-data' || /-data$/.test(secret.label)) return 'DATA+OMITTED';
  return 'REDACTED';
}

/** Every secret span of a file, merged where they overlap (a unit and its env file list the same value). */
function secretRanges(
  analysis: Analysis,
  id: FileId,
): { start: number; end: number; secret: SecretInfo; documentFile: FileId }[] {
  const out: { start: number; end: number; secret: SecretInfo; documentFile: FileId }[] = [];
  for (const f of analysis.files)
    for (const d of f.documents)
      for (const s of d.document.secrets ?? []) {
        if (s.redacted || (s.fileId ?? d.document.fileId) !== id) continue;
        out.push({ start: s.range.start, end: s.range.end, secret: s, documentFile: d.document.fileId });
      }
  out.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: typeof out = [];
  for (const r of out) {
    const last = merged[merged.length - 1];
    if (last && r.start < last.end) last.end = Math.max(last.end, r.end);
    else if (r.end > r.start) merged.push({ ...r });
  }
  return merged;
}

/** Secrets shorter than this are not searched for again in the rest of the text (they would match words). */
const MIN_SCRUB_LENGTH = 6;

/** Replace every located secret; then any copy of a secret value left elsewhere (a file name, an unparsed line). */
function redactSecrets(files: readonly WorkspaceFile[], analysis: Analysis): RedactedWorkspace {
  const redactions: Redaction[] = [];
  const values = new Map<string, string>();
  const out = files.map((file) => {
    const lines = new LineIndex(file.text);
    let text = '';
    let at = 0;
    for (const r of secretRanges(analysis, file.id)) {
      const start = Math.max(at, r.start);
      const end = Math.min(file.text.length, r.end);
      if (end <= start) continue;
      const value = file.text.slice(start, end);
      const replacement = placeholderFor(r.secret, value);
      if (value.length >= MIN_SCRUB_LENGTH) values.set(value, replacement.includes('\n') ? 'REDACTED' : replacement);
      text += file.text.slice(at, start) + replacement;
      at = end;
      redactions.push({
        kind: 'secret',
        secretKind: r.secret.kind,
        label: r.secret.label,
        file: file.name,
        line: lines.position(start).line,
        length: value.length,
        replacement: replacement.includes('\n') ? 'REDACTED' : replacement,
      });
    }
    return { ...file, text: text + file.text.slice(at) };
  });
  // a last line of defence: the same value written where no reader located it
  const list = [...values].sort((a, b) => b[0].length - a[0].length);
  const scrub = (s: string) => list.reduce((acc, [v, p]) => (acc.includes(v) ? acc.split(v).join(p) : acc), s);
  return {
    files: list.length === 0 ? out : out.map((f) => ({ ...f, name: scrub(f.name), text: scrub(f.text) })),
    redactions,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// IP addresses

const IPV4 = /(?<![\w.])((?:\d{1,3}\.){3}\d{1,3})(?![\w]|\.\d)/g;
/** Addresses that say how a socket binds, not where a machine is: kept. */
const KEEP_V4 = /^(127\.|0\.0\.0\.0$|255\.255\.255\.255$)/;

function isIPv4(s: string): boolean {
  return s.split('.').every((o) => Number(o) <= 255 && (o === '0' || !o.startsWith('0')));
}

/** `fd00::10`, `2001:db8:1::1`, `fe80::1%eth0` without the zone; at least one `::` or eight groups; hex groups. */
const IPV6 = /(?<![\w:.])((?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4})(?![\w:])/g;
const KEEP_V6 = /^(::|::1|::ffff:.*)$/i;

function isIPv6(s: string): boolean {
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  if (groups.some((g) => !/^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  if (halves.length === 1 && groups.length !== 8) return false;
  if (halves.length === 2 && groups.length > 7) return false;
  // `12:30:45` (a time) has no `::` and fewer than eight groups: already refused; `a::b` needs a hex letter or `::`
  return true;
}

const V4_RANGES = ['192.0.2.', '198.51.100.', '203.0.113.'];

// ---------------------------------------------------------------------------------------------------------------
// host and cluster names

/** Names that are Kubernetes' own, not the user's: never replaced. */
const KEEP_NAMES = new Set([
  'localhost',
  'kubernetes',
  'kubernetes.default',
  'kubernetes.default.svc',
  'kubernetes.default.svc.cluster.local',
  'cluster.local',
  'default',
]);

const IP_LIKE = /^[\d.]+$|:/;
/** Public sites (documentation links in units, registries) and in-cluster DNS names: nobody's machine. */
const PUBLIC_NAME =
  /(^|\.)(kubernetes\.io|k8s\.io|etcd\.io|github\.com|githubusercontent\.com|gcr\.io|docker\.io|quay\.io|googleapis\.com)$|\.svc(\.cluster\.local)?$|\.cluster\.local$/i;

function usableName(n: string | null | undefined): n is string {
  if (!n) return false;
  const name = n.trim();
  return (
    name.length >= 3 &&
    !KEEP_NAMES.has(name.toLowerCase()) &&
    !PUBLIC_NAME.test(name) &&
    !IP_LIKE.test(name) &&
    !/\s/.test(name)
  );
}

/** The host part of URLs (`https://cp1.example.com:6443`) in a text. */
const URL_HOST =
  /\b[a-z][a-z0-9+.-]*:\/\/(?:[^@/\s"']*@)?([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*)/g;

function hostNames(files: readonly WorkspaceFile[], analysis: Analysis): Set<string> {
  const names = new Set<string>();
  for (const i of analysis.instances) if (usableName(i.host?.name)) names.add(i.host.name);
  for (const f of files) if (usableName(f.host)) names.add(f.host);
  for (const f of files) for (const m of f.text.matchAll(URL_HOST)) if (usableName(m[1])) names.add(m[1]);
  return names;
}

function clusterNames(analysis: Analysis): Set<string> {
  const names = new Set<string>();
  for (const f of analysis.files)
    for (const d of f.documents) {
      const doc = d.document;
      if (doc.kind === 'kubeconfig') {
        for (const c of doc.kubeconfig.clusters) if (usableName(c.name)) names.add(c.name);
        for (const c of doc.kubeconfig.contexts) if (usableName(c.cluster)) names.add(c.cluster);
      }
      for (const flag of d.flags)
        if ((flag.canonical ?? flag.occurrence.name) === 'cluster-name' && usableName(flag.occurrence.value))
          names.add(flag.occurrence.value);
      for (const field of d.fields)
        if (/(^|\.)clusterName$/.test(field.occurrence.path) && usableName(field.occurrence.value))
          names.add(field.occurrence.value);
    }
  return names;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The workspace as a link or an export may carry it: secrets replaced always, IPs, host names and cluster names
 * when asked. `analysis` must be of exactly these files' texts (the share dialog analyses them itself).
 */
export function redactWorkspace(
  files: readonly WorkspaceFile[],
  analysis: Analysis,
  options: RedactOptions = NO_EXTRA_REDACTION,
): RedactedWorkspace {
  const hosts = options.hostnames ? hostNames(files, analysis) : new Set<string>();
  const clusters = options.clusterNames ? clusterNames(analysis) : new Set<string>();
  const { files: secretFree, redactions } = redactSecrets(files, analysis);
  let out = secretFree;

  if (options.ips) {
    const seen = new Set<string>();
    for (const f of out)
      for (const t of [f.name, f.text, f.host ?? '']) {
        for (const m of t.matchAll(IPV4)) seen.add(m[1]!);
        for (const m of t.matchAll(IPV6)) seen.add(m[1]!);
      }
    const map = new Map<string, string>();
    const counts = new Map<string, number>();
    let v4 = 0;
    let v6 = 0;
    const nextV4 = (): string => {
      for (;;) {
        const range = V4_RANGES[Math.floor(v4 / 254) % V4_RANGES.length]!;
        const candidate = `${range}${(v4 % 254) + 1}`;
        v4++;
        if (!seen.has(candidate)) return candidate;
      }
    };
    const nextV6 = (): string => {
      for (;;) {
        v6++;
        const candidate = `2001:db8::${v6.toString(16)}`;
        if (!seen.has(candidate)) return candidate;
      }
    };
    const replaceIPs = (t: string) =>
      t
        .replace(IPV4, (whole, ip: string) => {
          if (!isIPv4(ip) || KEEP_V4.test(ip)) return whole;
          let p = map.get(ip);
          if (!p) map.set(ip, (p = nextV4()));
          counts.set(ip, (counts.get(ip) ?? 0) + 1);
          return p;
        })
        .replace(IPV6, (whole, ip: string) => {
          if (!isIPv6(ip) || KEEP_V6.test(ip)) return whole;
          const key = ip.toLowerCase();
          let p = map.get(key);
          if (!p) map.set(key, (p = nextV6()));
          counts.set(key, (counts.get(key) ?? 0) + 1);
          return p;
        });
    out = out.map((f) => ({
      ...f,
      name: replaceIPs(f.name),
      text: replaceIPs(f.text),
      ...(f.host ? { host: replaceIPs(f.host) } : {}),
    }));
    for (const [original, replacement] of map)
      redactions.push({ kind: 'ip', original, replacement, count: counts.get(original) ?? 0 });
  }

  if (hosts.size > 0 || clusters.size > 0) {
    const map = new Map<string, { replacement: string; kind: 'hostname' | 'cluster' }>();
    let h = 0;
    let c = 0;
    const taken = new Set([...hosts, ...clusters]);
    // longest first: `cp1.example.com` before `cp1`
    for (const n of [...hosts].sort((a, b) => b.length - a.length || a.localeCompare(b))) {
      let p: string;
      do p = `host-${++h}`;
      while (taken.has(p));
      map.set(n, { replacement: p, kind: 'hostname' });
    }
    for (const n of [...clusters].sort((a, b) => b.length - a.length || a.localeCompare(b))) {
      if (map.has(n)) continue;
      let p: string;
      do p = `cluster-${++c}`;
      while (taken.has(p));
      map.set(n, { replacement: p, kind: 'cluster' });
    }
    const names = [...map.keys()].sort((a, b) => b.length - a.length);
    // a whole name: not inside a longer word, not a flag (`--master` stays when a host is called `master`)
    const re = new RegExp(`(?<![A-Za-z0-9_]|--)(${names.map(escapeRegExp).join('|')})(?![A-Za-z0-9_])`, 'g');
    const counts = new Map<string, number>();
    const replaceNames = (t: string) =>
      t.replace(re, (n: string) => {
        counts.set(n, (counts.get(n) ?? 0) + 1);
        return map.get(n)!.replacement;
      });
    out = out.map((f) => ({
      ...f,
      name: replaceNames(f.name),
      text: replaceNames(f.text),
      ...(f.host ? { host: replaceNames(f.host) } : {}),
    }));
    for (const [original, { replacement, kind }] of map)
      if ((counts.get(original) ?? 0) > 0)
        redactions.push({ kind, original, replacement, count: counts.get(original) ?? 0 });
  }
  return { files: out, redactions };
}
