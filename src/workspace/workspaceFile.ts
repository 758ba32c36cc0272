/**
 * A workspace as a file (export and import): JSON with a format tag and a version, so a file made by this version is
 * read by later ones and a file of another tool, or of a newer version, is refused with a reason. Pure functions:
 * reading never throws, and every error says where it is (line and column of a JSON syntax error, the path of a bad
 * entry such as `files[2].text`).
 *
 *     { "format": "kube-explainer-workspace", "version": 1, "name": "prod control plane",
 *       "exportedAt": "2026-12-03T09:00:00.000Z", "active": 0,
 *       "files": [{ "name": "/etc/kubernetes/manifests/kube-apiserver.yaml", "text": "...", "host": "cp1" }] }
 *
 * A saved copy of the browser's storage (the notice's "download the unreadable copy", format 1 or 2 of storage.ts)
 * is read too: what could be read of it is imported.
 */
import type { DocumentKind, WorkspaceFile } from '../model/types';
import { readSaved } from './storage';

export const WORKSPACE_FILE_FORMAT = 'kube-explainer-workspace';
export const WORKSPACE_FILE_VERSION = 1;
/** Larger files are refused before they are parsed (the browser would hold several copies of them). */
export const MAX_IMPORT_CHARS = 50_000_000;
export const MAX_WORKSPACE_NAME = 120;

export interface WorkspaceFileEntry {
  name: string;
  text: string;
  kindOverride?: DocumentKind;
  host?: string;
}

export interface WorkspaceFileDoc {
  format: typeof WORKSPACE_FILE_FORMAT;
  version: typeof WORKSPACE_FILE_VERSION;
  name: string;
  exportedAt: string;
  /** Index of the open file, or null. */
  active: number | null;
  files: WorkspaceFileEntry[];
}

/** What an import gives: the workspace's name and files (ids are the importer's to give). */
export interface ImportedWorkspace {
  name: string;
  files: Omit<WorkspaceFile, 'id'>[];
  active: number | null;
}

/** Why a file could not be imported; `where` locates it (`line 3, column 7`, `files[2].text`), null: the whole file. */
export interface ImportError {
  reason:
    'empty' | 'too-large' | 'syntax' | 'not-a-workspace' | 'newer-version' | 'bad-version' | 'bad-entry' | 'no-files';
  where: string | null;
  detail: string;
}

export type ImportResult =
  { ok: true; workspace: ImportedWorkspace; skipped: ImportError[] } | { ok: false; error: ImportError };

/** The file for a workspace: its files as they are (secrets included: it is the user's own copy). */
export function exportWorkspace(
  name: string,
  files: readonly WorkspaceFile[],
  activeFileId: string | null,
  now: Date = new Date(),
): string {
  const doc: WorkspaceFileDoc = {
    format: WORKSPACE_FILE_FORMAT,
    version: WORKSPACE_FILE_VERSION,
    name,
    exportedAt: now.toISOString(),
    active: files.findIndex((f) => f.id === activeFileId) >= 0 ? files.findIndex((f) => f.id === activeFileId) : null,
    files: files.map((f) => {
      const e: WorkspaceFileEntry = { name: f.name, text: f.text };
      if (f.kindOverride) e.kindOverride = f.kindOverride;
      if (f.host) e.host = f.host;
      return e;
    }),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** A file name for the export of workspace `name`: `kube-explainer-<name>.json`, safe on every system. */
export function exportFileName(name: string): string {
  const safe = name
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `kube-explainer-${safe || 'workspace'}.json`;
}

/** Line and column (1-based) of `offset` in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  const end = Math.min(Math.max(0, offset), text.length);
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: end - start + 1 };
}

/** Where JSON.parse stopped: V8 says `at position N` (and newer ones `(line L column C)`), others `line L column C`. */
function syntaxLocation(text: string, message: string): string | null {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return `line ${lc[1]}, column ${lc[2]}`;
  const pos = /position (\d+)/.exec(message);
  if (pos) {
    const { line, column } = lineColumn(text, Number(pos[1]));
    return `line ${line}, column ${column}`;
  }
  if (/end of (JSON )?input|unexpected end/i.test(message)) {
    const { line, column } = lineColumn(text, text.length);
    return `line ${line}, column ${column}`;
  }
  return null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A workspace name as kept: trimmed, single-line, at most MAX_WORKSPACE_NAME characters. */
export function cleanWorkspaceName(name: unknown, fallback: string): string {
  if (typeof name !== 'string') return fallback;
  const clean = name
    .replace(/\p{Cc}+/gu, ' ')
    .trim()
    .slice(0, MAX_WORKSPACE_NAME);
  return clean || fallback;
}

/**
 * Read a workspace file. Entries that are not files are skipped and listed (the others are imported); a file that
 * is not a workspace at all, of a newer version, or with no readable file is refused with a located error.
 */
export function importWorkspace(text: string, fileName = 'workspace'): ImportResult {
  const fail = (reason: ImportError['reason'], where: string | null, detail: string): ImportResult => ({
    ok: false,
    error: { reason, where, detail },
  });
  if (text.length > MAX_IMPORT_CHARS)
    return fail('too-large', null, `${text.length} characters; at most ${MAX_IMPORT_CHARS}`);
  if (text.trim() === '') return fail('empty', null, 'the file is empty');
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const message = (e as Error).message;
    return fail('syntax', syntaxLocation(text, message), message);
  }
  const fallbackName = cleanWorkspaceName(fileName.replace(/\.json$/i, '').replace(/^kube-explainer-/, ''), 'imported');
  if (!isRecord(data))
    return fail(
      'not-a-workspace',
      null,
      `the file holds ${Array.isArray(data) ? 'a list' : typeof data}, not an object`,
    );

  // a saved copy of the browser's storage (format 1 or 2 of storage.ts)
  if (data.format === undefined && (data.version === 1 || data.version === 2) && Array.isArray(data.files)) {
    const { saved, error } = readSaved(text.replace(/^\uFEFF/, ''));
    if (!saved) return fail('not-a-workspace', null, error ?? 'unreadable');
    const skipped = saved.skipped.map<ImportError>((s) => ({
      reason: 'bad-entry',
      where: `files[${s.index - 1}]`,
      detail: s.reason,
    }));
    if (saved.files.length === 0) return fail('no-files', 'files', 'no entry of "files" is a file');
    const files = saved.files.map((f) => {
      const out: Omit<WorkspaceFile, 'id'> = { name: f.name, text: f.text };
      if (f.kindOverride) out.kindOverride = f.kindOverride;
      if (f.host) out.host = f.host;
      return out;
    });
    const active = saved.activeFileId ? saved.files.findIndex((f) => f.id === saved.activeFileId) : -1;
    return { ok: true, workspace: { name: fallbackName, files, active: active >= 0 ? active : null }, skipped };
  }

  if (data.format !== WORKSPACE_FILE_FORMAT)
    return fail(
      'not-a-workspace',
      null,
      data.format === undefined ? 'no "format" field' : `"format" is ${JSON.stringify(data.format).slice(0, 60)}`,
    );
  if (typeof data.version !== 'number' || !Number.isSafeInteger(data.version) || data.version < 1)
    return fail('bad-version', null, `"version" is ${JSON.stringify(data.version ?? null).slice(0, 40)}`);
  if (data.version > WORKSPACE_FILE_VERSION)
    return fail('newer-version', null, `version ${data.version}; this app reads up to ${WORKSPACE_FILE_VERSION}`);
  if (!Array.isArray(data.files)) return fail('bad-entry', 'files', '"files" is not a list');

  const files: Omit<WorkspaceFile, 'id'>[] = [];
  const skipped: ImportError[] = [];
  const indexOf: number[] = [];
  data.files.forEach((entry: unknown, i) => {
    const where = `files[${i}]`;
    if (!isRecord(entry)) {
      skipped.push({ reason: 'bad-entry', where, detail: 'not an object' });
      return;
    }
    if (typeof entry.text !== 'string') {
      skipped.push({ reason: 'bad-entry', where: `${where}.text`, detail: 'not a string' });
      return;
    }
    if (typeof entry.name !== 'string' || entry.name.trim() === '') {
      skipped.push({ reason: 'bad-entry', where: `${where}.name`, detail: 'not a file name' });
      return;
    }
    const f: Omit<WorkspaceFile, 'id'> = { name: entry.name.trim().slice(0, 1000), text: entry.text };
    if (typeof entry.kindOverride === 'string' && /^[a-z][a-z-]{0,40}$/.test(entry.kindOverride))
      f.kindOverride = entry.kindOverride as DocumentKind;
    if (typeof entry.host === 'string' && entry.host.trim() !== '') f.host = entry.host.trim().slice(0, 253);
    files.push(f);
    indexOf[i] = files.length - 1;
  });
  if (files.length === 0 && data.files.length > 0)
    return skipped.length === 1
      ? { ok: false, error: skipped[0]! }
      : fail('no-files', 'files', `none of the ${data.files.length} entries of "files" is a file`);
  const active =
    typeof data.active === 'number' && Number.isSafeInteger(data.active) ? (indexOf[data.active] ?? null) : null;
  return { ok: true, workspace: { name: cleanWorkspaceName(data.name, fallbackName), files, active }, skipped };
}
