/**
 * The connection model: who talks to whom, on which port, with which authentication. The connection rules of
 * content/network.yaml are a table evaluated over the effective configuration of every instance (a target written in
 * a flag, the server of the kubeconfig a flag names, etcd's initial cluster, every node's kubelet, the kubelet's
 * probes of each static Pod, the kubeconfigs of the workspace no component names). Each target is then looked up
 * among the listeners of its host: a target on a host of the workspace that nobody listens on is `no-listener`.
 */
import type { AnnotatedDocument } from '../../annotate/annotate';
import type { ConnectionRule, NetworkFacts, SocketProtocol } from '../../knowledge/networkFacts';
import type { ComponentId, FieldOccurrence, KubeconfigDocument, SourceDocument } from '../../model/types';
import type { FileId, Span } from '../../model/span';
import type { InstanceView } from './listeners';
import { portNumber } from './listeners';
import {
  addressKind,
  bareAddress,
  commaItems,
  parseUrl,
  reaches,
  sameIp,
  subSpan,
  type ConnectionAuth,
  type ConnectionProtocol,
  type ConnectionStatus,
  type KubeconfigRef,
  type NetworkConnection,
  type NetworkHost,
  type NetworkListener,
  type ProbeInfo,
} from './model';

/** A kubeconfig document of the workspace and the name of its file. */
export interface KubeconfigFile {
  document: KubeconfigDocument;
  fileName: string;
}

export interface ConnectionContext {
  hosts: readonly NetworkHost[];
  views: readonly InstanceView[];
  listeners: readonly NetworkListener[];
  /** No instance names its host: every instance runs on one unnamed host. */
  unnamedShare: boolean;
  kubeconfigs: readonly KubeconfigFile[];
  facts: NetworkFacts;
  documents: ReadonlyMap<string, AnnotatedDocument>;
  fileName: (fileId: FileId) => string;
}

export function sameHostKey(a: string | null, b: string | null, unnamedShare: boolean): boolean {
  return a !== null ? a === b : b === null && unnamedShare;
}

interface TargetHost {
  known: boolean;
  host: string | null;
}

/** The host an address names, seen from `from`: loopback is `from` itself, an IP the host that has it. */
export function targetHost(address: string, from: string | null, ctx: ConnectionContext): TargetHost {
  const kind = addressKind(address);
  if (kind === 'loopback' || kind === 'all')
    return from !== null || ctx.unnamedShare ? { known: true, host: from } : { known: false, host: null };
  if (kind === 'ip') {
    const h = ctx.hosts.find((x) => x.addresses.some((a) => sameIp(a, address)));
    if (h) return { known: true, host: h.key };
    const l = ctx.listeners.find((x) => x.addressKind === 'ip' && x.host !== null && sameIp(x.address, address));
    return l ? { known: true, host: l.host } : { known: false, host: null };
  }
  const name = bareAddress(address);
  const h = ctx.hosts.find((x) => x.name === name || x.key === name);
  return h ? { known: true, host: h.key } : { known: false, host: null };
}

const isTls = (p: SocketProtocol) => p === 'HTTPS' || p === 'gRPC/TLS';

/** Whether a client going to `address` of `host` reaches a listener of that host. */
function reachesOn(l: NetworkListener, address: string, host: NetworkHost | undefined): boolean {
  if (addressKind(address) !== 'name') return reaches(l.address, address);
  if (l.addressKind === 'all') return true;
  if (l.addressKind === 'ip')
    return !host || host.addresses.length === 0 || host.addresses.some((a) => sameIp(a, l.address));
  return false;
}

const byPortIndex = new WeakMap<readonly NetworkListener[], Map<number, NetworkListener[]>>();

/** Who listens where a connection goes. */
function judge(
  ctx: ConnectionContext,
  to: ComponentId | null,
  address: string,
  port: number | null,
  target: TargetHost,
): { status: ConnectionStatus; listenerId: string | null } {
  if (!target.known || port === null) return { status: 'unknown', listenerId: null };
  const host = ctx.hosts.find((h) => h.key === target.host);
  let index = byPortIndex.get(ctx.listeners);
  if (!index) {
    index = new Map();
    for (const l of ctx.listeners) if (l.port !== null) index.set(l.port, [...(index.get(l.port) ?? []), l]);
    byPortIndex.set(ctx.listeners, index);
  }
  const here = (index.get(port) ?? []).filter(
    (l) =>
      sameHostKey(l.host, target.host, ctx.unnamedShare) &&
      l.network === 'host' &&
      l.port === port &&
      reachesOn(l, address, host),
  );
  const right = here.find((l) => l.component === to);
  if (right) return { status: 'ok', listenerId: right.id };
  if (here[0]) return { status: 'other-listener', listenerId: here[0].id };
  const modelled = ctx.views.some(
    (v) => v.instance.component === to && sameHostKey(v.host, target.host, ctx.unnamedShare),
  );
  return { status: modelled ? 'no-listener' : 'unknown', listenerId: null };
}

function socketProtocol(ctx: ConnectionContext, rule: ConnectionRule, scheme: string): ConnectionProtocol | null {
  const fact = rule.to ? ctx.facts.sockets.get(rule.to)?.find((s) => s.id === rule.socket) : undefined;
  const byScheme = fact?.protocols[scheme as 'http' | 'https'];
  if (byScheme) return byScheme;
  if (fact?.protocol) return fact.protocol;
  return scheme === 'https' ? 'HTTPS' : scheme === 'http' ? 'HTTP' : null;
}

function certAuth(
  view: InstanceView,
  rule: ConnectionRule,
  tls: boolean,
): { auth: ConnectionAuth; detail: string | null } {
  if (!tls) return { auth: 'none', detail: null };
  const cert = rule.clientCert ? view.flags.get(rule.clientCert)?.value : null;
  const key = rule.clientKey ? view.flags.get(rule.clientKey)?.value : null;
  return cert && key ? { auth: 'mTLS', detail: cert } : { auth: 'TLS', detail: null };
}

// ---------------------------------------------------------------------------------------------------------------
// Kubeconfigs

const baseName = (p: string) => p.replace(/\\/g, '/').split('/').pop() ?? p;
const dirOf = (p: string) => p.replace(/\\/g, '/').split('/').slice(0, -1);

/** The kubeconfig of the workspace a path names: a file whose name ends with the path, else one with its base name. */
export function findKubeconfig(
  path: string,
  kubeconfigs: readonly KubeconfigFile[],
  nearFile: string,
): { file: KubeconfigFile; match: 'path' | 'file-name' } | null {
  const wanted = path.trim().replace(/\\/g, '/');
  if (wanted === '' || wanted.startsWith('$')) return null;
  const tail = wanted.replace(/^\/+/, '');
  const byPath = kubeconfigs.filter((k) => {
    const n = k.fileName.replace(/\\/g, '/');
    return n === wanted || n.endsWith(`/${tail}`) || n === tail;
  });
  const byName = kubeconfigs.filter((k) => baseName(k.fileName) === baseName(wanted));
  const candidates = byPath.length > 0 ? byPath : byName;
  if (candidates.length === 0) return null;
  // the one nearest to the component's own file (the same host's folder)
  const near = dirOf(nearFile);
  const common = (k: KubeconfigFile) => {
    const d = dirOf(k.fileName);
    let i = 0;
    while (i < d.length && i < near.length && d[i] === near[i]) i++;
    return i;
  };
  const best = [...candidates].sort((a, b) => common(b) - common(a))[0]!;
  return { file: best, match: byPath.length > 0 ? 'path' : 'file-name' };
}

interface KubeconfigTarget {
  ref: KubeconfigRef;
  server: string | null;
  span: Span | null;
  auth: ConnectionAuth;
  detail: string | null;
}

const inside = (f: FieldOccurrence, r: { start: number; end: number }) =>
  f.keyRange.start >= r.start && f.keyRange.end <= r.end;

/** The server, cluster and user of a kubeconfig's current context (its only cluster when it has no context). */
function readKubeconfig(doc: KubeconfigDocument): KubeconfigTarget {
  const info = doc.kubeconfig;
  const context = info.contexts.find((c) => c.name === info.currentContext) ?? info.contexts[0] ?? null;
  const cluster =
    info.clusters.find((c) => c.name === context?.cluster) ?? (info.clusters.length === 1 ? info.clusters[0] : null);
  const user = info.users.find((u) => u.name === context?.user) ?? (info.users.length === 1 ? info.users[0] : null);
  const serverField = cluster
    ? doc.fields.find((f) => f.path === 'clusters[].cluster.server' && inside(f, cluster.range))
    : undefined;
  const certFile = user
    ? doc.fields.find((f) => f.path === 'users[].user.client-certificate' && inside(f, user.range))?.value
    : undefined;
  const methods = user?.auth ?? [];
  let auth: ConnectionAuth = 'unknown';
  let detail: string | null = null;
  if (methods.includes('client-certificate-data') || methods.includes('client-certificate')) {
    auth = 'mTLS';
    detail = user?.identity?.user ? user.identity.user : (certFile ?? null);
  } else if (methods.includes('token') || methods.includes('tokenFile')) auth = 'token';
  else if (methods.includes('exec') || methods.includes('auth-provider')) auth = 'exec';
  else if (methods.includes('password') || methods.includes('username')) auth = 'password';
  const server = cluster?.server ?? null;
  if (auth === 'unknown' && server !== null && parseUrl(server)?.scheme === 'https' && user) auth = 'TLS';
  return {
    ref: {
      path: null,
      fileId: doc.fileId,
      match: 'document',
      server,
      cluster: cluster?.name ?? null,
      user: user?.name ?? null,
    },
    server,
    span: serverField?.valueRange ? { fileId: doc.fileId, range: serverField.valueRange } : null,
    auth,
    detail,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Probes

const CONTAINER = 'spec.containers[].';

/** The fields of each container of a Pod, in order (a container starts where one of its keys repeats). */
export function containerFields(fields: readonly FieldOccurrence[]): FieldOccurrence[][] {
  return splitItems(fields, CONTAINER);
}

function splitItems(fields: readonly FieldOccurrence[], prefix: string): FieldOccurrence[][] {
  const groups: FieldOccurrence[][] = [];
  let current: FieldOccurrence[] | null = null;
  let seen = new Set<string>();
  for (const f of fields) {
    if (!f.path.startsWith(prefix)) continue;
    const rest = f.path.slice(prefix.length);
    const key = rest.split('.')[0] ?? rest;
    if (!rest.includes('.') && !rest.includes('[')) {
      if (!current || seen.has(key)) {
        current = [];
        groups.push(current);
        seen = new Set();
      }
      seen.add(key);
    }
    if (!current) {
      current = [];
      groups.push(current);
    }
    current.push(f);
  }
  return groups;
}

export interface ProbeRead extends Omit<ProbeInfo, 'problem'> {
  span: Span;
}

const PROBES = ['liveness', 'readiness', 'startup'] as const;

/** The probes of the container of a static Pod that runs its component. */
export function probesOf(doc: SourceDocument): ProbeRead[] {
  if (doc.kind !== 'static-pod') return [];
  const groups = containerFields(doc.fields);
  const at = doc.binaryRange ?? doc.flags[0]?.nameRange ?? null;
  const mine =
    (at &&
      groups.find((g) => {
        const start = Math.min(...g.map((f) => f.keyRange.start));
        const end = Math.max(...g.map((f) => f.valueRange?.end ?? f.keyRange.end));
        return at.start >= start && at.end <= end;
      })) ||
    groups[0] ||
    [];
  const named = new Map<string, number>();
  for (const item of splitItems(mine, `${CONTAINER}ports[].`)) {
    const name = item.find((f) => f.path.endsWith('.name'))?.value;
    const port = portNumber(item.find((f) => f.path.endsWith('.containerPort'))?.value);
    if (name && port !== null) named.set(name, port);
  }
  const byPath = new Map<string, FieldOccurrence>();
  for (const f of mine) if (!byPath.has(f.path)) byPath.set(f.path, f);
  const out: ProbeRead[] = [];
  for (const kind of PROBES) {
    const prefix = `${CONTAINER}${kind}Probe.`;
    const key = byPath.get(`${CONTAINER}${kind}Probe`);
    if (!key) continue;
    for (const action of ['httpGet', 'tcpSocket', 'grpc'] as const) {
      const get = (k: string) => byPath.get(`${prefix}${action}.${k}`);
      const portField = get('port');
      if (!portField && !byPath.has(`${prefix}${action}`)) continue;
      const raw = portField?.value ?? null;
      const numeric = portNumber(raw);
      const scheme = action === 'httpGet' ? (get('scheme')?.value?.toUpperCase() ?? 'HTTP') : null;
      const where = portField?.valueRange ?? portField?.keyRange ?? key.keyRange;
      out.push({
        kind,
        action,
        host: get('host')?.value ?? null,
        port: numeric ?? (raw !== null ? (named.get(raw) ?? null) : null),
        portName: numeric === null ? raw : null,
        path: action === 'httpGet' ? (get('path')?.value ?? '/') : null,
        scheme: scheme === 'HTTPS' ? 'HTTPS' : scheme === 'HTTP' ? 'HTTP' : null,
        span: { fileId: doc.fileId, range: where },
      });
    }
  }
  return out;
}

/** What is wrong with a probe against the listeners of its own instance (null: it reaches what it asks). */
export function judgeProbe(
  probe: ProbeRead,
  own: readonly NetworkListener[],
  host: NetworkHost | undefined,
): { problem: ProbeInfo['problem']; listener: NetworkListener | null } {
  if (probe.port === null) return { problem: null, listener: null };
  const candidates = own.filter((l) => l.port === probe.port);
  if (candidates.length === 0) return { problem: 'port', listener: null };
  const target = probe.host ?? host?.addresses[0] ?? null;
  const addressOk = (l: NetworkListener) =>
    target === null ? l.addressKind !== 'loopback' : reachesOn(l, target, host);
  const schemeOk = (l: NetworkListener) => {
    if (probe.action === 'tcpSocket') return true;
    if (probe.action === 'grpc') return l.protocol === 'gRPC' || l.protocol === 'gRPC/TLS';
    return (probe.scheme === 'HTTPS') === isTls(l.protocol);
  };
  const good = candidates.find((l) => addressOk(l) && schemeOk(l));
  if (good) return { problem: null, listener: good };
  const reached = candidates.find(addressOk);
  if (reached) return { problem: 'scheme', listener: reached };
  return { problem: 'address', listener: candidates[0] ?? null };
}

// ---------------------------------------------------------------------------------------------------------------

/** Every connection the rules find in the workspace. */
export function connectionsOf(ctx: ConnectionContext): NetworkConnection[] {
  const out: NetworkConnection[] = [];
  const named = new Set<FileId>();
  const counts = new Map<string, number>();
  const push = (c: Omit<NetworkConnection, 'id'>) => {
    const base = `${c.rule}:${c.from.instanceId ?? c.from.fileId ?? '?'}`;
    const n = (counts.get(base) ?? 0) + 1;
    counts.set(base, n);
    out.push({ id: `${base}#${n}`, ...c });
  };
  const byInstance = new Map<string, NetworkListener[]>();
  for (const l of ctx.listeners) byInstance.set(l.instanceId, [...(byInstance.get(l.instanceId) ?? []), l]);
  const probes = new Map<string, ProbeRead[]>();
  const fromOf = (v: InstanceView) => ({
    component: v.instance.component,
    instanceId: v.instance.id,
    host: v.host,
    fileId: null,
  });

  for (const rule of ctx.facts.connections) {
    const target = rule.target;
    if (target.kind === 'kubeconfig-documents') continue; // after the others: the kubeconfigs nobody names
    for (const view of ctx.views) {
      if (rule.from !== null && view.instance.component !== rule.from) continue;
      const common = {
        rule: rule.id,
        from: fromOf(view),
        kubeconfig: null,
        probe: null,
        anchor: view.anchor,
        documentId: view.documentId,
        inferred: view.implied,
      };
      const toUrl = (
        url: NonNullable<ReturnType<typeof parseUrl>>,
        flag: string,
        source: NetworkConnection['source'],
        span: Span | null,
        hostHint: string | null,
      ) => {
        let th = targetHost(url.host, view.host, ctx);
        if (!th.known && hostHint) th = targetHost(hostHint, view.host, ctx);
        const judged = judge(ctx, rule.to, url.host, url.port, th);
        const { auth, detail } = certAuth(view, rule, url.scheme === 'https');
        push({
          ...common,
          to: { component: rule.to, host: th.host, address: url.host, port: url.port, listenerId: judged.listenerId },
          protocol: socketProtocol(ctx, rule, url.scheme),
          auth,
          authDetail: detail,
          flag,
          source,
          span,
          status: judged.status,
          broken: judged.status === 'no-listener' || judged.status === 'other-listener',
        });
      };

      if (target.kind === 'urls') {
        const f = view.flags.get(target.flag);
        if (f?.value) {
          for (const item of commaItems(f.value)) {
            const url = parseUrl(item.text, item.start);
            if (url) toUrl(url, f.name, f.source, subSpan(f.span, url.start, url.end, f.value.length), null);
          }
        }
        const o = target.overrides ? view.flags.get(target.overrides) : undefined;
        if (o?.value) {
          for (const item of commaItems(o.value)) {
            const hash = item.text.indexOf('#');
            if (hash < 0) continue;
            let at = item.start + hash + 1;
            for (const part of item.text.slice(hash + 1).split(';')) {
              const url = parseUrl(part, at);
              if (url) toUrl(url, o.name, o.source, subSpan(o.span, url.start, url.end, o.value.length), null);
              at += part.length + 1;
            }
          }
        }
      } else if (target.kind === 'initial-cluster') {
        const f = view.flags.get(target.flag);
        const self = view.flags.get(target.self)?.value ?? null;
        if (!f?.value || f.source === 'default') continue;
        for (const item of commaItems(f.value)) {
          const eq = item.text.indexOf('=');
          if (eq < 0) continue;
          const member = item.text.slice(0, eq).trim();
          if (member === self) continue;
          const url = parseUrl(item.text.slice(eq + 1), item.start + eq + 1);
          if (url) toUrl(url, f.name, f.source, subSpan(f.span, url.start, url.end, f.value.length), member);
        }
      } else if (target.kind === 'kubeconfig') {
        const master = target.master ? view.flags.get(target.master) : undefined;
        const f = view.flags.get(target.flag);
        const path = f?.value ?? null;
        const found = path ? findKubeconfig(path, ctx.kubeconfigs, ctx.fileName(view.anchor.fileId)) : null;
        if (found) named.add(found.file.document.fileId);
        const read = found ? readKubeconfig(found.file.document) : null;
        const ref: KubeconfigRef | null = path
          ? {
              ...(read?.ref ?? { server: null, cluster: null, user: null, fileId: null }),
              path,
              match: found?.match ?? 'none',
            }
          : null;
        const server = master?.value ?? read?.server ?? null;
        if (!server && !path) continue;
        const url = server ? parseUrl(server) : null;
        const th = url ? targetHost(url.host, view.host, ctx) : { known: false, host: null };
        const judged = url
          ? judge(ctx, rule.to, url.host, url.port, th)
          : { status: 'unknown' as const, listenerId: null };
        push({
          ...common,
          to: {
            component: rule.to,
            host: th.host,
            address: url?.host ?? null,
            port: url?.port ?? null,
            listenerId: judged.listenerId,
          },
          protocol: url ? socketProtocol(ctx, rule, url.scheme) : null,
          auth: master?.value ? (url?.scheme === 'http' ? 'none' : 'unknown') : (read?.auth ?? 'unknown'),
          authDetail: master?.value ? null : (read?.detail ?? null),
          flag: master?.value ? master.name : (f?.name ?? null),
          source: master?.value ? master.source : (f?.source ?? null),
          kubeconfig: ref,
          span: master?.value ? master.span : (read?.span ?? f?.span ?? null),
          inferred: common.inferred || found?.match === 'file-name',
          status: judged.status,
          broken: judged.status === 'no-listener' || judged.status === 'other-listener',
        });
      } else if (target.kind === 'every-node') {
        for (const kubelet of ctx.views) {
          if (kubelet.instance.component !== rule.to) continue;
          const listener = byInstance.get(kubelet.instance.id)?.find((l) => l.socket === rule.socket);
          const host = ctx.hosts.find((h) => h.key === kubelet.host);
          const address = host?.addresses[0] ?? host?.name ?? null;
          const port = listener?.port ?? null;
          const tls = listener ? isTls(listener.protocol) : true;
          const { auth, detail } = certAuth(view, rule, tls);
          let status: ConnectionStatus = listener ? 'ok' : 'no-listener';
          if (listener && address && !reachesOn(listener, address, host)) status = 'no-listener';
          push({
            ...common,
            to: {
              component: rule.to,
              host: kubelet.host,
              address,
              port,
              listenerId: status === 'ok' ? (listener?.id ?? null) : null,
            },
            protocol: listener?.protocol ?? null,
            auth,
            authDetail: detail,
            flag: listener?.portFlag?.flag ?? null,
            source: listener?.source ?? null,
            span: null,
            inferred: common.inferred || kubelet.implied,
            status,
            broken: status !== 'ok',
          });
        }
      } else if (target.kind === 'probes') {
        // the kubelet of a host probes its static Pods
        for (const pod of ctx.views) {
          if (!sameHostKey(pod.host, view.host, ctx.unnamedShare)) continue;
          for (const d of pod.instance.documents) {
            if (d.kind !== 'static-pod' || d.role !== 'command') continue;
            const doc = ctx.documents.get(d.documentId)?.document;
            if (!doc) continue;
            const own = byInstance.get(pod.instance.id) ?? [];
            const host = ctx.hosts.find((h) => h.key === pod.host);
            let read = probes.get(doc.id);
            if (!read) probes.set(doc.id, (read = probesOf(doc)));
            for (const probe of read) {
              const judged = judgeProbe(probe, own, host);
              const { span, ...info } = probe;
              const status: ConnectionStatus =
                probe.port === null ? 'unknown' : judged.problem ? 'probe-mismatch' : 'ok';
              push({
                ...common,
                to: {
                  component: pod.instance.component,
                  host: pod.host,
                  address: probe.host ?? host?.addresses[0] ?? null,
                  port: probe.port,
                  listenerId: judged.problem ? null : (judged.listener?.id ?? null),
                },
                protocol: probe.action === 'tcpSocket' ? 'TCP' : probe.action === 'grpc' ? 'gRPC' : probe.scheme,
                auth: 'none',
                authDetail: null,
                flag: null,
                source: 'set',
                probe: { ...info, problem: judged.problem },
                span,
                anchor: pod.anchor,
                documentId: pod.documentId,
                status,
                broken: status === 'probe-mismatch',
              });
            }
          }
        }
      }
    }
  }

  // kubeconfigs of the workspace no component names: an administrator's (admin.conf, ~/.kube/config)
  for (const rule of ctx.facts.connections) {
    if (rule.target.kind !== 'kubeconfig-documents') continue;
    for (const k of ctx.kubeconfigs) {
      if (named.has(k.document.fileId)) continue;
      const read = readKubeconfig(k.document);
      const url = read.server ? parseUrl(read.server) : null;
      const th = url ? targetHost(url.host, null, ctx) : { known: false, host: null };
      const judged = url
        ? judge(ctx, rule.to, url.host, url.port, th)
        : { status: 'unknown' as const, listenerId: null };
      push({
        rule: rule.id,
        from: { component: null, instanceId: null, host: null, fileId: k.document.fileId },
        to: {
          component: rule.to,
          host: th.host,
          address: url?.host ?? null,
          port: url?.port ?? null,
          listenerId: judged.listenerId,
        },
        protocol: url ? socketProtocol(ctx, rule, url.scheme) : null,
        auth: read.auth,
        authDetail: read.detail,
        flag: null,
        source: null,
        kubeconfig: read.ref,
        probe: null,
        span: read.span,
        anchor: { fileId: k.document.fileId, range: k.document.range },
        documentId: k.document.id,
        inferred: false,
        status: judged.status,
        broken: judged.status === 'no-listener' || judged.status === 'other-listener',
      });
    }
  }
  return out;
}
