/**
 * React glue for the workspace: restore the open named workspace (workspace/store.ts: IndexedDB, with the old
 * localStorage copy migrated on first load; the sample on a first visit), autosave every change, follow what other
 * tabs of this browser save, flush on page hide, and run the analysis worker on the latest text. What to keep and
 * what to write is decided by the pure functions of workspace/storage.ts; this file only reads, writes and listens.
 * The workspace menu's actions (switch, create, rename, duplicate, delete, export, clear all) are at the end.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PresentedAnalysis } from '../present/analysis';
import type { BenchmarkId } from '../analysis/audit';
import { AnalysisClient } from '../worker/client';
import { loadSampleFiles } from '../workspace/sample';
import { newFileId, uniqueName, type WorkspaceState } from '../workspace/workspace';
import type { LinkError, SharedWorkspace } from '../share/link';
import { isShareFragment } from '../share/fragment';
import {
  changedSinceBase,
  EMPTY_LOCAL,
  merge,
  newTabId,
  planWrite,
  readSaved,
  resolveConflict as resolveConflictIn,
  savedCopyOf,
  serializeStored,
  STORAGE_BACKUP_KEY,
  STORAGE_KEY,
  type Conflict,
  type ConflictChoice,
  type LocalWorkspace,
  type MergeEvent,
  type SavedCopy,
  type StoredFile,
} from '../workspace/storage';
import { language, t } from '../i18n';
import { useLanguage } from './useLanguage';
import { followLinkLanguage } from '../i18n/load';
import { shownWorkspaceName } from './workspaceName';
import {
  browserEnv,
  MAX_STORED_FILE_CHARS,
  savedCopyFor,
  WorkspaceStore,
  type OpenOptions,
  type WorkspaceMeta,
} from '../workspace/store';
import { exportFileName, exportWorkspace, type ImportedWorkspace } from '../workspace/workspaceFile';
import type { WorkspaceFile } from '../model/types';

/** The saved copy could not be read as a whole (`error`) or some of its entries were skipped (`skipped`, by name). */
export interface RestoreProblem {
  error: string | null;
  skipped: string[];
}

/** A file whose latest text does not fit in the browser's storage: kept in this tab only. */
export interface UnsavedFile {
  id: string;
  name: string;
  chars: number;
}

/** A workspace opened from a share link (shown instead of the saved one, which is not written meanwhile). */
export type OpenedLinkState =
  | { status: 'open'; id: number; view: string; files: number; sample?: string }
  | { status: 'error'; id: number; error: LinkError };

export interface WorkspaceHandle {
  state: WorkspaceState | null;
  analysis: PresentedAnalysis | null;
  analysisMillis: number | null;
  analysing: boolean;
  notice: string | null;
  update: (fn: (s: WorkspaceState) => WorkspaceState) => void;
  dismissNotice: () => void;
  loadSample: () => Promise<void>;
  /** Storage notices: a saved copy that could not be fully read, conflicts with another tab, files too large. */
  restoreProblem: RestoreProblem | null;
  /** The saved copy as it was when it could not be fully read (for the notice's download button). */
  unreadableCopy: () => string | null;
  dismissRestoreProblem: () => void;
  conflicts: Conflict[];
  resolveConflict: (conflict: Conflict, choice: ConflictChoice) => void;
  unsaved: UnsavedFile[];
  /** The security audit's benchmark as the user picked it; null: the one matching the cluster's version. */
  benchmark: BenchmarkId | null;
  setBenchmark: (benchmark: BenchmarkId | null) => void;
  /** The share link this tab shows, or could not open; null: the user's own workspace. */
  link: OpenedLinkState | null;
  /** Add the link's files (as edited here) to the saved workspace, and show that. */
  keepLink: () => void;
  /** Leave the link's workspace for the saved one; or dismiss a link that could not be opened. */
  leaveLink: () => void;
  /** Show a sample of the gallery the way a link is shown: beside the saved workspace, kept only when asked. */
  openSample: (id: string) => Promise<void>;
  /** The named workspaces of this browser (IndexedDB), oldest first, and the one this tab shows. */
  workspaces: WorkspaceMeta[];
  workspaceId: string | null;
  /** False: this browser refuses IndexedDB; one workspace, kept in localStorage. */
  workspacesPersistent: boolean;
  switchWorkspace: (id: string) => Promise<void>;
  /** A new workspace (empty, with a sample's files, or imported ones), opened at once. */
  createWorkspace: (name: string, from: NewWorkspaceFrom) => Promise<void>;
  renameWorkspace: (id: string, name: string) => Promise<void>;
  duplicateWorkspace: (id: string) => Promise<void>;
  deleteWorkspace: (id: string) => Promise<void>;
  /** The workspace as a file (workspaceFile.ts): its name and text. */
  /**
   * A workspace as a file to download, as it is (`secrets`: how many secrets it holds, as pasted) and, when it holds
   * any, with every secret replaced as in a share link (`redacted`).
   */
  exportWorkspaceFile: (id: string) => Promise<WorkspaceExport>;
  /** Empty IndexedDB and every key of this app in localStorage, in every tab. */
  clearAllStored: () => Promise<void>;
}

export interface WorkspaceExport {
  name: string;
  text: string;
  secrets: number;
  /** The same file with its secrets replaced (null: it holds none). */
  redacted: { name: string; text: string } | null;
}

export type NewWorkspaceFrom =
  { kind: 'empty' } | { kind: 'sample'; sample: string } | { kind: 'import'; workspace: ImportedWorkspace };

/** Files of a link with ids of this browser. */
function linkState(ws: SharedWorkspace): WorkspaceState {
  const files = ws.files.map((f) => ({ ...f, id: newFileId() }));
  return { files, activeFileId: ws.active === null ? null : (files[ws.active]?.id ?? null) };
}

/** The location hash without the link (the page's address stays, the link is not kept in history). */
function clearLinkFromAddress(): void {
  if (isShareFragment(window.location.hash))
    window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
}

const SAVE_DELAY_MS = 300;

/** How long an analysis may take before the status line says so. */
const ANALYSING_NOTICE_MS = 300;

const isQuotaError = (e: unknown): boolean =>
  e instanceof DOMException &&
  (e.name === 'QuotaExceededError' || e.name === 'NS_ERROR_DOM_QUOTA_REACHED' || e.code === 22);

/** The files of a new workspace with ids of their own, and the saved copy it starts with. */
function newWorkspaceCopy(files: readonly Omit<WorkspaceFile, 'id'>[], active: number | null, by: string): string {
  const withIds = files.map((f) => ({ ...f, id: newFileId() }));
  return savedCopyFor(withIds, (active === null ? withIds[0] : withIds[active])?.id ?? null, by);
}

function eventMessage(e: MergeEvent): string {
  switch (e.kind) {
    case 'kept-closed-there':
      return t('workspace.keptClosedThere', { name: e.name });
    case 'reopened-closed-here':
      return t('workspace.reopenedClosedHere', { name: e.name });
  }
}

export function useWorkspace(): WorkspaceHandle {
  const [state, setState] = useState<WorkspaceState | null>(null);
  const [analysis, setAnalysis] = useState<PresentedAnalysis | null>(null);
  const [analysisMillis, setMillis] = useState<number | null>(null);
  const [analysing, setAnalysing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [restoreProblem, setRestoreProblem] = useState<RestoreProblem | null>(null);
  const [conflicts, setConflicts] = useState<Conflict[]>([]);
  const [unsaved, setUnsaved] = useState<UnsavedFile[]>([]);
  const [benchmark, setBenchmark] = useState<BenchmarkId | null>(null);
  const benchmarkRef = useRef(benchmark);
  benchmarkRef.current = benchmark;
  const [link, setLink] = useState<OpenedLinkState | null>(null);
  /** While a link's workspace is shown, nothing is saved nor merged from other tabs. */
  const linkMode = useRef(false);
  const linkCount = useRef(0);
  /** The user's own benchmark while a link that carries one is shown. */
  const ownBenchmark = useRef<BenchmarkId | null | undefined>(undefined);
  const client = useRef<AnalysisClient | null>(null);
  const pendingNotice = useRef<ReturnType<typeof setTimeout> | null>(null);

  /** The workspace as of the last change: updated at once, not at the next render (the page-hide flush reads it). */
  const current = useRef<WorkspaceState | null>(null);
  /** Per file, the saved version this tab's copy is based on. */
  const base = useRef<ReadonlyMap<string, StoredFile>>(EMPTY_LOCAL.base);
  const tab = useRef(newTabId());
  /** The last saved copy read or written, so an unchanged one is not parsed again. */
  const cache = useRef<{ raw: string | null; saved: SavedCopy | null }>({ raw: null, saved: null });
  /** Files that did not fit: id -> the length at which they did not (retried once shorter). */
  const tooLarge = useRef(new Map<string, number>());
  const unreadable = useRef<string | null>(null);
  const shownEvents = useRef(new Set<string>());
  /** The named workspaces (workspace/store.ts): the open one's saved copy is read and written through it. */
  const store = useRef<WorkspaceStore | null>(null);
  const storeOpening = useRef<Promise<WorkspaceStore> | null>(null);
  const [storeReady, setStoreReady] = useState(false);
  const [workspaces, setWorkspaces] = useState<WorkspaceMeta[]>([]);
  const [workspaceId, setWorkspaceId] = useState<string | null>(null);
  /** The open workspace's last listed name: the notice of its deletion in another tab names it after the list lost it. */
  const openName = useRef('');
  useEffect(() => {
    const listed = workspaces.find((w) => w.id === workspaceId)?.name;
    if (listed !== undefined) openName.current = listed;
  }, [workspaces, workspaceId]);
  /** Nothing is saved until the user changes something (after "clear all", or the workspace deleted elsewhere). */
  const paused = useRef(false);
  /** Switching or clearing: no merge, no save. */
  const busy = useRef(false);
  /** Per write not answered yet, the bases before it (a refused write puts them back). */
  const writeBases = useRef<ReadonlyMap<string, StoredFile>[]>([]);

  const commit = useCallback((next: WorkspaceState) => {
    if (next === current.current) return;
    current.current = next;
    setState(next);
  }, []);

  /** Keep a saved copy that could not be read entirely, before anything overwrites it. */
  const keepUnreadable = useCallback((raw: string, problem: RestoreProblem) => {
    unreadable.current = raw;
    try {
      localStorage.setItem(STORAGE_BACKUP_KEY, raw); // never lose what the user had
    } catch {
      // no room for a second copy: it is still in memory for the download button
    }
    setRestoreProblem(problem);
  }, []);

  /** What is saved now (null: nothing, or nothing readable — then this tab's copy is kept whole). */
  const readNow = useCallback((): SavedCopy | null => {
    const raw = store.current?.readRaw() ?? null;
    if (raw === cache.current.raw) return cache.current.saved;
    const { saved, error } = readSaved(raw);
    cache.current = { raw, saved };
    if (raw !== null && (error || (saved && saved.skipped.length > 0))) {
      keepUnreadable(raw, { error, skipped: saved?.skipped.map((s) => s.name ?? `#${s.index}`) ?? [] });
    }
    return saved;
  }, [keepUnreadable]);

  const write = useCallback((local: LocalWorkspace, saved: SavedCopy | null) => {
    const st = store.current;
    if (!st) return;
    const leaveOut = new Set<string>();
    for (const f of local.state.files) {
      const at = tooLarge.current.get(f.id);
      const changed = changedSinceBase(f, local.base.get(f.id));
      if (at !== undefined && f.text.length >= at && changed) leaveOut.add(f.id);
      if (f.text.length > MAX_STORED_FILE_CHARS && changed) leaveOut.add(f.id); // over the file limit: not stored
    }
    let error: string | null = null;
    for (;;) {
      const plan = planWrite(local, saved, tab.current, leaveOut);
      if (!plan.needed) break;
      const text = serializeStored(plan.doc);
      try {
        st.writeRaw(text, plan.doc.files.length);
        writeBases.current.push(local.base);
        base.current = plan.base;
        cache.current = { raw: text, saved: savedCopyOf(plan.doc) };
        break;
      } catch (e) {
        // too large: leave out the largest file not saved yet and try again, so everything else is still saved
        const candidates = local.state.files
          .filter((f) => !leaveOut.has(f.id) && changedSinceBase(f, local.base.get(f.id)))
          .sort((a, b) => b.text.length - a.text.length);
        const largest = candidates[0];
        if (!isQuotaError(e) || !largest) {
          error = (e as Error).message;
          break;
        }
        leaveOut.add(largest.id);
        tooLarge.current.set(largest.id, largest.text.length);
      }
    }
    for (const id of tooLarge.current.keys()) if (!leaveOut.has(id)) tooLarge.current.delete(id);
    const left = local.state.files
      .filter((f) => leaveOut.has(f.id))
      .map((f) => ({ id: f.id, name: f.name, chars: f.text.length }));
    setUnsaved((old) =>
      old.length === left.length && old.every((u, i) => u.id === left[i]!.id && u.chars === left[i]!.chars)
        ? old
        : left,
    );
    if (error) setNotice(t('workspace.saveFailed', { error }));
  }, []);

  /** Merge what is saved now into this tab (and save this tab's changes when `save`). */
  const sync = useCallback(
    (save: boolean) => {
      const s = current.current;
      if (!s || linkMode.current || busy.current || !store.current) return;
      const saved = readNow();
      const m = merge({ state: s, base: base.current }, saved, { copyLabel: t('workspace.otherTab') });
      base.current = m.local.base;
      if (m.changed) commit(m.local.state);
      if (m.conflicts.length > 0) setConflicts((old) => [...old, ...m.conflicts]);
      const news = m.events.filter((e) => !shownEvents.current.has(`${e.kind}:${e.fileId}`));
      for (const e of news) shownEvents.current.add(`${e.kind}:${e.fileId}`);
      if (news.length > 0) setNotice(news.map(eventMessage).join(' '));
      if (save && !paused.current) write(m.local, saved);
    },
    [commit, readNow, write],
  );

  /** The saved workspace (or the sample on a first visit), as this tab's copy. */
  const openStore = useCallback((): Promise<WorkspaceStore> => {
    const options: OpenOptions = { firstName: t('workspaces.firstName'), copyLabel: t('workspace.otherTab') };
    storeOpening.current ??= WorkspaceStore.open(options)
      .catch(() => WorkspaceStore.open(options, { ...browserEnv(), indexedDB: false }))
      .then((st) => {
        store.current = st;
        setWorkspaces([...st.list]);
        setWorkspaceId(st.currentId);
        setStoreReady(true);
        return st;
      });
    return storeOpening.current;
  }, []);

  const restoreOwn = useCallback(async (): Promise<LocalWorkspace> => {
    const st = await openStore();
    const raw = st.readRaw();
    const { saved, error } = readSaved(raw);
    cache.current = { raw, saved };
    let restored: LocalWorkspace | null = null;
    if (raw !== null && error) {
      keepUnreadable(raw, { error, skipped: [] });
    } else if (saved) {
      if (saved.skipped.length > 0 && saved.files.length > 0)
        keepUnreadable(raw!, { error: null, skipped: saved.skipped.map((s) => s.name ?? `#${s.index}`) });
      // an empty workspace is restored empty, unless it is empty because nothing in it could be read
      if (saved.files.length > 0 || saved.skipped.length === 0) restored = merge(EMPTY_LOCAL, saved).local;
      else keepUnreadable(raw!, { error: 'no file could be read', skipped: [] });
    }
    if (!restored && raw === null && st.unsaved()) {
      restored = EMPTY_LOCAL; // after "clear all": empty until something is saved, not the first visit's sample
    } else if (!restored) {
      const files = await loadSampleFiles();
      restored = { state: { files, activeFileId: files[0]?.id ?? null }, base: EMPTY_LOCAL.base };
    }
    return restored;
  }, [keepUnreadable, openStore]);

  /**
   * Show the workspace of a share link in the address (nothing is saved until the user keeps it). The link's code
   * (deflate and its dictionary) loads only now: the first load of the app does not carry it.
   */
  const openLink = useCallback(
    async (hash: string): Promise<boolean> => {
      if (!isShareFragment(hash)) return false;
      const { decodeShareFragment } = await import('../share/link');
      const opened = decodeShareFragment(hash);
      const id = ++linkCount.current;
      if (!opened.ok) {
        setLink({ status: 'error', id, error: opened.error });
        clearLinkFromAddress();
        return false;
      }
      linkMode.current = true;
      commit(linkState(opened.workspace));
      followLinkLanguage(opened.workspace.lang); // unless the user chose a language here
      if (opened.workspace.benchmark) {
        if (ownBenchmark.current === undefined) ownBenchmark.current = benchmarkRef.current;
        setBenchmark(opened.workspace.benchmark);
      }
      setLink({ status: 'open', id, view: opened.workspace.view, files: opened.workspace.files.length });
      return true;
    },
    [commit],
  );

  // restore, or open a share link, or load the sample
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      if (await openLink(window.location.hash)) {
        void openStore(); // the workspace menu lists the user's workspaces beside the link
        return;
      }
      const restored = await restoreOwn();
      if (cancelled) return;
      base.current = restored.base;
      commit(restored.state);
    })();
    return () => {
      cancelled = true;
    };
  }, [commit, openLink, openStore, restoreOwn]);

  // a link pasted into the address bar of an open page changes only the hash
  useEffect(() => {
    const onHash = () => {
      if (!isShareFragment(window.location.hash)) return;
      sync(true); // the user's own edits are saved first
      void openLink(window.location.hash);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [openLink, sync]);

  // the analysis worker
  useEffect(() => {
    client.current = new AnalysisClient(
      (a, ms) => {
        setAnalysis(a);
        setMillis(ms);
        if (pendingNotice.current) clearTimeout(pendingNotice.current);
        setAnalysing(false);
      },
      (message) => {
        if (pendingNotice.current) clearTimeout(pendingNotice.current);
        setAnalysing(false);
        setNotice(message);
      },
    );
    return () => client.current?.dispose();
  }, []);

  // autosave (merging first what other tabs saved meanwhile)
  useEffect(() => {
    if (!state) return;
    const timer = setTimeout(() => sync(true), SAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [state, sync]);

  // analyse the latest files (only text changes matter, not the active tab), again in a new UI language
  const files = state?.files;
  const uiLanguage = useLanguage();
  useEffect(() => {
    if (!files) return;
    // No delay: the worker reuses what did not change, and a newer request supersedes a running one.
    // "Analysing…" only when a result takes long enough to be noticed (a large paste), not on every keystroke.
    client.current?.analyse(files, uiLanguage, benchmark);
    const timer = setTimeout(() => setAnalysing(true), ANALYSING_NOTICE_MS);
    pendingNotice.current = timer;
    return () => clearTimeout(timer);
  }, [files, benchmark, uiLanguage]);

  // other tabs: what they save is merged at once; a tab coming back (from the back/forward cache, or shown again)
  // catches up; and everything is saved when the page is hidden or closed — the editor's own text included
  useEffect(() => {
    // a copy written under the old key by a tab of an older version of the app (ours come through the store)
    const onStorage = (e: StorageEvent) => {
      if (e.key === STORAGE_KEY) store.current?.takeForeign(e.newValue);
    };
    const catchUp = () => {
      if (document.visibilityState !== 'visible') return;
      sync(false);
      void store.current?.refresh().then((changed) => changed && sync(false));
    };
    // `current` is what the editor last reported (update() sets it at once, in the editor's change event), not
    // the last rendered state: a keystroke right before closing is in it.
    const flush = () => sync(true);
    const onVisibility = () => (document.visibilityState === 'hidden' ? flush() : catchUp());
    window.addEventListener('storage', onStorage);
    window.addEventListener('pageshow', catchUp);
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('storage', onStorage);
      window.removeEventListener('pageshow', catchUp);
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [sync]);

  /** Forget what this tab knew of the saved copy it showed (another workspace is opened, or storage was cleared). */
  const resetStorageState = useCallback(() => {
    base.current = EMPTY_LOCAL.base;
    cache.current = { raw: null, saved: null };
    tooLarge.current.clear();
    unreadable.current = null;
    shownEvents.current.clear();
    writeBases.current = [];
    setRestoreProblem(null);
    setConflicts([]);
    setUnsaved([]);
  }, []);
  const refreshList = useCallback(() => {
    const st = store.current;
    if (!st) return;
    setWorkspaces([...st.list]);
    setWorkspaceId(st.currentId);
  }, []);

  // what the store tells: another tab saved this workspace, or saved first (this tab's write was refused: merged
  // again from the bases it had before), the list changed, this workspace was deleted or everything cleared elsewhere
  useEffect(() => {
    const st = store.current;
    if (!storeReady || !st) return;
    return st.listen({
      write: (r) => {
        if (r.workspace !== st.currentId) return;
        const before = writeBases.current.shift();
        if ((r.kind === 'refused' || r.kind === 'error') && before) base.current = before;
      },
      saved: (refused) => sync(refused),
      list: refreshList,
      deleted: () => {
        st.keepDeleted();
        paused.current = true;
        // a default name in the UI language, as the workspace menu shows it (`My workspace` reads 我的工作区)
        setNotice(
          t('workspaces.deletedElsewhere', { name: shownWorkspaceName(st.current()?.name ?? openName.current) }),
        );
        refreshList();
      },
      cleared: () => {
        resetStorageState();
        paused.current = true;
        commit({ files: [], activeFileId: null });
        setNotice(t('workspaces.clearedElsewhere'));
        refreshList();
      },
      error: (message) => setNotice(t('workspace.saveFailed', { error: message })),
    });
  }, [storeReady, sync, refreshList, resetStorageState, commit]);

  const update = useCallback(
    (fn: (s: WorkspaceState) => WorkspaceState) => {
      paused.current = false;
      if (current.current) commit(fn(current.current));
    },
    [commit],
  );
  const loadSample = useCallback(async () => {
    const sample = await loadSampleFiles();
    commit({ files: sample, activeFileId: sample[0]?.id ?? null });
  }, [commit]);
  const resolveConflict = useCallback(
    (conflict: Conflict, choice: ConflictChoice) => {
      if (current.current) commit(resolveConflictIn(current.current, conflict, choice));
      setConflicts((old) => old.filter((c) => c !== conflict));
    },
    [commit],
  );
  const backToOwn = useCallback(
    (withLinkFiles: boolean) => {
      const fromLink = current.current?.files ?? [];
      linkMode.current = false;
      clearLinkFromAddress();
      setLink(null);
      if (ownBenchmark.current !== undefined) {
        setBenchmark(ownBenchmark.current);
        ownBenchmark.current = undefined;
      }
      void restoreOwn().then((restored) => {
        let next = restored.state;
        if (withLinkFiles && fromLink.length > 0) {
          const taken = next.files.map((f) => f.name);
          const added = fromLink.map((f) => {
            const name = uniqueName(f.name, taken);
            taken.push(name);
            return { ...f, id: newFileId(), name };
          });
          next = { files: [...next.files, ...added], activeFileId: added[0]?.id ?? next.activeFileId };
        }
        base.current = restored.base;
        commit(next);
      });
    },
    [commit, restoreOwn],
  );
  const keepLink = useCallback(() => backToOwn(true), [backToOwn]);
  const openSample = useCallback(
    async (sampleId: string) => {
      const files = await loadSampleFiles(sampleId);
      sync(true); // the user's own edits are saved first (nothing while a link is shown)
      linkMode.current = true;
      clearLinkFromAddress();
      const withIds = files.map((f) => ({ ...f, id: newFileId() }));
      commit({ files: withIds, activeFileId: withIds[0]?.id ?? null });
      setLink({ status: 'open', id: ++linkCount.current, view: '/', files: files.length, sample: sampleId });
    },
    [commit, sync],
  );
  const leaveLink = useCallback(() => {
    if (linkMode.current) backToOwn(false);
    else setLink(null);
  }, [backToOwn]);

  // ---- named workspaces (workspace/store.ts): the menu's actions

  /** A link or sample shown: left without keeping it (the menu's actions are about the user's own workspaces). */
  const dropLink = useCallback(() => {
    if (!linkMode.current) return;
    linkMode.current = false;
    clearLinkFromAddress();
    setLink(null);
    if (ownBenchmark.current !== undefined) {
      setBenchmark(ownBenchmark.current);
      ownBenchmark.current = undefined;
    }
  }, []);
  const switchWorkspace = useCallback(
    async (id: string) => {
      const st = await openStore();
      if (id === st.currentId && !linkMode.current) return;
      sync(true); // this one saved first
      dropLink();
      busy.current = true;
      try {
        await st.switchTo(id);
        resetStorageState();
        paused.current = false;
        const restored = await restoreOwn();
        base.current = restored.base;
        commit(restored.state);
      } finally {
        busy.current = false;
        refreshList();
      }
    },
    [openStore, sync, dropLink, resetStorageState, restoreOwn, commit, refreshList],
  );
  const createWorkspace = useCallback(
    async (name: string, from: NewWorkspaceFrom) => {
      const st = await openStore();
      let raw: string;
      if (from.kind === 'empty') raw = newWorkspaceCopy([], null, tab.current);
      else if (from.kind === 'sample') raw = newWorkspaceCopy(await loadSampleFiles(from.sample), 0, tab.current);
      else raw = newWorkspaceCopy(from.workspace.files, from.workspace.active, tab.current);
      const id = await st.create(name, raw);
      refreshList();
      await switchWorkspace(id);
    },
    [openStore, refreshList, switchWorkspace],
  );
  const renameWorkspace = useCallback(
    async (id: string, name: string) => {
      await (await openStore()).rename(id, name);
      refreshList();
    },
    [openStore, refreshList],
  );
  const duplicateWorkspace = useCallback(
    async (id: string) => {
      const st = await openStore();
      if (id === st.currentId) sync(true);
      const name = st.list.find((w) => w.id === id)?.name ?? '';
      await st.duplicate(id, t('workspaces.copyName', { name }));
      refreshList();
    },
    [openStore, sync, refreshList],
  );
  const deleteWorkspace = useCallback(
    async (id: string) => {
      const st = await openStore();
      if (id === st.currentId) {
        const other = st.list.find((w) => w.id !== id);
        if (other) await switchWorkspace(other.id);
        else await createWorkspace(t('workspaces.firstName'), { kind: 'empty' });
      }
      await st.remove(id);
      refreshList();
    },
    [openStore, switchWorkspace, createWorkspace, refreshList],
  );
  const exportWorkspaceFile = useCallback(
    async (id: string): Promise<WorkspaceExport> => {
      const st = await openStore();
      const name = st.list.find((w) => w.id === id)?.name ?? t('workspaces.firstName');
      let files: WorkspaceFile[];
      let active: string | null;
      if (id === st.currentId && current.current && !linkMode.current) {
        // as shown in this tab: files too large to store included
        files = current.current.files;
        active = current.current.activeFileId;
      } else {
        const saved = readSaved(await st.readDoc(id)).saved;
        files = merge(EMPTY_LOCAL, saved).local.state.files;
        active = saved?.activeFileId ?? null;
      }
      // the secrets the analysis finds (the share link's redaction: the same spans, the same placeholders); the
      // analysis and the redaction load only now
      const [{ analyseWorkspace }, { redactWorkspace }, { pageKnowledge }] = await Promise.all([
        import('../pipeline'),
        import('../share/redact'),
        import('./knowledge'),
      ]);
      const analysis = await analyseWorkspace(files, await pageKnowledge(language()));
      const clean = redactWorkspace(files, analysis);
      const secrets = clean.redactions.filter((r) => r.kind === 'secret').length;
      const named = t('workspaces.redactedName', { name });
      return {
        name: exportFileName(name),
        text: exportWorkspace(name, files, active),
        secrets,
        redacted:
          secrets > 0 ? { name: exportFileName(named), text: exportWorkspace(named, clean.files, active) } : null,
      };
    },
    [openStore],
  );
  const clearAllStored = useCallback(async () => {
    const st = await openStore();
    dropLink();
    busy.current = true;
    try {
      await st.clearAll();
      resetStorageState();
      paused.current = true;
      commit({ files: [], activeFileId: null });
      setNotice(t('workspaces.cleared'));
    } finally {
      busy.current = false;
      refreshList();
    }
  }, [openStore, dropLink, resetStorageState, commit, refreshList]);
  return {
    state,
    analysis,
    analysisMillis,
    analysing,
    notice,
    update,
    dismissNotice: () => setNotice(null),
    loadSample,
    restoreProblem,
    unreadableCopy: () => unreadable.current,
    dismissRestoreProblem: () => setRestoreProblem(null),
    conflicts,
    resolveConflict,
    unsaved,
    benchmark,
    setBenchmark,
    link,
    keepLink,
    leaveLink,
    openSample,
    workspaces,
    workspaceId,
    workspacesPersistent: store.current?.persistent ?? true,
    switchWorkspace,
    createWorkspace,
    renameWorkspace,
    duplicateWorkspace,
    deleteWorkspace,
    exportWorkspaceFile,
    clearAllStored,
  };
}
