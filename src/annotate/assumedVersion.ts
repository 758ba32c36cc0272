/**
 * The workspace's Kubernetes version, for the documents that do not say their own: a `ps` line of the kubelet, a
 * unit that runs `/usr/bin/kubelet`, a KubeletConfiguration carry no version, but beside a control plane whose
 * images are v1.31.2 the kubelet is most likely a 1.31 one too (kubeadm and the version skew policy keep a cluster's
 * components within a minor or so of each other). Without this, such a document is judged at the newest release
 * known, and a flag removed after 1.31 shows as an error beside a 1.31 cluster.
 *
 * The rule: the minor that the Kubernetes component documents of the workspace which say a version name (static
 * Pods' images, kubeadm's `kubernetesVersion`, a distribution's image or release, a binary path with a version) -
 * each document one vote; etcd's versions are etcd's, not Kubernetes', and never count. When they name several
 * minors, the one most of them name wins, and a tie goes to the newest of the tied minors: then the version is a
 * guess (`minors` lists what the workspace runs, and the messages say so). Within the chosen minor the newest patch
 * release named is taken; its first document (in workspace order) is the source shown.
 *
 * Before the workspace's comes the version of the document's own component instance (src/effective/instances.ts):
 * a `ps` line of a kube-apiserver whose static Pod is v1.30.5 runs 1.30 even when most of the workspace runs 1.31
 * (a cluster half way through an upgrade), and a k3s configuration runs the release of its node. The pipeline groups
 * the instances first and then judges each version-less document at its instance's version when the instance has
 * one (and all the instances it belongs to agree), else at the workspace's (src/pipeline/session.ts).
 *
 * The version is *assumed*, never the document's own: `SourceDocument.version` stays null, the annotation carries it
 * as `AnnotatedDocument.assumed` (so findings can say "assumed from the workspace's other components"), and the
 * component instance gets a VersionInfo whose source starts with `assumed: ` (then the component and the source of
 * the version it came from: `assumed: kube-apiserver image registry.k8s.io/kube-apiserver:v1.31.2`; a tag, not words:
 * a view or export that shows it words it in its language, see isAssumedVersion). A workspace with no
 * versioned Kubernetes component has no assumed version: its version-less documents keep the newest release's facts.
 *
 * Component instances of k3s and RKE2 already share one release per node (src/effective/instances.ts
 * shareDistributionVersions): only an instance whose version is still unknown after that gets the assumed one
 * (src/pipeline/session.ts).
 */
import type { ComponentId, SourceDocument, VersionInfo } from '../model/types';
import { compareVersions, minorOf } from '../util/version';

/** The prefix of an assumed VersionInfo's `source`. */
export const ASSUMED_SOURCE_PREFIX = 'assumed: ';

/** Whether a version is assumed from the workspace (a component instance's), not said by its own documents. */
export function isAssumedVersion(v: Pick<VersionInfo, 'source'> | null | undefined): boolean {
  return v?.source.startsWith(ASSUMED_SOURCE_PREFIX) === true;
}

export interface AssumedVersion {
  /**
   * `workspace`: the rule above; `instance`: another document of the same component instance says it (its static
   * Pod's image beside its `ps` line, the release of its k3s node), which goes before the workspace's.
   */
  from: 'workspace' | 'instance';
  /** The version judged at, with `source` saying it is assumed and where it came from; `range` null (another file). */
  version: VersionInfo;
  /** `1.31`: what messages name. */
  minor: string;
  /** Every minor the versioned Kubernetes components of the workspace name, oldest first (more than one: a guess). */
  minors: string[];
}

/** Whether a document's component has Kubernetes versions (etcd has its own). */
export function runsKubernetesVersion(doc: Pick<SourceDocument, 'component'>): boolean {
  return doc.component !== null && doc.component !== 'etcd';
}

/** Whether the assumed version applies to a document: a Kubernetes component's that says no version of its own. */
export function takesAssumedVersion(doc: Pick<SourceDocument, 'component' | 'version'>): boolean {
  return doc.version === null && runsKubernetesVersion(doc);
}

/** The workspace's assumed Kubernetes version (the rule above), or null when no Kubernetes component says one. */
export function workspaceVersion(documents: Iterable<SourceDocument>): AssumedVersion | null {
  const byMinor = new Map<string, { count: number; newest: SourceDocument }>();
  for (const doc of documents) {
    if (!doc.version || !runsKubernetesVersion(doc)) continue;
    const minor = minorOf(doc.version.version);
    if (!minor) continue;
    const entry = byMinor.get(minor);
    if (!entry) byMinor.set(minor, { count: 1, newest: doc });
    else {
      entry.count++;
      if (compareVersions(doc.version.version, entry.newest.version!.version) > 0) entry.newest = doc;
    }
  }
  let best: { minor: string; count: number; newest: SourceDocument } | null = null;
  for (const [minor, e] of byMinor)
    if (!best || e.count > best.count || (e.count === best.count && compareVersions(minor, best.minor) > 0))
      best = { minor, ...e };
  if (!best) return null;
  const from = best.newest;
  const own = from.version!;
  return {
    from: 'workspace',
    version: { version: own.version, source: `${ASSUMED_SOURCE_PREFIX}${from.component} ${own.source}`, range: null },
    minor: best.minor,
    minors: [...byMinor.keys()].sort(compareVersions),
  };
}

/** The version of a component instance (from its documents or its distribution), for its version-less documents. */
export function instanceVersion(component: ComponentId, version: VersionInfo): AssumedVersion {
  const minor = minorOf(version.version) ?? version.version;
  return {
    from: 'instance',
    version: {
      version: version.version,
      source: `${ASSUMED_SOURCE_PREFIX}${component} ${version.source}`,
      range: null,
    },
    minor,
    minors: [minor],
  };
}

/** A key that changes whenever what an assumed version makes of a document may change ('' for none). */
export function assumedVersionKey(assumed: AssumedVersion | null): string {
  return assumed
    ? `${assumed.from}\0${assumed.version.version}\0${assumed.version.source}\0${assumed.minors.join(',')}`
    : '';
}
