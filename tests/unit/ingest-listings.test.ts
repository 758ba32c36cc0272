/** netstat / ss listeners; tree / ls listings and kubeadm init output. */
import { describe, expect, it } from 'vitest';
import { fileId } from '../../src/model/span';
import { fixture } from '../helpers';
import { facts, ingest, lineCol, ofKind, slice } from './ingest-helpers';
import { listenerDocuments, splitAddress } from '../../src/ingest/formats/listeners';
import { componentOfProcessName } from '../../src/ingest/shared/recognise';
import { readPkiListing, fileType } from '../../src/ingest/formats/pkiListing';

describe('netstat -ntlp (seed 000)', () => {
  it('every listener with address, port, pid, process and component; comments and headers skipped', async () => {
    const text = fixture('listeners/seed000-netstat-kube.txt');
    const r = await ingest(text, 'netstat.txt');
    expect(r.kind).toBe('listeners');
    const [doc] = r.documents;
    expect(doc?.label).toBe('8 listening sockets');
    expect(
      ofKind(doc, 'listeners').listeners.map((l) => [l.protocol, l.address, l.port, l.pid, l.process, l.component]),
    ).toEqual([
      ['tcp', '127.0.0.1', 10248, 79436, 'kubelet', 'kubelet'],
      ['tcp', '127.0.0.1', 33613, 79436, 'kubelet', 'kubelet'],
      ['tcp6', '::', 10250, 79436, 'kubelet', 'kubelet'],
      ['tcp', '127.0.0.1', 10249, 2627, 'kube-proxy', 'kube-proxy'],
      ['tcp6', '::', 10256, 2627, 'kube-proxy', 'kube-proxy'],
      ['tcp', '127.0.0.1', 10257, 98566, 'kube-controll', 'kube-controller-manager'],
      ['tcp', '127.0.0.1', 10259, 85344, 'kube-schedule', 'kube-scheduler'],
      ['tcp6', '::', 6443, 98921, 'kube-apiserve', 'kube-apiserver'],
    ]);
    const api = ofKind(doc, 'listeners').listeners[7];
    expect(slice(text, api?.addressRange)).toBe(':::6443');
    expect(lineCol(text, api!.addressRange)).toBe('17:21');
  });

  it('ss -ltnp, udp, wildcard and bracketed addresses, the port tells the component when the process does not', async () => {
    const text = [
      'State  Recv-Q Send-Q Local Address:Port  Peer Address:Port Process',
      'LISTEN 0      4096       127.0.0.1:2379       0.0.0.0:*     users:(("etcd",pid=1326,fd=9))',
      'LISTEN 0      4096               *:10250            *:*     users:(("kubelet",pid=761,fd=22))',
      'LISTEN 0      4096            [::]:6443          [::]:*',
      'ESTAB  0      0          127.0.0.1:2379     127.0.0.1:51234 users:(("etcd",pid=1326,fd=10))',
      'udp        0      0 0.0.0.0:8472            0.0.0.0:*                           -',
    ].join('\n');
    const { components } = await facts();
    const [doc] = listenerDocuments(text, fileId('f'), components);
    expect(doc?.listeners?.map((l) => [l.address, l.port, l.pid, l.process, l.component])).toEqual([
      ['127.0.0.1', 2379, 1326, 'etcd', 'etcd'],
      ['*', 10250, 761, 'kubelet', 'kubelet'],
      ['::', 6443, null, null, 'kube-apiserver'],
      ['0.0.0.0', 8472, null, null, null],
    ]);
    expect(splitAddress('[::ffff:127.0.0.1]:8080')).toEqual({ address: '::ffff:127.0.0.1', port: 8080 });
    expect(splitAddress('0.0.0.0:*')).toBe(null);
    expect(componentOfProcessName('kube', components)).toBe(null);
    expect(componentOfProcessName('kube-controll', components)).toBe('kube-controller-manager');
  });
});

describe('PKI listings (seeds 003, 004)', () => {
  it('`tree` of /etc/kubernetes/pki: 22 files and the etcd folder, full paths from the prompt', async () => {
    const text = fixture('pki/seed003-tree.txt');
    const r = await ingest(text, 'tree.txt');
    expect(r.kind).toBe('pki-listing');
    const files = ofKind(r.documents[0], 'pki-listing').pkiFiles;
    expect(files.filter((f) => f.type !== 'directory')).toHaveLength(22);
    expect(files.find((f) => f.path === '/etc/kubernetes/pki/etcd')?.type).toBe('directory');
    const peer = files.find((f) => f.path === '/etc/kubernetes/pki/etcd/peer.key');
    expect(peer).toMatchObject({ type: 'private-key', source: 'tree' });
    expect(lineCol(text, peer!.range)).toBe('17:7');
    expect(files.find((f) => f.path === '/etc/kubernetes/pki/sa.pub')?.type).toBe('public-key');
    expect(files.find((f) => f.path === '/etc/kubernetes/pki/front-proxy-ca.crt')?.type).toBe('certificate');
  });

  it('kubeadm init output: the files of [certs], [kubeconfig], [etcd], [control-plane], SANs and the version', async () => {
    const text = fixture('pki/seed003-kubeadm-init.txt');
    const [doc] = (await ingest(text, 'init.log')).documents;
    expect(doc?.version).toMatchObject({ version: '1.28.0', source: 'kubeadm init output' });
    const files = ofKind(doc, 'pki-listing').pkiFiles;
    expect(files.filter((f) => f.path.startsWith('/etc/kubernetes/pki/'))).toHaveLength(22);
    expect(files.find((f) => f.path === '/etc/kubernetes/pki/apiserver.crt')?.subjectAltNames).toEqual({
      dns: [
        'k8s-master',
        'kubernetes',
        'kubernetes.default',
        'kubernetes.default.svc',
        'kubernetes.default.svc.cluster.local',
      ],
      ip: ['10.96.0.1', '192.168.217.143'],
    });
    expect(files.find((f) => f.path === '/etc/kubernetes/pki/etcd/peer.crt')?.subjectAltNames?.ip).toEqual([
      '192.168.217.143',
      '127.0.0.1',
      '::1',
    ]);
    expect(files.filter((f) => f.type === 'kubeconfig').map((f) => f.path)).toEqual([
      '/etc/kubernetes/admin.conf',
      '/etc/kubernetes/kubelet.conf',
      '/etc/kubernetes/controller-manager.conf',
      '/etc/kubernetes/scheduler.conf',
    ]);
    expect(files.filter((f) => f.type === 'manifest')).toHaveLength(4);
    const sa = files.find((f) => f.path === '/etc/kubernetes/pki/sa.pub');
    expect(slice(text, sa?.range)).toBe('"sa"');
    expect(lineCol(text, sa!.range)).toBe('21:20');
  });

  it('`ls` and `ls -l` after a prompt, kubeadm 1.5 .pem names', () => {
    const ls = readPkiListing(fixture('pki/seed003-ls-etc-kubernetes.txt')).files;
    expect(ls.map((f) => [f.path, f.type])).toEqual([
      ['/etc/kubernetes/admin.conf', 'kubeconfig'],
      ['/etc/kubernetes/controller-manager.conf', 'kubeconfig'],
      ['/etc/kubernetes/kubelet.conf', 'kubeconfig'],
      ['/etc/kubernetes/manifests', 'directory'],
      ['/etc/kubernetes/pki', 'directory'],
      ['/etc/kubernetes/scheduler.conf', 'kubeconfig'],
      ['/etc/kubernetes/manifests/etcd.yaml', 'manifest'],
      ['/etc/kubernetes/manifests/kube-apiserver.yaml', 'manifest'],
      ['/etc/kubernetes/manifests/kube-controller-manager.yaml', 'manifest'],
      ['/etc/kubernetes/manifests/kube-scheduler.yaml', 'manifest'],
    ]);
    const old = readPkiListing(fixture('pki/seed004-pki-ls.txt')).files;
    expect(old.map((f) => [f.path.replace('/etc/kubernetes/pki/', ''), f.type])).toEqual([
      ['apiserver-key.pem', 'private-key'],
      ['apiserver.pem', 'certificate'],
      ['apiserver-pub.pem', 'public-key'],
      ['ca-key.pem', 'private-key'],
      ['ca.pem', 'certificate'],
      ['ca-pub.pem', 'public-key'],
      ['sa-key.pem', 'private-key'],
      ['sa-pub.pem', 'public-key'],
      ['tokens.csv', 'other'],
    ]);
    const long = readPkiListing(fixture('pki/seed004-ls-l.txt')).files;
    expect(long.map((f) => f.path)).toEqual(['/etc/kubernetes/admin.conf', '/etc/kubernetes/kubelet.conf']);
    expect(fileType('/etc/kubernetes/pki/etcd/ca.key')).toBe('private-key');
    const paths = readPkiListing('- /etc/kubernetes/pki/ca.crt\n- /etc/kubernetes/pki/ca.key\n').files;
    expect(paths.map((f) => [f.path, f.source])).toEqual([
      ['/etc/kubernetes/pki/ca.crt', 'path'],
      ['/etc/kubernetes/pki/ca.key', 'path'],
    ]);
  });
});
