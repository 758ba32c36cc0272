/**
 * Markdown explanations of flags and fields, for the editor hover and the reference view. Pure.
 * Our content (summary, explanation, security) is Markdown; everything read from the user's files (a flag as spelled,
 * a field path, a message quoting a value) goes in through escapeMarkdown or codeSpan, so it is only ever text.
 */
import type { AnnotatedField, AnnotatedFlag } from '../annotate/annotate';
import { configFieldReplacement, replacementIsFlag, type FlagDoc } from '../knowledge/types';
import { isFallback, t, tDynamic } from '../i18n';
import { codeSpan as code, escapeMarkdown } from '../util/markdown';
import type { MessageCatalogue } from './messages';
import { isHidden, maskText, shownValueProblem } from './redact';

/**
 * The marker of prose shown in English because the UI language has no translation of it yet (` · *English
 * original*`), or '' when the prose is in the UI language. `proseLanguage` absent: English.
 */
export function fallbackMarker(proseLanguage: string | undefined): string {
  if (!isFallback(proseLanguage)) return '';
  return ` · *${t('i18n.fallback')}*`;
}

/** A flag's replacement in the hover: a flag name, a config-file field worded in the UI language, or content's text. */
function replacementMarkdown(r: string): string {
  if (replacementIsFlag(r)) return code(`--${r}`);
  const field = configFieldReplacement(r);
  return field ? t('replacement.configField', { field: code(field.field), file: field.file }) : r;
}

export function flagFactsLine(doc: FlagDoc): string {
  const facts = [
    `${t('hover.type')} ${code(doc.type)}`,
    `${t('hover.default')} ${doc.default === null ? '—' : code(doc.default || '""')}`,
  ];
  if (doc.kubeadm) facts.push(`${t('hover.kubeadm')} ${code(doc.kubeadm)}`);
  if (doc.since) facts.push(`${t('hover.since')} ${doc.since}`);
  // a release when the reference records one; else the word alone (the note follows in the explanation's place)
  if (doc.deprecated)
    facts.push(doc.deprecated === true ? t('panel.status.deprecated') : `${t('hover.deprecated')} ${doc.deprecated}`);
  if (doc.removed) facts.push(`${t('hover.removed')} ${doc.removed}`);
  if (doc.replacement) facts.push(`${t('hover.replacement')} ${replacementMarkdown(doc.replacement)}`);
  return facts.join(' · ');
}

export function flagHoverMarkdown(
  flag: AnnotatedFlag,
  component: string | null,
  catalogue: MessageCatalogue | null,
): string[] {
  const o = flag.occurrence;
  const doc = flag.doc;
  // never the value itself: what kind of secret it is and its length
  const secret = isHidden(flag.secret)
    ? t('hover.secret', {
        kind: escapeMarkdown(tDynamic(`secret.kind.${flag.secret.kind}`)),
        mask: escapeMarkdown(maskText(flag.secret, catalogue)),
      })
    : null;
  if (!doc) {
    const parts = [
      `**${escapeMarkdown(o.spelled)}** — ${t('hover.unknown', { component: escapeMarkdown(component ?? '?') })}`,
    ];
    if (flag.suggestions.length > 0)
      parts.push(t('hover.didYouMean', { names: flag.suggestions.map((s) => code(`--${s}`)).join(', ') }));
    if (secret) parts.push(secret);
    return parts;
  }
  const status = flag.status === 'ok' ? '' : ` — **${tDynamic(`panel.status.${flag.status}`)}**`;
  const parts = [
    `**--${doc.name}**${status}${fallbackMarker(doc.proseLanguage)}\n\n${doc.summary}`,
    flagFactsLine(doc),
    doc.explanation,
  ];
  if (secret) parts.push(secret);
  const problem = shownValueProblem(flag, catalogue);
  // a message of our catalogue (plain text, no Markdown) that quotes the value: all of it is text
  if (problem) parts.push(`**${t('hover.valueProblem')}:** ${escapeMarkdown(problem)}`);
  if (doc.security) parts.push(`**${t('hover.security')}:** ${doc.security}`);
  if (doc.related.length > 0) parts.push(`${t('hover.related')}: ${doc.related.map((r) => code(`--${r}`)).join(', ')}`);
  parts.push(`[${t('hover.reference')}](${doc.link})`);
  return parts;
}

export function fieldHoverMarkdown(field: AnnotatedField): string[] | null {
  const doc = field.doc;
  if (!doc) return null;
  const facts: string[] = [];
  if (doc.type) facts.push(`${t('hover.type')} ${code(doc.type)}`);
  if (doc.default !== undefined && doc.default !== null) facts.push(`${t('hover.default')} ${code(doc.default)}`);
  // a default in words (content prose, translated) is text, not code
  else if (doc.defaultNote) facts.push(`${t('hover.default')} ${doc.defaultNote}`);
  const parts = [`**${escapeMarkdown(field.occurrence.path)}**${fallbackMarker(doc.proseLanguage)}\n\n${doc.summary}`];
  if (facts.length > 0) parts.push(facts.join(' · '));
  parts.push(doc.explanation);
  if (doc.security) parts.push(`**${t('hover.security')}:** ${doc.security}`);
  if (doc.link) parts.push(`[${t('hover.reference')}](${doc.link})`);
  return parts;
}
