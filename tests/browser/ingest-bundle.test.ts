/**
 * Issue 15 in the browser: a bundle of public/collect.sh pasted outside the editor becomes one tab per file (named by
 * its path on the node, with its host), /collect.sh is served by the app itself, and a kubectl describe paste is read.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fixture } from '../helpers';
import { openWithStorage, pasteOnPage, startHarness, type Harness } from './harness';

const KEY = 'kube-explainer.workspace.v1';
const ROOT = fileURLToPath(new URL('../fixtures/node-root', import.meta.url));
const SHOTS = process.env.KX_SHOTS ?? '';

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

const bundle = () =>
  execFileSync('sh', [fileURLToPath(new URL('../../public/collect.sh', import.meta.url))], {
    encoding: 'utf8',
    env: { ...process.env, COLLECT_ROOT: ROOT, PATH: `${ROOT}/_bin:${process.env.PATH ?? ''}` },
  });

describe('a collector bundle in the app', () => {
  it('pasted, it becomes one tab per file on its host; the Pod in it is explained', async () => {
    const { page, context, errors } = await h.newPage();
    await emptyWorkspace(page);
    await pasteOnPage(page, bundle());
    const tabs = page.locator('[data-testid=file-tab]');
    await expect.poll(() => tabs.count(), { timeout: 15_000 }).toBe(20);
    const titles = await tabs.evaluateAll((els) => els.map((e) => e.getAttribute('title') ?? e.textContent ?? ''));
    expect(titles.join('\n')).toContain('/etc/kubernetes/manifests/kube-apiserver.yaml');
    // the Pod's tab: read as a static Pod, on host cp-1
    await tabs.filter({ hasText: 'kube-apiserver.yaml' }).first().click();
    await page.locator('[data-testid=flag-row]').first().waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('.kx-host-field input').inputValue()).toBe('cp-1');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/bundle-tabs.png` });
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('the app serves the collector itself at /collect.sh, and the toolbar offers it as a download', async () => {
    const { page, context } = await h.newPage();
    await page.goto(h.baseUrl);
    const text = await page.evaluate(async () => (await fetch('/collect.sh')).text());
    expect(text.startsWith('#!/bin/sh\n# kube-explainer node collector')).toBe(true);
    const link = page.locator('[data-testid=collector-link]');
    expect(await link.getAttribute('href')).toBe('/collect.sh');
    expect(await link.getAttribute('download')).toBe('collect.sh');
    const download = page.waitForEvent('download');
    await link.click();
    expect((await download).suggestedFilename()).toBe('collect.sh');
    await context.close();
  });

  it('a kubectl describe pod paste is read as one, with its flags', async () => {
    const { page, context, errors } = await h.newPage();
    await emptyWorkspace(page);
    await pasteOnPage(page, fixture('real-world/kubectl-describe-apiserver.txt'));
    await page.locator('[data-testid=flag-row]').first().waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid=flag-row]').count()).toBeGreaterThanOrEqual(15);
    await expect.poll(() => page.locator('.kx-kind').first().textContent()).toBe('kubectl describe');
    await page.locator('.view-lines .kx-flag').first().waitFor({ timeout: 15_000 });
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/describe.png` });
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
