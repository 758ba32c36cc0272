/** The trust page (/trust): the certificates of the workspace, who signs them and who uses them. */
import { useWorkspaceContext } from '../../state/workspaceContext';
import { t } from '../../i18n';

export default function TrustPage() {
  const { analysis, revealSpan } = useWorkspaceContext();
  const trust = analysis?.trust;
  if (!analysis) return <div className="kx-loading">{t('editor.loading')}</div>;
  const certificates = (trust?.nodes ?? []).filter((n) => n.kind === 'ca' || n.kind === 'certificate');
  return (
    <main className="kx-page" data-testid="trust-page">
      <h1>{t('trust.title')}</h1>
      <table className="kx-table" data-testid="certificates-table">
        <thead>
          <tr>
            <th>{t('trust.col.name')}</th>
            <th>{t('trust.col.kind')}</th>
            <th>{t('trust.col.path')}</th>
            <th>{t('trust.col.expires')}</th>
          </tr>
        </thead>
        <tbody>
          {certificates.map((n) => (
            <tr key={n.id} data-node={n.id}>
              <td>
                {n.span ? (
                  <button className="kx-link" onClick={() => n.span && revealSpan(n.span)}>
                    {n.label}
                  </button>
                ) : (
                  n.label
                )}
              </td>
              <td>{n.kind}</td>
              <td>{n.path ?? ''}</td>
              <td>{n.notAfter ?? (n.inferred ? t('trust.inferred') : '')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
