/**
 * Component instances: the documents of a workspace that describe one running component on one host, grouped.
 * A kube-apiserver can be pasted as its static Pod, its `ps` line and the kubeadm ClusterConfiguration that
 * generated it at once; the kubelet as its unit, the env files the unit expands and its KubeletConfiguration. The
 * effective configuration (configuration.ts) is computed per instance.
 *
 * Grouping, in file order:
 *   - a command document (static Pod, `ps` line or command line, systemd unit, env file of flags) joins an instance
 *     of its component that has no command document of the same kind yet and whose host does not contradict its
 *     own; else it starts one (three static Pods of kube-apiserver are three hosts);
 *   - a component configuration (KubeletConfiguration...) joins the instances of its component that have none;
 *   - a kubeadm configuration describes the whole cluster: it joins every instance of its component.
 * One command per instance: when a static Pod, unit (with its env files and drop-ins) or distribution configuration
 * declares the command, what a running process shows (a `ps` line, `kubectl describe`, `crictl inspect`,
 * /proc/<pid>/cmdline) is an observation of it (role `observed`): its flags are compared with the effective
 * configuration, not counted twice. Without a declaration the first runtime document is the command and the others
 * observations.
 * Hosts come from the document itself: a mirror Pod's name (`kube-apiserver-node1`) or `spec.nodeName`,
 * `--hostname-override`, etcd's `--name`, the addresses a component advertises.
 *
 * Distributions (distributions.ts): the flags a k3s or RKE2 `config.yaml` (with the `config.yaml.d` drop-ins of the
 * same known host), a `k3s server` command or unit, or a Talos machine configuration passes to a component are that
 * component's command line; those of a kind cluster configuration or a `minikube start --extra-config` are its
 * kubeadm configuration. Their host is the file's (its folder, the host the user gives) or the one their own
 * settings name (k3s `node-name`, Talos `machine.network.hostname`); their version the one the configuration says
 * (an image, kind's node image, minikube `--kubernetes-version`), else the node's `k3s --version` / `rke2 --version`
 * output or that of another component of the same k3s or RKE2 node (one binary, one release), else unknown. The
 * instance keeps the distribution and the values it passes where the workspace says nothing.
 */
import type { AnnotatedDocument } from '../annotate/annotate';
import type {
  ComponentId,
  DocumentKind,
  FieldOccurrence,
  SourceDocument,
  SourceRange,
  VersionInfo,
} from '../model/types';
import type { DocumentId, FileId, Span } from '../model/span';
import {
  byKubeadm,
  distributionDefaults,
  distributionOfDocument,
  settingsOf,
  type DistributionName,
  distributionDatastore,
  type InstanceDistribution,
} from './distributions';

/** What a document is to its instance. */
export type InstanceRole =
  /** The command it runs: flags written on its command line, in its unit, in the env files its unit expands. */
  | 'command'
  /** Its configuration file (KubeletConfiguration, KubeProxyConfiguration...). */
  | 'config'
  /** The kubeadm configuration that generates it (ClusterConfiguration extraArgs and settings). */
  | 'kubeadm'
  /**
   * What the running process or container shows it was started with (a `ps` line, `kubectl describe`, `crictl
   * inspect`, /proc/<pid>/cmdline) when the instance has another command: its static Pod or unit, or an earlier
   * runtime document. Compared with the effective configuration, never added to it (configuration.ts `observed`).
   */
  | 'observed';

export interface InstanceDocument {
  documentId: DocumentId;
  fileId: FileId;
  kind: DocumentKind;
  role: InstanceRole;
  label: string;
  range: SourceRange;
}

/** How a host was told. */
export type HostSource =
  'user' | 'folder' | 'pod-name' | 'node-name' | 'hostname-override' | 'etcd-name' | 'advertise-address';

export interface HostInfo {
  /** Node name, when known. */
  name: string | null;
  /** Addresses it advertises (not loopback). */
  addresses: string[];
  /** Where the first of them was read. */
  source: HostSource;
  span: Span | null;
  /**
   * Not said by the instance's own documents: taken from another component that advertises the same address, or
   * the workspace's only host.
   */
  inferred?: boolean;
}

export interface ComponentInstance {
  /** Stable within one analysis: `kube-apiserver@node1`, `kubelet#2` when the host is unknown. */
  id: string;
  component: ComponentId;
  host: HostInfo | null;
  /** The version of its command document (image tag, binary path), else of its kubeadm configuration. */
  version: VersionInfo | null;
  documents: InstanceDocument[];
  /** The distribution that runs it (k3s, RKE2, Talos, kind, minikube), with the values it passes by default. */
  distribution?: InstanceDistribution;
}

function roleOf(doc: SourceDocument, distribution: DistributionName | null): InstanceRole | null {
  switch (doc.kind) {
    // what a distribution passes: its command line, or (kind, minikube) the kubeadm configuration it writes
    case 'distribution-config':
    case 'distribution-command':
      return distribution && byKubeadm(distribution) ? 'kubeadm' : 'command';
    // a command, and what a running container or process was started with (issue 15's inspection output)
    case 'static-pod':
    case 'command-line':
    case 'systemd-unit':
    case 'env-file':
    case 'kubectl-describe':
    case 'container-inspect':
    case 'proc-cmdline':
      return 'command';
    case 'component-config':
      return 'config';
    case 'kubeadm-config':
      return 'kubeadm';
    default:
      return null;
  }
}

const LOOPBACK = /^(127\.|localhost$|::1$|\[::1\]$|0\.0\.0\.0$|::$)/;

/** The host part of `https://10.0.0.1:2379` (brackets of IPv6 kept off); null for none or a loopback one. */
function urlHost(url: string): string | null {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(\[[^\]]+\]|[^/:,]+)/i.exec(url.trim());
  const host = m?.[1]?.replace(/^\[|\]$/g, '') ?? null;
  return host && !LOOPBACK.test(host) ? host : null;
}

/** What a document says about the host it runs on. */
export function hostOf(a: AnnotatedDocument): HostInfo | null {
  const doc = a.document;
  const component = doc.component;
  let name: { value: string; source: HostSource; span: Span } | null = null;
  const addresses: string[] = [];
  let addressSpan: Span | null = null;
  const spanOf = (range: SourceRange | null, fileId: FileId = doc.fileId): Span | null =>
    range ? { fileId, range } : null;
  // a Pod's node and name: a manifest's or a mirror Pod's, kubectl describe's Name: / Node:, a container's pod label
  if (doc.kind === 'static-pod' || doc.kind === 'kubectl-describe' || doc.kind === 'container-inspect') {
    const nodeName = doc.fields.find((f) => f.path === 'spec.nodeName' && f.value);
    const podName = doc.fields.find((f) => f.path === 'metadata.name' && f.value);
    if (nodeName?.value) name = { value: nodeName.value, source: 'node-name', span: spanOf(nodeName.valueRange)! };
    else if (component && podName?.value?.startsWith(`${component}-`) && podName.value.length > component.length + 1)
      name = {
        value: podName.value.slice(component.length + 1),
        source: 'pod-name',
        span: spanOf(podName.valueRange)!,
      };
  }
  // a k3s / RKE2 journal line: the host of its syslog prefix
  if (!name && doc.kind === 'command-line' && doc.componentSource?.endsWith(' journal')) {
    const host = doc.fields.find((f) => f.path === 'host' && f.value);
    if (host?.value) name = { value: host.value.toLowerCase(), source: 'node-name', span: spanOf(host.valueRange)! };
  }
  // the last occurrence counts, as the component reads it
  const last = (n: string) => [...a.flags].reverse().find((f) => (f.canonical ?? f.occurrence.name) === n);
  for (const flagName of ['hostname-override', 'name'] as const) {
    if (name) break;
    if (flagName === 'name' && component !== 'etcd') continue;
    const f = last(flagName);
    const v = f?.occurrence.value?.trim();
    if (f && v && v !== 'default' && !v.startsWith('$'))
      name = {
        value: v.toLowerCase(),
        source: flagName === 'name' ? 'etcd-name' : 'hostname-override',
        span: spanOf(f.occurrence.valueRange, f.occurrence.fileId)!,
      };
  }
  for (const flagName of ['advertise-address', 'advertise-client-urls', 'initial-advertise-peer-urls']) {
    const f = last(flagName);
    const v = f?.occurrence.value;
    if (!f || !v) continue;
    for (const part of v.split(',')) {
      const host = flagName === 'advertise-address' ? (LOOPBACK.test(part.trim()) ? null : part.trim()) : urlHost(part);
      if (host && !addresses.includes(host)) addresses.push(host);
    }
    addressSpan ??= spanOf(f.occurrence.valueRange, f.occurrence.fileId);
  }
  if (!name && addresses.length === 0) return null;
  return {
    name: name?.value ?? null,
    addresses,
    source: name?.source ?? 'advertise-address',
    span: name?.span ?? addressSpan,
  };
}

/** Whether two hosts may be the same machine: no two different names, no two disjoint address lists. */
export function sameHost(a: HostInfo | null, b: HostInfo | null): boolean {
  if (!a || !b) return true;
  if (a.name && b.name && a.name !== b.name) return false;
  if (a.addresses.length > 0 && b.addresses.length > 0 && !a.addresses.some((x) => b.addresses.includes(x)))
    return false;
  return true;
}

function mergeHost(a: HostInfo | null, b: HostInfo | null): HostInfo | null {
  if (!a) return b;
  if (!b) return a;
  return {
    name: a.name ?? b.name,
    addresses: [...a.addresses, ...b.addresses.filter((x) => !a.addresses.includes(x))],
    source: a.name || !b.name ? a.source : b.source,
    span: a.name || !b.name ? a.span : b.span,
  };
}

/**
 * Hosts across components: an instance known only by an address takes the name another component gives that
 * address (etcd's `--name` and the kube-apiserver's `--advertise-address` on one node); when the workspace names
 * exactly one host, the instances that say nothing run there.
 */
function shareHosts(built: Building[]): void {
  const named = new Map<string, HostInfo>();
  for (const b of built) if (b.host?.name) for (const a of b.host.addresses) named.set(a, b.host);
  for (const b of built) {
    if (!b.host || b.host.name) continue;
    const other = b.host.addresses.map((a) => named.get(a)).find(Boolean);
    if (other) b.host = { ...b.host, name: other.name, inferred: true };
  }
  const hosts = new Map<string, HostInfo>();
  for (const b of built) if (b.host?.name) hosts.set(b.host.name, b.host);
  if (hosts.size !== 1) return;
  const only = [...hosts.values()][0]!;
  for (const b of built) if (!b.host) b.host = { ...only, inferred: true };
}

/**
 * k3s and RKE2 run every Kubernetes component of a node from one release: a component whose version no document
 * says has the version another one of the same node says (an RKE2 `kube-apiserver-image`, a static Pod's image).
 */
function shareDistributionVersions(built: Building[], releases: readonly Release[]): void {
  const oneRelease = (b: Building) => (b.distribution === 'k3s' || b.distribution === 'RKE2') && b.component !== 'etcd';
  for (const b of built) {
    if (b.version || !oneRelease(b)) continue;
    const other = built.find(
      (o) => o !== b && o.version && oneRelease(o) && o.distribution === b.distribution && sameHost(o.host, b.host),
    );
    // a release line of the node (`k3s --version`), or the only one the workspace has
    const ofName = releases.filter((r) => r.name === b.distribution);
    const release =
      ofName.find((r) => r.host !== null && r.host === b.host?.name) ??
      (ofName.length === 1 && (ofName[0]!.host === null || !b.host?.name) ? ofName[0] : undefined);
    b.version = other?.version ?? release?.version ?? null;
  }
}

/** A distribution's release as its version output says it (`k3s version v1.30.4+k3s1`), on a host if its file has one. */
interface Release {
  name: DistributionName;
  host: string | null;
  version: VersionInfo;
}

/** Folder names that are part of a node's file tree, never a host's name. */
const NOT_A_HOST = new Set([
  'etc',
  'kubernetes',
  'manifests',
  'pki',
  'etcd',
  'systemd',
  'system',
  'var',
  'lib',
  'kubelet',
  'usr',
  'run',
  'tmp',
  'home',
  'root',
  'opt',
  '.',
  '..',
  '',
]);
/** A node's folder written flat (`etc-kubernetes`, `var_lib_kubelet`): part of one node's copy, not a host. */
const FLATTENED_TREE = /^(etc|var|usr|opt|run|srv)[-_.]/i;
/** Where a node's own tree starts inside a path: `cp1/etc/kubernetes/...` is cp1's. */
const NODE_TREE = /^(etc|var|usr|run|opt)$/;

/**
 * The host each file's folder names, when the workspace holds several nodes' trees side by side (`cp1/etc/kubernetes/
 * manifests/...`, `cp2/manifests/...`, `node-a/kube-apiserver.yaml`): the folder before a node's own tree (`etc/`,
 * `var/`, ...), else the first folder when only a node's folders (`manifests/`, `pki/`) lie below it. Only when at
 * least two such folders differ: one folder around everything (the copy of one node) says nothing about hosts, and
 * neither do the folders of files given from unrelated places (`~/work/kubeadm/x.yaml` and `/tmp/netstat.txt`).
 */
export function hostFolders(files: readonly { id: FileId; name: string }[]): Map<FileId, string> {
  const paths = files.map((f) => ({
    id: f.id,
    parts: f.name
      .replace(/\\/g, '/')
      .split('/')
      .filter((p) => p !== ''),
  }));
  // the folders around every file (the folder that was opened, the CLI's argument) name no host
  let common = 0;
  const first = paths[0]?.parts ?? [];
  while (
    common < first.length - 1 &&
    paths.every((p) => p.parts.length - 1 > common && p.parts[common] === first[common])
  )
    common++;
  const found = new Map<FileId, string>();
  for (const { id, parts: all } of paths) {
    const parts = all.slice(common);
    if (parts.length < 2) continue;
    const tree = parts.findIndex((p, i) => i > 0 && NODE_TREE.test(p));
    // the first folder names a host only when what lies between it and the file is a node's tree (`cp1/pki/x`)
    const between = parts.slice(1, -1);
    if (tree <= 0 && !between.every((p) => NOT_A_HOST.has(p.toLowerCase()))) continue;
    const folder = tree > 0 ? parts[tree - 1]! : parts[0]!;
    if (NOT_A_HOST.has(folder.toLowerCase()) || FLATTENED_TREE.test(folder)) continue;
    found.set(id, folder);
  }
  return new Set(found.values()).size >= 2 ? found : new Map<FileId, string>();
}

/**
 * At most this many instances per component: a real control plane has a handful; a paste of thousands of `ps` lines
 * of one binary (a flood, a log) would otherwise make thousands of instances, each with every flag of its version.
 * The documents past the cap are still read and explained, only not grouped.
 */
export const MAX_INSTANCES_PER_COMPONENT = 100;

interface Building {
  component: ComponentId;
  host: HostInfo | null;
  version: VersionInfo | null;
  documents: InstanceDocument[];
  kinds: Set<DocumentKind>;
  distribution: DistributionName | null;
  /** The distribution's own settings its documents hold (`config.yaml` keys, command options). */
  settings: Map<string, string>;
}

/** A distribution's own document (its configuration or command as a whole, no component). */
interface DistributionDocument {
  name: DistributionName;
  fileId: FileId;
  range: SourceRange;
  fields: readonly FieldOccurrence[];
  /** A command (its fields are options), not a configuration file. */
  command: boolean;
}

/** The node a distribution's own settings name: k3s / RKE2 `node-name`, `node-ip`, Talos's hostname. */
function distributionHost(d: DistributionDocument | undefined): HostInfo | null {
  if (!d) return null;
  const field = (path: string) => d.fields.find((f) => f.path === path && f.value);
  const spanOf = (f: FieldOccurrence | undefined): Span | null =>
    f?.valueRange ? { fileId: d.fileId, range: f.valueRange } : null;
  const name = field('node-name') ?? field('machine.network.hostname');
  const addresses: string[] = [];
  let addressField: FieldOccurrence | undefined;
  for (const path of ['node-ip', 'advertise-address', 'node-ip[]']) {
    const f = field(path);
    for (const part of f?.value?.split(',') ?? []) {
      const a = part.trim();
      if (a && !LOOPBACK.test(a) && !addresses.includes(a)) addresses.push(a);
    }
    addressField ??= f;
  }
  const value = name?.value?.trim();
  if (!value && addresses.length === 0) return null;
  return {
    name: value ? value.toLowerCase() : null,
    addresses,
    source: value ? 'node-name' : 'advertise-address',
    span: spanOf(value ? name : addressField),
  };
}

/** The unit a systemd document belongs to: its own name, a drop-in's `<unit>.d/` folder; null when not said. */
function unitOf(d: SourceDocument): string | null {
  if (d.kind !== 'systemd-unit') return null;
  const { name, path, dropIn } = d.systemd;
  if (!dropIn) return name ?? path?.split('/').pop() ?? null;
  return /([^/]+)\.d\/[^/]+$/.exec(path ?? '')?.[1] ?? null;
}

/**
 * A unit and its drop-ins are one unit, as systemd merges them (`kubelet.service` and
 * `kubelet.service.d/10-kubeadm.conf`, in two files or in `systemctl cat` output): a unit document joins the units
 * of an instance when they are of the same unit and it adds no second base unit and no second drop-in of the same
 * name (two nodes' copies).
 */
function joinsUnits(doc: SourceDocument, units: readonly SourceDocument[]): boolean {
  if (doc.kind !== 'systemd-unit' || units.length === 0) return false;
  const mine = unitOf(doc);
  const fileName = (d: SourceDocument) =>
    d.kind === 'systemd-unit' ? (d.systemd.name ?? d.systemd.path?.split('/').pop() ?? null) : null;
  return units.every((u) => {
    if (u.kind !== 'systemd-unit') return false;
    const theirs = unitOf(u);
    if (mine !== null && theirs !== null && mine !== theirs) return false;
    return doc.systemd.dropIn ? !u.systemd.dropIn || fileName(u) !== fileName(doc) : u.systemd.dropIn;
  });
}

/** A drop-in that empties ExecStart= and sets its own: the base unit's ExecStart does not run. */
const replacesExecStart = (d: SourceDocument) =>
  d.kind === 'systemd-unit' &&
  d.systemd.dropIn &&
  d.systemd.execStartRange !== null &&
  d.fields.some((f) => f.path === 'Service.ExecStart' && (f.value ?? '').trim() === '');

/** Documents that declare a command: what the kubelet, systemd or a distribution starts the component with. */
const DECLARES: ReadonlySet<DocumentKind> = new Set([
  'static-pod',
  'systemd-unit',
  'env-file',
  'distribution-config',
  'distribution-command',
]);
/** Documents that show what a running process or container was started with. */
const SHOWS_RUNNING: ReadonlySet<DocumentKind> = new Set([
  'command-line',
  'kubectl-describe',
  'container-inspect',
  'proc-cmdline',
]);

/**
 * One command per instance: with a declared command, every runtime document is an observation of it; without one,
 * the first runtime document is the command and the others observations.
 */
function observeRuntime(b: Building): void {
  const commands = b.documents.filter((d) => d.role === 'command');
  if (commands.length < 2) return;
  const declared = commands.some((d) => DECLARES.has(d.kind));
  let first = !declared;
  for (const d of commands) {
    if (!SHOWS_RUNNING.has(d.kind)) continue;
    if (first) {
      first = false;
      continue;
    }
    d.role = 'observed';
  }
}

function entry(a: AnnotatedDocument, role: InstanceRole): InstanceDocument {
  const d = a.document;
  return { documentId: d.id, fileId: d.fileId, kind: d.kind, role, label: d.label, range: d.range };
}

/**
 * The component instances of a workspace's documents (in file and document order). A document without a
 * component, or of a kind that describes no running component (certificates, kubeconfigs, listings), is in none.
 */
export function groupInstances(
  documents: readonly AnnotatedDocument[],
  userHost: (fileId: FileId) => string | undefined = () => undefined,
  folderHost: (fileId: FileId) => string | undefined = () => undefined,
): ComponentInstance[] {
  const built: Building[] = [];
  const byId = new Map(documents.map((a) => [a.document.id, a]));
  const kubeadm: { a: AnnotatedDocument; component: ComponentId; distribution: DistributionName | null }[] = [];
  const configs: { a: AnnotatedDocument; component: ComponentId }[] = [];
  const perComponent = new Map<ComponentId, number>();
  // each file's distribution documents as a whole: what the ones of its components are part of
  const own = new Map<FileId, DistributionDocument[]>();
  for (const a of documents) {
    const d = a.document;
    if (d.component || (d.kind !== 'distribution-config' && d.kind !== 'distribution-command')) continue;
    const name = distributionOfDocument(d);
    if (!name) continue;
    let list = own.get(d.fileId);
    if (!list) own.set(d.fileId, (list = []));
    list.push({ name, fileId: d.fileId, range: d.range, fields: d.fields, command: d.kind === 'distribution-command' });
  }
  // `k3s --version` output: the release of the node whose file it is (or of the only node)
  const releases: Release[] = [];
  for (const a of documents) {
    const d = a.document;
    const name = d.kind === 'distribution-command' && !d.component && d.version ? distributionOfDocument(d) : null;
    if (name && d.version)
      releases.push({ name, host: userHost(d.fileId) ?? folderHost(d.fileId) ?? null, version: d.version });
  }
  // the last whole document that starts at or before the component's (they come in file order): a binary search, as a
  // file may hold thousands of commands
  const wholeOf = (doc: SourceDocument, name: DistributionName | null): DistributionDocument | undefined => {
    const list = own.get(doc.fileId) ?? [];
    let lo = 0;
    let hi = list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.range.start <= doc.range.start) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    for (let i = found; i >= 0 && i >= found - 2; i--) {
      const w = list[i]!;
      if (w.name === name && w.range.start <= doc.range.start && doc.range.end <= w.range.end) return w;
    }
    return undefined;
  };
  // the unit documents of an instance, kept while it grows (not filtered again for every document that may join it)
  const units = new Map<Building, { count: number; list: SourceDocument[] }>();
  const unitsOf = (b: Building): SourceDocument[] => {
    let u = units.get(b);
    if (!u) units.set(b, (u = { count: 0, list: [] }));
    if (u.count !== b.documents.length) {
      u.list = b.documents
        .filter((d) => d.kind === 'systemd-unit')
        .flatMap((d) => byId.get(d.documentId)?.document ?? []);
      u.count = b.documents.length;
    }
    return u.list;
  };
  for (const a of documents) {
    const component = a.document.component;
    // a kubeadm document of a kind cluster configuration is kind's
    const distribution =
      distributionOfDocument(a.document) ??
      (a.document.kind === 'kubeadm-config' ? (own.get(a.document.fileId)?.[0]?.name ?? null) : null);
    const role = roleOf(a.document, distribution);
    if (!component || !role) continue;
    if (role === 'kubeadm') {
      kubeadm.push({ a, component, distribution });
      continue;
    }
    if (role === 'config') {
      configs.push({ a, component });
      continue;
    }
    // an env file whose every flag a unit took is explained as part of that unit
    if (a.document.kind === 'env-file' && a.flags.length === 0) continue;
    const whole = distribution ? wholeOf(a.document, distribution) : undefined;
    const given = userHost(a.document.fileId);
    const said = hostOf(a) ?? distributionHost(whole);
    const folder = said?.name ? undefined : folderHost(a.document.fileId);
    const host: HostInfo | null = given
      ? { name: given, addresses: said?.addresses ?? [], source: 'user', span: null }
      : folder
        ? { name: folder, addresses: said?.addresses ?? [], source: 'folder', span: null }
        : said;
    const settings = whole ? settingsOf(whole.fields, whole.command) : new Map<string, string>();
    // a node's config.yaml and its config.yaml.d drop-ins: several files of one distribution on one known host
    const dropIn = (b: Building) =>
      a.document.kind === 'distribution-config' &&
      distribution !== null &&
      b.distribution === distribution &&
      b.host !== null &&
      host !== null &&
      !b.documents.some((d) => d.fileId === a.document.fileId);
    const into = built.find(
      (b) =>
        // the cheap tests first: a file of thousands of units meets every instance built so far
        b.component === component &&
        sameHost(b.host, host) &&
        // two distributions' documents are two instances; k3s runs its components inside its own process, so no
        // static Pod, unit or process of another origin is one of its instances (RKE2 and Talos write static Pods)
        (b.distribution === distribution ||
          (b.distribution === null && distribution !== 'k3s') ||
          (distribution === null && b.distribution !== 'k3s')) &&
        (!b.kinds.has(a.document.kind) || dropIn(b) || joinsUnits(a.document, unitsOf(b))),
    );
    if (!into && (perComponent.get(component) ?? 0) >= MAX_INSTANCES_PER_COMPONENT) continue;
    if (!into) perComponent.set(component, (perComponent.get(component) ?? 0) + 1);
    if (into) {
      // a unit and its drop-ins: the one whose ExecStart runs is the instance's command (first); the flags of a base
      // unit whose ExecStart a drop-in replaces do not run
      const isBase = (d: InstanceDocument) => {
        const u = byId.get(d.documentId)?.document;
        return u?.kind === 'systemd-unit' && !u.systemd.dropIn;
      };
      const base = replacesExecStart(a.document) ? into.documents.findIndex(isBase) : -1;
      const baseFlags = base >= 0 ? (byId.get(into.documents[base]!.documentId)?.flags.length ?? 0) : 0;
      if (isBase(entry(a, role)) && unitsOf(into).some(replacesExecStart) && a.flags.length > 0) continue;
      if (base >= 0) into.documents.splice(base, baseFlags > 0 ? 1 : 0, entry(a, role));
      else into.documents.push(entry(a, role));
      units.delete(into);
      into.kinds.add(a.document.kind);
      into.host = mergeHost(into.host, host);
      into.version ??= a.document.version;
      into.distribution ??= distribution;
      for (const [k, v] of settings) if (!into.settings.has(k)) into.settings.set(k, v);
    } else {
      built.push({
        component,
        host,
        version: a.document.version,
        documents: [entry(a, role)],
        kinds: new Set([a.document.kind]),
        distribution,
        settings,
      });
    }
  }
  for (const { a, component } of configs) {
    const targets = built.filter((b) => b.component === component && !b.kinds.has('component-config'));
    if (targets.length === 0) {
      built.push({
        component,
        host: null,
        version: a.document.version,
        documents: [entry(a, 'config')],
        kinds: new Set(['component-config']),
        distribution: null,
        settings: new Map(),
      });
      continue;
    }
    for (const b of targets) {
      b.documents.push(entry(a, 'config'));
      b.kinds.add('component-config');
    }
  }
  for (const { a, component, distribution } of kubeadm) {
    const targets = built.filter((b) => b.component === component);
    if (targets.length === 0) {
      built.push({
        component,
        host: null,
        version: a.document.version,
        documents: [entry(a, 'kubeadm')],
        kinds: new Set([a.document.kind]),
        distribution,
        settings: new Map(),
      });
      continue;
    }
    for (const b of targets) {
      b.documents.push(entry(a, 'kubeadm'));
      b.version ??= a.document.version;
      b.distribution ??= distribution;
    }
  }
  for (const b of built) observeRuntime(b);
  shareHosts(built);
  shareDistributionVersions(built, releases);
  const counts = new Map<string, number>();
  return built.map((b) => {
    const base = `${b.component}${b.host?.name ? `@${b.host.name}` : b.host?.addresses[0] ? `@${b.host.addresses[0]}` : ''}`;
    const n = (counts.get(base) ?? 0) + 1;
    counts.set(base, n);
    const instance: ComponentInstance = {
      id: n === 1 && base.includes('@') ? base : `${base}#${n}`,
      component: b.component,
      host: b.host,
      version: b.version,
      documents: b.documents,
    };
    if (b.distribution) {
      const etcdArgs = built.some(
        (o) => o.component === 'etcd' && o.distribution === b.distribution && sameHost(o.host, b.host),
      );
      // the command line a journal logs is whole, the distribution's own arguments in it: nothing more to add
      // (but the kubelet's, which newer releases write to a configuration drop-in instead)
      const logged =
        b.component !== 'kubelet' &&
        b.documents.some(
          (d) =>
            d.role === 'command' &&
            d.kind === 'command-line' &&
            byId.get(d.documentId)?.document.componentSource?.endsWith(' journal'),
        );
      instance.distribution = {
        name: b.distribution,
        defaults: logged ? {} : distributionDefaults(b.distribution, b.component, b.settings, etcdArgs),
      };
      const datastore = distributionDatastore(b.distribution, b.settings, etcdArgs);
      if (datastore) instance.distribution.datastore = datastore;
    }
    return instance;
  });
}
