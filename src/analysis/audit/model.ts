/**
 * The security audit's model: the typed rows of the check table (checks.ts), what a check says about one component
 * instance (AuditResult), and the fix as an exact edit. Language-free: the words of each check (title, why it
 * matters, how to fix, how to check by hand) are in content/<lang>/checks.yaml under the check's id; expectations and
 * actual values are data that src/present/audit.ts puts into words.
 */
import type { EffectiveSource } from '../../effective';
import type { FlagName } from '../../generated/ids';
import type { ComponentId, SourceRange } from '../../model/types';
import type { DocumentId, FileId, Span } from '../../model/span';

/** Benchmarks whose numbering the audit knows: kube-bench's cfg/cis-1.11, cfg/cis-1.12, and CIS v2.0.x (= 1.12's). */
export const BENCHMARK_IDS = ['cis-1.11', 'cis-1.12', 'cis-2.0'] as const;
export type BenchmarkId = (typeof BENCHMARK_IDS)[number];
/** Older benchmarks some checks come from (their flags still appear in old clusters). */
export type LegacyBenchmarkId = 'cis-1.6';

export type AuditSeverity = 'high' | 'medium' | 'low';
export const AUDIT_SEVERITIES: readonly AuditSeverity[] = ['high', 'medium', 'low'];

export type AuditStatus = 'pass' | 'fail' | 'not-applicable' | 'manual';

/** What a check expects, as data (put into words by src/present/audit.ts). */
export type Expectation =
  | { kind: 'equals'; flag: string; value: string }
  | { kind: 'not-equals'; flag: string; value: string }
  | { kind: 'set'; flag: string }
  | { kind: 'not-set'; flag: string }
  | { kind: 'includes'; flag: string; item: string }
  | { kind: 'excludes'; flag: string; item: string }
  | { kind: 'at-least'; flag: string; value: number }
  | { kind: 'only'; flag: string; items: readonly string[] }
  | { kind: 'gate'; flag: string; gate: string; value: boolean }
  | { kind: 'all'; of: readonly Expectation[] }
  | { kind: 'any'; of: readonly Expectation[] }
  /**
   * The file a flag names, read from the workspace: `resource` encrypted by a provider other than `identity` first
   * (`found`: the first provider the file gives it, null when the file does not list it: stored unencrypted).
   */
  | { kind: 'encrypts'; flag: string; file: string; resource: string; found: string | null }
  /** A person checks it (file permissions, a file's content): `what` names the thing, e.g. a path. */
  | { kind: 'manual'; what: string | null };

/** Why a check does not apply to an instance. */
export type NotApplicableReason =
  /** Every flag it reads was removed before this version (`version` is the removal). */
  | { kind: 'flag-removed'; flag: string; version: string | null }
  /** Its flag is newer than this version. */
  | { kind: 'flag-not-yet'; flag: string; version: string | null }
  /** The thing it asks for (an admission plugin, a mode) was removed in `version`. */
  | { kind: 'removed'; what: string; version: string }
  /** It is about etcd, and the cluster keeps its state elsewhere (k3s's kine: SQLite or a SQL database). */
  | { kind: 'no-etcd'; distribution: string }
  /** Its advice holds only before `version` (the project changed the default or the mechanism). */
  | { kind: 'obsolete'; what: string; version: string }
  /** It depends on another setting that is off (audit log rotation without an audit log). */
  | { kind: 'depends'; flag: string };

/** The change a fix makes, language-free. */
export type FixChange =
  | { kind: 'set'; flag: string; value: string }
  | { kind: 'remove'; flag: string }
  | { kind: 'add-item'; flag: string; item: string }
  | { kind: 'remove-item'; flag: string; item: string };

/** Replace `range` of `fileId` by `text` (an empty range inserts). */
export interface TextEdit {
  fileId: FileId;
  range: SourceRange;
  text: string;
}

/** The fix of a failed check. */
export interface AuditFix {
  change: FixChange;
  /**
   * The exact edit in the workspace: the value to replace, the flag to delete, or the item to add after the last
   * flag of the command (or the KubeletConfiguration field to change). Null when the document to edit is not in the
   * workspace (a `ps` line: the change goes where the process's command is written).
   */
  edit: TextEdit | null;
  /** Where the edit goes, in words for the user: the command, a configuration field, kubeadm's extraArgs. */
  target: 'command' | 'config-field' | 'kubeadm-extra-args' | 'env-file' | null;
  /**
   * For a cluster kubeadm made: the same change in the kubeadm configuration, so that `kubeadm upgrade` (which
   * writes the static Pods again from it) keeps it. `path` is the ClusterConfiguration (or KubeletConfiguration)
   * path, `v1beta3` the map form and `v1beta4` the list form of extraArgs; `edit` when that document is in the
   * workspace and the entry is already written there.
   */
  kubeadm: {
    kind: 'ClusterConfiguration' | 'KubeletConfiguration' | 'InitConfiguration';
    path: string;
    /** The change deletes the entry the snippets name (its value does not matter). */
    delete: boolean;
    v1beta3: string;
    v1beta4: string;
    edit: TextEdit | null;
  } | null;
}

/** The value a check judged: where it is written, or the default it runs on. */
export interface AuditActual {
  flag: string;
  /** The value in effect (a secret never: a check on a secret flag reads only whether it is set); null: none. */
  value: string | null;
  source: EffectiveSource;
  span: Span | null;
  /** The binary's default at the instance's version (for `source: 'default'`). */
  default: string | null;
  /** The version the default is for (null: unknown, the newest release's). */
  version: string | null;
  /** For a KubeletConfiguration the default is the configuration file's, not the flag's. */
  configDefault?: boolean;
  /** The default is what this distribution (k3s, RKE2) passes to the component, not the binary's. */
  defaultBy?: string;
}

/** What a check says about one component instance. */
export interface AuditResult {
  /** The check's stable id (checks.ts), the key of its words in content/<lang>/checks.yaml. */
  id: string;
  component: ComponentId;
  /** The instance (`kube-apiserver@cp1`) and its host. */
  instanceId: string;
  host: string | null;
  status: AuditStatus;
  severity: AuditSeverity;
  /** The benchmark section (`1.2`, `4.2`) for grouping and filters. */
  section: string;
  /** The deciding flag's value (the first flag of the check when several are read); null for manual checks. */
  actual: AuditActual | null;
  /** Every flag the check read (a check of two flags shows both). */
  read: AuditActual[];
  expected: Expectation;
  notApplicable: NotApplicableReason | null;
  fix: AuditFix | null;
  /** A cluster kubeadm made, and this failure is kubeadm's own choice (its value or the default it leaves). */
  kubeadmDefault: boolean;
  peers: AuditPeers;
  /** Where the result belongs in the workspace: the deciding flag, else the component's command. */
  anchor: Span | null;
  documentId: DocumentId | null;
}

export interface AuditPeers {
  /** `cis-1.12 1.2.1`: the number in the benchmark asked for, else in the older benchmark the check comes from. */
  cis: string[];
  kubeBench: string[];
  checkov: string[];
  kubescape: string[];
  trivy: string[];
}

/** A flag's effective value as a check sees it. */
export interface FlagView {
  name: string;
  value: string | null;
  source: EffectiveSource;
  /** Written (set on the command line or in a configuration file), not a default. */
  written: boolean;
  span: Span | null;
  default: string | null;
  /** The flag exists at the instance's version (or the version is unknown and the catalogue knows it). */
  exists: boolean;
  status: string;
  statusVersion: string | null;
  configDefault: boolean;
  /** The default is what this distribution (k3s, RKE2) passes to the component. */
  defaultBy?: string;
  /** The value is not known: written after the cut of a cut command line, or a template expression. */
  unknown?: 'cut' | 'templated';
}

/** What a check's condition reads. */
export interface CheckContext {
  component: ComponentId;
  /** The instance's version (null: unknown). */
  version: string | null;
  benchmark: BenchmarkId;
  /** The file the instance's command is written in (its name as opened: `/etc/kubernetes/manifests/etcd.yaml`). */
  commandFile: string | null;
  /** A distribution that keeps the cluster state without etcd (k3s's kine), else null. */
  withoutEtcd?: string | null;
  flag(name: string): FlagView;
  /** The same flag of another component's instance in the workspace (the host's first, else any), or null. */
  other(component: ComponentId, name: string): FlagView | null;
  /**
   * The workspace file at this path on the instance's node (its name as opened is the path, or ends with it), or
   * null when it is not in the workspace.
   */
  file(path: string): { name: string; text: string } | null;
}

/** A condition's verdict. */
export interface Verdict {
  status: 'pass' | 'fail' | 'manual' | 'not-applicable';
  /** The flag whose value decided. */
  flag: string | null;
  expected: Expectation;
  change: FixChange | null;
  notApplicable?: NotApplicableReason;
}

/** Peer ids a check corresponds to. */
export interface CheckPeers {
  /** The CIS number per benchmark (kube-bench's folder names); checks of older benchmarks under their own id. */
  cis: Partial<Record<BenchmarkId | LegacyBenchmarkId, string>>;
  kubeBench?: string[];
  checkov?: string[];
  kubescape?: string[];
  trivy?: string[];
}

/** One row of the check table. */
export interface CheckDef<C extends ComponentId = ComponentId> {
  id: string;
  component: C;
  /** The flags it reads (the type checker knows the catalogue's names). */
  flags: readonly FlagName<C>[];
  /** KubeletConfiguration fields standing for `flags` (same order), where the check reads them. */
  fields?: readonly (string | null)[];
  section: string;
  severity: AuditSeverity;
  /** A person checks it (file permissions): `what` is the path, read from the instance. */
  manual?: (c: CheckContext) => string | null;
  /**
   * Kubernetes versions where its advice holds, beyond its flags existing: `until` (exclusive) names the release
   * that removed what it asks for, `what` names it.
   */
  versions?: { until?: string; since?: string; what: string; kind: 'removed' | 'obsolete' };
  /** The condition over the effective configuration (absent for manual checks). */
  test?: (c: CheckContext) => Verdict;
  peers: CheckPeers;
}
