/**
 * What the two network layouts share: a colour per component, the short names cells use, the words of a connection's
 * label, and the order components stand in a host.
 */
import type { ComponentId } from '../../model/types';
import type { AddressKind, NetworkConnection, NetworkListener } from '../../analysis/network/model';

export interface ComponentStyle {
  fill: string;
  stroke: string;
  /** Short name for a port-map cell. */
  short: string;
}

/** Fills light enough for dark text, strokes a shade darker; told apart by hue. */
export const COMPONENT_STYLE: Record<ComponentId, ComponentStyle> = {
  'kube-apiserver': { fill: '#dbe8ff', stroke: '#2f5fb3', short: 'apiserver' },
  etcd: { fill: '#e3f4d7', stroke: '#3f7f1f', short: 'etcd' },
  'kube-controller-manager': { fill: '#f3e1fb', stroke: '#7a3d99', short: 'controller-mgr' },
  'kube-scheduler': { fill: '#ffe9cc', stroke: '#a25b00', short: 'scheduler' },
  kubelet: { fill: '#d5f2f0', stroke: '#1b7a72', short: 'kubelet' },
  'kube-proxy': { fill: '#fbe0e6', stroke: '#a3324f', short: 'kube-proxy' },
};

export const OTHER_STYLE: ComponentStyle = { fill: '#eceff3', stroke: '#667085', short: '?' };

export const styleOf = (c: ComponentId | null | undefined): ComponentStyle => (c ? COMPONENT_STYLE[c] : OTHER_STYLE);

/** Edge colours. */
export const EDGE_COLOR = {
  ok: '#475467',
  probe: '#1b7a72',
  peer: '#3f7f1f',
  unknown: '#98a2b3',
  broken: '#c4320a',
} as const;

/** Exposure of an address row: loopback is this node only, all interfaces is every network the node is on. */
export const EXPOSURE_STYLE: Record<AddressKind, { fill: string; stroke: string }> = {
  loopback: { fill: '#e3f4e8', stroke: '#3f8f5a' },
  ip: { fill: '#fff3db', stroke: '#b7791f' },
  name: { fill: '#fff3db', stroke: '#b7791f' },
  all: { fill: '#fde4e1', stroke: '#c4320a' },
};

/** Where a component stands in its host's column, top to bottom: clients first, the API server, then etcd. */
export const ROW_ORDER: readonly ComponentId[] = [
  'kube-proxy',
  'kube-controller-manager',
  'kube-scheduler',
  'kube-apiserver',
  'etcd',
];

export const rowRank = (c: ComponentId | null) => {
  const i = c ? ROW_ORDER.indexOf(c) : -1;
  return i < 0 ? ROW_ORDER.length : i;
};

/** `6443 HTTPS mTLS`; the auth left out where there is none (probes) or it is not known. */
export function connectionLabel(c: Pick<NetworkConnection, 'to' | 'protocol' | 'auth'>): string {
  const parts: string[] = [];
  if (c.to.port !== null) parts.push(String(c.to.port));
  if (c.protocol) parts.push(c.protocol);
  if (c.auth !== 'none' && c.auth !== 'unknown') parts.push(c.auth);
  return parts.join(' ');
}

/** `127.0.0.1:2379`, `[::1]:2379`, `0.0.0.0:*`. */
export function socketText(l: Pick<NetworkListener, 'address' | 'port'>): string {
  const a = l.address.includes(':') ? `[${l.address}]` : l.address;
  return `${a}:${l.port ?? '*'}`;
}

/** Compare strings the same way everywhere (the layout must not depend on the locale). */
export const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Host names in reading order: `cp2` before `cp10`; the same on every machine (no locale). */
export function naturalCompare(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    const nx = /^\d/.test(x) && /^\d/.test(y);
    if (nx && Number(x) !== Number(y)) return Number(x) - Number(y);
    return byText(x, y);
  }
  return pa.length - pb.length || byText(a, b);
}
