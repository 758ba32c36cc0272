/**
 * The workspace: the user's files and which one is open. Pure functions over plain data,
 * so saving, restoring and editing are testable without a browser.
 */
import type { DocumentKind, WorkspaceFile } from '../model/types';

export interface WorkspaceState {
  files: WorkspaceFile[];
  activeFileId: string | null;
}

export const STORAGE_KEY = 'kube-explainer.workspace.v1';
export const STORAGE_BACKUP_KEY = 'kube-explainer.workspace.unreadable';

export const EMPTY_WORKSPACE: WorkspaceState = { files: [], activeFileId: null };

export function serializeWorkspace(state: WorkspaceState): string {
  return JSON.stringify({ version: 1, files: state.files, activeFileId: state.activeFileId });
}

/** Parse what serializeWorkspace wrote; throws with a readable message when it is not that. */
export function deserializeWorkspace(text: string): WorkspaceState {
  const raw = JSON.parse(text) as unknown;
  if (typeof raw !== 'object' || raw === null || (raw as { version?: unknown }).version !== 1) {
    throw new Error('unexpected format');
  }
  const filesRaw = (raw as { files?: unknown }).files;
  if (!Array.isArray(filesRaw)) throw new Error('no file list');
  const files: WorkspaceFile[] = filesRaw.map((f: unknown, i) => {
    const o = f as Partial<WorkspaceFile>;
    if (typeof o.text !== 'string') throw new Error(`file ${i + 1} has no text`);
    const file: WorkspaceFile = {
      id: typeof o.id === 'string' ? o.id : `f${i}`,
      name: typeof o.name === 'string' ? o.name : `file-${i + 1}`,
      text: o.text,
    };
    if (typeof o.kindOverride === 'string') file.kindOverride = o.kindOverride;
    return file;
  });
  const active = (raw as { activeFileId?: unknown }).activeFileId;
  return {
    files,
    activeFileId: typeof active === 'string' && files.some((f) => f.id === active) ? active : (files[0]?.id ?? null),
  };
}

let counter = 0;
export function newFileId(): string {
  counter += 1;
  return `f${Date.now().toString(36)}${counter.toString(36)}`;
}

/** `name`, or `name (2)`, `name (3)`... whichever is free. */
export function uniqueName(name: string, taken: readonly string[]): string {
  if (!taken.includes(name)) return name;
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  for (let i = 2; ; i++) {
    const candidate = `${stem} (${i})${ext}`;
    if (!taken.includes(candidate)) return candidate;
  }
}

/** Add a file, or replace the text of a file with the same name (re-uploading a file updates it). */
export function upsertFile(state: WorkspaceState, name: string, text: string): WorkspaceState {
  const existing = state.files.find((f) => f.name === name);
  if (existing) {
    return { files: state.files.map((f) => (f.id === existing.id ? { ...f, text } : f)), activeFileId: existing.id };
  }
  const file: WorkspaceFile = { id: newFileId(), name, text };
  return { files: [...state.files, file], activeFileId: file.id };
}

export function addFile(state: WorkspaceState, name: string, text: string): WorkspaceState {
  const file: WorkspaceFile = {
    id: newFileId(),
    name: uniqueName(
      name,
      state.files.map((f) => f.name),
    ),
    text,
  };
  return { files: [...state.files, file], activeFileId: file.id };
}

export function removeFile(state: WorkspaceState, id: string): WorkspaceState {
  const idx = state.files.findIndex((f) => f.id === id);
  const files = state.files.filter((f) => f.id !== id);
  const activeFileId =
    state.activeFileId === id ? (files[Math.min(idx, files.length - 1)]?.id ?? null) : state.activeFileId;
  return { files, activeFileId };
}

export function renameFile(state: WorkspaceState, id: string, name: string): WorkspaceState {
  const trimmed = name.trim();
  if (!trimmed) return state;
  const taken = state.files.filter((f) => f.id !== id).map((f) => f.name);
  return { ...state, files: state.files.map((f) => (f.id === id ? { ...f, name: uniqueName(trimmed, taken) } : f)) };
}

export function updateText(state: WorkspaceState, id: string, text: string): WorkspaceState {
  return { ...state, files: state.files.map((f) => (f.id === id ? { ...f, text } : f)) };
}

export function setKindOverride(state: WorkspaceState, id: string, kind: DocumentKind | null): WorkspaceState {
  return {
    ...state,
    files: state.files.map((f) => {
      if (f.id !== id) return f;
      const { kindOverride: _old, ...rest } = f;
      return kind ? { ...rest, kindOverride: kind } : rest;
    }),
  };
}
