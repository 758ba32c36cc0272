/**
 * The network page (/network): who listens where and who connects to whom. Three views of the one network model:
 * the component graph (hosts, components, connections), the port map (host x address x port, with netstat / ss
 * output laid over it) and the same as tables (for screen readers, and to copy from). A click on a box or an edge
 * shows the flags that define it, each with a link into the editor. `?view=graph|ports|table` picks the view.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useWorkspaceContext } from '../../state/workspaceContext';
import { useCursor, type Cursor } from '../../state/selection';
import {
  componentGraph,
  portMap,
  socketText,
  stateWord,
  connectionLabel,
  type ComponentGraph,
  type PortMap,
} from '../../graphs/network';
import { addressKind, type NetworkModel } from '../../analysis/network';
import type { FileId, Span } from '../../model/span';
import { GraphView } from '../graph/GraphView';
import { PageTitle } from '../PageTitle';
import { t, tDynamic } from '../../i18n';
import { NetworkDetails, type Selected } from './NetworkDetails';

type View = 'graph' | 'ports' | 'table';
const VIEWS: View[] = ['graph', 'ports', 'table'];
const EMPTY: NetworkModel = { hosts: [], listeners: [], connections: [], observed: [], missing: [] };

/** What the editor's cursor is on, in the view: the edge of the connection whose flag it is in, else the box or cell of
 * the socket whose flag it is in, else (port map) the cell of the netstat line. */
function atCursor(cursor: Cursor | null, model: NetworkModel, graph: ComponentGraph, ports: PortMap, view: View) {
  if (!cursor) return null;
  // a flag's span is its value: the cursor may be on its name before it too (`--name=`)
  const on = (s: Span | null | undefined, flag: string | null = null) =>
    !!s &&
    s.fileId === cursor.fileId &&
    cursor.offset >= s.range.start - (flag ? flag.length + 3 : 0) &&
    cursor.offset <= s.range.end;
  const listener = model.listeners.find(
    (l) =>
      on(l.portFlag?.span, l.portFlag?.flag) ||
      on(l.addressFlag?.span, l.addressFlag?.flag) ||
      on(l.span, l.portFlag?.flag ?? null),
  );
  if (view === 'graph') {
    const conn = model.connections.find((c) => on(c.span, c.flag));
    if (conn) {
      const edge = Object.entries(graph.edgeConnections).find(([, ids]) => ids.includes(conn.id));
      if (edge) return edge[0];
    }
    if (listener && `inst:${listener.instanceId}` in graph.nodeInstance) return `inst:${listener.instanceId}`;
    return null;
  }
  if (view === 'ports') {
    const line = model.observed.findIndex((o) => on(o.span));
    const cell = Object.keys(ports.cellListeners).find(
      (id) =>
        (listener && ports.cellListeners[id]!.includes(listener.id)) ||
        (line >= 0 && (ports.cellObserved[id] ?? []).includes(line)),
    );
    return cell ?? null;
  }
  return null;
}

export default function NetworkPage() {
  const { analysis, state, revealSpan } = useWorkspaceContext();
  const [params, setParams] = useSearchParams();
  const view: View = VIEWS.find((v) => v === params.get('view')) ?? 'graph';
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const cursor = useCursor();
  const cursorAtOpen = useRef(cursor);
  const chosen = useRef(false);
  const model = analysis?.network ?? EMPTY;
  const names = useMemo(() => new Map((state?.files ?? []).map((f) => [f.id as string, f.name])), [state?.files]);
  const fileName = useMemo(() => (id: string) => names.get(id) ?? id, [names]);
  const graph = useMemo(() => componentGraph({ model, fileName: (id: FileId) => fileName(id) }), [model, fileName]);
  const ports = useMemo(() => portMap({ model, fileName: (id: FileId) => fileName(id) }), [model, fileName]);

  // the flag under the editor's cursor is selected when the page opens (until the user picks something)
  useEffect(() => {
    if (chosen.current || !analysis) return;
    setSelectedId(atCursor(cursorAtOpen.current, model, graph, ports, view));
  }, [analysis, model, graph, ports, view]);

  const selected: Selected | null = useMemo(() => {
    if (!selectedId) return null;
    if (view === 'graph') {
      const edge = graph.edgeConnections[selectedId];
      if (edge) return { kind: 'connections', ids: edge };
      if (selectedId in graph.nodeInstance) {
        const node = graph.scene.nodes.find((n) => n.id === selectedId);
        const ids = graph.scene.edges
          .filter((e) => e.from === selectedId || e.to === selectedId)
          .flatMap((e) => graph.edgeConnections[e.id] ?? []);
        return {
          kind: 'instance',
          instanceId: graph.nodeInstance[selectedId] ?? null,
          label: node ? `${node.label}${node.detail ? ` — ${node.detail}` : ''}` : selectedId,
          listenerIds: graph.nodeListeners[selectedId] ?? [],
          connectionIds: ids,
        };
      }
    }
    if (view === 'ports' && selectedId in ports.cellListeners)
      return {
        kind: 'cell',
        listenerIds: ports.cellListeners[selectedId] ?? [],
        observed: ports.cellObserved[selectedId] ?? [],
      };
    return null;
  }, [selectedId, view, graph, ports]);

  const emphasised = useMemo(() => {
    if (!selectedId || view !== 'graph') return null;
    const out = new Set<string>([selectedId]);
    for (const e of graph.scene.edges)
      if (e.id === selectedId || e.from === selectedId || e.to === selectedId) {
        out.add(e.id);
        out.add(e.from);
        out.add(e.to);
      }
    return out;
  }, [selectedId, view, graph]);

  if (!analysis) return <div className="kx-loading">{t('editor.loading')}</div>;
  const pick = (v: View) => {
    setSelectedId(null);
    setParams(v === 'graph' ? {} : { view: v }, { replace: true });
  };
  const onSelect = (target: { node: string } | { edge: string } | null) => {
    chosen.current = true;
    setSelectedId(target === null ? null : 'node' in target ? target.node : target.edge);
  };

  return (
    <main className="kx-page kx-network" data-testid="network-page">
      <PageTitle title={t('network.title')} />
      <p className="kx-muted">{t('network.intro')}</p>
      <div className="kx-side-tabs kx-network-tabs" role="tablist" aria-label={t('network.views')}>
        {VIEWS.map((v) => (
          <button
            key={v}
            role="tab"
            aria-selected={view === v}
            className={view === v ? 'active' : ''}
            onClick={() => pick(v)}
            data-testid={`network-view-${v}`}
          >
            {t(`network.view.${v}`)}
          </button>
        ))}
      </div>
      {model.listeners.length === 0 && model.connections.length === 0 ? (
        <p data-testid="network-empty">{t('network.empty')}</p>
      ) : view === 'table' ? (
        <NetworkTables model={model} observedState={ports.observedState} reveal={revealSpan} fileName={fileName} />
      ) : (
        <div className="kx-network-body">
          <figure className="kx-network-figure" aria-label={(view === 'graph' ? graph : ports).scene.title}>
            <figcaption className="kx-sr-only">{t('network.srHint')}</figcaption>
            <GraphView
              scene={view === 'graph' ? graph.scene : ports.scene}
              selected={selectedId}
              emphasised={emphasised}
              onSelect={onSelect}
              exportName={view === 'graph' ? 'network-components' : 'network-ports'}
              testId={view === 'graph' ? 'network-graph' : 'network-ports'}
            />
          </figure>
          {selected ? (
            <aside className="kx-network-details" aria-live="polite" data-testid="network-details-panel">
              <div className="kx-network-details-head">
                <h2>{t('network.details')}</h2>
                <button
                  onClick={() => {
                    chosen.current = true;
                    setSelectedId(null);
                  }}
                  aria-label={t('network.details.close')}
                >
                  ×
                </button>
              </div>
              <NetworkDetails
                model={model}
                selected={selected}
                findings={analysis.findings}
                observedState={ports.observedState}
                reveal={revealSpan}
                fileName={fileName}
              />
            </aside>
          ) : null}
        </div>
      )}
    </main>
  );
}

function NetworkTables({
  model,
  observedState,
  reveal,
  fileName,
}: {
  model: NetworkModel;
  observedState: ReturnType<typeof portMap>['observedState'];
  reveal: ReturnType<typeof useWorkspaceContext>['revealSpan'];
  fileName: (id: string) => string;
}) {
  const unexpected = model.observed.filter((o) => o.expectedBy === null);
  return (
    <div className="kx-network-tables">
      <h2>{t('network.tableListeners')}</h2>
      <table className="kx-table" data-testid="listeners-table">
        <thead>
          <tr>
            <th>{t('network.col.host')}</th>
            <th>{t('network.col.component')}</th>
            <th>{t('network.col.address')}</th>
            <th>{t('network.col.kind')}</th>
            <th>{t('network.col.port')}</th>
            <th>{t('network.col.protocol')}</th>
            <th>{t('network.col.purpose')}</th>
            <th>{t('network.col.source')}</th>
            <th>{t('network.col.observed')}</th>
          </tr>
        </thead>
        <tbody>
          {model.listeners.map((l) => {
            const state = observedState[l.id];
            return (
              <tr
                key={l.id}
                data-testid="listener-row"
                data-host={l.host ?? ''}
                data-component={l.component}
                data-address={l.address}
                data-port={l.port ?? ''}
                data-observed={state ?? ''}
              >
                <td>{l.host ?? ''}</td>
                <td>
                  <button className="kx-link" onClick={() => reveal(l.span ?? l.anchor)}>
                    {l.component}
                  </button>
                </td>
                <td>
                  <code>{l.address}</code>
                </td>
                <td>{t(`network.kind.${l.addressKind}`)}</td>
                <td>{l.port ?? ''}</td>
                <td>{l.protocol}</td>
                <td>{t(`network.purpose.${l.purpose}`)}</td>
                <td>
                  {l.flags.map((f) => `--${f}`).join(' ')}
                  {l.source === 'default' ? ` (${t('network.details.defaultAny')})` : ''}
                </td>
                <td className={state === 'missing' ? 'kx-net-bad' : ''}>
                  {state ? t(`network.observed.${stateWord(state)}`) : ''}
                </td>
              </tr>
            );
          })}
          {unexpected.map((o) => (
            <tr
              key={`${o.fileId}:${o.span.range.start}`}
              data-testid="listener-row"
              data-host={o.host ?? ''}
              data-component=""
              data-address={o.address}
              data-port={o.port}
              data-observed="unexpected"
            >
              <td>{o.host ?? ''}</td>
              <td>
                <button className="kx-link" onClick={() => reveal(o.span)}>
                  {o.process ?? '?'}
                </button>
              </td>
              <td>
                <code>{o.address}</code>
              </td>
              <td>{t(`network.kind.${addressKind(o.address)}`)}</td>
              <td>{o.port}</td>
              <td />
              <td />
              <td>{fileName(o.fileId)}</td>
              <td className="kx-net-warn">{t('network.observed.unexpected')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('network.tableConnections')}</h2>
      <table className="kx-table" data-testid="connections-table">
        <thead>
          <tr>
            <th>{t('network.col.from')}</th>
            <th>{t('network.col.to')}</th>
            <th>{t('network.col.port')}</th>
            <th>{t('network.col.auth')}</th>
            <th>{t('network.col.status')}</th>
          </tr>
        </thead>
        <tbody>
          {model.connections.map((c) => {
            const target = c.to.listenerId ? model.listeners.find((l) => l.id === c.to.listenerId) : undefined;
            return (
              <tr key={c.id} data-testid="connection-row" data-rule={c.rule} data-status={c.status}>
                <td>
                  <button
                    className="kx-link"
                    disabled={!(c.span ?? c.anchor)}
                    onClick={() => {
                      const at = c.span ?? c.anchor;
                      if (at) reveal(at);
                    }}
                  >
                    {c.from.component ?? (c.from.fileId ? fileName(c.from.fileId) : '?')}
                    {c.from.host ? ` @ ${c.from.host}` : ''}
                  </button>
                  {c.probe ? t('network.probeNote', { probe: tDynamic(`network.probeKind.${c.probe.kind}`) }) : ''}
                </td>
                <td>
                  {c.to.component ?? '?'}
                  {c.to.host ? ` @ ${c.to.host}` : ''}
                  {target ? ` ${socketText(target)}` : c.to.address ? ` ${c.to.address}:${c.to.port ?? '?'}` : ''}
                </td>
                <td>{connectionLabel({ ...c, auth: 'none' })}</td>
                <td>
                  {c.auth === 'none' ? t('network.auth.none') : c.auth}
                  {c.authDetail ? t('network.probeNote', { probe: c.authDetail }) : ''}
                </td>
                <td className={c.broken ? 'kx-net-bad' : ''}>{t(`network.status.${c.status}`)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
