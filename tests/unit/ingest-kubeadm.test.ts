/** kubeadm and component configuration files as flags; static Pods in JSON and cut-out fragments. */
import { describe, expect, it } from 'vitest';
import { file, fixture, loadKnowledgeBase } from '../helpers';
import { flag, flagPairs, ingest, lineCol, NOW, slice } from './ingest-helpers';
import { analyseWorkspace } from '../../src/pipeline';

describe('kubeadm configuration v1beta3 (map extraArgs) with kubelet and kube-proxy configs', () => {
  const text = fixture('kubeadm/kubeadm-v1beta3.yaml');

  it('one document per component with the equivalent flags, at the YAML key and value', async () => {
    const r = await ingest(text, 'kubeadm.yaml');
    expect(r.kind).toBe('kubeadm-config');
    const byComp = (kind: string, c: string) => r.documents.find((d) => d.kind === kind && d.component === c);
    expect(r.documents.map((d) => [d.kind, d.component, d.label])).toEqual([
      ['kubeadm-config', null, 'InitConfiguration'],
      ['kubeadm-config', null, 'ClusterConfiguration'],
      ['kubeadm-config', 'kubelet', 'kubelet (kubeadm configuration)'],
      ['kubeadm-config', 'kube-apiserver', 'kube-apiserver (kubeadm configuration)'],
      ['kubeadm-config', 'kube-controller-manager', 'kube-controller-manager (kubeadm configuration)'],
      ['kubeadm-config', 'kube-scheduler', 'kube-scheduler (kubeadm configuration)'],
      ['kubeadm-config', 'etcd', 'etcd (kubeadm configuration)'],
      ['component-config', 'kubelet', 'KubeletConfiguration (kubelet)'],
      ['component-config', 'kube-proxy', 'KubeProxyConfiguration (kube-proxy)'],
    ]);
    const api = byComp('kubeadm-config', 'kube-apiserver');
    expect(flagPairs(api)).toEqual([
      ['advertise-address', '192.168.217.143'],
      ['secure-port', '6443'],
      ['service-cluster-ip-range', '10.96.0.0/12'],
      ['authorization-mode', 'Node,RBAC'],
      ['audit-log-path', '/var/log/kubernetes/audit.log'],
      ['enable-admission-plugins', 'NodeRestriction,PodSecurity'],
      ['feature-gates', 'A=true,B=false'],
    ]);
    expect(api?.version).toMatchObject({ version: '1.28.0', source: 'kubernetesVersion v1.28.0' });
    expect(flag(api, 'authorization-mode').origin).toEqual({ kind: 'extra-args', path: 'apiServer.extraArgs' });
    expect(flag(api, 'secure-port').origin).toEqual({ kind: 'config-field', path: 'localAPIEndpoint.bindPort' });
    expect(lineCol(text, flag(api, 'authorization-mode').nameRange)).toBe('25:5');
    expect(slice(text, flag(api, 'enable-admission-plugins').valueRange)).toBe('NodeRestriction,PodSecurity');
    expect(lineCol(text, flag(api, 'enable-admission-plugins').valueRange!)).toBe('27:32');
    expect(flagPairs(byComp('kubeadm-config', 'kube-controller-manager'))).toEqual([
      ['service-cluster-ip-range', '10.96.0.0/12'],
      ['cluster-cidr', '10.244.0.0/16'],
      ['bind-address', '0.0.0.0'],
      ['node-cidr-mask-size', '24'],
    ]);
    expect(flagPairs(byComp('kubeadm-config', 'kube-scheduler'))).toEqual([['bind-address', '0.0.0.0']]);
    expect(flagPairs(byComp('kubeadm-config', 'etcd'))).toEqual([
      ['data-dir', '/var/lib/etcd'],
      ['listen-metrics-urls', 'http://0.0.0.0:2381'],
    ]);
    expect(byComp('kubeadm-config', 'etcd')?.version).toBe(null);
    expect(flagPairs(byComp('kubeadm-config', 'kubelet'))).toEqual([
      ['container-runtime-endpoint', 'unix:///var/run/containerd/containerd.sock'],
      ['hostname-override', 'k8s-master'],
      ['node-ip', '192.168.217.143'],
    ]);
  });

  it('KubeletConfiguration and KubeProxyConfiguration fields become their flags', async () => {
    const r = await ingest(text, 'kubeadm.yaml');
    const kubelet = r.documents.find((d) => d.kind === 'component-config' && d.component === 'kubelet');
    expect(flagPairs(kubelet)).toEqual([
      ['cgroup-driver', 'systemd'],
      ['cluster-dns', '10.96.0.10'],
      ['cluster-domain', 'cluster.local'],
      ['anonymous-auth', 'false'],
      ['authentication-token-webhook', 'true'],
      ['client-ca-file', '/etc/kubernetes/pki/ca.crt'],
      ['authorization-mode', 'Webhook'],
      ['eviction-hard', 'memory.available<100Mi,nodefs.available<10%'],
      ['feature-gates', 'GracefulNodeShutdown=true'],
      ['rotate-certificates', 'true'],
      ['pod-manifest-path', '/etc/kubernetes/manifests'],
    ]);
    expect(flag(kubelet, 'anonymous-auth')).toMatchObject({
      spelled: 'enabled',
      origin: { kind: 'config-field', path: 'authentication.anonymous.enabled' },
    });
    expect(lineCol(text, flag(kubelet, 'client-ca-file').nameRange)).toBe('54:5');
    expect(kubelet?.fields.map((f) => f.path)).toContain('authentication.x509.clientCAFile');
    const proxy = r.documents.find((d) => d.component === 'kube-proxy');
    expect(flagPairs(proxy)).toEqual([
      ['proxy-mode', 'ipvs'],
      ['cluster-cidr', '10.244.0.0/16'],
      ['ipvs-scheduler', 'rr'],
      ['ipvs-strict-arp', 'true'],
      ['metrics-bind-address', '0.0.0.0:10249'],
    ]);
  });

  it('a KubeletConfiguration alone is a component config', async () => {
    const t =
      'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nmaxPods: 110\ntlsCipherSuites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384]\n';
    const r = await ingest(t, 'config.yaml');
    expect(r.kind).toBe('component-config');
    expect(flagPairs(r.documents[0])).toEqual([
      ['max-pods', '110'],
      ['tls-cipher-suites', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'],
    ]);
  });
});

describe('kubeadm configuration v1beta4 (name/value extraArgs)', () => {
  it('reads the list form; quoted names and values located inside their quotes', async () => {
    const text = fixture('kubeadm/kubeadm-v1beta4.yaml');
    const r = await ingest(text, 'kubeadm.yaml');
    const api = r.documents.find((d) => d.component === 'kube-apiserver');
    expect(flagPairs(api)).toEqual([
      ['authorization-mode', 'Node,RBAC'],
      ['audit-log-maxage', '30'],
      ['service-node-port-range', '30000-32767'],
    ]);
    expect(api?.version?.version).toBe('1.31.2');
    expect(lineCol(text, flag(api, 'audit-log-maxage').nameRange)).toBe('8:12');
    expect(slice(text, flag(api, 'audit-log-maxage').valueRange)).toBe('30');
    expect(flagPairs(r.documents.find((d) => d.component === 'etcd'))).toEqual([['election-timeout', '1000']]);
  });

  it('the pipeline annotates them from the flag catalogue', async () => {
    const kb = await loadKnowledgeBase();
    const a = await analyseWorkspace([file('kubeadm.yaml', fixture('kubeadm/kubeadm-v1beta4.yaml'), 'k')], kb, {
      now: NOW,
    });
    const api = a.files[0]?.documents.find((d) => d.document.component === 'kube-apiserver');
    expect(api?.flags.find((f) => f.occurrence.name === 'authorization-mode')?.doc?.name).toBe('authorization-mode');
  });
});

describe('static Pods: kubeadm 1.5 JSON, and fragments cut out of manifests (seeds 000, 004)', () => {
  it('a whole kubeadm 1.5 JSON manifest reads like YAML, with the image version', async () => {
    const text = fixture('static-pod/kube-apiserver-v1.5.json');
    const r = await ingest(text, 'kube-apiserver.json');
    expect(r.kind).toBe('static-pod');
    const [doc] = r.documents;
    expect(doc?.component).toBe('kube-apiserver');
    expect(doc?.version?.version).toBe('1.5.1');
    expect(flagPairs(doc)).toEqual([
      ['insecure-bind-address', '127.0.0.1'],
      [
        'admission-control',
        'NamespaceLifecycle,LimitRanger,ServiceAccount,PersistentVolumeLabel,DefaultStorageClass,ResourceQuota',
      ],
      ['service-cluster-ip-range', '10.96.0.0/12'],
      ['service-account-key-file', '/etc/kubernetes/pki/apiserver-key.pem'],
      ['client-ca-file', '/etc/kubernetes/pki/ca.pem'],
      ['tls-cert-file', '/etc/kubernetes/pki/apiserver.pem'],
      ['tls-private-key-file', '/etc/kubernetes/pki/apiserver-key.pem'],
      ['token-auth-file', '/etc/kubernetes/pki/tokens.csv'],
      ['secure-port', '6443'],
      ['allow-privileged', null],
      ['advertise-address', '10.47.217.91'],
      ['kubelet-preferred-address-types', 'InternalIP,ExternalIP,Hostname'],
      ['anonymous-auth', 'false'],
      ['etcd-servers', 'http://127.0.0.1:2379'],
      ['service-node-port-range', '80-32767'],
    ]);
    expect(lineCol(text, flag(doc, 'secure-port').nameRange)).toBe('36:10');
    expect(slice(text, flag(doc, 'etcd-servers').valueRange)).toBe('http://127.0.0.1:2379');
  });

  it('the JSON piece quoted in seed 004 (not a document): its command list is read', async () => {
    const text = fixture('static-pod/seed004-kube-apiserver-fragment.json');
    const r = await ingest(text, 'fragment.json');
    const [doc] = r.documents;
    expect(doc?.label).toBe('container fragment');
    expect(doc?.component).toBe('kube-apiserver');
    expect(doc?.flags).toHaveLength(15);
    expect(lineCol(text, flag(doc, 'token-auth-file').nameRange)).toBe('14:2');
    expect(doc?.diagnostics.map((d) => d.code)).toEqual(['container-fragment']);
  });

  it('the kubeadm v1.21 Pods of seed 000: component, version, every flag, positions', async () => {
    const sched = fixture('static-pod/seed000-kube-scheduler.yaml');
    const [s] = (await ingest(sched, 'kube-scheduler.yaml')).documents;
    expect([s?.component, s?.version?.version]).toEqual(['kube-scheduler', '1.21.0']);
    expect(flagPairs(s)).toEqual([
      ['authentication-kubeconfig', '/etc/kubernetes/scheduler.conf'],
      ['authorization-kubeconfig', '/etc/kubernetes/scheduler.conf'],
      ['bind-address', '127.0.0.1'],
      ['kubeconfig', '/etc/kubernetes/scheduler.conf'],
      ['leader-elect', 'true'],
      ['port', '0'],
    ]);
    expect(lineCol(sched, flag(s, 'port').nameRange)).toBe('19:7');
    const api = fixture('static-pod/seed000-kube-apiserver.yaml');
    const [a] = (await ingest(api, 'kube-apiserver.yaml')).documents;
    expect(a?.flags.map((x) => x.name)).toEqual([
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
      'insecure-port',
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
    // values end before trailing blanks and `# 注释` comments
    expect(flag(a, 'etcd-servers').value).toBe('https://127.0.0.1:2379');
    expect(flag(a, 'allow-privileged').value).toBe('true');
    expect(lineCol(api, flag(a, 'etcd-servers').valueRange!)).toBe('25:22');
    const cm = (await ingest(fixture('static-pod/seed000-kube-controller-manager.yaml'), 'x.yaml')).documents[0];
    expect([cm?.component, cm?.flags.length, flag(cm, 'controllers').value]).toEqual([
      'kube-controller-manager',
      18,
      '*,bootstrapsigner,tokencleaner',
    ]);
  });

  it('YAML container fragments of seed 000 with comments and blank lines', async () => {
    const cases: [string, string, number][] = [
      ['apiserver-args', 'kube-apiserver', 15],
      ['scheduler-certs', 'kube-scheduler', 3],
      ['scheduler-args', 'kube-scheduler', 3],
      ['controller-manager-certs', 'kube-controller-manager', 9],
      ['controller-manager-args', 'kube-controller-manager', 9],
      ['etcd-certs', 'etcd', 7],
      ['etcd-args', 'etcd', 10],
    ];
    for (const [name, component, count] of cases) {
      const r = await ingest(fixture(`static-pod/seed000-fragment-${name}.yaml`), `${name}.yaml`);
      expect([name, r.kind, r.documents[0]?.component, r.documents[0]?.flags.length]).toEqual([
        name,
        'static-pod',
        component,
        count,
      ]);
    }
    const text = fixture('static-pod/seed000-fragment-etcd-args.yaml');
    const [doc] = (await ingest(text, 'x')).documents;
    expect(flagPairs(doc)).toEqual([
      ['advertise-client-urls', 'https://192.168.100.151:2379'],
      ['client-cert-auth', 'true'],
      ['data-dir', '/var/lib/etcd'],
      ['initial-advertise-peer-urls', 'https://192.168.100.151:2380'],
      ['listen-peer-urls', 'https://192.168.100.151:2380'],
      ['initial-cluster', 'w1=https://192.168.100.151:2380'],
      ['listen-client-urls', 'https://127.0.0.1:2379,https://192.168.100.151:2379'],
      ['listen-metrics-urls', 'http://127.0.0.1:2381'],
      ['name', 'w1'],
      ['snapshot-count', '10000'],
    ]);
    expect(flag(doc, 'initial-cluster').value).toBe('w1=https://192.168.100.151:2380');
    expect(lineCol(text, flag(doc, 'name').nameRange)).toBe('15:7');
  });
});
