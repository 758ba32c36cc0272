/**
 * The dev server (`npm start`, the README's way to run the app) under its Content-Security-Policy, and a hover on a
 * hostile pasted value (issue 10, item 3): the value is shown as text, no link or image from it, and the page asks
 * nothing of any other origin. Vite's dev server is started here from vite.config.ts (no build needed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ViteDevServer } from 'vite';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, editorTextBox, pasteOnPage } from './harness';

const HOSTILE = '![p](https://evil.example/p.png)';
const MANIFEST = `apiVersion: v1
kind: Pod
metadata:
  name: kube-scheduler
  namespace: kube-system
spec:
  containers:
  - command:
    - kube-scheduler
    - --profiling=${HOSTILE}
    - --leader-elect=[x](https://evil.example)
    image: registry.k8s.io/kube-scheduler:v1.31.2
    name: kube-scheduler
`;

let server: ViteDevServer;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  server = await createServer({
    // no file watcher: edits made meanwhile in the checkout must not reload the page under test
    server: { port: 0, strictPort: false, host: '127.0.0.1', watch: null },
    logLevel: 'silent',
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address !== 'object') throw new Error('the dev server has no address');
  baseUrl = `http://127.0.0.1:${address.port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the dev server', () => {
  it('sends the Content-Security-Policy header with the page', async () => {
    const response = await fetch(baseUrl);
    expect(response.ok).toBe(true);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self';");
    expect(csp).toContain("img-src 'self' data:;");
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|https?:|\*/);
  });

  it('shows a pasted ![image](url) value as text in the hover, and nothing leaves for another origin', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const requests: string[] = [];
    context.on('request', (r) => requests.push(r.url()));
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // a violation in a worker is not an event of the document, Chromium logs it (as it logs the page's)
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) errors.push(m.text());
    });
    await page.addInitScript(() => {
      const list: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = list;
      document.addEventListener('securitypolicyviolation', (e) => list.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const websockets: string[] = [];
    page.on('websocket', (ws) => websockets.push(ws.url()));

    await page.goto(baseUrl);
    await page.locator('[data-testid=flag-row]').first().waitFor({ timeout: 20_000 });
    await pasteOnPage(page, MANIFEST);
    await page.locator('[data-testid=flag-row][data-flag=profiling]').waitFor();
    await page.locator('.view-lines .kx-flag', { hasText: '--profiling' }).waitFor();

    const box = await editorTextBox(page, '--profiling');
    await page.mouse.move(box.x + 20, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover-content', { hasText: 'profiling' });
    await hover.waitFor({ timeout: 10_000 });
    await expect.poll(async () => (await hover.textContent()) ?? '').toContain('is not a boolean');

    // the value is text: no image, no link to the pasted origin (Monaco keeps a link's target in data-href)
    expect(await hover.locator('img').count()).toBe(0);
    expect(await hover.locator('a[href*="evil.example"], a[data-href*="evil.example"]').count()).toBe(0);
    expect(await page.locator('img[src*="evil.example"], a[href*="evil.example"]').count()).toBe(0);
    expect(await hover.textContent()).toContain(`"${HOSTILE}" is not a boolean`);
    // the only links are the official reference and this app's own reference page (the marker's "View Problem"
    // action is a button without a target)
    const links = hover.locator('a[href], a[data-href]');
    const targets = await links.evaluateAll((as) =>
      as.map((a) => a.getAttribute('data-href') ?? a.getAttribute('href')),
    );
    expect(targets).toHaveLength(2);
    expect(targets.filter((u) => /^https:\/\/kubernetes\.io\//.test(u ?? ''))).toHaveLength(1);
    expect(
      targets.filter((u) => (u ?? '').startsWith(`${new URL(page.url()).origin}/reference/kube-scheduler/profiling`)),
    ).toHaveLength(1);

    // the app ran under the policy: Monaco, its worker and the analysis worker, HMR, and nothing was blocked
    const violations = await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    expect(websockets.length).toBeGreaterThan(0);
    // the analysis worker answered (the flag panel is filled); Monaco's editor worker starts on demand: start one
    expect(page.workers().some((w) => w.url().includes('analysis.worker'))).toBe(true);
    const editorWorker = page.waitForEvent('worker', (w) => w.url().includes('editor.worker'));
    await page.evaluate(() => window.MonacoEnvironment?.getWorker('check', 'editorWorkerService').postMessage(null));
    // its module ran: Monaco's bootstrap installed its message handler
    await expect.poll(async () => (await editorWorker).evaluate(() => typeof self.onmessage)).toBe('function');
    const foreign = [...requests, ...websockets].filter(
      (u) => !/^(data|blob):/.test(u) && new URL(u).host !== new URL(baseUrl).host,
    );
    expect(foreign).toEqual([]);
    await context.close();
  });
});
