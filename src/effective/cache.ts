/**
 * Effective configurations across analyses and across the analyses of one analysis run (network, trust, audit): the
 * session hands back the same annotated document objects for documents that did not change, so an edit recomputes
 * only the instances of the edited file, and the three analyses of one run share each instance's result.
 */
import type { AnnotatedDocument } from '../annotate/annotate';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import type { DocumentId } from '../model/span';
import { effectiveConfiguration, type EffectiveConfiguration } from './configuration';
import type { ComponentInstance } from './instances';

interface CachedEffective {
  key: string;
  documents: readonly (AnnotatedDocument | undefined)[];
  effective: EffectiveConfiguration;
}

const effectiveCache = new WeakMap<KnowledgeBase, WeakMap<AnnotatedDocument, CachedEffective[]>>();

/** effectiveConfiguration(instance, ...), computed once for the same instance over the same document objects. */
export function cachedEffectiveConfiguration(
  instance: ComponentInstance,
  documents: ReadonlyMap<DocumentId, AnnotatedDocument>,
  kb: KnowledgeBase,
): EffectiveConfiguration {
  const docs = instance.documents.map((d) => documents.get(d.documentId));
  const first = docs[0];
  const key = [
    instance.component,
    instance.version?.version ?? '',
    kb.catalogue(instance.component) ? 'loaded' : 'none',
    // a distribution's defaults follow settings outside the instance's documents (another file's etcd-arg)
    instance.distribution ? JSON.stringify(instance.distribution) : '',
    ...instance.documents.map((d) => `${d.documentId}:${d.role}`),
  ].join('\0');
  let byKb = effectiveCache.get(kb);
  if (!byKb) effectiveCache.set(kb, (byKb = new WeakMap()));
  const list = first ? (byKb.get(first) ?? []) : [];
  const hit = list.find((c) => c.key === key && c.documents.every((d, i) => d === docs[i]));
  if (hit) return hit.effective;
  const effective = effectiveConfiguration(instance, (id) => documents.get(id), kb);
  if (first) {
    // one entry per instance the document takes part in; an old one of the same key is replaced
    byKb.set(first, [...list.filter((c) => c.key !== key).slice(-7), { key, documents: docs, effective }]);
  }
  return effective;
}
