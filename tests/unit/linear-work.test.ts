/**
 * Linear work on the inputs the full-profile fuzz run (`npm run fuzz -- --seed 424242`, issue 10 item 5) found slow:
 * each test counts the work a stage does on an input of size n and of size 2n (array reads, iterator steps, BigInt
 * conversions, characters of the messages) and wants about twice as much, not four times. Nothing here is timed.
 *
 *   long-flag/number       --secure-port=999…9 (1 MB): parseGoInt grew one BigInt digit by digit (> 60 s, now 0.6 s)
 *   long-flag/map-value    --feature-gates=SomeGate=true,… ×70,000: each entry copied the gate's list (> 60 s, 1.6 s)
 *   many-flags/same-flag   --etcd-servers=… ×45,000: each occurrence quoted the combined value (out of memory, 5.8 s)
 *   many-docs/kubeconfig-users  30,000 users: a find over every field per user (33 s, now 3.8 s)
 *   many-docs/pem-blocks   33,000 PEM documents: a filter over every document per block (20 s, now 3.2 s)
 *   many-flags/kubeadm-map 50,000 unknown flags: a did-you-mean search over every flag for each (16 s, now 2.8 s)
 *   env-bomb/many-refs     70 KB unit of `$ARGS` (100 flags) x 4,700: 470,000 flags (> 60 s, now 3.3 s)
 *   huge-line/pod-arg      a Pod argument of 1,000,000 `"`: 500,000 YAML errors, each with a stack (5.3 s, now ~1 s)
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { file, loadKnowledgeBase } from '../helpers';
import { parseGoInt } from '../../src/annotate/goParse';
import { checkFeatureGates } from '../../src/analysis/featureGates';
import { readRuleSeverities } from '../../src/analysis/rules';
import { readWorkspace } from '../../src/analysis/trust/workspace';
import { analyseWorkspace } from '../../src/pipeline';
import { ingestFile } from '../../src/ingest';
import { suggestionIndex, suggestFlags } from '../../src/knowledge/knowledgeBase';
import { ClosestMatches, closestMatches } from '../../src/util/strings';
import { MAX_EXPANSION } from '../../src/ingest/formats/unitExpansion';
import { formatNumber, setCatalogue } from '../../src/i18n';
import { readYamlDocument, readYamlDocuments } from '../../src/ingest/shared/yamlNodes';
import type { AnnotatedDocument } from '../../src/annotate/annotate';
import type { IngestedFile, SourceDocument } from '../../src/model/types';

const kb = await loadKnowledgeBase();
const rules = readRuleSeverities(await kb.loadMessages('rules.yaml'));
const gates = await kb.featureGates();

/** Work at size 2n over work at size n: about 2 when linear, about 4 when quadratic. */
const ratio = (work: (n: number) => number, n: number) => work(2 * n) / work(n);

/** An array whose element reads are counted (what find, filter, slice and for-of over it cost). */
function counted<T>(items: readonly T[], counter: { reads: number }): T[] {
  return new Proxy(items as T[], {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) counter.reads++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

/** The steps of every array iterator (for-of, spread, Array.from) during `fn`. */
function iteratorSteps(fn: () => unknown): number {
  const proto = Object.getPrototypeOf([][Symbol.iterator]()) as { next: (this: unknown) => unknown };
  const next = proto.next;
  let steps = 0;
  proto.next = function (this: unknown) {
    steps++;
    return next.call(this);
  };
  try {
    fn();
  } finally {
    proto.next = next;
  }
  return steps;
}

afterEach(() => vi.restoreAllMocks());

describe('integers of any length in linear time (parseGoInt)', () => {
  it('digits past the range of every Go integer are only checked, never multiplied into the value', () => {
    const conversions = (digits: number) => {
      const spy = vi.spyOn(globalThis, 'BigInt');
      expect(parseGoInt('9'.repeat(digits), 64, false)).toEqual({ error: 'range' });
      const n = spy.mock.calls.length;
      spy.mockRestore();
      return n;
    };
    // before: two BigInt conversions and one ever longer multiplication per digit
    expect(conversions(200_000)).toBe(conversions(100_000));
    expect(conversions(100_000)).toBeLessThan(40);
    // what follows the overflow is still read: a syntax error anywhere is a syntax error
    expect(parseGoInt(`${'9'.repeat(100_000)}x`, 32, true)).toEqual({ error: 'syntax' });
    expect(parseGoInt(`${'1'.repeat(30)}_1`, 64, true)).toEqual({ error: 'range' });
    expect(parseGoInt('0x_7fff_ffff', 32, true)).toEqual({ value: 0x7fffffffn });
    expect(parseGoInt('0X80000000', 32, true)).toEqual({ error: 'range' });
    expect(parseGoInt('18446744073709551615', 64, false)).toEqual({ value: 18446744073709551615n });
    expect(parseGoInt('18446744073709551616', 64, false)).toEqual({ error: 'range' });
  });
});

describe('feature gates in linear time', () => {
  async function gateDocument(name: string, text: string): Promise<AnnotatedDocument> {
    const a = await analyseWorkspace([file(name, text)], kb, {});
    const doc = a.files[0]?.documents.find((d) => d.flags.some((f) => f.canonical === 'feature-gates'));
    if (!doc) throw new Error('no document with feature gates');
    return doc;
  }

  it('a gate written n times on --feature-gates: the entries are grouped by pushing, not by copying', async () => {
    const docs = new Map<number, AnnotatedDocument>();
    for (const n of [2_000, 4_000])
      docs.set(
        n,
        await gateDocument(
          'ps.txt',
          `root 1 0 0 10:00 ? 00:00:01 /usr/bin/kube-apiserver --feature-gates=${'SomeGate=true,'.repeat(n)}\n`,
        ),
      );
    const steps = (n: number) => {
      const doc = docs.get(n) as AnnotatedDocument;
      let found = 0;
      const s = iteratorSteps(() => (found = checkFeatureGates(doc, rules, gates).length));
      expect(found).toBe(n); // n - 1 repeated, 1 unknown
      return s;
    };
    // before: [...list, e] for each entry, n²/2 steps (2,000 entries: 2 million)
    expect(ratio(steps, 2_000)).toBeLessThan(2.5);
  });

  it('a featureGates: map of n entries: each entry finds its YAML field by path, not by a search of all fields', async () => {
    const config = (n: number) =>
      [
        'apiVersion: kubelet.config.k8s.io/v1beta1',
        'kind: KubeletConfiguration',
        'featureGates:',
        ...Array.from({ length: n }, (_, i) => `  NoSuchGate${i}: true`),
        '',
      ].join('\n');
    const docs = new Map<number, AnnotatedDocument>();
    for (const n of [1_000, 2_000]) docs.set(n, await gateDocument('kubelet-config.yaml', config(n)));
    const reads = (n: number) => {
      const doc = docs.get(n) as AnnotatedDocument;
      const counter = { reads: 0 };
      const watched = { ...doc, document: { ...doc.document, fields: counted(doc.document.fields, counter) } };
      const found = checkFeatureGates(watched, rules, gates);
      expect(found.filter((f) => f.rule === 'feature-gate-unknown')).toHaveLength(n);
      return counter.reads;
    };
    // before: fields.find per entry, n²/2 reads
    expect(ratio(reads, 1_000)).toBeLessThan(2.5);
  });
});

describe('a list flag repeated n times quotes a bounded value (repeated-flag-combined, duplicate-flag)', () => {
  it('n occurrences make n findings of bounded length, not n findings each quoting all n values', async () => {
    const chars = async (n: number) => {
      const pod = [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: kube-apiserver',
        '  namespace: kube-system',
        'spec:',
        '  containers:',
        '  - command:',
        '    - kube-apiserver',
        ...Array.from({ length: n }, (_, i) => `    - --etcd-servers=https://10.0.${i >> 8}.${i & 255}:2379`),
        ...Array.from({ length: n }, (_, i) => `    - --secure-port=${6000 + i}`),
        '    image: registry.k8s.io/kube-apiserver:v1.31.0',
        '    name: kube-apiserver',
        '',
      ].join('\n');
      const a = await analyseWorkspace([file('kube-apiserver.yaml', pod)], kb, {});
      const mine = a.findings.filter((f) => f.rule === 'repeated-flag-combined' || f.rule === 'duplicate-flag');
      expect(mine).toHaveLength(2 * (n - 1));
      return JSON.stringify(mine.map((f) => f.params)).length;
    };
    const [small, large] = [await chars(400), await chars(800)];
    // before: 400 -> 800 occurrences made 4 times the characters (45,000 occurrences: out of memory)
    expect(large / small).toBeLessThan(2.5);
    const one = await analyseWorkspace(
      [file('kube-apiserver.yaml', `kube-apiserver --etcd-servers=https://a:2379 --etcd-servers=https://b:2379\n`)],
      kb,
      {},
    );
    // a short combined value is still quoted whole
    expect(JSON.stringify(one.findings.find((f) => f.rule === 'repeated-flag-combined')?.params)).toContain(
      'https://a:2379,https://b:2379',
    );
  }, 60_000);
});

describe('trust material read in linear time (src/analysis/trust/workspace.ts)', () => {
  const NOW = Date.parse('2026-12-01T00:00:00Z');
  /** The file with its documents and the kubeconfig's fields, certificates and secrets counted. */
  function watched(f: IngestedFile, counter: { reads: number }): IngestedFile {
    const documents = f.documents.map((d): SourceDocument => {
      const base = { ...d, fields: counted(d.fields, counter), secrets: counted(d.secrets ?? [], counter) };
      return d.kind === 'kubeconfig'
        ? ({ ...base, certificates: counted(d.certificates, counter) } as SourceDocument)
        : base;
    });
    return { ...f, documents: counted(documents, counter) };
  }

  async function reads(name: string, text: string, withMaterial: boolean): Promise<number> {
    const ingested = ingestFile({ id: name, name, text } as Parameters<typeof ingestFile>[0], kb.ingestFacts, {
      now: NOW,
    });
    const counter = { reads: 0 };
    const files = await readWorkspace([watched(ingested, counter)], () => text);
    expect(files).toHaveLength(withMaterial ? 1 : 0);
    return counter.reads;
  }

  it('a kubeconfig of n users: each user finds its fields, certificate and key by key, not by a search of all', async () => {
    const kubeconfig = (n: number) =>
      'apiVersion: v1\nkind: Config\nusers:\n' +
      Array.from(
        { length: n },
        (_, i) => `- name: u${i}\n  user:\n    client-certificate-data: LS0tLS1CRUdJTi\n    client-key: /k/u${i}.key\n`,
      ).join('');
    const work = new Map<number, number>();
    for (const n of [500, 1_000]) work.set(n, await reads('admin.conf', kubeconfig(n), true));
    // before: fields.find and certificates.slice(0, i).filter per user, n² reads
    expect(ratio((n) => work.get(n) ?? 0, 500)).toBeLessThan(2.5);
  });

  it('n PEM blocks: each block counts the documents before it at its range once, not by a filter of all', async () => {
    const pems = (n: number) => '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'.repeat(n);
    const work = new Map<number, number>();
    for (const n of [500, 1_000]) work.set(n, await reads('certs.pem', pems(n), false)); // no certificate in them: none kept
    // before: file.documents.filter per document, n² reads
    expect(ratio((n) => work.get(n) ?? 0, 500)).toBeLessThan(2.5);
  });
});

describe('did-you-mean for unknown flags from an index (suggestFlags)', () => {
  it('gives what closestMatches over every flag gives, computing few edit distances', async () => {
    const cat = await kb.loadFlags('kube-apiserver');
    const names = [...cat.flags.values()].filter((d) => !d.removed).map((d) => d.name);
    const words: string[] = [];
    for (const n of names)
      words.push(n, n.slice(1), `${n}x`, n.replace(/-/g, '_'), n.split('-').reverse().join('-'), n.toUpperCase());
    for (let i = 0; i < 1_000; i++) words.push(`no-such-flag-${i}`, `x${i}`, 'a'.repeat(i % 70), `--${i}`);
    const index = new ClosestMatches(names);
    for (const w of words) expect(index.find(w, 3), w).toEqual(closestMatches(w, names, 3));
    // a lower bound (the character counts) rules out nearly every candidate before the edit distance
    expect(index.stats.distances).toBeLessThan((words.length * names.length) / 50);
    expect(suggestFlags(cat, 'etcd-server')).toEqual(closestMatches('etcd-server', names, 3));
    expect(suggestionIndex(cat)).toBe(suggestionIndex(cat)); // built once per catalogue
    // a flood repeats a few names: each is searched once
    const again = new ClosestMatches(names);
    again.find('no-such-flag');
    const once = { ...again.stats };
    for (let i = 0; i < 1_000; i++) expect(again.find('no-such-flag')).toEqual(closestMatches('no-such-flag', names));
    expect(again.stats).toEqual(once);
  });
});

describe('$VAR expansion adds at most MAX_EXPANSION arguments to a command', () => {
  it('a unit expanding a 100-flag variable n times: the flags stop growing at the cap', () => {
    const flags = Array.from({ length: 100 }, (_, i) => `--v=${i}`).join(' ');
    const count = (n: number) => {
      const unit = `[Service]\nEnvironment="ARGS=${flags}"\nExecStart=/usr/bin/kube-apiserver ${'$ARGS '.repeat(n)}\n`;
      const ingested = ingestFile(
        { id: 'u', name: 'kube-apiserver.service', text: unit } as Parameters<typeof ingestFile>[0],
        kb.ingestFacts,
        { now: 0 },
      );
      return ingested.documents.reduce((k, d) => k + d.flags.length, 0);
    };
    const cap = MAX_EXPANSION / 100;
    expect(count(10)).toBe(1_000);
    // before: 1,000,000 arguments, so 4,700 references of 100 flags made 470,000 flags from 70 KB
    expect(count(2 * cap)).toBe(MAX_EXPANSION);
    expect(count(4 * cap)).toBe(MAX_EXPANSION);
    expect(MAX_EXPANSION).toBeLessThanOrEqual(100_000);
  }, 60_000);
});

describe('numbers formatted with one formatter per language (formatNumber)', () => {
  it('a report of n counts makes one Intl.NumberFormat per language and options, not one per number', () => {
    const Real = Intl.NumberFormat;
    let made = 0;
    class Counting extends Real {
      constructor(...args: ConstructorParameters<typeof Intl.NumberFormat>) {
        super(...args);
        made++;
      }
    }
    Intl.NumberFormat = Counting as typeof Intl.NumberFormat;
    try {
      const options = { minimumFractionDigits: 1 }; // options of their own: no formatter made before this test
      for (let i = 0; i < 2_000; i++) formatNumber(i * 1_000, options);
      expect(made).toBe(1); // before: 2,000
      expect(formatNumber(12_345, options)).toBe('12,345.0');
    } finally {
      Intl.NumberFormat = Real;
    }
    expect(formatNumber(0.5, { style: 'percent' })).toBe('50%');
    setCatalogue({}, 'de');
    try {
      expect(formatNumber(12_345)).toBe('12.345'); // the formatter of the language now in use
    } finally {
      setCatalogue({}, 'en');
    }
  });
});

describe('YAML errors without stack traces (readYamlDocuments)', () => {
  it('a line of n `"` makes errors in proportion to n, and none of them takes a stack', () => {
    const limit = Error.stackTraceLimit;
    const errors = (n: number) => {
      const docs = readYamlDocuments(`kind: Pod\nspec:\n  containers:\n  - command:\n    - ${'"'.repeat(n)}\n`);
      const all = docs.flatMap((d) => d.errors);
      for (const e of all.slice(0, 50)) expect(e.stack ?? '').not.toMatch(/\n\s+at /);
      return all.length;
    };
    expect(ratio(errors, 2_000)).toBeLessThan(2.5);
    expect(errors(2_000)).toBeGreaterThan(500);
    expect(readYamlDocument('a: [').errors.length).toBeGreaterThan(0);
    expect(Error.stackTraceLimit).toBe(limit); // put back
    expect(new Error('x').stack).toMatch(/\n\s+at /);
  });
});
