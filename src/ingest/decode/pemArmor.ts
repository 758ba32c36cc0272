/**
 * PEM armour (`-----BEGIN CERTIFICATE-----` ... `-----END CERTIFICATE-----`) and base64: the blocks
 * of a text with their ranges, and their bodies as bytes.
 */
import type { SourceRange } from '../../model/types';

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
