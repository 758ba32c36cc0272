/**
 * Serves the built app (dist/, made by `vite build` before these tests; another folder with KX_DIST, so that two
 * checkouts' builds do not meet) with `vite preview` and drives Debian's Chromium through playwright-core. Every
 * request the page makes is recorded.
 */
import { preview, type PreviewServer } from 'vite';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface Harness {
  baseUrl: string;
  browser: Browser;
  /** Every URL any page of this harness requested. */
  requests: string[];
  newPage(): Promise<{ page: Page; context: BrowserContext; errors: string[] }>;
  close(): Promise<void>;
}

/** The built app the tests serve. */
export const DIST = process.env.KX_DIST ?? 'dist';

export async function startHarness(): Promise<Harness> {
  if (!existsSync(`${DIST}/index.html`))
    throw new Error(`${DIST}/ is missing: run \`vite build\` first (npm test does).`);
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install chromium).`);
  const server: PreviewServer = await preview({
    preview: { port: 0, strictPort: false, host: '127.0.0.1' },
    build: { outDir: DIST },
    logLevel: 'silent',
  });
  const address = server.httpServer.address();
  const port = typeof address === 'object' && address ? address.port : 4173;
  const baseUrl = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const requests: string[] = [];
  return {
    baseUrl,
    browser,
    requests,
    async newPage() {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      context.on('request', (r) => requests.push(r.url()));
      return { page, context, errors };
    },
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    },
  };
}

/** Dispatch a paste of `text` on the page body (outside the editor): the app adds it as a new file. */
export async function pasteOnPage(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/** Screen position of the first editor text span containing `text`. */
export async function editorTextBox(page: Page, text: string) {
  // Monaco re-renders lines when decorations arrive, so look the span up again until it holds still.
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const span = page.locator('.view-lines .view-line span:not(:has(span))', { hasText: text }).first();
    const box = await span.boundingBox({ timeout: 1000 }).catch(() => null);
    if (box && box.width > 0) return box;
    await page.waitForTimeout(100);
  }
  throw new Error(`"${text}" is not visible in the editor`);
}

/** Wait until the analysis has reached the editor (decorations on flags are rendered). */
export async function waitForAnnotatedEditor(page: Page): Promise<void> {
  await page.locator('[data-testid=flag-row]').first().waitFor();
  await page.locator('.view-lines .kx-flag').first().waitFor();
}

/**
 * Open the app with `entries` already in localStorage, as if an earlier visit had saved them. Written before any of
 * the app's code runs, once per tab (a reload keeps what the app saved since). Every page of the app holds the
 * workspace, so writing storage from one of its pages races with its own autosave.
 */
export async function openWithStorage(page: Page, url: string, entries: Record<string, string>): Promise<void> {
  await page.addInitScript((e) => {
    if (sessionStorage.getItem('kx-test-seeded')) return;
    sessionStorage.setItem('kx-test-seeded', '1');
    for (const [k, v] of Object.entries(e)) localStorage.setItem(k, v);
  }, entries);
  await page.goto(url);
}
