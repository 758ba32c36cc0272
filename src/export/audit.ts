/**
 * The `audit` field of the CLI's JSON report (schema 1, added fields), its text form, and `--fail-on`: the security
 * audit's results (src/analysis/audit) with their words (content/<lang>/checks.yaml, src/present/audit.ts).
 */
import type { AuditModel, AuditResult, AuditSeverity, TextEdit } from '../analysis/audit';
import type { FileId } from '../model/span';
import type { MessageCatalogue } from '../present/messages';
import { presentAuditResult, type CheckTexts } from '../present/audit';
import { countText, displayWidth, padDisplay, type ReportPlaces } from './network';
import { t, tDynamic } from '../i18n';

export interface ReportEdit {
  file: string;
  fileIndex: number;
  /** 1-based start and end (end exclusive) of the text to replace; equal for an insertion. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  text: string;
}

export interface ReportAuditResult {
  /** The check's stable id (content/<lang>/checks.yaml). */
  id: string;
  component: string;
  host: string | null;
  /** The instance (`kube-apiserver@cp1`). */
  instance: string;
  title: string;
  status: 'pass' | 'fail' | 'not-applicable' | 'manual';
  severity: AuditSeverity;
  /** The benchmark section (`1.2`). */
  section: string;
  /** The value judged in words (`absent, default true in v1.31.2`); null for manual checks. */
  actual: string | null;
  /** The value itself (a secret's mask, never a secret); null: none. */
  value: string | null;
  expected: string;
  /**
   * Where the value judged comes from; null for checks that read no flag. `cut`: not known, the command line was cut
   * before it; `templated`: a template expression (either makes the check manual).
   */
  source: 'set' | 'config' | 'kubeadm' | 'default' | 'cut' | 'templated' | null;
  file: string | null;
  fileIndex: number | null;
  line: number | null;
  /** Where the result belongs (the flag, else the component's command): SARIF locations, editor markers. */
  at: { file: string; fileIndex: number; line: number; column: number } | null;
  /** Why it does not apply (`--insecure-port was removed in 1.24 ...`). */
  notApplicable: string | null;
  why: string;
  /** Manual checks: what to run by hand. */
  how: string | null;
  /** How to fix it, in words, whatever the status (a manual check's `chmod 600 <path>`). */
  fixText: string;
  /** null unless it fails. */
  fix: {
    text: string;
    change: { kind: string; flag: string; value?: string; item?: string };
    /** The exact edit in the workspace; null when the document to edit is not there (a `ps` line). */
    edit: ReportEdit | null;
    target: string | null;
    /** For a kubeadm cluster: the same change in the kubeadm configuration, so kubeadm upgrade keeps it. */
    kubeadm: {
      kind: string;
      path: string;
      delete: boolean;
      v1beta3: string;
      v1beta4: string;
      edit: ReportEdit | null;
    } | null;
  } | null;
  /** A cluster kubeadm made, and this failure is kubeadm's own choice. */
  kubeadmDefault: boolean;
  peers: { cis: string[]; kubeBench: string[]; checkov: string[]; kubescape: string[]; trivy: string[] };
}

export function reportAudit(
  model: AuditModel,
  catalogue: MessageCatalogue,
  texts: CheckTexts,
  p: ReportPlaces,
): ReportAuditResult[] {
  const edit = (e: TextEdit | null): ReportEdit | null => {
    if (!e) return null;
    const start = p.pos(e.fileId, e.range.start);
    const end = p.pos(e.fileId, e.range.end);
    return {
      file: p.names.get(e.fileId) ?? e.fileId,
      fileIndex: p.order.get(e.fileId) ?? -1,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      text: p.scrub(e.text),
    };
  };
  const where = (fileId: FileId | undefined, offset: number | undefined) =>
    fileId === undefined || offset === undefined
      ? { file: null, fileIndex: null, line: null }
      : { file: p.names.get(fileId) ?? fileId, fileIndex: p.order.get(fileId) ?? -1, line: p.pos(fileId, offset).line };
  return model.results.map((r) => {
    const w = presentAuditResult(r, catalogue, texts);
    const span = r.actual?.span ?? null;
    return {
      id: r.id,
      component: r.component,
      host: r.host === null ? null : p.scrub(r.host),
      instance: p.scrub(r.instanceId),
      title: w.title,
      status: r.status,
      severity: r.severity,
      section: r.section,
      actual: w.actualText === null ? null : p.scrub(w.actualText),
      value: r.actual?.value === undefined || r.actual.value === null ? null : p.scrub(r.actual.value),
      expected: p.scrub(w.expectedText),
      source: r.actual?.source ?? null,
      ...where(span?.fileId, span?.range.start),
      at: r.anchor
        ? {
            file: p.names.get(r.anchor.fileId) ?? r.anchor.fileId,
            fileIndex: p.order.get(r.anchor.fileId) ?? -1,
            ...p.pos(r.anchor.fileId, r.anchor.range.start),
          }
        : null,
      notApplicable: w.notApplicableText,
      why: w.why,
      how: w.how === null ? null : p.scrub(w.how),
      fixText: p.scrub(w.fixText),
      fix: r.fix
        ? {
            text: p.scrub(w.fixText),
            change: { ...r.fix.change, ...('value' in r.fix.change ? { value: p.scrub(r.fix.change.value) } : {}) },
            edit: edit(r.fix.edit),
            target: r.fix.target,
            kubeadm: r.fix.kubeadm
              ? {
                  kind: r.fix.kubeadm.kind,
                  path: r.fix.kubeadm.path,
                  delete: r.fix.kubeadm.delete,
                  v1beta3: p.scrub(r.fix.kubeadm.v1beta3),
                  v1beta4: p.scrub(r.fix.kubeadm.v1beta4),
                  edit: edit(r.fix.kubeadm.edit),
                }
              : null,
          }
        : null,
      kubeadmDefault: r.kubeadmDefault,
      peers: r.peers,
    };
  });
}

const RANK: Record<AuditSeverity, number> = { high: 0, medium: 1, low: 2 };

/** Whether a failed result is at or above `threshold` (`--fail-on medium`: high and medium). */
export function atOrAbove(severity: AuditSeverity, threshold: AuditSeverity): boolean {
  return RANK[severity] <= RANK[threshold];
}

/** The failures that make `--fail-on <severity>` exit non-zero. */
export function failuresAtOrAbove(
  results: readonly Pick<AuditResult, 'status' | 'severity'>[],
  threshold: AuditSeverity,
): number {
  return results.filter((r) => r.status === 'fail' && atOrAbove(r.severity, threshold)).length;
}

/** The audit in text: counts per component, then each failure with its value and fix, manual checks counted. */
export function formatAuditText(audit: readonly ReportAuditResult[], benchmark: string | null): string[] {
  if (audit.length === 0) return [];
  const lines = ['', t('report.text.audit.heading', { benchmark: benchmark ?? 'CIS' })];
  const groups = new Map<string, ReportAuditResult[]>();
  for (const r of audit) {
    const key = `${r.component}${r.host ? t('report.text.onHost', { host: r.host }) : ''}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const severity = (s: AuditSeverity) => tDynamic(`report.text.audit.severity.${s}`);
  // the severity column as wide as its widest word (`medium`), the lines under a failure indented past `FAIL `
  const severityWidth = Math.max(...Object.keys(RANK).map((s) => displayWidth(severity(s as AuditSeverity))));
  const fail = t('report.text.audit.fail');
  const indent = ' '.repeat(4 + displayWidth(fail) + 1);
  for (const [key, list] of groups) {
    const n = (s: ReportAuditResult['status']) => countText(list.filter((r) => r.status === s).length);
    lines.push(
      `  ${t('report.text.audit.counts', { component: key, pass: n('pass'), fail: n('fail'), manual: n('manual'), na: n('not-applicable') })}`,
    );
    for (const r of list.filter((x) => x.status === 'fail')) {
      const cis = r.peers.cis[0] ?? r.id;
      const at = r.file ? t('report.text.audit.at', { where: `${r.file}:${r.line ?? ''}` }) : '';
      const kubeadm = r.kubeadmDefault ? ` [${t('report.text.audit.kubeadmDefault')}]` : '';
      lines.push(`    ${fail} ${padDisplay(severity(r.severity), severityWidth)} ${cis}  ${r.title}${kubeadm}`);
      lines.push(`${indent}${t('report.text.audit.found', { actual: r.actual ?? '-', expected: r.expected })}${at}`);
      if (r.fix?.text) lines.push(`${indent}${t('report.text.audit.fix', { fix: r.fix.text.replace(/\s+/g, ' ') })}`);
    }
  }
  return lines;
}
