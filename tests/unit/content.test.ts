/**
 * The knowledge base's own shape: every content file loads, every entry is complete and well-formed.
 * (Coverage against the official reference is `npm run check:content`, a developer tool.)
 */
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../helpers';
import { COMPONENT_IDS } from '../../src/model/types';
import { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import { mapReader } from '../../src/knowledge/reader';
import { flagsNamedByFacts } from '../../src/knowledge/componentFacts';

describe('content', () => {
  it('every flag catalogue loads without problems', async () => {
    const kb = await loadKnowledgeBase();
    for (const id of COMPONENT_IDS) await kb.loadFlags(id);
    for (const set of kb.fieldSetNames()) await kb.loadFields(set);
    const report = kb.problems.map((p) => `${p.source} ${p.entry}: ${p.message}`);
    expect(report).toEqual([]);
  });

  it('every component listed in components.yaml has a reference page and binaries', async () => {
    const kb = await loadKnowledgeBase();
    expect([...kb.components.keys()].sort()).toEqual([...COMPONENT_IDS].sort());
    for (const info of kb.components.values()) {
      expect(info.reference).toMatch(/^https:\/\//);
      expect(info.binaries.length).toBeGreaterThan(0);
    }
  });
});

describe('ingest facts (components.yaml, config-fields.yaml)', () => {
  it('every flag they name exists in that component’s catalogue', async () => {
    const kb = await loadKnowledgeBase();
    const named = flagsNamedByFacts(kb.ingestFacts);
    expect(named.length).toBeGreaterThan(100);
    const missing: string[] = [];
    for (const { component, flag, where } of named) {
      const cat = await kb.loadFlags(component);
      if (!cat.flags.has(flag)) missing.push(`${where}: ${component} has no flag --${flag}`);
    }
    expect(missing).toEqual([]);
  });

  it('every component has process names, and the mappings cover the three component configs and kubeadm', async () => {
    const { ingestFacts: facts } = await loadKnowledgeBase();
    for (const info of facts.components.values()) expect(info.processNames, info.id).toContain(info.id);
    expect(facts.configFields.componentConfigs.map((c) => c.kind)).toEqual([
      'KubeletConfiguration',
      'KubeProxyConfiguration',
      'KubeSchedulerConfiguration',
    ]);
    expect(facts.configFields.kubeadm.kinds).toContain('ClusterConfiguration');
    expect(facts.configFields.kubeadm.extraArgs.map((e) => e.component)).toEqual(
      [...COMPONENT_IDS].filter((c) => c !== 'kube-proxy'),
    );
    expect(facts.wrappers).toEqual(['hyperkube']);
  });

  it('bad facts become content problems, not a crash', async () => {
    const components = [
      'etcd:',
      '  binaries: [etcd]',
      "  envVariablePatterns: ['^ETCD_(']",
      '  flagEnvPrefix: etcd',
      '  ports:',
      '    - { port: 99999, tls: true }',
      '    - { port: 2379, flag: --listen-client-urls, tls: yes, removed: soon }',
      '  envVariabels: [X]',
      'kube-nothing:',
      '  binaries: [x]',
      'wrappers: hyperkube',
    ].join('\n');
    const configFields = [
      'componentConfigs:',
      '  KubeletConfiguration:',
      '    component: kubelett',
      '    fields: { port: port }',
      '  KubeProxyConfiguration:',
      '    component: kube-proxy',
      '    fields: { mode: { flag: proxy-mode, join: semicolon }, bad: 3 }',
      'kubeadm:',
      '  extraArgs: { apiServer.extraArgs: apiserver }',
      '  fields: { networking.podSubnet: { flag: cluster-cidr } }',
    ].join('\n');
    const kb = await KnowledgeBase.create(
      mapReader({ 'components.yaml': components, 'config-fields.yaml': configFields }),
    );
    const report = kb.problems.map((p) => `${p.source} ${p.entry}: ${p.message}`);
    expect(report).toEqual([
      'components.yaml etcd: unknown field "envVariabels"',
      'components.yaml etcd: flagEnvPrefix must be upper case and end with "_", got "etcd"',
      expect.stringMatching(/^components\.yaml etcd: envVariablePatterns: not a regular expression: /),
      'components.yaml etcd port 99999: port must be a number from 1 to 65535',
      'components.yaml etcd port 2379: tls must be true or false',
      'components.yaml etcd port 2379: flag must be written without dashes',
      'components.yaml etcd port 2379: removed must be a version like "1.24", got "soon"',
      'components.yaml kube-nothing: unknown component',
      'components.yaml wrappers: wrappers must be a list of names',
      'config-fields.yaml KubeletConfiguration: unknown component "kubelett"',
      'config-fields.yaml KubeProxyConfiguration mode: join must be one of list, eq, lt',
      'config-fields.yaml KubeProxyConfiguration bad: must be a flag name or a map { flag, join }',
      'config-fields.yaml extraArgs apiServer.extraArgs: unknown component "apiserver"',
      'config-fields.yaml kubeadm networking.podSubnet: component is required',
    ]);
    const etcd = kb.components.get('etcd');
    expect(etcd?.envVariablePatterns).toEqual([]);
    expect(etcd?.flagEnvPrefix).toBeNull();
    expect(etcd?.ports.map((p) => p.port)).toEqual([2379]);
    expect(kb.ingestFacts.configFields.componentConfigs.map((c) => [c.kind, [...c.fields.keys()]])).toEqual([
      ['KubeProxyConfiguration', ['mode']],
    ]);
  });
});
