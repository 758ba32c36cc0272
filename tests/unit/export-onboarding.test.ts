/**
 * The onboarding document (src/export/onboarding.ts, markdown.ts, html.ts) of the sample cluster, asserted by
 * structure and content; user text escaped; and no secret of any format in a link, the HTML, the Markdown, the JSON
 * report or the CSV (src/share/exports.ts, the same functions the page and the CLI call).
 */
import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { file, fixture, loadKnowledgeBase, repoRoot } from '../helpers';
import { redactedBundle, renderExport, type ExportFormat } from '../../src/share/exports';
import { onboardingDocument } from '../../src/export/onboarding';
import { onboardingMarkdown } from '../../src/export/markdown';
import { onboardingHtml, markdownToHtml } from '../../src/export/html';
import { documentGraphs } from '../../src/export/graphs';
import { effectiveFlagsCsv } from '../../src/export/csv';
import { encodeShareFragment, decodeShareFragment } from '../../src/share/link';
import { redactWorkspace } from '../../src/share/redact';
import { analyseWorkspace } from '../../src/pipeline';
import { main } from '../../src/cli/explain';
import { setCatalogue } from '../../src/i18n';
import { secretWorkspace } from './share-fixtures';

const NOW = Date.parse('2026-12-01T00:00:00Z');
const SAMPLE = `${repoRoot}/content/examples/kubeadm-v1.31`;

function sampleFiles() {
  return readdirSync(SAMPLE)
    .filter((n) => n.endsWith('.yaml'))
    .map((n) => file(`/etc/kubernetes/manifests/${n}`, fixture(`../../content/examples/kubeadm-v1.31/${n}`)));
}

async function sampleDocument() {
  const kb = await loadKnowledgeBase();
  const bundle = await redactedBundle(sampleFiles(), kb, { now: NOW });
  return { bundle, doc: onboardingDocument(bundle, { generated: null, graphs: documentGraphs(bundle) }) };
}

describe('onboarding document of the sample', () => {
  it('Markdown: title, contents that link to every section, each component with its flags explained', async () => {
    const { doc } = await sampleDocument();
    const md = onboardingMarkdown(doc);
    const headings = md.split('\n').filter((l) => /^#{1,3} /.test(l));
    expect(headings).toEqual([
      '# Our Kubernetes control plane, explained',
      '## Contents',
      '## Overview',
      '## Components',
      '### kube-apiserver on cp1',
      '### kube-controller-manager on cp1',
      '### kube-scheduler on cp1',
      '### etcd on cp1',
      '## Findings',
      '## Certificates',
      '## Ports',
      '## Security audit',
      '### What fails',
      '## Graphs',
      '### Certificate trust',
      '### Components and connections',
      '## Files',
    ]);
    // every link of the contents goes to an anchor of the document
    const anchors = new Set([
      ...[...md.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]),
      ...headings.map((h) =>
        h
          .replace(/^#+ /, '')
          .toLowerCase()
          .replace(/\\/g, '')
          .replace(/[^a-z0-9]+/g, '-'),
      ),
    ]);
    const links = [...md.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    expect(links.length).toBe(12);
    for (const l of links) expect(anchors, l).toContain(l);
    // a flag as written, our one-line summary, where it is written and how it compares with the default
    const api = md.slice(md.indexOf('### kube-apiserver on cp1'), md.indexOf('### kube-controller'));
    expect(api).toContain('The API server: the front door of the cluster.');
    expect(api).toContain('- Version: `v1.31.2`');
    expect(api).toMatch(/- `--etcd-servers=https:\/\/127\.0\.0\.1:2379` — \S/);
    expect(api).toContain(
      '- `--allow-privileged=true` — Whether Pods may run privileged containers at all; kubeadm sets true because CNI and kube-proxy need them.\n  <br>from: `/etc/kubernetes/manifests/kube-apiserver.yaml:17`; default: false; security-relevant',
    );
    expect(api).toContain('#### Security-relevant flags left at their default');
    expect(api).toMatch(/`--profiling=true`/);
    // the tables: certificates (the sample's PKI is known by its paths only: inferred) and ports
    const certs = md
      .slice(md.indexOf('## Certificates'), md.indexOf('## Ports'))
      .split('\n')
      .filter((l) => l.startsWith('|'));
    expect(certs[0]).toBe('| Certificate | Subject | Issuer | Expires | SANs | File | Used by |');
    expect(certs.length - 2).toBe(doc.certificates!.rows.length);
    expect(certs.join('\n')).toMatch(/\| ca \(CA\) \| CN=kubernetes/);
    const ports = md.slice(md.indexOf('## Ports'), md.indexOf('## Files'));
    expect(ports).toMatch(/\| cp1 \| 6443 \| .* \| HTTPS \| kube-apiserver \|/);
    expect(ports).toMatch(/\| cp1 \| 2379 \|/);
    expect(ports).toMatch(/\| cp1 \| 10259 \| `127.0.0.1` \|/);
    // the audit: one summary row per component, then what fails with its fix (kubeadm's defaults say so)
    const audit = md.slice(md.indexOf('## Security audit'), md.indexOf('## Files'));
    expect(audit).toMatch(/CIS Kubernetes Benchmark \(cis-1\.\d+\)/);
    expect(audit).toContain('| Component | Pass | Fail | Check by hand | Does not apply |');
    for (const i of ['kube-apiserver@cp1', 'kube-controller-manager@cp1', 'kube-scheduler@cp1', 'etcd@cp1'])
      expect(audit).toMatch(new RegExp(`\\| \`${i}\` \\| \\d+ \\| \\d+ \\| \\d+ \\| \\d+ \\|`));
    expect(audit).toMatch(/\| 1\.2 \| (high|medium|low) \| `kube-apiserver@cp1` \| .+ \| .+ \| .+ \|/);
    expect(audit).toContain("kubeadm's own choice");
    // the graphs as Mermaid flowcharts, each fenced whole
    const blocks = [...md.matchAll(/^(`{3,})mermaid\n([\s\S]*?)\n\1$/gm)].map((m) => m[2]!);
    expect(blocks).toHaveLength(2);
    for (const b of blocks) expect(b).toMatch(/^flowchart TB\n {2}subgraph /);
    expect(blocks[0]).toMatch(/\["etcd-ca \(etcd\/ca\.crt\)"\]/);
  });

  it('HTML: self-contained, contents link to ids of the page, the same sections, the trust graph inline', async () => {
    const { doc } = await sampleDocument();
    const html = onboardingHtml(doc);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    // nothing from anywhere: no script, no external URL in src/href/url()/@import (the CSP meta forbids them too)
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\((?!#)/i);
    expect(html).not.toMatch(/\s(src|href)="(?!#)/);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    const hrefs = [...html.matchAll(/ href="#([^"]+)"/g)].map((m) => m[1]);
    expect(hrefs.length).toBeGreaterThan(8);
    for (const h of hrefs) expect(ids, h).toContain(h);
    expect([...html.matchAll(/<section class="component" data-component="([^"]+)"/g)].map((m) => m[1])).toEqual([
      'kube-apiserver',
      'kube-controller-manager',
      'kube-scheduler',
      'etcd',
    ]);
    expect(html).toMatch(
      /<div class="flag" data-flag="etcd-servers"><div><code class="name">--etcd-servers=https:\/\/127\.0\.0\.1:2379<\/code> — /,
    );
    expect(html).toMatch(/<details><summary>Explanation<\/summary><p>/);
    expect(html).toMatch(
      /<figure data-graph="trust"><figcaption>Certificate trust<\/figcaption><svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/,
    );
    expect(html).toContain('@media print');
    // all three graphs, each a self-contained SVG element of its own
    expect([...html.matchAll(/<figure data-graph="([^"]+)">/g)].map((m) => m[1])).toEqual([
      'trust',
      'components',
      'ports',
    ]);
    expect(html.match(/<svg /g)?.length).toBe(3);
  });

  it('escapes user text in both formats', async () => {
    const kb = await loadKnowledgeBase();
    const evil = fixture('../../content/examples/kubeadm-v1.31/kube-scheduler.yaml').replace(
      '- --bind-address=127.0.0.1',
      '- --bind-address=127.0.0.1\n    - --v=<script>alert(1)</script>|*x*[a](http://e.vil)',
    );
    const bundle = await redactedBundle([file('/tmp/<b>evil</b>.yaml', evil)], kb, { now: NOW });
    const html = renderExport(bundle, 'html', { generated: null });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>evil');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const md = renderExport(bundle, 'markdown', { generated: null });
    // in Markdown a value is a code span: `<script>` there is text
    const lines = md.split('\n').filter((l) => l.includes('<script>'));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toMatch(/`[^`]*<script>[^`]*`/);
    expect(md.replace(/`[^`]*`/g, '')).not.toContain('<script>');
    const outsideCode = md.replace(/`[^`]*`/g, '');
    expect(outsideCode).not.toContain('[a](http');
    expect(outsideCode).not.toContain('<b>evil');
    expect(outsideCode).toContain('/tmp/\\<b\\>evil\\</b\\>.yaml'); // a table cell: escaped
    // our own Markdown becomes HTML without letting raw HTML through
    expect(markdownToHtml('Use `--x` **now**.\n\n- a\n- b <i>')).toBe(
      '<p>Use <code>--x</code> <strong>now</strong>.</p>\n<ul><li>a</li><li>b &lt;i&gt;</li></ul>',
    );
  });
});

describe('CSV of the effective flags', () => {
  it('quotes per RFC 4180 and keeps spreadsheet formulas from running', () => {
    const report = {
      schemaVersion: 1,
      files: [],
      findings: [],
      components: [
        {
          component: 'kube-apiserver',
          host: 'cp1',
          hostAddresses: [],
          hostInferred: false,
          versionAssumed: false,
          version: '1.31.2',
          documents: [],
          configFile: null,
          kubeadmMade: true,
          kubeadmMissing: [],
          observed: [],
          flags: [
            {
              name: 'admission-control-config-file',
              value: '=HYPERLINK("http://e.vil","x"), "quoted"\nline',
              source: 'set' as const,
              file: 'a,b.yaml',
              fileIndex: 0,
              line: 3,
              default: null,
              kubeadm: null,
              status: 'ok' as const,
              security: true,
              provenance: 'user' as const,
              overridden: [{ source: 'config', reason: 'flag-wins', file: 'c.yaml', line: 9 }],
            },
          ],
        },
      ],
    };
    const [head, row, end] = effectiveFlagsCsv(report).split('\r\n');
    expect(head).toBe(
      'component,host,version,flag,value,source,file,line,default,kubeadm,status,security,overridden,provenance',
    );
    expect(row).toBe(
      `kube-apiserver,cp1,1.31.2,admission-control-config-file,"'=HYPERLINK(""http://e.vil"",""x""), ""quoted""\nline",set,"a,b.yaml",3,,,ok,true,config c.yaml:9 (flag-wins),user`,
    );
    expect(end).toBe('');
  });
});

describe('no secret of any format leaves through a link or an export', () => {
  it('link, HTML, Markdown, JSON report, CSV', async () => {
    const kb = await loadKnowledgeBase();
    const { files, secrets } = secretWorkspace();
    const analysis = await analyseWorkspace(files, kb, { now: NOW });
    const link = encodeShareFragment({
      files: redactWorkspace(files, analysis).files,
      active: 0,
      view: '/',
      version: null,
      lang: 'en',
      benchmark: null,
    });
    const opened = decodeShareFragment(link);
    expect(opened.ok).toBe(true);
    const outputs: Record<string, string> = { link, 'link (opened)': JSON.stringify(opened) };
    const bundle = await redactedBundle(files, kb, {
      now: NOW,
      redact: { ips: true, hostnames: true, clusterNames: true },
    });
    for (const format of ['html', 'markdown', 'json', 'csv'] as ExportFormat[])
      outputs[format] = renderExport(bundle, format, { generated: null });
    for (const [what, text] of Object.entries(outputs)) {
      expect(text.length, what).toBeGreaterThan(500);
      for (const s of secrets) expect(text, `${what}: ${s.slice(0, 12)}…`).not.toContain(s);
    }
    // the exports still describe the workspace: its components and files are there
    expect(outputs.markdown).toContain('etcd');
    expect(outputs.csv!.split('\r\n')[0]).toBe(
      'component,host,version,flag,value,source,file,line,default,kubeadm,status,security,overridden,provenance',
    );
    expect(outputs.csv!.split('\r\n').length).toBeGreaterThan(50);
  });
});

describe('CLI --format markdown / html', () => {
  afterEach(() => vi.restoreAllMocks());
  it('prints the same documents, secrets replaced', async () => {
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((s: string) => void printed.push(s));
    expect(await main([`${repoRoot}/tests/fixtures/secrets`, '--format', 'markdown'])).toBe(0);
    expect(await main([SAMPLE, '--format=html'])).toBe(0);
    const [md, html] = printed;
    expect(md).toMatch(/^# Our Kubernetes control plane, explained/);
    for (const s of ['Zq8fakeKubeletApiTokenWx3', 'Hk2fakeRegistryPassVb9', '6h2j4k.l8z0x3c5v7b9n1m2'])
      expect(md).not.toContain(s);
    expect(md).toContain('```mermaid\nflowchart TB');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('data-component="kube-apiserver"');
  });
});

describe('onboarding document in zh-CN', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    setCatalogue({}, 'en'); // main() switched the catalogue: the other tests of this worker read English
  });
  /** Chinese text glued with English punctuation: `来源: `, `安全相关; `, `…值, v1` after a Chinese character. */
  const englishGlue = /[\u4e00-\u9fff）][:;,] /;

  it('Markdown and HTML join Chinese parts with Chinese punctuation, file and line alone in code', async () => {
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((s: string) => void printed.push(s));
    expect(await main([SAMPLE, '--format', 'markdown', '--lang', 'zh-CN'])).toBe(0);
    expect(await main([SAMPLE, '--format', 'html', '--lang', 'zh-CN'])).toBe(0);
    const [md = '', html = ''] = printed;
    // the graphs (SVG drawn by src/graphs, Mermaid) are not this document's prose
    const prose = (s: string) =>
      s
        .replace(/```mermaid[\s\S]*?```/g, '')
        .replace(/<svg[\s\S]*?<\/svg>/g, '')
        .split('\n');
    for (const [name, text] of [
      ['markdown', md],
      ['html', html],
    ] as const) {
      const glued = prose(text).filter((l) => englishGlue.test(l.replace(/<[^>]+>/g, '')));
      expect(glued, name).toEqual([]);
    }
    expect(md).toMatch(/<br>来源：kubeadm 的取值|<br>来源：`/);
    expect(md).toMatch(/- 文件：`[^`]+`/);
    // a default's version is said once: `来源：v1.31.2 的默认值；安全相关`, not again as a note
    expect(md).toContain('来源：v1.31.2 的默认值；安全相关');
    expect(md).not.toMatch(/v1\.31\.2 的默认值.*v1\.31\.2 的默认值/);
    // a file and line are code, the words around them are not; no Chinese inside code in a table
    expect(md).not.toMatch(/`[^`]*[\u4e00-\u9fff][^`]*\.yaml:\d+`/);
    expect(
      md.split('\n').filter((l) => l.startsWith('|') && /`[^`]*[\u3000-\u9fff\uff00-\uffef][^`]*`/.test(l)),
    ).toEqual([]);
    expect(md).toContain('| `/etc/kubernetes/pki/ca.crt`（推断） |');
    expect(html).toContain('<div class="notes">来源：');
  });

  it('English keeps its punctuation', async () => {
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((s: string) => void printed.push(s));
    expect(await main([SAMPLE, '--format', 'markdown'])).toBe(0);
    const md = printed[0] ?? '';
    expect(md).toMatch(/<br>from: `[^`]+.yaml:\d+`; /);
    expect(md).toMatch(/- Files: `[^`]+`/);
    expect(md).toContain('| `/etc/kubernetes/pki/ca.crt` (inferred) |');
    expect(md).toMatch(/<br>from: the default of v1\.31\.2; security-relevant\n/);
  });
});
