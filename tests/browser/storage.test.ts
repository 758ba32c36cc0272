/**
 * Workspace storage in the browser: two tabs of one origin (two pages of ONE browser context share localStorage),
 * the page-hide flush right after typing, a file too large for the storage quota, and a saved copy with a bad entry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import {
  editorTextBox,
  pasteOnPage,
  startHarness,
  waitForAnnotatedEditor,
  type Harness,
  openWithStorage,
} from './harness';

const KEY = 'kube-explainer.workspace.v1';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** Another tab of the same browser (same origin storage) showing the workspace. */
async function openTab(context: BrowserContext, url = h.baseUrl): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

const saved = (page: Page) => page.evaluate((k) => localStorage.getItem(k) ?? '', KEY);
const tabNames = (page: Page) => page.locator('[data-testid=file-tab] .kx-tab-name').allTextContents();
const tab = (page: Page, name: string) =>
  page.locator('[data-testid=file-tab]', { has: page.locator('.kx-tab-name', { hasText: new RegExp(`^${name}$`) }) });

/** Click at the end of the editor line holding `anchor` (the caret ends up after its last character). */
async function caretAfter(page: Page, anchor: string): Promise<void> {
  const box = await editorTextBox(page, anchor);
  await page.mouse.click(box.x + 5, box.y + box.height / 2);
  await page.keyboard.press('End');
}

/** The text of the editor as rendered (Monaco shows spaces as no-break spaces). */
const editorText = async (page: Page) =>
  ((await page.locator('.view-lines').textContent()) ?? '').replace(/\u00a0/g, ' ');

describe('two tabs of the same browser', () => {
  it('an idle tab that reloads or closes never erases what the other tab saved, and it sees those saves live', async () => {
    const { page: a, context } = await h.newPage();
    await a.goto(h.baseUrl);
    await waitForAnnotatedEditor(a);
    const b = await openTab(context);
    await waitForAnnotatedEditor(b);

    await caretAfter(a, '--secure-port');
    await a.keyboard.press('Enter');
    await a.keyboard.type('- --profiling=false');
    await expect.poll(() => saved(a), { timeout: 5000 }).toContain('--profiling=false');

    // B did nothing: reloading it (its page-hide flush runs) must not put its old copy back
    await b.reload();
    await waitForAnnotatedEditor(b);
    expect(await saved(a)).toContain('--profiling=false');
    expect(await editorText(b)).toContain('--profiling=false');

    // a later edit in A reaches B without a reload (storage events)
    await caretAfter(a, '--secure-port');
    await a.keyboard.press('Enter');
    await a.keyboard.type('- --v=3');
    await expect.poll(() => editorText(b), { timeout: 5000 }).toContain('--v=3');

    // B is idle again: closing it keeps A's work
    await b.close();
    const c = await openTab(context);
    await waitForAnnotatedEditor(c);
    await c.locator('[data-testid=flag-row][data-flag=profiling]').waitFor();
    await c.locator('[data-testid=flag-row][data-flag=v]').waitFor();
    await context.close();
  });

  it('when both tabs changed the same file, both versions are kept and the user chooses', async () => {
    const { page: a, context } = await h.newPage();
    await a.goto(h.baseUrl);
    await waitForAnnotatedEditor(a);
    await expect.poll(() => saved(a)).toContain('kube-apiserver');
    const b = await openTab(context);
    await waitForAnnotatedEditor(b);
    await caretAfter(a, '--secure-port');
    await caretAfter(b, '--secure-port');
    // both edit the same line before either save reaches the other tab
    await a.keyboard.insertText(' # fromTabA');
    await b.keyboard.insertText(' # fromTabB');

    const copyName = 'kube-apiserver (other tab).yaml';
    for (const page of [a, b]) await expect.poll(() => tabNames(page), { timeout: 10_000 }).toContain(copyName);
    await expect.poll(() => saved(a)).toContain('fromTabA');
    await expect.poll(() => saved(a)).toContain('fromTabB');

    // the tab that found the conflict asks which version to keep
    const notice = async () => {
      for (const page of [a, b]) if ((await page.locator('[data-testid=conflict-notice]').count()) > 0) return page;
      return null;
    };
    await expect.poll(notice, { timeout: 5000 }).not.toBeNull();
    const asker = (await notice())!;
    const other = asker === a ? b : a;
    const theirs = asker === a ? 'fromTabB' : 'fromTabA';
    const mine = asker === a ? 'fromTabA' : 'fromTabB';
    expect(await asker.locator('[data-testid=conflict-notice]').textContent()).toContain('kube-apiserver');
    await asker.locator('[data-testid=conflict-take-theirs]').click();

    // one file again, holding the other tab's text, in both tabs and in storage
    for (const page of [asker, other])
      await expect.poll(() => tabNames(page), { timeout: 5000 }).not.toContain(copyName);
    await expect.poll(() => saved(asker)).not.toContain(mine);
    expect(await saved(asker)).toContain(theirs);
    await expect.poll(() => editorText(other), { timeout: 5000 }).toContain(theirs);
    await context.close();
  });
});

describe('page hide', () => {
  it('keeps the keystrokes typed right before the page is closed', async () => {
    const { page: first, context } = await h.newPage();
    await first.goto(h.baseUrl);
    await waitForAnnotatedEditor(first);
    let page = first;
    for (let round = 0; round < 4; round++) {
      await caretAfter(page, '--secure-port');
      await page.keyboard.type(` # kxflush${round}`);
      await page.close(); // no wait: the autosave delay has not passed
      page = await openTab(context);
      await waitForAnnotatedEditor(page);
      expect(await saved(page)).toContain(`kxflush${round}`);
      expect(await editorText(page)).toContain(`kxflush${round}`);
    }
    await context.close();
  });

  it('saves what the editor has, not the last rendered state, when the page is hidden right after a keystroke', async () => {
    // Deterministic form of the race above: the page is hidden in the same task as the keystroke reaches the editor
    // (Monaco's native EditContext 'textupdate'), before React renders it.
    const { page, context } = await h.newPage();
    await page.goto(h.baseUrl);
    await waitForAnnotatedEditor(page);
    await caretAfter(page, '--secure-port');
    await page.keyboard.type(' # kxsametas');
    await page.evaluate((k) => {
      const input = document.activeElement as HTMLElement & { editContext?: EventTarget };
      const w = window as unknown as { storedAtHide?: string };
      (input.editContext ?? input).addEventListener(
        'textupdate',
        () => {
          window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
          w.storedAtHide = localStorage.getItem(k) ?? '';
        },
        { once: true },
      );
    }, KEY);
    await page.keyboard.type('k');
    const stored = await page.evaluate(() => (window as unknown as { storedAtHide?: string }).storedAtHide ?? '');
    expect(stored).toContain('kxsametask');
    await context.close();
  });
});

describe('what cannot be stored', () => {
  it('keeps a file too big for storage in its tab with a note, and every other edit is still saved', async () => {
    const { page, context, errors } = await h.newPage();
    await page.goto(h.baseUrl);
    await waitForAnnotatedEditor(page);
    const big = `# big paste\n${`${'x'.repeat(99)}\n`.repeat(60_000)}`; // 6,000,012 characters
    await pasteOnPage(page, big);
    await expect.poll(() => page.locator('[data-testid=file-tab]').count()).toBe(5);

    // an edit of another file after the paste is saved...
    await tab(page, 'kube-apiserver.yaml').click();
    await caretAfter(page, '--secure-port');
    await page.keyboard.press('Enter');
    await page.keyboard.type('- --profiling=false');
    await expect.poll(() => saved(page), { timeout: 5000 }).toContain('--profiling=false');
    // ...and the big file is kept in its tab, with a note saying so
    const note = page.locator('[data-testid=storage-notice]');
    await note.waitFor();
    expect(await note.textContent()).toContain('pasted-5.txt');
    expect(await note.textContent()).toMatch(/this tab only/);
    await tab(page, 'pasted-5.txt').click();
    await page.locator('.view-lines', { hasText: '# big paste' }).waitFor();

    // after a reload every saved edit is there (the big paste was in that tab only)
    await page.reload();
    await waitForAnnotatedEditor(page);
    await page.locator('[data-testid=flag-row][data-flag=profiling]').waitFor();
    expect(await tabNames(page)).toEqual([
      'kube-apiserver.yaml',
      'kube-controller-manager.yaml',
      'kube-scheduler.yaml',
      'etcd.yaml',
    ]);
    expect(errors.filter((e) => !/quota/i.test(e))).toEqual([]);
    await context.close();
  });

  it('restores a saved copy file by file: a bad entry is skipped and named, duplicate ids keep their own text, the unreadable copy can be downloaded', async () => {
    const { page, context } = await h.newPage();
    const raw = JSON.stringify({
      version: 1,
      activeFileId: 'a',
      files: [
        { id: 'a', name: 'first.yaml', text: 'apiVersion: v1\nkind: Pod # kxfirst\n' },
        { id: 'b', name: 'broken.yaml', text: 42 },
        { id: 'c', name: 'third.conf', text: 'KUBELET_KUBEADM_ARGS="--v=2" # kxthird\n' },
        { id: 'a', name: 'twin.yaml', text: 'apiVersion: v1\nkind: Pod # kxtwin\n' },
      ],
    });
    await openWithStorage(page, h.baseUrl, { [KEY]: raw });
    await expect.poll(() => tabNames(page)).toEqual(['first.yaml', 'third.conf', 'twin.yaml']);
    const note = page.locator('[data-testid=storage-notice]');
    await note.waitFor();
    expect(await note.textContent()).toContain('broken.yaml');

    // each restored file shows its own text (the duplicate id did not make one overwrite the other)
    await page.locator('.view-lines', { hasText: 'kxfirst' }).waitFor();
    await tab(page, 'twin.yaml').click();
    await page.locator('.view-lines', { hasText: 'kxtwin' }).waitFor();
    expect(await editorText(page)).not.toContain('kxfirst');
    await tab(page, 'first.yaml').click();
    await page.locator('.view-lines', { hasText: 'kxfirst' }).waitFor();

    // the unreadable copy, exactly as it was saved, from the notice
    const download = page.waitForEvent('download');
    await page.locator('[data-testid=download-unreadable]').click();
    const file = await download;
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(await file.path(), 'utf8')).toBe(raw);

    // and the next save keeps all three files
    await expect.poll(() => saved(page)).toContain('kxtwin');
    const after = await saved(page);
    expect(after).toContain('kxfirst');
    expect(after).toContain('kxthird');
    await context.close();
  });
});
