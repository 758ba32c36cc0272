/** The graph as a table, for screen readers and for reading: every drawn edge with its flags and its state. */
import { useState } from 'react';
import type { TrustModel } from '../../analysis/trust/model';
import type { TrustLayout } from '../../graphs/trust/layout';
import { t, type MessageKey } from '../../i18n';
import type { Selection } from './TrustDetails';

/** How an edge of the graph is made (its flags, or where it comes from), listed with the language's separator. */
export function edgeHow(model: TrustModel, layout: TrustLayout, id: string): string {
  return [
    ...new Set(
      (layout.edgeMembers.get(id) ?? []).map((i) => {
        const e = model.edges[i]!;
        return e.via ?? t(`trust.source.${e.source}` as MessageKey);
      }),
    ),
  ].join(t('doc.listSeparator'));
}

export function TrustEdgeTable({
  model,
  layout,
  onSelect,
}: {
  model: TrustModel;
  layout: TrustLayout;
  onSelect: (s: Selection) => void;
}) {
  const [open, setOpen] = useState(false);
  const how = (id: string) => edgeHow(model, layout, id);
  const label = new Map(layout.scene.nodes.map((n) => [n.id, n.label]));
  const host = (id: string) => layout.hostOf.get(id) ?? null;
  const name = (id: string) => {
    const h = host(id);
    return h ? `${label.get(id) ?? id} (${h})` : (label.get(id) ?? id);
  };
  return (
    <details className="kx-trust-edges" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary id="kx-trust-table-summary">
        {t('trust.table.summary', { nodes: layout.scene.nodes.length, edges: layout.scene.edges.length })}
      </summary>
      <table className="kx-table" data-testid="trust-edge-table">
        <caption>{t('trust.table.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('trust.table.from')}</th>
            <th scope="col">{t('trust.table.relation')}</th>
            <th scope="col">{t('trust.table.to')}</th>
            <th scope="col">{t('trust.table.how')}</th>
            <th scope="col">{t('trust.table.state')}</th>
          </tr>
        </thead>
        <tbody>
          {/* rows only while open: a large workspace has thousands */}
          {(open ? layout.scene.edges : []).map((e) => (
            <tr key={e.id} data-edge={e.id} data-broken={e.broken ? 'true' : undefined}>
              <th scope="row">
                <button className="kx-link" onClick={() => onSelect({ node: e.from })}>
                  {name(e.from)}
                </button>
              </th>
              <td>{t(`trust.edge.${e.kind}` as MessageKey)}</td>
              <td>
                <button className="kx-link" onClick={() => onSelect({ node: e.to })}>
                  {name(e.to)}
                </button>
              </td>
              <td>{how(e.id)}</td>
              <td>
                {e.broken
                  ? `${t('trust.graph.broken')}: ${e.label ?? ''}`
                  : e.dashed
                    ? t('trust.inferredShort')
                    : t('trust.table.confirmed')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
