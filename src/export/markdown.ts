/**
 * The onboarding document as Markdown (GitHub-flavoured: tables, a linked table of contents). Every text that comes
 * from the user's files (names, values, paths, messages) goes through escapeInline / codeSpan, so it renders as
 * the text it is; our explanations (content/) stay Markdown. Graphs are Mermaid flowcharts (Markdown has no inline
 * SVG that viewers show): the HTML export draws them as SVG. Pure; the CLI's `--format markdown` is this function.
 */
import { codeSpan, singleLine } from '../util/markdown';
import type { DocFlag, DocTable, OnboardingDocument } from './onboarding';
import type { ReportFinding } from './report';
import { t, tDynamic } from '../i18n';

/**
 * Text in the middle of a line, escaped only where Markdown could start something there: emphasis, code, links and
 * images, HTML and entities, table cells, escapes, and GFM's bare links (`https://`, `www.`, `user@host`). Lighter
 * than escapeMarkdown (which also guards the start of a line), so notes and cells still read in the raw file.
 */
export function escapeInline(text: string): string {
  return singleLine(text)
    .replace(/[\\`*_~[\]!<>&|@]/g, '\\$&')
    .replace(/:\/\//g, '\\://')
    .replace(/\b(www)\./gi, '$1\\.');
}

/** `label: text` with the language's colon (`来源：…`); both already Markdown. */
const labelled = (label: string, text: string) => t('doc.labelled', { label, text });

/** A table cell: escaped text, or a code span with `|` escaped (GFM splits cells at any `|`). */
const cell = (s: string) => escapeInline(s);
const code = (s: string) => codeSpan(s).replace(/\|/g, '\\|');

/** Chinese characters and full-width punctuation: words of the language, never code. */
const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
const NOTED = /^([^\s\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+)(（[^（）]*）| \([^()]*\))$/;

/**
 * A cell of a code column (paths, addresses): code, but a note after it (`/etc/kubernetes/pki/ca.crt（推断）`,
 * `… (inferred)`) is text, and words of the language (`默认值（v1.31.2）`) are never code.
 */
function codeCell(c: string): string {
  if (c === '-') return cell(c);
  const noted = NOTED.exec(c);
  if (noted) return `${code(noted[1]!)}${cell(noted[2]!)}`;
  return CJK.test(c) ? cell(c) : code(c);
}

function table(tbl: DocTable, codeColumns: number[] = []): string[] {
  return [
    `| ${tbl.head.map(cell).join(' | ')} |`,
    `|${tbl.head.map(() => '---').join('|')}|`,
    ...tbl.rows.map((r) => `| ${r.map((c, i) => (codeColumns.includes(i) ? codeCell(c) : cell(c))).join(' | ')} |`),
  ];
}

function flagLine(f: DocFlag): string[] {
  const written = f.value === null ? `--${f.name}` : `--${f.name}=${f.value}`;
  const head = `- ${code(written)}${f.summary ? ` — ${escapeInline(f.summary)}` : ''}`;
  // only the file and line are code (`配置文件 `x.yaml:5``: the words around them are text of the language)
  const at = f.fromWhere === null ? -1 : f.from.indexOf(f.fromWhere);
  const from =
    f.fromWhere === null || at < 0
      ? escapeInline(f.from)
      : `${escapeInline(f.from.slice(0, at))}${code(f.fromWhere)}${escapeInline(f.from.slice(at + f.fromWhere.length))}`;
  const meta = [labelled(t('doc.from'), from), ...f.notes.map(escapeInline)].join(t('doc.separator'));
  return [head, `  <br>${meta}`];
}

function finding(f: ReportFinding): string {
  const where = `**${escapeInline(tDynamic(`report.text.severity.${f.severity}`))}** ${code(f.rule)} ${code(`${f.file}:${f.line}`)}`;
  return `- ${labelled(where, escapeInline(f.message))}`;
}

/** A section: an explicit anchor (a heading's own slug differs per viewer and language), then the heading. */
const section = (id: string, title: string) => [`<a id="${id}"></a>`, '', `## ${title}`, ''];

export function onboardingMarkdown(doc: OnboardingDocument): string {
  // our own words (title, intro, headings, what a component is) are written as they are; user text is escaped
  const out: string[] = [`# ${doc.title}`, ''];
  if (doc.generated) out.push(`*${t('doc.generated', { date: doc.generated })}*`, '');
  for (const p of doc.intro) out.push(p, '');

  out.push(`## ${t('doc.contents')}`, '');
  out.push(`- [${t('doc.overview')}](#overview)`);
  out.push(`- [${t('doc.components')}](#components)`);
  for (const c of doc.components) out.push(`  - [${escapeInline(c.title)}](#${c.anchor})`);
  out.push(`- [${t('doc.findings')}](#findings)`);
  if (doc.certificates) out.push(`- [${t('doc.certificates')}](#certificates)`);
  if (doc.ports) out.push(`- [${t('doc.ports')}](#ports)`);
  if (doc.audit) out.push(`- [${t('doc.audit')}](#audit)`);
  const flowcharts = doc.graphs.filter((g) => g.mermaid !== null);
  if (flowcharts.length > 0) out.push(`- [${t('doc.graphs')}](#graphs)`);
  out.push(`- [${t('doc.files')}](#files)`, '');

  out.push(...section('overview', t('doc.overview')));
  out.push(
    ...table(
      {
        head: [t('doc.col.component'), t('doc.col.host'), t('doc.col.version'), t('doc.col.flags'), t('doc.col.files')],
        rows: doc.components.map((c) => [
          c.component,
          c.host ?? '-',
          c.version ? `v${c.version}` : '-',
          t('doc.counts', c.counts),
          c.documents.join(t('doc.listSeparator')),
        ]),
      },
      [],
    ),
    '',
  );

  out.push(...section('components', t('doc.components')));
  for (const c of doc.components) {
    out.push(`<a id="${c.anchor}"></a>`, '', `### ${escapeInline(c.title)}`, '');
    out.push(c.about, '');
    out.push(
      `- ${labelled(t('doc.col.version'), c.version ? code(`v${c.version}`) : t('doc.versionUnknown'))}`,
      `- ${labelled(t('doc.col.files'), c.documents.map(code).join(t('doc.listSeparator')))}`,
    );
    if (c.configFile) out.push(`- ${labelled(t('doc.configFile'), code(c.configFile))}`);
    out.push(`- ${t('doc.counts', c.counts)}`, '');
    out.push(`#### ${t('doc.flagsSet')}`, '');
    if (c.flags.length === 0) out.push(t('doc.none'), '');
    for (const f of c.flags) out.push(...flagLine(f));
    out.push('');
    if (c.securityDefaults.length > 0) {
      out.push(`#### ${t('doc.securityDefaults')}`, '');
      for (const f of c.securityDefaults) out.push(...flagLine(f));
      out.push('');
    }
    if (c.findings.length > 0) {
      out.push(`#### ${t('doc.findings')}`, '');
      for (const f of c.findings) out.push(finding(f));
      out.push('');
    }
  }

  out.push(...section('findings', t('doc.findings')));
  if (doc.findings.length === 0) out.push(t('doc.noFindings'), '');
  for (const f of doc.findings) out.push(finding(f));
  if (doc.findings.length > 0) out.push('');

  if (doc.certificates)
    out.push(...section('certificates', t('doc.certificates')), ...table(doc.certificates, [5]), '');
  if (doc.ports) out.push(...section('ports', t('doc.ports')), ...table(doc.ports, [2, 6]), '');
  if (doc.audit) {
    out.push(...section('audit', t('doc.audit')));
    if (doc.audit.benchmark) out.push(t('doc.audit.benchmark', { benchmark: doc.audit.benchmark }), '');
    out.push(...table(doc.audit.summary, [0]), '');
    if (doc.audit.failures.rows.length > 0)
      out.push(`### ${t('doc.audit.failures')}`, '', ...table(doc.audit.failures, [2]), '');
  }
  // the graphs as Mermaid flowcharts (GitHub, GitLab and many editors draw them; elsewhere they read as text)
  if (flowcharts.length > 0) {
    out.push(...section('graphs', t('doc.graphs')));
    for (const g of flowcharts) {
      const body = g.mermaid ?? '';
      const fence = '`'.repeat(Math.max(3, ...(body.match(/`+/g) ?? []).map((r) => r.length + 1)));
      out.push(`### ${escapeInline(g.title)}`, '', `${fence}mermaid`, body.trimEnd(), fence, '');
    }
  }
  out.push(...section('files', t('doc.files')), ...table(doc.files, [0]), '');
  return out.join('\n');
}
