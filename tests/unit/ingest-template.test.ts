/**
 * Issue 15: templates (Jinja, Helm / Go templates). The document is said to be templated, every literal flag is read
 * at its place, a value written as an expression is kept as written (never guessed), conditional flags are listed.
 */
import { describe, expect, it } from 'vitest';
import { fixture, say } from '../helpers';
import type { SourceDocument } from '../../src/model/types';
import { PLACEHOLDER, scanTemplate } from '../../src/ingest/shared/template';
import { ingest, lineCol, slice } from './ingest-helpers';

function rows(text: string, doc: SourceDocument | undefined): string[] {
  return (doc?.flags ?? []).map((f) => `${f.name}=${f.value ?? '(bare)'} @${lineCol(text, f.nameRange)}`);
}

describe('Jinja (an Ansible role template)', () => {
  const text = fixture('real-world/kube-apiserver.yaml.j2');

  it('every literal flag at its place; expression values as written; no version guessed from the image', async () => {
    const r = await ingest(text, 'kube-apiserver.yaml.j2');
    expect(r.kind).toBe('static-pod');
    const [doc] = r.documents;
    expect([doc?.label, doc?.component, doc?.version, doc?.image]).toEqual([
      'Pod kube-apiserver',
      'kube-apiserver',
      null,
      '{{…}}/kube-apiserver:{{…}}',
    ]);
    expect(rows(text, doc)).toEqual([
      'advertise-address={{ ansible_default_ipv4.address }} @15:7',
      'secure-port=6443 @16:7',
      'authorization-mode=Node,RBAC @17:7',
      'audit-log-path=/var/log/kubernetes/audit.log @19:7',
      'audit-log-maxage={{ audit_log_maxage }} @20:7',
      'etcd-servers={{ etcd_access_addresses }} @22:7',
      'service-cluster-ip-range={{ kube_service_addresses }} @24:7',
      'profiling=false @25:7',
    ]);
    for (const f of doc?.flags ?? []) expect(slice(text, f.valueRange)).toBe(f.value);
    expect(doc?.diagnostics).toEqual([]);
  });

  it('says it is a template at the first tag, and lists the flags of each condition at its {% if %}', async () => {
    const r = await ingest(text, 'kube-apiserver.yaml.j2');
    expect(r.diagnostics.map((d) => [d.code, d.severity, lineCol(text, d.range), say(d.message)])).toEqual([
      [
        'templated',
        'info',
        '12:12',
        'This file is a Jinja template. Flags written literally are read as they are; values written as template expressions (6 here) are shown as written, never guessed; template statements, and lines a template expression fills in, are left out.',
      ],
      [
        'template-conditional',
        'info',
        '18:1',
        'Only when kube_apiserver_audit_enabled | bool: --audit-log-path, --audit-log-maxage. These flags sit inside this template condition (every branch is read), so the rendered file may not have them.',
      ],
    ]);
  });
});

describe('Helm / Go templates', () => {
  it('{{- if }} / {{- else }} / {{- end }}: both branches read and listed; toYaml lines left out', async () => {
    const text = fixture('real-world/helm-scheduler.yaml');
    const r = await ingest(text, 'templates/scheduler.yaml');
    const [doc] = r.documents;
    expect([doc?.label, doc?.component, doc?.version]).toEqual(['Pod {{…}}-scheduler', 'kube-scheduler', null]);
    expect(rows(text, doc)).toEqual([
      'bind-address=127.0.0.1 @12:7',
      'leader-elect={{ .Values.scheduler.leaderElect }} @13:7',
      'profiling=true @15:7',
      'profiling=false @17:7',
    ]);
    expect(r.diagnostics.map((d) => [d.code, lineCol(text, d.range)])).toEqual([
      ['templated', '4:9'],
      ['template-conditional', '14:5'],
    ]);
    expect(say(r.diagnostics[0]!.message)).toContain('a Go (Helm) template');
    expect(say(r.diagnostics[1]!.message)).toContain('Only when .Values.scheduler.profiling: --profiling.');
  });

  it('a kubeadm ClusterConfiguration template: extraArgs read, the oidc ones conditional', async () => {
    const text = fixture('real-world/kubeadm-config.yaml.j2');
    const r = await ingest(text, 'kubeadm-config.yaml.j2');
    expect(r.kind).toBe('kubeadm-config');
    const api = r.documents.find((d) => d.component === 'kube-apiserver');
    expect(rows(text, api)).toEqual([
      'authorization-mode=Node,RBAC @7:5',
      'bind-address={{ apiserver_bind_address }} @8:5',
      'oidc-issuer-url={{ oidc_issuer_url }} @10:5',
      'oidc-client-id=kubernetes @11:5',
    ]);
    expect(say(r.diagnostics[1]!.message)).toContain('Only when oidc_enabled: oidc-issuer-url, oidc-client-id.');
  });
});

describe('the template scan', () => {
  it('same length; statements and comments blanked, inline expressions as placeholders, unclosed tags left', () => {
    const text = 'a: {{ x }}\n{% if y %}\nb: 1\n{% endif %}\n{# note #}\nc: {{ z\n';
    const t = scanTemplate(text)!;
    expect(t.text).toHaveLength(text.length);
    expect(t.text).toBe(`a: ${PLACEHOLDER.repeat(7)}\n          \nb: 1\n           \n          \nc: {{ z\n`);
    expect(t.conditions.map((c) => [c.condition, slice(text, c.range), slice(text, c.body)])).toEqual([
      ['y', '{% if y %}', '\nb: 1\n'],
    ]);
    expect(scanTemplate('plain: text\n')).toBeNull();
    expect(scanTemplate('only {{ unclosed\n')).toBeNull();
  });
});
