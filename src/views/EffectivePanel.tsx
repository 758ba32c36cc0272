/**
 * The effective view: the component instances of the workspace (component, host, version, the documents each is
 * made of) and, for the one selected, every flag of its component at its version with the value it runs with and
 * where that value comes from (src/effective). Security-relevant flags that run on their default are listed first,
 * so `--anonymous-auth=true` or `--profiling=true` are seen without searching. A secret value is never shown.
 */
import { memo, useEffect, useMemo, useState } from 'react';
import type { AnnotatedDocument } from '../annotate/annotate';
import {
  effectiveConfiguration,
  type ComponentInstance,
  type EffectiveConfiguration,
  type EffectiveFlag,
  type EffectiveSource,
} from '../effective';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import type { ComponentId, DocumentKind, SecretInfo, SourceRange } from '../model/types';
import type { DocumentId, FileId, Span } from '../model/span';
import type { PresentedAnalysis } from '../present/analysis';
import { isHidden, maskText, secretSpans } from '../present/redact';
import { pageKnowledge } from '../state/knowledge';
import { LineIndex } from '../util/lineIndex';
import { minorOf } from '../util/version';
import { isAssumedVersion } from '../annotate/assumedVersion';
import { assumedVersionTitle } from './assumedVersionText';
import { t, tDynamic } from '../i18n';
import { VirtualList } from './VirtualList';

interface Props {
  analysis: PresentedAnalysis | null;
  /** The open file: its instance is shown until the user picks another. */
  activeFileId: FileId | null;
  onReveal: (at: Span) => void;
  /** The text of a file as the editor holds it (for line numbers); undefined when unknown. */
  fileText: (id: FileId) => string | undefined;
}

const SOURCES: readonly EffectiveSource[] = ['set', 'config', 'kubeadm', 'default', 'templated', 'cut'];

export type EffectiveFilter = 'all' | 'set' | 'default' | 'security' | 'kubeadm' | 'differs';
const FILTERS: readonly EffectiveFilter[] = ['all', 'set', 'default', 'security', 'kubeadm', 'differs'];

const matchesFilter = (f: EffectiveFlag, filter: EffectiveFilter): boolean => {
  switch (filter) {
    case 'all':
      return true;
    case 'set':
      return f.source === 'set' || f.source === 'config' || f.source === 'templated';
    case 'default':
      return f.source === 'default';
    case 'security':
      return f.security;
    case 'kubeadm':
      return f.differsFromKubeadm === true;
    case 'differs':
      return f.differsFromDefault === true;
  }
};

/** On its default and worth a look: the flag says what to watch for security and has a value. */
const watched = (f: EffectiveFlag) => f.security && f.source === 'default' && f.value !== null;

/** Component, then host name (instances of one component side by side: the HA nodes). */
function sortInstances(list: readonly ComponentInstance[]): ComponentInstance[] {
  const host = (i: ComponentInstance) => i.host?.name ?? i.host?.addresses[0] ?? '\uffff';
  return [...list].sort(
    (a, b) =>
      (a.component < b.component ? -1 : a.component > b.component ? 1 : 0) ||
      host(a).localeCompare(host(b), 'en', { numeric: true }),
  );
}

/** The page's knowledge base with the catalogues of `components` loaded (each load may fail: then it is absent). */
function useCatalogues(components: readonly ComponentId[]): { kb: KnowledgeBase | null; loading: boolean } {
  const key = components.join(',');
  const [loaded, setLoaded] = useState<{ key: string; kb: KnowledgeBase | null } | null>(null);
  useEffect(() => {
    let live = true;
    const wanted = key ? (key.split(',') as ComponentId[]) : [];
    void pageKnowledge()
      .then(async (kb) => {
        await Promise.allSettled(wanted.map((c) => kb.loadFlags(c)));
        return kb;
      })
      .catch(() => null)
      .then((kb) => {
        if (live) setLoaded({ key, kb });
      });
    return () => {
      live = false;
    };
  }, [key]);
  return { kb: loaded?.kb ?? null, loading: loaded?.key !== key };
}

/** Without a knowledge base (it did not load): only the flags written in the instance's documents. */
function writtenOnly(
  instance: ComponentInstance,
  documents: (id: DocumentId) => AnnotatedDocument | undefined,
): EffectiveConfiguration {
  const flags: EffectiveFlag[] = [];
  for (const d of instance.documents) {
    if (d.role === 'observed') continue;
    for (const f of documents(d.documentId)?.flags ?? [])
      flags.push({
        name: f.canonical ?? f.occurrence.name,
        value: f.occurrence.value,
        source: d.role === 'command' ? 'set' : 'config',
        span: { fileId: f.occurrence.fileId, range: f.occurrence.valueRange ?? f.occurrence.nameRange },
        default: f.doc?.default ?? null,
        configDefault: false,
        flagDefault: f.doc?.default ?? null,
        kubeadm: null,
        status: f.status,
        statusVersion: null,
        category: f.doc?.category ?? null,
        security: Boolean(f.doc?.security),
        differsFromDefault: f.differsFromDefault,
        differsFromKubeadm: null,
        overridden: [],
        secret: f.secret,
      });
  }
  flags.sort((a, b) => a.name.localeCompare(b.name));
  return { instance, version: instance.version?.version ?? null, configFile: null, flags, observed: [] };
}

function hostLabel(i: ComponentInstance): string {
  const h = i.host;
  const name = h?.name ?? h?.addresses[0] ?? null;
  if (!name) return t('effective.hostUnknown');
  return h?.inferred ? t('effective.hostInferred', { host: name }) : name;
}

const shown = (v: string) => (v === '' ? '""' : v);

export const EffectivePanel = memo(function EffectivePanel({ analysis, activeFileId, onReveal, fileText }: Props) {
  const instances = useMemo(() => sortInstances(analysis?.instances ?? []), [analysis]);
  const components = useMemo(() => [...new Set(instances.map((i) => i.component))].sort(), [instances]);
  const { kb, loading } = useCatalogues(components);
  const [chosen, setChosen] = useState<string | null>(null);
  const [filter, setFilter] = useState<EffectiveFilter>('all');
  const [query, setQuery] = useState('');

  const selected =
    instances.find((i) => i.id === chosen) ??
    instances.find((i) => i.documents.some((d) => d.fileId === activeFileId)) ??
    instances[0] ??
    null;

  /** Per analysis: documents by id, file names, full ranges of flags (name to value) and where secrets are. */
  const lookup = useMemo(() => {
    const docs = new Map<DocumentId, AnnotatedDocument>();
    const names = new Map<FileId, string>();
    const whole = new Map<string, SourceRange>();
    for (const f of analysis?.files ?? []) {
      names.set(f.file.fileId, f.file.name.split('/').pop() || f.file.name);
      for (const d of f.documents) {
        docs.set(d.document.id, d);
        for (const fl of d.flags) {
          const o = fl.occurrence;
          const r = o.valueRange ?? o.nameRange;
          whole.set(`${o.fileId}:${r.start}:${r.end}`, { start: o.nameRange.start, end: r.end });
        }
      }
    }
    const kinds = new Map((analysis?.files ?? []).map((f) => [f.file.fileId, f.file.kind]));
    const secrets = analysis ? secretSpans(analysis) : [];
    const lines = new Map<FileId, LineIndex | null>();
    return {
      document: (id: DocumentId) => docs.get(id),
      /** Other files the flags of an instance's documents are written in (env files a unit expands). */
      writtenIn: (i: ComponentInstance): { fileId: FileId; kind: DocumentKind; at: number }[] => {
        const own = new Set(i.documents.map((d) => d.fileId));
        const out = new Map<FileId, { fileId: FileId; kind: DocumentKind; at: number }>();
        for (const d of i.documents)
          for (const f of docs.get(d.documentId)?.flags ?? []) {
            const id = f.occurrence.fileId;
            if (own.has(id)) continue;
            const seen = out.get(id);
            const at = f.occurrence.nameRange.start;
            if (!seen) out.set(id, { fileId: id, kind: kinds.get(id) ?? 'unknown', at });
            else if (at < seen.at) seen.at = at;
          }
        return [...out.values()];
      },
      fileName: (id: FileId) => names.get(id) ?? id,
      /** The flag's name through its value, for a span of its value. */
      whole: (s: Span): Span => ({
        fileId: s.fileId,
        range: whole.get(`${s.fileId}:${s.range.start}:${s.range.end}`) ?? s.range,
      }),
      secretAt: (s: Span): SecretInfo | null =>
        secrets.find(
          (x) =>
            !x.secret.redacted &&
            x.span.fileId === s.fileId &&
            x.span.range.start < Math.max(s.range.end, s.range.start + 1) &&
            s.range.start < x.span.range.end,
        )?.secret ?? null,
      line: (s: Span): number | null => {
        if (!lines.has(s.fileId)) {
          const text = fileText(s.fileId);
          lines.set(s.fileId, text === undefined ? null : new LineIndex(text));
        }
        return lines.get(s.fileId)?.position(s.range.start).line ?? null;
      },
    };
  }, [analysis, fileText]);

  const effective = useMemo((): EffectiveConfiguration | null => {
    if (!selected || loading) return null;
    try {
      return kb ? effectiveConfiguration(selected, lookup.document, kb) : writtenOnly(selected, lookup.document);
    } catch {
      return writtenOnly(selected, lookup.document);
    }
  }, [selected, loading, kb, lookup]);

  const flags = useMemo(() => {
    const q = query.trim().toLowerCase().replace(/^-+/, '');
    return (effective?.flags ?? []).filter((f) => matchesFilter(f, filter) && (!q || f.name.includes(q)));
  }, [effective, filter, query]);

  if (!analysis) return <p className="kx-muted kx-pad">{t('workspace.analysing')}</p>;
  if (instances.length === 0) return <p className="kx-muted kx-pad">{t('effective.none')}</p>;

  const catalogueMissing = Boolean(selected && !loading && !kb?.catalogue(selected.component));
  const summaryOf = (name: string) =>
    (selected && kb?.catalogue(selected.component)?.flags.get(name)?.summary) ??
    t('hover.unknown', { component: selected?.component ?? '?' });
  const place = (s: Span) => {
    const line = lookup.line(s);
    return line === null ? lookup.fileName(s.fileId) : `${lookup.fileName(s.fileId)}:${line}`;
  };
  const version = effective?.version ? (minorOf(effective.version) ?? effective.version) : null;
  const valueOf = (f: EffectiveFlag): string | null => {
    if (f.value === null) return null;
    const secret = isHidden(f.secret) ? f.secret : f.span ? lookup.secretAt(f.span) : null;
    return secret ? maskText(secret, analysis.catalogue) : shown(f.value);
  };
  const count = (pred: (f: EffectiveFlag) => boolean) => effective?.flags.filter(pred).length ?? 0;
  const watch = effective?.flags.filter(watched) ?? [];
  // security-relevant flags after the cut of a cut command line: not known to be on their default, nor set
  const watchCut = count((f) => f.security && f.source === 'cut');

  return (
    <div className="kx-effective" data-testid="effective-panel">
      <ul className="kx-instances" aria-label={t('effective.instances')}>
        {instances.map((i) => (
          <li
            key={i.id}
            className={`kx-instance${i === selected ? ' active' : ''}`}
            data-testid="instance"
            data-component={i.component}
            data-host={i.host?.name ?? i.host?.addresses[0] ?? ''}
            data-inferred={i.host?.inferred ? 'true' : undefined}
            aria-selected={i === selected}
            onClick={() => setChosen(i.id)}
          >
            <div className="kx-instance-head">
              <strong>{i.component}</strong>
              <span
                className={`kx-instance-host${i.host?.inferred ? ' inferred' : ''}`}
                title={i.host?.inferred ? t('effective.hostInferredTitle') : i.host?.addresses.join(', ')}
              >
                {t('effective.onHost', { host: hostLabel(i) })}
              </span>
              {i.version && isAssumedVersion(i.version) ? (
                <span className="kx-muted" data-testid="version-assumed" title={assumedVersionTitle(i.version)}>
                  {t('effective.versionAssumed', { version: i.version.version })}
                </span>
              ) : (
                <span className="kx-muted">
                  {i.version ? t('effective.version', { version: i.version.version }) : t('panel.versionUnknown')}
                </span>
              )}
            </div>
            <div className="kx-instance-docs">
              {i.host?.name && i.host.addresses.length > 0 && (
                <span className="kx-muted kx-mono">{i.host.addresses.join(', ')}</span>
              )}
              {i.documents.map((d) => (
                <button
                  key={d.documentId}
                  className="kx-link"
                  data-testid="instance-document"
                  title={t('effective.revealDocument')}
                  onClick={(e) => {
                    e.stopPropagation();
                    setChosen(i.id);
                    onReveal({ fileId: d.fileId, range: { start: d.range.start, end: d.range.start } });
                  }}
                >
                  {lookup.fileName(d.fileId)}
                  <span className="kx-muted"> · {tDynamic(`effective.role.${d.role}`)}</span>
                </button>
              ))}
              {lookup.writtenIn(i).map((f) => (
                <button
                  key={f.fileId}
                  className="kx-link"
                  data-testid="instance-document"
                  title={t('effective.revealDocument')}
                  onClick={(e) => {
                    e.stopPropagation();
                    setChosen(i.id);
                    onReveal({ fileId: f.fileId, range: { start: f.at, end: f.at } });
                  }}
                >
                  {lookup.fileName(f.fileId)}
                  <span className="kx-muted"> · {tDynamic(`tabs.kind.${f.kind}`)}</span>
                </button>
              ))}
            </div>
          </li>
        ))}
      </ul>
      {loading || !effective ? (
        <p className="kx-muted kx-pad" data-testid="effective-loading">
          {t('effective.loading')}
        </p>
      ) : (
        <>
          <div className="kx-effective-head">
            <div className="kx-muted" data-testid="effective-counts">
              {SOURCES.map((src) => [src, count((f) => f.source === src)] as const)
                .filter(([, n]) => n > 0)
                .map(([src, n]) => tDynamic(`effective.count.${src}`, { n }))
                .join(' · ')}
            </div>
            {!effective.version && <div className="kx-muted">{t('effective.versionUnknown')}</div>}
            {effective.configFile && (
              <div className="kx-muted">{t('effective.configFile', { path: effective.configFile.path })}</div>
            )}
            {catalogueMissing && (
              <div className="kx-flag-problem" data-testid="no-catalogue">
                {t('effective.noCatalogue', { component: selected?.component ?? '?' })}
              </div>
            )}
          </div>
          {effective.observed.length > 0 && (
            <section className="kx-observed" data-testid="observed">
              <h4>{t('effective.observed.title')}</h4>
              {effective.observed.map((o) => {
                const d = selected?.documents.find((x) => x.documentId === o.documentId);
                const where = d ? place({ fileId: d.fileId, range: d.range }) : '';
                return (
                  <div key={o.documentId} data-testid="observed-process" data-differences={o.differences.length}>
                    <p className={o.differences.length > 0 ? 'kx-flag-problem' : 'kx-muted'}>
                      {o.differences.length === 0
                        ? t('effective.observed.same', { place: where, n: o.flags })
                        : t('effective.observed.differs', { place: where, n: o.differences.length })}
                    </p>
                    {o.cut && <p className="kx-muted">{t('effective.observed.cutNote')}</p>}
                    {o.differences.length > 0 && (
                      <ul>
                        {o.differences.slice(0, 100).map((x) => {
                          const at = x.observedSpan ?? x.effectiveSpan;
                          const value = (v: string | null) => (x.secret ? '•••' : v === null ? '' : shown(v));
                          return (
                            <li key={`${x.kind}:${x.name}`} data-testid="observed-difference" data-flag={x.name}>
                              <button
                                className="kx-link"
                                title={t('effective.revealFlag')}
                                onClick={() => at && onReveal(at)}
                              >
                                <code className="kx-flag-name">--{x.name}</code>
                              </button>{' '}
                              <span>
                                {x.kind === 'running'
                                  ? t('effective.observed.running', { value: value(x.observed) || 'true' })
                                  : t('effective.observed.notRunning')}
                              </span>
                              {' · '}
                              <span className="kx-muted">
                                {x.effective === null && !x.secret
                                  ? t('effective.observed.unset')
                                  : t('effective.observed.here', { value: value(x.effective) })}
                              </span>
                            </li>
                          );
                        })}
                      </ul>
                    )}
                  </div>
                );
              })}
            </section>
          )}
          {!catalogueMissing && (
            <section className="kx-watch" data-testid="watch">
              <h4>{t('effective.watch')}</h4>
              {watchCut > 0 && (
                <p className="kx-flag-problem" data-testid="watch-cut">
                  {t('effective.watchCut', { n: watchCut })}
                </p>
              )}
              {watch.length === 0 ? (
                watchCut === 0 && <p className="kx-muted">{t('effective.watchNone')}</p>
              ) : (
                <ul>
                  {watch.map((f) => (
                    <li key={f.name} data-testid="watch-row" data-flag={f.name} title={summaryOf(f.name)}>
                      <code className="kx-flag-name">--{f.name}</code>
                      <code className="kx-flag-value">={valueOf(f)}</code>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          )}
          <div className="kx-sticky">
            <div className="kx-chips" role="group">
              {FILTERS.map((k) => (
                <button
                  key={k}
                  className={`kx-chip${filter === k ? ' active' : ''}`}
                  data-testid="effective-filter"
                  data-filter={k}
                  aria-pressed={filter === k}
                  onClick={() => setFilter(k)}
                >
                  {t('ui.withNote', {
                    text: tDynamic(`effective.filter.${k}`),
                    note: count((f) => matchesFilter(f, k)),
                  })}
                </button>
              ))}
            </div>
            <input
              className="kx-filter"
              placeholder={t('effective.search')}
              aria-label={t('effective.search')}
              data-testid="effective-search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
          </div>
          {flags.length === 0 ? (
            <p className="kx-muted kx-pad">{t('effective.noMatch')}</p>
          ) : (
            <VirtualList
              items={flags}
              itemKey={(f) => f.name}
              estimatedHeight={46}
              className="kx-flags"
              testId="effective-flags"
              renderItem={(f) => (
                <EffectiveRow
                  flag={f}
                  value={valueOf(f)}
                  version={version}
                  summary={summaryOf(f.name)}
                  place={place}
                  written={(v, s) => {
                    if (v === null) return `--${f.name}`;
                    const secret = lookup.secretAt(s);
                    return `--${f.name}=${secret ? maskText(secret, analysis.catalogue) : shown(v)}`;
                  }}
                  onReveal={f.span ? () => onReveal(lookup.whole(f.span!)) : null}
                  onRevealSpan={(s) => onReveal(lookup.whole(s))}
                />
              )}
            />
          )}
        </>
      )}
    </div>
  );
});

function EffectiveRow({
  flag: f,
  value,
  version,
  summary,
  place,
  written,
  onReveal,
  onRevealSpan,
}: {
  flag: EffectiveFlag;
  value: string | null;
  version: string | null;
  summary: string;
  place: (s: Span) => string;
  written: (value: string | null, s: Span) => string;
  onReveal: (() => void) | null;
  /** Reveal where a value not in effect is written. */
  onRevealSpan: (s: Span) => void;
}) {
  let note: string;
  if (f.source === 'default')
    note =
      f.default === null
        ? t('effective.absentNoDefault')
        : f.defaultBy
          ? t('effective.absentDistributionDefault', { value: shown(f.default), distribution: f.defaultBy })
          : f.configDefault
            ? t('effective.absentConfigDefault', { value: shown(f.default), flagDefault: shown(f.flagDefault ?? '') })
            : version
              ? t('effective.absentDefault', { value: shown(f.default), version })
              : t('effective.absentDefaultNewest', { value: shown(f.default) });
  else if (f.source === 'cut') note = f.span ? t('effective.cutNote', { place: place(f.span) }) : '';
  else if (f.source === 'templated')
    note = f.span
      ? f.value === null
        ? t('effective.templateInsertNote', { place: place(f.span) })
        : t('effective.templatedNote', { place: place(f.span) })
      : '';
  else if (f.source === 'kubeadm')
    note = t('effective.kubeadmSource', { value: shown(f.value ?? ''), version: version ?? '?' });
  else note = f.span ? t('effective.at', { place: place(f.span) }) : '';
  const extra: string[] = [];
  if (f.source !== 'default' && f.source !== 'cut' && f.differsFromDefault === true && f.default !== null)
    extra.push(t('effective.defaultWas', { value: shown(f.default) }));
  if (f.differsFromKubeadm === true && f.kubeadm !== null && f.source !== 'kubeadm')
    extra.push(t('effective.kubeadmDiffers', { value: shown(f.kubeadm) }));
  return (
    <li
      className={`kx-flag-row kx-eff-row status-${f.status} source-${f.source}${onReveal ? '' : ' static'}`}
      data-testid="effective-row"
      data-flag={f.name}
      data-source={f.source}
      data-status={f.status}
      title={summary}
      onClick={onReveal ?? undefined}
    >
      <div className="kx-flag-line">
        <span className="kx-eff-flag">
          <code className="kx-flag-name">--{f.name}</code>
          {value !== null && <code className={`kx-flag-value${isHidden(f.secret) ? ' kx-secret' : ''}`}>={value}</code>}
        </span>
        <span className={`kx-source ${f.source}`} data-testid="source-badge">
          {tDynamic(`effective.source.${f.source}`)}
        </span>
        {f.status !== 'ok' && (
          <span className={`kx-status ${f.status}`}>
            {f.statusVersion
              ? t('effective.statusSince', {
                  status: tDynamic(`panel.status.${f.status}`),
                  version: f.statusVersion,
                })
              : tDynamic(`panel.status.${f.status}`)}
          </span>
        )}
        {f.security && <span className="kx-status security">{t('panel.security')}</span>}
      </div>
      <div className="kx-flag-default kx-muted" data-testid="effective-note">
        {[note, ...extra].filter(Boolean).join(' · ')}
      </div>
      {f.overridden.map((o, i) => (
        <div
          key={i}
          className="kx-overridden"
          data-testid="overridden"
          title={t('effective.revealFlag')}
          onClick={(e) => {
            e.stopPropagation();
            onRevealSpan(o.span);
          }}
        >
          {t('effective.overridden', {
            written: written(o.value, o.span),
            place: place(o.span),
            reason: tDynamic(`effective.reason.${o.reason}`),
          })}
        </div>
      ))}
    </li>
  );
}
