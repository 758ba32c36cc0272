/** systemd units and drop-ins: directives as fields, ExecStart as the command, `$VAR` expansion. */
import { describe, expect, it } from 'vitest';
import { fileId } from '../../src/model/span';
import { file, fixture, say } from '../helpers';
import { facts, flag, flagPairs, ingest, lineCol, ofKind, slice } from './ingest-helpers';
import { detectKind } from '../../src/ingest';
import { unitDocuments } from '../../src/ingest/formats/systemdUnit';
import { readUnitBlocks } from '../../src/ingest/formats/unitFile';

describe('systemd unit (seed 001: kube-apiserver.service)', () => {
  const text = fixture('systemd/seed001-kube-apiserver.service');

  it('is detected as a unit; component from the ExecStart binary; directives as Section.Directive fields', async () => {
    const r = await ingest(text, 'kube-apiserver.service');
    expect(r.kind).toBe('systemd-unit');
    const [doc] = r.documents;
    expect(r.documents).toHaveLength(1);
    expect(doc?.component).toBe('kube-apiserver');
    expect(doc?.componentSource).toBe('ExecStart kube-apiserver');
    expect(doc?.label).toBe('kube-apiserver.service');
    expect(doc?.fields.map((f) => f.path)).toEqual([
      'Unit.Description',
      'Unit.Documentation',
      'Unit.After',
      'Unit.After',
      'Service.EnvironmentFile',
      'Service.ExecStart',
      'Service.Restart',
      'Service.Type',
      'Service.LimitNOFILE',
      'Install.WantedBy',
    ]);
    const exec = doc?.fields.find((f) => f.path === 'Service.ExecStart');
    expect(exec?.value).toBe(
      '/usr/local/bin/kube-apiserver $KUBE_API_ADDRESS $KUBE_API_PORT $KUBELET_PORT $KUBE_ETCD_SERVERS $KUBE_SERVICE_ADDRESSES $KUBE_ADMISSION_CONTROL $KUBE_API_ARGS',
    );
    expect(lineCol(text, exec!.keyRange)).toBe('8:1');
    expect(slice(text, doc?.binaryRange)).toBe('/usr/local/bin/kube-apiserver');
    expect(ofKind(doc, 'systemd-unit').systemd.environmentFiles).toEqual([
      { path: '/etc/kubernetes/apiserver', optional: true, range: expect.any(Object), resolvedFileId: null },
    ]);
  });

  it('reports every unresolved $VAR where it is written, naming the env file to add', async () => {
    const [doc] = (await ingest(text, 'kube-apiserver.service')).documents;
    const unresolved = doc!.diagnostics.filter((d) => d.code === 'unresolved-variable');
    expect(unresolved.map((d) => slice(text, d.range))).toEqual([
      '$KUBE_API_ADDRESS',
      '$KUBE_API_PORT',
      '$KUBELET_PORT',
      '$KUBE_ETCD_SERVERS',
      '$KUBE_SERVICE_ADDRESSES',
      '$KUBE_ADMISSION_CONTROL',
      '$KUBE_API_ARGS',
    ]);
    expect(say(unresolved[6]?.message)).toContain('EnvironmentFile=-/etc/kubernetes/apiserver');
    expect(unresolved.every((d) => d.severity === 'warning')).toBe(true);
    expect(lineCol(text, unresolved[6]!.range)).toBe('15:1');
    expect(doc?.flags).toEqual([]);
  });
});

describe('several units pasted together (seed 001 with the `vim` lines)', () => {
  it('splits at each named unit and recognises each component', async () => {
    const text = fixture('systemd/seed001-units-pasted.txt');
    const r = await ingest(text, 'paste');
    expect(r.kind).toBe('systemd-unit');
    expect(
      r.documents.map((d) => [d.label, d.component, d.kind === 'systemd-unit' ? d.systemd.path : undefined]),
    ).toEqual([
      ['kube-apiserver.service', 'kube-apiserver', '/lib/systemd/system/kube-apiserver.service'],
      [
        'kube-controller-manager.service',
        'kube-controller-manager',
        '/lib/systemd/system/kube-controller-manager.service',
      ],
      ['kube-scheduler.service', 'kube-scheduler', '/usr/lib/systemd/system/kube-scheduler.service'],
    ]);
    expect(r.documents.flatMap((d) => d.diagnostics.filter((x) => x.code === 'systemd-syntax'))).toEqual([]);
  });

  it('starts a new unit at a repeated [Unit] header even without a name line', async () => {
    const text =
      '[Unit]\nDescription=a\n[Service]\nExecStart=/usr/bin/kubelet --v=2\n[Unit]\nDescription=b\n[Service]\nExecStart=/usr/local/bin/etcd --name=x\n';
    const docs = unitDocuments(text, fileId('f'), 'paste', await facts());
    expect(docs.map((d) => [d.label, d.component, flagPairs(d)])).toEqual([
      ['systemd unit 1', 'kubelet', [['v', '2']]],
      ['systemd unit 2', 'etcd', [['name', 'x']]],
    ]);
  });
});

describe('kubelet drop-in 10-kubeadm.conf (seed 004)', () => {
  const text = fixture('systemd/seed004-10-kubeadm.conf');

  it('expands Environment= variables of the same file, each flag at its place in the Environment= line', async () => {
    const r = await ingest(text, '10-kubeadm.conf');
    const [doc] = r.documents;
    expect(doc?.component).toBe('kubelet');
    expect(ofKind(doc, 'systemd-unit').systemd.dropIn).toBe(true);
    expect(flagPairs(doc)).toEqual([
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
    expect(doc?.flags.every((f) => f.fileId === 'f1')).toBe(true);
    expect(lineCol(text, flag(doc, 'kubeconfig').nameRange)).toBe('2:38');
    expect(lineCol(text, flag(doc, 'cni-bin-dir').nameRange)).toBe('4:86');
    expect(slice(text, flag(doc, 'cni-bin-dir').valueRange)).toBe('/opt/cni/bin');
    expect(lineCol(text, flag(doc, 'cluster-domain').valueRange!)).toBe('5:73');
    expect(flag(doc, 'cluster-dns').viaVariable).toBe('KUBELET_DNS_ARGS');
    expect(ofKind(doc, 'systemd-unit').expansions.map((e) => [e.name, e.argumentCount])).toEqual([
      ['KUBELET_KUBECONFIG_ARGS', 2],
      ['KUBELET_SYSTEM_PODS_ARGS', 2],
      ['KUBELET_NETWORK_ARGS', 3],
      ['KUBELET_DNS_ARGS', 2],
      ['KUBELET_EXTRA_ARGS', 0],
    ]);
    // KUBELET_EXTRA_ARGS is the user's, normally unset: reported, quietly
    const extra = doc?.diagnostics.find((d) => d.code === 'unresolved-variable');
    expect(extra?.severity).toBe('info');
    expect(slice(text, extra?.range)).toBe('$KUBELET_EXTRA_ARGS');
  });

  it('the pasted form names the drop-in from its `# cat` line', async () => {
    const text2 = fixture('systemd/seed004-10-kubeadm-pasted.txt');
    const [doc] = (await ingest(text2, 'paste')).documents;
    expect(doc?.label).toBe('10-kubeadm.conf');
    expect(ofKind(doc, 'systemd-unit').systemd.path).toBe('/etc/systemd/system/kubelet.service.d/10-kubeadm.conf');
    expect(doc?.flags).toHaveLength(9);
  });

  it('an ExecStart= reset in a drop-in overrides the base unit pasted before it (systemctl cat)', async () => {
    const text3 = [
      '# /lib/systemd/system/kubelet.service',
      '[Unit]',
      'Description=kubelet: The Kubernetes Node Agent',
      '[Service]',
      'ExecStart=/usr/bin/kubelet --v=9',
      'Restart=always',
      '',
      '# /etc/systemd/system/kubelet.service.d/10-kubeadm.conf',
      '[Service]',
      'Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"',
      'Environment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"',
      'EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env',
      'EnvironmentFile=-/etc/default/kubelet',
      'ExecStart=',
      'ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS',
      '',
    ].join('\n');
    const docs = (await ingest(text3, 'systemctl cat kubelet')).documents;
    expect(docs.map((d) => d.label)).toEqual(['kubelet.service', '10-kubeadm.conf']);
    expect(docs[0]?.flags).toEqual([]);
    expect(docs[0]?.diagnostics.map((d) => d.code)).toEqual(['execstart-overridden']);
    expect(flagPairs(docs[1])).toEqual([
      ['bootstrap-kubeconfig', '/etc/kubernetes/bootstrap-kubelet.conf'],
      ['kubeconfig', '/etc/kubernetes/kubelet.conf'],
      ['config', '/var/lib/kubelet/config.yaml'],
    ]);
    const unresolved = docs[1]?.diagnostics.filter((d) => d.code === 'unresolved-variable') ?? [];
    expect(unresolved.map((d) => [slice(text3, d.range), d.severity])).toEqual([
      ['$KUBELET_KUBEADM_ARGS', 'warning'],
      ['$KUBELET_EXTRA_ARGS', 'info'],
    ]);
    expect(say(unresolved[0]?.message)).toContain('/var/lib/kubelet/kubeadm-flags.env');
  });
});

describe('systemd syntax details', () => {
  it('prefixes, quotes, ${VAR} as one word, $VAR split, comments inside continuations, CRLF, tabs, BOM', async () => {
    const text =
      '\uFEFF[Service]\r\n' +
      'Environment="OPTS=--v=2   --log-dir=/var/log" \'NAME=my node\'\r\n' +
      '; a comment\r\n' +
      'ExecStart=-/usr/local/bin/kube-proxy \\\r\n' +
      '\t--hostname-override=${NAME} \\\r\n' +
      '# 注释: a comment line inside the continuation\r\n' +
      '\t--config "/etc/kube proxy/config.yaml" \\\r\n' +
      '\t$OPTS --feature-gates=A=true,B=false #not-a-comment\r\n';
    const r = await ingest(text, 'kube-proxy.service');
    const [doc] = r.documents;
    expect(doc?.component).toBe('kube-proxy');
    expect(flagPairs(doc)).toEqual([
      ['hostname-override', 'my node'],
      ['config', '/etc/kube proxy/config.yaml'],
      ['v', '2'],
      ['log-dir', '/var/log'],
      ['feature-gates', 'A=true,B=false'],
    ]);
    expect(slice(text, doc?.binaryRange)).toBe('/usr/local/bin/kube-proxy');
    expect(flag(doc, 'config').form).toBe('separate');
    expect(slice(text, flag(doc, 'config').valueRange)).toBe('/etc/kube proxy/config.yaml');
    expect(lineCol(text, flag(doc, 'config').nameRange)).toBe('7:2');
    expect(lineCol(text, flag(doc, 'v').nameRange)).toBe('2:19');
    expect(slice(text, flag(doc, 'log-dir').valueRange)).toBe('/var/log');
    // ${NAME} inside a word, defined in the same file: exact offsets
    expect(slice(text, flag(doc, 'hostname-override').valueRange)).toBe('my node');
    expect(doc?.diagnostics).toEqual([]);
  });

  it('each flag names the variable of the argument its name is in ($V split, "${V}" whole, literal words none)', async () => {
    const text =
      '[Service]\n' +
      'Environment="ARGS=--a=1 --b=2" "LEVEL=3"\n' +
      'ExecStart=/usr/bin/kubelet $ARGS "${ARGS}" --v=$LEVEL --x $LEVEL $ARGS --c\n';
    const [doc] = (await ingest(text, 'kubelet.service')).documents;
    expect(doc?.flags.map((f) => [f.name, f.value, f.viaVariable ?? null, lineCol(text, f.nameRange)])).toEqual([
      ['a', '1', 'ARGS', '2:19'],
      ['b', '2', 'ARGS', '2:25'],
      ['a', '1 --b=2', 'ARGS', '2:19'],
      ['v', '3', null, '3:44'],
      ['x', '3', null, '3:55'],
      ['a', '1', 'ARGS', '2:19'],
      ['b', '2', 'ARGS', '2:25'],
      ['c', null, null, '3:72'],
    ]);
  });

  it('continuation at the end of the file and a line without `=`', async () => {
    const text = '[Service]\nExecStart=/usr/bin/etcd --name=a \\';
    const [doc] = (await ingest(text, 'etcd.service')).documents;
    expect(flagPairs(doc)).toEqual([['name', 'a']]);
    const bad = unitDocuments('[Service]\nthis is prose\nExecStart=/usr/bin/etcd\n', fileId('f'), 'x', await facts());
    expect(bad[0]?.diagnostics.map((d) => [d.code, d.severity])).toEqual([['systemd-syntax', 'warning']]);
    expect(readUnitBlocks('')).toEqual([]);
  });

  it('detection prefers the unit over an env file, and the env file over nothing', async () => {
    const unit = fixture('systemd/seed001-kube-apiserver.service');
    const f = await facts();
    expect(detectKind(file('x', unit, 'a'), f).parser?.kind).toBe('systemd-unit');
    expect(detectKind(file('x', fixture('env/seed001-apiserver'), 'a'), f).parser?.kind).toBe('env-file');
  });
});

describe('a unit and its env file pasted together (seed 001, copied with the text between)', () => {
  it('the env file part becomes its own document and feeds the unit, flags located in the paste', async () => {
    const text = fixture('systemd/seed001-unit-and-env-pasted.txt');
    const r = await ingest(text, 'paste');
    expect(r.kind).toBe('systemd-unit');
    const [unit, env] = r.documents;
    expect([unit?.kind, unit?.label, unit?.component]).toEqual([
      'systemd-unit',
      'kube-apiserver.service',
      'kube-apiserver',
    ]);
    expect([env?.kind, env?.label, env?.component]).toEqual([
      'env-file',
      'env file /etc/kubernetes/apiserver',
      'kube-apiserver',
    ]);
    expect(unit?.flags).toHaveLength(29);
    expect(unit?.flags.every((f) => f.fileId === 'f1')).toBe(true);
    expect(lineCol(text, flag(unit, 'anonymous-auth').nameRange)).toBe('42:16');
    expect(lineCol(text, flag(unit, 'v').nameRange)).toBe('64:1');
    expect(ofKind(unit, 'systemd-unit').systemd.environmentFiles[0]?.resolvedFileId).toBe('f1');
    // the commented-out KUBELET_PORT: unresolved, reported where the unit uses it
    expect(unit?.diagnostics.filter((d) => d.code === 'unresolved-variable').map((d) => slice(text, d.range))).toEqual([
      '$KUBELET_PORT',
    ]);
    // the Markdown fences are skipped; the bold title between the blocks is not a directive
    expect(unit?.diagnostics.filter((d) => d.code === 'systemd-syntax').map((d) => slice(text, d.range))).toEqual([
      '**kube-apiserver配置文件**',
    ]);
    expect(env?.flags).toEqual([]);
    expect(env?.diagnostics.map((d) => d.code)).toEqual(Array(6).fill('expanded-in-unit'));
    expect(r.documents.map((d) => d.id)).toEqual(['f1#0', 'f1#1']);
  });
});

describe('a paste of env file then unit (header lines start new parts)', () => {
  it('an env file part ends at the next `vim ….service` line', async () => {
    const text = [
      'vim /etc/kubernetes/scheduler',
      'KUBE_SCHEDULER_ARGS="--leader-elect=true --v=2"',
      'some prose between the two blocks',
      'vim /usr/lib/systemd/system/kube-scheduler.service',
      '[Service]',
      'EnvironmentFile=-/etc/kubernetes/scheduler',
      'ExecStart=/usr/local/bin/kube-scheduler $KUBE_SCHEDULER_ARGS',
      '',
    ].join('\n');
    const docs = (await ingest(text, 'paste')).documents;
    expect(docs.map((d) => [d.kind, d.label, d.flags.length])).toEqual([
      ['env-file', 'env file /etc/kubernetes/scheduler', 0],
      ['systemd-unit', 'kube-scheduler.service', 2],
    ]);
    expect(lineCol(text, flag(docs[1], 'v').nameRange)).toBe('2:42');
  });
});
