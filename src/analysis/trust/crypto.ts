/**
 * The crypto of the trust model, on well-kept libraries only: certificates and keys are decoded with the @peculiar
 * ASN.1 schemas, signatures are verified with WebCrypto (`crypto.subtle`: Node 20 and every browser, in a Web Worker
 * too), hashes come from @noble/hashes. Nothing here is hand-written RSA or ECDSA.
 *
 * Keys are secrets: a private key is decoded only to compute its public part, and only a digest of that public part
 * (`publicKeyId`) leaves this module. Certificates' bytes stay here too; the model holds ids and decoded names.
 *
 * Async because WebCrypto is; every function answers null for what it cannot tell (an algorithm WebCrypto lacks, no
 * WebCrypto at all in an insecure page, unreadable data) and never throws.
 */
import { AsnConvert, AsnParser, AsnSerializer } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AuthorityKeyIdentifier,
  Certificate,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  id_ce_authorityKeyIdentifier,
  id_ce_subjectKeyIdentifier,
} from '@peculiar/asn1-x509';
import { RSAPrivateKey, RSAPublicKey, RsaSaPssParams } from '@peculiar/asn1-rsa';
import { ECDSASigValue, ECParameters, ECPrivateKey } from '@peculiar/asn1-ecc';
import { PrivateKey, PrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToText, decodeBase64, pemBlocks, type PemBlock } from '../../ingest/decode/pemArmor';

const OID = {
  rsa: '1.2.840.113549.1.1.1',
  rsaPss: '1.2.840.113549.1.1.10',
  ec: '1.2.840.10045.2.1',
  ed25519: '1.3.101.112',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
} as const;

/** Signature algorithms WebCrypto verifies: RSA PKCS#1 v1.5 and ECDSA by hash. */
const SIGNATURES: Record<string, { kind: 'rsa' | 'ecdsa'; hash: string }> = {
  '1.2.840.113549.1.1.5': { kind: 'rsa', hash: 'SHA-1' },
  '1.2.840.113549.1.1.11': { kind: 'rsa', hash: 'SHA-256' },
  '1.2.840.113549.1.1.12': { kind: 'rsa', hash: 'SHA-384' },
  '1.2.840.113549.1.1.13': { kind: 'rsa', hash: 'SHA-512' },
  '1.2.840.10045.4.1': { kind: 'ecdsa', hash: 'SHA-1' },
  '1.2.840.10045.4.3.2': { kind: 'ecdsa', hash: 'SHA-256' },
  '1.2.840.10045.4.3.3': { kind: 'ecdsa', hash: 'SHA-384' },
  '1.2.840.10045.4.3.4': { kind: 'ecdsa', hash: 'SHA-512' },
};
const HASHES: Record<string, string> = {
  [OID.sha1]: 'SHA-1',
  [OID.sha256]: 'SHA-256',
  [OID.sha384]: 'SHA-384',
  [OID.sha512]: 'SHA-512',
};
const CURVES: Record<string, { name: string; size: number }> = {
  '1.2.840.10045.3.1.7': { name: 'P-256', size: 32 },
  '1.3.132.0.34': { name: 'P-384', size: 48 },
  '1.3.132.0.35': { name: 'P-521', size: 66 },
};

const hex = (bytes: Uint8Array | ArrayBuffer) =>
  Array.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );
const digest = (text: string) => hex(sha256(new TextEncoder().encode(text))).slice(0, 32);

/** An unsigned big-endian integer without its leading zero bytes. */
function unsigned(bytes: ArrayBuffer): Uint8Array {
  const b = new Uint8Array(bytes);
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}

function subtle(): SubtleCrypto | null {
  const c = (globalThis as { crypto?: Crypto }).crypto;
  return c?.subtle ?? null;
}

/** A fresh ArrayBuffer holding exactly these bytes (WebCrypto wants a BufferSource it owns). */
const buffer = (b: Uint8Array | ArrayBuffer): ArrayBuffer => (b instanceof Uint8Array ? b.slice().buffer : b.slice(0));

/** What identifies a public key whatever its encoding: RSA modulus and exponent, an EC curve and x, an Ed25519 key. */
function publicKeyIdOf(spki: SubjectPublicKeyInfo): string | null {
  try {
    const oid = spki.algorithm.algorithm;
    if (oid === OID.rsa || oid === OID.rsaPss) {
      const k = AsnParser.parse(spki.subjectPublicKey, RSAPublicKey);
      return digest(`rsa:${hex(unsigned(k.modulus))}:${hex(unsigned(k.publicExponent))}`);
    }
    if (oid === OID.ec) {
      const curve = spki.algorithm.parameters ? AsnParser.parse(spki.algorithm.parameters, ECParameters) : null;
      return ecId(curve?.namedCurve ?? null, new Uint8Array(spki.subjectPublicKey));
    }
    if (oid === OID.ed25519) return digest(`ed25519:${hex(spki.subjectPublicKey)}`);
    return digest(`spki:${hex(AsnSerializer.serialize(spki))}`);
  } catch {
    return null;
  }
}

/** An EC point (uncompressed `04 x y` or compressed `02/03 x`) identified by its curve and x coordinate. */
function ecId(curve: string | null, point: Uint8Array): string | null {
  const size = curve ? CURVES[curve]?.size : undefined;
  if (!curve || !size || point.length < 1 + size) return null;
  return digest(`ec:${curve}:${hex(point.subarray(1, 1 + size))}`);
}

/** A certificate's parts the trust model compares and verifies. */
export interface CertificateMaterial {
  /** The subject and issuer names as DER, hex (exact comparison). */
  subjectName: string;
  issuerName: string;
  subjectKeyId: string | null;
  authorityKeyId: string | null;
  publicKeyId: string | null;
  /** For signature checks; never leaves the trust stage. */
  tbs: ArrayBuffer;
  spki: ArrayBuffer;
  signatureAlgorithm: AlgorithmIdentifier;
  signature: ArrayBuffer;
}

/** The material of a DER certificate, or null when it does not decode. */
export function certificateMaterial(der: Uint8Array): CertificateMaterial | null {
  try {
    const cert = AsnParser.parse(der, Certificate);
    const tbs = cert.tbsCertificate;
    let subjectKeyId: string | null = null;
    let authorityKeyId: string | null = null;
    for (const ext of tbs.extensions ?? []) {
      try {
        if (ext.extnID === id_ce_subjectKeyIdentifier)
          subjectKeyId = hex(AsnParser.parse(ext.extnValue, SubjectKeyIdentifier).buffer);
        else if (ext.extnID === id_ce_authorityKeyIdentifier) {
          const aki = AsnParser.parse(ext.extnValue, AuthorityKeyIdentifier);
          authorityKeyId = aki.keyIdentifier ? hex(aki.keyIdentifier.buffer) : null;
        }
      } catch {
        // an unreadable key identifier is as good as none
      }
    }
    return {
      subjectName: hex(AsnSerializer.serialize(tbs.subject)),
      issuerName: hex(AsnSerializer.serialize(tbs.issuer)),
      subjectKeyId,
      authorityKeyId,
      publicKeyId: publicKeyIdOf(tbs.subjectPublicKeyInfo),
      tbs: cert.tbsCertificateRaw ?? AsnSerializer.serialize(tbs),
      spki: AsnSerializer.serialize(tbs.subjectPublicKeyInfo),
      signatureAlgorithm: cert.signatureAlgorithm,
      signature: cert.signatureValue,
    };
  } catch {
    return null;
  }
}

/** Whether the issuer's names and key identifiers allow it to have signed the certificate (no crypto). */
export function couldHaveSigned(issuer: CertificateMaterial, cert: CertificateMaterial): boolean {
  if (issuer.subjectName !== cert.issuerName) return false;
  if (issuer.subjectKeyId && cert.authorityKeyId && issuer.subjectKeyId !== cert.authorityKeyId) return false;
  return true;
}

/** ECDSA's DER signature (SEQUENCE of r and s) as WebCrypto's r || s of the curve's size. */
function ecdsaRaw(signature: ArrayBuffer, size: number): ArrayBuffer | null {
  const v = AsnParser.parse(signature, ECDSASigValue);
  const r = unsigned(v.r);
  const s = unsigned(v.s);
  if (r.length > size || s.length > size) return null;
  const out = new Uint8Array(2 * size);
  out.set(r, size - r.length);
  out.set(s, 2 * size - s.length);
  return out.buffer;
}

/**
 * Whether `issuer`'s public key verifies `cert`'s signature: true or false, null when it cannot be told (an
 * algorithm WebCrypto does not verify, no WebCrypto).
 */
export async function verifySignature(cert: CertificateMaterial, issuer: CertificateMaterial): Promise<boolean | null> {
  const s = subtle();
  if (!s) return null;
  try {
    const oid = cert.signatureAlgorithm.algorithm;
    const known = SIGNATURES[oid];
    if (known?.kind === 'rsa') {
      const key = await s.importKey('spki', issuer.spki, { name: 'RSASSA-PKCS1-v1_5', hash: known.hash }, false, [
        'verify',
      ]);
      return await s.verify('RSASSA-PKCS1-v1_5', key, cert.signature, cert.tbs);
    }
    if (known?.kind === 'ecdsa') {
      const spki = AsnParser.parse(issuer.spki, SubjectPublicKeyInfo);
      const curveOid = spki.algorithm.parameters
        ? AsnParser.parse(spki.algorithm.parameters, ECParameters).namedCurve
        : undefined;
      const curve = curveOid ? CURVES[curveOid] : undefined;
      if (!curve) return null;
      const raw = ecdsaRaw(cert.signature, curve.size);
      if (!raw) return false;
      const key = await s.importKey('spki', issuer.spki, { name: 'ECDSA', namedCurve: curve.name }, false, ['verify']);
      return await s.verify({ name: 'ECDSA', hash: known.hash }, key, raw, cert.tbs);
    }
    if (oid === OID.rsaPss) {
      const params = cert.signatureAlgorithm.parameters
        ? AsnParser.parse(cert.signatureAlgorithm.parameters, RsaSaPssParams)
        : new RsaSaPssParams();
      const hash = HASHES[params.hashAlgorithm.algorithm];
      if (!hash) return null;
      // WebCrypto imports an RSA key for PSS from an rsaEncryption SubjectPublicKeyInfo
      const spki = AsnParser.parse(issuer.spki, SubjectPublicKeyInfo);
      const plain = AsnSerializer.serialize(
        new SubjectPublicKeyInfo({
          algorithm: new AlgorithmIdentifier({ algorithm: OID.rsa, parameters: null }),
          subjectPublicKey: spki.subjectPublicKey,
        }),
      );
      const key = await s.importKey('spki', plain, { name: 'RSA-PSS', hash }, false, ['verify']);
      return await s.verify({ name: 'RSA-PSS', saltLength: params.saltLength }, key, cert.signature, cert.tbs);
    }
    if (oid === OID.ed25519) {
      const key = await s.importKey('spki', issuer.spki, { name: 'Ed25519' }, false, ['verify']);
      return await s.verify({ name: 'Ed25519' }, key, cert.signature, cert.tbs);
    }
    return null;
  } catch {
    return null;
  }
}

/** The public part of a private key asked of WebCrypto (for keys that do not carry it): its JWK `x`. */
async function publicXFromPkcs8(pkcs8: ArrayBuffer, algorithm: 'ec' | 'ed25519', curve: string | null) {
  const s = subtle();
  if (!s) return null;
  try {
    const params =
      algorithm === 'ec'
        ? { name: 'ECDSA', namedCurve: (curve && CURVES[curve]?.name) ?? 'P-256' }
        : { name: 'Ed25519' };
    const key = await s.importKey('pkcs8', pkcs8, params, true, ['sign']);
    const jwk = await s.exportKey('jwk', key);
    return jwk.x ? decodeBase64(jwk.x) : null;
  } catch {
    return null;
  }
}

async function ecPrivateKeyId(sec1: ArrayBuffer, outerCurve: string | null) {
  const k = AsnParser.parse(sec1, ECPrivateKey);
  const curve = k.parameters?.namedCurve ?? outerCurve;
  if (k.publicKey) return ecId(curve, new Uint8Array(k.publicKey));
  if (!curve) return null;
  // a key without its public point: WebCrypto derives it from the key wrapped as PKCS #8
  const pkcs8 = AsnSerializer.serialize(
    new PrivateKeyInfo({
      privateKeyAlgorithm: new AlgorithmIdentifier({
        algorithm: OID.ec,
        parameters: AsnConvert.serialize(new ECParameters({ namedCurve: curve })),
      }),
      privateKey: new PrivateKey(sec1),
    }),
  );
  const x = await publicXFromPkcs8(pkcs8, 'ec', curve);
  const size = CURVES[curve]?.size;
  if (!x || !size) return null;
  const point = new Uint8Array(1 + size);
  point[0] = 4;
  point.set(x, 1 + size - x.length);
  return ecId(curve, point);
}

/**
 * The id of the public part of a PEM private key (`RSA PRIVATE KEY`, `EC PRIVATE KEY`, `PRIVATE KEY`), comparable
 * with `CertificateMaterial.publicKeyId`; null when it cannot be told (encrypted, unknown algorithm).
 */
export async function privateKeyPublicId(label: string, der: Uint8Array): Promise<string | null> {
  try {
    if (label === 'RSA PRIVATE KEY') {
      const k = AsnParser.parse(der, RSAPrivateKey);
      return digest(`rsa:${hex(unsigned(k.modulus))}:${hex(unsigned(k.publicExponent))}`);
    }
    if (label === 'EC PRIVATE KEY') return await ecPrivateKeyId(buffer(der), null);
    if (label === 'PRIVATE KEY') {
      const info = AsnParser.parse(der, PrivateKeyInfo);
      const oid = info.privateKeyAlgorithm.algorithm;
      if (oid === OID.rsa || oid === OID.rsaPss) {
        const k = AsnParser.parse(info.privateKey.buffer, RSAPrivateKey);
        return digest(`rsa:${hex(unsigned(k.modulus))}:${hex(unsigned(k.publicExponent))}`);
      }
      if (oid === OID.ec) {
        const params = info.privateKeyAlgorithm.parameters;
        const curve = params ? (AsnParser.parse(params, ECParameters).namedCurve ?? null) : null;
        return await ecPrivateKeyId(info.privateKey.buffer, curve);
      }
      if (oid === OID.ed25519) {
        const x = await publicXFromPkcs8(buffer(der), 'ed25519', null);
        return x ? digest(`ed25519:${hex(x)}`) : null;
      }
    }
    return null;
  } catch {
    return null;
  }
}

/** The id of a `PUBLIC KEY` block (SubjectPublicKeyInfo), such as kubeadm's sa.pub. */
export function publicKeyBlockId(der: Uint8Array): string | null {
  try {
    return publicKeyIdOf(AsnParser.parse(der, SubjectPublicKeyInfo));
  } catch {
    return null;
  }
}

/**
 * The PEM blocks written at `range` of a text: PEM armour, or base64 of PEM text (a kubeconfig `*-data` value, a
 * pasted base64 PEM).
 */
export function blocksAt(text: string, range: { start: number; end: number }): PemBlock[] {
  const slice = text.slice(range.start, range.end);
  if (slice.includes('-----BEGIN')) return pemBlocks(slice);
  const bytes = decodeBase64(slice.replace(/^["']|["']$/g, ''));
  return bytes ? pemBlocks(bytesToText(bytes)) : [];
}
