/**
 * The trust graph's layout (src/graphs/trust/layout.ts): a pure, deterministic function of the trust model. For the
 * first-visit sample, the 3-node HA example and a generated PKI: the same model gives the same scene, no two boxes
 * overlap, tiers are in order (CAs, then certificates and kubeconfigs, then components), every box of a host is in
 * that host's box, edges run orthogonally from the side of one end to the other without crossing a third box, and
 * every model edge is drawn or is inside one box (a key in its certificate).
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { analyseWorkspace } from '../../src/pipeline';
import { layoutTrust, type TrustLayout } from '../../src/graphs/trust/layout';
import { sceneToDot, sceneToSvg, textWidth, type Scene, type SceneNode } from '../../src/graphs/scene';
import type { TrustModel, TrustNode } from '../../src/analysis/trust/model';
import type { WorkspaceFile } from '../../src/model/types';
import { file, loadKnowledgeBase, repoRoot } from '../helpers';
import { certificateRows, nodeAtCursor, sortRows, timeLeft } from '../../src/views/trust/trustData';

const kb = await loadKnowledgeBase();
const NOW = Date.UTC(2026, 5, 1);
const MANIFESTS = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'];
const sample = (edit: (name: string, text: string) => string = (_, t) => t) =>
  MANIFESTS.map((m) =>
    file(
      `etc-kubernetes/manifests/${m}.yaml`,
      edit(m, readFileSync(`${repoRoot}content/examples/kubeadm-v1.31/${m}.yaml`, 'utf8')),
    ),
  );
const ha = () =>
  ['cp1', 'cp2', 'cp3'].flatMap((h) =>
    MANIFESTS.map((m) =>
      file(
        `kubeadm-ha-v1.31/${h}/${m}.yaml`,
        readFileSync(`${repoRoot}content/examples/kubeadm-ha-v1.31/${h}/${m}.yaml`, 'utf8'),
      ),
    ),
  );
const PKI = `${repoRoot}tests/fixtures/pki-generated/`;
const pki = () =>
  readdirSync(PKI)
    .filter((n) => !n.startsWith('extra--'))
    .sort()
    .map((n) => file(`etc-kubernetes/${n.replace(/--/g, '/')}`, readFileSync(PKI + n, 'utf8')));

async function modelOf(files: WorkspaceFile[]): Promise<TrustModel> {
  const a = await analyseWorkspace(files, kb, { now: NOW });
  return a.trust!;
}

const overlap = (a: SceneNode, b: SceneNode) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (n: SceneNode, g: { x: number; y: number; width: number; height: number }) =>
  n.x >= g.x && n.y >= g.y && n.x + n.width <= g.x + g.width && n.y + n.height <= g.y + g.height;
/** A point on the border of the node's box (within half a pixel). */
const onBorder = ([x, y]: readonly [number, number], n: SceneNode) => {
  const within = (v: number, lo: number, hi: number) => v >= lo - 0.5 && v <= hi + 0.5;
  return (
    within(x, n.x, n.x + n.width) &&
    within(y, n.y, n.y + n.height) &&
    (Math.abs(x - n.x) < 0.5 ||
      Math.abs(x - n.x - n.width) < 0.5 ||
      Math.abs(y - n.y) < 0.5 ||
      Math.abs(y - n.y - n.height) < 0.5)
  );
};
/** Does the segment a-b (horizontal or vertical) go through the inside of the box? */
function crosses(a: readonly [number, number], b: readonly [number, number], n: SceneNode): boolean {
  const [x1, x2] = [Math.min(a[0], b[0]), Math.max(a[0], b[0])];
  const [y1, y2] = [Math.min(a[1], b[1]), Math.max(a[1], b[1])];
  return x1 < n.x + n.width - 1 && x2 > n.x + 1 && y1 < n.y + n.height - 1 && y2 > n.y + 1;
}

/** What every layout must satisfy. */
function checkLayout(model: TrustModel, layout: TrustLayout, options: Parameters<typeof layoutTrust>[1] = {}): void {
  const { scene } = layout;
  const nodes = new Map(scene.nodes.map((n) => [n.id, n]));
  // deterministic: the same model (a copy) gives the same scene
  expect(layoutTrust(structuredClone(model), options)).toEqual(layout);
  // every model node is drawn, by itself or inside another (one host shown: the nodes of that host)
  const only = typeof options.hosts === 'object' ? options.hosts.only : null;
  for (const n of model.nodes)
    if (only === null || layout.nodeOf.has(n.id)) expect(nodes.has(layout.nodeOf.get(n.id) ?? ''), n.id).toBe(true);
  // no overlaps; boxes inside the scene
  for (let i = 0; i < scene.nodes.length; i++) {
    const a = scene.nodes[i]!;
    expect(a.x >= 0 && a.y >= 0 && a.x + a.width <= scene.width && a.y + a.height <= scene.height, a.id).toBe(true);
    for (let j = i + 1; j < scene.nodes.length; j++)
      expect(overlap(a, scene.nodes[j]!), `${a.id} / ${scene.nodes[j]!.id}`).toBe(false);
  }
  for (let i = 0; i < scene.groups.length; i++)
    for (let j = i + 1; j < scene.groups.length; j++) {
      const [a, b] = [scene.groups[i]!, scene.groups[j]!];
      expect(a.x + a.width <= b.x || b.x + b.width <= a.x, `${a.id} / ${b.id}`).toBe(true);
    }
  // tiers: CAs above certificates and kubeconfigs, those above the components; hosts' boxes hold their nodes
  const kindOf = (id: string) => model.nodes.find((n) => n.id === id)!;
  for (const n of scene.nodes) {
    const host = layout.hostOf.get(n.id);
    const group = scene.groups.find((g) => inside(n, g));
    const top = kindOf(n.id).kind === 'ca' || kindOf(n.id).role === 'sa';
    if (top) expect(group, n.id).toBeUndefined();
    else {
      expect(group, n.id).toBeDefined();
      // a host's box (or, merged, the box of the hosts that each have one)
      if (host) expect(group!.id.startsWith(`host:${host}#`), `${n.id} in ${group!.id}`).toBe(true);
    }
  }
  const ys = (kind: TrustNode['kind']) => scene.nodes.filter((n) => kindOf(n.id).kind === kind).map((n) => n.y);
  const middle = [...ys('certificate'), ...ys('kubeconfig')];
  expect(Math.max(...ys('ca'))).toBeLessThan(Math.min(...middle));
  expect(Math.max(...middle)).toBeLessThan(Math.min(...ys('component')));
  // every model edge is drawn, or both its ends are in one box
  expect(layout.edgeOf).toHaveLength(model.edges.length);
  const drawn = new Set(scene.edges.map((e) => e.id));
  model.edges.forEach((e, i) => {
    const id = layout.edgeOf[i];
    if (id === null && only !== null && (!layout.nodeOf.has(e.from) || !layout.nodeOf.has(e.to))) return;
    if (id === null) expect(layout.nodeOf.get(e.from), `${e.kind} ${e.from}`).toBe(layout.nodeOf.get(e.to));
    else {
      expect(drawn.has(id!), id).toBe(true);
      expect(layout.edgeMembers.get(id!)).toContain(i);
      const s = scene.edges.find((x) => x.id === id)!;
      expect([s.from, s.to]).toEqual([layout.nodeOf.get(e.from), layout.nodeOf.get(e.to)]);
      if (e.broken) expect(s.broken).toBe(true);
    }
  });
  // routes: orthogonal, from the border of one end to the border of the other, through no third box
  for (const e of scene.edges) {
    const from = nodes.get(e.from)!;
    const to = nodes.get(e.to)!;
    expect(onBorder(e.points[0]!, from), `${e.id} starts at ${from.id}`).toBe(true);
    expect(onBorder(e.points[e.points.length - 1]!, to), `${e.id} ends at ${to.id}`).toBe(true);
    for (let i = 1; i < e.points.length; i++) {
      const [a, b] = [e.points[i - 1]!, e.points[i]!];
      expect(a[0] === b[0] || a[1] === b[1], `${e.id} segment ${i}`).toBe(true);
      for (const n of scene.nodes)
        if (n !== from && n !== to) expect(crosses(a, b, n), `${e.id} through ${n.id}`).toBe(false);
    }
    const members = layout.edgeMembers.get(e.id)!.map((i) => model.edges[i]!);
    expect(e.dashed).toBe(members.every((m) => m.inferred));
  }
}

/** Places where a horizontal stretch of one drawn edge crosses a vertical one of another. */
function crossings(scene: Scene): number {
  const segs: { x1: number; y1: number; x2: number; y2: number; id: string }[] = [];
  for (const e of scene.edges)
    for (let i = 1; i < e.points.length; i++) {
      const [a, b] = [e.points[i - 1]!, e.points[i]!];
      segs.push({
        x1: Math.min(a[0], b[0]),
        y1: Math.min(a[1], b[1]),
        x2: Math.max(a[0], b[0]),
        y2: Math.max(a[1], b[1]),
        id: e.id,
      });
    }
  const h = segs.filter((s) => s.y1 === s.y2);
  const v = segs.filter((s) => s.x1 === s.x2 && s.y1 !== s.y2);
  let n = 0;
  for (const a of h)
    for (const b of v)
      if (a.id !== b.id && b.x1 > a.x1 + 0.5 && b.x1 < a.x2 - 0.5 && a.y1 > b.y1 + 0.5 && a.y1 < b.y2 - 0.5) n++;
  return n;
}

const labelOf = (scene: Scene, id: string) => scene.nodes.find((n) => n.id === id)?.label;
const neighbours = (scene: Scene, id: string) =>
  scene.edges
    .filter((e) => e.from === id || e.to === id)
    .map((e) => labelOf(scene, e.from === id ? e.to : e.from)!)
    .sort();

describe('the first-visit sample (paths only)', async () => {
  const model = await modelOf(sample());
  const layout = layoutTrust(model);
  const { scene } = layout;

  it('is a valid layout', () => checkLayout(model, layout));

  it('draws 3 CAs and the sa key pair on top, the certificates and kubeconfigs in cp1, keys inside their certificates', () => {
    const labels = scene.nodes.map((n) => n.label);
    expect(scene.nodes).toHaveLength(model.nodes.length - 8 - 2); // 8 keys (sa.key in sa.pub), 2 kubeconfig client certificates folded
    expect(labels).not.toContain('server.key');
    expect(scene.groups.map((g) => g.label)).toEqual(['cp1']);
    const top = scene.nodes.filter((n) => n.y === Math.min(...scene.nodes.map((m) => m.y))).map((n) => n.label);
    expect(top.sort()).toEqual(['ca', 'etcd-ca', 'front-proxy-ca', 'sa.pub']);
    expect(scene.nodes.find((n) => n.label === 'etcd-server')?.detail).toBe('etcd/server.crt + key');
    // all inferred: dashed boxes and edges, in the legend
    expect(scene.nodes.filter((n) => n.kind !== 'component').every((n) => n.status === 'inferred')).toBe(true);
    expect(scene.edges.every((e) => e.dashed && !e.broken && e.label === null)).toBe(true);
    expect(scene.legend.map((l) => l.label)).toContain('inferred (paths only)');
  });

  it('the etcd CA signs the etcd certificates and the apiserver-etcd-client, etcd and kube-apiserver trust it', () => {
    const etcdCa = layout.nodeOf.get('path:/etc/kubernetes/pki/etcd/ca.crt')!;
    expect(neighbours(scene, etcdCa)).toEqual([
      'apiserver-etcd-client',
      'etcd',
      'etcd-peer',
      'etcd-server',
      'kube-apiserver',
    ]);
    // etcd's --trusted-ca-file and --peer-trusted-ca-file: one drawn edge naming both
    const trusts = scene.edges.find(
      (e) => e.kind === 'trusts' && e.to === etcdCa && labelOf(scene, e.from) === 'etcd',
    )!;
    expect(trusts.title).toContain('--trusted-ca-file');
    expect(trusts.title).toContain('--peer-trusted-ca-file');
    expect(layout.edgeMembers.get(trusts.id)).toHaveLength(2);
  });

  it('few crossings: gutter lanes of a column’s own edges nearest it, the others in the order of the CAs', () => {
    // 101 before the lanes were ordered by the CAs' places
    expect(crossings(scene)).toBeLessThanOrEqual(70);
  });

  it('components at the foot of the column of what they use, each tier sorted', () => {
    const x = (label: string) => scene.nodes.find((n) => n.label === label)!;
    const centre = (n: SceneNode) => n.x + n.width / 2;
    // the etcd certificates over etcd, the apiserver's over kube-apiserver
    expect(Math.abs(centre(x('etcd-server')) - centre(x('etcd')))).toBeLessThan(1);
    expect(Math.abs(centre(x('apiserver')) - centre(x('kube-apiserver')))).toBeLessThan(1);
    expect(centre(x('etcd'))).toBeLessThan(centre(x('kube-apiserver')));
    expect(centre(x('kube-apiserver'))).toBeLessThan(centre(x('kube-controller-manager')));
    // the etcd CA over the left part, where etcd is
    expect(centre(x('etcd-ca'))).toBeLessThan(centre(x('sa.pub')));
  });

  it('exports: the same scene in SVG and DOT, with every node', () => {
    const svg = sceneToSvg(scene);
    for (const n of scene.nodes) expect(svg).toContain(`data-node="${n.id}"`);
    expect(sceneToDot(scene)).toContain('cluster_0');
  });
});

describe('a broken trust: kube-apiserver --etcd-cafile names the cluster CA', async () => {
  const model = await modelOf(
    sample((m, t) =>
      m === 'kube-apiserver' ? t.replace(/--etcd-cafile=[^\n]*/, '--etcd-cafile=/etc/kubernetes/pki/ca.crt') : t,
    ),
  );
  const options = {
    brokenLabel: (e: { via: string | null }) => (e.via === '--etcd-cafile' ? 'etcd server CA mismatch' : null),
  };
  const layout = layoutTrust(model, options);

  it('is a valid layout', () => checkLayout(model, layout, options));

  it('draws that edge red, labelled with its finding, from kube-apiserver to the cluster CA', () => {
    const broken = layout.scene.edges.filter((e) => e.broken);
    expect(broken).toHaveLength(1);
    expect(broken[0]).toMatchObject({ kind: 'trusts', label: 'etcd server CA mismatch', color: '#c4320a' });
    expect(labelOf(layout.scene, broken[0]!.from)).toBe('kube-apiserver');
    expect(labelOf(layout.scene, broken[0]!.to)).toBe('ca');
    expect(layout.scene.legend.map((l) => l.label)).toContain('broken trust');
    // drawn last, its label in the channel under the CAs (above every host box), clear of the boxes
    expect(layout.scene.edges[layout.scene.edges.length - 1]!.broken).toBe(true);
    const at = broken[0]!.labelAt!;
    expect(at[1]).toBeLessThan(Math.min(...layout.scene.groups.map((g) => g.y)));
    expect(at[1]).toBeGreaterThan(
      Math.max(...layout.scene.nodes.filter((n) => n.kind === 'ca').map((n) => n.y + n.height)),
    );
  });
});

describe('the 3-node HA example, hosts side by side', async () => {
  const model = await modelOf(ha());
  const layout = layoutTrust(model, { hosts: 'each' });
  const { scene } = layout;

  it('is a valid layout', () => checkLayout(model, layout, { hosts: 'each' }));

  it('one box per host, the CA copies of the three hosts drawn once', () => {
    expect(scene.groups.map((g) => g.label)).toEqual(['cp1', 'cp2', 'cp3']);
    const cas = scene.nodes.filter((n) => n.kind === 'ca');
    expect(cas.map((n) => n.label).sort()).toEqual(['ca', 'etcd-ca', 'front-proxy-ca']);
    for (const ca of cas) {
      expect(ca.detail).toBe('same on cp1, cp2, cp3');
      const hosts = layout.members.get(ca.id)!.map((id) => /@(cp\d)$/.exec(id)?.[1]);
      expect(new Set(hosts.filter((h) => h !== undefined))).toEqual(new Set(['cp1', 'cp2', 'cp3']));
    }
    // per host: its own etcd, apiserver and their certificates
    for (const g of scene.groups) {
      const mine = scene.nodes.filter((n) => inside(n, g)).map((n) => n.label);
      expect(mine.filter((l) => l === 'etcd-server')).toHaveLength(1);
      expect(mine.filter((l) => l === 'kube-apiserver')).toHaveLength(1);
    }
    // the etcd CA reaches the etcd certificates of every host
    const etcdCa = cas.find((n) => n.label === 'etcd-ca')!;
    expect(neighbours(scene, etcdCa.id).filter((l) => l === 'etcd-server')).toHaveLength(3);
  });

  it('few crossings for 46 boxes and 96 edges', () => {
    // 1262 before the lanes were ordered by the CAs' places
    expect(crossings(scene)).toBeLessThanOrEqual(1120);
  });

  it('fits a screen-sized picture: hosts side by side, two columns each', () => {
    expect(scene.width).toBeLessThan(2200);
    expect(scene.height).toBeLessThan(800);
  });
});

/** Every box's first line fits in it (not cut), and no two boxes overlap: no two labels overlap. */
function labelsFit(scene: Scene): void {
  for (const n of scene.nodes) expect(textWidth(n.label, 12), n.label).toBeLessThanOrEqual(n.width - 10);
  for (const g of scene.groups) expect(textWidth(g.label, 12) + 20, g.label).toBeLessThanOrEqual(g.width);
}

describe('the 3-node HA example, one box per role (the default)', async () => {
  const model = await modelOf(ha());
  const layout = layoutTrust(model);
  const { scene } = layout;
  const single = layoutTrust(await modelOf(sample())).scene;

  it('is a valid layout', () => checkLayout(model, layout));

  it('draws as many boxes and edges as the single-node sample: each role once, for the three hosts', () => {
    expect(scene.groups.map((g) => g.label)).toEqual(['on each of cp1, cp2, cp3 (one box per role)']);
    expect(scene.nodes).toHaveLength(single.nodes.length);
    expect(scene.edges.length).toBeLessThanOrEqual(single.edges.length);
    expect(scene.edges.length).toBeLessThan(40);
    const apiserver = scene.nodes.find((n) => n.label === 'apiserver ×3')!;
    expect(layout.members.get(apiserver.id)).toEqual(
      expect.arrayContaining(['cp1', 'cp2', 'cp3'].map((h) => `path:/etc/kubernetes/pki/apiserver.crt@${h}`)),
    );
    expect(layout.hostsOf.get(apiserver.id)).toEqual(['cp1', 'cp2', 'cp3']);
    const etcd = scene.nodes.find((n) => n.label === 'etcd ×3')!;
    expect(layout.hostsOf.get(etcd.id)).toEqual(['cp1', 'cp2', 'cp3']);
    // the etcd CA signs one etcd-server box, which stands for the three signatures
    const etcdCa = scene.nodes.find((n) => n.label === 'etcd-ca')!;
    const signs = scene.edges.filter((e) => e.from === etcdCa.id && e.kind === 'signs');
    expect(signs.map((e) => labelOf(scene, e.to)).sort()).toEqual([
      'apiserver-etcd-client ×3',
      'etcd-peer ×3',
      'etcd-server ×3',
    ]);
    for (const e of signs) expect(layout.edgeMembers.get(e.id)).toHaveLength(3);
  });

  it('labels fit their boxes and no two overlap; no wider than the single-node graph, so the text stays readable', () => {
    labelsFit(scene);
    labelsFit(single);
    // the view fits the scene to its width: a 1330 px wide graph draws 12 px labels at 11 px or more
    expect(scene.width).toBeLessThanOrEqual(1330 * (12 / 11) - 1);
    expect(scene.width).toBeLessThanOrEqual(single.width * 1.1);
    expect(scene.height).toBeLessThanOrEqual(single.height * 1.1);
  });

  it('one host: its own certificates and components, the CAs, nothing of the other hosts', () => {
    const options = { hosts: { only: 'cp2' } };
    const cp2 = layoutTrust(model, options);
    checkLayout(model, cp2, options);
    labelsFit(cp2.scene);
    expect(cp2.scene.groups.map((g) => g.label)).toEqual(['cp2']);
    expect(cp2.scene.nodes).toHaveLength(single.nodes.length);
    for (const n of cp2.scene.nodes) {
      const ids = cp2.members.get(n.id)!;
      if (n.kind === 'ca' || n.label === 'sa.pub') continue;
      for (const id of ids) expect(id, n.label).toMatch(/@cp2(?:$|[#/])/);
    }
    // the edges of cp1's and cp3's components are left out, every edge of cp2 is drawn
    model.edges.forEach((e, i) => {
      const on = (id: string) => /@(cp\d)(?:$|[#/])/.exec(id)?.[1];
      const hosts = new Set([on(e.from), on(e.to)]);
      const drawn = cp2.edgeOf[i];
      if (hosts.has('cp1') || hosts.has('cp3')) expect(drawn, `${e.from} -> ${e.to}`).toBeNull();
    });
    expect(cp2.scene.edges.length).toBe(single.edges.length);
  });
});

describe('a generated PKI with the sample (real certificates)', async () => {
  const model = await modelOf([...sample(), ...pki()]);
  const layout = layoutTrust(model);

  it('is a valid layout', () => checkLayout(model, layout));

  it('shows the healthcheck client signed by the etcd CA, confirmed edges solid, certificates not inferred', () => {
    const etcdCa = layout.nodeOf.get('file:/etc/kubernetes/pki/etcd/ca.crt')!;
    expect(neighbours(layout.scene, etcdCa)).toEqual(
      expect.arrayContaining(['apiserver-etcd-client', 'etcd-healthcheck-client', 'etcd-peer', 'etcd-server']),
    );
    const signs = layout.scene.edges.filter((e) => e.kind === 'signs');
    expect(signs.length).toBeGreaterThan(5);
    for (const e of signs) expect(e.dashed).toBe(false);
    expect(layout.scene.nodes.find((n) => n.label === 'etcd-server')?.status).toBe('normal');
    // the kubeconfigs' embedded client certificates and keys are inside the kubeconfig
    expect(layout.members.get(layout.nodeOf.get('file:/etc/kubernetes/admin.conf')!)).toHaveLength(3);
  });
});

describe('copies that differ are not one node', () => {
  const base = (id: string, host: string, fingerprint: string): TrustNode => ({
    id,
    kind: 'ca',
    label: `ca@${host}`,
    path: '/etc/kubernetes/pki/ca.crt',
    inferred: false,
    role: 'ca',
    subject: 'CN = kubernetes',
    issuer: 'CN = kubernetes',
    notAfter: '2030-01-01T00:00:00.000Z',
    sans: [],
    isCA: true,
    certificate: {
      subject: 'CN = kubernetes',
      subjectCN: 'kubernetes',
      subjectO: [],
      issuer: 'CN = kubernetes',
      issuerCN: 'kubernetes',
      notBefore: '2020-01-01T00:00:00.000Z',
      notAfter: '2030-01-01T00:00:00.000Z',
      daysLeft: host === 'b' ? 10 : host === 'c' ? -5 : 1000,
      sans: [],
      isCA: true,
      keyUsage: [],
      extendedKeyUsage: [],
      selfSigned: true,
      fingerprintSha256: fingerprint,
      publicKey: 'k',
    },
    span: null,
    documentId: null,
    component: null,
    host: null,
  });
  const component = (host: string): TrustNode => ({
    ...base(`component:kube-apiserver@${host}`, host, ''),
    kind: 'component',
    label: `kube-apiserver@${host}`,
    path: null,
    role: null,
    certificate: null,
    component: 'kube-apiserver',
    host,
  });
  const edge = (from: string, to: string) => ({
    kind: 'trusts' as const,
    from,
    to,
    purpose: 'verify-client' as const,
    peer: 'clients' as const,
    via: '--client-ca-file',
    source: 'set' as const,
    span: null,
    inferred: false,
    broken: false,
  });
  const model = (fa: string, fb: string): TrustModel => ({
    nodes: [base('file:a/ca.crt', 'a', fa), base('file:b/ca.crt', 'b', fb), component('a'), component('b')],
    edges: [edge('component:kube-apiserver@a', 'file:a/ca.crt'), edge('component:kube-apiserver@b', 'file:b/ca.crt')],
  });

  it('an expired certificate: a red box that says so, and the legend', () => {
    const m: TrustModel = {
      nodes: [base('file:c/ca.crt', 'c', 'f3'), component('c')],
      edges: [edge('component:kube-apiserver@c', 'file:c/ca.crt')],
    };
    const l = layoutTrust(m);
    checkLayout(m, l);
    expect(l.scene.nodes.find((n) => n.kind === 'ca')).toMatchObject({ status: 'broken', detail: 'expired 5d ago' });
    expect(l.scene.legend.map((x) => x.label)).toContain('expired');
  });

  it('the same fingerprint: one CA over both hosts; another: two, the one expiring soon marked', () => {
    const same = layoutTrust(model('f1', 'f1'));
    checkLayout(model('f1', 'f1'), same);
    expect(same.scene.nodes.filter((n) => n.kind === 'ca')).toHaveLength(1);
    const differ = layoutTrust(model('f1', 'f2'), { hosts: 'each' });
    checkLayout(model('f1', 'f2'), differ, { hosts: 'each' });
    // merged (the default): one kube-apiserver ×2 that trusts both CAs
    const merged = layoutTrust(model('f1', 'f2'));
    checkLayout(model('f1', 'f2'), merged);
    expect(merged.scene.nodes.filter((n) => n.kind === 'ca')).toHaveLength(2);
    expect(merged.scene.nodes.filter((n) => n.kind === 'component').map((n) => n.label)).toEqual(['kube-apiserver ×2']);
    const cas = differ.scene.nodes.filter((n) => n.kind === 'ca');
    expect(cas).toHaveLength(2);
    expect(cas.map((n) => n.status).sort()).toEqual(['normal', 'warning']);
    expect(cas.find((n) => n.status === 'warning')?.detail).toBe('10d left');
    expect(differ.scene.legend.map((l) => l.label)).toContain('expires within 30 days');
    expect(differ.scene.groups.map((g) => g.label)).toEqual(['a', 'b']);
  });
});

describe("the trust page's data (src/views/trust/trustData.ts)", async () => {
  const files = sample();
  const model = await modelOf(files);
  const layout = layoutTrust(model);
  const api = files.find((f) => f.name.endsWith('kube-apiserver.yaml'))!;
  const at = (text: string) => ({ fileId: api.id, offset: api.text.indexOf(text) + text.length - 2 });

  it('the certificate flag under the cursor names its node (a key flag: the certificate it belongs to)', () => {
    const label = (id: string | null) => (id ? labelOf(layout.scene, id) : null);
    expect(label(nodeAtCursor(model, layout, at('--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt')))).toBe('etcd-ca');
    expect(
      label(nodeAtCursor(model, layout, at('--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt'))),
    ).toBe('apiserver-etcd-client');
    expect(label(nodeAtCursor(model, layout, at('--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key')))).toBe(
      'apiserver-etcd-client',
    );
    expect(nodeAtCursor(model, layout, at('--allow-privileged=true'))).toBeNull();
    expect(nodeAtCursor(model, layout, null)).toBeNull();
  });

  it('the certificates table: subject, issuer, time left, SANs, who uses it; sorted by expiry or name', async () => {
    const real = await modelOf([...sample(), ...pki()]);
    const rows = certificateRows(real, () => null);
    const row = (role: string) => rows.find((r) => r.role === role)!;
    expect(row('etcd-healthcheck-client')).toMatchObject({
      subjectCN: 'kube-etcd-healthcheck-client',
      issuer: 'etcd-ca',
      inferred: false,
      usedBy: [],
    });
    expect(row('apiserver').usedBy).toEqual(['kube-apiserver@cp1']);
    expect(row('apiserver').sans).toContain('kubernetes.default.svc');
    expect(row('apiserver').daysLeft).toBeGreaterThan(30_000);
    expect(row('admin.conf').usedBy).toEqual(['admin.conf']);
    expect(row('controller-manager.conf').usedBy).toEqual(['controller-manager.conf', 'kube-controller-manager@cp1']);
    const byExpiry = sortRows(rows, 'expires', true).map((r) => r.notAfter ?? '9999');
    expect(byExpiry).toEqual([...byExpiry].sort());
    const byName = sortRows(rows, 'name', false).map((r) => r.name);
    expect(byName).toEqual([...byName].sort((a, b) => b.localeCompare(a, 'en', { numeric: true })));
    expect(timeLeft(-3)).toBe('expired 3d ago');
    expect(timeLeft(12)).toBe('12d left');
    expect(timeLeft(400)).toBe('1y 35d left');
  });
});

describe('workspaces without components', () => {
  it('only the generated PKI (certificates, keys, kubeconfigs): a valid layout, every certificate drawn', async () => {
    const model = await modelOf(pki());
    const layout = layoutTrust(model);
    checkLayout(model, layout);
    const labels = layout.scene.nodes.map((n) => n.label);
    for (const l of ['ca', 'etcd-ca', 'etcd-server', 'etcd-healthcheck-client', 'admin.conf'])
      expect(labels).toContain(l);
    expect(layout.scene.edges.some((e) => e.kind === 'signs')).toBe(true);
  });

  it('an empty model: an empty scene', () => {
    const layout = layoutTrust({ nodes: [], edges: [] });
    expect(layout.scene.nodes).toEqual([]);
    expect(layout.scene.edges).toEqual([]);
    expect(layout.scene.width).toBeGreaterThan(0);
  });
});
