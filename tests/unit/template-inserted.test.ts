/**
 * A template expression alone on its line among a command's flags (`{{ toYaml .Values.extraArgs | nindent 4 }}`)
 * can insert any flag: a flag not written there is not known to be on its default (it was taken as on its default,
 * so the audit failed checks and required flags were reported missing that the chart's values may well set).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import { analyseWorkspace } from '../../src/pipeline';
import { effectiveConfiguration } from '../../src/effective';
import { scanTemplate } from '../../src/ingest/shared/template';
import type { WorkspaceFile } from '../../src/model/types';
import { file, loadKnowledgeBase } from '../helpers';

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await loadKnowledgeBase();
});

const chart = (insert: 'flags' | 'mounts' | 'none') =>
  [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: kube-apiserver',
    '  namespace: kube-system',
    'spec:',
    '  containers:',
    '  - name: kube-apiserver',
    '    image: registry.k8s.io/kube-apiserver:{{ .Values.version }}',
    '    command:',
    '    - kube-apiserver',
    '    - --etcd-servers=https://127.0.0.1:2379',
    '    - --service-account-issuer=https://kubernetes.default.svc',
    ...(insert === 'flags' ? ['    {{- toYaml .Values.extraArgs | nindent 4 }}'] : []),
    '    volumeMounts:',
    '    - name: k8s',
    '      mountPath: /etc/kubernetes',
    ...(insert === 'mounts' ? ['    {{- toYaml .Values.extraMounts | nindent 4 }}'] : []),
    '',
  ].join('\n');

async function analyse(files: WorkspaceFile[]) {
  const a = await analyseWorkspace(files, kb, {});
  const docs = new Map(a.files.flatMap((f) => f.documents.map((d) => [d.document.id, d])));
  await kb.loadFlags('kube-apiserver');
  const e = effectiveConfiguration(a.instances[0]!, (id) => docs.get(id), kb);
  return { a, e, flag: (n: string) => e.flags.find((f) => f.name === n) };
}

describe('a template that inserts text among the flags', () => {
  it('the scan lists expressions alone on their line as insertions, not those inside a line', () => {
    const scan = scanTemplate(chart('flags'))!;
    const text = chart('flags');
    expect(scan.inserted.map((r) => text.slice(r.start, r.end))).toEqual([
      '{{- toYaml .Values.extraArgs | nindent 4 }}',
    ]);
    expect(scan.expressions.map((r) => text.slice(r.start, r.end))).toEqual(['{{ .Values.version }}']);
  });

  it('after the last flag: absent flags are templated with no value, at the insertion; written ones stay set', async () => {
    const text = chart('flags');
    const { a, flag } = await analyse([file('apiserver.yaml', text)]);
    const diag = a.files[0]!.documents[0]!.document.diagnostics.find((d) => d.code === 'template-inserted');
    expect(diag && text.slice(diag.range.start, diag.range.end)).toBe('{{- toYaml .Values.extraArgs | nindent 4 }}');
    expect(flag('profiling')).toMatchObject({ value: null, source: 'templated' });
    expect(text.slice(flag('profiling')!.span!.range.start).startsWith('{{- toYaml')).toBe(true);
    expect(flag('etcd-servers')).toMatchObject({ value: 'https://127.0.0.1:2379', source: 'set' });
    // nothing is judged on a default it may not have
    expect(a.findings.filter((f) => f.rule === 'required-flag-missing')).toEqual([]);
    const profiling = a.audit!.results.filter((r) => r.actual?.flag === 'profiling');
    expect(profiling.length).toBeGreaterThan(0);
    for (const r of profiling) expect(r.status).toBe('manual');
  });

  it('an insertion elsewhere in the Pod (volume mounts) leaves the defaults as they are', async () => {
    const { a, flag } = await analyse([file('apiserver.yaml', chart('mounts'))]);
    expect(a.files[0]!.documents[0]!.document.diagnostics.map((d) => d.code)).not.toContain('template-inserted');
    expect(flag('profiling')).toMatchObject({ value: 'true', source: 'default' });
  });
});
