/** `ps -ef` / `ps aux` output and bare command lines. */
import { describe, expect, it } from 'vitest';
import { fileId } from '../../src/model/span';
import { fixture, say } from '../helpers';
import { facts, flag, flagPairs, ingest, lineCol, slice } from './ingest-helpers';
import { processDocuments } from '../../src/ingest/formats/processList';

describe('ps -aef | grep kube on a kubeadm v1.27 master (seed 002)', () => {
  const text = fixture('ps/seed002-ps-master.txt');

  it('one document per component process; prompt, grep line and flanneld ignored', async () => {
    const r = await ingest(text, 'ps.txt');
    expect(r.kind).toBe('command-line');
    expect(r.documents.map((d) => [d.label, d.component, d.flags.length, d.version])).toEqual([
      ['kubelet (pid 761)', 'kubelet', 5, null],
      ['etcd (pid 1326)', 'etcd', 19, null],
      ['kube-proxy (pid 1639)', 'kube-proxy', 2, null],
      ['kube-apiserver (pid 18419)', 'kube-apiserver', 27, null],
      ['kube-controller-manager (pid 57299)', 'kube-controller-manager', 17, null],
      ['kube-scheduler (pid 57379)', 'kube-scheduler', 5, null],
    ]);
  });

  it('every flag name and value, and their columns', async () => {
    const docs = (await ingest(text, 'ps.txt')).documents;
    const [kubelet, etcd, proxy, apiserver, cm, scheduler] = docs;
    expect(flagPairs(kubelet)).toEqual([
      ['bootstrap-kubeconfig', '/etc/kubernetes/bootstrap-kubelet.conf'],
      ['kubeconfig', '/etc/kubernetes/kubelet.conf'],
      ['config', '/var/lib/kubelet/config.yaml'],
      ['container-runtime-endpoint', 'unix:///var/run/containerd/containerd.sock'],
      ['pod-infra-container-image', 'registry.aliyuncs.com/google_containers/pause:3.9'],
    ]);
    expect(slice(text, kubelet?.binaryRange)).toBe('/usr/bin/kubelet');
    expect(lineCol(text, flag(kubelet, 'kubeconfig').nameRange)).toBe('2:132');
    expect(flagPairs(etcd)).toEqual([
      ['advertise-client-urls', 'https://192.168.19.134:2379'],
      ['cert-file', '/etc/kubernetes/pki/etcd/server.crt'],
      ['client-cert-auth', 'true'],
      ['data-dir', '/var/lib/etcd'],
      ['experimental-initial-corrupt-check', 'true'],
      ['experimental-watch-progress-notify-interval', '5s'],
      ['initial-advertise-peer-urls', 'https://192.168.19.134:2380'],
      ['initial-cluster', 'test=https://192.168.19.134:2380'],
      ['key-file', '/etc/kubernetes/pki/etcd/server.key'],
      ['listen-client-urls', 'https://127.0.0.1:2379,https://192.168.19.134:2379'],
      ['listen-metrics-urls', 'http://127.0.0.1:2381'],
      ['listen-peer-urls', 'https://192.168.19.134:2380'],
      ['name', 'test'],
      ['peer-cert-file', '/etc/kubernetes/pki/etcd/peer.crt'],
      ['peer-client-cert-auth', 'true'],
      ['peer-key-file', '/etc/kubernetes/pki/etcd/peer.key'],
      ['peer-trusted-ca-file', '/etc/kubernetes/pki/etcd/ca.crt'],
      ['snapshot-count', '10000'],
      ['trusted-ca-file', '/etc/kubernetes/pki/etcd/ca.crt'],
    ]);
    expect(lineCol(text, flag(etcd, 'name').nameRange)).toBe('3:617');
    expect(slice(text, flag(etcd, 'initial-cluster').valueRange)).toBe('test=https://192.168.19.134:2380');
    expect(flagPairs(proxy)).toEqual([
      ['config', '/var/lib/kube-proxy/config.conf'],
      ['hostname-override', 'test'],
    ]);
    expect(flagPairs(apiserver).map(([n]) => n)).toEqual([
      'advertise-address',
      'allow-privileged',
      'authorization-mode',
      'client-ca-file',
      'enable-admission-plugins',
      'enable-bootstrap-token-auth',
      'etcd-cafile',
      'etcd-certfile',
      'etcd-keyfile',
      'etcd-servers',
      'kubelet-client-certificate',
      'kubelet-client-key',
      'kubelet-preferred-address-types',
      'proxy-client-cert-file',
      'proxy-client-key-file',
      'requestheader-allowed-names',
      'requestheader-client-ca-file',
      'requestheader-extra-headers-prefix',
      'requestheader-group-headers',
      'requestheader-username-headers',
      'secure-port',
      'service-account-issuer',
      'service-account-key-file',
      'service-account-signing-key-file',
      'service-cluster-ip-range',
      'tls-cert-file',
      'tls-private-key-file',
    ]);
    expect(flag(apiserver, 'requestheader-extra-headers-prefix').value).toBe('X-Remote-Extra-');
    expect(lineCol(text, flag(apiserver, 'secure-port').nameRange)).toBe('6:1099');
    expect(flag(cm, 'controllers').value).toBe('*,bootstrapsigner,tokencleaner');
    expect(flagPairs(cm)).toEqual([
      ['allocate-node-cidrs', 'true'],
      ['authentication-kubeconfig', '/etc/kubernetes/controller-manager.conf'],
      ['authorization-kubeconfig', '/etc/kubernetes/controller-manager.conf'],
      ['bind-address', '127.0.0.1'],
      ['client-ca-file', '/etc/kubernetes/pki/ca.crt'],
      ['cluster-cidr', '10.244.0.0/16'],
      ['cluster-name', 'kubernetes'],
      ['cluster-signing-cert-file', '/etc/kubernetes/pki/ca.crt'],
      ['cluster-signing-key-file', '/etc/kubernetes/pki/ca.key'],
      ['controllers', '*,bootstrapsigner,tokencleaner'],
      ['kubeconfig', '/etc/kubernetes/controller-manager.conf'],
      ['leader-elect', 'true'],
      ['requestheader-client-ca-file', '/etc/kubernetes/pki/front-proxy-ca.crt'],
      ['root-ca-file', '/etc/kubernetes/pki/ca.crt'],
      ['service-account-private-key-file', '/etc/kubernetes/pki/sa.key'],
      ['service-cluster-ip-range', '10.96.0.0/12'],
      ['use-service-account-credentials', 'true'],
    ]);
    expect(flagPairs(scheduler)).toEqual([
      ['authentication-kubeconfig', '/etc/kubernetes/scheduler.conf'],
      ['authorization-kubeconfig', '/etc/kubernetes/scheduler.conf'],
      ['bind-address', '127.0.0.1'],
      ['kubeconfig', '/etc/kubernetes/scheduler.conf'],
      ['leader-elect', 'true'],
    ]);
  });

  it('a worker node and the kubeadm 1.5 kubelet (seed 002, 004)', async () => {
    const worker = (await ingest(fixture('ps/seed002-ps-worker.txt'), 'ps')).documents;
    expect(worker.map((d) => d.component)).toEqual(['kubelet', 'kube-proxy']);
    const old = fixture('ps/seed004-ps-kubelet.txt');
    const [kubelet] = (await ingest(old, 'ps')).documents;
    expect(kubelet?.label).toBe('kubelet (pid 1633)');
    expect(flagPairs(kubelet)).toEqual([
      ['kubeconfig', '/etc/kubernetes/kubelet.conf'],
      ['require-kubeconfig', 'true'],
      ['pod-manifest-path', '/etc/kubernetes/manifests'],
      ['allow-privileged', 'true'],
      ['network-plugin', 'cni'],
      ['cni-conf-dir', '/etc/cni/net.d'],
      ['cni-bin-dir', '/opt/cni/bin'],
      ['cluster-dns', '10.96.0.10'],
      ['cluster-domain', 'cluster.local'],
    ]);
    expect(lineCol(old, flag(kubelet, 'network-plugin').nameRange)).toBe('2:188');
  });

  it('no component in the paste (coredns processes): recognised as ps output, says so', async () => {
    const r = await ingest(fixture('ps/seed002-ps-coredns.txt'), 'ps');
    expect(r.kind).toBe('command-line');
    expect(r.documents).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['no-component-process']);
  });
});

describe('bare command lines', () => {
  it('the kube-apiserver command of kubeadm 1.5 (seed 004), `--allow-privileged` bare', async () => {
    const text = fixture('ps/seed004-kube-apiserver-cmdline.txt');
    const [doc] = (await ingest(text, 'cmd')).documents;
    expect(doc?.label).toBe('kube-apiserver command line');
    expect(doc?.flags).toHaveLength(15);
    expect(flag(doc, 'allow-privileged')).toMatchObject({ value: null, form: 'bare' });
    expect(flag(doc, 'insecure-bind-address').value).toBe('127.0.0.1');
    expect(lineCol(text, flag(doc, 'secure-port').nameRange)).toBe('1:481');
  });

  it('continuations, quotes inside quotes, `--name value`, `=` in values, tabs, CRLF, operators', async () => {
    const text =
      '$ sudo /usr/local/bin/kube-scheduler \\\r\n' +
      '\t--config "/etc/kubernetes/my scheduler.yaml" \\\r\n' +
      '\t--feature-gates=\'A=true,B=false\' --leader-elect-resource-name="sched-\\"a\\"" \\\r\n' +
      '\t--v 4 --bind-address=0.0.0.0 > /var/log/sched.log 2>&1 &\r\n' +
      'echo done\r\n';
    const r = await ingest(text, 'start.sh');
    expect(r.kind).toBe('command-line');
    const [doc] = r.documents;
    expect(doc?.component).toBe('kube-scheduler');
    expect(flagPairs(doc)).toEqual([
      ['config', '/etc/kubernetes/my scheduler.yaml'],
      ['feature-gates', 'A=true,B=false'],
      ['leader-elect-resource-name', 'sched-"a"'],
      ['v', '4'],
      ['bind-address', '0.0.0.0'],
    ]);
    expect(flag(doc, 'v').form).toBe('separate');
    expect(lineCol(text, flag(doc, 'config').nameRange)).toBe('2:2');
    expect(slice(text, flag(doc, 'config').valueRange)).toBe('/etc/kubernetes/my scheduler.yaml');
    expect(lineCol(text, flag(doc, 'v').valueRange!)).toBe('4:6');
    expect(r.documents).toHaveLength(1);
  });

  it('ps aux columns, hyperkube sub-commands, docker ps output ignored', async () => {
    const text = [
      'USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND',
      'root        1326  2.0  1.2 11214 20424 ?        Ssl  10:40   2:52 etcd --name=test --data-dir=/var/lib/etcd',
      'root        2001  0.5  0.9 80000 10000 ?        Ssl  10:41   0:10 /hyperkube apiserver --secure-port=6443',
      'root        2002  0.0  0.0   6432   720 pts/0    S+   14:37   0:00 grep --color=auto kube',
      'root        2003  0.0  0.1  20000  3000 ?        Ssl  10:40   0:01 /usr/bin/containerd',
    ].join('\n');
    const docs = processDocuments(text, fileId('f'), await facts());
    expect(docs.map((d) => [d.component, d.componentSource, flagPairs(d)])).toEqual([
      [
        'etcd',
        'process etcd',
        [
          ['name', 'test'],
          ['data-dir', '/var/lib/etcd'],
        ],
      ],
      ['kube-apiserver', 'hyperkube sub-command apiserver', [['secure-port', '6443']]],
    ]);
    const dockerPs = await ingest(fixture('other/seed004-docker-ps.txt'), 'docker ps');
    expect(dockerPs.documents.filter((d) => d.kind === 'command-line')).toEqual([]);
  });
});

describe('systemctl status output', () => {
  it('the command line in the CGroup tree', async () => {
    const text = [
      '● kube-apiserver.service - Kubernetes API Server',
      '   Loaded: loaded (/usr/lib/systemd/system/kube-apiserver.service; enabled; vendor preset: disabled)',
      '   Active: active (running) since Mon 2026-11-23 10:40:01 CST; 3h ago',
      ' Main PID: 1234 (kube-apiserver)',
      '   CGroup: /system.slice/kube-apiserver.service',
      '           └─1234 /usr/local/bin/kube-apiserver --advertise-address=192.168.50.101 --secure-port=6443',
    ].join('\n');
    const docs = processDocuments(text, fileId('f'), await facts());
    expect(docs.map((d) => [d.label, flagPairs(d)])).toEqual([
      [
        'kube-apiserver (pid 1234)',
        [
          ['advertise-address', '192.168.50.101'],
          ['secure-port', '6443'],
        ],
      ],
    ]);
    expect(lineCol(text, flag(docs[0], 'secure-port').nameRange)).toBe('6:84');
  });
});

describe('ps rows cut at the terminal width or ellipsized', () => {
  const WIDTH = 160;
  const row = (pid: number, command: string) =>
    `root     ${String(pid).padStart(6)}    1100  3 09:12 ?        00:04:10 ${command}`.slice(0, WIDTH);
  const text = [
    'root@cp-1:~# ps -ef | grep kube',
    row(
      1234,
      'kube-apiserver --advertise-address=10.0.0.11 --allow-privileged=true --authorization-mode=Node,RBAC --client-ca-file=/etc/kubernetes/pki/ca.crt',
    ),
    row(
      1240,
      'kube-scheduler --authentication-kubeconfig=/etc/kubernetes/scheduler.conf --authorization-kubeconfig=/etc/kubernetes/scheduler.conf',
    ),
    row(1300, 'kube-proxy --config=/var/lib/kube-proxy/config.conf'),
    'root        4242    4100  0 10:02 pts/0    00:00:00 grep --color=auto kube',
    '',
  ].join('\n');

  it('the longest rows end at one column: each loses its cut last word and says where it was cut', async () => {
    const r = await ingest(text, 'ps.txt');
    const [apiserver, scheduler, proxy] = r.documents;
    expect(r.documents.map((d) => d.label)).toEqual([
      'kube-apiserver (pid 1234)',
      'kube-scheduler (pid 1240)',
      'kube-proxy (pid 1300)',
    ]);
    // the row stops inside the name --client-ca-file: that piece is left out, not read as a flag --client-
    expect(flagPairs(apiserver)).toEqual([
      ['advertise-address', '10.0.0.11'],
      ['allow-privileged', 'true'],
      ['authorization-mode', 'Node,RBAC'],
    ]);
    expect(
      apiserver?.diagnostics.map((d) => [d.code, d.severity, lineCol(text, d.range), slice(text, d.range)]),
    ).toEqual([['command-truncated', 'warning', '2:152', '--client-']]);
    expect(say(apiserver!.diagnostics[0]!.message)).toBe(
      'This line stops at column 160, where the terminal or ps cut it: its last word (--client-) is left out, and any flag written after the cut is unknown, not absent. For whole lines run ps -eo args --cols 100000 (or ps -efww).',
    );
    expect(flagPairs(scheduler)).toEqual([['authentication-kubeconfig', '/etc/kubernetes/scheduler.conf']]);
    expect(scheduler?.diagnostics.map((d) => slice(text, d.range))).toEqual(['--authorization-kubeconfig=/etc/kub']);
    // a shorter row is whole
    expect(flagPairs(proxy)).toEqual([['config', '/var/lib/kube-proxy/config.conf']]);
    expect(proxy?.diagnostics).toEqual([]);
  });

  it('an ellipsis at the end (systemctl status, htop) marks a cut row on its own', async () => {
    const status = [
      '● kube-apiserver.service - Kubernetes API Server',
      '   CGroup: /system.slice/kube-apiserver.service',
      '           └─1234 /usr/local/bin/kube-apiserver --advertise-address=192.168.50.101 --secure-port=6443 --etcd-servers=https://192.…',
    ].join('\n');
    const [doc] = (await ingest(status, 'status.txt')).documents;
    expect(flagPairs(doc)).toEqual([
      ['advertise-address', '192.168.50.101'],
      ['secure-port', '6443'],
    ]);
    expect(doc?.diagnostics.map((d) => [d.code, lineCol(status, d.range)])).toEqual([['command-truncated', '3:103']]);
  });

  it('rows that are whole stay whole: different lengths, or one command twice at the same length', async () => {
    const whole = text
      .split('\n')
      .map((l, i) => (i === 2 ? l.slice(0, 110) + ' --v=2' : l))
      .join('\n');
    // now only the apiserver row is the longest: nothing says it was cut
    const r = await ingest(
      whole.replace(/^(root +1234 .*)$/m, (l) => l.slice(0, 100)),
      'ps.txt',
    );
    expect(r.documents.flatMap((d) => d.diagnostics.map((x) => x.code))).toEqual([]);
    const same = row(77, 'kube-proxy --config=/var/lib/kube-proxy/config.conf --hostname-override=node-a1 --v=2');
    const twice = [same, same.replace('    77 ', '    78 ')].join('\n');
    const t = await ingest(twice, 'ps.txt');
    expect(t.documents.map((d) => [d.flags.length, d.diagnostics.length])).toEqual([
      [3, 0],
      [3, 0],
    ]);
  });
});
