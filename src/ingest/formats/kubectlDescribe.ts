/**
 * `kubectl describe pod` output (one Pod or many, `kubectl describe pods -n kube-system`): every container of the
 * `Containers:` and `Init Containers:` sections with its `Image:`, and its `Command:` and `Args:` blocks, where
 * kubectl prints each argument on a line of its own (an argument with line breaks over several lines: a `sh -c`
 * script is read whole). The Pod's `component=` label names the component when the command does not. As for a
 * Pod manifest, the container that runs a component is a document, or each of them when several do.
 */
import { message } from '../../model/message';
import type { ComponentId, Diagnostic, FieldOccurrence, KubectlDescribeDocument, SourceRange } from '../../model/types';
import type { FileId } from '../../model/span';
import type { IngestFacts } from '../../model/components';
import { kubectlDescribeDocument, renumbered } from '../../model/document';
import type { FormatParser, ParseContext } from '../format';
import { verbatimOffsets, type Command, type CommandArg } from '../shared/commandLine';
import { documentsOrNote } from '../shared/diagnostics';
import { componentVersion } from '../shared/imageVersion';
import { commandOfArgs, identifyContainer, isShell } from './podCommand';

interface Line {
  start: number;
  /** Without the line break (and a `\r` before it). */
  text: string;
}

/** The lines of the text, each without `base` (the indentation the whole output was pasted with) when it has it. */
function linesOf(text: string, base: string): Line[] {
  const out: Line[] = [];
  let i = 0;
  while (i < text.length) {
    const nl = text.indexOf('\n', i);
    const end = nl < 0 ? text.length : nl;
    let raw = text.slice(i, end);
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    const cut = base !== '' && raw.startsWith(base) ? base.length : 0;
    out.push({ start: i + cut, text: raw.slice(cut) });
    i = end + 1;
  }
  return out;
}

/**
 * The indentation of the first `Name:` line that a `Containers:` line at the same indentation follows: kubectl
 * prints none, but a paste into a Markdown list or an e-mail indents every line alike. Null when there is none.
 */
function baseIndent(text: string): string | null {
  const sample = text.length > 200_000 ? text.slice(0, 200_000) : text;
  const name = /^\uFEFF?([ \t]*)Name:[ \t]+\S/gm;
  let m: RegExpExecArray | null;
  for (let tries = 0; tries < 20 && (m = name.exec(sample)); tries++) {
    const base = m[1] ?? '';
    const containers = new RegExp(`^${base}(?:Init )?Containers:[ \\t]*\\r?$`, 'm');
    if (containers.test(sample.slice(m.index))) return base;
  }
  return null;
}

const indentOf = (s: string) => s.length - s.trimStart().length;
/** `Name:   kube-apiserver-cp-1` at the start of a line: a Pod begins. */
const POD_RE = /^\uFEFF?Name:[ \t]+\S/;
const SECTION_RE = /^(Init Containers|Containers):[ \t]*$/;
/** `  kube-apiserver:` (two spaces): a container of the section. */
const CONTAINER_RE = /^ {2}([^\s:][^:]*):[ \t]*$/;
/** `    Image:   registry...` (four spaces): a property of the container. */
const PROPERTY_RE = /^ {4}([A-Za-z][A-Za-z ]*):[ \t]*(.*)$/;
/** kubectl's indentation of each argument under `Command:` / `Args:`. */
const ARG_INDENT = 6;

interface Container {
  name: string;
  range: SourceRange;
  image: string | null;
  imageRange: SourceRange | null;
  command: Line[];
  args: Line[];
}

/** The containers of one Pod's lines. */
function containersOf(lines: readonly Line[]): Container[] {
  const out: Container[] = [];
  let inSection = false;
  let cur: Container | null = null;
  let block: Line[] | null = null;
  for (const line of lines) {
    const t = line.text;
    if (t.trim() !== '' && indentOf(t) === 0) {
      inSection = SECTION_RE.test(t);
      cur = null;
      block = null;
      continue;
    }
    if (!inSection) continue;
    const c = CONTAINER_RE.exec(t);
    if (c) {
      cur = {
        name: (c[1] ?? '').trim(),
        range: { start: line.start, end: line.start + t.length },
        image: null,
        imageRange: null,
        command: [],
        args: [],
      };
      out.push(cur);
      block = null;
      continue;
    }
    if (!cur) continue;
    if (t.trim() !== '') cur.range.end = line.start + t.length;
    if (block && indentOf(t) >= ARG_INDENT && t.trim() !== '') {
      block.push({ start: line.start + ARG_INDENT, text: t.slice(ARG_INDENT).trimEnd() });
      continue;
    }
    const p = PROPERTY_RE.exec(t);
    block = null;
    if (!p) continue;
    const key = p[1] ?? '';
    const value = (p[2] ?? '').trimEnd();
    if (key === 'Command' && value === '') block = cur.command;
    else if (key === 'Args' && value === '') block = cur.args;
    else if (key === 'Image' && value !== '') {
      const at = line.start + t.indexOf(value, 4 + key.length + 1);
      cur.image = value;
      cur.imageRange = { start: at, end: at + value.length };
    }
  }
  return out;
}

const argOf = (line: Line, fileId: FileId): CommandArg => ({
  text: line.text,
  range: { start: line.start, end: line.start + line.text.length },
  offsets: verbatimOffsets(line.start, line.text.length),
  fileId,
});

/** A container's command: one argument a line; after `sh -c` the remaining lines are the script. */
function commandOf(c: Container, fileId: FileId, facts: IngestFacts): Command {
  const all = [...c.command, ...c.args];
  const [first, second, ...script] = all;
  if (first && second && isShell(first.text) && second.text === '-c' && script.length > 0) {
    let text = '';
    const offsets: number[] = [];
    script.forEach((l, i) => {
      if (i > 0) {
        text += '\n';
        offsets.push(l.start - 1);
      }
      text += l.text;
      offsets.push(...verbatimOffsets(l.start, l.text.length));
    });
    const last = script[script.length - 1] ?? first;
    const joined: CommandArg = {
      text,
      range: { start: script[0]?.start ?? 0, end: last.start + last.text.length },
      offsets,
      fileId,
    };
    return commandOfArgs([argOf(first, fileId), argOf(second, fileId), joined], [], facts);
  }
  return commandOfArgs(
    c.command.map((l) => argOf(l, fileId)),
    c.args.map((l) => argOf(l, fileId)),
    facts,
  );
}

/** `Labels:  component=kube-apiserver` and its continuation lines: the value of `component`. */
function componentLabel(lines: readonly Line[]): string | null {
  let inLabels = false;
  for (const { text } of lines) {
    const head = /^Labels:[ \t]+(.*)$/.exec(text);
    if (head) inLabels = true;
    else if (!inLabels || indentOf(text) === 0) {
      inLabels = false;
      continue;
    }
    const m = /^component=(\S+)$/.exec((head ? head[1] : text)?.trim() ?? '');
    if (m?.[1]) return m[1];
  }
  return null;
}

/** `Name:` and `Node:` (`cp-1/10.0.0.11`, the node's name before the `/`) as the Pod fields they print. */
function podFields(lines: readonly Line[]): FieldOccurrence[] {
  const out: FieldOccurrence[] = [];
  for (const { start, text } of lines) {
    const m = /^(\uFEFF?)(Name|Node):([ \t]+)([^\s/]+)/.exec(text);
    if (!m || m[4] === '<none>') continue;
    const key = start + (m[1] ?? '').length;
    const at = key + (m[2] ?? '').length + 1 + (m[3] ?? '').length;
    const value = m[4] ?? '';
    const path = m[2] === 'Name' ? 'metadata.name' : 'spec.nodeName';
    if (out.some((f) => f.path === path)) continue;
    out.push({
      path,
      keyRange: { start: key, end: key + 4 },
      valueRange: { start: at, end: at + value.length },
      value,
    });
  }
  return out;
}

function podDocuments(lines: readonly Line[], ctx: ParseContext, out: KubectlDescribeDocument[]): void {
  const { file } = ctx;
  const first = lines[0];
  if (!first) return;
  // the Pod's name and node, before its containers (a container's lines have no Name: or Node: at column 0)
  const fields = podFields(
    lines.slice(
      0,
      Math.max(
        1,
        lines.findIndex((l) => SECTION_RE.test(l.text)),
      ),
    ),
  );
  const podName = /^\uFEFF?Name:[ \t]+(\S+)/.exec(first.text)?.[1] ?? '';
  const last = [...lines].reverse().find((l) => l.text.trim() !== '') ?? first;
  const range: SourceRange = { start: first.start, end: last.start + last.text.length };
  const label = componentLabel(lines);
  const read = containersOf(lines).map((c) => {
    const cmd = commandOf(c, file.id, ctx);
    return { c, cmd, own: identifyContainer(cmd, null, c.image, ctx) };
  });
  const own = read.filter((r) => r.own !== null);
  const make = (
    r: (typeof read)[number] | undefined,
    id: { component: ComponentId; source: string } | null,
    docLabel: string,
    docRange: SourceRange,
    diagnostics: Diagnostic[] = [],
  ) => {
    const v = r && id ? componentVersion(r.c.image, ctx.components.get(id.component)) : null;
    out.push(
      kubectlDescribeDocument({
        fileId: file.id,
        index: out.length,
        label: docLabel,
        range: docRange,
        component: id?.component ?? null,
        componentSource: id?.source ?? null,
        version: v && r ? { version: v, source: `image ${r.c.image ?? ''}`, range: r.c.imageRange } : null,
        image: r?.c.image ?? null,
        binaryRange: r?.cmd.binary?.range ?? null,
        flags: r?.cmd.flags ?? [],
        fields,
        diagnostics,
      }),
    );
  };
  if (own.length < 2) {
    const r = own[0] ?? read.find((x) => x.cmd.binary !== null) ?? read[0];
    const id = r ? identifyContainer(r.cmd, label, r.c.image, ctx) : null;
    const diagnostics: Diagnostic[] = r
      ? []
      : [
          {
            severity: 'info',
            code: 'no-container-command',
            message: message('ingest.describe-no-command'),
            range: { start: first.start, end: first.start + first.text.length },
          },
        ];
    make(r, id, `Pod ${podName}`, range, diagnostics);
    return;
  }
  own.forEach((r, i) => {
    const docRange: SourceRange = {
      start: i === 0 ? range.start : r.c.range.start,
      end: i === own.length - 1 ? range.end : r.c.range.end,
    };
    make(r, r.own, `Pod ${podName}, container ${r.c.name}`, docRange);
  });
}

function parse(ctx: ParseContext) {
  const lines = linesOf(ctx.file.text, baseIndent(ctx.file.text) ?? '');
  const out: KubectlDescribeDocument[] = [];
  let pod: Line[] | null = null;
  for (const line of lines) {
    if (POD_RE.test(line.text)) {
      if (pod) podDocuments(pod, ctx, out);
      pod = [];
    }
    pod?.push(line);
  }
  if (pod) podDocuments(pod, ctx, out);
  return documentsOrNote(renumbered(out, ctx.file.id), ctx.file.text, {
    severity: 'info',
    code: 'no-described-pod',
    message: message('ingest.describe-no-pod'),
  });
}

export const kubectlDescribeParser: FormatParser = {
  kind: 'kubectl-describe',
  detect(text) {
    const base = baseIndent(text);
    if (base === null) return 0;
    const sample = text.length > 200_000 ? text.slice(0, 200_000) : text;
    return new RegExp(`^${base} {4}(?:Command|Args|Image):`, 'm').test(sample) ? 0.9 : 0.5;
  },
  parse,
};
