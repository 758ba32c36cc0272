/**
 * Facts the parsers recognise components and settings by: loaded from content/components.yaml and
 * content/config-fields.yaml by knowledge/, handed to ingest/ (parsers hold no such tables).
 */
import type { ComponentId } from './types';

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
   * Names its process runs under as `ps`, `netstat` and `ss` print them (the kernel keeps 15
   * characters: `kube-controller`); netstat may cut them further, to 12 or more characters.
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
}

/** Everything ingest is told about the world: parsers receive it, they hold no such tables. */
export interface IngestFacts {
  components: ComponentTable;
  /** Executables whose first argument names the component they run (`hyperkube apiserver`). */
  wrappers: readonly string[];
  /** Prefixes of the variables of Kubernetes environment files (`KUBE_`, `KUBELET_`, `ETCD_`). */
  envVariablePrefixes: readonly string[];
  configFields: ConfigFieldFacts;
}

/** No mappings: what ingest knows when content/config-fields.yaml is missing. */
export function emptyConfigFieldFacts(): ConfigFieldFacts {
  return {
    componentConfigs: [],
    kubeadm: { kinds: [], apiGroup: '', versionedComponents: [], extraArgs: [], fields: [] },
  };
}
