/**
 * The component graph of the network model, laid out: one box per host, the components of the host in a column
 * (clients of the API server on top, the API server, etcd at the bottom), the kubelet above on the left with its
 * probes drawn as one trunk branching into each static Pod, and edges labelled with port, protocol and authentication.
 *
 * Routing: neighbours in the column are joined straight; other edges of one host run in lanes on the column's right;
 * edges between hosts leave through their host's right margin (or the kubelet's top, etcd's bottom) and run in a
 * channel above (or, etcd to etcd, below) the host boxes, one lane each, so no edge crosses another host's box.
 * Edges that are the same pair of boxes, rule and status are drawn once (a bundle); `edgeConnections` says which
 * connections each scene edge draws, so every connection of the model is drawn or accounted for.
 *
 * Pure and deterministic: the same model gives the same scene.
 */
import type { ComponentId } from '../../model/types';
import type { FileId } from '../../model/span';
import type { NetworkConnection, NetworkListener, NetworkModel } from '../../analysis/network/model';
import { t } from '../../i18n';
import { textWidth, type LegendEntry, type NodeStatus, type Point, type Scene, type SceneEdge } from '../scene';
import {
  byText,
  COMPONENT_STYLE,
  connectionLabel,
  EDGE_COLOR,
  naturalCompare,
  OTHER_STYLE,
  rowRank,
  socketText,
  styleOf,
} from './common';

export interface NetworkLayoutInput {
  model: NetworkModel;
  /** A workspace file's name (an administrator's kubeconfig is drawn as its file). */
  fileName?: (id: FileId) => string;
}

export interface ComponentGraph {
  scene: Scene;
  /** Scene edge id -> the connections (NetworkConnection.id) it draws. */
  edgeConnections: Record<string, string[]>;
  /** Scene node id -> the instance it is (null: a kubeconfig file or a target outside the workspace). */
  nodeInstance: Record<string, string | null>;
  /** Scene node id -> the listeners (NetworkListener.id) of its instance. */
  nodeListeners: Record<string, string[]>;
  /** Scene edge ids whose target was assumed: the connection does not name it (a kubeconfig not in the workspace). */
  assumed: string[];
}

/** The group key of the boxes of targets outside the workspace and of administrators' kubeconfigs. */
export const OUTSIDE = '#outside';
/** The group key of instances no file places on a host. */
export const NO_HOST = '#none';

interface GNode {
  id: string;
  group: string;
  component: ComponentId | null;
  type: 'component' | 'kubeconfig' | 'external';
  label: string;
  detail: string | null;
  status: NodeStatus;
  title: string;
  instanceId: string | null;
  listeners: NetworkListener[];
  kubelet: boolean;
  // geometry
  x: number;
  y: number;
  w: number;
  h: number;
  row: number;
}

interface GEdge {
  id: string;
  from: GNode;
  to: GNode;
  connections: NetworkConnection[];
  probe: boolean;
  assumed: boolean;
  broken: boolean;
  unknown: boolean;
  dashed: boolean;
  label: string | null;
  kind: string;
  /** Every connection reads a kubeconfig that is not in the workspace: its server and credentials are not known. */
  notPasted: boolean;
}

/** The dash of an edge whose kubeconfig (its credentials) is not in the workspace. */
export const NOT_PASTED_DASH = '2 4';

/** The kubeconfig a connection reads, when the workspace has no file of it: its path. */
function missingKubeconfig(c: NetworkConnection): string | null {
  return c.kubeconfig?.path && c.kubeconfig.fileId === null ? c.kubeconfig.path : null;
}

const PAD = 14;
const TITLE = 30;
const NH = 40;
const GAP = 36;
const KUBELET_W = 160;
const BRANCH = 112;
const TRUNK = 28;
const LANE = 12;
const MARGIN_LANE = 8;
const CHANNEL_LANE = 9;
const GROUP_GAP = 36;
const LABEL_SIZE = 10;

const labelWidth = (s: string) => textWidth(s, LABEL_SIZE) + 8;
const mid = (n: GNode): number => n.y + n.h / 2;

function edgeColor(e: Pick<GEdge, 'broken' | 'unknown' | 'assumed' | 'probe' | 'connections'>): string {
  if (e.broken) return EDGE_COLOR.broken;
  if (e.unknown || e.assumed) return EDGE_COLOR.unknown;
  if (e.probe) return EDGE_COLOR.probe;
  if (e.connections[0]?.rule === 'etcd-peer') return EDGE_COLOR.peer;
  return EDGE_COLOR.ok;
}

function statusWord(c: NetworkConnection): string {
  return t(`network.status.${c.status}` as 'network.status.ok');
}

function connectionTitle(c: NetworkConnection, assumed: boolean): string {
  const missing = missingKubeconfig(c);
  if (missing) {
    // what is known: the flag and its file; the server, CA and client certificate would be in the file
    const flag = `--${c.flag ?? 'kubeconfig'}=${missing}`;
    return [
      t('network.graph.notPastedTitle', { flag }),
      `${c.rule}: ${t('network.graph.notPastedWhat')}`,
      assumed ? t('network.graph.assumed') : t('network.graph.unknownTarget'),
    ].join('\n');
  }
  const to = c.to.address !== null ? `${c.to.address}:${c.to.port ?? '?'}` : t('network.graph.unknownTarget');
  const head = c.probe
    ? `${c.probe.kind} probe ${c.probe.scheme ?? ''} ${to}${c.probe.path ?? ''}`.replace(/\s+/g, ' ')
    : `${c.rule}: ${to}`;
  const parts = [head, `${c.protocol ?? '?'} · ${c.auth}${c.authDetail ? ` (${c.authDetail})` : ''}`, statusWord(c)];
  if (c.flag) parts.push(`--${c.flag}`);
  if (c.kubeconfig?.path) parts.push(c.kubeconfig.path);
  if (assumed) parts.push(t('network.graph.assumed'));
  return parts.join('\n');
}

/** The component graph of a network model. */
export function componentGraph(input: NetworkLayoutInput): ComponentGraph {
  const { model } = input;
  const fileName = input.fileName ?? ((id: FileId) => id);
  const nodes = new Map<string, GNode>();
  const hostKeys = new Set(model.hosts.map((h) => h.key));
  const groupOfHost = (h: string | null) => (h === null ? NO_HOST : hostKeys.has(h) ? h : OUTSIDE);

  const node = (id: string, make: () => Omit<GNode, 'x' | 'y' | 'w' | 'h' | 'row'>): GNode => {
    let n = nodes.get(id);
    if (!n) nodes.set(id, (n = { ...make(), x: 0, y: 0, w: 0, h: NH, row: 0 }));
    return n;
  };
  const instanceNode = (instanceId: string, component: ComponentId | null, host: string | null) =>
    node(`inst:${instanceId}`, () => ({
      id: `inst:${instanceId}`,
      group: groupOfHost(host),
      component,
      type: 'component',
      label: component ?? instanceId,
      detail: null,
      status: 'normal',
      title: '',
      instanceId,
      listeners: [],
      kubelet: component === 'kubelet',
    }));

  for (const l of model.listeners) instanceNode(l.instanceId, l.component, l.host).listeners.push(l);
  for (const c of model.connections)
    if (c.from.instanceId !== null) instanceNode(c.from.instanceId, c.from.component, c.from.host);

  const missing = new Set(model.missing.map((m) => m.listenerId));
  for (const n of nodes.values()) {
    const implied = n.listeners.some((l) => l.implied);
    const ports = [...new Set(n.listeners.map((l) => l.port).filter((p): p is number => p !== null))].sort(
      (a, b) => a - b,
    );
    n.detail = [implied ? t('network.graph.implied') : null, ports.join(', ') || null].filter(Boolean).join(' · ');
    if (n.detail === '') n.detail = null;
    n.status = n.listeners.some((l) => missing.has(l.id)) ? 'broken' : implied ? 'inferred' : 'normal';
    const version = n.listeners.find((l) => l.version)?.version;
    n.title = [
      `${n.label}${n.group !== NO_HOST && n.group !== OUTSIDE ? ` @ ${n.group}` : ''}${version ? ` v${version}` : ''}`,
      implied ? t('network.graph.impliedKubelet') : null,
      ...n.listeners.map(
        (l) =>
          `${socketText(l)} ${l.protocol} ${l.purpose}${missing.has(l.id) ? ` — ${t('network.ports.missing')}` : ''}`,
      ),
    ]
      .filter(Boolean)
      .join('\n');
  }

  // the target of each connection: the instance of the listener it reaches, else one of that component on the host
  // it names, else (a kubeconfig not in the workspace) the source's own host's, assumed; else a box outside
  const edges = new Map<string, GEdge>();
  const instancesOf = (component: ComponentId | null, group: string) =>
    [...nodes.values()].filter((n) => n.type === 'component' && n.component === component && n.group === group);
  const listenerById = new Map(model.listeners.map((l) => [l.id, l]));
  for (const c of model.connections) {
    const from =
      c.from.instanceId !== null
        ? instanceNode(c.from.instanceId, c.from.component, c.from.host)
        : node(`file:${c.from.fileId ?? '?'}`, () => ({
            id: `file:${c.from.fileId ?? '?'}`,
            group: c.from.host !== null ? groupOfHost(c.from.host) : OUTSIDE,
            component: null,
            type: 'kubeconfig',
            label: c.from.fileId ? fileName(c.from.fileId) : '?',
            detail: t('network.graph.kubeconfig'),
            status: 'normal',
            title: c.from.fileId ? fileName(c.from.fileId) : '?',
            instanceId: null,
            listeners: [],
            kubelet: false,
          }));
    let to: GNode | undefined;
    let assumed = false;
    const listener = c.to.listenerId ? listenerById.get(c.to.listenerId) : undefined;
    if (listener) to = nodes.get(`inst:${listener.instanceId}`);
    if (!to && c.to.host !== null) to = instancesOf(c.to.component, groupOfHost(c.to.host))[0];
    if (!to && c.to.host === null && c.to.address === null) {
      to = instancesOf(c.to.component, from.group)[0];
      assumed = to !== undefined;
    }
    if (!to) {
      const where = c.to.address !== null ? `${c.to.address}:${c.to.port ?? '?'}` : null;
      const id = `ext:${c.to.component ?? '?'}@${where ?? '?'}`;
      to = node(id, () => ({
        id,
        group: c.to.host !== null && hostKeys.has(c.to.host) ? c.to.host : OUTSIDE,
        component: c.to.component,
        type: 'external',
        label: c.to.component ?? where ?? '?',
        detail: where ?? t('network.graph.unknownTarget'),
        status: c.broken ? 'broken' : 'inferred',
        title: `${c.to.component ?? ''} ${where ?? t('network.graph.unknownTarget')}`.trim(),
        instanceId: null,
        listeners: [],
        kubelet: false,
      }));
    }
    const probe = c.rule === 'kubelet-probe';
    const unknown = c.status === 'unknown';
    const key = [from.id, to.id, probe ? 'probe' : c.rule, probe ? '' : String(c.to.port), c.broken, assumed].join('|');
    const e = edges.get(key);
    if (e) e.connections.push(c);
    else
      edges.set(key, {
        id: `edge:${c.id}`,
        from,
        to,
        connections: [c],
        probe,
        assumed,
        broken: c.broken,
        unknown,
        dashed: false,
        label: null,
        kind: probe ? 'probe' : c.rule,
        notPasted: false,
      });
  }
  for (const e of edges.values()) {
    const labels = [...new Set(e.connections.map(connectionLabel))].filter((s) => s !== '');
    e.label = e.assumed || (e.unknown && labels.length === 0) ? t('network.graph.unknownShort') : labels.join(', ');
    // a kubeconfig not in the workspace: say which file is missing, not a question mark
    const missing = [...new Set(e.connections.map(missingKubeconfig))];
    const only = missing.length === 1 ? missing[0] : null;
    if ((e.assumed || e.unknown) && only && !e.probe) {
      e.notPasted = true;
      e.label = t('network.graph.notPastedShort', { file: only.replace(/^.*\//, '') });
    }
    if (e.probe) e.label = t('network.graph.probeLabel', { ports: e.label });
    e.dashed = e.assumed || e.unknown || e.connections.every((c) => c.inferred);
    // a probe aimed at nothing it serves, a connection to nobody: broken, and said so
    if (e.broken && !e.probe) {
      const status = e.connections.find((c) => c.broken)?.status;
      if (status) e.label = `${e.label} ✗`;
    }
  }

  // ---- placing: groups left to right (hosts in model order, then no host, then outside), a column in each
  const groupKeys = [...model.hosts.map((h) => h.key).sort(naturalCompare), NO_HOST, OUTSIDE].filter((g) =>
    [...nodes.values()].some((n) => n.group === g),
  );
  const colW = Math.max(
    184,
    ...[...nodes.values()]
      .filter((n) => !n.kubelet)
      .map((n) => Math.max(textWidth(n.label, 12) + 24, textWidth(n.detail ?? '', 10) + 20)),
  );
  const kubeletW = Math.max(
    KUBELET_W,
    ...[...nodes.values()].filter((n) => n.kubelet).map((n) => textWidth(n.detail ?? '', 10) + 20),
  );
  const sortKey = (n: GNode) => `${String(rowRank(n.component)).padStart(2, '0')}|${n.type}|${n.label}|${n.id}`;

  interface G {
    key: string;
    label: string;
    kubelet: GNode[];
    column: GNode[];
    x: number;
    y: number;
    w: number;
    h: number;
    colX: number;
    innerRight: number;
    marginLanes: number;
    hasTrunk: boolean;
  }
  const groups: G[] = groupKeys.map((key) => {
    const members = [...nodes.values()].filter((n) => n.group === key).sort((a, b) => byText(sortKey(a), sortKey(b)));
    const host = model.hosts.find((h) => h.key === key);
    const label =
      key === OUTSIDE
        ? t('network.graph.outside')
        : key === NO_HOST
          ? t('network.graph.noHost')
          : `${key}${host && host.addresses.length > 0 && host.addresses[0] !== key ? ` (${host.addresses.join(', ')})` : ''}`;
    return {
      key,
      label,
      kubelet: key === OUTSIDE ? [] : members.filter((n) => n.kubelet),
      column: key === OUTSIDE ? members : members.filter((n) => !n.kubelet),
      x: 0,
      y: 0,
      w: 0,
      h: 0,
      colX: 0,
      innerRight: 0,
      marginLanes: 0,
      hasTrunk: false,
    };
  });
  const groupOf = new Map<string, G>();
  for (const g of groups) for (const n of [...g.kubelet, ...g.column]) groupOf.set(n.id, g);
  const isLast = (n: GNode) => {
    const g = groupOf.get(n.id)!;
    return g.column.length > 0 && g.column[g.column.length - 1] === n;
  };

  // edge classes
  type Route =
    | { kind: 'trunk' }
    | { kind: 'straight' }
    | { kind: 'lane'; lane: number }
    | {
        kind: 'cross';
        channel: 'top' | 'bottom';
        lane: number;
        exit: 'top' | 'bottom' | number;
        entry: 'top' | 'bottom' | number;
      };
  const ordered = [...edges.values()].sort((a, b) => byText(a.id, b.id));
  const routes = new Map<GEdge, Route>();
  const lanesOf = new Map<G, number>();
  let top = 0;
  let bottom = 0;
  const cross: { e: GEdge; gf: G; gt: G; channel: 'top' | 'bottom' }[] = [];
  const laneEdges: GEdge[] = [];
  const rowOf = (n: GNode) => (n.kubelet ? -1 : groupOf.get(n.id)!.column.indexOf(n));
  for (const e of ordered) {
    const gf = groupOf.get(e.from.id)!;
    const gt = groupOf.get(e.to.id)!;
    if (gf === gt) {
      const ri = gf.column.indexOf(e.from);
      const rj = gf.column.indexOf(e.to);
      if (e.probe && e.from.kubelet && rj >= 0) {
        routes.set(e, { kind: 'trunk' });
        gf.hasTrunk = true;
      } else if (ri >= 0 && rj >= 0 && Math.abs(ri - rj) === 1) routes.set(e, { kind: 'straight' });
      else {
        lanesOf.set(gf, (lanesOf.get(gf) ?? 0) + 1);
        laneEdges.push(e);
      }
      continue;
    }
    cross.push({ e, gf, gt, channel: isLast(e.from) && isLast(e.to) ? 'bottom' : 'top' });
  }
  // cross edges: the shorter the span, the nearer its channel lane to the boxes; through a margin, edges going left
  // take inner lanes first (shortest innermost), edges going right the outer ones (longest innermost): so lanes cross
  // as little as they can
  const index = (g: G) => groups.indexOf(g);
  const span = (c: (typeof cross)[number]) => Math.abs(index(c.gt) - index(c.gf));
  const byLane = [...cross].sort((a, b) => span(a) - span(b) || byText(a.e.id, b.e.id));
  const margins = new Map<string, number>();
  const marginOrder = [...cross].sort((a, b) => {
    const la = index(a.gt) < index(a.gf) ? 0 : 1;
    const lb = index(b.gt) < index(b.gf) ? 0 : 1;
    if (la !== lb) return la - lb;
    return (la === 0 ? span(a) - span(b) : span(b) - span(a)) || byText(a.e.id, b.e.id);
  });
  // the top of a box in the host's first row, the bottom of its last; else through the host's right margin
  const endOf = (c: (typeof cross)[number], n: GNode, g: G): 'top' | 'bottom' | 'margin' =>
    c.channel === 'bottom' ? 'bottom' : n.kubelet || (g.kubelet.length === 0 && g.column[0] === n) ? 'top' : 'margin';
  for (const c of marginOrder)
    for (const [n, g, end] of [
      [c.e.from, c.gf, 'exit'],
      [c.e.to, c.gt, 'entry'],
    ] as const)
      if (endOf(c, n, g) === 'margin') margins.set(`${c.e.id}:${end}`, g.marginLanes++);
  for (const c of byLane) {
    const lane = c.channel === 'top' ? top++ : bottom++;
    const end = (n: GNode, g: G, which: 'exit' | 'entry') => {
      const kind = endOf(c, n, g);
      return kind === 'margin' ? margins.get(`${c.e.id}:${which}`)! : kind;
    };
    routes.set(c.e, {
      kind: 'cross',
      channel: c.channel,
      lane,
      exit: end(c.e.from, c.gf, 'exit'),
      entry: end(c.e.to, c.gt, 'entry'),
    });
  }

  // lanes of one host: the shorter an edge's run, the nearer its lane to the column (a longer one goes round it)
  const laneCount = new Map<G, number>();
  const reach = (e: GEdge) => Math.abs(rowOf(e.to) - rowOf(e.from));
  for (const e of [...laneEdges].sort((a, b) => reach(a) - reach(b) || byText(a.id, b.id))) {
    const g = groupOf.get(e.from.id)!;
    const lane = laneCount.get(g) ?? 0;
    laneCount.set(g, lane + 1);
    routes.set(e, { kind: 'lane', lane });
  }
  // where edges leave and enter a box's right side: ends toward a box above in its upper half, outer lanes nearer
  // the middle, ends through the margin below them; so the runs to the lanes do not cross each other
  const rightOffset = new Map<string, number>();
  {
    interface End {
      key: string;
      above: boolean;
      order: number;
      margin: boolean;
    }
    const ends = new Map<string, End[]>();
    const add = (n: GNode, end: End) => ends.set(n.id, [...(ends.get(n.id) ?? []), end]);
    for (const e of ordered) {
      const r = routes.get(e)!;
      if (r.kind === 'lane') {
        add(e.from, { key: `${e.id}:from`, above: rowOf(e.to) < rowOf(e.from), order: r.lane, margin: false });
        add(e.to, { key: `${e.id}:to`, above: rowOf(e.from) < rowOf(e.to), order: r.lane, margin: false });
      } else if (r.kind === 'cross') {
        if (typeof r.exit === 'number')
          add(e.from, { key: `${e.id}:from`, above: r.channel === 'top', order: r.exit, margin: true });
        if (typeof r.entry === 'number')
          add(e.to, { key: `${e.id}:to`, above: r.channel === 'top', order: r.entry, margin: true });
      }
    }
    const step = (i: number) => Math.min(18, 4 + 8 * i);
    for (const list of ends.values()) {
      const up = list.filter((x) => !x.margin && x.above).sort((a, b) => b.order - a.order);
      const down = list.filter((x) => !x.margin && !x.above).sort((a, b) => b.order - a.order);
      const margins = list.filter((x) => x.margin).sort((a, b) => a.order - b.order);
      up.forEach((x, i) => rightOffset.set(x.key, -step(i)));
      down.forEach((x, i) => rightOffset.set(x.key, step(i)));
      margins.filter((x) => x.above).forEach((x, i) => rightOffset.set(x.key, step(down.length + i)));
      margins.filter((x) => !x.above).forEach((x, i) => rightOffset.set(x.key, -step(up.length + i)));
    }
  }

  // where a lane edge's label goes: on the kubelet's long horizontal run; else in the gap of the column next to its
  // source, toward its target, right-aligned to the column (when no straight edge runs in that gap); else beside
  // the lanes
  const gapUsed = new Set<string>();
  for (const e of ordered)
    if (routes.get(e)?.kind === 'straight') {
      const g = groupOf.get(e.from.id)!;
      gapUsed.add(`${g.key}:${Math.min(rowOf(e.from), rowOf(e.to))}`);
    }
  const labelGap = new Map<GEdge, number>();
  for (const e of ordered) {
    if (routes.get(e)?.kind !== 'lane' || !e.label || e.from.kubelet || e.to.kubelet) continue;
    const g = groupOf.get(e.from.id)!;
    const gap = rowOf(e.to) > rowOf(e.from) ? rowOf(e.from) : rowOf(e.from) - 1;
    const key = `${g.key}:${gap}`;
    if (gap < 0 || gapUsed.has(key) || labelWidth(e.label) > colW - 8) continue;
    gapUsed.add(key);
    labelGap.set(e, gap);
  }

  // geometry of each group
  const topChannel = top > 0 ? 20 + top * CHANNEL_LANE : 8;
  let x = 12;
  for (const g of groups) {
    g.x = x;
    g.y = topChannel;
    const hasKubelet = g.kubelet.length > 0;
    g.colX = g.x + PAD + (hasKubelet || g.hasTrunk ? BRANCH + TRUNK : 0);
    g.kubelet.forEach((n, i) => {
      n.x = g.x + PAD + i * (kubeletW + 12);
      n.y = g.y + TITLE;
      n.w = kubeletW;
    });
    const y0 = g.y + TITLE + (hasKubelet ? NH + GAP : 0);
    g.column.forEach((n, i) => {
      n.row = i;
      n.x = g.colX;
      n.y = y0 + i * (NH + GAP);
      n.w = colW;
    });
    const colRight = g.colX + colW;
    const lanes = lanesOf.get(g) ?? 0;
    const lanesEnd = colRight + (lanes > 0 ? 14 + (lanes - 1) * LANE : 0);
    const laneLabels = ordered
      .filter(
        (e) =>
          groupOf.get(e.from.id) === g &&
          routes.get(e)?.kind === 'lane' &&
          e.label &&
          !labelGap.has(e) &&
          !e.from.kubelet &&
          !e.to.kubelet,
      )
      .map((e) => labelWidth(e.label!));
    g.innerRight = Math.max(
      colRight,
      ...g.kubelet.map((n) => n.x + n.w),
      laneLabels.length > 0 ? lanesEnd + 8 + Math.max(...laneLabels) : lanesEnd,
    );
    g.w = g.innerRight - g.x + (g.marginLanes > 0 ? 12 + g.marginLanes * MARGIN_LANE : 0) + PAD;
    const rows = g.column.length;
    g.h = TITLE + (hasKubelet ? NH + GAP : 0) + Math.max(0, rows * NH + (rows - 1) * GAP) + PAD + 4;
    x += g.w + GROUP_GAP;
  }
  const groupsHeight = Math.max(0, ...groups.map((g) => g.h));
  for (const g of groups) g.h = groupsHeight;
  const groupsBottom = topChannel + groupsHeight;
  const width = Math.max(320, x - GROUP_GAP + 12);
  const height = groupsBottom + (bottom > 0 ? 20 + bottom * CHANNEL_LANE : 12);

  // ---- routing
  const attach = new Map<string, number>();
  const offset = (key: string) => {
    const n = attach.get(key) ?? 0;
    attach.set(key, n + 1);
    return [0, -9, 9, -18, 18, -27, 27][n % 7]!;
  };
  const sceneEdges: SceneEdge[] = [];
  const labelledInChannel = new Set<string>();
  const laneLabelRows = new Map<string, number>();
  for (const e of ordered) {
    const route = routes.get(e)!;
    const g = groupOf.get(e.from.id)!;
    let points: Point[];
    let labelAt: Point | null = null;
    let label = e.label;
    if (route.kind === 'trunk') {
      const trunkX = g.x + PAD + TRUNK;
      const kubelet = e.from;
      const y = mid(e.to);
      points = [
        [trunkX, kubelet.y + kubelet.h],
        [trunkX, y],
        [e.to.x, y],
      ];
      labelAt = [(trunkX + e.to.x) / 2, y - 12];
    } else if (route.kind === 'straight') {
      const down = e.to.y > e.from.y;
      const cx = e.from.x + e.from.w / 2 + (down ? -20 : 20);
      points = down
        ? [
            [cx, e.from.y + e.from.h],
            [cx, e.to.y],
          ]
        : [
            [cx, e.from.y],
            [cx, e.to.y + e.to.h],
          ];
      labelAt = [cx, (points[0]![1] + points[1]![1]) / 2];
    } else if (route.kind === 'lane') {
      const laneX = g.colX + g.column.reduce((w, n) => Math.max(w, n.w), 0) + 14 + route.lane * LANE;
      const ya = mid(e.from) + (rightOffset.get(`${e.id}:from`) ?? 0);
      const yb = mid(e.to) + (rightOffset.get(`${e.id}:to`) ?? 0);
      points = [
        [e.from.x + e.from.w, ya],
        [laneX, ya],
        [laneX, yb],
        [e.to.x + e.to.w, yb],
      ];
      if (label) {
        // on a horizontal run long enough for it (the kubelet's), else beside the lanes at the source's height
        const w = labelWidth(label);
        const runs: [Point, Point][] = [
          [points[0]!, points[1]!],
          [points[2]!, points[3]!],
        ];
        const long = runs.find(([a, b]) => Math.abs(b[0] - a[0]) >= w + 16);
        const gap = labelGap.get(e);
        if (long) labelAt = [(long[0][0] + long[1][0]) / 2, long[0][1]];
        else if (gap !== undefined) {
          const above = g.column[gap]!;
          labelAt = [above.x + above.w - w / 2 - 2, above.y + above.h + GAP / 2];
        } else {
          const lanes = lanesOf.get(g) ?? 1;
          const lanesEnd = g.colX + colW + 14 + (lanes - 1) * LANE;
          const rowKey = `${g.key}:${Math.round(ya)}`;
          const n = laneLabelRows.get(rowKey) ?? 0;
          laneLabelRows.set(rowKey, n + 1);
          labelAt = [lanesEnd + 8 + w / 2, ya + n * 16];
        }
      }
    } else {
      const gt = groupOf.get(e.to.id)!;
      const laneY =
        route.channel === 'top'
          ? topChannel - 12 - route.lane * CHANNEL_LANE
          : groupsBottom + 12 + route.lane * CHANNEL_LANE;
      const endPoints = (n: GNode, gg: G, end: 'top' | 'bottom' | number, out: boolean): Point[] => {
        if (end === 'top' || end === 'bottom') {
          const dx = offset(`${n.id}:${end}`);
          const px = n.x + n.w / 2 + dx * 1.4;
          const py = end === 'top' ? n.y : n.y + n.h;
          return out
            ? [
                [px, py],
                [px, laneY],
              ]
            : [
                [px, laneY],
                [px, py],
              ];
        }
        const mx = gg.innerRight + 12 + end * MARGIN_LANE;
        const py = mid(n) + (rightOffset.get(`${e.id}:${out ? 'from' : 'to'}`) ?? 0);
        return out
          ? [
              [n.x + n.w, py],
              [mx, py],
              [mx, laneY],
            ]
          : [
              [mx, laneY],
              [mx, py],
              [n.x + n.w, py],
            ];
      };
      points = [...endPoints(e.from, g, route.exit, true), ...endPoints(e.to, gt, route.entry, false)];
      // one label per text and channel: the lanes read as one cable
      const key = `${route.channel}|${label ?? ''}`;
      if (label && !labelledInChannel.has(key)) {
        labelledInChannel.add(key);
        const a = points[route.exit === 'top' || route.exit === 'bottom' ? 1 : 2]!;
        const b = points[route.exit === 'top' || route.exit === 'bottom' ? 2 : 3]!;
        labelAt = [(a[0] + b[0]) / 2, laneY];
      } else label = null;
    }
    sceneEdges.push({
      id: e.id,
      from: e.from.id,
      to: e.to.id,
      points,
      label,
      ...(labelAt && label ? { labelAt } : {}),
      kind: e.kind,
      color: edgeColor(e),
      dashed: e.dashed,
      ...(e.notPasted && e.dashed ? { dash: NOT_PASTED_DASH } : {}),
      broken: e.broken,
      title: e.connections.map((c) => connectionTitle(c, e.assumed)).join('\n\n'),
    });
  }

  const sceneNodes = [...groups.flatMap((g) => [...g.kubelet, ...g.column])].map((n) => {
    const s = n.type === 'kubeconfig' ? OTHER_STYLE : styleOf(n.component);
    return {
      id: n.id,
      x: n.x,
      y: n.y,
      width: n.w,
      height: n.h,
      label: n.label,
      detail: n.detail,
      kind: n.type === 'component' ? (n.component ?? 'component') : n.type,
      status: n.status,
      fill: n.type === 'external' ? '#ffffff' : s.fill,
      stroke: s.stroke,
      title: n.title,
    };
  });

  const present = new Set([...nodes.values()].map((n) => n.component).filter((c): c is ComponentId => c !== null));
  const legend: LegendEntry[] = [
    ...(Object.keys(COMPONENT_STYLE) as ComponentId[])
      .filter((c) => present.has(c))
      .map((c) => ({
        label: c,
        shape: 'node' as const,
        color: COMPONENT_STYLE[c].stroke,
        fill: COMPONENT_STYLE[c].fill,
      })),
    { label: t('network.legend.implied'), shape: 'node', color: '#667085', fill: '#ffffff', dashed: true },
    { label: t('network.legend.connection'), shape: 'edge', color: EDGE_COLOR.ok },
    { label: t('network.legend.probe'), shape: 'edge', color: EDGE_COLOR.probe },
    ...(ordered.some((e) => e.kind === 'etcd-peer')
      ? [{ label: t('network.legend.peer'), shape: 'edge' as const, color: EDGE_COLOR.peer }]
      : []),
    { label: t('network.legend.inferred'), shape: 'edge', color: EDGE_COLOR.ok, dashed: true },
    { label: t('network.legend.unknown'), shape: 'edge', color: EDGE_COLOR.unknown, dashed: true },
    ...([...edges.values()].some((e) => e.notPasted)
      ? [
          {
            label: t('network.legend.notPasted'),
            shape: 'edge' as const,
            color: EDGE_COLOR.unknown,
            dashed: true,
            dash: NOT_PASTED_DASH,
          },
        ]
      : []),
    { label: t('network.legend.broken'), shape: 'edge', color: EDGE_COLOR.broken },
  ];

  return {
    scene: {
      title: t('network.graph.title'),
      width,
      height,
      groups: groups.map((g) => ({ id: `group:${g.key}`, label: g.label, x: g.x, y: g.y, width: g.w, height: g.h })),
      nodes: sceneNodes,
      edges: sceneEdges,
      legend,
    },
    edgeConnections: Object.fromEntries(ordered.map((e) => [e.id, e.connections.map((c) => c.id)])),
    nodeInstance: Object.fromEntries([...nodes.values()].map((n) => [n.id, n.instanceId])),
    nodeListeners: Object.fromEntries([...nodes.values()].map((n) => [n.id, n.listeners.map((l) => l.id)])),
    assumed: ordered.filter((e) => e.assumed).map((e) => e.id),
  };
}
