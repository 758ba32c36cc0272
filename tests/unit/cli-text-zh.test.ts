/**
 * The CLI's text report in the requested language (issue 18): `explain --lang zh-CN` prints the report's own words
 * (headings, counts, table heads, notes) from content/zh-CN/ui.json, and no sentence of the English templates.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { main } from '../../src/cli/explain';
import { displayWidth } from '../../src/export/network';
import { setCatalogue } from '../../src/i18n';
import { contentRoot, repoRoot } from '../helpers';

const sample = `${repoRoot}content/examples/kubeadm-v1.31/`;
const netstat = `${repoRoot}tests/fixtures/network/netstat-cp1-no-scheduler.txt`;
const en = JSON.parse(readFileSync(`${contentRoot}/en/ui.json`, 'utf8')) as Record<string, string>;
const zh = JSON.parse(readFileSync(`${contentRoot}/zh-CN/ui.json`, 'utf8')) as Record<string, string>;

/** A zh-CN template of ui.json with its {placeholders} filled (as t() does). */
function zhText(key: string, params: Record<string, string | number> = {}): string {
  const template = zh[key];
  if (template === undefined) throw new Error(`no zh-CN ${key}`);
  return template.replace(/\{([A-Za-z]+)\}/g, (whole, k: string) => (k in params ? String(params[k]) : whole));
}

async function run(args: string[]): Promise<string> {
  const out: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  expect(await main(args)).toBe(0);
  vi.restoreAllMocks();
  return out.join('\n');
}

afterEach(() => {
  vi.restoreAllMocks();
  setCatalogue({}, 'en'); // main() switched the catalogue: the other tests of this worker read English
});

/**
 * The English sentences of the report: every `report.text.*` template cut at its placeholders, the parts of two
 * words or more (a single word such as `set` or `server` is also a value or a flag name in the report).
 */
const englishSentences = [
  ...new Set(
    Object.entries(en)
      .filter(([k]) => k.startsWith('report.text.'))
      .flatMap(([, v]) => v.split(/\{[A-Za-z]+\}/))
      .map((part) => part.trim())
      .filter((part) => part.split(/\s+/).filter((w) => /[A-Za-z]{2,}/.test(w)).length >= 2),
  ),
];

/** English words that show up alone: brackets, a line's first word, column heads. */
const englishTokens = [
  '(default)',
  '[deprecated]',
  '[removed]',
  '[unknown]',
  '[listening]',
  '[NOT LISTENING]',
  '[kubeadm default]',
  '(inferred)',
  ' on cp1',
  'finding(s)',
  'connection(s)',
  ' broken, ',
  '; expected ',
  'No findings.',
  '(static-pod)',
  '(unknown)',
];

describe('explain --lang zh-CN: the text report', () => {
  it('has English sentences to look for', () => {
    // the list is made from the templates: it must hold the headings, or the test below checks nothing
    expect(englishSentences).toEqual(
      expect.arrayContaining([
        'Components as they run (absent flags take the default of their version):',
        'Certificates (inferred: known by its path only, signer and subject as kubeadm writes them):',
        'Listening sockets by host (from the configuration as it runs; default: of its version):',
        'Security audit (',
        'from configuration files',
        'version unknown',
        'unrecognised component',
        'security-relevant defaults:',
        'to targets outside the workspace',
        'No findings.',
      ]),
    );
  });

  it('prints the Chinese headings and counts, and no English sentence of the report', async () => {
    const report = JSON.parse(await run([sample, netstat, '--format', 'json', '--lang', 'zh-CN'])) as {
      findings: unknown[];
      components: { component: string; host: string | null; flags: { source: string }[] }[];
      network: { connections: { broken: boolean; status: string }[] };
    };
    const text = await run([sample, netstat, '--lang', 'zh-CN']);
    const lines = text.split('\n');

    // headings
    for (const key of ['report.text.components', 'report.text.certificates', 'report.text.network.heading'])
      expect(lines, key).toContain(zhText(key));
    expect(lines).toContain(zhText('report.text.audit.heading', { benchmark: 'cis-1.11' }));
    expect(lines).toContain(zhText('report.text.findings', { count: report.findings.length }));

    // a document line, a file line and a flag left at its default
    expect(text).toContain(
      `  ${zhText('report.text.document', { label: 'Pod etcd', component: 'etcd', version: 'v3.5.15', count: 19 })}`,
    );
    expect(text).toContain(
      zhText('report.text.file', { file: `${sample}etcd.yaml`, kind: zh['report.text.kind.static-pod'] ?? '' }),
    );
    expect(text).toContain(`--leader-elect=true${zhText('report.text.flagDefault')}`);
    expect(text).toContain(`[${zhText('report.text.status.deprecated')}]`);

    // each component's counts, as the JSON report counts them
    const sep = zhText('report.text.listSeparator');
    for (const c of report.components) {
      const n = (s: string) => c.flags.filter((f) => f.source === s).length;
      const counts = [
        zhText('report.text.count.set', { count: n('set') }),
        zhText('report.text.count.config', { count: n('config') }),
        zhText('report.text.count.kubeadm', { count: n('kubeadm') }),
        zhText('report.text.count.default', { count: n('default') }),
      ].join(sep);
      const line = lines.find((l) => l.startsWith(`  ${c.component}`) && l.includes(counts));
      expect(line, c.component).toBeDefined();
      expect(n('default')).toBeGreaterThan(0);
    }
    expect(
      lines.filter((l) => l.startsWith(`    ${zhText('report.text.securityDefaults', { flags: '' })}`)),
    ).toHaveLength(report.components.length);

    // the connections line, the netstat comparison, the audit's failures
    const broken = report.network.connections.filter((c) => c.broken).length;
    const outside = report.network.connections.filter((c) => c.status === 'unknown').length;
    expect(lines).toContain(
      `  ${zhText('report.text.network.connections', { count: report.network.connections.length, broken, outside })}`,
    );
    expect(text).toContain(`[${zhText('report.text.network.listening')}]`);
    expect(text).toContain(`[${zhText('report.text.network.notListening')}]`);
    expect(lines.some((l) => l.startsWith(`    ${zhText('report.text.audit.fail')} `))).toBe(true);
    expect(text).toContain(`[${zhText('report.text.audit.kubeadmDefault')}]`);
    expect(text).toContain(zhText('report.text.audit.fix', { fix: '' }));

    // no English of the report's own
    for (const sentence of englishSentences) expect(text, sentence).not.toContain(sentence);
    for (const token of englishTokens) expect(text, token).not.toContain(token);
    expect(lines.some((l) => /^\s+CERTIFICATE\s+ROLE/.test(l))).toBe(false);
    expect(lines.some((l) => /^\s+PORT\s+ADDRESS/.test(l))).toBe(false);
    expect(lines.some((l) => /^\s+FAIL /.test(l))).toBe(false);
    expect(lines.some((l) => /^\s+(found|fix:) /.test(l))).toBe(false);
  });

  it('aligns the certificates table by terminal columns (a Chinese head takes two per character)', async () => {
    const lines = (await run([sample, '--lang', 'zh-CN'])).split('\n');
    const head = lines.findIndex((l) => l === zhText('report.text.certificates')) + 1;
    const subjectHead = lines[head] ?? '';
    const at = subjectHead.indexOf(zhText('report.text.cert.subject'));
    expect(at).toBeGreaterThan(0);
    const column = displayWidth(subjectHead.slice(0, at));
    const ca = lines.slice(head + 1).find((l) => l.startsWith('  ca '));
    expect(ca).toBeDefined();
    expect(displayWidth((ca ?? '').slice(0, (ca ?? '').indexOf('CN=kubernetes')))).toBe(column);
  });

  it('still prints English with --lang en', async () => {
    const text = await run([sample, '--lang', 'en']);
    expect(text).toContain(en['report.text.components']);
    expect(text).toContain('  CERTIFICATE ');
    expect(text).not.toContain(zhText('report.text.components'));
  });
});

describe('explain --lang zh-CN: usage and errors', () => {
  /** What main() writes to stdout and stderr, and its exit code. */
  async function capture(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
    const code = await main(args);
    vi.restoreAllMocks();
    return { code, out: out.join('\n'), err: err.join('\n') };
  }
  const ENGLISH_USAGE =
    'usage: npm run explain -- <file or folder...> [--format text|json|sarif|markdown|html] [--lang <language>] ' +
    '[--benchmark cis-1.11|cis-1.12|cis-2.0] [--fail-on high|medium|low]\n' +
    '       npm run explain -- diff ... (the upgrade diff of two releases or two files; diff --help)';

  it('English stays as it was, word for word', async () => {
    expect(await capture(['--help'])).toEqual({ code: 0, out: ENGLISH_USAGE, err: '' });
    expect((await capture([])).err).toBe(`explain: no input files\n${ENGLISH_USAGE}`);
    expect((await capture([sample, '--fail-on', 'critical'])).err).toBe(
      `explain: --fail-on takes high, medium, low, not "critical"\n${ENGLISH_USAGE}`,
    );
    expect((await capture(['/nonexistent/x.yaml'])).err).toBe('explain: cannot read /nonexistent/x.yaml: ENOENT');
  });

  it('Chinese usage and errors, whatever the order of --lang and --help', async () => {
    const usage = zhText('cli.usage', { benchmarks: 'cis-1.11|cis-1.12|cis-2.0', severities: 'high|medium|low' });
    expect(usage).toMatch(/^用法：/);
    for (const args of [
      ['--lang', 'zh-CN', '--help'],
      ['--help', '--lang=zh-cn'],
    ])
      expect(await capture(args)).toEqual({ code: 0, out: usage, err: '' });
    const cases: [string[], string][] = [
      [['--lang', 'zh-CN'], 'explain：没有输入文件'],
      [[sample, '--lang', 'zh-CN', '--format', 'xml'], 'explain：未知的格式“xml”'],
      [[sample, '--lang', 'zh-CN', '--benchmark', 'cis-9'], 'explain：未知的基准“cis-9”'],
      [
        [sample, '--lang', 'zh-CN', '--fail-on', 'critical'],
        'explain：--fail-on 只接受 high、medium、low，不接受“critical”',
      ],
    ];
    for (const [args, message] of cases) {
      const r = await capture(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toBe(`${message}\n${usage}`);
    }
    const unreadable = await capture(['/nonexistent/x.yaml', '--lang', 'zh-CN']);
    expect([unreadable.code, unreadable.err]).toEqual([2, 'explain：无法读取 /nonexistent/x.yaml：ENOENT']);
    // no English sentence of the usage left
    expect(usage).not.toMatch(/file or folder|the upgrade diff/);
  });
});
