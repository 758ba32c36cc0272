/**
 * Shape of the knowledge base: what `content/` holds about each flag and field.
 * The authoring format is documented in content/README.md; keep the two in step.
 */
import type { ComponentId } from '../model/types';
export type { ComponentInfo } from '../model/components';

export type FlagCategory =
  | 'networking'
  | 'etcd'
  | 'tls'
  | 'authentication'
  | 'authorization'
  | 'admission'
  | 'service-accounts'
  | 'audit'
  | 'aggregation'
  | 'feature-gates'
  | 'logging'
  | 'performance'
  | 'storage'
  | 'api'
  | 'kubelet-connection'
  | 'leader-election'
  | 'controllers'
  | 'scheduling'
  | 'cloud'
  | 'node'
  | 'runtime'
  | 'resources'
  | 'eviction'
  | 'proxy'
  | 'clustering'
  | 'debugging'
  | 'general'
  | 'deprecated';

export const FLAG_CATEGORIES: readonly FlagCategory[] = [
  'networking',
  'etcd',
  'tls',
  'authentication',
  'authorization',
  'admission',
  'service-accounts',
  'audit',
  'aggregation',
  'feature-gates',
  'logging',
  'performance',
  'storage',
  'api',
  'kubelet-connection',
  'leader-election',
  'controllers',
  'scheduling',
  'cloud',
  'node',
  'runtime',
  'resources',
  'eviction',
  'proxy',
  'clustering',
  'debugging',
  'general',
  'deprecated',
];

/** How a value is shaped beyond its pflag type, used to validate and explain it. */
export type ValueFormat =
  | 'path'
  | 'url'
  | 'urls'
  | 'ip'
  | 'cidr'
  | 'cidrs'
  | 'host-port'
  /** kube-proxy's IPPortVar: an IP address alone or IP:port, no host names; empty switches the server off. */
  | 'ip-port'
  | 'port'
  | 'port-range'
  | 'key-value-list'
  /** component-base's ConfigurationMap (--runtime-config): `key=true|false`, or a key alone meaning true. */
  | 'runtime-config'
  /** component-base's LangleSeparatedMapStringString (--eviction-hard): `signal<quantity` entries. */
  | 'threshold-list'
  | 'feature-gates'
  /** Any string is accepted; an https URL is needed for OIDC discovery (a warning otherwise). */
  | 'issuer';

/**
 * Versions in content are strings: `1.24`, `3.5`, or patch-precise `3.4.11` where the reference has the patch.
 * A bound without a patch means the whole minor line: `from: "3.6"` starts at 3.6.0, `until: "3.5"` ends after the
 * last 3.5.x. Both ends of a range are inclusive; a missing end is open. Compare the document's full version
 * (`3.5.15`) with them through src/knowledge/flagFacts.ts (inRange, sinceFor), never its minor.
 */
export interface VersionRange {
  from?: string;
  until?: string;
}

/**
 * Facts of a flag that hold only within a range of the component's versions (`versions:` of an entry). What a range
 * does not say is taken from the entry's top-level fields, which describe the newest release.
 */
export interface VersionedFacts extends VersionRange {
  /** The default in this range (null: none). */
  default?: string | null;
  /** The known values of an enum-like flag in this range (replaces the entry's `values`). */
  values?: string[];
  /** A value rule: only these values are accepted in this range; `reason` says why (our words). */
  allowed?: string[];
  reason?: string;
}

/** The history of one value of an enum-like or list flag (`valueHistory:` of an entry, keyed by the value). */
export interface ValueHistory {
  /** First version that accepts the value. */
  since?: string;
  /** A version, or true when the value is deprecated but the release is not recorded. */
  deprecated?: string | true;
  /** First version that rejects the value. */
  removed?: string;
  /** The value (`--flag=value`, written with dashes) or short text that replaces it. */
  replacement?: string;
  /** Short note, our words: why, or what to do. */
  note?: string;
}

/** What kubeadm writes for a flag, over a range of kubeadm versions (`kubeadmByVersion:`). */
export interface KubeadmFact extends VersionRange {
  /** The value written, or null when kubeadm does not set the flag in this range. */
  value: string | null;
  /** Short note, our words (a condition, such as "only with etcd older than 3.6"). */
  note?: string;
}

/** A flag the component cannot start without (FlagDoc.required). */
export interface RequiredFact {
  /** First release that refuses to start without it (quoted version); absent: every release tracked. */
  from?: string;
  /** Flags (no dashes) any of which, set, stands in for this one (`service-account-signing-endpoint`). */
  unless?: string[];
}

/** Documentation of one flag, as merged from content files. */
export interface FlagDoc {
  /** Canonical name without dashes. */
  name: string;
  component: ComponentId;
  /** pflag type word as the official reference prints it (`string`, `strings`, `bool`, `duration`...). */
  type: string;
  /** Default of the newest release as the reference prints it; null when there is none (older ones: `versions`). */
  default: string | null;
  /** One line, <= 120 characters. */
  summary: string;
  /** Markdown; our own words: what, why kubeadm sets it, what breaks, what it pairs with. */
  explanation: string;
  category: FlagCategory;
  /**
   * First version that has the flag (`1.24`, `3.4.11`); absent when it is older than the history we track.
   * When it reached several minor lines by patch releases, `sinceLines` lists the first patch of each line
   * (`[3.4.25, 3.5.8]`: 3.4.25+, 3.5.8+, every later line from .0) and `since` is the earliest of them.
   */
  since?: string;
  sinceLines?: string[];
  /** Version of the deprecation, or true when the flag is deprecated but the release is not recorded. */
  deprecated?: string | true;
  /** Why it is deprecated or what to do, in a few words (ours); required with `deprecated: true`. */
  deprecationNote?: string;
  /**
   * The deprecation is of the command-line form only: the component wants the setting in its configuration file
   * (the kubelet's KubeletConfiguration, the scheduler's KubeSchedulerConfiguration), so the same setting written
   * in that file is not deprecated (statusOf).
   */
  deprecatedForConfigFile?: boolean;
  /** First version without the flag (a patch where that is when it went: `3.6.5`). */
  removed?: string;
  /**
   * What replaces it: a flag name without dashes (`bind-address`), or short text in which flags are written with
   * their dashes (`--feature-gates=CompactHashCheck=true`, `maxPods in the KubeletConfiguration file`). See
   * replacementIsFlag.
   */
  replacement?: string;
  related: string[];
  /** Present when the flag matters for security: what to watch for. */
  security?: string;
  /** Allowed values of an enum-like flag in the newest release (older ones: `versions`, `valueHistory`). */
  values?: string[];
  /** For `values`: whether a comma-separated list of them is accepted. */
  multiple?: boolean;
  /** For a `multiple` list of `values`: a value may be written `-name` to switch it off (`--controllers=*,-ttl`). */
  negatable?: boolean;
  /**
   * Each occurrence adds one item, though the reference prints the item's type (`--tls-sni-cert-key` is a list of
   * `cert,key[:names]` pairs printed as `string`): repeating it appends instead of replacing.
   */
  repeatable?: boolean;
  /**
   * The component refuses to start without it (its options validation fails: kube-apiserver `--etcd-servers must be
   * specified`): from `from` on (absent: every release tracked), unless one of `unless` is set instead.
   */
  required?: RequiredFact;
  format?: ValueFormat;
  /** The value the newest kubeadm writes, when it sets the flag (older kubeadm: `kubeadmByVersion`). */
  kubeadm?: string;
  /** Facts that hold only for some versions of the component: defaults, values, value rules. */
  versions?: VersionedFacts[];
  /** Per value: when it came, was deprecated, went (values removed earlier are listed here, not in `values`). */
  valueHistory?: Record<string, ValueHistory>;
  /** What kubeadm wrote, by kubeadm version. */
  kubeadmByVersion?: KubeadmFact[];
  /** Other spellings accepted (e.g. one-letter shorthand `v`). */
  aliases?: string[];
  /** Official reference URL for this flag (derived when not written). */
  link: string;
  /** Content file the entry came from, for error messages and editing. */
  source: string;
  /**
   * The language its prose (summary, explanation, security, deprecationNote) is in: the knowledge base's language
   * when every prose key is translated, otherwise `en` (the English original is shown; the UI marks it). The
   * knowledge base always sets it; absent (a doc built by hand) means `en`.
   */
  proseLanguage?: string;
  /** In a translated knowledge base: the prose keys still shown in English (absent when none). */
  untranslated?: ('summary' | 'explanation' | 'security' | 'deprecationNote' | 'replacement')[];
}

/** Documentation of one structured field (Pod spec, kubeconfig, systemd directive...). */
export interface FieldDoc {
  /** Path as in FieldOccurrence.path, e.g. `spec.hostNetwork`, `spec.containers[].livenessProbe`. */
  path: string;
  summary: string;
  explanation: string;
  type?: string;
  /** The default as a value (`IfNotPresent`, `10`): a fact, shown as code. */
  default?: string | null;
  /**
   * A default that is words, not one value (`the Pod IP`, `IfNotPresent for a tagged image, Always for :latest`):
   * prose, translated by the overlay (content/<lang>/fields), shown as text. An entry has this or `default`.
   */
  defaultNote?: string;
  values?: string[];
  security?: string;
  related: string[];
  link?: string;
  source: string;
  /** The language summary and explanation are in: the knowledge base's language when both are translated, else `en`
   * (absent: `en`). */
  proseLanguage?: string;
}

export type FlagStatus = 'ok' | 'deprecated' | 'removed' | 'unknown' | 'not-yet';

/**
 * The answer to "what holds for flag F of component C at version V" (KnowledgeBase.flagFacts, factsAt in
 * flagFacts.ts): the one question annotation, the effective configuration and the audit all ask. Plain data
 * (it crosses the worker boundary); with no version (`version: null`) it describes the newest release.
 */
export interface FlagFacts {
  /** The entry with this version's facts applied (default, values, since, kubeadm): what to show for it. */
  doc: FlagDoc;
  /** The version asked about; null when unknown (then every fact is the newest release's). */
  version: string | null;
  status: Exclude<FlagStatus, 'unknown'>;
  /**
   * The version the status dates from: the `since` of the version's line (not-yet), the deprecation (deprecated)
   * or the removal (removed); null when it is ok or the release is not recorded.
   */
  statusVersion: string | null;
  /** Why it is deprecated, in a few words, when the entry says so. */
  deprecationNote: string | null;
  /** The default at this version (null: none). */
  default: string | null;
  /** Values accepted at this version (an enum-like flag), or null when any value of its type is. */
  values: string[] | null;
  /** A value rule in force at this version: only `allowed` are accepted, because `reason`. */
  rule: { allowed: string[]; reason: string; range: VersionRange } | null;
  /** What kubeadm writes at the kubeadm version asked about (or the newest), null when it does not set it. */
  kubeadm: string | null;
  /** The condition kubeadm writes it under, in a few words, when there is one. */
  kubeadmNote: string | null;
}

/** Whether a `replacement` names another flag (written without dashes) rather than describing a change. */
export function replacementIsFlag(replacement: string): boolean {
  return /^[a-z0-9]+(-[a-z0-9]+)*$/.test(replacement) && !NOT_FLAG_WORDS.has(replacement);
}

/**
 * A replacement that names a field of the component's configuration file, written in content as
 * `<field> in the <Kind> file (--config)` (most kubelet flags): the field and the kind, so each language can word it.
 */
export function configFieldReplacement(replacement: string): { field: string; file: string } | null {
  const m = /^(\S+) in the ([A-Za-z]+) file \(--config\)$/.exec(replacement);
  return m ? { field: m[1]!, file: m[2]! } : null;
}

/**
 * Whether a replacement holds words a translation must give (`external cloud-controller-manager`, `--token-auth-file
 * (or client certificates / OIDC)`): not a flag name, not a configuration-file field (worded by each language), and
 * an English word left once flags, paths and identifiers (`--feature-gates=X=true`, `spec.shareProcessNamespace`)
 * are taken out.
 */
export function replacementNeedsWords(replacement: string): boolean {
  if (replacementIsFlag(replacement) || configFieldReplacement(replacement)) return false;
  const words = replacement
    .replace(/--\S+/g, ' ')
    .replace(/\b[a-z0-9]+(?:-[a-z0-9]+)+\b/g, ' ')
    .replace(/\S*[/._:=]\S*/g, ' ')
    .replace(/\b[A-Za-z]*[A-Z][a-z]+[A-Z]\w*\b/g, ' ');
  return /\b[a-z]{3,}\b/.test(words);
}

/** Single words that read like a flag name but say there is no replacement; content must not use them. */
export const NOT_FLAG_WORDS: ReadonlySet<string> = new Set(['none', 'nothing', 'n-a', 'na', 'unknown', 'removed']);
