/**
 * The whole data flow in one place:
 * text -> documents (ingest) -> annotated model (knowledge) -> findings (analysis).
 * Pure and async only because content is loaded on demand; runs in Node, the page and the worker.
 */
import type { IngestedFile, WorkspaceFile } from '../model/types';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import { ingestFile } from '../ingest';
import { resolveEnvironment } from '../ingest/expandEnv';
import { annotateDocument, fieldSetOf, type AnnotatedDocument } from '../annotate/annotate';
import { checkFlags } from '../analysis/flagChecks';
import { makeFinding, readRuleCatalogue } from '../analysis/rules';
import type { Finding } from '../analysis/types';

export interface AnalysedFile {
  file: IngestedFile;
  documents: AnnotatedDocument[];
}

export interface WorkspaceAnalysis {
  files: AnalysedFile[];
  findings: Finding[];
  /** Problems in content/ met while loading (should be none; shown to developers). */
  contentProblems: string[];
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

export interface AnalyseOptions {
  /** Analysis time (ms since the epoch) for certificate validity; defaults to the current time. */
  now?: number;
}

export async function analyseWorkspace(
  files: readonly WorkspaceFile[],
  kb: KnowledgeBase,
  options: AnalyseOptions = {},
): Promise<WorkspaceAnalysis> {
  const now = options.now ?? Date.now();
  // Each file on its own, then `$VAR`s of units expanded from env files elsewhere in the workspace.
  const ingested = resolveEnvironment(
    files.map((f) => ingestFile(f, kb.components, { now })),
    files,
    kb.components,
  );
  const components = new Set(ingested.flatMap((f) => f.documents.map((d) => d.component)).filter((c) => c !== null));
  const sets = new Set(ingested.flatMap((f) => f.documents.map(fieldSetOf)).filter((s) => s !== null));
  const [rawRules] = await Promise.all([
    kb.loadMessages('rules.yaml'),
    ...[...components].map((c) => kb.loadFlags(c)),
    ...[...sets].filter((s) => kb.fieldSetNames().includes(s)).map((s) => kb.loadFields(s)),
  ]);
  const rules = readRuleCatalogue(rawRules);
  const findings: Finding[] = [];
  const analysed = ingested.map((file): AnalysedFile => {
    for (const d of file.diagnostics) {
      findings.push(
        makeFinding(
          rules,
          'document-problem',
          { message: d.message, code: d.code },
          { fileId: file.fileId, range: d.range, documentId: null },
          { severity: d.severity },
        ),
      );
    }
    const documents = file.documents.map((doc) => {
      for (const d of doc.diagnostics) {
        findings.push(
          makeFinding(
            rules,
            'document-problem',
            { message: d.message, code: d.code },
            { fileId: doc.fileId, range: d.range, documentId: doc.id },
            { severity: d.severity },
          ),
        );
      }
      const annotated = annotateDocument(doc, kb);
      findings.push(...checkFlags(annotated, rules));
      return annotated;
    });
    return { file, documents };
  });
  const order = new Map(files.map((f, i) => [f.id, i]));
  findings.sort(
    (a, b) =>
      (order.get(a.fileId) ?? 0) - (order.get(b.fileId) ?? 0) ||
      a.range.start - b.range.start ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
  );
  return { files: analysed, findings, contentProblems: kb.problems.map((p) => `${p.source} ${p.entry}: ${p.message}`) };
}
