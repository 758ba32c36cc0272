/**
 * Workspace step after each file is read: every secret value written in it becomes a span in the model
 * (SourceDocument.secrets: kind, label, range, length, placeholder or not; never the value), driven by the facts of
 * content/secrets.yaml. Pure: it reads the documents the parsers produced (their flags with `valueRange`, their
 * fields with `path` and `valueRange`) and the file's text, and returns new documents only where it found something.
 *
 * Located, in this order (a span that overlaps one already recorded is not recorded twice):
 *   1. flags whose value is a secret (`--token`, `--certificate-key`, `--discovery-token` ...), in any document;
 *   2. fields of YAML documents by their `kind:` (kubeadm bootstrap tokens and certificate keys,
 *      EncryptionConfiguration keys, kubeconfig credentials: these refine the kind of the parser's own span);
 *   3. environment variables whose name says secret (`KUBELET_TOKEN`) and whose value is no path: systemd
 *      `Environment=`, environment files, Pod and exec `env:` lists;
 *   4. the text of the file: secret flags no parser made a flag of (`kubeadm join ... --token x` in `ps` output or
 *      pasted alone) and secrets in command output (`[bootstrap-token] Using token: x`);
 *   5. a static token or basic auth CSV file (`token,user,uid,"groups"`) that no parser reads.
 * Spans found in text no document covers are listed by the nearest document before them; a file without documents
 * gets a document of kind `unknown` to hold them.
 */
import { message } from '../../model/message';
import type { Diagnostic, IngestedFile, SecretInfo, SourceDocument, SourceRange } from '../../model/types';
import type {
  IngestFacts,
  SecretCsvFile,
  SecretFacts,
  SecretField,
  SecretPattern,
  SecretRule,
} from '../../model/components';
import { documentDefaults } from '../../model/document';
import { documentId, type FileId } from '../../model/span';

interface Compiled {
  bootstrap: RegExp | null;
  fields: Map<string, { re: RegExp; field: SecretField }[]>;
  envNames: { re: RegExp; rule: SecretPattern }[];
  envExcept: RegExp[];
  notSecret: RegExp[];
  placeholders: RegExp[];
  /** Global, with indices: group 1 is the secret. */
  text: { re: RegExp; rule: SecretPattern }[];
  /** `--name=value` / `--name value` of the secret flags; group 1 the name, group 2 the value. */
  flagScan: RegExp | null;
  csv: { re: RegExp | null; file: SecretCsvFile }[];
}

const compiledFacts = new WeakMap<SecretFacts, Compiled>();

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A field path pattern: `*` is one key. */
function pathPattern(path: string): RegExp {
  return new RegExp(`^${path.split('*').map(escapeRe).join('[^.\\[\\]]+')}$`);
}

function compile(facts: SecretFacts): Compiled {
  let c = compiledFacts.get(facts);
  if (c) return c;
  const names = [...facts.flags.keys()].sort((a, b) => b.length - a.length).map(escapeRe);
  c = {
    bootstrap: facts.bootstrapToken ? new RegExp(facts.bootstrapToken) : null,
    fields: new Map(
      [...facts.fields].map(([kind, list]) => [kind, list.map((field) => ({ re: pathPattern(field.path), field }))]),
    ),
    envNames: facts.environment.names.map((rule) => ({ re: new RegExp(rule.pattern, 'i'), rule })),
    envExcept: facts.environment.except.map((p) => new RegExp(p, 'i')),
    notSecret: facts.environment.notSecret.map((p) => new RegExp(p)),
    placeholders: facts.placeholders.map((p) => new RegExp(p)),
    text: facts.text.map((rule) => ({ re: new RegExp(rule.pattern, 'gmd'), rule })),
    flagScan:
      names.length === 0
        ? null
        : new RegExp(
            `(?<![\\w-])--(${names.join('|')})(?:=|[ \\t]+)("[^"\\n]*"|'[^'\\n]*'|[^\\s"'\`,;\\\\)\\]}]+)`,
            'gd',
          ),
    csv: facts.csvFiles.map((file) => ({ re: file.pattern === null ? null : new RegExp(file.pattern, 'i'), file })),
  };
  compiledFacts.set(facts, c);
  return c;
}

/** The range without one pair of quotes around it. */
function unquoted(text: string, r: SourceRange): SourceRange {
  const a = text[r.start];
  if (r.end - r.start >= 2 && (a === '"' || a === "'") && text[r.end - 1] === a)
    return { start: r.start + 1, end: r.end - 1 };
  return r;
}

const overlaps = (a: SourceRange, b: SourceRange) => a.start < b.end && b.start < a.end;

/** The secret of a document whose span overlaps `range` in file `fileId` (the document's own file by default). */
export function secretOverlapping(
  doc: Pick<SourceDocument, 'fileId' | 'secrets'>,
  fileId: string,
  range: SourceRange | null,
): SecretInfo | null {
  if (!range || !doc.secrets) return null;
  return doc.secrets.find((s) => (s.fileId ?? doc.fileId) === fileId && overlaps(s.range, range)) ?? null;
}

/** What a new span is found from. */
interface Found {
  rule: SecretRule;
  label: string;
  /** The value's range, with quotes when it is quoted. */
  range: SourceRange;
  /** Set when the span is in another file than the document's. */
  fileId?: FileId;
  /** Field rules set the kind of a span a parser recorded for the same value. */
  refines?: boolean;
}

/** Collects the secrets of one document: the parser's, then new ones, never two over the same text. */
class Collector {
  readonly secrets: SecretInfo[];
  changed = false;

  constructor(
    private readonly doc: SourceDocument,
    private readonly c: Compiled,
    private readonly textOf: (fileId: string) => string | undefined,
  ) {
    this.secrets = [...(doc.secrets ?? [])];
  }

  add(f: Found): void {
    const fileId = f.fileId && f.fileId !== this.doc.fileId ? f.fileId : undefined;
    const text = this.textOf(fileId ?? this.doc.fileId);
    if (text === undefined || f.range.end > text.length) return;
    const range = unquoted(text, f.range);
    const value = text.slice(range.start, range.end);
    if (value.trim() === '') return;
    let kind = f.rule.kind;
    if (kind === 'token' && this.c.bootstrap?.test(value)) kind = 'bootstrap-token';
    const i = this.secrets.findIndex(
      (s) => (s.fileId ?? this.doc.fileId) === (fileId ?? this.doc.fileId) && overlaps(s.range, range),
    );
    const existing = i >= 0 ? this.secrets[i] : undefined;
    if (existing) {
      // a value wrapped onto the next line (found line by line) is longer than what the parser read: take it whole
      const wider = !existing.fileId && range.start <= existing.range.start && range.end > existing.range.end;
      if ((f.refines && existing.kind !== kind) || wider) {
        this.secrets[i] = {
          ...existing,
          ...(f.refines ? { kind } : {}),
          ...(wider ? { range, length: value.length } : {}),
        };
        this.changed = true;
      }
      return;
    }
    this.secrets.push({
      kind,
      label: f.label,
      range,
      ...(fileId ? { fileId } : {}),
      algorithm: null,
      size: null,
      curve: null,
      length: value.length,
      redacted: this.c.placeholders.some((re) => re.test(value)),
    });
    this.changed = true;
  }

  document(): SourceDocument {
    if (!this.changed) return this.doc;
    return { ...this.doc, secrets: [...this.secrets].sort((a, b) => a.range.start - b.range.start) };
  }
}

function envRule(c: Compiled, name: string): SecretPattern | null {
  if (c.envExcept.some((re) => re.test(name))) return null;
  return c.envNames.find((e) => e.re.test(name))?.rule ?? null;
}

/** `A=b "C=d e" F='g'` as systemd's Environment= writes it: each assignment's name and value range. */
export function environmentAssignments(text: string, range: SourceRange): { name: string; value: SourceRange }[] {
  const out: { name: string; value: SourceRange }[] = [];
  let i = range.start;
  while (i < range.end) {
    while (i < range.end && /\s/.test(text[i] ?? '')) i++;
    if (i >= range.end) break;
    const start = i;
    const q = text[i];
    if (q === '"' || q === "'") {
      // a whole quoted assignment: "NAME=value with spaces"
      let j = i + 1;
      while (j < range.end && text[j] !== q) j += text[j] === '\\' && q === '"' ? 2 : 1;
      const inner = text.slice(i + 1, Math.min(j, range.end));
      const eq = inner.indexOf('=');
      if (eq > 0) out.push({ name: inner.slice(0, eq), value: { start: i + 2 + eq, end: Math.min(j, range.end) } });
      i = j + 1;
      continue;
    }
    // NAME=value or NAME="value with spaces"
    let j = i;
    while (j < range.end && !/\s/.test(text[j] ?? '')) {
      const ch = text[j];
      if (ch === '"' || ch === "'") {
        j++;
        while (j < range.end && text[j] !== ch) j++;
      }
      j++;
    }
    j = Math.min(j, range.end);
    const word = text.slice(start, j);
    const eq = word.indexOf('=');
    if (eq > 0) out.push({ name: word.slice(0, eq), value: { start: start + eq + 1, end: j } });
    i = j;
  }
  return out;
}

function envFound(c: Compiled, text: string, name: string, value: SourceRange, label: string): Found | null {
  const rule = envRule(c, name);
  if (!rule) return null;
  const r = unquoted(text, value);
  const v = text.slice(r.start, r.end);
  if (c.notSecret.some((re) => re.test(v))) return null;
  return { rule, label: rule.label ?? label, range: value };
}

/** Steps 1-3 for one document. */
function documentStep(doc: SourceDocument, facts: SecretFacts, c: Compiled, col: Collector, text: string): void {
  // 1. flags
  for (const f of doc.flags) {
    if (f.value === null || !f.valueRange) continue;
    const rule = facts.flags.get(f.name) ?? facts.flags.get(f.name.replace(/_/g, '-'));
    if (rule) col.add({ rule, label: rule.label ?? `--${f.name}`, range: f.valueRange, fileId: f.fileId });
  }
  // 2. fields by the document's kind
  const yamlKind = doc.fields.find((f) => f.path === 'kind')?.value ?? facts.documentKinds.get(doc.kind) ?? null;
  const rules = yamlKind === null ? undefined : c.fields.get(yamlKind);
  if (rules) {
    for (const f of doc.fields) {
      if (f.value === null || !f.valueRange) continue;
      const hit = rules.find((r) => r.re.test(f.path));
      if (hit) col.add({ rule: hit.field, label: hit.field.label ?? f.path, range: f.valueRange, refines: true });
    }
  }
  // 3. environment variables
  const pending = new Map<string, { name?: string; value?: SourceRange }>();
  for (const f of doc.fields) {
    if (!f.valueRange || f.value === null) continue;
    if (doc.kind === 'systemd-unit' && /(^|\.)Environment$/.test(f.path)) {
      for (const a of environmentAssignments(text, f.valueRange)) {
        const found = envFound(c, text, a.name, a.value, `Environment=${a.name}`);
        if (found) col.add(found);
      }
    } else if (doc.kind === 'env-file' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(f.path)) {
      const found = envFound(c, text, f.path, f.valueRange, f.path);
      if (found) col.add(found);
    } else {
      const m = /^(.*\benv\[\])\.(name|value)$/.exec(f.path);
      if (!m?.[1]) continue;
      const item = pending.get(m[1]) ?? {};
      if (m[2] === 'name') item.name = f.value;
      else item.value = f.valueRange;
      if (item.name !== undefined && item.value) {
        const found = envFound(c, text, item.name, item.value, `env ${item.name}`);
        if (found) col.add(found);
        pending.delete(m[1]);
      } else pending.set(m[1], item);
    }
  }
}

/** Step 4: secrets in the text of a file, wherever they are. */
function textSecrets(text: string, c: Compiled, facts: SecretFacts): Found[] {
  const out: Found[] = [];
  if (c.flagScan) {
    c.flagScan.lastIndex = 0;
    for (const m of text.matchAll(c.flagScan)) {
      const name = m[1] ?? '';
      const at = m.indices?.[2];
      const rule = facts.flags.get(name);
      if (!at || !rule || (m[2] ?? '').startsWith('-')) continue;
      out.push({ rule, label: rule.label ?? `--${name}`, range: { start: at[0], end: at[1] } });
    }
  }
  for (const { re, rule } of c.text) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      const at = m.indices?.[1];
      if (at && at[1] > at[0]) out.push({ rule, label: rule.label ?? rule.kind, range: { start: at[0], end: at[1] } });
    }
  }
  return out;
}

/** The keys whose value is a secret in some document kind: the last part of every field rule's path. */
function secretKeys(c: Compiled): Map<string, SecretField> {
  const keys = new Map<string, SecretField>();
  for (const list of c.fields.values())
    for (const { field } of list) {
      const key = field.path.split('.').pop()?.replace(/\[\]$/, '') ?? '';
      if (key && key !== '*' && !keys.has(key)) keys.set(key, field);
    }
  return keys;
}

const LINE_KEY = /^[ \t]*(?:-[ \t]+)?["']?([A-Za-z][\w-]*)["']?[ \t]*:[ \t]*/;
/** A wrapped piece of a long value: one word of base64, token or hex characters on a line of its own. */
const CONTINUATION = /^[ \t]*[A-Za-z0-9+/=._~-]{4,}[ \t]*\r?$/;

/** The value after `key:` on one line: without a trailing comma (JSON) or comment; null for none or a nested one. */
function lineValue(line: string, from: number): { start: number; end: number } | null {
  let end = line.length;
  if (line.endsWith('\r')) end--;
  const hash = line.indexOf(' #', from);
  if (hash >= 0) end = hash;
  while (end > from && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
  if (end > from && line[end - 1] === ',') end--;
  if (end <= from) return null;
  const first = line[from];
  if (first === '|' || first === '>' || first === '{' || first === '[' || first === '&' || first === '*') return null;
  return { start: from, end };
}

/**
 * Step 6: YAML or JSON that the parser could not read (a wrapped line, a broken indentation, two formats glued):
 * `key: value` lines whose key holds a secret in some document kind, and `value:` lines of an `env` item whose name
 * says secret, found line by line. A value wrapped onto the next lines (a mail or chat client's wrap) is taken whole.
 */
function lineSecrets(text: string, c: Compiled): Found[] {
  const keys = secretKeys(c);
  const out: Found[] = [];
  let envName: { name: string; line: number } | null = null;
  let lineNo = 0;
  for (let i = 0; i <= text.length; lineNo++) {
    const nl = text.indexOf('\n', i);
    const end = nl === -1 ? text.length : nl;
    const line = text.slice(i, end);
    const m = LINE_KEY.exec(line);
    if (m?.[1]) {
      const key = m[1];
      const v = lineValue(line, m[0].length);
      const field = keys.get(key);
      let rule: SecretRule | null = field ?? null;
      let label = field?.label ?? key;
      if (key === 'name' && v) envName = { name: line.slice(v.start, v.end).replace(/^["']|["']$/g, ''), line: lineNo };
      else if (key === 'value' && v && envName && lineNo - envName.line <= 3) {
        const env = envRule(c, envName.name);
        if (env) {
          rule = env;
          label = env.label ?? `env ${envName.name}`;
        }
        envName = null;
      }
      const written = v ? line.slice(v.start, v.end).replace(/^["']|["']$/g, '') : '';
      if (rule && v && !c.notSecret.some((re) => re.test(written))) {
        let stop = i + v.end;
        // the value's wrapped rest: following lines of one word, no key, no list item
        let j = end + 1;
        for (let n = 0; n < 50 && j < text.length; n++) {
          const nl2 = text.indexOf('\n', j);
          const e2 = nl2 === -1 ? text.length : nl2;
          const next = text.slice(j, e2);
          if (!CONTINUATION.test(next) || next.trimStart().startsWith('-')) break;
          stop = j + next.trimEnd().length;
          j = e2 + 1;
        }
        out.push({ rule, label, range: { start: i + v.start, end: stop } });
      }
    }
    if (nl === -1) break;
    i = nl + 1;
  }
  return out;
}

/** Whether a file's YAML was not read as written: a syntax error, or text no parser recognised. */
function unreadYaml(ingested: IngestedFile): boolean {
  if (ingested.kind === 'unknown' || ingested.documents.length === 0) return true;
  const broken = (d: Diagnostic) => d.code === 'yaml-syntax' && d.severity === 'error';
  return (
    ingested.diagnostics.some(broken) ||
    ingested.documents.some((d) => d.kind === 'unknown' || d.diagnostics.some(broken))
  );
}

/** One CSV cell's range starting at `i` (quoted or not) and where the next starts. */
function csvCell(line: string, i: number): { start: number; end: number; next: number } {
  if (line[i] === '"') {
    let j = i + 1;
    while (j < line.length && !(line[j] === '"' && line[j + 1] !== '"')) j += line[j] === '"' ? 2 : 1;
    const k = line.indexOf(',', j);
    return { start: i, end: Math.min(j + 1, line.length), next: k < 0 ? line.length + 1 : k + 1 };
  }
  const k = line.indexOf(',', i);
  const end = k < 0 ? line.length : k;
  return { start: i, end, next: k < 0 ? line.length + 1 : k + 1 };
}

/** Step 5: `secret,user,uid[,"groups"]` lines; null when the text is not such a file. */
function csvSecrets(
  text: string,
  fileName: string,
  c: Compiled,
): { file: SecretCsvFile; found: Found[]; range: SourceRange } | null {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const file = c.csv.find((x) => x.re === null || x.re.test(base))?.file;
  if (!file) return null;
  const found: Found[] = [];
  let offset = 0;
  let first = -1;
  let last = 0;
  let lineNo = 0;
  for (const raw of text.split('\n')) {
    lineNo++;
    const line = raw.replace(/\r$/, '');
    const start = offset;
    offset += raw.length + 1;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const cells: { start: number; end: number }[] = [];
    for (let i = 0; i <= line.length && cells.length < 4;) {
      const cell = csvCell(line, i);
      let { start: a, end: b } = cell;
      while (a < b && /\s/.test(line[a] ?? '')) a++;
      while (b > a && /\s/.test(line[b - 1] ?? '')) b--;
      cells.push({ start: a, end: b });
      i = cell.next;
    }
    const [secret, user, uid] = cells;
    const cellText = (x: { start: number; end: number } | undefined) => (x ? line.slice(x.start, x.end) : '');
    if (!secret || cells.length < 3 || /\s/.test(cellText(secret)) || cellText(secret) === '') return null;
    if (cellText(user) === '' || cellText(uid) === '') return null;
    if (first < 0) first = start;
    last = start + line.length;
    found.push({
      rule: { kind: file.kind, label: null },
      label: `${file.secret} of ${cellText(user).replace(/^"|"$/g, '')} (line ${lineNo})`,
      range: { start: start + secret.start, end: start + secret.end },
    });
  }
  return found.length === 0 ? null : { file, found, range: { start: first, end: last } };
}

/** The document that lists a span found in the text: the one it is in, else the nearest before it, else the first. */
function holderOf(docs: readonly SourceDocument[], fileId: string, at: number): number {
  let inside = -1;
  let before = -1;
  let first = -1;
  docs.forEach((d, i) => {
    if (d.fileId !== fileId) return;
    if (first < 0) first = i;
    if (inside < 0 && d.range.start <= at && at < d.range.end) inside = i;
    if (d.range.start <= at && (before < 0 || (docs[before]?.range.start ?? 0) <= d.range.start)) before = i;
  });
  return inside >= 0 ? inside : before >= 0 ? before : first;
}

function contentRange(text: string): SourceRange {
  const start = Math.max(0, text.search(/\S/));
  return { start, end: text.trimEnd().length };
}

export interface SecretsInput {
  /** The text of a workspace file by id (the file itself and the env files its units expand). */
  textOf: (fileId: string) => string | undefined;
  /**
   * Secrets recorded in other files' documents, by file id: a flag that came through `$VAR` from an env file is
   * secret when its value is a secret there.
   */
  foreignSecrets?: (fileId: string) => readonly SecretInfo[];
}

/** The file with the secrets of every document located. Returns `ingested` itself when nothing new was found. */
export function locateSecrets(ingested: IngestedFile, facts: IngestFacts, input: SecretsInput): IngestedFile {
  const text = input.textOf(ingested.fileId);
  if (text === undefined) return ingested;
  // refused files (too large, binary, empty) are not read at all
  if (ingested.diagnostics.some((d) => d.code === 'too-large' || d.code === 'binary-data' || d.code === 'empty-file'))
    return ingested;
  const sf = facts.secrets;
  const c = compile(sf);
  const collectors = ingested.documents.map((doc) => {
    const col = new Collector(doc, c, input.textOf);
    documentStep(doc, sf, c, col, text);
    // flags written in another file: secret when they overlap a secret recorded there
    for (const f of doc.flags) {
      if (f.fileId === doc.fileId || !f.valueRange || !input.foreignSecrets) continue;
      const there = input.foreignSecrets(f.fileId).find((s) => !s.fileId && overlaps(s.range, f.valueRange!));
      if (there) col.add({ rule: there, label: there.label, range: f.valueRange, fileId: f.fileId });
    }
    return col;
  });
  let documents = ingested.documents;
  let diagnostics: Diagnostic[] = ingested.diagnostics;
  const csv = documents.length === 0 && ingested.kind === 'unknown' ? csvSecrets(text, ingested.name, c) : null;
  const stray = csv ? csv.found : textSecrets(text, c, sf);
  if (!csv && unreadYaml(ingested)) stray.push(...lineSecrets(text, c));
  if (csv) {
    // a token or password file: a document of its own, instead of "not recognised"
    const doc: SourceDocument = {
      id: documentId(ingested.fileId, 0),
      fileId: ingested.fileId,
      index: 0,
      kind: 'unknown',
      label: `${csv.file.document} ${ingested.name.split(/[\\/]/).pop() ?? ingested.name}`,
      range: csv.range,
      ...documentDefaults(),
      diagnostics: [
        {
          severity: 'info',
          code: 'secrets-file',
          message: message('ingest.secrets-file', {
            document: csv.file.document.toLowerCase(),
            count: csv.found.length,
            secret: csv.file.secret,
          }),
          range: { start: csv.range.start, end: Math.min(csv.range.end, csv.range.start + 1) },
        },
      ],
    };
    collectors.push(new Collector(doc, c, input.textOf));
    diagnostics = diagnostics.filter((d) => d.code !== 'unknown-format');
  } else if (stray.length > 0 && collectors.length === 0) {
    collectors.push(
      new Collector(
        {
          id: documentId(ingested.fileId, 0),
          fileId: ingested.fileId,
          index: 0,
          kind: 'unknown',
          label: 'Unrecognised text',
          range: contentRange(text),
          ...documentDefaults(),
        },
        c,
        input.textOf,
      ),
    );
  }
  const created = collectors.length > ingested.documents.length;
  const docs = collectors.map((col) => col.document());
  for (const found of stray) {
    const at = holderOf(docs, ingested.fileId, found.range.start);
    const col = collectors[at];
    if (!col) continue;
    // a span another document of the file already lists is not listed again
    const elsewhere = docs.some(
      (d, i) =>
        i !== at &&
        (d.secrets ?? []).some((s) => (s.fileId ?? d.fileId) === ingested.fileId && overlaps(s.range, found.range)),
    );
    if (!elsewhere) col.add(found);
  }
  documents = collectors.map((col) => col.document());
  if (!created && documents.every((d, i) => d === ingested.documents[i])) return ingested;
  return { ...ingested, documents, diagnostics };
}
