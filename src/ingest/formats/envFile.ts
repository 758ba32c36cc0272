/**
 * Environment files as systemd reads them (`EnvironmentFile=`): `/etc/kubernetes/apiserver`
 * (`KUBE_API_ARGS="--a=b \` over several lines), `/var/lib/kubelet/kubeadm-flags.env`,
 * `/etc/default/kubelet`, `/etc/etcd/etcd.conf` (`ETCD_NAME=...`, each variable an etcd flag).
 *
 * Every character of a value keeps its source offset, so when a unit expands `$KUBE_API_ARGS`
 * each flag still points at the place in this file where it is written.
 */
import { message } from '../../model/message';
import type {
  ComponentId,
  Diagnostic,
  EnvFileDocument,
  FieldOccurrence,
  FlagOccurrence,
  SourceRange,
} from '../../model/types';
import { fileId as asFileId, type FileId } from '../../model/span';
import type { ComponentTable, IngestFacts } from '../../model/components';
import { parseFlags } from '../shared/commandLine';
import {
  alternation,
  basename,
  componentOfEnvPath,
  componentOfVariable,
  factsRegExp,
  flagOfVariable,
} from '../shared/recognise';
import type { FormatParser, ParseContext } from '../format';
import { envFileDocument } from '../../model/document';
import { parseEnvAssignments, splitValueWords, type EnvAssignment, type FileHeader } from './envAssignments';

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
  fileId: FileId,
  fileName: string,
  components: ComponentTable,
  within?: SourceRange,
): EnvFileDocument[] {
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
    const group = groups.get(c);
    if (group) group.push(a);
    else groups.set(c, [a]);
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
      envFileDocument({
        fileId,
        index: 0,
        label: `env file ${path}`,
        range: { start: 0, end: text.length },
        diagnostics: [
          ...diagnostics,
          ...(diagnostics.length === 0
            ? [
                {
                  severity: 'info' as const,
                  code: 'no-variables',
                  message: message('ingest.env-no-variables'),
                  range: { start: 0, end: Math.min(1, text.length) },
                },
              ]
            : []),
        ],
      }),
    ];
  }
  const docs: EnvFileDocument[] = [];
  const ordered = [...groups.entries()].sort((x, y) => (x[1][0]?.range.start ?? 0) - (y[1][0]?.range.start ?? 0));
  ordered.forEach(([component, list], index) => {
    const fields: FieldOccurrence[] = list.map((a) => ({
      path: a.name,
      keyRange: a.nameRange,
      valueRange: a.valueRange,
      value: a.text,
    }));
    const flags = list.flatMap((a) => flagsOfAssignment(a, components));
    // assignments are in text order (no spread: a file may set 250,000 variables)
    const start = list[0]?.range.start ?? 0;
    const endOff = list.reduce((e, a) => Math.max(e, a.range.end), start);
    const byName = list.find((a) => componentOfVariable(a.name, components) === component);
    const componentSource = component ? (byName ? `variable ${byName.name}` : `file name ${basename(path)}`) : null;
    docs.push(
      envFileDocument({
        fileId,
        index,
        label: ordered.length > 1 && component ? `env file ${path} (${component})` : `env file ${path}`,
        range: { start, end: endOff },
        component: component ?? null,
        componentSource,
        flags,
        fields,
        diagnostics: index === 0 ? diagnostics : [],
      }),
    );
  });
  return docs;
}

/** Whether a line sets a variable with one of the prefixes of Kubernetes env files (`KUBE_MASTER=`, `ETCD_NAME=`). */
function setsKnownVariable(text: string, { components, envVariablePrefixes: prefixes }: IngestFacts): boolean {
  if (prefixes.length === 0) return false;
  const re = factsRegExp(
    components,
    `env-prefixes/${prefixes.join(',')}`,
    () => new RegExp(`^[ \\t]*(?:export[ \\t]+)?(?:${alternation(prefixes)})\\w+[ \\t]*=`, 'm'),
  );
  return re.test(text);
}

export const envFileParser: FormatParser = {
  kind: 'env-file',
  detect(text, fileName, facts) {
    if (/^[ \t\uFEFF]*\[[A-Za-z][\w-]*\][ \t]*\r?$/m.test(text)) return 0.1; // sections: a systemd unit or an INI file
    const sample = text.length > 200_000 ? text.slice(0, 200_000) : text;
    // detection reads text of no file in particular: the assignments are only counted
    const { assignments, problems } = parseEnvAssignments(sample, asFileId(''));
    if (assignments.length === 0) return 0;
    // by lines, so one long `KUBE_API_ARGS="... \` outweighs a stray line of prose
    let lines = 0;
    for (const a of assignments)
      for (let i = a.range.start; i <= a.range.end && i < sample.length; i++)
        if (i === a.range.start || sample[i] === '\n') lines++;
    const share = lines / (lines + problems.length);
    let score = share * 0.7;
    if (setsKnownVariable(sample, facts)) score += 0.15;
    if (/\.env$/.test(fileName) || componentOfEnvPath(fileName, facts.components)) score += 0.05;
    return Math.min(score, 0.9);
  },
  parse(ctx: ParseContext) {
    const { file } = ctx;
    return { documents: envFileDocuments(file.text, file.id, file.name, ctx.components), diagnostics: [] };
  },
};
