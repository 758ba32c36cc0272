/**
 * The audit page (/audit): every check of the benchmark for every component instance, grouped by component, with
 * counts, filters (status, severity, benchmark section, text) and per result what was judged (the value and where it
 * comes from), what is expected, why it matters and the fix as an exact edit that one click applies to the file
 * (undoable here and with the editor's undo).
 */
import { useEffect, useMemo, useState } from 'react';
import {
  BENCHMARK_IDS,
  type AuditResult,
  type AuditSeverity,
  type AuditStatus,
  type BenchmarkId,
} from '../../analysis/audit';
import { presentAuditResult, readCheckTexts, type CheckTexts, type PresentedAuditResult } from '../../present/audit';
import { pageKnowledge } from '../../state/knowledge';
import { useWorkspaceContext } from '../../state/workspaceContext';
import { updateText } from '../../workspace/workspace';
import type { FileId, Span } from '../../model/span';
import { PageTitle } from '../PageTitle';
import { NoBreakFlags } from '../NoBreakFlags';
import { language, t, tDynamic } from '../../i18n';
import './audit.css';

const STATUSES: readonly AuditStatus[] = ['fail', 'manual', 'pass', 'not-applicable'];
const SEVERITIES: readonly AuditSeverity[] = ['high', 'medium', 'low'];

/** The words of the checks, loaded once per language. */
function useCheckTexts(): CheckTexts | null {
  const [texts, setTexts] = useState<CheckTexts | null>(null);
  useEffect(() => {
    let live = true;
    void pageKnowledge(language())
      .then((kb) => kb.loadMessages('checks.yaml'))
      .then((raw) => live && setTexts(readCheckTexts(raw)))
      .catch(() => live && setTexts(new Map()));
    return () => {
      live = false;
    };
  }, []);
  return texts;
}

interface Applied {
  fileId: FileId;
  before: string;
  after: string;
  resultKey: string;
}

const keyOf = (r: AuditResult) => `${r.id}|${r.instanceId}`;

export default function AuditPage() {
  const { analysis, state, update, revealSpan, benchmark, setBenchmark } = useWorkspaceContext();
  const texts = useCheckTexts();
  const [statuses, setStatuses] = useState<ReadonlySet<AuditStatus>>(new Set(['fail', 'manual']));
  const [severities, setSeverities] = useState<ReadonlySet<AuditSeverity>>(new Set(SEVERITIES));
  const [section, setSection] = useState('');
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const [applied, setApplied] = useState<Applied | null>(null);

  const audit = analysis?.audit ?? null;
  const results = useMemo(
    () =>
      audit && analysis && texts ? audit.results.map((r) => presentAuditResult(r, analysis.catalogue, texts)) : [],
    [audit, analysis, texts],
  );
  const sections = useMemo(() => [...new Set(results.map((r) => r.section))].sort(sectionOrder), [results]);
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return results.filter(
      (r) =>
        statuses.has(r.status) &&
        severities.has(r.severity) &&
        (!section || r.section === section) &&
        (!q || `${r.id} ${r.title} ${r.read.map((a) => a.flag).join(' ')}`.toLowerCase().includes(q)),
    );
  }, [results, statuses, severities, section, query]);

  if (!analysis || !texts) return <div className="kx-loading">{t('editor.loading')}</div>;
  if (!audit || audit.results.length === 0)
    return (
      <main className="kx-page" data-testid="audit-page">
        <h1>{t('audit.title')}</h1>
        <p className="kx-muted">{t('audit.nothing')}</p>
      </main>
    );

  const counts = new Map<AuditStatus, number>();
  for (const r of results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  // failures first, then what a person must check, then the rest; by benchmark number within each
  const rank = (r: AuditResult) => STATUSES.indexOf(r.status);
  const ordered = [...shown].sort(
    (a, b) => rank(a) - rank(b) || sectionOrder(a.peers.cis[0] ?? a.section, b.peers.cis[0] ?? b.section),
  );
  const groups = groupBy(ordered, (r) => r.instanceId);

  const fileText = (id: FileId) => state?.files.find((f) => f.id === id)?.text;
  const apply = (r: PresentedAuditResult) => {
    const edit = r.fix?.edit;
    const before = edit ? fileText(edit.fileId) : undefined;
    if (!edit || before === undefined) return;
    const after = before.slice(0, edit.range.start) + edit.text + before.slice(edit.range.end);
    update((s) => updateText(s, edit.fileId, after));
    setApplied({ fileId: edit.fileId, before, after, resultKey: keyOf(r) });
  };
  const undo = () => {
    if (!applied) return;
    // only while the file is still as the fix left it: a later edit is not thrown away
    if (fileText(applied.fileId) === applied.after) update((s) => updateText(s, applied.fileId, applied.before));
    setApplied(null);
  };

  const toggle = <T,>(set: ReadonlySet<T>, v: T): Set<T> => {
    const next = new Set(set);
    if (next.has(v)) next.delete(v);
    else next.add(v);
    return next;
  };

  return (
    <main className="kx-page kx-audit" data-testid="audit-page">
      <PageTitle title={t('audit.title')} />
      <label className="kx-audit-benchmark-pick">
        {t('audit.benchmark')}{' '}
        <select
          data-testid="audit-benchmark-select"
          value={benchmark ?? ''}
          onChange={(e) => setBenchmark((e.target.value || null) as BenchmarkId | null)}
        >
          <option value="">{t('audit.benchmarkAuto')}</option>
          {BENCHMARK_IDS.map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
      </label>
      <p className="kx-muted" data-testid="audit-benchmark">
        {audit.benchmarkReason.kind === 'version'
          ? t('audit.benchmarkByVersion', {
              benchmark: audit.benchmark,
              version: audit.benchmarkReason.version ?? t('audit.versionUnknown'),
            })
          : t('audit.benchmarkAsked', { benchmark: audit.benchmark })}
      </p>
      <div className="kx-audit-filters">
        {STATUSES.map((s) => (
          <button
            key={s}
            className={`kx-chip kx-audit-status-${s}${statuses.has(s) ? ' active' : ''}`}
            aria-pressed={statuses.has(s)}
            data-testid="audit-status-filter"
            data-status={s}
            onClick={() => setStatuses(toggle(statuses, s))}
          >
            {t('ui.withNote', { text: tDynamic(`audit.status.${s}`), note: counts.get(s) ?? 0 })}
          </button>
        ))}
        <span className="kx-audit-sep" />
        {SEVERITIES.map((s) => (
          <button
            key={s}
            className={`kx-chip${severities.has(s) ? ' active' : ''}`}
            aria-pressed={severities.has(s)}
            data-testid="audit-severity-filter"
            data-severity={s}
            onClick={() => setSeverities(toggle(severities, s))}
          >
            {tDynamic(`audit.severity.${s}`)}
          </button>
        ))}
        <label>
          {t('audit.section')}{' '}
          <select value={section} onChange={(e) => setSection(e.target.value)} data-testid="audit-section">
            <option value="">{t('audit.allSections')}</option>
            {sections.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <input
          className="kx-audit-query"
          placeholder={t('audit.filter')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      {applied && (
        <div className="kx-notice" role="status" data-testid="audit-applied">
          {t('audit.applied')}{' '}
          <button onClick={undo} data-testid="audit-undo">
            {t('audit.undo')}
          </button>
        </div>
      )}
      {groups.length === 0 && <p className="kx-muted">{t('audit.noneShown')}</p>}
      {groups.map(([instanceId, rows]) => {
        const first = rows[0]!;
        return (
          <section key={instanceId} className="kx-audit-group" data-testid="audit-group" data-instance={instanceId}>
            <h2>
              {first.component}
              {first.host && <span className="kx-muted"> {t('effective.onHost', { host: first.host })}</span>}
              <span className="kx-muted kx-audit-count">{t('audit.shown', { n: rows.length })}</span>
            </h2>
            <ul className="kx-audit-list">
              {rows.map((r) => (
                <AuditRow
                  key={keyOf(r)}
                  r={r}
                  open={open === keyOf(r)}
                  onToggle={() => setOpen(open === keyOf(r) ? null : keyOf(r))}
                  onReveal={revealSpan}
                  onApply={() => apply(r)}
                  justApplied={applied?.resultKey === keyOf(r)}
                />
              ))}
            </ul>
          </section>
        );
      })}
    </main>
  );
}

function AuditRow({
  r,
  open,
  onToggle,
  onReveal,
  onApply,
  justApplied,
}: {
  r: PresentedAuditResult;
  open: boolean;
  onToggle: () => void;
  onReveal: (at: Span) => void;
  onApply: () => void;
  justApplied: boolean;
}) {
  const where = r.actual?.span ?? r.anchor;
  return (
    <li
      className={`kx-audit-row kx-audit-${r.status}`}
      data-testid="audit-row"
      data-check={r.id}
      data-status={r.status}
    >
      <button className="kx-audit-head" onClick={onToggle} aria-expanded={open}>
        <span className={`kx-audit-badge kx-audit-badge-${r.status}`}>{tDynamic(`audit.status.${r.status}`)}</span>
        <span className="kx-audit-section">{r.peers.cis[0]?.split(' ').pop() ?? r.section}</span>
        <span className="kx-audit-title">{r.title}</span>
        <span className={`kx-audit-sev kx-audit-sev-${r.severity}`}>{tDynamic(`audit.severity.${r.severity}`)}</span>
      </button>
      {open && (
        <div className="kx-audit-body" data-testid="audit-details">
          {r.why && (
            <p>
              <NoBreakFlags text={r.why} />
            </p>
          )}
          <dl>
            {r.actualText !== null && (
              <>
                <dt>{t('audit.actual')}</dt>
                <dd data-testid="audit-actual">
                  <code>
                    <NoBreakFlags text={r.actualText} />
                  </code>{' '}
                  {where && (
                    <button className="kx-link" onClick={() => onReveal(where)}>
                      {t('audit.showInEditor')}
                    </button>
                  )}
                </dd>
              </>
            )}
            <dt>{t('audit.expected')}</dt>
            <dd>
              <code>
                <NoBreakFlags text={r.expectedText} />
              </code>
            </dd>
            {r.notApplicableText && (
              <>
                <dt>{t('audit.whyNotApplicable')}</dt>
                <dd>
                  <NoBreakFlags text={r.notApplicableText} />
                </dd>
              </>
            )}
            {r.how && (
              <>
                <dt>{t('audit.how')}</dt>
                <dd className="kx-pre">{r.how}</dd>
              </>
            )}
            {r.status === 'fail' && r.fixText && (
              <>
                <dt>{t('audit.fix')}</dt>
                <dd>
                  <NoBreakFlags text={r.fixText} />
                </dd>
              </>
            )}
          </dl>
          {r.status === 'fail' && r.fix && (
            <div className="kx-audit-fix">
              {r.fix.edit && (
                <div>
                  <code className="kx-pre" data-testid="audit-fix-edit">
                    {r.fix.edit.text.trim() || t('audit.removeText')}
                  </code>{' '}
                  <button onClick={onApply} disabled={justApplied} data-testid="audit-apply">
                    {justApplied ? t('audit.appliedShort') : t('audit.apply')}
                  </button>
                </div>
              )}
              {r.fix.kubeadm && (
                <details>
                  <summary>{t('audit.kubeadm', { kind: r.fix.kubeadm.kind, path: r.fix.kubeadm.path })}</summary>
                  <p className="kx-muted">{t('audit.kubeadmWhy')}</p>
                  <div className="kx-audit-kubeadm">
                    <div>
                      <div className="kx-muted">kubeadm.k8s.io/v1beta4</div>
                      <pre>{r.fix.kubeadm.v1beta4}</pre>
                    </div>
                    <div>
                      <div className="kx-muted">kubeadm.k8s.io/v1beta3</div>
                      <pre>{r.fix.kubeadm.v1beta3}</pre>
                    </div>
                  </div>
                </details>
              )}
            </div>
          )}
          {r.kubeadmDefault && r.status === 'fail' && <p className="kx-muted">{t('audit.kubeadmDefault')}</p>}
          <p className="kx-muted kx-audit-peers">
            {[...r.peers.cis, ...r.peers.checkov, ...r.peers.kubescape, ...r.peers.trivy].join(' · ')}
          </p>
        </div>
      )}
    </li>
  );
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): [string, T[]][] {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return [...out.entries()];
}

/** `1.2` before `1.10`, numerically by part (`cis-1.11 1.2.15`: the number after the benchmark). */
function sectionOrder(a: string, b: string): number {
  const pa = (a.split(' ').pop() ?? a).split('.').map(Number);
  const pb = (b.split(' ').pop() ?? b).split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}
