import { describe, expect, it } from 'vitest';
import {
  addFile,
  deserializeWorkspace,
  removeFile,
  renameFile,
  serializeWorkspace,
  setKindOverride,
  uniqueName,
  updateText,
  upsertFile,
  EMPTY_WORKSPACE,
} from '../../src/workspace/workspace';

describe('workspace state', () => {
  it('round-trips through its saved form', () => {
    let s = addFile(EMPTY_WORKSPACE, 'kube-apiserver.yaml', 'a');
    s = addFile(s, 'etcd.yaml', 'b');
    s = setKindOverride(s, s.files[1]!.id, 'static-pod');
    const back = deserializeWorkspace(serializeWorkspace(s));
    expect(back).toEqual(s);
  });

  it('refuses saved text that is not a workspace, with a reason', () => {
    expect(() => deserializeWorkspace('{"version":2}')).toThrow('unexpected format');
    expect(() => deserializeWorkspace('{"version":1,"files":[{"name":"x"}]}')).toThrow('file 1 has no text');
    expect(() => deserializeWorkspace('not json')).toThrow();
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
