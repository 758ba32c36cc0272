/**
 * The sample gallery: control planes written for this tool under content/examples/<id>/, bundled and loaded lazily
 * (one chunk per file). The first is shown on a first visit. Each file is named as it sits on its machine: the files
 * of a kubeadm sample in /etc/kubernetes/manifests/, a sample laid out as a file tree (etc/...) from /, and the nodes
 * of a multi-node sample in folders of their own (cp1/etc/kubernetes/manifests/...), so each file's host is its
 * folder. Titles and descriptions are words of content/<lang>/ui.json (`gallery.<id>.title`, `.about`).
 */
import type { WorkspaceFile } from '../model/types';
import { fileId } from '../model/span';

const FILES = import.meta.glob<string>(['/content/examples/**/*', '!/content/examples/**/README.md'], {
  query: '?raw',
  import: 'default',
});

export interface Sample {
  id: string;
  /** How its files are laid out under content/examples/<id>/. */
  layout: 'manifests' | 'tree' | 'nodes';
  /** Files first in this order (by base name); the rest by path. */
  order?: string[];
}

const KUBEADM_ORDER = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd'];

export const SAMPLES: readonly Sample[] = [
  { id: 'kubeadm-v1.31', layout: 'manifests', order: KUBEADM_ORDER },
  { id: 'kubeadm-ha-v1.31', layout: 'nodes', order: KUBEADM_ORDER },
  { id: 'kubeadm-v1.21', layout: 'manifests', order: KUBEADM_ORDER },
  {
    id: 'binary-systemd',
    layout: 'tree',
    order: ['kube-apiserver.service', 'apiserver', 'kube-controller-manager.service', 'controller-manager'],
  },
  { id: 'kubeadm-v1.5', layout: 'manifests', order: KUBEADM_ORDER },
];

export const DEFAULT_SAMPLE = SAMPLES[0]!.id;

/** The workspace name of a file at `rel` (its path under the sample's folder). */
export function sampleFileName(sample: Sample, rel: string): string {
  switch (sample.layout) {
    case 'manifests':
      return `/etc/kubernetes/manifests/${rel}`;
    case 'tree':
      return `/${rel}`;
    case 'nodes': {
      const slash = rel.indexOf('/');
      return slash < 0 ? rel : `${rel.slice(0, slash)}/etc/kubernetes/manifests/${rel.slice(slash + 1)}`;
    }
  }
}

function rank(sample: Sample, rel: string): number {
  const base = rel.split('/').pop() ?? rel;
  const stem = base.replace(/\.(ya?ml|json)$/, '');
  const i = (sample.order ?? []).findIndex((o) => o === base || o === stem);
  return i < 0 ? (sample.order ?? []).length : i;
}

export async function loadSampleFiles(id: string = DEFAULT_SAMPLE): Promise<WorkspaceFile[]> {
  const sample = SAMPLES.find((s) => s.id === id);
  if (!sample) throw new Error(`no sample "${id}"`);
  const prefix = `/content/examples/${id}/`;
  const entries = await Promise.all(
    Object.entries(FILES)
      .filter(([path]) => path.startsWith(prefix))
      .map(async ([path, load]) => {
        const rel = path.slice(prefix.length);
        return {
          // the first sample keeps the ids it always had (`sample-etcd-yaml`)
          id: fileId((id === DEFAULT_SAMPLE ? `sample-${rel}` : `sample-${id}-${rel}`).replace(/\W/g, '-')),
          name: sampleFileName(sample, rel),
          text: await load(),
          rel,
        };
      }),
  );
  const node = (rel: string) => (sample.layout === 'nodes' ? rel.split('/')[0]! : '');
  return entries
    .sort(
      (a, b) =>
        node(a.rel).localeCompare(node(b.rel)) ||
        rank(sample, a.rel) - rank(sample, b.rel) ||
        a.rel.localeCompare(b.rel),
    )
    .map(({ rel: _r, ...file }) => file);
}
