/**
 * Rules are content (content/<lang>/rules.yaml): the analysis reads only each rule's default severity; the words
 * (title, message, explanation, fix) are rendered at the edge by src/present/messages.ts.
 */
import type { Severity } from '../model/types';
import type { DocumentId, Span } from '../model/span';
import type { MessageParams } from '../model/message';
import type { Finding } from './types';
import { RULE_IDS, type RuleId } from '../generated/ids';

const isRuleId = (id: string): id is RuleId => (RULE_IDS as readonly string[]).includes(id);

/** Default severity of each rule, from rules.yaml. */
export type RuleSeverities = Partial<Record<RuleId, Severity>>;

/** Each rule's default severity from the parsed rules.yaml (its words are read by src/present/messages.ts). */
export function readRuleSeverities(raw: Record<string, unknown>): RuleSeverities {
  const out: RuleSeverities = {};
  const rules = raw.rules;
  if (typeof rules !== 'object' || rules === null) return out;
  for (const [id, v] of Object.entries(rules as Record<string, unknown>)) {
    if (!isRuleId(id) || typeof v !== 'object' || v === null) continue;
    const s = (v as Record<string, unknown>).severity;
    out[id] = s === 'error' || s === 'info' ? s : 'warning';
  }
  return out;
}

/** Where a finding is: its span, and the document it is about (null for the file as a whole). */
export interface FindingLocation extends Span {
  documentId: DocumentId | null;
}

export function makeFinding(
  severities: RuleSeverities,
  rule: RuleId,
  params: MessageParams,
  where: FindingLocation,
  options: { severity?: Severity; withSuggestion?: boolean } = {},
): Finding {
  return {
    rule,
    severity: options.severity ?? severities[rule] ?? 'warning',
    fileId: where.fileId,
    range: where.range,
    documentId: where.documentId,
    params,
    ...(options.withSuggestion ? { variant: 'withSuggestion' as const } : {}),
  };
}
