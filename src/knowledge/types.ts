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
  | 'port'
  | 'port-range'
  | 'key-value-list'
  | 'feature-gates';

/** Documentation of one flag, as merged from content files. */
export interface FlagDoc {
  /** Canonical name without dashes. */
  name: string;
  component: ComponentId;
  /** pflag type word as the official reference prints it (`string`, `strings`, `bool`, `duration`...). */
  type: string;
  /** Default as the reference prints it; null when there is none. */
  default: string | null;
  /** One line, <= 120 characters. */
  summary: string;
  /** Markdown; our own words: what, why kubeadm sets it, what breaks, what it pairs with. */
  explanation: string;
  category: FlagCategory;
  /** Versions (`1.24`, `3.5`) as strings; absent when unknown. */
  since?: string;
  deprecated?: string;
  removed?: string;
  /** Flag name (without dashes) or short text naming what replaces it. */
  replacement?: string;
  related: string[];
  /** Present when the flag matters for security: what to watch for. */
  security?: string;
  /** Allowed values for enum-like flags. */
  values?: string[];
  /** For `values`: whether a comma-separated list of them is accepted. */
  multiple?: boolean;
  format?: ValueFormat;
  /** The value kubeadm writes, when it sets the flag. */
  kubeadm?: string;
  /** Other spellings accepted (e.g. one-letter shorthand `v`). */
  aliases?: string[];
  /** Official reference URL for this flag (derived when not written). */
  link: string;
  /** Content file the entry came from, for error messages and editing. */
  source: string;
}

/** Documentation of one structured field (Pod spec, kubeconfig, systemd directive...). */
export interface FieldDoc {
  /** Path as in FieldOccurrence.path, e.g. `spec.hostNetwork`, `spec.containers[].livenessProbe`. */
  path: string;
  summary: string;
  explanation: string;
  type?: string;
  default?: string | null;
  values?: string[];
  security?: string;
  related: string[];
  link?: string;
  source: string;
}

export type FlagStatus = 'ok' | 'deprecated' | 'removed' | 'unknown' | 'not-yet';

/** Whether a `replacement` names another flag (written without dashes) rather than describing a change. */
export function replacementIsFlag(replacement: string): boolean {
  return /^[a-z0-9-]+$/.test(replacement);
}
