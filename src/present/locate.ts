/** What sits at an offset of a file: a flag (name or value) or a structured field. Pure. */
import type { AnnotatedDocument, AnnotatedField, AnnotatedFlag } from '../annotate/annotate';
import type { WorkspaceAnalysis } from '../pipeline';
import type { FileId } from '../model/span';

export type Located =
  | { kind: 'flag'; flag: AnnotatedFlag; document: AnnotatedDocument }
  | { kind: 'field'; field: AnnotatedField; document: AnnotatedDocument };

const inside = (r: { start: number; end: number } | null, offset: number) =>
  r !== null && offset >= r.start && offset <= r.end;

export function locate(analysis: WorkspaceAnalysis | null, fileId: FileId, offset: number): Located | null {
  if (!analysis) return null;
  let field: Located | null = null;
  for (const af of analysis.files) {
    for (const doc of af.documents) {
      for (const flag of doc.flags) {
        const o = flag.occurrence;
        if (o.fileId !== fileId) continue;
        if (inside(o.nameRange, offset) || inside(o.valueRange, offset)) return { kind: 'flag', flag, document: doc };
      }
      if (doc.document.fileId !== fileId) continue;
      for (const f of doc.fields) {
        // the key itself, or a scalar value on the same entry
        if (
          inside(f.occurrence.keyRange, offset) ||
          (f.occurrence.value !== null && inside(f.occurrence.valueRange, offset))
        ) {
          // prefer the innermost (last matching) field
          field = { kind: 'field', field: f, document: doc };
        }
      }
    }
  }
  return field;
}

/**
 * The documents of one file, then the documents of other files whose flags are written in it
 * (a unit's `$KUBE_API_ARGS` expanded from this env file).
 */
export function documentsOfFile(analysis: WorkspaceAnalysis | null, fileId: FileId): AnnotatedDocument[] {
  if (!analysis) return [];
  const own = analysis.files.find((f) => f.file.fileId === fileId)?.documents ?? [];
  const foreign = analysis.files
    .filter((f) => f.file.fileId !== fileId)
    .flatMap((f) => f.documents)
    .filter((d) => d.flags.some((fl) => fl.occurrence.fileId === fileId));
  return [...own, ...foreign];
}
