/**
 * The workspace: the user's files and which one is open. Pure functions over plain data,
 * so editing is testable without a browser (saving and restoring: storage.ts).
 */
import { COMPONENT_IDS, type DocumentKind, type WorkspaceFile } from '../model/types';
import { fileId, type FileId } from '../model/span';

export interface WorkspaceState {
  files: WorkspaceFile[];
  activeFileId: string | null;
}

export const EMPTY_WORKSPACE: WorkspaceState = { files: [], activeFileId: null };

let counter = 0;
/** A file id unique across the tabs of a browser too (two tabs may create a file in the same millisecond). */
export function newFileId(): FileId {
  counter += 1;
  return fileId(`f${Date.now().toString(36)}${counter.toString(36)}${Math.random().toString(36).slice(2, 7)}`);
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

/** The host the user says a file comes from; an empty name clears it. */
export function setHost(state: WorkspaceState, id: string, host: string): WorkspaceState {
  const name = host.trim().slice(0, 253);
  return {
    ...state,
    files: state.files.map((f) => {
      if (f.id !== id) return f;
      const { host: _old, ...rest } = f;
      return name ? { ...rest, host: name } : rest;
    }),
  };
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

const COMPONENT_MENTION = new RegExp(`(?:^|[\\s/"'[,-])(${COMPONENT_IDS.join('|')})\\b`);

/** Outputs of commands that mention several components: named after the command, not the first component. */
const COMMAND_OUTPUTS: [RegExp, string][] = [
  [/^\s*(Proto\s+Recv-Q|Active Internet connections)|\bnetstat\s+-\w*l/m, 'netstat'],
  [/^\s*(Netid\s+)?State\s+Recv-Q\s+Send-Q|\bss\s+-\w*l/m, 'ss'],
  [/^\s*(UID|USER)\s+PID\s|\bps\s+(-\w+|aux)/m, 'ps'],
];

/**
 * A name for pasted text: the command whose output it is (netstat, ss, ps), else the component it runs when the
 * text says so, else `<pasted>-N`; the extension by its form (.yaml, .service, .txt).
 */
export function nameForPaste(text: string, index: number, pasted = 'pasted'): string {
  const head = text.slice(0, 4000);
  const output = COMMAND_OUTPUTS.find(([re]) => re.test(head));
  if (output) return `${output[1]}-${index}.txt`;
  const m = COMPONENT_MENTION.exec(text);
  const yaml = /^\s*(apiVersion|kind)\s*:/m.test(text) || /^\s*\{/.test(text);
  const unit = /^\s*\[(Unit|Service|Install)\]/m.test(text);
  const ext = yaml ? '.yaml' : unit ? '.service' : '.txt';
  return m ? `${m[1]}${ext}` : `${pasted}-${index}${ext}`;
}
