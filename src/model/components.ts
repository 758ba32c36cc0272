/**
 * Facts the parsers recognise components and settings by: loaded from content/components.yaml and
 * content/config-fields.yaml by knowledge/, handed to ingest/ (parsers hold no such tables).
 */
import type { ComponentId, DocumentKind, SecretKind } from './types';

/** A port a component listens on. */
export interface PortFact {
  port: number;
  /** The flag that sets it (canonical name without dashes), null when no flag does. */
  flag: string | null;
  /** What is served there, in a few words. */
  purpose: string;
  /** Served over TLS. */
  tls: boolean;
  /** Release in which listening there was deprecated, when it was. */
  deprecated: string | null;
  /** First release that no longer listens there, when there is one. */
  removed: string | null;
  /**
   * A listener on this port whose process is not named is taken for this component. False for
   * ports many other programs use too (8080).
   */
  identifies: boolean;
}

/** Facts about a component that do not depend on the language. */
export interface ComponentInfo {
  id: ComponentId;
  /** Executable names that start it (basename of the command). */
  binaries: string[];
  /** Labels of kubeadm Pods (`component=...`) and image name stems that identify it. */
  imageNames: string[];
  /**
   * Names its process runs under, in full (`ps -ef`); `netstat` and `ss` print them cut short (the
   * kernel keeps 15 characters, `kube-controller`; netstat may cut further, to 12 or more).
   */
  processNames: string[];
  /** Environment variables (exact names) whose value holds its flags: `KUBE_API_ARGS`. */
  envVariables: string[];
  /** Patterns (RegExp sources, checked when loaded) of such variable names: `^KUBELET_\w*ARGS$`. */
  envVariablePatterns: string[];
  /** Environment variables that are normally unset (the user's last-resort overrides). */
  usuallyUnsetVariables: string[];
  /** Basenames (without `.env`, `.conf`, `.cfg`) of environment files for it: `apiserver`, `kubeadm-flags`. */
  envFileNames: string[];
  /** Each variable with this prefix is one flag (`ETCD_DATA_DIR` = `--data-dir`), except those in envVariables. */
  flagEnvPrefix: string | null;
  /** Ports it listens on by default (and used to). */
  ports: PortFact[];
  /** `kubernetes` versions (1.x) or `etcd` versions (3.x). */
  versioning: 'kubernetes' | 'etcd';
  /** Official flag reference page. */
  reference: string;
  /** Groups of generic flags (content/<lang>/flags/_shared/<group>.yaml) this component registers. */
  shared: string[];
  /** pflag turns `_` into `-` in names for Kubernetes components; etcd does not. */
  normalizeUnderscores: boolean;
  /** Newest version our catalogue describes; status of undated facts is judged against it. */
  catalogueVersion: string;
  /** Its configuration file, when it reads one: the flag that names it and who wins over whom. */
  configFile: ConfigFileFacts | null;
}

/** How a component's configuration file and its command-line flags combine. */
export interface ConfigFileFacts {
  /** The flag (without dashes) that names the file: `config`, etcd's `config-file`. */
  flag: string;
  /** true: a flag overrides the file's field (the kubelet); false: the file replaces the command line. */
  flagsWin: boolean;
  /** With flagsWin false: flags that are read anyway (`hostname-override`). */
  stillRead: string[];
  /** With flagsWin true: flags ignored once a file is given (kube-scheduler's deprecated ones). */
  ignoredWithConfig: string[];
}

/** The component facts every parser receives. */
export type ComponentTable = ReadonlyMap<ComponentId, ComponentInfo>;

/** How a map or list value of a configuration field is written as a flag value. */
export type FieldJoin =
  /** items joined with `,` */
  | 'list'
  /** map entries as `key=value,...` */
  | 'eq'
  /** map entries as `key<value,...` (eviction thresholds) */
  | 'lt';

/** The flag a configuration field stands for. */
export interface FieldFlag {
  /** Canonical flag name without dashes. */
  flag: string;
  join?: FieldJoin;
}

/** A kubeadm setting (not extraArgs) that kubeadm turns into a component flag. */
export interface KubeadmFieldFlag extends FieldFlag {
  /** Dotted field path, e.g. `networking.serviceSubnet`. */
  path: string;
  component: ComponentId;
}

/** A component configuration kind (`KubeletConfiguration`) and its fields. */
export interface ComponentConfigKind {
  kind: string;
  component: ComponentId;
  /** Dotted field path -> the flag it stands for, in content order. */
  fields: ReadonlyMap<string, FieldFlag>;
  /**
   * Dotted field path -> the configuration file's default, where it differs from the flag's: a component that loads
   * the file takes it for a field the file leaves out (KubeletConfiguration `readOnlyPort` 0, the flag 10255).
   */
  defaults?: ReadonlyMap<string, string>;
}

/** A path of a distribution's configuration and the component it is for. */
export interface ComponentPath {
  /** Dotted path; list items as `[]` (`nodes[].image`). */
  path: string;
  component: ComponentId;
}

/**
 * A distribution or installer that passes flags to the components through options and settings of its own (k3s,
 * RKE2, minikube, Talos, kind): how to recognise its files and commands, and which setting is for which component.
 */
export interface DistributionFacts {
  /** Its name as the documents show it: `k3s`, `RKE2`, `Talos`. */
  name: string;
  /** Executables that take its options (`k3s server --kube-apiserver-arg=...`). */
  binaries: readonly string[];
  /** Option or config.yaml key -> component: each item (`name=value`) is one flag of that component. */
  argLists: ReadonlyMap<string, ComponentId>;
  /** Option whose value is `<key>.<flag>=<value>`, with key -> component (minikube `--extra-config`). */
  extraConfig: { option: string; components: ReadonlyMap<string, ComponentId> } | null;
  /** Option whose value is the Kubernetes version of the components it starts (`--kubernetes-version`). */
  versionOption: string | null;
  /** Top-level keys its configuration file always has: a YAML file with all of them is one. */
  configKeys: readonly string[];
  /** Top-level keys only its configuration file has: they tell it from another with the same arg lists. */
  markerKeys: readonly string[];
  /** `kind`s and API groups of its configuration documents (kind's `Cluster` in `kind.x-k8s.io`). */
  kinds: readonly string[];
  apiGroups: readonly string[];
  /** Paths of maps of flags (`name: value`) and the component each is for (Talos `cluster.apiServer.extraArgs`). */
  extraArgs: readonly ComponentPath[];
  /** Paths of images and the component each runs: the tag is that component's version. */
  images: readonly ComponentPath[];
  /** Paths of images whose tag is the Kubernetes version of every component (kind `nodes[].image`). */
  nodeImages: readonly string[];
  /** Paths of lists of kubeadm configuration documents written as strings (kind `kubeadmConfigPatches`). */
  kubeadmPatches: readonly string[];
  /** Settings of its configuration that stand for flags (kind `featureGates`, `runtimeConfig`), in content order. */
  fields: readonly KubeadmFieldFlag[];
}

/** Config-field to flag mappings, from content/config-fields.yaml. */
export interface ConfigFieldFacts {
  componentConfigs: readonly ComponentConfigKind[];
  kubeadm: {
    /** `kind`s of kubeadm documents. */
    kinds: readonly string[];
    /** API group of kubeadm documents: any `apiVersion` in it is one. */
    apiGroup: string;
    /** Components whose version is the document's `kubernetesVersion` (not etcd's or the kubelet's). */
    versionedComponents: readonly ComponentId[];
    /** `extraArgs` paths (map or name/value list) and the component they pass flags to, in content order. */
    extraArgs: readonly { path: string; component: ComponentId }[];
    /** Other kubeadm settings kubeadm turns into flags, in content order. */
    fields: readonly KubeadmFieldFlag[];
  };
  /** Distributions and installers, in content order. */
  distributions: readonly DistributionFacts[];
}

/** What a secret found by a rule of content/secrets.yaml is called. */
export interface SecretRule {
  kind: SecretKind;
  /** Label of the secret; null: the flag, field path or variable it is written in. */
  label: string | null;
}

/** A rule matched against a name or a text: a regular expression source (checked when loaded). */
export interface SecretPattern extends SecretRule {
  pattern: string;
}

/** A field of a YAML document that holds a secret. */
export interface SecretField extends SecretRule {
  /** Field path as FieldOccurrence.path writes it (`bootstrapTokens[].token`); `*` stands for one key. */
  path: string;
}

/** Static token and basic auth files (`token,user,uid,"groups"`): how one is called and what its first column is. */
export interface SecretCsvFile {
  /** Pattern of the file name; null for the fallback. */
  pattern: string | null;
  kind: SecretKind;
  /** Label of the document: `Static token file`. */
  document: string;
  /** What the first column holds: `token`, `password`. */
  secret: string;
}

/** Where secrets are written, from content/secrets.yaml (src/ingest/workspace/secrets.ts locates them). */
export interface SecretFacts {
  /** Flags (canonical names, any command: kubeadm, kubectl, etcdctl) whose value is a secret. */
  flags: ReadonlyMap<string, SecretRule>;
  /** Pattern of a kubeadm bootstrap token: a `token` secret of this shape is a `bootstrap-token`. */
  bootstrapToken: string | null;
  /** A YAML document's `kind:` -> the fields that hold secrets. */
  fields: ReadonlyMap<string, readonly SecretField[]>;
  /** The `kind:` assumed for a document of this kind that does not say (a kubeconfig without `kind: Config`). */
  documentKinds: ReadonlyMap<DocumentKind, string>;
  environment: {
    /** Variable names whose value is a secret, first match wins (case-insensitive). */
    names: readonly SecretPattern[];
    /** Variable names that match `names` but hold no secret (case-insensitive). */
    except: readonly string[];
    /** Values that are no secret whatever the variable: paths, `$VAR` references, booleans, flags. */
    notSecret: readonly string[];
  };
  /** Values that stand for a removed secret (`REDACTED`, `{token}`): recorded with `redacted: true`. */
  placeholders: readonly string[];
  /** Secrets in command output (`[bootstrap-token] Using token: ...`): group 1 of the pattern is the secret. */
  text: readonly SecretPattern[];
  /** Token and password CSV files no parser reads, by file name (first match; the entry without pattern last). */
  csvFiles: readonly SecretCsvFile[];
}

/** No secret facts: what ingest knows when content/secrets.yaml is missing (the parsers' own secrets remain). */
export function emptySecretFacts(): SecretFacts {
  return {
    flags: new Map(),
    bootstrapToken: null,
    fields: new Map(),
    documentKinds: new Map(),
    environment: { names: [], except: [], notSecret: [] },
    placeholders: [],
    text: [],
    csvFiles: [],
  };
}

/** Everything ingest is told about the world: parsers receive it, they hold no such tables. */
export interface IngestFacts {
  components: ComponentTable;
  /** Executables whose first argument names the component they run (`hyperkube apiserver`). */
  wrappers: readonly string[];
  /** Prefixes of the variables of Kubernetes environment files (`KUBE_`, `KUBELET_`, `ETCD_`). */
  envVariablePrefixes: readonly string[];
  configFields: ConfigFieldFacts;
  /** Where secrets are written (content/secrets.yaml). */
  secrets: SecretFacts;
}

/** No mappings: what ingest knows when content/config-fields.yaml is missing. */
export function emptyConfigFieldFacts(): ConfigFieldFacts {
  return {
    componentConfigs: [],
    kubeadm: { kinds: [], apiGroup: '', versionedComponents: [], extraArgs: [], fields: [] },
    distributions: [],
  };
}
