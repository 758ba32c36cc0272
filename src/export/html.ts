/**
 * The onboarding document as one self-contained HTML file: styles inline (print-friendly: A4 margins, no colours
 * that need a screen, tables that break between rows, links printed as their text), graphs as inline SVG, no script,
 * no external resource of any kind (a Content-Security-Policy meta forbids them too), so it opens from disk with no
 * network and prints to PDF through the browser. Every text is escaped; our explanations (Markdown of content/) are
 * rendered by a small converter for paragraphs, lists, code and emphasis. Pure; the CLI's `--format html`.
 */
import type { DocFlag, DocTable, OnboardingDocument } from './onboarding';
import type { ReportFinding } from './report';
import { t, tDynamic } from '../i18n';

/** Text as HTML text or attribute value. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Our own Markdown (content/ explanations) as HTML: paragraphs, `-` lists, `code`, **bold**, *em*; no raw HTML. */
export function markdownToHtml(md: string): string {
  const inline = (s: string) =>
    escapeHtml(s)
      .replace(/`([^`]+)`/g, '<code>$1</code>')
      .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
      .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>')
      .replace(/\[([^\]]+)\]\((https:\/\/[^)\s]+)\)/g, '<a href="$2">$1</a>');
  const blocks = md.trim().split(/\n\s*\n/);
  return blocks
    .map((b) => {
      const lines = b.split('\n');
      if (lines.every((l) => /^\s*[-*] /.test(l) || /^\s{2,}\S/.test(l))) {
        const items: string[] = [];
        for (const l of lines)
          if (/^\s*[-*] /.test(l)) items.push(l.replace(/^\s*[-*] /, ''));
          else items[items.length - 1] += ` ${l.trim()}`;
        return `<ul>${items.map((i) => `<li>${inline(i)}</li>`).join('')}</ul>`;
      }
      if (/^```/.test(b)) return `<pre>${escapeHtml(b.replace(/^```\w*\n?|```$/g, ''))}</pre>`;
      return `<p>${inline(b.replace(/\n/g, ' '))}</p>`;
    })
    .join('\n');
}

const STYLE = `
:root { color-scheme: light; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f24; margin: 0 auto;
  max-width: 70rem; padding: 1.5rem 2rem 4rem; }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; }
h2 { font-size: 1.35rem; border-bottom: 2px solid #d0d7de; padding-bottom: .2rem; margin-top: 2.2rem; }
h3 { font-size: 1.15rem; margin-top: 1.8rem; }
h4 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
code, pre, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .88em; }
code { background: #f3f4f6; padding: 0 .25em; border-radius: 3px; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .88rem; }
th, td { border: 1px solid #d0d7de; padding: .3rem .45rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f6f8fa; white-space: nowrap; overflow-wrap: normal; }
td.nw { white-space: nowrap; overflow-wrap: normal; }
tr { break-inside: avoid; }
.muted { color: #57606a; }
.flag { margin: .2rem 0 .7rem; break-inside: avoid; }
.flag > .name { font-weight: 600; }
.flag .notes { color: #57606a; font-size: .9em; }
.flag details { margin-top: .2rem; }
.flag details p, .flag details ul { margin: .25rem 0; }
.sev-error { color: #b42318; font-weight: 600; }
.sev-warning { color: #9a6700; font-weight: 600; }
.sev-info { color: #0a58ca; font-weight: 600; }
nav ul { list-style: none; padding-left: 1rem; }
nav > ul { padding-left: 0; }
figure { margin: 1rem 0; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-weight: 600; margin-bottom: .4rem; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  a { color: inherit; text-decoration: none; }
  h2 { break-before: page; }
  h2, h3, h4 { break-after: avoid; }
  nav { break-after: page; }
  details > summary { display: none; }
  details::details-content { content-visibility: visible; display: block; }
  details:not([open]) > *:not(summary) { display: block; }
  figure { break-inside: avoid; }
}
`;

/** `mono`: columns of paths and addresses (monospace); `nowrap`: short columns kept on one line. */
function table(tbl: DocTable, monoColumns: number[] = [], nowrap: number[] = []): string {
  const head = tbl.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const rows = tbl.rows
    .map(
      (r) =>
        `<tr>${r
          .map((c, i) => {
            const cls = [monoColumns.includes(i) ? 'mono' : '', nowrap.includes(i) ? 'nw' : '']
              .filter(Boolean)
              .join(' ');
            return `<td${cls ? ` class="${cls}"` : ''}>${escapeHtml(c)}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('\n');
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>`;
}

/** `label: html` with the language's colon (`来源：…`): the label is text, `html` already HTML. */
const labelled = (label: string, html: string) =>
  escapeHtml(t('doc.labelled', { label, text: '\0' })).replace('\0', html);

function flag(f: DocFlag): string {
  const written = f.value === null ? `--${f.name}` : `--${f.name}=${f.value}`;
  const notes = [t('doc.labelled', { label: t('doc.from'), text: f.from }), ...f.notes].map(escapeHtml).join(' · ');
  return [
    `<div class="flag" data-flag="${escapeHtml(f.name)}">`,
    `<div><code class="name">${escapeHtml(written)}</code>${f.summary ? ` — ${escapeHtml(f.summary)}` : ''}</div>`,
    `<div class="notes">${notes}</div>`,
    f.explanation
      ? `<details><summary>${escapeHtml(t('doc.explanation'))}</summary>${markdownToHtml(f.explanation)}</details>`
      : '',
    '</div>',
  ].join('');
}

function finding(f: ReportFinding): string {
  return `<li><span class="sev-${escapeHtml(f.severity)}">${escapeHtml(tDynamic(`report.text.severity.${f.severity}`))}</span> <code>${escapeHtml(f.rule)}</code> <code>${escapeHtml(`${f.file}:${f.line}`)}</code> ${escapeHtml(f.message)}</li>`;
}

export function onboardingHtml(doc: OnboardingDocument): string {
  const out: string[] = [];
  const h = (level: number, id: string | null, text: string) =>
    out.push(`<h${level}${id ? ` id="${escapeHtml(id)}"` : ''}>${escapeHtml(text)}</h${level}>`);
  out.push(
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // nothing may be loaded: not a font, an image, a script or a style from anywhere
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(doc.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
  );
  h(1, null, doc.title);
  if (doc.generated) out.push(`<p class="muted">${escapeHtml(t('doc.generated', { date: doc.generated }))}</p>`);
  for (const p of doc.intro) out.push(`<p>${escapeHtml(p)}</p>`);

  const toc: string[] = [`<li><a href="#overview">${escapeHtml(t('doc.overview'))}</a></li>`];
  toc.push(
    `<li><a href="#components">${escapeHtml(t('doc.components'))}</a><ul>${doc.components
      .map((c) => `<li><a href="#${escapeHtml(c.anchor)}">${escapeHtml(c.title)}</a></li>`)
      .join('')}</ul></li>`,
  );
  toc.push(`<li><a href="#findings">${escapeHtml(t('doc.findings'))}</a></li>`);
  if (doc.certificates) toc.push(`<li><a href="#certificates">${escapeHtml(t('doc.certificates'))}</a></li>`);
  if (doc.ports) toc.push(`<li><a href="#ports">${escapeHtml(t('doc.ports'))}</a></li>`);
  if (doc.audit) toc.push(`<li><a href="#audit">${escapeHtml(t('doc.audit'))}</a></li>`);
  if (doc.graphs.length > 0) toc.push(`<li><a href="#graphs">${escapeHtml(t('doc.graphs'))}</a></li>`);
  toc.push(`<li><a href="#files">${escapeHtml(t('doc.files'))}</a></li>`);
  out.push(`<nav id="contents" aria-label="${escapeHtml(t('doc.contents'))}">`);
  h(2, null, t('doc.contents'));
  out.push(`<ul>${toc.join('\n')}</ul></nav>`);

  h(2, 'overview', t('doc.overview'));
  out.push(
    table(
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
      [4],
      [1, 2],
    ),
  );

  h(2, 'components', t('doc.components'));
  for (const c of doc.components) {
    out.push(`<section class="component" data-component="${escapeHtml(c.component)}">`);
    h(3, c.anchor, c.title);
    out.push(`<p>${escapeHtml(c.about)}</p>`);
    out.push(
      '<ul>',
      `<li>${labelled(t('doc.col.version'), c.version ? `<code>v${escapeHtml(c.version)}</code>` : escapeHtml(t('doc.versionUnknown')))}</li>`,
      `<li>${labelled(t('doc.col.files'), c.documents.map((d) => `<code>${escapeHtml(d)}</code>`).join(escapeHtml(t('doc.listSeparator'))))}</li>`,
      c.configFile ? `<li>${labelled(t('doc.configFile'), `<code>${escapeHtml(c.configFile)}</code>`)}</li>` : '',
      `<li>${escapeHtml(t('doc.counts', c.counts))}</li>`,
      '</ul>',
    );
    h(4, null, t('doc.flagsSet'));
    out.push(c.flags.length === 0 ? `<p>${escapeHtml(t('doc.none'))}</p>` : c.flags.map(flag).join('\n'));
    if (c.securityDefaults.length > 0) {
      h(4, null, t('doc.securityDefaults'));
      out.push(c.securityDefaults.map(flag).join('\n'));
    }
    if (c.findings.length > 0) {
      h(4, null, t('doc.findings'));
      out.push(`<ul>${c.findings.map(finding).join('\n')}</ul>`);
    }
    out.push('</section>');
  }

  h(2, 'findings', t('doc.findings'));
  out.push(
    doc.findings.length === 0
      ? `<p>${escapeHtml(t('doc.noFindings'))}</p>`
      : `<ul>${doc.findings.map(finding).join('\n')}</ul>`,
  );
  if (doc.certificates) {
    h(2, 'certificates', t('doc.certificates'));
    out.push(table(doc.certificates, [5]));
  }
  if (doc.ports) {
    h(2, 'ports', t('doc.ports'));
    out.push(table(doc.ports, [2, 6], [0, 1, 2, 3]));
  }
  if (doc.audit) {
    h(2, 'audit', t('doc.audit'));
    if (doc.audit.benchmark)
      out.push(`<p>${escapeHtml(t('doc.audit.benchmark', { benchmark: doc.audit.benchmark }))}</p>`);
    out.push(table(doc.audit.summary, [], [1, 2, 3, 4]));
    if (doc.audit.failures.rows.length > 0) {
      h(3, null, t('doc.audit.failures'));
      out.push(table(doc.audit.failures, [], [0, 1]));
    }
  }
  // the graphs: inline SVG documents made by src/graphs (self-contained: no external reference)
  if (doc.graphs.length > 0) {
    h(2, 'graphs', t('doc.graphs'));
    for (const g of doc.graphs)
      out.push(
        `<figure data-graph="${escapeHtml(g.id)}"><figcaption>${escapeHtml(g.title)}</figcaption>${inlineSvg(g.svg)}</figure>`,
      );
  }
  h(2, 'files', t('doc.files'));
  out.push(table(doc.files, [0]));
  out.push('</body>', '</html>', '');
  return out.join('\n');
}

/** An SVG document as an element inside HTML: without its XML declaration or doctype. */
function inlineSvg(svg: string): string {
  return svg.replace(/^\s*<\?xml[^>]*\?>\s*/, '').replace(/^\s*<!DOCTYPE[^>]*>\s*/i, '');
}
