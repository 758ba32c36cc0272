/** The certificates of the workspace, like `kubeadm certs check-expiration` for the pasted files: sortable. */
import { useMemo, useState } from 'react';
import type { TrustModel } from '../../analysis/trust/model';
import type { Span } from '../../model/span';
import { t, type MessageKey } from '../../i18n';
import { certificateRows, formatDate, sortRows, timeLeft, type SortKey } from './trustData';

interface Props {
  model: TrustModel;
  fileName: (span: Span) => string | null;
  revealSpan: (at: Span) => void;
  selectedNodes: readonly string[];
  onSelect: (modelNodeId: string) => void;
  hostOf?: (modelNodeId: string) => string | null;
}

const COLUMNS: { key: SortKey | null; label: MessageKey }[] = [
  { key: 'name', label: 'trust.col.name' },
  { key: 'host', label: 'trust.col.host' },
  { key: 'role', label: 'trust.col.role' },
  { key: 'subject', label: 'trust.col.subject' },
  { key: 'issuer', label: 'trust.col.issuer' },
  { key: 'expires', label: 'trust.col.expires' },
  { key: null, label: 'trust.col.sans' },
  { key: 'source', label: 'trust.col.source' },
  { key: null, label: 'trust.col.usedBy' },
];

export function CertificatesTable({ model, fileName, revealSpan, selectedNodes, onSelect, hostOf }: Props) {
  const [sort, setSort] = useState<{ key: SortKey; ascending: boolean }>({ key: 'expires', ascending: true });
  const rows = useMemo(
    () => sortRows(certificateRows(model, fileName, hostOf), sort.key, sort.ascending),
    [model, fileName, sort, hostOf],
  );
  const selected = new Set(selectedNodes);
  return (
    <section className="kx-trust-certs">
      <h2>{t('trust.certificates')}</h2>
      <div className="kx-table-scroll">
        <table className="kx-table" data-testid="certificates-table">
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th
                  key={c.label}
                  aria-sort={c.key === sort.key ? (sort.ascending ? 'ascending' : 'descending') : undefined}
                >
                  {c.key ? (
                    <button
                      className="kx-link"
                      data-testid="sort"
                      data-sort={c.key}
                      onClick={() =>
                        setSort((s) => ({ key: c.key!, ascending: s.key === c.key ? !s.ascending : true }))
                      }
                    >
                      {t(c.label)}
                      {c.key === sort.key ? (sort.ascending ? ' ▲' : ' ▼') : ''}
                    </button>
                  ) : (
                    t(c.label)
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={r.id}
                data-testid="certificate-row"
                data-node={r.id}
                data-role={r.role ?? ''}
                aria-selected={selected.has(r.id) || undefined}
                className={selected.has(r.id) ? 'kx-selected-row' : undefined}
              >
                <td>
                  <button className="kx-link" onClick={() => onSelect(r.id)} title={t('trust.showInGraph')}>
                    {r.name}
                  </button>
                  {r.kind === 'ca' && <span className="kx-badge">{t('trust.kind.ca')}</span>}
                </td>
                <td>{r.host ?? ''}</td>
                <td>{r.role ?? ''}</td>
                <td>
                  {r.subjectCN ?? ''}
                  {r.subjectO.length > 0 && <div className="kx-muted">O={r.subjectO.join(t('doc.listSeparator'))}</div>}
                </td>
                <td>{r.issuer ?? ''}</td>
                <td data-testid="expires">
                  {r.notAfter ? (
                    <>
                      {formatDate(r.notAfter)}
                      {r.daysLeft !== null && (
                        <div className={r.daysLeft < 0 ? 'kx-error' : r.daysLeft <= 30 ? 'kx-warning' : 'kx-muted'}>
                          {timeLeft(r.daysLeft)}
                        </div>
                      )}
                    </>
                  ) : (
                    <span className="kx-muted">{r.inferred ? t('trust.inferred') : ''}</span>
                  )}
                </td>
                <td className="kx-trust-sans">{r.sans.join(t('doc.listSeparator'))}</td>
                <td>
                  {r.sourceSpan ? (
                    <button className="kx-link" onClick={() => r.sourceSpan && revealSpan(r.sourceSpan)}>
                      {r.source}
                    </button>
                  ) : (
                    <span className="kx-muted">{r.source ?? ''}</span>
                  )}
                </td>
                <td>{r.usedBy.join(t('doc.listSeparator'))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
