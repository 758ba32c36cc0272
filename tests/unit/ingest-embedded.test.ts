/**
 * Issue 15: manifests, units and kubeconfigs embedded in provisioning files (cloud-init write_files, Ansible copy,
 * Terraform and shell heredocs), each read where it is written (tests/fixtures/real-world/, written by us).
 */
import { describe, expect, it } from 'vitest';
import { fixture } from '../helpers';
import type { IngestedFile, SourceDocument } from '../../src/model/types';
import { findEmbeddedBlocks } from '../../src/ingest/workspace/embedded';
import { ingest, lineCol, slice } from './ingest-helpers';

/** `name=value @line:col` of every flag of a document, in order. */
function rows(text: string, doc: SourceDocument | undefined): string[] {
  return (doc?.flags ?? []).map((f) => `${f.name}=${f.value ?? '(bare)'} @${lineCol(text, f.nameRange)}`);
}

function summary(r: IngestedFile): [string, string, string | null, string | null][] {
  return r.documents.map((d) => [d.kind, d.label, d.component, d.version?.version ?? null]);
}

function valuesAt(text: string, doc: SourceDocument | undefined): void {
  for (const f of doc?.flags ?? []) if (f.value !== null) expect(slice(text, f.valueRange)).toBe(f.value);
}

describe('cloud-init write_files', () => {
  const text = fixture('real-world/cloud-init-control-plane.yaml');

  it('each content: | block is a part read where it is written, named by its path:', async () => {
    const r = await ingest(text, 'user-data.yaml');
    expect(r.kind).toBe('static-pod');
    expect(r.parts?.map((p) => [p.kind, lineCol(text, p.range)])).toEqual([
      ['static-pod', '9:1'],
      ['systemd-unit', '26:1'],
    ]);
    expect(summary(r)).toEqual([
      ['static-pod', 'Pod kube-scheduler', 'kube-scheduler', '1.29.4'],
      ['systemd-unit', '20-node-ip.conf', 'kubelet', null],
    ]);
    expect(rows(text, r.documents[0])).toEqual([
      'bind-address=127.0.0.1 @21:13',
      'kubeconfig=/etc/kubernetes/scheduler.conf @22:13',
      'leader-elect=true @23:13',
    ]);
    // the drop-in's $KUBELET_EXTRA_ARGS expands from its own Environment= line
    expect(rows(text, r.documents[1])).toEqual(['node-ip=10.0.0.11 @27:39', 'max-pods=110 @27:59']);
    expect(lineCol(text, r.documents[0]!.version!.range!)).toBe('18:18');
    valuesAt(text, r.documents[0]);
    valuesAt(text, r.documents[1]);
  });
});

describe('Ansible copy content', () => {
  it('the manifest under ansible.builtin.copy content: |, named by dest:', async () => {
    const text = fixture('real-world/ansible-controller-manager-task.yaml');
    const blocks = findEmbeddedBlocks(text);
    expect(blocks.map((b) => [b.how, b.path, lineCol(text, b.range)])).toEqual([
      ['yaml-block', '/etc/kubernetes/manifests/kube-controller-manager.yaml', '12:1'],
    ]);
    const r = await ingest(text, 'site.yml');
    expect(summary(r)).toEqual([['static-pod', 'Pod kube-controller-manager', 'kube-controller-manager', '1.28.9']]);
    expect(rows(text, r.documents[0])).toEqual([
      'allocate-node-cidrs=true @23:17',
      'cluster-cidr=10.244.0.0/16 @24:17',
      'use-service-account-credentials=true @25:17',
    ]);
  });
});

describe('heredocs', () => {
  it('Terraform content = <<-EOT, named by the provisioner destination', async () => {
    const text = fixture('real-world/terraform-etcd.tf');
    expect(findEmbeddedBlocks(text).map((b) => [b.how, b.path, lineCol(text, b.range)])).toEqual([
      ['heredoc', '/etc/kubernetes/manifests/etcd.yaml', '10:1'],
    ]);
    const r = await ingest(text, 'main.tf');
    expect(summary(r)).toEqual([['static-pod', 'Pod etcd', 'etcd', '3.5.12']]);
    expect(rows(text, r.documents[0])).toEqual([
      'name=cp-1 @21:13',
      'data-dir=/var/lib/etcd @22:13',
      'listen-client-urls=https://127.0.0.1:2379 @23:13',
    ]);
  });

  it("a shell script's cat <<'EOF' | tee /etc/kubernetes/manifests/...", async () => {
    const text = fixture('real-world/setup-apiserver.sh');
    expect(findEmbeddedBlocks(text).map((b) => [b.how, b.path, lineCol(text, b.range)])).toEqual([
      ['heredoc', '/etc/kubernetes/manifests/kube-apiserver.yaml', '5:1'],
    ]);
    const r = await ingest(text, 'setup.sh');
    expect(summary(r)).toEqual([['static-pod', 'Pod kube-apiserver', 'kube-apiserver', '1.30.2']]);
    expect(rows(text, r.documents[0])).toEqual(['advertise-address=10.0.0.11 @16:7', 'secure-port=6443 @17:7']);
  });

  it('a kubeconfig in a ConfigMap data: block is read as a kubeconfig, its key located as a secret', async () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: scheduler-kubeconfig',
      'data:',
      '  kubeconfig: |',
      '    apiVersion: v1',
      '    kind: Config',
      '    clusters:',
      '    - name: kubernetes',
      '      cluster:',
      '        server: https://10.0.0.10:6443',
      '    users:',
      '    - name: scheduler',
      '      user:',
      '        token: 0123456789abcdef0123456789abcdef',
      '    contexts:',
      '    - name: default',
      '      context: {cluster: kubernetes, user: scheduler}',
      '    current-context: default',
      '',
    ].join('\n');
    const r = await ingest(text, 'cm.yaml');
    expect(r.documents.map((d) => d.kind)).toEqual(['kubeconfig']);
    const [secret] = r.documents[0]?.secrets ?? [];
    expect(lineCol(text, secret!.range)).toBe('16:16');
    expect(slice(text, secret?.range)).toBe('0123456789abcdef0123456789abcdef');
  });
});

describe('what is not an embedded file', () => {
  it('a Pod whose command is a | script, and kind / Talos configs, are read by their own parsers', async () => {
    for (const [name, kind] of [
      ['real-world/controller-manager-sh-c-block.yaml', 'static-pod'],
      ['real-world/kind-cluster.yaml', 'distribution-config'],
      ['real-world/talos-controlplane.yaml', 'distribution-config'],
    ] as const) {
      const r = await ingest(fixture(name), name);
      expect([name, r.kind, r.parts]).toEqual([name, kind, undefined]);
    }
  });

  it('prose in a | block and an unclosed heredoc are not parts; nothing is read from them', async () => {
    const prose = 'description: |\n  This role installs the control plane.\n  It needs root.\nother: 1\n';
    expect(findEmbeddedBlocks(prose).map((b) => slice(prose, b.range))).toEqual([
      '  This role installs the control plane.\n  It needs root.',
    ]);
    const r = await ingest(prose, 'role.yaml');
    expect(r.parts).toBeUndefined();
    const open = 'cat <<EOF > /etc/x.yaml\napiVersion: v1\nkind: Pod\n';
    expect(findEmbeddedBlocks(open).map((b) => [b.path, slice(open, b.range)])).toEqual([
      ['/etc/x.yaml', 'apiVersion: v1\nkind: Pod'],
    ]);
  });
});
