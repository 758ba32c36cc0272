/** The drawing of laid-out graphs: string SVG, DOT and Mermaid from one scene. */
import { describe, expect, it } from 'vitest';
import {
  fitText,
  midpoint,
  sceneToDot,
  sceneToMermaid,
  sceneToSvg,
  textWidth,
  type Scene,
} from '../../src/graphs/scene';

const node = (id: string, x: number, label: string, extra: Partial<Scene['nodes'][number]> = {}) => ({
  id,
  x,
  y: 40,
  width: 120,
  height: 40,
  label,
  detail: null,
  kind: 'certificate',
  status: 'normal' as const,
  fill: '#eef',
  stroke: '#335',
  title: null,
  ...extra,
});

const scene: Scene = {
  title: 'Trust <of> "cp1"',
  width: 400,
  height: 120,
  groups: [{ id: 'cp1', label: 'host cp1', x: 0, y: 20, width: 300, height: 80 }],
  nodes: [
    node('ca', 10, 'etcd-ca', { kind: 'ca' }),
    node('srv', 150, '<img src=x onerror=alert(1)>', {
      status: 'inferred',
      detail: '/etc/kubernetes/pki/etcd/server.crt',
    }),
    node('out', 320, 'apiserver', { kind: 'component', x: 320, y: 0 }),
  ],
  edges: [
    {
      id: 'e1',
      from: 'ca',
      to: 'srv',
      points: [
        [130, 60],
        [150, 60],
      ],
      label: 'signs',
      kind: 'signs',
      color: '#067647',
      dashed: false,
      broken: false,
      title: null,
    },
    {
      id: 'e2',
      from: 'srv',
      to: 'out',
      points: [
        [270, 60],
        [320, 20],
      ],
      label: 'broken "trust"',
      kind: 'trusts',
      color: '#175cd3',
      dashed: true,
      broken: true,
      title: 'x & y',
    },
  ],
  legend: [{ label: 'CA', shape: 'node', color: '#335', fill: '#eef' }],
};

describe('scene drawing', () => {
  it('SVG: user text escaped, ids on nodes and edges, broken edges wider, inferred nodes dashed, legend below', () => {
    const svg = sceneToSvg(scene);
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;img src=x');
    expect(svg).toContain('<title>Trust &lt;of&gt; &quot;cp1&quot;</title>');
    expect(svg.match(/data-node="/g)).toHaveLength(3);
    expect(svg).toContain('data-edge="e2"');
    expect(svg).toMatch(/data-edge="e2">.*stroke-width="2.5" stroke-dasharray="5 4"/);
    expect(svg).toMatch(/data-node="srv".*stroke-dasharray="4 3"/);
    expect(svg).toMatch(/height="154"/); // 120 + one legend row
    expect(sceneToSvg(scene, { legend: false })).toMatch(/height="120"/);
    // well-formed XML
    expect(new DOMParserLike(svg).ok).toBe(true);
  });

  it('SVG: a box name is drawn after the edges (over those crossing its header, on a halo); an edge of its own dash', () => {
    const dotted: Scene = {
      ...scene,
      edges: scene.edges.map((e) => (e.id === 'e2' ? { ...e, dash: '2 4' } : e)),
      legend: [...scene.legend, { label: 'not pasted', shape: 'edge', color: '#98a2b3', dashed: true, dash: '2 4' }],
    };
    const svg = sceneToSvg(dotted);
    const name = svg.indexOf('>host cp1</text>');
    expect(name).toBeGreaterThan(svg.lastIndexOf('data-edge="'));
    expect(name).toBeLessThan(svg.indexOf('data-node="'));
    expect(svg).toMatch(/<text[^>]*paint-order="stroke"[^>]*>host cp1<\/text>/);
    // the box keeps its name (its hover title)
    expect(svg).toContain('data-group="cp1"><title>host cp1</title>');
    expect(svg).toMatch(/data-edge="e2">.*stroke-dasharray="2 4"/);
    expect(svg).toMatch(/<line[^>]*stroke-dasharray="2 4"\/><text[^>]*>not pasted</);
    expect(sceneToDot(dotted)).toContain('style=dotted');
  });

  it('DOT: groups as clusters, quoted and escaped labels, dashed and red edges', () => {
    const dot = sceneToDot(scene);
    expect(dot).toMatch(/^digraph "Trust <of> \\"cp1\\"" \{/);
    expect(dot).toContain('subgraph "cluster_0"');
    expect(dot).toContain('label="host cp1"');
    expect(dot).toContain('"srv" -> "out" [color="#c4320a", label="broken \\"trust\\"", style=dashed, penwidth=2];');
    expect(dot).toContain('"srv" [label="<img src=x onerror=alert(1)>\\n/etc/kubernetes/pki/etcd/server.crt"');
    // the component outside the group is not inside the cluster
    const cluster = dot.slice(dot.indexOf('subgraph'), dot.indexOf('  }'));
    expect(cluster).not.toContain('"out"');
  });

  it('Mermaid: safe ids, entity-escaped labels, dotted inferred links, broken links styled by their index', () => {
    const m = sceneToMermaid(scene);
    expect(m.split('\n')[0]).toBe('flowchart TB');
    expect(m).toContain('subgraph g0["host cp1"]');
    expect(m).toContain('n1_srv["#lt;img src=x onerror=alert(1)#gt; (/etc/kubernetes/pki/etcd/server.crt)"]');
    expect(m).toContain('n1_srv -.->|"broken #quot;trust#quot;"| n2_out');
    expect(m).toContain('linkStyle 1 stroke:#c4320a');
  });

  it('text helpers', () => {
    expect(textWidth('kube-apiserver')).toBeGreaterThan(textWidth('etcd'));
    expect(textWidth('证书')).toBe(24);
    expect(fitText('a very long certificate name', 60)).toMatch(/…$/);
    expect(textWidth(fitText('a very long certificate name', 60))).toBeLessThanOrEqual(60);
    expect(
      midpoint([
        [0, 0],
        [10, 0],
        [10, 10],
      ]),
    ).toEqual([10, 0]);
  });
});

/** A tiny well-formedness check: tags balance (no DOM in the unit tests). */
class DOMParserLike {
  ok: boolean;
  constructor(xml: string) {
    const stack: string[] = [];
    let ok = true;
    for (const m of xml.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
      const [, close, name, self] = m;
      if (self) continue;
      if (close) ok &&= stack.pop() === name;
      else stack.push(name!);
    }
    this.ok = ok && stack.length === 0;
  }
}
