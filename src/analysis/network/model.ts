/**
 * The network model's types and the small helpers the stage shares: hosts, addresses, URLs. Plain data only (no
 * Map, no function), so the model crosses postMessage to the page for the views.
 */
import ipaddr from 'ipaddr.js';
import type { ComponentId } from '../../model/types';
import type { DocumentId, FileId, Span } from '../../model/span';
import type { EffectiveSource } from '../../effective';
import type { InsecureStory, SocketProtocol, SocketPurpose } from '../../knowledge/networkFacts';

/** How an address binds: `loopback` (127.0.0.1, ::1), `all` interfaces (0.0.0.0, ::), one `ip`, or a `name`. */
export type AddressKind = 'loopback' | 'all' | 'ip' | 'name';

/** A machine of the workspace: the node name, else the first address its components advertise. */
export interface NetworkHost {
  /** `cp1`, `192.168.56.10`. */
  key: string;
  name: string | null;
  addresses: string[];
  /** Its name came from another component, or it is the workspace's only host. */
  inferred: boolean;
}

/** A listening socket a component instance opens, as its effective configuration says. */
export interface NetworkListener {
  /** `kube-scheduler@cp1/secure`, `etcd@cp1/client#2` for the second URL of a list. */
  id: string;
  instanceId: string;
  component: ComponentId;
  /** The host key (NetworkHost.key); null when the workspace does not say. */
  host: string | null;
  /** The socket of content/network.yaml: `secure`, `insecure`, `client`, `peer`, `metrics`... */
  socket: string;
  /** As it binds: `0.0.0.0`, `127.0.0.1`, `::`, `192.168.56.10`. */
  address: string;
  addressKind: AddressKind;
  /** null: chosen at start (an ephemeral port). */
  port: number | null;
  protocol: SocketProtocol;
  purpose: SocketPurpose;
  /** `host`: the node's own addresses (a process, or a Pod with hostNetwork: true); `pod`: the Pod's network. */
  network: 'host' | 'pod';
  /** Plain HTTP without authentication. */
  insecure: boolean;
  /** The releases of an insecure port's story (deprecated, no longer served, flag removed). */
  insecureStory: InsecureStory | null;
  /** kubeadm binds it to 127.0.0.1. */
  kubeadmLoopback: boolean;
  /** Where the deciding value comes from: the written flag when one is, else the default of `version`. */
  source: EffectiveSource;
  /** Where that value is written; null for a default. */
  span: Span | null;
  /** The flags that decide it (port and address, or the URL list). */
  flags: string[];
  /** The flag giving the port (or the URL list) and the one giving the address, as they are in effect. */
  portFlag: ListenerFlag | null;
  addressFlag: ListenerFlag | null;
  /** The instance's version (null: unknown, the newest release's defaults). */
  version: string | null;
  /** A kubelet the static Pods of the host imply: not in the workspace, its defaults assumed. */
  implied: boolean;
  /**
   * The value does not rest on a complete command: only defaults, while the command is known only from an env file
   * (the unit that reads it is not in the workspace) or not at all.
   */
  uncertain: boolean;
  /** Where a finding about it goes when it has no span: the executable of its command, or its document's start. */
  anchor: Span;
  documentId: DocumentId | null;
}

export interface ListenerFlag {
  flag: string;
  value: string | null;
  source: EffectiveSource;
  span: Span | null;
}

export type ConnectionProtocol = SocketProtocol | 'TCP';

/** How a connection authenticates its client. */
export type ConnectionAuth = 'mTLS' | 'TLS' | 'token' | 'password' | 'exec' | 'none' | 'unknown';

/** A kubeconfig a component names, and the workspace file it was matched to. */
export interface KubeconfigRef {
  /** The path the flag names (`/etc/kubernetes/scheduler.conf`); null: a kubeconfig of the workspace itself. */
  path: string | null;
  fileId: FileId | null;
  /** `path`: the file's name ends with that path; `file-name`: only its base name matches (inferred); `none`. */
  match: 'path' | 'file-name' | 'document' | 'none';
  server: string | null;
  /** The cluster and user of its current context. */
  cluster: string | null;
  user: string | null;
}

/** A kubelet probe of a static Pod. */
export interface ProbeInfo {
  kind: 'liveness' | 'readiness' | 'startup';
  action: 'httpGet' | 'tcpSocket' | 'grpc';
  /** null: the Pod's IP (the node's, with hostNetwork). */
  host: string | null;
  port: number | null;
  /** A named port (`probe-port`), resolved through the container's ports when it can be. */
  portName: string | null;
  path: string | null;
  scheme: 'HTTP' | 'HTTPS' | null;
  /** What is wrong with it, when something is. */
  problem: 'port' | 'scheme' | 'address' | null;
}

export type ConnectionStatus =
  /** Someone of the right component listens on the target. */
  | 'ok'
  /** The target host is in the workspace and nobody listens on that address and port. */
  | 'no-listener'
  /** Another component listens there. */
  | 'other-listener'
  /** The probe aims at a port, scheme or address the component does not serve. */
  | 'probe-mismatch'
  /** The target is outside the workspace (a load balancer, a host of which no file is given) or not known. */
  | 'unknown';

export interface NetworkConnection {
  id: string;
  /** The rule of content/network.yaml: `apiserver-etcd`, `etcd-peer`, `kubelet-probe`... */
  rule: string;
  from: {
    component: ComponentId | null;
    instanceId: string | null;
    host: string | null;
    /** For a kubeconfig of the workspace: its file. */
    fileId: FileId | null;
  };
  to: {
    component: ComponentId | null;
    host: string | null;
    /** As the connection names it: an IP, a name, `localhost`; null when unknown. */
    address: string | null;
    port: number | null;
    /** The listener it reaches, when one is found. */
    listenerId: string | null;
  };
  protocol: ConnectionProtocol | null;
  auth: ConnectionAuth;
  /** The client certificate file, or the identity a kubeconfig's client certificate carries. */
  authDetail: string | null;
  /** The flag that names the target (`etcd-servers`, `kubeconfig`, `initial-cluster`); null for probes. */
  flag: string | null;
  source: EffectiveSource | null;
  kubeconfig: KubeconfigRef | null;
  probe: ProbeInfo | null;
  /** Where it is written: the flag value, the kubeconfig's server, the probe's port. */
  span: Span | null;
  anchor: Span | null;
  documentId: DocumentId | null;
  /** The target was assumed, not read: a kubeconfig matched by file name only, an implied kubelet. */
  inferred: boolean;
  status: ConnectionStatus;
  broken: boolean;
}

/** A socket of netstat / ss output, compared with what its host is expected to open. */
export interface ObservedListener {
  host: string | null;
  /** How the host of the output was told. */
  hostSource: 'address' | 'file-name' | 'only-host' | null;
  address: string;
  port: number;
  process: string | null;
  component: ComponentId | null;
  /** The listener (NetworkListener.id) it is; null: nobody's configuration opens it. */
  expectedBy: string | null;
  /** `exact`; `address`: the port of that listener on another address; `none`. */
  match: 'exact' | 'address' | 'none';
  fileId: FileId;
  /** The `address:port` of the line. */
  span: Span;
  documentId: DocumentId;
}

/** An expected listener that no output of its host shows. */
export interface MissingListener {
  listenerId: string;
  host: string | null;
  /** The outputs that would have shown it. */
  fileIds: FileId[];
}

export interface NetworkModel {
  hosts: NetworkHost[];
  listeners: NetworkListener[];
  connections: NetworkConnection[];
  observed: ObservedListener[];
  missing: MissingListener[];
}

/** `[::1]` -> `::1`; lower case. */
export function bareAddress(a: string): string {
  return a
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .toLowerCase();
}

export function addressKind(address: string): AddressKind {
  const s = bareAddress(address);
  if (s === '' || s === '*' || s === '0.0.0.0' || s === '::' || s === '0:0:0:0:0:0:0:0' || s === '::ffff:0.0.0.0')
    return 'all';
  if (s === 'localhost' || s.startsWith('127.') || s === '::1' || s.startsWith('::ffff:127.')) return 'loopback';
  return ipaddr.isValid(s) ? 'ip' : 'name';
}

/** The same IP written two ways (`::ffff:10.0.0.1` and `10.0.0.1`). */
export function sameIp(a: string, b: string): boolean {
  const x = bareAddress(a);
  const y = bareAddress(b);
  if (x === y) return true;
  try {
    const px = ipaddr.process(x);
    const py = ipaddr.process(y);
    return px.kind() === py.kind() && px.toNormalizedString() === py.toNormalizedString();
  } catch {
    return false;
  }
}

/** Whether a client going to `target` (an address of the listener's host) reaches a socket bound to `bound`. */
export function reaches(bound: string, target: string): boolean {
  const b = addressKind(bound);
  if (b === 'all') return true;
  const t = addressKind(target);
  if (b === 'loopback') return t === 'loopback' || t === 'all';
  if (b === 'ip') return t === 'ip' && sameIp(bound, target);
  return bareAddress(bound) === bareAddress(target);
}

/** Whether two sockets on one host and port collide: a wildcard takes every address, else the same address. */
export function overlaps(a: string, b: string): boolean {
  const ka = addressKind(a);
  const kb = addressKind(b);
  if (ka === 'all' || kb === 'all') return true;
  if (ka === 'loopback' && kb === 'loopback')
    return bareAddress(a) === 'localhost' || bareAddress(b) === 'localhost' || sameIp(a, b);
  return ka === kb && (ka === 'ip' ? sameIp(a, b) : bareAddress(a) === bareAddress(b));
}

export interface ParsedUrl {
  scheme: string;
  host: string;
  port: number | null;
  /** Where the URL is in the text it was cut from (offsets into that text). */
  start: number;
  end: number;
}

const DEFAULT_PORTS: Record<string, number> = { https: 443, http: 80 };

/** `https://10.0.0.1:2379` -> scheme, host, port (the scheme's default when absent); null for another shape. */
export function parseUrl(text: string, offset = 0): ParsedUrl | null {
  const m = /^\s*([a-z][a-z0-9+.-]*):\/\/(\[[^\]]*\]|[^/:?#\s]*)(?::(\d{1,5}))?/i.exec(text);
  if (!m) return null;
  const scheme = (m[1] ?? '').toLowerCase();
  const host = bareAddress(m[2] ?? '');
  const port = m[3] !== undefined ? Number(m[3]) : (DEFAULT_PORTS[scheme] ?? null);
  if (port !== null && (port < 0 || port > 65535)) return null;
  const lead = /^\s*/.exec(text)?.[0].length ?? 0;
  return { scheme, host, port, start: offset + lead, end: offset + m[0].length };
}

/** The items of a comma-separated value with their offsets in it. */
export function commaItems(value: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let start = 0;
  for (const part of value.split(',')) {
    if (part.trim() !== '') out.push({ text: part, start });
    start += part.length + 1;
  }
  return out;
}

/** A span inside a written value: `range` of the value, `start` / `end` offsets into it. */
export function subSpan(span: Span | null, start: number, end: number, valueLength: number): Span | null {
  if (!span) return null;
  // only when the span is the value itself (the same length): quoted or expanded values keep the whole span
  if (span.range.end - span.range.start !== valueLength) return span;
  return { fileId: span.fileId, range: { start: span.range.start + start, end: span.range.start + end } };
}
