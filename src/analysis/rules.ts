/** Finding texts come from content/<lang>/rules.yaml; this turns a rule id + params into a Finding. */
import { scalarText } from '../util/strings';
import type { Severity, SourceRange } from '../model/types';
import type { Finding } from './types';
import { RULE_IDS, type RuleId } from '../generated/ids';

export interface RuleText {
  severity: Severity;
  title: string;
  message: string;
  messageWithSuggestion?: string;
  explanation: string;
  fix: string;
}

export type RuleCatalogue = Partial<Record<RuleId, RuleText>>;

const isRuleId = (id: string): id is RuleId => (RULE_IDS as readonly string[]).includes(id);

/** Replace `{name}` placeholders; unknown placeholders stay visible so a content bug shows. */
export function fillTemplate(template: string, params: Record<string, string>): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (whole, key: string) => params[key] ?? whole);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function readRuleCatalogue(raw: Record<string, unknown>): RuleCatalogue {
  const rules = isRecord(raw.rules) ? raw.rules : {};
  const out: RuleCatalogue = {};
  for (const [id, v] of Object.entries(rules)) {
    if (!isRecord(v) || !isRuleId(id)) continue;
    const s = scalarText(v.severity ?? 'warning');
    out[id] = {
      severity: s === 'error' || s === 'info' ? s : 'warning',
      title: scalarText(v.title ?? id),
      message: scalarText(v.message ?? id),
      ...(typeof v.messageWithSuggestion === 'string' ? { messageWithSuggestion: v.messageWithSuggestion } : {}),
      explanation: scalarText(v.explanation),
      fix: scalarText(v.fix),
    };
  }
  return out;
}

export interface FindingLocation {
  fileId: string;
  range: SourceRange;
  documentId: string | null;
}

export function makeFinding(
  rules: RuleCatalogue,
  rule: RuleId,
  params: Record<string, string>,
  where: FindingLocation,
  options: { severity?: Severity; withSuggestion?: boolean } = {},
): Finding {
  const text = rules[rule];
  const template = (options.withSuggestion && text?.messageWithSuggestion) || text?.message || rule;
  return {
    rule,
    severity: options.severity ?? text?.severity ?? 'warning',
    message: fillTemplate(template, params),
    fileId: where.fileId,
    range: where.range,
    documentId: where.documentId,
    explanation: text?.explanation ? fillTemplate(text.explanation, params) : null,
    fix: text?.fix ? fillTemplate(text.fix, params) || null : null,
    params,
  };
}
