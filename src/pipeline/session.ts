/**
 * The incremental pipeline: an AnalysisSession remembers what it computed for each file and document, so an edit
 * re-reads only the file whose text changed (and the units and env files that depend on each other), and
 * re-annotates only the documents that changed. Cross-document steps run on the cached models.
 *
 * Invariant: `session.analyse(files)` gives the same result as a fresh session would (tests/unit/session.test.ts).
 * A session may be stopped between files by `shouldStop` (a newer edit supersedes the running analysis).
 *
 * A document that says no version is judged at the version the workspace's other Kubernetes components run
 * (src/annotate/assumedVersion.ts), and so is an instance whose version is still unknown after grouping: the cache of
 * a document keys on that version too, so a version change elsewhere re-annotates the version-less documents (and
 * only those).
 */
import { groupInstances, hostFolders, type ComponentInstance } from '../effective';
import { observedFindings } from '../analysis/observed';
import type { IngestedFile, SourceDocument, WorkspaceFile } from '../model/types';
import type { DocumentId, FileId } from '../model/span';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import { annotateDocument, fieldSetOf, type AnnotatedDocument } from '../annotate/annotate';
import { checkFlags } from '../analysis/flagChecks';
import { checkFeatureGates } from '../analysis/featureGates';
import type { FeatureGateCatalogue } from '../knowledge/featureGates';
import { makeFinding, readRuleSeverities, type RuleSeverities } from '../analysis/rules';
import type { Finding } from '../analysis/types';
import { analyseNetwork, type NetworkModel } from '../analysis/network';
import { buildTrust, type TrustModel } from '../analysis/trust';
import { analyseProvenance, type InstanceProvenance } from '../analysis/provenance';
import { auditFindings, runAudit, type AuditModel, type BenchmarkId } from '../analysis/audit';
import { requiredFlagsOfInstances } from '../analysis/requiredFlags';
import { ingestWorkspaceFile, resolveWorkspaceEnvironment } from './ingestStep';
import {
  assumedVersionKey,
  instanceVersion,
  runsKubernetesVersion,
  takesAssumedVersion,
  workspaceVersion,
  type AssumedVersion,
} from '../annotate/assumedVersion';

export interface AnalysedFile {
  file: IngestedFile;
  documents: AnnotatedDocument[];
}

export interface WorkspaceAnalysis {
  files: AnalysedFile[];
  findings: Finding[];
  /** The running components the documents describe, grouped by host (src/effective/instances.ts). */
  instances: ComponentInstance[];
  /** Listeners, connections and netstat / ss output compared, per host (src/analysis/network). */
  network?: NetworkModel;
  /** Certificates, keys, kubeconfigs and who signs, presents and trusts what (src/analysis/trust). */
  trust?: TrustModel;
  /** The security audit: every check of the benchmark per instance (src/analysis/audit). */
  audit?: AuditModel;
  /** kubeadm clusters: per instance (same order), which written flags are kubeadm's and which someone's (src/analysis/provenance.ts). */
  provenance?: InstanceProvenance[];
  /** Problems in content/ met while loading (should be none; shown to developers). */
  contentProblems: string[];
}

export interface AnalyseOptions {
  /** Analysis time (ms since the epoch) for certificate validity; defaults to the current time. */
  now?: number;
  /**
   * Asked between files; when it answers true the analysis stops and `analyse` resolves to null (a newer request
   * superseded it). May return a promise so the caller can let pending messages arrive first.
   */
  shouldStop?: () => boolean | Promise<boolean>;
  /** The benchmark of the security audit; by default the one matching the cluster's version. */
  benchmark?: BenchmarkId;
}

/** What the last analysis did, for benches and tests. */
export interface SessionStats {
  filesRead: number;
  filesReused: number;
  documentsAnnotated: number;
  documentsReused: number;
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;
/** Certificates' days left are computed at parse time: a cached read is good for this long. */
const CLOCK_GRANULARITY_MS = 3_600_000;

interface CachedRead {
  name: string;
  text: string;
  kindOverride: WorkspaceFile['kindOverride'];
  clock: number;
  ingested: IngestedFile;
}

interface CachedDocument {
  annotated: AnnotatedDocument;
  findings: Finding[];
  /** The assumed version it was annotated at (assumedVersionKey); '' when none applied to it. */
  assumedKey: string;
}

/** Files whose documents the environment step may change or read (units, env files, mixed pastes). */
function takesPartInEnvironment(f: IngestedFile): boolean {
  return f.kind === 'systemd-unit' || f.kind === 'env-file' || f.parts !== undefined;
}

export class AnalysisSession {
  private reads = new Map<FileId, CachedRead>();
  /** The environment step's inputs (ingested objects of the files taking part) and outputs, by file id. */
  private environment: { inputs: IngestedFile[]; resolved: Map<FileId, IngestedFile> } | null = null;
  private documents = new WeakMap<SourceDocument, CachedDocument>();
  private analysedFiles = new WeakMap<IngestedFile, AnalysedFile>();
  private rules: RuleSeverities | null = null;
  private gates: FeatureGateCatalogue | null = null;
  stats: SessionStats = { filesRead: 0, filesReused: 0, documentsAnnotated: 0, documentsReused: 0 };

  constructor(private readonly kb: KnowledgeBase) {}

  async analyse(files: readonly WorkspaceFile[], options: AnalyseOptions = {}): Promise<WorkspaceAnalysis | null> {
    const now = options.now ?? Date.now();
    const clock = Math.floor(now / CLOCK_GRANULARITY_MS);
    const stats: SessionStats = { filesRead: 0, filesReused: 0, documentsAnnotated: 0, documentsReused: 0 };
    const stop = async () => (options.shouldStop ? await options.shouldStop() : false);

    // 1. Each file on its own, reusing the last read of an unchanged file.
    const ingested: IngestedFile[] = [];
    const live = new Set<FileId>();
    for (const f of files) {
      live.add(f.id);
      const cached = this.reads.get(f.id);
      if (
        cached &&
        cached.text === f.text &&
        cached.name === f.name &&
        cached.kindOverride === f.kindOverride &&
        cached.clock === clock
      ) {
        ingested.push(cached.ingested);
        stats.filesReused++;
        continue;
      }
      if (await stop()) return null;
      const read = ingestWorkspaceFile(f, this.kb, now);
      this.reads.set(f.id, { name: f.name, text: f.text, kindOverride: f.kindOverride, clock, ingested: read });
      ingested.push(read);
      stats.filesRead++;
    }
    for (const id of [...this.reads.keys()]) if (!live.has(id)) this.reads.delete(id);

    // 2. `$VAR`s of units expanded from env files elsewhere in the workspace: again only when one of them changed.
    const inputs = ingested.filter(takesPartInEnvironment);
    const previous = this.environment;
    let resolvedById: Map<FileId, IngestedFile>;
    if (previous && previous.inputs.length === inputs.length && previous.inputs.every((x, i) => x === inputs[i])) {
      resolvedById = previous.resolved;
    } else {
      if (await stop()) return null;
      const resolved = resolveWorkspaceEnvironment(ingested, files, this.kb);
      resolvedById = new Map(resolved.filter(takesPartInEnvironment).map((r) => [r.fileId, r]));
      this.environment = { inputs, resolved: resolvedById };
    }
    const final = ingested.map((ing) => (takesPartInEnvironment(ing) ? (resolvedById.get(ing.fileId) ?? ing) : ing));

    // 3. Load what the documents need (content is loaded once per component and field set).
    const components = new Set(final.flatMap((f) => f.documents.map((d) => d.component)).filter((c) => c !== null));
    // static Pods imply a kubelet on their node: the network stage needs its defaults
    if (final.some((f) => f.documents.some((d) => d.kind === 'static-pod' && d.component))) components.add('kubelet');
    const sets = new Set(final.flatMap((f) => f.documents.map(fieldSetOf)).filter((s) => s !== null));
    const [rawRules, networkFacts] = await Promise.all([
      this.rules ? Promise.resolve(null) : this.kb.loadMessages('rules.yaml'),
      this.kb.networkFacts(),
      ...[...components].map((c) => this.kb.loadFlags(c)),
      ...[...sets].filter((s) => this.kb.fieldSetNames().includes(s)).map((s) => this.kb.loadFields(s)),
      this.gates || !final.some((f) => f.documents.some((d) => d.flags.some((x) => x.name === 'feature-gates')))
        ? null
        : this.kb.featureGates().then((g) => (this.gates = g)),
    ]);
    const rules = (this.rules ??= readRuleSeverities(rawRules ?? {}));
    if (await stop()) return null;

    // 4. Annotate and check each document, reusing unchanged documents (same object from a cached read, and for a
    // document without a version of its own the same assumed version).
    const assumed = workspaceVersion(final.flatMap((f) => f.documents));
    const annotatedNow = new Set<SourceDocument>();
    const annotated = (doc: SourceDocument, target: AssumedVersion | null): CachedDocument => {
      const key = target && takesAssumedVersion(doc) ? assumedVersionKey(target) : '';
      let cached = this.documents.get(doc);
      if (!cached || cached.assumedKey !== key) {
        cached = this.annotate(doc, rules, target, key);
        this.documents.set(doc, cached);
        annotatedNow.add(doc);
      }
      return cached;
    };
    // 4a. The instances, from any annotation of each document: grouping reads names and values, never what a version
    // makes of them, so a version-less document's last annotation serves whatever version it was judged at.
    const order = new Map(files.map((f, i) => [f.id, i]));
    const hosts = new Map(files.flatMap((f) => (f.host ? [[f.id, f.host] as const] : [])));
    const folders = hostFolders(files);
    const grouped = groupInstances(
      final.flatMap((f) => f.documents.map((doc) => (this.documents.get(doc) ?? annotated(doc, assumed)).annotated)),
      (id) => hosts.get(id),
      (id) => folders.get(id),
    );
    // 4b. Each document at its version: its own, else its instance's (another document of the same component says
    // it), else the workspace's.
    const ofInstance = instanceVersions(grouped);
    const findings: Finding[] = [];
    const analysed = final.map((file): AnalysedFile => {
      for (const d of file.diagnostics) {
        findings.push(
          makeFinding(
            rules,
            'document-problem',
            { problem: d.message, code: d.code },
            { fileId: file.fileId, range: d.range, documentId: null },
            { severity: d.severity },
          ),
        );
      }
      const documents = file.documents.map((doc) => {
        const cached = annotated(doc, ofInstance.get(doc.id) ?? assumed);
        if (annotatedNow.has(doc)) stats.documentsAnnotated++;
        else stats.documentsReused++;
        for (const f of cached.findings) findings.push(f); // no spread: a document may have 250,000 findings
        return cached.annotated;
      });
      // The same object as last time when nothing in the file changed: the worker sends only new ones.
      const previous = this.analysedFiles.get(file);
      if (
        previous &&
        previous.documents.length === documents.length &&
        previous.documents.every((d, i) => d === documents[i])
      )
        return previous;
      const analysedFile = { file, documents };
      this.analysedFiles.set(file, analysedFile);
      return analysedFile;
    });
    const instances = withAssumedVersion(grouped, assumed);
    const texts = new Map(files.map((f) => [f.id, f.text]));
    const network = analyseNetwork(
      { files: analysed, instances, kb: this.kb, facts: networkFacts, text: (id) => texts.get(id) },
      rules,
    );
    findings.push(...network.findings);
    const trust = await buildTrust({ files: analysed, instances, textOf: (id) => texts.get(id) }, this.kb, now);
    findings.push(...trust.findings);
    const audit = runAudit(
      { files: analysed, instances, kb: this.kb, text: (id) => texts.get(id) },
      options.benchmark ? { benchmark: options.benchmark } : {},
    );
    for (const f of auditFindings(audit, rules)) findings.push(f);
    const byId = new Map(analysed.flatMap((f) => f.documents.map((d) => [d.document.id, d])));
    const names = new Map(files.map((f) => [f.id, f.name]));
    for (const f of observedFindings(instances, byId, this.kb, (id) => names.get(id) ?? id, rules)) findings.push(f);
    const provenance = analyseProvenance(instances, byId, this.kb);
    for (const f of requiredFlagsOfInstances(instances, byId, this.kb, rules)) findings.push(f);
    findings.sort(
      (a, b) =>
        (order.get(a.fileId) ?? 0) - (order.get(b.fileId) ?? 0) ||
        a.range.start - b.range.start ||
        SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
    );
    this.stats = stats;
    return {
      files: analysed,
      findings,
      instances,
      network: network.model,
      trust: trust.model,
      audit,
      provenance,
      contentProblems: this.kb.problems.map((p) => `${p.source} ${p.entry}: ${p.message}`),
    };
  }

  private annotate(
    doc: SourceDocument,
    rules: RuleSeverities,
    assumed: AssumedVersion | null,
    assumedKey: string,
  ): CachedDocument {
    const findings: Finding[] = [];
    for (const d of doc.diagnostics) {
      findings.push(
        makeFinding(
          rules,
          'document-problem',
          { problem: d.message, code: d.code },
          { fileId: doc.fileId, range: d.range, documentId: doc.id },
          { severity: d.severity },
        ),
      );
    }
    const annotated = annotateDocument(doc, this.kb, assumed);
    for (const f of checkFlags(annotated, rules)) findings.push(f);
    for (const f of checkFeatureGates(annotated, rules, this.gates)) findings.push(f);
    return { annotated, findings, assumedKey };
  }
}

/**
 * For each document of an instance whose version its documents (or its distribution's release) say, that version as
 * an assumed one for the documents that say none; a document of several instances that disagree: none (then the
 * workspace's applies).
 */
function instanceVersions(instances: readonly ComponentInstance[]): Map<DocumentId, AssumedVersion | null> {
  const out = new Map<DocumentId, AssumedVersion | null>();
  for (const i of instances) {
    if (!i.version || !runsKubernetesVersion(i)) continue;
    const version = instanceVersion(i.component, i.version);
    const key = assumedVersionKey(version);
    for (const d of i.documents) {
      const seen = out.get(d.documentId);
      if (seen === undefined) out.set(d.documentId, version);
      else if (seen && assumedVersionKey(seen) !== key) out.set(d.documentId, null);
    }
  }
  return out;
}

/**
 * Instances of a Kubernetes component whose version no document (nor its distribution's release) says run the
 * workspace's assumed version: its VersionInfo's source says so (`assumed: ...`, isAssumedVersion).
 */
function withAssumedVersion(instances: ComponentInstance[], assumed: AssumedVersion | null): ComponentInstance[] {
  if (!assumed) return instances;
  return instances.map((i) => (i.version || !runsKubernetesVersion(i) ? i : { ...i, version: assumed.version }));
}
