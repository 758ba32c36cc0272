/**
 * The value checks of src/annotate/values.ts against what the components' own parsers accept: Go's strconv
 * (ParseInt / ParseUint with base 0, ParseFloat), time.ParseDuration, net.ParseIP and Kubernetes' ParseIPSloppy,
 * pflag's stringToString, k8s.io/component-base's ConfigurationMap (--runtime-config) and
 * LangleSeparatedMapStringString (--eviction-hard), k8s.io/apimachinery's PortRange and kube-proxy's IPPortVar.
 * Each case is the value as written and whether the component starts with it.
 */
import { describe, expect, it } from 'vitest';
import { checkValue, parseGoDuration, parseGoFloat, parseGoInt } from '../../src/annotate/values';
import type { FlagDoc } from '../../src/knowledge/types';
import type { ComponentId } from '../../src/model/types';
import { say } from '../helpers';

function flag(type: string, extra: Partial<FlagDoc> = {}, component: ComponentId = 'kube-apiserver'): FlagDoc {
  return {
    name: 'test-flag',
    component,
    type,
    default: null,
    summary: 's',
    explanation: 'e',
    category: 'other' as FlagDoc['category'],
    related: [],
    link: 'https://kubernetes.io/',
    source: 'test',
    ...extra,
  };
}

/** The problem of a value in words, '' when it is accepted. */
const problem = (doc: FlagDoc, value: string) => say(checkValue(doc, value).problem ?? undefined);
const warning = (doc: FlagDoc, value: string) => say(checkValue(doc, value).warning ?? undefined);

describe('integers: strconv.ParseInt / ParseUint with base 0, as pflag and Go flag parse them', () => {
  it('accepts every base-0 form', () => {
    expect(parseGoInt('0x1F', 64, true)).toEqual({ value: 31n });
    expect(parseGoInt('0X1f', 64, true)).toEqual({ value: 31n });
    expect(parseGoInt('0o17', 64, true)).toEqual({ value: 15n });
    expect(parseGoInt('0O17', 64, true)).toEqual({ value: 15n });
    expect(parseGoInt('017', 64, true)).toEqual({ value: 15n });
    expect(parseGoInt('0b101', 64, true)).toEqual({ value: 5n });
    expect(parseGoInt('1_000', 64, true)).toEqual({ value: 1000n });
    expect(parseGoInt('0x_1F', 64, true)).toEqual({ value: 31n });
    expect(parseGoInt('0_17', 64, true)).toEqual({ value: 15n });
    expect(parseGoInt('-0x10', 64, true)).toEqual({ value: -16n });
    expect(parseGoInt('+5', 64, true)).toEqual({ value: 5n });
    expect(parseGoInt('0', 64, true)).toEqual({ value: 0n });
    expect(parseGoInt('-0', 64, true)).toEqual({ value: 0n });
  });

  it('rejects what Go rejects', () => {
    for (const bad of [
      '',
      '+',
      '-',
      '0x',
      '0b',
      '0o',
      '08',
      '0b102',
      '0xG',
      '1e3',
      '1.0',
      ' 1',
      '1 ',
      '_1',
      '1_',
      '1__0',
      '0x__1',
      '0_x1',
      '++1',
      '--1',
      '1,000',
    ])
      expect(parseGoInt(bad, 64, true), bad).toEqual({ error: 'syntax' });
    // ParseUint takes no sign at all
    expect(parseGoInt('+5', 64, false)).toEqual({ error: 'syntax' });
    expect(parseGoInt('-5', 64, false)).toEqual({ error: 'syntax' });
  });

  it('ranges per size: int32, int64 (int), uint32, uint64 (uint)', () => {
    expect(parseGoInt('2147483647', 32, true)).toEqual({ value: 2147483647n });
    expect(parseGoInt('-2147483648', 32, true)).toEqual({ value: -2147483648n });
    expect(parseGoInt('2147483648', 32, true)).toEqual({ error: 'range' });
    expect(parseGoInt('-0x80000001', 32, true)).toEqual({ error: 'range' });
    expect(parseGoInt('9223372036854775807', 64, true)).toEqual({ value: 9223372036854775807n });
    expect(parseGoInt('9223372036854775808', 64, true)).toEqual({ error: 'range' });
    expect(parseGoInt('4294967295', 32, false)).toEqual({ value: 4294967295n });
    expect(parseGoInt('4294967296', 32, false)).toEqual({ error: 'range' });
    expect(parseGoInt('18446744073709551615', 64, false)).toEqual({ value: 18446744073709551615n });
    expect(parseGoInt('0x1_0000_0000_0000_0000', 64, false)).toEqual({ error: 'range' });
  });

  it('checkValue: the words, by flag type', () => {
    expect(problem(flag('int'), '0x1F')).toBe('');
    expect(problem(flag('int32'), '1_000')).toBe('');
    expect(problem(flag('int32'), '08')).toBe('"08" is not a whole number (int32).');
    expect(problem(flag('int32'), '2147483648')).toBe(
      '"2147483648" is out of range for int32 (-2147483648 to 2147483647).',
    );
    expect(problem(flag('int'), '99999999999999999999')).toBe(
      '"99999999999999999999" is out of range for int (-9223372036854775808 to 9223372036854775807).',
    );
    expect(problem(flag('uint32', {}, 'etcd'), '4294967296')).toBe(
      '"4294967296" is out of range for uint32 (0 to 4294967295).',
    );
    expect(problem(flag('uint', {}, 'etcd'), '-100')).toBe('"-100" is negative; this flag takes an unsigned number.');
    expect(problem(flag('uint', {}, 'etcd'), '+100')).toBe('"+100" is not a whole number (uint).');
    expect(checkValue(flag('int'), '0x1F').parsed).toEqual({ kind: 'number', value: 31 });
  });

  it('int32Slice: each item an int32, no blanks (pflag splits on commas and parses each)', () => {
    expect(problem(flag('int32Slice'), '23,0x18,25')).toBe('');
    expect(problem(flag('int32Slice'), '23, 24')).toBe('" 24" is not a whole number (int32).');
    expect(problem(flag('int32Slice'), '23,,24')).toBe('"" is not a whole number (int32).');
    expect(problem(flag('int32Slice'), '4294967296')).toBe(
      '"4294967296" is out of range for int32 (-2147483648 to 2147483647).',
    );
  });

  it('ports use the parsed number: 0x50 and 1_000 are ports, 0x10000 is not', () => {
    const port = flag('int', { format: 'port' });
    expect(problem(port, '0x50')).toBe('');
    expect(problem(port, '1_000')).toBe('');
    expect(problem(port, '0x10000')).toBe('"0x10000" is not a port number (0-65535).');
    // a string flag the component reads with strconv.Atoi: decimal only
    const text = flag('string', { format: 'port' });
    expect(problem(text, '6443')).toBe('');
    expect(problem(text, '0x50')).toBe('"0x50" is not a port number (0-65535).');
  });
});

describe('floats: strconv.ParseFloat', () => {
  it('accepts Go float syntax: exponents, hex floats with p, underscores between digits, inf and nan', () => {
    for (const ok of [
      '0.1',
      '1e-3',
      '1E3',
      '.5',
      '5.',
      '+1.5',
      '-2',
      '1_000.5',
      '0x1p-2',
      '0x1.8P3',
      'inf',
      '+Inf',
      '-infinity',
      'NaN',
    ])
      expect(parseGoFloat(ok, 64), ok).not.toBeNull();
    expect(parseGoFloat('0x1p-2', 64)).toBe(0.25);
    expect(parseGoFloat('1_000.5', 64)).toBe(1000.5);
  });

  it('rejects what JavaScript Number() takes but Go does not', () => {
    for (const bad of [
      '',
      ' 1',
      '1 ',
      '0x1F',
      '0b1',
      '0o7',
      'Infinity1',
      '+nan',
      '1e',
      '1e+',
      '.',
      '_1',
      '1__0',
      '1_.5',
      'e5',
      '1,5',
    ])
      expect(parseGoFloat(bad, 64), bad).toBeNull();
  });

  it('range: float64 overflow is an error; float32 stops at 3.4e38', () => {
    expect(parseGoFloat('1e308', 64)).toBe(1e308);
    expect(parseGoFloat('1e309', 64)).toBeNull();
    expect(parseGoFloat('3.4e38', 32)).not.toBeNull();
    expect(parseGoFloat('3.5e38', 32)).toBeNull();
    expect(parseGoFloat('-3.5e38', 32)).toBeNull();
    // underflow rounds to zero, no error
    expect(parseGoFloat('1e-400', 64)).toBe(0);
  });

  it('checkValue: float and float32 (unchecked before)', () => {
    expect(problem(flag('float'), '0x1F')).toBe('"0x1F" is not a number.');
    expect(problem(flag('float'), '1e400')).toBe('"1e400" is not a number.');
    expect(problem(flag('float32'), 'fast')).toBe('"fast" is not a number.');
    expect(problem(flag('float32'), '1e39')).toBe('"1e39" is not a number.');
    expect(problem(flag('float32'), '0.1')).toBe('');
    expect(checkValue(flag('float32'), '0.5').parsed).toEqual({ kind: 'number', value: 0.5 });
  });
});

describe('durations: time.ParseDuration', () => {
  it('a sign before a bare zero, both micro signs, a trailing dot', () => {
    expect(parseGoDuration('-0')).toBe(0);
    expect(parseGoDuration('+0')).toBe(0);
    expect(parseGoDuration('5us')).toBeCloseTo(5e-6);
    expect(parseGoDuration('5µs')).toBeCloseTo(5e-6); // U+00B5 micro sign
    expect(parseGoDuration('5μs')).toBeCloseTo(5e-6); // U+03BC Greek small letter mu
    expect(parseGoDuration('1.s')).toBe(1);
    expect(parseGoDuration('-1h30m')).toBe(-5400);
  });

  it('rejects what Go rejects, including a duration over 2^63-1 nanoseconds', () => {
    for (const bad of ['', '-', '+', '0x', '00', '1', '.s', '1S', '1h 30m', '1d', '2562048h', '9223372036854775808ns'])
      expect(parseGoDuration(bad), bad).toBeNull();
    expect(parseGoDuration('2562047h')).toBe(2562047 * 3600);
  });
});

describe('IP addresses and CIDRs', () => {
  const strict = flag('string', { format: 'ip' }); // kube-apiserver: pflag IPVar, Go's net.ParseIP
  const sloppy = flag('string', { format: 'ip' }, 'kube-proxy'); // utilflag.IPVar: netutils.ParseIPSloppy
  const cidr = flag('string', { format: 'cidr' }, 'kubelet');

  it('no inet_aton forms (ipaddr.js takes 1.2.3 and 0x7f.1; Go does not)', () => {
    for (const bad of ['1.2.3', '0x7f.0.0.1', '0x7f000001', '2130706433', '127.1', '1.2.3.4.5', '256.0.0.1'])
      expect(problem(strict, bad), bad).toBe(`"${bad}" is not an IP address.`);
    expect(problem(strict, '10.0.0.1')).toBe('');
    expect(problem(strict, '::ffff:10.0.0.1')).toBe('');
    expect(problem(strict, '2001:db8::1')).toBe('');
  });

  it('an IPv6 zone is not an IP address for Go', () => {
    expect(problem(strict, 'fe80::1%eth0')).toBe('"fe80::1%eth0" is not an IP address.');
  });

  it('leading zeros: an error where Go parses (kube-apiserver), a warning where Kubernetes parses sloppily', () => {
    expect(problem(strict, '010.0.0.1')).toBe(
      '"010.0.0.1" has a leading zero in an IPv4 part, which Go\'s IP parser rejects; write 10.0.0.1.',
    );
    expect(problem(sloppy, '010.0.0.1')).toBe('');
    expect(warning(sloppy, '010.0.0.1')).toBe(
      '"010.0.0.1" has a leading zero in an IPv4 part: kube-proxy reads it as 10.0.0.1, but other tools read such a part as octal; write 10.0.0.1.',
    );
    expect(problem(sloppy, '1.2.3')).toBe('"1.2.3" is not an IP address.');
  });

  it('CIDRs: a whole prefix length within the family, an address Go reads; leading zeros warned', () => {
    expect(problem(cidr, '10.244.1.0/24')).toBe('');
    expect(problem(cidr, '10.244.1.7/24')).toBe(''); // host bits set: accepted, the network is used
    expect(problem(cidr, 'fd00:10:244::/64')).toBe('');
    for (const bad of [
      '10.0.0.0/8.5',
      '10.0.0.0/33',
      '10.0.0.0/',
      '/8',
      '1.2.3/24',
      '0x0a.0.0.0/8',
      'fd00::/129',
      '10.0.0.0/-1',
      '10.0.0.0/+8',
    ])
      expect(problem(cidr, bad), bad).toBe(`"${bad}" is not a CIDR such as 10.96.0.0/12.`);
    expect(problem(cidr, '010.244.0.0/16')).toBe('');
    expect(warning(cidr, '010.244.0.0/16')).toContain(
      'has a leading zero in an IPv4 part: kubelet reads it as 10.244.0.0/16',
    );
  });
});

describe('port ranges: k8s.io/apimachinery PortRange.Set', () => {
  const range = flag("<a string in the form 'N1-N2'>", { format: 'port-range' });
  it('N1-N2, N1+offset, a single port, blanks around, empty', () => {
    for (const ok of ['30000-32767', '30000+2767', '30000', ' 30000-32767 ', '', '0-0', '65535'])
      expect(problem(range, ok), ok).toBe('');
  });
  it('reversed, above 65535, both notations, not numbers', () => {
    expect(problem(range, '32767-30000')).toBe('"32767-30000": the last port is lower than the first.');
    expect(problem(range, '30000-70000')).toBe('"30000-70000": a port range cannot go above 65535.');
    expect(problem(range, '65000+1000')).toBe('"65000+1000": a port range cannot go above 65535.');
    for (const bad of ['30000:32767', '30000-32767+1', '-1-5', 'a-b', '30000-', '0x10-0x20'])
      expect(problem(range, bad), bad).toBe(`"${bad}" is not a port range such as 30000-32767.`);
  });
});

describe('maps', () => {
  it('stringToString (--allow-metric-labels): one = takes the whole value, several are a CSV record', () => {
    const s2s = flag('stringToString');
    // one '=': the whole value is one pair, commas and all (pflag trims surrounding double quotes)
    expect(problem(s2s, 'metric1,label1=v1,v2,v3')).toBe('');
    expect(problem(s2s, "metric1,label1='v1,v2,v3'")).toBe('');
    expect(checkValue(s2s, 'metric1,label1=v1,v2,v3').parsed).toEqual({
      kind: 'map',
      entries: [['metric1,label1', 'v1,v2,v3']],
    });
    // several: CSV, a field in double quotes keeps its commas
    expect(problem(s2s, '"metric1,label1=v1,v2","metric2,label2=v3"')).toBe('');
    expect(checkValue(s2s, '"metric1,label1=v1,v2","metric2,label2=v3"').parsed).toEqual({
      kind: 'map',
      entries: [
        ['metric1,label1', 'v1,v2'],
        ['metric2,label2', 'v3'],
      ],
    });
    expect(problem(s2s, '"a=""quoted""",b=2')).toBe('');
    expect(problem(s2s, 'a=1,b=2')).toBe('');
    expect(problem(s2s, '')).toBe('');
    // single quotes are no CSV quotes: the commas split
    expect(problem(s2s, "m1,l1='v1,v2',m2,l2='v3'")).toBe('"m1" is not a key=value pair.');
    expect(problem(s2s, 'a=1,b="x')).toBe(
      '"a=1,b="x": a double quote must enclose a whole entry ("key=value, with commas"), with nothing before or after it.',
    );
    expect(problem(s2s, 'a="1",b=2')).toBe(
      '"a="1",b=2": a double quote must enclose a whole entry ("key=value, with commas"), with nothing before or after it.',
    );
    expect(problem(s2s, 'apiserver_request_total')).toBe('"apiserver_request_total" is not a key=value pair.');
  });

  it('--runtime-config (ConfigurationMap): a key alone means true; a value must be a boolean', () => {
    const rc = flag("<comma-separated 'key=value' pairs>", { format: 'runtime-config' });
    for (const ok of [
      'api/all',
      'api/all=true',
      'api/all=true,api/beta=false',
      'resource.k8s.io/v1beta1',
      'api/all=',
      'a=1,,b=0',
    ])
      expect(problem(rc, ok), ok).toBe('');
    // each entry is judged by its key: api/legacy is deprecated anywhere in the list
    const legacy = flag("<comma-separated 'key=value' pairs>", {
      format: 'runtime-config',
      valueHistory: { 'api/legacy': { deprecated: true, note: 'use api/all' } },
    });
    expect(warning(legacy, 'api/all=true,api/legacy=false')).toBe('"api/legacy" is deprecated (use api/all).');
    expect(problem(rc, 'api/all=maybe')).toBe(
      '--runtime-config api/all=maybe: the value must be true or false (or left out, meaning true).',
    );
  });

  it('--eviction-hard (LangleSeparatedMapStringString): signal<quantity, not =', () => {
    const ev = flag("<comma-separated 'key=value' pairs>", { format: 'threshold-list' }, 'kubelet');
    for (const ok of [
      'memory.available<100Mi',
      'memory.available<100Mi,nodefs.available<10%',
      'memory.available < 5%',
      '',
    ])
      expect(problem(ev, ok), ok).toBe('');
    expect(checkValue(ev, 'memory.available<100Mi').parsed).toEqual({
      kind: 'map',
      entries: [['memory.available', '100Mi']],
    });
    expect(problem(ev, 'memory.available=100Mi')).toBe(
      '"memory.available=100Mi" is not a threshold such as memory.available<100Mi.',
    );
  });
});

describe("kube-proxy's IP and IP:port addresses (IPPortVar)", () => {
  const ipPort = flag('ipport', { format: 'ip-port' }, 'kube-proxy');
  it('an IP alone, IP:port, [IPv6]:port, empty (off)', () => {
    for (const ok of ['0.0.0.0', '0.0.0.0:10256', '127.0.0.1:10249', '[::]:10249', '::', '[::1]:0', ''])
      expect(problem(ipPort, ok), ok).toBe('');
  });
  it('no host name, no empty host, no CIDR, a port within 0-65535', () => {
    for (const bad of [
      'localhost:10256',
      ':10256',
      '0.0.0.0/0:10249',
      '127.0.0.1:70000',
      '127.0.0.1:',
      '10249',
      '1.2.3:10249',
      '::1:10249x',
    ])
      expect(problem(ipPort, bad), bad).toBe(`"${bad}" is not an IP address or IP:port such as 0.0.0.0:10256.`);
  });
});

describe('enum values with a leading -', () => {
  it('only where the flag takes -name to switch one off (--controllers)', () => {
    const controllers = flag('strings', { values: ['*', 'ttl', 'tokencleaner'], multiple: true, negatable: true });
    expect(problem(controllers, '*,-ttl')).toBe('');
    const modes = flag('strings', { values: ['Node', 'RBAC'], multiple: true });
    expect(problem(modes, 'Node,-RBAC')).toBe('"-RBAC" is not allowed; known values: Node, RBAC.');
    const single = flag('string', { values: ['text', 'json'] });
    expect(problem(single, '-json')).toBe('"-json" is not allowed; known values: text, json.');
  });
});
