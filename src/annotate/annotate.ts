/**
 * Annotation: each flag and field of the model joined with its documentation, its status for the
 * detected version, its checked value and whether it differs from the default.
 * A document that says no version of its own is judged at the version the workspace's other Kubernetes components
 * run, when the pipeline passes one (src/annotate/assumedVersion.ts), else at the newest release known.
 * Synchronous: the knowledge base must have loaded the catalogues first (see pipeline).
 */
import type { FieldOccurrence, FlagOccurrence, SecretInfo, SourceDocument } from '../model/types';
import type { FieldDoc, FlagDoc, FlagFacts, FlagStatus } from '../knowledge/types';
import { resolveFlagName, suggestFlags, type KnowledgeBase } from '../knowledge/knowledgeBase';
import type { Message } from '../model/message';
import { checkValue, differsFromDefault, type ParsedValue } from './values';
import { statusOf } from '../knowledge/flagFacts';
import { secretOverlapping } from '../ingest/workspace/secrets';
import { takesAssumedVersion, type AssumedVersion } from './assumedVersion';

export interface AnnotatedFlag {
  occurrence: FlagOccurrence;
  /** Name in the catalogue (after alias / underscore normalisation), null when unknown. */
  canonical: string | null;
  /** The entry as it applies at the document's version (default, values, kubeadm of that version): facts.doc. */
  doc: FlagDoc | null;
  /** What holds for the flag at the document's version (KnowledgeBase.flagFacts); null when unknown. */
  facts: FlagFacts | null;
  status: FlagStatus;
  parsed: ParsedValue | null;
  /** What is wrong with the value (a message code; words in content/<lang>/messages.yaml). */
  valueProblem: Message | null;
  /** What needs attention in a value that works (a deprecated value, an issuer that is not an https URL). */
  valueWarning: Message | null;
  /** true/false when known, null when it cannot be told (no doc, unparseable value). */
  differsFromDefault: boolean | null;
  /** For unknown flags: close known names. */
  suggestions: string[];
  /** The secret the value is (part of), from the document's secrets: never show the value, only a mask. */
  secret: SecretInfo | null;
}

export interface AnnotatedField {
  occurrence: FieldOccurrence;
  doc: FieldDoc | null;
}

export interface AnnotatedDocument {
  document: SourceDocument;
  flags: AnnotatedFlag[];
  fields: AnnotatedField[];
  /**
   * Present only when the document says no version and its flags were judged at the workspace's version instead
   * (src/annotate/assumedVersion.ts): findings say so. `document.version` stays null.
   */
  assumed?: AssumedVersion;
}

/** The version a document's flags are judged at: its own, else the assumed one, else null (the newest release). */
export function judgedVersion(a: Pick<AnnotatedDocument, 'document' | 'assumed'>): string | null {
  return a.document.version?.version ?? a.assumed?.version.version ?? null;
}

/** Which field documentation set explains the keys of a document kind. */
export function fieldSetOf(doc: SourceDocument): string | null {
  switch (doc.kind) {
    case 'static-pod':
      return 'pod';
    case 'kubeconfig':
      return 'kubeconfig';
    case 'systemd-unit':
      return 'systemd';
    case 'env-file':
      return 'env';
    case 'kubeadm-config':
      return 'kubeadm';
    default:
      return null;
  }
}

/** Field docs are keyed by path; list items of any depth share one entry. */
export function lookupField(set: Map<string, FieldDoc> | undefined, path: string): FieldDoc | null {
  if (!set) return null;
  return set.get(path) ?? null;
}

/** `assumed`: the workspace's version, used only when the document has none of its own (takesAssumedVersion). */
export function annotateDocument(
  doc: SourceDocument,
  kb: KnowledgeBase,
  assumed: AssumedVersion | null = null,
): AnnotatedDocument {
  const cat = doc.component ? kb.catalogue(doc.component) : undefined;
  const assumedHere = assumed && takesAssumedVersion(doc) ? assumed : null;
  const version = doc.version?.version ?? assumedHere?.version.version ?? null;
  const flags = doc.flags.map((occ): AnnotatedFlag => {
    const secret = secretOverlapping(doc, occ.fileId, occ.valueRange);
    if (!cat) {
      return {
        occurrence: occ,
        canonical: null,
        doc: null,
        facts: null,
        status: 'unknown',
        parsed: null,
        valueProblem: null,
        valueWarning: null,
        differsFromDefault: null,
        suggestions: [],
        secret,
      };
    }
    const canonical = resolveFlagName(cat, occ.name);
    const facts = canonical && doc.component ? kb.flagFacts(doc.component, canonical, version) : null;
    if (!canonical || !facts) {
      return {
        occurrence: occ,
        canonical: null,
        doc: null,
        facts: null,
        status: 'unknown',
        parsed: null,
        valueProblem: null,
        valueWarning: null,
        differsFromDefault: null,
        suggestions: suggestFlags(cat, occ.name),
        secret,
      };
    }
    const fdoc = facts.doc;
    const { parsed, problem, warning } = checkValue(fdoc, occ.value, facts, assumedHere);
    return {
      occurrence: occ,
      canonical,
      doc: fdoc,
      facts,
      status: statusOf(facts, occ.origin),
      parsed,
      valueProblem: problem,
      valueWarning: warning,
      differsFromDefault: differsFromDefault(fdoc, occ.value, parsed),
      suggestions: [],
      secret,
    };
  });
  const set = fieldSetOf(doc);
  const fieldDocs = set ? kb.fields(set) : undefined;
  const fields = doc.fields.map((occ) => ({ occurrence: occ, doc: lookupField(fieldDocs, occ.path) }));
  return assumedHere ? { document: doc, flags, fields, assumed: assumedHere } : { document: doc, flags, fields };
}
