import type { Severity } from '../model/types';
import type { DocumentId, Span } from '../model/span';
import type { MessageParams } from '../model/message';
import type { RuleId } from '../generated/ids';

/**
 * One thing the analysis wants the user to know, located in a file. Language-free: the words are the rule's texts in
 * content/<lang>/rules.yaml with `params` filled in, rendered at the edge by src/present/messages.ts.
 */
export interface Finding extends Span {
  /** Stable rule id, e.g. `unknown-flag`; documented in content/<lang>/rules.yaml. */
  rule: RuleId;
  severity: Severity;
  /** The document it is about; null for a problem of the file as a whole. */
  documentId: DocumentId | null;
  /** Values the texts are built from (flag names, versions, nested messages). */
  params: MessageParams;
  /** Which of the rule's message templates: `withSuggestion` when a did-you-mean list is in params. */
  variant?: 'withSuggestion';
}
