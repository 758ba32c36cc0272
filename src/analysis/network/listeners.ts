/**
 * The listener model: for every component instance, the sockets it opens, from its effective configuration for its
 * version and the socket facts of content/network.yaml. A default opens a socket as much as a written flag does
 * (marked `default`, the version it is the default of kept); a port of 0 opens nothing.
 */
import type { ComponentInstance, EffectiveConfiguration, EffectiveFlag } from '../../effective';
import type { SocketFact, SocketProtocol } from '../../knowledge/networkFacts';
import { atOrAfter, atOrBefore } from '../../knowledge/flagFacts';
import type { DocumentId, Span } from '../../model/span';
import {
  addressKind,
  commaItems,
  parseUrl,
  subSpan,
  type ListenerFlag,
  type NetworkHost,
  type NetworkListener,
} from './model';

/** One instance as the network stage reads it. */
export interface InstanceView {
  instance: ComponentInstance;
  effective: EffectiveConfiguration;
  /** Its effective flags by name. */
  flags: ReadonlyMap<string, EffectiveFlag>;
  /** Host key (NetworkHost.key), null when unknown. */
  host: string | null;
  network: 'host' | 'pod';
  /** Where a finding about it goes when nothing more precise is written: its command's executable. */
  anchor: Span;
  documentId: DocumentId | null;
  /** A kubelet the static Pods of its host imply (no document of it is in the workspace). */
  implied: boolean;
  /** Its command is known in full: a static Pod, a unit, a process line (not only an env file, not only a config). */
  complete: boolean;
  /** It reads a configuration file (its command names one, or a configuration document is all there is). */
  readsConfigFile: boolean;
}

const written = (f: EffectiveFlag | undefined) => f !== undefined && (f.source === 'set' || f.source === 'config');

/** The first written flag of `names`, else the first one's value in effect; undefined when none is in effect. */
export function pickFlag(view: InstanceView, names: readonly string[]): EffectiveFlag | undefined {
  const present = names.map((n) => view.flags.get(n)).filter((f): f is EffectiveFlag => f !== undefined);
  return present.find(written) ?? present.find((f) => f.source === 'kubeadm') ?? view.flags.get(names[0] ?? '');
}

const ref = (f: EffectiveFlag | undefined, value: string | null = f?.value ?? null): ListenerFlag | null =>
  f ? { flag: f.name, value, source: f.source, span: f.span } : null;

/** A port value: 1-65535, else null (0 and negative values close the socket; text is no port). */
export function portNumber(value: string | null | undefined): number | null {
  if (value === null || value === undefined || !/^\s*-?\d+\s*$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 && n <= 65535 ? n : null;
}

/** `127.0.0.1:10249`, `[::]:10256`, `:10249`, `0.0.0.0` -> address and port (null when the value has none). */
export function splitHostPort(value: string): { address: string; port: number | null } {
  const v = value.trim();
  const bracketed = /^\[([^\]]*)\](?::(\d+))?$/.exec(v);
  if (bracketed) return { address: bracketed[1] ?? '', port: portNumber(bracketed[2]) };
  const colons = v.split(':').length - 1;
  if (colons === 1) {
    const [address = '', port = ''] = v.split(':');
    return { address, port: portNumber(port) };
  }
  return { address: v, port: null };
}

/** kubeadm writes `<advertiseAddress>` for the node's address: the host's, when it is known. */
function resolvePlaceholder(address: string, host: NetworkHost | null): string {
  if (!/^<.*>$/.test(address.trim())) return address;
  return host?.addresses[0] ?? address;
}

function inVersions(fact: SocketFact, version: string | null, portWritten: boolean): boolean {
  if (version === null) return fact.until === null || portWritten;
  if (fact.since && !atOrAfter(version, fact.since)) return false;
  if (fact.until && !atOrBefore(version, fact.until)) return false;
  return true;
}

/** The sockets one instance opens. */
export function listenersOf(
  view: InstanceView,
  sockets: readonly SocketFact[],
  host: NetworkHost | null,
): NetworkListener[] {
  const out: NetworkListener[] = [];
  const version = view.effective.version;
  const base = (fact: SocketFact, suffix = '') => ({
    id: `${view.instance.id}/${fact.id}${suffix}`,
    instanceId: view.instance.id,
    component: view.instance.component,
    host: view.host,
    socket: fact.id,
    purpose: fact.purpose,
    network: view.network,
    insecure: fact.insecure !== null,
    insecureStory: fact.insecure,
    kubeadmLoopback: fact.kubeadmLoopback,
    version,
    implied: view.implied,
    anchor: view.anchor,
    documentId: view.documentId,
  });
  const decided = (port: ListenerFlag | null, address: ListenerFlag | null) => {
    const w = [port, address].find((f) => f && (f.source === 'set' || f.source === 'config'));
    const d = w ?? port ?? address;
    return {
      source: d?.source ?? ('default' as const),
      span: d?.span ?? null,
      // a flag after the cut of a cut command line: its default is shown, not known
      uncertain: (!w && !view.complete) || [port, address].some((f) => f?.source === 'cut'),
    };
  };
  for (const fact of sockets) {
    if (fact.when) {
      const v = view.flags.get(fact.when.flag)?.value ?? null;
      if (v === null || !fact.when.values.includes(v)) continue;
    }
    if (fact.urls !== null) {
      const f = view.flags.get(fact.urls);
      if (!f?.value || !inVersions(fact, version, written(f))) continue;
      const items = commaItems(f.value)
        .map((it) => ({ it, url: parseUrl(it.text, it.start) }))
        .filter(({ url }) => url && (url.scheme === 'http' || url.scheme === 'https') && url.port !== null);
      items.forEach(({ url }, i) => {
        if (!url) return;
        const protocol: SocketProtocol | undefined = fact.protocols[url.scheme as 'http' | 'https'];
        if (!protocol || url.port === null) return;
        const address = resolvePlaceholder(url.host, host);
        const span = subSpan(f.span, url.start, url.end, f.value?.length ?? 0);
        const portFlag = { flag: f.name, value: f.value, source: f.source, span };
        out.push({
          ...base(fact, items.length > 1 ? `#${i + 1}` : ''),
          address,
          addressKind: addressKind(address),
          port: url.port,
          protocol,
          ...decided(portFlag, null),
          flags: [f.name],
          portFlag,
          addressFlag: null,
        });
      });
      continue;
    }
    if (fact.ephemeral) {
      if (!inVersions(fact, version, false) || !fact.protocol) continue;
      const address = fact.fixedAddress ?? '127.0.0.1';
      const when = fact.when ? view.flags.get(fact.when.flag) : undefined;
      const cause = ref(when);
      out.push({
        ...base(fact),
        address,
        addressKind: addressKind(address),
        port: null,
        protocol: fact.protocol,
        ...decided(cause, null),
        flags: fact.when ? [fact.when.flag] : [],
        portFlag: cause,
        addressFlag: null,
      });
      continue;
    }
    if (!fact.protocol) continue;
    let portFlag: ListenerFlag | null;
    let addressFlag: ListenerFlag | null;
    let address: string;
    let port: number | null;
    const flags: string[] = [];
    if (fact.hostPort !== null) {
      const f = view.flags.get(fact.hostPort);
      if (!f?.value || !inVersions(fact, version, written(f))) continue;
      const split = splitHostPort(f.value);
      address = split.address;
      port = split.port;
      flags.push(f.name);
      portFlag = ref(f);
      addressFlag = null;
      if (port === null && fact.portFallback) {
        const fallback = view.flags.get(fact.portFallback);
        port = portNumber(fallback?.value);
        if (fallback) {
          flags.push(fallback.name);
          portFlag = ref(fallback);
          addressFlag = ref(f);
        }
      }
    } else {
      const pf = pickFlag(view, fact.port);
      if (!pf || !inVersions(fact, version, written(pf))) continue;
      const cut = pf.source === 'cut';
      let value = cut ? pf.default : pf.value;
      if ((pf.source === 'default' || cut) && fact.configFileDefault !== null && view.readsConfigFile)
        value = fact.configFileDefault;
      port = portNumber(value);
      const af = pickFlag(view, fact.address);
      address = (af?.source === 'cut' ? af.default : af?.value) ?? '0.0.0.0';
      portFlag = ref(pf, value);
      addressFlag = ref(af);
      flags.push(pf.name, ...(af ? [af.name] : []));
    }
    if (port === null) continue;
    address = resolvePlaceholder(address === '' ? '0.0.0.0' : address, host);
    out.push({
      ...base(fact),
      address,
      addressKind: addressKind(address),
      port,
      protocol: fact.protocol,
      ...decided(portFlag, addressFlag),
      flags,
      portFlag,
      addressFlag,
    });
  }
  return out;
}
