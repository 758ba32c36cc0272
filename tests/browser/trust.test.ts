/**
 * The trust page (/trust, issue 12): the graph of the first-visit sample, a click on the etcd CA shows what it signs
 * and who trusts it, "show in editor" opens the flag; a copy of /etc/kubernetes with its PKI uploaded as a folder
 * shows the etcd healthcheck client and real expiry dates; a --etcd-cafile changed in the editor is a red edge
 * labelled with its finding, and the node the cursor's flag names is selected when the page opens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from '../helpers';
import { editorTextBox, pasteOnPage, startHarness, waitForAnnotatedEditor, type Harness } from './harness';

const KEY = 'kube-explainer.workspace.v1';
let h: Harness;
let dir: string;
beforeAll(async () => {
  h = await startHarness();
  // a copy of /etc/kubernetes: the sample's manifests and the generated PKI (fake keys, for tests only)
  dir = mkdtempSync(join(tmpdir(), 'kx-trust-'));
  const root = join(dir, 'kubernetes');
  const put = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  for (const m of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'])
    put(`manifests/${m}.yaml`, readFileSync(`${repoRoot}content/examples/kubeadm-v1.31/${m}.yaml`, 'utf8'));
  const pki = `${repoRoot}tests/fixtures/pki-generated/`;
  for (const n of readdirSync(pki).filter((x) => !x.startsWith('extra--')))
    put(n.replace(/--/g, '/'), readFileSync(pki + n, 'utf8'));
});
afterAll(async () => {
  await h?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const graph = (page: Page) => page.locator('[data-testid=trust-graph]');
/** The graph's box whose first line is `label`. */
const box = (page: Page, label: string) =>
  graph(page).locator('g[data-node]', {
    has: page.locator('text[font-weight="600"]', { hasText: new RegExp(`^${label}$`) }),
  });
const neighbours = (page: Page) =>
  page.locator('[data-testid=trust-details] [data-testid=trust-neighbour]').allTextContents();

async function openTrust(page: Page): Promise<void> {
  await page.locator('nav a[href="/trust"], a[href="/trust"]').first().click();
  await graph(page).locator('svg g[data-node]').first().waitFor();
}

describe('the trust page', () => {
  it('the sample: the etcd CA signs the etcd certificates and apiserver-etcd-client; its flag opens in the editor', async () => {
    const { page, context, errors } = await h.newPage();
    await page.goto(h.baseUrl);
    await waitForAnnotatedEditor(page);
    await openTrust(page);

    // CAs, certificates and components, in one box for cp1; all known by their paths only (dashed)
    expect(await graph(page).locator('g[data-group]').allTextContents()).toEqual(['cp1']);
    for (const label of ['ca', 'etcd-ca', 'front-proxy-ca', 'etcd-server', 'apiserver', 'kube-apiserver', 'etcd'])
      expect(await box(page, label).count(), label).toBe(1);
    expect(await graph(page).locator('g[data-edge] path[stroke-dasharray]').count()).toBeGreaterThan(20);

    await box(page, 'etcd-ca').click();
    const details = page.locator('[data-testid=trust-details]');
    await expect.poll(() => details.locator('h2').textContent()).toBe('etcd-ca');
    expect((await neighbours(page)).sort()).toEqual(
      expect.arrayContaining(['apiserver-etcd-client', 'etcd', 'etcd-peer', 'etcd-server', 'kube-apiserver']),
    );
    // the neighbours stay, the rest fades
    expect(await box(page, 'etcd-server').getAttribute('class')).not.toContain('kx-faded');
    expect(await box(page, 'etcd-ca').getAttribute('class')).toContain('kx-selected');
    expect(await box(page, 'front-proxy-client').getAttribute('class')).toContain('kx-faded');
    expect(await details.textContent()).toContain('/etc/kubernetes/pki/etcd/ca.crt');

    // the certificates table, and the graph as a table
    const rows = page.locator('[data-testid=certificate-row]');
    expect(await rows.count()).toBe(13);
    expect(new Set(await rows.locator('td:nth-child(2)').allTextContents())).toEqual(new Set(['cp1']));
    expect(await page.locator('[data-testid=certificate-row][data-role=etcd-ca][aria-selected=true]').count()).toBe(1);
    // (its rows are made when it is opened)
    expect(await page.locator('[data-testid=trust-edge-table] tbody tr').count()).toBe(0);
    await page.locator('.kx-trust-edges summary').click();
    // the rows come with the toggle's re-render: wait for them
    const drawn = await graph(page).locator('g[data-edge]').count();
    await expect.poll(() => page.locator('[data-testid=trust-edge-table] tbody tr').count()).toBe(drawn);

    // kube-apiserver's --etcd-cafile: show in the editor, on its line
    const ref = details.locator('[data-testid=trust-reference]', { hasText: '--etcd-cafile' });
    await ref.locator('[data-testid=trust-reveal]').click();
    await page.locator('.view-lines').first().waitFor();
    await expect.poll(() => page.locator('.line-numbers.active-line-number').first().textContent()).toBe('22');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a copy of /etc/kubernetes with its PKI: the healthcheck client, confirmed signatures, expiry dates', async () => {
    const { page, context, errors } = await h.newPage();
    await page.goto(`${h.baseUrl}/reference`);
    // the first visit saves the sample; then an empty workspace replaces it
    await expect
      .poll(() =>
        page.evaluate(
          (k) => (JSON.parse(localStorage.getItem(k) ?? '{"files":[]}') as { files: unknown[] }).files.length,
          KEY,
        ),
      )
      .toBeGreaterThan(0);
    await page.evaluate(
      (k) => localStorage.setItem(k, JSON.stringify({ version: 1, activeFileId: null, files: [] })),
      KEY,
    );
    await page.goto(h.baseUrl);
    await page.locator('.kx-empty').waitFor();
    await page.locator('[data-testid=folder-input]').setInputFiles(join(dir, 'kubernetes'));
    await expect.poll(() => page.locator('[data-testid=file-tab]').count()).toBeGreaterThanOrEqual(29);
    await openTrust(page);
    await box(page, 'etcd-ca').click();
    await expect
      .poll(async () => (await neighbours(page)).sort())
      .toEqual(
        expect.arrayContaining([
          'apiserver-etcd-client',
          'etcd-healthcheck-client',
          'etcd-peer',
          'etcd-server',
          'kube-apiserver',
        ]),
      );
    // signatures verified: solid signs edges
    const signs = graph(page).locator('g[data-edge].kx-edge-signs');
    expect(await signs.count()).toBeGreaterThan(5);
    expect(await signs.locator('path[stroke-dasharray]').count()).toBe(0);
    // the table: real dates, time left; sorted by expiry, then by name when asked
    const row = page.locator('[data-testid=certificate-row][data-role=etcd-healthcheck-client]');
    expect(await row.locator('[data-testid=expires]').textContent()).toMatch(/2126.*\d+y \d+d left/);
    await page.locator('[data-testid=sort][data-sort=name]').click();
    const names = await page.locator('[data-testid=certificate-row] td:first-child button').allTextContents();
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })));
    await page.locator('[data-testid=sort][data-sort=name]').click();
    const back = await page.locator('[data-testid=certificate-row] td:first-child button').allTextContents();
    expect(back).toEqual([...names].reverse());
    expect(errors).toEqual([]);
    await context.close();
  });

  it('--etcd-cafile changed in the editor: a red edge with its finding, the cursor flag selected on /trust', async () => {
    const { page, context, errors } = await h.newPage();
    await page.goto(h.baseUrl);
    await waitForAnnotatedEditor(page);
    await page.locator('[data-testid=file-tab]', { hasText: 'kube-apiserver' }).click();
    const at = await editorTextBox(page, '--etcd-cafile');
    await page.mouse.click(at.x + 5, at.y + at.height / 2);
    await page.keyboard.press('End');
    for (let i = 0; i < 'etcd/ca.crt'.length; i++) await page.keyboard.press('Backspace');
    await page.keyboard.type('ca.crt');
    await openTrust(page);

    const broken = graph(page).locator('g[data-edge].kx-broken');
    await broken.first().waitFor();
    expect(await broken.count()).toBe(1);
    expect(await broken.locator('path').last().getAttribute('stroke')).toBe('#c4320a');
    expect(await broken.locator('text').textContent()).toBe('etcd-server-ca-mismatch');
    expect(await broken.locator('title').textContent()).toContain(
      "kube-apiserver does not trust etcd's serving certificate",
    );
    // the flag under the cursor names the cluster CA: its node is selected
    await expect.poll(() => page.locator('[data-testid=trust-details] h2').textContent()).toBe('ca');
    expect(await box(page, 'ca').getAttribute('class')).toContain('kx-selected');
    expect(await page.locator('[data-testid=trust-details] [data-broken=true]').count()).toBeGreaterThan(0);
    await page.locator('.kx-trust-edges summary').click();
    await expect.poll(() => page.locator('[data-testid=trust-edge-table] tr[data-broken=true]').count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an admin.conf with insecure-skip-tls-verify: true: its edge to the API server is labelled by that finding', async () => {
    const { page, context, errors } = await h.newPage();
    await page.goto(h.baseUrl);
    await waitForAnnotatedEditor(page);
    await pasteOnPage(page, INSECURE_ADMIN_CONF);
    await openTrust(page);
    const insecure = graph(page).locator('g[data-edge].kx-broken', { hasText: 'kubeconfig-insecure-skip-tls-verify' });
    await insecure.first().waitFor();
    expect(await insecure.count()).toBe(1);
    expect(await insecure.locator('path').last().getAttribute('stroke')).toBe('#c4320a');
    // the hover title: the finding's title and message, not just "broken"
    const title = (await insecure.locator('title').textContent()) ?? '';
    expect(title).toContain("A kubeconfig does not check the API server's certificate: Cluster kubernetes of");
    expect(title).toContain('insecure-skip-tls-verify: true');
    expect(title).toContain('clusters[kubernetes].cluster.server');
    expect(
      await graph(page)
        .locator('g[data-edge].kx-broken text', { hasText: /^broken$/ })
        .count(),
    ).toBe(0);
    await page.screenshot({ path: process.env.KX_SHOT ?? join(tmpdir(), 'kx-trust-insecure.png') });
    expect(errors).toEqual([]);
    await context.close();
  });
});

/** kubeadm's admin.conf, with its cluster told not to verify the API server's certificate. */
const INSECURE_ADMIN_CONF = `apiVersion: v1
kind: Config
clusters:
- cluster:
    server: https://192.168.56.10:6443
    insecure-skip-tls-verify: true
  name: kubernetes
contexts:
- context:
    cluster: kubernetes
    user: kubernetes-admin
  name: kubernetes-admin@kubernetes
current-context: kubernetes-admin@kubernetes
users:
- name: kubernetes-admin
  user:
    token: abcdef.0123456789abcdef
`;
