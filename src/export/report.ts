/**
 * The stable machine interface: a plain JSON report of a workspace analysis.
 * Schema documented in README.md ("JSON output"); bump REPORT_SCHEMA_VERSION on breaking changes.
 */
import type { WorkspaceFile } from '../model/types';
import type { FileId } from '../model/span';
import { LineIndex } from '../util/lineIndex';
import type { PresentedAnalysis } from '../present/analysis';
import { secretScrubber, shownFlagValue } from '../present/redact';

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
}

export interface ReportDocument {
  kind: string;
  label: string;
  component: string | null;
  version: string | null;
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

export interface Report {
  schemaVersion: number;
  files: { file: string; kind: string; documents: ReportDocument[] }[];
  findings: ReportFinding[];
}

export function buildReport(files: readonly WorkspaceFile[], analysis: PresentedAnalysis): Report {
  const indexes = new Map(files.map((f) => [f.id, new LineIndex(f.text)]));
  const names = new Map(files.map((f) => [f.id, f.name]));
  const order = new Map(analysis.files.map((f, i) => [f.file.fileId, i]));
  const pos = (fileId: FileId, offset: number) => indexes.get(fileId)?.position(offset) ?? { line: 1, column: 1 };
  // values of secret flags are masked where they are read; any secret text left in a label or message is masked too
  const scrub = secretScrubber(files, analysis, analysis.catalogue);
  const scrubValue = (v: string | null) => (v === null ? null : scrub(v));
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    files: analysis.files.map(({ file, documents }) => ({
      file: file.name,
      kind: file.kind,
      documents: documents.map(({ document, flags }) => ({
        kind: document.kind,
        label: scrub(document.label),
        component: document.component,
        version: document.version?.version ?? null,
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
  };
}

/** Human-readable text form of a report (the CLI's default). */
export function formatReportText(report: Report): string {
  const lines: string[] = [];
  for (const file of report.files) {
    lines.push(`${file.file} (${file.kind})`);
    const where = (f: ReportFlag) => (f.file === file.file ? String(f.line).padStart(4) : `${f.file}:${f.line}`);
    for (const doc of file.documents) {
      const what = [
        doc.component ?? 'unrecognised component',
        doc.version ? `v${doc.version}` : 'version unknown',
      ].join(' ');
      lines.push(`  ${doc.label}: ${what}, ${doc.flags.length} flags`);
      for (const f of doc.flags) {
        const mark = f.status === 'ok' ? ' ' : f.status === 'deprecated' ? '~' : '!';
        const value = f.value === null ? '' : `=${f.value}`;
        const changed = f.differsFromDefault === false ? ' (default)' : '';
        lines.push(`  ${mark} ${where(f)}  --${f.name}${value}${changed}${f.status === 'ok' ? '' : `  [${f.status}]`}`);
        if (f.summary) lines.push(`            ${f.summary}`);
      }
    }
  }
  lines.push('');
  lines.push(report.findings.length === 0 ? 'No findings.' : `${report.findings.length} finding(s):`);
  for (const f of report.findings)
    lines.push(`  ${f.file}:${f.line}:${f.column} ${f.severity} [${f.rule}] ${f.message}`);
  return lines.join('\n');
}
