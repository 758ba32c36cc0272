/**
 * The incremental pipeline: an edit re-reads only the changed file (and the units and env files tied to it), and
 * every result equals a fresh analysis of the same files.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { AnalysisSession, analyseWorkspace } from '../../src/pipeline';
import type { WorkspaceFile } from '../../src/model/types';
import { file, fixture, loadKnowledgeBase, repoRoot } from '../helpers';

const NOW = Date.UTC(2026, 0, 1);
const sampleDir = `${repoRoot}content/examples/kubeadm-v1.31/`;
const sample: WorkspaceFile[] = readdirSync(sampleDir)
  .filter((n) => n.endsWith('.yaml'))
  .sort()
  .map((n, i) => file(n, readFileSync(sampleDir + n, 'utf8'), `f${i}`));
const units: WorkspaceFile[] = [
  file('kube-apiserver.service', fixture('systemd/seed001-kube-apiserver.service'), 'u1'),
  file('/etc/kubernetes/apiserver', fixture('env/seed001-apiserver'), 'e1'),
];

const apiserver = (files: WorkspaceFile[]) => files.find((f) => f.name.includes('apiserver'))!;

function edit(files: WorkspaceFile[], id: string, fn: (t: string) => string): WorkspaceFile[] {
  return files.map((f) => (f.id === id ? { ...f, text: fn(f.text) } : f));
}

describe('AnalysisSession', () => {
  it('re-reads and re-annotates only the edited file, with the same result as a fresh analysis', async () => {
    const kb = await loadKnowledgeBase();
    const session = new AnalysisSession(kb);
    await session.analyse(sample, { now: NOW });
    expect(session.stats.filesRead).toBe(sample.length);

    const target = apiserver(sample).id;
    const edited = edit(sample, target, (t) => t.replace('--etcd-servers=', '--etcd-serverz='));
    const incremental = await session.analyse(edited, { now: NOW });
    expect(session.stats).toMatchObject({ filesRead: 1, filesReused: sample.length - 1 });
    expect(session.stats.documentsAnnotated).toBe(1);
    expect(session.stats.documentsReused).toBe(sample.length - 1);
    const fresh = await analyseWorkspace(edited, kb, { now: NOW });
    expect(incremental).toEqual(fresh);
    expect(incremental!.findings.some((f) => f.rule === 'unknown-flag' && f.fileId === target)).toBe(true);

    // and back: the finding goes away, still only one file read
    const reverted = await session.analyse(sample, { now: NOW });
    expect(session.stats.filesRead).toBe(1);
    expect(reverted).toEqual(await analyseWorkspace(sample, kb, { now: NOW }));
    expect(reverted!.findings.some((f) => f.rule === 'unknown-flag')).toBe(false);
  });

  it('an edit of an env file re-expands the unit that reads it; other files are reused', async () => {
    const kb = await loadKnowledgeBase();
    const session = new AnalysisSession(kb);
    const files = [...sample, ...units];
    await session.analyse(files, { now: NOW });
    const edited = edit(files, 'e1', (t) => t.replace('--allow-privileged=true', '--allow-privileged=maybe'));
    expect(edited).not.toEqual(files);
    const incremental = await session.analyse(edited, { now: NOW });
    expect(session.stats.filesRead).toBe(1);
    expect(session.stats.documentsReused).toBeGreaterThanOrEqual(sample.length);
    expect(incremental).toEqual(await analyseWorkspace(edited, kb, { now: NOW }));
    const unitFlags = incremental!.files.find((f) => f.file.fileId === 'u1')!.documents.flatMap((d) => d.flags);
    const allow = unitFlags.find((f) => f.occurrence.name === 'allow-privileged');
    expect(allow?.occurrence.value).toBe('maybe');
    expect(allow?.occurrence.fileId).toBe('e1');
  });

  it('renaming, removing and re-kinding files are seen', async () => {
    const kb = await loadKnowledgeBase();
    const session = new AnalysisSession(kb);
    await session.analyse(sample, { now: NOW });
    const fewer = sample.slice(1);
    expect((await session.analyse(fewer, { now: NOW }))!.files).toHaveLength(fewer.length);
    expect(session.stats.filesRead).toBe(0);
    const rekinded = fewer.map((f, i) => (i === 0 ? { ...f, kindOverride: 'command-line' as const } : f));
    const result = await session.analyse(rekinded, { now: NOW });
    expect(session.stats.filesRead).toBe(1);
    expect(result).toEqual(await analyseWorkspace(rekinded, kb, { now: NOW }));
  });

  it('stops between files when a newer request supersedes it', async () => {
    const kb = await loadKnowledgeBase();
    const session = new AnalysisSession(kb);
    let asked = 0;
    const stopped = await session.analyse(sample, {
      now: NOW,
      shouldStop: () => ++asked > 1,
    });
    expect(stopped).toBeNull();
    // what was read before the stop is kept, and the next analysis is complete and correct
    const next = await session.analyse(sample, { now: NOW });
    expect(session.stats.filesReused).toBe(1);
    expect(next).toEqual(await analyseWorkspace(sample, kb, { now: NOW }));
  });
});

describe('worker protocol', () => {
  it('sends only the files whose analysis changed; the page rebuilds the whole analysis, stale answers included', async () => {
    const { AnalysisEncoder, AnalysisDecoder } = await import('../../src/worker/protocol');
    const { loadMessageCatalogue, presentAnalysis } = await import('../../src/present/analysis');
    const kb = await loadKnowledgeBase();
    const catalogue = await loadMessageCatalogue(kb);
    const session = new AnalysisSession(kb);
    const encoder = new AnalysisEncoder();
    const decoder = new AnalysisDecoder();
    const send = async (files: WorkspaceFile[]) =>
      encoder.encode(presentAnalysis((await session.analyse(files))!, catalogue));

    const first = await send(sample);
    expect(first.files.every((f) => !('unchanged' in f))).toBe(true);
    expect(first.catalogue).not.toBeNull();
    expect(decoder.decode(first)).toEqual(presentAnalysis(await analyseWorkspace(sample, kb), catalogue));

    const target = apiserver(sample).id;
    const edited = edit(sample, target, (t) => t.replace('--etcd-servers=', '--etcd-serverz='));
    const second = await send(edited);
    expect(second.files.filter((f) => !('unchanged' in f)).map((f) => ('file' in f ? f.file.fileId : ''))).toEqual([
      target,
    ]);
    expect(second.catalogue).toBeNull();
    expect(JSON.stringify(second).length).toBeLessThan(JSON.stringify(first).length / 2);
    // the page decodes the second answer even if a third request made it stale, then the third refers to it
    decoder.decode(second);
    const third = await send(edited);
    expect(third.files.every((f) => 'unchanged' in f)).toBe(true);
    expect(decoder.decode(third)).toEqual(presentAnalysis(await analyseWorkspace(edited, kb), catalogue));
  });
});
