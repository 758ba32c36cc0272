/**
 * Workspace step after ingest: a unit's `$KUBE_API_ARGS` expands to the flags written in the
 * environment file that sets it (`EnvironmentFile=-/etc/kubernetes/apiserver`), when that file
 * is in the workspace. The flags keep their place in the environment file (FlagOccurrence.fileId
 * is the env file's id), so they are annotated where they are really written.
 *
 * An env file's variables that a unit expands are explained as part of that unit's command: the
 * env file's own documents drop those flags (no double findings) and say where they went. Those
 * claims are this step's (claims.ts), for a unit and env file pasted in one file as well.
 */
import type { IngestedFile, SourceDocument, WorkspaceFile } from '../../model/types';
import type { IngestFacts } from '../../model/components';
import { parseEnvAssignments, type EnvAssignment } from '../formats/envAssignments';
import { unitDocuments, type UnitOptions } from '../formats/systemdUnit';
import type { ExternalLookup } from '../formats/unitExpansion';
import { maskOutside } from './segments';
import { applyClaims } from './claims';
import { renumbered } from '../../model/document';
import type { FileId } from '../../model/span';

const UNIT_FAMILY = new Set(['systemd-unit', 'env-file']);

interface EnvSource {
  file: WorkspaceFile;
  /** Paths this file may be known by: its name and any `vim /path` header in it. */
  paths: string[];
  assignments: EnvAssignment[];
}

const norm = (p: string) => p.replace(/\\/g, '/').replace(/^\.\//, '').trim();

/** How well a workspace file name matches an EnvironmentFile= path: length of the common path suffix. */
export function pathMatchScore(wanted: string, have: string): number {
  const a = norm(wanted).split('/').filter(Boolean);
  const b = norm(have).split('/').filter(Boolean);
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

function envSources(ingested: readonly IngestedFile[], files: readonly WorkspaceFile[]): EnvSource[] {
  const byId = new Map(files.map((f) => [f.id, f]));
  const out: EnvSource[] = [];
  for (const ing of ingested) {
    if (ing.kind !== 'env-file') continue;
    const file = byId.get(ing.fileId);
    if (!file) continue;
    const { assignments, headers } = parseEnvAssignments(file.text, file.id);
    out.push({ file, paths: [file.name, ...headers.map((h) => h.path)], assignments });
  }
  return out;
}

function resolverFor(sources: readonly EnvSource[]) {
  return (path: string): FileId | null => {
    let best: EnvSource | null = null;
    let bestScore = 0;
    for (const s of sources) {
      const score = Math.max(...s.paths.map((p) => pathMatchScore(path, p)));
      if (score > bestScore) {
        best = s;
        bestScore = score;
      }
    }
    return best?.file.id ?? null;
  };
}

function lookupFor(sources: readonly EnvSource[]): ExternalLookup {
  // the last assignment of each variable in each file, and the first file that sets it (each lookup is map reads)
  const lastByFile = new Map<FileId, Map<string, EnvAssignment>>();
  const firstFile = new Map<string, EnvAssignment>();
  for (const s of sources) {
    const last = new Map<string, EnvAssignment>();
    for (const a of s.assignments) last.set(a.name, a);
    lastByFile.set(s.file.id, last);
    for (const [name, a] of last) if (!firstFile.has(name)) firstFile.set(name, a);
  }
  return (name, refs) => {
    // systemd reads EnvironmentFile= in order; a later file overrides an earlier one
    let hit: EnvAssignment | null = null;
    for (const r of refs) {
      const a = r.resolvedFileId ? lastByFile.get(r.resolvedFileId)?.get(name) : undefined;
      if (a) hit = a;
    }
    if (hit) return { value: hit, referenced: true };
    // Not named by the unit (a pasted tab has no path): any env file that sets it.
    const a = firstFile.get(name);
    return a ? { value: a, referenced: false } : null;
  };
}

/**
 * The documents of a file with units, read again with the env files of the workspace at hand; null
 * for a file without units. A mixed paste keeps the documents of its other parts.
 */
function readAgain(ing: IngestedFile, file: WorkspaceFile, facts: IngestFacts, options: UnitOptions) {
  if (!ing.parts)
    return ing.kind === 'systemd-unit' ? unitDocuments(file.text, file.id, file.name, facts, options) : null;
  const unitParts = ing.parts.filter((p) => UNIT_FAMILY.has(p.kind));
  if (!unitParts.some((p) => p.kind === 'systemd-unit')) return null;
  const masked = maskOutside(
    file.text,
    unitParts.map((p) => p.range),
  );
  const inUnitPart = (d: SourceDocument) =>
    unitParts.some((p) => p.range.start <= d.range.start && d.range.start < p.range.end);
  return renumbered(
    [
      ...ing.documents.filter((d) => !UNIT_FAMILY.has(d.kind) || !inUnitPart(d)),
      ...unitDocuments(masked, file.id, file.name, facts, options),
    ].sort((a, b) => a.range.start - b.range.start),
    file.id,
  );
}

/**
 * Expand unit variables across the workspace. Pure: returns new IngestedFile objects for the
 * files it changes and the same objects for the others.
 */
export function resolveEnvironment(
  ingested: readonly IngestedFile[],
  files: readonly WorkspaceFile[],
  facts: IngestFacts,
): IngestedFile[] {
  const sources = envSources(ingested, files);
  if (sources.length === 0) return [...ingested];
  const byId = new Map(files.map((f) => [f.id, f]));
  const options = { external: lookupFor(sources), resolveFile: resolverFor(sources) };
  const reparsed = new Set<FileId>();
  const resolved = ingested.map((ing): IngestedFile => {
    const file = byId.get(ing.fileId);
    const documents = file ? readAgain(ing, file, facts, options) : null;
    if (!documents) return ing;
    reparsed.add(ing.fileId);
    return { ...ing, documents };
  });
  // claims on the documents just read again and on the env files of the workspace
  const claimable = (ing: IngestedFile) => reparsed.has(ing.fileId) || ing.kind === 'env-file';
  const units = resolved
    .filter((ing) => reparsed.has(ing.fileId))
    .flatMap((ing) => ing.documents.filter((d) => d.kind === 'systemd-unit'));
  const targets = resolved.filter(claimable).flatMap((ing) => ing.documents);
  const claimed = new Map(applyClaims(units, targets).map((d, i) => [targets[i], d]));
  return resolved.map((ing) => {
    if (!claimable(ing)) return ing;
    const documents = ing.documents.map((d) => claimed.get(d) ?? d);
    return documents.every((d, i) => d === ing.documents[i]) && !reparsed.has(ing.fileId) ? ing : { ...ing, documents };
  });
}
