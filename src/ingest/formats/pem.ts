/**
 * PEM text: one or many certificates (`ca.crt`, a chain, `openssl x509` output) and keys
 * (`ca.key`, `sa.key`, `sa.pub`). Each block is a document. Certificates are decoded (subject,
 * issuer, validity and days left, SANs, key usage, CA flag, key, fingerprint); private keys are
 * recognised as secrets — algorithm and size only, their content is never copied into the model.
 * Also reads a base64-encoded PEM pasted alone (a kubeconfig `client-certificate-data` value).
 */
import { message, type Message } from '../../model/message';
import type { FieldOccurrence, PemDocument, SecretInfo, SourceRange } from '../../model/types';
import type { FileId } from '../../model/span';
import type { FormatParser, ParseContext } from '../format';
import { documentsOrNote, shortError } from '../shared/diagnostics';
import { describeCertificate } from '../decode/x509';
import { describePrivateKey, describePublicKey } from '../decode/keys';
import { bytesToText, decodeBase64, pemBlocks, type PemBlock } from '../decode/pemArmor';
import { pemDocument } from '../../model/document';

const PRIVATE_LABELS = new Set([
  'PRIVATE KEY',
  'RSA PRIVATE KEY',
  'EC PRIVATE KEY',
  'ENCRYPTED PRIVATE KEY',
  'DSA PRIVATE KEY',
  'OPENSSH PRIVATE KEY',
]);
const BASE64_PEM_RE = /LS0tLS1CRUdJT[A-Za-z0-9+/]{8,}={0,2}/g;

export function isPrivateKeyLabel(label: string): boolean {
  return PRIVATE_LABELS.has(label) || /PRIVATE KEY$/.test(label);
}

function keyText(alg: string | null, size: number | null, curve: string | null): string {
  if (!alg) return '';
  if (curve) return ` (${alg} ${curve})`;
  return size ? ` (${alg} ${size})` : ` (${alg})`;
}

/** The document for one PEM block; `range` is where it is written in the source. */
function blockDocument(
  block: PemBlock,
  range: SourceRange,
  fileId: FileId,
  index: number,
  now: number | undefined,
): PemDocument {
  const base = pemDocument({ fileId, index, label: block.label, range }, { certificates: [], secrets: [] });
  const der = decodeBase64(block.base64);
  if (isPrivateKeyLabel(block.label)) {
    const k = describePrivateKey(block.label, der);
    const secret: SecretInfo = {
      kind: 'private-key',
      label: k.encrypted ? 'encrypted private key' : `${k.algorithm ?? ''} private key`.trim(),
      range,
      algorithm: k.algorithm,
      size: k.size,
      curve: k.curve,
      length: block.base64.length,
      redacted: false,
    };
    return { ...base, label: `Private key${keyText(k.algorithm, k.size, k.curve)}`, secrets: [secret] };
  }
  if (block.label === 'CERTIFICATE' || block.label === 'TRUSTED CERTIFICATE' || block.label === 'X509 CERTIFICATE') {
    const unreadable = (problem: Message): PemDocument => ({
      ...base,
      label: 'Certificate (unreadable)',
      diagnostics: [{ severity: 'error', code: 'bad-certificate', message: problem, range }],
    });
    if (!der) return unreadable(message('ingest.pem-not-base64'));
    try {
      const cert = describeCertificate(der, range, `PEM block ${index + 1}`, now);
      const who = cert.subject.commonName ?? cert.subject.text;
      return { ...base, label: `${cert.isCA ? 'CA certificate' : 'Certificate'} ${who}`.trim(), certificates: [cert] };
    } catch (e) {
      return unreadable(message('ingest.pem-not-certificate', { error: shortError(e) }));
    }
  }
  if (block.label === 'PUBLIC KEY' || block.label === 'RSA PUBLIC KEY') {
    const pk = der && block.label === 'PUBLIC KEY' ? describePublicKey(der) : null;
    const fields: FieldOccurrence[] = pk
      ? [
          {
            path: 'publicKey',
            keyRange: range,
            valueRange: range,
            value: `${pk.algorithm}${pk.size ? ` ${pk.size}` : ''}`,
          },
        ]
      : [];
    return { ...base, label: `Public key${pk ? keyText(pk.algorithm, pk.size, pk.curve) : ''}`, fields };
  }
  if (block.label === 'CERTIFICATE REQUEST' || block.label === 'NEW CERTIFICATE REQUEST')
    return { ...base, label: 'Certificate signing request' };
  return base;
}

export function pemDocuments(text: string, fileId: FileId, now?: number): PemDocument[] {
  const docs: PemDocument[] = [];
  for (const block of pemBlocks(text)) docs.push(blockDocument(block, block.range, fileId, docs.length, now));
  if (docs.length > 0) return docs;
  // base64 of PEM text, as kubeconfig `*-data` values hold it
  BASE64_PEM_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = BASE64_PEM_RE.exec(text))) {
    const bytes = decodeBase64(m[0]);
    if (!bytes) continue;
    const range = { start: m.index, end: m.index + m[0].length };
    for (const block of pemBlocks(bytesToText(bytes))) docs.push(blockDocument(block, range, fileId, docs.length, now));
  }
  return docs;
}

export const pemParser: FormatParser = {
  kind: 'pem',
  detect(text) {
    if (/-----BEGIN [A-Z0-9 ]+-----/.test(text)) return 0.95;
    if (/^\s*LS0tLS1CRUdJT[A-Za-z0-9+/=\s]*$/.test(text)) return 0.9;
    return 0;
  },
  parse(ctx: ParseContext) {
    const { file, now } = ctx;
    const documents = pemDocuments(file.text, file.id, now);
    return documentsOrNote(documents, file.text, {
      severity: 'error',
      code: 'no-pem-block',
      message: message('ingest.no-pem-block'),
    });
  },
};
