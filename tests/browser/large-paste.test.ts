/**
 * A pasted 1,000,000-character command line of ~44,000 unknown flags: the page stays responsive (a click is handled
 * while the worker analyses, no main-thread task near a second), the findings are one summary instead of 44,000,
 * the flag panel renders only the rows on screen yet reaches the last flag, and the flags are still explained in
 * the editor. The bound is far above the goal (50 ms, measured by npm run bench:browser) so a loaded machine does
 * not fail it; before this test's change the longest task was 7.9 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editorTextBox, pasteOnPage, startHarness, waitForAnnotatedEditor, type Harness } from './harness';
import { unknownFlagsLine } from './floods';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const LONG_TASK_BOUND_MS = 1000;

describe('a 1 MB command line of unknown flags', () => {
  it('keeps the page responsive and summarises the flood', async () => {
    const { page, context, errors } = await h.newPage();
    await page.goto(h.baseUrl);
    await waitForAnnotatedEditor(page);
    await page.evaluate(() => {
      const w = window as unknown as { __longest: number };
      w.__longest = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
      }).observe({ type: 'longtask' });
    });
    const { text, flags } = unknownFlagsLine();
    await pasteOnPage(page, text);
    await expect.poll(() => page.locator('[data-testid=file-tab]').count()).toBe(5);

    // while the worker reads it, a click is handled at once
    await page.locator('[data-testid=findings-tab]').click({ timeout: 5000 });
    await expect
      .poll(() => page.locator('[data-testid=findings-tab]').getAttribute('class'), { timeout: 5000 })
      .toContain('active');

    // one finding for the whole line
    const summary = page.locator('[data-rule=unknown-flag-flood]');
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.textContent()).toContain(
      `${flags.toLocaleString('en')} unknown flags: this is probably not a kube-apiserver command line.`,
    );
    expect(await page.locator('[data-rule=unknown-flag]').count()).toBe(0);
    expect(await page.locator('[data-testid=findings-tab]').textContent()).toMatch(/\(1\)/);

    // the flag panel lists every flag but renders only those on screen
    await page.locator('[data-testid=flags-tab]').click();
    expect(await page.locator('[data-testid=flags-tab]').textContent()).toContain(`(${flags})`);
    await page.locator('[data-testid=flag-row][data-flag=not-a-flag-0]').waitFor();
    const rendered = await page.locator('[data-testid=flag-row]').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(500);
    // scrolled to the end, the last flag is there and says what it is
    await page.locator('[data-testid=flag-panel]').evaluate((el) => (el.scrollTop = el.scrollHeight));
    const last = page.locator(`[data-testid=flag-row][data-flag=not-a-flag-${flags - 1}]`);
    await last.waitFor({ timeout: 10_000 });
    expect(await last.getAttribute('data-status')).toBe('unknown');
    expect(await last.textContent()).toContain('Unknown flag for kube-apiserver.');

    // in the editor every flag is still explained on hover, and only the summary is a squiggle
    const box = await editorTextBox(page, '--not-a-flag-3');
    await page.mouse.move(box.x + 10, box.y + box.height / 2);
    await page.locator('.monaco-hover-content', { hasText: 'not-a-flag-3' }).first().waitFor({ timeout: 10_000 });
    expect(await page.locator('.monaco-editor .view-overlays .squiggly-error').count()).toBe(1);

    await page.waitForTimeout(1000); // whatever runs after the result is in the measurement too
    const longest = await page.evaluate(() => (window as unknown as { __longest: number }).__longest);
    expect(longest).toBeLessThan(LONG_TASK_BOUND_MS);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('windows a long findings list and still reaches its end', async () => {
    const { page, context, errors } = await h.newPage();
    await page.goto(h.baseUrl);
    await waitForAnnotatedEditor(page);
    // 400 unknown flags among 401 known ones: no flood, 400 unknown-flag and 400 duplicate-flag findings. The security
    // audit's summary of the checks its defaults fail is not in this file: the ps line joins the sample's kube-apiserver
    // on cp1 (the workspace's only host), a kubeadm cluster, whose summary sits at its static Pod; as an observation
    // of that static Pod it differs in most flags: one process-differs finding
    const known = Array.from({ length: 401 }, () => '--profiling=false');
    const unknown = Array.from({ length: 400 }, (_, i) => `--not-a-flag-${i}=val`);
    await pasteOnPage(page, `kube-apiserver ${[...known, ...unknown].join(' ')}\n`);
    await page.locator('[data-testid=findings-tab]').click();
    await expect
      .poll(() => page.locator('[data-testid=findings-tab]').textContent(), { timeout: 60_000 })
      .toContain('(801)');
    expect(await page.locator('[data-rule=process-differs]').count()).toBe(1);
    const rendered = await page.locator('.kx-finding').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(300);
    await page.locator('[data-testid=findings]').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.locator('[data-rule=unknown-flag]', { hasText: '--not-a-flag-399 ' }).waitFor({ timeout: 10_000 });
    expect(errors).toEqual([]);
    await context.close();
  });
});
