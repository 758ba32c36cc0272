import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editorTextBox, pasteOnPage, startHarness, waitForAnnotatedEditor, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const TYPO_MANIFEST = `apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
spec:
  containers:
  - command:
    - kube-apiserver
    - --etcd-server=https://127.0.0.1:2379
    - --secure-port=6443
    image: registry.k8s.io/kube-apiserver:v1.31.2
    name: kube-apiserver
  hostNetwork: true
`;

describe('workspace in the browser', () => {
  it('shows the sample cluster and its flags on a first visit', async () => {
    const { page, context, errors } = await h.newPage();
    await page.goto(h.baseUrl);
    await expect.poll(() => page.locator('[data-testid=file-tab]').count()).toBe(4);
    await page.locator('[data-testid=flag-row]').first().waitFor();
    expect(await page.locator('[data-testid=component-name]').textContent()).toBe('kube-apiserver');
    const rows = page.locator('[data-testid=flag-row]');
    expect(await rows.count()).toBe(27);
    const etcd = page.locator('[data-testid=flag-row][data-flag=etcd-servers]');
    expect(await etcd.getAttribute('data-status')).toBe('ok');
    expect(await etcd.textContent()).toMatch(/etcd/i);
    // every flag of the sample is documented
    expect(await page.locator('[data-testid=flag-row][data-status=unknown]').count()).toBe(0);
    // the editor shows the manifest
    await page.locator('.view-lines', { hasText: '--etcd-servers=https://127.0.0.1:2379' }).waitFor();
    // the built page runs under a CSP without eval, and nothing violated it
    const csp = await page.locator('meta[http-equiv=Content-Security-Policy]').getAttribute('content');
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the documentation of --etcd-servers when hovering it in the editor', async () => {
    const { page, context } = await h.newPage();
    await page.goto(h.baseUrl);
    await waitForAnnotatedEditor(page);
    const box = await editorTextBox(page, '--etcd-servers');
    await page.mouse.move(box.x + 20, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover-content', { hasText: 'etcd-servers' });
    await hover.waitFor({ timeout: 10_000 });
    const text = (await hover.textContent()) ?? '';
    expect(text).toContain('--etcd-servers');
    expect(text).toMatch(/2379/); // the explanation, not only the name
    expect(text).toContain('strings'); // the type
    await context.close();
  });

  it('explains keys of the manifest too, not only flags', async () => {
    const { page, context } = await h.newPage();
    await page.goto(h.baseUrl);
    await waitForAnnotatedEditor(page);
    const box = await editorTextBox(page, 'creationTimestamp');
    await page.mouse.move(box.x + 10, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover-content', { hasText: 'metadata.creationTimestamp' });
    await hover.waitFor({ timeout: 10_000 });
    expect(((await hover.textContent()) ?? '').length).toBeGreaterThan(120);
    await context.close();
  });

  it('marks a typo in a pasted manifest as an unknown flag with a suggestion', async () => {
    const { page, context } = await h.newPage();
    await page.goto(h.baseUrl);
    await page.locator('[data-testid=flag-row]').first().waitFor();
    await pasteOnPage(page, TYPO_MANIFEST);
    await expect.poll(() => page.locator('[data-testid=file-tab]').count()).toBe(5);
    const row = page.locator('[data-testid=flag-row][data-flag=etcd-server]');
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('unknown');
    expect(await row.textContent()).toContain('--etcd-servers');
    // the editor marks it: a squiggle under the flag and a marker with the suggestion
    await page.locator('.squiggly-error').first().waitFor();
    await page.locator('[data-testid=findings-tab]').click();
    const finding = page.locator('[data-rule=unknown-flag]');
    await finding.waitFor();
    expect(await finding.textContent()).toContain('Did you mean --etcd-servers?');
    // hovering the squiggle shows the marker message
    const box = await editorTextBox(page, '--etcd-server');
    await page.mouse.move(box.x + 15, box.y + box.height / 2);
    await page
      .locator('.monaco-hover', { hasText: 'Did you mean --etcd-servers?' })
      .first()
      .waitFor({ timeout: 10_000 });
    await context.close();
  });

  it('keeps an edit across a reload', async () => {
    const { page, context } = await h.newPage();
    await page.goto(h.baseUrl);
    await waitForAnnotatedEditor(page);
    const box = await editorTextBox(page, '--secure-port');
    await page.mouse.click(box.x + 5, box.y + box.height / 2);
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('- --profiling=false');
    await page.locator('[data-testid=flag-row][data-flag=profiling]').waitFor();
    // typed text lands where it was typed (the editor is not reset by lagging state); the panel follows every
    // keystroke, so the row may first show a prefix of the value
    await expect
      .poll(() => page.locator('[data-testid=flag-row][data-flag=profiling]').textContent())
      .toContain('=false');
    await page.waitForTimeout(600); // autosave debounce
    await page.reload();
    await page.locator('[data-testid=flag-row][data-flag=profiling]').waitFor();
    expect(await page.locator('[data-testid=flag-row]').count()).toBe(28);
    await context.close();
  });

  it('reports bad input in place and keeps working', async () => {
    const { page, context, errors } = await h.newPage();
    await page.goto(h.baseUrl);
    await page.locator('[data-testid=flag-row]').first().waitFor();
    await pasteOnPage(page, 'apiVersion: v1\nkind: Pod\nspec:\n  containers: [unclosed\n');
    await expect.poll(() => page.locator('[data-testid=file-tab]').count()).toBe(5);
    await page.locator('[data-testid=findings-tab]').click();
    const finding = page.locator('[data-rule=document-problem]').first();
    await finding.waitFor();
    expect(await finding.textContent()).toMatch(/never closed/);
    // the other files are still explained
    await page.locator('[data-testid=file-tab]').first().click();
    await page.locator('[data-testid=flags-tab]').click();
    await page.locator('[data-testid=flag-row]').first().waitFor();
    await page.locator('[data-testid=findings-tab]').click();
    await pasteOnPage(page, '\u0000\u0001\u0002binary');
    await page.locator('[data-rule=document-problem]', { hasText: 'binary' }).first().waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('made no request to any host but its own', () => {
    expect(h.requests.length).toBeGreaterThan(10);
    const foreign = h.requests.filter(
      (u) => !u.startsWith(h.baseUrl) && !u.startsWith('data:') && !u.startsWith('blob:'),
    );
    expect(foreign).toEqual([]);
  });
});
