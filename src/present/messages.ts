/**
 * Words at the edge: a message code and its params, or a finding, rendered in the UI language from
 * content/<lang>/messages.yaml and rules.yaml. Shared by the editor, the views, the worker and the CLI.
 * Unknown placeholders stay visible (`{name}`) so a content bug shows; an unknown code falls back to its params.
 */
import type { Severity } from '../model/types';
import { isMessage, type Message, type MessageParam, type MessageParams } from '../model/message';
import type { Finding } from '../analysis/types';
import { RULE_IDS, type RuleId } from '../generated/ids';
import { scalarText } from '../util/strings';

export interface RuleText {
  severity: Severity;
  title: string;
  message: string;
  messageWithSuggestion?: string;
  explanation: string;
  fix: string;
}

/** Everything needed to put words on the pipeline's output, for one language. Plain data: it crosses postMessage. */
export interface MessageCatalogue {
  language: string;
  messages: Record<string, string>;
  rules: Partial<Record<RuleId, RuleText>>;
}

/** A finding with its words. */
export interface PresentedFinding extends Finding {
  title: string;
  message: string;
  explanation: string | null;
  fix: string | null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isRuleId = (id: string): id is RuleId => (RULE_IDS as readonly string[]).includes(id);

/** The catalogue from the parsed content files (KnowledgeBase.loadMessages of rules.yaml and messages.yaml). */
export function readMessageCatalogue(
  language: string,
  rawRules: Record<string, unknown>,
  rawMessages: Record<string, unknown>,
): MessageCatalogue {
  const rules: Partial<Record<RuleId, RuleText>> = {};
  const list = isRecord(rawRules.rules) ? rawRules.rules : {};
  for (const [id, v] of Object.entries(list)) {
    if (!isRecord(v) || !isRuleId(id)) continue;
    const s = scalarText(v.severity ?? 'warning');
    rules[id] = {
      severity: s === 'error' || s === 'info' ? s : 'warning',
      title: scalarText(v.title ?? id),
      message: scalarText(v.message ?? id),
      ...(typeof v.messageWithSuggestion === 'string' ? { messageWithSuggestion: v.messageWithSuggestion } : {}),
      explanation: scalarText(v.explanation),
      fix: scalarText(v.fix),
    };
  }
  const messages: Record<string, string> = {};
  const rawList = isRecord(rawMessages.messages) ? rawMessages.messages : {};
  for (const [code, text] of Object.entries(rawList)) if (typeof text === 'string') messages[code] = text;
  return { language, messages, rules };
}

function joinList(items: readonly string[], join: 'and' | 'or' | 'comma', language: string): string {
  // Chinese enumerates with 、 (`cis-1.11 1.2.1、cis-1.11 1.2.5`: a comma between Latin items in Chinese text reads as
  // English punctuation)
  if (join === 'comma') return items.join(/^zh\b/i.test(language) ? '、' : ', ');
  // Chinese lists our items (flag names, paths, hosts: Latin text) as a、b 和 c: Intl writes a、b和c, which runs the
  // last two together
  if (/^zh\b/i.test(language) && items.length > 1)
    return `${items.slice(0, -1).join('、')} ${join === 'and' ? '和' : '或'} ${items[items.length - 1]}`;
  try {
    return new Intl.ListFormat(language, { type: join === 'and' ? 'conjunction' : 'disjunction' }).format(items);
  } catch {
    return items.join(', ');
  }
}

function renderParam(catalogue: MessageCatalogue, p: MessageParam): string {
  if (typeof p === 'string') return p;
  if (typeof p === 'number') return p.toLocaleString(catalogue.language);
  if (isMessage(p)) return renderMessage(catalogue, p);
  return joinList(p.list, p.join, catalogue.language);
}

/** Replace `{name}` placeholders with rendered params; unknown placeholders stay visible. */
/** CJK characters and full-width punctuation. */
const CJK = '[\\u3000-\\u303f\\u3400-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef]';
const CJK_GAP = new RegExp(`(${CJK}) (?=${CJK})`, 'g');

export function fillTemplate(catalogue: MessageCatalogue, template: string, params: MessageParams): string {
  const text = template.replace(/\{([A-Za-z]+)\}/g, (whole, key: string) => {
    const p = params[key];
    return p === undefined ? whole : renderParam(catalogue, p);
  });
  // Chinese puts no space between its characters: a template's space beside a placeholder (there for a flag name,
  // `已由 --x 取代`) goes when the value is Chinese words (`已由 外部的 cloud-controller-manager 取代` keeps the space
  // before the Latin word only)
  return /^zh\b/i.test(catalogue.language) ? text.replace(CJK_GAP, '$1') : text;
}

export function renderMessage(catalogue: MessageCatalogue, m: Message): string {
  const template = catalogue.messages[m.code];
  if (template === undefined) return m.code;
  return fillTemplate(catalogue, template, m.params);
}

export function presentFinding(catalogue: MessageCatalogue, f: Finding): PresentedFinding {
  const text = catalogue.rules[f.rule];
  const template = (f.variant === 'withSuggestion' && text?.messageWithSuggestion) || text?.message || f.rule;
  const fill = (t: string) => fillTemplate(catalogue, t, f.params);
  return {
    ...f,
    title: text?.title ?? f.rule,
    message: fill(template),
    explanation: text?.explanation ? fill(text.explanation) : null,
    fix: text?.fix ? fill(text.fix) || null : null,
  };
}
