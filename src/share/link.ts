/**
 * Share links: a workspace (already redacted, see redact.ts) as the URL fragment `#kx1:<base64url of deflated
 * JSON>`, deflated with a preset dictionary of typical control-plane files (dictionary.ts, frozen for kx1). The fragment never reaches a server (browsers do not send it), the app reads it in the page. `kx` and the
 * number are the format and its version: a link made today keeps opening when the format changes (a new version
 * gets a new number and the decoder of every older one stays). Pure: runs in the page, the worker and Node.
 */
import { Inflate, deflateSync, strFromU8, strToU8 } from 'fflate';
import type { DocumentKind } from '../model/types';
import { MAX_FILE_CHARS, READABLE_KINDS } from '../ingest/limits';
import { DICTIONARY_KX1 } from './dictionary';
import { BENCHMARK_IDS, type BenchmarkId } from '../analysis/audit/model';

/** Deflate's preset dictionary of kx1 (src/share/dictionary.ts), as bytes, made once. */
let dictionary: Uint8Array | null = null;
const dictionaryKx1 = () => (dictionary ??= strToU8(DICTIONARY_KX1));

import { LINK_PREFIX, isShareFragment } from './fragment';
import { normaliseLanguageTag } from '../knowledge/languages';

export { LINK_PREFIX, isShareFragment };
export const LINK_VERSION = 1;

/**
 * Chat tools and e-mail clients cut or refuse longer links (Slack and Teams previews, many mail clients wrap at
 * about 2,000 characters; old browsers stopped at 2,083).
 */
export const CHAT_LINK_LIMIT = 2_000;
/**
 * Beyond this a browser may not keep the link: Chromium accepts URLs up to 2 MB but Safari and Firefox shorten what
 * they keep in history and bookmarks; 64,000 characters open everywhere we know of.
 */
export const BROWSER_LINK_LIMIT = 64_000;

/** At most this many files in a link (a copy of /etc/kubernetes holds a few dozen). */
const MAX_FILES = 500;
/** The decompressed JSON may not exceed this (a hostile link that inflates to gigabytes is refused early). */
const MAX_INFLATED_BYTES = 24 * 1024 * 1024;

export interface SharedFile {
  name: string;
  text: string;
  host?: string;
  kindOverride?: DocumentKind;
}

/** What a link carries. */
export interface SharedWorkspace {
  files: SharedFile[];
  /** Index in `files` of the file that was open; null for none. */
  active: number | null;
  /** The page it was made on: `/`, `/trust`, `/network`. */
  view: string;
  /** A Kubernetes version chosen instead of the one read from the files, when there is one (`1.31`). */
  version: string | null;
  /** The UI language (`en`). */
  lang: string;
  /** The security audit's benchmark when the user picked one (null: the one matching the cluster's version). */
  benchmark: BenchmarkId | null;
}

export type LinkError =
  | { kind: 'not-a-link' }
  | { kind: 'unknown-version'; version: number }
  | { kind: 'corrupt'; reason: CorruptReason; file?: number };

/** Why a link could not be read; each has its words in content/en/ui.json (`share.corrupt.<reason>`). */
export type CorruptReason =
  | 'escaping'
  | 'characters'
  | 'too-large'
  | 'unpack'
  | 'unreadable'
  | 'shape'
  | 'too-many-files'
  | 'file-shape'
  | 'file-too-long'
  | 'file-kind'
  | 'view'
  | 'version'
  | 'language'
  | 'benchmark';

type Problem = { reason: CorruptReason; file?: number };

export type OpenedLink = { ok: true; workspace: SharedWorkspace } | { ok: false; error: LinkError };

// ---------------------------------------------------------------------------------------------------------------
// base64url without padding, on any runtime (btoa/atob exist in browsers and in Node 16+)

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK)
    binary += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + CHUNK)));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  let binary: string;
  try {
    binary = atob(b64);
  } catch {
    return null;
  }
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Inflate with a ceiling on the output: null when the data is not deflate or grows past the ceiling. */
function inflateAtMost(data: Uint8Array, max: number, dict: Uint8Array): Uint8Array | 'too-large' | null {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let done = false;
  let tooLarge = false;
  const inflater = new Inflate({ dictionary: dict }, (chunk, final) => {
    total += chunk.length;
    if (total > max) tooLarge = true;
    else chunks.push(chunk);
    if (final) done = true;
  });
  try {
    const STEP = 4096;
    for (let i = 0; i < data.length && !tooLarge; i += STEP)
      inflater.push(data.subarray(i, i + STEP), i + STEP >= data.length);
  } catch {
    return null;
  }
  if (tooLarge) return 'too-large';
  if (!done) return null;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------

/** The compact JSON of version 1: short keys, optional fields left out. */
interface WireV1 {
  f: { n: string; t: string; h?: string; k?: string }[];
  a?: number;
  v?: string;
  r?: string;
  l?: string;
  b?: string;
}

/** The fragment for a workspace, without `#`: `kx1:...`. The workspace must already be redacted. */
export function encodeShareFragment(ws: SharedWorkspace): string {
  const wire: WireV1 = {
    f: ws.files.map((f) => ({
      n: f.name,
      t: f.text,
      ...(f.host ? { h: f.host } : {}),
      ...(f.kindOverride ? { k: f.kindOverride } : {}),
    })),
    ...(ws.active !== null ? { a: ws.active } : {}),
    ...(ws.view !== '/' ? { v: ws.view } : {}),
    ...(ws.version ? { r: ws.version } : {}),
    ...(ws.lang !== 'en' ? { l: ws.lang } : {}),
    ...(ws.benchmark ? { b: ws.benchmark } : {}),
  };
  const packed = deflateSync(strToU8(JSON.stringify(wire)), { level: 9, mem: 9, dictionary: dictionaryKx1() });
  return `${LINK_PREFIX}${LINK_VERSION}:${toBase64Url(packed)}`;
}

/** The whole link: the page's origin, `/`, and the fragment. */
export function shareUrl(origin: string, ws: SharedWorkspace): string {
  return `${origin}/#${encodeShareFragment(ws)}`;
}

const VIEWS = new Set(['/', '/trust', '/network', '/audit']);
const KINDS = new Set<string>(READABLE_KINDS);

function readV1(value: unknown): SharedWorkspace | Problem {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { reason: 'shape' };
  const w = value as Record<string, unknown>;
  if (!Array.isArray(w.f)) return { reason: 'shape' };
  if (w.f.length > MAX_FILES) return { reason: 'too-many-files' };
  const files: SharedFile[] = [];
  for (const [i, raw] of (w.f as unknown[]).entries()) {
    if (typeof raw !== 'object' || raw === null) return { reason: 'file-shape', file: i + 1 };
    const f = raw as Record<string, unknown>;
    if (typeof f.n !== 'string' || f.n.trim() === '') return { reason: 'file-shape', file: i + 1 };
    if (typeof f.t !== 'string') return { reason: 'file-shape', file: i + 1 };
    if (f.t.length > MAX_FILE_CHARS) return { reason: 'file-too-long', file: i + 1 };
    if (f.h !== undefined && typeof f.h !== 'string') return { reason: 'file-shape', file: i + 1 };
    if (f.k !== undefined && (typeof f.k !== 'string' || !KINDS.has(f.k))) return { reason: 'file-kind', file: i + 1 };
    files.push({
      name: f.n.slice(0, 4096),
      text: f.t,
      ...(typeof f.h === 'string' && f.h.trim() ? { host: f.h.trim().slice(0, 253) } : {}),
      ...(typeof f.k === 'string' ? { kindOverride: f.k as DocumentKind } : {}),
    });
  }
  const active = w.a;
  if (active !== undefined && (typeof active !== 'number' || !Number.isInteger(active) || active < 0))
    return { reason: 'shape' };
  const view = w.v ?? '/';
  if (typeof view !== 'string' || !VIEWS.has(view)) return { reason: 'view' };
  const version = w.r ?? null;
  if (version !== null && (typeof version !== 'string' || !/^\d+\.\d+(\.\d+)?$/.test(version)))
    return { reason: 'version' };
  const tag = w.l ?? 'en';
  // a BCP 47 tag such as zh-CN (any case: written in its canonical case)
  const lang = typeof tag === 'string' ? normaliseLanguageTag(tag) : null;
  if (lang === null) return { reason: 'language' };
  const benchmark = w.b ?? null;
  if (benchmark !== null && !(BENCHMARK_IDS as readonly unknown[]).includes(benchmark)) return { reason: 'benchmark' };
  return {
    files,
    active: active === undefined || active >= files.length ? (files.length > 0 ? 0 : null) : active,
    view,
    version,
    lang,
    benchmark: benchmark as BenchmarkId | null,
  };
}

/** Read a link's fragment (a location hash, with or without `#`). Never throws. */
export function decodeShareFragment(hash: string): OpenedLink {
  const m = new RegExp(`^#?${LINK_PREFIX}(\\d+):(.*)$`, 's').exec(hash.trim());
  if (!m) return { ok: false, error: { kind: 'not-a-link' } };
  const version = Number(m[1]);
  if (version !== 1) return { ok: false, error: { kind: 'unknown-version', version } };
  // chat tools wrap long links; a copy may carry line breaks or spaces, and a %-escaped fragment
  let body = m[2]!.replace(/\s+/g, '');
  if (/%[0-9A-Fa-f]{2}/.test(body)) {
    try {
      body = decodeURIComponent(body);
    } catch {
      return { ok: false, error: { kind: 'corrupt', reason: 'escaping' } };
    }
  }
  const bytes = fromBase64Url(body);
  if (!bytes || bytes.length === 0) return { ok: false, error: { kind: 'corrupt', reason: 'characters' } };
  const inflated = inflateAtMost(bytes, MAX_INFLATED_BYTES, dictionaryKx1());
  if (inflated === 'too-large') return { ok: false, error: { kind: 'corrupt', reason: 'too-large' } };
  if (!inflated) return { ok: false, error: { kind: 'corrupt', reason: 'unpack' } };
  let value: unknown;
  try {
    value = JSON.parse(strFromU8(inflated));
  } catch {
    return { ok: false, error: { kind: 'corrupt', reason: 'unreadable' } };
  }
  const ws = readV1(value);
  return 'reason' in ws ? { ok: false, error: { kind: 'corrupt', ...ws } } : { ok: true, workspace: ws };
}

/** How long a link is in the terms the dialog uses. */
export function linkLengthClass(url: string): 'ok' | 'chat' | 'browser' {
  return url.length > BROWSER_LINK_LIMIT ? 'browser' : url.length > CHAT_LINK_LIMIT ? 'chat' : 'ok';
}
