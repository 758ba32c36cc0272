/**
 * Property-based: every parser, fed random text and mutated real inputs, never throws and returns
 * documents or diagnostics whose ranges lie inside the text. So does the workspace step.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { file as workspaceFile, fixture } from '../helpers';
import { facts, NOW } from './ingest-helpers';
import { certificatesOf } from '../../src/model/document';
import { PARSERS, detectKind, ingestFile } from '../../src/ingest';
import { resolveEnvironment } from '../../src/ingest/workspace/expandEnv';
import type { SourceDocument, SourceRange, WorkspaceFile } from '../../src/model/types';

const fixturesDir = fileURLToPath(new URL('../fixtures/', import.meta.url));
/** `format/file` of every fixture file one folder down (a fake node root's subfolders are not inputs). */
const FIXTURE_PATHS: string[] = readdirSync(fixturesDir).flatMap((dir) =>
  readdirSync(`${fixturesDir}${dir}`, { withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => `${dir}/${f.name}`),
);
const FIXTURES: string[] = FIXTURE_PATHS.map((p) => fixture(p));

/** Text mutations that real pastes suffer: cut, spliced, CRLF, BOM, tabs, stray quotes and backslashes. */
const mutated = fc
  .tuple(
    fc.constantFrom(...FIXTURES),
    fc.array(
      fc.oneof(
        fc.record({ op: fc.constant('cut' as const), at: fc.nat(), len: fc.nat({ max: 40 }) }),
        fc.record({
          op: fc.constant('insert' as const),
          at: fc.nat(),
          s: fc.constantFrom(
            '"',
            "'",
            '\\',
            '\\\n',
            '\n',
            '\r\n',
            '\t',
            '$',
            '${',
            '#',
            '=',
            '--',
            ': ',
            '- ',
            '[',
            ']',
            '{',
            '}',
            '\uFEFF',
            '注释',
            '-----BEGIN CERTIFICATE-----\n',
            '-----END CERTIFICATE-----',
            'LS0tLS1CRUdJTi',
            '├── ',
          ),
        }),
        fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
        fc.record({ op: fc.constant('crlf' as const) }),
      ),
      { maxLength: 6 },
    ),
  )
  .map(([text, ops]) => {
    let t = text;
    for (const o of ops) {
      const at = 'at' in o ? o.at % (t.length + 1) : 0;
      if (o.op === 'cut') t = t.slice(0, at) + t.slice(at + o.len);
      else if (o.op === 'insert') t = t.slice(0, at) + o.s + t.slice(at);
      else if (o.op === 'truncate') t = t.slice(0, at);
      else t = t.replace(/\r?\n/g, '\r\n');
    }
    return t;
  });

const inside = (r: SourceRange, len: number) => r.start >= 0 && r.end >= r.start && r.end <= len;

function checkDocument(doc: SourceDocument, file: WorkspaceFile): void {
  const len = file.text.length;
  expect(inside(doc.range, len), `document range of ${doc.label}`).toBe(true);
  for (const d of doc.diagnostics) expect(inside(d.range, len), `diagnostic ${d.code}`).toBe(true);
  for (const f of doc.flags) {
    if (f.fileId !== file.id) continue;
    expect(inside(f.nameRange, len), `flag ${f.name}`).toBe(true);
    if (f.valueRange) expect(inside(f.valueRange, len), `value of ${f.name}`).toBe(true);
  }
  for (const f of doc.fields) expect(inside(f.keyRange, len), `field ${f.path}`).toBe(true);
  for (const c of certificatesOf(doc)) expect(inside(c.range, len)).toBe(true);
  for (const s of doc.secrets ?? []) expect(inside(s.range, len)).toBe(true);
  if (doc.kind === 'listeners')
    for (const l of doc.listeners) expect(inside(l.range, len) && inside(l.addressRange, len)).toBe(true);
  if (doc.kind === 'pki-listing') for (const p of doc.pkiFiles) expect(inside(p.range, len)).toBe(true);
}

const comps = await facts();

function runEveryParser(text: string): void {
  const file: WorkspaceFile = workspaceFile('input', text, 'p');
  for (const parser of PARSERS) {
    const score = parser.detect(text, file.name, comps);
    expect(score >= 0 && score <= 1, `${parser.kind} detect score ${score}`).toBe(true);
    const { documents, diagnostics } = parser.parse({ ...comps, file, now: NOW });
    if (text.trim() !== '')
      expect(documents.length + diagnostics.length, `${parser.kind} said nothing`).toBeGreaterThan(0);
    for (const d of diagnostics) expect(inside(d.range, text.length)).toBe(true);
    for (const doc of documents) checkDocument(doc, file);
  }
}

/** What a file says, without positions: for comparing two spellings of the same file. */
function summary(file: WorkspaceFile) {
  const r = ingestFile(file, comps, { now: NOW });
  return {
    kind: r.kind,
    documents: r.documents.map((d) => ({
      kind: d.kind,
      component: d.component,
      flags: d.flags.map((f) => [f.name, f.value?.replace(/\r/g, '')]),
      certificates: certificatesOf(d).map((c) => c.fingerprintSha256),
      listeners: d.kind === 'listeners' ? d.listeners.map((l) => `${l.address}:${l.port}`) : undefined,
      files: d.kind === 'pki-listing' ? d.pkiFiles.map((f) => f.path) : undefined,
      contexts: d.kind === 'kubeconfig' ? d.kubeconfig.contexts.map((c) => c.name) : undefined,
    })),
  };
}

describe('every format reads the same with a UTF-8 BOM and CRLF line ends', () => {
  it.each(FIXTURE_PATHS)('%s', (path) => {
    const text = fixture(path);
    const plain = summary(workspaceFile(path, text, 'a'));
    const windows = summary(workspaceFile(path, `\uFEFF${text.replace(/\n/g, '\r\n')}`, 'a'));
    expect(windows).toEqual(plain);
  });
});

// Hundreds of generated inputs through every parser: seconds, more on a busy machine than vitest's 5 s default.
describe('every parser on any input', { timeout: 30_000 }, () => {
  it('random text', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(
            'a',
            'Z',
            '0',
            ' ',
            '\t',
            '\n',
            '\r',
            '-',
            '=',
            '"',
            "'",
            '\\',
            '$',
            '{',
            '}',
            ':',
            '#',
            '[',
            ']',
            '/',
            '.',
            ',',
            '注',
            '\uFEFF',
          ),
          maxLength: 300,
        }),
        (text) => {
          runEveryParser(text);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('mutated real inputs (every fixture)', () => {
    fc.assert(
      fc.property(mutated, (text) => runEveryParser(text)),
      { numRuns: 200 },
    );
  });

  it('whole-file ingest (with mixed-paste splitting) of mutated fixtures glued together with prose', () => {
    const prose = fc.constantFrom(
      '\n',
      '\n下面是配置文件:\n',
      '\nThen run:\n',
      '\n~~~\n',
      '\n[root@w1 ~]# cat /etc/kubernetes/x\n',
      '\n---\n',
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(mutated, prose), { minLength: 1, maxLength: 4 }), (parts) => {
        const text = parts.map(([t, p]) => t + p).join('');
        const file: WorkspaceFile = workspaceFile('paste', text, 'm');
        const r = ingestFile(file, comps, { now: NOW });
        expect(r.diagnostics.filter((d) => d.code === 'internal-error')).toEqual([]);
        for (const d of r.diagnostics) expect(inside(d.range, text.length)).toBe(true);
        for (const doc of r.documents) checkDocument(doc, file);
        for (const p of r.parts ?? []) expect(inside(p.range, text.length)).toBe(true);
        expect(new Set(r.documents.map((d) => d.id)).size).toBe(r.documents.length);
      }),
      { numRuns: 80 },
    );
  });

  it('the detected parser and the workspace step on mutated unit + env file pairs', () => {
    const unit = fc.constantFrom(
      fixture('systemd/seed001-kube-apiserver.service'),
      fixture('systemd/seed004-10-kubeadm.conf'),
    );
    fc.assert(
      fc.property(unit, mutated, (u, e) => {
        const files: WorkspaceFile[] = [
          workspaceFile('kube-apiserver.service', u, 'u'),
          workspaceFile('etc/kubernetes/apiserver', e, 'e', { kindOverride: 'env-file' }),
        ];
        const ingested = resolveEnvironment(
          files.map((f) => ingestFile(f, comps, { now: NOW })),
          files,
          comps,
        );
        for (const ing of ingested) {
          for (const doc of ing.documents) {
            const own = files.find((f) => f.id === doc.fileId);
            if (own) checkDocument(doc, own);
            for (const fl of doc.flags) {
              const where = files.find((f) => f.id === fl.fileId);
              expect(where).toBeDefined();
              expect(inside(fl.nameRange, where!.text.length)).toBe(true);
            }
          }
        }
        expect(detectKind(files[0]!, comps).parser?.kind).toBeDefined();
      }),
      { numRuns: 60 },
    );
  });
});
