/**
 * `netstat -ntlp` / `netstat -tulpn` and `ss -ltnp` / `ss -tulpn` output: the listening sockets,
 * with address, port and process. Each is tied to a component by its process name (netstat cuts
 * names to fit its column: `kube-apiserve`, `kube-controll`) or, failing that, by its well-known port
 * (both from the component facts).
 */
import { message } from '../../model/message';
import type { Listener, ListenersDocument, SourceRange } from '../../model/types';
import type { FileId } from '../../model/span';
import type { ComponentTable } from '../../model/components';
import type { FormatParser, ParseContext } from '../format';
import { documentsOrNote } from '../shared/diagnostics';
import { componentOfPort, componentOfProcessName } from '../shared/recognise';
import { listenersDocument } from '../../model/document';

// netstat: Proto Recv-Q Send-Q Local Foreign State PID/Program
const NETSTAT_RE =
  /^[ \t]*(tcp6?|udp6?|sctp)[ \t]+\d+[ \t]+\d+[ \t]+(\S+)[ \t]+(\S+)[ \t]+(?:(LISTEN|ESTABLISHED|TIME_WAIT|CLOSE_WAIT|SYN_SENT|SYN_RECV|FIN_WAIT\d|LAST_ACK|CLOSING|CLOSE)[ \t]+)?(\S+)?[ \t]*\r?$/;
// ss: [Netid] State Recv-Q Send-Q Local Peer [Process]
const SS_RE =
  /^[ \t]*(?:(tcp|udp|sctp|u_str|raw)[ \t]+)?(LISTEN|UNCONN|ESTAB)[ \t]+\d+[ \t]+\d+[ \t]+(\S+)[ \t]+(\S+)(?:[ \t]+(.*?))?[ \t]*\r?$/;

/** `127.0.0.1:10248`, `:::10250`, `[::]:6443`, `*:2379`, `[::ffff:127.0.0.1]:8080%lo` -> address and port. */
export function splitAddress(s: string): { address: string; port: number } | null {
  const clean = s.replace(/%\w+(?=:\d+$)/, '');
  const m = /^(.*):(\d+|\*)$/.exec(clean);
  if (!m || m[2] === '*') return null;
  const address = (m[1] ?? '').replace(/^\[(.*)\]$/, '$1');
  const port = Number(m[2]);
  return port >= 0 && port <= 65535 ? { address: address === '' ? '*' : address, port } : null;
}

function lineListener(text: string, start: number, end: number, components: ComponentTable): Listener | null {
  const line = text.slice(start, end);
  let protocol: string;
  let local: string;
  let pid: number | null = null;
  let process: string | null = null;
  const n = NETSTAT_RE.exec(line);
  if (n) {
    if (n[4] !== undefined && n[4] !== 'LISTEN') return null;
    if (n[4] === undefined && !(n[1] ?? '').startsWith('udp')) return null;
    protocol = n[1] ?? 'tcp';
    local = n[2] ?? '';
    const prog = n[5];
    const pm = prog ? /^(\d+)\/(.+)$/.exec(prog) : null;
    if (pm) {
      pid = Number(pm[1]);
      process = pm[2] ?? null;
    }
  } else {
    const s = SS_RE.exec(line);
    if (!s) return null;
    if (s[2] === 'ESTAB') return null;
    protocol = s[1] ?? 'tcp';
    local = s[3] ?? '';
    const users = s[5] ? /\("([^"]+)",pid=(\d+)/.exec(s[5]) : null;
    if (users) {
      process = users[1] ?? null;
      pid = Number(users[2]);
    }
  }
  const addr = splitAddress(local);
  if (!addr) return null;
  const at = line.indexOf(local);
  const addressRange: SourceRange = { start: start + at, end: start + at + local.length };
  const component =
    (process ? componentOfProcessName(process, components) : null) ?? componentOfPort(addr.port, components);
  let lineEnd = end;
  if (text[lineEnd - 1] === '\r') lineEnd--;
  return {
    protocol,
    address: addr.address,
    port: addr.port,
    pid,
    process,
    component,
    range: { start, end: lineEnd },
    addressRange,
  };
}

export function listenerDocuments(text: string, fileId: FileId, components: ComponentTable): ListenersDocument[] {
  const listeners: Listener[] = [];
  let i = 0;
  while (i <= text.length) {
    const n = text.indexOf('\n', i);
    const end = n < 0 ? text.length : n;
    const l = lineListener(text, i, end, components);
    if (l) listeners.push(l);
    if (n < 0) break;
    i = n + 1;
  }
  if (listeners.length === 0) return [];
  const first = listeners[0]?.range.start ?? 0;
  const last = listeners[listeners.length - 1]?.range.end ?? text.length;
  return [
    listenersDocument(
      {
        fileId,
        index: 0,
        label: `${listeners.length} listening socket${listeners.length === 1 ? '' : 's'}`,
        range: { start: first, end: last },
      },
      { listeners },
    ),
  ];
}

export const listenersParser: FormatParser = {
  kind: 'listeners',
  detect(text) {
    if (/^[ \t]*Proto[ \t]+Recv-Q[ \t]+Send-Q[ \t]+Local Address/m.test(text)) return 0.9;
    if (/^[ \t]*(Netid[ \t]+)?State[ \t]+Recv-Q[ \t]+Send-Q[ \t]+Local Address:Port/m.test(text)) return 0.9;
    if (/^[ \t]*(tcp6?|udp6?)[ \t]+\d+[ \t]+\d+[ \t]+\S+:\d+[ \t]+\S+[ \t]+LISTEN\b/m.test(text)) return 0.85;
    if (/^[ \t]*(tcp[ \t]+)?LISTEN[ \t]+\d+[ \t]+\d+[ \t]+\S+:\d+[ \t]/m.test(text)) return 0.85;
    return 0;
  },
  parse(ctx: ParseContext) {
    const { file } = ctx;
    const documents = listenerDocuments(file.text, file.id, ctx.components);
    return documentsOrNote(documents, file.text, {
      severity: 'info',
      code: 'no-listeners',
      message: message('ingest.no-listeners'),
    });
  },
};
