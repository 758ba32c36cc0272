/**
 * Workspace step after ingest: a unit's `$KUBE_API_ARGS` expands to the flags written in the
 * environment file that sets it (`EnvironmentFile=-/etc/kubernetes/apiserver`), when that file
 * is in the workspace. The flags keep their place in the environment file (FlagOccurrence.fileId
 * is the env file's id), so they are annotated where they are really written.
 *
 * An env file's variables that a unit expands are explained as part of that unit's command: the
 * env file's own documents drop those flags (no double findings) and say where they went.
 */
import type { Diagnostic, IngestedFile, SourceDocument, WorkspaceFile } from '../../model/types';
import type { IngestFacts } from '../../model/components';
import { parseEnvAssignments, type EnvAssignment } from '../formats/envFile';
import { unitDocuments, type ExternalLookup } from '../formats/systemdUnit';
import { maskOutside } from './segments';

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
  return (path: string): string | null => {
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
  const byId = new Map(sources.map((s) => [s.file.id, s]));
  return (name, refs) => {
    // systemd reads EnvironmentFile= in order; a later file overrides an earlier one
    let hit: EnvAssignment | null = null;
    for (const r of refs) {
      const src = r.resolvedFileId ? byId.get(r.resolvedFileId) : undefined;
      const a = src ? [...src.assignments].reverse().find((x) => x.name === name) : undefined;
      if (a) hit = a;
    }
    if (hit) return { value: hit, referenced: true };
    // Not named by the unit (a pasted tab has no path): any env file that sets it.
    for (const s of sources) {
      const a = [...s.assignments].reverse().find((x) => x.name === name);
      if (a) return { value: a, referenced: false };
    }
    return null;
  };
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
  const byId = new Map(files.map((f) => [f.id, f]));
  const external = lookupFor(sources);
  const resolveFile = resolverFor(sources);
  /** env file id -> variable -> the units that expand it */
  const claims = new Map<string, Map<string, string[]>>();
  const resolved = ingested.map((ing): IngestedFile => {
    const file = byId.get(ing.fileId);
    if (!file || sources.length === 0) return ing;
    let documents: SourceDocument[];
    if (ing.parts) {
      // a mixed paste: read its unit and env file parts again, keep the other parts' documents
      const unitParts = ing.parts.filter((p) => UNIT_FAMILY.has(p.kind));
      if (!unitParts.some((p) => p.kind === 'systemd-unit')) return ing;
      const masked = maskOutside(
        file.text,
        unitParts.map((p) => p.range),
      );
      const units = unitDocuments(masked, file.id, file.name, facts, { external, resolveFile });
      documents = [
        ...ing.documents.filter(
          (d) =>
            !UNIT_FAMILY.has(d.kind) ||
            !unitParts.some((p) => p.range.start <= d.range.start && d.range.start < p.range.end),
        ),
        ...units,
      ]
        .sort((a, b) => a.range.start - b.range.start)
        .map((d, index) => ({ ...d, index, id: `${file.id}#${index}` }));
    } else if (ing.kind === 'systemd-unit') {
      documents = unitDocuments(file.text, file.id, file.name, facts, { external, resolveFile });
    } else return ing;
    for (const doc of documents) {
      for (const e of doc.expansions ?? []) {
        if (!e.definition || e.definition.fileId === file.id) continue;
        const perFile = claims.get(e.definition.fileId) ?? new Map<string, string[]>();
        claims.set(e.definition.fileId, perFile);
        const users = perFile.get(e.name) ?? [];
        if (!users.includes(doc.label)) users.push(doc.label);
        perFile.set(e.name, users);
      }
    }
    return { ...ing, documents };
  });
  return resolved.map((ing) => {
    const claimed = claims.get(ing.fileId);
    if (!claimed || ing.kind !== 'env-file') return ing;
    const documents = ing.documents.map((doc): SourceDocument => {
      const notes: Diagnostic[] = [];
      for (const field of doc.fields) {
        const users = claimed.get(field.path);
        if (!users) continue;
        notes.push({
          severity: 'info',
          code: 'expanded-in-unit',
          message: `${field.path} is expanded by ${users.join(', ')}: its flags are explained as part of that command.`,
          range: field.keyRange,
        });
      }
      if (notes.length === 0) return doc;
      const flags = doc.flags.filter((f) => !claimed.has(f.viaVariable ?? f.origin?.path ?? ''));
      return { ...doc, flags, diagnostics: [...doc.diagnostics, ...notes] };
    });
    return { ...ing, documents };
  });
}
