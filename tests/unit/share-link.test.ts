/**
 * Share links (src/share/link.ts, src/share/redact.ts): the round trip, every way a link can be damaged, and the
 * redaction of secrets of every format, IPs, host names and cluster names.
 */
import { readdirSync, readFileSync } from 'node:fs';
import en from '../../content/en/ui.json';
import { createHash } from 'node:crypto';
import { DICTIONARY_KX1 } from '../../src/share/dictionary';
import { loadSampleFiles } from '../../src/workspace/sample';
import { describe, expect, it } from 'vitest';
import { deflateSync, strToU8 } from 'fflate';
import {
  BROWSER_LINK_LIMIT,
  CHAT_LINK_LIMIT,
  decodeShareFragment,
  encodeShareFragment,
  isShareFragment,
  linkLengthClass,
  type SharedWorkspace,
} from '../../src/share/link';
import { redactWorkspace } from '../../src/share/redact';
import { analyseWorkspace } from '../../src/pipeline';
import { file, fixture, loadKnowledgeBase, repoRoot } from '../helpers';
import type { WorkspaceFile } from '../../src/model/types';
import { secretWorkspace } from './share-fixtures';

const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

const WS: SharedWorkspace = {
  files: [
    { name: '/etc/kubernetes/manifests/kube-apiserver.yaml', text: 'apiVersion: v1\nkind: Pod\n# ünïcødé ✓\n' },
    { name: 'cp1/kubelet.service', text: '[Service]\nExecStart=/usr/bin/kubelet\n', host: 'cp1' },
    { name: 'odd.txt', text: '', kindOverride: 'env-file' },
  ],
  active: 1,
  view: '/trust',
  version: '1.31',
  lang: 'en',
  benchmark: 'cis-1.12',
};

describe('share link format', () => {
  it('round-trips a workspace through the fragment', () => {
    const fragment = encodeShareFragment(WS);
    expect(fragment.startsWith('kx1:')).toBe(true);
    expect(fragment).toMatch(/^kx1:[A-Za-z0-9_-]+$/);
    expect(isShareFragment(`#${fragment}`)).toBe(true);
    const opened = decodeShareFragment(`#${fragment}`);
    expect(opened).toEqual({ ok: true, workspace: WS });
  });

  it('opens a link a chat tool wrapped or escaped', () => {
    const fragment = encodeShareFragment(WS);
    const wrapped = `${fragment.slice(0, 20)}\n  ${fragment.slice(20, 40)} ${fragment.slice(40)}`;
    expect(decodeShareFragment(wrapped)).toEqual({ ok: true, workspace: WS });
    expect(decodeShareFragment(`#${fragment.replace(':', '%3A').replace(/-/g, '%2D')}`).ok).toBe(false);
    expect(decodeShareFragment(`kx1:${encodeURIComponent(fragment.slice(4))}`)).toEqual({ ok: true, workspace: WS });
  });

  it('says what is wrong with a damaged link, never throws', () => {
    const fragment = encodeShareFragment(WS);
    const reason = (h: string) => {
      const r = decodeShareFragment(h);
      return r.ok ? 'ok' : r.error.kind === 'corrupt' ? r.error.reason : r.error.kind;
    };
    expect(reason('#/trust')).toBe('not-a-link');
    expect(reason('')).toBe('not-a-link');
    expect(reason('#kx9:abc')).toBe('unknown-version');
    expect(decodeShareFragment('#kx2:abc')).toEqual({ ok: false, error: { kind: 'unknown-version', version: 2 } });
    expect(reason(fragment.slice(0, Math.floor(fragment.length / 2)))).toBe('unpack');
    expect(reason('kx1:')).toBe('characters');
    expect(reason('kx1:abc$def')).toBe('characters');
    expect(reason('kx1:%E0%A4%A')).toBe('escaping');
    // one character changed in the middle
    const mid = Math.floor(fragment.length / 2);
    const flipped = fragment.slice(0, mid) + (fragment[mid] === 'A' ? 'B' : 'A') + fragment.slice(mid + 1);
    expect(['ok', 'unpack', 'unreadable', 'shape', 'file-shape']).toContain(reason(flipped));
    const pack = (v: unknown) => `kx1:${b64url(deflateSync(strToU8(typeof v === 'string' ? v : JSON.stringify(v))))}`;
    expect(reason(pack('not json {'))).toBe('unreadable');
    expect(reason(pack([1, 2]))).toBe('shape');
    expect(reason(pack({ f: [{ n: 'a', t: 1 }] }))).toBe('file-shape');
    expect(reason(pack({ f: [{ n: 'a', t: '', k: 'windows-registry' }] }))).toBe('file-kind');
    expect(reason(pack({ f: [], v: '/admin' }))).toBe('view');
    expect(reason(pack({ f: [], r: 'latest' }))).toBe('version');
    expect(reason(pack({ f: [], b: 'cis-0.1' }))).toBe('benchmark');
    expect(decodeShareFragment(pack({ f: [{ n: 'a', t: 'x' }], a: 7 }))).toMatchObject({
      ok: true,
      workspace: { active: 0 },
    });
  });

  it('every reason a link can be refused for has its words', () => {
    const reasons = [...readFileSync(`${repoRoot}/src/share/link.ts`, 'utf8').matchAll(/reason: '([a-z-]+)'/g)].map(
      (m) => m[1]!,
    );
    expect(new Set(reasons).size).toBeGreaterThan(10);
    for (const r of reasons) expect((en as Record<string, string>)[`share.corrupt.${r}`], r).toBeTruthy();
  });

  it('refuses a link that inflates past any workspace (a deflate bomb)', () => {
    const bomb = deflateSync(new Uint8Array(30 * 1024 * 1024).fill(32), { level: 9 });
    const r = decodeShareFragment(`kx1:${b64url(bomb)}`);
    expect(r).toEqual({ ok: false, error: { kind: 'corrupt', reason: 'too-large' } });
  });

  it('kx1 deflates with its frozen dictionary: the sample cluster fits a chat message', async () => {
    // the dictionary is part of the format: changing it breaks every kx1 link (make a kx2 instead)
    expect(createHash('sha256').update(DICTIONARY_KX1).digest('hex')).toBe(
      '3417173a07c99848ac6f86cecef2bdb5fc96c88030e74dc07fb697a148880614',
    );
    const files = (await loadSampleFiles()).map((f) => ({ name: f.name, text: f.text }));
    const fragment = encodeShareFragment({ files, active: 0, view: '/', version: null, lang: 'en', benchmark: null });
    expect(fragment.length).toBeLessThan(400);
    expect(decodeShareFragment(fragment)).toMatchObject({ ok: true, workspace: { files } });
    // a workspace unlike the dictionary still round-trips
    const other = { ...WS, active: 0, files: [{ name: 'x.txt', text: 'zz'.repeat(5000) + 'ünïcødé' }] };
    expect(decodeShareFragment(encodeShareFragment(other))).toEqual({ ok: true, workspace: other });
  });

  it('classes link lengths at the chat and browser limits', () => {
    expect(linkLengthClass('x'.repeat(CHAT_LINK_LIMIT))).toBe('ok');
    expect(linkLengthClass('x'.repeat(CHAT_LINK_LIMIT + 1))).toBe('chat');
    expect(linkLengthClass('x'.repeat(BROWSER_LINK_LIMIT + 1))).toBe('browser');
  });
});

describe('redaction for links', () => {
  it('replaces every secret of every format, lists each, and the link carries none', async () => {
    const kb = await loadKnowledgeBase();
    const { files, secrets } = secretWorkspace();
    for (const s of secrets)
      expect(
        files.some((f) => f.text.includes(s)),
        s,
      ).toBe(true);
    const analysis = await analyseWorkspace(files, kb);
    const { files: out, redactions } = redactWorkspace(files, analysis);
    const all = out.map((f) => `${f.name}\n${f.text}`).join('\n');
    for (const s of secrets) expect(all, s).not.toContain(s);
    const listed = new Set(redactions.filter((r) => r.kind === 'secret').map((r) => r.secretKind));
    for (const k of ['private-key', 'client-key-data', 'token', 'bootstrap-token', 'password', 'encryption-key'])
      expect(listed, k).toContain(k);
    expect(all).toContain('DATA+OMITTED');
    expect(all).toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----\nREDACTED\n-----END [A-Z ]*PRIVATE KEY-----/);
    expect(all).toContain('KUBELET_API_TOKEN=REDACTED');
    // the link itself, decompressed, carries none either; and the redacted text reads as placeholders
    const fragment = encodeShareFragment({
      files: out,
      active: 0,
      view: '/',
      version: null,
      lang: 'en',
      benchmark: null,
    });
    const opened = decodeShareFragment(fragment);
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    const reopened = JSON.stringify(opened.workspace);
    for (const s of secrets) expect(reopened, s).not.toContain(s);
    const again = await analyseWorkspace(
      opened.workspace.files.map((f, i) => file(f.name, f.text, `r${i}`)),
      kb,
    );
    // what the readers still call a secret is a placeholder (a PEM key block whose body is REDACTED)
    const texts = new Map(again.files.map((f, i) => [f.file.fileId, opened.workspace.files[i]!.text]));
    const left = again.files
      .flatMap((f) => f.documents.flatMap((d) => (d.document.secrets ?? []).map((s) => ({ s, d: d.document }))))
      .filter(({ s }) => !s.redacted)
      .map(({ s, d }) => texts.get(s.fileId ?? d.fileId)!.slice(s.range.start, s.range.end));
    for (const t of left) expect(t).toMatch(/^-----BEGIN [A-Z ]+-----\nREDACTED\n-----END [A-Z ]+-----$/);
  });

  it('keeps everything else as written', async () => {
    const kb = await loadKnowledgeBase();
    const files = [file('a.yaml', fixture('../../content/examples/kubeadm-v1.31/kube-apiserver.yaml'))];
    const analysis = await analyseWorkspace(files, kb);
    const r = redactWorkspace(files, analysis);
    expect(r.files[0]!.text).toBe(files[0]!.text);
    expect(r.redactions).toEqual([]);
  });

  it('replaces IPs, host names and cluster names consistently', async () => {
    const kb = await loadKnowledgeBase();
    const root = `${repoRoot}/content/examples/kubeadm-ha-v1.31`;
    const files: WorkspaceFile[] = [];
    for (const node of ['cp1', 'cp2', 'cp3'])
      for (const n of readdirSync(`${root}/${node}`, { recursive: true, withFileTypes: true }))
        if (n.isFile() && n.name.endsWith('.yaml')) {
          const rel = `${n.parentPath.slice(root.length + 1)}/${n.name}`;
          files.push(file(rel, fixture(`../../content/examples/kubeadm-ha-v1.31/${rel}`), rel));
        }
    files.push(file('kube-apiserver.service', '[Unit]\nDocumentation=https://kubernetes.io/docs/reference/\n'));
    files.push(
      file(
        'admin.conf',
        'apiVersion: v1\nkind: Config\nclusters:\n- name: prod-eu-1\n  cluster:\n    server: https://api.prod.example.com:6443\ncontexts:\n- name: admin@prod-eu-1\n  context:\n    cluster: prod-eu-1\n    user: admin\nusers:\n- name: admin\n  user:\n    token: REDACTED\n',
      ),
    );
    const analysis = await analyseWorkspace(files, kb);
    const ips = new Set(files.flatMap((f) => [...f.text.matchAll(/\b10\.0\.0\.\d+\b/g)].map((m) => m[0])));
    expect(ips.size).toBeGreaterThan(1);
    const r = redactWorkspace(files, analysis, { ips: true, hostnames: true, clusterNames: true });
    const all = r.files.map((f) => `${f.name}\n${f.text}`).join('\n');
    for (const ip of ips) expect(all).not.toContain(ip);
    expect(all).not.toMatch(/\bcp[123]\b/);
    expect(all).not.toContain('prod-eu-1');
    expect(all).not.toContain('api.prod.example.com');
    expect(all).toContain('127.0.0.1'); // how a socket binds is kept
    expect(all).toContain('/etc/kubernetes/pki'); // Kubernetes' own names are kept
    expect(all).toContain('Documentation=https://kubernetes.io/docs/'); // public sites too
    // the same original, the same placeholder, everywhere
    const named = (k: 'ip' | 'hostname' | 'cluster') => r.redactions.flatMap((x) => (x.kind === k ? [x] : []));
    const ipMap = named('ip');
    expect(new Set(ipMap.map((x) => x.replacement)).size).toBe(ipMap.length);
    for (const x of ipMap) {
      const before = files.reduce(
        (n, f) => n + f.text.split(x.original).length - 1 + f.name.split(x.original).length - 1,
        0,
      );
      const after = r.files.reduce((n, f) => n + f.text.split(x.replacement).length - 1, 0);
      expect(after).toBeGreaterThanOrEqual(before > 0 ? 1 : 0);
      expect(x.replacement).toMatch(/^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d+$|^2001:db8::/);
    }
    // the placeholders still read as the same cluster: as many instances on as many hosts
    const again = await analyseWorkspace(r.files, kb);
    expect(again.instances.length).toBe(analysis.instances.length);
    expect(new Set(again.instances.map((i) => i.host?.name)).size).toBe(
      new Set(analysis.instances.map((i) => i.host?.name)).size,
    );
    expect(named('hostname').map((x) => x.original)).toEqual(
      expect.arrayContaining(['cp1', 'cp2', 'cp3', 'api.prod.example.com']),
    );
    expect(named('cluster').map((x) => x.original)).toContain('prod-eu-1');
  });
});
