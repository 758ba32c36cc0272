/** The contract every input format implements (one parser object per format, astexplorer style). */
import type { Diagnostic, DocumentKind, SourceDocument, WorkspaceFile } from '../model/types';
import type { IngestFacts } from '../model/components';

/** What a parser is given: the file, and the facts from content/ it recognises components and settings by. */
export interface ParseContext extends IngestFacts {
  file: WorkspaceFile;
  /**
   * The analysis time (ms since the epoch) for time-relative facts such as a certificate's
   * days left. Passed in so parsers stay pure; without it those facts are null.
   */
  now?: number;
}

export interface FormatParser {
  kind: DocumentKind;
  /** How sure we are that `text` is in this format: 0 (no) .. 1 (certain). */
  detect(text: string, fileName: string, facts: IngestFacts): number;
  /** Never throws: problems become located diagnostics. */
  parse(ctx: ParseContext): { documents: SourceDocument[]; diagnostics: Diagnostic[] };
}
