/** The trust page's side panel: the selected node (or edge), what it is, and every flag and file that references it. */
import type { TrustEdge, TrustModel, TrustNode } from '../../analysis/trust/model';
import { edgeSentence, type TrustLayout } from '../../graphs/trust/layout';
import type { Span } from '../../model/span';
import { t, type MessageKey } from '../../i18n';
import { formatDate, lineOf, timeLeft } from './trustData';

export type Selection = { node: string } | { edge: string } | null;

interface Props {
  model: TrustModel;
  layout: TrustLayout;
  selection: Selection;
  onSelect: (s: Selection) => void;
  revealSpan: (at: Span) => void;
  fileName: (span: Span) => string | null;
  fileText: (span: Span) => string | undefined;
  /** A node drawn once for several hosts: show one host's own (its model node id), the other hosts left out. */
  onShowHost?: (host: string, modelNodeId: string) => void;
}

/** The host a model node is on: its own, or the `@host` of its label (a file on a host). */
const hostOfMember = (n: TrustNode): string | null => n.host ?? /@([^@/#]+)$/.exec(n.label)?.[1] ?? null;

const kindWord = (k: TrustNode['kind']) => t(`trust.kind.${k}` as MessageKey);
const edgeWord = (k: TrustEdge['kind']) => t(`trust.edge.${k}` as MessageKey);

function Where({
  span,
  fileName,
  fileText,
  revealSpan,
}: { span: Span } & Pick<Props, 'fileName' | 'fileText' | 'revealSpan'>) {
  const name = fileName(span) ?? '';
  const line = lineOf(fileText(span), span.range.start);
  return (
    <button
      className="kx-link"
      data-testid="trust-reveal"
      onClick={() => revealSpan(span)}
      title={t('trust.showInEditor')}
    >
      {line !== null ? t('trust.fileLine', { file: name, line }) : name}
    </button>
  );
}

function NodeFacts({ n }: { n: TrustNode }) {
  const c = n.certificate;
  const rows: [string, string][] = [];
  if (n.path) rows.push([t('trust.col.path'), n.host ? t('ui.withNote', { text: n.path, note: n.host }) : n.path]);
  if (n.role) rows.push([t('trust.col.role'), n.role]);
  if (n.subject) rows.push([t('trust.col.subject'), n.subject]);
  if (n.issuer) rows.push([t('trust.col.issuer'), n.issuer]);
  const notAfter = c?.notAfter ?? n.notAfter;
  if (notAfter)
    rows.push([
      t('trust.col.expires'),
      c ? t('ui.withNote', { text: formatDate(notAfter), note: timeLeft(c.daysLeft) }) : formatDate(notAfter),
    ]);
  const sans = c?.sans ?? n.sans;
  if (sans && sans.length > 0) rows.push([t('trust.col.sans'), sans.join(t('doc.listSeparator'))]);
  if (c?.fingerprintSha256) rows.push([t('trust.fingerprint'), c.fingerprintSha256]);
  if (n.kind === 'component' && n.host) rows.push([t('trust.col.host'), n.host]);
  return (
    <dl className="kx-trust-facts">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
      {n.inferred && n.kind !== 'component' && (
        <p className="kx-muted">
          {n.distribution ? t('trust.inferredDistribution', { distribution: n.distribution }) : t('trust.inferredLong')}
        </p>
      )}
    </dl>
  );
}

function EdgeLine({
  e,
  labels,
  here,
  ...where
}: { e: TrustEdge; labels: ReadonlyMap<string, string>; here: ReadonlySet<string> } & Pick<
  Props,
  'fileName' | 'fileText' | 'revealSpan'
>) {
  const label = (id: string) => labels.get(id) ?? id;
  const other = here.has(e.from) ? e.to : e.from;
  const text = here.has(e.from)
    ? edgeSentence(e.kind, null, label(other))
    : edgeSentence(e.kind, label(other), here.has(e.to) ? null : label(e.to));
  return (
    <li
      data-testid="trust-reference"
      data-broken={e.broken ? 'true' : undefined}
      className={e.broken ? 'kx-broken' : undefined}
    >
      <span>{text}</span>
      {e.via && <code>{e.via}</code>}
      {e.purpose && <span className="kx-muted">{t(`trust.purpose.${e.purpose}` as MessageKey)}</span>}
      {e.inferred && <span className="kx-muted">{t('trust.inferredShort')}</span>}
      {e.broken && <strong>{t('trust.graph.broken')}</strong>}
      {e.span ? (
        <Where span={e.span} {...where} />
      ) : (
        <span className="kx-muted">{t(`trust.source.${e.source}` as MessageKey)}</span>
      )}
    </li>
  );
}

export function TrustDetails({ model, layout, selection, onSelect, onShowHost, ...where }: Props) {
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  const labels = new Map(model.nodes.map((n) => [n.id, n.label]));
  if (!selection)
    return (
      <aside className="kx-trust-details" data-testid="trust-details">
        <p className="kx-muted">{t('trust.details.hint')}</p>
      </aside>
    );
  const drawnLabel = (id: string) => layout.scene.nodes.find((n) => n.id === id)?.label ?? id;
  if ('edge' in selection) {
    const ids = layout.edgeMembers.get(selection.edge) ?? [];
    const drawn = layout.scene.edges.find((e) => e.id === selection.edge);
    return (
      <aside className="kx-trust-details" data-testid="trust-details">
        <h2>
          {drawn
            ? `${drawnLabel(drawn.from)} ${edgeWord(drawn.kind as TrustEdge['kind'])} ${drawnLabel(drawn.to)}`
            : ''}
        </h2>
        <ul className="kx-trust-refs">
          {ids.map((i) => (
            <EdgeLine key={i} e={model.edges[i]!} labels={labels} here={new Set([model.edges[i]!.from])} {...where} />
          ))}
        </ul>
      </aside>
    );
  }
  const memberIds = layout.members.get(selection.node) ?? [];
  const members = memberIds.map((id) => byId.get(id)).filter((n): n is TrustNode => !!n);
  const head = members[0];
  if (!head) return null;
  // a node of one role on several hosts (drawn once): a link per host to that host's own
  const perHost: { host: string; id: string }[] = [];
  for (const m of members) {
    const host = m.kind === head.kind ? hostOfMember(m) : null;
    if (host && !perHost.some((p) => p.host === host)) perHost.push({ host, id: m.id });
  }
  const here = new Set(memberIds);
  const refs = model.edges.map((e, i) => ({ e, i })).filter(({ e }) => here.has(e.from) || here.has(e.to));
  const spans = members.filter((m) => m.span);
  const neighbours = layout.scene.edges
    .filter((e) => e.from === selection.node || e.to === selection.node)
    .map((e) => ({ edge: e, other: e.from === selection.node ? e.to : e.from }));
  return (
    <aside className="kx-trust-details" data-testid="trust-details" data-node={selection.node}>
      <h2>{drawnLabel(selection.node)}</h2>
      <p className="kx-muted">
        {kindWord(head.kind)}
        {members.length > 1 && ` · ${t('trust.details.stands', { count: members.length })}`}
      </p>
      {onShowHost && perHost.length > 1 && (
        <p className="kx-trust-per-host" data-testid="trust-per-host">
          {t('trust.details.perHost')}{' '}
          {perHost.map(({ host, id }, i) => (
            <span key={host}>
              {i > 0 && ' · '}
              <button className="kx-link" data-host={host} onClick={() => onShowHost(host, id)}>
                {host}
              </button>
            </span>
          ))}
        </p>
      )}
      {members.map((m) => (
        <section key={m.id}>
          {members.length > 1 && <h3>{`${kindWord(m.kind)}: ${m.label}`}</h3>}
          <NodeFacts n={m} />
        </section>
      ))}
      {spans.length > 0 && (
        <>
          <h3>{t('trust.details.files')}</h3>
          <ul className="kx-trust-refs">
            {spans.map((m) => (
              <li key={m.id}>
                {m.label} <Where span={m.span!} {...where} />
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>{t('trust.details.neighbours')}</h3>
      <ul className="kx-trust-neighbours">
        {neighbours.map(({ edge, other }) => (
          <li key={edge.id}>
            <span className="kx-muted">{edgeWord(edge.kind as TrustEdge['kind'])}</span>{' '}
            <button
              className="kx-link"
              data-testid="trust-neighbour"
              data-node={other}
              onClick={() => onSelect({ node: other })}
            >
              {drawnLabel(other)}
            </button>
            {edge.broken && <strong className="kx-broken"> {edge.label}</strong>}
          </li>
        ))}
      </ul>
      <h3>{t('trust.details.references')}</h3>
      <ul className="kx-trust-refs">
        {refs.map(({ e, i }) => (
          <EdgeLine key={i} e={e} labels={labels} here={here} {...where} />
        ))}
      </ul>
    </aside>
  );
}
