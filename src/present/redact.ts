/**
 * Redaction at the edge: what may be shown of a value that is (part of) a secret. The model records where secrets
 * are (SourceDocument.secrets, located by ingest/workspace/secrets.ts); every panel, hover, finding, report and
 * export shows the mask `••••••• (23 characters)` instead. A placeholder (`REDACTED`, `{token}`) is shown as written.
 * Only the editor shows the user's own text. Pure.
 */
import type { AnnotatedField, AnnotatedFlag } from '../annotate/annotate';
import type { SecretInfo, SourceDocument, WorkspaceFile } from '../model/types';
import type { Span } from '../model/span';
import { redactMessage, secretMask } from '../analysis/flagChecks';
import { secretOverlapping } from '../ingest/workspace/secrets';
import type { WorkspaceAnalysis } from '../pipeline';
import { renderMessage, type MessageCatalogue } from './messages';

export { redactMessage, secretMask, secretOverlapping };

/** Shown before the message catalogue is loaded: no words, no length. */
const BARE_MASK = '•••••••';

/** `••••••• (23 characters)` in the catalogue's language. */
export function maskText(secret: Pick<SecretInfo, 'length'>, catalogue: MessageCatalogue | null): string {
  if (!catalogue || catalogue.messages['value.secret'] === undefined) return BARE_MASK;
  return renderMessage(catalogue, secretMask(secret));
}

/** Whether a value must be masked: it is part of a secret that is not a placeholder. */
export function isHidden(secret: SecretInfo | null): secret is SecretInfo {
  return secret !== null && !secret.redacted;
}

/** A flag's value as it may be shown: null for a bare flag, the mask for a secret. */
export function shownFlagValue(flag: AnnotatedFlag, catalogue: MessageCatalogue | null): string | null {
  if (flag.occurrence.value === null) return null;
  return isHidden(flag.secret) ? maskText(flag.secret, catalogue) : flag.occurrence.value;
}

/** A flag's value problem in words, with a secret value masked; null when there is none. */
export function shownValueProblem(flag: AnnotatedFlag, catalogue: MessageCatalogue | null): string | null {
  const p = flag.valueProblem;
  if (!p) return null;
  const m = isHidden(flag.secret) ? redactMessage(p, flag.occurrence.value ?? '', flag.secret) : p;
  return catalogue ? renderMessage(catalogue, m) : m.code;
}

/** The secret a field's value is (part of), in its document. */
export function fieldSecret(field: AnnotatedField, document: SourceDocument): SecretInfo | null {
  return secretOverlapping(document, document.fileId, field.occurrence.valueRange);
}

/** A field's value as it may be shown: null for a map or list, the mask for a secret. */
export function shownFieldValue(
  field: AnnotatedField,
  document: SourceDocument,
  catalogue: MessageCatalogue | null,
): string | null {
  if (field.occurrence.value === null) return null;
  const secret = fieldSecret(field, document);
  return isHidden(secret) ? maskText(secret, catalogue) : field.occurrence.value;
}

/** Every secret of the analysis, with its span: its range in the file it is written in. */
export function secretSpans(analysis: Pick<WorkspaceAnalysis, 'files'>): { span: Span; secret: SecretInfo }[] {
  const out: { span: Span; secret: SecretInfo }[] = [];
  for (const f of analysis.files)
    for (const d of f.documents)
      for (const s of d.document.secrets ?? [])
        out.push({ span: { fileId: s.fileId ?? d.document.fileId, range: s.range }, secret: s });
  return out;
}

/**
 * A file's text with every secret written in it replaced by `•`, character for character (line breaks kept, so
 * every other offset, line and column stays where it was): what a share link or an export may carry.
 */
export function redactFileText(
  file: Pick<WorkspaceFile, 'id' | 'text'>,
  analysis: Pick<WorkspaceAnalysis, 'files'>,
): string {
  const spans = secretSpans(analysis)
    .filter((s) => s.span.fileId === file.id && !s.secret.redacted)
    .map((s) => s.span.range)
    .sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const r of spans) {
    const start = Math.max(at, r.start);
    const end = Math.min(file.text.length, r.end);
    if (end <= start) continue;
    out += file.text.slice(at, start) + file.text.slice(start, end).replace(/[^\r\n]/g, '•');
    at = end;
  }
  return out + file.text.slice(at);
}

/** Secrets shorter than this are not searched for in free text (they would match ordinary words). */
const MIN_SCRUB_LENGTH = 6;

/**
 * A last line of defence for texts built elsewhere (diagnostic messages of parsers, labels): every secret of the
 * workspace that appears in them is replaced by its mask. Returns the function that scrubs one text.
 */
export function secretScrubber(
  files: readonly Pick<WorkspaceFile, 'id' | 'text'>[],
  analysis: Pick<WorkspaceAnalysis, 'files'>,
  catalogue: MessageCatalogue | null,
): (text: string) => string {
  const texts = new Map(files.map((f) => [f.id, f.text]));
  const values = new Map<string, string>();
  for (const { span, secret } of secretSpans(analysis)) {
    if (secret.redacted) continue;
    const v = texts.get(span.fileId)?.slice(span.range.start, span.range.end) ?? '';
    if (v.length >= MIN_SCRUB_LENGTH) values.set(v, maskText({ length: v.length }, catalogue));
  }
  // longest first, so a secret that contains another is replaced whole
  const list = [...values].sort((a, b) => b[0].length - a[0].length);
  if (list.length === 0) return (s) => s;
  return (s) => list.reduce((acc, [v, mask]) => (acc.includes(v) ? acc.split(v).join(mask) : acc), s);
}
