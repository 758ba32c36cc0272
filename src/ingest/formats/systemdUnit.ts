/**
 * systemd units and drop-ins: `kube-apiserver.service` with `ExecStart=/usr/local/bin/kube-apiserver \`
 * continuations and `$VAR` / `${VAR}` references, `EnvironmentFile=-/etc/kubernetes/apiserver`,
 * `Environment="KEY=--a=b --c=d"`, the kubelet drop-in `10-kubeadm.conf` with its empty
 * `ExecStart=` reset line, several units pasted together (`systemctl cat kubelet`).
 *
 * Every directive becomes a field `Section.Directive`; the ExecStart in effect becomes the
 * document's command. Variables set in the same file are expanded here; variables from
 * environment files elsewhere in the workspace are expanded by resolveEnvironment
 * (workspace/expandEnv.ts), which calls unitDocuments again with a lookup into those files and
 * which alone decides what a unit's expansions take from an env file's documents.
 */
import { message, type Message } from '../../model/message';
import type {
  Diagnostic,
  EnvironmentFileRef,
  FieldOccurrence,
  SourceDocument,
  SystemdUnitDocument,
} from '../../model/types';
import type { FileId } from '../../model/span';
import type { IngestFacts } from '../../model/components';
import { renumbered, systemdUnitDocument } from '../../model/document';
import { parseCommand } from '../shared/commandLine';
import { basename, isUsuallyUnset } from '../shared/recognise';
import { documentsOrNote } from '../shared/diagnostics';
import type { ShellWord } from '../shared/shellWords';
import type { FormatParser, ParseContext } from '../format';
import { parseEnvAssignments, type EnvValue } from './envAssignments';
import { envFileDocuments } from './envFile';
import {
  blockName,
  directiveWords,
  environmentAssignments,
  environmentFileRef,
  readUnitBlocks,
  valueRangeOf,
  type Directive,
  type UnitBlock,
} from './unitFile';
import { distributionOfBinary } from './distributionArgs';
import { distributionLabel, readDistributionArgs } from './distributionCommand';
import { expandWords, type EnvFileResolver, type Expanded, type ExternalLookup } from './unitExpansion';

export interface UnitOptions {
  /** Lookup of variables in environment files elsewhere in the workspace. */
  external?: ExternalLookup;
  /** Which workspace file an EnvironmentFile= path is. */
  resolveFile?: EnvFileResolver;
}

/** A unit file read into blocks, with what each block's units need from the others. */
interface UnitFile {
  text: string;
  fileId: FileId;
  blocks: UnitBlock[];
  names: { name: string | null; path: string | null }[];
  /** `Environment=` of each unit, and the assignments of each env file pasted among them, by block. */
  envByBlock: EnvValue[][];
  /** Block index -> the later drop-in block whose empty `ExecStart=` resets its ExecStart. */
  overriddenBy: Map<number, number>;
}

function isReset(d: Directive): boolean {
  return d.key === 'ExecStart' && d.value === '';
}

function overrides(blocks: readonly UnitBlock[], names: UnitFile['names']): Map<number, number> {
  const overriddenBy = new Map<number, number>();
  blocks.forEach((b, bi) => {
    if (!b.directives.some(isReset)) return;
    const myPath = names[bi]?.path ?? '';
    for (let j = bi - 1; j >= 0; j--) {
      const base = names[j]?.name ?? '';
      const related = !myPath || !base || myPath.includes(`/${base}.d/`);
      if (related && blocks[j]?.directives.some((d) => d.key === 'ExecStart' && d.value !== '')) {
        overriddenBy.set(j, bi);
        break;
      }
    }
  });
  return overriddenBy;
}

/** Where a unit file sets each variable: the last assignment of each block, indexed once per file. */
interface EnvIndex {
  /** Variable -> the blocks that set it, in block order, each with its last assignment there. */
  byName: Map<string, { block: number; value: EnvValue }[]>;
  /** `basename\0variable` -> the last env-file block pasted under that name that sets it. */
  byEnvFile: Map<string, { block: number; value: EnvValue }>;
}

const envIndexes = new WeakMap<UnitFile, EnvIndex>();

function envIndex(file: UnitFile): EnvIndex {
  let idx = envIndexes.get(file);
  if (idx) return idx;
  idx = { byName: new Map(), byEnvFile: new Map() };
  for (let block = 0; block < file.envByBlock.length; block++) {
    const last = new Map<string, EnvValue>();
    for (const a of file.envByBlock[block] ?? []) last.set(a.name, a);
    const blk = file.blocks[block];
    for (const [name, value] of last) {
      const list = idx.byName.get(name);
      if (list) list.push({ block, value });
      else idx.byName.set(name, [{ block, value }]);
      if (blk?.env && blk.path) idx.byEnvFile.set(`${basename(blk.path)}\0${name}`, { block, value });
    }
  }
  envIndexes.set(file, idx);
  return idx;
}

/**
 * The value of `$name` for the unit of block `index`: a referenced env file first, then the file's own blocks (its
 * own, the nearest before it, the nearest after it). Each lookup is a few map reads and a binary search, whatever
 * the number of blocks and assignments.
 */
function variableLookup(file: UnitFile, index: number, refs: readonly EnvironmentFileRef[], options: UnitOptions) {
  const idx = envIndex(file);
  return (name: string): EnvValue | null => {
    const ext = options.external?.(name, refs) ?? null;
    if (ext?.referenced) return ext.value;
    // an env file pasted in this file under the name an EnvironmentFile= gives (the last such block)
    let pasted: { block: number; value: EnvValue } | undefined;
    for (const r of refs) {
      const hit = idx.byEnvFile.get(`${basename(r.path)}\0${name}`);
      if (hit && (!pasted || hit.block > pasted.block)) pasted = hit;
    }
    if (pasted) return pasted.value;
    const list = idx.byName.get(name);
    if (list) {
      // the first block at or after `index`
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((list[mid]?.block ?? 0) < index) lo = mid + 1;
        else hi = mid;
      }
      const at = list[lo];
      if (at?.block === index) return at.value;
      const before = list[lo - 1];
      if (before) return before.value;
      if (at) return at.value;
    }
    return ext?.value ?? null;
  };
}

/** What to say about a `$name` nothing sets. */
function unresolvedMessage(refs: readonly EnvironmentFileRef[], facts: IngestFacts) {
  return (name: string): { message: Message; severity: Diagnostic['severity'] } => {
    const files = refs.filter((r) => r.resolvedFileId === null);
    const severity: Diagnostic['severity'] = isUsuallyUnset(name, facts.components) ? 'info' : 'warning';
    if (files.length > 0) {
      const list = files.map((r) => `EnvironmentFile=${r.optional ? '-' : ''}${r.path}`).join(', ');
      return {
        severity,
        message: message('ingest.variable-from-missing-file', { name, files: list }),
      };
    }
    return {
      severity,
      message: message('ingest.variable-unset', { name }),
    };
  };
}

/** The words of an ExecStart value without its prefixes (`-`, `@`, `:`, `+`, `!`, `!!`). */
function execWords(text: string, exec: Directive): ShellWord[] {
  const words = directiveWords(text, exec);
  const first = words[0];
  const p = first ? (/^[-@:+!]+/.exec(first.text)?.[0].length ?? 0) : 0;
  if (!first || p === 0) return words;
  const rest = { ...first, text: first.text.slice(p), offsets: first.offsets.slice(p) };
  rest.range = { start: rest.offsets[0] ?? first.range.end, end: first.range.end };
  return rest.text === '' ? words.slice(1) : [rest, ...words.slice(1)];
}

/**
 * The document of the unit in block `index`; a unit that starts a distribution (k3s, RKE2) is followed by one
 * document per component it passes flags to.
 */
function unitDocument(file: UnitFile, index: number, facts: IngestFacts, options: UnitOptions): SystemdUnitDocument[] {
  const { text, fileId, blocks } = file;
  const b = blocks[index] as UnitBlock;
  const diagnostics: Diagnostic[] = b.problems.map((p) => ({
    severity: 'warning',
    code: 'systemd-syntax',
    message: p.message,
    range: p.range,
  }));
  const fields: FieldOccurrence[] = b.directives.map((d) => ({
    path: `${d.section || '(none)'}.${d.key}`,
    keyRange: d.keyRange,
    valueRange: valueRangeOf(d),
    value: d.value,
  }));
  const refs = b.directives
    .filter((d) => d.key === 'EnvironmentFile')
    .map(environmentFileRef)
    .filter((r): r is EnvironmentFileRef => r !== null)
    .map((r) => ({
      ...r,
      // in the workspace, or pasted in this very file under its name
      resolvedFileId:
        options.resolveFile?.(r.path) ??
        (blocks.some((o) => o.env && o.path && basename(o.path) === basename(r.path)) ? fileId : null),
    }));
  // the ExecStart in effect: the last one after the last reset
  let exec: Directive | null = null;
  for (const d of b.directives) if (d.key === 'ExecStart') exec = d.value === '' ? null : d;
  const { name, path } = file.names[index] ?? { name: null, path: null };
  const dropIn =
    (path ?? name ?? '').includes('.service.d/') || /\.conf$/.test(name ?? '') || b.directives.some(isReset);
  const base = systemdUnitDocument(
    {
      fileId,
      index,
      label: name ?? (blocks.length > 1 ? `systemd unit ${index + 1}` : 'systemd unit'),
      range: b.range,
      fields,
      diagnostics,
    },
    {
      systemd: { name, path, dropIn, environmentFiles: refs, execStartRange: exec ? valueRangeOf(exec) : null },
      expansions: [],
    },
  );
  if (!exec) return [base];
  const expanded: Expanded = expandWords(
    execWords(text, exec),
    fileId,
    variableLookup(file, index, refs, options),
    unresolvedMessage(refs, facts),
  );
  for (const d of expanded.diagnostics) diagnostics.push(d); // no spread: one per `$VAR`, maybe 300,000
  const cmd = parseCommand(expanded.args, facts);
  // the variable of the argument each flag's name is in
  const flags = cmd.flags.map((f, i) => {
    const name = cmd.rest[cmd.nameArgs[i] ?? -1]?.via;
    return name ? { ...f, viaVariable: name } : f;
  });
  const overridden = file.overriddenBy.get(index);
  if (overridden !== undefined) {
    const dropin = file.names[overridden]?.name;
    diagnostics.push({
      severity: 'info',
      code: 'execstart-overridden',
      message: dropin
        ? message('ingest.exec-start-overridden', { dropin })
        : message('ingest.exec-start-overridden-below'),
      range: exec.keyRange,
    });
  }
  const { binary, component, subcommand } = cmd;
  const binaryName = binary ? basename(binary.text) : '';
  const dist = binary ? distributionOfBinary(binary.text, facts) : null;
  if (dist && binary) {
    // `ExecStart=/usr/local/bin/k3s server --kube-apiserver-arg=...`: the flags it passes, a document per component
    const args = readDistributionArgs(dist, expanded.args);
    const label = `${base.label}, ${distributionLabel(dist, args)}`;
    const unit = {
      ...base,
      binaryRange: binary.fileId === fileId ? binary.range : null,
      expansions: expanded.expansions,
    };
    if (overridden !== undefined) return [unit];
    return [
      unit,
      ...args.groups.map((g) => ({
        ...base,
        label: `${g.component} (${label})`,
        component: g.component,
        componentSource: `${dist.name} ${g.sources.join(', ')}`,
        binaryRange: unit.binaryRange,
        flags: g.flags,
        fields: [],
        diagnostics: [],
        expansions: [],
      })),
    ];
  }
  return [
    {
      ...base,
      component,
      componentSource:
        component && binary
          ? subcommand
            ? `${binaryName} sub-command ${subcommand}`
            : `ExecStart ${binaryName}`
          : null,
      binaryRange: binary && binary.fileId === fileId ? binary.range : null,
      flags: overridden !== undefined ? [] : flags,
      expansions: expanded.expansions,
    },
  ];
}

/**
 * Documents of a unit file: one per unit pasted, and those of env files pasted among them. What a
 * unit expands from such an env file is still in the env file's documents: resolveEnvironment's
 * claims (workspace/expandEnv.ts) move it.
 */
export function unitDocuments(
  text: string,
  fileId: FileId,
  fileName: string,
  facts: IngestFacts,
  options: UnitOptions = {},
): SourceDocument[] {
  const blocks = readUnitBlocks(text);
  const names = blocks.map((b) => blockName(b, fileName, blocks.length === 1));
  const file: UnitFile = {
    text,
    fileId,
    blocks,
    names,
    envByBlock: blocks.map((b): EnvValue[] =>
      b.env
        ? parseEnvAssignments(text, fileId, b.range.start, b.range.end).assignments
        : b.directives.filter((d) => d.key === 'Environment').flatMap((d) => environmentAssignments(text, d, fileId)),
    ),
    overriddenBy: overrides(blocks, names),
  };
  const docs = blocks.flatMap((b, index): SourceDocument[] =>
    b.env
      ? envFileDocuments(text, fileId, b.path ?? fileName, facts.components, b.range)
      : unitDocument(file, index, facts, options),
  );
  return renumbered(
    docs.sort((a, b) => a.range.start - b.range.start),
    fileId,
  );
}

export const systemdUnitParser: FormatParser = {
  kind: 'systemd-unit',
  detect(text, fileName) {
    if (/^[ \t\uFEFF]*\[(Unit|Service|Install|Socket|Timer)\][ \t]*\r?$/m.test(text)) return 0.9;
    if (/^[ \t\uFEFF]*ExecStart[ \t]*=/m.test(text)) return 0.85;
    if (/^[ \t]*(Environment|EnvironmentFile)[ \t]*=/m.test(text)) return 0.6;
    if (/\.service$/.test(fileName)) return 0.3;
    return 0;
  },
  parse(ctx: ParseContext) {
    const { file } = ctx;
    const documents = unitDocuments(file.text, file.id, file.name, ctx);
    return documentsOrNote(documents, file.text, {
      severity: 'info',
      code: 'no-directives',
      message: message('ingest.unit-only-comments'),
    });
  },
};
