/**
 * Messages as codes: the pure stages carry { code, params }, the words live in content/<lang>/messages.yaml and
 * rules.yaml. No user-facing English sentence may sit in the code of a pure stage, and every code has its words.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { MESSAGE_CODES, RULE_IDS } from '../../src/generated/ids';
import { loadMessageCatalogue } from '../../src/present/analysis';
import { fillTemplate, renderMessage } from '../../src/present/messages';
import { message } from '../../src/model/message';
import { analysePresented, file, loadKnowledgeBase, repoRoot } from '../helpers';

/** Stages whose output reaches users; knowledge/ reports content problems to developers, in English on purpose. */
const PURE_STAGES = ['model', 'util', 'ingest', 'annotate', 'analysis', 'pipeline'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.tsx?$/.test(n) ? [p] : [];
  });
}

/**
 * Short noun phrases the model still holds as English text: document labels and version sources (`kubeadm init
 * output`). They name things rather than say something; issue 18 (zh-CN) turns them into label codes.
 */
const NAMES_NOT_SENTENCES = new Set([
  'src/ingest/formats/pem.ts encrypted private key',
  'src/ingest/formats/pem.ts Certificate signing request',
  'src/ingest/formats/pkiListing.ts kubeadm init output',
  "src/ingest/formats/pkiListing.ts `${fromInit ? 'kubeadm init output' : 'file listing'} (${countLabel(files)})`",
]);

/**
 * String and template literals that read like a sentence (three words or more), outside `new Error(...)` and
 * outside comparisons (`m[2] === 'key and public key'` matches the input, it says nothing).
 */
function sentences(name: string, text: string): string[] {
  const sf = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    const parent = node.parent;
    const inError =
      (ts.isNewExpression(parent) && ts.isIdentifier(parent.expression) && parent.expression.text === 'Error') ||
      (ts.isBinaryExpression(parent) &&
        [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(
          parent.operatorToken.kind,
        ));
    const isText =
      ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node);
    if (isText && !inError && !ts.isImportDeclaration(parent) && !ts.isExportDeclaration(parent)) {
      const literal = ts.isTemplateExpression(node) ? node.getText(sf) : node.text;
      if (
        /[A-Za-z]{2,}[ ,;:]+[a-z]{2,}[ ,;:]+[a-z]{2,}/.test(literal) &&
        !NAMES_NOT_SENTENCES.has(`${name} ${literal}`)
      )
        out.push(`${name}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${literal}`);
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(sf, visit);
  return out;
}

describe('messages as codes', () => {
  it('no user-facing English literal in the pure stages', () => {
    const found = PURE_STAGES.flatMap((stage) =>
      sourceFiles(join(repoRoot, 'src', stage)).flatMap((f) =>
        sentences(relative(repoRoot, f), readFileSync(f, 'utf8')),
      ),
    );
    expect(found).toEqual([]);
  });

  it('the scan finds sentences, in strings and templates (it is not vacuous)', () => {
    const code = [
      'const a = `"${value}" is not a boolean; use true or false.`;',
      "const b = { message: 'This file is empty: paste a manifest' };",
      "const ok = ['kube-apiserver', 'value.not-bool', '--etcd-servers=https://x'];",
      "throw new Error('cannot happen at all');",
    ].join('\n');
    expect(sentences('probe.ts', code).map((s) => s.split(' ')[0])).toEqual(['probe.ts:1', 'probe.ts:2']);
  });

  it('every message code and rule has English words, and every placeholder is filled', async () => {
    const kb = await loadKnowledgeBase();
    const catalogue = await loadMessageCatalogue(kb);
    for (const code of MESSAGE_CODES) expect(catalogue.messages[code], code).toBeTruthy();
    for (const rule of RULE_IDS) {
      expect(catalogue.rules[rule]?.title, rule).toBeTruthy();
      expect(catalogue.rules[rule]?.message, rule).toBeTruthy();
    }
  });

  it('renders nested messages and lists in the language', async () => {
    const catalogue = await loadMessageCatalogue(await loadKnowledgeBase());
    const m = message('value.not-allowed', { value: 'x', known: { list: ['a', 'b'], join: 'comma' } });
    expect(renderMessage(catalogue, m)).toBe('"x" is not allowed; known values: a, b.');
    expect(fillTemplate(catalogue, 'Did you mean {s}?', { s: { list: ['--a', '--b'], join: 'or' } })).toBe(
      'Did you mean --a or --b?',
    );
    expect(
      fillTemplate(catalogue, '{outer}', { outer: message('finding.fix-replace-flag', { replacement: 'y' }) }),
    ).toBe('Replace it with --y.');
    expect(fillTemplate(catalogue, '{missing}', {})).toBe('{missing}');
    // Chinese: a、b 和 c, the last two apart (Intl runs `b和c` together)
    const zh = { ...catalogue, language: 'zh-CN' };
    expect(fillTemplate(zh, '{s}', { s: { list: ['a.yaml', 'b.yaml', 'c.yaml'], join: 'and' } })).toBe(
      'a.yaml、b.yaml 和 c.yaml',
    );
    expect(fillTemplate(zh, '{s}', { s: { list: ['--a', '--b'], join: 'or' } })).toBe('--a 或 --b');
    expect(fillTemplate(zh, '{s}', { s: { list: ['--a'], join: 'or' } })).toBe('--a');
    // a plain list (the audit's CIS ids) with the Chinese enumeration comma, English keeps `, `
    expect(fillTemplate(zh, '{s}', { s: { list: ['cis-1.11 1.2.1', 'cis-1.11 1.2.5'], join: 'comma' } })).toBe(
      'cis-1.11 1.2.1、cis-1.11 1.2.5',
    );
    expect(fillTemplate(catalogue, '{s}', { s: { list: ['1.2.1', '1.2.5'], join: 'comma' } })).toBe('1.2.1, 1.2.5');
    // the template's spaces beside a placeholder stay beside Latin text, not between Chinese characters
    expect(fillTemplate(zh, '已由 {r} 取代', { r: '--bind-address' })).toBe('已由 --bind-address 取代');
    expect(fillTemplate(zh, '已由 {r} 取代', { r: '外部的 cloud-controller-manager' })).toBe(
      '已由外部的 cloud-controller-manager 取代',
    );
    expect(fillTemplate(zh, '已由 {r} 取代', { r: '/openapi/v2 和 /openapi/v3 端点' })).toBe(
      '已由 /openapi/v2 和 /openapi/v3 端点取代',
    );
  });

  it('findings of a broken manifest are fully worded', async () => {
    const kb = await loadKnowledgeBase();
    const text = `apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver}
spec:
  containers:
  - command: [kube-apiserver, --insecure-port=0, --etcd-serverz=x, --profiling=maybe, --etcd-servers=y, --etcd-servers=z, --secure-port=1, --secure-port=2, --feature-gates=A=yes]
    image: registry.k8s.io/kube-apiserver:v1.31.0
`;
    const a = await analysePresented([file('kube-apiserver.yaml', text, 'f')], kb);
    expect(new Set(a.findings.map((f) => f.rule))).toEqual(
      new Set([
        'removed-flag',
        'unknown-flag',
        'invalid-value',
        'duplicate-flag',
        'repeated-flag-combined',
        // no --service-account-issuer / --service-account-signing-key-file on a 1.31 API server
        'required-flag-missing',
        // the security audit: --profiling=maybe is not false (at the flag), the rest of the defaults summarised
        'audit-fail',
        'audit-defaults',
      ]),
    );
    for (const f of a.findings) {
      expect(f.message, f.rule).not.toMatch(/[{}]/);
      expect(f.message, f.rule).not.toMatch(/\b(value|finding)\.[a-z-]+/);
      if (f.fix) expect(f.fix).not.toMatch(/[{}]/);
    }
    expect(a.findings.find((f) => f.rule === 'invalid-value' && f.message.includes('maybe'))?.message).toBe(
      '--profiling: "maybe" is not a boolean; use true or false.',
    );
  });
});
