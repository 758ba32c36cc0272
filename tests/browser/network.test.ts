/**
 * The network page (issue 13): /network on the first-visit sample shows 6443 and 2379/2380/2381 on the addresses the
 * manifests bind; a click on an edge shows the flags of both ends and "show in editor" opens the flag; netstat output
 * of the sample's node without kube-scheduler's 10259 shows that socket as expected but not listening. With
 * NETWORK_SHOTS=<dir> the test also saves pictures of both views for the sample and the 3-node HA example.
 */
import { readdirSync, readFileSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import {
  editorTextBox,
  openWithStorage,
  pasteOnPage,
  startHarness,
  waitForAnnotatedEditor,
  type Harness,
} from './harness';
import { fixture } from '../helpers';

const KEY = 'kube-explainer.workspace.v1';
const SHOTS = process.env.NETWORK_SHOTS ?? null;
if (SHOTS) mkdirSync(SHOTS, { recursive: true });

/** netstat -ntlp on the sample's node (cp1, 192.168.56.10), kube-scheduler's 10259 missing. */
const NETSTAT_NO_SCHEDULER = fixture('network/netstat-cp1-no-scheduler.txt');

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function openNetwork(page: Page): Promise<void> {
  await page.locator('a[href="/network"]').click();
  await page.locator('[data-testid=network-graph] svg [data-node]').first().waitFor();
}

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  await page.screenshot({ path: `${SHOTS}/${name}` });
}

/** The listener rows of the table view: port -> addresses. */
async function tableAddresses(page: Page): Promise<Record<string, string[]>> {
  await page.locator('[data-testid=network-view-table]').click();
  const rows = page.locator('[data-testid=listener-row]');
  await rows.first().waitFor();
  const pairs = await rows.evaluateAll((els) =>
    els.map((e) => [e.getAttribute('data-port') ?? '', e.getAttribute('data-address') ?? '']),
  );
  const out: Record<string, string[]> = {};
  for (const [port, address] of pairs) (out[port!] ??= []).push(address!);
  return out;
}

/** Click `target` until `shown` appears: the scene is drawn again when a later analysis arrives. */
async function selectUntil(target: Locator, shown: Locator): Promise<void> {
  await expect
    .poll(async () => {
      await target.click({ force: true });
      return shown.count();
    })
    .toBeGreaterThan(0);
}

describe('the network page', () => {
  it('the sample: 6443 on all interfaces, etcd 2379 on loopback and the node address, 2380 the node, 2381 loopback', async () => {
    const { page, context, errors } = await h.newPage();
    await page.goto(h.baseUrl);
    await waitForAnnotatedEditor(page);
    await openNetwork(page);
    await shot(page, 'network-graph-sample.png');

    // the component graph: the four static Pods and the kubelet they imply, on cp1
    const graph = page.locator('[data-testid=network-graph]');
    const nodes = await graph
      .locator('svg [data-node]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-node')));
    expect(nodes).toEqual([
      'inst:kubelet@cp1',
      'inst:kube-controller-manager@cp1',
      'inst:kube-scheduler@cp1',
      'inst:kube-apiserver@cp1',
      'inst:etcd@cp1',
    ]);
    expect(await graph.locator('.kx-group text').first().textContent()).toBe('cp1 (192.168.56.10)');

    // the port map: each socket in its address row and port column
    await page.locator('[data-testid=network-view-ports]').click();
    const ports = page.locator('[data-testid=network-ports]');
    await ports.locator('svg [data-node^="port:"]').first().waitFor();
    await shot(page, 'network-ports-sample.png');
    const cell = (id: string) => ports.locator(`svg [data-node="${id}"]`);
    for (const id of [
      'port:cp1|all|6443',
      'port:cp1|127.0.0.1|2379',
      'port:cp1|192.168.56.10|2379',
      'port:cp1|192.168.56.10|2380',
      'port:cp1|127.0.0.1|2381',
    ])
      expect(await cell(id).count(), id).toBe(1);
    for (const id of ['port:cp1|all|2379', 'port:cp1|127.0.0.1|2380', 'port:cp1|127.0.0.1|6443'])
      expect(await cell(id).count(), id).toBe(0);
    expect(await cell('port:cp1|all|6443').locator('title').textContent()).toContain('kube-apiserver: 0.0.0.0:6443');
    const rows = await ports
      .locator('svg [data-node^="address:"] text:first-of-type')
      .evaluateAll((els) => els.map((e) => e.textContent));
    expect(rows).toEqual(['127.0.0.1', '192.168.56.10', '0.0.0.0']);

    // a cell's details: the flag that opens it, with its place
    const details = page.locator('[data-testid=network-details]');
    await selectUntil(
      cell('port:cp1|192.168.56.10|2380'),
      details.locator('[data-testid=detail-flag][data-flag=listen-peer-urls]'),
    );
    expect(await details.textContent()).toContain('--listen-peer-urls=https://192.168.56.10:2380');

    // the table says the same
    const table = await tableAddresses(page);
    expect(table['6443']).toEqual(['0.0.0.0']);
    expect(table['2379']).toEqual(['127.0.0.1', '192.168.56.10']);
    expect(table['2380']).toEqual(['192.168.56.10']);
    expect(table['2381']).toEqual(['127.0.0.1']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an edge shows the flags of both ends; "show in editor" opens the flag that names the target', async () => {
    const { page, context, errors } = await h.newPage();
    await page.goto(h.baseUrl);
    await waitForAnnotatedEditor(page);
    await openNetwork(page);
    const edge = page.locator('[data-testid=network-graph] svg [data-edge^="edge:apiserver-etcd"]');
    const details = page.locator('[data-testid=network-details]');
    const block = details.locator('[data-testid=detail-connection]');
    await selectUntil(edge.locator('path').first(), block);
    expect(await block.count()).toBe(1);
    await shot(page, 'network-details-sample.png');
    expect(await block.textContent()).toContain('kube-apiserver @ cp1 → etcd @ cp1');
    expect(await block.textContent()).toContain('2379 gRPC/TLS mTLS');
    // both ends: the apiserver's --etcd-servers, etcd's --listen-client-urls
    expect(
      await block
        .locator('[data-testid=detail-flag]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-flag'))),
    ).toEqual(['etcd-servers', 'listen-client-urls']);
    // the others fade
    expect(
      await page.locator('[data-testid=network-graph] svg [data-node="inst:kube-scheduler@cp1"]').getAttribute('class'),
    ).toContain('kx-faded');
    await block.locator('[data-testid=detail-flag][data-flag=etcd-servers] [data-testid=reveal]').click();
    await page.waitForURL(`${h.baseUrl}/`);
    await expect
      .poll(() => page.locator('[data-testid=file-tab][aria-selected=true] .kx-tab-name').textContent())
      .toBe('kube-apiserver.yaml');
    await expect
      .poll(() =>
        page
          .locator('.view-lines .view-line')
          .allTextContents()
          .then((l) => l.join('\n')),
      )
      .toContain('--etcd-servers');
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the flag under the editor's cursor is selected when the page opens: --etcd-servers -> the apiserver -> etcd edge", async () => {
    const { page, context, errors } = await h.newPage();
    await page.goto(h.baseUrl);
    await waitForAnnotatedEditor(page);
    await page.locator('[data-testid=file-tab]', { hasText: 'kube-apiserver.yaml' }).click();
    const box = await editorTextBox(page, '--etcd-servers');
    await page.mouse.click(box.x + 30, box.y + box.height / 2);
    await openNetwork(page);
    const edge = page.locator('[data-testid=network-graph] svg [data-edge^="edge:apiserver-etcd"]');
    await expect.poll(() => edge.getAttribute('class')).toContain('kx-selected');
    const block = page.locator('[data-testid=network-details] [data-testid=detail-connection]');
    expect(await block.textContent()).toContain('kube-apiserver @ cp1 → etcd @ cp1');
    // the port map has no connections: --etcd-servers is no socket, nothing is selected there
    await page.locator('[data-testid=network-view-ports]').click();
    await page.locator('[data-testid=network-ports] svg [data-node^="port:"]').first().waitFor();
    expect(await page.locator('[data-testid=network-details-panel]').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("netstat without kube-scheduler's 10259: expected but not listening, on the map, in the details and the table", async () => {
    const { page, context, errors } = await h.newPage();
    await page.goto(h.baseUrl);
    await waitForAnnotatedEditor(page);
    await pasteOnPage(page, NETSTAT_NO_SCHEDULER);
    await expect.poll(() => page.locator('[data-testid=file-tab]').count()).toBe(5);
    // the pasted tab, named by the app
    const tab = await page.locator('[data-testid=file-tab] .kx-tab-name').last().textContent();
    await openNetwork(page);
    await page.locator('[data-testid=network-view-ports]').click();
    const ports = page.locator('[data-testid=network-ports]');
    const missing = ports.locator('svg [data-node="port:cp1|127.0.0.1|10259"]');
    await expect.poll(() => missing.textContent()).toContain('not listening');
    expect(await missing.locator('title').textContent()).toContain('expected but not listening');
    // the rest is seen; sshd nobody expected
    expect(await ports.locator('svg [data-node="port:cp1|all|6443"]').textContent()).toContain('✓ listening');
    expect(await ports.locator('svg [data-node="port:cp1|all|22"] text').allTextContents()).toEqual([
      'sshd',
      'unexpected',
    ]);
    // the host's box says which output it was compared with (the pasted tab, named by the app)
    expect(await ports.locator('.kx-group text').first().textContent()).toBe(
      `cp1 (192.168.56.10) — compared with ${tab}`,
    );
    await shot(page, 'network-ports-netstat.png');

    const details = page.locator('[data-testid=network-details]');
    await selectUntil(missing, details.locator('[data-testid=detail-observed-state]'));
    expect(await details.locator('[data-testid=detail-observed-state]').textContent()).toBe(
      'expected but not listening',
    );
    expect(await details.locator('[data-testid=detail-finding]').textContent()).toContain(
      'kube-scheduler should listen on 127.0.0.1:10259 on cp1',
    );

    await page.locator('[data-testid=network-view-table]').click();
    const row = page.locator('[data-testid=listener-row][data-port="10259"]');
    expect(await row.getAttribute('data-observed')).toBe('missing');
    expect(await row.textContent()).toContain('expected but not listening');
    expect(await page.locator('[data-testid=listener-row][data-observed=unexpected]').getAttribute('data-port')).toBe(
      '22',
    );
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the HA example: three hosts in both views', async () => {
    const dir = 'content/examples/kubeadm-ha-v1.31';
    const files = ['cp1', 'cp2', 'cp3'].flatMap((host) =>
      readdirSync(`${dir}/${host}`)
        .filter((n) => n.endsWith('.yaml'))
        .map((n) => ({ id: `${host}-${n}`, name: `${host}/${n}`, text: readFileSync(`${dir}/${host}/${n}`, 'utf8') })),
    );
    const { page, context, errors } = await h.newPage();
    await openWithStorage(page, h.baseUrl, {
      [KEY]: JSON.stringify({ version: 1, activeFileId: files[0]!.id, files }),
    });
    await waitForAnnotatedEditor(page);
    await openNetwork(page);
    const graph = page.locator('[data-testid=network-graph]');
    await expect.poll(() => graph.locator('svg [data-node]').count()).toBe(15);
    expect(await graph.locator('.kx-group text').allTextContents()).toEqual([
      'cp1 (10.0.0.11)',
      'cp2 (10.0.0.12)',
      'cp3 (10.0.0.13)',
    ]);
    expect(await graph.locator('svg [data-edge^="edge:etcd-peer"]').count()).toBe(3);
    await shot(page, 'network-graph-ha.png');
    await page.locator('[data-testid=network-view-ports]').click();
    const ports = page.locator('[data-testid=network-ports]');
    await ports.locator('svg [data-node="port:cp3|10.0.0.13|2380"]').waitFor();
    expect(await ports.locator('svg [data-node^="port:"]').count()).toBe(27);
    await shot(page, 'network-ports-ha.png');
    expect(errors).toEqual([]);
    await context.close();
  });
});
