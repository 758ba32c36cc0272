/**
 * X.509 certificates decoded with the @peculiar ASN.1 schemas (no hand-written ASN.1), synchronously,
 * in Node and the browser alike (no Node-only APIs, no WebCrypto: the SHA-256 fingerprint comes from
 * @noble/hashes): subject, issuer, validity, SANs, key usages, CA flag, key and fingerprint. Keys are
 * in keys.ts, PEM armour and base64 in pemArmor.ts, the names of object identifiers in oids.ts.
 */
import { AsnParser } from '@peculiar/asn1-schema';
import {
  BasicConstraints,
  Certificate,
  ExtendedKeyUsage,
  KeyUsage,
  type Name,
  SubjectAlternativeName,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectAltName,
} from '@peculiar/asn1-x509';
import { sha256 } from '@noble/hashes/sha2.js';
import type { CertificateInfo, DistinguishedName, SourceRange } from '../../model/types';
import { publicKeyInfo } from './keys';
import { ATTRIBUTE_NAMES, EKU_NAMES, KEY_USAGE_ORDER, SIGNATURE_ALGORITHMS } from './oids';

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join('');

export function sha256Fingerprint(der: Uint8Array): string {
  return (hex(sha256(der)).match(/../g) ?? []).join(':');
}

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

const DAY_MS = 86_400_000;

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
