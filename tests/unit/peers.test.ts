/**
 * Issue 14, the peer comparison's re-implementation of kube-bench's test semantics (src/cli/peers.ts): a regex on
 * the command line, set / op / bin_op, no defaults. Synthetic checks: the script's output is only as good as this.
 */
import { describe, expect, it } from 'vitest';
import { kubeBenchValue, kubeBenchVerdict, type KubeBenchCheck } from '../../src/cli/peers';

const check = (tests: KubeBenchCheck['tests'], combined: string | null = null): KubeBenchCheck => ({
  id: 'x',
  benchmark: 'cis-1.12',
  component: 'kube-apiserver',
  text: '',
  type: 'automated',
  combined,
  tests,
});
const t = (flag: string, op: string | null, value: string | null, set = true) => ({
  flag,
  path: null,
  condition: { op, value, set },
});

describe("kube-bench's test semantics", () => {
  it('finds a flag by substring: a longer flag with the same start counts (its 1.2.27 quirk)', () => {
    const line = 'kube-apiserver --encryption-provider-config-automatic-reload=true';
    expect(kubeBenchValue(line, '--encryption-provider-config')).toBe('-automatic-reload=true');
    expect(kubeBenchVerdict(line, check([t('--encryption-provider-config', null, null)]))).toBe('PASS');
  });

  it('a bare flag is true; eq on booleans ignores case; gte is numeric', () => {
    expect(kubeBenchValue('kube-apiserver --profiling', '--profiling')).toBe('true');
    expect(kubeBenchVerdict('x --anonymous-auth=FALSE', check([t('--anonymous-auth', 'eq', 'false')]))).toBe('PASS');
    expect(kubeBenchVerdict('x --audit-log-maxage=7', check([t('--audit-log-maxage', 'gte', '30')]))).toBe('FAIL');
    expect(kubeBenchVerdict('x --audit-log-maxage=30', check([t('--audit-log-maxage', 'gte', '30')]))).toBe('PASS');
  });

  it('has / nothave are substrings; set:false passes when absent; or / and combine', () => {
    expect(kubeBenchVerdict('x --authorization-mode=NodeX', check([t('--authorization-mode', 'has', 'Node')]))).toBe(
      'PASS',
    );
    const orNotSet = check([t('--bind-address', 'eq', '127.0.0.1'), t('--bind-address', null, null, false)], 'or');
    expect(kubeBenchVerdict('x', orNotSet)).toBe('PASS');
    expect(kubeBenchVerdict('x --bind-address=0.0.0.0', orNotSet)).toBe('FAIL');
    const both = check([t('--etcd-certfile', null, null), t('--etcd-keyfile', null, null)], 'and');
    expect(kubeBenchVerdict('x --etcd-certfile=a', both)).toBe('FAIL');
    expect(kubeBenchVerdict('x --etcd-certfile=a --etcd-keyfile=b', both)).toBe('PASS');
  });

  it('valid_elements: every listed element allowed; a manual check runs no test', () => {
    const ciphers = check([t('--tls-cipher-suites', 'valid_elements', 'A,B')]);
    expect(kubeBenchVerdict('x --tls-cipher-suites=A,B', ciphers)).toBe('PASS');
    expect(kubeBenchVerdict('x --tls-cipher-suites=A,C', ciphers)).toBe('FAIL');
    expect(kubeBenchVerdict('x', { ...ciphers, type: 'manual' })).toBe('MANUAL');
  });
});
