/**
 * Hover Markdown for one feature gate: what it does (one line of ours from content/<lang>/feature-gates.yaml), what
 * it is in the document's release, and its stage history (content/feature-gates.json). Pure. The gate name comes from
 * the user's text and is escaped; the prose is our own Markdown.
 */
import type { AnnotatedDocument } from '../annotate/annotate';
import { featureGateEntries, type GateEntry } from '../analysis/featureGates';
import {
  gateAt,
  stagesFor,
  type FeatureGateCatalogue,
  type GateStage,
  type GateStageSpan,
} from '../knowledge/featureGates';
import type { ComponentId } from '../model/types';
import type { FileId } from '../model/span';
import type { WorkspaceAnalysis } from '../pipeline';
import { escapeMarkdown } from '../util/markdown';
import { documentsOfFile } from './locate';

/** The words of the hover, per language (content/<lang>/feature-gates.yaml, English filling gaps). */
export interface FeatureGateProse {
  labels: Record<string, string>;
  stages: Record<GateStage, string>;
  /** One line per Kubernetes gate. */
  gates: Record<string, string>;
  /** One line per etcd gate. */
  etcdGates: Record<string, string>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function strings(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

/** The prose from the parsed file (KnowledgeBase.loadMessages('feature-gates.yaml')). */
export function readFeatureGateProse(raw: Record<string, unknown>): FeatureGateProse {
  const labels = isRecord(raw.labels) ? raw.labels : {};
  const stage = strings(labels.stage);
  return {
    labels: strings(labels),
    stages: {
      alpha: stage.alpha ?? 'alpha',
      beta: stage.beta ?? 'beta',
      stable: stage.stable ?? 'GA',
      deprecated: stage.deprecated ?? 'deprecated',
    },
    gates: strings(raw.gates),
    etcdGates: strings(raw.etcdGates),
  };
}

function fill(template: string | undefined, params: Record<string, string>): string {
  return (template ?? '').replace(/\{([A-Za-z]+)\}/g, (whole, k: string) => params[k] ?? whole);
}

/** `on by default, locked`: the words of a stage's default (the joining punctuation is the language's). */
export function defaultWords(span: GateStageSpan, prose: FeatureGateProse): string {
  const l = prose.labels;
  const d = span.default === null ? l.defaultUnknown : span.default ? l.defaultOn : l.defaultOff;
  if (!span.locked) return d ?? '';
  return fill(l.defaultLocked ?? '{default}, {locked}', { default: d ?? '', locked: l.locked ?? 'locked' });
}

/** `beta, on by default`: a stage and its default, joined the language's way. */
export function stageWithDefault(span: GateStageSpan, prose: FeatureGateProse): string {
  return fill(prose.labels.stageDefault ?? '{stage}, {default}', {
    stage: prose.stages[span.stage],
    default: defaultWords(span, prose),
  });
}

function releases(span: GateStageSpan): string {
  if (span.to === null) return `${span.from}+`;
  return span.from === span.to ? span.from : `${span.from}–${span.to}`;
}

/** `alpha (off by default) 1.27 · beta (on by default) 1.28–1.29 · GA (on by default, locked) 1.30–1.32 · removed 1.33` */
export function gateHistoryLine(stages: readonly GateStageSpan[], removedIn: string | null, prose: FeatureGateProse) {
  const step = prose.labels.historyStep ?? '{stage} ({default}) {releases}';
  const steps = stages.map((s) =>
    fill(step, { stage: prose.stages[s.stage], default: defaultWords(s, prose), releases: releases(s) }),
  );
  if (removedIn) steps.push(`${prose.labels.removedStep ?? 'removed'} ${removedIn}`);
  return steps.join(' · ');
}

/** The hover of gate `name` as `component` at `version` sees it; `value` is what the document sets, when known. */
export function featureGateHoverMarkdown(
  gate: { name: string; value?: boolean | null; component: ComponentId; version: string | null },
  catalogue: FeatureGateCatalogue,
  prose: FeatureGateProse,
): string[] {
  const l = prose.labels;
  const g = gateAt(catalogue, gate.name, gate.version, gate.component);
  const etcd = gate.component === 'etcd';
  const title = `**${escapeMarkdown(gate.name)}** — ${(etcd ? l.etcdTitle : l.title) ?? ''}`;
  const line = (etcd ? prose.etcdGates : prose.gates)[gate.name];
  const parts = [line ? `${title}\n\n${line}` : title];
  const release = g.release;
  if (g.state === 'ok' && g.current) {
    parts.push(
      fill(g.assumedNewest ? l.inNewest : l.inRelease, {
        release,
        stage: prose.stages[g.current.stage],
        default: defaultWords(g.current, prose),
      }),
    );
  } else if (g.state === 'not-yet') {
    parts.push(fill(l.notYet, { release, since: g.since ?? '?' }));
  } else if (g.state === 'removed' && g.facts) {
    parts.push(fill(l.removed, { release, removed: stagesFor(g.facts, gate.component).removedIn ?? '?' }));
  } else {
    parts.push(fill(l.unknown, { component: gate.component, release }));
  }
  if (gate.value !== undefined && gate.value !== null) parts.push(fill(l.yourValue, { value: String(gate.value) }));
  if (g.facts) {
    const { stages, removedIn } = stagesFor(g.facts, gate.component);
    const labelled = (label: string | undefined, text: string) =>
      fill(l.labelled ?? '{label}: {text}', { label: label ?? '', text });
    parts.push(labelled(l.history, gateHistoryLine(stages, removedIn, prose)));
    if (g.facts.components.length > 0) parts.push(labelled(l.usedBy, g.facts.components.join(', ')));
  }
  return parts;
}

/** The feature-gate entry of a document under `offset` of file `fileId` (for a hover), or null. */
export function featureGateEntryAt(doc: AnnotatedDocument, fileId: FileId, offset: number): GateEntry | null {
  return (
    featureGateEntries(doc).find(
      (e) => e.fileId === fileId && e.name !== '' && e.range.start <= offset && offset < e.range.end,
    ) ?? null
  );
}

/** The hover of the gate under `offset`, or null when there is none there. */
export function featureGateHoverAt(
  doc: AnnotatedDocument,
  fileId: FileId,
  offset: number,
  catalogue: FeatureGateCatalogue,
  prose: FeatureGateProse,
): string[] | null {
  const component = doc.document.component;
  const entry = featureGateEntryAt(doc, fileId, offset);
  if (!entry || !component) return null;
  return featureGateHoverMarkdown(
    { name: entry.name, value: entry.enabled, component, version: doc.document.version?.version ?? null },
    catalogue,
    prose,
  );
}

/** A feature-gate entry under an offset of a file, with the document that reads it. */
export interface GateUnderCursor {
  document: AnnotatedDocument;
  /** The document's component (a gate is judged per component). */
  component: ComponentId;
  entry: GateEntry;
}

/**
 * The gate entry under `offset` of file `fileId` in any document the file belongs to (its own documents, and a unit
 * whose `$ARGS` come from this env file): the `Name=value` of a `--feature-gates` value, or the key and value of a
 * `featureGates:` map entry. Null between entries (a comma, the flag name), outside any gate setting, and when the
 * value cannot be mapped onto the text entry by entry.
 */
export function featureGateUnderCursor(
  analysis: WorkspaceAnalysis | null,
  fileId: FileId,
  offset: number,
): GateUnderCursor | null {
  for (const document of documentsOfFile(analysis, fileId)) {
    const component = document.document.component;
    if (!component) continue;
    const here = featureGateEntries(document).filter(
      (e) => e.fileId === fileId && e.name !== '' && e.range.start <= offset && offset < e.range.end,
    );
    // A value written with quotes or escapes inside cannot be mapped entry by entry: every entry then has the
    // whole value's range, and which gate is under the cursor cannot be told.
    if (here.length === 1 && here[0]) return { document, component, entry: here[0] };
    if (here.length > 1) return null;
  }
  return null;
}

/** The hover of the gate found by featureGateUnderCursor. */
export function featureGateUnderCursorMarkdown(
  { document, component, entry }: GateUnderCursor,
  catalogue: FeatureGateCatalogue,
  prose: FeatureGateProse,
): string[] {
  return featureGateHoverMarkdown(
    { name: entry.name, value: entry.enabled, component, version: document.document.version?.version ?? null },
    catalogue,
    prose,
  );
}
