/**
 * The effective flag table as CSV (RFC 4180: comma, CRLF, fields quoted when they hold a comma, a quote or a line
 * break): one row per flag of every component instance, as the Effective panel and the JSON report's `components`
 * show it. Values are the report's (secrets are masks). A cell starting with `=`, `+`, `-`, `@` is prefixed with `'`
 * so a spreadsheet does not run it as a formula (flags start with `-`, so the flag column is written without dashes).
 */
import type { Report } from './report';

const HEAD = [
  'component',
  'host',
  'version',
  'flag',
  'value',
  'source',
  'file',
  'line',
  'default',
  'kubeadm',
  'status',
  'security',
  'overridden',
  'provenance',
];

function cell(v: string | number | boolean | null): string {
  if (v === null) return '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function effectiveFlagsCsv(report: Report): string {
  const rows: (string | number | boolean | null)[][] = [HEAD];
  for (const c of report.components ?? [])
    for (const f of c.flags)
      rows.push([
        c.component,
        c.host,
        c.version,
        f.name,
        f.value,
        f.source,
        f.file,
        f.line,
        f.default,
        f.kubeadm,
        f.status,
        f.security,
        f.overridden.map((o) => `${o.source} ${o.file}:${o.line} (${o.reason})`).join('; ') || null,
        f.provenance,
      ]);
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
