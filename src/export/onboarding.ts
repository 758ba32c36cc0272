/**
 * The onboarding document as data: what the Markdown (markdown.ts) and HTML (html.ts) exports render, so both say
 * the same. Made from an export bundle of a redacted workspace (bundle.ts): every value is the JSON report's (secret
 * values are masks there too), the explanations are ours (content/<lang>/flags). Pure.
 */
import { COMPONENT_IDS, type ComponentId } from '../model/types';
import type { ReportComponent, ReportEffectiveFlag, ReportFinding, ReportTrustNode } from './report';
import type { ExportBundle } from './bundle';
import { t, tDynamic } from '../i18n';
import { countText } from './network';

/** A listener's source in words (`default`, `set`), as the text report writes it. */
const sourceWord = (source: string) => tDynamic(`report.text.network.source.${source}`);

export interface DocFlag {
  name: string;
  value: string | null;
  /** One line of ours (content/<lang>/flags), null for a flag we do not know. */
  summary: string | null;
  /** Our longer explanation (Markdown of content/, not user text), null when none. */
  explanation: string | null;
  /** Where the value comes from, in words: `kube-apiserver.yaml:25`, `kubeadm's value`, `default of v1.31`. */
  from: string;
  /** The file and line within `from` (`kube-apiserver.yaml:25`, code in the exports), null when it names none. */
  fromWhere: string | null;
  /** Value notes: default, kubeadm's value, deprecated, security. */
  notes: string[];
}

export interface DocComponent {
  /** For links within the document: `kube-apiserver-cp1`. */
  anchor: string;
  title: string;
  component: string;
  about: string;
  host: string | null;
  version: string | null;
  documents: string[];
  configFile: string | null;
  counts: { set: number; config: number; kubeadm: number; default: number };
  /** Written in its files, its configuration file or by kubeadm. */
  flags: DocFlag[];
  /** Security-relevant flags left at their default. */
  securityDefaults: DocFlag[];
  findings: ReportFinding[];
}

export interface DocTable {
  head: string[];
  rows: string[][];
}

/** A graph as a self-contained SVG document (src/graphs' string-SVG functions), drawn inline. */
export interface DocGraph {
  id: string;
  title: string;
  svg: string;
  /** The same graph as a Mermaid flowchart (what Markdown viewers such as GitHub draw), when it reads as one. */
  mermaid: string | null;
}

/** The security audit in short: per instance how many checks pass and fail, then each failure. */
export interface DocAudit {
  benchmark: string | null;
  summary: DocTable;
  failures: DocTable;
}

export interface OnboardingDocument {
  title: string;
  /** `2026-12-02 15:04 UTC`, or null (tests leave the date out). */
  generated: string | null;
  intro: string[];
  components: DocComponent[];
  findings: ReportFinding[];
  certificates: DocTable | null;
  ports: DocTable | null;
  audit: DocAudit | null;
  graphs: DocGraph[];
  files: DocTable;
}

/** A heading's anchor: lower case, letters, digits and dashes. */
export function anchorOf(text: string, taken: Set<string>): string {
  const base =
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'section';
  let a = base;
  for (let i = 2; taken.has(a); i++) a = `${base}-${i}`;
  taken.add(a);
  return a;
}

// a default's version is in its `from` (`default of v1.31.2`): the notes do not say it again
function flagNotes(f: ReportEffectiveFlag): string[] {
  const notes: string[] = [];
  if (f.status === 'deprecated') notes.push(t('doc.note.deprecated'));
  if (f.status === 'removed') notes.push(t('doc.note.removed'));
  if (f.status === 'unknown') notes.push(t('doc.note.unknown'));
  if (f.source !== 'default' && f.source !== 'cut' && f.default !== null)
    notes.push(f.value === f.default ? t('doc.note.isDefault') : t('doc.note.default', { value: f.default }));
  if (f.source === 'set' && f.kubeadm !== null && f.kubeadm !== f.value)
    notes.push(t('doc.note.kubeadm', { value: f.kubeadm }));
  if (f.security) notes.push(t('doc.note.security'));
  for (const o of f.overridden)
    notes.push(t('doc.note.overridden', { where: `${o.file}:${o.line}`, reason: tDynamic(`doc.reason.${o.reason}`) }));
  return notes;
}

function fromText(f: ReportEffectiveFlag, version: string | null): string {
  switch (f.source) {
    case 'set':
      return f.file ? `${f.file}:${f.line ?? '?'}` : t('doc.from.set');
    case 'config':
      return t('doc.from.config', { where: f.file ? `${f.file}:${f.line ?? '?'}` : '' });
    case 'kubeadm':
      return t('doc.from.kubeadm');
    case 'default':
      return version ? t('doc.from.defaultOf', { version }) : t('doc.from.default');
    case 'templated':
      return t('doc.from.templated', { where: f.file ? `${f.file}:${f.line ?? '?'}` : '?' });
    case 'cut':
      return t('doc.from.cut');
  }
}

function certificatesTable(bundle: ExportBundle): DocTable | null {
  const trust = bundle.report.trust;
  if (!trust) return null;
  const byId = new Map(trust.nodes.map((n) => [n.id, n]));
  const certs = trust.nodes
    .filter((n) => n.kind === 'ca' || n.kind === 'certificate')
    .sort((a, b) => Number(b.kind === 'ca') - Number(a.kind === 'ca') || a.label.localeCompare(b.label));
  if (certs.length === 0) return null;
  const dn = (s: string | null) =>
    s === null
      ? '-'
      : s
          .split(', ')
          .map((p) => p.replace(' = ', '='))
          .filter((p) => /^(CN|O)=/.test(p))
          .reverse()
          .join(' ') || s;
  const users = (n: ReportTrustNode) =>
    [
      ...new Set(
        trust.edges
          .filter((e) => e.to === n.id && (e.kind === 'presents' || e.kind === 'trusts'))
          .map((e) => `${byId.get(e.from)?.label ?? e.from}${e.via?.startsWith('--') ? ` ${e.via}` : ''}`),
      ),
    ].join(t('doc.separator')) || '-';
  return {
    head: [
      t('doc.cert.name'),
      t('doc.cert.subject'),
      t('doc.cert.issuer'),
      t('doc.cert.expires'),
      t('doc.cert.sans'),
      t('doc.cert.file'),
      t('doc.cert.usedBy'),
    ],
    rows: certs.map((n) => [
      n.kind === 'ca' ? t('ui.withNote', { text: n.label, note: 'CA' }) : n.label,
      dn(n.subject),
      dn(n.issuer),
      n.notAfter
        ? n.daysLeft === null
          ? n.notAfter.slice(0, 10)
          : t('doc.cert.until', {
              date: n.notAfter.slice(0, 10),
              left: n.daysLeft < 0 ? t('doc.cert.expired') : t('doc.cert.daysLeft', { days: countText(n.daysLeft) }),
            })
        : '-',
      n.sans && n.sans.length > 0 ? n.sans.join(t('doc.listSeparator')) : '-',
      n.file ??
        (n.path ? t('doc.cert.inferredPath', { path: n.path, inferred: t('doc.inferred') }) : t('doc.inferred')),
      users(n),
    ]),
  };
}

function portsTable(bundle: ExportBundle): DocTable | null {
  const network = bundle.report.network;
  if (!network || network.listeners.length === 0) return null;
  const rows = [...network.listeners]
    .sort(
      (a, b) =>
        (a.host ?? '').localeCompare(b.host ?? '') ||
        (a.port ?? 65536) - (b.port ?? 65536) ||
        a.address.localeCompare(b.address),
    )
    .map((l) => [
      l.host ?? t('doc.noHost'),
      l.port === null ? t('doc.port.random') : String(l.port),
      l.address,
      l.protocol,
      l.component,
      l.purpose,
      l.file !== null
        ? `${l.file}:${l.line ?? '?'}`
        : l.version
          ? t('doc.port.sourceVersion', { source: sourceWord(l.source), version: l.version })
          : sourceWord(l.source),
      [
        l.insecure ? t('doc.port.insecure') : '',
        l.implied ? t('doc.port.implied') : '',
        l.network === 'pod' ? t('doc.port.podNetwork') : '',
      ]
        .filter(Boolean)
        .join(t('report.text.listSeparator')),
    ]);
  return {
    head: [
      t('doc.port.host'),
      t('doc.port.port'),
      t('doc.port.address'),
      t('doc.port.protocol'),
      t('doc.port.component'),
      t('doc.port.purpose'),
      t('doc.port.from'),
      t('doc.port.notes'),
    ],
    rows,
  };
}

function auditSection(bundle: ExportBundle): DocAudit | null {
  const audit = bundle.report.audit;
  if (!audit || audit.length === 0) return null;
  const instances = [...new Set(audit.map((r) => r.instance))];
  const count = (i: string, s: string) => audit.filter((r) => r.instance === i && r.status === s).length;
  const severity = { high: 0, medium: 1, low: 2 } as const;
  const failures = audit
    .filter((r) => r.status === 'fail')
    .sort(
      (a, b) =>
        severity[a.severity] - severity[b.severity] || a.section.localeCompare(b.section, 'en', { numeric: true }),
    );
  return {
    benchmark: bundle.report.auditBenchmark ?? null,
    summary: {
      head: [
        t('doc.audit.instance'),
        t('doc.audit.pass'),
        t('doc.audit.fail'),
        t('doc.audit.manual'),
        t('doc.audit.na'),
      ],
      rows: instances.map((i) => [
        i,
        countText(count(i, 'pass')),
        countText(count(i, 'fail')),
        countText(count(i, 'manual')),
        countText(count(i, 'not-applicable')),
      ]),
    },
    failures: {
      head: [
        t('doc.audit.section'),
        t('doc.audit.severity'),
        t('doc.audit.instance'),
        t('doc.audit.check'),
        t('doc.audit.actual'),
        t('doc.audit.fix'),
      ],
      rows: failures.map((r) => [
        r.section,
        tDynamic(`report.text.audit.severity.${r.severity}`),
        r.instance,
        r.title,
        [r.actual, r.kubeadmDefault ? t('doc.audit.kubeadmDefault') : ''].filter(Boolean).join(t('doc.separator')) ||
          '-',
        r.fix?.text ?? '-',
      ]),
    },
  };
}

function componentSection(bundle: ExportBundle, c: ReportComponent, taken: Set<string>): DocComponent {
  const catalogue = bundle.kb.catalogue(c.component as ComponentId);
  const doc = (name: string) => catalogue?.flags.get(name) ?? null;
  const toFlag = (f: ReportEffectiveFlag): DocFlag => {
    const d = doc(f.name);
    return {
      name: f.name,
      value: f.value,
      summary: d?.summary ?? null,
      explanation: d?.explanation?.trim() ? d.explanation.trim() : null,
      from: fromText(f, c.version),
      fromWhere: f.file && f.source !== 'kubeadm' && f.source !== 'default' ? `${f.file}:${f.line ?? '?'}` : null,
      notes: flagNotes(f),
    };
  };
  const files = new Set(c.documents.map((d) => d.file));
  const title = c.host
    ? t('doc.componentOn', { component: c.component, host: c.host })
    : t('doc.componentNoHost', { component: c.component });
  const count = (s: ReportEffectiveFlag['source']) => c.flags.filter((f) => f.source === s).length;
  return {
    anchor: anchorOf(`${c.component}-${c.host ?? ''}`, taken),
    title,
    component: c.component,
    about: tDynamic(`doc.about.${c.component}`),
    host: c.host,
    version: c.version,
    documents: c.documents.map((d) => `${d.file}:${d.line}`),
    configFile: c.configFile,
    counts: { set: count('set'), config: count('config'), kubeadm: count('kubeadm'), default: count('default') },
    flags: c.flags.filter((f) => f.source !== 'default').map(toFlag),
    securityDefaults: c.flags.filter((f) => f.source === 'default' && f.security && f.value !== null).map(toFlag),
    findings: bundle.report.findings.filter((f) => files.has(f.file)),
  };
}

export interface OnboardingOptions {
  /** The date line; null leaves it out. */
  generated?: Date | null;
  title?: string;
  graphs?: DocGraph[];
}

export function onboardingDocument(bundle: ExportBundle, options: OnboardingOptions = {}): OnboardingDocument {
  const { report } = bundle;
  const taken = new Set<string>([
    'contents',
    'overview',
    'findings',
    'certificates',
    'ports',
    'graphs',
    'audit',
    'files',
    'components',
  ]);
  const order = (c: ReportComponent) => {
    const i = COMPONENT_IDS.indexOf(c.component as ComponentId);
    return i < 0 ? COMPONENT_IDS.length : i;
  };
  const sorted = [...(report.components ?? [])].sort(
    (a, b) => order(a) - order(b) || (a.host ?? '').localeCompare(b.host ?? ''),
  );
  const components = sorted.map((c) => componentSection(bundle, c, taken));
  const hosts = [...new Set(components.map((c) => c.host).filter((h): h is string => h !== null))];
  const versions = [...new Set(components.map((c) => c.version).filter((v): v is string => v !== null))];
  const generated = options.generated === undefined ? new Date() : options.generated;
  return {
    title: options.title ?? t('doc.title'),
    generated: generated ? `${generated.toISOString().slice(0, 16).replace('T', ' ')} UTC` : null,
    intro: [
      t('doc.intro.what', {
        components: countText(components.length),
        hosts: countText(hosts.length),
        files: countText(report.files.length),
        versions:
          versions.length > 0 ? versions.map((v) => `v${v}`).join(t('doc.listSeparator')) : t('doc.versionUnknown'),
      }),
      t('doc.intro.how'),
      t('doc.intro.secrets'),
    ],
    components,
    findings: report.findings,
    certificates: certificatesTable(bundle),
    ports: portsTable(bundle),
    audit: auditSection(bundle),
    graphs: options.graphs ?? [],
    files: {
      head: [t('doc.file.name'), t('doc.file.kind'), t('doc.file.documents')],
      rows: report.files.map((f) => [
        f.file,
        tDynamic(`report.text.kind.${f.kind}`),
        f.documents.map((d) => d.label).join(t('doc.separator')) || '-',
      ]),
    },
  };
}
