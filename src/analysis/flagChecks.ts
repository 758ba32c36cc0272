/**
 * Per-document flag checks: unknown, duplicate, deprecated, removed, newer than the version,
 * and values that do not parse as the flag's type.
 */
import type { AnnotatedDocument, AnnotatedFlag } from '../annotate/annotate';
import type { Finding } from './types';
import { makeFinding, type RuleSeverities } from './rules';
import { message, type Message } from '../model/message';
import { replacementIsFlag } from '../knowledge/types';

function flagRange(f: AnnotatedFlag) {
  return f.occurrence.nameRange;
}

function replacementText(f: AnnotatedFlag): Message | string {
  const r = f.doc?.replacement;
  if (!r) return '';
  return replacementIsFlag(r)
    ? message('finding.use-flag-instead', { replacement: r })
    : message('finding.replaced-by', { replacement: r });
}

export function checkFlags(doc: AnnotatedDocument, rules: RuleSeverities): Finding[] {
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
      const suggestions = { list: f.suggestions.map((s) => `--${s}`), join: 'or' } as const;
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
        ? message('finding.fix-replace-flag', { replacement: d.replacement })
        : message('finding.fix-use-instead', { replacement: d.replacement })
      : message('finding.fix-delete');
    const unknown = message('finding.unknown-version');
    if (f.status === 'removed') {
      out.push(
        makeFinding(
          rules,
          'removed-flag',
          {
            ...base,
            removed: d.removed ?? unknown,
            replacementText: replacementText(f),
            versionText: version ? message('finding.this-version', { version }) : message('finding.newest-version'),
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
          { ...base, deprecated: d.deprecated ?? unknown, replacementText: replacementText(f), fixText },
          at(f),
        ),
      );
    } else if (f.status === 'not-yet') {
      out.push(
        makeFinding(rules, 'not-yet-flag', { ...base, since: d.since ?? unknown, version: version ?? unknown }, at(f)),
      );
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
            valuesText: d.values ? message('finding.one-of', { values: { list: d.values, join: 'comma' } }) : '',
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
