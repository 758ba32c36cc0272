/**
 * The network facts: content/network.yaml read into typed facts. Which flags open which listening sockets of each
 * component in which releases (sockets), and who connects to whom (connections), evaluated over the effective
 * configuration by src/analysis/network/. Checked as it is read: a bad entry becomes a content problem and is left
 * out, never a crash. Pure: runs in Node, the page and the worker.
 */
import { parse as parseYaml } from 'yaml';
import { COMPONENT_IDS, type ComponentId } from '../model/types';
import { isWellFormedVersion } from '../util/version';
import { scalarText } from '../util/strings';
import { isComponentId, type ContentProblem } from './validate';

export const NETWORK_FILE = 'network.yaml';

export const SOCKET_PROTOCOLS = ['HTTPS', 'HTTP', 'gRPC/TLS', 'gRPC'] as const;
export type SocketProtocol = (typeof SOCKET_PROTOCOLS)[number];

/** What is served on a socket (words: network.purpose.<purpose> in content/<lang>/messages.yaml). */
export const SOCKET_PURPOSES = [
  'api',
  'kubelet-api',
  'etcd-client',
  'etcd-peer',
  'serving',
  'metrics',
  'health',
  'read-only',
  'streaming',
] as const;
export type SocketPurpose = (typeof SOCKET_PURPOSES)[number];

/** The releases of an unauthenticated plain-HTTP port's story. */
export interface InsecureStory {
  deprecated: string | null;
  /** First release that no longer serves it (the flag may still be accepted, as 0). */
  servingRemoved: string | null;
  /** First release without the flag. */
  flagRemoved: string | null;
}

/** One listening socket a component may open, and the flags that open it. */
export interface SocketFact {
  component: ComponentId;
  /** Its name within the component: `secure`, `insecure`, `client`, `peer`, `metrics`... */
  id: string;
  /** Flags giving the port: the first written one, else the first one's value in effect. */
  port: string[];
  /** Flags giving the bind address, the same way. */
  address: string[];
  /** A flag holding address and port together (`127.0.0.1:10249`), instead of port and address. */
  hostPort: string | null;
  /** With hostPort: the flag whose value is the port when the address has none. */
  portFallback: string | null;
  /** A flag holding a list of URLs, each one socket (etcd). */
  urls: string | null;
  /** An address no flag sets. */
  fixedAddress: string | null;
  /** The port is chosen at start: any port of the process on that address matches. */
  ephemeral: boolean;
  /** The protocol; for urls, see `protocols`. */
  protocol: SocketProtocol | null;
  /** For urls: the protocol by URL scheme. */
  protocols: Partial<Record<'http' | 'https', SocketProtocol>>;
  purpose: SocketPurpose;
  /** Releases of the component that open it (inclusive), null: no bound. */
  since: string | null;
  until: string | null;
  /** Plain HTTP without authentication: its story, else null. */
  insecure: InsecureStory | null;
  /** kubeadm binds it to 127.0.0.1. */
  kubeadmLoopback: boolean;
  /** The port in effect when a configuration file is read that does not set it. */
  configFileDefault: string | null;
  /** Opened only while this flag's value in effect is one of the values. */
  when: { flag: string; values: string[] } | null;
}

/** How the target of a connection is found. */
export type ConnectionTarget =
  /** The URLs of a flag; `overrides` in the `group/resource#url;url` form. */
  | { kind: 'urls'; flag: string; overrides: string | null }
  /** Every other member of etcd's initial cluster; `self` names this member. */
  | { kind: 'initial-cluster'; flag: string; self: string }
  /** The server of the kubeconfig the flag names; `master` wins over it. */
  | { kind: 'kubeconfig'; flag: string; master: string | null }
  /** The socket on every host of the workspace. */
  | { kind: 'every-node' }
  /** The kubelet's probes of the static Pod. */
  | { kind: 'probes' }
  /** Every kubeconfig of the workspace that no component names. */
  | { kind: 'kubeconfig-documents' };

export interface ConnectionRule {
  id: string;
  /** null: not a component (a kubeconfig's user: kubectl, an operator). */
  from: ComponentId | null;
  /** null: the component the target is (a probe's Pod). */
  to: ComponentId | null;
  /** The socket of `to` it reaches; null: found from the target's port. */
  socket: string | null;
  target: ConnectionTarget;
  clientCert: string | null;
  clientKey: string | null;
}

export interface NetworkFacts {
  sockets: ReadonlyMap<ComponentId, readonly SocketFact[]>;
  connections: readonly ConnectionRule[];
}

export function emptyNetworkFacts(): NetworkFacts {
  return { sockets: new Map(), connections: [] };
}

const SOCKET_KEYS = new Set([
  'id',
  'port',
  'address',
  'hostPort',
  'portFallback',
  'urls',
  'fixedAddress',
  'ephemeral',
  'protocol',
  'protocols',
  'purpose',
  'since',
  'until',
  'insecure',
  'kubeadmLoopback',
  'configFileDefault',
  'when',
]);
const CONNECTION_KEYS = new Set(['id', 'from', 'to', 'socket', 'target', 'clientCert', 'clientKey']);
const FLAG_NAME = /^[a-z0-9][a-z0-9_.-]*$/i;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Checker {
  constructor(private readonly problems: ContentProblem[]) {}

  problem(entry: string, message: string): void {
    this.problems.push({ source: NETWORK_FILE, entry, message });
  }

  unknownKeys(entry: string, raw: Record<string, unknown>, known: ReadonlySet<string>): void {
    for (const key of Object.keys(raw)) if (!known.has(key)) this.problem(entry, `unknown field "${key}"`);
  }

  flag(entry: string, key: string, v: unknown): string | null {
    if (v === undefined || v === null) return null;
    const s = scalarText(v);
    if (FLAG_NAME.test(s)) return s;
    this.problem(entry, `${key} must be a flag name without dashes, got "${s}"`);
    return null;
  }

  flags(entry: string, key: string, v: unknown): string[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      this.problem(entry, `${key} must be a list of flag names`);
      return [];
    }
    return v.map((x) => this.flag(entry, key, x)).filter((x): x is string => x !== null);
  }

  version(entry: string, key: string, v: unknown): string | null {
    if (v === undefined || v === null) return null;
    const s = scalarText(v);
    if (isWellFormedVersion(s)) return s;
    this.problem(entry, `${key} must be a version like "1.24", got "${s}"`);
    return null;
  }

  protocol(entry: string, v: unknown): SocketProtocol | null {
    const s = scalarText(v);
    if ((SOCKET_PROTOCOLS as readonly string[]).includes(s)) return s as SocketProtocol;
    this.problem(entry, `protocol must be one of ${SOCKET_PROTOCOLS.join(', ')}, got "${s}"`);
    return null;
  }

  component(entry: string, v: unknown, nullable: boolean): ComponentId | null | undefined {
    if (v === null && nullable) return null;
    const s = scalarText(v);
    if (isComponentId(s, COMPONENT_IDS)) return s;
    this.problem(entry, `unknown component "${s}"`);
    return undefined;
  }
}

function readSocket(c: Checker, component: ComponentId, raw: unknown): SocketFact | null {
  if (!isRecord(raw) || typeof raw.id !== 'string' || raw.id === '') {
    c.problem(component, 'each socket must be a map with an id');
    return null;
  }
  const entry = `${component} ${raw.id}`;
  c.unknownKeys(entry, raw, SOCKET_KEYS);
  const purpose = scalarText(raw.purpose);
  if (!(SOCKET_PURPOSES as readonly string[]).includes(purpose)) {
    c.problem(entry, `purpose must be one of ${SOCKET_PURPOSES.join(', ')}, got "${purpose}"`);
    return null;
  }
  const port = c.flags(entry, 'port', raw.port);
  const address = c.flags(entry, 'address', raw.address);
  const hostPort = c.flag(entry, 'hostPort', raw.hostPort);
  const urls = c.flag(entry, 'urls', raw.urls);
  const ephemeral = raw.ephemeral === true;
  const shapes = [port.length > 0, hostPort !== null, urls !== null, ephemeral].filter(Boolean).length;
  if (shapes !== 1) {
    c.problem(entry, 'a socket has exactly one of port (with address), hostPort, urls, ephemeral');
    return null;
  }
  const protocols: Partial<Record<'http' | 'https', SocketProtocol>> = {};
  if (isRecord(raw.protocols)) {
    for (const [scheme, p] of Object.entries(raw.protocols)) {
      if (scheme !== 'http' && scheme !== 'https') {
        c.problem(entry, `protocols: unknown scheme "${scheme}"`);
        continue;
      }
      const protocol = c.protocol(entry, p);
      if (protocol) protocols[scheme] = protocol;
    }
  }
  const protocol = raw.protocol === undefined ? null : c.protocol(entry, raw.protocol);
  if (urls === null && protocol === null) {
    c.problem(entry, 'protocol is required');
    return null;
  }
  if (urls !== null && Object.keys(protocols).length === 0) c.problem(entry, 'urls need protocols by scheme');
  let insecure: InsecureStory | null = null;
  if (raw.insecure !== undefined && raw.insecure !== null) {
    if (!isRecord(raw.insecure)) c.problem(entry, 'insecure must be a map of releases');
    else {
      c.unknownKeys(`${entry} insecure`, raw.insecure, new Set(['deprecated', 'servingRemoved', 'flagRemoved']));
      insecure = {
        deprecated: c.version(entry, 'insecure.deprecated', raw.insecure.deprecated),
        servingRemoved: c.version(entry, 'insecure.servingRemoved', raw.insecure.servingRemoved),
        flagRemoved: c.version(entry, 'insecure.flagRemoved', raw.insecure.flagRemoved),
      };
    }
  }
  let when: SocketFact['when'] = null;
  if (raw.when !== undefined) {
    const w = raw.when;
    const flag = isRecord(w) ? c.flag(entry, 'when.flag', w.flag) : null;
    if (!isRecord(w) || flag === null || !Array.isArray(w.values))
      c.problem(entry, 'when needs flag and values (a list)');
    else when = { flag, values: w.values.map((x) => scalarText(x)) };
  }
  return {
    component,
    id: raw.id,
    port,
    address,
    hostPort,
    portFallback: c.flag(entry, 'portFallback', raw.portFallback),
    urls,
    fixedAddress: raw.fixedAddress === undefined ? null : scalarText(raw.fixedAddress),
    ephemeral,
    protocol,
    protocols,
    purpose: purpose as SocketPurpose,
    since: c.version(entry, 'since', raw.since),
    until: c.version(entry, 'until', raw.until),
    insecure,
    kubeadmLoopback: raw.kubeadmLoopback === true,
    configFileDefault: raw.configFileDefault === undefined ? null : scalarText(raw.configFileDefault),
    when,
  };
}

function readTarget(c: Checker, entry: string, raw: unknown): ConnectionTarget | null {
  if (!isRecord(raw)) {
    c.problem(entry, 'target must be a map');
    return null;
  }
  if (raw.urls !== undefined) {
    const flag = c.flag(entry, 'target.urls', raw.urls);
    return flag ? { kind: 'urls', flag, overrides: c.flag(entry, 'target.overrides', raw.overrides) } : null;
  }
  if (raw.initialCluster !== undefined) {
    const flag = c.flag(entry, 'target.initialCluster', raw.initialCluster);
    const self = c.flag(entry, 'target.self', raw.self);
    return flag && self ? { kind: 'initial-cluster', flag, self } : null;
  }
  if (raw.kubeconfig !== undefined) {
    const flag = c.flag(entry, 'target.kubeconfig', raw.kubeconfig);
    return flag ? { kind: 'kubeconfig', flag, master: c.flag(entry, 'target.master', raw.master) } : null;
  }
  if (raw.everyNode === true) return { kind: 'every-node' };
  if (raw.probes === true) return { kind: 'probes' };
  if (raw.kubeconfigDocuments === true) return { kind: 'kubeconfig-documents' };
  c.problem(entry, 'target needs one of urls, initialCluster, kubeconfig, everyNode, probes, kubeconfigDocuments');
  return null;
}

function readConnection(c: Checker, raw: unknown, sockets: ReadonlyMap<ComponentId, readonly SocketFact[]>) {
  if (!isRecord(raw) || typeof raw.id !== 'string' || raw.id === '') {
    c.problem('connections', 'each connection must be a map with an id');
    return null;
  }
  const entry = `connection ${raw.id}`;
  c.unknownKeys(entry, raw, CONNECTION_KEYS);
  const from = c.component(entry, raw.from ?? null, true);
  const to = c.component(entry, raw.to ?? null, true);
  const target = readTarget(c, entry, raw.target);
  if (from === undefined || to === undefined || !target) return null;
  const socket = raw.socket === undefined || raw.socket === null ? null : scalarText(raw.socket);
  if (socket !== null && (!to || !sockets.get(to)?.some((s) => s.id === socket))) {
    c.problem(entry, `socket "${socket}" is not a socket of ${to ?? 'the target'}`);
    return null;
  }
  const rule: ConnectionRule = {
    id: raw.id,
    from,
    to,
    socket,
    target,
    clientCert: c.flag(entry, 'clientCert', raw.clientCert),
    clientKey: c.flag(entry, 'clientKey', raw.clientKey),
  };
  return rule;
}

/** The facts of network.yaml's text; problems are reported, bad entries left out. */
export function readNetworkFacts(text: string, problems: ContentProblem[]): NetworkFacts {
  const c = new Checker(problems);
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    c.problem('', `not valid YAML: ${(e as Error).message}`);
    return emptyNetworkFacts();
  }
  if (!isRecord(raw)) {
    c.problem('', 'must hold the maps "sockets:" and "connections:"');
    return emptyNetworkFacts();
  }
  c.unknownKeys('', raw, new Set(['sockets', 'connections']));
  const sockets = new Map<ComponentId, SocketFact[]>();
  if (isRecord(raw.sockets)) {
    for (const [id, list] of Object.entries(raw.sockets)) {
      const component = c.component(id, id, false);
      if (!component) continue;
      if (!Array.isArray(list)) {
        c.problem(id, 'sockets of a component must be a list');
        continue;
      }
      const read = list.map((s) => readSocket(c, component, s)).filter((s): s is SocketFact => s !== null);
      const ids = new Set<string>();
      for (const s of read) {
        if (ids.has(s.id)) c.problem(`${component} ${s.id}`, 'duplicate socket id');
        ids.add(s.id);
      }
      sockets.set(component, read);
    }
  } else c.problem('', 'sockets must be a map of components');
  const connections: ConnectionRule[] = [];
  if (Array.isArray(raw.connections)) {
    for (const r of raw.connections) {
      const rule = readConnection(c, r, sockets);
      if (rule) connections.push(rule);
    }
  } else c.problem('', 'connections must be a list');
  return { sockets, connections };
}
