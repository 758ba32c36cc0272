/**
 * A seeded generator of hostile inputs for the whole pipeline (tests/unit/fuzz.test.ts, `npm run fuzz`).
 *
 * Every case is a pure function of (seed, index, profile): `generateCase(seed, i)` rebuilds case i alone, so a
 * failure printed as `seed 7 case 1234` reproduces with `npm run fuzz -- --seed 7 --only 1234`.
 *
 * Sources: every file under tests/fixtures/ (real inputs cut from the seed documents) as is and mutated (cut,
 * duplicate, swap lines, random bytes and unicode incl. RTL marks, zero-width, surrogate halves, NUL, CRLF/CR/BOM
 * mixes, tabs vs spaces, deep indentation), glued (two formats in one paste), several files at once, a forced
 * "Read as" kind, and synthetic hostile shapes: lines of 200 KB-1 MB, nesting 1,000+ deep, YAML alias bombs, tens
 * of thousands of flags, flag names and values of hundreds of KB, `$VAR` expansion bombs, binary noise.
 *
 * Secrets: `secretCase` writes a distinctive fake secret (`SECRET_PREFIX`) where content/secrets.yaml says secrets
 * are written (`--token=`, kubeconfig `token:` / `password:` / `client-key-data:`, kubeadm `bootstrapTokens[].token`,
 * EncryptionConfiguration `secret:`, `Environment="X_TOKEN=..."`, ...), then disturbs the text around it with one
 * named perturbation (the secret's own line is kept, except by the perturbations that say so), so a leak can be named
 * by template and perturbation. `secretMatrix()` is every template under every perturbation.
 *
 * No dependency: a mulberry32 PRNG, and Node's fs to read the fixtures.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A file of a case; the harness makes a WorkspaceFile of it. */
export interface FuzzFile {
  name: string;
  text: string;
  /** A forced "Read as" kind (one of READ_AS_KINDS). */
  kindOverride?: string;
}

/** A fake secret written into a case: it must never appear in the report or a presented finding. */
export interface InjectedSecret {
  value: string;
  /** Which secret template wrote it (SECRET_TEMPLATES). */
  template: string;
  /** Which perturbation disturbed the text around it (SECRET_PERTURBATIONS). */
  perturbation: string;
}

export interface FuzzCase {
  seed: number;
  index: number;
  /** The family of input, e.g. `mutated`, `huge-line/spaces`, `deep/yaml-flow-seq`, `secret/kubeconfig-token`. */
  shape: string;
  /** What exactly was done, short: the fixture, the operations, the sizes. */
  detail: string;
  files: FuzzFile[];
  secrets: InjectedSecret[];
}

/** `unit`: sizes scaled down (a few full-size inputs kept) so a few thousand cases run in seconds. */
export type FuzzProfile = 'unit' | 'full';

export interface GenerateOptions {
  profile?: FuzzProfile;
}

/** The kinds a user may force with "Read as" (src/ingest/limits.ts READABLE_KINDS, copied: the generator is pure). */
export const READ_AS_KINDS = [
  'static-pod',
  'systemd-unit',
  'env-file',
  'command-line',
  'kubeconfig',
  'pem',
  'listeners',
  'kubeadm-config',
  'component-config',
  'pki-listing',
  'distribution-config',
  'distribution-command',
  'kubectl-describe',
  'container-inspect',
  'proc-cmdline',
] as const;

/** Every injected secret starts with this, so it can be searched for in any output. */
export const SECRET_PREFIX = 'fzsecret';

// ---------------------------------------------------------------------------------------------------------------
// PRNG

/** mulberry32: a tiny, fast, well-mixed 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One seed per case, so each case is independent of the others (and of how many came before it). */
function caseSeed(seed: number, index: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (index + 0x85ebca6b), 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x27d4eb2d) >>> 0;
  return (h ^ (h >>> 15)) >>> 0;
}

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }
  /** Picks by weight: [[weight, value], ...]. */
  weighted<T>(items: readonly (readonly [number, T])[]): T {
    const total = items.reduce((n, [w]) => n + w, 0);
    let x = this.next() * total;
    for (const [w, v] of items) {
      x -= w;
      if (x < 0) return v;
    }
    return (items[items.length - 1] as readonly [number, T])[1];
  }
  /** `n` characters from `alphabet`. */
  chars(alphabet: string, n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Fixtures

const fixturesDir = fileURLToPath(new URL('../fixtures/', import.meta.url));

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const rel = prefix + name;
      return statSync(dir + name).isDirectory() ? listFiles(`${dir}${name}/`, `${rel}/`) : [rel];
    });
}

/** Every file under tests/fixtures/, sorted by path (the order is part of the seed's meaning). */
export const FIXTURES: readonly { path: string; name: string; text: string }[] = listFiles(fixturesDir).map((path) => ({
  path,
  name: path.slice(path.lastIndexOf('/') + 1),
  text: readFileSync(fixturesDir + path, 'utf8'),
}));

/** Flag names written in the fixtures: realistic names for synthetic command lines. */
const FLAG_NAMES: readonly string[] = [
  ...new Set(FIXTURES.flatMap((f) => [...f.text.matchAll(/--([a-z][a-z0-9-]{1,60})/g)].map((m) => m[1] ?? ''))),
]
  .filter((n) => n !== '')
  .sort();

// ---------------------------------------------------------------------------------------------------------------
// Hostile pieces

/** Code units that break parsers and positions: controls, marks, halves of surrogate pairs, odd line breaks. */
const HOSTILE_CHARS = [
  '\0',
  '\x01',
  '\x07',
  '\x08',
  '\x0b',
  '\x0c',
  '\x1b',
  '\x7f',
  '\x85', // NEL
  '\xa0', // no-break space
  '\u00ad', // soft hyphen
  '\u0301', // combining acute
  '\u200b', // zero-width space
  '\u200c',
  '\u200d',
  '\u200e', // LRM
  '\u200f', // RLM
  '\u202a',
  '\u202e', // RLO
  '\u2066',
  '\u2069',
  '\u2028', // line separator
  '\u2029', // paragraph separator
  '\u2060', // word joiner
  '\u3000', // ideographic space
  '\ufeff', // BOM / ZWNBSP
  '\ufffd',
  '\uffff',
  '\ud800', // high surrogate alone
  '\udbff',
  '\udc00', // low surrogate alone
  '\udfff',
  '\u{1f600}', // a whole pair
  '\u{10ffff}',
  '\u05d0', // Hebrew alef (RTL)
  '\u0627', // Arabic alef (RTL)
  '注',
  '－', // full-width hyphen-minus
  '﹣',
  '—',
  '\r',
  '\n',
  '\t',
];

/** Tokens that mean something to one of the formats. */
const HOSTILE_TOKENS = [
  '"',
  "'",
  '\\',
  '\\\n',
  '\\\r\n',
  '\n',
  '\r\n',
  '\r',
  '\t',
  '$',
  '${',
  '$(',
  '`',
  '#',
  '=',
  '--',
  '-',
  ': ',
  ':',
  '- ',
  '? ',
  '[',
  ']',
  '{',
  '}',
  ',',
  '&a ',
  '*a',
  '<<: *a',
  '!!binary ',
  '!<tag:x>',
  '|\n',
  '>-\n',
  '%YAML 1.1\n',
  '\n---\n',
  '\n...\n',
  'null',
  '~',
  '0x',
  '1e400',
  '-1',
  '99999999999999999999999',
  'NaN',
  '[Service]\n',
  '[Unit]\n',
  'ExecStart=',
  'Environment=',
  'EnvironmentFile=',
  'apiVersion: v1\n',
  'kind: Pod\n',
  'kind: Config\n',
  'image: registry.k8s.io/kube-apiserver:v1.31.0\n',
  'image: :v\n',
  '-----BEGIN CERTIFICATE-----\n',
  '-----END CERTIFICATE-----',
  '-----BEGIN RSA PRIVATE KEY-----\n',
  'LS0tLS1CRUdJTi',
  '├── ',
  '└── ',
  'tcp        0      0 127.0.0.1:10259         0.0.0.0:*               LISTEN      1234/kube-scheduler\n',
  'root      1234     1  0 10:00 ?        00:00:01 /usr/bin/kube-apiserver --',
  '\u202e',
  '\u200b',
  '\ufeff',
  '\0',
  '\ud800',
  '\udc00',
];

const GLUE_SEPARATORS = [
  '',
  '\n',
  '\n\n',
  '\n---\n',
  '\r\n',
  '\n```\n',
  '\n$ cat /etc/kubernetes/manifests/kube-apiserver.yaml\n',
  '\n# ----------------\n',
  '\nroot@master:~# ps -ef | grep kube\n',
];

// ---------------------------------------------------------------------------------------------------------------
// Mutations

type Mutation = (text: string, r: Rng, scale: Scale) => [string, string];

interface Scale {
  /** Upper bound of synthetic sizes in characters. */
  maxChars: number;
  minChars: number;
  /** Upper bound of counts (flags, documents, lines). */
  maxCount: number;
  minCount: number;
  /** Nesting depth. */
  minDepth: number;
  maxDepth: number;
}

const FULL: Scale = {
  minChars: 200_000,
  maxChars: 1_000_000,
  minCount: 10_000,
  maxCount: 50_000,
  minDepth: 1_000,
  maxDepth: 5_000,
};
const SMALL: Scale = {
  minChars: 5_000,
  maxChars: 40_000,
  minCount: 300,
  maxCount: 2_000,
  minDepth: 1_000,
  maxDepth: 1_200,
};

function splitLines(text: string): string[] {
  return text.split('\n');
}

const at = (text: string, r: Rng) => r.int(0, text.length);

const MUTATIONS: Record<string, Mutation> = {
  cut: (t, r) => {
    const a = at(t, r);
    const n = r.int(1, 200);
    return [t.slice(0, a) + t.slice(a + n), `cut ${n}@${a}`];
  },
  duplicate: (t, r) => {
    const a = at(t, r);
    const n = r.int(1, 400);
    const b = at(t, r);
    return [t.slice(0, b) + t.slice(a, a + n) + t.slice(b), `dup ${n}@${a}->${b}`];
  },
  truncate: (t, r) => {
    const a = at(t, r);
    return [t.slice(0, a), `truncate@${a}`];
  },
  swapLines: (t, r) => {
    const lines = splitLines(t);
    const i = r.int(0, lines.length - 1);
    const j = r.int(0, lines.length - 1);
    [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
    return [lines.join('\n'), `swap lines ${i},${j}`];
  },
  deleteLine: (t, r) => {
    const lines = splitLines(t);
    const i = r.int(0, lines.length - 1);
    lines.splice(i, 1);
    return [lines.join('\n'), `delete line ${i}`];
  },
  repeatLine: (t, r, s) => {
    const lines = splitLines(t);
    const i = r.int(0, lines.length - 1);
    // no more copies than the profile's size allows: a line made huge by an earlier mutation, repeated, would be
    // hundreds of millions of characters (or past the longest string V8 makes)
    const room = Math.floor(s.maxChars / ((lines[i] ?? '').length + 1));
    const n = r.int(2, Math.max(2, Math.min(Math.floor(s.maxCount / 5), room)));
    lines.splice(i, 0, ...Array<string>(n).fill(lines[i] ?? ''));
    return [lines.join('\n'), `repeat line ${i} x${n}`];
  },
  insertToken: (t, r) => {
    const token = r.pick(HOSTILE_TOKENS);
    const n = r.chance(0.8) ? 1 : r.int(2, 50);
    const a = at(t, r);
    return [t.slice(0, a) + token.repeat(n) + t.slice(a), `insert ${JSON.stringify(token)}x${n}@${a}`];
  },
  insertChars: (t, r) => {
    const n = r.int(1, 30);
    let s = '';
    for (let i = 0; i < n; i++) s += r.pick(HOSTILE_CHARS);
    const a = at(t, r);
    return [t.slice(0, a) + s + t.slice(a), `insert ${n} hostile chars@${a}`];
  },
  randomBytes: (t, r) => {
    const n = r.int(1, 64);
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(r.int(0, 255));
    const a = at(t, r);
    return [t.slice(0, a) + s + t.slice(a), `insert ${n} random bytes@${a}`];
  },
  randomUnits: (t, r) => {
    const n = r.int(1, 64);
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(r.int(0, 0xffff));
    const a = at(t, r);
    return [t.slice(0, a) + s + t.slice(a), `insert ${n} random UTF-16 units@${a}`];
  },
  lineEndings: (t, r) => {
    const mode = r.pick(['crlf', 'cr', 'mixed', 'lf'] as const);
    const body = t.replace(/\r\n?/g, '\n');
    const out =
      mode === 'crlf'
        ? body.replace(/\n/g, '\r\n')
        : mode === 'cr'
          ? body.replace(/\n/g, '\r')
          : mode === 'lf'
            ? body
            : body.replace(/\n/g, () => r.pick(['\n', '\r\n', '\r', '\n\r']));
    return [out, `line endings ${mode}`];
  },
  bom: (t, r) => {
    const where = r.pick(['start', 'line', 'many'] as const);
    if (where === 'start') return ['\ufeff' + t, 'BOM at start'];
    const lines = splitLines(t);
    const count = where === 'line' ? 1 : r.int(2, 20);
    for (let k = 0; k < count; k++) {
      const i = r.int(0, lines.length - 1);
      lines[i] = '\ufeff' + (lines[i] ?? '');
    }
    return [lines.join('\n'), `BOM at ${count} line start(s)`];
  },
  tabsForSpaces: (t, r) => {
    const all = r.chance(0.5);
    const out = splitLines(t)
      .map((l) => (all || r.chance(0.3) ? l.replace(/^( +)/, (m) => '\t'.repeat(Math.ceil(m.length / 2))) : l))
      .join('\n');
    return [out, `tabs for indentation (${all ? 'all' : 'some'} lines)`];
  },
  spacesForTabs: (t) => [t.replace(/\t/g, '        '), 'spaces for tabs'],
  deepIndent: (t, r, s) => {
    const lines = splitLines(t);
    const i = r.int(0, lines.length - 1);
    const n = r.int(1_000, Math.max(1_000, s.maxChars / 4));
    lines[i] = ' '.repeat(n) + (lines[i] ?? '');
    return [lines.join('\n'), `indent line ${i} by ${n}`];
  },
  shiftIndent: (t, r) => {
    const lines = splitLines(t);
    const i = r.int(0, lines.length - 1);
    const d = r.pick([-2, -1, 1, 2, 3]);
    lines[i] = d > 0 ? ' '.repeat(d) + (lines[i] ?? '') : (lines[i] ?? '').slice(-d);
    return [lines.join('\n'), `shift line ${i} by ${d}`];
  },
  caseFlip: (t, r) => {
    const lines = splitLines(t);
    const i = r.int(0, lines.length - 1);
    lines[i] = r.chance(0.5) ? (lines[i] ?? '').toUpperCase() : (lines[i] ?? '').toLowerCase();
    return [lines.join('\n'), `case of line ${i}`];
  },
  splitPair: (t, r) => {
    // cut in the middle of a surrogate pair or a CRLF
    const a = at(t, r);
    const s = r.pick(['\ud83d', '\ude00', '\r', '\n']);
    return [t.slice(0, a) + s + t.slice(a), `half pair ${JSON.stringify(s)}@${a}`];
  },
};
const MUTATION_NAMES = Object.keys(MUTATIONS);

function mutate(text: string, r: Rng, s: Scale, count: number): [string, string[]] {
  const ops: string[] = [];
  let t = text;
  for (let k = 0; k < count; k++) {
    const name = r.pick(MUTATION_NAMES);
    const [next, what] = (MUTATIONS[name] as Mutation)(t, r, s);
    t = next;
    ops.push(what);
  }
  return [t, ops];
}

// ---------------------------------------------------------------------------------------------------------------
// Synthetic hostile shapes

function sized(unit: string, chars: number): string {
  return unit.repeat(Math.max(1, Math.ceil(chars / unit.length)));
}

const POD_HEAD = `apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
spec:
  containers:
  - name: kube-apiserver
    image: registry.k8s.io/kube-apiserver:v1.31.0
    command:
    - kube-apiserver
`;

const HUGE_LINE_UNITS = [
  ' ',
  '\t',
  'a: ',
  '--x=',
  '--x ',
  '- ',
  'a',
  '"',
  "'",
  '\\',
  '\\\n',
  '${A}',
  '$A',
  '[',
  '{',
  '# ',
  ': ',
  '=',
  ',',
  '-',
  'x\u200b',
  '\u202e',
  '\u{1f600}',
  '\0',
  '\r',
  'ab\r\n',
];

const HUGE_LINE_CONTEXTS: Record<string, [string, string]> = {
  bare: ['', ''],
  pod: [POD_HEAD + '    - --etcd-servers=', '\n'],
  'pod-arg': [POD_HEAD + '    - ', '\n'],
  unit: ['[Service]\nExecStart=/usr/bin/kube-apiserver ', '\n'],
  env: ['KUBE_API_ARGS="', '"\n'],
  ps: ['root      1234     1  0 10:00 ?        00:00:01 /usr/bin/kube-apiserver ', '\n'],
  kubeconfig: ['apiVersion: v1\nkind: Config\nusers:\n- name: a\n  user:\n    token: ', '\n'],
  pem: ['-----BEGIN CERTIFICATE-----\n', '\n-----END CERTIFICATE-----\n'],
  listeners: [
    'Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name\ntcp 0 0 ',
    '\n',
  ],
  tree: ['/etc/kubernetes\n├── ', '\n'],
};

interface Built {
  shape: string;
  detail: string;
  files: FuzzFile[];
  secrets?: InjectedSecret[];
}

const SYNTHETIC: Record<string, (r: Rng, s: Scale) => Built> = {
  'huge-line': (r, s) => {
    const unit = r.pick(HUGE_LINE_UNITS);
    const ctx = r.pick(Object.keys(HUGE_LINE_CONTEXTS).sort());
    const [head, tail] = HUGE_LINE_CONTEXTS[ctx] ?? ['', ''];
    const chars = r.int(s.minChars, s.maxChars);
    const body = sized(unit, chars);
    return {
      shape: `huge-line/${ctx}`,
      detail: `${JSON.stringify(unit)} x${Math.round(body.length / unit.length)} (${body.length} chars) in ${ctx}`,
      files: [
        {
          name: r.pick(['paste.txt', 'kube-apiserver.yaml', 'kube-apiserver.service', 'apiserver']),
          text: head + body + tail,
        },
      ],
    };
  },
  deep: (r, s) => {
    const depth = r.int(s.minDepth, s.maxDepth);
    const kind = r.pick([
      'yaml-block-map',
      'yaml-block-seq',
      'yaml-compact-seq',
      'yaml-flow-seq',
      'yaml-flow-map',
      'json',
      'json-pod',
      'pod-command',
      'kubeconfig',
      'unclosed-flow',
      'unclosed-json',
      'kubeadm',
    ] as const);
    let text: string;
    switch (kind) {
      case 'yaml-block-map': {
        // one space per level: depth 1,000 is 500 K characters
        const d = Math.min(depth, 1_400);
        const lines: string[] = [];
        for (let i = 0; i < d; i++) lines.push(' '.repeat(i) + 'a:');
        text = lines.join('\n') + ' x\n';
        break;
      }
      case 'yaml-block-seq': {
        const d = Math.min(depth, 1_400);
        const lines: string[] = [];
        for (let i = 0; i < d; i++) lines.push(' '.repeat(i) + '-');
        text = lines.join('\n') + ' x\n';
        break;
      }
      case 'yaml-compact-seq':
        text = '- '.repeat(depth) + 'x\n';
        break;
      case 'yaml-flow-seq':
        text = '['.repeat(depth) + 'x' + ']'.repeat(depth) + '\n';
        break;
      case 'yaml-flow-map':
        text = '{a: '.repeat(depth) + 'x' + '}'.repeat(depth) + '\n';
        break;
      case 'json':
        text = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
        break;
      case 'json-pod':
        text =
          '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"kube-apiserver"},"spec":{"containers":[{"name":"kube-apiserver","image":"registry.k8s.io/kube-apiserver:v1.31.0","command":' +
          '['.repeat(depth) +
          '"--a=b"' +
          ']'.repeat(depth) +
          '}]}}';
        break;
      case 'pod-command':
        text = POD_HEAD + '    - ' + '['.repeat(depth) + '--etcd-servers=x' + ']'.repeat(depth) + '\n';
        break;
      case 'kubeconfig':
        text =
          'apiVersion: v1\nkind: Config\nusers:\n- name: a\n  user: ' +
          '{a: '.repeat(depth) +
          'x' +
          '}'.repeat(depth) +
          '\n';
        break;
      case 'unclosed-flow':
        text = r.pick(['[', '{', '{a: [']).repeat(depth) + '\n';
        break;
      case 'unclosed-json':
        text = '{"a":['.repeat(depth);
        break;
      case 'kubeadm':
        text =
          'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\napiServer:\n  extraArgs: ' +
          '{a: '.repeat(depth) +
          'x' +
          '}'.repeat(depth) +
          '\n';
        break;
    }
    return {
      shape: `deep/${kind}`,
      detail: `depth ${depth} (${text.length} chars)`,
      files: [{ name: kind.startsWith('json') ? 'kube-apiserver.json' : 'deep.yaml', text }],
    };
  },
  'alias-bomb': (r) => {
    const levels = r.int(6, 10);
    const width = r.int(5, 10);
    const lines = [`l0: &l0 [${Array<string>(width).fill('"lol"').join(', ')}]`];
    for (let i = 1; i < levels; i++)
      lines.push(
        `l${i}: &l${i} [${Array<string>(width)
          .fill(`*l${i - 1}`)
          .join(', ')}]`,
      );
    const top = `*l${levels - 1}`;
    const where = r.pick([
      'bare',
      'pod-command',
      'pod-args',
      'pod-env',
      'kubeconfig',
      'kubeadm',
      'merge-keys',
      'recursive',
    ] as const);
    const anchors = lines.join('\n');
    let text: string;
    switch (where) {
      case 'bare':
        text = `${anchors}\nbomb: ${top}\n`;
        break;
      case 'pod-command':
      case 'pod-args':
        text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver\n  annotations:\n${lines.map((l) => '    ' + l).join('\n')}\nspec:\n  containers:\n  - name: kube-apiserver\n    image: registry.k8s.io/kube-apiserver:v1.31.0\n    ${where === 'pod-command' ? 'command' : 'args'}: ${top}\n`;
        break;
      case 'pod-env':
        text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd\n  annotations:\n${lines.map((l) => '    ' + l).join('\n')}\nspec:\n  containers:\n  - name: etcd\n    image: registry.k8s.io/etcd:3.5.9-0\n    env: ${top}\n`;
        break;
      case 'kubeconfig':
        text = `apiVersion: v1\nkind: Config\npreferences:\n${lines.map((l) => '  ' + l).join('\n')}\nusers: ${top}\nclusters: ${top}\ncontexts: ${top}\n`;
        break;
      case 'kubeadm':
        text = `apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nx:\n${lines.map((l) => '  ' + l).join('\n')}\napiServer:\n  extraArgs: ${top}\netcd:\n  local:\n    extraArgs: ${top}\n`;
        break;
      case 'merge-keys': {
        const maps = [`m0: &m0 {a: 1, b: 2}`];
        for (let i = 1; i < levels; i++)
          maps.push(
            `m${i}: &m${i} {<<: [${Array<string>(width)
              .fill(`*m${i - 1}`)
              .join(', ')}], k${i}: 1}`,
          );
        text = `${maps.join('\n')}\nbomb: *m${levels - 1}\n`;
        break;
      }
      case 'recursive':
        text = `a: &a [*a, *a]\nb: &b {x: *b}\nkind: Pod\nspec: &s {containers: [{command: *s}]}\n`;
        break;
    }
    return {
      shape: `alias-bomb/${where}`,
      detail: `${levels} levels x${width} (${width}^${levels} nodes)`,
      files: [{ name: 'bomb.yaml', text }],
    };
  },
  'many-flags': (r, s) => {
    const n = r.int(s.minCount, s.maxCount);
    const mode = r.pick([
      'pod',
      'ps',
      'unit',
      'env',
      'kubeadm-map',
      'kubeadm-list',
      'same-flag',
      'unknown',
      'bare',
      'mixed-case',
    ] as const);
    const flag = (i: number) => {
      switch (mode) {
        case 'same-flag':
          return '--etcd-servers=https://127.0.0.1:2379';
        case 'unknown':
          return `--no-such-flag-${i}=v${i}`;
        case 'bare':
          return `--${r.pick(FLAG_NAMES)}`;
        case 'mixed-case':
          return `--${r.pick(FLAG_NAMES).toUpperCase().replace(/-/g, '_')}=${i}`;
        default:
          return `--${r.pick(FLAG_NAMES)}=${r.pick(['true', 'false', '0', '10s', 'x', '', '/etc/kubernetes/pki/ca.crt', 'a,b,c', String(i)])}`;
      }
    };
    const flags = Array.from({ length: n }, (_, i) => flag(i));
    let file: FuzzFile;
    switch (mode) {
      case 'ps':
        file = { name: 'ps.txt', text: `root 1 0 0 10:00 ? 00:00:01 /usr/bin/kube-apiserver ${flags.join(' ')}\n` };
        break;
      case 'unit':
        file = {
          name: 'kube-apiserver.service',
          text: `[Service]\nExecStart=/usr/bin/kube-apiserver \\\n  ${flags.join(' \\\n  ')}\n`,
        };
        break;
      case 'env':
        file = { name: 'apiserver', text: `KUBE_API_ARGS="${flags.join(' ')}"\n` };
        break;
      case 'kubeadm-map':
        file = {
          name: 'kubeadm-config.yaml',
          text: `apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nkubernetesVersion: v1.28.0\napiServer:\n  extraArgs:\n${flags.map((f, i) => `    ${f.slice(2).split('=')[0]}${i}: "${f.split('=')[1] ?? ''}"`).join('\n')}\n`,
        };
        break;
      case 'kubeadm-list':
        file = {
          name: 'kubeadm-config.yaml',
          text: `apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: v1.31.0\napiServer:\n  extraArgs:\n${flags.map((f) => `  - name: ${f.slice(2).split('=')[0]}\n    value: "${f.split('=')[1] ?? ''}"`).join('\n')}\n`,
        };
        break;
      default:
        file = { name: 'kube-apiserver.yaml', text: POD_HEAD + flags.map((f) => `    - ${f}`).join('\n') + '\n' };
    }
    return { shape: `many-flags/${mode}`, detail: `${n} flags (${file.text.length} chars)`, files: [file] };
  },
  'long-flag': (r, s) => {
    const len = r.int(s.minChars, s.maxChars);
    const mode = r.pick([
      'name',
      'value',
      'list-value',
      'map-value',
      'number',
      'duration',
      'quoted',
      'dashes',
    ] as const);
    let arg: string;
    switch (mode) {
      case 'name':
        arg = `--${sized('a', len)}=v`;
        break;
      case 'value':
        arg = `--etcd-servers=${sized('x', len)}`;
        break;
      case 'list-value':
        arg = `--etcd-servers=${sized('https://10.0.0.1:2379,', len)}`;
        break;
      case 'map-value':
        arg = `--feature-gates=${sized('SomeGate=true,', len)}`;
        break;
      case 'number':
        arg = `--secure-port=${sized('9', len)}`;
        break;
      case 'duration':
        arg = `--min-request-timeout=${sized('1h', len)}`;
        break;
      case 'quoted':
        arg = `--admission-control-config-file="${sized('\\"', len)}"`;
        break;
      case 'dashes':
        arg = sized('-', len) + 'v=2';
        break;
    }
    const where = r.pick(['pod', 'ps', 'unit', 'env'] as const);
    const text =
      where === 'pod'
        ? POD_HEAD + `    - ${arg}\n`
        : where === 'ps'
          ? `root 1 0 0 10:00 ? 00:00:01 /usr/bin/kube-apiserver ${arg}\n`
          : where === 'unit'
            ? `[Service]\nExecStart=/usr/bin/kube-apiserver ${arg}\n`
            : `KUBE_API_ARGS="${arg}"\n`;
    return {
      shape: `long-flag/${mode}`,
      detail: `${where}, ${arg.length} chars`,
      files: [{ name: `${where}.txt`, text }],
    };
  },
  'many-docs': (r, s) => {
    const n = r.int(s.minCount, s.maxCount);
    const mode = r.pick([
      'separators',
      'empty-pods',
      'pem-blocks',
      'processes',
      'units',
      'listeners',
      'kubeconfig-users',
    ] as const);
    let text: string;
    switch (mode) {
      case 'separators':
        text = '---\n'.repeat(n);
        break;
      case 'empty-pods':
        text = 'apiVersion: v1\nkind: Pod\n---\n'.repeat(n);
        break;
      case 'pem-blocks':
        text = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'.repeat(n);
        break;
      case 'processes':
        text = Array.from(
          { length: n },
          (_, i) => `root ${i} 1 0 10:00 ? 00:00:01 kube-apiserver --secure-port=${i}\n`,
        ).join('');
        break;
      case 'units':
        text = '[Service]\nExecStart=/usr/bin/kubelet --v=2\n'.repeat(n);
        break;
      case 'listeners':
        text =
          'Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name\n' +
          Array.from(
            { length: n },
            (_, i) => `tcp 0 0 127.0.0.1:${i % 65536} 0.0.0.0:* LISTEN ${i}/kube-apiserver\n`,
          ).join('');
        break;
      case 'kubeconfig-users':
        text =
          'apiVersion: v1\nkind: Config\nusers:\n' +
          Array.from(
            { length: n },
            (_, i) => `- name: u${i}\n  user:\n    client-certificate-data: LS0tLS1CRUdJTi\n`,
          ).join('');
        break;
    }
    return { shape: `many-docs/${mode}`, detail: `${n} (${text.length} chars)`, files: [{ name: 'many.txt', text }] };
  },
  noise: (r, s) => {
    const n = r.int(1, Math.min(s.maxChars, 100_000));
    const mode = r.pick([
      'bytes',
      'units',
      'surrogates',
      'nul',
      'cr',
      'bom',
      'empty',
      'whitespace',
      'controls',
      'rtl',
    ] as const);
    let text: string;
    switch (mode) {
      case 'bytes':
        text = Array.from({ length: n }, () => String.fromCharCode(r.int(0, 255))).join('');
        break;
      case 'units':
        text = Array.from({ length: n }, () => String.fromCharCode(r.int(0, 0xffff))).join('');
        break;
      case 'surrogates':
        text = Array.from({ length: n }, () => String.fromCharCode(r.int(0xd800, 0xdfff))).join('');
        break;
      case 'nul':
        text = '\0'.repeat(n);
        break;
      case 'cr':
        text = '\r'.repeat(n);
        break;
      case 'bom':
        text = '\ufeff'.repeat(n);
        break;
      case 'empty':
        text = '';
        break;
      case 'whitespace':
        text = Array.from({ length: n }, () => r.pick([' ', '\t', '\n', '\r', '\xa0', '\u3000', '\u2028'])).join('');
        break;
      case 'controls':
        text = Array.from({ length: n }, () => r.pick(HOSTILE_CHARS)).join('');
        break;
      case 'rtl':
        text = Array.from({ length: Math.ceil(n / 8) }, () => `\u202e--${r.pick(FLAG_NAMES)}=\u05d0\u0627 `).join('');
        break;
    }
    return {
      shape: `noise/${mode}`,
      detail: `${text.length} chars`,
      files: [{ name: r.pick(['paste.txt', 'x.yaml', 'x.crt']), text }],
    };
  },
  'env-bomb': (r, s) => {
    const mode = r.pick(['doubling', 'self', 'cycle', 'many-refs', 'many-env-files', 'braces'] as const);
    const unitName = 'kube-apiserver.service';
    let env: string;
    let unit: string;
    switch (mode) {
      case 'doubling': {
        const levels = r.int(10, 24);
        env = Array.from(
          { length: levels },
          (_, i) => `V${i}="${i === levels - 1 ? '--v=2' : `$V${i + 1} $V${i + 1}`}"`,
        ).join('\n');
        unit = '[Service]\nEnvironmentFile=/etc/kubernetes/apiserver\nExecStart=/usr/bin/kube-apiserver $V0 ${V0}\n';
        break;
      }
      case 'self':
        env = 'KUBE_API_ARGS="$KUBE_API_ARGS --v=2 ${KUBE_API_ARGS}"';
        unit =
          '[Service]\nEnvironmentFile=/etc/kubernetes/apiserver\nExecStart=/usr/bin/kube-apiserver $KUBE_API_ARGS\n';
        break;
      case 'cycle':
        env = 'A="$B --a=1"\nB="$C --b=1"\nC="$A --c=1"';
        unit = '[Service]\nEnvironmentFile=/etc/kubernetes/apiserver\nExecStart=/usr/bin/kube-apiserver $A $B $C\n';
        break;
      case 'many-refs': {
        const n = r.int(Math.floor(s.minCount / 10), Math.floor(s.maxCount / 10));
        const flags = Array.from({ length: 100 }, (_, i) => `--${FLAG_NAMES[i % FLAG_NAMES.length] ?? 'v'}=${i}`).join(
          ' ',
        );
        env = `KUBE_API_ARGS="${flags}"`;
        unit = `[Service]\nEnvironmentFile=/etc/kubernetes/apiserver\nExecStart=/usr/bin/kube-apiserver ${'$KUBE_API_ARGS '.repeat(n)}\n`;
        break;
      }
      case 'many-env-files': {
        const n = r.int(Math.floor(s.minCount / 10), Math.floor(s.maxCount / 10));
        env = 'KUBE_API_ARGS="--v=2"';
        unit = `[Service]\n${'EnvironmentFile=-/etc/kubernetes/apiserver\n'.repeat(n)}ExecStart=/usr/bin/kube-apiserver $KUBE_API_ARGS\n`;
        break;
      }
      case 'braces':
        env = `A="${'${'.repeat(1000)}"`;
        unit = `[Service]\nEnvironmentFile=/etc/kubernetes/apiserver\nExecStart=/usr/bin/kube-apiserver ${'${'.repeat(5000)}A${'}'.repeat(5000)}\n`;
        break;
    }
    return {
      shape: `env-bomb/${mode}`,
      detail: `unit ${unit.length} chars, env ${env.length} chars`,
      files: [
        { name: unitName, text: unit },
        { name: '/etc/kubernetes/apiserver', text: env + '\n' },
      ],
    };
  },
  'pem-garbage': (r, s) => {
    const mode = r.pick(['huge-base64', 'bad-der', 'kubeconfig-cert', 'truncated-real', 'nested-headers'] as const);
    const n = r.int(s.minChars / 4, s.maxChars / 2);
    let text: string;
    switch (mode) {
      case 'huge-base64':
        text = `-----BEGIN CERTIFICATE-----\n${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', n).replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;
        break;
      case 'bad-der':
        // a SEQUENCE claiming a huge length, then nested SEQUENCEs
        text = `-----BEGIN CERTIFICATE-----\nMIT/////${'MIIB'.repeat(Math.min(n, 20_000))}\n-----END CERTIFICATE-----\n`;
        break;
      case 'kubeconfig-cert':
        text = `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    certificate-authority-data: ${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', n)}\nusers:\n- name: u\n  user:\n    client-certificate-data: ${'MIIB'.repeat(Math.min(n, 20_000))}\n`;
        break;
      case 'truncated-real': {
        const pems = FIXTURES.filter((f) => f.path.startsWith('pem/'));
        const f = r.pick(pems);
        text = f.text.slice(0, r.int(30, f.text.length));
        break;
      }
      case 'nested-headers':
        text = '-----BEGIN CERTIFICATE-----\n'.repeat(r.int(100, 5_000)) + '-----END CERTIFICATE-----\n';
        break;
    }
    return { shape: `pem-garbage/${mode}`, detail: `${text.length} chars`, files: [{ name: 'x.crt', text }] };
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Secrets

/** A template writes `@S@` where the secret goes: in one line of `files[secretFile]`. */
interface SecretTemplate {
  /** A bootstrap-token-shaped secret (`abcdef.0123456789abcdef`), a hex key, base64, or any word. */
  shape: 'word' | 'bootstrap' | 'hex' | 'base64';
  /** The YAML-ish templates can take the value quoted. */
  yaml: boolean;
  files: FuzzFile[];
}

const NODE_PS = 'root      4242     1  0 10:00 ?        00:00:01 ';

export const SECRET_TEMPLATES: Record<string, SecretTemplate> = {
  'ps-token-equals': {
    shape: 'bootstrap',
    yaml: false,
    files: [
      {
        name: 'ps.txt',
        text: `UID        PID  PPID  C STIME TTY          TIME CMD\n${NODE_PS}/usr/bin/kubeadm join 10.0.0.1:6443 --token=@S@ --discovery-token-ca-cert-hash sha256:40fa0c186de148666a53ae4e193a1a6ca25cedd97034cef357514b3e6725e70e\n${NODE_PS}/usr/bin/kubelet --v=2\n`,
      },
    ],
  },
  'ps-token-separate': {
    shape: 'word',
    yaml: false,
    files: [{ name: 'ps.txt', text: `${NODE_PS}/usr/bin/kube-apiserver --secure-port=6443 --token @S@ --v=2\n` }],
  },
  'join-line': {
    shape: 'bootstrap',
    yaml: false,
    files: [
      {
        name: 'join.txt',
        text: 'kubeadm join 10.0.0.1:6443 --token @S@ \\\n    --discovery-token-ca-cert-hash sha256:40fa0c18\n',
      },
    ],
  },
  'pod-oidc-client-secret': {
    shape: 'word',
    yaml: true,
    files: [
      {
        name: 'kube-apiserver.yaml',
        text: POD_HEAD + '    - --secure-port=6443\n    - --oidc-client-secret=@S@\n    - --v=2\n',
      },
    ],
  },
  'unit-exec-token': {
    shape: 'bootstrap',
    yaml: false,
    files: [
      {
        name: 'kubeadm-join.service',
        text: '[Unit]\nDescription=join\n\n[Service]\nType=oneshot\nExecStart=/usr/bin/kubeadm join 10.0.0.1:6443 --token @S@ --control-plane\n\n[Install]\nWantedBy=multi-user.target\n',
      },
    ],
  },
  'unit-environment': {
    shape: 'word',
    yaml: false,
    files: [
      {
        name: '10-kubeadm.conf',
        text: '[Service]\nEnvironment="KUBELET_KUBECONFIG_ARGS=--kubeconfig=/etc/kubernetes/kubelet.conf"\nEnvironment="X_TOKEN=@S@"\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS --v=2\n',
      },
    ],
  },
  'env-file-password-flag': {
    shape: 'word',
    yaml: false,
    files: [
      {
        name: '/etc/etcd/etcd.conf',
        text: 'ETCD_NAME=infra0\nETCD_ARGS="--discovery-endpoints=https://10.0.0.9:2379 --discovery-password=@S@"\n',
      },
      {
        name: 'etcd.service',
        text: '[Service]\nType=notify\nEnvironmentFile=-/etc/etcd/etcd.conf\nExecStart=/usr/bin/etcd $ETCD_ARGS\n',
      },
    ],
  },
  'env-file-token-var': {
    shape: 'word',
    yaml: false,
    files: [
      {
        name: '/etc/kubernetes/apiserver',
        text: 'KUBE_API_ADDRESS="--advertise-address=10.0.0.1"\nKUBE_API_TOKEN=@S@\n',
      },
    ],
  },
  'kubeconfig-token': {
    shape: 'word',
    yaml: true,
    files: [
      {
        name: 'admin.conf',
        text: 'apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://10.0.0.1:6443\n  name: kubernetes\nusers:\n- name: admin\n  user:\n    token: @S@\ncontexts:\n- context:\n    cluster: kubernetes\n    user: admin\n  name: admin@kubernetes\ncurrent-context: admin@kubernetes\n',
      },
    ],
  },
  'kubeconfig-password': {
    shape: 'word',
    yaml: true,
    files: [
      {
        name: 'admin.conf',
        text: 'apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://10.0.0.1:6443\n  name: kubernetes\nusers:\n- name: admin-basic\n  user:\n    username: admin\n    password: @S@\ncurrent-context: admin@kubernetes\n',
      },
    ],
  },
  'kubeconfig-client-key-data': {
    shape: 'base64',
    yaml: true,
    files: [
      {
        name: 'admin.conf',
        text: 'apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://10.0.0.1:6443\n  name: kubernetes\nusers:\n- name: admin\n  user:\n    client-key-data: @S@\ncurrent-context: admin@kubernetes\n',
      },
    ],
  },
  'kubeadm-bootstrap-token': {
    shape: 'bootstrap',
    yaml: true,
    files: [
      {
        name: 'kubeadm-config.yaml',
        text: 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\nbootstrapTokens:\n- groups:\n  - system:bootstrappers:kubeadm:default-node-token\n  token: @S@\n  ttl: 24h0m0s\nlocalAPIEndpoint:\n  advertiseAddress: 10.0.0.1\n  bindPort: 6443\n',
      },
    ],
  },
  'kubeadm-certificate-key': {
    shape: 'hex',
    yaml: true,
    files: [
      {
        name: 'kubeadm-config.yaml',
        text: 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\ncertificateKey: @S@\nnodeRegistration:\n  name: master\n',
      },
    ],
  },
  'kubeadm-join-token': {
    shape: 'bootstrap',
    yaml: true,
    files: [
      {
        name: 'kubeadm-join.yaml',
        text: 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: JoinConfiguration\ndiscovery:\n  bootstrapToken:\n    apiServerEndpoint: 10.0.0.1:6443\n    token: @S@\n    unsafeSkipCAVerification: true\nnodeRegistration:\n  name: worker\n',
      },
    ],
  },
  'encryption-secret': {
    shape: 'base64',
    yaml: true,
    files: [
      {
        name: 'encryption-config.yaml',
        text: 'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources:\n      - secrets\n    providers:\n      - aescbc:\n          keys:\n            - name: key1\n              secret: @S@\n      - identity: {}\n',
      },
    ],
  },
  'kubeadm-init-output': {
    shape: 'bootstrap',
    yaml: false,
    files: [
      {
        name: 'kubeadm-init.txt',
        text: '[init] Using Kubernetes version: v1.28.2\n[bootstrap-token] Using token: @S@\n[bootstrap-token] Configuring bootstrap tokens, cluster-info ConfigMap, RBAC Roles\nYour Kubernetes control-plane has initialized successfully!\n',
      },
    ],
  },
  'bearer-header': {
    shape: 'word',
    yaml: false,
    files: [
      {
        name: 'curl.txt',
        text: '$ curl -k https://10.0.0.1:6443/api\n> GET /api HTTP/1.1\n> Authorization: Bearer @S@\n> Accept: */*\n',
      },
    ],
  },
  'token-csv': {
    shape: 'word',
    yaml: false,
    files: [{ name: 'tokens.csv', text: '@S@,kubelet-bootstrap,10001,"system:node-bootstrapper"\n' }],
  },
  'pod-env-password': {
    shape: 'word',
    yaml: true,
    files: [
      {
        name: 'etcd.yaml',
        text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd\nspec:\n  containers:\n  - name: etcd\n    image: registry.k8s.io/etcd:3.5.9-0\n    command:\n    - etcd\n    env:\n    - name: ETCD_ROOT_PASSWORD\n      value: @S@\n',
      },
    ],
  },
};
export const SECRET_TEMPLATE_NAMES = Object.keys(SECRET_TEMPLATES);

/** A distinctive fake secret of the template's shape, different per case. */
function makeSecret(r: Rng, shape: SecretTemplate['shape']): string {
  const lower = 'abcdefghijklmnopqrstuvwxyz0123456789';
  switch (shape) {
    case 'bootstrap':
      // `[a-z0-9]{6}.[a-z0-9]{16}`: still distinctive by its 16-character part
      return `fz${r.chars(lower, 4)}.${SECRET_PREFIX}${r.chars(lower, 8)}`;
    case 'hex':
      return `f2${r.chars('0123456789abcdef', 62)}`;
    case 'base64':
      return `${SECRET_PREFIX}${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 36)}==`;
    case 'word':
      return `${SECRET_PREFIX}${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 16)}`;
  }
}

/**
 * How the text around the secret is disturbed; `line` is the index of the secret's line in `lines`. Deterministic
 * (no random choice), so a leak is named exactly by template and perturbation. Null: does not apply to the template.
 */
type Perturbation = (lines: string[], line: number, t: SecretTemplate) => { lines: string[]; override?: string } | null;

/** The first line that is not the secret's. */
const firstOther = (line: number) => (line === 0 ? 1 : 0);
const withLine = (lines: string[], i: number, f: (l: string) => string) => lines.map((l, k) => (k === i ? f(l) : l));
const inserted = (lines: string[], i: number, extra: string) => [...lines.slice(0, i), extra, ...lines.slice(i)];
const fixtureText = (path: string) => FIXTURES.find((f) => f.path === path)?.text ?? '';

export const SECRET_PERTURBATIONS: Record<string, Perturbation> = {
  plain: (lines) => ({ lines }),
  crlf: (lines) => ({ lines: lines.map((l) => l + '\r') }),
  cr: (lines) => ({ lines: [lines.join('\r')] }),
  bom: (lines) => ({ lines: ['\ufeff' + (lines[0] ?? ''), ...lines.slice(1)] }),
  'tabs-elsewhere': (lines, line) => ({ lines: lines.map((l, i) => (i === line ? l : l.replace(/^( +)/, '\t'))) }),
  'nul-line-before': (lines, line) => ({ lines: inserted(lines, line, '\0\0\0') }),
  'rtl-line-after': (lines, line) => ({ lines: inserted(lines, line + 1, '\u202e\u200b: [') }),
  'unclosed-quote-line-after': (lines, line) => ({ lines: inserted(lines, line + 1, '"unclosed') }),
  'lone-surrogates-line-after': (lines, line) => ({ lines: inserted(lines, line + 1, '\ud800 : \udc00') }),
  'unclosed-flow-first-line': (lines, line) => ({ lines: withLine(lines, firstOther(line), (l) => l + ' [unclosed') }),
  'indent-first-line': (lines, line) => ({ lines: withLine(lines, firstOther(line), (l) => ' ' + l) }),
  'duplicate-secret-line': (lines, line) => ({ lines: inserted(lines, line + 1, lines[line] ?? '') }),
  'zero-width-elsewhere': (lines, line) => ({ lines: lines.map((l, i) => (i === line || i % 2 ? l : l + '\u200b')) }),
  truncate: (lines, line) => ({ lines: lines.slice(0, line + 1) }),
  'glue-after-ps': (lines) => ({ lines: [...splitLines(fixtureText('ps/seed002-ps-master.txt')), ...lines] }),
  'glue-before-pod': (lines) => ({
    lines: [...lines, '---', ...splitLines(fixtureText('static-pod/seed000-kube-scheduler.yaml'))],
  }),
  'glue-after-netstat': (lines) => ({
    lines: [...splitLines(fixtureText('listeners/seed000-netstat-kube.txt')), '', ...lines],
  }),
  // the perturbations below touch the secret's own line
  'quoted-double': (lines, line, t) =>
    t.yaml ? { lines: withLine(lines, line, (l) => l.replace('@S@', '"@S@"')) } : null,
  'quoted-single': (lines, line, t) =>
    t.yaml ? { lines: withLine(lines, line, (l) => l.replace('@S@', "'@S@'")) } : null,
  'unclosed-quote': (lines, line, t) =>
    t.yaml ? { lines: withLine(lines, line, (l) => l.replace('@S@', '"@S@')) } : null,
  'indent-secret-line': (lines, line) => ({ lines: withLine(lines, line, (l) => ' ' + l) }),
  'tab-before-secret-line': (lines, line) => ({ lines: withLine(lines, line, (l) => '\t' + l) }),
  'trailing-comment': (lines, line) => ({ lines: withLine(lines, line, (l) => l + ' # the token') }),
  ...Object.fromEntries(
    READ_AS_KINDS.map((kind): [string, Perturbation] => [`read-as-${kind}`, (lines) => ({ lines, override: kind })]),
  ),
};
export const SECRET_PERTURBATION_NAMES = Object.keys(SECRET_PERTURBATIONS);

/** A secret template under one perturbation; null when the perturbation does not apply to the template. */
export function secretCase(seed: number, index: number, template: string, perturbation: string): FuzzCase | null {
  const r = new Rng(caseSeed(seed, index));
  const t = SECRET_TEMPLATES[template];
  const p = SECRET_PERTURBATIONS[perturbation];
  if (!t || !p) throw new Error(`no secret template ${template} or perturbation ${perturbation}`);
  const value = makeSecret(r, t.shape);
  const secretFile = t.files.findIndex((f) => f.text.includes('@S@'));
  const target = t.files[secretFile] as FuzzFile;
  const lines = target.text.split('\n');
  const line = lines.findIndex((l) => l.includes('@S@'));
  const done = p(lines, line, t);
  if (!done) return null;
  const files = t.files.map((f, i) =>
    i === secretFile
      ? {
          name: f.name,
          text: done.lines.join('\n').split('@S@').join(value),
          ...(done.override ? { kindOverride: done.override } : {}),
        }
      : f,
  );
  return {
    seed,
    index,
    shape: `secret/${template}`,
    detail: `${perturbation}${done.override ? ` as ${done.override}` : ''}`,
    files,
    secrets: [{ value, template, perturbation }],
  };
}

/** Every secret template under every perturbation that applies to it: the cases that name a leak precisely. */
export function secretMatrix(seed: number): FuzzCase[] {
  const out: FuzzCase[] = [];
  let i = 0;
  for (const template of SECRET_TEMPLATE_NAMES)
    for (const perturbation of SECRET_PERTURBATION_NAMES) {
      const c = secretCase(seed, 1_000_000 + i++, template, perturbation);
      if (c) out.push(c);
    }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Cases

const SHAPES: readonly (readonly [number, string])[] = [
  [4, 'fixture'],
  [34, 'mutated'],
  [8, 'glued'],
  [6, 'workspace'],
  [4, 'read-as'],
  [14, 'secret'],
  [5, 'huge-line'],
  [5, 'deep'],
  [4, 'alias-bomb'],
  [4, 'many-flags'],
  [4, 'long-flag'],
  [3, 'many-docs'],
  [4, 'noise'],
  [3, 'env-bomb'],
  [2, 'pem-garbage'],
];

/** In the unit profile, every case whose index is ≡ this mod UNIT_BIG_EVERY gets full-size synthetic shapes. */
const UNIT_BIG_EVERY = 500;
const UNIT_BIG_AT = 17;

function fixtureFile(r: Rng): FuzzFile {
  const f = r.pick(FIXTURES);
  return {
    name: r.chance(0.85) ? f.name : r.pick(['paste.txt', 'x.yaml', 'x', 'kube-apiserver.service']),
    text: f.text,
  };
}

export function generateCase(seed: number, index: number, options: GenerateOptions = {}): FuzzCase {
  const r = new Rng(caseSeed(seed, index));
  const big = options.profile !== 'unit' || index % UNIT_BIG_EVERY === UNIT_BIG_AT;
  const scale = big ? FULL : SMALL;
  const shape = r.weighted(SHAPES);
  const base = { seed, index, secrets: [] as InjectedSecret[] };
  switch (shape) {
    case 'fixture': {
      const f = fixtureFile(r);
      return { ...base, shape, detail: f.name, files: [f] };
    }
    case 'mutated': {
      const f = fixtureFile(r);
      const [text, ops] = mutate(f.text, r, scale, r.int(1, 6));
      return { ...base, shape, detail: `${f.name}: ${ops.join('; ')}`, files: [{ name: f.name, text }] };
    }
    case 'glued': {
      const a = fixtureFile(r);
      const b = fixtureFile(r);
      const sep = r.pick(GLUE_SEPARATORS);
      let text = a.text + sep + b.text;
      let ops: string[] = [];
      if (r.chance(0.4)) [text, ops] = mutate(text, r, scale, r.int(1, 3));
      return {
        ...base,
        shape,
        detail: `${a.name} + ${JSON.stringify(sep)} + ${b.name}${ops.length ? `: ${ops.join('; ')}` : ''}`,
        files: [{ name: r.pick(['paste.txt', a.name, b.name]), text }],
      };
    }
    case 'workspace': {
      const n = r.int(2, 6);
      const files: FuzzFile[] = [];
      const notes: string[] = [];
      for (let k = 0; k < n; k++) {
        const f = fixtureFile(r);
        if (r.chance(0.4)) {
          const [text, ops] = mutate(f.text, r, scale, r.int(1, 3));
          files.push({ name: f.name, text });
          notes.push(`${f.name} (${ops.join('; ')})`);
        } else {
          files.push(f);
          notes.push(f.name);
        }
      }
      return { ...base, shape, detail: notes.join(', '), files };
    }
    case 'read-as': {
      const f = fixtureFile(r);
      const kindOverride = r.pick(READ_AS_KINDS);
      let text = f.text;
      let ops: string[] = [];
      if (r.chance(0.5)) [text, ops] = mutate(text, r, scale, r.int(1, 3));
      return {
        ...base,
        shape,
        detail: `${f.name} as ${kindOverride}${ops.length ? `: ${ops.join('; ')}` : ''}`,
        files: [{ name: f.name, text, kindOverride }],
      };
    }
    case 'secret': {
      // a random template and perturbation; tried again when the perturbation does not apply to the template
      for (let k = 0; ; k++) {
        const c = secretCase(seed, index * 64 + k, r.pick(SECRET_TEMPLATE_NAMES), r.pick(SECRET_PERTURBATION_NAMES));
        if (c) return { ...c, index };
      }
    }
    default: {
      const make = SYNTHETIC[shape];
      if (!make) throw new Error(`no shape ${shape}`);
      const built = make(r, scale);
      return { ...base, shape: built.shape, detail: built.detail, files: built.files, secrets: built.secrets ?? [] };
    }
  }
}

/** Cases `from` .. `from + count - 1` of a seed. */
export function* generateCases(
  seed: number,
  count: number,
  options: GenerateOptions = {},
  from = 0,
): Generator<FuzzCase, void, undefined> {
  for (let i = from; i < from + count; i++) yield generateCase(seed, i, options);
}
