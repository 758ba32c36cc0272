/**
 * Part of the environment step (expandEnv.ts), and the only code that decides what units take from
 * env files: a variable a unit expands is explained as part of that unit's command, so the env
 * file's document drops the flags it holds (no double findings) and notes which units expand it.
 * Used across the workspace (resolveEnvironment) and within one file (a unit pasted with its env
 * file, read by ingestFile).
 */
import { message } from '../../model/message';
import { isKind } from '../../model/document';
import type { Diagnostic, SourceDocument, SystemdUnitDocument, VariableExpansion } from '../../model/types';

/** Env-file document -> variable -> labels of the units that expand it. */
type Claims = Map<SourceDocument, Map<string, string[]>>;

/**
 * The env-file document an expansion takes its value from: the one with the assignment the
 * definition points at; for a definition in another file (an env file of the workspace), any of
 * that file's env documents that sets the variable.
 */
function claimedDocuments(
  unit: SystemdUnitDocument,
  e: VariableExpansion,
  envDocs: readonly SourceDocument[],
): SourceDocument[] {
  const def = e.definition;
  if (!def) return [];
  const inFile = envDocs.filter((d) => d.fileId === def.fileId);
  const exact = inFile.find((d) => d.fields.some((f) => f.path === e.name && f.valueRange?.start === def.range.start));
  if (exact) return [exact];
  return def.fileId === unit.fileId ? [] : inFile.filter((d) => d.fields.some((f) => f.path === e.name));
}

function collectClaims(units: readonly SystemdUnitDocument[], envDocs: readonly SourceDocument[]): Claims {
  const claims: Claims = new Map();
  for (const unit of units) {
    for (const e of unit.expansions) {
      for (const doc of claimedDocuments(unit, e, envDocs)) {
        const perDoc = claims.get(doc) ?? new Map<string, string[]>();
        claims.set(doc, perDoc);
        const users = perDoc.get(e.name) ?? [];
        if (!users.includes(unit.label)) users.push(unit.label);
        perDoc.set(e.name, users);
      }
    }
  }
  return claims;
}

/** An env-file document after units claimed some of its variables: a note on each, and their flags gone. */
function withClaims(doc: SourceDocument, claimed: ReadonlyMap<string, string[]>): SourceDocument {
  const notes: Diagnostic[] = [];
  for (const field of doc.fields) {
    const users = claimed.get(field.path);
    if (!users) continue;
    notes.push({
      severity: 'info',
      code: 'expanded-in-unit',
      message: message('ingest.expanded-by', { field: field.path, users: { list: users, join: 'and' } }),
      range: field.keyRange,
    });
  }
  if (notes.length === 0) return doc;
  const flags = doc.flags.filter((f) => !claimed.has(f.viaVariable ?? f.origin?.path ?? ''));
  return { ...doc, flags, diagnostics: [...doc.diagnostics, ...notes] };
}

/**
 * `targets` with the claims of `units` on their env-file documents applied. Both may be the
 * documents of one file or of the whole workspace.
 */
export function applyClaims(
  units: readonly SystemdUnitDocument[],
  targets: readonly SourceDocument[],
): SourceDocument[] {
  const envDocs = targets.filter((d) => d.kind === 'env-file');
  const claims = collectClaims(units, envDocs);
  if (claims.size === 0) return [...targets];
  return targets.map((d) => {
    const claimed = claims.get(d);
    return claimed ? withClaims(d, claimed) : d;
  });
}

/** The documents of one file with its units' claims on the env files pasted in it. */
export function claimWithinFile(documents: SourceDocument[]): SourceDocument[] {
  const units = documents.filter((d) => isKind(d, 'systemd-unit')).filter((d) => d.expansions.length > 0);
  return units.length === 0 ? documents : applyClaims(units, documents);
}
