/**
 * Named workspaces in IndexedDB (through `idb`), one saved copy (storage.ts format 2) per workspace.
 *
 * The React glue (state/useWorkspace.ts) works on the open workspace synchronously, as it did on localStorage: this
 * store keeps the open workspace's saved copy in memory (`readRaw`), and `writeRaw` updates it at once, then
 *
 * - writes it to IndexedDB (in order; a record is never replaced by an older one, and a write based on a copy that
 *   another tab has replaced since is refused: the glue merges again, so nothing is lost);
 * - tells the other tabs (a BroadcastChannel carries the new copy: a tab showing the same workspace merges it);
 * - writes it to the localStorage key the app always used (STORAGE_KEY) as a journal, synchronously: the save made
 *   when a page is hidden or closed is there even if the page goes before IndexedDB has written it. The next load
 *   puts a journal newer than IndexedDB's copy back (see open).
 *
 * The journal key is the old single workspace's key: on the first load of this version its copy becomes the first
 * workspace, exactly as it was (a saved copy with bad entries still shows them, and can still be downloaded). A copy
 * written there by something else (an open tab of an older version of the app) is taken as a save of the workspace
 * last used.
 *
 * Without IndexedDB (a browser that refuses it) the store keeps one workspace in the journal only, as before.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { labelledName, readSaved, serializeStored, STORAGE_KEY, versionOf, type StoredFile } from './storage';
import { cleanWorkspaceName } from './workspaceFile';

export const DB_NAME = 'kube-explainer';
const DB_VERSION = 1;
/** The localStorage key of the journal (the key of the single workspace of earlier versions). */
export const JOURNAL_KEY = STORAGE_KEY;
/** The workspace used last in this browser (a new tab opens it). */
export const LAST_KEY = 'kube-explainer.workspaces.last';
/** The workspace this tab shows (sessionStorage: a reload keeps it). */
export const TAB_KEY = 'kube-explainer.workspaces.tab';
export const CHANNEL_NAME = 'kube-explainer.workspaces';
/** The keys of this app in localStorage start with one of these ("clear all stored data" removes them; the lesson's
 * progress is `kx-lesson-progress`); in sessionStorage with the first. */
export const KEY_PREFIXES = ['kube-explainer.', 'kx-'] as const;
/** A workspace's saved copy may hold this many characters; a file this many (larger files stay in the tab only). */
export const MAX_STORED_CHARS = 20_000_000;
/** The size limit of one file (ingest/limits.ts MAX_FILE_CHARS; a unit test checks they are the same). */
export const MAX_STORED_FILE_CHARS = 2_000_000;

export interface WorkspaceMeta {
  id: string;
  name: string;
  created: number;
  updated: number;
  files: number;
  chars: number;
}

interface DocRecord {
  id: string;
  /** Counts the saves of the workspace: each write is based on one (compare-and-set), so none is lost to a race. */
  seq: number;
  /** The saved copy (storage.ts), null: never saved (the glue loads the sample). */
  raw: string | null;
}

interface Schema extends DBSchema {
  workspaces: { key: string; value: WorkspaceMeta };
  docs: { key: string; value: DocRecord };
}

type Message =
  | { type: 'saved'; workspace: string; seq: number; raw: string }
  | { type: 'list' }
  | { type: 'deleted'; workspace: string }
  | { type: 'cleared' };

export interface StoreListener {
  /** The open workspace's saved copy changed: saved by another tab, or this tab's write was refused (`refused`). */
  saved?: (refused: boolean) => void;
  /** The list of workspaces changed. */
  list?: () => void;
  /** The open workspace was deleted in another tab. */
  deleted?: () => void;
  /** Another tab cleared all stored data. */
  cleared?: () => void;
  /** IndexedDB failed to write. */
  error?: (message: string) => void;
  /** How each write of `writeRaw` ended, in the order they were made. */
  write?: (result: { workspace: string; kind: WriteResult['kind'] | 'error' }) => void;
}

export interface StoreEnv {
  local: Storage | null;
  session: Storage | null;
  channel: BroadcastChannel | null;
  /** False: IndexedDB is not used (the journal only). */
  indexedDB: boolean;
  now: () => number;
}

function safe<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}

export function browserEnv(): StoreEnv {
  return {
    local: safe(() => window.localStorage),
    session: safe(() => window.sessionStorage),
    channel: typeof BroadcastChannel === 'undefined' ? null : safe(() => new BroadcastChannel(CHANNEL_NAME)),
    indexedDB: typeof indexedDB !== 'undefined',
    now: () => Date.now(),
  };
}

/** The journal's own fields, after the saved copy's (`{"version":2,...,"workspace":"w1","seq":7,"basedOn":6}`). */
interface JournalFields {
  workspace: string;
  name: string;
  /** The save this write would be (basedOn + 1). */
  seq: number;
  /** The save it was merged with. */
  basedOn: number;
}

export function journalText(raw: string, fields: JournalFields): string {
  const extra = JSON.stringify(fields);
  return /^\{[\s\S]*\S[\s\S]*\}$/.test(raw) && raw !== '{}' ? `${raw.slice(0, -1)},${extra.slice(1)}` : raw;
}

/** `journalRaw` is the journal of exactly `raw` (the save it records reached IndexedDB): nothing to put back. */
function isJournalOf(raw: string, fields: Partial<JournalFields>, journalRaw: string): boolean {
  const { workspace, name, seq, basedOn } = fields;
  if (workspace === undefined || name === undefined || seq === undefined || basedOn === undefined) return false;
  return journalText(raw, { workspace, name, seq, basedOn }) === journalRaw;
}

/** The journal's fields; null: nothing there; {}: a copy without them (written by something else). */
export function journalFields(raw: string | null): Partial<JournalFields> | null {
  if (raw === null) return null;
  const data = safe(() => JSON.parse(raw) as unknown);
  if (typeof data !== 'object' || data === null) return {};
  const d = data as Record<string, unknown>;
  const out: Partial<JournalFields> = {};
  if (typeof d.workspace === 'string' && d.workspace) out.workspace = d.workspace;
  if (typeof d.name === 'string') out.name = d.name;
  if (Number.isSafeInteger(d.seq)) out.seq = d.seq as number;
  if (Number.isSafeInteger(d.basedOn)) out.basedOn = d.basedOn as number;
  return out;
}

/**
 * Two saved copies of one workspace that each went on from an older one (a journal written on a copy that another
 * tab had replaced meanwhile): `newer` whole, plus every file of `other` that `newer` neither holds with the same
 * text nor descends from, as a file of its own (`name (label)` when `newer` has the file). Null: nothing to add.
 */
export function combineCopies(newer: string | null, other: string, label: string): string | null {
  const a = readSaved(newer).saved;
  const b = readSaved(other).saved;
  if (!b) return null;
  if (!a) return other;
  const files: StoredFile[] = [...a.files];
  const ids = new Set(files.map((f) => f.id));
  let added = false;
  for (const f of b.files) {
    const same = a.files.find((x) => x.id === f.id);
    if (same && (same.text === f.text || same.history.includes(versionOf(f)) || versionOf(same) === versionOf(f)))
      continue;
    if (!same && a.files.some((x) => x.name === f.name && x.text === f.text)) continue;
    added = true;
    if (!same) {
      files.push(f);
      ids.add(f.id);
      continue;
    }
    let id = `${f.id}~c`;
    while (ids.has(id)) id += 'c';
    ids.add(id);
    const name = labelledName(
      f.name,
      label,
      files.map((x) => x.name),
    );
    files.push({ ...f, id, name, rev: 0, by: 'combined', history: [] });
  }
  return added ? serializeStored({ version: 2, files, activeFileId: a.activeFileId }) : null;
}

export function newWorkspaceId(): string {
  return `w${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

const byCreated = (a: WorkspaceMeta, b: WorkspaceMeta) => a.created - b.created || a.id.localeCompare(b.id);

/** `name`, or `name (2)`... whichever no other workspace has. */
export function uniqueWorkspaceName(name: string, list: readonly WorkspaceMeta[], except?: string): string {
  const taken = new Set(list.filter((w) => w.id !== except).map((w) => w.name));
  if (!taken.has(name)) return name;
  for (let i = 2; ; i++) if (!taken.has(`${name} (${i})`)) return `${name} (${i})`;
}

/** A saved copy holding `files` (what a new, imported or sample workspace starts with). */
export function savedCopyFor(
  files: readonly { id: string; name: string; text: string; kindOverride?: string; host?: string }[],
  activeFileId: string | null,
  by: string,
): string {
  return serializeStored({
    version: 2,
    files: files.map((f) => {
      const s: StoredFile = { id: f.id, name: f.name, text: f.text, rev: 1, by, history: [] };
      if (f.kindOverride) s.kindOverride = f.kindOverride as StoredFile['kindOverride'];
      if (f.host) s.host = f.host;
      return s;
    }),
    activeFileId,
  });
}

export function countFiles(raw: string | null): number {
  return readSaved(raw).saved?.files.length ?? 0;
}

export interface OpenOptions {
  /** The name of the first workspace (and of the new one after "clear all"). */
  firstName: string;
  /** Inserted in the names of files kept from a journal that raced another save. */
  copyLabel: string;
}

type WriteResult =
  { kind: 'written'; seq: number } | { kind: 'deleted' } | { kind: 'refused'; stored: DocRecord } | { kind: 'skipped' };

export class WorkspaceStore {
  private db: IDBPDatabase<Schema> | null;
  private env: StoreEnv;
  private options: OpenOptions;
  private listeners = new Set<StoreListener>();
  /** The open workspace's copy as this tab knows it: `seq` the save it is (or will be, once written). */
  private mirror: { raw: string | null; seq: number } = { raw: null, seq: 0 };
  private queue: Promise<unknown> = Promise.resolve();
  /** Bumped when a write is refused: the writes queued after it were merged with a copy that never was. */
  private epoch = 0;
  /** Workspaces this tab may create when it first saves them (the new one after "clear all", one deleted elsewhere). */
  private creatable = new Map<string, string>();
  list: WorkspaceMeta[] = [];
  currentId = '';

  private constructor(db: IDBPDatabase<Schema> | null, env: StoreEnv, options: OpenOptions) {
    this.db = db;
    this.env = env;
    this.options = options;
    env.channel?.addEventListener('message', (e: MessageEvent) => this.onMessage(e.data as Message));
  }

  /** IndexedDB is used (false: the journal only, one workspace). */
  get persistent(): boolean {
    return this.db !== null;
  }

  static async open(options: OpenOptions, env: StoreEnv = browserEnv()): Promise<WorkspaceStore> {
    let db: IDBPDatabase<Schema> | null = null;
    if (env.indexedDB) {
      db = await openDB<Schema>(DB_NAME, DB_VERSION, {
        upgrade(d) {
          if (!d.objectStoreNames.contains('workspaces')) d.createObjectStore('workspaces', { keyPath: 'id' });
          if (!d.objectStoreNames.contains('docs')) d.createObjectStore('docs', { keyPath: 'id' });
        },
      }).catch(() => null);
    }
    const store = new WorkspaceStore(db, env, options);
    await store.init();
    return store;
  }

  private getLocal(key: string): string | null {
    return safe(() => this.env.local?.getItem(key) ?? null);
  }

  private async init(): Promise<void> {
    const journalRaw = this.getLocal(JOURNAL_KEY);
    const fields = journalFields(journalRaw);
    const preferred = safe(() => this.env.session?.getItem(TAB_KEY) ?? null) ?? this.getLocal(LAST_KEY);
    if (!this.db) {
      this.currentId = fields?.workspace ?? 'local';
      const now = this.env.now();
      const name = cleanWorkspaceName(fields?.name, this.options.firstName);
      this.list = [{ id: this.currentId, name, created: now, updated: now, files: 0, chars: journalRaw?.length ?? 0 }];
      this.mirror = { raw: journalRaw, seq: fields?.seq ?? 0 };
      return;
    }
    const db = this.db;
    const metas = await db.getAll('workspaces');
    if (metas.length === 0) {
      // the first load of this version, or the first after "clear all": the journal (or the copy an earlier
      // version saved under the same key) becomes the first workspace, as it is
      const id = fields?.workspace ?? newWorkspaceId();
      const now = this.env.now();
      const meta: WorkspaceMeta = {
        id,
        name: cleanWorkspaceName(fields?.name, this.options.firstName),
        created: now,
        updated: now,
        files: countFiles(journalRaw),
        chars: journalRaw?.length ?? 0,
      };
      const tx = db.transaction(['workspaces', 'docs'], 'readwrite');
      await tx.objectStore('workspaces').put(meta);
      await tx.objectStore('docs').put({ id, seq: fields?.seq ?? 1, raw: journalRaw });
      await tx.done;
    } else if (journalRaw !== null && fields !== null) {
      await this.reconcile(journalRaw, fields, metas, preferred);
    }
    this.list = (await db.getAll('workspaces')).sort(byCreated);
    const open =
      this.list.find((m) => m.id === preferred) ??
      this.list.find((m) => m.id === this.getLocal(LAST_KEY)) ??
      this.list[0]!;
    await this.load(open.id);
  }

  /** The journal of a save that may not have reached IndexedDB (or a copy an older version wrote): put it back. */
  private async reconcile(
    journalRaw: string,
    fields: Partial<JournalFields>,
    metas: WorkspaceMeta[],
    preferred: string | null,
  ): Promise<void> {
    const db = this.db!;
    const target = fields.workspace ?? (metas.some((m) => m.id === preferred) ? preferred : null);
    const meta = metas.find((m) => m.id === target);
    if (!meta) return; // a workspace deleted since
    const rec = await db.get('docs', meta.id);
    const recSeq = rec?.seq ?? 0;
    let raw: string | null;
    if (rec?.raw === journalRaw || (typeof rec?.raw === 'string' && isJournalOf(rec.raw, fields, journalRaw)))
      raw = null;
    else if (fields.seq === undefined || fields.basedOn === undefined) raw = journalRaw;
    else if (recSeq <= fields.basedOn)
      raw = journalRaw; // the journal's write never reached IndexedDB
    else raw = combineCopies(rec?.raw ?? null, journalRaw, this.options.copyLabel); // it raced another save
    if (raw === null) return;
    const seq = recSeq + 1;
    const tx = db.transaction(['workspaces', 'docs'], 'readwrite');
    await tx.objectStore('docs').put({ id: meta.id, seq, raw });
    await tx.objectStore('workspaces').put({
      ...meta,
      updated: this.env.now(),
      files: countFiles(raw),
      chars: raw.length,
    });
    await tx.done;
    this.writeJournal(meta.id, meta.name, raw, seq, seq); // in this version's form, not to be taken again
  }

  private async load(id: string): Promise<void> {
    await this.queue.catch(() => undefined);
    const rec = this.db ? await this.db.get('docs', id) : undefined;
    this.currentId = id;
    this.mirror = { raw: rec?.raw ?? null, seq: rec?.seq ?? 0 };
    safe(() => this.env.session?.setItem(TAB_KEY, id));
    safe(() => this.env.local?.setItem(LAST_KEY, id));
  }

  /** The open workspace is not stored yet (the new one after "clear all", or one deleted elsewhere). */
  unsaved(): boolean {
    return this.creatable.has(this.currentId);
  }

  current(): WorkspaceMeta | null {
    return this.list.find((w) => w.id === this.currentId) ?? null;
  }

  listen(l: StoreListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private emit(kind: keyof StoreListener, arg?: unknown): void {
    for (const l of this.listeners) (l[kind] as ((a?: unknown) => void) | undefined)?.(arg);
  }

  private post(m: Message): void {
    safe(() => this.env.channel?.postMessage(m));
  }

  /** The open workspace's saved copy (null: never saved). */
  readRaw(): string | null {
    return this.mirror.raw;
  }

  private writeJournal(id: string, name: string, raw: string, seq: number, basedOn: number): void {
    const local = this.env.local;
    if (!local) return;
    try {
      local.setItem(JOURNAL_KEY, journalText(raw, { workspace: id, name, seq, basedOn }));
    } catch {
      // too large for localStorage: IndexedDB still gets it, and an older journal must not be taken for it
      safe(() => local.removeItem(JOURNAL_KEY));
    }
  }

  /**
   * Save the open workspace's copy. Throws a QuotaExceededError when it is larger than MAX_STORED_CHARS (the glue
   * then leaves its largest file out and tries again). `files`: how many files it holds (shown in the menu).
   */
  writeRaw(raw: string, files = countFiles(raw)): void {
    if (raw.length > MAX_STORED_CHARS)
      throw new DOMException('the workspace is too large to store', 'QuotaExceededError');
    const id = this.currentId;
    const name = this.current()?.name ?? this.creatable.get(id) ?? this.options.firstName;
    const before = this.mirror;
    const basedOn = before.seq;
    const seq = basedOn + 1;
    this.mirror = { raw, seq };
    this.writeJournal(id, name, raw, seq, basedOn);
    if (!this.db) return;
    const db = this.db;
    const epoch = this.epoch;
    const write = async (): Promise<WriteResult> => {
      if (epoch !== this.epoch) return { kind: 'skipped' };
      const tx = db.transaction(['workspaces', 'docs'], 'readwrite');
      tx.done.catch(() => undefined); // an abort below is an answer, not an error
      const metas = tx.objectStore('workspaces');
      const docs = tx.objectStore('docs');
      let meta = await metas.get(id);
      const stored = await docs.get(id);
      if (!meta) {
        const newName = this.creatable.get(id);
        if (newName === undefined) {
          tx.abort();
          return { kind: 'deleted' };
        }
        const now = this.env.now();
        meta = { id, name: newName, created: now, updated: now, files, chars: raw.length };
      }
      if ((stored?.seq ?? 0) !== basedOn) {
        tx.abort();
        return stored ? { kind: 'refused', stored } : { kind: 'skipped' };
      }
      await docs.put({ id, seq, raw });
      await metas.put({ ...meta, updated: this.env.now(), files, chars: raw.length });
      await tx.done;
      return { kind: 'written', seq };
    };
    this.queue = this.queue
      .catch(() => undefined)
      .then(() => write().catch((e: unknown) => e))
      .then(async (result) => {
        if (result instanceof Error || !(result as WriteResult).kind) {
          // not written (IndexedDB full, or failing): what is stored is what was before; the writes queued after
          // this one were based on it and are dropped, the glue puts its bases back and tries again at its next save
          if (id === this.currentId) {
            this.epoch++;
            if (this.mirror.seq >= seq) this.mirror = before;
          }
          this.emit('write', { workspace: id, kind: 'error' });
          this.emit('error', (result as Error)?.message ?? String(result));
          return;
        }
        const r = result as WriteResult;
        this.emit('write', { workspace: id, kind: r.kind });
        if (r.kind === 'written') {
          this.post({ type: 'saved', workspace: id, seq, raw });
          if (this.creatable.delete(id)) {
            await this.reloadList();
            this.post({ type: 'list' });
            this.emit('list');
          } else {
            const m = this.list.find((w) => w.id === id);
            if (m) Object.assign(m, { updated: this.env.now(), files, chars: raw.length });
          }
        } else if (r.kind === 'deleted') {
          if (id === this.currentId) this.emit('deleted');
        } else if (r.kind === 'refused' && id === this.currentId) {
          // another tab saved first: take its copy; the glue merges again (the writes queued after this one were
          // merged with a copy that was never saved, and are dropped)
          this.epoch++;
          if (r.stored.seq >= this.mirror.seq || this.mirror.seq === seq)
            this.mirror = { raw: r.stored.raw, seq: r.stored.seq };
          this.emit('saved', true);
        }
      });
  }

  /** Wait for the writes made so far. */
  async settled(): Promise<void> {
    await this.queue.catch(() => undefined);
  }

  /** Read the open workspace's copy again (a tab coming back may have missed messages); true: it changed. */
  async refresh(): Promise<boolean> {
    if (!this.db) return false;
    await this.settled();
    const id = this.currentId;
    const rec = await this.db.get('docs', id);
    if (!rec || id !== this.currentId || rec.seq <= this.mirror.seq) return false;
    this.mirror = { raw: rec.raw, seq: rec.seq };
    return true;
  }

  private onMessage(m: Message): void {
    if (!m || typeof m !== 'object') return;
    switch (m.type) {
      case 'saved':
        if (m.workspace === this.currentId && m.seq > this.mirror.seq) {
          this.mirror = { raw: m.raw, seq: m.seq };
          this.emit('saved', false);
        }
        return;
      case 'list':
        void this.reloadList().then(() => this.emit('list'));
        return;
      case 'deleted':
        void this.reloadList().then(() => {
          this.emit('list');
          if (m.workspace === this.currentId && !this.creatable.has(m.workspace)) this.emit('deleted');
        });
        return;
      case 'cleared':
        this.resetAfterClear();
        this.emit('cleared');
        this.emit('list');
        return;
    }
  }

  /**
   * A copy written under the journal key by something else (a tab of an older version, which knows one workspace):
   * a save of the workspace used last, when this tab shows it. True: taken (the glue merges it).
   */
  takeForeign(raw: string | null): boolean {
    const fields = journalFields(raw);
    if (raw === null || !fields || fields.seq !== undefined) return false;
    if (this.getLocal(LAST_KEY) !== this.currentId || raw === this.mirror.raw) return false;
    this.mirror = { raw, seq: this.mirror.seq };
    this.emit('saved', false);
    return true;
  }

  private async reloadList(): Promise<void> {
    if (!this.db) return;
    this.list = (await this.db.getAll('workspaces')).sort(byCreated);
    const name = this.creatable.get(this.currentId);
    if (name !== undefined && !this.list.some((w) => w.id === this.currentId)) {
      const now = this.env.now();
      this.list.push({ id: this.currentId, name, created: now, updated: now, files: 0, chars: 0 });
    }
  }

  /** A saved copy: the open workspace's as this tab has it, another's as stored. */
  async readDoc(id: string): Promise<string | null> {
    if (id === this.currentId) return this.mirror.raw;
    await this.settled();
    return (await this.db?.get('docs', id))?.raw ?? null;
  }

  /** Add a workspace holding the saved copy `raw` (null: the sample loads when it is opened); its id. */
  async create(name: string, raw: string | null): Promise<string> {
    if (!this.db) throw new Error('IndexedDB is not available in this browser');
    const id = newWorkspaceId();
    const now = this.env.now();
    const meta: WorkspaceMeta = {
      id,
      name: uniqueWorkspaceName(cleanWorkspaceName(name, this.options.firstName), this.list),
      created: Math.max(now, ...this.list.map((w) => w.created + 1)), // the list's order is the order of creation
      updated: now,
      files: countFiles(raw),
      chars: raw?.length ?? 0,
    };
    const tx = this.db.transaction(['workspaces', 'docs'], 'readwrite');
    await tx.objectStore('workspaces').put(meta);
    await tx.objectStore('docs').put({ id, seq: 1, raw });
    await tx.done;
    await this.reloadList();
    this.post({ type: 'list' });
    return id;
  }

  async rename(id: string, name: string): Promise<void> {
    const clean = cleanWorkspaceName(name, '');
    if (!clean) return;
    const unique = uniqueWorkspaceName(clean, this.list, id);
    if (this.creatable.has(id)) this.creatable.set(id, unique);
    const m = this.list.find((w) => w.id === id);
    if (m) m.name = unique;
    if (!this.db) return;
    const tx = this.db.transaction('workspaces', 'readwrite');
    const meta = await tx.store.get(id);
    if (meta) await tx.store.put({ ...meta, name: unique });
    await tx.done;
    await this.reloadList();
    this.post({ type: 'list' });
  }

  async duplicate(id: string, name: string): Promise<string> {
    return this.create(name, await this.readDoc(id));
  }

  /** Delete a workspace (the glue opens another one first when it is the open one). */
  async remove(id: string): Promise<void> {
    if (!this.db) return;
    await this.settled();
    this.creatable.delete(id);
    const tx = this.db.transaction(['workspaces', 'docs'], 'readwrite');
    await tx.objectStore('workspaces').delete(id);
    await tx.objectStore('docs').delete(id);
    await tx.done;
    if (journalFields(this.getLocal(JOURNAL_KEY))?.workspace === id)
      safe(() => this.env.local?.removeItem(JOURNAL_KEY));
    if (this.getLocal(LAST_KEY) === id) safe(() => this.env.local?.removeItem(LAST_KEY));
    await this.reloadList();
    this.post({ type: 'deleted', workspace: id });
  }

  /** Open another workspace (the glue saves the open one first). */
  async switchTo(id: string): Promise<void> {
    if (!this.list.some((w) => w.id === id)) throw new Error(`no workspace ${id}`);
    await this.load(id);
  }

  /** The open workspace was deleted elsewhere but this tab keeps its files: its next save creates it again. */
  keepDeleted(): void {
    this.creatable.set(this.currentId, this.current()?.name ?? this.options.firstName);
    this.mirror = { raw: null, seq: 0 };
    void this.reloadList();
  }

  private resetAfterClear(): void {
    this.creatable.clear();
    this.currentId = newWorkspaceId();
    this.creatable.set(this.currentId, this.options.firstName);
    this.mirror = { raw: null, seq: 0 };
    const now = this.env.now();
    this.list = [{ id: this.currentId, name: this.options.firstName, created: now, updated: now, files: 0, chars: 0 }];
  }

  /**
   * Empty IndexedDB and remove every key of this app from localStorage and sessionStorage; the other tabs are told.
   * Afterwards this tab shows a new workspace, stored once something is saved in it.
   */
  async clearAll(): Promise<void> {
    this.epoch++;
    await this.settled();
    if (this.db) {
      const tx = this.db.transaction(['workspaces', 'docs'], 'readwrite');
      await tx.objectStore('workspaces').clear();
      await tx.objectStore('docs').clear();
      await tx.done;
    }
    for (const [storage, prefixes] of [
      [this.env.local, KEY_PREFIXES],
      [this.env.session, KEY_PREFIXES.slice(0, 1)],
    ] as const) {
      if (!storage) continue;
      const keys: string[] = [];
      for (let i = 0; i < storage.length; i++) {
        const k = storage.key(i);
        if (k && prefixes.some((p) => k.startsWith(p))) keys.push(k);
      }
      for (const k of keys) safe(() => storage.removeItem(k));
    }
    this.post({ type: 'cleared' });
    this.resetAfterClear();
  }

  close(): void {
    safe(() => this.env.channel?.close());
    this.db?.close();
  }
}
