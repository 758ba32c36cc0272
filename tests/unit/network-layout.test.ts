/**
 * Issue 13 views: the pure layouts of the network model (src/graphs/network). The same model gives the same scene;
 * no two boxes overlap; every connection is drawn by exactly one edge (probes bundled); edges start and end on their
 * boxes and pass through no other box, and edges between hosts run outside the other hosts' boxes; labels do not
 * sit on boxes. The port map puts each socket in its host, address row and port column, marks conflicts and lays
 * netstat / ss output over it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import type { NetworkModel } from '../../src/analysis/network';
import { componentGraph, portMap } from '../../src/graphs/network';
import { naturalCompare } from '../../src/graphs/network/common';
import { midpoint, sceneToDot, sceneToMermaid, sceneToSvg, textWidth, type Scene } from '../../src/graphs/scene';
import type { WorkspaceFile } from '../../src/model/types';
import { analysePresented, contentRoot, file, fixture, loadKnowledgeBase } from '../helpers';

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await loadKnowledgeBase();
});

const SAMPLE = `${contentRoot}/examples/kubeadm-v1.31`;
const HA = `${contentRoot}/examples/kubeadm-ha-v1.31`;
const sample = (): WorkspaceFile[] =>
  readdirSync(SAMPLE)
    .filter((n) => n.endsWith('.yaml'))
    .map((n) => file(n, readFileSync(`${SAMPLE}/${n}`, 'utf8')));
const ha = (): WorkspaceFile[] =>
  ['cp1', 'cp2', 'cp3'].flatMap((h) =>
    readdirSync(`${HA}/${h}`)
      .filter((n) => n.endsWith('.yaml'))
      .map((n) => file(`${h}/${n}`, readFileSync(`${HA}/${h}/${n}`, 'utf8'))),
  );

/** netstat -ntlp on the sample's node (cp1, 192.168.56.10), kube-scheduler's 10259 missing. */
const NETSTAT_NO_SCHEDULER = fixture('network/netstat-cp1-no-scheduler.txt');

async function modelOf(files: WorkspaceFile[]): Promise<NetworkModel> {
  const a = await analysePresented(files, kb);
  expect(a.contentProblems).toEqual([]);
  return a.network!;
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
/** Interiors intersect (touching edges do not count). */
const intersects = (a: Rect, b: Rect) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (a: Rect, b: Rect) =>
  a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;
/** An axis-parallel segment as a thin rectangle, shrunk by 1 px at its ends (it may touch what it starts from). */
function segment([ax, ay]: readonly [number, number], [bx, by]: readonly [number, number]): Rect {
  const x = Math.min(ax, bx);
  const y = Math.min(ay, by);
  const w = Math.abs(bx - ax);
  const h = Math.abs(by - ay);
  return w >= h
    ? { x: x + 1, y: y - 0.5, width: Math.max(0, w - 2), height: 1 }
    : { x: x - 0.5, y: y + 1, width: 1, height: Math.max(0, h - 2) };
}
const onBoundary = ([px, py]: readonly [number, number], r: Rect) =>
  px >= r.x - 0.5 &&
  px <= r.x + r.width + 0.5 &&
  py >= r.y - 0.5 &&
  py <= r.y + r.height + 0.5 &&
  (Math.abs(px - r.x) < 0.5 ||
    Math.abs(px - r.x - r.width) < 0.5 ||
    Math.abs(py - r.y) < 0.5 ||
    Math.abs(py - r.y - r.height) < 0.5);

/** The invariants every component graph and port map keeps. */
function checkScene(scene: Scene): void {
  // no two boxes overlap
  for (let i = 0; i < scene.nodes.length; i++)
    for (let j = i + 1; j < scene.nodes.length; j++)
      expect(intersects(scene.nodes[i]!, scene.nodes[j]!), `${scene.nodes[i]!.id} / ${scene.nodes[j]!.id}`).toBe(false);
  // groups side by side, not over each other, and every box inside the scene and in one group
  for (let i = 0; i < scene.groups.length; i++)
    for (let j = i + 1; j < scene.groups.length; j++)
      expect(intersects(scene.groups[i]!, scene.groups[j]!)).toBe(false);
  const frame = { x: 0, y: 0, width: scene.width, height: scene.height };
  for (const n of scene.nodes) {
    expect(inside(n, frame), n.id).toBe(true);
    expect(
      scene.groups.filter((g) => inside(n, g)),
      n.id,
    ).toHaveLength(1);
  }
  // node labels fit their boxes (the SVG would cut them with an ellipsis)
  for (const n of scene.nodes) expect(textWidth(n.label, 12), n.id).toBeLessThanOrEqual(n.width - 10);
  const ids = new Set(scene.nodes.map((n) => n.id));
  expect(ids.size).toBe(scene.nodes.length);
  const groupOf = (id: string) =>
    scene.groups.find((g) =>
      inside(
        scene.nodes.find((n) => n.id === id)!,
        g,
      ),
    )!;
  for (const e of scene.edges) {
    expect(ids.has(e.from) && ids.has(e.to), e.id).toBe(true);
    const from = scene.nodes.find((n) => n.id === e.from)!;
    const to = scene.nodes.find((n) => n.id === e.to)!;
    expect(onBoundary(e.points[0]!, from), `${e.id} starts on ${e.from}`).toBe(true);
    expect(onBoundary(e.points[e.points.length - 1]!, to), `${e.id} ends on ${e.to}`).toBe(true);
    for (let i = 1; i < e.points.length; i++) {
      const [a, b] = [e.points[i - 1]!, e.points[i]!];
      // orthogonal routes only
      expect(a[0] === b[0] || a[1] === b[1], `${e.id} segment ${i}`).toBe(true);
      const s = segment(a, b);
      for (const n of scene.nodes)
        if (n.id !== e.from && n.id !== e.to) expect(intersects(s, n), `${e.id} crosses ${n.id}`).toBe(false);
      for (const g of scene.groups)
        if (g !== groupOf(e.from) && g !== groupOf(e.to))
          expect(intersects(s, g), `${e.id} crosses the box of ${g.label}`).toBe(false);
    }
  }
  // the edges inside one host do not cross each other (bundled probes share their trunk, they do not cross)
  const local = scene.edges.filter((e) => groupOf(e.from) === groupOf(e.to));
  const segments = (e: (typeof scene.edges)[number]) => e.points.slice(1).map((b, i) => [e.points[i]!, b] as const);
  const crosses = (
    [a, b]: readonly [readonly [number, number], readonly [number, number]],
    [c, d]: readonly [readonly [number, number], readonly [number, number]],
  ) => {
    const h = a[1] === b[1] ? [a, b] : c[1] === d[1] ? [c, d] : null;
    const v = a[0] === b[0] && a[1] !== b[1] ? [a, b] : c[0] === d[0] && c[1] !== d[1] ? [c, d] : null;
    if (!h || !v || h[0] === v[0]) return false;
    const [x1, x2] = [Math.min(h[0]![0], h[1]![0]), Math.max(h[0]![0], h[1]![0])];
    const [y1, y2] = [Math.min(v[0]![1], v[1]![1]), Math.max(v[0]![1], v[1]![1])];
    return v[0]![0] > x1 && v[0]![0] < x2 && h[0]![1] > y1 && h[0]![1] < y2;
  };
  for (let i = 0; i < local.length; i++)
    for (let j = i + 1; j < local.length; j++)
      for (const s1 of segments(local[i]!))
        for (const s2 of segments(local[j]!))
          expect(crosses(s1, s2), `${local[i]!.id} crosses ${local[j]!.id}`).toBe(false);
  // edge labels do not sit on boxes
  for (const e of scene.edges) {
    if (!e.label) continue;
    const [mx, my] = e.labelAt ?? midpoint(e.points);
    const w = textWidth(e.label, 10) + 8;
    const box = { x: mx - w / 2, y: my - 8, width: w, height: 15 };
    for (const n of scene.nodes) expect(intersects(box, n), `label of ${e.id} on ${n.id}`).toBe(false);
  }
}

describe('the component graph', () => {
  it('the sample: one host, five components, the probes bundled, every connection drawn once', async () => {
    const model = await modelOf(sample());
    const g = componentGraph({ model });
    checkScene(g.scene);
    expect(g.scene.groups.map((x) => x.label)).toEqual(['cp1 (192.168.56.10)']);
    expect(g.scene.nodes.map((n) => [n.id, n.label, n.detail, n.status])).toEqual([
      ['inst:kubelet@cp1', 'kubelet', 'implied · 10248, 10250', 'inferred'],
      ['inst:kube-controller-manager@cp1', 'kube-controller-manager', '10257', 'normal'],
      ['inst:kube-scheduler@cp1', 'kube-scheduler', '10259', 'normal'],
      ['inst:kube-apiserver@cp1', 'kube-apiserver', '6443', 'normal'],
      ['inst:etcd@cp1', 'etcd', '2379, 2380, 2381', 'normal'],
    ]);
    // each connection in exactly one edge
    const drawn = Object.values(g.edgeConnections).flat();
    expect([...drawn].sort()).toEqual(model.connections.map((c) => c.id).sort());
    expect(new Set(drawn).size).toBe(drawn.length);
    // nine probes, four edges (one per static Pod); the rest one each
    const probes = g.scene.edges.filter((e) => e.kind === 'probe');
    expect(probes.map((e) => [e.to, e.label, g.edgeConnections[e.id]!.length])).toEqual([
      ['inst:etcd@cp1', 'probe 2381 HTTP', 2],
      ['inst:kube-apiserver@cp1', 'probe 6443 HTTPS', 3],
      ['inst:kube-controller-manager@cp1', 'probe 10257 HTTPS', 2],
      ['inst:kube-scheduler@cp1', 'probe 10259 HTTPS', 2],
    ]);
    // the bundle is a trunk: every probe leaves the kubelet at one point and runs down one line
    expect(new Set(probes.map((e) => e.points[0]!.join(','))).size).toBe(1);
    const edge = (kind: string) => g.scene.edges.find((e) => e.kind === kind)!;
    expect(edge('apiserver-etcd')).toMatchObject({
      from: 'inst:kube-apiserver@cp1',
      to: 'inst:etcd@cp1',
      label: '2379 gRPC/TLS mTLS',
      broken: false,
      dashed: false,
    });
    expect(edge('apiserver-kubelet')).toMatchObject({
      to: 'inst:kubelet@cp1',
      label: '10250 HTTPS mTLS',
      dashed: true,
    });
    // the scheduler's kubeconfig is not in the workspace: drawn to this host's apiserver, assumed, and the edge
    // says which file is missing (dotted, its own legend entry), no question mark, no credentials made up
    expect(edge('scheduler-apiserver')).toMatchObject({
      to: 'inst:kube-apiserver@cp1',
      label: 'no scheduler.conf',
      dashed: true,
      dash: '2 4',
    });
    expect(edge('controller-manager-apiserver')).toMatchObject({ label: 'no controller-manager.conf' });
    expect(g.assumed.sort()).toEqual([edge('controller-manager-apiserver').id, edge('scheduler-apiserver').id].sort());
    const title = edge('scheduler-apiserver').title!;
    expect(title.split('\n')[0]).toBe('--kubeconfig=/etc/kubernetes/scheduler.conf (file not in the workspace)');
    expect(title).not.toMatch(/\?|mTLS|unknown/);
    expect(g.scene.edges.filter((e) => e.label?.includes('?'))).toEqual([]);
    expect(g.scene.legend.find((l) => l.dash === '2 4')?.label).toBe('kubeconfig not pasted');
    expect(sceneToSvg(g.scene)).toContain('stroke-dasharray="2 4"');
    // the edges of connections whose kubeconfig is read keep the usual dash
    expect(
      g.scene.edges
        .filter((e) => e.dash)
        .map((e) => e.kind)
        .sort(),
    ).toEqual(['controller-manager-apiserver', 'scheduler-apiserver']);
    expect(g.nodeListeners['inst:etcd@cp1']).toEqual([
      'etcd@cp1/client#1',
      'etcd@cp1/client#2',
      'etcd@cp1/peer',
      'etcd@cp1/metrics',
    ]);
  });

  it('is a pure function of the model: the same scene again, and after a round trip through JSON', async () => {
    const model = await modelOf(ha());
    const a = componentGraph({ model });
    const b = componentGraph({ model: JSON.parse(JSON.stringify(model)) as NetworkModel });
    expect(b).toEqual(a);
    expect(sceneToSvg(b.scene)).toBe(sceneToSvg(a.scene));
    expect(portMap({ model: structuredClone(model) })).toEqual(portMap({ model }));
  });

  it('the HA cluster: three host boxes side by side, peers below, apiserver -> other kubelets above', async () => {
    const model = await modelOf(ha());
    const g = componentGraph({ model });
    checkScene(g.scene);
    expect(g.scene.groups.map((x) => x.label)).toEqual(['cp1 (10.0.0.11)', 'cp2 (10.0.0.12)', 'cp3 (10.0.0.13)']);
    const [g1, g2, g3] = g.scene.groups;
    expect(g1!.x + g1!.width).toBeLessThan(g2!.x);
    expect(g2!.x + g2!.width).toBeLessThan(g3!.x);
    expect(g.scene.nodes).toHaveLength(15);
    const drawn = Object.values(g.edgeConnections).flat();
    expect([...drawn].sort()).toEqual(model.connections.map((c) => c.id).sort());
    expect(new Set(drawn).size).toBe(drawn.length);
    const top = Math.min(...g.scene.groups.map((x) => x.y));
    const bottom = Math.max(...g.scene.groups.map((x) => x.y + x.height));
    const peers = g.scene.edges.filter((e) => e.kind === 'etcd-peer');
    expect(peers.map((e) => [e.from, e.to])).toEqual([
      ['inst:etcd@cp2', 'inst:etcd@cp1'],
      ['inst:etcd@cp3', 'inst:etcd@cp1'],
      ['inst:etcd@cp3', 'inst:etcd@cp2'],
    ]);
    // in the channel below the boxes, each in a lane of its own, the label once
    for (const e of peers) expect(Math.max(...e.points.map((p) => p[1]))).toBeGreaterThan(bottom);
    expect(new Set(peers.map((e) => Math.max(...e.points.map((p) => p[1])))).size).toBe(3);
    expect(peers.filter((e) => e.label).map((e) => e.label)).toEqual(['2380 HTTPS mTLS']);
    const kubelets = g.scene.edges.filter((e) => e.kind === 'apiserver-kubelet');
    expect(kubelets).toHaveLength(9);
    const crossing = kubelets.filter((e) => e.from.split('@')[1] !== e.to.split('@')[1]);
    expect(crossing).toHaveLength(6);
    for (const e of crossing) expect(Math.min(...e.points.map((p) => p[1]))).toBeLessThan(top);
    expect(new Set(crossing.map((e) => Math.min(...e.points.map((p) => p[1])))).size).toBe(6);
  });

  it('a broken connection is red: --etcd-servers at a port etcd does not open; a host outside the workspace', async () => {
    const withServers = (servers: string) =>
      sample().map((f) =>
        f.name === 'kube-apiserver.yaml' ? { ...f, text: f.text.replace('https://127.0.0.1:2379', servers) } : f,
      );
    const g = componentGraph({ model: await modelOf(withServers('https://127.0.0.1:2399')) });
    checkScene(g.scene);
    const e = g.scene.edges.find((x) => x.kind === 'apiserver-etcd')!;
    // to the etcd of the host it names, red, the port it tries in the label
    expect(e).toMatchObject({ broken: true, color: '#c4320a', to: 'inst:etcd@cp1', label: '2399 gRPC/TLS mTLS ✗' });
    expect(e.title).toContain('nobody listens there');
    const ok = componentGraph({ model: await modelOf(sample()) });
    expect(ok.scene.edges.find((x) => x.kind === 'apiserver-etcd')).toMatchObject({ broken: false, color: '#475467' });

    // an etcd on a machine no file describes: a box outside the workspace, the connection not known to work
    const out = componentGraph({ model: await modelOf(withServers('https://10.9.9.9:2379')) });
    checkScene(out.scene);
    const x = out.scene.edges.find((y) => y.kind === 'apiserver-etcd')!;
    expect(x).toMatchObject({ to: 'ext:etcd@10.9.9.9:2379', dashed: true, broken: false });
    const box = out.scene.nodes.find((n) => n.id === x.to)!;
    expect(box).toMatchObject({ label: 'etcd', detail: '10.9.9.9:2379' });
    expect(out.scene.groups.find((y) => inside(box, y))?.label).toBe('Outside the workspace');
  });

  it('exports: SVG, DOT and Mermaid name every box', async () => {
    const g = componentGraph({ model: await modelOf(ha()) });
    const svg = sceneToSvg(g.scene);
    const dot = sceneToDot(g.scene);
    const mermaid = sceneToMermaid(g.scene);
    for (const n of g.scene.nodes) {
      expect(svg).toContain(`data-node="${n.id}"`);
      expect(dot).toContain(`"${n.id}"`);
    }
    expect(dot.match(/subgraph/g)).toHaveLength(3);
    expect(mermaid.match(/-\.?->/g)).toHaveLength(g.scene.edges.length);
  });
  it('hosts in reading order whatever the order of the files (a folder may list cp2 first), cp2 before cp10', async () => {
    const files = ha();
    const shuffled = [
      ...files.filter((f) => f.name.startsWith('cp2/')),
      ...files.filter((f) => !f.name.startsWith('cp2/')),
    ];
    const model = await modelOf(shuffled);
    expect(model.hosts.map((x) => x.key)).toEqual(['cp2', 'cp1', 'cp3']);
    const labels = ['cp1 (10.0.0.11)', 'cp2 (10.0.0.12)', 'cp3 (10.0.0.13)'];
    expect(componentGraph({ model }).scene.groups.map((x) => x.label)).toEqual(labels);
    expect(portMap({ model }).scene.groups.map((x) => x.label)).toEqual(labels);
    expect(['cp10', 'cp2', 'cp1', 'node-b', 'node-a'].sort(naturalCompare)).toEqual([
      'cp1',
      'cp2',
      'cp10',
      'node-a',
      'node-b',
    ]);
  });
});

describe('the port map', () => {
  it('the sample: each socket in its address row and port column, rows from loopback to all interfaces', async () => {
    const p = portMap({ model: await modelOf(sample()) });
    checkScene(p.scene);
    const cells = p.scene.nodes.filter((n) => n.id.startsWith('port:'));
    expect(cells.map((n) => [n.id, n.label])).toEqual([
      ['port:cp1|127.0.0.1|2379', 'etcd'],
      ['port:cp1|127.0.0.1|2381', 'etcd'],
      ['port:cp1|127.0.0.1|10248', 'kubelet'],
      ['port:cp1|127.0.0.1|10257', 'controller-mgr'],
      ['port:cp1|127.0.0.1|10259', 'scheduler'],
      ['port:cp1|192.168.56.10|2379', 'etcd'],
      ['port:cp1|192.168.56.10|2380', 'etcd'],
      ['port:cp1|all|6443', 'apiserver'],
      ['port:cp1|all|10250', 'kubelet'],
    ]);
    const rows = p.scene.nodes.filter((n) => n.id.startsWith('address:'));
    expect(rows.map((n) => [n.label, n.kind])).toEqual([
      ['127.0.0.1', 'address-loopback'],
      ['192.168.56.10', 'address-ip'],
      ['0.0.0.0', 'address-all'],
    ]);
    // an address's cells in its column (loopback left, all interfaces right), a port's cells on its row, ports top
    // to bottom, the port written at the row's start
    const at = (id: string) => p.scene.nodes.find((n) => n.id === id)!;
    expect(at('port:cp1|127.0.0.1|2379').y).toBe(at('port:cp1|192.168.56.10|2379').y);
    expect(at('port:cp1|127.0.0.1|2379').x).toBe(rows[0]!.x);
    expect(at('port:cp1|192.168.56.10|2380').x).toBe(rows[1]!.x);
    expect(at('port:cp1|all|6443').x).toBe(rows[2]!.x);
    expect(rows[0]!.x).toBeLessThan(rows[1]!.x);
    expect(rows[1]!.x).toBeLessThan(rows[2]!.x);
    expect(at('port:cp1|192.168.56.10|2380').y).toBeLessThan(at('port:cp1|all|6443').y);
    expect(at('axis:cp1|6443')).toMatchObject({ label: '6443', y: at('port:cp1|all|6443').y });
    // the implied kubelet is dashed; nothing compared, nothing conflicting
    expect(at('port:cp1|all|10250').status).toBe('inferred');
    expect(p.observedState).toEqual({});
    expect(p.conflicts).toEqual([]);
    expect(p.cellListeners['port:cp1|192.168.56.10|2379']).toEqual(['etcd@cp1/client#2']);
  });

  it("netstat without kube-scheduler's 10259: that cell expected but not listening, sshd unexpected, the rest seen", async () => {
    const model = await modelOf([...sample(), file('netstat.txt', NETSTAT_NO_SCHEDULER)]);
    const p = portMap({ model });
    checkScene(p.scene);
    const at = (id: string) => p.scene.nodes.find((n) => n.id === id)!;
    expect(at('port:cp1|127.0.0.1|10259')).toMatchObject({ status: 'broken', detail: '✗ not listening' });
    expect(at('port:cp1|127.0.0.1|10259').title).toContain('expected but not listening');
    expect(at('port:cp1|all|22')).toMatchObject({ label: 'sshd', detail: 'unexpected', status: 'warning' });
    expect(at('port:cp1|all|6443')).toMatchObject({ detail: '✓ listening', status: 'normal' });
    expect(p.observedState).toEqual({
      'etcd@cp1/client#1': 'matched',
      'etcd@cp1/client#2': 'matched',
      'etcd@cp1/peer': 'matched',
      'etcd@cp1/metrics': 'matched',
      'kube-apiserver@cp1/secure': 'matched',
      'kube-controller-manager@cp1/secure': 'matched',
      'kube-scheduler@cp1/secure': 'missing',
      'kubelet@cp1/api': 'matched',
      'kubelet@cp1/healthz': 'matched',
    });
    // the netstat line of :::6443 is in the apiserver's cell; the host says what it was compared with
    expect(p.cellObserved['port:cp1|all|6443']!.map((i) => model.observed[i]!.process)).toEqual(['kube-apiserve']);
    expect(p.scene.groups[0]!.label).toBe('cp1 (192.168.56.10) — compared with netstat.txt');
    // and the component graph marks the scheduler
    const g = componentGraph({ model });
    expect(g.scene.nodes.find((n) => n.id === 'inst:kube-scheduler@cp1')?.status).toBe('broken');
  });

  it('two components on one port: one cell, both named, a conflict', async () => {
    const files = sample().map((f) =>
      f.name === 'kube-scheduler.yaml'
        ? {
            ...f,
            text: f.text.replace(
              '    - --bind-address=127.0.0.1\n',
              '    - --bind-address=127.0.0.1\n    - --secure-port=10257\n',
            ),
          }
        : f,
    );
    const p = portMap({ model: await modelOf(files) });
    checkScene(p.scene);
    expect(p.conflicts).toEqual(['kube-controller-manager@cp1/secure', 'kube-scheduler@cp1/secure']);
    const cell = p.scene.nodes.find((n) => n.id === 'port:cp1|127.0.0.1|10257')!;
    expect(cell).toMatchObject({ label: 'conflict', detail: 'controller-mgr + scheduler', status: 'broken' });
    expect(cell.title).toContain('kube-scheduler: 127.0.0.1:10257');
    expect(p.scene.nodes.some((n) => n.id === 'port:cp1|127.0.0.1|10259')).toBe(false);
  });

  it('a socket on all interfaces where kubeadm binds loopback stands out: the scheduler on 0.0.0.0', async () => {
    const files = sample().map((f) =>
      f.name === 'kube-scheduler.yaml'
        ? { ...f, text: f.text.replace('--bind-address=127.0.0.1', '--bind-address=0.0.0.0') }
        : f,
    );
    const p = portMap({ model: await modelOf(files) });
    checkScene(p.scene);
    const cell = p.scene.nodes.find((n) => n.id === 'port:cp1|all|10259')!;
    expect(cell).toMatchObject({ label: 'scheduler', status: 'warning' });
    expect(cell.title).toContain('on all interfaces where kubeadm binds 127.0.0.1');
    // the apiserver is on all interfaces by design (kubeadm does not bind it to loopback)
    expect(p.scene.nodes.find((n) => n.id === 'port:cp1|all|6443')?.status).toBe('normal');
    expect(p.scene.legend.map((l) => l.label)).toContain('exposed, kubeadm: loopback');
  });

  it('ps output of two machines: kubelets no file places on a host share a cell, no conflict claimed', async () => {
    const model = await modelOf([
      file('ps-master.txt', fixture('ps/seed002-ps-master.txt')),
      file('ps-worker.txt', fixture('ps/seed002-ps-worker.txt')),
    ]);
    expect(model.hosts.length).toBeGreaterThan(0);
    const p = portMap({ model });
    checkScene(p.scene);
    expect(p.conflicts).toEqual([]);
    const unplaced = p.scene.nodes.filter((n) => n.id.startsWith('port:#none|') && n.label.startsWith('kubelet'));
    expect(unplaced.map((n) => [n.id, n.label, n.status])).toEqual([
      ['port:#none|127.0.0.1|10248', 'kubelet ×2', 'normal'],
      ['port:#none|all|10250', 'kubelet ×2', 'normal'],
    ]);
    checkScene(componentGraph({ model }).scene);
    const drawn = Object.values(componentGraph({ model }).edgeConnections).flat();
    expect([...drawn].sort()).toEqual(model.connections.map((c) => c.id).sort());
  });

  it('the HA cluster: a box per host side by side, each with its own address column, port rows shared', async () => {
    const p = portMap({ model: await modelOf(ha()) });
    checkScene(p.scene);
    expect(p.scene.groups.map((x) => x.label)).toEqual(['cp1 (10.0.0.11)', 'cp2 (10.0.0.12)', 'cp3 (10.0.0.13)']);
    for (const [h, ip] of [
      ['cp1', '10.0.0.11'],
      ['cp2', '10.0.0.12'],
      ['cp3', '10.0.0.13'],
    ]) {
      const peer = p.scene.nodes.find((n) => n.id === `port:${h}|${ip}|2380`)!;
      expect(peer.label).toBe('etcd');
      // one port, one row across the hosts
      expect(peer.y).toBe(p.scene.nodes.find((n) => n.id === 'port:cp1|10.0.0.11|2380')!.y);
    }
    expect(p.scene.nodes.filter((n) => n.id.startsWith('port:'))).toHaveLength(27);
  });
});
