/** /reference/:component/:flag? — the documented flags of a component, one flag in detail. */
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { FlagCatalogue } from '../knowledge/knowledgeBase';
import { pageKnowledge } from '../state/knowledge';
import { COMPONENT_IDS, type ComponentId } from '../model/types';
import { flagFactsLine } from '../present/explainMarkdown';
import { t } from '../i18n';
import { Markdown } from './Markdown';

export function ReferenceView() {
  const { component, flag } = useParams();
  const [cat, setCat] = useState<FlagCatalogue | null>(null);
  const valid = COMPONENT_IDS.includes(component as ComponentId) ? (component as ComponentId) : null;
  useEffect(() => {
    setCat(null);
    if (!valid) return;
    let live = true;
    void pageKnowledge()
      .then((kb) => kb.loadFlags(valid))
      .then((c) => live && setCat(c));
    return () => {
      live = false;
    };
  }, [valid]);

  return (
    <div className="kx-reference">
      <nav className="kx-ref-components">
        {COMPONENT_IDS.map((c) => (
          <Link key={c} to={`/reference/${c}`} className={c === valid ? 'active' : ''}>
            {c}
          </Link>
        ))}
      </nav>
      {!valid && <p>{t('reference.pick')}</p>}
      {valid && cat && flag && <FlagDetail cat={cat} name={flag} component={valid} />}
      {valid && cat && !flag && (
        <>
          <p className="kx-muted">{t('reference.count', { count: cat.flags.size })}</p>
          <ul className="kx-ref-list" data-testid="reference-list">
            {[...cat.flags.values()]
              .sort((a, b) => a.name.localeCompare(b.name))
              .map((d) => (
                <li key={d.name} className={d.removed ? 'removed' : d.deprecated ? 'deprecated' : ''}>
                  <Link to={`/reference/${valid}/${d.name}`}>
                    <code>--{d.name}</code>
                  </Link>{' '}
                  {d.removed && (
                    <span className="kx-status removed">
                      {t('panel.status.removed')} {d.removed}
                    </span>
                  )}
                  {!d.removed && d.deprecated && (
                    <span className="kx-status deprecated">
                      {t('panel.status.deprecated')} {d.deprecated}
                    </span>
                  )}
                  <span className="kx-muted"> — {d.summary}</span>
                </li>
              ))}
          </ul>
        </>
      )}
    </div>
  );
}

function FlagDetail({ cat, name, component }: { cat: FlagCatalogue; name: string; component: ComponentId }) {
  const doc = cat.flags.get(name);
  if (!doc) return <p>{t('reference.notFound', { flag: name, component })}</p>;
  return (
    <article className="kx-ref-flag" data-testid="reference-flag">
      <Link to={`/reference/${component}`}>{t('reference.back', { component })}</Link>
      <h2>
        <code>--{doc.name}</code>
      </h2>
      <p className="kx-lead">{doc.summary}</p>
      <Markdown text={flagFactsLine(doc)} />
      <Markdown text={doc.explanation} />
      {doc.security && <Markdown text={`**${t('hover.security')}:** ${doc.security}`} />}
      {doc.related.length > 0 && (
        <p>
          {t('hover.related')}:{' '}
          {doc.related.map((r) => (
            <Link key={r} to={`/reference/${component}/${r}`} style={{ marginRight: 8 }}>
              <code>--{r}</code>
            </Link>
          ))}
        </p>
      )}
      <p>
        <a href={doc.link} target="_blank" rel="noreferrer noopener">
          {t('hover.reference')}
        </a>
      </p>
    </article>
  );
}
