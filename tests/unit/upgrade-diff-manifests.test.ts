/**
 * `npm run explain -- diff a.yaml b.yaml` (issue 17): two manifests (before and after `kubeadm upgrade`), each changed
 * flag explained; a secret's value never printed, even when it changed.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/explain';

const out: string[] = [];
const err: string[] = [];
beforeEach(() => {
  out.length = 0;
  err.length = 0;
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
});
afterEach(() => vi.restoreAllMocks());

const sample = (v: string, f: string) => `content/examples/kubeadm-v${v}/${f}`;

describe('diff of two manifests', () => {
  it('kubeadm 1.21 -> 1.31 API server: --insecure-port gone, the address changed, the release change named', async () => {
    expect(await main(['diff', sample('1.21', 'kube-apiserver.yaml'), sample('1.31', 'kube-apiserver.yaml')])).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('kube-apiserver (1.21.14 → 1.31.2)');
    expect(text).toMatch(/- removed --insecure-port: 0 \[deprecated\]\n\s+Old plain-HTTP API port/);
    expect(text).toContain('--advertise-address: 192.168.56.21 → 192.168.56.10');
    expect(text).toContain('diff --component kube-apiserver --from 1.21.14 --to 1.31.2');
    // unchanged flags are not listed
    expect(text).not.toContain('--secure-port');
  });

  it('json: one entry per component, changes with before/after', async () => {
    expect(await main(['diff', sample('1.21', 'etcd.yaml'), sample('1.31', 'etcd.yaml'), '--format', 'json'])).toBe(0);
    const json = JSON.parse(out.join('\n')) as {
      schemaVersion: number;
      components: { component: string; beforeVersion: string; afterVersion: string; changes: { flag: string }[] }[];
    };
    expect(json.schemaVersion).toBe(1);
    expect(json.components.map((c) => c.component)).toEqual(['etcd']);
    expect(json.components[0]?.beforeVersion).toMatch(/^3\.4/);
    expect(json.components[0]?.afterVersion).toMatch(/^3\.5/);
  });

  it('a changed secret is shown masked, never its value', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kx-mdiff-'));
    const a = join(dir, 'a.txt');
    const b = join(dir, 'b.txt');
    writeFileSync(a, 'kubelet --storage-driver-password=firstSecretValue1 --max-pods=110\n');
    writeFileSync(b, 'kubelet --storage-driver-password=otherSecretValue2 --max-pods=200 --v=2\n');
    expect(await main(['diff', a, b])).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('~ changed --storage-driver-password');
    expect(text).toContain('--max-pods: 110 → 200');
    expect(text).toContain('+ added --v: 2');
    expect(text).not.toContain('firstSecretValue1');
    expect(text).not.toContain('otherSecretValue2');
  });

  it('a file that cannot be read: exit 2', async () => {
    expect(await main(['diff', 'no/such/a.yaml', sample('1.31', 'etcd.yaml')])).toBe(2);
    expect(err.join('\n')).toContain('cannot read no/such/a.yaml');
  });
});
