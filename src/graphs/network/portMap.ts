/**
 * The port map of the network model, laid out: one box per host, side by side, in each a column per address the
 * host's components bind (loopback first, then specific addresses, then all interfaces: left to right, more and more
 * exposed) and a row per port (the same rows in every host); each listening socket a cell coloured by its component,
 * outlined by how exposed its address is. Two
 * sockets that take one port are marked as a conflict. When netstat / ss output of the host is in the workspace, each
 * cell says whether it was seen listening, expected but missing (red), and the lines nobody expected get cells of
 * their own.
 *
 * Pure and deterministic: the same model gives the same scene.
 */
import type { ComponentId } from '../../model/types';
import type { FileId } from '../../model/span';
import {
  addressKind,
  bareAddress,
  overlaps,
  type AddressKind,
  type NetworkListener,
  type NetworkModel,
  type ObservedListener,
} from '../../analysis/network/model';
import { t } from '../../i18n';
import { textWidth, type LegendEntry, type NodeStatus, type Scene, type SceneGroup, type SceneNode } from '../scene';
import { byText, COMPONENT_STYLE, EXPOSURE_STYLE, naturalCompare, socketText, styleOf } from './common';
import { NO_HOST } from './componentGraph';

export type ObservedState = 'matched' | 'missing' | 'other-address' | 'not-shown';

export interface PortMap {
  scene: Scene;
  /** Scene node id of a cell -> the listeners (NetworkListener.id) in it. */
  cellListeners: Record<string, string[]>;
  /** Scene node id of a cell -> the netstat / ss lines (indexes into model.observed) in it. */
  cellObserved: Record<string, number[]>;
  /** Per listener, what the netstat / ss output of its host says; absent when no output of its host is given. */
  observedState: Record<string, ObservedState>;
  /** Listener ids that share a port with another component's socket on the same host. */
  conflicts: string[];
}

const PAD = 14;
const TITLE = 26;
const HEADER = 26;
const PORT_W = 64;
const CELL_W = 130;
const CELL_H = 40;
const CELL_GAP = 6;
const HOST_GAP = 18;

const KIND_ORDER: Record<AddressKind, number> = { loopback: 0, ip: 1, name: 2, all: 3 };

interface Row {
  key: string;
  kind: AddressKind;
  addresses: string[];
}

interface Cell {
  host: string;
  row: string;
  port: number | null;
  listeners: NetworkListener[];
  observed: number[];
}

const rowKeyOf = (address: string) => (addressKind(address) === 'all' ? 'all' : bareAddress(address));
const portKey = (p: number | null) => (p === null ? '*' : String(p));

/** The port map of a network model. */
export function portMap(input: { model: NetworkModel; fileName?: (id: FileId) => string }): PortMap {
  const { model } = input;
  const fileName = input.fileName ?? ((id: FileId) => id);
  const hostOf = (h: string | null) => h ?? NO_HOST;
  const hostKeys = model.hosts.map((h) => h.key).sort(naturalCompare);
  for (const h of [...model.listeners.map((l) => l.host), ...model.observed.map((o) => o.host)])
    if (!hostKeys.includes(hostOf(h))) hostKeys.push(hostOf(h));

  // what the output of each host says about each listener
  const compared = new Map<string, FileId[]>();
  for (const o of model.observed) {
    const files = compared.get(hostOf(o.host)) ?? [];
    if (!files.includes(o.fileId)) files.push(o.fileId);
    compared.set(hostOf(o.host), files);
  }
  for (const m of model.missing) {
    const files = compared.get(hostOf(m.host)) ?? [];
    for (const f of m.fileIds) if (!files.includes(f)) files.push(f);
    compared.set(hostOf(m.host), files);
  }
  const missing = new Set(model.missing.map((m) => m.listenerId));
  const observedState: Record<string, ObservedState> = {};
  for (const l of model.listeners) {
    if (!compared.has(hostOf(l.host))) continue;
    const seen = model.observed.filter((o) => o.expectedBy === l.id);
    observedState[l.id] = missing.has(l.id)
      ? 'missing'
      : seen.some((o) => o.match === 'exact')
        ? 'matched'
        : seen.length > 0
          ? 'other-address'
          : 'not-shown';
  }

  // conflicts: two instances whose sockets on one host and port overlap
  const conflicts = new Set<string>();
  for (const a of model.listeners)
    for (const b of model.listeners) {
      if (a === b || a.instanceId === b.instanceId || a.port === null || a.port !== b.port) continue;
      if (hostOf(a.host) !== hostOf(b.host) || a.network !== b.network) continue;
      // instances no file places on a host may run on different machines, unless the workspace has no host at all
      if (a.host === null && model.hosts.length > 0) continue;
      if (overlaps(a.address, b.address)) conflicts.add(a.id);
    }

  // cells
  const cells = new Map<string, Cell>();
  const rows = new Map<string, Row[]>();
  const cellId = (host: string, row: string, port: number | null) => `port:${host}|${row}|${portKey(port)}`;
  const addRow = (host: string, address: string) => {
    const list = rows.get(host) ?? [];
    const key = rowKeyOf(address);
    let r = list.find((x) => x.key === key);
    if (!r) list.push((r = { key, kind: addressKind(address), addresses: [] }));
    const a = bareAddress(address) || '*';
    if (!r.addresses.includes(a)) r.addresses.push(a);
    rows.set(host, list);
    return r;
  };
  const cellAt = (host: string, row: string, port: number | null) => {
    const id = cellId(host, row, port);
    let c = cells.get(id);
    if (!c) cells.set(id, (c = { host, row, port, listeners: [], observed: [] }));
    return c;
  };
  for (const l of model.listeners) {
    const host = hostOf(l.host);
    const r = addRow(host, l.address);
    cellAt(host, r.key, l.port).listeners.push(l);
  }
  model.observed.forEach((o: ObservedListener, i) => {
    const host = hostOf(o.host);
    const expected = o.expectedBy ? model.listeners.find((l) => l.id === o.expectedBy) : undefined;
    if (expected && o.match === 'exact') {
      cellAt(host, rowKeyOf(expected.address), expected.port).observed.push(i);
      return;
    }
    const r = addRow(host, o.address);
    cellAt(host, r.key, o.port).observed.push(i);
  });

  const ports = [...new Set([...cells.values()].map((c) => c.port))].sort(
    (a, b) => (a ?? Number.MAX_SAFE_INTEGER) - (b ?? Number.MAX_SAFE_INTEGER),
  );
  const hostOrder = hostKeys.filter((h) => rows.has(h));
  const hostAddresses = (h: string) => model.hosts.find((x) => x.key === h)?.addresses ?? [];
  for (const [h, list] of rows) {
    const own = hostAddresses(h);
    list.sort((a, b) => {
      if (a.kind !== b.kind) return KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
      const ia = own.indexOf(a.key);
      const ib = own.indexOf(b.key);
      if (ia !== ib) return (ia < 0 ? 1e9 : ia) - (ib < 0 ? 1e9 : ib);
      return byText(a.key, b.key);
    });
  }

  // hosts side by side; in each a column per address (more exposed to the right) and a row per port, the rows
  // shared by every host so one port reads across
  const groups: SceneGroup[] = [];
  const nodes: SceneNode[] = [];
  const cellListeners: Record<string, string[]> = {};
  const cellObserved: Record<string, number[]> = {};
  const top = 12 + TITLE;
  const rowY = (i: number) => top + HEADER + CELL_GAP + i * (CELL_H + CELL_GAP);
  const groupHeight = TITLE + HEADER + CELL_GAP + ports.length * (CELL_H + CELL_GAP) - CELL_GAP + PAD;
  let x = 12;
  for (const h of hostOrder) {
    const list = rows.get(h)!;
    const files = compared.get(h);
    const addresses = hostAddresses(h).filter((a) => a !== h);
    const label = [
      h === NO_HOST ? t('network.graph.noHost') : h,
      addresses.length > 0 ? `(${addresses.join(', ')})` : null,
      files ? `— ${t('network.ports.observedBy', { files: files.map(fileName).join(', ') })}` : null,
    ]
      .filter(Boolean)
      .join(' ');
    const gw = Math.max(PAD + PORT_W + list.length * (CELL_W + CELL_GAP) - CELL_GAP + PAD, textWidth(label, 12) + 24);
    groups.push({ id: `group:${h}`, label, x, y: 12, width: gw, height: groupHeight });
    const cx = (i: number) => x + PAD + PORT_W + i * (CELL_W + CELL_GAP);
    // the port of each row
    ports.forEach((p, pi) =>
      nodes.push({
        id: `axis:${h}|${portKey(p)}`,
        x: x + PAD,
        y: rowY(pi),
        width: PORT_W - 8,
        height: CELL_H,
        label: p === null ? '*' : String(p),
        detail: null,
        kind: 'axis',
        status: 'normal',
        fill: '#f4f6fa',
        stroke: '#f4f6fa',
        title: null,
      }),
    );
    list.forEach((r, ri) => {
      const ex = EXPOSURE_STYLE[r.kind];
      nodes.push({
        id: `address:${h}|${r.key}`,
        x: cx(ri),
        y: top,
        width: CELL_W,
        height: HEADER,
        label: r.addresses.join(' / '),
        detail: null,
        kind: `address-${r.kind}`,
        status: 'normal',
        fill: ex.fill,
        stroke: ex.stroke,
        title: `${r.addresses.join(', ')}: ${t(`network.kind.${r.kind}`)}`,
      });
      ports.forEach((p, pi) => {
        const id = cellId(h, r.key, p);
        const c = cells.get(id);
        if (!c) return;
        nodes.push(cellNode(c, id, cx(ri), rowY(pi), ex.stroke));
        cellListeners[id] = c.listeners.map((l) => l.id);
        cellObserved[id] = c.observed;
      });
    });
    x += gw + HOST_GAP;
  }
  const width = Math.max(200, x - HOST_GAP + 12);

  function cellNode(c: Cell, id: string, x: number, cy: number, exposure: string): SceneNode {
    const comps = [...new Set(c.listeners.map((l) => l.component))];
    const states = c.listeners.map((l) => observedState[l.id]).filter((s): s is ObservedState => s !== undefined);
    const unexpected = c.observed.filter((i) => model.observed[i]!.expectedBy === null || c.listeners.length === 0);
    const conflict = c.listeners.some((l) => conflicts.has(l.id));
    const first = c.listeners[0];
    let label: string;
    let detail: string;
    let status: NodeStatus = 'normal';
    let fill: string;
    let stroke = exposure;
    if (first) {
      label = comps.map((x) => COMPONENT_STYLE[x].short).join(' + ');
      const instances = new Set(c.listeners.map((l) => l.instanceId)).size;
      if (comps.length === 1 && instances > 1) label = `${label} ×${instances}`;
      fill = comps.length === 1 ? styleOf(comps[0]).fill : '#ffffff';
      detail =
        c.listeners.length === 1
          ? `${first.protocol} ${t(`network.purpose.${first.purpose}`)}`
          : c.listeners.map((l) => l.protocol).join(', ');
      if (first.implied) status = 'inferred';
      // open to the network where kubeadm binds loopback: what the network-exposed finding says, at a glance
      if (c.listeners.some((l) => l.kubeadmLoopback && l.addressKind === 'all')) status = 'warning';
      if (states.includes('missing')) {
        status = 'broken';
        detail = t('network.ports.missingShort');
      } else if (states.includes('matched')) detail = t('network.ports.matched');
      else if (states.includes('other-address')) {
        status = 'warning';
        detail = t('network.ports.otherAddress');
      } else if (states.includes('not-shown')) detail = t('network.ports.notShown');
      if (conflict) {
        status = 'broken';
        // the names go below, cut to the cell (the title has them whole)
        detail = label;
        label = t('network.ports.conflict');
      }
    } else {
      const o = model.observed[c.observed[0]!]!;
      label = o.process ?? `:${o.port}`;
      fill = '#ffffff';
      stroke = '#b54708';
      status = 'warning';
      detail = o.expectedBy ? t('network.ports.otherAddress') : t('network.ports.unexpected');
    }
    const title = [
      ...c.listeners.map(
        (l) =>
          `${l.component}: ${socketText(l)} ${l.protocol} ${l.purpose}` +
          (observedState[l.id] ? ` — ${t(`network.observed.${stateWord(observedState[l.id]!)}`)}` : '') +
          (conflicts.has(l.id) ? ` — ${t('network.ports.conflict')}` : '') +
          (l.kubeadmLoopback && l.addressKind === 'all' ? ` — ${t('network.ports.exposed')}` : ''),
      ),
      ...unexpected.map((i) => {
        const o = model.observed[i]!;
        return `${o.process ?? '?'}: ${o.address}:${o.port} — ${t(o.expectedBy ? 'network.observed.otherAddress' : 'network.observed.unexpected')}`;
      }),
    ].join('\n');
    const kind = first ? (comps.length === 1 ? (comps[0] as ComponentId) : 'conflict') : 'observed';
    return { id, x, y: cy, width: CELL_W, height: CELL_H, label, detail, kind, status, fill, stroke, title };
  }

  const present = new Set(model.listeners.map((l) => l.component));
  const anyCompared = compared.size > 0;
  const legend: LegendEntry[] = [
    ...(Object.keys(COMPONENT_STYLE) as ComponentId[])
      .filter((c) => present.has(c))
      .map((c) => ({
        label: c,
        shape: 'node' as const,
        color: COMPONENT_STYLE[c].stroke,
        fill: COMPONENT_STYLE[c].fill,
      })),
    ...(['loopback', 'ip', 'all'] as const).map((k) => ({
      label: t(`network.kind.${k}`),
      shape: 'node' as const,
      color: EXPOSURE_STYLE[k].stroke,
      fill: EXPOSURE_STYLE[k].fill,
    })),
    { label: t('network.legend.implied'), shape: 'node', color: '#667085', fill: '#ffffff', dashed: true },
    { label: t('network.legend.conflict'), shape: 'node', color: '#c4320a', fill: '#ffffff' },
    ...(model.listeners.some((l) => l.kubeadmLoopback && l.addressKind === 'all')
      ? [{ label: t('network.legend.exposed'), shape: 'node' as const, color: '#b54708', fill: '#ffffff' }]
      : []),
    ...(anyCompared
      ? [
          { label: t('network.legend.missing'), shape: 'node' as const, color: '#c4320a', fill: '#ffffff' },
          { label: t('network.legend.unexpected'), shape: 'node' as const, color: '#b54708', fill: '#ffffff' },
        ]
      : []),
  ];
  return {
    scene: {
      title: t('network.ports.title'),
      width,
      height: 12 + groupHeight + 12,
      groups,
      nodes,
      edges: [],
      legend,
    },
    cellListeners,
    cellObserved,
    observedState,
    conflicts: [...conflicts].sort(byText),
  };
}

/** The word key of an observed state. */
export function stateWord(s: ObservedState): 'matched' | 'missing' | 'otherAddress' | 'notShown' {
  return s === 'other-address' ? 'otherAddress' : s === 'not-shown' ? 'notShown' : s;
}
