/**
 * Named workspaces: the IndexedDB store (fake-indexeddb, in-memory Storage, Node's BroadcastChannel) and the
 * workspace file format.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import {
  CHANNEL_NAME,
  combineCopies,
  JOURNAL_KEY,
  journalFields,
  journalText,
  LAST_KEY,
  MAX_STORED_CHARS,
  MAX_STORED_FILE_CHARS,
  savedCopyFor,
  TAB_KEY,
  WorkspaceStore,
  type StoreEnv,
} from '../../src/workspace/store';
import { readSaved, serializeStored, STORAGE_BACKUP_KEY, type StoredWorkspace } from '../../src/workspace/storage';
import {
  exportFileName,
  exportWorkspace,
  importWorkspace,
  lineColumn,
  MAX_IMPORT_CHARS,
} from '../../src/workspace/workspaceFile';
import { MAX_FILE_CHARS } from '../../src/ingest/limits';
import { fileId } from '../../src/model/span';

/** A Storage kept in a Map (localStorage and sessionStorage of one test browser). */
class MemoryStorage implements Storage {
  private m = new Map<string, string>();
  quota = Infinity;
  get length() {
    return this.m.size;
  }
  clear() {
    this.m.clear();
  }
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  key(i: number) {
    return [...this.m.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
  setItem(k: string, v: string) {
    if (v.length > this.quota) throw new DOMException('full', 'QuotaExceededError');
    this.m.set(k, v);
  }
}

const OPTIONS = { firstName: 'My workspace', copyLabel: 'other tab' };
let local: MemoryStorage;
const channels: BroadcastChannel[] = [];

/** A tab of the test browser: the shared localStorage and IndexedDB, its own sessionStorage and channel. */
function tabEnv(session = new MemoryStorage()): StoreEnv {
  const channel = new BroadcastChannel(CHANNEL_NAME);
  channels.push(channel);
  return { local, session, channel, indexedDB: true, now: () => Date.now() };
}

const doc = (files: { id: string; name: string; text: string }[], rev = 1): string =>
  serializeStored({
    version: 2,
    files: files.map((f) => ({ ...f, rev, by: 't', history: [] })),
    activeFileId: files[0]?.id ?? null,
  });

const until = async (check: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  local = new MemoryStorage();
});
afterEach(() => {
  for (const c of channels.splice(0)) c.close();
});

describe('the store', () => {
  it('has the file size limit of ingest', () => {
    expect(MAX_STORED_FILE_CHARS).toBe(MAX_FILE_CHARS);
  });

  it('a first visit: one workspace, nothing saved (the sample loads); saves reach IndexedDB and the journal', async () => {
    const a = await WorkspaceStore.open(OPTIONS, tabEnv());
    expect(a.list.map((w) => w.name)).toEqual(['My workspace']);
    expect(a.readRaw()).toBeNull();
    const raw = doc([{ id: 'x', name: 'x.yaml', text: 'kxone' }]);
    a.writeRaw(raw);
    expect(a.readRaw()).toBe(raw);
    expect(local.getItem(JOURNAL_KEY)).toContain('kxone'); // synchronously: the page-hide save
    await a.settled();
    a.close();
    local.removeItem(JOURNAL_KEY); // IndexedDB alone has it
    const b = await WorkspaceStore.open(OPTIONS, tabEnv());
    expect(b.readRaw()).toBe(raw);
    expect(b.list[0]!.files).toBe(1);
    b.close();
  });

  it('migrates the copy an earlier version saved in localStorage into the first workspace, exactly as it was', async () => {
    const old = JSON.stringify({
      version: 1,
      files: [
        { id: 'a', name: 'a.yaml', text: 'kxold' },
        { id: 'b', text: 4 },
      ],
    });
    local.setItem(JOURNAL_KEY, old);
    const s = await WorkspaceStore.open(OPTIONS, tabEnv());
    expect(s.list).toHaveLength(1);
    expect(s.readRaw()).toBe(old); // its bad entry is still shown and downloadable by the glue
    expect(readSaved(s.readRaw()).saved!.skipped).toHaveLength(1);
    s.close();
    const again = await WorkspaceStore.open(OPTIONS, tabEnv());
    expect(again.list).toHaveLength(1); // migrated once
    again.close();
  });

  it('a save made at page hide that IndexedDB did not write is put back from the journal on the next load', async () => {
    const a = await WorkspaceStore.open(OPTIONS, tabEnv());
    a.writeRaw(doc([{ id: 'x', name: 'x.yaml', text: 'v1' }]));
    await a.settled();
    const id = a.currentId;
    const journal = journalFields(local.getItem(JOURNAL_KEY))!;
    // the tab closed after writing the journal of its next save, before IndexedDB wrote it
    const next = doc([{ id: 'x', name: 'x.yaml', text: 'v2-at-hide' }], 2);
    local.setItem(
      JOURNAL_KEY,
      journalText(next, { workspace: id, name: 'My workspace', seq: journal.seq! + 1, basedOn: journal.seq! }),
    );
    a.close();
    const b = await WorkspaceStore.open(OPTIONS, tabEnv());
    expect(b.readRaw()).toContain('v2-at-hide');
    b.close();
  });

  it('a journal that raced another save keeps both: nothing of either is lost', () => {
    const stored = doc([{ id: 'x', name: 'x.yaml', text: 'theirs' }], 5);
    const journal = doc([{ id: 'x', name: 'x.yaml', text: 'mine' }], 4);
    const both = readSaved(combineCopies(stored, journal, 'other tab')).saved!;
    expect(both.files.map((f) => [f.name, f.text])).toEqual([
      ['x.yaml', 'theirs'],
      ['x (other tab).yaml', 'mine'],
    ]);
    // a journal the stored copy descends from adds nothing
    const older: StoredWorkspace = JSON.parse(journal) as StoredWorkspace;
    const newer = serializeStored({
      ...older,
      files: [{ ...older.files[0]!, text: 'theirs', rev: 5, by: 'u', history: ['4.t'] }],
    });
    expect(combineCopies(newer, journal, 'other tab')).toBeNull();
  });

  it('a copy written under the key by an older version of the app is taken as a save of the last workspace', async () => {
    const session = new MemoryStorage();
    const a = await WorkspaceStore.open(OPTIONS, tabEnv(session));
    a.writeRaw(doc([{ id: 'x', name: 'x.yaml', text: 'v1' }]));
    await a.settled();
    a.close();
    const foreign = JSON.stringify({ version: 1, activeFileId: null, files: [] });
    local.setItem(JOURNAL_KEY, foreign);
    const b = await WorkspaceStore.open(OPTIONS, tabEnv(session));
    expect(b.readRaw()).toBe(foreign);
    expect(journalFields(local.getItem(JOURNAL_KEY))!.seq).toBeGreaterThan(0); // rewritten in this version's form
    b.close();
  });

  it('two tabs: a save of one reaches the other; a write based on a replaced copy is refused, not lost', async () => {
    const a = await WorkspaceStore.open(OPTIONS, tabEnv());
    a.writeRaw(doc([{ id: 'x', name: 'x.yaml', text: 'v1' }]));
    await a.settled();
    const b = await WorkspaceStore.open(OPTIONS, tabEnv());
    expect(b.currentId).toBe(a.currentId);
    let seenByB = 0;
    b.listen({ saved: () => seenByB++ });
    a.writeRaw(doc([{ id: 'x', name: 'x.yaml', text: 'v2 by a' }], 2));
    await a.settled();
    await until(() => seenByB === 1);
    expect(b.readRaw()).toContain('v2 by a');

    // both write before either hears of the other: the second to reach IndexedDB is refused and told
    const results: string[] = [];
    let refusedAgain = false;
    b.listen({ write: (r) => results.push(r.kind), saved: (refused) => (refusedAgain ||= refused) });
    a.writeRaw(doc([{ id: 'x', name: 'x.yaml', text: 'v3 by a' }], 3));
    b.writeRaw(doc([{ id: 'x', name: 'x.yaml', text: 'v3 by b' }], 3));
    await a.settled();
    await b.settled();
    expect(results).toEqual(['refused']);
    expect(refusedAgain).toBe(true);
    expect(b.readRaw()).toContain('v3 by a'); // the glue merges this with its own change and saves again
    b.writeRaw(doc([{ id: 'x', name: 'x.yaml', text: 'v3 by a + b' }], 4));
    await b.settled();
    expect(results).toEqual(['refused', 'written']);
    a.close();
    b.close();
  });

  it('workspaces: create, rename, duplicate, switch, delete; a reload keeps the tab on its workspace', async () => {
    const session = new MemoryStorage();
    const s = await WorkspaceStore.open(OPTIONS, tabEnv(session));
    s.writeRaw(doc([{ id: 'x', name: 'x.yaml', text: 'first' }]));
    const id2 = await s.create('staging', doc([{ id: 'y', name: 'y.yaml', text: 'second' }]));
    const id3 = await s.create('staging', null);
    expect(s.list.map((w) => w.name)).toEqual(['My workspace', 'staging', 'staging (2)']);
    await s.rename(id3, '  prod\ncluster ');
    expect(s.list.map((w) => w.name)).toEqual(['My workspace', 'staging', 'prod cluster']);
    await s.switchTo(id2);
    expect(s.readRaw()).toContain('second');
    expect(session.getItem(TAB_KEY)).toBe(id2);
    expect(local.getItem(LAST_KEY)).toBe(id2);
    const copy = await s.duplicate(id2, 'staging (copy)');
    expect(await s.readDoc(copy)).toContain('second');
    s.close();

    const reloaded = await WorkspaceStore.open(OPTIONS, tabEnv(session));
    expect(reloaded.currentId).toBe(id2);
    expect(reloaded.list).toHaveLength(4);
    await reloaded.switchTo(reloaded.list[0]!.id);
    expect(reloaded.readRaw()).toContain('first');
    await reloaded.remove(id2);
    expect(reloaded.list.map((w) => w.name)).toEqual(['My workspace', 'prod cluster', 'staging (copy)']);
    expect(await reloaded.readDoc(id2)).toBeNull();
    reloaded.close();
  });

  it('a tab showing a workspace deleted elsewhere is told; its next save creates it again only when it keeps it', async () => {
    const a = await WorkspaceStore.open(OPTIONS, tabEnv());
    const other = await a.create('other', null);
    const b = await WorkspaceStore.open(OPTIONS, tabEnv());
    let deleted = 0;
    b.listen({ deleted: () => deleted++ });
    await a.remove(b.currentId);
    await until(() => deleted === 1);
    b.keepDeleted();
    b.writeRaw(doc([{ id: 'x', name: 'x.yaml', text: 'kept' }]));
    await b.settled();
    await until(() => b.list.length === 2);
    expect(b.list.map((w) => w.name).sort()).toEqual(['My workspace', 'other']);
    expect(b.list.some((w) => w.id === other)).toBe(true);
    a.close();
    b.close();
  });

  it('refuses a copy larger than the limit with a quota error (the glue then leaves its largest file out)', async () => {
    const s = await WorkspaceStore.open(OPTIONS, tabEnv());
    expect(() => s.writeRaw('x'.repeat(MAX_STORED_CHARS + 1))).toThrow(
      expect.objectContaining({ name: 'QuotaExceededError' }),
    );
    // a copy too large for localStorage still reaches IndexedDB; no older journal is left to be taken for it
    local.quota = 100;
    s.writeRaw(doc([{ id: 'x', name: 'x.yaml', text: 'y'.repeat(500) }]));
    expect(local.getItem(JOURNAL_KEY)).toBeNull();
    await s.settled();
    s.close();
    local.quota = Infinity;
    const again = await WorkspaceStore.open(OPTIONS, tabEnv());
    expect(again.readRaw()).toContain('y'.repeat(500));
    again.close();
  });

  it('a write IndexedDB fails (full) is said, and what is stored stays the copy before it; the next one is written', async () => {
    const s = await WorkspaceStore.open(OPTIONS, tabEnv());
    const v1 = doc([{ id: 'x', name: 'x.yaml', text: 'v1' }]);
    s.writeRaw(v1);
    await s.settled();
    const kinds: string[] = [];
    const errors: string[] = [];
    s.listen({ write: (r) => kinds.push(r.kind), error: (m) => errors.push(m) });
    const proto = IDBObjectStore.prototype;
    const put = Object.getOwnPropertyDescriptor(proto, 'put')!;
    Object.defineProperty(proto, 'put', {
      ...put,
      value: () => {
        Object.defineProperty(proto, 'put', put); // once
        throw new DOMException('the disk is full', 'QuotaExceededError');
      },
    });
    s.writeRaw(doc([{ id: 'x', name: 'x.yaml', text: 'v2' }], 2));
    await s.settled();
    expect(kinds).toEqual(['error']);
    expect(errors).toEqual(['the disk is full']);
    expect(s.readRaw()).toBe(v1);
    s.writeRaw(doc([{ id: 'x', name: 'x.yaml', text: 'v3' }], 2));
    await s.settled();
    expect(kinds).toEqual(['error', 'written']);
    s.close();
    local.clear();
    const again = await WorkspaceStore.open(OPTIONS, tabEnv());
    expect(again.readRaw()).toContain('v3');
    again.close();
  });

  it('clear all: IndexedDB empty, every key of the app gone from both storages, the other tabs told', async () => {
    const session = new MemoryStorage();
    const a = await WorkspaceStore.open(OPTIONS, tabEnv(session));
    a.writeRaw(doc([{ id: 'x', name: 'x.yaml', text: 'secret stuff' }]));
    await a.create('two', null);
    local.setItem(STORAGE_BACKUP_KEY, 'old');
    local.setItem('kube-explainer.language', 'zh-CN');
    local.setItem('kx-lesson-progress', '{}');
    local.setItem('someone-else', 'kept');
    const b = await WorkspaceStore.open(OPTIONS, tabEnv());
    let cleared = 0;
    b.listen({ cleared: () => cleared++ });
    await a.clearAll();
    expect([...Array(local.length).keys()].map((i) => local.key(i))).toEqual(['someone-else']);
    expect(session.length).toBe(0);
    await until(() => cleared === 1);
    expect(b.readRaw()).toBeNull();
    a.close();
    b.close();
    const fresh = await WorkspaceStore.open(OPTIONS, tabEnv());
    expect(fresh.list).toHaveLength(1);
    expect(fresh.readRaw()).toBeNull(); // a first visit again
    fresh.close();
  });

  it('works without IndexedDB: one workspace in the journal', async () => {
    const env = { ...tabEnv(), indexedDB: false };
    const s = await WorkspaceStore.open(OPTIONS, env);
    expect(s.persistent).toBe(false);
    s.writeRaw(doc([{ id: 'x', name: 'x.yaml', text: 'only here' }]));
    s.close();
    const again = await WorkspaceStore.open(OPTIONS, { ...tabEnv(), indexedDB: false });
    expect(again.readRaw()).toContain('only here');
    await expect(again.create('x', null)).rejects.toThrow(/IndexedDB/);
    again.close();
  });
});

describe('the workspace file', () => {
  const files = [
    { id: fileId('a'), name: '/etc/kubernetes/manifests/kube-apiserver.yaml', text: 'kind: Pod\n', host: 'cp1' },
    { id: fileId('b'), name: 'kubelet.conf', text: 'x', kindOverride: 'kubeconfig' as const },
  ];

  it('round-trips: name, files with host and kind, the open file', () => {
    const text = exportWorkspace('prod', files, 'b', new Date('2026-12-03T00:00:00Z'));
    const data = JSON.parse(text) as Record<string, unknown>;
    expect(data).toMatchObject({
      format: 'kube-explainer-workspace',
      version: 1,
      exportedAt: '2026-12-03T00:00:00.000Z',
    });
    const back = importWorkspace(text);
    expect(back).toEqual({
      ok: true,
      skipped: [],
      workspace: { name: 'prod', active: 1, files: files.map(({ id: _id, ...f }) => f) },
    });
    expect(exportFileName('prod / east: 1.31')).toBe('kube-explainer-prod-east-1.31.json');
    expect(exportFileName('???')).toBe('kube-explainer-workspace.json');
  });

  it('locates a JSON syntax error by line and column', () => {
    const text = '{\n  "format": "kube-explainer-workspace",\n  "version": 1,,\n}';
    const r = importWorkspace(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.reason).toBe('syntax');
    expect(r.error.where).toMatch(/^line 3, column \d+$/);
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
    const cut = importWorkspace('{"format": "kube-explainer-workspace", "files": [');
    expect(!cut.ok && cut.error.where).toMatch(/^line 1, column \d+$/);
  });

  it('refuses what is not a workspace, a newer version, an empty or oversized file, with a reason; never throws', () => {
    const reason = (text: string) => {
      const r = importWorkspace(text);
      return r.ok ? 'ok' : r.error.reason;
    };
    expect(reason('')).toBe('empty');
    expect(reason('[1,2]')).toBe('not-a-workspace');
    expect(reason('"text"')).toBe('not-a-workspace');
    expect(reason('{"format":"drawio","version":1,"files":[]}')).toBe('not-a-workspace');
    expect(reason('{"format":"kube-explainer-workspace","version":2,"files":[]}')).toBe('newer-version');
    expect(reason('{"format":"kube-explainer-workspace","version":"1","files":[]}')).toBe('bad-version');
    expect(reason('{"format":"kube-explainer-workspace","version":1}')).toBe('bad-entry');
    expect(reason('{"format":"kube-explainer-workspace","version":1,"files":[1,2]}')).toBe('no-files');
    expect(reason('x'.repeat(MAX_IMPORT_CHARS + 1))).toBe('too-large');
    for (const text of ['{', 'null', '{"format":"kube-explainer-workspace","version":1,"files":[null,{"name":{}}]}'])
      expect(() => importWorkspace(text)).not.toThrow();
  });

  it('imports the readable entries and names the skipped ones by their path', () => {
    const r = importWorkspace(
      JSON.stringify({
        format: 'kube-explainer-workspace',
        version: 1,
        name: 'x',
        active: 2,
        files: [{ name: 'a', text: '1' }, { name: 'b' }, { name: 'c', text: '3' }],
      }),
    );
    expect(r.ok && r.workspace.files.map((f) => f.name)).toEqual(['a', 'c']);
    expect(r.ok && r.workspace.active).toBe(1);
    expect(r.ok && r.skipped.map((s) => s.where)).toEqual(['files[1].text']);
    const one = importWorkspace(
      JSON.stringify({ format: 'kube-explainer-workspace', version: 1, files: [{ name: 'a' }] }),
    );
    expect(!one.ok && one.error.where).toBe('files[0].text');
  });

  it('imports a saved copy of the browser storage (the unreadable-copy download)', () => {
    const copy = JSON.stringify({
      version: 1,
      activeFileId: 'b',
      files: [
        { id: 'a', name: 'a.yaml', text: '1' },
        { id: 'x', name: 'bad', text: 4 },
        { id: 'b', name: 'b.yaml', text: '2' },
      ],
    });
    const r = importWorkspace(copy, 'kube-explainer-workspace-unreadable.json');
    expect(r.ok && r.workspace).toEqual({
      name: 'workspace-unreadable',
      active: 1,
      files: [
        { name: 'a.yaml', text: '1' },
        { name: 'b.yaml', text: '2' },
      ],
    });
    expect(r.ok && r.skipped.map((s) => s.where)).toEqual(['files[1]']);
  });

  it('a new workspace starts with a saved copy the glue reads back', () => {
    const raw = savedCopyFor(files, 'a', 'tab1');
    expect(readSaved(raw).saved!.files.map((f) => [f.name, f.rev, f.host ?? null])).toEqual([
      ['/etc/kubernetes/manifests/kube-apiserver.yaml', 1, 'cp1'],
      ['kubelet.conf', 1, null],
    ]);
  });
});
