/**
 * The audit page: the sample's results grouped by component with counts and filters, the judged value and where it
 * comes from, and a fix applied to the file with one click (the audit runs again on the new text) and undone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, waitForAnnotatedEditor, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('the audit page', () => {
  it('the sample: grouped by instance, failures first, filters, a fix applied, the new value shown in the editor', async () => {
    const { page, context, errors } = await h.newPage();
    await page.goto(h.baseUrl);
    await waitForAnnotatedEditor(page);
    await page.locator('a[href="/audit"]').click();
    const rows = page.locator('[data-testid=audit-row]');
    await rows.first().waitFor();
    expect(await page.locator('[data-testid=audit-benchmark]').textContent()).toContain('1.31.2');

    // by default failures and manual checks, failures first, per instance of the four components
    const groups = await page
      .locator('[data-testid=audit-group]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-instance')));
    expect(groups).toEqual(expect.arrayContaining(['kube-apiserver@cp1', 'etcd@cp1']));
    const statuses = await rows.evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-status')))]);
    expect(statuses.sort()).toEqual(['fail', 'manual']);
    const apiserver = page.locator(
      '[data-testid=audit-group][data-instance="kube-apiserver@cp1"] [data-testid=audit-row]',
    );
    expect(await apiserver.first().getAttribute('data-status')).toBe('fail');

    // kubeadm's own choice: --profiling is on by default, the check fails on the default
    const profiling = page.locator('[data-testid=audit-row][data-check=apiserver-profiling]');
    await profiling.locator('.kx-audit-head').click();
    expect(await profiling.locator('[data-testid=audit-actual]').textContent()).toContain(
      'absent, default true in v1.31',
    );
    expect(await profiling.locator('[data-testid=audit-fix-edit]').textContent()).toContain('--profiling=false');

    // the filters: passes only; then a section
    await page.locator('[data-testid=audit-status-filter][data-status=fail]').click();
    await page.locator('[data-testid=audit-status-filter][data-status=manual]').click();
    await page.locator('[data-testid=audit-status-filter][data-status=pass]').click();
    await expect
      .poll(() => rows.evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-status')))]))
      .toEqual(['pass']);
    await page.locator('[data-testid=audit-section]').selectOption('2');
    await expect
      .poll(() =>
        page.locator('[data-testid=audit-group]').evaluateAll((els) => els.map((e) => e.getAttribute('data-instance'))),
      )
      .toEqual(['etcd@cp1']);
    await page.locator('[data-testid=audit-section]').selectOption('');
    await page.locator('[data-testid=audit-status-filter][data-status=pass]').click();
    await page.locator('[data-testid=audit-status-filter][data-status=fail]').click();

    // apply the fix (the row is still open): the manifest gets the flag, the check passes on the next analysis
    await profiling.locator('[data-testid=audit-apply]').click();
    await page.locator('[data-testid=audit-applied]').waitFor();
    await expect.poll(() => profiling.count()).toBe(0); // no longer a failure
    await page.locator('[data-testid=audit-status-filter][data-status=pass]').click();
    await expect.poll(() => profiling.getAttribute('data-status')).toBe('pass');
    expect(await profiling.locator('[data-testid=audit-actual]').textContent()).toBe(
      '--profiling=false show in editor',
    );
    // and the value is in the file: show it in the editor
    await profiling.locator('[data-testid=audit-actual] button').click();
    await page.locator('[data-testid=flag-row][data-flag=profiling]').waitFor();
    await expect.poll(() => page.locator('.view-lines').textContent()).toContain('--profiling=false');

    await context.close();
    expect(errors).toEqual([]);
  });

  it('the benchmark can be picked: the results use its numbers', async () => {
    const { page, context, errors } = await h.newPage();
    await page.goto(`${h.baseUrl}/audit`);
    const benchmark = page.locator('[data-testid=audit-benchmark]');
    await expect.poll(() => benchmark.textContent()).toContain('cis-1.11');
    await page.locator('[data-testid=audit-benchmark-select]').selectOption('cis-1.12');
    await expect.poll(() => benchmark.textContent()).toContain('cis-1.12');
    const profiling = page.locator('[data-testid=audit-row][data-check=apiserver-profiling]');
    await profiling.locator('.kx-audit-head').click();
    await expect.poll(() => profiling.locator('.kx-audit-peers').textContent()).toContain('cis-1.12');
    await context.close();
    expect(errors).toEqual([]);
  });

  it('undo restores the file as it was before the fix', async () => {
    const { page, context, errors } = await h.newPage();
    await page.goto(`${h.baseUrl}/audit`);
    const profiling = page.locator('[data-testid=audit-row][data-check=apiserver-profiling]');
    await profiling.waitFor();
    await profiling.locator('.kx-audit-head').click();
    await profiling.locator('[data-testid=audit-apply]').click();
    await expect.poll(() => profiling.count()).toBe(0);
    await page.locator('[data-testid=audit-undo]').click();
    await profiling.waitFor();
    expect(await profiling.getAttribute('data-status')).toBe('fail');
    await page.locator('a[href="/"]').click();
    await waitForAnnotatedEditor(page);
    expect(await page.locator('[data-testid=flag-row][data-flag=profiling]').count()).toBe(0);
    await context.close();
    expect(errors).toEqual([]);
  });
});
