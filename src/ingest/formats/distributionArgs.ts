/**
 * What distributions have in common, in their configuration files and on their command lines: an item of an arg
 * list (`audit-log-path=/var/log/audit.log`, `--max-pods=250`) as the flag it passes, located at its name and value;
 * which distribution a YAML file or a command belongs to; the documents of the flags it passes, one per component.
 */
import type { ComponentId, FlagOccurrence, SourceDocument, SourceRange, VersionInfo } from '../../model/types';
import type { FileId } from '../../model/span';
import type { DistributionFacts, IngestFacts } from '../../model/components';
import { subRange, type CommandArg } from '../shared/commandLine';
import { basename } from '../shared/recognise';

const ITEM_RE = /^(-{0,2})([A-Za-z0-9][A-Za-z0-9_.-]*)(=)?/;

/**
 * One item of an arg list as the flag it passes: `name=value`, `--name=value` or a bare `name` (the distribution
 * passes it as `--name=true`). `arg` holds the item's text with the source offset of each character. Null for an
 * item that names no flag.
 */
export function argItemFlag(arg: CommandArg, path: string): FlagOccurrence | null {
  const m = ITEM_RE.exec(arg.text);
  if (!m) return null;
  const dashes = m[1] ?? '';
  const name = m[2] ?? '';
  const nameEnd = dashes.length + name.length;
  const origin = { kind: 'extra-args' as const, path };
  if (m[3]) {
    return {
      name,
      spelled: dashes + name,
      value: arg.text.slice(nameEnd + 1),
      form: 'equals',
      nameRange: subRange(arg, 0, nameEnd),
      valueRange: subRange(arg, nameEnd + 1),
      fileId: arg.fileId,
      origin,
    };
  }
  const whole = nameEnd === arg.text.length;
  return {
    name: whole ? name : arg.text.replace(/^-+/, ''),
    spelled: whole ? dashes + name : arg.text,
    value: null,
    form: 'bare',
    nameRange: whole ? subRange(arg, 0, nameEnd) : arg.range,
    valueRange: null,
    fileId: arg.fileId,
    origin,
  };
}

/** Characters [from, to) of an argument as an argument of its own. */
export function argSlice(arg: CommandArg, from: number, to = arg.text.length): CommandArg {
  const offsets = arg.offsets && arg.offsets.length === arg.text.length ? arg.offsets.slice(from, to) : null;
  return { text: arg.text.slice(from, to), range: subRange(arg, from, to), offsets, fileId: arg.fileId };
}

/** The distribution whose executable a command word is (`/usr/local/bin/k3s`), if any. */
export function distributionOfBinary(word: string, facts: Pick<IngestFacts, 'configFields'>): DistributionFacts | null {
  if (word.includes('=')) return null;
  const base = basename(word);
  return facts.configFields.distributions.find((d) => d.binaries.includes(base)) ?? null;
}

/** Flags a distribution passes to one component, with where they came from. */
export interface ComponentGroup {
  component: ComponentId;
  flags: FlagOccurrence[];
  range: SourceRange;
  /** The options or settings they came through (`kube-apiserver-arg`). */
  sources: string[];
  version: VersionInfo | null;
}

/** Groups of flags by component, in the order components are first met. */
export class ComponentGroups {
  private readonly groups = new Map<ComponentId, ComponentGroup>();

  add(
    component: ComponentId,
    source: string,
    range: SourceRange,
    flags: readonly FlagOccurrence[] = [],
  ): ComponentGroup {
    let g = this.groups.get(component);
    if (!g) {
      g = { component, flags: [], range: { ...range }, sources: [], version: null };
      this.groups.set(component, g);
    }
    g.range = { start: Math.min(g.range.start, range.start), end: Math.max(g.range.end, range.end) };
    if (!g.sources.includes(source)) g.sources.push(source);
    g.flags.push(...flags);
    return g;
  }

  get(component: ComponentId): ComponentGroup | undefined {
    return this.groups.get(component);
  }

  /** The groups that pass flags, flags in the order they are written. */
  withFlags(): ComponentGroup[] {
    return [...this.groups.values()]
      .filter((g) => g.flags.length > 0)
      .map((g) => ({ ...g, flags: [...g.flags].sort((a, b) => a.nameRange.start - b.nameRange.start) }));
  }
}

/** The index the next document of a list gets. */
export const nextIndex = (fileId: FileId, docs: readonly SourceDocument[]) => ({ fileId, index: docs.length });
