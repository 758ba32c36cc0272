import { memo, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { releaseOf, withVersion } from './reference/links';
import type { AnnotatedDocument, AnnotatedFlag } from '../annotate/annotate';
import { isFallback, t, tDynamic } from '../i18n';
import { DocumentDetails } from './DocumentDetails';
import { VirtualList } from './VirtualList';
import type { MessageCatalogue } from '../present/messages';
import { fromComponentSource } from '../present/componentSource';
import { NoBreakFlags } from './NoBreakFlags';
import { isHidden, shownFlagValue, shownValueProblem } from '../present/redact';
import type { DocumentId, Span } from '../model/span';
import type { PresentedAnalysis } from '../present/analysis';
import { flagOccurrenceKey, provenanceAt, type Provenance } from '../analysis/provenance';
import { assumedVersionTitle } from './assumedVersionText';

interface Props {
  documents: AnnotatedDocument[];
  selectedDocumentId: DocumentId | null;
  onSelectDocument: (id: DocumentId) => void;
  onReveal: (at: Span) => void;
  catalogue: MessageCatalogue | null;
  provenance?: DocumentProvenance;
}

/** kubeadm clusters: each written flag's provenance, and per document the kubeadm flags missing from its instance. */
export interface DocumentProvenance {
  at: ReadonlyMap<string, Provenance>;
  missing: ReadonlyMap<DocumentId, { version: string | null; flags: { flag: string; kubeadm: string }[] }>;
}

const NO_PROVENANCE: DocumentProvenance = { at: new Map(), missing: new Map() };

export function provenanceOfDocuments(analysis: PresentedAnalysis | null): DocumentProvenance {
  if (!analysis?.provenance) return NO_PROVENANCE;
  const missing = new Map<DocumentId, { version: string | null; flags: { flag: string; kubeadm: string }[] }>();
  analysis.provenance.forEach((p, i) => {
    const instance = analysis.instances[i];
    if (!instance || !p.kubeadmMade || p.missing.length === 0) return;
    const command = instance.documents.find((d) => d.role === 'command');
    if (command && !missing.has(command.documentId))
      missing.set(command.documentId, { version: instance.version?.version ?? null, flags: p.missing });
  });
  return { at: provenanceAt(analysis.provenance), missing };
}

function valueNote(f: AnnotatedFlag): string {
  const d = f.doc;
  if (!d) return '';
  const def =
    d.default === null ? t('panel.noDefault') : t('panel.default', { value: d.default === '' ? '""' : d.default });
  if (f.differsFromDefault === false) return t('panel.noteWithDefault', { note: t('panel.isDefault'), default: def });
  if (f.differsFromDefault === true && d.default !== null)
    return t('panel.noteWithDefault', { note: t('panel.differs'), default: def });
  return def;
}

/** Height of a flag row before it is measured (name line and a one-line summary), in pixels. */
const ROW_HEIGHT = 58;

interface RowProps {
  flag: AnnotatedFlag;
  component: string | null;
  catalogue: MessageCatalogue | null;
  onReveal: (at: Span) => void;
  provenance: Provenance | null;
  version: string | null;
}

const FlagRow = memo(function FlagRow({ flag: f, component, catalogue, onReveal, provenance, version }: RowProps) {
  return (
    <li
      className={`kx-flag-row status-${f.status}`}
      data-testid="flag-row"
      data-flag={f.occurrence.name}
      data-status={f.status}
      onClick={() =>
        onReveal({
          fileId: f.occurrence.fileId,
          range: {
            start: f.occurrence.nameRange.start,
            end: (f.occurrence.valueRange ?? f.occurrence.nameRange).end,
          },
        })
      }
    >
      <div className="kx-flag-line">
        <code className="kx-flag-name">
          {f.occurrence.spelled.startsWith('-') ? f.occurrence.spelled : `--${f.canonical ?? f.occurrence.name}`}
        </code>
        {!f.occurrence.spelled.startsWith('-') && <span className="kx-muted">← {f.occurrence.spelled}</span>}
        {f.occurrence.value !== null && (
          <code
            className={`kx-flag-value${isHidden(f.secret) ? ' kx-secret' : ''}`}
            data-secret={isHidden(f.secret) ? f.secret.kind : undefined}
          >
            ={shownFlagValue(f, catalogue)}
          </code>
        )}
        {f.status !== 'ok' && <span className={`kx-status ${f.status}`}>{tDynamic(`panel.status.${f.status}`)}</span>}
        {f.doc?.security && (
          <span className="kx-status security" title={f.doc.security}>
            {t('panel.security')}
          </span>
        )}
        {f.doc && component && (
          <Link
            className="kx-ref-link"
            data-testid="flag-reference-link"
            to={withVersion(`/reference/${component}/${f.doc.name}`, releaseOf(version))}
            title={t('hover.openReference')}
            onClick={(e) => e.stopPropagation()}
          >
            {t('panel.openReference')}
          </Link>
        )}
        {provenance && (
          <span
            className={`kx-status kx-prov-badge ${provenance}`}
            data-testid="flag-provenance"
            data-provenance={provenance}
            title={t(`panel.provenance.${provenance}`)}
          >
            {t(`panel.provenance.${provenance}Short`)}
          </span>
        )}
      </div>
      <div className="kx-flag-summary">
        {f.doc && isFallback(f.doc.proseLanguage) && (
          <span className="kx-i18n-fallback" data-testid="i18n-fallback" title={t('i18n.fallbackTitle')}>
            {t('i18n.fallback')}
          </span>
        )}
        <NoBreakFlags
          text={
            f.doc?.summary ??
            (f.suggestions.length > 0
              ? t('hover.didYouMean', { names: f.suggestions.map((s) => `--${s}`).join(', ') })
              : t('hover.unknown', { component: component ?? '?' }))
          }
        />
      </div>
      {f.doc && <div className="kx-flag-default kx-muted">{valueNote(f)}</div>}
      {f.valueProblem && (
        <div className="kx-flag-problem">
          <NoBreakFlags text={shownValueProblem(f, catalogue) ?? ''} />
        </div>
      )}
    </li>
  );
});

/** Memoised: a keystroke changes the files, not the analysis it shows; it re-renders when a new analysis arrives. */
export const FlagPanel = memo(function FlagPanel({
  documents,
  selectedDocumentId,
  onSelectDocument,
  onReveal,
  catalogue,
  provenance = NO_PROVENANCE,
}: Props) {
  const [filter, setFilter] = useState('');
  const doc =
    documents.find((d) => d.document.id === selectedDocumentId) ??
    documents.find((d) => d.flags.length > 0) ??
    documents.find((d) => d.document.component) ??
    documents[0];
  const flags = useMemo(() => {
    const q = filter.trim().toLowerCase();
    const list = doc?.flags ?? [];
    return q
      ? list.filter((f) => f.occurrence.name.includes(q) || (f.doc?.summary.toLowerCase().includes(q) ?? false))
      : list;
  }, [doc, filter]);
  if (!doc) return <p className="kx-muted">{t('panel.nothing')}</p>;
  const d = doc.document;
  const missing = provenance.missing.get(d.id);
  return (
    <div className="kx-flag-panel" data-testid="flag-panel">
      {documents.length > 1 && (
        <select
          value={d.id}
          onChange={(e) => {
            const picked = documents.find((x) => x.document.id === e.target.value);
            if (picked) onSelectDocument(picked.document.id);
          }}
          aria-label="document"
        >
          {documents.map((x) => (
            <option key={x.document.id} value={x.document.id}>
              {x.document.label}
              {x.document.component ? ` — ${x.document.component}` : ''}
            </option>
          ))}
        </select>
      )}
      <div className="kx-doc-head">
        <strong data-testid="component-name">{d.component ?? d.label}</strong>{' '}
        {d.component && (
          <span className="kx-muted">
            {d.version ? (
              t('panel.version', { version: d.version.version })
            ) : doc.assumed ? (
              <span data-testid="version-assumed" title={assumedVersionTitle(doc.assumed.version, doc.assumed.minors)}>
                {t('panel.versionAssumed', { version: doc.assumed.version.version })}
              </span>
            ) : (
              t('panel.versionUnknown')
            )}
            {d.componentSource ? ` · ${fromComponentSource(d.componentSource)}` : ''}
          </span>
        )}
      </div>
      <DocumentDetails document={d} onReveal={onReveal} catalogue={catalogue} />
      {missing && (
        <div className="kx-prov-missing" data-testid="kubeadm-missing">
          {t('panel.provenance.missing', { version: missing.version ?? '?' })}
          <ul>
            {missing.flags.map((m) => (
              <li key={m.flag}>
                <code>
                  --{m.flag}={m.kubeadm}
                </code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {doc.flags.length === 0 ? (
        d.component && <p className="kx-muted">{t('panel.noFlags')}</p>
      ) : (
        <>
          <input
            className="kx-filter"
            placeholder={t('panel.filter')}
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
          <VirtualList
            className="kx-flags"
            items={flags}
            itemKey={(f, i) => `${f.occurrence.nameRange.start}-${i}`}
            estimatedHeight={ROW_HEIGHT}
            renderItem={(f) => (
              <FlagRow
                flag={f}
                component={d.component}
                catalogue={catalogue}
                onReveal={onReveal}
                provenance={provenance.at.get(flagOccurrenceKey(f)) ?? null}
                version={d.version?.version ?? null}
              />
            )}
          />
        </>
      )}
    </div>
  );
});
