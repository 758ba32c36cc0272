/**
 * The security audit in words: each check's title, why it matters, how to check it by hand and how to fix it
 * (content/<lang>/checks.yaml, English filling gaps), and an AuditResult's expectation, actual value and reason for
 * not applying rendered from its message codes. Shared by the CLI report, SARIF and the Audit page.
 */
import {
  actualMessage,
  checkById,
  expectationMessage,
  notApplicableMessage,
  type AuditResult,
} from '../analysis/audit';
import { fillTemplate, renderMessage, type MessageCatalogue } from './messages';
import { scalarText } from '../util/strings';

export interface CheckText {
  title: string;
  why: string;
  fix: string;
  /** Manual checks: what to run by hand. */
  how: string | null;
}

export type CheckTexts = ReadonlyMap<string, CheckText>;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The words of the checks from the parsed checks.yaml (KnowledgeBase.loadMessages('checks.yaml')). */
export function readCheckTexts(raw: Record<string, unknown>): CheckTexts {
  const out = new Map<string, CheckText>();
  const list = isRecord(raw.checks) ? raw.checks : {};
  for (const [id, v] of Object.entries(list)) {
    if (!isRecord(v)) continue;
    out.set(id, {
      title: scalarText(v.title ?? id).trim(),
      why: scalarText(v.why ?? '').trim(),
      fix: scalarText(v.fix ?? '').trim(),
      how: typeof v.how === 'string' ? v.how.trim() : null,
    });
  }
  return out;
}

/** One audit result with its words. */
export interface PresentedAuditResult extends AuditResult {
  title: string;
  why: string;
  /** How to fix, with `{path}` filled for file checks. */
  fixText: string;
  /** Manual checks: what to run by hand. */
  how: string | null;
  expectedText: string;
  /** The value judged, in words (`absent, default true in v1.31.2`); null for manual checks. */
  actualText: string | null;
  /** Why it does not apply, in words. */
  notApplicableText: string | null;
}

export function presentAuditResult(
  r: AuditResult,
  catalogue: MessageCatalogue,
  texts: CheckTexts,
): PresentedAuditResult {
  const t = texts.get(r.id);
  const path = r.expected.kind === 'manual' ? (r.expected.what ?? '') : '';
  const fill = (s: string) => fillTemplate(catalogue, s, { path });
  // a check made manual by a value that is not known (cut, templated) says which value and why
  const unknownValue = r.actual?.source === 'cut' || r.actual?.source === 'templated';
  const manual = (r.status === 'manual' && !unknownValue) || checkById(r.id)?.manual !== undefined;
  return {
    ...r,
    title: t?.title ?? r.id,
    why: t?.why ?? '',
    fixText: t ? fill(t.fix) : '',
    how: t?.how ? fill(t.how) : null,
    expectedText: renderMessage(catalogue, expectationMessage(r.expected)),
    actualText: r.actual && !manual ? renderMessage(catalogue, actualMessage(r.actual)) : null,
    notApplicableText: r.notApplicable ? renderMessage(catalogue, notApplicableMessage(r.notApplicable)) : null,
  };
}
