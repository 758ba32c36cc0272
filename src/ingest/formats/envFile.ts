/**
 * Environment files as systemd reads them (`EnvironmentFile=`): `/etc/kubernetes/apiserver`
 * (`KUBE_API_ARGS="--a=b \` over several lines), `/var/lib/kubelet/kubeadm-flags.env`,
 * `/etc/default/kubelet`, `/etc/etcd/etcd.conf` (`ETCD_NAME=...`, each variable an etcd flag).
 *
 * Every character of a value keeps its source offset, so when a unit expands `$KUBE_API_ARGS`
 * each flag still points at the place in this file where it is written.
 */
import type {
  ComponentId,
  Diagnostic,
  FieldOccurrence,
  FlagOccurrence,
  SourceDocument,
  SourceRange,
} from '../../model/types';
import type { ComponentTable } from '../../model/components';
import { parseFlags, type CommandArg } from '../shared/commandLine';
import { alternation, basename, componentOfEnvPath, componentOfVariable, flagOfVariable } from '../shared/recognise';
import type { FormatParser, ParseContext } from '../format';
import { documentDefaults } from '../../model/document';
import { continuationAt } from '../shared/shellWords';

/** A variable's value with the source offset of each character. */
export interface EnvValue {
  name: string;
  /** Value after quote removal and line continuations. */
  text: string;
  /** Source offset of each character of `text`. */
  offsets: number[];
  fileId: string;
  nameRange: SourceRange;
  /** Range of the value as written (quotes included). */
  valueRange: SourceRange;
}

export interface EnvAssignment extends EnvValue {
  /** The whole `KEY=value` statement. */
  range: SourceRange;
}

export interface EnvProblem {
  range: SourceRange;
  message: string;
}

/** A line such as `vim /etc/kubernetes/apiserver` that names the file pasted after it. */
export interface FileHeader {
  path: string;
  range: SourceRange;
}

export interface EnvParseResult {
  assignments: EnvAssignment[];
  problems: EnvProblem[];
  headers: FileHeader[];
}

const HEADER_RE =
  /^[ \t]*(?:(?:[#$]|\S+[#$])[ \t]*)?(?:sudo[ \t]+)?(?:vim?|nano|cat|less|more|view|emacs|gedit|edit)[ \t]+(\/?[\w.@/-]+)[ \t]*$/;

/** `vim /path`, `# cat /path`, `root@host:~# cat /path`: the editor or cat line of a blog paste. */
export function matchFileHeader(line: string): string | null {
  const m = HEADER_RE.exec(line);
  return m && m[1] && /[/.]/.test(m[1]) ? m[1] : null;
}

const isBlank = (c: string | undefined) => c === ' ' || c === '\t';
const isNameStart = (c: string) => /[A-Za-z_]/.test(c);
const isNameChar = (c: string) => /[A-Za-z0-9_]/.test(c);

function lineEnd(text: string, i: number, end: number): number {
  const n = text.indexOf('\n', i);
  return n < 0 || n > end ? end : n;
}

/**
 * Parse `KEY=value` statements the way systemd's environment file reader does: `#` and `;`
 * comment lines, optional `export`, double quotes (with `\"`, `\\`, `\$`, `` \` `` escapes and
 * `\`-newline continuations; plain newlines kept), single quotes, unquoted values to the end of
 * the line (trailing blanks dropped, `\`-newline continues). Never throws.
 */
export function parseEnvAssignments(text: string, fileId: string, start = 0, end = text.length): EnvParseResult {
  const assignments: EnvAssignment[] = [];
  const problems: EnvProblem[] = [];
  const headers: FileHeader[] = [];
  let i = start;
  if (i === 0 && text.charCodeAt(0) === 0xfeff) i = 1;
  while (i < end) {
    // start of a line
    while (i < end && (isBlank(text[i]) || text[i] === '\r')) i++;
    if (i >= end) break;
    const c = text[i] ?? '';
    if (c === '\n') {
      i++;
      continue;
    }
    const le = lineEnd(text, i, end);
    const lineText = text.slice(i, le).replace(/\r$/, '');
    if (/^(~~~|```)/.test(lineText)) {
      i = le + 1; // the fence of a Markdown code block it was copied from
      continue;
    }
    if (c === '#' || c === ';') {
      const path = matchFileHeader(lineText);
      if (path) headers.push({ path, range: { start: i, end: i + lineText.length } });
      i = le + 1;
      continue;
    }
    const headerPath = matchFileHeader(lineText);
    if (headerPath) {
      headers.push({ path: headerPath, range: { start: i, end: i + lineText.length } });
      i = le + 1;
      continue;
    }
    const stmtStart = i;
    let k = i;
    if (text.startsWith('export', k) && isBlank(text[k + 6])) {
      k += 6;
      while (k < le && isBlank(text[k])) k++;
    }
    const nameStart = k;
    if (k < le && isNameStart(text[k] ?? '')) {
      k++;
      while (k < le && isNameChar(text[k] ?? '')) k++;
    }
    const nameEnd = k;
    while (k < le && isBlank(text[k])) k++;
    if (nameEnd === nameStart || text[k] !== '=') {
      problems.push({
        range: { start: stmtStart, end: Math.max(stmtStart + 1, stmtStart + lineText.length) },
        message: 'Not a KEY=value line: an environment file holds only variable assignments and # comments.',
      });
      i = le + 1;
      continue;
    }
    const name = text.slice(nameStart, nameEnd);
    k++; // '='
    while (k < end && isBlank(text[k])) k++;
    const valueStart = k;
    let value = '';
    const offsets: number[] = [];
    let trailingBlank = 0; // unquoted blanks at the end, dropped
    let atSegmentStart = true;
    let closed = true;
    while (k < end) {
      const ch = text[k] ?? '';
      if (ch === '\n') break;
      if (ch === '\r' && text[k + 1] === '\n') break;
      const cont = continuationAt(text, k);
      if (cont !== null) {
        k = cont;
        continue;
      }
      if (atSegmentStart && (ch === '"' || ch === "'")) {
        const open = k;
        k++;
        closed = false;
        while (k < end) {
          const qc = text[k] ?? '';
          if (qc === ch) {
            closed = true;
            k++;
            break;
          }
          if (ch === '"' && qc === '\\') {
            const c2 = continuationAt(text, k);
            if (c2 !== null) {
              k = c2;
              continue;
            }
            const next = text[k + 1];
            if (next !== undefined && '"\\$`'.includes(next)) {
              value += next;
              offsets.push(k + 1);
              k += 2;
              continue;
            }
          }
          value += qc;
          offsets.push(k);
          k++;
        }
        trailingBlank = 0;
        if (!closed) {
          problems.push({
            range: { start: open, end: open + 1 },
            message: `The quote opened here for ${name} is never closed.`,
          });
          break;
        }
        // `KEY="..." # comment`: the rest of the line is a comment
        let r = k;
        while (r < end && isBlank(text[r])) r++;
        if (r >= end || text[r] === '\n' || text[r] === '\r' || text[r] === '#') {
          k = lineEnd(text, r, end);
          break;
        }
        continue;
      }
      atSegmentStart = false;
      if (ch === '\\' && k + 1 < end && text[k + 1] !== '\n' && text[k + 1] !== '\r') {
        value += text[k + 1];
        offsets.push(k + 1);
        k += 2;
        trailingBlank = 0;
        continue;
      }
      value += ch;
      offsets.push(k);
      trailingBlank = isBlank(ch) ? trailingBlank + 1 : 0;
      k++;
    }
    if (trailingBlank > 0) {
      value = value.slice(0, value.length - trailingBlank);
      offsets.length = value.length;
    }
    let valueEnd = k;
    if (valueEnd > valueStart && text[valueEnd - 1] === '\r') valueEnd--;
    while (valueEnd > valueStart && isBlank(text[valueEnd - 1]) && closed) valueEnd--;
    assignments.push({
      name,
      text: value,
      offsets,
      fileId,
      nameRange: { start: nameStart, end: nameEnd },
      valueRange: { start: valueStart, end: Math.max(valueStart, valueEnd) },
      range: { start: stmtStart, end: Math.max(valueEnd, nameEnd + 1) },
    });
    i = k < end && text[k] === '\r' ? k + 1 : k;
  }
  return { assignments, problems, headers };
}

/**
 * The arguments a value becomes when systemd expands `$NAME` as a word of its own: the value
 * split at whitespace (quotes inside the value are not special any more).
 */
export function splitValueWords(v: Pick<EnvValue, 'text' | 'offsets' | 'fileId'>): CommandArg[] {
  const out: CommandArg[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(v.text))) {
    const offsets = v.offsets.slice(m.index, m.index + m[0].length);
    const first = offsets[0] ?? 0;
    const last = offsets[offsets.length - 1] ?? first;
    out.push({ text: m[0], range: { start: first, end: last + 1 }, offsets, fileId: v.fileId });
  }
  return out;
}

/** Flags in one assignment: the words of the value, or the flag the variable stands for (`ETCD_DATA_DIR`). */
export function flagsOfAssignment(a: EnvAssignment, components: ComponentTable): FlagOccurrence[] {
  const etcdFlag = flagOfVariable(a.name, components)?.flag;
  if (etcdFlag) {
    const first = a.offsets[0];
    const last = a.offsets[a.offsets.length - 1];
    return [
      {
        name: etcdFlag,
        spelled: a.name,
        value: a.text,
        form: 'equals',
        nameRange: a.nameRange,
        valueRange:
          first === undefined || last === undefined
            ? { start: a.valueRange.start, end: a.valueRange.start }
            : { start: first, end: last + 1 },
        fileId: a.fileId,
        origin: { kind: 'env-var', path: a.name },
      },
    ];
  }
  const words = splitValueWords(a);
  if (!words.some((w) => w.text.startsWith('-'))) return [];
  return parseFlags(words).flags.map((f) => ({ ...f, viaVariable: a.name }));
}

function fileLabel(name: string, headers: FileHeader[]): string {
  return headers[0]?.path ?? name;
}

/**
 * Documents of an env file: one per component its variables are for. `within` limits it to a
 * part of the text (an env file pasted together with units); then nothing found means no document.
 */
export function envFileDocuments(
  text: string,
  fileId: string,
  fileName: string,
  components: ComponentTable,
  within?: SourceRange,
): SourceDocument[] {
  const { assignments, problems, headers } = parseEnvAssignments(
    text,
    fileId,
    within?.start ?? 0,
    within?.end ?? text.length,
  );
  const path = fileLabel(fileName, headers);
  // The file's own component: from its path, else the one most of its variables name.
  let fileComponent = componentOfEnvPath(path, components) ?? componentOfEnvPath(fileName, components);
  if (!fileComponent) {
    const votes = new Map<ComponentId, number>();
    for (const a of assignments) {
      const c = componentOfVariable(a.name, components);
      if (c) votes.set(c, (votes.get(c) ?? 0) + 1);
    }
    const best = [...votes.entries()].sort((x, y) => y[1] - x[1])[0];
    fileComponent = best?.[0] ?? null;
  }
  const groups = new Map<ComponentId | null, EnvAssignment[]>();
  for (const a of assignments) {
    // A variable named for a component belongs to it; other flag variables to the file's component.
    const c = componentOfVariable(a.name, components) ?? fileComponent;
    groups.set(c, [...(groups.get(c) ?? []), a]);
  }
  const diagnostics: Diagnostic[] = problems.map((p) => ({
    severity: 'warning',
    code: 'env-syntax',
    message: p.message,
    range: p.range,
  }));
  if (groups.size === 0) {
    if (within) return [];
    return [
      {
        id: `${fileId}#0`,
        fileId,
        index: 0,
        kind: 'env-file',
        label: `env file ${path}`,
        range: { start: 0, end: text.length },
        ...documentDefaults(),
        diagnostics: [
          ...diagnostics,
          ...(diagnostics.length === 0
            ? [
                {
                  severity: 'info' as const,
                  code: 'no-variables',
                  message: 'This environment file sets no variables.',
                  range: { start: 0, end: Math.min(1, text.length) },
                },
              ]
            : []),
        ],
      },
    ];
  }
  const docs: SourceDocument[] = [];
  const ordered = [...groups.entries()].sort((x, y) => (x[1][0]?.range.start ?? 0) - (y[1][0]?.range.start ?? 0));
  ordered.forEach(([component, list], index) => {
    const fields: FieldOccurrence[] = list.map((a) => ({
      path: a.name,
      keyRange: a.nameRange,
      valueRange: a.valueRange,
      value: a.text,
    }));
    const flags = list.flatMap((a) => flagsOfAssignment(a, components));
    const start = Math.min(...list.map((a) => a.range.start));
    const endOff = Math.max(...list.map((a) => a.range.end));
    const byName = list.find((a) => componentOfVariable(a.name, components) === component);
    const componentSource = component ? (byName ? `variable ${byName.name}` : `file name ${basename(path)}`) : null;
    docs.push({
      id: `${fileId}#${index}`,
      fileId,
      index,
      kind: 'env-file',
      label: ordered.length > 1 && component ? `env file ${path} (${component})` : `env file ${path}`,
      range: { start, end: endOff },
      component: component ?? null,
      componentSource,
      version: null,
      image: null,
      binaryRange: null,
      flags,
      fields,
      diagnostics: index === 0 ? diagnostics : [],
    });
  });
  return docs;
}

/** Whether a line sets a variable with one of the prefixes of Kubernetes env files (`KUBE_MASTER=`, `ETCD_NAME=`). */
function setsKnownVariable(text: string, prefixes: readonly string[]): boolean {
  if (prefixes.length === 0) return false;
  return new RegExp(`^[ \\t]*(?:export[ \\t]+)?(?:${alternation(prefixes)})\\w+[ \\t]*=`, 'm').test(text);
}

export const envFileParser: FormatParser = {
  kind: 'env-file',
  detect(text, fileName, facts) {
    if (/^[ \t\uFEFF]*\[[A-Za-z][\w-]*\][ \t]*\r?$/m.test(text)) return 0.1; // sections: a systemd unit or an INI file
    const sample = text.length > 200_000 ? text.slice(0, 200_000) : text;
    const { assignments, problems } = parseEnvAssignments(sample, '');
    if (assignments.length === 0) return 0;
    // by lines, so one long `KUBE_API_ARGS="... \` outweighs a stray line of prose
    let lines = 0;
    for (const a of assignments)
      for (let i = a.range.start; i <= a.range.end && i < sample.length; i++)
        if (i === a.range.start || sample[i] === '\n') lines++;
    const share = lines / (lines + problems.length);
    let score = share * 0.7;
    if (setsKnownVariable(sample, facts.envVariablePrefixes)) score += 0.15;
    if (/\.env$/.test(fileName) || componentOfEnvPath(fileName, facts.components)) score += 0.05;
    return Math.min(score, 0.9);
  },
  parse(ctx: ParseContext) {
    const { file } = ctx;
    return { documents: envFileDocuments(file.text, file.id, file.name, ctx.components), diagnostics: [] };
  },
};
