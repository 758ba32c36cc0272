/**
 * Hovering a feature gate in the editor: the gate's line of ours and its history for the document's release, then
 * the hover of --feature-gates; on the flag name only the flag's hover.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { pasteOnPage, startHarness, waitForAnnotatedEditor, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const MANIFEST = `apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
spec:
  containers:
  - command:
    - kube-apiserver
    - --feature-gates=SidecarContainers=true,WatchList=false
    - --secure-port=6443
    image: registry.k8s.io/kube-apiserver:v1.31.2
    name: kube-apiserver
  hostNetwork: true
`;

/** Screen position of the middle of the first occurrence of `text` in the editor's rendered lines. */
async function editorTextCentre(page: Page, text: string): Promise<{ x: number; y: number }> {
  // Monaco re-renders lines when decorations arrive: look the text up again until it is laid out
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const centre = await page.evaluate((t) => {
      for (const line of document.querySelectorAll('.view-lines .view-line')) {
        // the line's text is split over spans (tokens, decorations): map its offsets to text nodes
        const nodes: { node: Text; start: number }[] = [];
        let all = '';
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          nodes.push({ node: n as Text, start: all.length });
          all += n.textContent ?? '';
        }
        // Monaco renders spaces as non-breaking spaces
        const at = all.replace(/\u00a0/g, ' ').indexOf(t);
        if (at < 0) continue;
        const pos = (offset: number, end: boolean): [Text, number] => {
          const found = nodes.findLast((x) => (end ? x.start < offset : x.start <= offset)) ?? nodes[0];
          if (!found) throw new Error('empty line');
          return [found.node, offset - found.start];
        };
        const range = document.createRange();
        range.setStart(...pos(at, false));
        range.setEnd(...pos(at + t.length, true));
        const r = range.getBoundingClientRect();
        return r.width > 0 ? { x: r.x + r.width / 2, y: r.y + r.height / 2 } : null;
      }
      return null;
    }, text);
    if (centre) return centre;
    await page.waitForTimeout(100);
  }
  throw new Error(`"${text}" is not visible in the editor`);
}

describe('feature-gate hovers in the editor', () => {
  it('hovering a gate of a pasted manifest shows what it does and its history in 1.31, before the flag', async () => {
    const { page, context, errors } = await h.newPage();
    await page.goto(h.baseUrl);
    await waitForAnnotatedEditor(page);
    await pasteOnPage(page, MANIFEST);
    await expect.poll(() => page.locator('[data-testid=file-tab]').count()).toBe(5);
    await page.locator('[data-testid=flag-row][data-flag=feature-gates]').waitFor();
    await page.locator('.view-lines', { hasText: 'SidecarContainers' }).waitFor();

    const sidecar = await editorTextCentre(page, 'SidecarContainers');
    await page.mouse.move(sidecar.x, sidecar.y);
    // the hover also shows the marker of the gate's finding (the value is the default already): wait for ours
    const hover = page.locator('.monaco-hover', { hasText: 'Init containers' }).first();
    await hover.waitFor({ timeout: 10_000 });
    const text = (await hover.textContent()) ?? '';
    expect(text).toContain('Init containers with restartPolicy Always');
    expect(text).toContain('In 1.31: beta, on by default.');
    expect(text).toContain('History: alpha (off by default) 1.28');
    // the flag's hover follows the gate's
    expect(text).toContain('--feature-gates');
    expect(text.indexOf('Init containers')).toBeLessThan(text.indexOf('--feature-gates'));

    // another gate of the same value: its own words
    await page.mouse.move(10, 10);
    await hover.waitFor({ state: 'hidden', timeout: 10_000 });
    const watch = await editorTextCentre(page, 'WatchList=false');
    await page.mouse.move(watch.x, watch.y);
    const other = page.locator('.monaco-hover', { hasText: 'Streams the initial state' }).first();
    await other.waitFor({ timeout: 10_000 });
    const otherText = (await other.textContent()) ?? '';
    expect(otherText).toContain('WatchList — feature gate');
    expect(otherText).toContain('Set here to false.');
    expect(otherText).not.toContain('Init containers');
    expect(errors).toEqual([]);
    await context.close();
  });
});
