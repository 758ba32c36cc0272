/**
 * /reference/feature-gates and /reference/feature-gates/:gate?v=1.31 — the Kubernetes feature gates: a searchable
 * list with each gate's stage and default in the picked release, and one gate with its stages over time.
 */
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { gateAt, type FeatureGateCatalogue } from '../../knowledge/featureGates';
import { defaultWords, stageWithDefault, type FeatureGateProse } from '../../present/featureGateMarkdown';
import { compareVersions } from '../../util/version';
import { t } from '../../i18n';
import { buildSearch } from './search';
import { SearchList, useQueryParam, type SearchRow } from './SearchList';
import { withVersion } from './links';

/** The releases the gate list covers: 1.0 (or its oldest stage) to the newest it describes. */
export function gateReleases(gates: FeatureGateCatalogue): string[] {
  const newest = Number(gates.kubernetes.newest.split('.')[1] ?? 0);
  let oldest = newest;
  for (const g of gates.kubernetes.gates.values())
    for (const s of g.stages) oldest = Math.min(oldest, Number(s.from.split('.')[1] ?? newest));
  const out: string[] = [];
  for (let m = oldest; m <= newest; m++) out.push(`1.${m}`);
  return out;
}

export function GateList({
  gates,
  prose,
  version,
}: {
  gates: FeatureGateCatalogue;
  prose: FeatureGateProse;
  version: string;
}) {
  const [params, setParams] = useSearchParams();
  const [query, setQuery] = useQueryParam();
  const all = params.get('status') === 'any';
  const search = useMemo(
    () =>
      buildSearch(
        [...gates.kubernetes.gates.keys()].map((n) => ({ id: n, summary: prose.gates[n] ?? '', explanation: '' })),
      ),
    [gates, prose],
  );
  const names = useMemo(() => {
    const ranked = search.search(query) ?? [...gates.kubernetes.gates.keys()].sort((a, b) => a.localeCompare(b));
    return ranked.filter((n) => all || gateAt(gates, n, version).state === 'ok');
  }, [search, query, gates, version, all]);
  const rows: SearchRow[] = names.map((n) => {
    const g = gateAt(gates, n, version);
    return {
      key: n,
      to: withVersion(`/reference/feature-gates/${n}`, version),
      className: g.state === 'ok' ? '' : g.state,
      content: (
        <>
          <code className="kx-ref-name">{n}</code>
          {g.current ? (
            <span className={`kx-ref-tag stage-${g.current.stage}`}>{stageWithDefault(g.current, prose)}</span>
          ) : (
            <span className={`kx-status ${g.state}`}>{g.state}</span>
          )}
          <span className="kx-ref-summary">{prose.gates[n] ?? ''}</span>
        </>
      ),
    };
  });
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
  return (
    <>
      <p className="kx-muted">{t('reference.gatesIntro')}</p>
      <SearchList
        query={query}
        onQuery={setQuery}
        rows={rows}
        label={t('reference.search')}
        empty={t('reference.noMatch')}
        testId="gate-search"
        toolbar={
          <div className="kx-ref-filters">
            <label>
              <input type="checkbox" checked={all} onChange={(e) => set('status', e.target.checked ? 'any' : null)} />{' '}
              {t('reference.status.any')}
            </label>
            <span className="kx-muted" data-testid="reference-shown">
              {rows.length}
            </span>
          </div>
        }
      />
    </>
  );
}

export function GatePage({
  gates,
  prose,
  name,
  version,
}: {
  gates: FeatureGateCatalogue;
  prose: FeatureGateProse;
  name: string;
  version: string;
}) {
  const g = gateAt(gates, name, version);
  const back = <Link to={withVersion('/reference/feature-gates', version)}>{t('reference.allGates')}</Link>;
  if (!g.facts)
    return (
      <div className="kx-ref-missing" data-testid="reference-missing">
        <p>{t('reference.badGate', { gate: name })}</p>
        {back}
      </div>
    );
  const facts = g.facts;
  const l = prose.labels;
  const fill = (s: string | undefined, p: Record<string, string>) =>
    (s ?? '').replace(/\{([A-Za-z]+)\}/g, (w, k: string) => p[k] ?? w);
  const stateLine =
    g.state === 'ok' && g.current
      ? fill(l.inRelease, {
          release: g.release,
          stage: prose.stages[g.current.stage],
          default: defaultWords(g.current, prose),
        })
      : g.state === 'not-yet'
        ? fill(l.notYet, { release: g.release, since: g.since ?? '' })
        : fill(l.removed, { release: g.release, removed: facts.removedIn ?? '' });
  return (
    <article className="kx-ref-flag" data-testid="reference-gate">
      {back}
      <h2>
        <code>{name}</code> <span className="kx-muted">{l.title}</span>
      </h2>
      <p className="kx-lead">{prose.gates[name] ?? ''}</p>
      <p data-testid="reference-status" className={`kx-status ${g.state}`}>
        {stateLine}
      </p>
      <h3>{t('reference.gate.timeline')}</h3>
      <ol className="kx-ref-timeline" data-testid="reference-timeline">
        {facts.stages.map((s) => {
          const here = compareVersions(version, s.from) >= 0 && (s.to === null || compareVersions(version, s.to) <= 0);
          return (
            <li key={s.from} className={`stage-${s.stage}${here ? ' here' : ''}`}>
              <span className="kx-tl-version">
                {s.to === null ? `${s.from}+` : s.from === s.to ? s.from : `${s.from}–${s.to}`}
              </span>
              <span className="kx-tl-event">{stageWithDefault(s, prose)}</span>
            </li>
          );
        })}
        {facts.removedIn && (
          <li className="removed">
            <span className="kx-tl-version">{facts.removedIn}</span>
            <span className="kx-tl-event">{t('reference.tl.removed')}</span>
          </li>
        )}
      </ol>
      {facts.components.length > 0 && (
        <p>
          {t('reference.gate.components')}:{' '}
          {facts.components.map((c) => (
            <Link key={c} to={withVersion(`/reference/${c}/feature-gates`, version)} style={{ marginRight: 8 }}>
              {c}
            </Link>
          ))}
        </p>
      )}
    </article>
  );
}
