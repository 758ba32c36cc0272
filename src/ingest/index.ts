/**
 * Ingest: text of workspace files -> documents with flags and fields, each with source ranges.
 * Detects the format of each file (unless the user chose one) and never throws.
 *
 * Parsers hold no facts: which component a name is, which setting stands for which flag, which
 * port is whose come from content/ as IngestFacts (model/components.ts), passed to every parser.
 *
 *   formats/    one parser per input kind (format.ts is the contract): static Pods in YAML or JSON
 *               and container fragments (staticPod, podCommand), systemd units and drop-ins
 *               (systemdUnit, unitFile, unitExpansion), environment files (envFile, envAssignments),
 *               `ps` output and command lines (processList), PEM certificates and keys (pem),
 *               kubeconfig (kubeconfig, kubeconfigRead), `netstat` / `ss` listeners (listeners),
 *               `tree` / `ls` listings and kubeadm init output (pkiListing), kubeadm and component
 *               configuration files (kubeadmConfig, configFlags), distributions' configuration files
 *               (distributionConfig: k3s / RKE2 config.yaml, Talos, kind; distributionArgs) and command
 *               lines (distributionCommand: `k3s server --kube-apiserver-arg=...`, `minikube start --extra-config`),
 *               inspection output: `kubectl describe pod` (kubectlDescribe), `crictl` / `docker inspect` JSON
 *               (containerInspect), `/proc/<pid>/cmdline` (procCmdline); files embedded in provisioning files
 *               (workspace/embedded: cloud-init write_files, Ansible copy content, heredocs in scripts and Terraform)
 *   shared/     readers several formats use: shell words and the one quoted-text reader, command
 *               lines, YAML nodes, image references, component recognition from the facts, diagnostics
 *   decode/     X.509 certificates, keys, PEM armour and base64
 *   workspace/  steps above a single format: a paste of several formats split into parts
 *               (segments); each file's secrets are located after it is read (secrets);
 *               `resolveEnvironment` (expandEnv) expands unit `$VAR`s from env files
 *               elsewhere in the workspace; what units take from env files, there and within one
 *               file, is decided by its claims (claims)
 */
import { message } from '../model/message';
import { onlyComments } from './shared/diagnostics';
import type {
  Diagnostic,
  DocumentKind,
  IngestedFile,
  SourceDocument,
  SourceRange,
  WorkspaceFile,
} from '../model/types';
import type { IngestFacts } from '../model/components';
import type { FormatParser } from './format';
import { staticPodParser } from './formats/staticPod';
import { systemdUnitParser } from './formats/systemdUnit';
import { envFileParser } from './formats/envFile';
import { processListParser } from './formats/processList';
import { pemParser } from './formats/pem';
import { kubeconfigParser } from './formats/kubeconfig';
import { listenersParser } from './formats/listeners';
import { pkiListingParser } from './formats/pkiListing';
import { componentConfigParser, kubeadmConfigParser } from './formats/kubeadmConfig';
import { distributionConfigParser } from './formats/distributionConfig';
import { distributionCommandParser } from './formats/distributionCommand';
import { kubectlDescribeParser } from './formats/kubectlDescribe';
import { containerInspectParser } from './formats/containerInspect';
import { isNulCommandLine, procCmdlineParser } from './formats/procCmdline';
import { ingestMixed } from './workspace/segments';
import { ingestEmbedded } from './workspace/embedded';
import { ingestBundle } from './workspace/bundle';
import { PLACEHOLDER, scanTemplate, showPlaceholders, type TemplateScan } from './shared/template';
import { claimWithinFile } from './workspace/claims';
import { locateSecrets } from './workspace/secrets';
import { MAX_FILE_CHARS } from './limits';

/** Registered formats, most specific first (on equal scores the earlier one wins). */
export const PARSERS: readonly FormatParser[] = [
  procCmdlineParser,
  containerInspectParser,
  kubectlDescribeParser,
  distributionConfigParser,
  kubeadmConfigParser,
  componentConfigParser,
  staticPodParser,
  systemdUnitParser,
  envFileParser,
  processListParser,
  pemParser,
  kubeconfigParser,
  listenersParser,
  pkiListingParser,
  distributionCommandParser,
];

export { MAX_FILE_CHARS } from './limits';
export { resolveEnvironment } from './workspace/expandEnv';
export { locateSecrets, secretOverlapping } from './workspace/secrets';

export const KNOWN_KINDS: readonly DocumentKind[] = PARSERS.map((p) => p.kind);

function wholeFile(text: string) {
  return { start: 0, end: Math.min(text.length, 1) };
}

/**
 * Binary data: NUL bytes, or many control / replacement characters in the first 8 KB. A `/proc/<pid>/cmdline` (printable
 * arguments each ended by NUL) is text.
 */
export function looksBinary(text: string): boolean {
  if (isNulCommandLine(text)) return false;
  const sample = text.slice(0, 8192);
  if (sample.includes('\u0000')) return true;
  let odd = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) odd++;
  }
  return sample.length > 0 && odd / sample.length > 0.05;
}

export function detectKind(file: WorkspaceFile, facts: IngestFacts): { parser: FormatParser | null; score: number } {
  let best: FormatParser | null = null;
  let score = 0;
  for (const p of PARSERS) {
    const s = p.detect(file.text, file.name, facts);
    if (s > score) {
      best = p;
      score = s;
    }
  }
  return { parser: best, score };
}

export interface IngestOptions {
  /** Analysis time in ms since the epoch (certificate validity); see ParseContext.now. */
  now?: number;
}

/**
 * Read one file. `facts` (KnowledgeBase.ingestFacts) tell the parsers how components and settings are recognised.
 * Then the secrets of every document are located (workspace/secrets.ts), whatever the format.
 */
export function ingestFile(file: WorkspaceFile, facts: IngestFacts, options: IngestOptions = {}): IngestedFile {
  return locateSecrets(readFile(file, facts, options), facts, {
    textOf: (id) => (id === file.id ? file.text : undefined),
  });
}

function readFile(file: WorkspaceFile, facts: IngestFacts, options: IngestOptions): IngestedFile {
  const result = (kind: DocumentKind, diagnostics: Diagnostic[]): IngestedFile => ({
    fileId: file.id,
    name: file.name,
    kind,
    kindSource: file.kindOverride ? 'override' : 'detected',
    documents: [],
    diagnostics,
  });
  const text = file.text;
  if (text.length > MAX_FILE_CHARS) {
    return result('unknown', [
      {
        severity: 'error',
        code: 'too-large',
        message: message('ingest.too-large', { chars: text.length, limit: MAX_FILE_CHARS }),
        range: wholeFile(text),
      },
    ]);
  }
  if (text.trim() === '') {
    return result('unknown', [
      {
        severity: 'info',
        code: 'empty-file',
        message: message('ingest.empty-file'),
        range: { start: 0, end: 0 },
      },
    ]);
  }
  if (looksBinary(text)) {
    return result('unknown', [
      {
        severity: 'error',
        code: 'binary-data',
        message: message('ingest.binary-data'),
        range: wholeFile(text),
      },
    ]);
  }
  const template = scanTemplate(text);
  if (template) return readTemplate(file, template, facts, options);
  return readText(file, facts, options);
}

const ENGINES: Record<TemplateScan['engine'], string> = { jinja: 'Jinja', 'go-template': 'Go (Helm)' };
/** A condition longer than this is shown cut (it is the template's text, not a value of ours). */
const MAX_CONDITION = 80;

/**
 * A template (Jinja, Helm): read in its placeholder text (shared/template.ts), then each value written as an
 * expression is put back as written, the file is said to be a template, and the flags inside each condition are
 * listed at it.
 */
function readTemplate(file: WorkspaceFile, t: TemplateScan, facts: IngestFacts, options: IngestOptions): IngestedFile {
  const read = readText({ ...file, text: t.text }, facts, options);
  const original = file.text;
  const own = (fileId: string) => fileId === file.id;
  // only a value read from a placeholder (never a masked secret) is put back, from this file's text
  const asWritten = <T extends { value: string | null; valueRange: SourceRange | null }>(x: T, inFile = true): T =>
    inFile && x.value !== null && x.value.includes(PLACEHOLDER) && x.valueRange
      ? { ...x, value: original.slice(x.valueRange.start, x.valueRange.end) }
      : x;
  const withInsertion = (d: SourceDocument): Diagnostic[] => {
    const at = insertsAmongFlags(d, t);
    return at
      ? [
          ...d.diagnostics,
          { severity: 'info', code: 'template-inserted', message: message('ingest.template-inserted'), range: at },
        ]
      : d.diagnostics;
  };
  const documents = read.documents.map((d) => ({
    ...d,
    diagnostics: withInsertion(d),
    label: showPlaceholders(d.label),
    image: d.image === null ? null : showPlaceholders(d.image),
    version: d.version && d.version.version.includes(PLACEHOLDER) ? null : d.version,
    flags: d.flags.map((f) => asWritten(f, own(f.fileId))),
    fields: d.fields.map((f) => asWritten(f)),
  }));
  const diagnostics: Diagnostic[] = [
    {
      severity: 'info',
      code: 'templated',
      message: message('ingest.templated', { engine: ENGINES[t.engine], expressions: t.expressions.length }),
      range: t.first,
    },
  ];
  for (const c of t.conditions) {
    const names = new Set<string>();
    for (const d of documents)
      for (const f of d.flags)
        if (own(f.fileId) && f.nameRange.start >= c.body.start && f.nameRange.end <= c.body.end) names.add(f.spelled);
    if (names.size === 0) continue;
    const condition = c.condition.length > MAX_CONDITION ? `${c.condition.slice(0, MAX_CONDITION)}…` : c.condition;
    diagnostics.push({
      severity: 'info',
      code: 'template-conditional',
      message: message('ingest.templated-conditional', {
        condition,
        flags: { list: [...names], join: 'comma' },
      }),
      range: c.range,
    });
  }
  for (const d of read.diagnostics) diagnostics.push(d);
  return { ...read, documents, diagnostics };
}

/**
 * The first expression alone on its line that inserts text among a command document's flags (within them, or right
 * after the last one with nothing but blanks between): it may add any flag. A document of flags with none written
 * takes any insertion inside it. Null: none.
 */
function insertsAmongFlags(d: SourceDocument, t: TemplateScan): SourceRange | null {
  if (t.inserted.length === 0 || d.component === null) return null;
  const own = d.flags.filter((f) => f.fileId === d.fileId);
  const inside = t.inserted.filter(
    (r) => r.start >= d.range.start && r.start < Math.max(d.range.end, d.range.start + 1),
  );
  if (own.length === 0) return inside[0] ?? null;
  const first = own[0]!.nameRange.start;
  const last = own.reduce((m, f) => Math.max(m, f.valueRange?.end ?? f.nameRange.end), 0);
  for (const r of inside) {
    if (r.start > first && r.start < last) return r;
    if (r.start >= last && t.text.slice(last, r.start).trim().replace(/^["']/, '') === '') return r;
  }
  return null;
}

function readText(file: WorkspaceFile, facts: IngestFacts, options: IngestOptions): IngestedFile {
  const result = (kind: DocumentKind, diagnostics: Diagnostic[]): IngestedFile => ({
    fileId: file.id,
    name: file.name,
    kind,
    kindSource: file.kindOverride ? 'override' : 'detected',
    documents: [],
    diagnostics,
  });
  const text = file.text;
  if (!file.kindOverride) {
    // a bundle of public/collect.sh pasted in one tab: each entry read in place, under its path on the node
    try {
      const bundle = ingestBundle(file, { ...facts, now: options.now }, (f) => detectKind(f, facts));
      if (bundle)
        return { ...result(bundle.kind, bundle.diagnostics), documents: bundle.documents, parts: bundle.parts };
    } catch {
      // fall back to reading the file as a whole
    }
    // files a provisioning file writes (cloud-init write_files, Ansible copy, heredocs): each read where it is
    try {
      const embedded = ingestEmbedded(file, { ...facts, now: options.now }, (f) => detectKind(f, facts));
      if (embedded)
        return {
          ...result(embedded.kind, embedded.diagnostics),
          documents: embedded.documents,
          parts: embedded.parts,
        };
    } catch {
      // fall back to reading the file as a whole
    }
    // a paste of several formats (a blog post): each part with its own parser
    try {
      const mixed = ingestMixed(file, { ...facts, now: options.now }, (f) => detectKind(f, facts));
      if (mixed) return { ...result(mixed.kind, mixed.diagnostics), documents: mixed.documents, parts: mixed.parts };
    } catch {
      // fall back to reading the file as one format
    }
  }
  const chosen = file.kindOverride
    ? (PARSERS.find((p) => p.kind === file.kindOverride) ?? null)
    : detectKind(file, facts).parser;
  if (!chosen) {
    return result('unknown', [
      {
        severity: 'info',
        code: 'unknown-format',
        message: onlyComments(text) ? message('ingest.only-comments') : message('ingest.unknown-format'),
        range: wholeFile(text),
      },
    ]);
  }
  try {
    const { documents, diagnostics } = chosen.parse({ ...facts, file, now: options.now });
    return { ...result(chosen.kind, diagnostics), documents: claimWithinFile(documents) };
  } catch (e) {
    // A parser bug must not take the workspace down: report it where the user can see it.
    return result(chosen.kind, [
      {
        severity: 'error',
        code: 'internal-error',
        message: message('ingest.internal-error', { error: e instanceof Error ? e.name : 'error' }),
        range: wholeFile(text),
      },
    ]);
  }
}
