/**
 * The app in Simplified Chinese (issue 18): the stored choice or a zh browser gives zh-CN; the header, a flag hover,
 * the flag panel, the trust graph's legend and the audit page in Chinese; the switch back to English keeps the
 * workspace and re-runs the analysis in English; an English page downloads no Chinese catalogue.
 * KX_SHOTS=<folder> saves a screenshot of each step there (to look at the CJK glyphs).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { editorTextBox, openWithStorage, startHarness, waitForAnnotatedEditor, type Harness } from './harness';

const LANGUAGE_KEY = 'kube-explainer.language';
const CJK = /[\u4e00-\u9fff]/;
const shots = process.env.KX_SHOTS;
if (shots) mkdirSync(shots, { recursive: true });

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function shot(page: Page, name: string): Promise<void> {
  if (shots) await page.screenshot({ path: `${shots}/${name}.png` });
}

const header = (page: Page) => page.locator('header.kx-header');
const uiChunks = (urls: readonly string[]) => urls.filter((u) => /\/assets\/ui-[^/]*\.js$/.test(u));

describe('zh-CN in the browser', () => {
  it('shows the header, a flag hover and the flag panel in Chinese when zh-CN is the stored choice', async () => {
    const { page, context, errors } = await h.newPage();
    await openWithStorage(page, h.baseUrl, { [LANGUAGE_KEY]: 'zh-CN' });
    await waitForAnnotatedEditor(page);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    const nav = (await header(page).locator('nav').textContent()) ?? '';
    expect(nav).toContain('工作区');
    expect(nav).toMatch(CJK);
    expect(await header(page).locator('.kx-language select').inputValue()).toBe('zh-CN');
    // the flag panel: summaries of the worker's zh-CN knowledge base
    const etcd = page.locator('[data-testid=flag-row][data-flag=etcd-servers]');
    await expect.poll(async () => (await etcd.textContent()) ?? '').toMatch(CJK);
    // a flag hover
    const box = await editorTextBox(page, '--etcd-servers');
    await page.mouse.move(box.x + 20, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover-content', { hasText: 'etcd-servers' });
    await hover.waitFor({ timeout: 10_000 });
    const text = (await hover.textContent()) ?? '';
    expect(text).toContain('--etcd-servers');
    expect(text).toMatch(CJK);
    expect(text).toContain('2379'); // facts stay: the default URL / port in the explanation or facts line
    await shot(page, 'zh-workspace-hover');
    await page.mouse.move(0, 0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('picks zh-CN on a first visit from a Chinese browser, with the trust legend and the audit page in Chinese', async () => {
    const context = await h.browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(h.baseUrl);
    await waitForAnnotatedEditor(page);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect((await header(page).textContent()) ?? '').toMatch(CJK);
    // a first visit does not store a choice
    expect(await page.evaluate((k) => localStorage.getItem(k), LANGUAGE_KEY)).toBeNull();

    await page.locator('a[href="/trust"]').first().click();
    const legend = page.locator('[data-testid=trust-graph] g.kx-legend');
    await legend.waitFor();
    expect((await legend.textContent()) ?? '').toMatch(CJK);
    // the details of a CA: what refers to it reads `kube-apiserver@cp1 信任它` (a ui.json sentence, no space between
    // Chinese characters), not 本项 (a list entry)
    await page
      .locator('[data-testid=trust-graph] g[data-node]', {
        has: page.locator('text[font-weight="600"]', { hasText: /^etcd-ca$/ }),
      })
      .click();
    const refs = (
      await page.locator('[data-testid=trust-details] [data-testid=trust-reference]').allTextContents()
    ).join('\n');
    expect(refs).toMatch(/kube-apiserver@cp1 信任它/);
    expect(refs).not.toMatch(/信任 它/);
    // the graph's hover titles (also in the SVG export) with the Chinese colon: 主体：CN = etcd-ca
    const titles = (await page.locator('[data-testid=trust-graph] title').allTextContents()).join('\n');
    expect(titles).toContain('主体：CN = etcd-ca');
    expect(titles).not.toMatch(/[\u4e00-\u9fff]: /);
    expect(refs).not.toContain('本项');
    await shot(page, 'zh-trust');

    await page.locator('a[href="/audit"]').first().click();
    await page.locator('[data-testid=audit-row]').first().waitFor();
    const groups = (await page.locator('[data-testid=audit-group]').allTextContents()).join(' ');
    expect(groups).toMatch(CJK);
    const rows = (await page.locator('[data-testid=audit-row]').allTextContents()).join(' ');
    expect(rows).toMatch(CJK);
    await shot(page, 'zh-audit');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('switches back to English at once, keeping the workspace, and remembers the choice', async () => {
    const { page, context, errors } = await h.newPage();
    await openWithStorage(page, h.baseUrl, { [LANGUAGE_KEY]: 'zh-CN' });
    await waitForAnnotatedEditor(page);
    const tabs = await page.locator('[data-testid=file-tab]').count();
    const etcd = page.locator('[data-testid=flag-row][data-flag=etcd-servers]');
    await expect.poll(async () => (await etcd.textContent()) ?? '').toMatch(CJK);

    await header(page).locator('.kx-language select').selectOption('en');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await expect.poll(async () => (await header(page).locator('nav').textContent()) ?? '').toContain('Workspace');
    // (the switcher names 简体中文 in Chinese, in every language)
    expect((await header(page).locator('nav').textContent()) ?? '').not.toMatch(CJK);
    expect((await header(page).locator('.kx-tagline').textContent()) ?? '').not.toMatch(CJK);
    // the workspace stays, and the analysis runs again in English
    expect(await page.locator('[data-testid=file-tab]').count()).toBe(tabs);
    await expect.poll(async () => (await etcd.textContent()) ?? '', { timeout: 10_000 }).not.toMatch(CJK);
    expect(await page.evaluate((k) => localStorage.getItem(k), LANGUAGE_KEY)).toBe('en');
    await shot(page, 'en-after-switch');

    // and to Chinese again, without a reload
    await header(page).locator('.kx-language select').selectOption('zh-CN');
    await expect.poll(async () => (await etcd.textContent()) ?? '', { timeout: 10_000 }).toMatch(CJK);
    expect(await page.evaluate((k) => localStorage.getItem(k), LANGUAGE_KEY)).toBe('zh-CN');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the first workspace, made on an English visit, by its Chinese default name, and renames it', async () => {
    const { page, context, errors } = await h.newPage();
    await page.goto(h.baseUrl);
    await waitForAnnotatedEditor(page);
    const button = page.locator('[data-testid=workspace-menu-button]');
    await expect.poll(async () => (await button.textContent()) ?? '').toContain('My workspace');

    await header(page).locator('.kx-language select').selectOption('zh-CN');
    await expect.poll(async () => (await button.textContent()) ?? '').toContain('我的工作区');
    expect((await button.textContent()) ?? '').not.toContain('My workspace');
    await button.click();
    const item = page.locator('[data-testid=workspace-item]').first();
    expect(await item.locator('strong').textContent()).toBe('我的工作区');
    await shot(page, 'zh-workspace-default-name');

    // renaming still renames: the prompt offers the name as shown, the new name is kept in any language
    page.once('dialog', (d) => {
      expect(d.defaultValue()).toBe('我的工作区');
      void d.accept('生产集群');
    });
    await item.locator('[data-testid=workspace-rename]').click();
    await expect.poll(async () => (await item.locator('strong').textContent()) ?? '').toBe('生产集群');
    await header(page).locator('.kx-language select').selectOption('en');
    await expect.poll(async () => (await button.textContent()) ?? '').toContain('生产集群');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('names a default workspace deleted in another tab by its Chinese name', async () => {
    const { page: a, context, errors } = await h.newPage();
    // the first workspace is made on an English visit: stored as `My workspace`
    await a.goto(h.baseUrl);
    await waitForAnnotatedEditor(a);
    await header(a).locator('.kx-language select').selectOption('zh-CN');
    const button = (p: Page) => p.locator('[data-testid=workspace-menu-button]');
    await expect.poll(async () => (await button(a).textContent()) ?? '').toContain('我的工作区');
    // another tab in Chinese makes a second workspace and deletes the first, which the first tab shows
    const b = await context.newPage();
    await b.addInitScript((k) => localStorage.setItem(k, 'zh-CN'), LANGUAGE_KEY);
    await b.goto(h.baseUrl);
    await waitForAnnotatedEditor(b);
    await button(b).click();
    b.once('dialog', (d) => void d.accept('第二个'));
    await b.locator('[data-testid=workspace-new]').click();
    await b.locator('.kx-empty').waitFor();
    if ((await b.locator('[data-testid=workspace-menu]').count()) === 0) await button(b).click();
    b.once('dialog', (d) => void d.accept());
    await b.locator('[data-testid=workspace-item][data-name="My workspace"] [data-testid=workspace-delete]').click();
    await expect
      .poll(() => a.locator('.kx-notice').allTextContents(), { timeout: 5000 })
      .toContainEqual(expect.stringContaining('工作区“我的工作区”已在另一个标签页中被删除'));
    expect((await a.locator('.kx-notice').allTextContents()).join(' ')).not.toContain('My workspace');
    expect(errors).toEqual([]);
    await context.close();
  });

  it("gives Monaco's own widgets Chinese words on a Chinese page, and an English page no Chinese table", async () => {
    const findWords = async (page: Page) => {
      await page.locator('.view-lines .view-line').nth(3).click();
      await page.keyboard.press('Control+f');
      const input = page.locator('.find-widget textarea, .find-widget input').first();
      await input.waitFor();
      return input.getAttribute('placeholder');
    };
    const monacoTable = (urls: readonly string[]) => urls.filter((u) => /\/assets\/zh-cn-[^/]*\.js$/.test(u));

    const mid = h.requests.length;
    const zh = await h.newPage();
    await openWithStorage(zh.page, h.baseUrl, { [LANGUAGE_KEY]: 'zh-CN' });
    await waitForAnnotatedEditor(zh.page);
    expect(await findWords(zh.page)).toBe('查找');
    await shot(zh.page, 'zh-monaco-find');
    expect(monacoTable(h.requests.slice(mid))).toHaveLength(1);
    expect(zh.errors).toEqual([]);
    await zh.context.close();

    const before = h.requests.length;
    const en = await h.newPage();
    await en.page.goto(h.baseUrl);
    await waitForAnnotatedEditor(en.page);
    expect(await findWords(en.page)).toBe('Find');
    expect(monacoTable(h.requests.slice(before))).toEqual([]);
    await en.context.close();
  });

  it('keeps each page name of the header on one line in a narrow window', async () => {
    const context = await h.browser.newContext({ viewport: { width: 760, height: 700 } });
    const page = await context.newPage();
    await openWithStorage(page, h.baseUrl, { [LANGUAGE_KEY]: 'zh-CN' });
    await waitForAnnotatedEditor(page);
    // lines of each name's text (a flex item is one box: its text's ranges tell the lines)
    const lines = await page.evaluate(() =>
      [...document.querySelectorAll('header.kx-header nav a, header.kx-header .kx-logo')].map((a) => {
        const r = document.createRange();
        r.selectNodeContents(a);
        return `${a.textContent}:${new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size}`;
      }),
    );
    expect(lines.length).toBeGreaterThan(4);
    expect(lines.filter((l) => !l.endsWith(':1'))).toEqual([]);
    await shot(page, 'zh-header-760');
    await context.close();
  });

  it('keeps flag names whole in the reference list, a flag page and the findings in a narrow window', async () => {
    const context = await h.browser.newContext({ viewport: { width: 760, height: 900 } });
    const page = await context.newPage();
    await openWithStorage(page, `${h.baseUrl}/reference/kube-apiserver`, { [LANGUAGE_KEY]: 'zh-CN' });
    // each flag name in the given place: its text and the number of lines it is drawn on
    const names = (selector: string) =>
      page.evaluate(
        (sel) =>
          [...document.querySelectorAll(sel)].map((a) => {
            const r = document.createRange();
            r.selectNodeContents(a);
            return `${a.textContent}:${new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size}`;
          }),
        selector,
      );
    await page.locator('.kx-ref-summary').first().waitFor();
    // the summaries mention other flags (`请改用 --enable-admission-plugins`)
    const summaries = await names('.kx-ref-summary .kx-nobreak');
    expect(summaries.length).toBeGreaterThan(3);
    expect(summaries.filter((l) => !l.endsWith(':1'))).toEqual([]);
    await shot(page, 'zh-reference-760');
    // a flag page's explanation (Markdown): names in prose and in code spans
    await page.goto(`${h.baseUrl}/reference/kube-apiserver/enable-admission-plugins`);
    await page.locator('.kx-md').first().waitFor();
    const md = await names('.kx-md .kx-nobreak');
    expect(md.some((l) => l.startsWith('--admission-control-config-file'))).toBe(true);
    expect(md.filter((l) => !l.endsWith(':1'))).toEqual([]);
    // the findings of the sample's kube-scheduler (`--kubeconfig 已弃用，……（--config）……`)
    await page.goto(h.baseUrl);
    await waitForAnnotatedEditor(page);
    await page.locator('.kx-tab-name', { hasText: 'kube-scheduler' }).click();
    await page.locator('[data-testid=findings-tab]').click();
    await page.locator('[data-testid=findings] li', { hasText: '--kubeconfig' }).waitFor();
    const findings = await names('[data-testid=findings] .kx-nobreak');
    expect(findings).toContain('--kubeconfig:1');
    expect(findings.filter((l) => !l.endsWith(':1'))).toEqual([]);
    await shot(page, 'zh-findings-760');
    await context.close();
  });

  it('an English page downloads no Chinese catalogue', async () => {
    const before = h.requests.length;
    const en = await h.newPage();
    await en.page.goto(h.baseUrl);
    await waitForAnnotatedEditor(en.page);
    const enChunks = new Set(uiChunks(h.requests.slice(before)));
    await en.context.close();
    const mid = h.requests.length;
    const zh = await h.newPage();
    await openWithStorage(zh.page, h.baseUrl, { [LANGUAGE_KEY]: 'zh-CN' });
    await waitForAnnotatedEditor(zh.page);
    const zhOnly = uiChunks(h.requests.slice(mid)).filter((u) => !enChunks.has(u));
    await zh.context.close();
    expect(zhOnly.length).toBeGreaterThan(0);
  });
});
