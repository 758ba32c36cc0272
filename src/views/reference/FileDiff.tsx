/**
 * The upgrade page's second half: two files of the workspace compared (before and after `kubeadm upgrade`, or one
 * component on two nodes), each flag added, removed or changed with its explanation (src/present/manifestDiff.ts).
 */
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { componentSides, diffSides } from '../../present/manifestDiff';
import { useWorkspaceContext } from '../../state/workspaceContext';
import { t, tDynamic } from '../../i18n';
import { withVersion } from './links';

export function FileDiff() {
  const { analysis, state } = useWorkspaceContext();
  const files = useMemo(() => state?.files ?? [], [state]);
  const [before, setBefore] = useState<string>('');
  const [after, setAfter] = useState<string>('');
  const diffs = useMemo(() => {
    if (!analysis || !before || !after) return null;
    const side = (id: string) =>
      componentSides({ files: analysis.files.filter((f) => f.file.fileId === id) }, analysis.catalogue);
    return diffSides(side(before), side(after));
  }, [analysis, before, after]);
  const picker = (label: string, value: string, set: (v: string) => void, testId: string) => (
    <label>
      {label}{' '}
      <select value={value} onChange={(e) => set(e.target.value)} data-testid={testId}>
        <option value="">{t('diff.pickFile')}</option>
        {files.map((f) => (
          <option key={f.id} value={f.id}>
            {f.name}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section className="kx-ref-filediff" data-testid="file-diff">
      <h3>{t('diff.files')}</h3>
      <p className="kx-muted">{t('diff.filesHint')}</p>
      {files.length < 2 ? (
        <p className="kx-muted">{t('diff.noFiles')}</p>
      ) : (
        <div className="kx-ref-filters">
          {picker(t('diff.fileBefore'), before, setBefore, 'file-diff-before')}
          {picker(t('diff.fileAfter'), after, setAfter, 'file-diff-after')}
        </div>
      )}
      {diffs?.map((d) => (
        <div key={d.component} className="kx-diff-group" data-testid={`file-diff-${d.component}`}>
          <h4>
            {d.component}{' '}
            <span className="kx-muted">
              {d.beforeVersion === d.afterVersion
                ? (d.afterVersion ?? t('mdiff.noVersion'))
                : `${d.beforeVersion ?? t('mdiff.noVersion')} → ${d.afterVersion ?? t('mdiff.noVersion')}`}
            </span>
          </h4>
          {d.only && (
            <p>
              {t(d.only === 'before' ? 'mdiff.onlyBefore' : 'mdiff.onlyAfter', {
                before: t('diff.fileBefore'),
                after: t('diff.fileAfter'),
              })}
            </p>
          )}
          {!d.only && d.changes.length === 0 && <p className="kx-muted">{t('mdiff.same')}</p>}
          <ul>
            {d.changes.map((c) => (
              <li key={c.flag} className={c.kind}>
                {tDynamic(`mdiff.kind.${c.kind}`)}{' '}
                <Link to={withVersion(`/reference/${d.component}/${c.flag}`, d.afterVersion ?? d.beforeVersion)}>
                  <code>--{c.flag}</code>
                </Link>{' '}
                <code>
                  {c.kind === 'changed'
                    ? `${c.before ?? t('mdiff.bare')} → ${c.after ?? t('mdiff.bare')}`
                    : ((c.kind === 'added' ? c.after : c.before) ?? t('mdiff.bare'))}
                </code>
                {c.status !== 'ok' && <span className={`kx-status ${c.status}`}>{c.status}</span>}
                {c.summary && <div className="kx-muted">{c.summary}</div>}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
