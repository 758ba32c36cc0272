/**
 * Issue 14, the CLI: the audit in --format json, --format sarif (valid SARIF 2.1.0), --benchmark, --fail-on exit
 * codes for CI, and usage errors.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/explain';
import { fixture, repoRoot } from '../helpers';
import { validate } from './json-schema';

const sample = `${repoRoot}content/examples/kubeadm-v1.31/`;
const schema = JSON.parse(fixture('sarif/sarif-schema-2.1.0.json')) as Record<string, unknown>;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  return { out, err };
}

afterEach(() => vi.restoreAllMocks());

describe('explain CLI: the security audit', () => {
  it('--format sarif prints a SARIF 2.1.0 log that validates', async () => {
    const { out } = capture();
    expect(await main([sample, '--format', 'sarif'])).toBe(0);
    const sarif = JSON.parse(out.join('\n'));
    expect(validate(schema, sarif)).toEqual([]);
    expect(sarif.runs[0].tool.driver.name).toBe('kube-explainer');
    // kubeadm's knowing failures: 15 of the API server, profiling of the controller manager and the scheduler
    expect(sarif.runs[0].results).toHaveLength(17);
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toContain('scheduler-profiling');
  });

  it('--benchmark picks the numbering; the JSON report carries it', async () => {
    const { out } = capture();
    expect(await main([`${sample}kube-scheduler.yaml`, '--format=json', '--benchmark=cis-1.12'])).toBe(0);
    const report = JSON.parse(out.join('\n'));
    expect(report.auditBenchmark).toBe('cis-1.12');
    expect(report.audit.find((a: { id: string }) => a.id === 'scheduler-profiling').peers.cis).toEqual([
      'cis-1.12 1.4.1',
    ]);
  });

  it('--fail-on: exit 1 when a check of that severity or higher fails, 0 otherwise', async () => {
    capture();
    // the sample fails no high check, some medium ones (anonymous auth, audit log, encryption at rest)
    expect(await main([sample, '--fail-on', 'high'])).toBe(0);
    expect(await main([sample, '--fail-on=medium', '--format', 'json'])).toBe(1);
    expect(await main([`${sample}kube-scheduler.yaml`, '--fail-on', 'medium'])).toBe(0);
    expect(await main([`${sample}kube-scheduler.yaml`, '--fail-on', 'low'])).toBe(1);
  });

  it('usage errors exit 2', async () => {
    const { err } = capture();
    expect(await main([sample, '--fail-on', 'critical'])).toBe(2);
    expect(err.join('\n')).toContain('--fail-on takes high, medium, low, not "critical"');
    expect(await main([sample, '--benchmark', 'cis-9'])).toBe(2);
    expect(err.join('\n')).toContain('unknown benchmark "cis-9"');
  });
});
