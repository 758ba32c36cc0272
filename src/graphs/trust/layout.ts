/**
 * The trust graph's layout: a pure, deterministic function from the trust model (src/analysis/trust) to a Scene
 * (src/graphs/scene.ts). The same model gives the same scene.
 *
 * - Tiers: CAs and the service-account key pair at the top, certificates, keys and kubeconfigs in the middle,
 *   components at the bottom. The middle and bottom tiers are grouped by host (one box per host).
 * - Folding: a key is drawn inside the certificate it belongs to (its key-of edge is then inside that node), a
 *   kubeconfig's client certificate inside the kubeconfig; the copies of one CA (or sa key pair) that kubeadm
 *   places on every control-plane node are one node when they are the same (all known by their path only, or the
 *   same fingerprint), listing their hosts. Model edges between the same two drawn nodes with the same kind are
 *   one drawn edge listing every flag. `edgeOf` says for every model edge which drawn edge it is in (or null: inside
 *   a node), so every model edge is accounted for.
 * - Hosts (`options.hosts`): by default a node of the same role on every host (each host's apiserver certificate,
 *   each host's etcd) is one drawn node, `apiserver ×3`, in one box for those hosts: a 3-node cluster has as many
 *   boxes and edges as one node. `each` draws the hosts side by side; `{ only }` one host and the CAs.
 * - Columns: in a host box, each middle node stands in the column of the component that uses it, components at
 *   the foot of their columns. Edges run orthogonally in lanes: a channel under the top tier, a gutter left of each
 *   column (from the top tier into a node's left side), a gutter right of it (components and their nodes), and a
 *   channel under the components (between columns). Edges of one kind from one end share a lane (a bus).
 */
import type { TrustEdge, TrustEdgeKind, TrustModel, TrustNode } from '../../analysis/trust/model';
import {
  textWidth,
  type LegendEntry,
  type Point,
  type Scene,
  type SceneEdge,
  type SceneGroup,
  type SceneNode,
} from '../scene';
import { t, type MessageKey } from '../../i18n';

export interface TrustLayoutOptions {
  /** The text of a broken edge (its finding's title); `trust.graph.broken` when null. */
  brokenLabel?: (edge: TrustEdge) => string | null;
  /** A longer text for a broken edge's hover title (its finding's message). */
  brokenNote?: (edge: TrustEdge) => string | null;
  title?: string;
  /**
   * With components on several hosts: `merged` (the default) draws the nodes of one role that every host has its
   * own copy of (each host's apiserver certificate, each host's kube-apiserver) as one node `apiserver ×3` in one
   * box for those hosts, so a 3-node cluster reads like one node; `each` draws one box per host side by side;
   * `{ only: host }` draws that host's nodes and the CAs, nothing of the other hosts.
   */
  hosts?: TrustHostView;
}

export type TrustHostView = 'merged' | 'each' | { only: string };

/** The hosts of the model's components, in natural order (what a host selector offers). */
export function trustHosts(model: TrustModel): string[] {
  return [...new Set(model.nodes.filter((n) => n.kind === 'component' && n.host).map((n) => n.host!))].sort(natural);
}

export interface TrustLayout {
  scene: Scene;
  /** Model node id -> the drawn node that stands for it (itself, the certificate of a key, the one CA of copies). */
  nodeOf: Map<string, string>;
  /** Drawn node id -> the model node ids it stands for (the first is the drawn one). */
  members: Map<string, string[]>;
  /** By model edge index: the drawn edge it is part of, or null when both ends are inside one drawn node. */
  edgeOf: (string | null)[];
  /** Drawn edge id -> the model edge indices it stands for. */
  edgeMembers: Map<string, number[]>;
  /** Drawn node id -> its host, or null for the shared top tier and nodes of no host. */
  hostOf: Map<string, string | null>;
  /** Drawn node id -> the hosts of the components it is joined to (a shared CA: all of them). */
  hostsOf: Map<string, string[]>;
}

export const NODE_COLORS: Record<TrustNode['kind'], { fill: string; stroke: string }> = {
  ca: { fill: '#fdecc8', stroke: '#a86b12' },
  certificate: { fill: '#dbe8fb', stroke: '#3567b0' },
  key: { fill: '#ece6fb', stroke: '#6a4bbf' },
  kubeconfig: { fill: '#d9f2e1', stroke: '#2b7a4b' },
  component: { fill: '#e6e8ec', stroke: '#475467' },
};

export const EDGE_COLORS: Record<TrustEdgeKind, string> = {
  signs: '#a86b12',
  presents: '#2f62c8',
  trusts: '#7a3fd1',
  'key-of': '#667085',
  'points-to': '#17845a',
};

export const BROKEN_COLOR = '#c4320a';

const KIND_ORDER: TrustEdgeKind[] = ['signs', 'trusts', 'presents', 'key-of', 'points-to'];
const COMPONENT_ORDER = [
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kubelet',
  'kube-proxy',
];
const TOP_ORDER = ['etcd-ca', 'ca', 'front-proxy-ca', 'sa'];

const NODE_H = 40;
const ROW_GAP = 14;
const LANE = 5;
const TRACK = 7;
const GUTTER_PAD = 10;
const COLUMN_GAP = 4;
const BLOCK_GAP = 20;
const BLOCK_PAD = 10;
const BLOCK_HEADER = 26;
const MARGIN = 16;
const TOP_GAP = 24;

type Tier = 'top' | 'middle' | 'component';

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const natural = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/** `etcd-server@cp1` -> `etcd-server` when the host is shown by the box around it. */
function withoutHost(label: string, host: string | null): string {
  if (host && label.endsWith(`@${host}`)) return label.slice(0, -host.length - 1);
  return label.replace(/@[^@/#]+$/, '');
}

/** A host path without kubeadm's folder: `/etc/kubernetes/pki/etcd/ca.crt` -> `pki/etcd/ca.crt`. */
export function shortPath(path: string | null): string | null {
  if (!path) return null;
  return path.startsWith('/etc/kubernetes/') ? path.slice('/etc/kubernetes/'.length) : path;
}

function nodeWidth(label: string, detail: string | null): number {
  const w = Math.max(textWidth(label, 12), detail ? textWidth(detail, 10) : 0) + 22;
  return Math.min(250, Math.max(118, w));
}

function kindWord(kind: TrustNode['kind']): string {
  return t(`trust.kind.${kind}` as MessageKey);
}

function edgeWord(kind: TrustEdgeKind): string {
  return t(`trust.edge.${kind}` as MessageKey);
}

/**
 * An edge as a sentence in the UI language (`trust.sentence.*`): `from signs to`, or `signs to` (`from` null: the
 * selected node), or `from trusts this` (`to` null). Chinese writes 信任它, no space between its characters.
 */
export function edgeSentence(kind: TrustEdgeKind, from: string | null, to: string | null): string {
  const edge = edgeWord(kind);
  if (from === null) return t('trust.sentence.from', { edge, to: to ?? t('trust.this') });
  if (to === null) return t('trust.sentence.toThis', { from, edge, this: t('trust.this') });
  return t('trust.sentence.between', { from, edge, to });
}

/** `label: text` with the language's colon (`主体：CN = …`). */
const labelled = (label: string, text: string) => t('doc.labelled', { label, text });

interface Drawn {
  id: string;
  node: TrustNode;
  members: TrustNode[];
  tier: Tier;
  host: string | null;
  hosts: string[];
  label: string;
  detail: string | null;
  width: number;
  /** Block and column (middle and component tiers). */
  block: number;
  column: number;
  row: number;
  x: number;
  y: number;
}

interface MergedEdge {
  id: string;
  kind: TrustEdgeKind;
  from: string;
  to: string;
  members: number[];
}

interface Gutter {
  lanes: string[];
}

export function layoutTrust(model: TrustModel, options: TrustLayoutOptions = {}): TrustLayout {
  const byId = new Map(model.nodes.map((n) => [n.id, n]));

  // 1. folding: keys into their certificates, kubeconfigs' client certificates into the kubeconfig
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let cur = id;
    const seen = new Set<string>();
    while (parent.has(cur) && !seen.has(cur)) {
      seen.add(cur);
      cur = parent.get(cur)!;
    }
    return cur;
  };
  const fold = (child: string, into: string) => {
    if (!byId.has(child) || !byId.has(into) || parent.has(child)) return;
    if (find(into) === child) return;
    parent.set(child, into);
  };
  for (const e of model.edges) {
    const from = byId.get(e.from);
    const to = byId.get(e.to);
    if (!from || !to) continue;
    if (e.kind === 'key-of' && from.kind === 'key') fold(from.id, to.id);
    if (e.kind === 'presents' && from.kind === 'kubeconfig' && to.kind === 'certificate') fold(to.id, from.id);
  }

  const tierOf = (n: TrustNode): Tier =>
    n.kind === 'component' ? 'component' : n.kind === 'ca' || n.role === 'sa' ? 'top' : 'middle';

  // the hosts each node is used on: the hosts of the components it is joined to
  const componentHosts = new Map<string, Set<string>>();
  const addHost = (id: string, host: string) => {
    const set = componentHosts.get(id) ?? new Set<string>();
    set.add(host);
    componentHosts.set(id, set);
  };
  for (const e of model.edges) {
    const a = byId.get(e.from);
    const b = byId.get(e.to);
    if (!a || !b) continue;
    if (a.kind === 'component' && a.host) addHost(find(b.id), a.host);
    if (b.kind === 'component' && b.host) addHost(find(a.id), b.host);
  }
  const allHosts = trustHosts(model);
  const view = options.hosts ?? 'merged';
  const only = typeof view === 'object' ? view.only : null;

  // 2. the copies of one CA / sa pair on several hosts: one node when they are the same
  const tops = model.nodes.filter((n) => !parent.has(n.id) && tierOf(n) === 'top');
  const copies = new Map<string, TrustNode[]>();
  const copyCount = new Map<string, number>();
  for (const n of tops) {
    const key = `${n.kind}\0${n.role ?? withoutHost(n.label, null)}\0${n.path ?? ''}`;
    copies.set(key, [...(copies.get(key) ?? []), n]);
  }
  for (const group of copies.values()) {
    if (group.length < 2) continue;
    const fingerprints = new Set(group.map((n) => n.certificate?.fingerprintSha256 ?? null));
    const same = group.every((n) => n.inferred) || (fingerprints.size === 1 && !fingerprints.has(null));
    if (!same) continue;
    for (const n of group.slice(1)) parent.set(n.id, group[0]!.id);
    copyCount.set(group[0]!.id, group.length);
  }

  // 2b. merged hosts: the nodes of one role that each host has its own of are one drawn node
  const mergedCount = new Map<string, number>();
  if (view === 'merged' && allHosts.length > 1) {
    const hostOfRoot = (n: TrustNode): string | null => {
      if (n.kind === 'component') return n.host;
      const hs = componentHosts.get(n.id);
      return hs && hs.size === 1 ? [...hs][0]! : null;
    };
    const same = new Map<string, { n: TrustNode; host: string }[]>();
    for (const n of model.nodes) {
      if (parent.has(n.id) || tierOf(n) === 'top') continue;
      const host = hostOfRoot(n);
      if (!host) continue;
      const key = `${n.kind}\0${n.component ?? ''}\0${n.role ?? withoutHost(n.label, host)}\0${n.path ?? ''}`;
      same.set(key, [...(same.get(key) ?? []), { n, host }]);
    }
    for (const group of same.values()) {
      if (group.length < 2 || new Set(group.map((g) => g.host)).size !== group.length) continue;
      group.sort((a, b) => natural(a.host, b.host));
      for (const g of group.slice(1)) parent.set(g.n.id, group[0]!.n.id);
      mergedCount.set(group[0]!.n.id, group.length);
    }
  }

  // 3. the drawn nodes
  const drawnById = new Map<string, Drawn>();
  const membersOf = new Map<string, TrustNode[]>();
  for (const n of model.nodes) {
    const r = find(n.id);
    membersOf.set(r, [...(membersOf.get(r) ?? []), n]);
  }
  for (const n of model.nodes) {
    if (parent.has(n.id)) continue;
    const members = membersOf.get(n.id) ?? [n];
    const tier = tierOf(n);
    const hostSet = new Set<string>();
    for (const m of members) {
      if (m.kind === 'component' && m.host) hostSet.add(m.host);
      for (const h of componentHosts.get(m.id) ?? []) hostSet.add(h);
    }
    for (const h of componentHosts.get(n.id) ?? []) hostSet.add(h);
    const hosts = [...hostSet].sort(natural);
    // one host shown: the nodes of the other hosts are left out (the CAs and nodes of no host stay)
    if (
      only !== null &&
      tier !== 'top' &&
      (tier === 'component' ? n.host !== only : hosts.length > 0 && !hosts.includes(only))
    )
      continue;
    const sameOn = mergedCount.get(n.id) ?? 1;
    let host: string | null = null;
    if (sameOn > 1) host = hosts.join(', ');
    else if (tier === 'component') host = n.host;
    else if (tier === 'middle')
      host = hosts.length === 1 ? hosts[0]! : hosts.length === 0 && allHosts.length === 1 ? allHosts[0]! : null;
    const bare = withoutHost(n.label, tier === 'top' ? (hosts.length === 1 ? hosts[0]! : null) : host);
    const label = sameOn > 1 ? t('trust.graph.times', { name: bare, count: sameOn }) : bare;
    const hasKey = members.some((m) => m !== n && m.kind === 'key') && n.kind !== 'key';
    const hasClient = n.kind === 'kubeconfig' && members.some((m) => m.kind === 'certificate');
    const copiesOf = copyCount.get(n.id) ?? 1;
    let detail: string | null;
    if (tier === 'component') detail = null;
    else if (n.kind === 'kubeconfig') detail = hasClient ? t('trust.graph.withClient') : t('trust.graph.kubeconfig');
    else if (!n.path) detail = t('trust.graph.inMemory');
    else {
      const p = shortPath(n.path)?.replace(/^pki\//, '') ?? null;
      detail = p === label ? null : p;
      if (hasKey) detail = detail ? `${detail} ${t('trust.graph.plusKey')}` : t('trust.graph.plusKey');
      if (n.role === 'sa' && members.some((m) => m !== n && m.kind === 'key')) detail = t('trust.graph.keyPair');
    }
    if (tier === 'top' && copiesOf > 1)
      detail = t('trust.graph.copies', {
        count: copiesOf,
        hosts: hosts.join(t('doc.listSeparator')) || String(copiesOf),
      });
    // a certificate that expired or expires within 30 days says so instead of its path
    const days = members
      .map((m) => m.certificate?.daysLeft)
      .filter((v): v is number => typeof v === 'number')
      .sort((a, b) => a - b)[0];
    if (days !== undefined && days < 0) detail = t('trust.expiredAgo', { days: -days });
    else if (days !== undefined && days <= 30) detail = t('trust.leftDays', { days });
    drawnById.set(n.id, {
      id: n.id,
      node: n,
      members,
      tier,
      host,
      hosts,
      label,
      detail,
      width: nodeWidth(label, detail),
      block: -1,
      column: -1,
      row: -1,
      x: 0,
      y: 0,
    });
  }

  // 4. merged edges
  const edgeOf: (string | null)[] = [];
  const merged = new Map<string, MergedEdge>();
  model.edges.forEach((e, i) => {
    if (!byId.has(e.from) || !byId.has(e.to)) {
      edgeOf.push(null);
      return;
    }
    const a = find(e.from);
    const b = find(e.to);
    if (a === b || !drawnById.has(a) || !drawnById.has(b)) {
      edgeOf.push(null);
      return;
    }
    const id = `${e.kind}:${a}->${b}`;
    const m = merged.get(id) ?? { id, kind: e.kind, from: a, to: b, members: [] };
    m.members.push(i);
    merged.set(id, m);
    edgeOf.push(id);
  });
  const edges = [...merged.values()];

  // 5. blocks (hosts) and columns
  const topNodes = [...drawnById.values()]
    .filter((d) => d.tier === 'top')
    .sort((a, b) => {
      const ra = TOP_ORDER.indexOf(a.node.role ?? '');
      const rb = TOP_ORDER.indexOf(b.node.role ?? '');
      return (ra < 0 ? 99 : ra) - (rb < 0 ? 99 : rb) || natural(a.label, b.label) || byText(a.id, b.id);
    });
  const topIndex = new Map(topNodes.map((d, i) => [d.id, i]));
  const blockKeys: (string | null)[] = [];
  const lower = [...drawnById.values()].filter((d) => d.tier !== 'top');
  const hostKeys = [...new Set(lower.map((d) => d.host))];
  hostKeys.sort((a, b) => (a === null ? 1 : b === null ? -1 : natural(a, b)));
  blockKeys.push(...hostKeys);
  const componentRank = (d: Drawn) => {
    const i = COMPONENT_ORDER.indexOf(d.node.component ?? '');
    return i < 0 ? COMPONENT_ORDER.length : i;
  };
  const neighbours = new Map<string, MergedEdge[]>();
  for (const e of edges) {
    neighbours.set(e.from, [...(neighbours.get(e.from) ?? []), e]);
    neighbours.set(e.to, [...(neighbours.get(e.to) ?? []), e]);
  }

  interface Block {
    key: string | null;
    columns: Drawn[][];
    components: Drawn[][];
    left: Gutter[];
    right: Gutter[];
    x: number;
    width: number;
    columnX: number[];
    columnW: number[];
  }
  const hostCount = hostKeys.filter((h) => h !== null).length;
  const blocks: Block[] = blockKeys.map((key, bi) => {
    const members = lower.filter((d) => d.host === key);
    const comps = members
      .filter((d) => d.tier === 'component')
      .sort((a, b) => componentRank(a) - componentRank(b) || natural(a.label, b.label) || byText(a.id, b.id));
    const k = Math.max(1, hostCount <= 1 ? comps.length : Math.ceil(comps.length / 2));
    const columns: Drawn[][] = Array.from({ length: k }, () => []);
    const components: Drawn[][] = Array.from({ length: k }, () => []);
    comps.forEach((c, i) => {
      c.block = bi;
      c.column = i % k;
      c.row = Math.floor(i / k);
      components[i % k]!.push(c);
    });
    const compIndex = new Map(comps.map((c, i) => [c.id, i]));
    const middle = members.filter((d) => d.tier === 'middle');
    const ownerOf = (d: Drawn): number => {
      let best = Infinity;
      for (const e of neighbours.get(d.id) ?? []) {
        if (e.to !== d.id) continue;
        const i = compIndex.get(e.from);
        if (i !== undefined && i < best) best = i;
      }
      return best;
    };
    const firstTop = (d: Drawn): number => {
      let best = Infinity;
      for (const e of neighbours.get(d.id) ?? []) {
        const other = e.from === d.id ? e.to : e.from;
        const i = topIndex.get(other);
        if (i !== undefined && i < best) best = i;
      }
      return best;
    };
    const sorted = middle
      .map((d) => ({ d, owner: ownerOf(d), top: firstTop(d) }))
      .sort(
        (a, b) =>
          a.owner - b.owner ||
          a.top - b.top ||
          KIND_RANK[a.d.node.kind] - KIND_RANK[b.d.node.kind] ||
          natural(a.d.label, b.d.label) ||
          byText(a.d.id, b.d.id),
      );
    // nodes no component of this host uses (admin.conf, a PEM file alone): columns of their own at the right,
    // no taller than the others
    const unowned: Drawn[] = [];
    const place = (d: Drawn, column: number) => {
      d.block = bi;
      d.column = column;
      d.row = columns[column]!.length;
      columns[column]!.push(d);
    };
    for (const { d, owner } of sorted) {
      if (owner !== Infinity) place(d, owner % k);
      else unowned.push(d);
    }
    if (comps.length === 0 && columns.every((c) => c.length === 0)) {
      columns.length = 0;
      components.length = 0;
    }
    const rows = Math.max(4, ...columns.map((c) => c.length));
    for (let i = 0; i < unowned.length; i++) {
      if (i % rows === 0) {
        columns.push([]);
        components.push([]);
      }
      place(unowned[i]!, columns.length - 1);
    }
    return {
      key,
      columns,
      components,
      left: columns.map(() => ({ lanes: [] })),
      right: columns.map(() => ({ lanes: [] })),
      x: 0,
      width: 0,
      columnX: [],
      columnW: [],
    };
  });

  // 6. lanes
  type Route =
    | { type: 'top-top'; a: Drawn; b: Drawn; lane: string }
    | { type: 'top-middle'; top: Drawn; other: Drawn; lane: string; gutter: string }
    | { type: 'top-component'; top: Drawn; other: Drawn; lane: string; gutter: string }
    | { type: 'same-column'; a: Drawn; b: Drawn; gutter: string }
    | { type: 'across'; a: Drawn; b: Drawn; gutterA: string; gutterB: string; lane: string };
  const topLanes: string[] = [];
  const bottomLanes: string[] = [];
  const addLane = (list: string[], key: string) => {
    if (!list.includes(key)) list.push(key);
  };
  const routes = new Map<string, Route>();
  for (const e of edges) {
    const a = drawnById.get(e.from)!;
    const b = drawnById.get(e.to)!;
    if (a.tier === 'top' && b.tier === 'top') {
      const lane = `edge|${e.id}`;
      addLane(topLanes, lane);
      routes.set(e.id, { type: 'top-top', a, b, lane });
    } else if (a.tier === 'top' || b.tier === 'top') {
      const top = a.tier === 'top' ? a : b;
      const other = a.tier === 'top' ? b : a;
      const lane = `${top.id}|${e.kind}`;
      addLane(topLanes, lane);
      const block = blocks[other.block]!;
      const side = other.tier === 'middle' ? block.left : block.right;
      addLane(side[other.column]!.lanes, lane);
      routes.set(e.id, {
        type: other.tier === 'middle' ? 'top-middle' : 'top-component',
        top,
        other,
        lane,
        gutter: lane,
      });
    } else if (a.block === b.block && a.column === b.column) {
      const comp = a.tier === 'component' ? a : b.tier === 'component' ? b : null;
      const gutter = comp ? `${comp.id}|${e.kind}` : `edge|${e.id}`;
      addLane(blocks[a.block]!.right[a.column]!.lanes, gutter);
      routes.set(e.id, { type: 'same-column', a, b, gutter });
    } else {
      const target = b.tier === 'component' ? b : a.tier === 'component' ? a : b;
      const lane = `${target.id}|${e.kind}`;
      addLane(bottomLanes, lane);
      const gutterA = a === target ? lane : `down|${lane}`;
      const gutterB = b === target ? lane : `down|${lane}`;
      addLane(blocks[a.block]!.right[a.column]!.lanes, gutterA);
      addLane(blocks[b.block]!.right[b.column]!.lanes, gutterB);
      routes.set(e.id, { type: 'across', a, b, gutterA, gutterB, lane });
    }
  }
  // lanes in a stable order: by the top node they lead to, then by key
  const laneOrder = (key: string) => {
    const top = topIndex.get(key.split('|')[0] ?? '');
    return top ?? topNodes.length;
  };
  const sortLanes = (list: string[]) => list.sort((x, y) => laneOrder(x) - laneOrder(y) || byText(x, y));
  sortLanes(topLanes);
  sortLanes(bottomLanes);
  for (const b of blocks) for (const g of [...b.left, ...b.right]) sortLanes(g.lanes);

  // 7. x positions
  let x = MARGIN;
  for (const b of blocks) {
    b.x = x;
    let cx = x + BLOCK_PAD;
    b.columns.forEach((col, ci) => {
      const leftW = GUTTER_PAD + b.left[ci]!.lanes.length * LANE;
      const rightW = GUTTER_PAD + b.right[ci]!.lanes.length * LANE;
      const w = Math.max(0, ...col.map((d) => d.width), ...b.components[ci]!.map((d) => d.width));
      cx += leftW;
      b.columnX.push(cx);
      b.columnW.push(w);
      cx += w + rightW + COLUMN_GAP;
    });
    b.width = cx - COLUMN_GAP + BLOCK_PAD - x;
    x += b.width + BLOCK_GAP;
  }
  const blocksWidth = blocks.length > 0 ? x - BLOCK_GAP - MARGIN : 0;
  const topWidth = topNodes.reduce((s, d) => s + d.width, 0) + Math.max(0, topNodes.length - 1) * 40;
  const contentWidth = Math.max(blocksWidth, topWidth, 200);
  if (blocksWidth < contentWidth) {
    const shift = (contentWidth - blocksWidth) / 2;
    for (const b of blocks) {
      b.x += shift;
      b.columnX = b.columnX.map((v) => v + shift);
    }
  }

  // 8. y positions
  const topY = MARGIN;
  const kindsAt = new Map<string, TrustEdgeKind[]>();
  for (const lane of topLanes) {
    const [id, kind] = lane.split('|');
    if (!id || !kind || id === 'edge') continue;
    const list = kindsAt.get(id) ?? [];
    list.push(kind as TrustEdgeKind);
    kindsAt.set(id, list);
  }
  const leftX = (d: Drawn, key: string) => {
    const b = blocks[d.block]!;
    return b.columnX[d.column]! - GUTTER_PAD / 2 - b.left[d.column]!.lanes.indexOf(key) * LANE;
  };
  const rightX = (d: Drawn, key: string) => {
    const b = blocks[d.block]!;
    return b.columnX[d.column]! + b.columnW[d.column]! + GUTTER_PAD / 2 + b.right[d.column]!.lanes.indexOf(key) * LANE;
  };
  const cy = (d: Drawn) => d.y + NODE_H / 2;
  const exitX = (top: Drawn, kind: TrustEdgeKind) => {
    const kinds = kindsAt.get(top.id) ?? [kind];
    const sorted = [...kinds].sort((p, q) => KIND_ORDER.indexOf(p) - KIND_ORDER.indexOf(q));
    const i = Math.max(0, sorted.indexOf(kind));
    return top.x + top.width / 2 + (i - (sorted.length - 1) / 2) * 8;
  };
  // top tier: each node above the middle of what it reaches, in that order, without overlapping
  const reach = new Map<string, number[]>();
  for (const e of edges) {
    const r = routes.get(e.id)!;
    if (r.type !== 'top-middle' && r.type !== 'top-component') continue;
    const gx = r.type === 'top-middle' ? leftX(r.other, r.gutter) : rightX(r.other, r.gutter);
    reach.set(r.top.id, [...(reach.get(r.top.id) ?? []), gx]);
  }
  const mid = MARGIN + contentWidth / 2;
  const want = (d: Drawn) => {
    const xs = reach.get(d.id);
    return xs && xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : mid;
  };
  const placed = topNodes.map((d, i) => ({ d, i, c: want(d) })).sort((a, b) => a.c - b.c || a.i - b.i);
  let right = -Infinity;
  for (const p of placed) {
    p.d.x = Math.max(p.c - p.d.width / 2, right + 30);
    p.d.y = topY;
    right = p.d.x + p.d.width;
  }
  const span = placed.length > 0 ? right - placed[0]!.d.x : 0;
  if (span > contentWidth) {
    // too spread out to fit: side by side, centred
    let x = MARGIN + (contentWidth - (topWidth - Math.max(0, placed.length - 1) * 10)) / 2;
    for (const p of placed) {
      p.d.x = x;
      x += p.d.width + 30;
    }
  } else if (placed.length > 0) {
    const drift = placed.reduce((s, p) => s + (p.d.x + p.d.width / 2 - p.c), 0) / placed.length;
    const first = placed[0]!.d;
    const last = placed[placed.length - 1]!.d;
    const shift = Math.min(Math.max(-drift, MARGIN - first.x), MARGIN + contentWidth - (last.x + last.width));
    for (const p of placed) p.d.x += shift;
  }
  // now that the top tier has its places, the gutters' lanes: a column's own edges (to its components) nearest to
  // it, then the lanes from the top tier in the order of their top node's x (a third fewer crossings on the sample)
  {
    const topX = new Map(topNodes.map((d) => [d.id, d.x + d.width / 2]));
    const xOf = (key: string) => topX.get(key.split('|')[0] ?? '') ?? null;
    const order = (p: string, q: string) => {
      const [xp, xq] = [xOf(p), xOf(q)];
      if (xp === null || xq === null) return xp === xq ? byText(p, q) : xp === null ? -1 : 1;
      return xp - xq || byText(p, q);
    };
    for (const b of blocks) for (const g of [...b.left, ...b.right]) g.lanes.sort(order);
  }
  // channel tracks: lanes whose horizontal extents do not overlap share a track (left-edge packing)
  const extents = new Map<string, [number, number]>();
  const extend = (key: string, ...xs: number[]) => {
    const cur = extents.get(key) ?? [Infinity, -Infinity];
    extents.set(key, [Math.min(cur[0], ...xs), Math.max(cur[1], ...xs)]);
  };
  for (const e of edges) {
    const r = routes.get(e.id)!;
    if (r.type === 'top-top') extend(r.lane, exitX(r.a, e.kind), exitX(r.b, e.kind));
    else if (r.type === 'top-middle') extend(r.lane, exitX(r.top, e.kind), leftX(r.other, r.gutter));
    else if (r.type === 'top-component') extend(r.lane, exitX(r.top, e.kind), rightX(r.other, r.gutter));
    else if (r.type === 'across') extend(`bottom|${r.lane}`, rightX(r.a, r.gutterA), rightX(r.b, r.gutterB));
  }
  const pack = (keys: readonly string[], extentOf: (k: string) => [number, number] | undefined) => {
    const tracks: number[] = [];
    const out = new Map<string, number>();
    const sorted = [...keys].sort((a, b) => (extentOf(a)?.[0] ?? 0) - (extentOf(b)?.[0] ?? 0) || byText(a, b));
    for (const k of sorted) {
      const [lo, hi] = extentOf(k) ?? [0, 0];
      let i = tracks.findIndex((end) => end + 10 < lo);
      if (i < 0) {
        i = tracks.length;
        tracks.push(hi);
      } else tracks[i] = hi;
      out.set(k, i);
    }
    return { track: out, count: tracks.length };
  };
  const topTracks = pack(topLanes, (k) => extents.get(k));
  const bottomTracks = pack(bottomLanes, (k) => extents.get(`bottom|${k}`));
  const channelTop = topY + (topNodes.length > 0 ? NODE_H : 0) + TOP_GAP / 2;
  const blocksTop = channelTop + topTracks.count * TRACK + TOP_GAP;
  const middleRows = Math.max(0, ...blocks.flatMap((b) => b.columns.map((c) => c.length)));
  const componentRows = Math.max(0, ...blocks.flatMap((b) => b.components.map((c) => c.length)));
  const middleTop = blocksTop + BLOCK_HEADER;
  const componentTop = middleTop + middleRows * (NODE_H + ROW_GAP) + (middleRows > 0 ? ROW_GAP : 0);
  const blocksBottom = componentTop + componentRows * (NODE_H + ROW_GAP) - ROW_GAP + BLOCK_PAD + 2;
  const bottomChannel = blocksBottom + 10;
  const height = bottomChannel + bottomTracks.count * TRACK + MARGIN;
  for (const b of blocks) {
    b.columns.forEach((col, ci) => {
      for (const d of col) {
        d.x = b.columnX[ci]! + (b.columnW[ci]! - d.width) / 2;
        d.y = middleTop + d.row * (NODE_H + ROW_GAP);
      }
      for (const d of b.components[ci]!) {
        d.x = b.columnX[ci]! + (b.columnW[ci]! - d.width) / 2;
        d.y = componentTop + d.row * (NODE_H + ROW_GAP);
      }
    });
  }

  // 9. routes
  const laneY = (key: string) => channelTop + (topTracks.track.get(key) ?? 0) * TRACK + TRACK / 2;
  const bottomY = (key: string) => bottomChannel + (bottomTracks.track.get(key) ?? 0) * TRACK + TRACK / 2;
  const pointsOf = (e: MergedEdge): Point[] => {
    const r = routes.get(e.id)!;
    let pts: Point[];
    let first: Drawn;
    switch (r.type) {
      case 'top-top': {
        const ya = r.a.y + NODE_H;
        const y = laneY(r.lane);
        const ax = exitX(r.a, e.kind);
        const bx = exitX(r.b, e.kind);
        pts = [
          [ax, ya],
          [ax, y],
          [bx, y],
          [bx, ya],
        ];
        first = r.a;
        break;
      }
      case 'top-middle':
      case 'top-component': {
        const sx = exitX(r.top, e.kind);
        const y = laneY(r.lane);
        const gx = r.type === 'top-middle' ? leftX(r.other, r.gutter) : rightX(r.other, r.gutter);
        const end: Point =
          r.type === 'top-middle' ? [r.other.x, cy(r.other)] : [r.other.x + r.other.width, cy(r.other)];
        pts = [[sx, r.top.y + NODE_H], [sx, y], [gx, y], [gx, cy(r.other)], end];
        first = r.top;
        break;
      }
      case 'same-column': {
        const gx = rightX(r.a, r.gutter);
        pts = [
          [r.a.x + r.a.width, cy(r.a)],
          [gx, cy(r.a)],
          [gx, cy(r.b)],
          [r.b.x + r.b.width, cy(r.b)],
        ];
        first = r.a;
        break;
      }
      case 'across': {
        const ga = rightX(r.a, r.gutterA);
        const gb = rightX(r.b, r.gutterB);
        const y = bottomY(r.lane);
        pts = [
          [r.a.x + r.a.width, cy(r.a)],
          [ga, cy(r.a)],
          [ga, y],
          [gb, y],
          [gb, cy(r.b)],
          [r.b.x + r.b.width, cy(r.b)],
        ];
        first = r.a;
        break;
      }
    }
    return first.id === e.from ? pts : pts.reverse();
  };

  // 10. the scene
  const sceneNodes: SceneNode[] = [];
  const statusOf = (d: Drawn): SceneNode['status'] => {
    const days = d.members.map((m) => m.certificate?.daysLeft).filter((v): v is number => typeof v === 'number');
    if (days.some((v) => v < 0)) return 'broken';
    if (days.some((v) => v <= 30)) return 'warning';
    return d.members.every((m) => m.inferred) ? 'inferred' : 'normal';
  };
  const ordered = [
    ...topNodes,
    ...blocks.flatMap((b) => b.columns.flat()),
    ...blocks.flatMap((b) => b.components.flat()),
  ];
  for (const d of ordered) {
    const colors = NODE_COLORS[d.node.kind];
    const title = [
      labelled(kindWord(d.node.kind), d.label),
      ...d.members.map((m) => {
        const on = m.host ?? /@([^@/#]+)$/.exec(m.label)?.[1] ?? null;
        return m.path ? `${m.path}${on ? ` @${on}` : ''}` : m.label;
      }),
      d.node.subject ? labelled(t('trust.col.subject'), d.node.subject) : null,
      d.node.issuer ? labelled(t('trust.col.issuer'), d.node.issuer) : null,
      d.members.every((m) => m.inferred) && d.node.kind !== 'component' ? t('trust.inferred') : null,
    ].filter((s): s is string => s !== null);
    sceneNodes.push({
      id: d.id,
      x: d.x,
      y: d.y,
      width: d.width,
      height: NODE_H,
      label: d.label,
      detail: d.detail,
      kind: d.node.kind,
      status: statusOf(d),
      fill: colors.fill,
      stroke: colors.stroke,
      title: title.join('\n'),
    });
  }
  const sceneEdges: SceneEdge[] = edges.map((e) => {
    const ms = e.members.map((i) => model.edges[i]!);
    const broken = ms.some((m) => m.broken);
    const vias = [...new Set(ms.map((m) => m.via ?? t(`trust.source.${m.source}` as MessageKey)))];
    const from = drawnById.get(e.from)!;
    const to = drawnById.get(e.to)!;
    let label: string | null = null;
    let note: string | null = null;
    const points = pointsOf(e);
    let labelAt: Point | undefined;
    if (broken) {
      const found = ms.filter((m) => m.broken).map((m) => options.brokenLabel?.(m) ?? null);
      label = found.find((l) => l !== null) ?? t('trust.graph.broken');
      note = ms.map((m) => (m.broken ? (options.brokenNote?.(m) ?? null) : null)).find((l) => l !== null) ?? null;
      // the label where no box is: on the longest stretch of the route in a channel
      let best = 0;
      for (let i = 1; i < points.length; i++) {
        const [a, b] = [points[i - 1]!, points[i]!];
        const inChannel = a[1] === b[1] && (a[1] < blocksTop || a[1] > blocksBottom);
        const length = Math.abs(a[0] - b[0]);
        if (inChannel && length >= best) {
          best = length;
          labelAt = [(a[0] + b[0]) / 2, a[1]];
        }
      }
    }
    const title = labelled(edgeSentence(e.kind, from.label, to.label), vias.join(t('doc.listSeparator')));
    return {
      id: e.id,
      from: e.from,
      to: e.to,
      points,
      ...(labelAt ? { labelAt } : {}),
      label,
      kind: e.kind,
      color: broken ? BROKEN_COLOR : EDGE_COLORS[e.kind],
      dashed: ms.every((m) => m.inferred),
      broken,
      title: note ? `${title}\n${note}` : title,
    };
  });
  // broken edges last: drawn over the others, their labels on top
  sceneEdges.sort((a, b) => Number(a.broken) - Number(b.broken));
  const groups: SceneGroup[] = blocks.map((b, i) => ({
    id: `host:${b.key ?? ''}#${i}`,
    label:
      b.key === null
        ? t('trust.graph.noHost')
        : b.key.includes(', ')
          ? t('trust.graph.eachHost', { hosts: b.key })
          : b.key,
    x: b.x,
    y: blocksTop,
    width: b.width,
    height: blocksBottom - blocksTop,
  }));

  const legend: LegendEntry[] = [];
  const kinds = new Set(sceneNodes.map((n) => n.kind));
  for (const k of ['ca', 'certificate', 'key', 'kubeconfig', 'component'] as const)
    if (kinds.has(k))
      legend.push({ label: kindWord(k), shape: 'node', color: NODE_COLORS[k].stroke, fill: NODE_COLORS[k].fill });
  const edgeKinds = new Set(sceneEdges.map((e) => e.kind));
  for (const k of KIND_ORDER)
    if (edgeKinds.has(k)) legend.push({ label: edgeWord(k), shape: 'edge', color: EDGE_COLORS[k] });
  if (sceneEdges.some((e) => e.dashed))
    legend.push({ label: t('trust.legend.inferred'), shape: 'edge', color: '#667085', dashed: true });
  if (sceneEdges.some((e) => e.broken))
    legend.push({ label: t('trust.legend.broken'), shape: 'edge', color: BROKEN_COLOR });
  if (sceneNodes.some((n) => n.status === 'broken'))
    legend.push({ label: t('trust.legend.expired'), shape: 'node', color: BROKEN_COLOR, fill: '#ffffff' });
  if (sceneNodes.some((n) => n.status === 'warning'))
    legend.push({ label: t('trust.legend.expiring'), shape: 'node', color: '#b54708', fill: '#ffffff' });

  const nodeOf = new Map<string, string>();
  for (const n of model.nodes) if (drawnById.has(find(n.id))) nodeOf.set(n.id, find(n.id));
  const members = new Map<string, string[]>();
  for (const d of drawnById.values())
    members.set(
      d.id,
      d.members.map((m) => m.id),
    );
  const edgeMembers = new Map(edges.map((e) => [e.id, [...e.members]]));
  const hostOf = new Map([...drawnById.values()].map((d) => [d.id, d.tier === 'top' ? null : d.host]));
  const hostsOf = new Map(
    [...drawnById.values()].map((d) => [
      d.id,
      d.tier === 'component' && d.host && !mergedCount.has(d.id) ? [d.host] : d.hosts,
    ]),
  );

  return {
    scene: {
      title: options.title ?? t('trust.graph.title'),
      width: contentWidth + 2 * MARGIN,
      height,
      groups,
      nodes: sceneNodes,
      edges: sceneEdges,
      legend,
    },
    nodeOf,
    members,
    edgeOf,
    edgeMembers,
    hostOf,
    hostsOf,
  };
}

const KIND_RANK: Record<TrustNode['kind'], number> = { ca: 0, certificate: 1, key: 2, kubeconfig: 3, component: 4 };
