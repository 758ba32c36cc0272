/**
 * The details of what is selected on the network page: for an edge, each connection it draws with the flag that
 * names the target (client side) and the flags that open the socket it reaches (server side); for a component, its
 * sockets and connections; for a port-map cell, its sockets and the netstat / ss lines. Every written value has a
 * "show in editor" link; a value in effect by default says so, with its version.
 */
import type { ReactNode } from 'react';
import type { Span } from '../../model/span';
import type { ListenerFlag, NetworkConnection, NetworkListener, NetworkModel } from '../../analysis/network';
import type { PresentedFinding } from '../../present/messages';
import { connectionLabel, socketText, stateWord, type ObservedState } from '../../graphs/network';
import { t, tDynamic } from '../../i18n';

export type Selected =
  | { kind: 'connections'; ids: string[] }
  | { kind: 'instance'; instanceId: string | null; label: string; listenerIds: string[]; connectionIds: string[] }
  | { kind: 'cell'; listenerIds: string[]; observed: number[] };

interface Props {
  model: NetworkModel;
  selected: Selected | null;
  findings: readonly PresentedFinding[];
  observedState: Record<string, ObservedState>;
  reveal: (span: Span) => void;
  fileName: (id: string) => string;
}

const overlapsSpan = (a: Span, b: Span) =>
  a.fileId === b.fileId && a.range.start <= b.range.end && b.range.start <= a.range.end;

function Reveal({ span, reveal, children }: { span: Span | null; reveal: (s: Span) => void; children: ReactNode }) {
  if (!span) return <>{children}</>;
  return (
    <button className="kx-link" onClick={() => reveal(span)} title={t('network.showInEditor')} data-testid="reveal">
      {children}
    </button>
  );
}

function FlagLine({
  flag,
  version,
  reveal,
  fileName,
}: {
  flag: ListenerFlag;
  version: string | null;
  reveal: (s: Span) => void;
  fileName: (id: string) => string;
}) {
  const text = `--${flag.flag}${flag.value !== null ? `=${flag.value}` : ''}`;
  return (
    <li data-testid="detail-flag" data-flag={flag.flag}>
      <code>{text}</code>{' '}
      {flag.span ? (
        <Reveal span={flag.span} reveal={reveal}>
          {t('ui.withNote', { text: t('network.showInEditor'), note: fileName(flag.span.fileId) })}
        </Reveal>
      ) : (
        <span className="kx-muted">
          {flag.source === 'default'
            ? version
              ? t('network.details.default', { version: version.split('.').slice(0, 2).join('.') })
              : t('network.details.defaultAny')
            : flag.source}
        </span>
      )}
    </li>
  );
}

function ListenerBlock({
  l,
  state,
  reveal,
  fileName,
}: {
  l: NetworkListener;
  state: ObservedState | undefined;
  reveal: (s: Span) => void;
  fileName: (id: string) => string;
}) {
  const flags = [l.portFlag, l.addressFlag].filter((f): f is ListenerFlag => f !== null);
  return (
    <div className="kx-net-detail-block" data-testid="detail-listener" data-listener={l.id}>
      <div>
        <strong>{l.component}</strong> {l.host ? `@ ${l.host}` : ''} — <code>{socketText(l)}</code> {l.protocol},{' '}
        {t(`network.purpose.${l.purpose}`)}
        {l.implied ? <span className="kx-muted"> ({t('network.graph.implied')})</span> : null}
      </div>
      {state ? (
        <div className={`kx-net-state kx-net-state-${state}`} data-testid="detail-observed-state">
          {t(`network.observed.${stateWord(state)}`)}
        </div>
      ) : null}
      <ul className="kx-net-flags">
        {flags.map((f) => (
          <FlagLine key={f.flag} flag={f} version={l.version} reveal={reveal} fileName={fileName} />
        ))}
        {flags.length === 0 && l.span ? (
          <li>
            <Reveal span={l.span} reveal={reveal}>
              {t('network.showInEditor')}
            </Reveal>
          </li>
        ) : null}
      </ul>
    </div>
  );
}

function ConnectionBlock({
  c,
  model,
  reveal,
  fileName,
}: {
  c: NetworkConnection;
  model: NetworkModel;
  reveal: (s: Span) => void;
  fileName: (id: string) => string;
}) {
  const target = c.to.listenerId ? model.listeners.find((l) => l.id === c.to.listenerId) : undefined;
  const from = c.from.component ?? (c.from.fileId ? fileName(c.from.fileId) : '?');
  const to = `${c.to.component ?? '?'}${c.to.host ? ` @ ${c.to.host}` : ''}`;
  const written = c.span ?? c.anchor;
  return (
    <div
      className={`kx-net-detail-block${c.broken ? ' kx-net-broken' : ''}`}
      data-testid="detail-connection"
      data-connection={c.id}
    >
      <div>
        <strong>
          {from}
          {c.from.host ? ` @ ${c.from.host}` : ''} → {to}
        </strong>
      </div>
      <div>
        {connectionLabel(c) || t('network.graph.unknownTarget')}
        {c.authDetail ? <span className="kx-muted"> ({c.authDetail})</span> : null}
      </div>
      <div className={c.broken ? 'kx-net-bad' : 'kx-muted'}>{t(`network.status.${c.status}`)}</div>
      <h4>{t('network.details.from')}</h4>
      <ul className="kx-net-flags">
        {c.probe ? (
          <li>
            {t('network.details.probe', {
              kind: tDynamic(`network.probeKind.${c.probe.kind}`),
              scheme: c.probe.scheme ?? '',
              path: `${c.probe.host ?? ''}:${c.probe.port ?? c.probe.portName ?? ''}${c.probe.path ?? ''}`,
            })}{' '}
            <Reveal span={written} reveal={reveal}>
              {t('network.showInEditor')}
            </Reveal>
          </li>
        ) : null}
        {c.flag ? (
          <li data-testid="detail-flag" data-flag={c.flag}>
            <code>--{c.flag}</code>
            {c.to.address !== null ? (
              <>
                {' '}
                →{' '}
                <code>{`${c.to.address.includes(':') ? `[${c.to.address}]` : c.to.address}:${c.to.port ?? '?'}`}</code>
              </>
            ) : null}{' '}
            <Reveal span={c.span ?? c.anchor} reveal={reveal}>
              {t('network.showInEditor')}
              {written ? ` (${fileName(written.fileId)})` : ''}
            </Reveal>
          </li>
        ) : null}
        {c.kubeconfig ? (
          <li>
            {t('network.details.kubeconfig', { path: c.kubeconfig.path ?? '' })}
            {c.kubeconfig.path && c.kubeconfig.fileId === null ? (
              <span className="kx-muted" data-testid="network-kubeconfig-missing">
                {' '}
                — {t('network.details.kubeconfigMissing')}
              </span>
            ) : null}
            {c.kubeconfig.server ? (
              <>
                {' '}
                <code>{c.kubeconfig.server}</code>
              </>
            ) : null}
          </li>
        ) : null}
      </ul>
      <h4>{t('network.details.to')}</h4>
      {target ? (
        <ListenerBlock l={target} state={undefined} reveal={reveal} fileName={fileName} />
      ) : (
        <div className="kx-muted">
          {c.to.address !== null ? `${c.to.address}:${c.to.port ?? '?'} — ` : ''}
          {t(`network.status.${c.status}`)}
        </div>
      )}
    </div>
  );
}

export function NetworkDetails({ model, selected, findings, observedState, reveal, fileName }: Props) {
  if (!selected)
    return (
      <div className="kx-muted" data-testid="network-details-empty">
        {t('network.details.hint')}
      </div>
    );
  const listeners =
    selected.kind === 'connections'
      ? []
      : selected.listenerIds
          .map((id) => model.listeners.find((l) => l.id === id))
          .filter((l): l is NetworkListener => l !== undefined);
  const connectionIds =
    selected.kind === 'connections' ? selected.ids : selected.kind === 'instance' ? selected.connectionIds : [];
  const connections = connectionIds
    .map((id) => model.connections.find((c) => c.id === id))
    .filter((c): c is NetworkConnection => c !== undefined);
  const observed = selected.kind === 'cell' ? selected.observed.map((i) => model.observed[i]!).filter(Boolean) : [];
  const spans: Span[] = [
    ...listeners.flatMap((l) => [l.span, l.portFlag?.span ?? null, l.addressFlag?.span ?? null, l.anchor]),
    ...connections.flatMap((c) => [c.span]),
    ...observed.map((o) => o.span),
  ].filter((s): s is Span => s !== null);
  const related = findings.filter(
    (f) => f.rule.startsWith('network-') && spans.some((s) => overlapsSpan(s, { fileId: f.fileId, range: f.range })),
  );
  return (
    <div className="kx-net-details" data-testid="network-details">
      {selected.kind === 'instance' ? <h3>{selected.label}</h3> : null}
      {listeners.length > 0 ? (
        <section>
          <h4>{t('network.details.listeners')}</h4>
          {listeners.map((l) => (
            <ListenerBlock key={l.id} l={l} state={observedState[l.id]} reveal={reveal} fileName={fileName} />
          ))}
        </section>
      ) : null}
      {observed.length > 0 ? (
        <section>
          <h4>{t('network.details.observed')}</h4>
          <ul className="kx-net-flags">
            {observed.map((o) => (
              <li key={`${o.fileId}:${o.span.range.start}`} data-testid="detail-observed-line">
                <code>
                  {o.address}:{o.port}
                </code>{' '}
                {o.process ?? ''} —{' '}
                {t(
                  o.expectedBy === null
                    ? 'network.observed.unexpected'
                    : o.match === 'exact'
                      ? 'network.observed.matched'
                      : 'network.observed.otherAddress',
                )}{' '}
                <Reveal span={o.span} reveal={reveal}>
                  {t('ui.withNote', { text: t('network.showInEditor'), note: fileName(o.fileId) })}
                </Reveal>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {connections.length > 0 ? (
        <section>
          <h4>{t('network.details.connections')}</h4>
          {connections.map((c) => (
            <ConnectionBlock key={c.id} c={c} model={model} reveal={reveal} fileName={fileName} />
          ))}
        </section>
      ) : null}
      {related.length > 0 ? (
        <section>
          <h4>{t('network.details.findings')}</h4>
          <ul className="kx-net-flags">
            {related.map((f, i) => (
              <li key={i} className={`kx-net-finding kx-sev-${f.severity}`} data-testid="detail-finding">
                <Reveal span={{ fileId: f.fileId, range: f.range }} reveal={reveal}>
                  {f.message}
                </Reveal>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
