/**
 * Distributions and installers that pass flags to the components (content/config-fields.yaml `distributions`): which
 * distribution a document belongs to, how its documents take part in a component instance, and the values a
 * distribution runs a component with where its configuration says nothing, where they differ from the upstream
 * binary's defaults.
 *
 *   - k3s and RKE2 start the components themselves with arguments of their own, then the `<component>-arg` items of
 *     `config.yaml` and of the command line (k3s `pkg/daemons/control/server.go`: `config.GetArgs(argsMap,
 *     cfg.ExtraAPIArgs)`, the items win): their items are the component's command line (`set`), and the rest of its
 *     command line is the distribution's defaults below.
 *   - Talos writes the static Pods of the control plane from its machine configuration's `extraArgs`: command line
 *     too. It has defaults of its own, but none is listed here (none could be stated from its documentation).
 *   - kind and minikube bootstrap with kubeadm (kind `kubeadmConfigPatches`, minikube `--extra-config` become the
 *     kubeadm configuration's `extraArgs`): their documents are kubeadm configuration, kubeadm's values apply.
 */
import type { ComponentId, FieldOccurrence, SourceDocument } from '../model/types';

/** A distribution as content/config-fields.yaml names it. */
export type DistributionName = 'k3s' | 'RKE2' | 'Talos' | 'kind' | 'minikube';

const NAMES: readonly DistributionName[] = ['k3s', 'RKE2', 'Talos', 'kind', 'minikube'];

/** The distributions whose documents are kubeadm configuration. */
const BY_KUBEADM: ReadonlySet<DistributionName> = new Set<DistributionName>(['kind', 'minikube']);

/** The distribution that runs an instance, and the values it passes where its configuration says nothing. */
export interface InstanceDistribution {
  name: DistributionName;
  /**
   * Flag name (no dashes) -> the value the distribution passes to the component when nothing of the workspace sets
   * it (the effective configuration's default for the instance); empty when none is known.
   */
  defaults: Readonly<Record<string, string>>;
  /**
   * Where the cluster state is kept: `etcd` (embedded or external) or `kine` (k3s without `cluster-init`: SQLite, or
   * a SQL `datastore-endpoint`), when the distribution's settings say; absent when not known.
   */
  datastore?: 'etcd' | 'kine';
}

/**
 * The distribution of a document that a distribution's reader made: a distribution's configuration or command (and
 * the documents it made for each component), a unit that starts one (`ExecStart=/usr/local/bin/k3s server ...`).
 * The reader writes the distribution first in `componentSource` (`k3s kube-apiserver-arg`) and in its own label
 * (`k3s configuration`, `k3s server`).
 */
export function distributionOfDocument(doc: SourceDocument): DistributionName | null {
  // the command line a k3s / RKE2 journal logs for a component it starts
  if (doc.kind === 'command-line' && doc.component && doc.componentSource?.endsWith(' journal'))
    return NAMES.find((n) => doc.componentSource === `${n} journal`) ?? null;
  if (doc.kind !== 'distribution-config' && doc.kind !== 'distribution-command' && doc.kind !== 'systemd-unit')
    return null;
  const said = doc.component
    ? doc.componentSource
    : doc.kind === 'systemd-unit'
      ? (/, (\S+) /.exec(doc.label)?.[1] ?? null)
      : doc.label;
  if (!said) return null;
  return NAMES.find((n) => said === n || said.startsWith(`${n} `)) ?? null;
}

/** Whether a distribution's documents are kubeadm configuration (kind, minikube) rather than a command line. */
export function byKubeadm(name: DistributionName): boolean {
  return BY_KUBEADM.has(name);
}

/** The distribution's own settings that decide its defaults: `config.yaml` keys, command-line options. */
export type DistributionSettings = ReadonlyMap<string, string>;

/** The top-level settings of a distribution's own document (a `config.yaml`'s keys, a command's options). */
export function settingsOf(fields: readonly FieldOccurrence[], command: boolean): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of fields) {
    const key = f.path.replace(/\+$/, '');
    if (key.includes('.') || key.includes('[')) continue;
    // an option without a value (`--cluster-init`) is switched on; a key without a scalar is a list or a map
    const value = f.value ?? (command && f.valueRange === null ? 'true' : null);
    if (value !== null) out.set(key, value);
  }
  return out;
}

const TRUE = /^(true|yes|on|1)$/i;

/** The next port: k3s serves its supervisor on `https-listen-port` and the API server on the port after it. */
function nextPort(port: string | undefined, fallback: number): string {
  const n = port !== undefined && /^\d+$/.test(port) ? Number(port) : fallback;
  return String(n + 1);
}

/**
 * What k3s and RKE2 pass to a component before the `<component>-arg` items. Only the values their sources state,
 * for current releases (paths under the data dir, `/var/lib/rancher/k3s` or `/var/lib/rancher/rke2` unless
 * `data-dir` says otherwise):
 *   - k3s: `pkg/daemons/control/server.go` (apiServer(), controllerManager(), scheduler()) and the
 *     `Running kube-apiserver ...` / `kube-controller-manager` / `kube-scheduler` / `kubelet` lines and the etcd
 *     configuration file (`server/db/etcd/config`) that docs.k3s.io security/self-assessment-1.12 (k3s v1.32 to
 *     v1.36) shows. The API server listens on `https-listen-port` + 1 (6444) on 127.0.0.1, behind the k3s
 *     supervisor on 6443 (server.go defaults(): `APIServerPort = HTTPSPort + 1`).
 *   - RKE2: the `ps -fC kube-apiserver` and journal lines of docs.rke2.io security/cis_self_assessment112; RKE2
 *     runs the API server as a static Pod on 6443 (its supervisor is 9345) with the same arguments as k3s, secrets
 *     encryption on by default, always with its embedded etcd.
 * The etcd arguments of the API server (and etcd's own) apply to the embedded etcd only: k3s runs it with
 * `cluster-init` (else kine over SQLite, or `datastore-endpoint`: an etcd URL is passed as `--etcd-servers`).
 */
function rancherDefaults(
  name: 'k3s' | 'RKE2',
  component: ComponentId,
  s: DistributionSettings,
  etcdArgs: boolean,
): Record<string, string> {
  const dataDir = s.get('data-dir') ?? (name === 'k3s' ? '/var/lib/rancher/k3s' : '/var/lib/rancher/rke2');
  const tls = `${dataDir}/server/tls`;
  const cred = `${dataDir}/server/cred`;
  const datastore = s.get('datastore-endpoint');
  // `etcd-arg` items pass flags to the embedded etcd: there is one
  const embeddedEtcd =
    datastore === undefined && (name === 'RKE2' || etcdArgs || TRUE.test(s.get('cluster-init') ?? ''));
  const domain = s.get('cluster-domain') ?? 'cluster.local';
  switch (component) {
    case 'kube-apiserver': {
      const d: Record<string, string> = {
        'anonymous-auth': 'false',
        profiling: 'false',
        'authorization-mode': 'Node,RBAC',
        'enable-admission-plugins': 'NodeRestriction',
        'allow-privileged': 'true',
        'client-ca-file': `${tls}/client-ca.crt`,
        'tls-cert-file': `${tls}/serving-kube-apiserver.crt`,
        'tls-private-key-file': `${tls}/serving-kube-apiserver.key`,
        'tls-cipher-suites': [
          'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
          'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
          'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
          'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
          'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
          'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
        ].join(','),
        'kubelet-certificate-authority': `${tls}/server-ca.crt`,
        'kubelet-client-certificate': `${tls}/client-kube-apiserver.crt`,
        'kubelet-client-key': `${tls}/client-kube-apiserver.key`,
        'requestheader-client-ca-file': `${tls}/request-header-ca.crt`,
        'requestheader-allowed-names': 'system:auth-proxy',
        'proxy-client-cert-file': `${tls}/client-auth-proxy.crt`,
        'proxy-client-key-file': `${tls}/client-auth-proxy.key`,
        'service-account-key-file': `${tls}/service.key`,
        'service-account-signing-key-file': `${tls}/service.current.key`,
        'service-account-issuer': `https://kubernetes.default.svc.${domain}`,
        'service-cluster-ip-range': s.get('service-cidr') ?? '10.43.0.0/16',
        'storage-backend': 'etcd3',
      };
      if (name === 'k3s') {
        // with a `bind-address` of its own, where k3s binds the API server is not stated here
        if (!s.has('bind-address')) d['bind-address'] = '127.0.0.1';
        d['secure-port'] = nextPort(s.get('https-listen-port'), 6443);
        d['advertise-port'] = s.get('advertise-port') ?? s.get('https-listen-port') ?? '6443';
      }
      const advertise = s.get('advertise-address');
      if (advertise !== undefined) d['advertise-address'] = advertise;
      // k3s: `secrets-encryption: true`; RKE2 encrypts secrets by default
      if (name === 'RKE2' || TRUE.test(s.get('secrets-encryption') ?? ''))
        d['encryption-provider-config'] = `${cred}/encryption-config.json`;
      if (embeddedEtcd) {
        d['etcd-servers'] = 'https://127.0.0.1:2379';
        d['etcd-cafile'] = `${tls}/etcd/server-ca.crt`;
        d['etcd-certfile'] = `${tls}/etcd/client.crt`;
        d['etcd-keyfile'] = `${tls}/etcd/client.key`;
      } else if (datastore !== undefined && /^https?:\/\//.test(datastore)) {
        d['etcd-servers'] = datastore;
        const files = {
          'etcd-cafile': 'datastore-cafile',
          'etcd-certfile': 'datastore-certfile',
          'etcd-keyfile': 'datastore-keyfile',
        };
        for (const [flag, key] of Object.entries(files)) {
          const v = s.get(key);
          if (v !== undefined) d[flag] = v;
        }
      }
      return d;
    }
    case 'kube-controller-manager':
      return {
        profiling: 'false',
        'bind-address': '127.0.0.1',
        'use-service-account-credentials': 'true',
        'root-ca-file': `${tls}/server-ca.crt`,
        'service-account-private-key-file': `${tls}/service.current.key`,
        kubeconfig: `${cred}/controller.kubeconfig`,
        'authentication-kubeconfig': `${cred}/controller.kubeconfig`,
        'authorization-kubeconfig': `${cred}/controller.kubeconfig`,
        'allocate-node-cidrs': 'true',
        'cluster-cidr': s.get('cluster-cidr') ?? '10.42.0.0/16',
      };
    case 'kube-scheduler':
      return {
        profiling: 'false',
        'bind-address': '127.0.0.1',
        kubeconfig: `${cred}/scheduler.kubeconfig`,
        'authentication-kubeconfig': `${cred}/scheduler.kubeconfig`,
        'authorization-kubeconfig': `${cred}/scheduler.kubeconfig`,
      };
    case 'kubelet':
      // their agent: the `Running kubelet` lines of the self-assessment guides and of RKE2 nodes' journals (newer
      // k3s releases write the same settings to a KubeletConfiguration drop-in under agent/etc/kubelet.conf.d and
      // keep --read-only-port=0 on the command line; RKE2's read-only port is not stated here)
      return {
        'anonymous-auth': 'false',
        'authentication-token-webhook': 'true',
        'authorization-mode': 'Webhook',
        ...(name === 'k3s' ? { 'read-only-port': '0' } : {}),
        'client-ca-file': `${dataDir}/agent/client-ca.crt`,
        // the serving certificate the server signs for the node (`Running kubelet ... --tls-cert-file=` in the
        // k3s and RKE2 self-assessment guides' section 4 and in RKE2 nodes' journals)
        'tls-cert-file': `${dataDir}/agent/serving-kubelet.crt`,
        'tls-private-key-file': `${dataDir}/agent/serving-kubelet.key`,
        kubeconfig: `${dataDir}/agent/kubelet.kubeconfig`,
        'healthz-bind-address': '127.0.0.1',
        'fail-swap-on': 'false',
        // the tenth address of the service CIDR: 10.43.0.10 unless `service-cidr` or `cluster-dns` says otherwise
        ...(s.has('cluster-dns') || !s.has('service-cidr')
          ? { 'cluster-dns': s.get('cluster-dns') ?? '10.43.0.10' }
          : {}),
        'cluster-domain': domain,
      };
    case 'etcd': {
      // the configuration file k3s (and RKE2, with the same code) writes for its embedded etcd,
      // `<data-dir>/server/db/etcd/config`: its TLS files as the self-assessment guides' section 2 shows them, its
      // listen URLs as the file reads on a node (RKE2's etcdctl examples use the same server-client certificate)
      if (!embeddedEtcd) return {};
      // it serves clients on loopback and on the node's address (the first of `node-ip`, when the file says it)
      const ip = s.get('node-ip')?.split(',')[0]?.trim();
      return {
        'listen-client-urls': ip ? `https://127.0.0.1:2379,https://${ip}:2379` : 'https://127.0.0.1:2379',
        ...(ip ? { 'advertise-client-urls': `https://${ip}:2379` } : {}),
        'listen-metrics-urls': 'http://127.0.0.1:2381',
        'data-dir': `${dataDir}/server/db/etcd`,
        'cert-file': `${tls}/etcd/server-client.crt`,
        'key-file': `${tls}/etcd/server-client.key`,
        'trusted-ca-file': `${tls}/etcd/server-ca.crt`,
        'client-cert-auth': 'true',
        'peer-cert-file': `${tls}/etcd/peer-server-client.crt`,
        'peer-key-file': `${tls}/etcd/peer-server-client.key`,
        'peer-trusted-ca-file': `${tls}/etcd/peer-ca.crt`,
        'peer-client-cert-auth': 'true',
      };
    }
    default:
      return {};
  }
}

/** The values a distribution passes to a component where the workspace says nothing (none known: empty). */
/**
 * The datastore a k3s / RKE2 server uses, from its settings: RKE2 always runs etcd; k3s runs its embedded etcd with
 * `cluster-init` (or when `etcd-arg` passes it flags), an external etcd for an `http(s)://` `datastore-endpoint`,
 * and kine otherwise (SQLite by default, or MySQL / PostgreSQL endpoints). Other distributions: not known.
 */
export function distributionDatastore(
  name: DistributionName,
  settings: DistributionSettings,
  etcdArgs = false,
): 'etcd' | 'kine' | undefined {
  if (name === 'RKE2') return 'etcd';
  if (name !== 'k3s') return undefined;
  const endpoint = settings.get('datastore-endpoint');
  if (endpoint !== undefined) return /^https?:\/\//.test(endpoint.trim()) ? 'etcd' : 'kine';
  return etcdArgs || TRUE.test(settings.get('cluster-init') ?? '') ? 'etcd' : 'kine';
}

export function distributionDefaults(
  name: DistributionName,
  component: ComponentId,
  settings: DistributionSettings,
  /** The distribution passes flags to etcd (`etcd-arg`): it runs its embedded etcd. */
  etcdArgs = false,
): Record<string, string> {
  return name === 'k3s' || name === 'RKE2' ? rancherDefaults(name, component, settings, etcdArgs) : {};
}
