/**
 * npm run screenshots: renders the built app in Debian's Chromium and saves the pictures the README
 * shows (public/screenshots/). Run `npm run build` first. Look at them before committing.
 */
import { mkdirSync } from 'node:fs';
import { editorTextBox, startHarness, waitForAnnotatedEditor } from './harness';

const out = 'public/screenshots';
mkdirSync(out, { recursive: true });
const h = await startHarness();
try {
  const { page } = await h.newPage();
  await page.goto(h.baseUrl);
  await waitForAnnotatedEditor(page);
  const box = await editorTextBox(page, '--etcd-servers');
  await page.mouse.move(box.x + 20, box.y + box.height / 2);
  await page.locator('.monaco-hover-content', { hasText: 'etcd-servers' }).waitFor();
  await page.screenshot({ path: `${out}/workspace.png` });
  await page.goto(`${h.baseUrl}/reference/kube-apiserver/etcd-servers`);
  await page.locator('[data-testid=reference-flag]').waitFor();
  await page.screenshot({ path: `${out}/reference.png` });
  console.log(`saved ${out}/workspace.png, ${out}/reference.png`);
} finally {
  await h.close();
}
