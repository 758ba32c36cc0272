/** The contract every input format implements (one parser object per format, astexplorer style). */
import type { ComponentId, Diagnostic, DocumentKind, SourceDocument, WorkspaceFile } from '../model/types';
import type { ComponentInfo } from '../model/components';

export interface ParseContext {
  file: WorkspaceFile;
  components: ReadonlyMap<ComponentId, ComponentInfo>;
  /**
   * The analysis time (ms since the epoch) for time-relative facts such as a certificate's
   * days left. Passed in so parsers stay pure; without it those facts are null.
   */
  now?: number;
}

export interface FormatParser {
  kind: DocumentKind;
  /** How sure we are that `text` is in this format: 0 (no) .. 1 (certain). */
  detect(text: string, fileName: string): number;
  /** Never throws: problems become located diagnostics. */
  parse(ctx: ParseContext): { documents: SourceDocument[]; diagnostics: Diagnostic[] };
}
