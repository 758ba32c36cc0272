/**
 * The saved workspace, format 2: several tabs of one browser share one localStorage key without destroying each
 * other's work. Every saved file carries its own revision (`rev`, the tab that wrote it `by`, and the versions it
 * descends from, `history`); each tab remembers, per file, the saved version its copy is based on. Pure functions:
 *
 * - readSaved(raw): format 1 or 2, file by file — a bad entry is skipped and named, duplicate ids get ids of their own;
 * - merge(local, saved): this tab's files against what is saved now — take the other tab's newer version of a file
 *   this tab did not touch, keep this tab's changes, and when both changed a file keep both (a copy named
 *   `name (other tab)`) for the user to choose;
 * - planWrite(local, saved): what this tab saves, leaving out files too large for the browser's quota (what is
 *   saved for them stays as it was).
 *
 * The key kept its name from format 1, so a saved copy of an older version of the app is read (and rewritten as 2).
 */
import type { DocumentKind, WorkspaceFile } from '../model/types';
import { newFileId, uniqueName, type WorkspaceState } from './workspace';
import { fileId, type FileId } from '../model/span';

export const STORAGE_KEY = 'kube-explainer.workspace.v1';
export const STORAGE_BACKUP_KEY = 'kube-explainer.workspace.unreadable';
/** How many earlier versions of a file its saved entry lists (a tab that missed more sees a conflict, never a loss). */
export const HISTORY_LENGTH = 50;

/** One saved file. */
export interface StoredFile {
  id: string;
  name: string;
  text: string;
  kindOverride?: DocumentKind;
  host?: string;
  /** Counts the saves of this file. */
  rev: number;
  /** The tab that wrote this version. */
  by: string;
  /** The versions (see versionOf) this one descends from, newest first. */
  history: string[];
}

/** What is written under STORAGE_KEY. */
export interface StoredWorkspace {
  version: 2;
  files: StoredFile[];
  activeFileId: string | null;
}

/** An entry of a saved copy that could not be read: its position (1-based), its name and id when it has them. */
export interface SkippedEntry {
  index: number;
  name: string | null;
  id: string | null;
  reason: string;
}

/** A saved copy as read: the files that could be read, in order, with unique ids. */
export interface SavedCopy {
  format: 1 | 2;
  files: StoredFile[];
  activeFileId: string | null;
  skipped: SkippedEntry[];
}

/** This tab's files and, per file id, the saved version its copy is based on (also for files it closed since). */
export interface LocalWorkspace {
  state: WorkspaceState;
  base: ReadonlyMap<string, StoredFile>;
}

/** Both tabs changed one file: this tab's text stays in `fileId`, the other tab's is opened as `copyId`. */
export interface Conflict {
  fileId: string;
  copyId: string;
  name: string;
  copyName: string;
}

export type MergeEvent =
  /** The other tab closed a file that this tab changed: this tab's copy is kept (and saved again). */
  | { kind: 'kept-closed-there'; fileId: string; name: string }
  /** This tab closed a file that the other tab changed since: the other tab's version is opened again. */
  | { kind: 'reopened-closed-here'; fileId: string; name: string };

export interface MergeResult {
  local: LocalWorkspace;
  conflicts: Conflict[];
  events: MergeEvent[];
  /** local.state is not the state given (the view must show the new one). */
  changed: boolean;
}

export interface MergeOptions {
  /** Inserted in the name of a conflicting copy: `kube-apiserver (other tab).yaml`. */
  copyLabel?: string;
  /** Ids for conflicting copies (tests pass a counter). */
  newId?: () => FileId;
}

export const EMPTY_LOCAL: LocalWorkspace = { state: { files: [], activeFileId: null }, base: new Map() };

/** A version's name: `rev.by`. */
export function versionOf(f: Pick<StoredFile, 'rev' | 'by'>): string {
  return `${f.rev}.${f.by}`;
}

/** An id for this tab: the `by` of what it saves. */
export function newTabId(): string {
  return Math.random().toString(36).slice(2, 10).padEnd(8, '0');
}

const sameContent = (a: WorkspaceFile | StoredFile, b: WorkspaceFile | StoredFile): boolean =>
  a.text === b.text &&
  a.name === b.name &&
  (a.kindOverride ?? null) === (b.kindOverride ?? null) &&
  (a.host ?? null) === (b.host ?? null);

/** The file differs from the saved version it is based on (or has none: it was never saved). */
export function changedSinceBase(file: WorkspaceFile, base: StoredFile | undefined): boolean {
  return !base || !sameContent(file, base);
}

function toFile(s: StoredFile): WorkspaceFile {
  const f: WorkspaceFile = { id: fileId(s.id), name: s.name, text: s.text };
  if (s.kindOverride) f.kindOverride = s.kindOverride;
  if (s.host) f.host = s.host;
  return f;
}

/** `dir/kube-apiserver.yaml` -> `dir/kube-apiserver (label).yaml`, unique among `taken`. */
export function labelledName(name: string, label: string, taken: readonly string[]): string {
  const slash = name.lastIndexOf('/');
  const dot = name.lastIndexOf('.');
  const cut = dot > slash + 1 ? dot : name.length;
  return uniqueName(`${name.slice(0, cut)} (${label})${name.slice(cut)}`, taken);
}

// ---------------------------------------------------------------------------------------------------------------
// reading

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Read what is saved under STORAGE_KEY (null: nothing saved). `error` when the copy as a whole is not a workspace;
 * otherwise every entry that is a file is restored and the others are listed in `skipped`. Ids are made unique
 * deterministically (every tab reading the same copy gives the same ids).
 */
export function readSaved(raw: string | null): { saved: SavedCopy | null; error: string | null } {
  if (raw === null) return { saved: null, error: null };
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (e) {
    return { saved: null, error: (e as Error).message };
  }
  if (!isRecord(data) || (data.version !== 1 && data.version !== 2)) return { saved: null, error: 'unexpected format' };
  if (!Array.isArray(data.files)) return { saved: null, error: 'no file list' };
  const format = data.version;
  const files: StoredFile[] = [];
  const skipped: SkippedEntry[] = [];
  const ids = new Set<string>();
  data.files.forEach((entry: unknown, i) => {
    const index = i + 1;
    if (!isRecord(entry)) {
      skipped.push({ index, name: null, id: null, reason: 'not a file' });
      return;
    }
    const name = typeof entry.name === 'string' && entry.name.trim() !== '' ? entry.name : null;
    const rawId = typeof entry.id === 'string' && entry.id !== '' ? entry.id : null;
    if (typeof entry.text !== 'string') {
      skipped.push({ index, name, id: rawId, reason: 'no text' });
      return;
    }
    let id = rawId ?? `saved-${index}`;
    if (ids.has(id)) {
      let n = index;
      while (ids.has(`${id}~${n}`)) n++;
      id = `${id}~${n}`; // a duplicate id: its own file, never the other's text
    }
    ids.add(id);
    const file: StoredFile = {
      id,
      name: name ?? `file-${index}`,
      text: entry.text,
      rev: format === 2 && Number.isSafeInteger(entry.rev) && (entry.rev as number) >= 0 ? (entry.rev as number) : 0,
      by: format === 2 && typeof entry.by === 'string' ? entry.by : `v${format}`,
      history:
        format === 2 && Array.isArray(entry.history)
          ? entry.history.filter((v): v is string => typeof v === 'string').slice(0, HISTORY_LENGTH)
          : [],
    };
    if (id !== rawId) {
      // an entry given a new id is a new file: no history of the entry whose id it had
      file.rev = 0;
      file.by = `v${format}`;
      file.history = [];
    }
    if (typeof entry.kindOverride === 'string' && entry.kindOverride !== '')
      file.kindOverride = entry.kindOverride as DocumentKind;
    if (typeof entry.host === 'string' && entry.host.trim() !== '') file.host = entry.host.trim().slice(0, 253);
    files.push(file);
  });
  const active = typeof data.activeFileId === 'string' && ids.has(data.activeFileId) ? data.activeFileId : null;
  return { saved: { format, files, activeFileId: active, skipped }, error: null };
}

export function serializeStored(doc: StoredWorkspace): string {
  return JSON.stringify(doc);
}

/** The saved copy a successful write leaves behind (what the next read of it gives). */
export function savedCopyOf(doc: StoredWorkspace): SavedCopy {
  return { format: 2, files: doc.files, activeFileId: doc.activeFileId, skipped: [] };
}

// ---------------------------------------------------------------------------------------------------------------
// merging

/**
 * This tab's copy against the saved one, file by file (L: this tab's file, B: the saved version it is based on,
 * S: the saved file now):
 *
 * - S is B (nothing saved since): keep L, changed or not.
 * - S is newer and descends from B, L unchanged since B: take S (the other tab's edit of a file this tab did not touch).
 * - S and L have the same content: keep it, based on S.
 * - otherwise both changed (or S was saved without knowing B: a concurrent save): keep L, now based on S, and open
 *   S as a new file `name (other tab)` — a conflict the user resolves; nothing is lost whatever they do.
 * - no S but B (the other tab closed it): close it here too when L is unchanged, else keep L.
 * - no L but B (this tab closed it): stays closed when S is B; reopened (S) when the other tab changed it since.
 * - no L, no B (a file new in the other tab): opened. L with no B and no S (new here): kept, saved next.
 * - an entry of the saved copy that could not be read is no news: the file with its id is kept as it is.
 *
 * No saved copy at all (`saved` null: nothing saved, or it could not be read) keeps everything of this tab.
 */
export function merge(local: LocalWorkspace, saved: SavedCopy | null, options: MergeOptions = {}): MergeResult {
  const label = options.copyLabel ?? 'other tab';
  const newId = options.newId ?? newFileId;
  if (!saved) return { local, conflicts: [], events: [], changed: false };

  const stored = new Map(saved.files.map((f) => [f.id, f]));
  const unreadable = new Set(saved.skipped.map((s) => s.id).filter((id): id is string => id !== null));
  const base = new Map<string, StoredFile>();
  const files: WorkspaceFile[] = [];
  const conflicts: Conflict[] = [];
  const events: MergeEvent[] = [];
  let changed = false;
  const seen = new Set<string>();
  const takenNames = () => [...files.map((f) => f.name), ...saved.files.map((f) => f.name)];

  for (const original of local.state.files) {
    let L = original;
    if (seen.has(L.id)) {
      // a duplicate id in this tab: a file of its own, never saved under the other's id
      L = { ...L, id: newId() };
      changed = true;
    }
    seen.add(L.id);
    const B = L === original ? local.base.get(L.id) : undefined;
    const S = L === original ? stored.get(L.id) : undefined;
    if (!S) {
      if (B && unreadable.has(L.id)) {
        base.set(L.id, B);
        files.push(L);
      } else if (B && !changedSinceBase(L, B)) {
        changed = true; // closed in the other tab, untouched here
      } else {
        if (B) {
          base.set(L.id, B);
          events.push({ kind: 'kept-closed-there', fileId: L.id, name: L.name });
        }
        files.push(L);
      }
      continue;
    }
    if (B && versionOf(S) === versionOf(B)) {
      base.set(L.id, S);
      files.push(L);
    } else if (sameContent(L, S)) {
      base.set(L.id, S);
      files.push(L);
    } else if (B && S.history.includes(versionOf(B)) && !changedSinceBase(L, B)) {
      base.set(L.id, S);
      files.push(toFile(S));
      changed = true;
    } else {
      base.set(L.id, S);
      files.push(L);
      if (S.text !== L.text) {
        const copy: WorkspaceFile = { ...toFile(S), id: newId(), name: labelledName(S.name, label, takenNames()) };
        files.push(copy);
        seen.add(copy.id);
        conflicts.push({ fileId: L.id, copyId: copy.id, name: L.name, copyName: copy.name });
        changed = true;
      }
    }
  }

  // files this tab closed since its last save
  for (const [id, B] of local.base) {
    if (seen.has(id)) continue;
    const S = stored.get(id);
    if (!S) continue; // closed in both (or never saved again): gone
    seen.add(id);
    if (versionOf(S) === versionOf(B) || sameContent(S, B)) {
      base.set(id, S); // stays closed; the next save leaves it out
    } else {
      base.set(id, S);
      files.push(toFile(S));
      events.push({ kind: 'reopened-closed-here', fileId: id, name: S.name });
      changed = true;
    }
  }

  // files new in the other tab
  for (const S of saved.files) {
    if (seen.has(S.id)) continue;
    seen.add(S.id);
    base.set(S.id, S);
    files.push(toFile(S));
    changed = true;
  }

  let activeFileId = local.state.activeFileId;
  if (local.state.files.length === 0 && saved.activeFileId) activeFileId = saved.activeFileId;
  if (!activeFileId || !files.some((f) => f.id === activeFileId)) {
    activeFileId = files[0]?.id ?? null;
  }
  if (activeFileId !== local.state.activeFileId) changed = true;
  const state = changed ? { files, activeFileId } : local.state;
  return { local: { state, base }, conflicts, events, changed };
}

// ---------------------------------------------------------------------------------------------------------------
// writing

export interface WritePlan {
  /** What to write (serializeStored), when `needed`. */
  doc: StoredWorkspace;
  /** The bases after this write succeeded (left-out files keep theirs). */
  base: Map<string, StoredFile>;
  /** The write changes what is saved (a new file, a new version, a closed file, an old format). */
  needed: boolean;
}

/**
 * What this tab saves after merging with `saved`: unchanged files as their saved version, changed ones as a new
 * revision by `tab`; files closed here are left out. A file in `leaveOut` (too large for the quota) keeps what is
 * saved for it — its latest text stays in this tab only.
 */
export function planWrite(
  local: LocalWorkspace,
  saved: SavedCopy | null,
  tab: string,
  leaveOut: ReadonlySet<string> = new Set(),
): WritePlan {
  const stored = new Map(saved?.files.map((f) => [f.id, f]));
  const files: StoredFile[] = [];
  const base = new Map<string, StoredFile>();
  for (const L of local.state.files) {
    const B = local.base.get(L.id);
    const S = stored.get(L.id);
    if (leaveOut.has(L.id)) {
      const keep = S ?? B;
      if (keep) files.push(keep);
      if (B) base.set(L.id, B);
      continue;
    }
    let entry: StoredFile;
    if (B && !changedSinceBase(L, B)) {
      entry = B;
    } else {
      entry = {
        id: L.id,
        name: L.name,
        text: L.text,
        rev: Math.max(B?.rev ?? 0, S?.rev ?? 0) + 1,
        by: tab,
        history: B ? [versionOf(B), ...B.history].slice(0, HISTORY_LENGTH) : [],
      };
      if (L.kindOverride) entry.kindOverride = L.kindOverride;
      if (L.host) entry.host = L.host;
    }
    files.push(entry);
    base.set(L.id, entry);
  }
  // saved files this tab neither holds nor closed (not merged yet): kept as they are
  const held = new Set(files.map((f) => f.id));
  for (const S of saved?.files ?? []) {
    if (!held.has(S.id) && !local.base.has(S.id) && !local.state.files.some((f) => f.id === S.id)) files.push(S);
  }
  const doc: StoredWorkspace = { version: 2, files, activeFileId: local.state.activeFileId };
  const before = new Map(saved?.files.map((f) => [f.id, versionOf(f)]));
  const needed =
    !saved ||
    saved.format !== 2 ||
    saved.skipped.length > 0 ||
    before.size !== files.length ||
    files.some((f) => before.get(f.id) !== versionOf(f));
  return { doc, base, needed };
}

/** The files that are changed here but not saved (a left-out file stays in this list until it is saved). */
export function unsavedFiles(local: LocalWorkspace): WorkspaceFile[] {
  return local.state.files.filter((f) => changedSinceBase(f, local.base.get(f.id)));
}

// ---------------------------------------------------------------------------------------------------------------
// the user's choice

export type ConflictChoice = 'mine' | 'theirs' | 'both';

/** Resolve a conflict: keep this tab's text (the copy is closed), take the other tab's (into the file), or both. */
export function resolveConflict(state: WorkspaceState, conflict: Conflict, choice: ConflictChoice): WorkspaceState {
  if (choice === 'both') return state;
  const copy = state.files.find((f) => f.id === conflict.copyId);
  const file = state.files.find((f) => f.id === conflict.fileId);
  if (!copy) return state;
  if (choice === 'theirs' && !file) return state; // the file was closed meanwhile: the copy is all there is
  const files = state.files
    .filter((f) => f.id !== copy.id)
    .map((f) => {
      if (choice !== 'theirs' || f.id !== conflict.fileId) return f;
      const { kindOverride: _k, ...rest } = f;
      return copy.kindOverride
        ? { ...rest, text: copy.text, kindOverride: copy.kindOverride }
        : { ...rest, text: copy.text };
    });
  const activeFileId = state.activeFileId === copy.id ? conflict.fileId : state.activeFileId;
  return { files, activeFileId: files.some((f) => f.id === activeFileId) ? activeFileId : (files[0]?.id ?? null) };
}
