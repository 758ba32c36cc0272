/**
 * The security audit as SARIF 2.1.0 (`npm run explain -- ... --format sarif`), for GitHub code scanning and other
 * SARIF viewers: one rule per check (its title, why it matters, how to fix, CIS number and peers as tags, a
 * security-severity), one result per failed check and component instance, located at the flag, or at the
 * component's command when the flag is absent, with the fix as a SARIF fix (the exact replacement) where the file
 * to edit is in the input. Built from the JSON report (src/export/audit.ts), so secrets are already masked.
 * tests/unit/sarif.test.ts validates the output against the 2.1.0 schema (tests/fixtures/sarif/).
 */
import type { AuditSeverity } from '../analysis/audit';
import type { Report } from './report';
import type { ReportAuditResult, ReportEdit } from './audit';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Record<AuditSeverity, 'error' | 'warning' | 'note'> = { high: 'error', medium: 'warning', low: 'note' };
/** GitHub code scanning reads `security-severity` (0-10): high 7-8.9, medium 4-6.9, low 0.1-3.9. */
const SECURITY_SEVERITY: Record<AuditSeverity, string> = { high: '8.0', medium: '5.5', low: '3.0' };

export interface SarifOptions {
  toolVersion?: string;
}

/** A path as an artifact URI: forward slashes, percent-encoded where needed (relative paths stay relative). */
export function artifactUri(path: string): string {
  const p = path.replace(/\\/g, '/');
  return p
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}

function region(e: Pick<ReportEdit, 'line' | 'column' | 'endLine' | 'endColumn'>) {
  return { startLine: e.line, startColumn: e.column, endLine: e.endLine, endColumn: e.endColumn };
}

function fixOf(r: ReportAuditResult) {
  const edit = r.fix?.edit;
  if (!r.fix || !edit) return [];
  return [
    {
      description: { text: r.fix.text || r.title },
      artifactChanges: [
        {
          artifactLocation: { uri: artifactUri(edit.file) },
          replacements: [{ deletedRegion: region(edit), insertedContent: { text: edit.text } }],
        },
      ],
    },
  ];
}

/** The SARIF log of a report's audit (an empty run when the report has none). */
export function buildSarif(report: Pick<Report, 'audit' | 'auditBenchmark'>, options: SarifOptions = {}) {
  const audit = report.audit ?? [];
  const failed = audit.filter((r) => r.status === 'fail' && r.at !== null);
  const ruleIds = [...new Set(failed.map((r) => r.id))];
  const first = new Map(ruleIds.map((id) => [id, failed.find((r) => r.id === id)!]));
  const rules = ruleIds.map((id) => {
    const r = first.get(id)!;
    const tags = ['security', 'kubernetes', r.component, ...r.peers.cis, ...r.peers.checkov];
    return {
      id,
      name: id.replace(/(^|-)([a-z0-9])/g, (_m, _d: string, c: string) => c.toUpperCase()),
      shortDescription: { text: r.title },
      ...(r.why ? { fullDescription: { text: r.why } } : {}),
      ...(r.fix?.text ? { help: { text: r.fix.text, markdown: r.fix.text } } : {}),
      defaultConfiguration: { level: LEVEL[r.severity] },
      properties: {
        tags,
        precision: 'high',
        'security-severity': SECURITY_SEVERITY[r.severity],
        benchmark: report.auditBenchmark ?? null,
        section: r.section,
      },
    };
  });
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const results = failed.map((r) => {
    const at = r.at!;
    const fixes = fixOf(r);
    return {
      ruleId: r.id,
      ruleIndex: index.get(r.id)!,
      level: LEVEL[r.severity],
      kind: 'fail',
      message: { text: `${r.title}: found ${r.actual ?? '-'}, expected ${r.expected}.` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: artifactUri(at.file) },
            region: { startLine: at.line, startColumn: at.column },
          },
          logicalLocations: [{ name: r.instance, kind: 'module' }],
        },
      ],
      partialFingerprints: { 'kubeExplainerCheck/v1': `${r.id}:${r.instance}` },
      ...(fixes.length > 0 ? { fixes } : {}),
      properties: {
        component: r.component,
        host: r.host,
        source: r.source,
        kubeadmDefault: r.kubeadmDefault,
        ...(r.fix?.kubeadm ? { kubeadm: r.fix.kubeadm } : {}),
      },
    };
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0' as const,
    runs: [
      {
        tool: {
          driver: {
            name: 'kube-explainer',
            ...(options.toolVersion ? { version: options.toolVersion } : {}),
            rules,
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}
