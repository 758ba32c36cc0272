/**
 * What the reference pages read: the page's knowledge base, the catalogue of one component, the feature gates and
 * the words of the audit checks, loaded once and on demand (all from this origin: the pages work offline).
 */
import { useEffect, useState } from 'react';
import type { FlagCatalogue, KnowledgeBase } from '../../knowledge/knowledgeBase';
import type { FeatureGateCatalogue } from '../../knowledge/featureGates';
import type { ComponentId } from '../../model/types';
import { readCheckTexts, type CheckTexts } from '../../present/audit';
import { readFeatureGateProse, type FeatureGateProse } from '../../present/featureGateMarkdown';
import { pageKnowledge } from '../../state/knowledge';
import { language } from '../../i18n';

export interface ReferenceData {
  kb: KnowledgeBase;
  gates: FeatureGateCatalogue;
  checks: CheckTexts;
  /** The one line of ours per feature gate, and the stage words. */
  prose: FeatureGateProse;
  /** The component's catalogue (null: none asked for). */
  catalogue: FlagCatalogue | null;
}

export type Loaded<T> = { state: 'loading' } | { state: 'failed'; error: string } | { state: 'ready'; value: T };

export function useReferenceData(component: ComponentId | null): Loaded<ReferenceData> {
  const [data, setData] = useState<Loaded<ReferenceData>>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    setData((d) => (d.state === 'ready' && d.value.catalogue?.component.id === component ? d : { state: 'loading' }));
    void (async () => {
      const kb = await pageKnowledge(language());
      const [gates, checks, prose, catalogue] = await Promise.all([
        kb.featureGates(),
        kb.loadMessages('checks.yaml').then(readCheckTexts),
        kb.loadMessages('feature-gates.yaml').then(readFeatureGateProse),
        component ? kb.loadFlags(component) : Promise.resolve(null),
      ]);
      return { kb, gates, checks, prose, catalogue };
    })().then(
      (value) => live && setData({ state: 'ready', value }),
      (e: unknown) => live && setData({ state: 'failed', error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [component]);
  return data;
}
