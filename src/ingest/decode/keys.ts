/**
 * Public and private keys: algorithm, size and curve only. Keys are secrets: they are decoded only to
 * tell these; nothing of the key material leaves this module.
 */
import { AsnParser } from '@peculiar/asn1-schema';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { RSAPrivateKey, RSAPublicKey } from '@peculiar/asn1-rsa';
import { ECParameters, ECPrivateKey } from '@peculiar/asn1-ecc';
import { PrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import type { CertificateInfo } from '../../model/types';
import { CURVES, KEY_ALGORITHMS } from './oids';

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
