/**
 * Provenance for kubeadm clusters (issue 17): whether each flag a component runs with is what kubeadm writes for
 * that version ("kubeadm") or was added or changed by someone ("user"), and which flags kubeadm writes that are not
 * there (someone removed them). Pure, over an effective configuration (src/effective/configuration.ts) and the
 * knowledge base's kubeadm facts per version.
 *
 * A component counts as kubeadm-made when most of the flags kubeadm always writes for its version are written with
 * kubeadm's values; otherwise (a binary install, a hand-written unit) every provenance is null and nothing is missing.
 */
import type { AnnotatedDocument, AnnotatedFlag } from '../annotate/annotate';
import { cachedEffectiveConfiguration, type ComponentInstance, type EffectiveConfiguration } from '../effective';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import type { DocumentId, Span } from '../model/span';

export type Provenance = 'kubeadm' | 'user';

export interface ProvenanceResult {
  /** The component looks made by kubeadm (see above). */
  kubeadmMade: boolean;
  /** Per flag written (set or configuration file): its provenance; null for flags that run on a default. */
  flags: Map<string, Provenance | null>;
  /** Flags kubeadm always writes at this version that are not written here, with kubeadm's value. */
  missing: { flag: string; kubeadm: string }[];
}

/** kubeadm's value as a pattern: `<advertiseAddress>` and the like stand for any value of the node. */
function kubeadmPattern(value: string): RegExp {
  // a note in parentheses says when; the value is before it
  const parts = value
    .replace(/\s*\(.*\)\s*$/, '')
    .split(/<[^<>]+>/)
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.+')}$`);
}

/** kubeadm writes the value only under a condition (a note in parentheses, or a note in the facts). */
const conditional = (value: string, note: string | null) => note !== null || /\(.*\)\s*$/.test(value);

export function provenanceOf(e: EffectiveConfiguration, kb: KnowledgeBase): ProvenanceResult {
  const component = e.instance.component;
  const judged = new Map<string, Provenance>();
  const missing: { flag: string; kubeadm: string }[] = [];
  let always = 0;
  let matched = 0;
  for (const f of e.flags) {
    // a flag after the cut of a cut command line is neither written nor missing: not known
    if (f.source === 'cut') continue;
    const written = f.source === 'set' || f.source === 'config' || f.source === 'templated';
    const note = f.kubeadm === null ? null : (kb.flagFacts(component, f.name, e.version)?.kubeadmNote ?? null);
    const isAlways = f.kubeadm !== null && !conditional(f.kubeadm, note);
    if (isAlways) always += 1;
    if (!written) {
      if (isAlways && f.kubeadm !== null) missing.push({ flag: f.name, kubeadm: f.kubeadm });
      continue;
    }
    let p: Provenance;
    if (f.kubeadm === null) p = 'user';
    else if (f.differsFromKubeadm === false) p = 'kubeadm';
    else if (f.differsFromKubeadm === true) p = 'user';
    else p = f.value !== null && kubeadmPattern(f.kubeadm).test(f.value) ? 'kubeadm' : 'user';
    if (p === 'kubeadm' && isAlways) matched += 1;
    judged.set(f.name, p);
  }
  const kubeadmMade = matched >= 2 && matched * 2 >= always;
  const flags = new Map<string, Provenance | null>();
  for (const f of e.flags) flags.set(f.name, kubeadmMade ? (judged.get(f.name) ?? null) : null);
  return { kubeadmMade, flags, missing: kubeadmMade ? missing : [] };
}

/** Provenance of one running instance, as the analysis carries it (plain data: it crosses postMessage). */
export interface InstanceProvenance {
  /** ComponentInstance.id */
  instance: string;
  kubeadmMade: boolean;
  /** Written flags (set or configuration file) with their provenance; empty unless kubeadmMade. */
  flags: { flag: string; provenance: Provenance; span: Span | null }[];
  /** Flags kubeadm always writes at this version that are not written here, with kubeadm's value. */
  missing: { flag: string; kubeadm: string }[];
}

/** The provenance of every instance of an analysis, in the order of the instances. */
export function analyseProvenance(
  instances: readonly ComponentInstance[],
  documents: ReadonlyMap<DocumentId, AnnotatedDocument>,
  kb: KnowledgeBase,
): InstanceProvenance[] {
  return instances.map((instance) => {
    if (!kb.catalogue(instance.component)) return { instance: instance.id, kubeadmMade: false, flags: [], missing: [] };
    const e = cachedEffectiveConfiguration(instance, documents, kb);
    const p = provenanceOf(e, kb);
    const flags: InstanceProvenance['flags'] = [];
    for (const f of e.flags) {
      const provenance = p.flags.get(f.name) ?? null;
      if (provenance !== null) flags.push({ flag: f.name, provenance, span: f.span });
    }
    return { instance: instance.id, kubeadmMade: p.kubeadmMade, flags, missing: p.missing };
  });
}

/** Where a written flag's value is (its value's span, else its name's): the key provenanceAt looks up. */
export const occurrenceKey = (span: Span): string => `${span.fileId}@${span.range.start}`;

/** occurrenceKey of a flag as written in a document. */
export const flagOccurrenceKey = (f: AnnotatedFlag): string =>
  occurrenceKey({ fileId: f.occurrence.fileId, range: f.occurrence.valueRange ?? f.occurrence.nameRange });

/** Provenance per written occurrence (occurrenceKey of the value's span, else the name's), of kubeadm-made instances. */
export function provenanceAt(provenance: readonly InstanceProvenance[]): Map<string, Provenance> {
  const out = new Map<string, Provenance>();
  for (const p of provenance) {
    if (!p.kubeadmMade) continue;
    for (const f of p.flags) if (f.span) out.set(occurrenceKey(f.span), f.provenance);
  }
  return out;
}
