/**
 * The stable machine interface: a plain JSON report of a workspace analysis.
 * Schema documented in README.md ("JSON output"); bump REPORT_SCHEMA_VERSION on breaking changes.
 */
import type { WorkspaceFile } from '../model/types';
import type { FileId } from '../model/span';
import { LineIndex } from '../util/lineIndex';
import type { PresentedAnalysis } from '../present/analysis';
import { maskText, secretScrubber, shownFlagValue } from '../present/redact';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import { effectiveConfiguration } from '../effective';
import { flagOccurrenceKey, provenanceAt } from '../analysis/provenance';
import { countText, displayWidth, formatNetworkText, padDisplay, reportNetwork, type ReportNetwork } from './network';
import type { TrustModel } from '../analysis/trust';
import type { CheckTexts } from '../present/audit';
import { formatAuditText, reportAudit, type ReportAuditResult } from './audit';
import { t, tDynamic } from '../i18n';
import { isAssumedVersion } from '../annotate/assumedVersion';

export const REPORT_SCHEMA_VERSION = 1;

export interface ReportFlag {
  name: string;
  /** The file the flag is written in: another file than the document's when it came through `$VAR`. */
  file: string;
  /** That file's index in `files` (two files may have the same name). */
  fileIndex: number;
  /** As written, except a secret (`--token`): then its mask, `••••••• (23 characters)`. */
  value: string | null;
  line: number;
  column: number;
  status: 'ok' | 'deprecated' | 'removed' | 'unknown';
  summary: string | null;
  default: string | null;
  differsFromDefault: boolean | null;
  /**
   * kubeadm clusters: `kubeadm` when the value is what kubeadm writes for this version, `user` when someone added or
   * changed it; null when the component is not kubeadm-made, or for an occurrence that is not the one in effect.
   */
  provenance: 'kubeadm' | 'user' | null;
}

export interface ReportDocument {
  kind: string;
  label: string;
  component: string | null;
  /** The version the document itself says (null when it says none). */
  version: string | null;
  /**
   * A document that says no version (a kubelet `ps` line) but was judged at one assumed from its component's other
   * documents or the workspace's other components (src/annotate/assumedVersion.ts): that version. Absent otherwise.
   */
  assumedVersion?: string;
  line: number;
  flags: ReportFlag[];
}

export interface ReportFinding {
  rule: string;
  severity: string;
  message: string;
  file: string;
  /** The file's index in `files` (two files may have the same name). */
  fileIndex: number;
  line: number;
  column: number;
}

/** One flag of a component instance as it runs: written, from a configuration file, kubeadm's, or the default. */
export interface ReportEffectiveFlag {
  name: string;
  /** The value in effect (a secret's mask instead of a secret); null: none (no default, a bare flag). */
  value: string | null;
  /**
   * `cut`: not known, every command line of the instance was cut before this flag could be read (value null; file and
   * line say where it was cut); `templated`: written as a template expression (the value is the expression).
   */
  source: 'set' | 'config' | 'kubeadm' | 'default' | 'cut' | 'templated';
  /** Where the value is written; null for `kubeadm` and `default`. */
  file: string | null;
  fileIndex: number | null;
  line: number | null;
  /** The default at this version: the binary's, or the configuration file's where it applies (`configDefault`). */
  default: string | null;
  /** Present (true) only when `default` is the configuration file's (a kubelet with a KubeletConfiguration). */
  configDefault?: true;
  /** With `configDefault` or `defaultBy`: the flag's own default, which does not apply. */
  flagDefault?: string | null;
  /** Present only when `default` is what a distribution (k3s, RKE2) passes to the component: its name. */
  defaultBy?: string;
  /** What kubeadm writes at this version, null when it does not set the flag. */
  kubeadm: string | null;
  status: 'ok' | 'deprecated' | 'removed' | 'unknown';
  security: boolean;
  /** kubeadm clusters: as ReportFlag.provenance, for a written flag (null for defaults and non-kubeadm components). */
  provenance: 'kubeadm' | 'user' | null;
  /** Written elsewhere but not in effect: where, and why (`flag-wins`, `config-wins`, `ignored-with-config`...). */
  overridden: { source: string; reason: string; file: string; line: number }[];
}

/** A running component on one host, with every flag of its version. */
export interface ReportComponent {
  component: string;
  /** Node name when known (`inferred`: from another component on the same address, or the only host). */
  host: string | null;
  hostAddresses: string[];
  hostInferred: boolean;
  version: string | null;
  /** `version` is assumed (none of its documents says it; from its other documents or the workspace's components). */
  versionAssumed: boolean;
  documents: { file: string; fileIndex: number; line: number; role: string }[];
  /** The configuration file its command names, when it names one. */
  configFile: string | null;
  /**
   * The distribution that runs it, when its documents are a distribution's (`k3s`, `RKE2`, `Talos`, `kind`,
   * `minikube`): its defaults are that distribution's where they differ from the binary's.
   */
  distribution?: string | null;
  /** Most flags kubeadm always writes for this version are there with kubeadm's values. */
  kubeadmMade: boolean;
  /** kubeadm-made only: flags kubeadm always writes for this version that are missing here (someone removed them). */
  kubeadmMissing: { flag: string; kubeadm: string }[];
  flags: ReportEffectiveFlag[];
  /**
   * Documents of role `observed` (a `ps` line, `kubectl describe`, `crictl inspect` of a component whose static Pod
   * or unit is here), compared with the flags above: each flag where the running process differs (`running`: it
   * shows another value, or a flag the configuration does not set; `not-running`: the configuration sets it, the
   * process was started without it). Values of secrets are null.
   */
  observed: ReportObserved[];
}

export interface ReportObserved {
  file: string;
  line: number;
  /** The observation was cut (a `ps` row at the terminal's width): flags after the cut are not compared. */
  cut: boolean;
  flags: number;
  differences: {
    name: string;
    kind: 'running' | 'not-running';
    observed: string | null;
    /** null for a not-running flag */
    observedLine: number | null;
    effective: string | null;
    source: string;
    file: string | null;
    line: number | null;
  }[];
}

/** A CA, certificate, key, kubeconfig or component of the certificate trust model (fields that do not apply: null). */
export interface ReportTrustNode {
  id: string;
  kind: 'ca' | 'certificate' | 'key' | 'kubeconfig' | 'component';
  label: string;
  path: string | null;
  /** Not in the workspace: known by a path and kubeadm's conventions only (its subject is the one kubeadm writes). */
  inferred: boolean;
  subject: string | null;
  issuer: string | null;
  notAfter: string | null;
  sans: string[] | null;
  isCA: boolean | null;
  /** kubeadm's name for it (content/pki.yaml): `apiserver`, `etcd-ca`, `sa`, `admin.conf`. */
  role: string | null;
  /** Whole days to notAfter at the analysis time, in UTC (negative: expired). */
  daysLeft: number | null;
  /** Where it is in the workspace. */
  file: string | null;
  fileIndex: number | null;
  line: number | null;
}

/** Who signs, presents, trusts or points at what, and the flag or field that says so. */
export interface ReportTrustEdge {
  kind: 'signs' | 'presents' | 'trusts' | 'key-of' | 'points-to';
  from: string;
  to: string;
  purpose: string | null;
  /** Where the flag or field that made it is written; null for defaults and kubeadm's conventions. */
  file: string | null;
  line: number | null;
  /** Not confirmed by the files' contents (paths and conventions only). */
  inferred: boolean;
  broken: boolean;
  /**
   * Present (always `true`) only on a kubeconfig's connection to an API server that verifies no certificate at all
   * (`insecure-skip-tls-verify: true`; such an edge is `broken` too); absent on every other edge.
   */
  insecure?: true;
  /** The flag (`--etcd-cafile`) or field (`users[admin].user.client-certificate-data`), null for conventions. */
  via: string | null;
  /** `set`, `config`, `kubeadm`, `default` (a flag), `field`, `content`, `convention`. */
  source: string;
  /** The other end of a connection (`etcd`, `kubelet`, `clients`...). */
  peer: string | null;
  fileIndex: number | null;
}

export interface Report {
  schemaVersion: number;
  files: { file: string; kind: string; documents: ReportDocument[] }[];
  findings: ReportFinding[];
  /** One entry per component instance (needs the knowledge base: buildReport's `kb`). */
  components?: ReportComponent[];
  /** Listeners per host, connections, netstat / ss output compared (src/export/network.ts). */
  network?: ReportNetwork;
  /** The certificate trust model (src/analysis/trust). */
  trust?: { nodes: ReportTrustNode[]; edges: ReportTrustEdge[] };
  /** The benchmark the security audit used (`cis-1.11`), with the audit. */
  auditBenchmark?: string;
  /** The security audit: one result per check and component instance (src/export/audit.ts). */
  audit?: ReportAuditResult[];
}

export function buildReport(
  files: readonly WorkspaceFile[],
  analysis: PresentedAnalysis,
  options: { kb?: KnowledgeBase; checks?: CheckTexts } = {},
): Report {
  const indexes = new Map(files.map((f) => [f.id, new LineIndex(f.text)]));
  const names = new Map(files.map((f) => [f.id, f.name]));
  const order = new Map(analysis.files.map((f, i) => [f.file.fileId, i]));
  const pos = (fileId: FileId, offset: number) => indexes.get(fileId)?.position(offset) ?? { line: 1, column: 1 };
  // values of secret flags are masked where they are read; any secret text left in a label or message is masked too
  const scrub = secretScrubber(files, analysis, analysis.catalogue);
  const scrubValue = (v: string | null) => (v === null ? null : scrub(v));
  const provenance = provenanceAt(analysis.provenance ?? []);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    files: analysis.files.map(({ file, documents }) => ({
      file: file.name,
      kind: file.kind,
      documents: documents.map(({ document, flags, assumed }) => ({
        kind: document.kind,
        label: scrub(document.label),
        component: document.component,
        version: document.version?.version ?? null,
        ...(!document.version && assumed ? { assumedVersion: assumed.version.version } : {}),
        line: pos(document.fileId, document.range.start).line,
        flags: flags.map((f) => {
          const p = pos(f.occurrence.fileId, f.occurrence.nameRange.start);
          return {
            name: f.canonical ?? f.occurrence.name,
            file: names.get(f.occurrence.fileId) ?? f.occurrence.fileId,
            fileIndex: order.get(f.occurrence.fileId) ?? -1,
            value: scrubValue(shownFlagValue(f, analysis.catalogue)),
            line: p.line,
            column: p.column,
            // "not yet available" is reported to scripts as unknown: that binary does not know the flag.
            status: f.status === 'not-yet' ? 'unknown' : f.status,
            summary: f.doc?.summary ?? null,
            default: f.doc?.default ?? null,
            differsFromDefault: f.differsFromDefault,
            provenance: provenance.get(flagOccurrenceKey(f)) ?? null,
          };
        }),
      })),
    })),
    findings: analysis.findings.map((f) => {
      const p = pos(f.fileId, f.range.start);
      return {
        rule: f.rule,
        severity: f.severity,
        message: scrub(f.message),
        file: names.get(f.fileId) ?? f.fileId,
        fileIndex: order.get(f.fileId) ?? -1,
        line: p.line,
        column: p.column,
      };
    }),
    ...(options.kb ? { components: reportComponents(analysis, options.kb, names, order, pos, scrub) } : {}),
    ...(analysis.network ? { network: reportNetwork(analysis.network, { names, order, pos, scrub }) } : {}),
    ...(analysis.trust ? { trust: reportTrust(analysis.trust, names, order, pos, scrub) } : {}),
    ...(analysis.audit
      ? {
          auditBenchmark: analysis.audit.benchmark,
          audit: reportAudit(analysis.audit, analysis.catalogue, options.checks ?? new Map(), {
            names,
            order,
            pos,
            scrub,
          }),
        }
      : {}),
  };
}

function reportTrust(
  trust: TrustModel,
  names: ReadonlyMap<FileId, string>,
  order: ReadonlyMap<FileId, number>,
  pos: (fileId: FileId, offset: number) => { line: number; column: number },
  scrub: (s: string) => string,
): NonNullable<Report['trust']> {
  const at = (span: { fileId: FileId; range: { start: number } } | null) =>
    span
      ? {
          file: names.get(span.fileId) ?? span.fileId,
          fileIndex: order.get(span.fileId) ?? -1,
          line: pos(span.fileId, span.range.start).line,
        }
      : { file: null, fileIndex: null, line: null };
  const text = (v: string | null) => (v === null ? null : scrub(v));
  return {
    nodes: trust.nodes.map((n) => ({
      id: scrub(n.id),
      kind: n.kind,
      label: scrub(n.label),
      path: text(n.path),
      inferred: n.inferred,
      subject: text(n.subject),
      issuer: text(n.issuer),
      notAfter: n.notAfter,
      sans: n.sans ? n.sans.map(scrub) : null,
      isCA: n.isCA,
      role: n.role,
      daysLeft: n.certificate?.daysLeft ?? null,
      ...at(n.kind === 'component' ? null : n.span),
    })),
    edges: trust.edges.map((e) => {
      const where = at(e.span);
      return {
        kind: e.kind,
        from: scrub(e.from),
        to: scrub(e.to),
        purpose: e.purpose,
        file: where.file,
        line: where.line,
        inferred: e.inferred,
        broken: e.broken,
        ...(e.insecure ? { insecure: true as const } : {}),
        via: e.via,
        source: e.source,
        peer: e.peer,
        fileIndex: where.fileIndex,
      };
    }),
  };
}

/** What a certificate is for, from the edges that present or trust it. */
function certificateRole(trust: NonNullable<Report['trust']>, n: ReportTrustNode): string {
  const roles = new Set<string>();
  const role = (purpose: string) => tDynamic(`report.text.cert.role.${purpose}`);
  const sep = t('report.text.listSeparator');
  if (n.kind === 'ca') roles.add('CA');
  for (const e of trust.edges)
    if (e.to === n.id && e.kind === 'presents' && e.purpose)
      roles.add(e.purpose === 'peer' ? `${role('server')}${sep}${role('client')}` : role(e.purpose));
  return [...roles].join(sep) || '-';
}

/** The certificates table, like `kubeadm certs check-expiration` with subject, issuer, SANs, file and users. */
export function formatCertificatesTable(trust: NonNullable<Report['trust']>): string[] {
  const byId = new Map(trust.nodes.map((n) => [n.id, n]));
  const certs = trust.nodes
    .filter((n) => n.kind === 'ca' || n.kind === 'certificate')
    .sort((a, b) => Number(b.kind === 'ca') - Number(a.kind === 'ca') || a.label.localeCompare(b.label));
  if (certs.length === 0) return [];
  const dn = (s: string | null) =>
    s === null
      ? '-'
      : s
          .split(', ')
          .map((p) => p.replace(' = ', '='))
          .filter((p) => /^(CN|O)=/.test(p))
          .reverse()
          .join(' ') || s;
  const rows = certs.map((n) => {
    const users = trust.edges
      .filter((e) => e.to === n.id && (e.kind === 'presents' || e.kind === 'trusts'))
      .map((e) => `${byId.get(e.from)?.label ?? e.from}${e.via?.startsWith('--') ? ` ${e.via}` : ''}`);
    const expires = n.notAfter ? `${n.notAfter.slice(0, 10)} ${n.notAfter.slice(11, 16)} UTC` : '-';
    const left =
      n.daysLeft === null
        ? '-'
        : n.daysLeft < 0
          ? t('report.text.cert.invalid')
          : t('report.text.cert.days', { days: countText(n.daysLeft) });
    return [
      n.label,
      certificateRole(trust, n),
      dn(n.subject),
      dn(n.issuer),
      expires,
      left,
      n.sans && n.sans.length > 0 ? n.sans.join(',') : '-',
      n.file ?? (n.path ? t('report.text.cert.inferredPath', { path: n.path }) : t('report.text.cert.inMemory')),
      [...new Set(users)].join('; ') || '-',
    ];
  });
  const head = (
    ['certificate', 'role', 'subject', 'issuer', 'expires', 'residual', 'sans', 'file', 'usedBy'] as const
  ).map((k) => t(`report.text.cert.${k}`));
  const widths = head.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: string[]) =>
    `  ${cells.map((c, i) => (i === cells.length - 1 ? c : padDisplay(c, widths[i] ?? 0))).join('  ')}`.trimEnd();
  return [line(head), ...rows.map(line)];
}

function reportComponents(
  analysis: PresentedAnalysis,
  kb: KnowledgeBase,
  names: ReadonlyMap<FileId, string>,
  order: ReadonlyMap<FileId, number>,
  pos: (fileId: FileId, offset: number) => { line: number; column: number },
  scrub: (s: string) => string,
): ReportComponent[] {
  const documents = new Map(analysis.files.flatMap((f) => f.documents.map((d) => [d.document.id, d])));
  const provenance = new Map((analysis.provenance ?? []).map((p) => [p.instance, p]));
  return analysis.instances.map((instance) => {
    const e = effectiveConfiguration(instance, (id) => documents.get(id), kb);
    const p = provenance.get(instance.id);
    const judged = new Map((p?.kubeadmMade ? p.flags : []).map((f) => [f.flag, f.provenance]));
    return {
      component: instance.component,
      host: instance.host?.name ?? null,
      hostAddresses: instance.host?.addresses ?? [],
      hostInferred: instance.host?.inferred === true,
      version: instance.version?.version ?? null,
      versionAssumed: isAssumedVersion(instance.version),
      documents: instance.documents.map((d) => ({
        file: names.get(d.fileId) ?? d.fileId,
        fileIndex: order.get(d.fileId) ?? -1,
        line: pos(d.fileId, d.range.start).line,
        role: d.role,
      })),
      configFile: e.configFile ? scrub(e.configFile.path) : null,
      distribution: instance.distribution?.name ?? null,
      kubeadmMade: p?.kubeadmMade === true,
      kubeadmMissing: p?.kubeadmMade ? p.missing.map((m) => ({ flag: m.flag, kubeadm: scrub(m.kubeadm) })) : [],
      flags: e.flags.map((f) => ({
        name: f.name,
        value: f.secret ? maskText(f.secret, analysis.catalogue) : f.value === null ? null : scrub(f.value),
        source: f.source,
        file: f.span ? (names.get(f.span.fileId) ?? f.span.fileId) : null,
        fileIndex: f.span ? (order.get(f.span.fileId) ?? -1) : null,
        line: f.span ? pos(f.span.fileId, f.span.range.start).line : null,
        default: f.default,
        ...(f.configDefault ? { configDefault: true as const, flagDefault: f.flagDefault } : {}),
        ...(f.defaultBy ? { defaultBy: f.defaultBy, flagDefault: f.flagDefault } : {}),
        kubeadm: f.kubeadm,
        status: f.status === 'not-yet' ? 'unknown' : f.status,
        security: f.security,
        provenance: judged.get(f.name) ?? null,
        overridden: f.overridden.map((o) => ({
          source: o.source,
          reason: o.reason,
          file: names.get(o.span.fileId) ?? o.span.fileId,
          line: pos(o.span.fileId, o.span.range.start).line,
        })),
      })),
      observed: e.observed.flatMap((o) => {
        const d = documents.get(o.documentId)?.document;
        if (!d) return [];
        return [
          {
            file: names.get(d.fileId) ?? d.fileId,
            line: pos(d.fileId, d.range.start).line,
            cut: o.cut,
            flags: o.flags,
            differences: o.differences.map((x) => ({
              name: x.name,
              kind: x.kind,
              observed: x.observed === null ? null : scrub(x.observed),
              observedLine: x.observedSpan ? pos(x.observedSpan.fileId, x.observedSpan.range.start).line : null,
              effective: x.effective === null ? null : scrub(x.effective),
              source: x.source,
              file: x.effectiveSpan ? (names.get(x.effectiveSpan.fileId) ?? x.effectiveSpan.fileId) : null,
              line: x.effectiveSpan ? pos(x.effectiveSpan.fileId, x.effectiveSpan.range.start).line : null,
            })),
          },
        ];
      }),
    };
  });
}

/** Human-readable text form of a report (the CLI's default), in the UI language (src/i18n, `report.text.*`). */
export function formatReportText(report: Report): string {
  const lines: string[] = [];
  const sep = t('report.text.listSeparator');
  for (const file of report.files) {
    lines.push(t('report.text.file', { file: file.file, kind: tDynamic(`report.text.kind.${file.kind}`) }));
    const where = (f: ReportFlag) => (f.file === file.file ? String(f.line).padStart(4) : `${f.file}:${f.line}`);
    for (const doc of file.documents) {
      lines.push(
        `  ${t('report.text.document', {
          label: doc.label,
          component: doc.component ?? t('report.text.unrecognisedComponent'),
          version: doc.version
            ? `v${doc.version}`
            : doc.assumedVersion
              ? t('report.text.versionAssumed', { version: doc.assumedVersion })
              : t('report.text.versionUnknown'),
          count: countText(doc.flags.length),
        })}`,
      );
      for (const f of doc.flags) {
        const mark = f.status === 'ok' ? ' ' : f.status === 'deprecated' ? '~' : '!';
        const value = f.value === null ? '' : `=${f.value}`;
        const changed = f.differsFromDefault === false ? t('report.text.flagDefault') : '';
        const status = f.status === 'ok' ? '' : `  [${tDynamic(`report.text.status.${f.status}`)}]`;
        lines.push(`  ${mark} ${where(f)}  --${f.name}${value}${changed}${status}`);
        if (f.summary) lines.push(`            ${f.summary}`);
      }
    }
  }
  if (report.components && report.components.length > 0) {
    lines.push('');
    lines.push(t('report.text.components'));
    for (const c of report.components) {
      const host = c.host
        ? t(c.hostInferred ? 'report.text.onHostInferred' : 'report.text.onHost', { host: c.host })
        : '';
      const count = (s: ReportEffectiveFlag['source']) => c.flags.filter((f) => f.source === s).length;
      const counts = [
        t('report.text.count.set', { count: countText(count('set')) }),
        t('report.text.count.config', { count: countText(count('config')) }),
        t('report.text.count.kubeadm', { count: countText(count('kubeadm')) }),
        t('report.text.count.default', { count: countText(count('default')) }),
        ...(count('templated') > 0 ? [t('report.text.count.templated', { count: countText(count('templated')) })] : []),
        ...(count('cut') > 0 ? [t('report.text.count.cut', { count: countText(count('cut')) })] : []),
      ];
      lines.push(
        `  ${t('report.text.component', {
          component: c.component,
          host,
          version: c.version
            ? c.versionAssumed
              ? t('report.text.versionAssumed', { version: c.version })
              : `v${c.version}`
            : t('report.text.versionUnknown'),
          counts: counts.join(sep),
        })}`,
      );
      const watch = c.flags.filter((f) => f.security && f.source === 'default' && f.value !== null);
      if (watch.length > 0)
        lines.push(
          `    ${t('report.text.securityDefaults', { flags: watch.map((f) => `--${f.name}=${f.value ?? ''}`).join(' ') })}`,
        );
    }
  }
  if (report.trust) {
    const table = formatCertificatesTable(report.trust);
    if (table.length > 0) {
      lines.push('');
      lines.push(t('report.text.certificates'));
      lines.push(...table);
    }
  }
  if (report.network) lines.push(...formatNetworkText(report.network));
  if (report.audit) lines.push(...formatAuditText(report.audit, report.auditBenchmark ?? null));
  lines.push('');
  lines.push(
    report.findings.length === 0
      ? t('report.text.noFindings')
      : t('report.text.findings', { count: countText(report.findings.length) }),
  );
  for (const f of report.findings)
    lines.push(
      `  ${f.file}:${f.line}:${f.column} ${tDynamic(`report.text.severity.${f.severity}`)} [${f.rule}] ${f.message}`,
    );
  return lines.join('\n');
}
