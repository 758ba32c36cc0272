import { describe, expect, it, vi } from 'vitest';
import { fileId } from '../../src/model/span';
import { fixture } from '../helpers';
import {
  addFile,
  nameForPaste,
  newFileId,
  removeFile,
  renameFile,
  setHost,
  setKindOverride,
  uniqueName,
  updateText,
  upsertFile,
  EMPTY_WORKSPACE,
  type WorkspaceState,
} from '../../src/workspace/workspace';
import {
  EMPTY_LOCAL,
  labelledName,
  merge,
  planWrite,
  readSaved,
  resolveConflict,
  savedCopyOf,
  serializeStored,
  unsavedFiles,
  versionOf,
  type Conflict,
  type LocalWorkspace,
  type MergeEvent,
} from '../../src/workspace/storage';

describe('workspace state', () => {
  it('gives every new file an id of its own, also within one millisecond', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newFileId()));
    expect(ids.size).toBe(1000);
  });

  it('gives different ids to files two tabs create in the same millisecond', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(1_700_000_000_000);
    try {
      vi.resetModules();
      const tab1 = await import('../../src/workspace/workspace');
      vi.resetModules();
      const tab2 = await import('../../src/workspace/workspace');
      expect(tab1.newFileId()).not.toBe(tab2.newFileId());
    } finally {
      vi.useRealTimers();
    }
  });

  it('names, replaces, renames and removes files', () => {
    expect(uniqueName('a.yaml', ['a.yaml', 'a (2).yaml'])).toBe('a (3).yaml');
    let s = addFile(EMPTY_WORKSPACE, 'a.yaml', '1');
    s = addFile(s, 'a.yaml', '2');
    expect(s.files.map((f) => f.name)).toEqual(['a.yaml', 'a (2).yaml']);
    s = upsertFile(s, 'a.yaml', 'new');
    expect(s.files.map((f) => f.text)).toEqual(['new', '2']);
    expect(s.activeFileId).toBe(s.files[0]!.id);
    s = renameFile(s, s.files[0]!.id, 'a (2).yaml');
    expect(s.files[0]!.name).toBe('a (2) (2).yaml');
    s = updateText(s, s.files[1]!.id, 'edited');
    expect(s.files[1]!.text).toBe('edited');
    const active = s.files[1]!.id;
    s = removeFile({ ...s, activeFileId: s.files[0]!.id }, s.files[0]!.id);
    expect(s.files).toHaveLength(1);
    expect(s.activeFileId).toBe(active);
  });
});

describe('kinds offered in "Read as"', () => {
  it('are exactly the kinds a parser is registered for', async () => {
    const { READABLE_KINDS } = await import('../../src/ingest/limits');
    const { KNOWN_KINDS } = await import('../../src/ingest');
    expect([...READABLE_KINDS].sort()).toEqual([...KNOWN_KINDS].sort());
  });
});

// ---------------------------------------------------------------------------------------------------------------
// saved copies and tabs (src/workspace/storage.ts)

/** One browser's localStorage key. */
interface Store {
  raw: string | null;
}

let copies = 0;
const copyId = () => fileId(`copy${++copies}`);

/** A tab as the hook drives it: restore, edit, sync (merge what is saved), save (sync, then write when needed). */
class Tab {
  local: LocalWorkspace = EMPTY_LOCAL;
  conflicts: Conflict[] = [];
  events: MergeEvent[] = [];
  constructor(
    readonly id: string,
    readonly store: Store,
  ) {
    this.local = merge(EMPTY_LOCAL, readSaved(store.raw).saved).local;
  }
  get state(): WorkspaceState {
    return this.local.state;
  }
  text(name: string): string | undefined {
    return this.state.files.find((f) => f.name === name)?.text;
  }
  names(): string[] {
    return this.state.files.map((f) => f.name);
  }
  idOf(name: string): string {
    return this.state.files.find((f) => f.name === name)!.id;
  }
  edit(fn: (s: WorkspaceState) => WorkspaceState): this {
    this.local = { ...this.local, state: fn(this.local.state) };
    return this;
  }
  type(name: string, text: string): this {
    return this.edit((s) => updateText(s, this.idOf(name), text));
  }
  sync(): this {
    const m = merge(this.local, readSaved(this.store.raw).saved, { newId: copyId });
    this.local = m.local;
    this.conflicts.push(...m.conflicts);
    this.events.push(...m.events);
    return this;
  }
  /** Read first, write later: another tab may write in between (a race). */
  planSave(): () => void {
    this.sync();
    const saved = readSaved(this.store.raw).saved;
    const plan = planWrite(this.local, saved, this.id);
    return () => {
      if (!plan.needed) return;
      this.store.raw = serializeStored(plan.doc);
      this.local = { state: this.local.state, base: plan.base };
    };
  }
  save(): this {
    this.planSave()();
    return this;
  }
}

/** A store holding a workspace saved by a first tab. */
function storeWith(files: Record<string, string>): Store {
  const store: Store = { raw: null };
  const first = new Tab('first', store);
  for (const [name, text] of Object.entries(files)) first.edit((s) => addFile(s, name, text));
  first.save();
  return store;
}

const savedTexts = (store: Store) => readSaved(store.raw).saved!.files.map((f) => [f.name, f.text]);

describe('saved workspace, format 2', () => {
  it('round-trips: every file with its revision, the open file', () => {
    let s = addFile(EMPTY_WORKSPACE, 'kube-apiserver.yaml', 'a');
    s = addFile(s, 'etcd.yaml', 'b');
    s = setKindOverride(s, s.files[1]!.id, 'static-pod');
    s = setHost(s, s.files[1]!.id, '  cp2 ');
    const plan = planWrite({ state: s, base: new Map() }, null, 'tabA');
    expect(plan.needed).toBe(true);
    const { saved, error } = readSaved(serializeStored(plan.doc));
    expect(error).toBeNull();
    expect(saved!.format).toBe(2);
    expect(saved!.files.map((f) => [f.name, f.text, f.kindOverride, f.host, f.rev, f.by])).toEqual([
      ['kube-apiserver.yaml', 'a', undefined, undefined, 1, 'tabA'],
      ['etcd.yaml', 'b', 'static-pod', 'cp2', 1, 'tabA'],
    ]);
    expect(merge(EMPTY_LOCAL, saved).local.state).toEqual(s);
  });

  it('reads the old format 1 (same key) and rewrites it as format 2 with the same files', () => {
    const v1 = JSON.stringify({
      version: 1,
      activeFileId: 'b',
      files: [
        { id: 'a', name: 'kube-apiserver.yaml', text: 'one' },
        { id: 'b', name: 'etcd.yaml', text: 'two', kindOverride: 'static-pod' },
        { name: 'no-id.conf', text: 'three' },
      ],
    });
    const { saved, error } = readSaved(v1);
    expect(error).toBeNull();
    expect(saved!.format).toBe(1);
    expect(saved!.files.map((f) => [f.id, f.name, f.text, f.rev])).toEqual([
      ['a', 'kube-apiserver.yaml', 'one', 0],
      ['b', 'etcd.yaml', 'two', 0],
      ['saved-3', 'no-id.conf', 'three', 0], // the same id in every tab reading this copy
    ]);
    const local = merge(EMPTY_LOCAL, saved).local;
    expect(local.state.activeFileId).toBe('b');
    expect(local.state.files[1]!.kindOverride).toBe('static-pod');
    const plan = planWrite(local, saved, 'tabA');
    expect(plan.needed).toBe(true); // migrated on the next save, although nothing changed
    const again = readSaved(serializeStored(plan.doc)).saved!;
    expect(again.format).toBe(2);
    expect(again.files.map((f) => [f.id, f.text])).toEqual(saved!.files.map((f) => [f.id, f.text]));
    expect(planWrite(merge(local, again).local, again, 'tabA').needed).toBe(false);
  });

  it('restores a saved copy file by file: bad entries are skipped and named, the others kept', () => {
    const raw = JSON.stringify({
      version: 2,
      files: [
        { id: 'a', name: 'first.yaml', text: 'one', rev: 3, by: 'x', history: ['2.x'] },
        { id: 'b', name: 'broken.yaml', text: 42 },
        'not a file',
        { id: 'c', name: 'third.yaml', text: 'three', rev: 'nonsense', history: 'nonsense' },
      ],
    });
    const { saved, error } = readSaved(raw);
    expect(error).toBeNull();
    expect(saved!.files.map((f) => [f.name, f.text])).toEqual([
      ['first.yaml', 'one'],
      ['third.yaml', 'three'],
    ]);
    expect(saved!.files[1]!.rev).toBe(0);
    expect(saved!.files[1]!.history).toEqual([]);
    expect(saved!.skipped).toEqual([
      { index: 2, name: 'broken.yaml', id: 'b', reason: 'no text' },
      { index: 3, name: null, id: null, reason: 'not a file' },
    ]);
    // the next save writes what could be read (the hook keeps the raw copy first)
    expect(planWrite(merge(EMPTY_LOCAL, saved).local, saved, 't').needed).toBe(true);
  });

  it('refuses a copy that is not a workspace at all, with a reason', () => {
    expect(readSaved('not json').error).toBeTruthy();
    expect(readSaved('{"version":3,"files":[]}').error).toBe('unexpected format');
    expect(readSaved('{"version":2}').error).toBe('no file list');
    expect(readSaved(null)).toEqual({ saved: null, error: null });
  });

  it('gives duplicate ids ids of their own: one file never overwrites another', () => {
    const raw = JSON.stringify({
      version: 1,
      files: [
        { id: 'a', name: 'one.yaml', text: 'first' },
        { id: 'a', name: 'two.yaml', text: 'second' },
        { id: 'a', name: 'three.yaml', text: 'third' },
      ],
    });
    const saved = readSaved(raw).saved!;
    expect(saved.files.map((f) => [f.id, f.text])).toEqual([
      ['a', 'first'],
      ['a~2', 'second'],
      ['a~3', 'third'],
    ]);
    let local = merge(EMPTY_LOCAL, saved).local;
    local = { ...local, state: updateText(local.state, 'a~2', 'second, edited') };
    expect(local.state.files.map((f) => f.text)).toEqual(['first', 'second, edited', 'third']);
    // and a duplicate id in a tab's own list is split before saving
    const twice: WorkspaceState = {
      files: [
        { id: fileId('x'), name: 'x.yaml', text: '1' },
        { id: fileId('x'), name: 'y.yaml', text: '2' },
      ],
      activeFileId: 'x',
    };
    const m = merge({ state: twice, base: new Map() }, savedCopyOf({ version: 2, files: [], activeFileId: null }), {
      newId: () => fileId('fresh'),
    });
    expect(m.local.state.files.map((f) => [f.id, f.text])).toEqual([
      ['x', '1'],
      ['fresh', '2'],
    ]);
  });
});

describe('merge(local, stored): two tabs of one browser', () => {
  it('an idle tab that saves (page hide, reload) never overwrites what the other tab saved', () => {
    const store = storeWith({ 'kube-apiserver.yaml': 'v0' });
    const a = new Tab('A', store);
    const b = new Tab('B', store);
    a.type('kube-apiserver.yaml', 'edited in A').save();
    const before = store.raw;
    b.save(); // B did nothing: its flush takes A's version and writes nothing
    expect(store.raw).toBe(before);
    expect(b.text('kube-apiserver.yaml')).toBe('edited in A');
    expect(new Tab('C', store).text('kube-apiserver.yaml')).toBe('edited in A');
  });

  it('the other tab changed a file this tab did not touch: take theirs', () => {
    const store = storeWith({ 'a.yaml': 'a0', 'b.yaml': 'b0' });
    const a = new Tab('A', store);
    const b = new Tab('B', store);
    a.type('a.yaml', 'a1').save();
    a.type('a.yaml', 'a2').save();
    a.type('a.yaml', 'a3').save(); // B missed two saves: its base is still in the history
    b.sync();
    expect(b.text('a.yaml')).toBe('a3');
    expect(b.conflicts).toEqual([]);
    expect(b.names()).toEqual(['a.yaml', 'b.yaml']);
  });

  it('this tab changed a file the other did not: keep ours, saved as a new revision based on the old one', () => {
    const store = storeWith({ 'a.yaml': 'a0', 'b.yaml': 'b0' });
    const a = new Tab('A', store);
    const b = new Tab('B', store);
    a.type('a.yaml', 'a1');
    b.type('b.yaml', 'b1');
    a.save();
    const old = readSaved(store.raw).saved!.files.find((f) => f.name === 'b.yaml')!;
    b.save();
    expect(b.text('a.yaml')).toBe('a1');
    expect(b.text('b.yaml')).toBe('b1');
    expect(b.conflicts).toEqual([]);
    const saved = readSaved(store.raw).saved!.files.find((f) => f.name === 'b.yaml')!;
    expect(saved.rev).toBe(old.rev + 1);
    expect(saved.by).toBe('B');
    expect(saved.history[0]).toBe(versionOf(old));
    expect(savedTexts(store)).toEqual([
      ['a.yaml', 'a1'],
      ['b.yaml', 'b1'],
    ]);
    a.sync();
    expect(a.text('b.yaml')).toBe('b1');
  });

  it('both changed the same file: ours stays, theirs opens as `name (other tab)`, and the user chooses', () => {
    const store = storeWith({ 'kube-apiserver.yaml': 'v0', 'etcd.yaml': 'e0' });
    const a = new Tab('A', store);
    const b = new Tab('B', store);
    a.type('kube-apiserver.yaml', 'from A');
    b.type('kube-apiserver.yaml', 'from B');
    a.save();
    b.save();
    expect(b.conflicts).toHaveLength(1);
    expect(b.conflicts[0]!.name).toBe('kube-apiserver.yaml');
    expect(b.conflicts[0]!.copyName).toBe('kube-apiserver (other tab).yaml');
    expect(b.names()).toEqual(['kube-apiserver.yaml', 'kube-apiserver (other tab).yaml', 'etcd.yaml']);
    expect(b.text('kube-apiserver.yaml')).toBe('from B'); // the text being typed here does not jump
    expect(b.text('kube-apiserver (other tab).yaml')).toBe('from A');
    expect(savedTexts(store)).toContainEqual(['kube-apiserver.yaml', 'from B']);
    expect(savedTexts(store)).toContainEqual(['kube-apiserver (other tab).yaml', 'from A']);
    // the first tab follows without a conflict of its own: both versions in both tabs
    a.sync();
    expect(a.conflicts).toEqual([]);
    expect(a.text('kube-apiserver.yaml')).toBe('from B');
    expect(a.text('kube-apiserver (other tab).yaml')).toBe('from A');

    // the user takes the other tab's version: one file again, everywhere
    b.edit((s) => resolveConflict(s, b.conflicts[0]!, 'theirs')).save();
    expect(b.names()).toEqual(['kube-apiserver.yaml', 'etcd.yaml']);
    expect(b.text('kube-apiserver.yaml')).toBe('from A');
    a.sync();
    expect(a.names()).toEqual(['kube-apiserver.yaml', 'etcd.yaml']);
    expect(a.text('kube-apiserver.yaml')).toBe('from A');
    expect(savedTexts(store)).toEqual([
      ['kube-apiserver.yaml', 'from A'],
      ['etcd.yaml', 'e0'],
    ]);
  });

  it('both made the same change: no conflict', () => {
    const store = storeWith({ 'a.yaml': 'a0' });
    const a = new Tab('A', store).type('a.yaml', 'same');
    const b = new Tab('B', store).type('a.yaml', 'same');
    a.save();
    b.save();
    expect(b.conflicts).toEqual([]);
    expect(b.names()).toEqual(['a.yaml']);
  });

  it('a save that raced another one is not taken over a text it did not know (concurrent: keep both)', () => {
    const store = storeWith({ 'a.yaml': 'a0' });
    const a = new Tab('A', store).type('a.yaml', 'from A');
    const b = new Tab('B', store).type('a.yaml', 'from B');
    const writeB = b.planSave(); // B read before A wrote...
    a.save();
    writeB(); // ...and wrote after: A's version is no longer saved, and B's did not descend from it
    a.sync(); // A has not changed anything since its save, but its text must not be dropped
    expect(a.conflicts).toHaveLength(1);
    expect(a.text('a.yaml')).toBe('from A');
    expect(a.text('a (other tab).yaml')).toBe('from B');
    a.save();
    b.sync();
    expect(b.conflicts).toEqual([]);
    expect(new Set([b.text('a.yaml'), b.text('a (other tab).yaml')])).toEqual(new Set(['from A', 'from B']));
  });

  it('a file closed in one tab: closed in the other when untouched there, kept when changed there', () => {
    const store = storeWith({ 'a.yaml': 'a0', 'b.yaml': 'b0', 'c.yaml': 'c0' });
    const a = new Tab('A', store);
    const b = new Tab('B', store);
    a.edit((s) => removeFile(removeFile(s, a.idOf('a.yaml')), a.idOf('b.yaml'))).save();
    b.type('b.yaml', 'b1').sync();
    expect(b.names()).toEqual(['b.yaml', 'c.yaml']); // a.yaml closed here too; b.yaml changed here: kept
    expect(b.events).toEqual([{ kind: 'kept-closed-there', fileId: b.idOf('b.yaml'), name: 'b.yaml' }]);
    b.save();
    expect(savedTexts(store)).toEqual([
      ['b.yaml', 'b1'],
      ['c.yaml', 'c0'],
    ]);
    a.sync();
    expect(a.names()).toEqual(['c.yaml', 'b.yaml']);
  });

  it('a file closed here that the other tab changed since is opened again; closed and untouched stays closed', () => {
    const store = storeWith({ 'a.yaml': 'a0', 'b.yaml': 'b0' });
    const a = new Tab('A', store);
    const b = new Tab('B', store);
    b.type('a.yaml', 'a1').save();
    a.edit((s) => removeFile(removeFile(s, a.idOf('a.yaml')), a.idOf('b.yaml'))).save();
    expect(a.names()).toEqual(['a.yaml']);
    expect(a.text('a.yaml')).toBe('a1');
    expect(a.events.map((e) => e.kind)).toEqual(['reopened-closed-here']);
    expect(savedTexts(store)).toEqual([['a.yaml', 'a1']]);
    b.sync();
    expect(b.names()).toEqual(['a.yaml']);
  });

  it('new files in both tabs: both kept, in both tabs', () => {
    const store = storeWith({ 'a.yaml': 'a0' });
    const a = new Tab('A', store).edit((s) => addFile(s, 'from-a.yaml', 'x'));
    const b = new Tab('B', store).edit((s) => addFile(s, 'from-b.yaml', 'y'));
    a.save();
    b.save();
    a.sync();
    expect(a.names()).toEqual(['a.yaml', 'from-a.yaml', 'from-b.yaml']);
    expect(b.names()).toEqual(['a.yaml', 'from-b.yaml', 'from-a.yaml']);
    expect(b.conflicts).toEqual([]);
  });

  it('the same id created in both tabs with different texts: both kept', () => {
    const store: Store = { raw: null };
    const file = (text: string): WorkspaceState => ({
      files: [{ id: fileId('sample-etcd-yaml'), name: 'etcd.yaml', text }],
      activeFileId: 'sample-etcd-yaml',
    });
    const a = new Tab('A', store).edit(() => file('sample'));
    const b = new Tab('B', store).edit(() => file('sample'));
    a.save();
    b.save();
    expect(b.conflicts).toEqual([]); // the same sample loaded in both tabs
    const c = new Tab('C', { raw: null }).edit(() => file('other'));
    c.store.raw = store.raw;
    c.sync();
    expect(c.names()).toEqual(['etcd.yaml', 'etcd (other tab).yaml']);
    expect(c.state.files.map((f) => f.text)).toEqual(['other', 'sample']);
  });

  it('an unreadable entry of the saved copy is no news: the file with its id stays', () => {
    const store = storeWith({ 'a.yaml': 'a0', 'b.yaml': 'b0' });
    const a = new Tab('A', store);
    const saved = JSON.parse(store.raw!);
    saved.files[1].text = null; // b.yaml broken, its id readable
    store.raw = JSON.stringify(saved);
    a.sync();
    expect(a.names()).toEqual(['a.yaml', 'b.yaml']);
    a.save(); // and the next save repairs it
    expect(savedTexts(store)).toEqual([
      ['a.yaml', 'a0'],
      ['b.yaml', 'b0'],
    ]);
  });

  it('nothing saved, or nothing readable: this tab keeps everything and saves it whole', () => {
    const local: LocalWorkspace = { state: addFile(EMPTY_WORKSPACE, 'a.yaml', 'a'), base: new Map() };
    const m = merge(local, readSaved('garbage').saved);
    expect(m.changed).toBe(false);
    expect(m.local).toBe(local);
    expect(planWrite(m.local, null, 'A').doc.files.map((f) => f.text)).toEqual(['a']);
  });

  it('keeps the open file of this tab; takes the saved one only on restore', () => {
    const store = storeWith({ 'a.yaml': 'a', 'b.yaml': 'b' });
    const a = new Tab('A', store);
    expect(a.state.activeFileId).toBe(a.idOf('b.yaml')); // the first tab had b.yaml open last
    a.edit((s) => ({ ...s, activeFileId: a.idOf('a.yaml') })).sync();
    expect(a.state.activeFileId).toBe(a.idOf('a.yaml'));
  });
});

describe('planWrite: what does not fit', () => {
  it('leaves out a file too large to store: what is saved for it stays, everything else is saved', () => {
    const store = storeWith({ 'big.txt': 'small', 'a.yaml': 'a0' });
    const tab = new Tab('A', store).type('big.txt', 'x'.repeat(1000)).type('a.yaml', 'a1');
    tab.sync();
    const saved = readSaved(store.raw).saved;
    const plan = planWrite(tab.local, saved, 'A', new Set([tab.idOf('big.txt')]));
    expect(plan.needed).toBe(true);
    expect(plan.doc.files.map((f) => [f.name, f.text])).toEqual([
      ['big.txt', 'small'],
      ['a.yaml', 'a1'],
    ]);
    const after: LocalWorkspace = { state: tab.state, base: plan.base };
    expect(unsavedFiles(after).map((f) => f.name)).toEqual(['big.txt']); // its latest text: in this tab only
    // a new file that does not fit is simply not saved; nothing else changes
    const fresh = new Tab('B', store).edit((s) => addFile(s, 'huge.txt', 'y'.repeat(1000)));
    fresh.sync();
    const plan2 = planWrite(fresh.local, readSaved(store.raw).saved, 'B', new Set([fresh.idOf('huge.txt')]));
    expect(plan2.needed).toBe(false);
  });
});

describe('conflict choices and copy names', () => {
  const state: WorkspaceState = {
    files: [
      { id: fileId('f'), name: 'a.yaml', text: 'mine' },
      { id: fileId('c'), name: 'a (other tab).yaml', text: 'theirs', kindOverride: 'env-file' },
    ],
    activeFileId: 'c',
  };
  const conflict: Conflict = { fileId: 'f', copyId: 'c', name: 'a.yaml', copyName: 'a (other tab).yaml' };
  it('mine closes the copy, theirs takes its text into the file, both changes nothing', () => {
    expect(resolveConflict(state, conflict, 'mine')).toEqual({
      files: [{ id: 'f', name: 'a.yaml', text: 'mine' }],
      activeFileId: 'f',
    });
    expect(resolveConflict(state, conflict, 'theirs')).toEqual({
      files: [{ id: 'f', name: 'a.yaml', text: 'theirs', kindOverride: 'env-file' }],
      activeFileId: 'f',
    });
    expect(resolveConflict(state, conflict, 'both')).toBe(state);
    // the file was closed meanwhile: the copy is all that is left, it stays
    const alone = { files: [state.files[1]!], activeFileId: 'c' };
    expect(resolveConflict(alone, conflict, 'theirs')).toBe(alone);
  });
  it('names the copy after the file, before its extension, in its folder', () => {
    expect(labelledName('/etc/kubernetes/manifests/etcd.yaml', 'other tab', [])).toBe(
      '/etc/kubernetes/manifests/etcd (other tab).yaml',
    );
    expect(labelledName('/etc/kube.d/apiserver', 'other tab', [])).toBe('/etc/kube.d/apiserver (other tab)');
    expect(labelledName('.env', 'other tab', [])).toBe('.env (other tab)');
    expect(labelledName('a.yaml', 'other tab', ['a (other tab).yaml'])).toBe('a (other tab) (2).yaml');
  });
});

describe('names for pasted text', () => {
  it('a command output after its command, a manifest after its component, else pasted-N', () => {
    const netstat = fixture('network/netstat-cp1-no-scheduler.txt');
    expect(nameForPaste(netstat, 5)).toBe('netstat-5.txt');
    expect(
      nameForPaste('State  Recv-Q Send-Q Local Address:Port\nLISTEN 0 4096 127.0.0.1:2379 users:(("etcd",pid=1))', 2),
    ).toBe('ss-2.txt');
    expect(nameForPaste('$ ps -ef | grep kube\nroot 1 0 kube-apiserver --a=b', 3)).toBe('ps-3.txt');
    expect(nameForPaste('apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - command: [etcd]\n', 1)).toBe('etcd.yaml');
    expect(nameForPaste('[Service]\nExecStart=/usr/bin/kubelet\n', 1)).toBe('kubelet.service');
    expect(nameForPaste('hello', 7, 'eingefügt')).toBe('eingefügt-7.txt');
  });
});
