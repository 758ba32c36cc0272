/**
 * Command lines of distributions and installers that pass flags to the components (content/config-fields.yaml
 * `distributions`): `k3s server --kube-apiserver-arg=audit-log-path=/x --kubelet-arg max-pods=200`, `rke2 server
 * ...`, `minikube start --kubernetes-version=v1.28.3 --extra-config=apiserver.authorization-mode=Node,RBAC`. A command
 * may run over several lines with `\` continuations and follow a shell prompt. Each component flag is located at the
 * `name=value` text inside the option; the distribution's own options are the fields of the command's document.
 * Also the release line of `k3s --version` and `rke2 --version`, whose Kubernetes version is the components'.
 */
import { message } from '../../model/message';
import type {
  ComponentId,
  FieldOccurrence,
  FlagOccurrence,
  SourceDocument,
  SourceRange,
  VersionInfo,
} from '../../model/types';
import type { DistributionFacts, IngestFacts } from '../../model/components';
import { commandLineDocument, distributionCommandDocument, renumbered } from '../../model/document';
import type { FormatParser, ParseContext } from '../format';
import type { CommandArg } from '../shared/commandLine';
import { isShellOperator, splitShellWords, type ShellWord } from '../shared/shellWords';
import { documentsOrNote } from '../shared/diagnostics';
import { versionOfTag } from '../shared/imageVersion';
import {
  argItemFlag,
  argSlice,
  ComponentGroups,
  distributionOfBinary,
  nextIndex,
  type ComponentGroup,
} from './distributionArgs';

/** Words before a command that are not it: a prompt (`$`, `#`, `root@host:~#`), `sudo`, `exec`. */
const LEADER_RE = /^(?:[$#]|sudo|exec|nohup|\S*[@:~]\S*[$#])$/;
const OPTION_RE = /^(--?)([A-Za-z0-9][A-Za-z0-9_.-]*)(=)?/;

interface Found {
  dist: DistributionFacts;
  words: ShellWord[];
}

/** The distribution command a line starts, with its words (continued lines included), or null. */
function commandAt(text: string, from: number, lineEnd: number, facts: IngestFacts): Found | null {
  const lineStart = text.charCodeAt(from) === 0xfeff ? from + 1 : from;
  const head = splitShellWords(text, lineStart, lineEnd, true, { comments: false }).words;
  let k = 0;
  while (k < head.length - 1 && k < 4 && LEADER_RE.test(head[k]?.text ?? '')) k++;
  const first = head[k];
  const dist = first && !first.quoted ? distributionOfBinary(first.text, facts) : null;
  if (!first || !dist) return null;
  const words: ShellWord[] = [];
  for (const w of splitShellWords(text, first.range.start, text.length, true).words) {
    if (!w.quoted && isShellOperator(w.text)) break;
    words.push(w);
  }
  return words.some((w) => w.text.startsWith('-')) ? { dist, words } : null;
}

/** What the words of a distribution command pass: the sub-command, its own options, the flags of each component. */
export interface DistributionArgs {
  sub: CommandArg | null;
  /** Its own options (`--cluster-init`, `--token`), each a field named after the option. */
  fields: FieldOccurrence[];
  /** The flags it passes, by component. */
  groups: ComponentGroup[];
  /** The Kubernetes version its version option names (minikube --kubernetes-version). */
  version: VersionInfo | null;
}

/** Read a distribution's command from its words (the executable first). */
export function readDistributionArgs(dist: DistributionFacts, words: readonly CommandArg[]): DistributionArgs {
  const binary = words[0];
  const sub = words[1] && !words[1].text.startsWith('-') ? words[1] : null;
  const range: SourceRange = {
    start: binary?.range.start ?? 0,
    end: words[words.length - 1]?.range.end ?? binary?.range.end ?? 0,
  };
  const fields: FieldOccurrence[] = [];
  const groups = new ComponentGroups();
  let version: VersionInfo | null = null;
  for (let i = sub ? 2 : 1; i < words.length; i++) {
    const w = words[i];
    const m = w ? OPTION_RE.exec(w.text) : null;
    if (!w || !m) continue;
    const name = m[2] ?? '';
    const nameEnd = (m[1] ?? '').length + name.length;
    const next = words[i + 1];
    // the option's value: after `=`, or the next word when it is no option
    let value: CommandArg | null = null;
    if (m[3]) value = argSlice(w, nameEnd + 1);
    else if (next && !next.text.startsWith('-')) {
      value = next;
      i++;
    }
    const source = `--${name}`;
    const component = dist.argLists.get(name);
    if (component && value) {
      const flag = argItemFlag(value, name);
      if (flag) groups.add(component, source, range, [flag]);
      continue;
    }
    if (dist.extraConfig && name === dist.extraConfig.option && value) {
      const dot = value.text.indexOf('.');
      const target = dot > 0 ? dist.extraConfig.components.get(value.text.slice(0, dot)) : undefined;
      const flag = target ? argItemFlag(argSlice(value, dot + 1), name) : null;
      if (target && flag) {
        groups.add(target, source, range, [flag]);
        continue;
      }
    }
    if (name === dist.versionOption && value) {
      const v = versionOfTag(value.text);
      if (v) version = { version: v, source: `${source} ${value.text}`, range: value.range };
    }
    fields.push({
      path: name,
      keyRange: argSlice(w, 0, nameEnd).range,
      valueRange: value?.range ?? null,
      value: value?.text ?? null,
    });
  }
  return { sub, fields, groups: groups.withFlags(), version };
}

/** The label of a distribution's command: `k3s server`. */
export function distributionLabel(dist: DistributionFacts, args: DistributionArgs): string {
  return args.sub ? `${dist.name} ${args.sub.text}` : dist.name;
}

/** The documents of one distribution command: the command with its own options, then one per component. */
function commandDocuments(found: Found, ctx: ParseContext, out: SourceDocument[]): void {
  const { file, components } = ctx;
  const { dist } = found;
  const words: CommandArg[] = found.words.map((w) => ({
    text: w.text,
    range: w.range,
    offsets: w.offsets,
    fileId: file.id,
  }));
  const binary = words[0];
  if (!binary) return;
  const range: SourceRange = { start: binary.range.start, end: words[words.length - 1]?.range.end ?? binary.range.end };
  const args = readDistributionArgs(dist, words);
  const label = distributionLabel(dist, args);
  out.push(
    distributionCommandDocument({
      ...nextIndex(file.id, out),
      label,
      range,
      binaryRange: binary.range,
      fields: args.fields,
    }),
  );
  for (const g of args.groups) {
    out.push(
      distributionCommandDocument({
        ...nextIndex(file.id, out),
        label: `${g.component} (${label})`,
        range,
        component: g.component,
        componentSource: `${dist.name} ${g.sources.join(', ')}`,
        version: components.get(g.component)?.versioning === 'kubernetes' ? args.version : null,
        binaryRange: binary.range,
        flags: g.flags,
      }),
    );
  }
}

/** Every distribution command of a text, in order. */
function eachCommand(text: string, facts: IngestFacts, found: (f: Found) => void): void {
  let i = 0;
  while (i < text.length) {
    const nl = text.indexOf('\n', i);
    const end = nl < 0 ? text.length : nl;
    const f = commandAt(text, i, end, facts);
    let next = nl < 0 ? text.length : nl + 1;
    if (f) {
      found(f);
      const last = f.words[f.words.length - 1]?.range.end ?? end;
      const after = text.indexOf('\n', last);
      next = Math.max(next, after < 0 ? text.length : after + 1);
    }
    i = next;
  }
}

/**
 * `k3s --version` / `rke2 --version` output: `k3s version v1.30.4+k3s1 (98262b5d)`. The `+k3s1` / `+rke2r1` build of a
 * release names the Kubernetes version of every component it runs.
 */
const VERSION_OUTPUT_RE = /^[ \t]*(k3s|rke2) version (v(\d+\.\d+\.\d+)\+(?:k3s|rke2r)\d+)\b[^\r\n]*/gm;

/** A document per release line of a distribution's version output, with the Kubernetes version it names. */
function versionDocuments(ctx: ParseContext, out: SourceDocument[]): void {
  const text = ctx.file.text;
  for (const m of text.matchAll(VERSION_OUTPUT_RE)) {
    const dist = distributionOfBinary(m[1] ?? '', ctx);
    const version = m[3];
    if (!dist || !version) continue;
    const start = (m.index ?? 0) + m[0].indexOf(m[2] ?? '');
    out.push(
      distributionCommandDocument({
        ...nextIndex(ctx.file.id, out),
        label: `${dist.name} version`,
        range: { start: m.index ?? 0, end: (m.index ?? 0) + m[0].length },
        version: { version, source: m[0].trim(), range: { start, end: start + (m[2] ?? '').length } },
      }),
    );
  }
}

/**
 * k3s and RKE2 log the command line of each component they start (`journalctl -u k3s`):
 *   May 26 22:08:48 server-0 k3s[2226]: time="..." level=info msg="Running kube-apiserver --advertise-port=6443 ..."
 * That is the command line as it runs, the distribution's own arguments included, so each is a command line of its
 * component (a `command-line` document: output, never edited by a fix), the syslog prefix naming its host and the
 * last `Starting k3s v1.30.4+k3s1` line before it its version. A restart logs it again: only the last start of a
 * component on a host is read.
 */
const JOURNAL_RE =
  /^(?:[A-Z][a-z]{2} +\d+ [\d:]+ (\S+) (k3s|rke2)(?:-server|-agent)?\[\d+\]: )?[^\r\n]*?\bmsg="(Running (kube-apiserver|kube-controller-manager|kube-scheduler|kubelet|kube-proxy) |Starting (k3s|rke2) (v(\d+\.\d+\.\d+)\+(?:k3s|rke2r)\d+))((?:[^"\\\r\n]|\\.)*)"/gm;

function journalDocuments(ctx: ParseContext, out: SourceDocument[]): void {
  const text = ctx.file.text;
  const release = new Map<string, VersionInfo>();
  const last = new Map<string, SourceDocument>();
  for (const m of text.matchAll(JOURNAL_RE)) {
    const host = m[1] ?? '';
    const at = m.index ?? 0;
    if (m[5] && m[7]) {
      const start = at + m[0].indexOf(m[6] ?? '');
      release.set(host, {
        version: m[7],
        source: `Starting ${m[5]} ${m[6]}`,
        range: { start, end: start + (m[6] ?? '').length },
      });
      continue;
    }
    const component = m[4] as ComponentId | undefined;
    const args = m[8] ?? '';
    if (!component) continue;
    const argsStart = at + m[0].length - 1 - args.length;
    const flags: FlagOccurrence[] = [];
    for (const w of args.matchAll(/\S+/g)) {
      const word = w[0];
      const from = argsStart + (w.index ?? 0);
      const opt = /^--([A-Za-z0-9][A-Za-z0-9_.-]*)(=)?/.exec(word);
      if (!opt) continue;
      const name = opt[1] ?? '';
      const nameEnd = from + 2 + name.length;
      flags.push({
        name,
        spelled: `--${name}`,
        value: opt[2] ? word.slice(name.length + 3) : null,
        form: opt[2] ? 'equals' : 'bare',
        nameRange: { start: from, end: nameEnd },
        valueRange: opt[2] ? { start: nameEnd + 1, end: from + word.length } : null,
        fileId: ctx.file.id,
      });
    }
    const dist = distributionOfBinary(m[2] ?? (args.includes('/var/lib/rancher/rke2/') ? 'rke2' : 'k3s'), ctx);
    if (!dist) continue;
    const lineEnd = text.indexOf('\n', at);
    const range = { start: at, end: lineEnd < 0 ? text.length : lineEnd };
    const hostStart = m[1] ? at + m[0].indexOf(` ${m[1]} `) + 1 : -1;
    const doc = commandLineDocument({
      ...nextIndex(ctx.file.id, out),
      label: `${component} (${dist.name} journal)`,
      range,
      component,
      componentSource: `${dist.name} journal`,
      version: components(ctx, component) ? (release.get(host) ?? null) : null,
      binaryRange: { start: argsStart - component.length - 1, end: argsStart - 1 },
      flags,
      fields: m[1]
        ? [
            {
              path: 'host',
              keyRange: { start: hostStart, end: hostStart },
              valueRange: { start: hostStart, end: hostStart + m[1].length },
              value: m[1],
            },
          ]
        : [],
    });
    last.set(`${host}\0${component}`, doc);
  }
  for (const d of last.values()) out.push({ ...d, ...nextIndex(ctx.file.id, out) });
}

/** Whether a component's version is the Kubernetes release's (all but etcd). */
const components = (ctx: ParseContext, c: ComponentId) => ctx.components.get(c)?.versioning === 'kubernetes';

function parse(ctx: ParseContext) {
  const out: SourceDocument[] = [];
  eachCommand(ctx.file.text, ctx, (f) => commandDocuments(f, ctx, out));
  versionDocuments(ctx, out);
  journalDocuments(ctx, out);
  out.sort((a, b) => a.range.start - b.range.start);
  return documentsOrNote(renumbered(out, ctx.file.id), ctx.file.text, {
    severity: 'info',
    code: 'no-distribution-command',
    message: message('ingest.no-distribution-command'),
  });
}

/** Whether some line of the text could start a distribution command (a cheap test before reading lines). */
function mentionsBinary(text: string, facts: IngestFacts): boolean {
  return facts.configFields.distributions.some((d) => d.binaries.some((b) => text.includes(b)));
}

export const distributionCommandParser: FormatParser = {
  kind: 'distribution-command',
  detect(text, _fileName, facts) {
    const sample = text.length > 200_000 ? text.slice(0, 200_000) : text;
    if (!mentionsBinary(sample, facts)) return 0;
    let hit = false;
    eachCommand(sample, facts, () => (hit = true));
    return hit ||
      new RegExp(VERSION_OUTPUT_RE.source, 'm').test(sample) ||
      new RegExp(JOURNAL_RE.source, 'm').test(sample)
      ? 0.75
      : 0;
  },
  parse,
};
