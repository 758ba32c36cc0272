/** Secrets of every format for the share and export tests (tests/fixtures/secrets, PEM keys, a kubeconfig). */
import { readdirSync } from 'node:fs';
import { file, fixture, repoRoot } from '../helpers';
import type { WorkspaceFile } from '../../src/model/types';

const SECRET_FILES = readdirSync(`${repoRoot}/tests/fixtures/secrets`).filter((n) => n !== 'README.md');
/** Every secret value of tests/fixtures/secrets and the PEM private keys (as listed in tests/unit/secrets.test.ts). */
export const SECRET_VALUES = [
  '9q4v7c.k2x8m5n1p6r3t0wz',
  '4f1c8e2a9b7d3f6e0a5c1b8d2e7f4a9c3b6d0e1f8a2c5b9d7e3f0a4c6b1d8e2f',
  '0p9o8i.u7y6t5r4e3w2q1a0',
  '3t8w1e.u6y4i2o0p9a7s5d3',
  '9d2b7f4e1a8c5d3b6f0e2a7c4d9b1e8f3a6c0d5b2e9f7a4c1d8b3e6f0a2c5d7b',
  'infra-cluster-7',
  'Pm4fakeDiscoveryFirstRt8',
  'Jn6fakeDiscoveryLastKv2',
  'Zq8fakeKubeletApiTokenWx3',
  'Hk2fakeRegistryPassVb9',
  'Qx5fakeAdminPasswordLp0',
  'Wd3fakeViewerPasswordTy6',
  'q3Lk9vX2mN8pR4tY7wZ1aB5cD0eF6gH2jK8lM4nP9rQ=',
  'c2VjcmV0IGlzIHNlY3VyZSwgYmUgc3VyZSBpdCBpcyE=',
  'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWo=',
  'YjJmZmVlN2QxYzRhOGU5ZjBhMWIyYzNkNGU1ZjZhN2I=',
  'Xy7fakeDiscoveryPassMn4',
  '2b8n5m.q1w3e5r7t9y0u2i4',
  '7a4c1d8b3e6f0a2c5d7b9d2b7f4e1a8c5d3b6f0e2a7c4d9b1e8f3a6c0d5b2e9f',
  '5r7t9y.a2s4d6f8g0h1j3k5',
  '8k0l2z.x4c6v8b0n2m4q6w8',
  '0d5b2e9f7a4c1d8b3e6f0a2c5d7b9d2b7f4e1a8c5d3b6f0e2a7c4d9b1e8f3a6c',
  '6h2j4k.l8z0x3c5v7b9n1m2',
  '1e8f3a6c0d5b2e9f7a4c1d8b3e6f0a2c5d7b9d2b7f4e1a8c5d3b6f0e2a7c4d9b',
  'Rb7fakeKubeconfigPassNs1',
  '4g6h8j.k0l2z4x6c8v0b2n4',
  '31ada4fd-adec-460c-809a-9e56ceb75269',
  'c7e2b9f0a4d84e1f9b3a6d5c8e7f2a1b',
];

/** The secret fixtures, two PEM private keys and a kubeconfig with client-key-data. */
export function secretWorkspace(): { files: WorkspaceFile[]; secrets: string[] } {
  const files = SECRET_FILES.map((n) => file(n, fixture(`secrets/${n}`)));
  const keys = ['pem/admin.key', 'pem/sa.key'].map((p) => fixture(p));
  files.push(file('/etc/kubernetes/pki/admin.key', keys[0]!), file('/etc/kubernetes/pki/sa.key', keys[1]!));
  const keyBodies = keys.map((k) => k.split('\n').find((l) => l.length > 40 && !l.startsWith('-----'))!);
  const kubeconfigs = readdirSync(`${repoRoot}/tests/fixtures/kubeconfig`);
  const withKey = kubeconfigs
    .map((n) => fixture(`kubeconfig/${n}`))
    .find((t) => /client-key-data: *[A-Za-z0-9]/.test(t));
  const keyData: string[] = [];
  if (withKey) {
    files.push(file('admin.conf', withKey));
    keyData.push(/client-key-data: *(\S+)/.exec(withKey)![1]!);
  }
  return { files, secrets: [...SECRET_VALUES, ...keyBodies, ...keyData] };
}
