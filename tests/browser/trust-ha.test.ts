/**
 * The trust graph of the 3-node HA sample (content/examples/kubeadm-ha-v1.31), opened from the sample gallery: by
 * default one box per role for the three nodes ("apiserver ×3"), measured in the page at 1400x900: every text of
 * the graph at 11 px or more (with the details panel open: every box's first line), no two box labels overlapping, every box inside the graph's canvas, fewer than 40
 * edges drawn. A merged box's details link to one node's own (the node selector then shows only that node), and
 * the selector also draws the nodes side by side.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, waitForAnnotatedEditor, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const graph = (page: Page) => page.locator('[data-testid=trust-graph]');
const box = (page: Page, label: string) =>
  graph(page).locator('g[data-node]', {
    has: page.locator('text[font-weight="600"]', { hasText: new RegExp(`^${label}$`) }),
  });

/** What the page draws: the smallest font of the graph's texts on screen, overlapping labels, boxes outside. */
function measure(page: Page) {
  return page.evaluate(() => {
    const svg = document.querySelector('[data-testid=trust-graph] svg')!;
    const canvas = svg.getBoundingClientRect();
    const texts = [...svg.querySelectorAll<SVGTextElement>('g.kx-scene text')];
    const px = texts.map((t) => parseFloat(getComputedStyle(t).fontSize) * (t.getScreenCTM()?.a ?? 1));
    const bold = [...svg.querySelectorAll<SVGTextElement>('g[data-node] text[font-weight="600"]')];
    const labelPx = bold.map((t) => parseFloat(getComputedStyle(t).fontSize) * (t.getScreenCTM()?.a ?? 1));
    const labels = bold.map((t) => {
      const r = t.getBoundingClientRect();
      return { text: t.textContent ?? '', x: r.x, y: r.y, w: r.width, h: r.height };
    });
    const overlaps: string[] = [];
    for (let i = 0; i < labels.length; i++)
      for (let j = i + 1; j < labels.length; j++) {
        const [a, b] = [labels[i]!, labels[j]!];
        if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h)
          overlaps.push(`${a.text} / ${b.text}`);
      }
    const outside = [...svg.querySelectorAll('g[data-node] rect')]
      .map((r) => ({ id: r.closest('[data-node]')!.getAttribute('data-node'), r: r.getBoundingClientRect() }))
      .filter(
        ({ r }) =>
          r.x < canvas.x - 0.5 ||
          r.y < canvas.y - 0.5 ||
          r.right > canvas.right + 0.5 ||
          r.bottom > canvas.bottom + 0.5,
      )
      .map(({ id }) => id);
    return {
      minPx: Math.min(...px),
      minLabelPx: Math.min(...labelPx),
      overlaps,
      outside,
      nodes: svg.querySelectorAll('g[data-node]').length,
      edges: svg.querySelectorAll('g[data-edge]').length,
      groups: [...svg.querySelectorAll('g[data-group]')].map((g) => g.textContent),
    };
  });
}

describe('the trust graph of the 3-node HA sample', () => {
  it('one box per role: readable labels that do not overlap, inside the canvas, few edges; one node, side by side', async () => {
    const { page, context, errors } = await h.newPage();
    await page.goto(h.baseUrl);
    await waitForAnnotatedEditor(page);
    await page.locator('[data-testid=gallery-button]').click();
    await page.locator('[data-testid=gallery-kubeadm-ha-v1\\.31]').click();
    await page.locator('[data-testid=link-banner]').waitFor();
    await page.locator('a[href="/trust"]').first().click();
    await box(page, 'apiserver ×3').waitFor();

    const select = page.locator('[data-testid=trust-host-select]');
    expect(await select.inputValue()).toBe('merged');
    const merged = await measure(page);
    expect(merged.groups).toEqual(['on each of cp1, cp2, cp3 (one box per role)']);
    expect(merged.nodes).toBe(18);
    expect(merged.edges).toBeLessThan(40);
    expect(merged.minPx).toBeGreaterThanOrEqual(11);
    expect(merged.overlaps).toEqual([]);
    expect(merged.outside).toEqual([]);
    for (const label of ['etcd-ca', 'ca', 'etcd-server ×3', 'kube-apiserver ×3', 'scheduler.conf ×3'])
      expect(await box(page, label).count(), label).toBe(1);

    // a merged box's details: its three certificates, a link to each node's own
    await box(page, 'apiserver ×3').click();
    const details = page.locator('[data-testid=trust-details]');
    await expect.poll(() => details.locator('h2').textContent()).toBe('apiserver ×3');
    const perHost = details.locator('[data-testid=trust-per-host] button');
    expect(await perHost.allTextContents()).toEqual(['cp1', 'cp2', 'cp3']);
    await perHost.nth(1).click();
    await expect.poll(() => select.inputValue()).toBe('only:cp2');
    await expect.poll(() => details.locator('h2').textContent()).toBe('apiserver');
    expect(await details.getAttribute('data-node')).toBe('path:/etc/kubernetes/pki/apiserver.crt@cp2');
    const cp2 = await measure(page);
    expect(cp2.groups).toEqual(['cp2']);
    expect(cp2.nodes).toBe(18);
    // the details panel takes 330 px of the width: the boxes' first lines stay at 11 px or more
    expect(cp2.minLabelPx).toBeGreaterThanOrEqual(11);
    expect(cp2.overlaps).toEqual([]);
    expect(cp2.outside).toEqual([]);

    // side by side: every node's own boxes, as before
    await select.selectOption('each');
    await expect.poll(async () => (await measure(page)).groups).toEqual(['cp1', 'cp2', 'cp3']);
    const each = await measure(page);
    expect(each.nodes).toBe(46);
    expect(each.outside).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
