/**
 * What the workspace holds for the trust model: certificates (decoded, with the material to verify them), keys
 * (only the id of their public part), and kubeconfigs (clusters, users and the files they name), read again from the
 * files' text at the ranges ingest located them. Private keys are decoded here only to compute their public part.
 */
import type {
  CertificateInfo,
  FieldOccurrence,
  IngestedFile,
  KubeconfigDocument,
  SourceRange,
} from '../../model/types';
import type { DocumentId, FileId, Span } from '../../model/span';
import { decodeBase64 } from '../../ingest/decode/pemArmor';
import {
  blocksAt,
  certificateMaterial,
  privateKeyPublicId,
  publicKeyBlockId,
  type CertificateMaterial,
} from './crypto';

export interface WsCertificate {
  info: CertificateInfo;
  material: CertificateMaterial | null;
  span: Span;
  documentId: DocumentId;
}

export interface WsKey {
  kind: 'private' | 'public';
  /** Id of the public part (crypto.ts), null when it cannot be read. */
  publicId: string | null;
  /** `RSA 2048`, `EC P-256`. */
  algorithm: string | null;
  span: Span;
  documentId: DocumentId;
}

export interface WsFileRef {
  path: string;
  span: Span;
  /** The field, `users[admin].user.client-certificate`. */
  via: string;
}

export interface WsCluster {
  name: string;
  server: string | null;
  serverSpan: Span | null;
  caCertificates: WsCertificate[];
  caVia: string;
  caFile: WsFileRef | null;
}

export interface WsUser {
  name: string;
  certificate: WsCertificate | null;
  certificateVia: string;
  certificateFile: WsFileRef | null;
  key: WsKey | null;
  keyVia: string;
  keyFile: WsFileRef | null;
}

export interface WsKubeconfig {
  documentId: DocumentId;
  span: Span;
  clusters: WsCluster[];
  users: WsUser[];
}

export interface WsFile {
  fileId: FileId;
  name: string;
  certificates: WsCertificate[];
  keys: WsKey[];
  kubeconfig: WsKubeconfig | null;
}

const PRIVATE = /PRIVATE KEY$/;

function algorithmText(a: string | null, size: number | null, curve: string | null): string | null {
  if (!a) return null;
  return curve ? `${a} ${curve}` : size ? `${a} ${size}` : a;
}

const inside = (f: FieldOccurrence, r: SourceRange) => f.keyRange.start >= r.start && f.keyRange.end <= r.end;

/**
 * `find(range, path)`: the first field (in the fields' order) of `path` inside `range` with a value, as
 * `fields.find(f => f.path === path && inside(f, range) && f.valueRange && f.value)` but indexed: each path's fields
 * sorted by where their key starts, a query a binary search and a scan of the fields inside the range only.
 */
export function fieldFinder(fields: readonly FieldOccurrence[]) {
  const byPath = new Map<string, { f: FieldOccurrence; order: number }[]>();
  fields.forEach((f, order) => {
    if (!f.valueRange || !f.value) return;
    const list = byPath.get(f.path);
    if (list) list.push({ f, order });
    else byPath.set(f.path, [{ f, order }]);
  });
  for (const list of byPath.values()) list.sort((a, b) => a.f.keyRange.start - b.f.keyRange.start || a.order - b.order);
  return (range: SourceRange, path: string): FieldOccurrence | undefined => {
    const list = byPath.get(path);
    if (!list) return undefined;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid]?.f.keyRange.start ?? 0) < range.start) lo = mid + 1;
      else hi = mid;
    }
    let best: { f: FieldOccurrence; order: number } | undefined;
    for (let i = lo; i < list.length; i++) {
      const x = list[i];
      if (!x || x.f.keyRange.start > range.end) break;
      if (inside(x.f, range) && (!best || x.order < best.order)) best = x;
    }
    return best?.f;
  };
}

/** The k-th PEM block of `label`s at a range (several documents or certificates share a base64 value's range). */
function derAt(text: string, range: SourceRange, k: number, accept: (label: string) => boolean) {
  const block = blocksAt(text, range).filter((b) => accept(b.label))[k];
  return block ? { label: block.label, der: decodeBase64(block.base64) } : null;
}

async function readKubeconfig(doc: KubeconfigDocument, text: string): Promise<WsKubeconfig> {
  const fileId = doc.fileId;
  const span = (range: SourceRange): Span => ({ fileId, range });
  // Everything below is looked up by key, once: a kubeconfig of 30,000 users made a find over all fields, all
  // certificates and all secrets for each user (33 s on 1.9 MB)
  const earlier = new Map<string, number>();
  const certs = doc.certificates.map((info) => {
    const k = earlier.get(info.source) ?? 0;
    earlier.set(info.source, k + 1);
    const der = derAt(text, info.range, k, (l) => l === 'CERTIFICATE')?.der ?? null;
    return {
      info,
      material: der ? certificateMaterial(der) : null,
      span: span(info.range),
      documentId: doc.id,
    };
  });
  const field = fieldFinder(doc.fields);
  const ref = (range: SourceRange, path: string, via: string): WsFileRef | null => {
    const f = field(range, path);
    return f?.value && f.valueRange ? { path: f.value, span: span(f.valueRange), via } : null;
  };
  const certsBySource = new Map<string, typeof certs>();
  for (const c of certs) {
    const list = certsBySource.get(c.info.source);
    if (list) list.push(c);
    else certsBySource.set(c.info.source, [c]);
  }
  const secretByLabel = new Map<string, (typeof doc.secrets)[number]>();
  for (const s of doc.secrets) if (!s.redacted && !secretByLabel.has(s.label)) secretByLabel.set(s.label, s);
  const clusters: WsCluster[] = doc.kubeconfig.clusters.map((c) => {
    const server = field(c.range, 'clusters[].cluster.server');
    const source = `clusters[${c.name}].cluster.certificate-authority-data`;
    return {
      name: c.name,
      server: c.server,
      serverSpan: server?.valueRange ? span(server.valueRange) : null,
      caCertificates: certsBySource.get(source) ?? [],
      caVia: source,
      caFile: ref(
        c.range,
        'clusters[].cluster.certificate-authority',
        `clusters[${c.name}].cluster.certificate-authority`,
      ),
    };
  });
  const users: WsUser[] = [];
  for (const u of doc.kubeconfig.users) {
    const keyVia = `users[${u.name}].user.client-key-data`;
    const secret = secretByLabel.get(keyVia);
    let key: WsKey | null = null;
    if (secret) {
      const block = derAt(text, secret.range, 0, (l) => PRIVATE.test(l));
      key = {
        kind: 'private',
        publicId: block?.der ? await privateKeyPublicId(block.label, block.der) : null,
        algorithm: algorithmText(secret.algorithm, secret.size, secret.curve),
        span: span(secret.range),
        documentId: doc.id,
      };
    }
    users.push({
      name: u.name,
      certificate: u.certificateIndex === null ? null : (certs[u.certificateIndex] ?? null),
      certificateVia: `users[${u.name}].user.client-certificate-data`,
      certificateFile: ref(u.range, 'users[].user.client-certificate', `users[${u.name}].user.client-certificate`),
      key,
      keyVia,
      keyFile: ref(u.range, 'users[].user.client-key', `users[${u.name}].user.client-key`),
    });
  }
  return { documentId: doc.id, span: span(doc.range), clusters, users };
}

/** How many of the ascending `sorted` are below `x`. */
function countBelow(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? 0) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The trust material of each file of the workspace (files without any are left out). */
export async function readWorkspace(
  files: readonly IngestedFile[],
  textOf: (id: FileId) => string | undefined,
): Promise<WsFile[]> {
  const out: WsFile[] = [];
  for (const file of files) {
    const text = textOf(file.fileId);
    if (text === undefined) continue;
    const entry: WsFile = { fileId: file.fileId, name: file.name, certificates: [], keys: [], kubeconfig: null };
    // a PEM document's rank among the documents before it at the same range (counted once per file: a filter over
    // all documents for each of 40,000 PEM blocks took 20 s)
    const byRange = new Map<string, number[]>();
    for (const d of file.documents) {
      const at = `${d.range.start}:${d.range.end}`;
      const list = byRange.get(at);
      if (list) list.push(d.index);
      else byRange.set(at, [d.index]);
    }
    for (const list of byRange.values()) list.sort((a, b) => a - b);
    for (const doc of file.documents) {
      if (doc.kind === 'kubeconfig') {
        entry.kubeconfig ??= await readKubeconfig(doc, text);
        continue;
      }
      if (doc.kind !== 'pem') continue;
      const k = countBelow(byRange.get(`${doc.range.start}:${doc.range.end}`) ?? [], doc.index);
      const block = derAt(text, doc.range, k, () => true);
      const span: Span = { fileId: doc.fileId, range: doc.range };
      const info = doc.certificates[0];
      if (info) {
        entry.certificates.push({
          info,
          material: block?.der ? certificateMaterial(block.der) : null,
          span: { fileId: doc.fileId, range: info.range },
          documentId: doc.id,
        });
      } else if (block && PRIVATE.test(block.label)) {
        const secret = doc.secrets[0];
        entry.keys.push({
          kind: 'private',
          publicId: block.der ? await privateKeyPublicId(block.label, block.der) : null,
          algorithm: secret ? algorithmText(secret.algorithm, secret.size, secret.curve) : null,
          span,
          documentId: doc.id,
        });
      } else if (block && block.label === 'PUBLIC KEY') {
        entry.keys.push({
          kind: 'public',
          publicId: block.der ? publicKeyBlockId(block.der) : null,
          algorithm: doc.fields.find((f) => f.path === 'publicKey')?.value ?? null,
          span,
          documentId: doc.id,
        });
      }
    }
    if (entry.certificates.length > 0 || entry.keys.length > 0 || entry.kubeconfig) out.push(entry);
  }
  return out;
}
