/**
 * Versions and component names read from container image references:
 * `registry.k8s.io/kube-apiserver:v1.28.0`, `k8s.gcr.io/etcd:3.4.13-0`,
 * `gcr.io/google_containers/kube-apiserver-amd64:v1.5.1`, `repo/kube-apiserver:v1.29.1@sha256:...`.
 */
import type { ComponentId } from '../../model/types';
import type { ComponentInfo, ComponentTable } from '../../model/components';

export interface ImageRef {
  /** Last path element without tag, e.g. `kube-apiserver-amd64`. */
  name: string;
  tag: string | null;
}

export function parseImage(image: string): ImageRef {
  const noDigest = image.trim().split('@')[0] ?? '';
  const lastSlash = noDigest.lastIndexOf('/');
  const last = noDigest.slice(lastSlash + 1);
  const colon = last.indexOf(':');
  return colon >= 0 ? { name: last.slice(0, colon), tag: last.slice(colon + 1) || null } : { name: last, tag: null };
}

/** `v1.28.0` -> `1.28.0`, `3.4.13-0` -> `3.4.13`; null for `latest` and other non-versions. */
export function versionOfTag(tag: string | null): string | null {
  if (!tag) return null;
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(tag);
  if (!m) return null;
  return `${m[1]}.${m[2]}.${m[3] ?? '0'}`;
}

/** The component an image runs, by its name stem (a wrapper's image, which runs them all, names none). */
export function componentOfImage(image: string, components: ComponentTable): ComponentId | null {
  const { name } = parseImage(image);
  for (const info of components.values()) if (info.imageNames.includes(name)) return info.id;
  return null;
}

/**
 * The version an image's tag gives a component: a Kubernetes version (1.x) for a Kubernetes component, also from a
 * hyperkube or node image, an etcd version (3.x) for etcd; null when the tag is no version or not one of its kind.
 */
export function componentVersion(image: string | null, info: ComponentInfo | undefined): string | null {
  const v = versionOfTag(image ? parseImage(image).tag : null);
  if (v === null || info === undefined) return null;
  return (info.versioning === 'etcd' ? v.startsWith('3.') : v.startsWith('1.')) ? v : null;
}
