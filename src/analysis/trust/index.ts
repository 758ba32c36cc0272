/**
 * Certificate trust: from the effective configuration of each component instance and, when present, the PEM files,
 * keys and kubeconfigs of the workspace, the graph of who signs, presents and trusts what (model.ts), and the
 * findings about it (checks.ts).
 *
 *   buildTrust({ files, instances, textOf }, kb, now) -> { model: { nodes, edges }, findings }
 *
 * Pure and async: async only because signatures are verified with WebCrypto (crypto.ts), which runs in Node and in
 * the analysis Web Worker alike; the session awaits it after the per-document analysis. `now` is the analysis time
 * (ms since the epoch, compared in UTC).
 *
 * With paths only, kubeadm's conventions (content/pki.yaml) say who signs what and which key goes with which
 * certificate, and every such edge is `inferred`. With the files in the workspace, subjects, issuers, key
 * identifiers and verified signatures say it, and keys are compared with certificates by their public parts.
 *
 * kubeadm's conventions are for kubeadm-made instances only (kind and minikube bootstrap with kubeadm). A k3s, RKE2
 * or Talos instance lays out its PKI its own way (k3s `server/tls/server-ca.crt`, `client-ca.crt`,
 * `request-header-ca.crt`, `etcd/server-ca.crt`...): a file only its flags name is what they state (a CA trusted to
 * verify whom, a certificate or key presented, a kubeconfig read), labelled with its own file name and marked with
 * the distribution; no role, subject, issuer or signer is inferred for it, and no self-made serving certificate is
 * assumed where the workspace shows no --tls-cert-file (the distribution passes flags of its own).
 */
import type { AnnotatedDocument } from '../../annotate/annotate';
import type { KnowledgeBase } from '../../knowledge/knowledgeBase';
import type { PkiFacts } from '../../knowledge/pki';
import { valueAt } from '../../knowledge/pki';
import type { ComponentInstance, DistributionName, EffectiveConfiguration, EffectiveFlag } from '../../effective';
import { byKubeadm, cachedEffectiveConfiguration } from '../../effective';
import type { IngestedFile } from '../../model/types';
import type { DocumentId, FileId, Span } from '../../model/span';
import { readRuleSeverities } from '../rules';
import type { Finding } from '../types';
import { ModelBuilder, type TrustCertificate, type TrustEdge, type TrustModel, type TrustNode } from './model';
import { RELATIONS, type FileRole, type FlagRelation } from './relations';
import { basename, dirname, joinPath, normalizePath, roleOfPath, WorkspacePaths } from './paths';
import { couldHaveSigned, verifySignature, type CertificateMaterial } from './crypto';
import { readWorkspace, type WsCertificate, type WsFile, type WsKey } from './workspace';
import { runChecks } from './checks';

export type { TrustModel, TrustNode, TrustEdge, TrustCertificate } from './model';
export type { TrustPurpose, TrustPeer } from './relations';

export interface TrustInput {
  files: readonly { file: IngestedFile; documents: readonly AnnotatedDocument[] }[];
  instances: readonly ComponentInstance[];
  /** The text of a workspace file: certificates and keys are read from it at the ranges ingest found them. */
  textOf: (id: FileId) => string | undefined;
}

export interface TrustResult {
  model: TrustModel;
  findings: Finding[];
}

/** One component instance as the trust stage sees it. */
export interface InstanceView {
  instance: ComponentInstance;
  nodeId: string;
  effective: EffectiveConfiguration;
  /** A flag in effect with a non-empty value. */
  flag(name: string): EffectiveFlag | null;
  /** The host, when the workspace has several (node ids of inferred files carry it). */
  hostKey: string | null;
  /** Where to locate a finding about the instance: its command document. */
  span: Span | null;
  /**
   * kubeadm made it (no distribution, or kind / minikube, which bootstrap with kubeadm): the files its flags name
   * are what kubeadm's conventions (content/pki.yaml) say. A k3s, RKE2 or Talos instance lays out its PKI its own
   * way: its files are only what its flags state (a CA it trusts, a certificate it presents), no subject, no signer.
   */
  conventions: boolean;
  /** The distribution that lays out its PKI (k3s, RKE2, Talos) when not kubeadm's conventions. */
  distribution: DistributionName | null;
}

/** Is a certificate signed by a CA: true, false, or null when it cannot be told; inferred: from conventions. */
export interface SignedAnswer {
  result: boolean | null;
  inferred: boolean;
}

/** What the checks read besides the model. */
export interface TrustContext {
  pki: PkiFacts;
  now: number;
  b: ModelBuilder;
  views: InstanceView[];
  documents: ReadonlyMap<string, AnnotatedDocument>;
  files: readonly { file: IngestedFile; documents: readonly AnnotatedDocument[] }[];
  /** Public-part ids of key and certificate nodes (crypto.ts), null when unreadable. */
  publicIds: ReadonlyMap<string, string | null>;
  signedBy(certId: string, caId: string): SignedAnswer;
  textOf: (id: FileId) => string | undefined;
  /** The flag relation that made an edge (component edges only). */
  relationOf: ReadonlyMap<TrustEdge, FlagRelation>;
  /** The server URL host each kubeconfig points-to edge was made from. */
  serverHosts: ReadonlyMap<TrustEdge, string>;
}

const DAY_MS = 86_400_000;

/** Verified signatures across analyses, by the two certificates' fingerprints (a keystroke re-verifies nothing). */
const verified = new Map<string, boolean | null>();
async function verifyCached(
  cert: CertificateMaterial,
  certFp: string,
  issuer: CertificateMaterial,
  issuerFp: string,
): Promise<boolean | null> {
  const key = `${certFp}|${issuerFp}`;
  if (verified.has(key)) return verified.get(key) ?? null;
  const v = await verifySignature(cert, issuer);
  if (verified.size > 5000) verified.clear();
  verified.set(key, v);
  return v;
}

function summary(c: WsCertificate, now: number): TrustCertificate {
  const i = c.info;
  const sans = i.subjectAltNames;
  return {
    subject: i.subject.text,
    subjectCN: i.subject.commonName,
    subjectO: i.subject.organizations,
    issuer: i.issuer.text,
    issuerCN: i.issuer.commonName,
    notBefore: i.notBefore,
    notAfter: i.notAfter,
    daysLeft: Math.floor((Date.parse(i.notAfter) - now) / DAY_MS),
    sans: [...sans.dns, ...sans.ip, ...sans.email, ...sans.uri],
    isCA: i.isCA,
    keyUsage: i.keyUsage,
    extendedKeyUsage: i.extendedKeyUsage,
    selfSigned: i.selfSigned,
    fingerprintSha256: i.fingerprintSha256,
    publicKey: [i.publicKey.algorithm, i.publicKey.curve ?? i.publicKey.size].filter((x) => x !== null).join(' '),
  };
}

const splitList = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export async function buildTrust(input: TrustInput, kb: KnowledgeBase, now: number): Promise<TrustResult> {
  const [pki, rawRules] = await Promise.all([kb.pki(), kb.loadMessages('rules.yaml')]);
  const severities = readRuleSeverities(rawRules);
  const ws = await readWorkspace(
    input.files.map((f) => f.file),
    input.textOf,
  );
  const documents = new Map<DocumentId, AnnotatedDocument>(
    input.files.flatMap((f) => f.documents.map((d) => [d.document.id, d] as const)),
  );
  const b = new ModelBuilder();
  const paths = new WorkspacePaths(
    input.files.map((f) => ({ fileId: f.file.fileId, name: f.file.name })),
    pki.kubeconfigDir,
  );
  const hostNames = new Set(input.instances.map((i) => i.host?.name).filter((n): n is string => Boolean(n)));
  const multiHost = hostNames.size > 1;
  const clusterVersion =
    input.instances.find((i) => i.component === 'kube-apiserver' && i.version)?.version?.version ??
    input.instances.find((i) => i.component !== 'etcd' && i.version)?.version?.version ??
    null;

  // --- component instances and their effective configuration
  const views: InstanceView[] = input.instances.map((instance) => {
    const effective = cachedEffectiveConfiguration(instance, documents, kb);
    const byName = new Map(effective.flags.map((f) => [f.name, f]));
    const command = instance.documents.find((d) => d.role === 'command') ?? instance.documents[0];
    const span = command ? { fileId: command.fileId, range: command.range } : null;
    const node = b.node({
      id: `component:${instance.id}`,
      kind: 'component',
      label: instance.id,
      path: null,
      inferred: false,
      role: null,
      subject: null,
      issuer: null,
      notAfter: null,
      sans: null,
      isCA: null,
      component: instance.component,
      host: instance.host?.name ?? null,
      span,
      documentId: command?.documentId ?? null,
    });
    return {
      instance,
      nodeId: node.id,
      effective,
      flag: (name: string) => {
        const f = byName.get(name);
        return f && f.value !== null && f.value.trim() !== '' ? f : null;
      },
      hostKey: multiHost ? (instance.host?.name ?? null) : null,
      span,
      conventions: !instance.distribution || byKubeadm(instance.distribution.name),
      distribution: instance.distribution && !byKubeadm(instance.distribution.name) ? instance.distribution.name : null,
    };
  });

  // --- every path the configuration names, so a bare file name is matched only when it is unambiguous
  const referenced = new Set<string>();
  for (const v of views)
    for (const r of RELATIONS.filter((x) => x.component === v.instance.component)) {
      for (const name of [r.flag, r.keyFlag]) {
        const f = name ? v.flag(name) : null;
        if (f?.value) for (const p of splitList(f.value)) referenced.add(normalizePath(p));
      }
    }
  for (const f of ws)
    for (const u of f.kubeconfig?.users ?? [])
      for (const r of [u.certificateFile, u.keyFile]) if (r) referenced.add(normalizePath(r.path));
  for (const f of ws) for (const c of f.kubeconfig?.clusters ?? []) if (c.caFile) referenced.add(c.caFile.path);
  const byBase = new Map<string, Set<string>>();
  for (const p of referenced) byBase.set(basename(p), (byBase.get(basename(p)) ?? new Set()).add(p));
  const ambiguous = new Set([...byBase].filter(([, s]) => s.size > 1).map(([n]) => n));

  // --- nodes of the files in the workspace
  const materials = new Map<string, { material: CertificateMaterial; fp: string }>();
  const publicIds = new Map<string, string | null>();
  const byFingerprint = new Map<string, string>();
  const fileNodes = new Map<
    FileId,
    { certs: string[]; private: string[]; public: string[]; kubeconfig: string | null }
  >();
  /** Certificate node -> the path of the CA that signs it by kubeadm's conventions. */
  const conventionSigner = new Map<string, { path: string; authority: string }>();
  const selfSignedByConvention = new Set<string>();
  const nodeHost = new Map<string, string | null>();
  const usedIds = new Set<string>();
  const uniqueId = (base: string) => {
    let id = base;
    for (let n = 2; usedIds.has(id); n++) id = `${base}~${n}`;
    usedIds.add(id);
    return id;
  };
  const placeOf = (f: WsFile) =>
    paths.absoluteOf(f.fileId) ?? (f.name.startsWith('/') ? normalizePath(f.name) : f.name);

  const signerOfRole = (roleId: string): string | null =>
    pki.certificates.find((c) => c.id === roleId)?.signer ??
    pki.kubeconfigs.find((k) => k.id === roleId)?.signer ??
    null;
  /** The certificates directory that goes with a kubeconfig's place (kubeadm: /etc/kubernetes -> .../pki). */
  const certDirOfKubeconfig = (kcPath: string | null) =>
    !kcPath || !kcPath.startsWith('/') || normalizePath(dirname(kcPath)) === normalizePath(pki.kubeconfigDir)
      ? pki.certificatesDir
      : joinPath(dirname(kcPath), 'pki');
  const authorityPath = (authority: string, dir: string) => {
    const a = pki.authorities.find((x) => x.id === authority);
    return a ? joinPath(dir, a.file) : null;
  };
  /** Remember who signs a certificate at `path` by kubeadm's layout (when its path follows it). */
  const noteConventionSigner = (id: string, path: string | null, kubeconfigRole: string | null, kcPath?: string) => {
    if (kubeconfigRole) {
      const signer = signerOfRole(kubeconfigRole);
      const p = signer ? authorityPath(signer, certDirOfKubeconfig(kcPath ?? null)) : null;
      if (signer && p) conventionSigner.set(id, { path: p, authority: signer });
      return;
    }
    if (!path) return;
    const role = roleOfPath(path, pki);
    if (role?.kind !== 'certificate') return;
    const signer = signerOfRole(role.id);
    const p = signer ? authorityPath(signer, role.dir) : null;
    if (signer && p) conventionSigner.set(id, { path: p, authority: signer });
  };

  const realCertNode = (id: string, label: string, path: string | null, role: string | null, c: WsCertificate) => {
    const cert = summary(c, now);
    const node = b.node({
      id,
      kind: c.info.isCA ? 'ca' : 'certificate',
      label,
      path,
      inferred: false,
      role,
      subject: cert.subject,
      issuer: cert.issuer,
      notAfter: cert.notAfter,
      sans: cert.sans,
      isCA: cert.isCA,
      certificate: cert,
      span: c.span,
      documentId: c.documentId,
    });
    if (c.material) {
      materials.set(id, { material: c.material, fp: c.info.fingerprintSha256 });
      publicIds.set(id, c.material.publicKeyId);
    }
    if (!byFingerprint.has(c.info.fingerprintSha256)) byFingerprint.set(c.info.fingerprintSha256, id);
    return node;
  };
  const keyNode = (id: string, label: string, path: string | null, role: string | null, k: WsKey) => {
    publicIds.set(id, k.publicId);
    return b.node({
      id,
      kind: 'key',
      label,
      path,
      inferred: false,
      role,
      subject: null,
      issuer: null,
      notAfter: null,
      sans: null,
      isCA: null,
      span: k.span,
      documentId: k.documentId,
    });
  };

  // PEM files first, so a kubeconfig's embedded copy of a CA is the file's node
  for (const f of ws) {
    if (f.kubeconfig) continue;
    const place = placeOf(f);
    const base = uniqueId(`file:${place}`);
    const role = roleOfPath(place, pki);
    const entry = { certs: [] as string[], private: [] as string[], public: [] as string[], kubeconfig: null };
    f.certificates.forEach((c, i) => {
      const id = i === 0 ? base : `${base}#${i + 1}`;
      const r = role && (role.kind === 'authority' || role.kind === 'certificate') ? role.id : null;
      const label = `${r ?? basename(place)}${i > 0 ? `#${i + 1}` : ''}`;
      realCertNode(id, label, place, r, c);
      if (i === 0) noteConventionSigner(id, place, null);
      entry.certs.push(id);
    });
    f.keys.forEach((k, i) => {
      const id = f.certificates.length === 0 && i === 0 ? base : `${base}#key${i > 0 ? i + 1 : ''}`;
      const r = role && role.kind !== 'authority' && role.kind !== 'certificate' ? role.id : null;
      keyNode(id, basename(place), place, r, k);
      (k.kind === 'private' ? entry.private : entry.public).push(id);
    });
    fileNodes.set(f.fileId, entry);
  }
  const kubeconfigFiles: { file: WsFile; id: string; place: string; role: string | null }[] = [];
  for (const f of ws) {
    const kc = f.kubeconfig;
    if (!kc) continue;
    const place = placeOf(f);
    const id = uniqueId(`file:${place}`);
    const role = roleOfPath(place, pki);
    const r = role?.kind === 'kubeconfig' ? role.id : null;
    b.node({
      id,
      kind: 'kubeconfig',
      label: basename(place),
      path: place,
      inferred: false,
      role: r,
      subject: null,
      issuer: null,
      notAfter: null,
      sans: null,
      isCA: null,
      span: kc.span,
      documentId: kc.documentId,
    });
    fileNodes.set(f.fileId, { certs: [], private: [], public: [], kubeconfig: id });
    kubeconfigFiles.push({ file: f, id, place, role: r });
  }

  // --- inferred nodes: a file known by its path only
  const roleLabel = (roleId: string) => roleId;
  const subjectText = (cn: string | null, o: string | null, host: string | null) => {
    if (!cn) return null;
    const name = cn.replace('<node-name>', host ?? '<node-name>');
    return o ? `O = ${o}, CN = ${name}` : `CN = ${name}`;
  };
  const inferredNode = (
    path: string,
    role: FileRole,
    host: string | null,
    relRole: string | null,
    conventions: boolean,
  ): string => {
    const norm = normalizePath(path);
    const id = `path:${norm}${host ? `@${host}` : ''}`;
    if (b.nodes.has(id)) return id;
    if (!conventions) return distributionNode(id, norm, role, host);
    const pr = roleOfPath(norm, pki);
    const roleId = pr?.id ?? relRole;
    const authority =
      pki.authorities.find((a) => a.id === roleId && (!pr || pr.kind === 'authority')) ??
      (role === 'ca' && !pr ? pki.authorities.find((a) => a.id === relRole) : undefined);
    const cert = !authority ? pki.certificates.find((c) => c.id === roleId) : undefined;
    const isCertish = role === 'ca' || role === 'certificate';
    const kind: TrustNode['kind'] =
      role === 'kubeconfig'
        ? 'kubeconfig'
        : role === 'private-key' || role === 'public-key'
          ? 'key'
          : authority || role === 'ca' || pr?.kind === 'authority'
            ? 'ca'
            : 'certificate';
    const hostName = host ?? (hostNames.size === 1 ? [...hostNames][0]! : null);
    const labelRole = pr && (pr.kind === 'authority' || pr.kind === 'certificate' || pr.kind === 'kubeconfig');
    const signerCN = cert ? (pki.authorities.find((a) => a.id === cert.signer)?.cn ?? null) : null;
    b.node({
      id,
      kind,
      label: `${labelRole && pr ? roleLabel(pr.id) : basename(norm)}${host ? `@${host}` : ''}`,
      path: norm,
      inferred: true,
      role: roleId ?? null,
      subject: isCertish
        ? authority
          ? subjectText(authority.cn, null, null)
          : cert
            ? subjectText(valueAt(cert.cn, clusterVersion), valueAt(cert.o, clusterVersion), hostName)
            : null
        : null,
      issuer: isCertish
        ? authority
          ? subjectText(authority.cn, null, null)
          : signerCN
            ? `CN = ${signerCN}`
            : null
        : null,
      notAfter: null,
      sans: null,
      isCA: isCertish ? (authority ? true : cert ? false : null) : null,
    });
    nodeHost.set(id, host);
    if (isCertish && !authority) noteConventionSigner(id, norm, null);
    return id;
  };

  /**
   * A file a distribution's flag names, known by its path only: what the flag says it is (a CA, a certificate, a
   * key, a kubeconfig) under the distribution's own file name; no subject, issuer or signer (kubeadm's would be
   * invented). Two referenced files of one name (k3s `tls/server-ca.crt`, `tls/etcd/server-ca.crt`) keep their
   * folder in the label.
   */
  const distributionNode = (id: string, norm: string, role: FileRole, host: string | null): string => {
    const name = ambiguous.has(basename(norm)) ? `${basename(dirname(norm))}/${basename(norm)}` : basename(norm);
    b.node({
      id,
      kind:
        role === 'kubeconfig'
          ? 'kubeconfig'
          : role === 'private-key' || role === 'public-key'
            ? 'key'
            : role === 'ca'
              ? 'ca'
              : 'certificate',
      label: `${name}${host ? `@${host}` : ''}`,
      path: norm,
      inferred: true,
      role: null,
      subject: null,
      issuer: null,
      notAfter: null,
      sans: null,
      isCA: null,
    });
    nodeHost.set(id, host);
    return id;
  };

  /** Nodes a distribution instance's flags name and no kubeadm-made instance's: kubeadm's layout says nothing. */
  const byDistribution = new Map<string, DistributionName>();
  const byConventions = new Set<string>();

  /** The node(s) of a file a flag or field names: the workspace file at that path, else an inferred node. */
  const resolve = (
    path: string,
    role: FileRole,
    host: string | null,
    relRole: string | null,
    distribution: DistributionName | null = null,
  ): string[] => {
    const ids = resolveFile(path, role, host, relRole, distribution === null);
    for (const id of ids) {
      if (distribution === null) byConventions.add(id);
      else if (!byDistribution.has(id)) byDistribution.set(id, distribution);
    }
    return ids;
  };
  const resolveFile = (
    path: string,
    role: FileRole,
    host: string | null,
    relRole: string | null,
    conventions: boolean,
  ): string[] => {
    const norm = normalizePath(path);
    const fileId = paths.match(norm, host, ambiguous);
    const e = fileId ? fileNodes.get(fileId) : undefined;
    if (e) {
      if (role === 'ca' && e.certs.length > 0) return e.certs;
      if (role === 'certificate' && e.certs[0]) return [e.certs[0]];
      if (role === 'private-key' && e.private[0]) return [e.private[0]];
      if (role === 'public-key') {
        if (e.public.length > 0) return e.public;
        if (e.private[0]) return [e.private[0]];
        if (e.certs[0]) return [e.certs[0]];
      }
      if (role === 'kubeconfig' && e.kubeconfig) return [e.kubeconfig];
    }
    return [inferredNode(norm, role, host, relRole, conventions)];
  };

  const relationOf = new Map<TrustEdge, FlagRelation>();
  const serverHosts = new Map<TrustEdge, string>();
  const apiservers = views.filter((v) => v.instance.component === 'kube-apiserver');

  /** The kube-apiserver instances a server URL reaches: by address and port; the only one when none matches. */
  const apiserversAt = (server: string | null, near: InstanceView | null): { view: InstanceView; sure: boolean }[] => {
    const m = server ? /^[a-z]+:\/\/(\[[^\]]+\]|[^/:]+)(?::(\d+))?/i.exec(server.trim()) : null;
    const host = m?.[1]?.replace(/^\[|\]$/g, '').toLowerCase() ?? null;
    const port = m?.[2] ?? '443';
    if (host) {
      const found = apiservers.filter((v) => {
        const names = [
          ...(v.instance.host?.addresses ?? []),
          v.instance.host?.name ?? '',
          v.flag('advertise-address')?.value ?? '',
          v.flag('bind-address')?.value ?? '',
        ].map((x) => x.toLowerCase());
        return names.includes(host) && (v.flag('secure-port')?.value ?? '6443') === port;
      });
      if (found.length > 0) return found.map((view) => ({ view, sure: true }));
    }
    const local = near ? apiservers.filter((v) => v.instance.host?.name === near.instance.host?.name) : [];
    if (local.length === 1) return [{ view: local[0]!, sure: false }];
    return apiservers.length === 1 ? [{ view: apiservers[0]!, sure: false }] : [];
  };

  /** A kubeconfig known only by its path: kubeadm writes a client certificate signed by the CA, and the CA. */
  const expandInferredKubeconfig = (kcId: string, near: InstanceView | null) => {
    const node = b.nodes.get(kcId);
    if (!node?.inferred || !node.path) return;
    const entry = pki.kubeconfigs.find((k) => k.id === node.role);
    if (!entry) return;
    const host = near?.hostKey ?? null;
    const certId = entry.clientCertificate
      ? resolve(entry.clientCertificate, 'certificate', host, entry.id)[0]!
      : `${kcId}#client`;
    if (!b.nodes.has(certId)) {
      const signerCN = pki.authorities.find((a) => a.id === entry.signer)?.cn ?? null;
      const hostName = near?.instance.host?.name ?? null;
      b.node({
        id: certId,
        kind: 'certificate',
        label: node.label,
        path: node.path,
        inferred: true,
        role: entry.id,
        subject: subjectText(valueAt(entry.cn, clusterVersion), valueAt(entry.o, clusterVersion), hostName),
        issuer: signerCN ? `CN = ${signerCN}` : null,
        notAfter: null,
        sans: null,
        isCA: false,
      });
    }
    const certNode = b.nodes.get(certId);
    if (certNode) {
      certNode.role ??= entry.id;
      noteConventionSigner(certId, null, entry.id, node.path);
    }
    b.edge({
      kind: 'presents',
      from: kcId,
      to: certId,
      purpose: 'client',
      peer: 'kube-apiserver',
      via: null,
      source: 'convention',
      span: null,
      inferred: true,
    });
    const caPath = authorityPath(entry.signer, certDirOfKubeconfig(node.path));
    if (caPath)
      for (const ca of resolve(caPath, 'ca', host, entry.signer))
        b.edge({
          kind: 'trusts',
          from: kcId,
          to: ca,
          purpose: 'verify-server',
          peer: 'kube-apiserver',
          via: null,
          source: 'convention',
          span: null,
          inferred: true,
        });
    for (const { view } of apiserversAt(null, near))
      b.edge({
        kind: 'points-to',
        from: kcId,
        to: view.nodeId,
        purpose: 'cluster',
        peer: 'kube-apiserver',
        via: null,
        source: 'convention',
        span: null,
        inferred: true,
      });
  };

  // --- edges of the flags in effect
  for (const v of views) {
    for (const r of RELATIONS) {
      if (r.component !== v.instance.component) continue;
      const f = v.flag(r.flag);
      if (!f?.value) continue;
      const items = r.list ? splitList(f.value) : [f.value.trim()];
      const targets: string[] = [];
      for (const p of items) {
        for (const to of resolve(p, r.file, v.hostKey, v.conventions ? r.role : null, v.distribution)) {
          targets.push(to);
          const target = b.nodes.get(to);
          const e = b.edge({
            kind: r.edge,
            from: v.nodeId,
            to,
            purpose: r.purpose,
            peer: r.peer,
            via: `--${r.flag}`,
            source: f.source,
            span: f.span,
            inferred: target?.inferred ?? true,
          });
          relationOf.set(e, r);
          if (r.file === 'kubeconfig' && v.conventions) expandInferredKubeconfig(to, v);
        }
      }
      const kf = r.keyFlag ? v.flag(r.keyFlag) : null;
      const cert = targets[0];
      if (kf?.value && cert) {
        const key = resolve(
          kf.value.trim(),
          'private-key',
          v.hostKey,
          v.conventions ? r.role : null,
          v.distribution,
        )[0]!;
        b.edge({
          kind: 'key-of',
          from: key,
          to: cert,
          purpose: null,
          via: `--${r.keyFlag}`,
          source: kf.source,
          span: kf.span,
          inferred: true,
        });
      }
    }
    // no --tls-cert-file: the component serves a certificate it makes itself (or, the kubelet, asks the cluster for);
    // a distribution passes flags of its own that the workspace may not show (k3s's are known in part): not told
    const self = pki.selfSigned.find((s) => s.component === v.instance.component);
    if (self && v.conventions && !v.flag('tls-cert-file')) {
      const dir = v.flag(self.dirFlag)?.value?.trim() ?? null;
      const rotated = self.unless && self.rotated && v.flag(self.unless)?.value === 'true' ? self.rotated : null;
      const file = rotated?.file ?? self.file;
      const path = dir ? joinPath(dir, file) : null;
      const id = path ? `path:${path}${v.hostKey ? `@${v.hostKey}` : ''}` : `memory:${v.instance.id}/${file}`;
      if (!b.nodes.has(id)) {
        b.node({
          id,
          kind: 'certificate',
          label: `${basename(file)}@${v.instance.host?.name ?? v.instance.component}`,
          path,
          inferred: true,
          role: null,
          subject: null,
          issuer: null,
          notAfter: null,
          sans: null,
          isCA: null,
        });
        if (rotated) {
          const caFlag = views
            .find((x) => x.instance.component === 'kube-controller-manager')
            ?.flag('cluster-signing-cert-file');
          const p = caFlag?.value?.trim() ?? authorityPath(rotated.signer, pki.certificatesDir);
          if (p) conventionSigner.set(id, { path: p, authority: rotated.signer });
        } else selfSignedByConvention.add(id);
      }
      const e = b.edge({
        kind: 'presents',
        from: v.nodeId,
        to: id,
        purpose: 'server',
        peer: 'clients',
        via: '--tls-cert-file',
        source: 'default',
        span: null,
        inferred: true,
      });
      const rel = RELATIONS.find((x) => x.component === v.instance.component && x.flag === 'tls-cert-file');
      if (rel) relationOf.set(e, rel);
    }
  }

  // --- edges of the kubeconfigs in the workspace
  for (const k of kubeconfigFiles) {
    const kc = k.file.kubeconfig!;
    const kcLabel = basename(k.place);
    const users = kc.users.filter((u) => u.certificate || u.certificateFile);
    // a kubeconfig only a distribution's flags name (k3s `cred/controller.kubeconfig`): the files it names are its
    const dist = byConventions.has(k.id) ? null : (byDistribution.get(k.id) ?? null);
    for (const c of kc.clusters) {
      c.caCertificates.forEach((cert, j) => {
        const id =
          byFingerprint.get(cert.info.fingerprintSha256) ??
          realCertNode(
            uniqueId(`${k.id}#clusters[${c.name}]${j > 0 ? `#${j + 1}` : ''}`),
            cert.info.subject.commonName ?? `${kcLabel}[${c.name}]`,
            k.place,
            null,
            cert,
          ).id;
        b.edge({
          kind: 'trusts',
          from: k.id,
          to: id,
          purpose: 'verify-server',
          peer: 'kube-apiserver',
          via: c.caVia,
          source: 'field',
          span: cert.span,
          inferred: false,
        });
      });
      if (c.caFile)
        for (const to of resolve(c.caFile.path, 'ca', null, null, dist))
          b.edge({
            kind: 'trusts',
            from: k.id,
            to,
            purpose: 'verify-server',
            peer: 'kube-apiserver',
            via: c.caFile.via,
            source: 'field',
            span: c.caFile.span,
            inferred: b.nodes.get(to)?.inferred ?? true,
          });
      const host = c.server ? (/^[a-z]+:\/\/(\[[^\]]+\]|[^/:]+)/i.exec(c.server)?.[1] ?? null) : null;
      for (const { view, sure } of apiserversAt(c.server, null)) {
        const e = b.edge({
          kind: 'points-to',
          from: k.id,
          to: view.nodeId,
          purpose: 'cluster',
          peer: 'kube-apiserver',
          via: `clusters[${c.name}].cluster.server`,
          source: 'field',
          span: c.serverSpan,
          inferred: !sure,
        });
        if (host) serverHosts.set(e, host.replace(/^\[|\]$/g, ''));
      }
    }
    for (const u of kc.users) {
      let certId: string | null = null;
      if (u.certificate) {
        certId =
          byFingerprint.get(u.certificate.info.fingerprintSha256) ??
          realCertNode(
            uniqueId(`${k.id}#users[${u.name}]`),
            users.length <= 1 ? kcLabel : `${kcLabel}[${u.name}]`,
            k.place,
            k.role,
            u.certificate,
          ).id;
        if (k.role) noteConventionSigner(certId, null, k.role, k.place);
        b.edge({
          kind: 'presents',
          from: k.id,
          to: certId,
          purpose: 'client',
          peer: 'kube-apiserver',
          via: u.certificateVia,
          source: 'field',
          span: u.certificate.span,
          inferred: false,
        });
      } else if (u.certificateFile) {
        certId = resolve(u.certificateFile.path, 'certificate', null, dist ? null : k.role, dist)[0]!;
        b.edge({
          kind: 'presents',
          from: k.id,
          to: certId,
          purpose: 'client',
          peer: 'kube-apiserver',
          via: u.certificateFile.via,
          source: 'field',
          span: u.certificateFile.span,
          inferred: b.nodes.get(certId)?.inferred ?? true,
        });
      }
      let keyId: string | null = null;
      let keyVia = u.keyVia;
      let keySpan: Span | null = null;
      if (u.key) {
        keyId = keyNode(uniqueId(`${k.id}#users[${u.name}]/key`), `${kcLabel}#key`, k.place, null, u.key).id;
        keySpan = u.key.span;
      } else if (u.keyFile) {
        keyId = resolve(u.keyFile.path, 'private-key', null, null, dist)[0]!;
        keyVia = u.keyFile.via;
        keySpan = u.keyFile.span;
      }
      if (keyId && certId)
        b.edge({
          kind: 'key-of',
          from: keyId,
          to: certId,
          purpose: null,
          via: keyVia,
          source: 'field',
          span: keySpan,
          inferred: true,
        });
    }
  }

  // --- who signs what: verified signatures between the certificates in the workspace, else kubeadm's layout
  const selfSigned = new Set<string>(selfSignedByConvention);
  const signerVerdicts = new Map<string, Map<string, boolean | null>>();
  const hasRealSigner = new Set<string>();
  const reals = [...materials.entries()];
  for (const [certId, c] of reals) {
    const verdicts = new Map<string, boolean | null>();
    const failed: string[] = [];
    for (const [caId, ca] of reals) {
      if (!couldHaveSigned(ca.material, c.material)) continue;
      const v = await verifyCached(c.material, c.fp, ca.material, ca.fp);
      if (caId === certId || c.fp === ca.fp) {
        if (v !== false) selfSigned.add(certId);
        continue;
      }
      verdicts.set(caId, v);
      if (v === false) failed.push(caId);
      else {
        hasRealSigner.add(certId);
        b.edge({
          kind: 'signs',
          from: caId,
          to: certId,
          purpose: null,
          via: null,
          source: 'content',
          span: null,
          inferred: v === null,
        });
      }
    }
    if (!hasRealSigner.has(certId) && failed[0])
      b.edge({
        kind: 'signs',
        from: failed[0],
        to: certId,
        purpose: null,
        via: null,
        source: 'content',
        span: null,
        inferred: false,
        broken: true,
      });
    signerVerdicts.set(certId, verdicts);
  }
  const conventionSignerNode = new Map<string, string>();
  const distributionOnly = (id: string) => byDistribution.has(id) && !byConventions.has(id);
  // a workspace file only a distribution's flags name: its kubeadm name (a Talos `ca.crt`) would say what it is not
  for (const [id, distribution] of byDistribution) {
    const n = b.nodes.get(id);
    if (!n || !distributionOnly(id)) continue;
    n.distribution = distribution;
    if (n.role === null) continue;
    if (n.path && n.label.startsWith(n.role)) n.label = `${basename(n.path)}${n.label.slice(n.role.length)}`;
    n.role = null;
  }
  for (const [certId, s] of [...conventionSigner]) {
    if (hasRealSigner.has(certId) || selfSigned.has(certId) || distributionOnly(certId)) continue;
    const caId = resolve(s.path, 'ca', nodeHost.get(certId) ?? null, s.authority)[0]!;
    if (caId === certId) continue;
    conventionSignerNode.set(certId, caId);
    // both in the workspace: their contents said no
    if (materials.has(certId) && materials.has(caId)) continue;
    b.edge({
      kind: 'signs',
      from: caId,
      to: certId,
      purpose: null,
      via: null,
      source: 'convention',
      span: null,
      inferred: true,
    });
  }

  const authorityOf = (id: string): string | null => {
    const n = b.nodes.get(id);
    if (!n) return null;
    if (n.role && pki.authorities.some((a) => a.id === n.role)) return n.role;
    return null;
  };
  const signedBy = (certId: string, caId: string): SignedAnswer => {
    if (certId === caId) return { result: selfSigned.has(certId), inferred: !materials.has(certId) };
    const c = materials.get(certId);
    const ca = materials.get(caId);
    if (c && ca) {
      if (!couldHaveSigned(ca.material, c.material)) return { result: false, inferred: false };
      const v = signerVerdicts.get(certId)?.get(caId);
      return v === undefined || v === null ? { result: true, inferred: true } : { result: v, inferred: false };
    }
    if (selfSigned.has(certId)) return { result: false, inferred: true };
    // a real certificate's issuer against the name kubeadm gives the CA at that path
    const caNode = b.nodes.get(caId);
    const certNode = b.nodes.get(certId);
    if (c && caNode?.inferred && caNode.subject && certNode?.issuer)
      return { result: caNode.subject === certNode.issuer, inferred: true };
    const conv = conventionSignerNode.get(certId);
    if (conv === caId) return { result: true, inferred: true };
    const convAuthority = conventionSigner.get(certId)?.authority ?? null;
    const caAuthority = authorityOf(caId);
    if (convAuthority && caAuthority) return { result: convAuthority === caAuthority, inferred: true };
    if (ca && certNode?.inferred && certNode.issuer && caNode?.subject)
      return { result: caNode.subject === certNode.issuer, inferred: true };
    return { result: null, inferred: true };
  };

  // --- keys and the certificates they belong to
  const keyOfEdges = () => b.edges.filter((e) => e.kind === 'key-of');
  const hasKeyOf = new Set(keyOfEdges().map((e) => e.from));
  // kubeadm's layout pairs a key with its certificate in the same folder (ca.key with ca.crt, sa.key with sa.pub)
  const byPath = new Map<string, TrustNode[]>();
  for (const n of b.nodes.values()) {
    if (!n.path) continue;
    const list = byPath.get(n.path);
    if (list) list.push(n);
    else byPath.set(n.path, [n]);
  }
  for (const n of [...b.nodes.values()]) {
    if (n.kind !== 'key' || !n.path || hasKeyOf.has(n.id) || distributionOnly(n.id)) continue;
    const role = roleOfPath(n.path, pki);
    if (!role) continue;
    let partner: string | null = null;
    if (role.kind === 'authority-key') {
      const a = pki.authorities.find((x) => x.id === role.id);
      partner = a ? joinPath(role.dir, a.file) : null;
    } else if (role.kind === 'certificate-key') {
      const c = pki.certificates.find((x) => x.id === role.id);
      partner = c ? joinPath(role.dir, c.file) : null;
    } else if (role.kind === 'private-key') {
      const k = pki.keyPairs.find((x) => x.id === role.id);
      partner = k ? joinPath(role.dir, k.public) : null;
    }
    const to = partner
      ? byPath.get(partner)?.find((x) => x.id !== n.id && (nodeHost.get(x.id) ?? null) === (nodeHost.get(n.id) ?? null))
      : undefined;
    if (to) {
      hasKeyOf.add(n.id);
      b.edge({
        kind: 'key-of',
        from: n.id,
        to: to.id,
        purpose: null,
        via: null,
        source: 'convention',
        span: null,
        inferred: true,
      });
    }
  }
  // a certificate and its key in one PEM file (kubelet-client-current.pem)
  for (const e of fileNodes.values())
    if (e.certs[0] && e.private[0] && !hasKeyOf.has(e.private[0]))
      b.edge({
        kind: 'key-of',
        from: e.private[0],
        to: e.certs[0],
        purpose: null,
        via: null,
        source: 'content',
        span: null,
        inferred: true,
      });
  for (const e of keyOfEdges()) {
    const pk = publicIds.get(e.from) ?? null;
    const pc = publicIds.get(e.to) ?? null;
    if (pk && pc) {
      e.inferred = false;
      e.broken = pk !== pc;
    }
  }

  // --- a certificate others trust, or that signs others, is a CA
  const actsAsCA = new Set<string>();
  for (const e of b.edges) {
    if (e.kind === 'signs' && !e.broken) actsAsCA.add(e.from);
    if (e.kind === 'trusts' && e.purpose !== 'verify-service-account-tokens') actsAsCA.add(e.to);
    if (e.kind === 'presents' && e.purpose === 'sign-certificates') actsAsCA.add(e.to);
  }
  for (const n of b.nodes.values())
    if (n.kind === 'certificate' && (n.isCA === true || authorityOf(n.id) !== null || actsAsCA.has(n.id)))
      n.kind = 'ca';

  const ctx: TrustContext = {
    pki,
    now,
    b,
    views,
    documents,
    files: input.files,
    publicIds,
    signedBy,
    textOf: input.textOf,
    relationOf,
    serverHosts,
  };
  const findings = runChecks(ctx, severities);
  return { model: b.model(), findings };
}
