/**
 * The guided lesson (issue 17) in the built app: walk every step with the keyboard, each step showing its
 * highlighted lines or emphasised graph nodes; the step is kept across a reload; the user's workspace is untouched.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startHarness, type Harness } from './harness';

const FACTS = parse(readFileSync('content/lessons/kubeadm-anatomy.yaml', 'utf8')) as {
  steps: { id: string; show: { file?: string; lines?: string[]; graph?: string; nodes?: string[] } }[];
};
const SHOTS = process.env.KX_SHOTS;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('the lesson', () => {
  it('walks every step with → and ←, highlighting the lines and nodes of each, and remembers the step', async () => {
    const { page, errors } = await h.newPage();
    await page.goto(`${h.baseUrl}/lesson`);
    const step = page.getByTestId('lesson-step');
    await step.waitFor();
    expect(await step.getAttribute('data-step')).toBe(FACTS.steps[0]!.id);
    for (const [i, s] of FACTS.steps.entries()) {
      await expect.poll(() => step.getAttribute('data-step')).toBe(s.id);
      expect(await page.getByTestId('lesson-count').textContent()).toBe(`Step ${i + 1} of ${FACTS.steps.length}`);
      expect(page.url()).toMatch(new RegExp(`/lesson/${s.id}$`));
      if (s.show.file) {
        const editor = page.getByTestId('lesson-editor');
        await expect.poll(() => editor.getAttribute('data-lines')).not.toBe('');
        const lines = (await editor.getAttribute('data-lines'))!.split(',');
        expect(lines).toHaveLength(s.show.lines!.length);
        // the highlight is drawn: at least the first highlighted line is in view
        await expect.poll(() => page.locator('.kx-lesson-line').count()).toBeGreaterThan(0);
        // the list of highlighted lines names them; a click scrolls the editor to the last one
        expect(await page.locator('[data-testid=lesson-lines] button').count()).toBe(lines.length);
        await page.locator('[data-testid=lesson-lines] button').last().click();
        const lastLine = lines.at(-1)!;
        await expect.poll(() => page.locator('.kx-lesson-editor .line-numbers').allTextContents()).toContain(lastLine);
        await page.locator('body').click({ position: { x: 5, y: 5 } });
      } else {
        const graph = page.locator('.kx-lesson-graph');
        await graph.waitFor();
        const ids = (await graph.getAttribute('data-nodes'))!.split(' ').filter(Boolean);
        expect(ids.length).toBeGreaterThanOrEqual(s.show.nodes!.length);
        // emphasised nodes are drawn, the others faded
        for (const id of ids)
          expect(await page.locator(`.kx-lesson-graph [data-node="${id}"]`).getAttribute('class')).not.toMatch(
            /kx-faded/,
          );
        const all = await page.locator('.kx-lesson-graph [data-node]').count();
        await expect
          .poll(() => page.locator('.kx-lesson-graph [data-node].kx-faded').count())
          .toBe(all - new Set(ids).size);
      }
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/lesson-${i + 1}-${s.id}.png`, fullPage: true });
      if (i < FACTS.steps.length - 1) await page.keyboard.press('ArrowRight');
    }
    // the last step offers to start again; → there stays
    await page.getByTestId('lesson-restart').waitFor();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => step.getAttribute('data-step')).toBe(FACTS.steps.at(-2)!.id);
    // visited steps are ticked, and a reload (of the bare /lesson) comes back to where the reader was
    expect(await page.locator('.kx-lesson-visited').count()).toBe(FACTS.steps.length - 1);
    // the step is kept once it is written (an effect after the render), then a reload
    await expect
      .poll(() => page.evaluate(() => localStorage.getItem('kx-lesson-progress') ?? ''))
      .toContain(`"step":"${FACTS.steps.at(-2)!.id}"`);
    await page.goto(`${h.baseUrl}/lesson`);
    await expect.poll(() => page.getByTestId('lesson-step').getAttribute('data-step')).toBe(FACTS.steps.at(-2)!.id);
    // clicking a step in the list opens it
    await page.getByTestId('lesson-step-link').first().click();
    await expect.poll(() => page.getByTestId('lesson-step').getAttribute('data-step')).toBe(FACTS.steps[0]!.id);
    // the lesson's walk changes no workspace: what is saved (the first-visit sample, if saved yet) is the sample
    const saved = await page.evaluate(() => localStorage.getItem('kube-explainer.workspace.v1'));
    if (saved !== null)
      expect((JSON.parse(saved) as { files: { name: string }[] }).files.map((f) => f.name)).toEqual([
        '/etc/kubernetes/manifests/kube-apiserver.yaml',
        '/etc/kubernetes/manifests/kube-controller-manager.yaml',
        '/etc/kubernetes/manifests/kube-scheduler.yaml',
        '/etc/kubernetes/manifests/etcd.yaml',
      ]);
    expect(errors).toEqual([]);
  });
});
