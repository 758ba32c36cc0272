/**
 * The trust page (/trust): who signs, presents and trusts which certificate, drawn as a graph (CAs at the top,
 * certificates, keys and kubeconfigs in the middle, components at the bottom, grouped by host), the selected node's
 * details with the flags and files that reference it, the certificates table (like `kubeadm certs
 * check-expiration`) and the graph as a table for screen readers. The layout is src/graphs/trust/layout.ts.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useWorkspaceContext } from '../../state/workspaceContext';
import { useCursor } from '../../state/selection';
import { layoutTrust, trustHosts, type TrustHostView } from '../../graphs/trust/layout';
import { GraphView } from '../graph/GraphView';
import { PageTitle } from '../PageTitle';
import { t } from '../../i18n';
import type { Span } from '../../model/span';
import { findingOfEdge, nodeAtCursor } from './trustData';
import { TrustDetails, type Selection } from './TrustDetails';
import { CertificatesTable } from './CertificatesTable';
import { TrustEdgeTable } from './TrustEdgeTable';

/** The hosts a node is on, listed with the language's separator; null for none. */
export const hostsText = (hosts: readonly string[]): string | null =>
  hosts.length > 0 ? hosts.join(t('doc.listSeparator')) : null;

export default function TrustPage() {
  const { analysis, state, revealSpan } = useWorkspaceContext();
  const cursor = useCursor();
  const trust = analysis?.trust ?? null;
  const findings = analysis?.findings;
  const hosts = useMemo(() => (trust ? trustHosts(trust) : []), [trust]);
  // with several hosts: one box per role (the default), the hosts side by side, or one host
  const [hostChoice, setHostChoice] = useState<string>('merged');
  const hostView: TrustHostView =
    hostChoice === 'each'
      ? 'each'
      : hostChoice.startsWith('only:') && hosts.includes(hostChoice.slice(5))
        ? { only: hostChoice.slice(5) }
        : 'merged';
  const hostKey = typeof hostView === 'object' ? `only:${hostView.only}` : hostView;
  const layout = useMemo(() => {
    if (!trust) return null;
    const finding = findingOfEdge(findings ?? []);
    const view: TrustHostView = hostKey.startsWith('only:') ? { only: hostKey.slice(5) } : (hostKey as 'merged');
    return layoutTrust(trust, {
      hosts: view,
      brokenLabel: (e) => finding(e)?.rule ?? null,
      brokenNote: (e) => {
        const f = finding(e);
        return f ? `${f.title}: ${f.message}` : null;
      },
    });
  }, [trust, findings, hostKey]);
  const [selected, setSelected] = useState<Selection>(null);
  const chosen = useRef(false);
  // a model node to select once the layout of the host chosen from the details is drawn
  const pending = useRef<string | null>(null);
  useEffect(() => {
    const id = pending.current;
    if (!id || !layout) return;
    pending.current = null;
    chosen.current = true;
    setSelected({ node: layout.nodeOf.get(id) ?? id });
  }, [layout]);

  // the certificate flag under the editor's cursor is selected when the page opens (until the user picks another)
  const cursorAtOpen = useRef(cursor);
  useEffect(() => {
    if (chosen.current || !trust || !layout) return;
    const node = nodeAtCursor(trust, layout, cursorAtOpen.current);
    setSelected(node ? { node } : null);
  }, [trust, layout]);

  // a selection that is no longer in the graph (after an edit) is dropped
  const current: Selection =
    selected &&
    layout &&
    ('node' in selected ? layout.members.has(selected.node) : layout.edgeMembers.has(selected.edge))
      ? selected
      : null;

  const select = useCallback((s: Selection) => {
    chosen.current = true;
    setSelected(s);
  }, []);

  const emphasised = useMemo(() => {
    if (!current || !layout) return null;
    const ids = new Set<string>();
    if ('node' in current) {
      ids.add(current.node);
      for (const e of layout.scene.edges)
        if (e.from === current.node || e.to === current.node) {
          ids.add(e.id);
          ids.add(e.from);
          ids.add(e.to);
        }
    } else {
      const e = layout.scene.edges.find((x) => x.id === current.edge);
      if (e) for (const id of [e.id, e.from, e.to]) ids.add(id);
    }
    return ids;
  }, [current, layout]);

  const fileName = useCallback((span: Span) => state?.files.find((f) => f.id === span.fileId)?.name ?? null, [state]);
  const fileText = useCallback((span: Span) => state?.files.find((f) => f.id === span.fileId)?.text, [state]);

  const hostOf = useCallback(
    (id: string) => {
      const hosts = layout?.hostsOf.get(layout.nodeOf.get(id) ?? id) ?? [];
      return hostsText(hosts);
    },
    [layout],
  );

  if (!analysis) return <div className="kx-loading">{t('editor.loading')}</div>;
  const selectedId = current ? ('node' in current ? current.node : current.edge) : null;
  return (
    <main className="kx-page kx-trust" data-testid="trust-page">
      <PageTitle title={t('trust.title')} />
      <p className="kx-muted">{t('trust.intro')}</p>
      {!trust || !layout || trust.nodes.length === 0 ? (
        <p data-testid="trust-empty">{t('trust.empty')}</p>
      ) : (
        <>
          {hosts.length > 1 && (
            <div className="kx-trust-hosts">
              <label>
                {t('trust.hosts.label')}{' '}
                <select value={hostKey} onChange={(e) => setHostChoice(e.target.value)} data-testid="trust-host-select">
                  <option value="merged">{t('trust.hosts.merged')}</option>
                  {hosts.map((h) => (
                    <option key={h} value={`only:${h}`}>
                      {t('trust.hosts.only', { host: h })}
                    </option>
                  ))}
                  <option value="each">{t('trust.hosts.each')}</option>
                </select>
              </label>
              {hostKey === 'merged' && <span className="kx-muted">{t('trust.hosts.hint')}</span>}
            </div>
          )}
          <div className="kx-trust-main">
            <div className="kx-trust-graph" aria-describedby="kx-trust-table-summary">
              <GraphView
                scene={layout.scene}
                selected={selectedId}
                emphasised={emphasised}
                onSelect={(s) => select(s)}
                exportName="certificate-trust"
                testId="trust-graph"
              />
            </div>
            {current && (
              <TrustDetails
                model={trust}
                layout={layout}
                selection={current}
                onSelect={select}
                revealSpan={revealSpan}
                fileName={fileName}
                fileText={fileText}
                onShowHost={
                  hostKey === 'merged'
                    ? (host, id) => {
                        pending.current = id;
                        setHostChoice(`only:${host}`);
                      }
                    : undefined
                }
              />
            )}
          </div>
          <CertificatesTable
            model={trust}
            fileName={fileName}
            revealSpan={revealSpan}
            selectedNodes={current && 'node' in current ? (layout.members.get(current.node) ?? []) : []}
            onSelect={(id) => select({ node: layout.nodeOf.get(id) ?? id })}
            hostOf={hostOf}
          />
          <TrustEdgeTable model={trust} layout={layout} onSelect={select} />
        </>
      )}
    </main>
  );
}
