/**
 * Issue 14: the audit in the JSON report (schema 1, added fields) and as SARIF 2.1.0, validated against the OASIS
 * schema committed under tests/fixtures/sarif; `--fail-on` thresholds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import { buildReport, formatReportText, type Report } from '../../src/export/report';
import { buildSarif } from '../../src/export/sarif';
import { atOrAbove, failuresAtOrAbove } from '../../src/export/audit';
import { readCheckTexts } from '../../src/present/audit';
import type { WorkspaceFile } from '../../src/model/types';
import { analysePresented, contentRoot, file, fixture, loadKnowledgeBase } from '../helpers';
import { validate } from './json-schema';

const schema = JSON.parse(fixture('sarif/sarif-schema-2.1.0.json')) as Record<string, unknown>;
const checks = readCheckTexts(
  parseYaml(readFileSync(`${contentRoot}/en/checks.yaml`, 'utf8')) as Record<string, unknown>,
);

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await loadKnowledgeBase();
});

function sample(edit: (name: string, text: string) => string = (_n, t) => t): WorkspaceFile[] {
  const dir = `${contentRoot}/examples/kubeadm-v1.31`;
  return readdirSync(dir)
    .filter((n) => n.endsWith('.yaml'))
    .map((n) => file(`manifests/${n}`, edit(n, readFileSync(`${dir}/${n}`, 'utf8'))));
}

async function report(files: WorkspaceFile[]): Promise<Report> {
  const analysis = await analysePresented(files, kb);
  return buildReport(files, analysis, { kb, checks });
}

const weakened = () =>
  sample((n, t) =>
    n === 'kube-apiserver.yaml'
      ? t
          .replace('--authorization-mode=Node,RBAC', '--authorization-mode=AlwaysAllow')
          .replace('--secure-port=6443', '--secure-port=6443\n    - --token-auth-file=/etc/kubernetes/tokens.csv')
      : t,
  );

describe('the audit in the JSON report', () => {
  it('has the fields the issue names, with words, values, places and peers', async () => {
    const r = await report(sample());
    expect(r.auditBenchmark).toBe('cis-1.11');
    const profiling = r.audit?.find((a) => a.id === 'apiserver-profiling');
    expect(profiling).toMatchObject({
      component: 'kube-apiserver',
      host: 'cp1',
      title: 'Profiling of the API server is off',
      status: 'fail',
      severity: 'low',
      actual: 'absent, default true in v1.31.2',
      value: 'true',
      expected: '--profiling=false',
      source: 'default',
      file: null,
      line: null,
      kubeadmDefault: true,
      peers: {
        cis: ['cis-1.11 1.2.15'],
        kubeBench: ['1.2.15'],
        checkov: ['CKV_K8S_90'],
        kubescape: ['C-0129'],
        trivy: ['KCV-0018'],
      },
    });
    expect(profiling?.fix).toMatchObject({
      text: 'Set --profiling=false.',
      change: { kind: 'set', flag: 'profiling', value: 'false' },
      edit: { file: 'manifests/kube-apiserver.yaml', text: '\n    - --profiling=false' },
      kubeadm: { path: 'apiServer.extraArgs', v1beta3: 'apiServer:\n  extraArgs:\n    profiling: "false"' },
    });
    const node = r.audit?.find((a) => a.id === 'apiserver-authorization-node');
    expect(node).toMatchObject({
      status: 'pass',
      source: 'set',
      file: 'manifests/kube-apiserver.yaml',
      line: 18,
      value: 'Node,RBAC',
      fix: null,
    });
    const na = r.audit?.find((a) => a.id === 'apiserver-insecure-port');
    expect(na).toMatchObject({
      status: 'not-applicable',
      notApplicable: '--insecure-port was removed in 1.24; this version no longer has it',
    });
    const manual = r.audit?.find((a) => a.id === 'admin-conf-permissions');
    expect(manual).toMatchObject({
      status: 'manual',
      actual: null,
      how: 'Run stat -c %a /etc/kubernetes/admin.conf (and super-admin.conf next to it): 600.',
      fixText: 'chmod 600 /etc/kubernetes/admin.conf',
      fix: null,
    });
    // every result has its words
    for (const a of r.audit ?? []) expect(a.title, a.id).not.toBe(a.id);
  });

  it('prints a summary per component in text, each failure with its value and fix', async () => {
    const text = formatReportText(await report(weakened()));
    expect(text).toContain('Security audit (cis-1.11): pass / fail / manual / not applicable per component:');
    expect(text).toMatch(/kube-apiserver on cp1: \d+ \/ \d+ \/ \d+ \/ \d+/);
    expect(text).toContain('FAIL high   cis-1.11 1.2.6  Authorization is not AlwaysAllow');
    expect(text).toContain('found --authorization-mode=AlwaysAllow; expected no AlwaysAllow in --authorization-mode');
  });
});

describe('SARIF 2.1.0', () => {
  it('the schema validator bites: broken logs are rejected', () => {
    const good = { version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [] }] };
    expect(validate(schema, good)).toEqual([]);
    expect(validate(schema, { runs: [] })).toEqual(['$: missing version']);
    expect(validate(schema, { ...good, version: '2.0.0' }).length).toBeGreaterThan(0);
    const badLevel = {
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }],
    };
    expect(validate(schema, badLevel).join()).toContain('level');
    const noMessage = { version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ ruleId: 'r' }] }] };
    expect(validate(schema, noMessage).join()).toContain('missing message');
    const badLine = {
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'x' } },
          results: [
            {
              message: { text: 'm' },
              locations: [{ physicalLocation: { artifactLocation: { uri: 'a' }, region: { startLine: 0 } } }],
            },
          ],
        },
      ],
    };
    expect(validate(schema, badLine).join()).toContain('0 < 1');
  });

  it('the sample and a weakened API server validate; results at file and line, rules with metadata, fixes', async () => {
    for (const files of [sample(), weakened()]) {
      const sarif = buildSarif(await report(files), { toolVersion: '0.1.0' });
      expect(validate(schema, JSON.parse(JSON.stringify(sarif)))).toEqual([]);
    }
    const sarif = buildSarif(await report(weakened()));
    const run = sarif.runs[0]!;
    const always = run.results.find((r) => r.ruleId === 'apiserver-authorization-not-always-allow');
    expect(always).toMatchObject({
      level: 'error',
      kind: 'fail',
      locations: [
        { physicalLocation: { artifactLocation: { uri: 'manifests/kube-apiserver.yaml' }, region: { startLine: 18 } } },
      ],
    });
    expect(always?.fixes?.[0]?.artifactChanges[0]?.replacements[0]).toEqual({
      deletedRegion: { startLine: 18, startColumn: 28, endLine: 18, endColumn: 39 },
      insertedContent: { text: 'Node,RBAC' },
    });
    const rule = run.tool.driver.rules[always!.ruleIndex]!;
    expect(rule).toMatchObject({
      id: 'apiserver-authorization-not-always-allow',
      shortDescription: { text: 'Authorization is not AlwaysAllow' },
      defaultConfiguration: { level: 'error' },
      properties: {
        'security-severity': '8.0',
        tags: expect.arrayContaining(['security', 'cis-1.11 1.2.6', 'CKV_K8S_74']),
      },
    });
    // a failure of an absent flag is located at the component's command
    const profiling = run.results.find((r) => r.ruleId === 'apiserver-profiling');
    expect(profiling?.locations[0]?.physicalLocation.region.startLine).toBe(15);
    // passes, manual checks and not-applicable ones are no results
    expect(run.results.every((r) => r.kind === 'fail')).toBe(true);
    expect(new Set(run.results.map((r) => `${r.ruleId}@${r.locations[0]?.logicalLocations[0]?.name}`)).size).toBe(
      run.results.length,
    );
  });
});

describe('--fail-on', () => {
  it('counts the failures at or above the threshold', async () => {
    expect(atOrAbove('high', 'medium')).toBe(true);
    expect(atOrAbove('low', 'medium')).toBe(false);
    const sampleAudit = (await report(sample())).audit!;
    // kubeadm's own failures: medium ones (anonymous auth, audit log, encryption...) and low ones, no high one
    expect(failuresAtOrAbove(sampleAudit, 'high')).toBe(0);
    expect(failuresAtOrAbove(sampleAudit, 'medium')).toBeGreaterThan(0);
    expect(failuresAtOrAbove(sampleAudit, 'low')).toBe(sampleAudit.filter((a) => a.status === 'fail').length);
    // AlwaysAllow (1.2.6), so neither Node (1.2.7) nor RBAC (1.2.8) authorize, and a static token file (1.2.2)
    expect(failuresAtOrAbove((await report(weakened())).audit!, 'high')).toBe(4);
  });
});
