/**
 * What the trust page shows besides the graph: the certificates table's rows (like `kubeadm certs
 * check-expiration`), the node under the editor's cursor, the labels of broken edges (their findings), dates in the
 * user's time zone. Plain functions of the analysis, so the page's parts stay small.
 */
import type { TrustEdge, TrustModel, TrustNode } from '../../analysis/trust/model';
import type { PresentedFinding } from '../../present/messages';
import type { Span } from '../../model/span';
import type { Cursor } from '../../state/selection';
import type { TrustLayout } from '../../graphs/trust/layout';
import { shortPath } from '../../graphs/trust/layout';
import { formatDate as formatInUiLanguage, t } from '../../i18n';

export interface CertificateRow {
  id: string;
  name: string;
  host: string | null;
  role: string | null;
  kind: TrustNode['kind'];
  subjectCN: string | null;
  subjectO: string[];
  issuer: string | null;
  notAfter: string | null;
  daysLeft: number | null;
  sans: string[];
  source: string | null;
  sourceSpan: Span | null;
  inferred: boolean;
  usedBy: string[];
}

const CN = /(?:^|[,/]\s*)CN\s*=\s*([^,/]+)/;
const O = /(?:^|[,/]\s*)O\s*=\s*([^,/]+)/g;

function cnOf(dn: string | null): string | null {
  return dn ? (CN.exec(dn)?.[1]?.trim() ?? null) : null;
}

export function certificateRows(
  model: TrustModel,
  fileName: (span: Span) => string | null,
  /** The host a node is drawn in (the graph's host box), when the node does not name one. */
  hostOf: (id: string) => string | null = () => null,
): CertificateRow[] {
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  // a kubeconfig's client certificate is used by whoever points at the kubeconfig
  const kubeconfigOf = new Map<string, string>();
  // who presents or trusts a node, who points at a kubeconfig: by the edge's end
  const users = new Map<string, string[]>();
  const pointers = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, value: string) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const e of model.edges) {
    const from = byId.get(e.from)?.label ?? e.from;
    if (e.kind === 'presents' && byId.get(e.from)?.kind === 'kubeconfig') kubeconfigOf.set(e.to, e.from);
    if (e.kind === 'presents' || e.kind === 'trusts') add(users, e.to, from);
    if (e.kind === 'points-to') add(pointers, e.to, from);
  }
  return model.nodes
    .filter((n) => n.kind === 'ca' || n.kind === 'certificate')
    .map((n) => {
      const c = n.certificate;
      const kc = kubeconfigOf.get(n.id);
      const usedBy = [...(users.get(n.id) ?? []), ...(kc ? (pointers.get(kc) ?? []) : [])];
      const hostMatch = /@([^@/#]+)(?:#|$|\/)/.exec(n.id);
      return {
        id: n.id,
        name: n.label.replace(/@[^@/#]+$/, ''),
        host: n.host ?? hostMatch?.[1] ?? hostOf(n.id),
        role: n.role,
        kind: n.kind,
        subjectCN: c?.subjectCN ?? cnOf(n.subject),
        subjectO: c?.subjectO ?? (n.subject ? [...n.subject.matchAll(O)].map((m) => m[1]!.trim()) : []),
        issuer: c?.issuerCN ?? cnOf(n.issuer) ?? n.issuer,
        notAfter: c?.notAfter ?? n.notAfter,
        daysLeft: c?.daysLeft ?? null,
        sans: c?.sans ?? n.sans ?? [],
        source: n.span ? (fileName(n.span) ?? shortPath(n.path)) : shortPath(n.path),
        sourceSpan: n.span,
        inferred: n.inferred,
        usedBy: [...new Set(usedBy)].sort(),
      };
    });
}

export type SortKey = 'name' | 'host' | 'role' | 'subject' | 'issuer' | 'expires' | 'source';

export function sortRows(rows: readonly CertificateRow[], key: SortKey, ascending: boolean): CertificateRow[] {
  const value = (r: CertificateRow): string | number => {
    switch (key) {
      case 'name':
        return r.name;
      case 'host':
        return r.host ?? '';
      case 'role':
        return r.role ?? '';
      case 'subject':
        return r.subjectCN ?? '';
      case 'issuer':
        return r.issuer ?? '';
      case 'expires':
        return r.notAfter ? Date.parse(r.notAfter) : Number.MAX_SAFE_INTEGER;
      case 'source':
        return r.source ?? '';
    }
  };
  const sign = ascending ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    const c =
      typeof va === 'number' && typeof vb === 'number'
        ? va - vb
        : String(va).localeCompare(String(vb), 'en', { numeric: true });
    return c * sign || a.id.localeCompare(b.id);
  });
}

/** The date in the user's time zone (the browser's), in the UI language, e.g. "Nov 8, 2126, 09:06". */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return formatInUiLanguage(d, { dateStyle: 'medium', timeStyle: 'short' });
}

export function timeLeft(daysLeft: number | null): string {
  if (daysLeft === null) return '';
  if (daysLeft < 0) return t('trust.expiredAgo', { days: -daysLeft });
  if (daysLeft >= 365) return t('trust.leftYears', { years: Math.floor(daysLeft / 365), days: daysLeft % 365 });
  return t('trust.leftDays', { days: daysLeft });
}

const contains = (span: Span | null, cursor: Cursor) =>
  span !== null &&
  span.fileId === cursor.fileId &&
  span.range.start <= cursor.offset &&
  cursor.offset <= span.range.end;

/** The drawn node of the certificate flag (or PEM block) under the editor's cursor. */
export function nodeAtCursor(model: TrustModel, layout: TrustLayout, cursor: Cursor | null): string | null {
  if (!cursor) return null;
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  for (const e of model.edges) {
    if (!contains(e.span, cursor)) continue;
    const end = byId.get(e.from)?.kind === 'component' ? e.to : e.from;
    return layout.nodeOf.get(end) ?? null;
  }
  for (const n of model.nodes)
    if (n.kind !== 'component' && contains(n.span, cursor)) return layout.nodeOf.get(n.id) ?? null;
  return null;
}

/** The findings of a kubeconfig cluster that skips verifying the server's certificate (src/analysis/trust/checks.ts). */
const INSECURE_RULES: ReadonlySet<string> = new Set([
  'kubeconfig-insecure-skip-tls-verify',
  'kubeconfig-insecure-with-ca',
]);

/** The finding written at a broken edge's flag (an insecure kubeconfig connection: its kubeconfig-insecure-* one). */
export function findingOfEdge(findings: readonly PresentedFinding[]): (edge: TrustEdge) => PresentedFinding | null {
  return (edge) => {
    const at = edge.span;
    if (!at) return null;
    // an insecure connection (insecure-skip-tls-verify: true) is labelled by that finding, written on the cluster's
    // insecure-skip-tls-verify line (not the server line the edge is at): the one of the edge's cluster
    // (`clusters[NAME].cluster.server`), else the nearest one in the same file
    if (edge.insecure) {
      const cluster = /^clusters\[(.*)\]\.cluster\.server$/.exec(edge.via ?? '')?.[1] ?? null;
      const candidates = findings.filter((x) => INSECURE_RULES.has(x.rule) && x.fileId === at.fileId);
      const distance = (x: PresentedFinding) => Math.abs(x.range.start - at.range.start);
      const insecure =
        candidates.find((x) => cluster !== null && x.params.cluster === cluster) ??
        [...candidates].sort((a, b) => distance(a) - distance(b))[0];
      if (insecure) return insecure;
    }
    const f = findings.find(
      (x) =>
        x.fileId === at.fileId &&
        x.range.start <= at.range.end &&
        at.range.start <= x.range.end &&
        x.severity !== 'info',
    );
    return f ?? null;
  };
}

/** 1-based line of an offset. */
export function lineOf(text: string | undefined, offset: number): number | null {
  if (text === undefined) return null;
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
