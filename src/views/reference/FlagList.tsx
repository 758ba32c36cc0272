/**
 * /reference/:component?v=1.31 — every flag of a component as it is in the picked release: search as you type
 * (name and meaning), filters by category, status in that release, security relevance and whether kubeadm sets it.
 * The query and filters live in the URL (q, cat, status, sec, kubeadm) so a filtered list has a stable address.
 */
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { FlagCatalogue, KnowledgeBase } from '../../knowledge/knowledgeBase';
import { FLAG_CATEGORIES, type FlagDoc } from '../../knowledge/types';
import { t, tDynamic } from '../../i18n';
import { buildSearch } from './search';
import { SearchList, useQueryParam, type SearchRow } from './SearchList';
import { passesStatus, STATUS_FILTERS, withVersion, type StatusFilter } from './links';
import { NoBreakFlags } from '../NoBreakFlags';

export function FlagList({ kb, catalogue, version }: { kb: KnowledgeBase; catalogue: FlagCatalogue; version: string }) {
  const component = catalogue.component.id;
  const [params, setParams] = useSearchParams();
  const [query, setQuery] = useQueryParam();
  const category = params.get('cat') ?? '';
  const status = (STATUS_FILTERS as readonly string[]).includes(params.get('status') ?? '')
    ? (params.get('status') as StatusFilter)
    : 'current';
  const security = params.get('sec') === '1';
  const kubeadm = params.get('kubeadm') === '1';
  const set = (key: string, value: string | null) =>
    setParams(
      (p) => {
        const n = new URLSearchParams(p);
        if (value === null || value === '') n.delete(key);
        else n.set(key, value);
        return n;
      },
      { replace: true },
    );

  const search = useMemo(
    () =>
      buildSearch(
        [...catalogue.flags.values()].map((d) => ({ id: d.name, summary: d.summary, explanation: d.explanation })),
      ),
    [catalogue],
  );
  const categories = useMemo(
    () => FLAG_CATEGORIES.filter((c) => [...catalogue.flags.values()].some((d) => d.category === c)),
    [catalogue],
  );
  const inRelease = useMemo(
    () => [...catalogue.flags.values()].filter((d) => passesStatus(d, version, 'current')).length,
    [catalogue, version],
  );

  const docs = useMemo(() => {
    const ranked = search.search(query);
    const all = ranked
      ? ranked.map((n) => catalogue.flags.get(n)).filter((d): d is FlagDoc => d !== undefined)
      : [...catalogue.flags.values()].sort((a, b) => a.name.localeCompare(b.name));
    return all.filter(
      (d) =>
        passesStatus(d, version, status) &&
        (category === '' || d.category === category) &&
        (!security || d.security !== undefined) &&
        (!kubeadm || Boolean(kb.flagFacts(component, d.name, version)?.kubeadm)),
    );
  }, [search, query, catalogue, version, status, category, security, kubeadm, kb, component]);

  const rows: SearchRow[] = docs.map((d) => {
    const facts = kb.flagFacts(component, d.name, version);
    const s = facts?.status ?? 'ok';
    return {
      key: d.name,
      to: withVersion(`/reference/${component}/${d.name}`, version),
      className: s === 'ok' ? '' : s,
      content: (
        <>
          <code className="kx-ref-name">--{d.name}</code>
          {s !== 'ok' && (
            <span className={`kx-status ${s}`}>
              {tDynamic(`reference.status.${s}`)}
              {facts?.statusVersion ? ` ${facts.statusVersion}` : ''}
            </span>
          )}
          {d.security && <span className="kx-ref-tag security">{t('reference.security')}</span>}
          {facts?.kubeadm && <span className="kx-ref-tag kubeadm">kubeadm</span>}
          <span className="kx-ref-summary">
            <NoBreakFlags text={d.summary} />
          </span>
        </>
      ),
    };
  });

  const toolbar = (
    <div className="kx-ref-filters">
      <label>
        {t('reference.category')}{' '}
        <select value={category} onChange={(e) => set('cat', e.target.value)} data-testid="filter-category">
          <option value="">{t('reference.all')}</option>
          {categories.map((c) => (
            <option key={c} value={c}>
              {tDynamic(`reference.categoryName.${c}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('reference.statusFilter')}{' '}
        <select
          value={status}
          onChange={(e) => set('status', e.target.value === 'current' ? null : e.target.value)}
          data-testid="filter-status"
        >
          {STATUS_FILTERS.map((s) => (
            <option key={s} value={s}>
              {tDynamic(`reference.status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <input
          type="checkbox"
          checked={security}
          onChange={(e) => set('sec', e.target.checked ? '1' : null)}
          data-testid="filter-security"
        />{' '}
        {t('reference.security')}
      </label>
      <label>
        <input
          type="checkbox"
          checked={kubeadm}
          onChange={(e) => set('kubeadm', e.target.checked ? '1' : null)}
          data-testid="filter-kubeadm"
        />{' '}
        {t('reference.kubeadm')}
      </label>
      <span className="kx-muted" data-testid="reference-shown">
        {t('reference.shown', { shown: rows.length, count: t('reference.flagCount', { count: inRelease, version }) })}
      </span>
    </div>
  );

  return (
    <SearchList
      query={query}
      onQuery={setQuery}
      rows={rows}
      label={t('reference.search')}
      empty={t('reference.noMatch')}
      toolbar={toolbar}
      testId="flag-search"
    />
  );
}
