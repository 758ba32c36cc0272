/**
 * netstat -ntlp / ss -ltnp output compared with the listeners its host is expected to open: each line matched to the
 * listener it is (or to none), and the expected listeners no output of the host shows. An output filtered by
 * `| grep kube` hides the lines that do not match, so an expected listener counts as missing only when the filter
 * would have let its line through.
 */
import type { ComponentId, Listener, ListenersDocument } from '../../model/types';
import type { FileId } from '../../model/span';
import type { InstanceView } from './listeners';
import { sameHostKey } from './connections';
import {
  addressKind,
  sameIp,
  type MissingListener,
  type NetworkHost,
  type NetworkListener,
  type ObservedListener,
} from './model';

export interface ListenersFile {
  document: ListenersDocument;
  fileName: string;
  /** The text of its file, for the command the output was made with. */
  text: string | null;
}

export interface ObservedContext {
  hosts: readonly NetworkHost[];
  views: readonly InstanceView[];
  listeners: readonly NetworkListener[];
  unnamedShare: boolean;
  /** The name a component's process has (`kube-apiserver`), as netstat would print it. */
  processName: (component: ComponentId) => string;
}

type HostOfOutput = { host: string | null; source: NonNullable<ObservedListener['hostSource']> } | null;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The host an output was taken on: a specific address it shows, its file's name, or the workspace's only host. */
export function hostOfOutput(file: ListenersFile, ctx: ObservedContext): HostOfOutput {
  for (const l of file.document.listeners) {
    if (addressKind(l.address) !== 'ip') continue;
    const h = ctx.hosts.find((x) => x.addresses.some((a) => sameIp(a, l.address)));
    if (h) return { host: h.key, source: 'address' };
  }
  const name = file.fileName.toLowerCase();
  const byName = ctx.hosts
    .filter((h) => h.name && new RegExp(`(^|[^a-z0-9])${escapeRegExp(h.name)}([^a-z0-9]|$)`).test(name))
    .sort((a, b) => (b.name?.length ?? 0) - (a.name?.length ?? 0))[0];
  if (byName) return { host: byName.key, source: 'file-name' };
  if (ctx.hosts.length === 1) return { host: ctx.hosts[0]!.key, source: 'only-host' };
  if (ctx.hosts.length === 0 && ctx.unnamedShare && ctx.views.length > 0) return { host: null, source: 'only-host' };
  return null;
}

/** A line filter of the command that made the output (`netstat -ntlp | grep kube`): whether a line passes. */
export type LineFilter = (line: string) => boolean;

/** The `| grep` filters of the netstat / ss command written just before the output, if any. */
export function outputFilter(text: string | null, start: number): LineFilter {
  if (!text) return () => true;
  const before = text.slice(Math.max(0, start - 4000), start).split('\n');
  const command = [...before].reverse().find((l) => /\b(netstat|ss)\b/.test(l) && l.includes('|'));
  if (!command) return () => true;
  const filters: LineFilter[] = [];
  for (const stage of command.split('|').slice(1)) {
    const words = stage.trim().split(/\s+/);
    const tool = words[0] ?? '';
    if (!/^(grep|egrep|fgrep)$/.test(tool)) continue;
    let invert = false;
    let ignoreCase = false;
    let fixed = tool === 'fgrep';
    let pattern: string | null = null;
    for (const w of words.slice(1)) {
      if (pattern === null && /^-[a-zA-Z]+$/.test(w)) {
        invert ||= w.includes('v');
        ignoreCase ||= w.includes('i');
        fixed ||= w.includes('F');
        continue;
      }
      pattern ??= w.replace(/^(['"])(.*)\1$/, '$2');
    }
    if (!pattern) continue;
    let re: RegExp;
    try {
      re = new RegExp(fixed ? escapeRegExp(pattern) : pattern.replace(/\\\|/g, '|'), ignoreCase ? 'i' : '');
    } catch {
      re = new RegExp(escapeRegExp(pattern), ignoreCase ? 'i' : '');
    }
    filters.push((line) => re.test(line) !== invert);
  }
  return (line) => filters.every((f) => f(line));
}

function observedKindMatches(expected: NetworkListener, observed: string): boolean {
  const o = addressKind(observed);
  if (expected.addressKind === 'all') return o === 'all';
  if (expected.addressKind === 'loopback') return o === 'loopback';
  if (expected.addressKind === 'ip') return o === 'ip' && sameIp(expected.address, observed);
  return o === 'ip';
}

const sameComponent = (e: NetworkListener, l: Listener) => l.component === null || l.component === e.component;

export interface ObservedResult {
  observed: ObservedListener[];
  missing: MissingListener[];
}

/** Every line of every output, matched; and the expected listeners no output of their host shows. */
export function compareObserved(files: readonly ListenersFile[], ctx: ObservedContext): ObservedResult {
  const observed: ObservedListener[] = [];
  const seen = new Set<string>();
  /** Per host key: the outputs taken there and their filters. */
  const outputs = new Map<string | null, { fileId: FileId; filter: LineFilter }[]>();
  for (const file of files) {
    const doc = file.document;
    const where = hostOfOutput(file, ctx);
    const expected = where
      ? ctx.listeners.filter((l) => l.network === 'host' && sameHostKey(l.host, where.host, ctx.unnamedShare))
      : [];
    if (where) {
      const list = outputs.get(where.host) ?? [];
      list.push({ fileId: doc.fileId, filter: outputFilter(file.text, doc.range.start) });
      outputs.set(where.host, list);
    }
    for (const l of doc.listeners) {
      const tcp = !l.protocol.startsWith('udp');
      let match: ObservedListener['match'] = 'none';
      let by: NetworkListener | undefined;
      if (where && tcp) {
        by = expected.find((e) => e.port === l.port && sameComponent(e, l) && observedKindMatches(e, l.address));
        by ??= expected.find(
          (e) => e.port === null && l.component === e.component && observedKindMatches(e, l.address),
        );
        if (by) match = 'exact';
        else {
          by = expected.find((e) => e.port === l.port && l.component !== null && l.component === e.component);
          if (by) match = 'address';
        }
      }
      if (by) seen.add(by.id);
      observed.push({
        host: where ? where.host : null,
        hostSource: where?.source ?? null,
        address: l.address,
        port: l.port,
        process: l.process,
        component: l.component,
        expectedBy: by?.id ?? null,
        match,
        fileId: doc.fileId,
        span: { fileId: doc.fileId, range: l.addressRange },
        documentId: doc.id,
      });
    }
  }
  const missing: MissingListener[] = [];
  for (const [host, list] of outputs) {
    for (const e of ctx.listeners) {
      if (e.network !== 'host' || e.implied || e.port === null || seen.has(e.id)) continue;
      if (!sameHostKey(e.host, host, ctx.unnamedShare)) continue;
      const process = ctx.processName(e.component).slice(0, 15);
      const line = `tcp        0      0 ${e.address}:${e.port}           0.0.0.0:*               LISTEN      1/${process}`;
      const showing = list.filter((o) => o.filter(line)).map((o) => o.fileId);
      if (showing.length > 0) missing.push({ listenerId: e.id, host, fileIds: showing });
    }
  }
  return { observed, missing };
}
