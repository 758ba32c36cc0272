import type { Severity, SourceRange } from '../model/types';
import type { RuleId } from '../generated/ids';

/** One thing the analysis wants the user to know, located in a file. */
export interface Finding {
  /** Stable rule id, e.g. `unknown-flag`; documented in content/<lang>/rules.yaml. */
  rule: RuleId;
  severity: Severity;
  /** One sentence, already formatted in the UI language. */
  message: string;
  fileId: string;
  range: SourceRange;
  documentId: string | null;
  /** Longer text: why it matters. */
  explanation: string | null;
  /** What to do about it. */
  fix: string | null;
  /** Values the message was built from (flag names, versions...), for the JSON output. */
  params: Record<string, string>;
}
