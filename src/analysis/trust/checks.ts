/**
 * Findings about certificate trust, over the model index.ts built: broken trust (a CA flag that does not name the
 * CA of the certificate the other side presents, a kubeconfig CA that did not sign the server's certificate, service
 * account keys that do not pair up), certificates (expired or expiring, SANs a client dials missing, a key of another
 * certificate, a CA without CA basic constraints, a client certificate without client auth), and the files of a
 * static Pod (a file a flag names that no hostPath mount covers, a mount nothing uses). Language-free: a rule and its
 * params; the words are in content/<lang>/rules.yaml. A broken trust marks its edges `broken`.
 */
import ipaddr from 'ipaddr.js';
import type { RuleId } from '../../generated/ids';
import { message, type MessageParams } from '../../model/message';
import type { DocumentId, Span } from '../../model/span';
import type { FieldOccurrence, Severity, SourceDocument } from '../../model/types';
import { sameHost } from '../../effective';
import type { EffectiveFlag } from '../../effective';
import { makeFinding, type FindingLocation, type RuleSeverities } from '../rules';
import type { Finding } from '../types';
import type { InstanceView, SignedAnswer, TrustContext } from './index';
import type { TrustEdge, TrustNode } from './model';
import { PAIR_CHECKS } from './relations';
import { isUnderNormalized, normalizePath, roleOfPath } from './paths';

const DAY_MS = 86_400_000;
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1)$/i;

const splitList = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The host of a URL (`https://[::1]:2379` -> `::1`), null when it is not one. */
export function urlHost(url: string): string | null {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(\[[^\]]+\]|[^/:,]+)/i.exec(url.trim());
  return m?.[1]?.replace(/^\[|\]$/g, '') ?? null;
}

/** A SAN list covers a name: an IP by the IP SANs, a DNS name by the DNS SANs (one `*.` label wildcard). */
export function sansCover(sans: { dns: string[]; ip: string[] }, name: string): boolean {
  if (ipaddr.isValid(name)) {
    const want = ipaddr.process(name).toNormalizedString();
    return sans.ip.some((ip) => ipaddr.isValid(ip) && ipaddr.process(ip).toNormalizedString() === want);
  }
  const n = name.toLowerCase().replace(/\.$/, '');
  return sans.dns.some((d) => {
    const s = d.toLowerCase().replace(/\.$/, '');
    if (s === n) return true;
    return s.startsWith('*.') && n.endsWith(s.slice(1)) && !n.slice(0, -s.length + 1).includes('.');
  });
}

/** The first address of a CIDR (the `kubernetes` Service's ClusterIP is the first IP of the service range). */
export function firstServiceIp(cidr: string): string | null {
  try {
    const [addr, bits] = ipaddr.parseCIDR(cidr.trim());
    const bytes = addr.toByteArray();
    const len = bytes.length;
    const mask = (i: number) => {
      const b = Math.min(8, Math.max(0, bits - i * 8));
      return (0xff << (8 - b)) & 0xff;
    };
    const network = bytes.map((x, i) => x & mask(i));
    network[len - 1] = (network[len - 1] ?? 0) + 1;
    return ipaddr.fromByteArray(network).toString();
  } catch {
    return null;
  }
}

class Checker {
  readonly findings: Finding[] = [];
  private readonly seen = new Set<string>();
  private readonly byFrom = new Map<string, TrustEdge[]>();
  private readonly byTo = new Map<string, TrustEdge[]>();

  constructor(
    private readonly ctx: TrustContext,
    private readonly severities: RuleSeverities,
  ) {
    for (const e of ctx.b.edges) {
      const f = this.byFrom.get(e.from);
      if (f) f.push(e);
      else this.byFrom.set(e.from, [e]);
      const t = this.byTo.get(e.to);
      if (t) t.push(e);
      else this.byTo.set(e.to, [e]);
    }
  }

  to(id: string): readonly TrustEdge[] {
    return this.byTo.get(id) ?? [];
  }

  /** The edges from a node (the checks add none). */
  from(id: string): readonly TrustEdge[] {
    return this.byFrom.get(id) ?? [];
  }

  node(id: string): TrustNode | undefined {
    return this.ctx.b.nodes.get(id);
  }

  label(id: string): string {
    return this.node(id)?.label ?? id;
  }

  edges(filter: (e: TrustEdge) => boolean): TrustEdge[] {
    return this.ctx.b.edges.filter(filter);
  }

  /** The document a span is in (the instance's command document when none contains it). */
  documentAt(span: Span, fallback: InstanceView | null): DocumentId | null {
    for (const f of this.ctx.files) {
      if (f.file.fileId !== span.fileId) continue;
      const d = f.documents.find(
        (x) => x.document.range.start <= span.range.start && span.range.end <= x.document.range.end,
      );
      if (d) return d.document.id;
    }
    const cmd = fallback?.instance.documents.find((d) => d.role === 'command') ?? fallback?.instance.documents[0];
    return cmd?.documentId ?? null;
  }

  where(span: Span | null, view: InstanceView | null, node?: TrustNode): FindingLocation | null {
    if (span) return { ...span, documentId: this.documentAt(span, view) };
    if (node?.span) return { ...node.span, documentId: node.documentId };
    if (view?.span) return { ...view.span, documentId: this.documentAt(view.span, view) };
    return null;
  }

  add(rule: RuleId, params: MessageParams, where: FindingLocation | null, key: string, severity?: Severity): void {
    if (!where) return;
    const k = `${rule}\0${key}`;
    if (this.seen.has(k)) return;
    this.seen.add(k);
    this.findings.push(makeFinding(this.severities, rule, params, where, severity ? { severity } : {}));
  }
}

const basis = (answers: readonly SignedAnswer[]) =>
  message(answers.every((a) => !a.inferred) ? 'trust.basis-verified' : 'trust.basis-inferred');

/** Whether a kube-apiserver's --etcd-servers reach an etcd instance (or the two are the only ones). */
function reaches(api: InstanceView, etcd: InstanceView, etcds: readonly InstanceView[]): boolean {
  const urls = splitList(api.flag('etcd-servers')?.value ?? '');
  const names = (v: InstanceView) =>
    new Set(
      [
        ...(v.instance.host?.addresses ?? []),
        v.instance.host?.name ?? '',
        ...splitList(v.flag('advertise-client-urls')?.value ?? '').map((u) => urlHost(u) ?? ''),
        ...splitList(v.flag('listen-client-urls')?.value ?? '').map((u) => urlHost(u) ?? ''),
      ]
        .filter((x) => x && !LOOPBACK.test(x) && x !== '0.0.0.0')
        .map((x) => x.toLowerCase()),
    );
  const hit = (v: InstanceView) =>
    urls.some((u) => {
      const h = urlHost(u)?.toLowerCase();
      if (!h) return false;
      if (LOOPBACK.test(h)) return sameHost(api.instance.host, v.instance.host);
      return names(v).has(h);
    });
  if (hit(etcd)) return true;
  return !etcds.some(hit) && etcds.length === 1;
}

export function runChecks(ctx: TrustContext, severities: RuleSeverities): Finding[] {
  const c = new Checker(ctx, severities);
  const views = ctx.views;
  const ofComponent = (name: string) => views.filter((v) => v.instance.component === name);
  const from = (v: InstanceView, kind: TrustEdge['kind'], flag: string) =>
    c.from(v.nodeId).filter((e) => e.kind === kind && e.via === `--${flag}`);
  const flagOf = (v: InstanceView, name: string): EffectiveFlag | null => v.flag(name);
  /** Every CA in `trusted` answered no; null when nothing is trusted or some answer is not no. */
  const rejected = (certId: string, trusted: readonly TrustEdge[]): SignedAnswer[] | null => {
    if (trusted.length === 0) return null;
    const answers = trusted.map((t) => ctx.signedBy(certId, t.to));
    return answers.every((a) => a.result === false) ? answers : null;
  };

  // 1. a CA flag on one side, the certificate the other side presents
  for (const pc of PAIR_CHECKS) {
    const presenters = ofComponent(pc.presenter.component);
    for (const v of ofComponent(pc.verifier.component)) {
      if (pc.when && flagOf(v, pc.when.flag)?.value === 'false') continue;
      const trusted = from(v, 'trusts', pc.verifier.flag);
      if (trusted.length === 0) continue;
      const peers =
        pc.pairs === 'same'
          ? [v]
          : pc.pairs === 'all'
            ? presenters
            : presenters.filter((p) =>
                v.instance.component === 'kube-apiserver'
                  ? reaches(v, p, presenters)
                  : reaches(p, v, ofComponent(pc.verifier.component)),
              );
      for (const p of peers) {
        const presented = from(p, 'presents', pc.presenter.flag)[0];
        if (!presented) continue;
        const answers = rejected(presented.to, trusted);
        if (!answers) continue;
        for (const t of trusted) t.broken = true;
        c.add(
          pc.rule,
          {
            component: v.instance.component,
            flag: pc.verifier.flag,
            ca: c.label(trusted[0]!.to),
            peer: p.instance.id,
            peerFlag: pc.presenter.flag,
            cert: c.label(presented.to),
            basis: basis(answers),
          },
          c.where(trusted[0]!.span, v),
          `${v.nodeId}\0${p.nodeId}`,
        );
      }
    }
  }

  // 2. kubeconfigs: the API server's client CA signed their client certificates; their CA signed its serving one
  const kubeconfigs = [...ctx.b.nodes.values()].filter((n) => n.kind === 'kubeconfig');
  for (const api of ofComponent('kube-apiserver')) {
    const clientCAs = from(api, 'trusts', 'client-ca-file');
    const serving = from(api, 'presents', 'tls-cert-file')[0];
    for (const kc of kubeconfigs) {
      // a server URL that names none of the API servers (a load balancer, another cluster) is not checked
      const pointing = c.edges(
        (e) =>
          e.kind === 'points-to' && e.from === kc.id && e.to === api.nodeId && !(e.source === 'field' && e.inferred),
      );
      if (pointing.length === 0) continue;
      const usedBy = c.to(kc.id).find((e) => e.kind === 'points-to');
      for (const p of c.from(kc.id).filter((e) => e.kind === 'presents' && e.purpose === 'client')) {
        const answers = rejected(p.to, clientCAs);
        if (!answers) continue;
        p.broken = true;
        c.add(
          'client-ca-mismatch',
          { ca: c.label(clientCAs[0]!.to), kubeconfig: kc.label, cert: c.label(p.to), basis: basis(answers) },
          c.where(clientCAs[0]!.span, api),
          `${api.nodeId}\0${p.to}`,
        );
      }
      const cas = c.from(kc.id).filter((e) => e.kind === 'trusts');
      if (!serving) continue;
      const answers = rejected(serving.to, cas);
      if (!answers) continue;
      for (const t of cas) t.broken = true;
      const view = usedBy ? (views.find((v) => v.nodeId === usedBy.from) ?? api) : api;
      c.add(
        'kubeconfig-ca-mismatch',
        {
          kubeconfig: kc.label,
          ca: c.label(cas[0]!.to),
          component: api.instance.id,
          cert: c.label(serving.to),
          basis: basis(answers),
        },
        c.where(cas[0]!.span ?? usedBy?.span ?? null, view, kc),
        `${kc.id}\0${api.nodeId}`,
      );
    }
  }

  // 3. service-account keys: what signs tokens must pair with what the API servers verify them with
  const keyIdentity = (id: string): string | null => {
    const n = c.node(id);
    if (!n?.path) return null;
    const r = roleOfPath(n.path, ctx.pki);
    if (!r) return null;
    const pair = r.kind === 'private-key' || r.kind === 'public-key' ? 'pair' : 'cert';
    return `${pair}:${r.id}@${r.dir}`;
  };
  const sameKey = (a: string, b: string): SignedAnswer => {
    if (a === b) return { result: true, inferred: !(ctx.publicIds.get(a) ?? null) };
    const pa = ctx.publicIds.get(a) ?? null;
    const pb = ctx.publicIds.get(b) ?? null;
    if (pa && pb) return { result: pa === pb, inferred: false };
    const ia = keyIdentity(a);
    const ib = keyIdentity(b);
    return ia && ib ? { result: ia === ib, inferred: true } : { result: null, inferred: true };
  };
  const verifiers = (api: InstanceView) => {
    const list = from(api, 'trusts', 'service-account-key-file');
    if (list.length > 0) return { keys: list.map((e) => e.to), flag: 'service-account-key-file' };
    const tlsKey = c
      .edges((e) => e.kind === 'key-of' && e.via === '--tls-private-key-file')
      .find((e) => from(api, 'presents', 'tls-cert-file').some((p) => p.to === e.to));
    return { keys: tlsKey ? [tlsKey.from] : [], flag: 'tls-private-key-file' };
  };
  const checkSigner = (signer: InstanceView, flag: string, apis: readonly InstanceView[]) => {
    const edge = from(signer, 'presents', flag)[0];
    if (!edge) return;
    for (const api of apis) {
      const { keys, flag: apiFlag } = verifiers(api);
      if (keys.length === 0) continue;
      const answers = keys.map((k) => sameKey(edge.to, k));
      if (!answers.every((a) => a.result === false)) continue;
      edge.broken = true;
      c.add(
        'service-account-key-mismatch',
        {
          component: signer.instance.component,
          flag,
          key: c.label(edge.to),
          apiserver: api.instance.id,
          apiFlag,
          keys: { list: keys.map((k) => c.label(k)), join: 'and' },
          basis: basis(answers),
        },
        c.where(edge.span, signer),
        `${signer.nodeId}\0${api.nodeId}`,
      );
    }
  };
  for (const kcm of ofComponent('kube-controller-manager'))
    checkSigner(kcm, 'service-account-private-key-file', ofComponent('kube-apiserver'));
  for (const api of ofComponent('kube-apiserver')) checkSigner(api, 'service-account-signing-key-file', [api]);

  // 4. certificates in the workspace
  const warnMs = ctx.pki.expiryWarningDays * DAY_MS;
  const utc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  for (const n of ctx.b.nodes.values()) {
    const cert = n.certificate;
    if (!cert) continue;
    const end = Date.parse(cert.notAfter);
    const where = n.span ? { ...n.span, documentId: n.documentId } : null;
    if (end < ctx.now)
      c.add(
        'certificate-expired',
        { cert: n.label, notAfter: utc(cert.notAfter), days: Math.floor((ctx.now - end) / DAY_MS) },
        where,
        n.id,
      );
    else if (end - ctx.now < warnMs)
      c.add(
        'certificate-expiring',
        { cert: n.label, notAfter: utc(cert.notAfter), days: Math.floor((end - ctx.now) / DAY_MS) },
        where,
        n.id,
      );
    if (n.kind === 'ca' && cert.isCA !== true)
      c.add('ca-not-ca', { cert: n.label, subject: cert.subject }, where, n.id);
  }
  for (const e of c.edges((x) => x.kind === 'presents' && (x.purpose === 'client' || x.purpose === 'peer'))) {
    const n = c.node(e.to);
    const eku = n?.certificate?.extendedKeyUsage;
    if (!n || !eku || eku.length === 0 || eku.includes('clientAuth') || eku.includes('anyExtendedKeyUsage')) continue;
    c.add(
      'client-cert-no-client-auth',
      { cert: n.label, via: e.via ?? '', usages: { list: eku, join: 'comma' } },
      n.span ? { ...n.span, documentId: n.documentId } : null,
      n.id,
    );
  }
  for (const e of c.edges((x) => x.kind === 'key-of' && x.broken)) {
    const key = c.node(e.from);
    const view = views.find((v) => e.span && v.instance.documents.some((d) => d.fileId === e.span?.fileId)) ?? null;
    c.add(
      'key-certificate-mismatch',
      { key: c.label(e.from), cert: c.label(e.to), via: e.via ?? '' },
      c.where(e.span, view, key),
      `${e.from}\0${e.to}`,
    );
  }

  // 5. SANs of the serving certificates a client dials
  checkSans(ctx, c);

  // 6. static Pods: files the flags name and the hostPath mounts that make them visible
  for (const v of views) checkMounts(ctx, c, v);

  // 7. kubeconfigs whose clusters do not verify the API server's certificate
  checkInsecureKubeconfigs(ctx, c);

  return c.findings;
}

/** The names a client dials that the serving certificates in the workspace must cover (content/pki.yaml). */
function checkSans(ctx: TrustContext, c: Checker): void {
  const kubeadmField = (path: string): string | null => {
    for (const d of ctx.documents.values())
      if (d.document.kind === 'kubeadm-config') {
        const f = d.document.fields.find((x) => x.path === path && x.value);
        if (f?.value) return f.value;
      }
    return null;
  };
  const written = (v: InstanceView, name: string) => {
    const f = v.flag(name);
    // a template expression or a flag after the cut of a command line: no value to check names against
    return f && f.source !== 'default' && f.source !== 'cut' && f.source !== 'templated'
      ? (f.value ?? '').trim()
      : null;
  };
  const domain = (() => {
    for (const k of ctx.views.filter((v) => v.instance.component === 'kubelet')) {
      const d = written(k, 'cluster-domain');
      if (d) return d.replace(/\.$/, '');
    }
    const field = kubeadmField('networking.dnsDomain');
    if (field) return field;
    for (const a of ctx.views.filter((v) => v.instance.component === 'kube-apiserver')) {
      const issuer = urlHost(written(a, 'service-account-issuer') ?? '');
      if (issuer?.startsWith('kubernetes.default.svc.')) return issuer.slice('kubernetes.default.svc.'.length);
    }
    return null;
  })();
  const etcds = ctx.views.filter((v) => v.instance.component === 'etcd');
  const required = (v: InstanceView, rule: string): string[] => {
    const hosts = (flag: string) =>
      splitList(written(v, flag) ?? '')
        .map(urlHost)
        .filter((h): h is string => h !== null);
    switch (rule) {
      case 'advertise-address':
        return [written(v, 'advertise-address') ?? ''].filter(Boolean);
      case 'first-service-ip': {
        const range = splitList(written(v, 'service-cluster-ip-range') ?? '')[0];
        const ip = range ? firstServiceIp(range) : null;
        return ip ? [ip] : [];
      }
      case 'service-names':
        return [
          'kubernetes',
          'kubernetes.default',
          'kubernetes.default.svc',
          ...(domain ? [`kubernetes.default.svc.${domain}`] : []),
        ];
      case 'control-plane-endpoint': {
        const endpoint = kubeadmField('controlPlaneEndpoint');
        const out = endpoint ? [endpoint.replace(/^\[|\]?(:\d+)?$/g, '').replace(/^\[/, '')] : [];
        for (const [e, host] of ctx.serverHosts) if (e.to === v.nodeId && !e.inferred) out.push(host);
        return out;
      }
      case 'advertise-client-urls':
        return hosts('advertise-client-urls');
      case 'advertise-peer-urls':
        return hosts('initial-advertise-peer-urls');
      case 'etcd-servers': {
        const out: string[] = [];
        for (const a of ctx.views.filter((x) => x.instance.component === 'kube-apiserver'))
          if (reaches(a, v, etcds))
            for (const u of splitList(written(a, 'etcd-servers') ?? '')) {
              const h = urlHost(u);
              if (!h) continue;
              if (LOOPBACK.test(h) ? sameHost(a.instance.host, v.instance.host) : reaches(a, v, [v])) out.push(h);
            }
        return out;
      }
      default:
        return [];
    }
  };
  for (const v of ctx.views) {
    for (const e of c
      .from(v.nodeId)
      .filter((x) => x.kind === 'presents' && (x.purpose === 'server' || x.purpose === 'peer'))) {
      const n = c.node(e.to);
      const cert = n?.certificate;
      if (!n || !cert) continue;
      const roleId = n.role ?? ctx.relationOf.get(e)?.role ?? null;
      const entry = ctx.pki.certificates.find((x) => x.id === roleId);
      if (!entry) continue;
      const sans = { dns: [] as string[], ip: [] as string[] };
      for (const s of cert.sans) (ipaddr.isValid(s) ? sans.ip : sans.dns).push(s);
      const missing = [
        ...new Set(entry.requiredSans.flatMap((r) => required(v, r)).filter((h) => h && h !== '0.0.0.0' && h !== '::')),
      ].filter((h) => !sansCover(sans, h));
      if (missing.length === 0) continue;
      c.add(
        'certificate-san-missing',
        { cert: n.label, component: v.instance.id, missing: { list: missing, join: 'and' } },
        n.span ? { ...n.span, documentId: n.documentId } : null,
        `${n.id}\0${v.nodeId}`,
      );
    }
  }
}

/** `insecure-skip-tls-verify: true` as YAML reads it into the kubeconfig's boolean (client-go's sigs.k8s.io/yaml). */
const YAML_TRUE = /^(true|True|TRUE)$/;

/**
 * A kubeconfig cluster with `insecure-skip-tls-verify: true`: its client accepts any certificate from whoever
 * answers at the server URL (client-go's tls.Config InsecureSkipVerify), so a token or password it holds goes to an
 * impostor. With a CA as well, client-go refuses the entry (transport/transport.go TLSConfigFor: "specifying a root
 * certificates file with the insecure flag is not allowed"): nothing that reads it connects.
 *
 * Severity: an error for a kubeconfig of the control plane - one of kubeadm's (admin.conf, super-admin.conf,
 * controller-manager.conf, scheduler.conf, kubelet.conf: by path, content/pki.yaml) or one a component's flags name
 * (--kubeconfig, --authentication-kubeconfig...) - whose identity reaches every Secret of the cluster; a warning for
 * any other (a user's ~/.kube/config). The kubeconfig's connection edges to the API servers are marked
 * `insecure` (and `broken`).
 */
function checkInsecureKubeconfigs(ctx: TrustContext, c: Checker): void {
  for (const a of ctx.documents.values()) {
    const doc = a.document;
    if (doc.kind !== 'kubeconfig') continue;
    const node = [...ctx.b.nodes.values()].find((n) => n.kind === 'kubeconfig' && n.documentId === doc.id) ?? null;
    const usedByComponent =
      node !== null && c.to(node.id).some((e) => e.kind === 'points-to' && c.node(e.from)?.kind === 'component');
    const controlPlane = node !== null && (node.role !== null || usedByComponent);
    const label = node?.label ?? doc.label.replace(/^kubeconfig /, '');
    for (const cl of doc.kubeconfig.clusters) {
      const field = doc.fields.find(
        (f) =>
          f.path === 'clusters[].cluster.insecure-skip-tls-verify' &&
          f.keyRange.start >= cl.range.start &&
          f.keyRange.end <= cl.range.end &&
          YAML_TRUE.test((f.value ?? '').trim()),
      );
      if (!field) continue;
      const range = { start: field.keyRange.start, end: field.valueRange?.end ?? field.keyRange.end };
      const where = { fileId: doc.fileId, range, documentId: doc.id };
      if (node)
        for (const e of c.from(node.id))
          if (e.kind === 'points-to' && e.via === `clusters[${cl.name}].cluster.server`) {
            e.insecure = true;
            e.broken = true;
          }
      const params = { kubeconfig: label, cluster: cl.name, server: cl.server ?? '' };
      if (cl.certificateAuthority !== null)
        c.add(
          'kubeconfig-insecure-with-ca',
          {
            ...params,
            ca: cl.certificateAuthority === 'file' ? 'certificate-authority' : 'certificate-authority-data',
          },
          where,
          `${doc.id}\0${cl.name}`,
        );
      else
        c.add(
          'kubeconfig-insecure-skip-tls-verify',
          params,
          where,
          `${doc.id}\0${cl.name}`,
          controlPlane ? 'error' : undefined,
        );
    }
  }
}

interface Item {
  fields: Map<string, FieldOccurrence>;
  start: number;
}

/**
 * The items of a list of maps from a document's flat fields (`spec.volumes[].name`, ...): an item starts at a key
 * written after `-` or `{` (YAML block and flow, JSON), or at a key its item already has.
 */
function items(fields: readonly FieldOccurrence[], prefix: string, text: string): Item[] {
  const out: Item[] = [];
  let cur: Item | null = null;
  for (const f of fields) {
    if (!f.path.startsWith(prefix)) continue;
    const key = f.path.slice(prefix.length);
    const top = !key.includes('.') && !key.includes('[');
    if (top) {
      let i = f.keyRange.start - 1;
      while (i >= 0 && /[\s"']/.test(text[i] ?? '')) i--;
      const opens = text[i] === '-' || text[i] === '{';
      if (!cur || opens || cur.fields.has(key)) {
        cur = { fields: new Map(), start: f.keyRange.start };
        out.push(cur);
      }
    }
    if (cur) cur.fields.set(key, f);
  }
  return out;
}

function checkMounts(ctx: TrustContext, c: Checker, v: InstanceView): void {
  for (const d of v.instance.documents) {
    if (d.role !== 'command' || d.kind !== 'static-pod') continue;
    const annotated = ctx.documents.get(d.documentId);
    const doc: SourceDocument | undefined = annotated?.document;
    const text = ctx.textOf(d.fileId);
    if (!doc || text === undefined) continue;
    const fields = doc.fields;
    const anchor = doc.flags[0]?.nameRange.start ?? doc.binaryRange?.start ?? null;
    const containers = items(fields, 'spec.containers[].', text);
    const container =
      (anchor === null ? null : [...containers].reverse().find((x) => x.start <= anchor)) ?? containers[0];
    if (!container) continue;
    const next = containers[containers.indexOf(container) + 1]?.start ?? Infinity;
    const ownFields = fields.filter(
      (f) =>
        f.path.startsWith('spec.containers[].volumeMounts[].') &&
        f.keyRange.start >= container.start &&
        f.keyRange.start < next,
    );
    const mounts = items(ownFields, 'spec.containers[].volumeMounts[].', text).map((it) => ({
      name: it.fields.get('name')?.value ?? null,
      path: it.fields.get('mountPath')?.value ?? null,
      field: it.fields.get('mountPath') ?? null,
    }));
    const volumes = items(fields, 'spec.volumes[].', text).map((it) => ({
      name: it.fields.get('name')?.value ?? null,
      hostPath: it.fields.get('hostPath.path')?.value ?? null,
    }));
    // a fragment or a Pod written without any volume: nothing to compare with
    if (mounts.length === 0 && volumes.length === 0) continue;
    const hostMounts = mounts.filter(
      (m): m is typeof m & { path: string } =>
        m.path !== null && volumes.some((x) => x.name === m.name && x.hostPath !== null),
    );
    const mountPaths = hostMounts.map((m) => normalizePath(m.path));
    const covered = (p: string) => {
      const n = normalizePath(p);
      return mountPaths.some((m) => isUnderNormalized(n, m));
    };

    for (const f of v.effective.flags) {
      if (f.source !== 'set' || !f.span || f.span.fileId !== d.fileId || f.value === null) continue;
      if (f.span.range.start < doc.range.start || f.span.range.end > doc.range.end) continue;
      for (const p of splitList(f.value).filter((x) => x.startsWith('/')))
        if (!covered(p))
          c.add(
            'file-not-mounted',
            { component: v.instance.component, flag: f.name, path: p },
            c.where(f.span, v),
            `${v.nodeId}\0${f.name}\0${p}`,
          );
    }

    // what the component reads: path values of its flags (defaults too), the files its kubeconfigs name
    const used: string[] = [];
    for (const f of v.effective.flags) if (f.value) used.push(...splitList(f.value).filter((x) => x.startsWith('/')));
    for (const e of c.from(v.nodeId).filter((x) => x.kind === 'points-to'))
      for (const k of c.from(e.to).filter((x) => x.kind !== 'points-to')) {
        const n = c.node(k.to);
        if (n?.path?.startsWith('/')) used.push(n.path);
      }
    const usedPaths = [...new Set(used.map(normalizePath))];
    const stores = ctx.pki.systemTrustStores.map(normalizePath);
    for (const m of hostMounts) {
      const mp = normalizePath(m.path);
      const inUse =
        usedPaths.some((p) => isUnderNormalized(p, mp) || isUnderNormalized(mp, p)) ||
        stores.some((s) => isUnderNormalized(mp, s) || isUnderNormalized(s, mp));
      if (inUse || !m.field?.valueRange) continue;
      c.add(
        'mount-unused',
        { component: v.instance.component, mount: m.path, volume: m.name ?? '' },
        { fileId: d.fileId, range: m.field.valueRange, documentId: d.documentId },
        `${v.nodeId}\0${m.path}`,
      );
    }
  }
}
