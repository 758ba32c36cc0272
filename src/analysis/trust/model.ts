/**
 * The certificate trust model: nodes (CAs, certificates, keys, kubeconfigs, components) and edges (a CA signs a
 * certificate, a component presents a certificate or trusts a CA, a key belongs to a certificate, a kubeconfig
 * points at a server and a CA). Pure data: it crosses postMessage to the page, and the CLI report prints it.
 *
 * A node is `inferred` when its file is not in the workspace (known by a flag's path and kubeadm's conventions
 * only); an edge is `inferred` when it is not confirmed by the files' contents (a signature verified, a key pair
 * compared, a kubeconfig's own fields). kubeadm's conventions apply to kubeadm-made instances only (kind and
 * minikube included): a file only a k3s, RKE2 or Talos instance's flags name is what those flags say it is (a CA
 * trusted for someone, a certificate or key presented, a kubeconfig read), under its own file name, with no role,
 * subject, issuer or signer.
 */
import type { DocumentId, Span } from '../../model/span';
import type { ComponentId } from '../../model/types';
import type { DistributionName, EffectiveSource } from '../../effective';
import type { TrustPeer, TrustPurpose } from './relations';

export type TrustNodeKind = 'ca' | 'certificate' | 'key' | 'kubeconfig' | 'component';
export type TrustEdgeKind = 'signs' | 'presents' | 'trusts' | 'key-of' | 'points-to';

/** What a certificate says, for the views and the certificates table (no key material, no bytes). */
export interface TrustCertificate {
  subject: string;
  subjectCN: string | null;
  subjectO: string[];
  issuer: string;
  issuerCN: string | null;
  notBefore: string;
  notAfter: string;
  /** Whole days from the analysis time to notAfter, in UTC (negative: expired). */
  daysLeft: number;
  sans: string[];
  isCA: boolean | null;
  keyUsage: string[];
  extendedKeyUsage: string[];
  selfSigned: boolean;
  fingerprintSha256: string;
  publicKey: string;
}

export interface TrustNode {
  /** Stable within one analysis: `component:kube-apiserver@cp1`, `file:/etc/kubernetes/pki/ca.crt`, `path:...`. */
  id: string;
  kind: TrustNodeKind;
  /** A short name: the kubeadm name (`apiserver`, `etcd-ca`, `admin.conf`), a file name, a component instance. */
  label: string;
  /** The file on the host (or the workspace file's name when it cannot be placed); null for components. */
  path: string | null;
  /** Its content is not in the workspace: known by a path and kubeadm's conventions only. */
  inferred: boolean;
  /**
   * Only the flags of this distribution's instances name it (k3s, RKE2, Talos): it is what they state, its role,
   * subject and signer are not told (kubeadm's would be invented). Absent when kubeadm's conventions apply.
   */
  distribution?: DistributionName;
  /**
   * The content/pki.yaml id it is by kubeadm's conventions (`apiserver`, `etcd-ca`, `sa`, `admin.conf`); null for a
   * file only a distribution's flags name.
   */
  role: string | null;
  /** Subject as OpenSSL prints it; for an inferred certificate the one kubeadm writes. */
  subject: string | null;
  issuer: string | null;
  notAfter: string | null;
  sans: string[] | null;
  isCA: boolean | null;
  /** The decoded certificate, for a certificate in the workspace. */
  certificate: TrustCertificate | null;
  /** Where it is in the workspace (the PEM block, the kubeconfig value, the component's command). */
  span: Span | null;
  documentId: DocumentId | null;
  /** For a component node. */
  component: ComponentId | null;
  host: string | null;
}

export type TrustEdgeSource =
  /** A flag in effect: written (`set`), in a configuration file (`config`), kubeadm's value, or its default. */
  | EffectiveSource
  /** A field of a kubeadm-written file: a kubeconfig's server, CA or client certificate. */
  | 'field'
  /** The certificates themselves (an issuer and a verified signature, a key pair compared). */
  | 'content'
  /** kubeadm's conventions (content/pki.yaml): who signs what, which key goes with which certificate. */
  | 'convention';

export interface TrustEdge {
  kind: TrustEdgeKind;
  from: string;
  to: string;
  purpose: TrustPurpose | null;
  /** The other end of a connection: the server a client certificate is presented to, the server a CA verifies. */
  peer: TrustPeer | null;
  /** The flag (`--etcd-cafile`) or field (`users[admin].user.client-certificate-data`) that made it. */
  via: string | null;
  source: TrustEdgeSource;
  /** Where that flag or field is written; null for defaults and conventions. */
  span: Span | null;
  inferred: boolean;
  /** The trust does not hold (a CA that did not sign the peer's certificate, a key of another certificate). */
  broken: boolean;
  /**
   * A kubeconfig's connection to the API server that does not verify the server's certificate at all (its cluster
   * sets `insecure-skip-tls-verify: true`); such an edge is also `broken`. Absent otherwise.
   */
  insecure?: boolean;
}

export interface TrustModel {
  nodes: TrustNode[];
  edges: TrustEdge[];
}

/** Collects nodes (one per id, first wins) and edges (one per kind, ends and via). */
export class ModelBuilder {
  readonly nodes = new Map<string, TrustNode>();
  readonly edges: TrustEdge[] = [];
  private readonly edgeKeys = new Map<string, TrustEdge>();

  node(n: Omit<TrustNode, 'certificate' | 'span' | 'documentId' | 'component' | 'host'> & Partial<TrustNode>) {
    const existing = this.nodes.get(n.id);
    if (existing) return existing;
    const full: TrustNode = {
      certificate: null,
      span: null,
      documentId: null,
      component: null,
      host: null,
      ...n,
    };
    this.nodes.set(n.id, full);
    return full;
  }

  edge(e: Omit<TrustEdge, 'broken' | 'peer'> & Partial<Pick<TrustEdge, 'broken' | 'peer'>>): TrustEdge {
    const key = `${e.kind}\0${e.from}\0${e.to}\0${e.via ?? ''}\0${e.purpose ?? ''}`;
    const found = this.edgeKeys.get(key);
    if (found) return found;
    const full: TrustEdge = { broken: false, peer: null, ...e };
    this.edgeKeys.set(key, full);
    this.edges.push(full);
    return full;
  }

  model(): TrustModel {
    return { nodes: [...this.nodes.values()], edges: this.edges };
  }
}
