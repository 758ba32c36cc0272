/**
 * The panel's `from command kube-apiserver` (how a component was recognised, src/present/componentSource.ts): the
 * leading words in the UI language, the names as they are; English unchanged.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { setCatalogue } from '../../src/i18n';
import { componentSourceText, fromComponentSource } from '../../src/present/componentSource';
import { contentRoot } from '../helpers';

const zh = JSON.parse(readFileSync(`${contentRoot}/zh-CN/ui.json`, 'utf8')) as Record<string, string>;

afterEach(() => setCatalogue({}, 'en'));

describe('component source in words', () => {
  it('English reads as the ingest formats write it', () => {
    setCatalogue({}, 'en');
    for (const s of [
      'command kube-apiserver',
      'process etcd',
      'hyperkube sub-command apiserver',
      'image registry.k8s.io/kube-apiserver:v1.31.2',
      'variable KUBE_APISERVER_ARGS',
      'file name apiserver.env',
      'kind ClusterConfiguration',
      'label component=kube-apiserver',
      'k3s journal',
      'k3s kube-apiserver-arg',
      'ExecStart kube-apiserver',
    ])
      expect(componentSourceText(s)).toBe(s);
    expect(fromComponentSource('command kube-apiserver')).toBe('from command kube-apiserver');
  });

  it('Chinese translates the words, keeps the names, and puts no space between Chinese characters', () => {
    setCatalogue(zh, 'zh-CN');
    expect(fromComponentSource('command kube-apiserver')).toBe('来自命令 kube-apiserver');
    expect(fromComponentSource('process etcd')).toBe('来自进程 etcd');
    expect(componentSourceText('hyperkube sub-command apiserver')).toBe('hyperkube 的子命令 apiserver');
    expect(componentSourceText('image registry.k8s.io/etcd:3.5.15-0')).toBe('镜像 registry.k8s.io/etcd:3.5.15-0');
    expect(componentSourceText('variable KUBE_APISERVER_ARGS')).toBe('变量 KUBE_APISERVER_ARGS');
    expect(componentSourceText('file name apiserver.env')).toBe('文件名 apiserver.env');
    expect(componentSourceText('k3s journal')).toBe('k3s 日志');
    // a key and a name: Latin names, shown as they are
    expect(fromComponentSource('k3s kube-apiserver-arg')).toBe('来自 k3s kube-apiserver-arg');
    for (const s of ['command kube-apiserver', 'process etcd', 'label component=x', 'kind ClusterConfiguration'])
      expect(fromComponentSource(s)).not.toMatch(/\b(command|process|label|kind)\b/);
  });
});
