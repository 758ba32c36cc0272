/** Facts about the components that parsers recognise; loaded from content/components.yaml by knowledge/. */
import type { ComponentId } from './types';

/** Facts about a component that do not depend on the language. */
export interface ComponentInfo {
  id: ComponentId;
  /** Executable names that start it (basename of the command). */
  binaries: string[];
  /** Labels of kubeadm Pods (`component=...`) and image name stems that identify it. */
  imageNames: string[];
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
