/** The network page (/network): who listens where, per host. */
import { useWorkspaceContext } from '../../state/workspaceContext';
import { t } from '../../i18n';

export default function NetworkPage() {
  const { analysis, revealSpan } = useWorkspaceContext();
  if (!analysis) return <div className="kx-loading">{t('editor.loading')}</div>;
  const listeners = analysis.network?.listeners ?? [];
  return (
    <main className="kx-page" data-testid="network-page">
      <h1>{t('network.title')}</h1>
      <table className="kx-table" data-testid="listeners-table">
        <thead>
          <tr>
            <th>{t('network.col.host')}</th>
            <th>{t('network.col.component')}</th>
            <th>{t('network.col.address')}</th>
            <th>{t('network.col.port')}</th>
            <th>{t('network.col.purpose')}</th>
          </tr>
        </thead>
        <tbody>
          {listeners.map((l) => (
            <tr key={l.id} data-port={l.port ?? ''}>
              <td>{l.host ?? ''}</td>
              <td>
                <button className="kx-link" onClick={() => revealSpan(l.span ?? l.anchor)}>
                  {l.component}
                </button>
              </td>
              <td>{l.address}</td>
              <td>{l.port ?? ''}</td>
              <td>{l.purpose}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
