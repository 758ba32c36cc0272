/**
 * The `network` field of the CLI's JSON report (schema 1, added fields) and its text form: the listeners of every
 * host, the connections between components, and netstat / ss output compared with them (src/analysis/network).
 */
import type { NetworkModel } from '../analysis/network';
import type { FileId, Span } from '../model/span';
import { formatNumber, t, tDynamic } from '../i18n';

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

/**
 * The columns a string takes in a terminal: East Asian wide and full-width characters (CJK, full-width punctuation)
 * take two, everything else one. The text reports align their tables with it, so Chinese words line up too.
 */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf && c !== 0x303f) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

/** `s` padded with spaces to `n` terminal columns (displayWidth). */
export function padDisplay(s: string, n: number): string {
  return s + ' '.repeat(Math.max(0, n - displayWidth(s)));
}

/** A count in the text reports: the UI language's digits, no grouping (`1234`, as the English report always wrote). */
export function countText(n: number): string {
  return formatNumber(n, { useGrouping: false });
}

const pad = (s: string, n: number) => (displayWidth(s) >= n ? `${s} ` : padDisplay(s, n));

/** The port table per host, and the connections that do not reach a listener. */
export function formatNetworkText(network: ReportNetwork): string[] {
  if (network.listeners.length === 0 && network.connections.length === 0) return [];
  const lines: string[] = ['', t('report.text.network.heading')];
  const hosts = [...new Set(network.listeners.map((l) => l.host))];
  for (const host of hosts) {
    const info = network.hosts.find((h) => h.host === host);
    const addresses =
      info && info.addresses.length > 0 && info.addresses[0] !== host
        ? t('report.text.network.addresses', { addresses: info.addresses.join(', ') })
        : '';
    lines.push(
      `  ${host ?? t('report.text.network.hostNotNamed')}${addresses}${info?.inferred ? t('report.text.network.inferred') : ''}`,
    );
    lines.push(
      `    ${pad(t('report.text.network.port'), 7)}${pad(t('report.text.network.address'), 16)}${pad(t('report.text.network.protocol'), 10)}${pad(t('report.text.network.component'), 26)}${pad(t('report.text.network.purpose'), 13)}${t('report.text.network.from')}`,
    );
    const mine = network.listeners
      .filter((l) => l.host === host)
      .sort((a, b) => (a.port ?? 65536) - (b.port ?? 65536) || a.address.localeCompare(b.address));
    for (const l of mine) {
      const flags = l.flags.map((f) => `--${f}`).join(' ');
      const source = tDynamic(`report.text.network.source.${l.source}`);
      const from =
        l.file !== null
          ? t('report.text.network.fromFile', { where: `${l.file}:${l.line ?? '?'}`, flags })
          : l.version
            ? t('report.text.network.fromSourceVersion', { source, version: l.version, flags })
            : t('report.text.network.fromSource', { source, flags });
      const notes = [
        l.implied ? t('report.text.network.implied') : '',
        l.uncertain && !l.implied ? t('report.text.network.incomplete') : '',
        l.network === 'pod' ? t('report.text.network.podNetwork') : '',
        l.insecure ? t('report.text.network.insecure') : '',
      ].filter(Boolean);
      const observed = network.observed.some((o) => o.expectedBy === l.id)
        ? `  [${t('report.text.network.listening')}]`
        : network.missing.some((m) => m.listener === l.id)
          ? `  [${t('report.text.network.notListening')}]`
          : '';
      const component = `${l.component}${notes.length ? t('report.text.network.notes', { notes: notes.join(t('report.text.listSeparator')) }) : ''}`;
      lines.push(
        `    ${pad(l.port === null ? t('report.text.network.random') : String(l.port), 7)}${pad(l.address, 16)}${pad(l.protocol, 10)}${pad(component, 26)}${pad(l.purpose, 13)}${from}${observed}`,
      );
    }
  }
  const broken = network.connections.filter((c) => c.broken);
  lines.push(
    `  ${t('report.text.network.connections', {
      count: countText(network.connections.length),
      broken: countText(broken.length),
      outside: countText(network.connections.filter((c) => c.status === 'unknown').length),
    })}`,
  );
  for (const c of broken)
    lines.push(
      `    ${c.from ?? c.fromFile ?? '?'} -> ${c.to ?? '?'} ${c.address ?? '?'}:${c.port ?? '?'}${t('report.text.network.brokenStatus', { status: tDynamic(`report.text.network.status.${c.status}`) })}${c.file ? ` ${c.file}:${c.line ?? '?'}` : ''}`,
    );
  const unexpected = network.observed.filter((o) => o.expectedBy === null && o.component !== null);
  for (const o of unexpected)
    lines.push(
      `    ${t('report.text.network.unexpected', { socket: `${o.address}:${o.port}`, process: o.process ?? '', where: `${o.file}:${o.line}` })}`,
    );
  return lines;
}
