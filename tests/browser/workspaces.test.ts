/**
 * Named workspaces (IndexedDB): create two, switch, reload — both kept; export one and import the file; a bad file
 * says what is wrong and where; "clear all stored data" empties IndexedDB and localStorage; the copy an earlier
 * version saved in localStorage becomes the first workspace. A picture of the menu goes to $KX_SHOTS (if set).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openWithStorage, pasteOnPage, startHarness, waitForAnnotatedEditor, type Harness } from './harness';
import { fixture } from '../helpers';

const KEY = 'kube-explainer.workspace.v1';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const tabNames = (page: Page) => page.locator('[data-testid=file-tab] .kx-tab-name').allTextContents();
const menuButton = (page: Page) => page.locator('[data-testid=workspace-menu-button]');
const items = (page: Page) => page.locator('[data-testid=workspace-item]');
const itemNames = (page: Page) =>
  items(page).evaluateAll((els): string[] => els.map((e) => e.getAttribute('data-name') ?? ''));

async function openMenu(page: Page): Promise<void> {
  if ((await page.locator('[data-testid=workspace-menu]').count()) === 0) await menuButton(page).click();
  await page.locator('[data-testid=workspace-menu]').waitFor();
}

/** Answer the next prompt or confirm with `answer` (a prompt) or accept it (a confirm). */
function answerNextDialog(page: Page, answer?: string): void {
  page.once('dialog', (d) => void (answer === undefined ? d.accept() : d.accept(answer)));
}

/** Everything of this app in the page's storage: IndexedDB's workspaces and docs, our localStorage keys. */
async function stored(page: Page): Promise<{ workspaces: { name: string }[]; docs: number; keys: string[] }> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('kube-explainer');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(new Error(String(r.error)));
    });
    const all = <T>(store: string) =>
      new Promise<T[]>((resolve, reject) => {
        if (!db.objectStoreNames.contains(store)) return resolve([]);
        const r = db.transaction(store).objectStore(store).getAll();
        r.onsuccess = () => resolve(r.result as T[]);
        r.onerror = () => reject(new Error(String(r.error)));
      });
    const workspaces = await all<{ name: string }>('workspaces');
    const docs = (await all<unknown>('docs')).length;
    db.close();
    const keys = Object.keys(localStorage).filter((k) => k.startsWith('kube-explainer.') || k.startsWith('kx-'));
    return { workspaces, docs, keys };
  });
}

/** Every saved copy in IndexedDB, as one text. */
async function docsText(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('kube-explainer');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(new Error(String(r.error)));
    });
    if (!db.objectStoreNames.contains('docs')) return '';
    const docs = await new Promise<unknown[]>((resolve, reject) => {
      const r = db.transaction('docs').objectStore('docs').getAll();
      r.onsuccess = () => resolve(r.result as unknown[]);
      r.onerror = () => reject(new Error(String(r.error)));
    });
    db.close();
    return JSON.stringify(docs);
  });
}

describe('named workspaces', () => {
  it('creates two workspaces, switches between them, and a reload keeps both with their files', async () => {
    const { page, context, errors } = await h.newPage();
    await page.goto(h.baseUrl);
    await waitForAnnotatedEditor(page);
    await expect.poll(() => menuButton(page).textContent()).toContain('My workspace');
    await expect.poll(async () => (await stored(page)).workspaces.map((w) => w.name)).toEqual(['My workspace']);

    // a second workspace, empty, named by the user
    await openMenu(page);
    answerNextDialog(page, 'staging cluster');
    await page.locator('[data-testid=workspace-new]').click();
    await expect.poll(() => menuButton(page).textContent()).toContain('staging cluster');
    await page.locator('.kx-empty').waitFor();
    await page.locator('.kx-toolbar > button', { hasText: /^New file$/ }).click();
    await expect.poll(() => tabNames(page)).toEqual(['untitled.yaml']);

    // a third from a sample
    await openMenu(page);
    await page.locator('[data-testid=workspace-sample-select]').selectOption('kubeadm-v1.21');
    await page.locator('[data-testid=workspace-new-sample]').click();
    await expect.poll(() => menuButton(page).textContent()).toContain('v1.21');
    await expect.poll(() => tabNames(page)).toContain('kube-apiserver.yaml');
    if (process.env.KX_SHOTS) {
      await openMenu(page);
      await page.screenshot({ path: join(process.env.KX_SHOTS, 'workspace-menu.png') });
    }

    // switch back to the first: the sample of a first visit, as it was
    await openMenu(page);
    expect(await itemNames(page)).toEqual(['My workspace', 'staging cluster', 'kubeadm v1.21: the --port=0 era']);
    await items(page).filter({ hasText: 'My workspace' }).locator('[data-testid=workspace-open]').click();
    await expect.poll(() => menuButton(page).textContent()).toContain('My workspace');
    await expect
      .poll(() => tabNames(page))
      .toEqual(['kube-apiserver.yaml', 'kube-controller-manager.yaml', 'kube-scheduler.yaml', 'etcd.yaml']);

    // reload: the tab stays on the workspace it showed, and every workspace is still there
    await page.reload();
    await waitForAnnotatedEditor(page);
    await expect.poll(() => menuButton(page).textContent()).toContain('My workspace');
    await openMenu(page);
    expect(await itemNames(page)).toEqual(['My workspace', 'staging cluster', 'kubeadm v1.21: the --port=0 era']);
    await items(page).filter({ hasText: 'staging cluster' }).locator('[data-testid=workspace-open]').click();
    await expect.poll(() => tabNames(page)).toEqual(['untitled.yaml']);

    // rename, duplicate and delete (with confirm)
    await openMenu(page);
    answerNextDialog(page, 'staging (old)');
    await items(page).filter({ hasText: 'staging cluster' }).locator('[data-testid=workspace-rename]').click();
    await expect.poll(() => menuButton(page).textContent()).toContain('staging (old)');
    await items(page).filter({ hasText: 'staging (old)' }).locator('[data-testid=workspace-duplicate]').click();
    await expect.poll(() => itemNames(page)).toContain('staging (old) (copy)');
    answerNextDialog(page);
    await items(page).filter({ hasText: 'staging (old) (copy)' }).locator('[data-testid=workspace-delete]').click();
    await expect
      .poll(() => itemNames(page))
      .toEqual(['My workspace', 'staging (old)', 'kubeadm v1.21: the --port=0 era']);
    await expect.poll(async () => (await stored(page)).docs).toBe(3);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('exports a workspace as a file and imports it as a new one; a bad file says what and where, and nothing breaks', async () => {
    const { page, context, errors } = await h.newPage();
    await page.goto(h.baseUrl);
    await waitForAnnotatedEditor(page);
    await openMenu(page);
    const download = page.waitForEvent('download');
    await items(page).first().locator('[data-testid=workspace-export]').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('kube-explainer-My-workspace.json');
    const text = await readFile(await file.path(), 'utf8');
    const doc = JSON.parse(text) as { format: string; version: number; name: string; files: { name: string }[] };
    expect(doc.format).toBe('kube-explainer-workspace');
    expect(doc.version).toBe(1);
    expect(doc.files.map((f) => f.name)).toContain('/etc/kubernetes/manifests/kube-apiserver.yaml');

    const dir = await mkdtemp(join(tmpdir(), 'kx-ws-'));
    const good = join(dir, 'kube-explainer-My-workspace.json');
    await writeFile(good, text);
    await page.locator('[data-testid=workspace-import-input]').setInputFiles(good);
    await expect.poll(() => itemNames(page)).toEqual(['My workspace', 'My workspace (2)']);
    await expect.poll(() => menuButton(page).textContent()).toContain('My workspace (2)');
    await expect.poll(() => tabNames(page)).toEqual(doc.files.map((f) => f.name.split('/').pop()));
    expect(await page.locator('[data-testid=workspace-info]').textContent()).toContain('4 files');

    // a file broken on line 3
    const bad = join(dir, 'broken.json');
    await writeFile(bad, '{\n  "format": "kube-explainer-workspace",\n  "version": 1,,\n  "files": []\n}\n');
    await page.locator('[data-testid=workspace-import-input]').setInputFiles(bad);
    const error = page.locator('[data-testid=workspace-error]');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/broken\.json.*not valid JSON.*line 3, column \d+/);
    if (process.env.KX_SHOTS)
      await page
        .locator('[data-testid=workspace-menu]')
        .screenshot({ path: join(process.env.KX_SHOTS, 'import-error.png') });
    // not a workspace file, and one of a newer version
    const other = join(dir, 'other.json');
    await writeFile(other, JSON.stringify({ format: 'kube-explainer-workspace', version: 9, files: [] }));
    await page.locator('[data-testid=workspace-import-input]').setInputFiles(other);
    await expect.poll(() => error.textContent()).toMatch(/newer version of kube-explainer\. version 9/);
    await writeFile(other, JSON.stringify({ format: 'kube-explainer-workspace', version: 1, files: [{ name: 'a' }] }));
    await page.locator('[data-testid=workspace-import-input]').setInputFiles(other);
    await expect.poll(() => error.textContent()).toMatch(/at files\[0\]\.text/);
    expect(await itemNames(page)).toEqual(['My workspace', 'My workspace (2)']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('exporting a workspace that holds a private key says so, and can replace it in the file', async () => {
    const { page, context, errors } = await h.newPage();
    await page.goto(h.baseUrl);
    await waitForAnnotatedEditor(page);
    const key = fixture('pki-generated/pki--sa.key');
    const body = key.split('\n')[1]!; // a line of the key's base64
    await pasteOnPage(page, key);
    await expect.poll(() => tabNames(page)).toHaveLength(5);
    await expect.poll(() => docsText(page), { timeout: 5000 }).toContain(body);
    await openMenu(page);
    await items(page).first().locator('[data-testid=workspace-export]').click();
    const ask = page.locator('[data-testid=workspace-export-secrets]');
    await ask.waitFor();
    expect(await ask.textContent()).toContain('Secrets in this workspace: 1 (');
    if (process.env.KX_SHOTS)
      await page
        .locator('[data-testid=workspace-menu]')
        .screenshot({ path: join(process.env.KX_SHOTS, 'export-secrets.png') });
    // replaced: the key is not in the file, the rest is
    let download = page.waitForEvent('download');
    await page.locator('[data-testid=workspace-export-redacted]').click();
    let text = await readFile(await (await download).path(), 'utf8');
    expect(text).not.toContain(body);
    expect(text).toContain('REDACTED');
    expect(text).toContain('--service-account-key-file');
    await expect.poll(() => ask.count()).toBe(0);
    // as it is, when the user says so
    await items(page).first().locator('[data-testid=workspace-export]').click();
    download = page.waitForEvent('download');
    await page.locator('[data-testid=workspace-export-with-secrets]').click();
    text = await readFile(await (await download).path(), 'utf8');
    expect(text).toContain(body);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('"clear all stored data" empties IndexedDB and localStorage, and nothing is stored again until an edit', async () => {
    const { page, context } = await h.newPage();
    await page.goto(h.baseUrl);
    await waitForAnnotatedEditor(page);
    await openMenu(page);
    answerNextDialog(page, 'second');
    await page.locator('[data-testid=workspace-new]').click();
    await expect.poll(async () => (await stored(page)).docs).toBe(2);
    expect((await stored(page)).keys).toContain(KEY);

    await openMenu(page);
    answerNextDialog(page);
    await page.locator('[data-testid=workspace-clear-all]').click();
    await page.locator('.kx-empty').waitFor();
    await expect.poll(() => stored(page)).toEqual({ workspaces: [], docs: 0, keys: [] });
    expect(await page.locator('.kx-notice').first().textContent()).toContain('was removed');
    // the page hidden and shown again (a tab switch): still nothing stored
    await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false })));
    await page.waitForTimeout(500);
    expect(await stored(page)).toEqual({ workspaces: [], docs: 0, keys: [] });
    await context.close();
  });

  it('two tabs on two workspaces never mix; the list, a deletion and "clear all" reach the other tab', async () => {
    const { page: a, context, errors } = await h.newPage();
    await a.goto(h.baseUrl);
    await waitForAnnotatedEditor(a);
    const b = await context.newPage();
    await b.goto(h.baseUrl);
    await waitForAnnotatedEditor(b);

    // A makes and opens a second workspace; B, still on the first, sees it in its menu
    await openMenu(a);
    answerNextDialog(a, 'second');
    await a.locator('[data-testid=workspace-new]').click();
    await a.locator('.kx-empty').waitFor();
    await a.locator('.kx-toolbar > button', { hasText: /^New file$/ }).click();
    await openMenu(b);
    await expect.poll(() => itemNames(b)).toEqual(['My workspace', 'second']);
    expect(await menuButton(b).textContent()).toContain('My workspace');

    // edits in each reach only its own workspace
    await a.locator('.view-lines').click();
    await a.keyboard.type('kind: Pod # kxsecond');
    await expect.poll(() => a.locator('.view-lines').textContent()).toContain('kxsecond');
    // the edit is saved in IndexedDB before the other tab reloads
    await expect.poll(() => docsText(a), { timeout: 5000 }).toContain('kxsecond');
    await b.keyboard.press('Escape');
    await b.reload();
    await waitForAnnotatedEditor(b);
    expect(await tabNames(b)).toEqual([
      'kube-apiserver.yaml',
      'kube-controller-manager.yaml',
      'kube-scheduler.yaml',
      'etcd.yaml',
    ]);
    expect(await menuButton(b).textContent()).toContain('My workspace');
    // (A's own reload after B's is the next test)
    await expect.poll(() => tabNames(a)).toEqual(['untitled.yaml']);

    // B deletes the workspace A shows: A is told, and keeps its files in the tab
    await openMenu(b);
    answerNextDialog(b);
    await items(b).filter({ hasText: 'second' }).locator('[data-testid=workspace-delete]').click();
    await expect.poll(() => itemNames(b)).toEqual(['My workspace']);
    await expect
      .poll(() => a.locator('.kx-notice').allTextContents(), { timeout: 5000 })
      .toContainEqual(expect.stringContaining('was deleted in another tab'));
    expect(await tabNames(a)).toEqual(['untitled.yaml']);

    // A clears everything: B shows an empty workspace and stores nothing
    await openMenu(a);
    answerNextDialog(a);
    await a.locator('[data-testid=workspace-clear-all]').click();
    await b.locator('.kx-empty').waitFor();
    await expect.poll(() => stored(b)).toEqual({ workspaces: [], docs: 0, keys: [] });
    expect(errors).toEqual([]);
    await context.close();
  });

  // A tab that is not in front paints late (Chromium throttles a background page's frames): the edit is checked
  // where it is kept (IndexedDB, and the editor's model) and the tab is brought to front like the one a user reloads.
  it('a tab keeps its edit across its reload after another tab on another workspace reloaded', async () => {
    const { page: a, context } = await h.newPage();
    await a.goto(h.baseUrl);
    await waitForAnnotatedEditor(a);
    const b = await context.newPage();
    await b.goto(h.baseUrl);
    await waitForAnnotatedEditor(b);
    await a.bringToFront();
    await openMenu(a);
    answerNextDialog(a, 'second');
    await a.locator('[data-testid=workspace-new]').click();
    await a.locator('.kx-empty').waitFor();
    await a.locator('.kx-toolbar > button', { hasText: /^New file$/ }).click();
    await a.locator('.view-lines').click();
    await a.keyboard.type('kind: Pod # kxsecond');
    await expect.poll(() => docsText(a), { timeout: 5000 }).toContain('kxsecond');
    await b.bringToFront();
    await b.reload();
    await waitForAnnotatedEditor(b);
    expect(await tabNames(b)).toContain('kube-apiserver.yaml'); // B is still on the first workspace
    expect(await docsText(b)).toContain('kxsecond'); // and its load left A's workspace as it was
    await a.bringToFront();
    await a.reload();
    await expect.poll(() => menuButton(a).textContent()).toContain('second');
    await expect.poll(() => a.locator('.view-lines').textContent(), { timeout: 5000 }).toContain('kxsecond');
    await context.close();
  });

  it('the copy an earlier version saved in localStorage becomes the first workspace, file by file', async () => {
    const { page, context } = await h.newPage();
    const raw = JSON.stringify({
      version: 2,
      activeFileId: 'b',
      files: [
        { id: 'a', name: 'old-a.yaml', text: 'kind: Pod # kxolda\n', rev: 3, by: 'tab1', history: [] },
        { id: 'b', name: 'old-b.conf', text: 'KUBELET_ARGS="--v=2" # kxoldb\n', rev: 1, by: 'tab1', history: [] },
      ],
    });
    await openWithStorage(page, h.baseUrl, { [KEY]: raw });
    await expect.poll(() => tabNames(page)).toEqual(['old-a.yaml', 'old-b.conf']);
    await page.locator('.view-lines', { hasText: 'kxoldb' }).waitFor();
    await expect.poll(async () => (await stored(page)).workspaces.map((w) => w.name)).toEqual(['My workspace']);
    await page.reload();
    await expect.poll(() => tabNames(page)).toEqual(['old-a.yaml', 'old-b.conf']);
    expect((await stored(page)).docs).toBe(1);
    await context.close();
  });
});
