/**
 * X.509 certificates and keys decoded with the @peculiar ASN.1 schemas (no hand-written ASN.1),
 * synchronously, in Node and the browser alike (no Node-only APIs, no WebCrypto: the SHA-256
 * fingerprint comes from @noble/hashes).
 *
 * Keys are secrets: they are decoded only to tell their algorithm and size; nothing of the key
 * material leaves this module.
 */
import { AsnParser } from '@peculiar/asn1-schema';
import {
  BasicConstraints,
  Certificate,
  ExtendedKeyUsage,
  KeyUsage,
  type Name,
  SubjectAlternativeName,
  SubjectPublicKeyInfo,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectAltName,
} from '@peculiar/asn1-x509';
import { RSAPrivateKey, RSAPublicKey } from '@peculiar/asn1-rsa';
import { ECParameters, ECPrivateKey } from '@peculiar/asn1-ecc';
import { PrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { sha256 } from '@noble/hashes/sha2.js';
import type { CertificateInfo, DistinguishedName, SourceRange } from '../../model/types';

export interface PemBlock {
  /** `CERTIFICATE`, `RSA PRIVATE KEY`, `PRIVATE KEY`, `PUBLIC KEY`... */
  label: string;
  /** From `-----BEGIN` to the end of `-----END ...-----`. */
  range: SourceRange;
  /** The base64 body, whitespace removed. */
  base64: string;
}

const PEM_RE = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

export function pemBlocks(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  PEM_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = PEM_RE.exec(text))) {
    // `Proc-Type:` / `DEK-Info:` headers of legacy encrypted keys are not base64
    const body = (m[2] ?? '').replace(/^[A-Za-z-]+:[^\n]*$/gm, '').replace(/\s+/g, '');
    out.push({ label: m[1] ?? '', range: { start: m.index, end: m.index + m[0].length }, base64: body });
  }
  return out;
}

/** Base64 (standard or URL alphabet) to bytes; null when it is not base64. */
export function decodeBase64(b64: string): Uint8Array | null {
  const clean = b64.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/');
  if (clean === '' || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) return null;
  try {
    const bin = atob(clean.padEnd(Math.ceil(clean.length / 4) * 4, '='));
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

/** Bytes as text (latin-1 is enough to find PEM armour). */
export function bytesToText(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join('');

export function sha256Fingerprint(der: Uint8Array): string {
  return (hex(sha256(der)).match(/../g) ?? []).join(':');
}

const ATTRIBUTE_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.5': 'serialNumber',
  '2.5.4.17': 'postalCode',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
};

const SIGNATURE_ALGORITHMS: Record<string, string> = {
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'ED25519',
  '1.3.101.113': 'ED448',
};

const KEY_ALGORITHMS: Record<string, string> = {
  '1.2.840.113549.1.1.1': 'RSA',
  '1.2.840.113549.1.1.10': 'RSA-PSS',
  '1.2.840.10045.2.1': 'EC',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
  '1.2.840.10040.4.1': 'DSA',
};

const CURVES: Record<string, string> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
  '1.3.132.0.10': 'secp256k1',
};

const EKU_NAMES: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
};

function attributeValue(v: { toString(): string }): string {
  try {
    return v.toString();
  } catch {
    return '';
  }
}

export function distinguishedName(name: Name): DistinguishedName {
  const attributes: { type: string; value: string }[] = [];
  for (const rdn of name)
    for (const a of rdn) attributes.push({ type: ATTRIBUTE_NAMES[a.type] ?? a.type, value: attributeValue(a.value) });
  return {
    text: attributes.map((a) => `${a.type} = ${a.value}`).join(', '),
    commonName: attributes.find((a) => a.type === 'CN')?.value ?? null,
    organizations: attributes.filter((a) => a.type === 'O').map((a) => a.value),
    attributes,
  };
}

/** Bit length of an unsigned big-endian integer. */
function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i] ?? 0));
}

function curveOf(params: ArrayBuffer | null | undefined): string | null {
  if (!params) return null;
  try {
    const p = AsnParser.parse(params, ECParameters);
    return p.namedCurve ? (CURVES[p.namedCurve] ?? p.namedCurve) : null;
  } catch {
    return null;
  }
}

export function publicKeyInfo(spki: SubjectPublicKeyInfo): CertificateInfo['publicKey'] {
  const oid = spki.algorithm.algorithm;
  const algorithm = KEY_ALGORITHMS[oid] ?? oid;
  if (algorithm === 'RSA' || algorithm === 'RSA-PSS') {
    try {
      const key = AsnParser.parse(spki.subjectPublicKey, RSAPublicKey);
      return { algorithm, size: bitLength(new Uint8Array(key.modulus)), curve: null };
    } catch {
      return { algorithm, size: null, curve: null };
    }
  }
  if (algorithm === 'EC') {
    const curve = curveOf(spki.algorithm.parameters);
    const size = curve ? Number(/\d+$/.exec(curve)?.[0] ?? NaN) : NaN;
    return { algorithm, size: Number.isFinite(size) ? size : null, curve };
  }
  if (algorithm === 'Ed25519') return { algorithm, size: 256, curve: null };
  if (algorithm === 'Ed448') return { algorithm, size: 456, curve: null };
  return { algorithm, size: null, curve: null };
}

const DAY_MS = 86_400_000;

/** Key usage names in bit order (RFC 5280), as OpenSSL lists them. */
const KEY_USAGE_ORDER = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'crlSign',
  'encipherOnly',
  'decipherOnly',
];

/** Decode a DER certificate. Throws on data that is not a certificate (callers report it). */
export function describeCertificate(
  der: Uint8Array,
  range: SourceRange,
  source: string,
  now?: number,
): CertificateInfo {
  const cert = AsnParser.parse(der, Certificate);
  const tbs = cert.tbsCertificate;
  const subject = distinguishedName(tbs.subject);
  const issuer = distinguishedName(tbs.issuer);
  const notBefore = tbs.validity.notBefore.getTime().getTime();
  const notAfter = tbs.validity.notAfter.getTime().getTime();
  const sans = { dns: [] as string[], ip: [] as string[], email: [] as string[], uri: [] as string[] };
  let keyUsage: string[] = [];
  let extendedKeyUsage: string[] = [];
  let isCA: boolean | null = null;
  let pathLength: number | null = null;
  for (const ext of tbs.extensions ?? []) {
    try {
      if (ext.extnID === id_ce_subjectAltName) {
        for (const n of AsnParser.parse(ext.extnValue, SubjectAlternativeName)) {
          if (n.dNSName !== undefined) sans.dns.push(n.dNSName);
          else if (n.iPAddress !== undefined) sans.ip.push(n.iPAddress);
          else if (n.rfc822Name !== undefined) sans.email.push(n.rfc822Name);
          else if (n.uniformResourceIdentifier !== undefined) sans.uri.push(n.uniformResourceIdentifier);
        }
      } else if (ext.extnID === id_ce_keyUsage) {
        const set = new Set<string>(AsnParser.parse(ext.extnValue, KeyUsage).toJSON());
        keyUsage = KEY_USAGE_ORDER.filter((u) => set.has(u));
      } else if (ext.extnID === id_ce_extKeyUsage) {
        extendedKeyUsage = [...AsnParser.parse(ext.extnValue, ExtendedKeyUsage)].map((o) => EKU_NAMES[o] ?? o);
      } else if (ext.extnID === id_ce_basicConstraints) {
        const bc = AsnParser.parse(ext.extnValue, BasicConstraints);
        isCA = bc.cA;
        pathLength = bc.pathLenConstraint ?? null;
      }
    } catch {
      // an extension we cannot read is left out; the rest of the certificate still counts
    }
  }
  const daysLeft = now === undefined ? null : Math.floor((notAfter - now) / DAY_MS);
  const status = now === undefined ? null : now < notBefore ? 'not-yet-valid' : now > notAfter ? 'expired' : 'valid';
  return {
    range,
    source,
    subject,
    issuer,
    selfSigned: subject.text === issuer.text,
    serialNumber: hex(new Uint8Array(tbs.serialNumber)),
    notBefore: new Date(notBefore).toISOString(),
    notAfter: new Date(notAfter).toISOString(),
    daysLeft,
    status,
    subjectAltNames: sans,
    keyUsage,
    extendedKeyUsage,
    isCA,
    pathLength,
    publicKey: publicKeyInfo(tbs.subjectPublicKeyInfo),
    signatureAlgorithm: SIGNATURE_ALGORITHMS[cert.signatureAlgorithm.algorithm] ?? cert.signatureAlgorithm.algorithm,
    fingerprintSha256: sha256Fingerprint(der),
  };
}

export interface KeyFacts {
  algorithm: string | null;
  size: number | null;
  curve: string | null;
  encrypted: boolean;
}

/** Algorithm and size of a private key, from its PEM label and DER. Never throws; keeps nothing else. */
export function describePrivateKey(label: string, der: Uint8Array | null): KeyFacts {
  const none: KeyFacts = { algorithm: null, size: null, curve: null, encrypted: false };
  if (label === 'ENCRYPTED PRIVATE KEY') return { ...none, encrypted: true };
  if (!der) return none;
  try {
    if (label === 'RSA PRIVATE KEY') {
      const k = AsnParser.parse(der, RSAPrivateKey);
      return { ...none, algorithm: 'RSA', size: bitLength(new Uint8Array(k.modulus)) };
    }
    if (label === 'EC PRIVATE KEY') {
      const k = AsnParser.parse(der, ECPrivateKey);
      const curve = k.parameters?.namedCurve ? (CURVES[k.parameters.namedCurve] ?? k.parameters.namedCurve) : null;
      return { ...none, algorithm: 'EC', curve, size: curve ? Number(/\d+$/.exec(curve)?.[0] ?? 0) || null : null };
    }
    if (label === 'PRIVATE KEY') {
      const k = AsnParser.parse(der, PrivateKeyInfo);
      const oid = k.privateKeyAlgorithm.algorithm;
      const algorithm = KEY_ALGORITHMS[oid] ?? oid;
      if (algorithm === 'RSA' || algorithm === 'RSA-PSS') {
        const inner = AsnParser.parse(k.privateKey, RSAPrivateKey);
        return { ...none, algorithm, size: bitLength(new Uint8Array(inner.modulus)) };
      }
      if (algorithm === 'EC') {
        const curve = curveOf(k.privateKeyAlgorithm.parameters);
        return { ...none, algorithm, curve, size: curve ? Number(/\d+$/.exec(curve)?.[0] ?? 0) || null : null };
      }
      return { ...none, algorithm, size: algorithm === 'Ed25519' ? 256 : null };
    }
  } catch {
    return none;
  }
  return none;
}

/** Algorithm and size of a `PUBLIC KEY` block (SubjectPublicKeyInfo), such as kubeadm's sa.pub. */
export function describePublicKey(der: Uint8Array): CertificateInfo['publicKey'] | null {
  try {
    return publicKeyInfo(AsnParser.parse(der, SubjectPublicKeyInfo));
  } catch {
    return null;
  }
}
