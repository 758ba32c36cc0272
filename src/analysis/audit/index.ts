/**
 * The security audit stage (issue 14): the check table (checks.ts), the evaluator over each instance's effective
 * configuration (evaluate.ts), the fixes as exact edits (fix.ts), and the findings that put failures in the editor.
 *
 * Findings: a failure the user's configuration causes is an `audit-fail` finding at the flag (or at the component's
 * command when the flag is absent), warning for high and medium checks, info for low ones. On a cluster kubeadm made,
 * the failures that are kubeadm's own choices (`--profiling` left on, no audit log) are summarised in one info
 * finding per instance (`audit-kubeadm-defaults`), so a fresh kubeadm cluster is not a wall of markers; the Audit
 * page lists each of them.
 */
import { message, type Message, type MessageParams } from '../../model/message';
import { makeFinding, type RuleSeverities } from '../rules';
import type { Finding } from '../types';
import type { AuditActual, AuditResult, Expectation, NotApplicableReason } from './model';
import type { AuditModel } from './evaluate';

export * from './model';
export { CHECKS, checkById, defineCheck } from './checks';
export { runAudit, benchmarkFor, type AuditInput, type AuditModel, type AuditOptions } from './evaluate';
export { computeFix, valueAfter } from './fix';
export * as conditions from './conditions';

/** What a check expects, as a message. */
export function expectationMessage(e: Expectation): Message {
  switch (e.kind) {
    case 'equals':
    case 'not-equals':
      return message(`audit.expect.${e.kind}`, { flag: e.flag, value: e.value });
    case 'set':
    case 'not-set':
      return message(`audit.expect.${e.kind}`, { flag: e.flag });
    case 'includes':
    case 'excludes':
      return message(`audit.expect.${e.kind}`, { flag: e.flag, item: e.item });
    case 'at-least':
      return message('audit.expect.at-least', { flag: e.flag, value: String(e.value) });
    case 'only':
      return message('audit.expect.only', { flag: e.flag, items: { list: e.items, join: 'comma' } });
    case 'gate':
      return message('audit.expect.gate', { flag: e.flag, gate: e.gate, value: String(e.value) });
    case 'all':
    case 'any': {
      const parts = e.of.map(expectationMessage);
      if (parts.length === 0) return message('audit.expect.manual', { what: '' });
      return parts.reduceRight((acc, m) =>
        message(e.kind === 'all' ? 'audit.expect.both' : 'audit.expect.either', { a: m, b: acc }),
      );
    }
    case 'encrypts':
      return e.found === null
        ? message('audit.expect.encrypts-unlisted', { flag: e.flag, file: e.file, resource: e.resource })
        : message('audit.expect.encrypts', { flag: e.flag, file: e.file, resource: e.resource, found: e.found });
    case 'manual':
      return e.what === null ? message('audit.expect.manual-none') : message('audit.expect.manual', { what: e.what });
  }
}

/** The value a check judged, as a message: written, kubeadm's, or the default of the version. */
export function actualMessage(a: AuditActual, secret = false): Message {
  const value = secret ? '•••' : (a.value ?? '');
  if (a.source === 'set' || a.source === 'config')
    return a.value === null
      ? message('audit.actual.bare', { flag: a.flag })
      : message('audit.actual.written', { flag: a.flag, value });
  if (a.source === 'kubeadm') return message('audit.actual.kubeadm', { flag: a.flag, value, version: a.version ?? '' });
  if (a.source === 'cut') return message('audit.actual.cut', { flag: a.flag });
  if (a.source === 'templated')
    return a.value === null
      ? message('audit.actual.template-inserted', { flag: a.flag })
      : message('audit.actual.templated', { flag: a.flag, value });
  if (a.defaultBy && a.value !== null)
    return message('audit.actual.distribution-default', { flag: a.flag, value, distribution: a.defaultBy });
  if (a.configDefault) return message('audit.actual.config-default', { flag: a.flag, value });
  if (a.value === null || a.value === '')
    return a.version
      ? message('audit.actual.no-default', { flag: a.flag, version: a.version })
      : message('audit.actual.no-default-newest', { flag: a.flag });
  return a.version
    ? message('audit.actual.default', { flag: a.flag, value, version: a.version })
    : message('audit.actual.default-newest', { flag: a.flag, value });
}

/** Why a check does not apply, as a message. */
export function notApplicableMessage(r: NotApplicableReason): Message {
  switch (r.kind) {
    case 'flag-removed':
      return r.version
        ? message('audit.na.flag-removed', { flag: r.flag, version: r.version })
        : message('audit.na.flag-unknown', { flag: r.flag });
    case 'flag-not-yet':
      return r.version
        ? message('audit.na.flag-not-yet', { flag: r.flag, version: r.version })
        : message('audit.na.flag-unknown', { flag: r.flag });
    case 'removed':
      return message('audit.na.removed', { what: r.what, version: r.version });
    case 'obsolete':
      return message('audit.na.obsolete', { what: r.what, version: r.version });
    case 'depends':
      return message('audit.na.depends', { flag: r.flag });
    case 'no-etcd':
      return message('audit.na.no-etcd', { distribution: r.distribution });
  }
}

const cisOf = (r: AuditResult) => r.peers.cis[0] ?? r.id;

/**
 * The findings of an audit. A failure at a written flag is an `audit-fail` finding there (the line to change).
 * Failures of absent flags (their default fails) are summarised per instance at its command: `audit-kubeadm-defaults`
 * (info) for the ones kubeadm knowingly leaves, `audit-defaults` for the others, so a bare command line is not a wall
 * of markers on one line; the Audit page lists each.
 */
export function auditFindings(model: AuditModel, rules: RuleSeverities): Finding[] {
  const out: Finding[] = [];
  const summaries = new Map<string, { kubeadm: AuditResult[]; defaults: AuditResult[] }>();
  for (const r of model.results) {
    if (r.status !== 'fail' || !r.anchor) continue;
    const atDefault = !r.actual || r.actual.span === null;
    if (r.kubeadmDefault || atDefault) {
      const s = summaries.get(r.instanceId) ?? { kubeadm: [], defaults: [] };
      (r.kubeadmDefault ? s.kubeadm : s.defaults).push(r);
      summaries.set(r.instanceId, s);
      continue;
    }
    const params: MessageParams = {
      check: r.id,
      cis: cisOf(r),
      component: r.component,
      expected: expectationMessage(r.expected),
      actual: r.actual ? actualMessage(r.actual) : '',
    };
    out.push(
      makeFinding(
        rules,
        'audit-fail',
        params,
        { ...r.anchor, documentId: r.documentId },
        {
          severity: r.severity === 'low' ? 'info' : 'warning',
        },
      ),
    );
  }
  for (const { kubeadm, defaults } of summaries.values()) {
    for (const [rule, list] of [
      ['audit-kubeadm-defaults', kubeadm],
      ['audit-defaults', defaults],
    ] as const) {
      const first = list[0];
      if (!first) continue;
      // at the command (an absent flag's anchor), one marker per instance
      const anchor = list.find((r) => r.actual?.span === null)?.anchor ?? first.anchor!;
      const severity =
        rule === 'audit-kubeadm-defaults' || list.every((r) => r.severity === 'low') ? 'info' : 'warning';
      out.push(
        makeFinding(
          rules,
          rule,
          { component: first.component, count: list.length, checks: { list: list.map(cisOf), join: 'comma' } },
          { ...anchor, documentId: first.documentId },
          { severity },
        ),
      );
    }
  }
  return out;
}
