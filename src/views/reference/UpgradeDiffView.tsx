/**
 * /upgrade/:component?from=1.21&to=1.31 — the upgrade diff of one component between two releases
 * (src/knowledge/upgradeDiff.ts): flags and feature gates that change, each with what to do before upgrading.
 */
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { FlagCatalogue } from '../../knowledge/knowledgeBase';
import type { FeatureGateCatalogue } from '../../knowledge/featureGates';
import { FLAG_CHANGE_KINDS, GATE_CHANGE_KINDS, releasesOf, upgradeDiff } from '../../knowledge/upgradeDiff';
import { flagActionText, gateActionText } from '../../present/upgradeDiff';
import { t, tDynamic } from '../../i18n';
import { withVersion } from './links';
import { FileDiff } from './FileDiff';

export function UpgradeDiffView({ catalogue, gates }: { catalogue: FlagCatalogue; gates: FeatureGateCatalogue }) {
  const component = catalogue.component.id;
  const releases = useMemo(() => releasesOf(catalogue), [catalogue]);
  const [params, setParams] = useSearchParams();
  const newest = releases.at(-1) ?? catalogue.component.catalogueVersion;
  const pick = (key: string, fallback: string) => {
    const v = params.get(key);
    return v && releases.includes(v) ? v : fallback;
  };
  const to = pick('to', newest);
  const from = pick('from', releases[Math.max(0, releases.indexOf(to) - 1)] ?? newest);
  const bad = ['from', 'to'].map((k) => params.get(k)).filter((v): v is string => v !== null && !releases.includes(v));
  const diff = useMemo(() => upgradeDiff(catalogue, gates, from, to), [catalogue, gates, from, to]);
  const set = (key: string, value: string) =>
    setParams(
      (p) => {
        const n = new URLSearchParams(p);
        n.set(key, value);
        return n;
      },
      { replace: true },
    );
  const picker = (key: 'from' | 'to', value: string) => (
    <label>
      {t(key === 'from' ? 'diff.from' : 'diff.to')}{' '}
      <select value={value} onChange={(e) => set(key, e.target.value)} data-testid={`diff-${key}`}>
        {[...releases].reverse().map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
    </label>
  );
  const flagLink = (name: string) => withVersion(`/reference/${component}/${name}`, diff.downgrade ? from : to);
  return (
    <div className="kx-ref-diff" data-testid="upgrade-diff">
      <h2>{t('diff.heading', { component, from, to })}</h2>
      {bad.map((v) => (
        <p key={v} className="kx-notice" data-testid="reference-bad-version">
          {t('reference.badVersion', { version: v, component, oldest: releases[0] ?? '', newest })}
        </p>
      ))}
      <div className="kx-ref-filters">
        {picker('from', from)}
        {picker('to', to)}
        <span className="kx-muted" data-testid="diff-counts">
          {t('diff.counts', { flags: diff.flags.length, gates: diff.gates.length })}
        </span>
      </div>
      <FileDiff />
      {diff.downgrade && <p className="kx-notice">{t('diff.downgrade', { from, to })}</p>}
      {diff.flags.length === 0 && diff.gates.length === 0 && <p>{t('diff.none', { component, from, to })}</p>}
      {diff.flags.length > 0 && <h3>{t('diff.flags')}</h3>}
      {FLAG_CHANGE_KINDS.map((kind) => {
        const list = diff.flags.filter((c) => c.kind === kind);
        if (list.length === 0) return null;
        return (
          <section key={kind} className={`kx-diff-group ${kind}`} data-testid={`diff-${kind}`}>
            <h4>{t('ui.withNote', { text: tDynamic(`diff.kind.${kind}`), note: list.length })}</h4>
            <ul>
              {list.map((c) => (
                <li key={`${c.flag}=${c.value ?? ''}`}>
                  <Link to={flagLink(c.flag)}>
                    <code>
                      --{c.flag}
                      {c.value ? `=${c.value}` : ''}
                    </code>
                  </Link>
                  {c.at && <span className="kx-muted"> {t('diff.in', { version: c.at })}</span>}
                  {c.security && <span className="kx-ref-tag security">{t('reference.security')}</span>}
                  <span className="kx-ref-summary"> — {c.summary}</span>
                  {c.note && <div className="kx-muted">{c.note}</div>}
                  <div className="kx-diff-todo">→ {flagActionText(c, diff)}</div>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      {diff.gates.length > 0 && <h3>{t('diff.gates')}</h3>}
      {GATE_CHANGE_KINDS.map((kind) => {
        const list = diff.gates.filter((c) => c.kind === kind);
        if (list.length === 0) return null;
        return (
          <details
            key={kind}
            className={`kx-diff-group ${kind}`}
            open={kind !== 'added'}
            data-testid={`diff-gate-${kind}`}
          >
            <summary>{t('ui.withNote', { text: tDynamic(`diff.gateKind.${kind}`), note: list.length })}</summary>
            <ul>
              {list.map((c) => (
                <li key={c.gate}>
                  <Link to={withVersion(`/reference/feature-gates/${c.gate}`, diff.downgrade ? from : to)}>
                    <code>{c.gate}</code>
                  </Link>{' '}
                  <span className="kx-muted">
                    {c.fromStage ?? '—'} →{' '}
                    {c.kind === 'removed' ? `${t('diff.kind.removed')} ${c.removedIn ?? ''}` : (c.toStage ?? '—')}
                  </span>
                  {c.action !== 'none' && <div className="kx-diff-todo">→ {gateActionText(c, diff)}</div>}
                </li>
              ))}
            </ul>
          </details>
        );
      })}
    </div>
  );
}
