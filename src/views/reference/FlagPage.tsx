/**
 * /reference/:component/:flag?v=1.31 — one flag in full as it is in the picked release: status, default, kubeadm's
 * value, the explanation, its history across releases (a small timeline), related flags, the audit checks that
 * read it, and where it is written in the workspace (or in the sample) with a link into the editor.
 */
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { FlagCatalogue, KnowledgeBase } from '../../knowledge/knowledgeBase';
import { flagHistory, type FlagHistoryEvent } from '../../knowledge/upgradeDiff';
import { compareVersions } from '../../util/version';
import { CHECKS } from '../../analysis/audit';
import type { CheckPeers } from '../../analysis/audit/model';
import { effectiveConfiguration } from '../../effective/configuration';
import { provenanceOf } from '../../analysis/provenance';
import type { CheckTexts } from '../../present/audit';
import { flagFactsLine } from '../../present/explainMarkdown';
import type { Span } from '../../model/span';
import { DEFAULT_SAMPLE, loadSampleFiles } from '../../workspace/sample';
import { useWorkspaceContext } from '../../state/workspaceContext';
import { t, tDynamic } from '../../i18n';
import { Markdown } from '../Markdown';
import { findFlagInText, withVersion } from './links';

const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

const defaultText = (v: string | null) => (v === null ? t('reference.noDefault') : v || '""');

function eventText(e: FlagHistoryEvent): string {
  switch (e.kind) {
    case 'since':
      return t('reference.tl.since');
    case 'deprecated':
      return t('reference.tl.deprecated');
    case 'removed':
      return t('reference.tl.removed');
    case 'default':
      return t('reference.tl.default', { before: defaultText(e.before ?? null), value: defaultText(e.value) });
    case 'value-since':
      return t('reference.tl.valueSince', { value: e.value ?? '' });
    case 'value-deprecated':
      return t('reference.tl.valueDeprecated', { value: e.value ?? '' });
    case 'value-removed':
      return t('reference.tl.valueRemoved', { value: e.value ?? '' });
    case 'kubeadm':
      return e.value === null ? t('reference.tl.kubeadmStops') : t('reference.tl.kubeadm', { value: e.value });
  }
}

/** The timeline: one stop per release with events, the picked release marked where it falls. */
function Timeline({ events, version }: { events: FlagHistoryEvent[]; version: string }) {
  if (events.length === 0) return <p className="kx-muted">{t('reference.tl.empty')}</p>;
  const stops = new Map<string, FlagHistoryEvent[]>();
  for (const e of events) stops.set(e.version, [...(stops.get(e.version) ?? []), e]);
  const releases = [...stops.keys()];
  // the picked release sits after the last stop at or before it
  const here = releases.filter((r) => compareVersions(r, version) <= 0).length;
  return (
    <ol className="kx-ref-timeline" data-testid="reference-timeline">
      {releases.map((r, i) => (
        <li
          key={r}
          className={`${stops.get(r)?.some((e) => e.kind === 'removed') ? 'removed' : ''}${i === here - 1 ? ' here' : ''}`}
        >
          <span className="kx-tl-version">{r}</span>
          {stops.get(r)?.map((e) => (
            <span key={`${e.kind}-${e.value ?? ''}`} className={`kx-tl-event ${e.kind}`}>
              {eventText(e)}
            </span>
          ))}
        </li>
      ))}
    </ol>
  );
}

/**
 * A related check's peers as shown after its title: its CIS number (else its section), then Checkov's ids in a list of
 * the UI language (`CKV_K8S_1, CKV_K8S_2`; Chinese `CKV_K8S_1、CKV_K8S_2`).
 */
export function checkPeersText(peers: CheckPeers, section: string): string {
  const cis = Object.values(peers.cis)[0];
  const checkov = peers.checkov?.length ? ` · ${peers.checkov.join(t('doc.listSeparator'))}` : '';
  return `${cis ? `CIS ${cis}` : section}${checkov}`;
}

export function FlagPage({
  kb,
  catalogue,
  name,
  version,
  checks,
}: {
  kb: KnowledgeBase;
  catalogue: FlagCatalogue;
  name: string;
  version: string;
  checks: CheckTexts;
}) {
  const component = catalogue.component.id;
  const canonical = catalogue.flags.has(name) ? name : (catalogue.aliases.get(name) ?? name);
  const doc = catalogue.flags.get(canonical);
  const facts = doc ? kb.flagFacts(component, canonical, version) : null;
  const history = useMemo(() => (doc ? flagHistory(doc) : []), [doc]);
  const { analysis, state, revealSpan, openSample } = useWorkspaceContext();

  // where the workspace writes it
  const occurrences = useMemo(() => {
    const out: { span: Span; file: string; line: number; value: string | null }[] = [];
    for (const f of analysis?.files ?? []) {
      for (const d of f.documents) {
        if (d.document.component !== component) continue;
        for (const fl of d.flags) {
          if (fl.canonical !== canonical) continue;
          const o = fl.occurrence;
          const file = state?.files.find((x) => x.id === o.fileId);
          out.push({
            span: { fileId: o.fileId, range: o.nameRange },
            file: file?.name ?? f.file.name,
            line: file ? lineOf(file.text, o.nameRange.start) : 0,
            value: fl.secret ? null : o.value,
          });
        }
      }
    }
    return out;
  }, [analysis, state, component, canonical]);

  // kubeadm clusters: per running instance, whether the value is kubeadm's or someone's, or missing
  const provenance = useMemo(() => {
    if (!analysis || !kb.catalogue(component)) return [];
    const docs = new Map(analysis.files.flatMap((f) => f.documents.map((d) => [d.document.id, d])));
    return analysis.instances
      .filter((i) => i.component === component)
      .flatMap((instance) => {
        const e = effectiveConfiguration(instance, (id) => docs.get(id), kb);
        const p = provenanceOf(e, kb);
        if (!p.kubeadmMade) return [];
        const missing = p.missing.find((m) => m.flag === canonical);
        const kind = missing ? 'missing' : (p.flags.get(canonical) ?? null);
        if (kind === null) return [];
        return [
          {
            key: `${instance.host?.name ?? ''}:${instance.documents[0]?.documentId ?? ''}`,
            host: instance.host?.name ?? null,
            version: instance.version?.version ?? null,
            kind,
            value: missing?.kubeadm ?? null,
          },
        ];
      });
  }, [analysis, kb, component, canonical]);

  // the first sample, when the workspace does not write it
  const [inSample, setInSample] = useState<{ name: string; range: { start: number; end: number } } | null>(null);
  useEffect(() => {
    setInSample(null);
    if (occurrences.length > 0) return;
    let live = true;
    void loadSampleFiles(DEFAULT_SAMPLE).then((files) => {
      for (const f of files) {
        const range = findFlagInText(f.text, canonical);
        if (range && f.name.includes(component)) {
          if (live) setInSample({ name: f.name, range });
          return;
        }
      }
    });
    return () => {
      live = false;
    };
  }, [occurrences.length, canonical, component]);
  const [pending, setPending] = useState<{ name: string; range: { start: number; end: number } } | null>(null);
  useEffect(() => {
    if (!pending) return;
    const f = state?.files.find((x) => x.name === pending.name);
    if (!f || f.text.slice(pending.range.start, pending.range.end) !== `--${canonical}`) return;
    setPending(null);
    revealSpan({ fileId: f.id, range: pending.range });
  }, [pending, state, revealSpan, canonical]);

  if (!doc || !facts)
    return (
      <div className="kx-ref-missing" data-testid="reference-missing">
        <p>{t('reference.notFound', { flag: name, component })}</p>
        <Link to={withVersion(`/reference/${component}`, version)}>{t('reference.back', { component })}</Link>
      </div>
    );
  const relatedChecks = CHECKS.filter(
    (c) => c.component === component && (c.flags as readonly string[]).includes(canonical),
  );
  const state0 = facts.status;
  return (
    <article className="kx-ref-flag" data-testid="reference-flag">
      <Link to={withVersion(`/reference/${component}`, version)}>{t('reference.back', { component })}</Link>
      <h2>
        <code>--{doc.name}</code>{' '}
        <span className={`kx-status ${state0}`} data-testid="reference-status">
          {t('reference.inVersion', { version })}{' '}
          {state0 === 'not-yet'
            ? t('reference.stateNotYet', { since: facts.statusVersion ?? '' })
            : state0 === 'removed'
              ? t('reference.stateRemoved', { since: facts.statusVersion ?? '', version })
              : state0 === 'deprecated'
                ? `${t('reference.stateDeprecated')}${facts.statusVersion ? ` ${facts.statusVersion}` : ''}`
                : t('reference.stateOk')}
        </span>
      </h2>
      <p className="kx-lead">{doc.summary}</p>
      <div data-testid="reference-facts">
        <Markdown text={flagFactsLine(facts.doc)} />
      </div>
      {facts.deprecationNote && <p className="kx-muted">{facts.deprecationNote}</p>}
      <Markdown text={doc.explanation} />
      {doc.security && <Markdown text={`**${t('hover.security')}:** ${doc.security}`} />}

      <h3>{t('reference.history')}</h3>
      <Timeline events={history} version={version} />

      {doc.related.length > 0 && (
        <>
          <h3>{t('reference.related')}</h3>
          <p className="kx-ref-related">
            {doc.related.map((r) => (
              <Link key={r} to={withVersion(`/reference/${component}/${r}`, version)}>
                <code>--{r}</code>
              </Link>
            ))}
          </p>
        </>
      )}

      <h3>{t('reference.checks')}</h3>
      {relatedChecks.length === 0 ? (
        <p className="kx-muted">{t('reference.noChecks')}</p>
      ) : (
        <ul className="kx-ref-checks" data-testid="reference-checks">
          {relatedChecks.map((c) => (
            <li key={c.id}>
              <span className={`kx-sev ${c.severity}`}>{tDynamic(`audit.severity.${c.severity}`)}</span>{' '}
              <Link to="/audit">{checks.get(c.id)?.title ?? c.id}</Link>{' '}
              <span className="kx-muted">{checkPeersText(c.peers, c.section)}</span>
            </li>
          ))}
        </ul>
      )}

      {occurrences.length > 0 && (
        <>
          <h3>{t('reference.inWorkspace')}</h3>
          <ul className="kx-ref-occurrences" data-testid="reference-occurrences">
            {occurrences.map((o) => (
              <li key={`${o.span.fileId}:${o.span.range.start}`}>
                <button type="button" className="kx-link" onClick={() => revealSpan(o.span)}>
                  {o.file}:{o.line}
                </button>
                {o.value !== null && (
                  <>
                    {' '}
                    <code>{o.value}</code>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {provenance.length > 0 && (
        <>
          <h3>{t('reference.provenance')}</h3>
          <ul className="kx-ref-occurrences" data-testid="reference-provenance">
            {provenance.map((p) => (
              <li key={p.key} className={`kx-ref-prov ${p.kind}`}>
                {component}
                {p.host ? `@${p.host}` : ''}:{' '}
                {p.kind === 'kubeadm'
                  ? t('reference.prov.kubeadm', { version: p.version ?? t('reference.prov.unknownVersion') })
                  : p.kind === 'user'
                    ? t('reference.prov.user')
                    : t('reference.prov.missing', { value: `--${canonical}=${p.value ?? ''}` })}
              </li>
            ))}
          </ul>
        </>
      )}
      {occurrences.length === 0 && inSample && (
        <p>
          <button
            type="button"
            data-testid="reference-in-sample"
            onClick={() => {
              setPending(inSample);
              void openSample(DEFAULT_SAMPLE);
            }}
          >
            {t('reference.inSample')}
          </button>{' '}
          <span className="kx-muted">{inSample.name}</span>
        </p>
      )}
      <p>
        <a href={doc.link} target="_blank" rel="noreferrer noopener">
          {t('hover.reference')}
        </a>
        {' · '}
        {tDynamic('reference.upgrade')}: <Link to={`/upgrade/${component}?from=${version}`}>{component}</Link>
      </p>
    </article>
  );
}
