/**
 * What the components' own parsers accept, written after their Go sources: strconv.ParseInt / ParseUint with base 0
 * (pflag's and Go flag's integers), strconv.ParseFloat, time.ParseDuration, net.ParseIP and Kubernetes'
 * netutils.ParseIPSloppy / ParseCIDRSloppy, encoding/csv's reading of one record (pflag's stringToString),
 * k8s.io/apimachinery's PortRange and net.SplitHostPort. Pure; nothing here throws.
 */
import ipaddr from 'ipaddr.js';

const lower = (c: string) => c.toLowerCase();

/**
 * strconv's underscoreOK: underscores only between digits, or between a base prefix and a digit
 * (`1_000`, `0x_1F`; not `_1`, `1_`, `1__0`).
 */
export function underscoreOK(text: string): boolean {
  let saw = '^';
  let s = text;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let i = 0;
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'box'.includes(lower(s[1] ?? ''))) {
    i = 2;
    saw = '0';
    hex = lower(s[1] ?? '') === 'x';
  }
  for (; i < s.length; i++) {
    const c = s[i] ?? '';
    if ((c >= '0' && c <= '9') || (hex && lower(c) >= 'a' && lower(c) <= 'f')) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

export type GoInt = { value: bigint } | { error: 'syntax' | 'range' };

/** Larger than the largest value of every Go integer type parseGoInt reads (uint64 and below). */
const OVER_EVERY_RANGE = 1n << 64n;

/**
 * strconv.ParseInt(text, 0, bits) when `signed`, else strconv.ParseUint(text, 0, bits): an optional sign (signed
 * only), a base prefix (`0x`, `0o`, `0b`, or a leading `0` for octal), underscores between digits, and the range
 * of the size.
 */
export function parseGoInt(text: string, bits: 32 | 64, signed: boolean): GoInt {
  let s = text;
  let negative = false;
  if (signed && (s[0] === '+' || s[0] === '-')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '') return { error: 'syntax' };
  const unsignedText = s;
  let base = 10n;
  if (s[0] === '0') {
    const p = lower(s[1] ?? '');
    if (s.length >= 3 && (p === 'b' || p === 'o' || p === 'x')) {
      base = p === 'b' ? 2n : p === 'o' ? 8n : 16n;
      s = s.slice(2);
    } else {
      base = 8n;
      s = s.slice(1);
    }
  }
  let n = 0n;
  let underscores = false;
  const radix = Number(base);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 95) {
      underscores = true;
      continue;
    }
    const code = c >= 65 && c <= 90 ? c + 32 : c; // ASCII lower case: no other letter is a digit
    let d: number;
    if (code >= 48 && code <= 57) d = code - 48;
    else if (code >= 97 && code <= 122) d = code - 97 + 10;
    else return { error: 'syntax' };
    if (d >= radix) return { error: 'syntax' };
    // past every size's range the value is out of range whatever follows: the digits left are only checked, so a
    // 1 MB number costs a scan, not a million multiplications of a growing BigInt (quadratic: minutes)
    if (n <= OVER_EVERY_RANGE) n = n * base + BigInt(d);
  }
  if (underscores && !underscoreOK(unsignedText)) return { error: 'syntax' };
  const size = BigInt(bits);
  if (!signed) return n > (1n << size) - 1n ? { error: 'range' } : { value: n };
  const cutoff = 1n << (size - 1n);
  if (negative ? n > cutoff : n >= cutoff) return { error: 'range' };
  return { value: negative ? -n : n };
}

/** The smallest and largest value of a Go integer type, as text. */
export function goIntRange(bits: 32 | 64, signed: boolean): { min: string; max: string } {
  const size = BigInt(bits);
  return signed
    ? { min: String(-(1n << (size - 1n))), max: String((1n << (size - 1n)) - 1n) }
    : { min: '0', max: String((1n << size) - 1n) };
}

/**
 * strconv.ParseFloat(text, bits): decimal with an optional exponent, hexadecimal with a `p` exponent, underscores
 * between digits, `inf` / `infinity` (signed) and `nan` in any case; null when Go says syntax error or out of range
 * (an overflow; an underflow is 0). No blanks around, no `0x1F`, no `0b1`.
 */
export function parseGoFloat(text: string, bits: 32 | 64): number | null {
  const special = /^([+-]?)(inf|infinity)$/i.exec(text);
  if (special) return special[1] === '-' ? -Infinity : Infinity;
  if (/^nan$/i.test(text)) return NaN;
  if (text.includes('_') && !underscoreOK(text)) return null;
  const s = text.replace(/_/g, '');
  let value: number;
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/.exec(s);
  if (hex) {
    const int = hex[2] ?? '';
    const frac = hex[3] ?? '';
    if (int === '' && frac === '') return null;
    const mantissa = parseInt(`${int}${frac}` || '0', 16);
    value = mantissa * 2 ** (Number(hex[4]) - 4 * frac.length);
    if (hex[1] === '-') value = -value;
  } else {
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return null;
    value = Number(s);
  }
  if (!Number.isFinite(value)) return null;
  // float32: what rounds beyond the largest float32 is out of range
  if (bits === 32 && !Number.isFinite(Math.fround(value))) return null;
  return value;
}

/** Nanoseconds per unit of time.ParseDuration; `µs` is U+00B5 (micro sign), `μs` U+03BC (Greek mu). */
const DURATION_NS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  μs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const MAX_NS = (1n << 63n) - 1n;

/**
 * time.ParseDuration, in seconds; null when invalid: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, a bare (signed) `0`, and
 * no more than 2^63-1 nanoseconds (about 292 years).
 */
export function parseGoDuration(text: string): number | null {
  let s = text;
  let negative = false;
  if (s[0] === '-' || s[0] === '+') {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return null;
  let total = 0n;
  let fraction = 0;
  const part = /^(\d*)(?:\.(\d*))?([^\d.]+)/;
  while (s !== '') {
    const m = part.exec(s);
    if (!m) return null;
    const [whole, int = '', frac, unitText = ''] = m;
    if (int === '' && (frac === undefined || frac === '')) return null;
    const unit = DURATION_NS[unitText];
    if (unit === undefined) return null;
    const v = int === '' ? 0n : BigInt(int);
    if (v > 1n << 63n) return null;
    total += v * unit;
    if (frac) fraction += Number(`0.${frac}`) * Number(unit);
    if (total + BigInt(Math.floor(fraction)) > (negative ? MAX_NS + 1n : MAX_NS)) return null;
    s = s.slice(whole.length);
  }
  const seconds = Number(total) / 1e9 + fraction / 1e9;
  return seconds === 0 ? 0 : negative ? -seconds : seconds;
}

/** An IPv4 address as dotted decimal parts (leading zeros read as decimal, as ParseIPSloppy does); null if not. */
function ipv4Parts(text: string): string[] | null {
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(text)) return null;
  const parts = text.split('.');
  return parts.every((p) => Number(p) <= 255) ? parts : null;
}

export interface ParsedIp {
  /** A part of an IPv4 address (alone or embedded in IPv6) is written with a leading zero (`010`). */
  leadingZero: boolean;
  /** The address as Go's strict parser wants it written (leading zeros dropped). */
  normalized: string;
}

/**
 * An IP address as Kubernetes' netutils.ParseIPSloppy reads it (Go 1.16's net.ParseIP): IPv4 as four decimal parts,
 * IPv6 without a zone. `leadingZero` says whether Go's own net.ParseIP (1.17 and later) would reject it. Null when
 * neither reads it (`1.2.3`, `0x7f.0.0.1`, `fe80::1%eth0`, host names).
 */
export function parseIpSloppy(text: string): ParsedIp | null {
  if (text.includes(':')) {
    if (text.includes('%') || !ipaddr.IPv6.isValid(text)) return null;
    const dot = text.lastIndexOf(':');
    const tail = text.slice(dot + 1);
    if (!tail.includes('.')) return { leadingZero: false, normalized: text };
    const parts = ipv4Parts(tail);
    if (!parts) return null;
    const normalized = `${text.slice(0, dot + 1)}${parts.map((p) => String(Number(p))).join('.')}`;
    return { leadingZero: normalized !== text, normalized };
  }
  const parts = ipv4Parts(text);
  if (!parts) return null;
  const normalized = parts.map((p) => String(Number(p))).join('.');
  return { leadingZero: normalized !== text, normalized };
}

/**
 * A CIDR as Kubernetes' netutils.ParseCIDRSloppy reads it: an address (see parseIpSloppy) and a decimal prefix
 * length within the family's bits. Host bits may be set (`10.0.0.7/8` is read as 10.0.0.0/8).
 */
export function parseCidrSloppy(text: string): ParsedIp | null {
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const ip = parseIpSloppy(text.slice(0, slash));
  const mask = text.slice(slash + 1);
  if (!ip || !/^\d+$/.test(mask)) return null;
  const bits = text.slice(0, slash).includes(':') ? 128 : 32;
  if (Number(mask) > bits) return null;
  return { leadingZero: ip.leadingZero, normalized: `${ip.normalized}/${mask}` };
}

/** net.SplitHostPort: `host:port` or `[host]:port`; null when it is not one. */
export function splitHostPort(text: string): { host: string; port: string } | null {
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    if (end < 0 || text[end + 1] !== ':') return null;
    const host = text.slice(1, end);
    const port = text.slice(end + 2);
    return port.includes(':') || port.includes('[') || port.includes(']') ? null : { host, port };
  }
  const colon = text.lastIndexOf(':');
  if (colon < 0) return null;
  const host = text.slice(0, colon);
  if (host.includes(':') || host.includes('[') || host.includes(']')) return null;
  return { host, port: text.slice(colon + 1) };
}

/** k8s.io/apimachinery PortRange.Set: `N1-N2`, `N1+offset` or one port (strconv.Atoi each), within 0-65535. */
export function parsePortRange(text: string): { low: number; high: number } | 'syntax' | 'too-high' | 'reversed' {
  const s = text.trim();
  if (s === '') return { low: 0, high: -1 };
  const atoi = (t: string) => (/^[+-]?\d+$/.test(t) ? Number(t) : null);
  const hyphen = s.indexOf('-');
  const plus = s.indexOf('+');
  let low: number | null;
  let high: number | null;
  if (hyphen < 0 && plus < 0) {
    low = high = atoi(s);
  } else if (hyphen >= 0 && plus < 0) {
    low = atoi(s.slice(0, hyphen));
    high = atoi(s.slice(hyphen + 1));
  } else if (plus >= 0 && hyphen < 0) {
    low = atoi(s.slice(0, plus));
    const offset = atoi(s.slice(plus + 1));
    high = low === null || offset === null ? null : low + offset;
  } else return 'syntax';
  if (low === null || high === null) return 'syntax';
  if (low > 65535 || high > 65535) return 'too-high';
  if (high < low) return 'reversed';
  return { low, high };
}

/**
 * The first record of `text` as Go's encoding/csv reads it (comma-separated, fields in double quotes may hold commas
 * and `""` for a quote; no lazy quotes): the fields, or null for a quote error (a bare `"` inside an unquoted field,
 * text after a closing quote, a quote never closed).
 */
export function readCsvRecord(text: string): string[] | null {
  // blank lines before the record are skipped
  let i = 0;
  while (text[i] === '\n' || (text[i] === '\r' && text[i + 1] === '\n')) i += text[i] === '\r' ? 2 : 1;
  const fields: string[] = [];
  for (;;) {
    if (text[i] === '"') {
      let field = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) return null;
        field += text.slice(i, q);
        i = q + 1;
        if (text[i] === '"') {
          field += '"';
          i++;
          continue;
        }
        break;
      }
      fields.push(field.replace(/\r\n/g, '\n'));
      const next = text[i];
      if (next === ',') {
        i++;
        continue;
      }
      if (next === undefined || next === '\n' || (next === '\r' && text[i + 1] === '\n')) return fields;
      return null;
    }
    let end = i;
    while (end < text.length && text[end] !== ',' && text[end] !== '\n') end++;
    const field = text.slice(i, end).replace(/\r$/, '');
    if (field.includes('"')) return null;
    fields.push(field);
    if (text[end] === ',') {
      i = end + 1;
      continue;
    }
    return fields;
  }
}
