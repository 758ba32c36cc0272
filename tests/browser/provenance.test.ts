/**
 * Provenance in the workspace (issue 17): on a kubeadm cluster each written flag is marked kubeadm's or someone's in
 * the flag panel and in the editor's gutter, and the kubeadm flags someone removed are listed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editorTextBox, startHarness, waitForAnnotatedEditor, type Harness, openWithStorage } from './harness';

const KEY = 'kube-explainer.workspace.v1';
const DIR = 'content/examples/kubeadm-v1.31';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('provenance', () => {
  it('marks kubeadm and user flags in the panel and the gutter, and lists the removed kubeadm flags', async () => {
    const files = readdirSync(DIR)
      .filter((n) => n.endsWith('.yaml'))
      .sort((a, b) => (a === 'kube-apiserver.yaml' ? -1 : b === 'kube-apiserver.yaml' ? 1 : a.localeCompare(b)))
      .map((n) => {
        let text = readFileSync(`${DIR}/${n}`, 'utf8');
        if (n === 'kube-apiserver.yaml')
          text = text.replace('    - --authorization-mode=Node,RBAC\n', '    - --profiling=false\n');
        return { id: n, name: n, text };
      });
    expect(files[0]!.text).toContain('--profiling=false');
    const { page, context, errors } = await h.newPage();
    await openWithStorage(page, h.baseUrl, {
      [KEY]: JSON.stringify({ version: 1, activeFileId: files[0]!.id, files }),
    });
    await waitForAnnotatedEditor(page);
    const badge = (flag: string) =>
      page.locator(`[data-testid=flag-row][data-flag="${flag}"] [data-testid=flag-provenance]`);
    await expect.poll(() => badge('etcd-servers').getAttribute('data-provenance')).toBe('kubeadm');
    expect(await badge('profiling').getAttribute('data-provenance')).toBe('user');
    const missing = page.locator('[data-testid=kubeadm-missing]');
    expect(await missing.textContent()).toContain('--authorization-mode=Node,RBAC');
    // the gutter: one mark per written flag line, the added one marked as the user's
    await expect.poll(() => page.locator('.margin-view-overlays .kx-prov-user').count()).toBe(1);
    expect(await page.locator('.margin-view-overlays .kx-prov-kubeadm').count()).toBeGreaterThan(10);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('opens the reference from the flag panel and from a hover, at the running release', async () => {
    const { page, context, errors } = await h.newPage();
    await page.goto(h.baseUrl);
    await waitForAnnotatedEditor(page);
    await page.locator('[data-testid=flag-row][data-flag="etcd-servers"] [data-testid=flag-reference-link]').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/reference/kube-apiserver/etcd-servers');
    expect(new URL(page.url()).searchParams.get('v')).toBe('1.31');
    await page.goBack();
    await waitForAnnotatedEditor(page);
    const box = await editorTextBox(page, '--secure-port');
    await page.mouse.move(box.x + 20, box.y + box.height / 2);
    const link = page.locator('.monaco-hover-content a', { hasText: 'Open in the reference' });
    await link.waitFor({ timeout: 10_000 });
    await link.click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/reference/kube-apiserver/secure-port');
    expect(new URL(page.url()).searchParams.get('v')).toBe('1.31');
    expect(context.pages()).toHaveLength(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
