/**
 * The `network` field of the CLI's JSON report (schema 1, added fields) and its text form: the listeners of every
 * host, the connections between components, and netstat / ss output compared with them (src/analysis/network).
 */
import type { NetworkModel } from '../analysis/network';
import type { FileId, Span } from '../model/span';

export interface ReportListener {
  /** `kube-scheduler@cp1/secure`: what `observed[].expectedBy` and connections name. */
  id: string;
  component: string;
  /** The host (node name, else its address); null when the workspace does not say. */
  host: string | null;
  /** As it binds: `0.0.0.0` (all interfaces), `127.0.0.1`, a specific IP. */
  address: string;
  addressKind: string;
  /** null: a port chosen at start. */
  port: number | null;
  protocol: string;
  purpose: string;
  /** `set` | `config` | `kubeadm` | `default` (the default of `version`). */
  source: string;
  file: string | null;
  fileIndex: number | null;
  line: number | null;
  /** The socket of content/network.yaml and the flags that decide it. */
  socket: string;
  flags: string[];
  version: string | null;
  /** `host`: the node's addresses; `pod`: the Pod's own network (no hostNetwork). */
  network: string;
  insecure: boolean;
  /** A kubelet the static Pods of the host imply, with its defaults. */
  implied: boolean;
  /** Only defaults, while the command is not complete in the workspace. */
  uncertain: boolean;
}

export interface ReportConnection {
  id: string;
  rule: string;
  /** The component that connects; null for a kubeconfig of the workspace (an administrator's). */
  from: string | null;
  fromHost: string | null;
  /** The kubeconfig file, when `from` is null. */
  fromFile: string | null;
  to: string | null;
  /** The target's host, when it is one of the workspace. */
  host: string | null;
  address: string | null;
  port: number | null;
  protocol: string | null;
  /** `mTLS` | `TLS` | `token` | `password` | `exec` | `none` | `unknown`. */
  auth: string;
  /** The client certificate (a file, or the user a kubeconfig's certificate names). */
  authDetail: string | null;
  /** The flag that names the target. */
  flag: string | null;
  kubeconfig: {
    path: string | null;
    file: string | null;
    /** `path`, `file-name` (inferred from the name alone), `document`, `none` (not in the workspace). */
    match: string;
    server: string | null;
    cluster: string | null;
    user: string | null;
  } | null;
  probe: {
    kind: string;
    action: string;
    host: string | null;
    port: number | null;
    path: string | null;
    scheme: string | null;
    problem: string | null;
  } | null;
  file: string | null;
  fileIndex: number | null;
  line: number | null;
  inferred: boolean;
  /** `ok` | `no-listener` | `other-listener` | `probe-mismatch` | `unknown` (target outside the workspace). */
  status: string;
  broken: boolean;
}

export interface ReportObserved {
  host: string | null;
  hostSource: string | null;
  address: string;
  port: number;
  process: string | null;
  component: string | null;
  /** The listener id it is; null: nobody's configuration opens it. */
  expectedBy: string | null;
  /** `exact`, `address` (the expected port on another address), `none`. */
  match: string;
  file: string;
  fileIndex: number;
  line: number;
}

export interface ReportNetwork {
  hosts: { host: string; name: string | null; addresses: string[]; inferred: boolean }[];
  listeners: ReportListener[];
  connections: ReportConnection[];
  observed: ReportObserved[];
  /** Expected listeners no netstat / ss output of their host shows. */
  missing: { listener: string; host: string | null; files: string[] }[];
}

export interface ReportPlaces {
  names: ReadonlyMap<FileId, string>;
  order: ReadonlyMap<FileId, number>;
  pos: (fileId: FileId, offset: number) => { line: number; column: number };
  scrub: (s: string) => string;
}

export function reportNetwork(model: NetworkModel, p: ReportPlaces): ReportNetwork {
  const where = (span: Span | null) =>
    span
      ? {
          file: p.names.get(span.fileId) ?? span.fileId,
          fileIndex: p.order.get(span.fileId) ?? -1,
          line: p.pos(span.fileId, span.range.start).line,
        }
      : { file: null, fileIndex: null, line: null };
  const s = (v: string | null) => (v === null ? null : p.scrub(v));
  const name = (id: FileId | null) => (id === null ? null : (p.names.get(id) ?? id));
  return {
    hosts: model.hosts.map((h) => ({ host: h.key, name: h.name, addresses: h.addresses, inferred: h.inferred })),
    listeners: model.listeners.map((l) => ({
      id: l.id,
      component: l.component,
      host: l.host,
      address: p.scrub(l.address),
      addressKind: l.addressKind,
      port: l.port,
      protocol: l.protocol,
      purpose: l.purpose,
      source: l.source,
      ...where(l.span),
      socket: l.socket,
      flags: l.flags,
      version: l.version,
      network: l.network,
      insecure: l.insecure,
      implied: l.implied,
      uncertain: l.uncertain,
    })),
    connections: model.connections.map((c) => ({
      id: c.id,
      rule: c.rule,
      from: c.from.component,
      fromHost: c.from.host,
      fromFile: name(c.from.fileId),
      to: c.to.component,
      host: c.to.host,
      address: s(c.to.address),
      port: c.to.port,
      protocol: c.protocol,
      auth: c.auth,
      authDetail: s(c.authDetail),
      flag: c.flag,
      kubeconfig: c.kubeconfig
        ? {
            path: s(c.kubeconfig.path),
            file: name(c.kubeconfig.fileId),
            match: c.kubeconfig.match,
            server: s(c.kubeconfig.server),
            cluster: s(c.kubeconfig.cluster),
            user: s(c.kubeconfig.user),
          }
        : null,
      probe: c.probe
        ? {
            kind: c.probe.kind,
            action: c.probe.action,
            host: s(c.probe.host),
            port: c.probe.port,
            path: s(c.probe.path),
            scheme: c.probe.scheme,
            problem: c.probe.problem,
          }
        : null,
      ...where(c.span),
      inferred: c.inferred,
      status: c.status,
      broken: c.broken,
    })),
    observed: model.observed.map((o) => ({
      host: o.host,
      hostSource: o.hostSource,
      address: o.address,
      port: o.port,
      process: s(o.process),
      component: o.component,
      expectedBy: o.expectedBy,
      match: o.match,
      file: p.names.get(o.fileId) ?? o.fileId,
      fileIndex: p.order.get(o.fileId) ?? -1,
      line: p.pos(o.span.fileId, o.span.range.start).line,
    })),
    missing: model.missing.map((m) => ({
      listener: m.listenerId,
      host: m.host,
      files: m.fileIds.map((f) => p.names.get(f) ?? f),
    })),
  };
}

const pad = (s: string, n: number) => (s.length >= n ? `${s} ` : s.padEnd(n));

/** The port table per host, and the connections that do not reach a listener. */
export function formatNetworkText(network: ReportNetwork): string[] {
  if (network.listeners.length === 0 && network.connections.length === 0) return [];
  const lines: string[] = [
    '',
    'Listening sockets by host (from the configuration as it runs; default: of its version):',
  ];
  const hosts = [...new Set(network.listeners.map((l) => l.host))];
  for (const host of hosts) {
    const info = network.hosts.find((h) => h.host === host);
    const addresses =
      info && info.addresses.length > 0 && info.addresses[0] !== host ? ` (${info.addresses.join(', ')})` : '';
    lines.push(`  ${host ?? 'host not named'}${addresses}${info?.inferred ? ', inferred' : ''}`);
    lines.push(
      `    ${pad('PORT', 7)}${pad('ADDRESS', 16)}${pad('PROTOCOL', 10)}${pad('COMPONENT', 26)}${pad('PURPOSE', 13)}FROM`,
    );
    const mine = network.listeners
      .filter((l) => l.host === host)
      .sort((a, b) => (a.port ?? 65536) - (b.port ?? 65536) || a.address.localeCompare(b.address));
    for (const l of mine) {
      const from =
        l.file !== null
          ? `${l.file}:${l.line ?? '?'} (${l.flags.map((f) => `--${f}`).join(' ')})`
          : `${l.source}${l.version ? ` in ${l.version}` : ''} (${l.flags.map((f) => `--${f}`).join(' ')})`;
      const notes = [
        l.implied ? 'implied by the static Pods' : '',
        l.uncertain && !l.implied ? 'command not complete' : '',
        l.network === 'pod' ? 'Pod network' : '',
        l.insecure ? 'no authentication' : '',
      ].filter(Boolean);
      const observed = network.observed.some((o) => o.expectedBy === l.id)
        ? '  [listening]'
        : network.missing.some((m) => m.listener === l.id)
          ? '  [NOT LISTENING]'
          : '';
      lines.push(
        `    ${pad(l.port === null ? 'random' : String(l.port), 7)}${pad(l.address, 16)}${pad(l.protocol, 10)}${pad(`${l.component}${notes.length ? ` (${notes.join(', ')})` : ''}`, 26)}${pad(l.purpose, 13)}${from}${observed}`,
      );
    }
  }
  const broken = network.connections.filter((c) => c.broken);
  lines.push(
    `  ${network.connections.length} connection(s), ${broken.length} broken, ${network.connections.filter((c) => c.status === 'unknown').length} to targets outside the workspace`,
  );
  for (const c of broken)
    lines.push(
      `    ${c.from ?? c.fromFile ?? '?'} -> ${c.to ?? '?'} ${c.address ?? '?'}:${c.port ?? '?'} (${c.status})${c.file ? ` ${c.file}:${c.line ?? '?'}` : ''}`,
    );
  const unexpected = network.observed.filter((o) => o.expectedBy === null && o.component !== null);
  for (const o of unexpected)
    lines.push(`    listening but not expected: ${o.address}:${o.port} ${o.process ?? ''} (${o.file}:${o.line})`);
  return lines;
}
