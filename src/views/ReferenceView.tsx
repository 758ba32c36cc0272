/**
 * The reference browser (issue 17):
 *   /reference                              components and the feature gates
 *   /reference/:component?v=1.31            every flag of that release, search as you type, filters
 *   /reference/:component/:flag?v=1.31      one flag: the entry, its history, related flags, audit checks, where written
 *   /reference/feature-gates[/:gate]?v=1.31 the feature gates
 *   /upgrade/:component?from=1.21&to=1.31   what changes between two releases
 * Every page has a stable address; a wrong component, flag, gate or version says so (never a blank page).
 */
import { Link, useParams, useSearchParams } from 'react-router';
import { COMPONENT_IDS, type ComponentId } from '../model/types';
import { releasesOf } from '../knowledge/upgradeDiff';
import { t, tDynamic } from '../i18n';
import { useReferenceData } from './reference/useReferenceData';
import { FlagList } from './reference/FlagList';
import { FlagPage } from './reference/FlagPage';
import { GateList, GatePage, gateReleases } from './reference/GatePages';
import { UpgradeDiffView } from './reference/UpgradeDiffView';
import { withVersion } from './reference/links';
import './reference/reference.css';

const GATES = 'feature-gates';

export function ReferenceView({ upgrade = false }: { upgrade?: boolean }) {
  const { component, flag } = useParams();
  const [params, setParams] = useSearchParams();
  const isGates = !upgrade && component === GATES;
  const valid = COMPONENT_IDS.includes(component as ComponentId) ? (component as ComponentId) : null;
  const data = useReferenceData(valid);
  const asked = params.get('v');

  const nav = (
    <nav className="kx-ref-components" aria-label={t('reference.components')}>
      {COMPONENT_IDS.map((c) => (
        <Link
          key={c}
          to={upgrade ? `/upgrade/${c}` : withVersion(`/reference/${c}`, c === valid ? asked : null)}
          className={c === valid ? 'active' : ''}
        >
          {c}
        </Link>
      ))}
      <Link to={withVersion(`/reference/${GATES}`, isGates ? asked : null)} className={isGates ? 'active' : ''}>
        {t('reference.gates')}
      </Link>
      <Link to={`/upgrade/${valid ?? 'kube-apiserver'}`} className={upgrade ? 'active' : ''} data-testid="nav-upgrade">
        {t('reference.upgrade')}
      </Link>
    </nav>
  );

  let body: React.ReactNode;
  if (component === undefined) {
    body = (
      <>
        <h1>{t('reference.title')}</h1>
        <p>{t('reference.intro')}</p>
        <p>
          <Link to="/lesson" data-testid="reference-lesson-link">
            {t('reference.lessonLink')}
          </Link>
        </p>
        <ul className="kx-ref-home" data-testid="reference-home">
          {COMPONENT_IDS.map((c) => (
            <li key={c}>
              <Link to={`/reference/${c}`}>{c}</Link>
              {/* the words start with the name for some components (etcd: ...): it is not said twice */}
              <span className="kx-muted">
                {' '}
                — {tDynamic(`doc.about.${c}`).replace(new RegExp(`^${c}[:：]\\s*`), '')}
              </span>
            </li>
          ))}
          <li>
            <Link to={`/reference/${GATES}`}>{t('reference.gates')}</Link>
          </li>
          <li>
            <Link to="/upgrade/kube-apiserver">{t('reference.upgrade')}</Link>
          </li>
        </ul>
      </>
    );
  } else if (!valid && !isGates) {
    body = (
      <p className="kx-notice" data-testid="reference-missing">
        {t('reference.badComponent', { component })}
      </p>
    );
  } else if (data.state === 'loading') {
    body = <p className="kx-loading">{t('editor.loading')}</p>;
  } else if (data.state === 'failed') {
    body = <p className="kx-notice">{t('reference.loadFailed', { error: data.error })}</p>;
  } else {
    const { kb, catalogue, gates, prose, checks } = data.value;
    const releases = isGates ? gateReleases(gates) : catalogue ? releasesOf(catalogue) : [];
    const newest = releases.at(-1) ?? '';
    const badVersion = asked !== null && !upgrade && !releases.includes(asked);
    const version = asked !== null && releases.includes(asked) ? asked : newest;
    const picker = !upgrade && (
      <label className="kx-ref-version">
        {t('reference.version')}{' '}
        <select
          value={version}
          data-testid="reference-version"
          onChange={(e) =>
            setParams(
              (p) => {
                const n = new URLSearchParams(p);
                n.set('v', e.target.value);
                return n;
              },
              { replace: true },
            )
          }
        >
          {[...releases].reverse().map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
    );
    body = (
      <>
        <div className="kx-ref-head">
          <h1>{upgrade ? t('diff.title') : isGates ? t('reference.gates') : valid}</h1>
          {picker}
        </div>
        {badVersion && (
          <p className="kx-notice" data-testid="reference-bad-version">
            {t('reference.badVersion', {
              version: asked,
              component: isGates ? t('reference.gates') : (valid ?? ''),
              oldest: releases[0] ?? '',
              newest,
            })}
          </p>
        )}
        {upgrade && catalogue && <UpgradeDiffView catalogue={catalogue} gates={gates} />}
        {!upgrade && isGates && !flag && <GateList gates={gates} prose={prose} version={version} />}
        {!upgrade && isGates && flag && <GatePage gates={gates} prose={prose} name={flag} version={version} />}
        {!upgrade && catalogue && !flag && <FlagList kb={kb} catalogue={catalogue} version={version} />}
        {!upgrade && catalogue && flag && (
          <FlagPage kb={kb} catalogue={catalogue} name={flag} version={version} checks={checks} />
        )}
      </>
    );
  }

  return (
    <div className="kx-reference">
      {nav}
      <main className="kx-ref-main">{body}</main>
    </div>
  );
}

export default ReferenceView;

/** The upgrade diff route. */
export function UpgradeView() {
  return <ReferenceView upgrade />;
}
