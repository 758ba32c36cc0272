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

/** The k-th PEM block of `label`s at a range (several documents or certificates share a base64 value's range). */
function derAt(text: string, range: SourceRange, k: number, accept: (label: string) => boolean) {
  const block = blocksAt(text, range).filter((b) => accept(b.label))[k];
  return block ? { label: block.label, der: decodeBase64(block.base64) } : null;
}

async function readKubeconfig(doc: KubeconfigDocument, text: string): Promise<WsKubeconfig> {
  const fileId = doc.fileId;
  const span = (range: SourceRange): Span => ({ fileId, range });
  const certs = doc.certificates.map((info, i) => {
    const k = doc.certificates.slice(0, i).filter((c) => c.source === info.source).length;
    const der = derAt(text, info.range, k, (l) => l === 'CERTIFICATE')?.der ?? null;
    return {
      info,
      material: der ? certificateMaterial(der) : null,
      span: span(info.range),
      documentId: doc.id,
    };
  });
  const field = (range: SourceRange, path: string) =>
    doc.fields.find((f) => f.path === path && inside(f, range) && f.valueRange && f.value);
  const ref = (range: SourceRange, path: string, via: string): WsFileRef | null => {
    const f = field(range, path);
    return f?.value && f.valueRange ? { path: f.value, span: span(f.valueRange), via } : null;
  };
  const clusters: WsCluster[] = doc.kubeconfig.clusters.map((c) => {
    const server = field(c.range, 'clusters[].cluster.server');
    const source = `clusters[${c.name}].cluster.certificate-authority-data`;
    return {
      name: c.name,
      server: c.server,
      serverSpan: server?.valueRange ? span(server.valueRange) : null,
      caCertificates: certs.filter((x) => x.info.source === source),
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
    const secret = doc.secrets.find((s) => s.label === keyVia && !s.redacted);
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
    for (const doc of file.documents) {
      if (doc.kind === 'kubeconfig') {
        entry.kubeconfig ??= await readKubeconfig(doc, text);
        continue;
      }
      if (doc.kind !== 'pem') continue;
      const k = file.documents.filter(
        (d) => d.index < doc.index && d.range.start === doc.range.start && d.range.end === doc.range.end,
      ).length;
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
