/**
 * kubeadm configuration files (`InitConfiguration`, `ClusterConfiguration`, `JoinConfiguration`:
 * `apiServer.extraArgs`, `controllerManager.extraArgs`, `scheduler.extraArgs`,
 * `etcd.local.extraArgs`, `nodeRegistration.kubeletExtraArgs`, as a map (v1beta3 and before) or
 * a list of name/value pairs (v1beta4)), and component configuration files
 * (`KubeletConfiguration`, `KubeProxyConfiguration`, `KubeSchedulerConfiguration`).
 *
 * Their settings become the flags they are equivalent to, located at the YAML key and value, so
 * the flag catalogue explains them: one document per component. Every key is also a field.
 */
import { scalarText as textOfScalar } from '../util/strings';
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  type Document,
  type Node as YamlNode,
  type Scalar,
} from 'yaml';
import type {
  ComponentId,
  Diagnostic,
  DocumentKind,
  FieldOccurrence,
  FlagOccurrence,
  SourceDocument,
  SourceRange,
  VersionInfo,
} from '../model/types';
import type { FormatParser, ParseContext } from './format';
import { collectFields, errorRange, yamlSource } from './staticPod';
import { versionOfTag } from './imageVersion';
import { documentDefaults } from '../model/document';

/** How a map or list value is written as a flag value. */
type Join = 'list' | 'eq' | 'lt';
interface FieldFlag {
  flag: string;
  join?: Join;
}

const f = (flag: string, join?: Join): FieldFlag => (join ? { flag, join } : { flag });

/** KubeletConfiguration field path -> equivalent kubelet flag. */
export const KUBELET_FIELDS: Readonly<Record<string, FieldFlag>> = {
  address: f('address'),
  port: f('port'),
  readOnlyPort: f('read-only-port'),
  healthzPort: f('healthz-port'),
  healthzBindAddress: f('healthz-bind-address'),
  tlsCertFile: f('tls-cert-file'),
  tlsPrivateKeyFile: f('tls-private-key-file'),
  tlsCipherSuites: f('tls-cipher-suites', 'list'),
  tlsMinVersion: f('tls-min-version'),
  rotateCertificates: f('rotate-certificates'),
  serverTLSBootstrap: f('rotate-server-certificates'),
  'authentication.x509.clientCAFile': f('client-ca-file'),
  'authentication.anonymous.enabled': f('anonymous-auth'),
  'authentication.webhook.enabled': f('authentication-token-webhook'),
  'authentication.webhook.cacheTTL': f('authentication-token-webhook-cache-ttl'),
  'authorization.mode': f('authorization-mode'),
  'authorization.webhook.cacheAuthorizedTTL': f('authorization-webhook-cache-authorized-ttl'),
  'authorization.webhook.cacheUnauthorizedTTL': f('authorization-webhook-cache-unauthorized-ttl'),
  staticPodPath: f('pod-manifest-path'),
  staticPodURL: f('manifest-url'),
  syncFrequency: f('sync-frequency'),
  fileCheckFrequency: f('file-check-frequency'),
  httpCheckFrequency: f('http-check-frequency'),
  clusterDomain: f('cluster-domain'),
  clusterDNS: f('cluster-dns', 'list'),
  streamingConnectionIdleTimeout: f('streaming-connection-idle-timeout'),
  nodeStatusUpdateFrequency: f('node-status-update-frequency'),
  imageMinimumGCAge: f('minimum-image-ttl-duration'),
  imageGCHighThresholdPercent: f('image-gc-high-threshold'),
  imageGCLowThresholdPercent: f('image-gc-low-threshold'),
  volumeStatsAggPeriod: f('volume-stats-agg-period'),
  kubeletCgroups: f('kubelet-cgroups'),
  systemCgroups: f('system-cgroups'),
  cgroupRoot: f('cgroup-root'),
  cgroupsPerQOS: f('cgroups-per-qos'),
  cgroupDriver: f('cgroup-driver'),
  cpuManagerPolicy: f('cpu-manager-policy'),
  cpuManagerReconcilePeriod: f('cpu-manager-reconcile-period'),
  topologyManagerPolicy: f('topology-manager-policy'),
  topologyManagerScope: f('topology-manager-scope'),
  runtimeRequestTimeout: f('runtime-request-timeout'),
  hairpinMode: f('hairpin-mode'),
  maxPods: f('max-pods'),
  podCIDR: f('pod-cidr'),
  podPidsLimit: f('pod-max-pids'),
  resolvConf: f('resolv-conf'),
  cpuCFSQuota: f('cpu-cfs-quota'),
  cpuCFSQuotaPeriod: f('cpu-cfs-quota-period'),
  maxOpenFiles: f('max-open-files'),
  contentType: f('kube-api-content-type'),
  kubeAPIQPS: f('kube-api-qps'),
  kubeAPIBurst: f('kube-api-burst'),
  serializeImagePulls: f('serialize-image-pulls'),
  evictionHard: f('eviction-hard', 'lt'),
  evictionSoft: f('eviction-soft', 'lt'),
  evictionSoftGracePeriod: f('eviction-soft-grace-period', 'eq'),
  evictionPressureTransitionPeriod: f('eviction-pressure-transition-period'),
  evictionMaxPodGracePeriod: f('eviction-max-pod-grace-period'),
  evictionMinimumReclaim: f('eviction-minimum-reclaim', 'eq'),
  enableControllerAttachDetach: f('enable-controller-attach-detach'),
  featureGates: f('feature-gates', 'eq'),
  failSwapOn: f('fail-swap-on'),
  containerLogMaxSize: f('container-log-max-size'),
  containerLogMaxFiles: f('container-log-max-files'),
  systemReserved: f('system-reserved', 'eq'),
  kubeReserved: f('kube-reserved', 'eq'),
  systemReservedCgroup: f('system-reserved-cgroup'),
  kubeReservedCgroup: f('kube-reserved-cgroup'),
  enforceNodeAllocatable: f('enforce-node-allocatable', 'list'),
  reservedSystemCPUs: f('reserved-cpus'),
  protectKernelDefaults: f('protect-kernel-defaults'),
  registryPullQPS: f('registry-qps'),
  registryBurst: f('registry-burst'),
  eventRecordQPS: f('event-qps'),
  eventBurst: f('event-burst'),
  enableDebuggingHandlers: f('enable-debugging-handlers'),
  oomScoreAdj: f('oom-score-adj'),
  providerID: f('provider-id'),
  containerRuntimeEndpoint: f('container-runtime-endpoint'),
  imageServiceEndpoint: f('image-service-endpoint'),
  volumePluginDir: f('volume-plugin-dir'),
  seccompDefault: f('seccomp-default'),
  localStorageCapacityIsolation: f('local-storage-capacity-isolation'),
  registerNode: f('register-node'),
  registerWithTaints: f('register-with-taints', 'list'),
  'logging.format': f('logging-format'),
  'logging.verbosity': f('v'),
  'logging.flushFrequency': f('log-flush-frequency'),
};

/** KubeProxyConfiguration field path -> equivalent kube-proxy flag. */
export const KUBE_PROXY_FIELDS: Readonly<Record<string, FieldFlag>> = {
  bindAddress: f('bind-address'),
  bindAddressHardFail: f('bind-address-hard-fail'),
  clusterCIDR: f('cluster-cidr'),
  mode: f('proxy-mode'),
  healthzBindAddress: f('healthz-bind-address'),
  metricsBindAddress: f('metrics-bind-address'),
  hostnameOverride: f('hostname-override'),
  'clientConnection.kubeconfig': f('kubeconfig'),
  'clientConnection.qps': f('kube-api-qps'),
  'clientConnection.burst': f('kube-api-burst'),
  'clientConnection.contentType': f('kube-api-content-type'),
  'iptables.masqueradeAll': f('masquerade-all'),
  'iptables.masqueradeBit': f('iptables-masquerade-bit'),
  'iptables.minSyncPeriod': f('iptables-min-sync-period'),
  'iptables.syncPeriod': f('iptables-sync-period'),
  'iptables.localhostNodePorts': f('iptables-localhost-nodeports'),
  'ipvs.scheduler': f('ipvs-scheduler'),
  'ipvs.minSyncPeriod': f('ipvs-min-sync-period'),
  'ipvs.syncPeriod': f('ipvs-sync-period'),
  'ipvs.strictARP': f('ipvs-strict-arp'),
  'ipvs.excludeCIDRs': f('ipvs-exclude-cidrs', 'list'),
  'ipvs.tcpTimeout': f('ipvs-tcp-timeout'),
  'ipvs.tcpFinTimeout': f('ipvs-tcpfin-timeout'),
  'ipvs.udpTimeout': f('ipvs-udp-timeout'),
  'conntrack.maxPerCore': f('conntrack-max-per-core'),
  'conntrack.min': f('conntrack-min'),
  'conntrack.tcpEstablishedTimeout': f('conntrack-tcp-timeout-established'),
  'conntrack.tcpCloseWaitTimeout': f('conntrack-tcp-timeout-close-wait'),
  nodePortAddresses: f('nodeport-addresses', 'list'),
  oomScoreAdj: f('oom-score-adj'),
  portRange: f('proxy-port-range'),
  configSyncPeriod: f('config-sync-period'),
  featureGates: f('feature-gates', 'eq'),
  detectLocalMode: f('detect-local-mode'),
  enableProfiling: f('profiling'),
  showHiddenMetricsForVersion: f('show-hidden-metrics-for-version'),
  'logging.format': f('logging-format'),
  'logging.verbosity': f('v'),
};

/** KubeSchedulerConfiguration field path -> equivalent kube-scheduler flag. */
export const KUBE_SCHEDULER_FIELDS: Readonly<Record<string, FieldFlag>> = {
  'clientConnection.kubeconfig': f('kubeconfig'),
  'clientConnection.qps': f('kube-api-qps'),
  'clientConnection.burst': f('kube-api-burst'),
  'clientConnection.contentType': f('kube-api-content-type'),
  'leaderElection.leaderElect': f('leader-elect'),
  'leaderElection.leaseDuration': f('leader-elect-lease-duration'),
  'leaderElection.renewDeadline': f('leader-elect-renew-deadline'),
  'leaderElection.retryPeriod': f('leader-elect-retry-period'),
  'leaderElection.resourceLock': f('leader-elect-resource-lock'),
  'leaderElection.resourceName': f('leader-elect-resource-name'),
  'leaderElection.resourceNamespace': f('leader-elect-resource-namespace'),
  enableProfiling: f('profiling'),
  enableContentionProfiling: f('contention-profiling'),
};

/** kubeadm settings (not extraArgs) that kubeadm turns into component flags. */
const KUBEADM_FIELDS: readonly { path: string; component: ComponentId; flag: string; join?: Join }[] = [
  { path: 'networking.serviceSubnet', component: 'kube-apiserver', flag: 'service-cluster-ip-range' },
  { path: 'networking.serviceSubnet', component: 'kube-controller-manager', flag: 'service-cluster-ip-range' },
  { path: 'networking.podSubnet', component: 'kube-controller-manager', flag: 'cluster-cidr' },
  { path: 'etcd.local.dataDir', component: 'etcd', flag: 'data-dir' },
  { path: 'etcd.external.endpoints', component: 'kube-apiserver', flag: 'etcd-servers', join: 'list' },
  { path: 'etcd.external.caFile', component: 'kube-apiserver', flag: 'etcd-cafile' },
  { path: 'etcd.external.certFile', component: 'kube-apiserver', flag: 'etcd-certfile' },
  { path: 'etcd.external.keyFile', component: 'kube-apiserver', flag: 'etcd-keyfile' },
  { path: 'localAPIEndpoint.advertiseAddress', component: 'kube-apiserver', flag: 'advertise-address' },
  { path: 'localAPIEndpoint.bindPort', component: 'kube-apiserver', flag: 'secure-port' },
  { path: 'controlPlane.localAPIEndpoint.advertiseAddress', component: 'kube-apiserver', flag: 'advertise-address' },
  { path: 'controlPlane.localAPIEndpoint.bindPort', component: 'kube-apiserver', flag: 'secure-port' },
  { path: 'nodeRegistration.criSocket', component: 'kubelet', flag: 'container-runtime-endpoint' },
  { path: 'nodeRegistration.name', component: 'kubelet', flag: 'hostname-override' },
];

const EXTRA_ARGS: readonly { path: string; component: ComponentId }[] = [
  { path: 'apiServer.extraArgs', component: 'kube-apiserver' },
  { path: 'controllerManager.extraArgs', component: 'kube-controller-manager' },
  { path: 'scheduler.extraArgs', component: 'kube-scheduler' },
  { path: 'etcd.local.extraArgs', component: 'etcd' },
  { path: 'nodeRegistration.kubeletExtraArgs', component: 'kubelet' },
];

const COMPONENT_CONFIGS: Readonly<
  Record<string, { component: ComponentId; fields: Readonly<Record<string, FieldFlag>> }>
> = {
  KubeletConfiguration: { component: 'kubelet', fields: KUBELET_FIELDS },
  KubeProxyConfiguration: { component: 'kube-proxy', fields: KUBE_PROXY_FIELDS },
  KubeSchedulerConfiguration: { component: 'kube-scheduler', fields: KUBE_SCHEDULER_FIELDS },
};

const KUBEADM_KINDS = new Set([
  'InitConfiguration',
  'ClusterConfiguration',
  'JoinConfiguration',
  'UpgradeConfiguration',
  'ResetConfiguration',
  'MasterConfiguration',
]);

function rangeOf(node: unknown): SourceRange | null {
  const r = (node as YamlNode | null | undefined)?.range;
  return r ? { start: r[0], end: r[1] } : null;
}

/** A scalar's text as written (plain scalars keep `1.10`, `0755`...) and the range of that text. */
function scalarText(node: Scalar, text: string): { value: string; range: SourceRange } {
  const [s, e] = node.range ?? [0, 0];
  if (node.type === 'PLAIN') return { value: text.slice(s, e), range: { start: s, end: e } };
  const value = textOfScalar(node.value);
  if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && e - s >= 2)
    return { value, range: { start: s + 1, end: e - 1 } };
  return { value, range: { start: s, end: e } };
}

/** A value node as a flag value: scalars as written, lists joined with `,`, maps as `k=v` or `k<v`. */
function flagValue(node: unknown, text: string, join: Join | undefined): { value: string; range: SourceRange } | null {
  if (isScalar(node)) return scalarText(node, text);
  const range = rangeOf(node);
  if (!range) return null;
  if (isSeq(node)) {
    const parts = node.items.map((i) =>
      isScalar(i)
        ? scalarText(i, text).value
        : isMap(i)
          ? i.items.map((p) => `${String((p.key as Scalar)?.value)}=${String((p.value as Scalar)?.value)}`).join(':')
          : '',
    );
    return { value: parts.join(','), range };
  }
  if (isMap(node)) {
    const sep = join === 'lt' ? '<' : '=';
    const parts = node.items
      .filter(isPair)
      .map(
        (p) =>
          `${isScalar(p.key) ? String(p.key.value) : ''}${sep}${isScalar(p.value) ? scalarText(p.value, text).value : ''}`,
      );
    return { value: parts.join(','), range };
  }
  return null;
}

/** The pair at a dotted path: key node and value node. */
function pairAt(doc: Document, path: string): { key: YamlNode; value: unknown } | null {
  const parts = path.split('.');
  let node: unknown = doc.contents;
  for (let i = 0; i < parts.length; i++) {
    if (!isMap(node)) return null;
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === parts[i]);
    if (!pair) return null;
    if (i === parts.length - 1) return { key: pair.key as YamlNode, value: pair.value };
    node = pair.value;
  }
  return null;
}

function configFlag(
  doc: Document,
  text: string,
  path: string,
  flag: string,
  join: Join | undefined,
  fileId: string,
): FlagOccurrence | null {
  const pair = pairAt(doc, path);
  if (!pair) return null;
  const v = flagValue(pair.value, text, join);
  const keyRange = rangeOf(pair.key);
  if (!keyRange || !v) return null;
  return {
    name: flag,
    spelled: path.split('.').pop() ?? path,
    value: v.value,
    form: 'equals',
    nameRange: keyRange,
    valueRange: v.range,
    fileId,
    origin: { kind: 'config-field', path },
  };
}

/** `extraArgs` as a map (`authorization-mode: Node,RBAC`) or a list (`- name: ...` / `value: ...`). */
function extraArgFlags(doc: Document, text: string, path: string, fileId: string): FlagOccurrence[] {
  const pair = pairAt(doc, path);
  if (!pair) return [];
  const out: FlagOccurrence[] = [];
  /** One extraArgs entry (map key/value or v1beta4 name/value item) as a flag at its YAML position. */
  const extraArg = (keyNode: Scalar, valueNode: Scalar | null): FlagOccurrence => {
    const k = scalarText(keyNode, text);
    const v = valueNode ? scalarText(valueNode, text) : null;
    return {
      name: k.value.replace(/^-+/, ''),
      spelled: k.value,
      value: v?.value ?? '',
      form: 'equals',
      nameRange: k.range,
      valueRange: v?.range ?? null,
      fileId,
      origin: { kind: 'extra-args', path },
    };
  };
  const node = pair.value;
  if (isMap(node)) {
    for (const p of node.items) {
      if (!isScalar(p.key)) continue;
      out.push(extraArg(p.key, isScalar(p.value) ? p.value : null));
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      if (!isMap(item)) continue;
      const nameNode = item.get('name', true);
      const valueNode = item.get('value', true);
      if (!isScalar(nameNode)) continue;
      out.push(extraArg(nameNode, isScalar(valueNode) ? valueNode : null));
    }
  }
  return out;
}

interface Group {
  kind: DocumentKind;
  component: ComponentId;
  flags: FlagOccurrence[];
  fields: FieldOccurrence[];
  range: SourceRange;
  sources: string[];
  version: VersionInfo | null;
}

export function kubeadmConfigDocuments(text: string, fileId: string): SourceDocument[] {
  const yamlDocs = parseAllDocuments(yamlSource(text), { prettyErrors: false, uniqueKeys: false });
  const list = Array.isArray(yamlDocs) ? yamlDocs : [];
  const out: SourceDocument[] = [];
  const groups = new Map<string, Group>();
  let version: VersionInfo | null = null;
  const push = (d: Omit<SourceDocument, 'id' | 'index'>) =>
    out.push({ ...d, id: `${fileId}#${out.length}`, index: out.length });
  const group = (kind: DocumentKind, component: ComponentId, range: SourceRange, source: string): Group => {
    const key = `${kind}/${component}`;
    let g = groups.get(key);
    if (!g) {
      g = { kind, component, flags: [], fields: [], range: { ...range }, sources: [], version: null };
      groups.set(key, g);
    }
    g.range = { start: Math.min(g.range.start, range.start), end: Math.max(g.range.end, range.end) };
    if (!g.sources.includes(source)) g.sources.push(source);
    return g;
  };
  for (const doc of list) {
    const range: SourceRange = { start: doc.range[0], end: doc.range[2] };
    const diagnostics: Diagnostic[] = [...doc.errors, ...doc.warnings].map((err) => ({
      severity: doc.errors.includes(err as never) ? 'error' : 'warning',
      code: 'yaml-syntax',
      message: `YAML: ${err.message.split('\n')[0]}`,
      range: errorRange(err.pos, text.length),
    }));
    if (!isMap(doc.contents)) {
      if (diagnostics.length > 0) {
        push({ fileId, kind: 'unknown', label: 'YAML document', range, ...documentDefaults(), diagnostics });
      }
      continue;
    }
    const kindNode = doc.get('kind', true);
    const kind = isScalar(kindNode) ? String(kindNode.value) : '';
    const apiVersion = textOfScalar((doc.get('apiVersion', true) as Scalar | undefined)?.value);
    const fields: FieldOccurrence[] = [];
    collectFields(doc.contents, '', fields);
    const cc = COMPONENT_CONFIGS[kind];
    if (cc) {
      const g = group('component-config', cc.component, range, kind);
      g.fields.push(...fields);
      for (const [path, spec] of Object.entries(cc.fields)) {
        const flag = configFlag(doc, text, path, spec.flag, spec.join, fileId);
        if (flag) g.flags.push(flag);
      }
      if (diagnostics.length > 0)
        push({
          fileId,
          kind: 'component-config',
          label: kind,
          range,
          component: cc.component,
          componentSource: `kind ${kind}`,
          version: null,
          image: null,
          binaryRange: null,
          flags: [],
          fields: [],
          diagnostics,
        });
      continue;
    }
    const isKubeadm = KUBEADM_KINDS.has(kind) || apiVersion.startsWith('kubeadm.k8s.io/');
    if (!isKubeadm) {
      diagnostics.push({
        severity: 'warning',
        code: 'not-a-kubeadm-config',
        message: kind
          ? `This document is a ${kind}, not a kubeadm or component configuration; its keys are listed but not explained as flags.`
          : 'This document has no kind: it does not look like a kubeadm or component configuration.',
        range: rangeOf(kindNode) ?? range,
      });
      push({
        fileId,
        kind: 'unknown',
        label: kind || 'YAML document',
        range,
        component: null,
        componentSource: null,
        version: null,
        image: null,
        binaryRange: null,
        flags: [],
        fields,
        diagnostics,
      });
      continue;
    }
    // the kubeadm document itself: its keys, and its own problems
    push({
      fileId,
      kind: 'kubeadm-config',
      label: kind || 'kubeadm configuration',
      range,
      component: null,
      componentSource: null,
      version: null,
      image: null,
      binaryRange: null,
      flags: [],
      fields,
      diagnostics,
    });
    const kv = doc.get('kubernetesVersion', true);
    if (isScalar(kv)) {
      const v = versionOfTag(String(kv.value));
      if (v) version = { version: v, source: `kubernetesVersion ${String(kv.value)}`, range: rangeOf(kv) };
    }
    for (const e of EXTRA_ARGS) {
      const flags = extraArgFlags(doc, text, e.path, fileId);
      if (flags.length > 0) group('kubeadm-config', e.component, range, `${kind} ${e.path}`).flags.push(...flags);
    }
    for (const k of KUBEADM_FIELDS) {
      const flag = configFlag(doc, text, k.path, k.flag, k.join, fileId);
      if (flag) group('kubeadm-config', k.component, range, `${kind} ${k.path}`).flags.push(flag);
    }
  }
  for (const g of groups.values()) {
    const versioned =
      g.kind === 'kubeadm-config' && g.component !== 'etcd' && g.component !== 'kubelet' ? version : null;
    push({
      fileId,
      kind: g.kind,
      label:
        g.kind === 'component-config'
          ? `${g.sources.join(', ')} (${g.component})`
          : `${g.component} (kubeadm configuration)`,
      range: g.range,
      component: g.component,
      componentSource: g.kind === 'component-config' ? `kind ${g.sources[0] ?? ''}` : `kubeadm ${g.sources.join(', ')}`,
      version: versioned,
      image: null,
      binaryRange: null,
      flags: g.flags.sort((a, b) => a.nameRange.start - b.nameRange.start),
      fields: g.fields,
      diagnostics: [],
    });
  }
  return out;
}

const KIND_RE = (kinds: string) => new RegExp(`^\\s*["']?kind["']?\\s*:\\s*["']?(${kinds})["']?\\s*,?\\s*$`, 'm');
const KUBEADM_RE = KIND_RE(
  'InitConfiguration|ClusterConfiguration|JoinConfiguration|MasterConfiguration|UpgradeConfiguration|ResetConfiguration',
);
const COMPONENT_RE = KIND_RE('KubeletConfiguration|KubeProxyConfiguration|KubeSchedulerConfiguration');

function parse(ctx: ParseContext) {
  const documents = kubeadmConfigDocuments(ctx.file.text, ctx.file.id);
  const diagnostics: Diagnostic[] =
    documents.length === 0
      ? [
          {
            severity: 'info',
            code: 'no-configuration',
            message:
              'No kubeadm or component configuration found (expected a YAML document with kind InitConfiguration, ClusterConfiguration, KubeletConfiguration...).',
            range: { start: 0, end: Math.min(1, ctx.file.text.length) },
          },
        ]
      : [];
  return { documents, diagnostics };
}

export const kubeadmConfigParser: FormatParser = {
  kind: 'kubeadm-config',
  detect(text) {
    if (KUBEADM_RE.test(text) || /apiVersion["']?\s*:\s*["']?kubeadm\.k8s\.io\//.test(text)) return 0.95;
    return 0;
  },
  parse,
};

export const componentConfigParser: FormatParser = {
  kind: 'component-config',
  detect(text) {
    return COMPONENT_RE.test(text) ? 0.92 : 0;
  },
  parse,
};
