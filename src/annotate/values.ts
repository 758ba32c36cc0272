/**
 * Values of flags, checked and parsed by their pflag type and documented format, for the version the document runs:
 * the allowed values, value rules and value history of that version come from the flag's facts (FlagFacts).
 * `checkValue` never throws; it returns the parsed value or a message (a code, words in content/) saying what is
 * wrong, and a warning for a value that works but needs attention (deprecated, or not what a feature needs).
 */
import type { FlagDoc, FlagFacts, VersionRange } from '../knowledge/types';
import { replacementIsFlag } from '../knowledge/types';
import { valueStatusAt } from '../knowledge/flagFacts';
import type { ComponentId } from '../model/types';
import type { AssumedVersion } from './assumedVersion';
import { message, type Message } from '../model/message';
import {
  goIntRange,
  parseCidrSloppy,
  parseGoDuration,
  parseGoFloat,
  parseGoInt,
  parseIpSloppy,
  parsePortRange,
  readCsvRecord,
  splitHostPort,
} from './goParse';

export { parseGoDuration, parseGoFloat, parseGoInt } from './goParse';

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
  /** The value is (or holds) a template expression (templateExpression): filled in later, so never checked. */
  templated?: true;
}

/**
 * A template expression in a value, filled in before the component reads it: Jinja and Go / Helm templates
 * (`{{ .Values.port }}`, `{% if x %}`), shell, systemd and envsubst variables (`${SECURE_PORT}`), and the
 * container's environment variables that Kubernetes substitutes into `command` and `args` (`$(POD_IP)`; `$$(X)` is
 * an escaped, literal `$(X)`). The kind of the first one, or null when the value has none.
 */
export function templateExpression(value: string | null): 'template' | 'variable' | 'container-env' | null {
  if (value === null || (!value.includes('{') && !value.includes('$'))) return null;
  if (/\{\{[^]*?\}\}|\{%[^]*?%\}/.test(value)) return 'template';
  if (/(?<!\$)\$\{[A-Za-z_][^{}]*\}/.test(value)) return 'variable';
  if (/(?<!\$)\$\([A-Za-z_][\w.-]*\)/.test(value)) return 'container-env';
  return null;
}

const BOOL_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const BOOL_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

export function parseBool(text: string): boolean | null {
  if (BOOL_TRUE.has(text)) return true;
  if (BOOL_FALSE.has(text)) return false;
  return null;
}

/** Whether a CIDR reads as Kubernetes reads one (netutils.ParseCIDRSloppy; leading zeros allowed). */
export function isCidr(text: string): boolean {
  return parseCidrSloppy(text) !== null;
}

/** Whether an IP address reads as Kubernetes reads one (netutils.ParseIPSloppy; leading zeros allowed). */
export function isIp(text: string): boolean {
  return parseIpSloppy(text) !== null;
}

/**
 * Components that read IP address flags with Go's net.ParseIP (pflag's IPVar: --bind-address, --advertise-address),
 * which rejects an IPv4 part with a leading zero. The kubelet and kube-proxy read theirs with Kubernetes'
 * netutils.ParseIPSloppy, which reads `010` as decimal 10; CIDRs are read sloppily everywhere.
 */
const STRICT_IP: ReadonlySet<ComponentId> = new Set([
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'etcd',
]);

/** The Go integer types of pflag and Go's flag package: bits and sign (`int` and `uint` are 64-bit). */
const GO_INTS: Record<string, { bits: 32 | 64; signed: boolean }> = {
  int: { bits: 64, signed: true },
  int32: { bits: 32, signed: true },
  int64: { bits: 64, signed: true },
  uint: { bits: 64, signed: false },
  uint32: { bits: 32, signed: false },
  uint64: { bits: 64, signed: false },
};

/** A value of a Go integer type: the number, or what is wrong with it. */
function checkInt(value: string, type: string): { value: number } | { problem: Message } {
  const t = GO_INTS[type] ?? { bits: 64, signed: true };
  const r = parseGoInt(value, t.bits, t.signed);
  if ('value' in r) return { value: Number(r.value) };
  if (r.error === 'range')
    return { problem: message('value.out-of-range', { value, type, ...goIntRange(t.bits, t.signed) }) };
  // ParseUint takes no sign; a minus is worth its own words
  if (!t.signed && value.startsWith('-') && 'value' in parseGoInt(value.slice(1), t.bits, false))
    return { problem: message('value.negative', { value }) };
  return { problem: message('value.not-integer', { value, type }) };
}

/** An IP address of a flag: a problem (not one, or a leading zero Go rejects) or a warning (a leading zero read). */
function checkIp(doc: FlagDoc, value: string): { problem: Message | null; warning: Message | null } {
  const ip = parseIpSloppy(value);
  if (!ip) return { problem: message('value.not-ip', { value }), warning: null };
  if (!ip.leadingZero) return { problem: null, warning: null };
  if (STRICT_IP.has(doc.component))
    return { problem: message('value.ip-leading-zero', { value, fixed: ip.normalized }), warning: null };
  return {
    problem: null,
    warning: message('value.ip-leading-zero-read', { value, fixed: ip.normalized, component: doc.component }),
  };
}

/** CIDRs of a flag (ParseCIDRSloppy everywhere): a problem, or a warning for a leading zero. */
function checkCidrs(doc: FlagDoc, items: readonly string[]): { problem: Message | null; warning: Message | null } {
  let warning: Message | null = null;
  for (const value of items) {
    const cidr = parseCidrSloppy(value);
    if (!cidr) return { problem: message('value.not-cidr', { value }), warning: null };
    if (cidr.leadingZero && !warning)
      warning = message('value.ip-leading-zero-read', { value, fixed: cidr.normalized, component: doc.component });
  }
  return { problem: null, warning };
}

/** kube-proxy's IPPortVar: empty (off), an IP alone, or IP:port with a port of 0-65535 (no host names). */
function isIpPort(value: string): boolean {
  if (value === '' || parseIpSloppy(value)) return true;
  const hp = splitHostPort(value);
  return hp !== null && parseIpSloppy(hp.host) !== null && /^\d+$/.test(hp.port) && Number(hp.port) <= 65535;
}

/**
 * pflag's stringToString: with one `=` the whole value is one pair (surrounding double quotes trimmed), so its key
 * and value may hold commas (`metric,label=v1,v2`); with more, the value is one CSV record, whose double-quoted
 * fields keep their commas. Each pair is split at its first `=`.
 */
function readStringToString(value: string): { entries: [string, string][] } | { problem: Message } {
  if (value === '') return { entries: [] };
  const equals = value.split('=').length - 1;
  if (equals === 0) return { problem: message('value.not-key-value', { item: value }) };
  const pairs = equals === 1 ? [value.replace(/^"+|"+$/g, '')] : readCsvRecord(value);
  if (!pairs) return { problem: message('value.map-quotes', { value }) };
  const entries: [string, string][] = [];
  for (const item of pairs) {
    const eq = item.indexOf('=');
    if (eq < 0) return { problem: message('value.not-key-value', { item }) };
    entries.push([item.slice(0, eq), item.slice(eq + 1)]);
  }
  return { entries };
}

/** component-base's ConfigurationMap (--runtime-config): `key=value` or a key alone (true); values are booleans. */
function readRuntimeConfig(value: string): { entries: [string, string][] } | { problem: Message } {
  const entries: [string, string][] = [];
  for (const item of value.split(',')) {
    if (item === '') continue;
    const eq = item.indexOf('=');
    const key = (eq < 0 ? item : item.slice(0, eq)).trim();
    const v = eq < 0 ? '' : item.slice(eq + 1).trim();
    if (v !== '' && parseBool(v) === null)
      return { problem: message('value.runtime-config-not-bool', { key, value: v }) };
    entries.push([key, v]);
  }
  return { entries };
}

/** component-base's LangleSeparatedMapStringString (--eviction-hard): `signal<quantity` entries. */
function readThresholds(value: string): { entries: [string, string][] } | { problem: Message } {
  const entries: [string, string][] = [];
  for (const item of value.split(',')) {
    if (item === '') continue;
    const lt = item.indexOf('<');
    if (lt < 0) return { problem: message('value.not-threshold', { item }) };
    entries.push([item.slice(0, lt).trim(), item.slice(lt + 1).trim()]);
  }
  return { entries };
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

const NO_WARNING = { problem: null, warning: null };

function checkFormat(
  doc: FlagDoc,
  value: string,
  parsed: ParsedValue,
): { problem: Message | null; warning: Message | null } {
  switch (doc.format) {
    case 'cidr':
      return checkCidrs(doc, [value]);
    case 'cidrs':
      return checkCidrs(doc, splitList(value));
    case 'ip':
      return checkIp(doc, value);
    case 'ip-port':
      return isIpPort(value) ? NO_WARNING : { problem: message('value.not-ip-port', { value }), warning: null };
    case 'port': {
      // the number the type parsed (0x50 is 80), or decimal digits for a string flag
      const n = parsed.kind === 'number' ? parsed.value : /^\d+$/.test(value) ? Number(value) : NaN;
      return Number.isInteger(n) && n >= 0 && n <= 65535
        ? NO_WARNING
        : { problem: message('value.not-port', { value }), warning: null };
    }
    case 'port-range': {
      const r = parsePortRange(value);
      if (typeof r === 'object') return NO_WARNING;
      const code =
        r === 'reversed'
          ? 'value.port-range-reversed'
          : r === 'too-high'
            ? 'value.port-range-too-high'
            : 'value.not-port-range';
      return { problem: message(code, { value }), warning: null };
    }
    default:
      return { problem: checkOtherFormat(doc, value), warning: null };
  }
}

function checkOtherFormat(doc: FlagDoc, value: string): Message | null {
  switch (doc.format) {
    case 'url':
      return isUrl(value) ? null : message('value.not-url', { value });
    case 'urls': {
      const bad = splitList(value).find((u) => !isUrl(u));
      return bad === undefined ? null : message('value.not-url', { value: bad });
    }
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

/** The version a message names: `this version (1.26.0)`, `this version 1.31 (assumed from ...)` or the newest releases. */
function versionText(version: string | null, assumed: AssumedVersion | null, component: string): Message {
  if (version && assumed)
    return message('finding.assumed-version', { version: assumed.minor, assumed: assumedWords(assumed, component) });
  return version ? message('finding.this-version', { version }) : message('finding.newest-version');
}

/** A version number; an assumed one by its minor, as the flag findings name it (`1.31 (assumed from the workspace's other components)`). */
function versionNumber(version: string | null, assumed: AssumedVersion | null, component: string): Message | string {
  if (version && assumed)
    return message('finding.assumed-version-number', {
      version: assumed.minor,
      assumed: assumedWords(assumed, component),
    });
  return version ?? '?';
}

/**
 * How an assumed version came, in the words the flag findings use (src/analysis/flagChecks.ts assumedWords; repeated
 * here because annotation comes before analysis and must not import from it).
 */
export function assumedWords(assumed: AssumedVersion, component: string): Message {
  if (assumed.from === 'instance') return message('finding.assumed-instance', { component });
  return assumed.minors.length > 1
    ? message('finding.assumed-guess', { minors: { list: assumed.minors, join: 'and' } })
    : message('finding.assumed');
}

/**
 * The history of the values at the version: a removed or not-yet value is a problem, a deprecated one a warning.
 * Returns the values left to check against the allowed list.
 */
function checkHistory(
  doc: FlagDoc,
  items: readonly string[],
  version: string | null,
  assumed: AssumedVersion | null,
): { problem: Message | null; warning: Message | null } {
  let warning: Message | null = null;
  for (const item of items) {
    // `-name` switches a value off where the flag takes that (--controllers); `api/legacy=false` is judged by its key
    const bare = doc.negatable ? item.replace(/^-/, '') : item;
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
          versionText: versionText(version, assumed, component),
        }),
        warning: null,
      };
    if (s.status === 'not-yet')
      return {
        problem: message('value.not-yet', {
          value: v,
          component,
          since: s.since ?? '?',
          version: versionNumber(version, assumed, component),
        }),
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
 * The value read as the flag's type (a format that names the parser overrides the type the reference prints:
 * --runtime-config and --eviction-hard are printed as key=value pairs).
 */
function readValue(doc: FlagDoc, value: string): { parsed: ParsedValue; problem: Message | null; entries?: string[] } {
  const type = doc.type;
  let parsed: ParsedValue = { kind: 'text', value };
  let problem: Message | null = null;
  const mapFormat =
    doc.format === 'runtime-config'
      ? readRuntimeConfig(value)
      : doc.format === 'threshold-list'
        ? readThresholds(value)
        : null;
  if (mapFormat) {
    if ('problem' in mapFormat) return { parsed, problem: mapFormat.problem };
    // a map's entries are judged by key (`api/legacy=false` of --runtime-config)
    const entries = mapFormat.entries.map(([k, v]) => (v === '' ? k : `${k}=${v}`));
    return { parsed: { kind: 'map', entries: mapFormat.entries }, problem: null, entries };
  }
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
      const n = checkInt(value, type);
      if ('problem' in n) problem = n.problem;
      else parsed = { kind: 'number', value: n.value };
      break;
    }
    case 'int32Slice': {
      // pflag splits on every comma and parses each item with strconv.ParseInt(item, 0, 32)
      const items = value.split(',');
      for (const item of items) {
        const n = checkInt(item, 'int32');
        if ('problem' in n) {
          problem = n.problem;
          break;
        }
      }
      if (!problem) parsed = { kind: 'list', items };
      break;
    }
    case 'float':
    case 'float32': {
      const n = parseGoFloat(value, type === 'float32' ? 32 : 64);
      if (n === null) problem = message('value.not-number', { value });
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
    case 'stringToString': {
      const r = readStringToString(value);
      if ('problem' in r) problem = r.problem;
      else parsed = { kind: 'map', entries: r.entries };
      break;
    }
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
      if (!problem) parsed = { kind: 'map', entries };
      break;
    }
    default:
      break;
  }
  // feature gates: every value a boolean
  if (
    !problem &&
    parsed.kind === 'map' &&
    (doc.format === 'feature-gates' || type.includes('True|False') || type === 'mapStringBool')
  ) {
    const bad = parsed.entries.find(([, v]) => parseBool(v) === null);
    if (bad) problem = message('value.gate-not-bool', { gate: bad[0], value: bad[1] });
  }
  return { parsed, problem };
}

/**
 * Checks a value of a flag. With `facts` (KnowledgeBase.flagFacts) it is checked for that version: the entry as
 * it applies then (allowed values, default), the value rule in force and the value history. Without, the entry
 * is taken as the newest release. `assumed`: the document says no version and `facts.version` is the one assumed for
 * it (AnnotatedDocument.assumed); the value history's messages then say so.
 */
export function checkValue(
  entry: FlagDoc,
  value: string | null,
  facts?: FlagFacts | null,
  assumed: AssumedVersion | null = null,
): ValueCheck {
  const doc = facts?.doc ?? entry;
  const version = facts?.version ?? null;
  const type = doc.type;
  // a value the template, the shell or the kubelet fills in is not known here: never parsed, never judged
  if (templateExpression(value) !== null) return { parsed: null, problem: null, warning: null, templated: true };
  if (value === null) {
    // A bare flag only makes sense for booleans (and optional-value flags such as --version).
    if (type === 'bool' || type.includes('[=true]'))
      return { parsed: { kind: 'bool', value: true }, problem: null, warning: null };
    return { parsed: null, problem: message('value.needs-value', { flag: doc.name, type }), warning: null };
  }
  const read = readValue(doc, value);
  const parsed = read.parsed;
  let problem = read.problem;
  let formatWarning: Message | null = null;
  if (!problem) ({ problem, warning: formatWarning } = checkFormat(doc, value, parsed));
  const items = doc.multiple ? splitList(value) : (read.entries ?? [value]);
  // a value of the right type that this version does not accept (value history, value rule) still parses
  const malformed = problem !== null;
  let warning: Message | null = null;
  if (!problem && doc.valueHistory)
    ({ problem, warning } = checkHistory(doc, items, version, version === null ? null : assumed));
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
    const bad = items.filter((v) => !allowed.has(v) && !(doc.negatable && allowed.has(v.replace(/^-/, ''))));
    if (bad.length > 0) {
      const known = { list: doc.values, join: 'comma' } as const;
      problem =
        bad.length === 1
          ? message('value.not-allowed', { value: bad[0] ?? '', known })
          : message('value.not-allowed-many', { values: { list: bad.map((b) => `"${b}"`), join: 'comma' }, known });
    }
  }
  if (!problem && !warning) warning = formatWarning ?? adviseFormat(doc, value);
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
