/**
 * Issue 15 with issue 14 in the page: a pasted k3s config.yaml gives the instances of the components it configures,
 * on the node its node-name names; a flag it leaves out shows what k3s passes itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fixture } from '../helpers';
import { openWithStorage, pasteOnPage, startHarness, type Harness } from './harness';

const KEY = 'kube-explainer.workspace.v1';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const row = (page: Page, flag: string) => page.locator(`[data-testid=effective-row][data-flag="${flag}"]`);

describe('a k3s config.yaml', () => {
  it('its components on its node; absent flags at what k3s passes', async () => {
    const { page, context, errors } = await h.newPage();
    await openWithStorage(page, h.baseUrl, { [KEY]: JSON.stringify({ version: 1, activeFileId: null, files: [] }) });
    await page.locator('.kx-empty').waitFor();
    await pasteOnPage(page, fixture('distributions/k3s-config.yaml'));
    await page.locator('[data-testid=effective-tab]').click();
    const instances = page.locator('[data-testid=instance]');
    await instances.first().waitFor();
    await expect.poll(() => instances.count(), { timeout: 15_000 }).toBe(4);
    expect(await instances.evaluateAll((els) => els.map((e) => e.getAttribute('data-component')))).toEqual([
      'etcd',
      'kube-apiserver',
      'kube-controller-manager',
      'kubelet',
    ]);
    expect(await instances.evaluateAll((els) => els.map((e) => e.getAttribute('data-host')))).toEqual([
      'k3s-cp-1',
      'k3s-cp-1',
      'k3s-cp-1',
      'k3s-cp-1',
    ]);
    await page.locator('[data-testid=instance][data-component=kube-apiserver]').click();
    const anon = row(page, 'anonymous-auth');
    await anon.waitFor();
    await expect.poll(() => anon.getAttribute('data-source')).toBe('set');
    const profiling = row(page, 'profiling');
    expect(await profiling.getAttribute('data-source')).toBe('default');
    expect(await profiling.locator('[data-testid=effective-note]').textContent()).toBe(
      'absent — k3s passes false itself',
    );
    expect(await row(page, 'secure-port').locator('[data-testid=effective-note]').textContent()).toBe(
      'absent — k3s passes 6444 itself',
    );
    expect(errors).toEqual([]);
    await context.close();
  });
});
