/**
 * The effective view for what cannot be known and for a kubelet's configuration file (issues 15 and 11): a cut
 * command line shows the flags after the cut as not known (not as defaults) and says how many security-relevant ones
 * that leaves; a kubelet with --config shows the KubeletConfiguration's defaults, not the flags'.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { pasteOnPage, startHarness, type Harness, openWithStorage } from './harness';

const KEY = 'kube-explainer.workspace.v1';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function emptyWorkspace(page: Page): Promise<void> {
  await openWithStorage(page, h.baseUrl, { [KEY]: JSON.stringify({ version: 1, activeFileId: null, files: [] }) });
  await page.locator('.kx-empty').waitFor();
}

const row = (page: Page, flag: string) => page.locator(`[data-testid=effective-row][data-flag="${flag}"]`);

describe('the effective view: unknown values and configuration-file defaults', () => {
  it('a cut line: flags after the cut are not known, the watch box says so', async () => {
    const { page, context, errors } = await h.newPage();
    await emptyWorkspace(page);
    await pasteOnPage(
      page,
      '           └─1234 /usr/local/bin/kube-apiserver --advertise-address=192.168.50.101 --secure-port=6443 --anonymous-auth=false --etcd-servers=https://192.…\n',
    );
    await page.locator('[data-testid=effective-tab]').click();
    const profiling = row(page, 'profiling');
    await profiling.waitFor();
    expect(await profiling.getAttribute('data-source')).toBe('cut');
    expect(await profiling.locator('[data-testid=source-badge]').textContent()).toBe('not known');
    expect(await profiling.locator('[data-testid=effective-note]').textContent()).toContain('the command line was cut');
    expect(await row(page, 'anonymous-auth').getAttribute('data-source')).toBe('set');
    expect(await page.locator('[data-testid=watch-cut]').textContent()).toMatch(
      /^\d+ security-relevant flags are not known/,
    );
    expect(await page.locator('[data-testid=watch-row]').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a kubelet with --config: the KubeletConfiguration defaults, file settings fine, a flag deprecated', async () => {
    const { page, context, errors } = await h.newPage();
    await emptyWorkspace(page);
    await pasteOnPage(
      page,
      'root 900 1 2 10:00 ? 00:01:00 /usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --max-pods=200\n',
    );
    await pasteOnPage(page, 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nmaxPods: 150\n');
    await page.locator('[data-testid=effective-tab]').click();
    const anon = row(page, 'anonymous-auth');
    await anon.waitFor();
    expect(await anon.getAttribute('data-source')).toBe('default');
    expect(await anon.getAttribute('data-status')).toBe('ok');
    expect(await anon.locator('.kx-flag-value').textContent()).toBe('=false');
    expect(await anon.locator('[data-testid=effective-note]').textContent()).toBe(
      "absent — default false of the KubeletConfiguration file (the flag's own default, true, does not apply)",
    );
    expect(await row(page, 'read-only-port').locator('.kx-flag-value').textContent()).toBe('=0');
    expect(await row(page, 'max-pods').getAttribute('data-status')).toBe('deprecated');
    expect(errors).toEqual([]);
    await context.close();
  });
});
