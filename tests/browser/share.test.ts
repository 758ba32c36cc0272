/**
 * Share links in the browser: the Share dialog makes a link with every secret replaced; the link opened in a fresh
 * browser context (no storage of the first) shows the same workspace except the redactions, makes no request at
 * all, shows the banner, and leaves the saved workspace alone until "keep"; a damaged link says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pasteOnPage, startHarness, waitForAnnotatedEditor, type Harness } from './harness';

const KEY = 'kube-explainer.workspace.v1';
const fixture = (p: string) => readFileSync(new URL(`../fixtures/${p}`, import.meta.url), 'utf8');

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

interface Saved {
  files: { name: string; text: string; host?: string }[];
}
const saved = async (page: Page): Promise<Saved | null> => {
  const raw = await page.evaluate((k) => localStorage.getItem(k), KEY);
  return raw ? (JSON.parse(raw) as Saved) : null;
};
const tabNames = (page: Page) => page.locator('[data-testid=file-tab] .kx-tab-name').allTextContents();

const UNIT = fixture('secrets/10-kubeadm.conf');
const KUBECONFIG = fixture('kubeconfig/admin.conf');
const KEY_PEM = fixture('pem/admin.key');
const SECRETS = [
  'Zq8fakeKubeletApiTokenWx3',
  'Hk2fakeRegistryPassVb9',
  /client-key-data: *(\S+)/.exec(KUBECONFIG)![1]!,
  KEY_PEM.split('\n').find((l) => l.length > 40 && !l.startsWith('-----'))!,
];

/** Open the Share dialog and wait for its link. */
async function shareLink(page: Page): Promise<string> {
  await page.locator('[data-testid=share-button]').click();
  const url = page.locator('[data-testid=share-url]');
  await url.waitFor({ timeout: 20_000 });
  return url.inputValue();
}

describe('share links', () => {
  it('round trip: the link opens in a fresh browser the same workspace, secrets replaced, with no request', async () => {
    const { page: a, errors } = await h.newPage();
    await a.goto(h.baseUrl);
    await waitForAnnotatedEditor(a);
    for (const text of [UNIT, KUBECONFIG, KEY_PEM]) await pasteOnPage(a, text);
    await expect.poll(async () => (await saved(a))?.files.length ?? 0, { timeout: 5000 }).toBe(7);
    const mine = (await saved(a))!;
    for (const s of SECRETS) expect(mine.files.some((f) => f.text.includes(s))).toBe(true);

    const link = await shareLink(a);
    expect(link.startsWith(`${h.baseUrl}/#kx1:`)).toBe(true);
    const list = await a.locator('[data-testid=share-redactions] li').allTextContents();
    expect(list.join('\n')).toMatch(/KUBELET_API_TOKEN/);
    expect(list.join('\n')).toMatch(/client-key-data/);
    expect(list.join('\n')).toMatch(/private key/);
    // the link is long: it says so
    expect(link.length).toBeGreaterThan(2000);
    await a.locator('[data-testid=share-too-long]').waitFor();
    // nothing of a secret in the dialog either
    const dialog = (await a.locator('[data-testid=share-dialog]').textContent()) ?? '';
    for (const s of SECRETS) expect(dialog).not.toContain(s);

    // B: a fresh browser context, its own workspace saved first
    const { page: b, errors: errorsB } = await h.newPage();
    await b.goto(h.baseUrl);
    await waitForAnnotatedEditor(b);
    await pasteOnPage(b, 'kube-scheduler --v=2 --leader-elect=true\n');
    await expect.poll(async () => (await saved(b))?.files.length ?? 0, { timeout: 5000 }).toBe(5);
    const own = JSON.stringify(await saved(b));

    const before = h.requests.length;
    await b.goto(link);
    await b.locator('[data-testid=link-banner]').waitFor();
    // the open file was the last pasted (a key: no flags); the analysis reached the page when its tabs are named
    await expect.poll(() => tabNames(b), { timeout: 20_000 }).toEqual(await tabNames(a));
    await b.locator('.view-lines').first().waitFor();
    // the link itself is read in the page: the document is the only request to the server, no other origin at all
    const made = h.requests.slice(before);
    expect(made.filter((u) => !u.startsWith(h.baseUrl))).toEqual([]);
    expect(made.filter((u) => u.includes('kx1:') && u !== link)).toEqual([]);
    expect(await tabNames(b)).toEqual(await tabNames(a));
    // B's own workspace is not touched while the link is shown, even after edits and a page hide
    await b.waitForTimeout(500); // longer than the autosave delay
    expect(JSON.stringify(await saved(b))).toBe(own);

    await b.locator('[data-testid=link-keep]').click();
    await expect.poll(async () => (await saved(b))?.files.length ?? 0, { timeout: 5000 }).toBe(12);
    const kept = (await saved(b))!;
    // B's own files are all still there, and the link's files follow, identical except the redactions
    const ownFiles = (JSON.parse(own) as Saved).files;
    expect(kept.files.slice(0, 5).map((f) => f.text)).toEqual(ownFiles.map((f) => f.text));
    const fromLink = kept.files.slice(5);
    expect(fromLink).toHaveLength(mine.files.length);
    for (const [i, f] of fromLink.entries()) {
      const original = mine.files[i]!;
      expect(f.name.replace(/ \(\d+\)(\.\w+)?$/, '$1')).toBe(original.name);
      const secretsIn = SECRETS.filter((s) => original.text.includes(s));
      if (secretsIn.length === 0) expect(f.text).toBe(original.text);
      else {
        for (const s of secretsIn) expect(f.text).not.toContain(s);
        expect(f.text).toMatch(/REDACTED|DATA\+OMITTED/);
        // everything around the secrets is as written
        // (a PEM key's body lines are the key: all of them go)
        const lines = original.text
          .split('\n')
          .filter((l) => !SECRETS.some((s) => l.includes(s)) && !/^[A-Za-z0-9+/=]{16,}$/.test(l));
        for (const l of lines) expect(f.text).toContain(l);
      }
    }
    expect(await b.locator('[data-testid=link-banner]').count()).toBe(0);
    expect(b.url()).not.toContain('#kx1:');
    // the page shows no secret outside the editor
    const outside = await b.evaluate(() => {
      const clone = document.body.cloneNode(true) as HTMLElement;
      clone.querySelectorAll('.monaco-editor').forEach((e) => e.remove());
      return clone.textContent ?? '';
    });
    for (const s of SECRETS) expect(outside).not.toContain(s);
    expect(errors).toEqual([]);
    expect(errorsB).toEqual([]);
  }, 90_000);

  it('"back to my workspace" shows the saved one; a damaged or newer link says so and opens nothing', async () => {
    const { page, errors } = await h.newPage();
    await page.goto(h.baseUrl);
    await waitForAnnotatedEditor(page);
    await pasteOnPage(page, 'kube-scheduler --v=3\n');
    await expect.poll(async () => (await saved(page))?.files.length ?? 0, { timeout: 5000 }).toBe(5);
    const own = JSON.stringify(await saved(page));
    const names = await tabNames(page);
    const link = await shareLink(page);
    await page.locator('[data-testid=share-close]').click();

    // cut short, as a chat tool would
    await page.goto(`${h.baseUrl}/`);
    await page.goto(link.slice(0, Math.floor(link.length * 0.6)));
    await page.locator('[data-testid=link-error]').waitFor();
    expect(await page.locator('[data-testid=link-error]').textContent()).toMatch(/cut short or damaged/);
    await waitForAnnotatedEditor(page);
    expect(await tabNames(page)).toEqual(names);

    await page.goto(`${h.baseUrl}/#kx7:AAAA`);
    await page.locator('[data-testid=link-error]').waitFor();
    expect(await page.locator('[data-testid=link-error]').textContent()).toMatch(/newer version/);

    // a good link, then back
    await page.goto(`${h.baseUrl}/`);
    await page.goto(link.replace('kube-scheduler', 'x'));
    await page.goto(link);
    await page.locator('[data-testid=link-banner]').waitFor();
    await page.locator('[data-testid=link-leave]').click();
    await expect.poll(() => tabNames(page)).toEqual(names);
    expect(JSON.stringify(await saved(page))).toBe(own);
    expect(errors).toEqual([]);
  }, 60_000);
});

describe('exports from the page', () => {
  it('downloads HTML, Markdown, JSON and CSV with no secret; the HTML opens from disk offline with all three graphs', async () => {
    const { page, errors } = await h.newPage();
    await page.goto(h.baseUrl);
    await waitForAnnotatedEditor(page);
    for (const text of [UNIT, KUBECONFIG, KEY_PEM]) await pasteOnPage(page, text);
    await expect.poll(async () => (await saved(page))?.files.length ?? 0, { timeout: 5000 }).toBe(7);
    await shareLink(page);
    const texts: Record<string, string> = {};
    const paths: Record<string, string> = {};
    for (const format of ['html', 'markdown', 'json', 'csv']) {
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 30_000 }),
        page.locator(`[data-testid=export-${format}]`).click(),
      ]);
      // saved under its own name: a file:// page is read as HTML by its extension
      const path = join(mkdtempSync(join(tmpdir(), 'kx-export-')), download.suggestedFilename());
      await download.saveAs(path);
      paths[format] = path;
      texts[format] = readFileSync(path, 'utf8');
      expect(download.suggestedFilename()).toMatch(
        /^kube-explainer-(onboarding|report|flags)-\d{4}-\d\d-\d\d\.(html|md|json|csv)$/,
      );
    }
    for (const [format, text] of Object.entries(texts)) {
      expect(text.length, format).toBeGreaterThan(1000);
      for (const s of SECRETS) expect(text, `${format}`).not.toContain(s);
    }
    expect(texts.markdown).toMatch(/^# Our Kubernetes control plane, explained/);
    expect(JSON.parse(texts.json!).schemaVersion).toBe(1);
    expect(errors).toEqual([]);

    // the HTML file from disk, in a browser context with no network at all
    const offline = await h.browser.newContext({ offline: true, viewport: { width: 1200, height: 900 } });
    const doc = await offline.newPage();
    const requested: string[] = [];
    doc.on('request', (r) => requested.push(r.url()));
    await doc.goto(`file://${paths.html}`);
    expect(requested.filter((u) => !u.startsWith('file://'))).toEqual([]);
    expect(requested).toHaveLength(1);
    for (const id of ['trust', 'components', 'ports']) {
      const svg = doc.locator(`figure[data-graph=${id}] svg`);
      const box = await svg.boundingBox();
      expect(box, id).not.toBeNull();
      expect(box!.width, id).toBeGreaterThan(200);
      expect(box!.height, id).toBeGreaterThan(100);
    }
    expect(await doc.locator('section.component').count()).toBeGreaterThanOrEqual(4);
    const pdf = await doc.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await offline.close();
  }, 90_000);
});

describe('sample gallery', () => {
  it('one click shows a sample beside the saved workspace; keep adds its files', async () => {
    const { page, errors } = await h.newPage();
    await page.goto(h.baseUrl);
    await waitForAnnotatedEditor(page);
    await expect.poll(async () => (await saved(page))?.files.length ?? 0, { timeout: 5000 }).toBe(4);
    const own = JSON.stringify(await saved(page));
    await page.locator('[data-testid=gallery-button]').click();
    await page.locator('[data-testid=gallery-binary-systemd]').click();
    await page.locator('[data-testid=link-banner]').waitFor();
    expect(await page.locator('[data-testid=link-banner]').textContent()).toContain('Binary install');
    await expect
      .poll(() => tabNames(page), { timeout: 10_000 })
      .toEqual(expect.arrayContaining(['kube-apiserver.service', 'apiserver', 'etcd.conf']));
    // the unit's flags come from the env files: the panel lists them (the unit's own text has none to mark)
    await page.locator('[data-testid=flag-row]').first().waitFor();
    await page.waitForTimeout(500); // past the autosave delay: nothing is written
    expect(JSON.stringify(await saved(page))).toBe(own);
    // another sample replaces the one shown, the saved workspace still untouched
    await page.locator('[data-testid=gallery-button]').click();
    await page.locator('[data-testid=gallery-kubeadm-v1\\.5]').click();
    await expect.poll(() => tabNames(page), { timeout: 10_000 }).toContain('kube-apiserver.json');
    await page.locator('[data-testid=link-keep]').click();
    await expect.poll(async () => (await saved(page))?.files.length ?? 0, { timeout: 5000 }).toBe(8);
    const names = (await saved(page))!.files.map((f) => f.name);
    expect(names.slice(0, 4)).toEqual((JSON.parse(own) as Saved).files.map((f) => f.name));
    expect(names.slice(4)).toEqual([
      '/etc/kubernetes/manifests/kube-apiserver.json',
      '/etc/kubernetes/manifests/kube-controller-manager.json',
      '/etc/kubernetes/manifests/kube-scheduler.json',
      '/etc/kubernetes/manifests/etcd.json',
    ]);
    expect(errors).toEqual([]);
  }, 60_000);

  it.each(['trust', 'network', 'audit'])('a link made on the %s page opens on that page', async (view) => {
    const { page, errors } = await h.newPage();
    await page.goto(`${h.baseUrl}/${view}`);
    await page.getByTestId(`${view}-page`).waitFor({ timeout: 20_000 });
    const link = await shareLink(page);
    const { page: b, errors: errorsB } = await h.newPage();
    await b.goto(link);
    await b.locator('[data-testid=link-banner]').waitFor();
    await expect.poll(() => new URL(b.url()).pathname).toBe(`/${view}`);
    await b.getByTestId(`${view}-page`).waitFor();
    expect([...errors, ...errorsB]).toEqual([]);
  });
});
