/**
 * The effective view (issue 11 item 4): the workspace's component instances and, for the one selected, every flag
 * with the value it runs with and where that comes from; security-relevant defaults listed without searching.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fixture } from '../helpers';
import { pasteOnPage, startHarness, waitForAnnotatedEditor, type Harness, openWithStorage } from './harness';

const KEY = 'kube-explainer.workspace.v1';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** A page with an empty saved workspace (no sample). */
async function emptyWorkspace(page: Page): Promise<void> {
  await openWithStorage(page, h.baseUrl, { [KEY]: JSON.stringify({ version: 1, activeFileId: null, files: [] }) });
  await page.locator('.kx-empty').waitFor();
}

const row = (page: Page, flag: string) => page.locator(`[data-testid=effective-row][data-flag="${flag}"]`);
/** The line the editor's cursor is on. */
const activeLine = (page: Page) => page.locator('.line-numbers.active-line-number').first().textContent();

async function openEffective(page: Page): Promise<void> {
  await page.locator('[data-testid=effective-tab]').click();
  await page.locator('[data-testid=effective-row]').first().waitFor();
}

describe('the effective view', () => {
  it('the sample: four instances on cp1, anonymous-auth on its default, the set flags and where they are', async () => {
    const { page, context, errors } = await h.newPage();
    await page.goto(h.baseUrl);
    await waitForAnnotatedEditor(page);
    await openEffective(page);

    const instances = page.locator('[data-testid=instance]');
    expect(await instances.evaluateAll((els) => els.map((e) => e.getAttribute('data-component')))).toEqual([
      'etcd',
      'kube-apiserver',
      'kube-controller-manager',
      'kube-scheduler',
    ]);
    expect(await instances.evaluateAll((els) => els.map((e) => e.getAttribute('data-host')))).toEqual([
      'cp1',
      'cp1',
      'cp1',
      'cp1',
    ]);
    // etcd names the node; the others are on it by their address
    expect(await instances.nth(0).getAttribute('data-inferred')).toBeNull();
    expect(await instances.nth(1).getAttribute('data-inferred')).toBe('true');
    expect(await instances.nth(1).textContent()).toContain('(inferred)');

    // the open file's instance is shown: the kube-apiserver
    await instances.nth(1).click();
    expect(await instances.nth(1).getAttribute('aria-selected')).toBe('true');
    const watch = page.locator('[data-testid=watch-row][data-flag=anonymous-auth]');
    expect(await watch.textContent()).toBe('--anonymous-auth=true');
    expect(await watch.getAttribute('title')).toMatch(/anonymous/i);
    expect(await page.locator('[data-testid=watch-row][data-flag=profiling]').textContent()).toBe('--profiling=true');
    const anon = row(page, 'anonymous-auth');
    expect(await anon.getAttribute('data-source')).toBe('default');
    expect(await anon.locator('[data-testid=effective-note]').textContent()).toBe('absent — default true in v1.31');

    // "set here": only the flags written, each with its place
    await page.locator('[data-testid=effective-filter][data-filter=set]').click();
    const rows = page.locator('[data-testid=effective-row]');
    await expect.poll(() => rows.count()).toBe(27);
    expect(new Set(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-source'))))).toEqual(
      new Set(['set']),
    );
    const etcd = row(page, 'etcd-servers');
    expect(await etcd.textContent()).toContain('--etcd-servers=https://127.0.0.1:2379');
    expect(await etcd.locator('[data-testid=source-badge]').textContent()).toBe('set here');
    const text = readFileSync('content/examples/kubeadm-v1.31/kube-apiserver.yaml', 'utf8');
    const line = text.split('\n').findIndex((l) => l.includes('--etcd-servers=')) + 1;
    expect(await etcd.locator('[data-testid=effective-note]').textContent()).toContain(`kube-apiserver.yaml:${line}`);
    // hovering shows the summary
    expect(await etcd.getAttribute('title')).toMatch(/etcd/i);

    // clicking a set flag of another file reveals it there
    await instances.nth(0).click();
    const dataDir = row(page, 'data-dir');
    await dataDir.click();
    await expect.poll(() => page.locator('[data-testid=file-tab].active .kx-tab-name').textContent()).toBe('etcd.yaml');
    const etcdText = readFileSync('content/examples/kubeadm-v1.31/etcd.yaml', 'utf8');
    const dataDirLine = etcdText.split('\n').findIndex((l) => l.includes('--data-dir=')) + 1;
    await expect.poll(() => activeLine(page)).toBe(String(dataDirLine));

    await instances.nth(1).click();
    await row(page, 'etcd-servers').click();
    await expect
      .poll(() => page.locator('[data-testid=file-tab].active .kx-tab-name').textContent())
      .toBe('kube-apiserver.yaml');
    await expect.poll(() => activeLine(page)).toBe(String(line));

    // the search box narrows by name
    await page.locator('[data-testid=effective-filter][data-filter=all]').click();
    await page.locator('[data-testid=effective-search]').fill('--audit-log');
    await expect.poll(() => rows.count()).toBeGreaterThan(3);
    expect(
      (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-flag')))).every((n) =>
        n?.includes('audit-log'),
      ),
    ).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the host field: a name typed for a file groups its instance there, survives a reload, and empty falls back', async () => {
    const { page, context, errors } = await h.newPage();
    await page.goto(h.baseUrl);
    await waitForAnnotatedEditor(page);
    const field = page.locator('[data-testid=host-input]');
    // the apiserver tab is open: the host the analysis found is the placeholder
    expect(await field.getAttribute('placeholder')).toBe('cp1');
    await field.fill('master-1');
    await openEffective(page);
    const apiserver = page.locator('[data-testid=instance][data-component=kube-apiserver]');
    await expect.poll(() => apiserver.getAttribute('data-host')).toBe('master-1');
    // etcd still says cp1 by its --name: two hosts now, so the scheduler is no longer put on the only one
    expect(await page.locator('[data-testid=instance][data-component=etcd]').getAttribute('data-host')).toBe('cp1');
    expect(await page.locator('[data-testid=instance][data-component=kube-scheduler]').getAttribute('data-host')).toBe(
      '',
    );
    await page.waitForTimeout(600); // autosave debounce
    await page.reload();
    await waitForAnnotatedEditor(page);
    expect(await page.locator('[data-testid=host-input]').inputValue()).toBe('master-1');
    await page.locator('[data-testid=host-input]').fill('');
    await openEffective(page);
    await expect.poll(() => apiserver.getAttribute('data-host')).toBe('cp1');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a ps line of the sample kube-apiserver is compared with its manifest, not added to it', async () => {
    const { page, context, errors } = await h.newPage();
    await page.goto(h.baseUrl);
    await waitForAnnotatedEditor(page);
    const manifest = readFileSync('content/examples/kubeadm-v1.31/kube-apiserver.yaml', 'utf8');
    const flags = [...manifest.matchAll(/^ {4}- (--\S+)$/gm)].map((m) => m[1]!);
    const running = flags
      .filter((f) => !f.startsWith('--enable-admission-plugins='))
      .map((f) => (f.startsWith('--authorization-mode=') ? '--authorization-mode=AlwaysAllow' : f));
    await pasteOnPage(page, `root 2345 2100 8 10:01 ? 00:12:00 kube-apiserver ${running.join(' ')}\n`);
    await openEffective(page);
    const api = page.locator('[data-testid=instance][data-component=kube-apiserver]');
    await expect.poll(() => api.count()).toBe(1); // one instance, not a second one for the ps line
    await api.click();
    await expect
      .poll(() => api.locator('[data-testid=instance-document]').allTextContents())
      .toEqual([expect.stringContaining('command'), expect.stringContaining('running process')]);
    const diffs = page.locator('[data-testid=observed-difference]');
    await expect
      .poll(() => diffs.evaluateAll((els) => els.map((e) => e.getAttribute('data-flag'))))
      .toEqual(['authorization-mode', 'enable-admission-plugins']);
    expect(await diffs.first().textContent()).toContain('running: AlwaysAllow');
    // the value in effect is the manifest's, written once
    await page.locator('[data-testid=effective-filter][data-filter=set]').click();
    expect(await row(page, 'enable-admission-plugins').textContent()).toContain('=NodeRestriction');
    expect(await row(page, 'enable-admission-plugins').textContent()).not.toContain('NodeRestriction,');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a kubelet ps line beside the v1.31 sample: its version reads "v1.31.2 (assumed)" with where it came from', async () => {
    const { page, context, errors } = await h.newPage();
    await page.goto(h.baseUrl);
    await waitForAnnotatedEditor(page);
    await pasteOnPage(
      page,
      'root 1234 1 2 10:00 ? 00:01:00 /usr/bin/kubelet --kubeconfig=/etc/kubernetes/kubelet.conf --feature-gates=CPUManager=true\n',
    );
    // the flag panel of the pasted document: the assumed version, not "version unknown"
    const panelVersion = page.locator('[data-testid=flag-panel] .kx-doc-head [data-testid=version-assumed]');
    await expect.poll(() => panelVersion.textContent()).toBe('version 1.31.2 (assumed)');
    expect(await panelVersion.getAttribute('title')).toBe(
      'No document of this component says its version: assumed from kube-apiserver image registry.k8s.io/kube-apiserver:v1.31.2',
    );
    expect(await page.locator('[data-testid=flag-panel] .kx-doc-head').textContent()).not.toContain('version unknown');
    await openEffective(page);
    const kubelet = page.locator('[data-testid=instance][data-component=kubelet]');
    const assumed = kubelet.locator('[data-testid=version-assumed]');
    await expect.poll(() => assumed.textContent()).toBe('v1.31.2 (assumed)');
    expect(await assumed.getAttribute('title')).toContain(
      'kube-apiserver image registry.k8s.io/kube-apiserver:v1.31.2',
    );
    // the control plane's own versions are not marked
    const api = page.locator('[data-testid=instance][data-component=kube-apiserver]');
    expect(await api.locator('[data-testid=version-assumed]').count()).toBe(0);
    expect(await api.textContent()).toContain('v1.31.2');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a binary install: the flags of the env file a unit expands are set, in the env file', async () => {
    const { page, context, errors } = await h.newPage();
    await emptyWorkspace(page);
    await pasteOnPage(page, fixture('systemd/seed001-kube-apiserver.service'));
    await pasteOnPage(page, fixture('env/seed001-apiserver'));
    await expect.poll(() => page.locator('[data-testid=file-tab]').count()).toBe(2);
    await page.locator('[data-testid=effective-tab]').click();
    await row(page, 'anonymous-auth').waitFor();
    await expect.poll(() => page.locator('[data-testid=instance]').count()).toBe(1);
    const instance = page.locator('[data-testid=instance]');
    expect(await instance.getAttribute('data-component')).toBe('kube-apiserver');
    expect(await instance.getAttribute('data-host')).toBe('192.168.50.101');
    // the unit and the env file it expands
    expect(await instance.locator('[data-testid=instance-document]').allTextContents()).toEqual([
      'kube-apiserver.service · command',
      'kube-apiserver.txt · env file',
    ]);

    const env = fixture('env/seed001-apiserver').split('\n');
    const lineOf = (s: string) => env.findIndex((l) => l.includes(s)) + 1;
    const anon = row(page, 'anonymous-auth');
    await expect.poll(() => anon.getAttribute('data-source')).toBe('set');
    expect(await anon.textContent()).toContain('--anonymous-auth=false');
    expect(await anon.locator('[data-testid=effective-note]').textContent()).toContain(
      `kube-apiserver.txt:${lineOf('--anonymous-auth=false')}`,
    );
    const etcd = row(page, 'etcd-servers');
    expect(await etcd.getAttribute('data-source')).toBe('set');
    expect(await etcd.locator('[data-testid=effective-note]').textContent()).toContain(
      `kube-apiserver.txt:${lineOf('--etcd-servers=')}`,
    );
    // no version: the newest release's defaults, said so
    expect(await row(page, 'profiling').locator('[data-testid=effective-note]').textContent()).toBe(
      'absent — default true in the newest release',
    );
    expect(await page.locator('[data-testid=watch-row][data-flag=anonymous-auth]').count()).toBe(0);
    await expect.poll(() => row(page, 'kubelet-https').getAttribute('data-status')).toBe('removed');

    // "set here" lists the env file's flags; clicking one opens the env file at its line
    await page.locator('[data-testid=effective-filter][data-filter=set]').click();
    await expect.poll(() => page.locator('[data-testid=effective-row]').count()).toBe(29);
    await row(page, 'event-ttl').click();
    await expect
      .poll(() => page.locator('[data-testid=file-tab].active .kx-tab-name').textContent())
      .toBe('kube-apiserver.txt');
    await expect.poll(() => activeLine(page)).toBe(String(lineOf('--event-ttl=')));
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says in plain words which written value is not in effect, and reveals it', async () => {
    const { page, context, errors } = await h.newPage();
    await emptyWorkspace(page);
    await pasteOnPage(
      page,
      'root 900 1 2 10:00 ? 00:01:00 /usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --read-only-port=10255\n',
    );
    await pasteOnPage(
      page,
      'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nreadOnlyPort: 0\nmaxPods: 150\n',
    );
    await page.locator('[data-testid=effective-tab]').click();
    const port = row(page, 'read-only-port');
    await port.waitFor();
    expect(await port.getAttribute('data-source')).toBe('set');
    expect(await port.locator('[data-testid=overridden]').textContent()).toBe(
      '--read-only-port=0 in kubelet.yaml:3 is not in effect: the command-line flag overrides the configuration file',
    );
    // a setting of the configuration file is not a deprecated command-line flag
    expect(await row(page, 'max-pods').getAttribute('data-source')).toBe('config');
    expect(await row(page, 'max-pods').getAttribute('data-status')).toBe('ok');
    expect(await port.getAttribute('data-status')).toBe('deprecated');
    await port.locator('[data-testid=overridden]').click();
    await expect
      .poll(() => page.locator('[data-testid=file-tab].active .kx-tab-name').textContent())
      .toBe('kubelet.yaml');
    await expect.poll(() => activeLine(page)).toBe('3');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('never shows a secret value, and an unknown flag shows as written', async () => {
    const { page, context, errors } = await h.newPage();
    await emptyWorkspace(page);
    await pasteOnPage(
      page,
      '/usr/local/bin/kube-apiserver --advertise-address=10.9.9.9 --oidc-client-secret=hunter2hunter2xyz --made-up-flag=1\n',
    );
    await page.locator('[data-testid=effective-tab]').click();
    const secret = row(page, 'oidc-client-secret');
    await secret.waitFor();
    expect(await secret.textContent()).toContain('•••');
    expect(await page.locator('[data-testid=effective-panel]').textContent()).not.toContain('hunter2');
    expect(await row(page, 'made-up-flag').getAttribute('data-status')).toBe('unknown');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a long list is windowed: 300 written flags more, only the rows on screen in the page', async () => {
    const { page, context, errors } = await h.newPage();
    await emptyWorkspace(page);
    const many = Array.from({ length: 300 }, (_, i) => `--x-made-up-${i}=${i}`).join(' ');
    await pasteOnPage(page, `/usr/local/bin/kube-apiserver --advertise-address=10.9.9.9 ${many}\n`);
    await page.locator('[data-testid=effective-tab]').click();
    await row(page, 'advertise-address').waitFor();
    const all = page.locator('[data-testid=effective-filter][data-filter=all]');
    const total = Number(/\((\d+)\)/.exec((await all.textContent()) ?? '')?.[1]);
    expect(total).toBeGreaterThan(450);
    expect(await page.locator('[data-testid=effective-row]').count()).toBeLessThan(total);
    await page.locator('[data-testid=effective-search]').fill('x-made-up-299');
    await expect.poll(() => page.locator('[data-testid=effective-row]').count()).toBe(1);
    expect(await row(page, 'x-made-up-299').getAttribute('data-status')).toBe('unknown');
    expect(errors).toEqual([]);
    await context.close();
  });
});
