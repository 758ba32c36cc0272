/**
 * Per-document flag checks: unknown, duplicate, deprecated, removed, newer than the version,
 * and values that do not parse as the flag's type. A secret value is never quoted: findings say its length.
 *
 * A flag written more than once: a scalar flag keeps its last value (duplicate-flag, a warning on each occurrence
 * that loses); a list or map flag of a Kubernetes component adds the values up (pflag appends slices and arrays,
 * merges maps), which is legitimate but easy to misread as "the last one wins", so repeated-flag-combined says what
 * the component ends up with (an info on each occurrence but the last). See appendsWhenRepeated for etcd.
 *
 * The version: the document's own, else the one assumed from its instance's other documents or the workspace's other
 * components (src/annotate/assumedVersion.ts; the removed, deprecated and not-yet findings say it is assumed, and whether it
 * is a guess), else none: the newest release's facts, and then a removed flag is a warning whose words say the
 * version is not known (an older binary may still accept it).
 */
import { judgedVersion, type AnnotatedDocument, type AnnotatedFlag } from '../annotate/annotate';
import type { AssumedVersion } from '../annotate/assumedVersion';
import type { Finding } from './types';
import { makeFinding, type RuleSeverities } from './rules';
import { isMessage, message, type Message, type MessageParam } from '../model/message';
import type { SecretInfo } from '../model/types';
import { configFieldReplacement, replacementIsFlag } from '../knowledge/types';
import { appendsWhenRepeated, mergesWhenRepeated } from '../effective/configuration';
import { templateExpression } from '../annotate/values';

/** What is shown instead of a secret value: `••••••• (23 characters)` (content/<lang>/messages.yaml `value.secret`). */
export function secretMask(secret: Pick<SecretInfo, 'length'>): Message {
  return message('value.secret', { length: secret.length });
}

/** Params that name the flag or its type, never a value. */
const NOT_VALUES = new Set(['flag', 'component', 'type', 'known']);

/** Whether a param quotes (part of) the secret value. */
function quotesSecret(p: string, value: string): boolean {
  if (p === '' || value === '') return false;
  return p === value || p.includes(value) || (p.length >= 4 && value.includes(p));
}

/**
 * A message about a secret value with every param that quotes it replaced by the mask (nested messages too):
 * `"abcdef.0123…" is not a URL` becomes `"••••••• (23 characters)" is not a URL`.
 */
export function redactMessage(m: Message, value: string, secret: Pick<SecretInfo, 'length'>): Message {
  const params: Record<string, MessageParam> = {};
  for (const [key, p] of Object.entries(m.params)) {
    if (NOT_VALUES.has(key)) params[key] = p;
    else if (typeof p === 'string') params[key] = quotesSecret(p, value) ? secretMask(secret) : p;
    else if (typeof p === 'number') params[key] = p;
    else if (isMessage(p)) params[key] = redactMessage(p, value, secret);
    else params[key] = { ...p, list: p.list.map((x) => (quotesSecret(x, value) ? '•••••••' : x)) };
  }
  return { code: m.code, params };
}

/** The value a finding may quote: the mask for a secret (a placeholder such as `REDACTED` stays as written). */
function quotableValue(f: AnnotatedFlag): MessageParam {
  if (f.secret && !f.secret.redacted) return secretMask(f.secret);
  return excerpt(f.occurrence.value ?? 'true');
}

/** How much of a value a finding repeated on every occurrence of a flag quotes. */
export const MAX_QUOTED_VALUE = 300;

/** `text`, or its first MAX_QUOTED_VALUE characters and `…` (never half a surrogate pair). */
export function excerpt(text: string): string {
  if (text.length <= MAX_QUOTED_VALUE) return text;
  let end = MAX_QUOTED_VALUE;
  const c = text.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

function flagRange(f: AnnotatedFlag) {
  return f.occurrence.nameRange;
}

/** ` since kube-apiserver 1.10`, or for a deprecation without a recorded release its note (when nothing replaces it). */
function deprecatedWhen(f: AnnotatedFlag, component: string): Message | string {
  const since = f.facts?.statusVersion;
  if (since) return message('finding.deprecated-since', { component, version: since });
  const note = f.facts?.deprecationNote;
  return note && !f.doc?.replacement ? message('finding.deprecated-note', { note }) : '';
}

/** How an assumed version came: its instance's other documents, the workspace's components, or a guess among those. */
function assumedWords(assumed: AssumedVersion, component: string): Message {
  if (assumed.from === 'instance') return message('finding.assumed-instance', { component });
  return assumed.minors.length > 1
    ? message('finding.assumed-guess', { minors: { list: assumed.minors, join: 'and' } })
    : message('finding.assumed');
}

/** The removed-flag words for the version: this one, the assumed one, or not known (newest releases' facts). */
function removedVersionText(
  version: string | null,
  assumed: AssumedVersion | undefined,
  removed: string | null,
  component: string,
) {
  if (assumed)
    return message('finding.assumed-version', { version: assumed.minor, assumed: assumedWords(assumed, component) });
  if (version) return message('finding.this-version', { version });
  return removed
    ? message('finding.unknown-version-removed', { removed })
    : message('finding.unknown-version-removed-undated');
}

/** A replacement that is not a flag, as words: a config-file field is worded by each language. */
function replacementWords(r: string): Message | string {
  const field = configFieldReplacement(r);
  return field ? message('replacement.config-field', field) : r;
}

function replacementText(f: AnnotatedFlag): Message | string {
  const r = f.doc?.replacement;
  if (!r) return '';
  if (replacementIsFlag(r)) return message('finding.use-flag-instead', { replacement: r });
  return message('finding.replaced-by', { replacement: replacementWords(r) });
}

/**
 * A document with more unknown flags than this, that are also most of its flags, is probably not a command line of
 * its component (a log, another program's options, a generated file): one `unknown-flag-flood` finding stands for
 * all of them instead of one `unknown-flag` finding each. Every flag keeps its status, suggestions and hover.
 */
export const UNKNOWN_FLOOD_MIN = 200;

/** The number of unknown flags when they flood the document (see UNKNOWN_FLOOD_MIN), else 0. */
export function unknownFlood(doc: AnnotatedDocument): number {
  let unknown = 0;
  for (const f of doc.flags) if (f.status === 'unknown') unknown++;
  return unknown > UNKNOWN_FLOOD_MIN && unknown * 2 > doc.flags.length ? unknown : 0;
}

export function checkFlags(doc: AnnotatedDocument, rules: RuleSeverities): Finding[] {
  const out: Finding[] = [];
  const component = doc.document.component;
  if (!component) return out;
  const version = judgedVersion(doc);
  const assumed = doc.assumed;
  const at = (f: AnnotatedFlag) => ({ fileId: f.occurrence.fileId, range: flagRange(f), documentId: doc.document.id });
  const flood = unknownFlood(doc);
  const firstUnknown = flood > 0 ? doc.flags.find((f) => f.status === 'unknown') : undefined;
  if (firstUnknown) {
    out.push(
      makeFinding(
        rules,
        'unknown-flag-flood',
        { count: flood, total: doc.flags.length, component, flag: firstUnknown.occurrence.name },
        at(firstUnknown),
      ),
    );
  }

  const seen = new Map<string, AnnotatedFlag[]>();
  for (const f of doc.flags) {
    const key = f.canonical ?? f.occurrence.name;
    const same = seen.get(key);
    if (same) same.push(f);
    else seen.set(key, [f]);
    const base = { flag: f.canonical ?? f.occurrence.name, component };
    if (f.status === 'unknown') {
      if (flood > 0) continue; // summarised above
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
        : message('finding.fix-use-instead', { replacement: replacementWords(d.replacement) })
      : message('finding.fix-delete');
    const unknown = message('finding.unknown-version');
    const statusVersion = f.facts?.statusVersion ?? null;
    if (f.status === 'removed') {
      out.push(
        makeFinding(
          rules,
          'removed-flag',
          {
            ...base,
            removed: statusVersion ?? unknown,
            replacementText: replacementText(f),
            versionText: removedVersionText(version, assumed, statusVersion, component),
            fixText,
          },
          at(f),
          // no version known: an older release may still run with it
          version || rules['removed-flag'] !== 'error' ? {} : { severity: 'warning' },
        ),
      );
    } else if (f.status === 'deprecated') {
      out.push(
        makeFinding(
          rules,
          'deprecated-flag',
          {
            ...base,
            whenText: assumed
              ? message('finding.deprecated-assumed', {
                  when: deprecatedWhen(f, component),
                  version: assumed.minor,
                  assumed: assumedWords(assumed, component),
                })
              : deprecatedWhen(f, component),
            replacementText: replacementText(f),
            fixText,
          },
          at(f),
        ),
      );
    } else if (f.status === 'not-yet') {
      out.push(
        makeFinding(
          rules,
          'not-yet-flag',
          {
            ...base,
            since: statusVersion ?? unknown,
            version: assumed
              ? message('finding.assumed-version-number', {
                  version: assumed.minor,
                  assumed: assumedWords(assumed, component),
                })
              : (version ?? unknown),
          },
          at(f),
        ),
      );
    }
    // `${VAR}` / `$(VAR)`: said at the value (a Jinja or Helm expression is said once, by the file's templated notice)
    const templated = templateExpression(f.occurrence.value);
    if ((templated === 'variable' || templated === 'container-env') && f.status !== 'removed') {
      out.push(
        makeFinding(
          rules,
          'templated-value',
          {
            ...base,
            value: quotableValue(f),
            whatText: message(
              templated === 'variable' ? 'finding.templated-variable' : 'finding.templated-container-env',
            ),
          },
          { fileId: f.occurrence.fileId, range: f.occurrence.valueRange ?? flagRange(f), documentId: doc.document.id },
        ),
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
            problem:
              f.secret && !f.secret.redacted
                ? redactMessage(f.valueProblem, f.occurrence.value ?? '', f.secret)
                : f.valueProblem,
            type: d.type,
            valuesText: d.values ? message('finding.one-of', { values: { list: d.values, join: 'comma' } }) : '',
          },
          { fileId: f.occurrence.fileId, range, documentId: doc.document.id },
        ),
      );
    }
    if (f.valueWarning && !f.valueProblem && f.status !== 'removed') {
      const range = f.occurrence.valueRange ?? flagRange(f);
      out.push(
        makeFinding(
          rules,
          f.valueWarning.code === 'value.deprecated' ? 'deprecated-value' : 'value-advice',
          {
            ...base,
            problem:
              f.secret && !f.secret.redacted
                ? redactMessage(f.valueWarning, f.occurrence.value ?? '', f.secret)
                : f.valueWarning,
          },
          { fileId: f.occurrence.fileId, range, documentId: doc.document.id },
        ),
      );
    }
  }
  for (const [name, list] of seen) {
    if (list.length < 2) continue;
    const last = list[list.length - 1];
    const type = last?.doc?.type;
    if (type && appendsWhenRepeated(type, component, last?.doc?.repeatable)) {
      const values = list.map((f) => f.occurrence.value ?? '').filter((v) => v !== '');
      // items of a repeatable flag hold commas themselves (cert,key): they are shown apart
      const joined = values.join(last?.doc?.repeatable ? ' ' : ',');
      // one secret occurrence masks the whole combined value
      const secret = list.find((f) => f.secret && !f.secret.redacted)?.secret;
      // each occurrence but the last gets this finding: the value is quoted up to a length, else n occurrences
      // would quote n values each (50,000 --etcd-servers: 50,000 messages of 1.9 MB, out of memory)
      const value = secret ? secretMask({ length: joined.length }) : excerpt(joined);
      const howText = message(mergesWhenRepeated(type) ? 'finding.repeated-map' : 'finding.repeated-list');
      for (const f of list.slice(0, -1))
        out.push(
          makeFinding(
            rules,
            'repeated-flag-combined',
            { flag: name, component, count: String(list.length), howText, value },
            at(f),
          ),
        );
      continue;
    }
    for (const f of list.slice(0, -1)) {
      out.push(
        makeFinding(
          rules,
          'duplicate-flag',
          { flag: name, component, count: String(list.length), last: last ? quotableValue(last) : 'true' },
          at(f),
        ),
      );
    }
  }
  return out;
}
