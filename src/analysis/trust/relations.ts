/**
 * Which flag of which component makes which edge of the trust model, as a table. Evaluated over each component
 * instance's effective configuration (src/effective): a flag written, set by a configuration file, written by
 * kubeadm, or absent with a default path all count (the edge says which). The file a flag names becomes a node:
 * the workspace file at that path when there is one, else a node known by its path only (inferred).
 *
 * The checks that compare two ends of a trust (a CA flag on one side, the certificate the other side presents) are
 * the second table, PAIR_CHECKS.
 */
import type { ComponentId } from '../../model/types';
import type { FlagName, RuleId } from '../../generated/ids';

/** What an edge is for. */
export type TrustPurpose =
  /** Presented to clients that connect. */
  | 'server'
  /** Presented when connecting to `peer`. */
  | 'client'
  /** etcd member to member: presented as server and as client. */
  | 'peer'
  /** Trusted to sign the certificates of clients that connect. */
  | 'verify-client'
  /** Trusted to sign the certificate of the server `peer` it connects to. */
  | 'verify-server'
  /** etcd members: trusted for the other members' peer certificates. */
  | 'verify-peer'
  /** Trusted to sign the front proxy's client certificate (requests with X-Remote-User headers). */
  | 'verify-front-proxy'
  /** A CA the component signs certificates with (kube-controller-manager's CSR signer). */
  | 'sign-certificates'
  /** A CA the component hands out to Pods as the cluster's root (kube-root-ca.crt, token secrets). */
  | 'root-ca'
  /** A key the component signs ServiceAccount tokens with. */
  | 'sign-service-account-tokens'
  /** A key the component verifies ServiceAccount tokens with. */
  | 'verify-service-account-tokens'
  /** The kubeconfig a component reads (its credentials and the server it talks to). */
  | 'kubeconfig'
  /** A kubeconfig's server, or the CA it verifies that server with. */
  | 'cluster';

/** Who is at the other end of an edge: a component, or something outside the workspace. */
export type TrustPeer = ComponentId | 'extension-apiservers' | 'clients' | 'oidc-issuer';

/** What a flag names. */
export type FileRole = 'certificate' | 'ca' | 'private-key' | 'public-key' | 'kubeconfig';

export interface FlagRelation {
  component: ComponentId;
  flag: string;
  file: FileRole;
  edge: 'presents' | 'trusts' | 'points-to';
  purpose: TrustPurpose;
  peer: TrustPeer | null;
  /** The flag that names this certificate's private key. */
  keyFlag: string | null;
  /** The certificate, authority, key pair or kubeconfig it is by kubeadm's conventions (content/pki.yaml id). */
  role: string | null;
  /** The value is a comma-separated list of files (a repeated flag, pflag joins them). */
  list: boolean;
}

interface Spec<C extends ComponentId> {
  file: FileRole;
  edge: FlagRelation['edge'];
  purpose: TrustPurpose;
  peer?: TrustPeer;
  keyFlag?: FlagName<C>;
  role?: string;
  list?: boolean;
}

/** The relations of one component; flag names are checked against its catalogue by the type checker. */
function of<C extends ComponentId>(component: C, specs: Partial<Record<FlagName<C>, Spec<C>>>): FlagRelation[] {
  return Object.entries(specs).map(([flag, raw]) => {
    const s = raw as Spec<C>;
    return {
      component,
      flag,
      file: s.file,
      edge: s.edge,
      purpose: s.purpose,
      peer: s.peer ?? null,
      keyFlag: s.keyFlag ?? null,
      role: s.role ?? null,
      list: s.list ?? false,
    };
  });
}

const kubeconfigs = (role: string) =>
  ({
    kubeconfig: { file: 'kubeconfig', edge: 'points-to', purpose: 'kubeconfig', peer: 'kube-apiserver', role },
    'authentication-kubeconfig': {
      file: 'kubeconfig',
      edge: 'points-to',
      purpose: 'kubeconfig',
      peer: 'kube-apiserver',
      role,
    },
    'authorization-kubeconfig': {
      file: 'kubeconfig',
      edge: 'points-to',
      purpose: 'kubeconfig',
      peer: 'kube-apiserver',
      role,
    },
  }) as const;

export const RELATIONS: readonly FlagRelation[] = [
  ...of('kube-apiserver', {
    'tls-cert-file': {
      file: 'certificate',
      edge: 'presents',
      purpose: 'server',
      peer: 'clients',
      keyFlag: 'tls-private-key-file',
      role: 'apiserver',
    },
    'client-ca-file': { file: 'ca', edge: 'trusts', purpose: 'verify-client', peer: 'clients', role: 'ca' },
    'etcd-cafile': { file: 'ca', edge: 'trusts', purpose: 'verify-server', peer: 'etcd', role: 'etcd-ca' },
    'etcd-certfile': {
      file: 'certificate',
      edge: 'presents',
      purpose: 'client',
      peer: 'etcd',
      keyFlag: 'etcd-keyfile',
      role: 'apiserver-etcd-client',
    },
    'kubelet-client-certificate': {
      file: 'certificate',
      edge: 'presents',
      purpose: 'client',
      peer: 'kubelet',
      keyFlag: 'kubelet-client-key',
      role: 'apiserver-kubelet-client',
    },
    'kubelet-certificate-authority': { file: 'ca', edge: 'trusts', purpose: 'verify-server', peer: 'kubelet' },
    'proxy-client-cert-file': {
      file: 'certificate',
      edge: 'presents',
      purpose: 'client',
      peer: 'extension-apiservers',
      keyFlag: 'proxy-client-key-file',
      role: 'front-proxy-client',
    },
    'requestheader-client-ca-file': {
      file: 'ca',
      edge: 'trusts',
      purpose: 'verify-front-proxy',
      peer: 'extension-apiservers',
      role: 'front-proxy-ca',
    },
    'oidc-ca-file': { file: 'ca', edge: 'trusts', purpose: 'verify-server', peer: 'oidc-issuer' },
    'service-account-key-file': {
      file: 'public-key',
      edge: 'trusts',
      purpose: 'verify-service-account-tokens',
      role: 'sa',
      list: true,
    },
    'service-account-signing-key-file': {
      file: 'private-key',
      edge: 'presents',
      purpose: 'sign-service-account-tokens',
      role: 'sa',
    },
  }),
  ...of('kube-controller-manager', {
    ...kubeconfigs('controller-manager.conf'),
    'client-ca-file': { file: 'ca', edge: 'trusts', purpose: 'verify-client', peer: 'clients', role: 'ca' },
    'requestheader-client-ca-file': {
      file: 'ca',
      edge: 'trusts',
      purpose: 'verify-front-proxy',
      peer: 'kube-apiserver',
      role: 'front-proxy-ca',
    },
    'root-ca-file': { file: 'ca', edge: 'trusts', purpose: 'root-ca', role: 'ca' },
    'cluster-signing-cert-file': {
      file: 'ca',
      edge: 'presents',
      purpose: 'sign-certificates',
      keyFlag: 'cluster-signing-key-file',
      role: 'ca',
    },
    'service-account-private-key-file': {
      file: 'private-key',
      edge: 'presents',
      purpose: 'sign-service-account-tokens',
      role: 'sa',
    },
    'tls-cert-file': {
      file: 'certificate',
      edge: 'presents',
      purpose: 'server',
      peer: 'clients',
      keyFlag: 'tls-private-key-file',
    },
  }),
  ...of('kube-scheduler', {
    ...kubeconfigs('scheduler.conf'),
    'client-ca-file': { file: 'ca', edge: 'trusts', purpose: 'verify-client', peer: 'clients' },
    'requestheader-client-ca-file': {
      file: 'ca',
      edge: 'trusts',
      purpose: 'verify-front-proxy',
      peer: 'kube-apiserver',
    },
    'tls-cert-file': {
      file: 'certificate',
      edge: 'presents',
      purpose: 'server',
      peer: 'clients',
      keyFlag: 'tls-private-key-file',
    },
  }),
  ...of('etcd', {
    'cert-file': {
      file: 'certificate',
      edge: 'presents',
      purpose: 'server',
      peer: 'clients',
      keyFlag: 'key-file',
      role: 'etcd-server',
    },
    'trusted-ca-file': { file: 'ca', edge: 'trusts', purpose: 'verify-client', peer: 'clients', role: 'etcd-ca' },
    'peer-cert-file': {
      file: 'certificate',
      edge: 'presents',
      purpose: 'peer',
      peer: 'etcd',
      keyFlag: 'peer-key-file',
      role: 'etcd-peer',
    },
    'peer-trusted-ca-file': { file: 'ca', edge: 'trusts', purpose: 'verify-peer', peer: 'etcd', role: 'etcd-ca' },
  }),
  ...of('kubelet', {
    kubeconfig: {
      file: 'kubeconfig',
      edge: 'points-to',
      purpose: 'kubeconfig',
      peer: 'kube-apiserver',
      role: 'kubelet.conf',
    },
    'bootstrap-kubeconfig': { file: 'kubeconfig', edge: 'points-to', purpose: 'kubeconfig', peer: 'kube-apiserver' },
    'client-ca-file': { file: 'ca', edge: 'trusts', purpose: 'verify-client', peer: 'kube-apiserver', role: 'ca' },
    'tls-cert-file': {
      file: 'certificate',
      edge: 'presents',
      purpose: 'server',
      peer: 'kube-apiserver',
      keyFlag: 'tls-private-key-file',
    },
  }),
  ...of('kube-proxy', {
    kubeconfig: { file: 'kubeconfig', edge: 'points-to', purpose: 'kubeconfig', peer: 'kube-apiserver' },
  }),
];

/**
 * One side trusts a CA for the certificate the other side presents: the CA flag of `verifier` must name the CA
 * that signed the certificate `presenter`'s flag names. `pairs`: which instances face each other (`same`: one
 * instance is both; `reach`: the verifier's connection flag reaches the presenter, or they run on one host; `all`).
 */
export interface PairCheck {
  rule: RuleId;
  verifier: { component: ComponentId; flag: string };
  presenter: { component: ComponentId; flag: string };
  pairs: 'same' | 'reach' | 'all';
  /** A boolean flag of the verifier that must not be false for the check to matter (etcd --client-cert-auth). */
  when?: { component: ComponentId; flag: string };
}

export const PAIR_CHECKS: readonly PairCheck[] = [
  {
    rule: 'etcd-server-ca-mismatch',
    verifier: { component: 'kube-apiserver', flag: 'etcd-cafile' },
    presenter: { component: 'etcd', flag: 'cert-file' },
    pairs: 'reach',
  },
  {
    rule: 'etcd-client-ca-mismatch',
    verifier: { component: 'etcd', flag: 'trusted-ca-file' },
    presenter: { component: 'kube-apiserver', flag: 'etcd-certfile' },
    pairs: 'reach',
    when: { component: 'etcd', flag: 'client-cert-auth' },
  },
  {
    rule: 'front-proxy-ca-mismatch',
    verifier: { component: 'kube-apiserver', flag: 'requestheader-client-ca-file' },
    presenter: { component: 'kube-apiserver', flag: 'proxy-client-cert-file' },
    pairs: 'same',
  },
  {
    rule: 'kubelet-ca-mismatch',
    verifier: { component: 'kube-apiserver', flag: 'kubelet-certificate-authority' },
    presenter: { component: 'kubelet', flag: 'tls-cert-file' },
    pairs: 'all',
  },
];
