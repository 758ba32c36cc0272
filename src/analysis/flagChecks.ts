/**
 * Per-document flag checks: unknown, duplicate, deprecated, removed, newer than the version,
 * and values that do not parse as the flag's type.
 */
import type { AnnotatedDocument, AnnotatedFlag } from '../annotate/annotate';
import type { Finding } from './types';
import { makeFinding, type RuleCatalogue } from './rules';
import { replacementIsFlag } from '../knowledge/types';

function flagRange(f: AnnotatedFlag) {
  return f.occurrence.nameRange;
}

function replacementText(f: AnnotatedFlag): string {
  const r = f.doc?.replacement;
  if (!r) return '';
  return replacementIsFlag(r) ? `; use --${r} instead` : `; replaced by ${r}`;
}

export function checkFlags(doc: AnnotatedDocument, rules: RuleCatalogue): Finding[] {
  const out: Finding[] = [];
  const component = doc.document.component;
  if (!component) return out;
  const version = doc.document.version?.version ?? null;
  const at = (f: AnnotatedFlag) => ({ fileId: f.occurrence.fileId, range: flagRange(f), documentId: doc.document.id });

  const seen = new Map<string, AnnotatedFlag[]>();
  for (const f of doc.flags) {
    const key = f.canonical ?? f.occurrence.name;
    seen.set(key, [...(seen.get(key) ?? []), f]);
    const base = { flag: f.canonical ?? f.occurrence.name, component };
    if (f.status === 'unknown') {
      const suggestions = f.suggestions.map((s) => `--${s}`).join(' or ');
      out.push(
        makeFinding(rules, 'unknown-flag', { ...base, flag: f.occurrence.name, suggestions }, at(f), {
          withSuggestion: f.suggestions.length > 0,
        }),
      );
      continue;
    }
    const d = f.doc;
    if (!d) continue;
    const fixText = d.replacement
      ? replacementIsFlag(d.replacement)
        ? `Replace it with --${d.replacement}.`
        : `Use ${d.replacement} instead.`
      : 'Delete the flag; its behaviour is now built in or gone.';
    if (f.status === 'removed') {
      out.push(
        makeFinding(
          rules,
          'removed-flag',
          {
            ...base,
            removed: d.removed ?? '?',
            replacementText: replacementText(f),
            versionText: version ? `version (${version})` : 'version (newest releases)',
            fixText,
          },
          at(f),
        ),
      );
    } else if (f.status === 'deprecated') {
      out.push(
        makeFinding(
          rules,
          'deprecated-flag',
          { ...base, deprecated: d.deprecated ?? '?', replacementText: replacementText(f), fixText },
          at(f),
        ),
      );
    } else if (f.status === 'not-yet') {
      out.push(makeFinding(rules, 'not-yet-flag', { ...base, since: d.since ?? '?', version: version ?? '?' }, at(f)));
    }
    if (f.valueProblem && f.status !== 'removed') {
      const range = f.occurrence.valueRange ?? flagRange(f);
      out.push(
        makeFinding(
          rules,
          'invalid-value',
          {
            ...base,
            problem: f.valueProblem,
            type: d.type,
            valuesText: d.values ? ` (one of: ${d.values.join(', ')})` : '',
          },
          { fileId: f.occurrence.fileId, range, documentId: doc.document.id },
        ),
      );
    }
  }
  for (const [name, list] of seen) {
    if (list.length < 2) continue;
    const last = list[list.length - 1];
    for (const f of list.slice(0, -1)) {
      out.push(
        makeFinding(
          rules,
          'duplicate-flag',
          { flag: name, component, count: String(list.length), last: last?.occurrence.value ?? 'true' },
          at(f),
        ),
      );
    }
  }
  return out;
}
