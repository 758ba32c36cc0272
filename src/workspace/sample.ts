/** The sample cluster shown on a first visit: content/examples/kubeadm-v1.31, bundled, loaded lazily. */
import type { WorkspaceFile } from '../model/types';
import { fileId } from '../model/span';

const SAMPLE = import.meta.glob<string>('/content/examples/kubeadm-v1.31/*.yaml', { query: '?raw', import: 'default' });
const ORDER = ['kube-apiserver.yaml', 'kube-controller-manager.yaml', 'kube-scheduler.yaml', 'etcd.yaml'];

export async function loadSampleFiles(): Promise<WorkspaceFile[]> {
  const entries = await Promise.all(
    Object.entries(SAMPLE).map(async ([path, load]) => {
      const name = path.split('/').pop() ?? path;
      return {
        id: fileId(`sample-${name.replace(/\W/g, '-')}`),
        name: `/etc/kubernetes/manifests/${name}`,
        text: await load(),
        order: ORDER.indexOf(name),
      };
    }),
  );
  return entries.sort((a, b) => a.order - b.order).map(({ order: _o, ...file }) => file);
}
