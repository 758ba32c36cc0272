import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase, contentRoot } from '../helpers';
import { nodeContentReader } from '../../src/knowledge/nodeReader';
import { loadLesson, readLesson, resolveLines, resolveNodes } from '../../src/present/lesson';
import { loadSampleFiles, SAMPLES } from '../../src/workspace/sample';
import { analyseWorkspace } from '../../src/pipeline';
import { layoutTrust } from '../../src/graphs/trust/layout';
import { componentGraph } from '../../src/graphs/network/componentGraph';

const reader = nodeContentReader(contentRoot);

describe('the lesson "Anatomy of a kubeadm control plane"', () => {
  it('reads without problems: every step has facts and English words', async () => {
    const lesson = await loadLesson(reader, 'kubeadm-anatomy', 'en');
    expect(lesson.problems).toEqual([]);
    expect(lesson.steps.length).toBeGreaterThanOrEqual(10);
    expect(SAMPLES.map((s) => s.id)).toContain(lesson.sample);
    for (const step of lesson.steps) {
      expect(step.title.length, step.id).toBeGreaterThan(3);
      expect(step.body.length, step.id).toBeGreaterThan(200);
      expect(step.language).toBe('en');
    }
    // the learning order: static Pods first, the components, then trust, ports and kubeadm init
    expect(lesson.steps.map((s) => s.id).slice(0, 2)).toEqual(['static-pods', 'kubelet-runs-them']);
    expect(lesson.steps.at(-1)?.id).toBe('kubeadm-init');
  });

  it('is translated whole into zh-CN: every step in Chinese, the same code, no problems', async () => {
    const lesson = await loadLesson(reader, 'kubeadm-anatomy', 'zh-CN');
    const english = await loadLesson(reader, 'kubeadm-anatomy', 'en');
    expect(lesson.problems).toEqual([]);
    expect(lesson.steps.map((s) => s.id)).toEqual(english.steps.map((s) => s.id));
    const han = /\p{Script=Han}/u;
    expect(lesson.title).toMatch(han);
    expect(lesson.about).toMatch(han);
    // code spans are facts (flags, paths, commands): the same set as in English, line wraps aside
    const codes = (body: string) =>
      [...new Set(body.match(/`[^`]+`/g) ?? [])].map((c) => c.replace(/\s+/g, ' ')).sort();
    for (const [i, step] of lesson.steps.entries()) {
      expect(step.language, step.id).toBe('zh-CN');
      expect(step.title, step.id).toMatch(han);
      expect(step.body, step.id).not.toBe(english.steps[i]!.body);
      expect(codes(step.body), step.id).toEqual(codes(english.steps[i]!.body));
      // the Markdown view joins a paragraph's lines with a space: a Chinese paragraph or list item is one line
      for (const block of step.body.trim().split(/\n\s*\n/)) {
        const lines = block.split('\n');
        expect(lines.length === 1 || lines.every((l) => l.startsWith('- ')), `${step.id}: ${lines[0]}`).toBe(true);
      }
    }
  });

  it('every line and every graph node a step shows is in the sample', async () => {
    const lesson = await loadLesson(reader, 'kubeadm-anatomy', 'en');
    const files = await loadSampleFiles(lesson.sample);
    const analysis = await analyseWorkspace(files, await loadKnowledgeBase(), {});
    const trust = layoutTrust(analysis.trust!).scene.nodes;
    const components = componentGraph({ model: analysis.network!, fileName: (id) => id }).scene.nodes;
    const kinds = new Set<string>();
    for (const step of lesson.steps) {
      const { show } = step;
      kinds.add(show.kind === 'file' ? 'file' : show.graph);
      if (show.kind === 'file') {
        const file = files.find((f) => f.name.endsWith(`/${show.file}`));
        expect(file, `${step.id}: ${show.file}`).toBeDefined();
        const found = resolveLines(show.lines, file!.text);
        expect(
          found.filter((l) => l.line === null).map((l) => l.text),
          step.id,
        ).toEqual([]);
        // distinct lines: two texts that find the same line are one highlight, a mistake in the lesson
        expect(new Set(found.map((l) => l.line)).size, step.id).toBe(found.length);
      } else {
        const nodes = resolveNodes(show.nodes, show.graph === 'trust' ? trust : components);
        expect(
          nodes.filter((n) => n.ids.length === 0).map((n) => n.label),
          step.id,
        ).toEqual([]);
      }
    }
    expect([...kinds].sort()).toEqual(['components', 'file', 'trust']);
  });
});

describe('readLesson', () => {
  const facts = [
    'id: t',
    'sample: kubeadm-v1.31',
    'steps:',
    '  - id: a',
    '    show: { file: etcd.yaml, lines: ["--data-dir="] }',
    '  - id: b',
    '    show: { graph: trust, nodes: [ca] }',
    '  - id: c',
    '    show: { graph: ports, nodes: [x] }',
  ].join('\n');
  const en =
    'title: T\nsteps:\n  a: { title: A, body: aaa }\n  b: { title: B, body: bbb }\n  c: { title: C, body: ccc }\n  z: { title: Z, body: zzz }\n';

  it('names each problem with its file and step, and keeps the good steps', () => {
    const lesson = readLesson('t', facts, en, null);
    expect(lesson.steps.map((s) => s.id)).toEqual(['a', 'b']);
    expect(lesson.problems).toEqual([
      'lessons/t.yaml: step 3 (c): "show" needs file (with lines) or graph: trust | components (with nodes)',
      'en/lessons/t.yaml: step z is not a step of lessons/t.yaml',
    ]);
  });

  it('takes a translated step whole, and falls back to English per step, marked', () => {
    const zh = 'title: 课\nsteps:\n  a: { title: 甲, body: 甲甲甲 }\n  b: { title: 乙 }\n';
    const lesson = readLesson('t', facts, en, { language: 'zh-CN', text: zh });
    expect(lesson.title).toBe('课');
    expect(lesson.steps.map((s) => [s.title, s.language])).toEqual([
      ['甲', 'zh-CN'],
      ['B', 'en'],
    ]);
  });

  it('a YAML error in the facts is a located problem, not a throw', () => {
    const lesson = readLesson('t', 'steps: [', en, null);
    expect(lesson.steps).toEqual([]);
    expect(lesson.problems[0]).toMatch(/^lessons\/t\.yaml: /);
  });

  it('resolveLines: the first line holding each text, null when none does', () => {
    expect(resolveLines(['b', 'zz', 'a'], 'a\nb\nab')).toEqual([
      { text: 'b', line: 2 },
      { text: 'zz', line: null },
      { text: 'a', line: 1 },
    ]);
  });
});
