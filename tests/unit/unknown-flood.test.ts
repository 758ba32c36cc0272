/**
 * unknown-flag-flood: a document whose flags are mostly unknown, more than UNKNOWN_FLOOD_MIN of them, gets one
 * summary finding instead of one unknown-flag finding per flag; its flags keep their status and are still located
 * (hover) and reported. Through the public pipeline (analyseWorkspace, presented, buildReport).
 */
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/export/report';
import { UNKNOWN_FLOOD_MIN } from '../../src/analysis/flagChecks';
import { locate } from '../../src/present/locate';
import { fileId } from '../../src/model/span';
import { analysePresented, file, loadKnowledgeBase } from '../helpers';

const kb = await loadKnowledgeBase();

async function analyse(name: string, text: string) {
  const files = [file(name, text)];
  const analysis = await analysePresented(files, kb);
  return { analysis, report: buildReport(files, analysis) };
}

const unknownFlags = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `--not-a-flag-${from + i}=val`);
const commandLine = (args: readonly string[]) => `kube-apiserver ${args.join(' ')}\n`;
const count = (rules: { rule: string }[], rule: string) => rules.filter((f) => f.rule === rule).length;

/** 1-based line and column of the first `needle` (computed here, not by the code under test). */
function at(text: string, needle: string) {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`"${needle}" is not in the input`);
  const before = text.slice(0, i);
  return { line: before.split('\n').length, column: i - before.lastIndexOf('\n') };
}

describe('unknown-flag-flood', () => {
  it('the threshold is the one the issue names', () => {
    expect(UNKNOWN_FLOOD_MIN).toBe(200);
  });

  it('one finding for a command line of 1,234 unknown flags, at the first of them', async () => {
    const text = commandLine(unknownFlags(1234));
    const { analysis, report } = await analyse('cmdline.txt', text);
    // the security audit's summary of the flags left at their defaults is tested in audit.test.ts
    report.findings = report.findings.filter((f) => !f.rule.startsWith('audit-'));
    analysis.findings = analysis.findings.filter((f) => !f.rule.startsWith('audit-'));
    expect(report.findings.map(({ rule, severity, line, column }) => ({ rule, severity, line, column }))).toEqual([
      { rule: 'unknown-flag-flood', severity: 'error', ...at(text, '--not-a-flag-0=') },
    ]);
    expect(report.findings[0]?.message).toBe(
      '1,234 unknown flags: this is probably not a kube-apiserver command line.',
    );
    expect(analysis.findings[0]?.explanation).toContain('1,234 of the 1,234 flags');
    expect(analysis.findings[0]?.explanation).toContain('--not-a-flag-0');
    // no flag is dropped: every one is listed with its status
    const flags = report.files[0]?.documents[0]?.flags ?? [];
    expect(flags).toHaveLength(1234);
    expect(flags.every((f) => f.status === 'unknown')).toBe(true);
  });

  it('each flag of a flood is still found under the cursor (hover, click)', async () => {
    const text = commandLine(unknownFlags(400));
    const { analysis } = await analyse('cmdline.txt', text);
    const offset = text.indexOf('--not-a-flag-321=') + 3;
    const hit = locate(analysis, fileId('cmdline.txt'), offset);
    expect(hit?.kind).toBe('flag');
    expect(hit?.kind === 'flag' ? [hit.flag.occurrence.name, hit.flag.status] : null).toEqual([
      'not-a-flag-321',
      'unknown',
    ]);
  });

  it(`${UNKNOWN_FLOOD_MIN} unknown flags are still reported one by one`, async () => {
    const { report } = await analyse('cmdline.txt', commandLine(unknownFlags(UNKNOWN_FLOOD_MIN)));
    expect(count(report.findings, 'unknown-flag')).toBe(UNKNOWN_FLOOD_MIN);
    expect(count(report.findings, 'unknown-flag-flood')).toBe(0);
  });

  it(`${UNKNOWN_FLOOD_MIN + 1} unknown flags are a flood`, async () => {
    const { report } = await analyse('cmdline.txt', commandLine(unknownFlags(UNKNOWN_FLOOD_MIN + 1)));
    expect(count(report.findings, 'unknown-flag')).toBe(0);
    expect(count(report.findings, 'unknown-flag-flood')).toBe(1);
  });

  it('not a flood when the unknown flags are not most of the flags', async () => {
    // 300 unknown, 301 known (one flag repeated: 300 duplicate-flag warnings)
    const known = Array.from({ length: 301 }, () => '--profiling=false');
    const { report } = await analyse('cmdline.txt', commandLine([...known, ...unknownFlags(300)]));
    expect(count(report.findings, 'unknown-flag')).toBe(300);
    expect(count(report.findings, 'unknown-flag-flood')).toBe(0);
    // half and half is not "most" either
    const { report: half } = await analyse('cmdline.txt', commandLine([...known.slice(0, 300), ...unknownFlags(300)]));
    expect(count(half.findings, 'unknown-flag-flood')).toBe(0);
  });

  it('the other checks still run on the known flags of a flooded document', async () => {
    const text = commandLine(['--secure-port=not-a-port', ...unknownFlags(250)]);
    const { report } = await analyse('cmdline.txt', text);
    report.findings = report.findings.filter((f) => !f.rule.startsWith('audit-')); // audit.test.ts
    expect(report.findings.map((f) => f.rule)).toEqual(['invalid-value', 'unknown-flag-flood']);
    expect(report.findings[1]?.message).toBe('250 unknown flags: this is probably not a kube-apiserver command line.');
  });

  it('per document: a flooded process does not hide the typo of another one', async () => {
    const text = [
      `root 100 1 0 09:14 ? 00:00:41 ${commandLine(unknownFlags(300)).trim()}`,
      'root 200 1 0 09:14 ? 00:00:41 kube-scheduler --kubeconfig=/etc/kubernetes/scheduler.conf --leader-elekt=true',
      '',
    ].join('\n');
    const { report } = await analyse('ps.txt', text);
    // other rules (the scheduler's deprecated --kubeconfig, network and trust checks) may add their own findings
    expect(report.findings.filter((f) => f.rule.startsWith('unknown-flag')).map((f) => [f.rule, f.line])).toEqual([
      ['unknown-flag-flood', 1],
      ['unknown-flag', 2],
    ]);
  });

  it('an env file of continued unknown flags is one finding', async () => {
    const lines = ['KUBE_API_ARGS="--v=2 \\', ...unknownFlags(500).map((f) => `${f} \\`), '--secure-port=6443"', ''];
    const text = lines.join('\n');
    const { report } = await analyse('apiserver.env', text);
    expect(report.files[0]?.documents[0]?.component).toBe('kube-apiserver');
    report.findings = report.findings.filter((f) => !f.rule.startsWith('audit-')); // audit.test.ts
    expect(report.findings.map(({ rule, line, column }) => ({ rule, line, column }))).toEqual([
      { rule: 'unknown-flag-flood', ...at(text, '--not-a-flag-0=') },
    ]);
    expect(report.findings[0]?.message).toBe('500 unknown flags: this is probably not a kube-apiserver command line.');
  });
});
