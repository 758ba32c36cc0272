import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture } from '../helpers';
import { startHarness, type Harness } from './harness';

let h: Harness;
let dir: string;
beforeAll(async () => {
  h = await startHarness();
  // a copy of /etc/kubernetes from a binary install: unit, its env file, a kubeconfig
  dir = mkdtempSync(join(tmpdir(), 'kx-upload-'));
  const root = join(dir, 'kubernetes');
  mkdirSync(join(root, 'system'), { recursive: true });
  writeFileSync(join(root, 'system', 'kube-apiserver.service'), fixture('systemd/seed001-kube-apiserver.service'));
  writeFileSync(join(root, 'apiserver'), fixture('env/seed001-apiserver'));
  writeFileSync(join(root, 'admin.conf'), fixture('kubeconfig/admin.conf'));
});
afterAll(async () => {
  await h?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('uploading a folder', () => {
  it('reads unit, env file and kubeconfig together and annotates the flags in the env file', async () => {
    const { page, context, errors } = await h.newPage();
    await page.goto(h.baseUrl);
    await page.locator('[data-testid=flag-row]').first().waitFor();
    await page.locator('[data-testid=folder-input]').setInputFiles(join(dir, 'kubernetes'));
    await expect.poll(() => page.locator('[data-testid=file-tab]').count()).toBe(7);
    const tab = (name: string) =>
      page.locator('[data-testid=file-tab]', {
        has: page.locator('.kx-tab-name', { hasText: new RegExp(`^${name}$`) }),
      });
    expect(await tab('apiserver').locator('.kx-kind').textContent()).toBe('env file');
    expect(await tab('kube-apiserver.service').locator('.kx-kind').textContent()).toBe('systemd unit');
    expect(await tab('admin.conf').locator('.kx-kind').textContent()).toBe('kubeconfig');

    // the env file's flags are explained as the kube-apiserver command the unit runs
    await tab('apiserver').click();
    await expect.poll(() => page.locator('[data-testid=component-name]').textContent()).toBe('kube-apiserver');
    const https = page.locator('[data-testid=flag-row][data-flag=kubelet-https]');
    await https.waitFor();
    expect(await https.getAttribute('data-status')).toBe('removed');
    expect(await page.locator('[data-testid=flag-row][data-flag=etcd-cafile]').getAttribute('data-status')).toBe('ok');
    // and marked where they are written: in the env file's editor
    await page.locator('.view-lines .kx-flag-removed', { hasText: '--kubelet-https' }).waitFor();

    // the kubeconfig shows who it logs in as
    await tab('admin.conf').click();
    const user = page.locator('[data-testid=kubeconfig-user]').first();
    await user.waitFor();
    expect(await user.textContent()).toContain('system:masters');
    expect(errors).toEqual([]);
    await context.close();
  });
});
