/**
 * A bundle of public/collect.sh pasted or opened: each file (and command output) its own tab, named by its path on
 * the node, with the node as its host. Pure over the workspace state (tested without a browser).
 */
import { bundleFiles, readBundle } from '../ingest/workspace/bundle';
import { addFile, setHost, updateText, upsertFile, type WorkspaceState } from '../workspace/workspace';

/** `name`, or `name (N)` as uniqueName makes it when the name is taken. */
function isNameOrCopy(candidate: string, name: string): boolean {
  if (candidate === name) return true;
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  return (
    candidate.startsWith(`${stem} (`) &&
    candidate.endsWith(`)${ext}`) &&
    /^\d+$/.test(candidate.slice(stem.length + 2, candidate.length - ext.length - 1))
  );
}

/**
 * Add the bundle's files; null when `text` is not a bundle. A file of the same path and host (collected again) is
 * updated; the same path from another node is another tab (`path (2)`).
 */
export function addBundle(state: WorkspaceState, text: string): WorkspaceState | null {
  const bundle = readBundle(text);
  if (!bundle) return null;
  let next = state;
  for (const f of bundleFiles(bundle)) {
    const mine = next.files.find((x) => x.host === f.host && isNameOrCopy(x.name, f.name));
    if (mine) {
      next = { ...updateText(next, mine.id, f.text), activeFileId: mine.id };
      continue;
    }
    const taken = next.files.some((x) => x.name === f.name);
    next = taken ? addFile(next, f.name, f.text) : upsertFile(next, f.name, f.text);
    if (next.activeFileId) next = setHost(next, next.activeFileId, f.host);
  }
  return next;
}

/** Pasted text: a bundle's files, or one new file. */
export function addText(state: WorkspaceState, name: string, text: string): WorkspaceState {
  return addBundle(state, text) ?? addFile(state, name, text);
}

/** An opened file: a bundle's files, or the file (replacing one of the same name). */
export function upsertText(state: WorkspaceState, name: string, text: string): WorkspaceState {
  return addBundle(state, text) ?? upsertFile(state, name, text);
}
