/**
 * Values of flags, checked and parsed by their pflag type and documented format, for the version the document runs:
 * the allowed values, value rules and value history of that version come from the flag's facts (FlagFacts).
 * `checkValue` never throws; it returns the parsed value or a message (a code, words in content/) saying what is
 * wrong, and a warning for a value that works but needs attention (deprecated, or not what a feature needs).
 */
import ipaddr from 'ipaddr.js';
import type { FlagDoc, FlagFacts, VersionRange } from '../knowledge/types';
import { replacementIsFlag } from '../knowledge/types';
import { valueStatusAt } from '../knowledge/flagFacts';
import { message, type Message } from '../model/message';

export type ParsedValue =
  | { kind: 'bool'; value: boolean }
  | { kind: 'number'; value: number }
  | { kind: 'duration'; seconds: number }
  | { kind: 'list'; items: string[] }
  | { kind: 'map'; entries: [string, string][] }
  | { kind: 'text'; value: string };

export interface ValueCheck {
  parsed: ParsedValue | null;
  /** What is wrong with the value (content/<lang>/messages.yaml `value.*`); null when it is fine. */
  problem: Message | null;
  /** What needs attention in a value that works: deprecated, or short of what a feature needs; null when none. */
  warning: Message | null;
}

const BOOL_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const BOOL_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);
const DURATION_UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Go's time.ParseDuration, in seconds; null when invalid. */
export function parseGoDuration(text: string): number | null {
  if (text === '0') return 0;
  const m = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(text);
  if (!m) return null;
  let total = 0;
  for (const part of text.replace(/^[-+]/, '').matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(part[1]) * (DURATION_UNITS[part[2] ?? 's'] ?? 1);
  }
  return m[1] === '-' ? -total : total;
}

export function parseBool(text: string): boolean | null {
  if (BOOL_TRUE.has(text)) return true;
  if (BOOL_FALSE.has(text)) return false;
  return null;
}

export function isCidr(text: string): boolean {
  try {
    ipaddr.parseCIDR(text);
    return true;
  } catch {
    return false;
  }
}

export function isIp(text: string): boolean {
  return ipaddr.isValid(text);
}

function isHttpsUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === 'https:' && u.host !== '';
  } catch {
    return false;
  }
}

function isUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol.length > 1 && (u.host !== '' || u.protocol === 'unix:' || u.protocol === 'unixs:');
  } catch {
    return false;
  }
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function checkFormat(doc: FlagDoc, value: string): Message | null {
  switch (doc.format) {
    case 'cidr':
      return isCidr(value) ? null : message('value.not-cidr', { value });
    case 'cidrs': {
      const bad = splitList(value).find((c) => !isCidr(c));
      return bad === undefined ? null : message('value.not-cidr', { value: bad });
    }
    case 'ip':
      return isIp(value) ? null : message('value.not-ip', { value });
    case 'url':
      return isUrl(value) ? null : message('value.not-url', { value });
    case 'urls': {
      const bad = splitList(value).find((u) => !isUrl(u));
      return bad === undefined ? null : message('value.not-url', { value: bad });
    }
    case 'port': {
      const n = Number(value);
      return Number.isInteger(n) && n >= 0 && n <= 65535 ? null : message('value.not-port', { value });
    }
    case 'port-range':
      return /^\d+-\d+$/.test(value) || /^\d+\+\d+$/.test(value) ? null : message('value.not-port-range', { value });
    case 'host-port':
      return /^(\[[0-9a-fA-F:]+\]|[^\s:]*):\d+$/.test(value) ? null : message('value.not-host-port', { value });
    default:
      return null;
  }
}

/** A version range in words: `1.20 to 1.23`, `1.20 and later`, `up to 1.19`. */
function rangeText(range: VersionRange): Message | string {
  if (range.from && range.until) return message('value.range-between', { from: range.from, until: range.until });
  if (range.from) return message('value.range-from', { from: range.from });
  if (range.until) return message('value.range-until', { until: range.until });
  return '';
}

function replacementText(replacement: string | undefined): Message | string {
  if (!replacement) return '';
  return replacementIsFlag(replacement)
    ? message('finding.use-flag-instead', { replacement })
    : message('finding.replaced-by', { replacement });
}

/** The version a message names: `this version (1.26.0)` or, with no version, the newest releases. */
function versionText(version: string | null): Message {
  return version ? message('finding.this-version', { version }) : message('finding.newest-version');
}

/**
 * The history of the values at the version: a removed or not-yet value is a problem, a deprecated one a warning.
 * Returns the values left to check against the allowed list.
 */
function checkHistory(
  doc: FlagDoc,
  items: readonly string[],
  version: string | null,
): { problem: Message | null; warning: Message | null } {
  let warning: Message | null = null;
  for (const item of items) {
    // `-Plugin` disables a plugin; `api/legacy=false` is judged by its key
    const bare = item.replace(/^-/, '');
    const key = bare.split('=')[0] ?? bare;
    const v = doc.valueHistory?.[bare] === undefined && doc.valueHistory?.[key] !== undefined ? key : bare;
    const s = valueStatusAt(doc, v, version);
    if (!s.history) continue;
    const component = doc.component;
    if (s.status === 'removed')
      return {
        problem: message('value.removed', {
          value: v,
          component,
          removed: s.since ?? '?',
          replacementText: replacementText(s.history.replacement),
          versionText: versionText(version),
        }),
        warning: null,
      };
    if (s.status === 'not-yet')
      return {
        problem: message('value.not-yet', { value: v, component, since: s.since ?? '?', version: version ?? '?' }),
        warning: null,
      };
    if (s.status === 'deprecated' && !warning)
      warning = message('value.deprecated', {
        value: v,
        whenText: s.since
          ? message('value.deprecated-since', { component, version: s.since })
          : s.history.note
            ? message('value.deprecated-note', { note: s.history.note })
            : '',
        replacementText: replacementText(s.history.replacement),
      });
  }
  return { problem: null, warning };
}

/** Advice on a value that is accepted but falls short of what a feature needs (by `format`). */
function adviseFormat(doc: FlagDoc, value: string): Message | null {
  if (doc.format === 'issuer') {
    const bad = splitList(value).find((v) => !isHttpsUrl(v));
    return bad === undefined ? null : message('value.issuer-not-https', { value: bad });
  }
  return null;
}

/**
 * Checks a value of a flag. With `facts` (KnowledgeBase.flagFacts) it is checked for that version: the entry as
 * it applies then (allowed values, default), the value rule in force and the value history. Without, the entry
 * is taken as the newest release.
 */
export function checkValue(entry: FlagDoc, value: string | null, facts?: FlagFacts | null): ValueCheck {
  const doc = facts?.doc ?? entry;
  const version = facts?.version ?? null;
  const type = doc.type;
  if (value === null) {
    // A bare flag only makes sense for booleans (and optional-value flags such as --version).
    if (type === 'bool' || type.includes('[=true]'))
      return { parsed: { kind: 'bool', value: true }, problem: null, warning: null };
    return { parsed: null, problem: message('value.needs-value', { flag: doc.name, type }), warning: null };
  }
  let parsed: ParsedValue = { kind: 'text', value };
  let problem: Message | null = null;
  switch (type) {
    case 'bool': {
      const b = parseBool(value);
      if (b === null) problem = message('value.not-bool', { value });
      else parsed = { kind: 'bool', value: b };
      break;
    }
    case 'int':
    case 'int32':
    case 'int64':
    case 'uint':
    case 'uint32':
    case 'uint64': {
      const n = Number(value);
      if (!/^[-+]?\d+$/.test(value) || !Number.isSafeInteger(n))
        problem = message('value.not-integer', { value, type });
      else if (type.startsWith('uint') && n < 0) problem = message('value.negative', { value });
      else parsed = { kind: 'number', value: n };
      break;
    }
    case 'float': {
      const n = Number(value);
      if (value.trim() === '' || Number.isNaN(n)) problem = message('value.not-number', { value });
      else parsed = { kind: 'number', value: n };
      break;
    }
    case 'duration': {
      const d = parseGoDuration(value);
      if (d === null) problem = message('value.not-duration', { value });
      else parsed = { kind: 'duration', seconds: d };
      break;
    }
    case 'strings':
    case 'urls':
    case 'stringSlice':
      parsed = { kind: 'list', items: splitList(value) };
      break;
    case 'stringToString':
    case 'mapStringBool':
    case 'mapStringString':
    case "<comma-separated 'key=value' pairs>":
    case "<comma-separated 'key=True|False' pairs>": {
      const entries: [string, string][] = [];
      for (const item of splitList(value)) {
        const eq = item.indexOf('=');
        if (eq <= 0) {
          problem = message('value.not-key-value', { item });
          break;
        }
        entries.push([item.slice(0, eq), item.slice(eq + 1)]);
      }
      if (!problem) {
        parsed = { kind: 'map', entries };
        if (doc.format === 'feature-gates' || type.includes('True|False') || type === 'mapStringBool') {
          const bad = entries.find(([, v]) => parseBool(v) === null);
          if (bad) problem = message('value.gate-not-bool', { gate: bad[0], value: bad[1] });
        }
      }
      break;
    }
    default:
      break;
  }
  if (!problem) problem = checkFormat(doc, value);
  const items = doc.multiple ? splitList(value) : [value];
  // a value of the right type that this version does not accept (value history, value rule) still parses
  const malformed = problem !== null;
  let warning: Message | null = null;
  if (!problem && doc.valueHistory) ({ problem, warning } = checkHistory(doc, items, version));
  const rule = facts?.rule;
  if (!problem && rule && !items.every((v) => rule.allowed.includes(v))) {
    const bad = items.find((v) => !rule.allowed.includes(v)) ?? value;
    problem = message('value.rule', {
      value: bad,
      component: doc.component,
      range: rangeText(rule.range),
      reason: rule.reason,
      allowed: { list: rule.allowed, join: 'or' },
    });
  }
  const notAccepted = problem !== null && !malformed;
  if (!problem && doc.values && doc.values.length > 0) {
    const allowed = new Set(doc.values);
    const bad = items.filter((v) => !allowed.has(v) && !allowed.has(v.replace(/^-/, '')));
    if (bad.length > 0) {
      const known = { list: doc.values, join: 'comma' } as const;
      problem =
        bad.length === 1
          ? message('value.not-allowed', { value: bad[0] ?? '', known })
          : message('value.not-allowed-many', { values: { list: bad.map((b) => `"${b}"`), join: 'comma' }, known });
    }
  }
  if (!problem && !warning) warning = adviseFormat(doc, value);
  return { parsed: problem && !notAccepted ? null : parsed, problem, warning: problem ? null : warning };
}

/** Whether a value differs from the documented default; null when that cannot be told. */
export function differsFromDefault(doc: FlagDoc, value: string | null, parsed: ParsedValue | null): boolean | null {
  const def = doc.default;
  if (def === null || def === undefined) {
    if (doc.type === 'bool') return parsed?.kind === 'bool' ? parsed.value !== false : null;
    return true; // no default: any value set is a choice
  }
  if (value === null) return doc.type === 'bool' ? parseBool(def) !== true : null;
  if (!parsed) return null;
  switch (parsed.kind) {
    case 'bool':
      return parseBool(def) !== parsed.value;
    case 'number':
      return Number(def) !== parsed.value;
    case 'duration':
      return parseGoDuration(def) !== parsed.seconds;
    case 'list':
      return splitList(def.replace(/^\[|\]$/g, '')).join(',') !== parsed.items.join(',');
    default:
      return def !== value;
  }
}
