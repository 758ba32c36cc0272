/**
 * Findings of the network model, language-free (rule + params; words in content/<lang>/rules.yaml and the
 * network.* codes of messages.yaml): two sockets on one address and port; a socket on all interfaces where kubeadm
 * binds loopback; a connection whose target nobody listens on; a probe at a port, scheme or address its component
 * does not serve; an insecure port open; the NodePort range over a component port; and, with netstat / ss output,
 * expected but not listening, listening but not expected, and matching.
 */
import type { ComponentId } from '../../model/types';
import type { FileId, Span } from '../../model/span';
import { message, type Message, type MessageParam } from '../../model/message';
import type { Finding } from '../types';
import { makeFinding, type RuleSeverities } from '../rules';
import type { MessageCode } from '../../generated/ids';
import type { InstanceView } from './listeners';
import { sameHostKey } from './connections';
import { overlaps, type NetworkListener, type NetworkModel } from './model';

export interface CheckContext {
  views: readonly InstanceView[];
  unnamedShare: boolean;
  fileName: (fileId: FileId) => string;
}

const list = (items: readonly string[], join: 'and' | 'or' | 'comma' = 'comma'): MessageParam => ({
  list: [...new Set(items)],
  join,
});
const target = (address: string, port: number | null) =>
  `${address.includes(':') ? `[${address}]` : address}:${port === null ? '*' : String(port)}`;
const hostText = (host: string | null): MessageParam => (host === null ? '' : message('network.host', { host }));

/** Where a listener's value comes from, in words: the flag and file, or the default of a version. */
function whereText(l: NetworkListener, ctx: CheckContext): Message {
  const decisive = [l.portFlag, l.addressFlag].find((f) => f && (f.source === 'set' || f.source === 'config'));
  if (decisive?.span)
    return message('network.where.written', { flag: decisive.flag, file: ctx.fileName(decisive.span.fileId) });
  const flag = l.portFlag?.flag ?? l.flags[0] ?? '';
  if (l.source === 'kubeadm')
    return message('network.where.kubeadm', { flag, component: l.component, version: l.version ?? '?' });
  return l.version
    ? message('network.where.default', { flag, component: l.component, version: l.version })
    : message('network.where.default-newest', { flag, component: l.component });
}

const spanOf = (l: NetworkListener): Span => l.span ?? l.anchor;
const ports = (ls: readonly NetworkListener[]) =>
  [...new Set(ls.filter((l) => l.port !== null).map((l) => target(l.address, l.port)))].sort();

export function networkFindings(model: NetworkModel, ctx: CheckContext, rules: RuleSeverities): Finding[] {
  const out: Finding[] = [];
  const at = (span: Span, documentId: Finding['documentId']) => ({ ...span, documentId });
  const byId = new Map(model.listeners.map((l) => [l.id, l]));
  const own = (instanceId: string) => model.listeners.filter((l) => l.instanceId === instanceId);

  // two sockets on the same address and port of one host: each one against the first earlier one it collides with
  const byPort = new Map<number, NetworkListener[]>();
  for (const l of model.listeners)
    if (l.network === 'host' && l.port !== null) byPort.set(l.port, [...(byPort.get(l.port) ?? []), l]);
  for (const group of byPort.values()) {
    if (group.length < 2) continue;
    // a kubelet the workspace only implies yields to the sockets written in it
    const ordered = [...group.filter((l) => l.implied), ...group.filter((l) => !l.implied)];
    ordered.forEach((second, i) => {
      if (second.implied) return;
      const first = ordered
        .slice(0, i)
        .find((a) => sameHostKey(a.host, second.host, ctx.unnamedShare) && overlaps(a.address, second.address));
      if (!first) return;
      out.push(
        makeFinding(
          rules,
          'network-port-conflict',
          {
            component: second.component,
            other: first.component,
            target: target(second.address, second.port),
            otherTarget: target(first.address, first.port),
            host: hostText(second.host),
            where: whereText(second, ctx),
            otherWhere: whereText(first, ctx),
          },
          at(spanOf(second), second.documentId),
        ),
      );
    });
  }

  for (const l of model.listeners) {
    if (l.implied || l.uncertain || l.network !== 'host') continue;
    // all interfaces where kubeadm binds loopback: an address written so (a default is in the port table only: a
    // binary install that never set it listens there as its binary always did)
    const written = (f: NetworkListener['portFlag']) => f !== null && (f.source === 'set' || f.source === 'config');
    const addressWritten = l.addressFlag ? written(l.addressFlag) : written(l.portFlag);
    if (l.kubeadmLoopback && l.addressKind !== 'loopback' && addressWritten) {
      out.push(
        makeFinding(
          rules,
          'network-exposed',
          {
            component: l.component,
            target: target(l.address, l.port),
            host: hostText(l.host),
            where: whereText(l, ctx),
            exposes: message(`network.exposes.${l.component}.${l.socket}` as MessageCode),
            allInterfaces: message(l.addressKind === 'all' ? 'network.all-interfaces' : 'network.one-address'),
          },
          at((l.addressFlag ?? l.portFlag)?.span ?? spanOf(l), l.documentId),
        ),
      );
    }
    // an unauthenticated plain-HTTP port open
    if (l.insecure) {
      const s = l.insecureStory;
      const story =
        !s || (!s.deprecated && !s.servingRemoved && !s.flagRemoved)
          ? message(`network.story.${l.component}.${l.socket}` as MessageCode)
          : message('network.story.removed', {
              component: l.component,
              deprecated: s.deprecated ?? '?',
              servingRemoved: s.servingRemoved ?? '?',
              flagRemoved: s.flagRemoved ?? '?',
              version: l.version
                ? message('network.this-version', { version: l.version })
                : message('network.no-version'),
            });
      out.push(
        makeFinding(
          rules,
          'network-insecure-port',
          {
            component: l.component,
            target: target(l.address, l.port),
            host: hostText(l.host),
            where: whereText(l, ctx),
            story,
            reach: message(l.addressKind === 'loopback' ? 'network.reach.loopback' : 'network.reach.network'),
            flag: l.portFlag?.flag ?? '',
          },
          at(spanOf(l), l.documentId),
          { severity: l.addressKind === 'loopback' ? 'warning' : 'error' },
        ),
      );
    }
  }

  for (const c of model.connections) {
    if (!c.broken) continue;
    const where = c.span ?? c.anchor;
    if (!where) continue;
    const to = c.to.listenerId ? byId.get(c.to.listenerId) : undefined;
    if (c.status === 'probe-mismatch' && c.probe) {
      const p = c.probe;
      const component = c.to.component ?? '?';
      const mine = ctx.views.find((v) => v.instance.component === c.to.component && v.host === c.to.host);
      const listening = mine ? own(mine.instance.id) : [];
      const hit = listening.filter((l) => l.port === p.port);
      let problem: Message;
      if (p.problem === 'port')
        problem =
          listening.length > 0
            ? message('network.probe.port', { component, port: String(p.port), ports: list(ports(listening)) })
            : message('network.probe.port-none', { component, port: String(p.port) });
      else if (p.problem === 'scheme')
        problem = message('network.probe.scheme', {
          port: String(p.port),
          protocol: hit[0]?.protocol ?? '?',
          scheme: p.scheme ?? p.action,
        });
      else
        problem = message('network.probe.address', {
          component,
          port: String(p.port),
          address: hit[0]?.address ?? '?',
          target: p.host ?? message('network.pod-ip'),
        });
      out.push(
        makeFinding(
          rules,
          'network-probe-mismatch',
          {
            probe: p.kind,
            component,
            request:
              p.action === 'httpGet'
                ? `${(p.scheme ?? 'HTTP').toLowerCase()}://${p.host ?? '<pod IP>'}:${String(p.port)}${p.path ?? ''}`
                : `${p.action} ${p.host ?? '<pod IP>'}:${String(p.port)}`,
            problem,
          },
          at(where, c.documentId),
        ),
      );
      continue;
    }
    const listening = model.listeners.filter(
      (l) => l.component === c.to.component && sameHostKey(l.host, c.to.host, ctx.unnamedShare),
    );
    const detail =
      c.status === 'other-listener' && to
        ? message('network.no-listener.other', { other: to.component, component: c.to.component ?? '?' })
        : listening.length > 0
          ? message('network.no-listener.elsewhere', {
              component: c.to.component ?? '?',
              ports: list(ports(listening)),
            })
          : message('network.no-listener.nothing', { component: c.to.component ?? '?' });
    out.push(
      makeFinding(
        rules,
        'network-no-listener',
        {
          from: c.from.component ?? (c.from.fileId ? ctx.fileName(c.from.fileId) : '?'),
          component: c.to.component ?? '?',
          target: target(c.to.address ?? '?', c.to.port),
          host: hostText(c.to.host),
          flag: c.flag ?? '',
          detail,
        },
        at(where, c.documentId),
      ),
    );
  }

  // the NodePort range over a port a component listens on (kube-proxy opens node ports on every node)
  const ranges = new Map<string, { view: InstanceView; span: Span | null }>();
  for (const v of ctx.views) {
    if (v.instance.component !== 'kube-apiserver') continue;
    const f = v.flags.get('service-node-port-range');
    if (f?.value && !ranges.has(f.value)) ranges.set(f.value, { view: v, span: f.span });
  }
  for (const [range, { view, span }] of ranges) {
    const bounds = nodePortRange(range);
    if (!bounds) continue;
    const inRange = model.listeners.filter(
      (l) => l.network === 'host' && l.port !== null && l.port >= bounds[0] && l.port <= bounds[1],
    );
    const byPort = new Map<number, NetworkListener[]>();
    for (const l of inRange) byPort.set(l.port!, [...(byPort.get(l.port!) ?? []), l]);
    for (const [port, ls] of [...byPort].sort((a, b) => a[0] - b[0])) {
      const first = ls[0]!;
      out.push(
        makeFinding(
          rules,
          'network-nodeport-overlap',
          {
            range,
            port: String(port),
            components: list(
              ls.map((l) => l.component),
              'and',
            ),
            where: span
              ? message('network.range-written')
              : message('network.range-default', { version: view.effective.version ?? '?' }),
          },
          at(span ?? spanOf(first), span ? view.documentId : first.documentId),
        ),
      );
    }
  }

  // netstat / ss output against the expected listeners
  for (const o of model.observed) {
    if (o.component === null && o.expectedBy === null) continue;
    const e = o.expectedBy ? byId.get(o.expectedBy) : undefined;
    const shown = target(o.address, o.port);
    if (e && o.match === 'exact') {
      out.push(
        makeFinding(
          rules,
          'network-listener-observed',
          { component: e.component, target: shown, where: whereText(e, ctx) },
          at(o.span, o.documentId),
        ),
      );
      continue;
    }
    if (o.hostSource === null || o.component === null) continue;
    let problem: Message;
    let severity: Finding['severity'] = 'warning';
    if (e && o.match === 'address')
      problem = message('network.unexpected.address', {
        component: e.component,
        expected: target(e.address, e.port),
        where: whereText(e, ctx),
      });
    else {
      const component: ComponentId = o.component;
      const described = ctx.views.some(
        (v) => v.instance.component === component && !v.implied && sameHostKey(v.host, o.host, ctx.unnamedShare),
      );
      const mine = model.listeners.filter(
        (l) => l.component === component && sameHostKey(l.host, o.host, ctx.unnamedShare),
      );
      if (described)
        problem =
          mine.length > 0
            ? message('network.unexpected.not-configured', {
                component,
                host: hostText(o.host),
                expected: list(ports(mine)),
              })
            : message('network.unexpected.closed', { component, host: hostText(o.host) });
      else {
        problem = message('network.unexpected.not-described', { component, host: hostText(o.host) });
        severity = 'info';
      }
    }
    out.push(
      makeFinding(
        rules,
        'network-listener-unexpected',
        { process: o.process ?? o.component, target: shown, problem },
        at(o.span, o.documentId),
        { severity },
      ),
    );
  }
  for (const m of model.missing) {
    const l = byId.get(m.listenerId);
    if (!l) continue;
    const view = ctx.views.find((v) => v.instance.id === l.instanceId);
    const files = [...new Set((view?.instance.documents ?? []).map((d) => ctx.fileName(d.fileId)))];
    out.push(
      makeFinding(
        rules,
        'network-listener-missing',
        {
          component: l.component,
          target: target(l.address, l.port),
          purpose: message(`network.purpose.${l.purpose}` as MessageCode),
          host: hostText(l.host),
          output: list(
            m.fileIds.map((f) => ctx.fileName(f)),
            'and',
          ),
          flags: list(
            l.flags.map((f) => `--${f}`),
            'and',
          ),
          files: list(files, 'and'),
          where: whereText(l, ctx),
        },
        at(spanOf(l), l.documentId),
      ),
    );
  }
  return out;
}

/** `30000-32767` or `30000+2768` (base and size) -> the inclusive bounds. */
export function nodePortRange(value: string): [number, number] | null {
  const m = /^\s*(\d+)\s*([-+])\s*(\d+)\s*$/.exec(value);
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[3]);
  const bounds: [number, number] = m[2] === '+' ? [a, a + b - 1] : [a, b];
  return bounds[0] <= bounds[1] ? bounds : null;
}
