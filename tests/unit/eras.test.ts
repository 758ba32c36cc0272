/**
 * Knowledge coverage of real configurations from several eras (blocks cut from the product's seed
 * documents): every flag they carry is documented for its component, so a pasted 2016 config is
 * explained rather than reported as unknown. Format parsing is tested elsewhere; this reads the flag
 * names straight from the text.
 */
import { describe, expect, it } from 'vitest';
import { fixture, loadKnowledgeBase } from '../helpers';
import { flagStatus, resolveFlagName } from '../../src/knowledge/knowledgeBase';
import type { ComponentId } from '../../src/model/types';

const kb = await loadKnowledgeBase();

/** `--name` tokens of a text (before any `=`), ignoring those inside comments after `#`. */
function flagNames(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const code = line.replace(/\s#.*$/, '');
    for (const m of code.matchAll(/(?:^|[\s"'])--?([a-z][a-z0-9_-]*)/g)) out.push(m[1] ?? '');
  }
  return [...new Set(out)];
}

/** ps lines: the flags of the process whose command is `binary`. */
function psFlags(text: string, binary: string): string[] {
  const line = text.split('\n').find((l) => new RegExp(`(^|/|\\s)${binary} --`).test(l)) ?? '';
  return flagNames(line.slice(line.indexOf(`${binary} --`)));
}

const CASES: { era: string; component: ComponentId; version: string | null; flags: () => string[] }[] = [
  {
    era: 'kubeadm v1.5 JSON manifest',
    component: 'kube-apiserver',
    version: '1.5.1',
    flags: () => flagNames(fixture('eras/v1.5-kube-apiserver.json')),
  },
  {
    era: 'binary install env file',
    component: 'kube-apiserver',
    version: null,
    flags: () => flagNames(fixture('eras/binary-apiserver.env') + fixture('eras/binary-apiserver-head.env')),
  },
  {
    era: 'binary install env file',
    component: 'kube-controller-manager',
    version: null,
    flags: () => flagNames(fixture('eras/binary-controller-manager.env')),
  },
  {
    era: 'binary install env file',
    component: 'kube-scheduler',
    version: null,
    flags: () => flagNames(fixture('eras/binary-scheduler.env')),
  },
  {
    era: 'kubeadm v1.21 manifest',
    component: 'kube-apiserver',
    version: '1.21.0',
    flags: () => flagNames(fixture('eras/v1.21-kube-apiserver.yaml')),
  },
  {
    era: 'kubeadm v1.21 manifest',
    component: 'kube-scheduler',
    version: '1.21.0',
    flags: () => flagNames(fixture('eras/v1.21-kube-scheduler.yaml')),
  },
  {
    era: 'kubeadm v1.21 manifest',
    component: 'kube-controller-manager',
    version: '1.21.0',
    flags: () => flagNames(fixture('eras/v1.21-kube-controller-manager.yaml')),
  },
  ...(['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd', 'kubelet', 'kube-proxy'] as const).map(
    (c) => ({
      era: 'kubeadm v1.27 ps -ef',
      component: c,
      version: c === 'etcd' ? '3.5.7' : '1.27.0',
      flags: () => psFlags(fixture('eras/v1.27-ps.txt'), c),
    }),
  ),
];

describe('seed eras are fully documented', () => {
  for (const c of CASES) {
    it(`${c.era}: every ${c.component} flag has an entry`, async () => {
      const cat = await kb.loadFlags(c.component);
      const names = c.flags();
      expect(names.length).toBeGreaterThan(0);
      const unknown = names.filter(
        (n) => flagStatus(cat.flags.get(resolveFlagName(cat, n) ?? ''), c.version) === 'unknown',
      );
      expect(unknown).toEqual([]);
    });
  }

  it('judges old flags by the version of their era', async () => {
    const cat = await kb.loadFlags('kube-apiserver');
    const doc = (n: string) => cat.flags.get(n);
    expect(flagStatus(doc('insecure-bind-address'), '1.5.1')).toBe('ok');
    expect(flagStatus(doc('insecure-port'), '1.21.0')).toBe('deprecated');
    expect(flagStatus(doc('insecure-port'), '1.24.0')).toBe('removed');
    expect(flagStatus(doc('kubelet-https'), null)).toBe('removed');
  });
});
