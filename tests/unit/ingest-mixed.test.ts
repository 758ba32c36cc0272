/** Pastes that hold several formats (blog posts, terminal sessions): each part read with its own parser. */
import { describe, expect, it } from 'vitest';
import { file, fixture } from '../helpers';
import { facts, flag, flagPairs, ingest, lineCol, ofKind, slice } from './ingest-helpers';
import { maskOutside, segmentText } from '../../src/ingest/workspace/segments';

describe('mixed pastes', () => {
  it('seed 000: a container fragment, prose, then netstat output', async () => {
    const text = fixture('mixed/seed000-scheduler-args-and-netstat.txt');
    const r = await ingest(text, 'Untitled 1');
    expect(r.kind).toBe('static-pod');
    expect(r.parts?.map((p) => p.kind)).toEqual(['static-pod', 'listeners']);
    const [frag, listeners] = r.documents;
    expect([frag?.component, flagPairs(frag)]).toEqual([
      'kube-scheduler',
      [
        ['bind-address', '127.0.0.1'],
        ['port', '0'],
        ['leader-elect', 'true'],
      ],
    ]);
    expect(lineCol(text, flag(frag, 'port').nameRange)).toBe('6:7');
    expect(ofKind(listeners, 'listeners').listeners.map((l) => [l.port, l.component])).toEqual([
      [10259, 'kube-scheduler'],
    ]);
    expect(lineCol(text, ofKind(listeners, 'listeners').listeners[0]!.addressRange)).toBe('25:21');
    expect(r.documents.map((d) => d.id)).toEqual(['f1#0', 'f1#1']);
  });

  it('seed 004: ps output, prose, then the kubelet drop-in', async () => {
    const text = fixture('mixed/seed004-ps-and-dropin.txt');
    const r = await ingest(text, 'Untitled 2');
    expect(r.parts?.map((p) => p.kind)).toEqual(['command-line', 'systemd-unit']);
    const [ps, unit] = r.documents;
    expect([ps?.kind, ps?.label, ps?.flags.length]).toEqual(['command-line', 'kubelet (pid 1633)', 9]);
    expect([unit?.kind, unit?.label, unit?.component]).toEqual(['systemd-unit', '10-kubeadm.conf', 'kubelet']);
    expect(flagPairs(unit)).toEqual(flagPairs(ps));
    expect(slice(text, flag(unit, 'cluster-dns').nameRange)).toBe('--cluster-dns');
    expect(lineCol(text, flag(unit, 'cluster-dns').nameRange)).toBe(
      `${text.split('\n').findIndex((l) => l.startsWith('Environment="KUBELET_DNS_ARGS')) + 1}:31`,
    );
  });

  it('a file of one format is read whole, as before (YAML separators, comments and blank lines)', async () => {
    for (const path of [
      'kubeadm/kubeadm-v1beta3.yaml',
      'static-pod/seed000-kube-apiserver.yaml',
      'systemd/seed001-unit-and-env-pasted.txt',
      'listeners/seed000-netstat-kube.txt',
    ]) {
      const r = await ingest(fixture(path), path);
      expect([path, r.parts]).toEqual([path, undefined]);
    }
  });

  it('an override reads the file as the chosen kind, whole', async () => {
    const r = await ingest(fixture('mixed/seed004-ps-and-dropin.txt'), 'x', 'f1', { kindOverride: 'command-line' });
    expect(r.kindSource).toBe('override');
    expect(r.parts).toBeUndefined();
    expect(r.documents.map((d) => d.kind)).toEqual(['command-line']);
  });

  it('segments and masks keep offsets', async () => {
    const text =
      '说明文字\n[root@w1 ~]# ps -ef | grep kube\nroot 1 0 0 10:40 ? 00:00:01 /usr/bin/kubelet --v=2\n\n下面是配置\n~~~\nKUBELET_ARGS="--v=3"\n~~~\n';
    const segs = segmentText(text, await facts());
    expect(segs.map((s) => slice(text, s.range))).toEqual([
      '[root@w1 ~]# ps -ef | grep kube\nroot 1 0 0 10:40 ? 00:00:01 /usr/bin/kubelet --v=2',
      'KUBELET_ARGS="--v=3"',
    ]);
    const masked = maskOutside(text, [segs[1]!.range]);
    expect(masked.length).toBe(text.length);
    expect(masked.trim()).toBe('KUBELET_ARGS="--v=3"');
    expect(masked.split('\n').length).toBe(text.split('\n').length);
  });
});

describe('a mixed paste in a workspace', () => {
  it('its unit part expands from an env file in another tab; its other parts stay', async () => {
    const { resolveEnvironment } = await import('../../src/ingest/workspace/expandEnv');
    const { ingestFile } = await import('../../src/ingest');
    const { NOW } = await import('./ingest-helpers');
    const comps = await facts();
    const paste = [
      '[root@w1 ~]# ps -ef | grep kube-scheduler',
      'root 57379 1116 0 14:08 ? 00:00:04 /usr/local/bin/kube-scheduler --leader-elect=true',
      '',
      '它的 systemd 配置如下:',
      '# cat /usr/lib/systemd/system/kube-scheduler.service',
      '[Service]',
      'EnvironmentFile=-/etc/kubernetes/scheduler',
      'ExecStart=/usr/local/bin/kube-scheduler $KUBE_SCHEDULER_ARGS',
      '',
    ].join('\n');
    const env = 'KUBE_SCHEDULER_ARGS="--leader-elect=true --v=2"\n';
    const files = [file('Untitled 1', paste, 'p'), file('etc/kubernetes/scheduler', env, 'e')];
    const [mixed, envFile] = resolveEnvironment(
      files.map((f) => ingestFile(f, comps, { now: NOW })),
      files,
      comps,
    );
    expect(mixed?.parts?.map((p) => p.kind)).toEqual(['command-line', 'systemd-unit']);
    expect(mixed?.documents.map((d) => [d.id, d.kind, d.flags.map((f) => `${f.fileId}:${f.name}=${f.value}`)])).toEqual(
      [
        ['p#0', 'command-line', ['p:leader-elect=true']],
        ['p#1', 'systemd-unit', ['e:leader-elect=true', 'e:v=2']],
      ],
    );
    expect(envFile?.documents[0]?.flags).toEqual([]);
  });
});
