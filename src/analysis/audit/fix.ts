/**
 * A failed check's fix as an exact edit: replace the value where the flag in effect is written (a command item, a
 * KubeletConfiguration field, a kubeadm extraArgs entry, a distribution's arg item), delete the flag, or add it after
 * the last flag of the component's command (a new `- --flag=value` item in a static Pod, ` --flag=value` on a unit's
 * or an env file's command line, a new item of a k3s / RKE2 arg list or a Talos extraArgs map). For a cluster kubeadm made, also the kubeadm configuration change that makes the fix survive
 * `kubeadm upgrade` (which writes the static Pods again from the ClusterConfiguration).
 */
import type { AnnotatedDocument, AnnotatedFlag } from '../../annotate/annotate';
import type { EffectiveConfiguration, EffectiveFlag } from '../../effective';
import type { ComponentId, SourceRange } from '../../model/types';
import type { DocumentId, FileId } from '../../model/span';
import type { AuditFix, FixChange, TextEdit } from './model';
import { itemsOf } from './conditions';

export interface FixInput {
  effective: EffectiveConfiguration;
  documents: ReadonlyMap<DocumentId, AnnotatedDocument>;
  text: (fileId: FileId) => string | undefined;
  /** The cluster was made by kubeadm: give the ClusterConfiguration change too. */
  kubeadm: boolean;
  /** The KubeletConfiguration field standing for a flag, when the check names one. */
  fieldOf: (flag: string) => string | null;
}

/** Where kubeadm keeps each component's extra flags. */
const KUBEADM_PATH: Partial<Record<ComponentId, string>> = {
  'kube-apiserver': 'apiServer.extraArgs',
  'kube-controller-manager': 'controllerManager.extraArgs',
  'kube-scheduler': 'scheduler.extraArgs',
  etcd: 'etcd.local.extraArgs',
  kubelet: 'nodeRegistration.kubeletExtraArgs',
};

const sameRange = (a: SourceRange, b: SourceRange) => a.start === b.start && a.end === b.end;

/** The annotated flag whose occurrence is the effective flag's winner. */
function occurrenceOf(
  f: EffectiveFlag | undefined,
  input: FixInput,
): { flag: AnnotatedFlag; doc: AnnotatedDocument } | null {
  if (!f?.span) return null;
  for (const d of input.effective.instance.documents) {
    const a = input.documents.get(d.documentId);
    for (const x of a?.flags ?? []) {
      const o = x.occurrence;
      if (o.fileId === f.span.fileId && sameRange(o.valueRange ?? o.nameRange, f.span.range))
        return { flag: x, doc: a! };
    }
  }
  return null;
}

/** The new value written like the old one: inside its quotes, or quoted where YAML would read a bare value as no string. */
function valueLike(text: string, range: SourceRange, value: string, mustBeString: boolean): string {
  const before = text[range.start - 1];
  const inside = text.slice(range.start, range.end);
  if ((before === '"' || before === "'") && text[range.end] === before) return value;
  if (/^["']/.test(inside)) return `${inside[0]}${value}${inside[0]}`;
  return mustBeString ? `"${value}"` : value;
}

const lineStart = (text: string, at: number) => text.lastIndexOf('\n', at - 1) + 1;
const lineEnd = (text: string, at: number) => {
  const i = text.indexOf('\n', at);
  return i < 0 ? text.length : i;
};

function replaceValue(o: AnnotatedFlag, text: string, value: string): TextEdit {
  const occ = o.occurrence;
  if (occ.valueRange)
    return {
      fileId: occ.fileId,
      range: occ.valueRange,
      // a kubeadm extraArgs value is a YAML scalar of its own; a distribution's `name=value` item is inside one
      text: valueLike(
        text,
        occ.valueRange,
        value,
        occ.origin?.kind === 'extra-args' && text[occ.valueRange.start - 1] !== '=',
      ),
    };
  return { fileId: occ.fileId, range: occ.nameRange, text: `${occ.spelled}=${value}` };
}

function removeFlag(o: AnnotatedFlag, text: string): TextEdit {
  const occ = o.occurrence;
  const end = occ.valueRange ? Math.max(occ.valueRange.end, occ.nameRange.end) : occ.nameRange.end;
  const ls = lineStart(text, occ.nameRange.start);
  const le = lineEnd(text, end);
  const head = text.slice(ls, occ.nameRange.start);
  const tail = text.slice(end, le);
  // a line of its own: a YAML item (`- --flag=x`, quoted or not), a config field, a map entry of extraArgs
  if (/^\s*(-\s+)?["']?$/.test(head) && /^["']?,?\s*$/.test(tail)) {
    return { fileId: occ.fileId, range: { start: ls, end: Math.min(text.length, le + 1) }, text: '' };
  }
  if (occ.origin && /^\s*$/.test(head))
    return { fileId: occ.fileId, range: { start: ls, end: Math.min(text.length, le + 1) }, text: '' };
  // on a command line: the flag and the blank before it
  let start = occ.nameRange.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  return { fileId: occ.fileId, range: { start, end }, text: '' };
}

/** The last flag (in the text) a distribution's configuration or command passes to the component, in its own file. */
function lastPassedFlag(a: AnnotatedDocument): AnnotatedFlag | null {
  let last: AnnotatedFlag | null = null;
  for (const x of a.flags)
    if (
      x.occurrence.origin?.kind === 'extra-args' &&
      x.occurrence.fileId === a.document.fileId &&
      (!last || x.occurrence.nameRange.start > last.occurrence.nameRange.start)
    )
      last = x;
  return last;
}

/**
 * A new item after the last one a distribution's configuration passes to the component: `- "name=value"` in a k3s /
 * RKE2 arg list (block or flow), `name: "value"` in a Talos extraArgs map, written like the items around it.
 */
function insertItem(a: AnnotatedDocument, flag: string, value: string, text: string): TextEdit | null {
  const last = lastPassedFlag(a);
  if (!last) return null;
  const occ = last.occurrence;
  const end = Math.max(occ.nameRange.end, occ.valueRange?.end ?? 0);
  const ls = lineStart(text, occ.nameRange.start);
  const head = text.slice(ls, occ.nameRange.start);
  const at = (i: number, t: string): TextEdit => ({ fileId: occ.fileId, range: { start: i, end: i }, text: t });
  if (text[occ.nameRange.end] === '=' || occ.form === 'bare') {
    const item = `${occ.spelled.startsWith('--') ? '--' : ''}${flag}=${value}`;
    if (/^\s*-\s+["']?$/.test(head)) return at(lineEnd(text, end), `\n${head}${item}${head.trim().slice(1).trim()}`);
    const q = text[end];
    if (q === '"' || q === "'") return at(end + 1, `, ${q}${item}${q}`);
    return /^\s*[,\]]/.test(text.slice(end)) ? at(end, `, ${item}`) : null;
  }
  if (/^\s*["']?$/.test(head)) {
    const indent = /^\s*/.exec(head)?.[0] ?? '';
    return at(lineEnd(text, end), `\n${indent}${flag}: "${value}"`);
  }
  return null;
}

/**
 * A new option after the last one a distribution's command passes to the component, written like it: `k3s server
 * --kube-apiserver-arg=audit-log-maxage=30` gets ` --kube-apiserver-arg=<flag>=<value>` (quoted as it is in a unit's
 * ExecStart), `minikube start --extra-config=apiserver.x=y` gets ` --extra-config=apiserver.<flag>=<value>`.
 */
function insertOption(a: AnnotatedDocument, flag: string, value: string, text: string): TextEdit | null {
  const last = lastPassedFlag(a);
  if (!last) return null;
  const occ = last.occurrence;
  const optStart = text.lastIndexOf('--', occ.nameRange.start - (occ.spelled.startsWith('--') ? 1 : 0) - 1);
  const m =
    optStart < 0
      ? null
      : /^(--[A-Za-z0-9][A-Za-z0-9-]*)(?:=|\s+["']?)([^\s"'=]*\.)?$/.exec(text.slice(optStart, occ.nameRange.start));
  if (!m) return null;
  let end = Math.max(occ.nameRange.end, occ.valueRange?.end ?? 0);
  const q = text[optStart - 1] === '"' || text[optStart - 1] === "'" ? text[optStart - 1]! : '';
  // after the closing quote of the whole option (`'--opt=x=y'`) or of its value (`--opt "x=y"`)
  const inner = /["']$/.exec(m[0])?.[0];
  if ((q && text[end] === q) || (inner && text[end] === inner)) end++;
  const option = `${m[1]}=${m[2] ?? ''}${flag}=${value}`;
  return { fileId: occ.fileId, range: { start: end, end }, text: ` ${q}${option}${q}` };
}

/** A new flag after the last flag of the command document that holds flags of its own (not `ps` output). */
function insertFlag(
  input: FixInput,
  flag: string,
  value: string,
): { edit: TextEdit; target: AuditFix['target'] } | null {
  for (const d of input.effective.instance.documents) {
    // minikube's command is the kubeadm configuration it writes; its --extra-config options are still its to edit
    const option = d.kind === 'distribution-command' || (d.kind === 'systemd-unit' && d.role === 'command');
    if ((d.role !== 'command' && !(option && d.role === 'kubeadm')) || d.kind === 'command-line') continue;
    const a = input.documents.get(d.documentId);
    if (!a) continue;
    if (option && a.flags.length > 0 && a.flags.every((x) => x.occurrence.origin?.kind === 'extra-args')) {
      const text = input.text(d.fileId);
      const edit = text === undefined ? null : insertOption(a, flag, value, text);
      if (edit) return { edit, target: 'command' };
      continue;
    }
    if (d.kind === 'distribution-config') {
      const text = input.text(d.fileId);
      const edit = text === undefined ? null : insertItem(a, flag, value, text);
      if (edit) return { edit, target: 'command' };
      continue;
    }
    const own = a.flags.filter((x) => !x.occurrence.origin);
    const here = own.filter((x) => x.occurrence.fileId === d.fileId);
    const pool = here.length > 0 ? here : own;
    const endOf = (x: AnnotatedFlag) => Math.max(x.occurrence.nameRange.end, x.occurrence.valueRange?.end ?? 0);
    let last: AnnotatedFlag | null = null;
    for (const x of pool)
      if (!last || (x.occurrence.fileId === last.occurrence.fileId && endOf(x) > endOf(last))) last = x;
    if (!last) continue;
    const occ = last.occurrence;
    const text = input.text(occ.fileId);
    if (text === undefined) continue;
    const end = Math.max(occ.nameRange.end, occ.valueRange?.end ?? 0);
    const ls = lineStart(text, occ.nameRange.start);
    const head = text.slice(ls, occ.nameRange.start);
    const written = `--${flag}=${value}`;
    const target: AuditFix['target'] = occ.fileId !== d.fileId || d.kind === 'env-file' ? 'env-file' : 'command';
    if (d.kind === 'static-pod' && /^\s*-\s+["']?$/.test(head)) {
      const quote = head.trim().slice(1).trim();
      const le = lineEnd(text, end);
      return {
        edit: { fileId: occ.fileId, range: { start: le, end: le }, text: `\n${head}${written}${quote}` },
        target,
      };
    }
    if (d.kind === 'static-pod' && (text[end] === '"' || text[end] === "'")) {
      // a flow sequence or JSON: a new element after the closing quote
      const q = text[end];
      return {
        edit: { fileId: occ.fileId, range: { start: end + 1, end: end + 1 }, text: `, ${q}${written}${q}` },
        target,
      };
    }
    return { edit: { fileId: occ.fileId, range: { start: end, end }, text: ` ${written}` }, target };
  }
  return null;
}

/** The value as a YAML scalar of a KubeletConfiguration: numbers and booleans bare, lists as a flow sequence. */
function yamlValue(v: string): string {
  if (/^-?\d+$|^(true|false)$/.test(v)) return v;
  if (v.includes(',')) return `[${v.split(',').join(', ')}]`;
  return /^[\w./:-]+$/.test(v) && !/^\d/.test(v) ? v : `"${v}"`;
}

/**
 * A kubelet that loads a KubeletConfiguration of the workspace: a top-level field appended to it (the flags are
 * deprecated in favour of the file). Nested fields are left to the words (their parents may already be written).
 */
function insertField(
  input: FixInput,
  flag: string,
  value: string,
): { edit: TextEdit; target: AuditFix['target'] } | null {
  if (input.effective.instance.component !== 'kubelet') return null;
  const field = input.fieldOf(flag);
  if (!field || field.includes('.')) return null;
  const hasCommand = input.effective.instance.documents.some((d) => d.role === 'command');
  if (hasCommand && input.effective.configFile === null) return null;
  const config = input.effective.instance.documents.find((d) => d.role === 'config');
  if (!config) return null;
  const text = input.text(config.fileId);
  if (text === undefined) return null;
  let at = config.range.end;
  while (at > config.range.start && /\s/.test(text[at - 1] ?? '')) at--;
  return {
    edit: { fileId: config.fileId, range: { start: at, end: at }, text: `\n${field}: ${yamlValue(value)}` },
    target: 'config-field',
  };
}

function targetOf(o: AnnotatedFlag, doc: AnnotatedDocument): AuditFix['target'] {
  if (o.occurrence.origin?.kind === 'config-field') return 'config-field';
  // an item of a k3s / RKE2 arg list or a Talos extraArgs entry is the component's command line
  if (o.occurrence.origin?.kind === 'extra-args')
    return doc.document.kind === 'kubeadm-config' ? 'kubeadm-extra-args' : 'command';
  if (o.occurrence.viaVariable || o.occurrence.fileId !== doc.document.fileId || doc.document.kind === 'env-file')
    return 'env-file';
  return 'command';
}

/** `a.b.c` and a last line, as nested YAML. */
function nested(path: string, leaf: string[]): string {
  const parts = path.split('.');
  const lines = parts.map((p, i) => `${'  '.repeat(i)}${p}:`);
  const pad = '  '.repeat(parts.length - 1);
  return [...lines, ...leaf.map((l) => `${pad}${l}`)].join('\n');
}

/** The value a change leaves the flag with (null: the flag goes). */
export function valueAfter(change: FixChange, current: string | null): string | null {
  switch (change.kind) {
    case 'set':
      return change.value;
    case 'remove':
      return null;
    case 'add-item': {
      const items = itemsOf({ value: current } as never);
      return [...items.filter((i) => i !== change.item), change.item].join(',');
    }
    case 'remove-item': {
      const items = itemsOf({ value: current } as never).filter((i) => i !== change.item);
      return items.length > 0 ? items.join(',') : null;
    }
  }
}

export function computeFix(change: FixChange, input: FixInput): AuditFix {
  const flags = new Map(input.effective.flags.map((f) => [f.name, f]));
  const eff = flags.get(change.flag);
  const written = eff && eff.source !== 'default' && eff.source !== 'kubeadm' ? occurrenceOf(eff, input) : null;
  // a distribution's value (k3s passes NodeRestriction) is replaced by an item of its arg list: keep it in the item
  const current = eff && (eff.source !== 'default' || eff.defaultBy) ? eff.value : null;
  const after = valueAfter(change, current);
  let edit: TextEdit | null = null;
  let target: AuditFix['target'] = null;
  if (written) {
    const text = input.text(written.flag.occurrence.fileId);
    if (text !== undefined && written.doc.document.kind !== 'command-line') {
      edit = after === null ? removeFlag(written.flag, text) : replaceValue(written.flag, text, after);
      target = targetOf(written.flag, written.doc);
    }
  } else if (after !== null) {
    const inserted = insertField(input, change.flag, after) ?? insertFlag(input, change.flag, after);
    if (inserted) ({ edit, target } = inserted);
  }

  let kubeadm: AuditFix['kubeadm'] = null;
  const component = input.effective.instance.component;
  const field = component === 'kubelet' ? input.fieldOf(change.flag) : null;
  const path = KUBEADM_PATH[component];
  if (input.kubeadm && (field || path)) {
    // the entry already written in a kubeadm document of the workspace
    let kubeadmEdit: TextEdit | null = null;
    for (const d of input.effective.instance.documents) {
      if (d.role !== 'kubeadm') continue;
      const a = input.documents.get(d.documentId);
      const o = a?.flags.find((x) => (x.canonical ?? x.occurrence.name) === change.flag);
      const text = o ? input.text(o.occurrence.fileId) : undefined;
      if (o && text !== undefined) kubeadmEdit = after === null ? removeFlag(o, text) : replaceValue(o, text, after);
    }
    if (field) {
      const leaf = field.split('.');
      const name = leaf.pop()!;
      const v = after === null ? '' : yamlValue(after);
      const snippet = leaf.length > 0 ? nested(leaf.join('.'), [`  ${name}: ${v}`]) : `${name}: ${v}`;
      kubeadm = {
        kind: 'KubeletConfiguration',
        path: field,
        delete: after === null,
        v1beta3: snippet,
        v1beta4: snippet,
        edit: kubeadmEdit,
      };
    } else if (path) {
      kubeadm = {
        kind: component === 'kubelet' ? 'InitConfiguration' : 'ClusterConfiguration',
        path,
        delete: after === null,
        v1beta3: nested(path, after === null ? [`  ${change.flag}: …`] : [`  ${change.flag}: "${after}"`]),
        v1beta4: nested(
          path,
          after === null ? [`- name: ${change.flag}`] : [`- name: ${change.flag}`, `  value: "${after}"`],
        ),
        edit: kubeadmEdit,
      };
    }
  }
  return { change, edit, target, kubeadm };
}
