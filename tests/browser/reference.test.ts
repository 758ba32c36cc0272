/**
 * The reference browser (issue 17) in the built app: search with the keyboard (`/`, letters, ↑ ↓, Enter), search by
 * meaning, the release in the address changing which flags exist, the flag page's timeline, audit checks and its
 * link into the workspace, feature gates, the upgrade diff, and a clear message for every wrong address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { openWithStorage, startHarness, waitForAnnotatedEditor, type Harness } from './harness';

const KEY = 'kube-explainer.workspace.v1';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const rowNames = (page: Page) => page.locator('[data-testid=reference-list] li .kx-ref-name').allTextContents();
const activeName = (page: Page) =>
  page.locator('[data-testid=reference-list] li[aria-selected=true] .kx-ref-name').textContent();

/** Wait until the first row of the list is `name` (the list follows the search as it is typed). */
async function firstRowIs(page: Page, name: string) {
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid=reference-list] li .kx-ref-name')?.textContent === n,
    name,
  );
}

describe('reference search with the keyboard', () => {
  it('/ focuses the search, typing filters, arrows move, Enter opens the flag', async () => {
    const { page, errors } = await h.newPage();
    await page.goto(`${h.baseUrl}/reference/kube-apiserver?v=1.31`);
    await page.locator('[data-testid=reference-list]').waitFor();
    const all = (await rowNames(page)).length;
    expect(all).toBeGreaterThan(100);
    // focus is on the page body, not the box: / moves it there
    await page.locator('h1').click();
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('reference-search');
    await page.keyboard.type('etcd-serv');
    await firstRowIs(page, '--etcd-servers');
    expect((await rowNames(page)).length).toBeLessThan(all);
    expect(await activeName(page)).toBe('--etcd-servers');
    await page.keyboard.press('ArrowDown');
    const second = (await rowNames(page))[1];
    expect(await activeName(page)).toBe(second);
    await page.keyboard.press('ArrowUp');
    expect(await activeName(page)).toBe('--etcd-servers');
    // the search is in the address
    await page.waitForURL(/q=etcd-serv/);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/reference\/kube-apiserver\/etcd-servers\?v=1\.31$/);
    await page.locator('[data-testid=reference-flag]').waitFor();
    expect(await page.locator('[data-testid=reference-flag] h2 code').textContent()).toBe('--etcd-servers');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('finds a flag by what it does, and forgives a typo', async () => {
    const { page } = await h.newPage();
    await page.goto(`${h.baseUrl}/reference/kube-apiserver`);
    await page.locator('[data-testid=reference-list]').waitFor();
    await page.keyboard.press('/');
    await page.keyboard.type('encrypt the secrets');
    await firstRowIs(page, '--encryption-provider-config');
    await page.keyboard.press('Escape');
    await page.waitForFunction(
      () => (document.querySelector('[data-testid=reference-search]') as HTMLInputElement).value === '',
    );
    await page.keyboard.type('anonymuos');
    await firstRowIs(page, '--anonymous-auth');
    // nothing matches: a message, not an empty page
    await page.keyboard.press('Escape');
    await page.keyboard.type('qqqqxxxxzzzz');
    await page.locator('[data-testid=reference-empty]').waitFor();
    await page.context().close();
  });
});

describe('versions in the address', () => {
  it('1.21 still has --insecure-port; 1.31 lists it only under removed', async () => {
    const { page } = await h.newPage();
    await page.goto(`${h.baseUrl}/reference/kube-apiserver?v=1.21&q=insecure-port`);
    await firstRowIs(page, '--insecure-port');
    expect(await page.locator('[data-testid=reference-list] li').first().getAttribute('class')).toContain('deprecated');
    // switch the release with the picker: the flag is gone from the accepted flags
    await page.locator('[data-testid=reference-version]').selectOption('1.31');
    await page.waitForURL(/v=1\.31/);
    await page.waitForFunction(
      () => ![...document.querySelectorAll('.kx-ref-name')].some((e) => e.textContent === '--insecure-port'),
    );
    await page.locator('[data-testid=filter-status]').selectOption('removed');
    await firstRowIs(page, '--insecure-port');
    await page.context().close();
  });

  it('the flag page at a release: status, timeline, audit checks', async () => {
    const { page } = await h.newPage();
    await page.goto(`${h.baseUrl}/reference/kube-apiserver/insecure-port?v=1.31`);
    await page.locator('[data-testid=reference-flag]').waitFor();
    expect(await page.locator('[data-testid=reference-status]').textContent()).toContain('removed in 1.24');
    const stops = await page.locator('[data-testid=reference-timeline] .kx-tl-version').allTextContents();
    expect(stops).toEqual(['1.10', '1.20', '1.22', '1.24']);
    expect(await page.locator('[data-testid=reference-checks]').textContent()).toContain('insecure port');
    await page.goto(`${h.baseUrl}/reference/kube-apiserver/insecure-port?v=1.21`);
    await page.locator('[data-testid=reference-status]').waitFor();
    expect(await page.locator('[data-testid=reference-status]').textContent()).toContain('deprecated');
    await page.context().close();
  });
});

describe('links into the workspace', () => {
  it('a flag the sample writes: show opens the editor on it', async () => {
    const { page } = await h.newPage();
    await page.goto(h.baseUrl);
    await waitForAnnotatedEditor(page);
    // the header opens the reference home, which lists the components
    await page.locator('nav a', { hasText: 'Flag reference' }).click();
    await page.locator('[data-testid=reference-home] a', { hasText: /^kube-apiserver$/ }).click();
    await page.locator('[data-testid=reference-list]').waitFor();
    await page.keyboard.press('/');
    await page.keyboard.type('etcd-servers');
    await firstRowIs(page, '--etcd-servers');
    await page.keyboard.press('Enter');
    const occ = page.locator('[data-testid=reference-occurrences] button').first();
    await occ.waitFor();
    expect(await occ.textContent()).toMatch(/kube-apiserver\.yaml:\d+$/);
    // the sample is kubeadm's: the value is kubeadm's default for the version it runs
    expect(await page.locator('[data-testid=reference-provenance]').textContent()).toContain(
      "kubeadm's default for 1.31.2",
    );
    await occ.click();
    await page.waitForURL(`${h.baseUrl}/`);
    await waitForAnnotatedEditor(page);
    await page.context().close();
  });
});

describe('see it in the sample', () => {
  it('with a workspace that does not write the flag, the sample opens on its line', async () => {
    const { page, errors } = await h.newPage();
    await openWithStorage(page, `${h.baseUrl}/reference/kube-apiserver/etcd-servers?v=1.31`, {
      [KEY]: JSON.stringify({ version: 1, activeFileId: null, files: [] }),
    });
    const button = page.locator('[data-testid=reference-in-sample]');
    await button.waitFor();
    expect(await page.locator('[data-testid=reference-occurrences]').count()).toBe(0);
    await button.click();
    await page.waitForURL(`${h.baseUrl}/`);
    await waitForAnnotatedEditor(page);
    const text = readFileSync('content/examples/kubeadm-v1.31/kube-apiserver.yaml', 'utf8');
    const line = text.slice(0, text.indexOf('--etcd-servers')).split('\n').length;
    await page.waitForFunction(
      (l) => document.querySelector('.line-numbers.active-line-number')?.textContent === String(l),
      line,
    );
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('feature gates and the upgrade diff', () => {
  it('a gate page with its stages, the list at a release', async () => {
    const { page } = await h.newPage();
    await page.goto(`${h.baseUrl}/reference/feature-gates/APIPriorityAndFairness?v=1.25`);
    await page.locator('[data-testid=reference-gate]').waitFor();
    expect(await page.locator('[data-testid=reference-status]').textContent()).toContain('1.25');
    expect(await page.locator('[data-testid=reference-timeline] li').count()).toBe(4);
    await page.goto(`${h.baseUrl}/reference/feature-gates?v=1.31`);
    await page.locator('[data-testid=reference-list]').waitFor();
    await page.keyboard.press('/');
    await page.keyboard.type('SidecarCont');
    await firstRowIs(page, 'SidecarContainers');
    await page.context().close();
  });

  it('the upgrade diff lists what breaks first, with what to do', async () => {
    const { page } = await h.newPage();
    await page.goto(`${h.baseUrl}/upgrade/kube-apiserver?from=1.21&to=1.31`);
    const removed = page.locator('[data-testid=diff-removed]');
    await removed.waitFor();
    expect(await removed.textContent()).toContain('Write --secure-port instead of --insecure-port before upgrading.');
    await page.locator('[data-testid=diff-to]').selectOption('1.22');
    await page.waitForURL(/to=1\.22/);
    await page.waitForFunction(
      () => !document.querySelector('[data-testid=diff-removed]')?.textContent?.includes('--insecure-port'),
    );
    await page.context().close();
  });
});

describe('two files compared', () => {
  it('the 1.21 and 1.31 API server manifests: each changed flag, explained', async () => {
    const files = ['1.21', '1.31'].map((v) => ({
      id: `api-${v}`,
      name: `v${v}/kube-apiserver.yaml`,
      text: readFileSync(`content/examples/kubeadm-v${v}/kube-apiserver.yaml`, 'utf8'),
    }));
    const { page, errors } = await h.newPage();
    await openWithStorage(page, `${h.baseUrl}/upgrade/kube-apiserver`, {
      [KEY]: JSON.stringify({ version: 1, activeFileId: files[0]?.id ?? null, files }),
    });
    await page.locator('[data-testid=file-diff-before]').selectOption({ label: 'v1.21/kube-apiserver.yaml' });
    await page.locator('[data-testid=file-diff-after]').selectOption({ label: 'v1.31/kube-apiserver.yaml' });
    const result = page.locator('[data-testid=file-diff-kube-apiserver]');
    await result.waitFor();
    const text = (await result.textContent()) ?? '';
    expect(text).toContain('1.21.14 → 1.31.2');
    expect(text).toContain('--insecure-port');
    expect(text).toContain('Old plain-HTTP API port');
    expect(text).toContain('192.168.56.21 → 192.168.56.10');
    expect(text).not.toContain('--secure-port');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('wrong addresses say so', () => {
  for (const [url, words] of [
    ['/reference/kube-nothing', 'There is no component'],
    ['/reference/kube-apiserver/no-such-flag', 'No flag --no-such-flag'],
    ['/reference/kubelet?v=9.99', 'is not a release of kubelet'],
    ['/reference/feature-gates/NoSuchGate', 'no feature gate'],
    ['/upgrade/etcd?from=1.21&to=3.6', 'is not a release of etcd'],
  ] as const) {
    it(url, async () => {
      const { page, errors } = await h.newPage();
      await page.goto(h.baseUrl + url);
      await page.locator('[data-testid=reference-missing], [data-testid=reference-bad-version]').first().waitFor();
      expect(await page.locator('.kx-ref-main').textContent()).toContain(words);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
  it('/reference lists the components, the gates and the upgrade diff', async () => {
    const { page } = await h.newPage();
    await page.goto(`${h.baseUrl}/reference`);
    await page.locator('[data-testid=reference-home]').waitFor();
    const links = await page.locator('[data-testid=reference-home] a').allTextContents();
    expect(links).toEqual(
      expect.arrayContaining(['kube-apiserver', 'etcd', 'kubelet', 'Feature gates', 'Upgrade diff']),
    );
    await page.context().close();
  });
  it('nothing was requested from another host', () => {
    const foreign = h.requests.filter(
      (u) => !u.startsWith(h.baseUrl) && !u.startsWith('data:') && !u.startsWith('blob:'),
    );
    expect(foreign).toEqual([]);
  });
});
