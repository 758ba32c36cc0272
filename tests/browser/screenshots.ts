/**
 * npm run screenshots: renders the built app in Debian's Chromium and saves the pictures the README
 * shows (public/screenshots/). Run `npm run build` first. Look at them before committing.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { fixture } from '../helpers';
import { editorTextBox, pasteOnPage, startHarness, waitForAnnotatedEditor, openWithStorage } from './harness';

const out = 'public/screenshots';
mkdirSync(out, { recursive: true });
const saved: string[] = [];
const KEY = 'kube-explainer.workspace.v1';
const h = await startHarness();

/** A page with an empty saved workspace, then `texts` pasted one by one. */
async function pasted(page: Page, texts: string[]): Promise<void> {
  await openWithStorage(page, h.baseUrl, { [KEY]: JSON.stringify({ version: 1, activeFileId: null, files: [] }) });
  await page.locator('.kx-empty').waitFor();
  for (const text of texts) await pasteOnPage(page, text);
}

/** The effective view of the page's workspace. */
async function effective(page: Page, name: string): Promise<void> {
  await page.locator('[data-testid=effective-tab]').click();
  await page.locator('[data-testid=effective-row]').first().waitFor();
  // the editor's marks are painted
  await page.locator('.view-lines .kx-flag').first().waitFor();
  await page.screenshot({ path: `${out}/${name}` });
  saved.push(name);
}

/** A 3-node HA control plane: the sample's kube-apiserver on cp1, cp2 and cp3. */
const haManifest = (n: number) =>
  readFileSync('content/examples/kubeadm-v1.31/kube-apiserver.yaml', 'utf8')
    .replace('  name: kube-apiserver\n', `  name: kube-apiserver-cp${n}\n`)
    .replaceAll('192.168.56.10', `192.168.56.1${n}`);

try {
  const { page } = await h.newPage();
  await page.goto(h.baseUrl);
  await waitForAnnotatedEditor(page);
  const box = await editorTextBox(page, '--etcd-servers');
  await page.mouse.move(box.x + 20, box.y + box.height / 2);
  await page.locator('.monaco-hover-content', { hasText: 'etcd-servers' }).waitFor();
  await page.screenshot({ path: `${out}/workspace.png` });
  saved.push('workspace.png');
  await page.mouse.move(0, 0);
  await effective(page, 'effective-sample.png');
  await page.goto(`${h.baseUrl}/reference/kube-apiserver/etcd-servers`);
  await page.locator('[data-testid=reference-flag]').waitFor();
  await page.screenshot({ path: `${out}/reference.png` });
  saved.push('reference.png');

  // a binary install: the unit and the env file its EnvironmentFile= names
  const binary = await h.newPage();
  await pasted(binary.page, [fixture('systemd/seed001-kube-apiserver.service'), fixture('env/seed001-apiserver')]);
  await effective(binary.page, 'effective-binary.png');

  const ha = await h.newPage();
  await pasted(ha.page, [1, 2, 3].map(haManifest));
  await ha.page.locator('[data-testid=file-tab]').nth(2).waitFor();
  await effective(ha.page, 'effective-ha.png');

  // the trust graph: the sample with the etcd CA selected, and the 3-node HA example opened as a folder
  const trust = await h.newPage();
  await trust.page.setViewportSize({ width: 1600, height: 1000 });
  await trust.page.goto(h.baseUrl);
  await waitForAnnotatedEditor(trust.page);
  await trust.page.locator('a[href="/trust"]').first().click();
  const trustGraph = trust.page.locator('[data-testid=trust-graph]');
  await trustGraph.locator('svg g[data-node]').first().waitFor();
  await trustGraph.locator('g[data-node]', { hasText: 'etcd-ca' }).first().click();
  await trust.page.locator('[data-testid=trust-details] h2', { hasText: 'etcd-ca' }).waitFor();
  await trust.page.screenshot({ path: `${out}/trust-sample.png` });
  saved.push('trust-sample.png');

  const trustHa = await h.newPage();
  await trustHa.page.setViewportSize({ width: 1600, height: 1000 });
  await pasted(trustHa.page, []);
  await trustHa.page.locator('[data-testid=folder-input]').setInputFiles('content/examples/kubeadm-ha-v1.31');
  await trustHa.page.locator('[data-testid=flag-row]').first().waitFor();
  await trustHa.page.locator('a[href="/trust"]').first().click();
  // one box per role for the three nodes (the default view of several hosts)
  await trustHa.page.locator('[data-testid=trust-graph] g[data-group]', { hasText: 'cp1, cp2, cp3' }).waitFor();
  await trustHa.page.screenshot({ path: `${out}/trust-ha.png` });
  saved.push('trust-ha.png');
  // the network page: the HA example's component graph, and the sample's port map with a netstat of cp1 where
  // kube-scheduler's 10259 is missing
  const netHa = await h.newPage();
  await netHa.page.setViewportSize({ width: 1600, height: 1000 });
  await pasted(netHa.page, []);
  await netHa.page.locator('[data-testid=folder-input]').setInputFiles('content/examples/kubeadm-ha-v1.31');
  await netHa.page.locator('[data-testid=flag-row]').first().waitFor();
  await netHa.page.locator('a[href="/network"]').first().click();
  await netHa.page.locator('[data-testid=network-graph] g[data-group]').nth(2).waitFor();
  await netHa.page.screenshot({ path: `${out}/network-ha.png` });
  saved.push('network-ha.png');

  const netstat = await h.newPage();
  await netstat.page.goto(h.baseUrl);
  await waitForAnnotatedEditor(netstat.page);
  await pasteOnPage(netstat.page, fixture('network/netstat-cp1-no-scheduler.txt'));
  await netstat.page.locator('[data-testid=file-tab]').nth(4).waitFor();
  await netstat.page.locator('a[href="/network"]').first().click();
  await netstat.page.locator('[data-testid=network-view-ports]').click();
  const missing = netstat.page.locator('[data-testid=network-ports] [data-node="port:cp1|127.0.0.1|10259"]');
  await missing.filter({ hasText: 'not listening' }).waitFor();
  await missing.click();
  await netstat.page.locator('[data-testid=detail-finding]').waitFor();
  await netstat.page.screenshot({ path: `${out}/network-ports-netstat.png` });
  saved.push('network-ports-netstat.png');

  // the lesson, at the step on the API server's trust in etcd
  const lesson = await h.newPage();
  await lesson.page.goto(`${h.baseUrl}/lesson/apiserver-etcd-trust`);
  await lesson.page.locator('.kx-lesson-graph [data-node]').first().waitFor();
  await lesson.page.screenshot({ path: `${out}/lesson.png` });
  saved.push('lesson.png');

  // the workspace in Simplified Chinese, a hover open
  const zh = await h.newPage();
  await zh.page.goto(h.baseUrl);
  await zh.page.evaluate(() => localStorage.setItem('kube-explainer.language', 'zh-CN'));
  await zh.page.goto(h.baseUrl);
  await waitForAnnotatedEditor(zh.page);
  const zhBox = await editorTextBox(zh.page, '--etcd-servers');
  await zh.page.mouse.move(zhBox.x + 20, zhBox.y + zhBox.height / 2);
  await zh.page.locator('.monaco-hover-content', { hasText: 'etcd-servers' }).waitFor();
  await zh.page.screenshot({ path: `${out}/workspace-zh-CN.png` });
  saved.push('workspace-zh-CN.png');
  console.log(`saved ${saved.map((n) => `${out}/${n}`).join(', ')}`);
} finally {
  await h.close();
}
