/**
 * kubeconfig files (`admin.conf`, `kubelet.conf`, `scheduler.conf`, `controller-manager.conf`,
 * `~/.kube/config`, `kubectl config view` output): clusters, users, contexts, the server URL.
 * Embedded `client-certificate-data` / `certificate-authority-data` are decoded (CN = user,
 * O = groups, issuer, validity). `client-key-data`, tokens and passwords are secrets: recognised
 * and located, never copied into the model (their field values are masked).
 *
 * Also reads a kubeconfig whose indentation was lost (a blog copy), by its key names.
 */
import { message } from '../../model/message';
import type {
  CertificateInfo,
  Diagnostic,
  FieldOccurrence,
  KubeconfigCluster,
  KubeconfigContext,
  KubeconfigDocument,
  KubeconfigInfo,
  KubeconfigUser,
  SecretInfo,
  SourceRange,
} from '../../model/types';
import type { FileId } from '../../model/span';
import type { FormatParser, ParseContext } from '../format';
import { collectFields, readYamlDocument, yamlDiagnostics } from '../shared/yamlNodes';
import { startOf, shortError } from '../shared/diagnostics';
import { keyLineRegExp, kindLineRegExp } from '../shared/lineRegExps';
import { fromLines, fromYaml, type KV, type Raw } from './kubeconfigRead';
import { describeCertificate } from '../decode/x509';
import { describePrivateKey } from '../decode/keys';
import { bytesToText, decodeBase64, pemBlocks } from '../decode/pemArmor';
import { kubeconfigDocument } from '../../model/document';

const SECRET_KEY_RE = /(key-data|token|password|secret)$/i;
const REDACTED = new Set(['REDACTED', 'DATA+OMITTED', 'DATA+REDACTED']);

/** A secret value as shown in the model: its length only. */
export function maskSecret(value: string): string {
  return REDACTED.has(value) ? value : `(hidden: ${value.length} characters)`;
}

/** Decode a `*-data` value (base64 of PEM) into certificates. */
function certificatesOf(kv: KV, source: string, now: number | undefined, diagnostics: Diagnostic[]): CertificateInfo[] {
  if (!kv.value || REDACTED.has(kv.value) || !kv.valueRange) return [];
  const bytes = decodeBase64(kv.value);
  const blocks = bytes ? pemBlocks(bytesToText(bytes)).filter((b) => b.label === 'CERTIFICATE') : [];
  const out: CertificateInfo[] = [];
  for (const b of blocks) {
    const der = decodeBase64(b.base64);
    try {
      if (der) out.push(describeCertificate(der, kv.valueRange, source, now));
    } catch (e) {
      diagnostics.push({
        severity: 'error',
        code: 'bad-certificate',
        message: message('ingest.kubeconfig-bad-certificate', { key: kv.key, error: shortError(e) }),
        range: kv.valueRange,
      });
    }
  }
  if (blocks.length === 0) {
    diagnostics.push({
      severity: 'error',
      code: 'bad-certificate',
      message: message('ingest.kubeconfig-not-pem', { key: kv.key }),
      range: kv.valueRange,
    });
  }
  return out;
}

function secretOf(kv: KV, label: string): SecretInfo {
  const value = kv.value ?? '';
  const redacted = REDACTED.has(value);
  let facts = { algorithm: null as string | null, size: null as number | null, curve: null as string | null };
  let kind: SecretInfo['kind'] = /password/i.test(kv.key)
    ? 'password'
    : /secret/i.test(kv.key)
      ? 'client-secret'
      : /token/i.test(kv.key)
        ? 'token'
        : 'other';
  if (/key-data$/.test(kv.key)) {
    kind = 'private-key';
    const bytes = redacted ? null : decodeBase64(value);
    const block = bytes ? pemBlocks(bytesToText(bytes))[0] : undefined;
    if (block) {
      const k = describePrivateKey(block.label, decodeBase64(block.base64));
      facts = { algorithm: k.algorithm, size: k.size, curve: k.curve };
    }
  }
  return { kind, label, range: kv.valueRange ?? kv.keyRange, ...facts, length: value.length, redacted };
}

function build(
  raw: Raw,
  now: number | undefined,
): { info: KubeconfigInfo; certificates: CertificateInfo[]; secrets: SecretInfo[]; diagnostics: Diagnostic[] } {
  const certificates: CertificateInfo[] = [];
  const secrets: SecretInfo[] = [];
  const diagnostics: Diagnostic[] = [];
  const clusters: KubeconfigCluster[] = raw.clusters.map((it) => {
    const name = it.name?.value ?? '';
    const caData = it.entries.get('certificate-authority-data');
    const caFile = it.entries.get('certificate-authority');
    if (caData)
      certificates.push(
        ...certificatesOf(caData, `clusters[${name}].cluster.certificate-authority-data`, now, diagnostics),
      );
    return {
      name,
      server: it.entries.get('server')?.value ?? null,
      certificateAuthority: caData ? (REDACTED.has(caData.value ?? '') ? 'redacted' : 'data') : caFile ? 'file' : null,
      certificateAuthorityFile: caFile?.value ?? null,
      insecureSkipTlsVerify: it.entries.get('insecure-skip-tls-verify')?.value === 'true',
      range: it.range,
    };
  });
  const users: KubeconfigUser[] = raw.users.map((it) => {
    const name = it.name?.value ?? '';
    let certificateIndex: number | null = null;
    const certData = it.entries.get('client-certificate-data');
    if (certData) {
      const found = certificatesOf(certData, `users[${name}].user.client-certificate-data`, now, diagnostics);
      if (found[0]) {
        certificateIndex = certificates.length;
        certificates.push(found[0]);
      }
    }
    for (const kv of it.entries.values())
      if (SECRET_KEY_RE.test(kv.key) && kv.value !== null) secrets.push(secretOf(kv, `users[${name}].user.${kv.key}`));
    const cert = certificateIndex === null ? null : certificates[certificateIndex];
    return {
      name,
      auth: [...it.entries.keys()],
      certificateIndex,
      identity: cert ? { user: cert.subject.commonName ?? '', groups: cert.subject.organizations } : null,
      range: it.range,
    };
  });
  const contexts: KubeconfigContext[] = raw.contexts.map((it) => ({
    name: it.name?.value ?? '',
    cluster: it.entries.get('cluster')?.value ?? null,
    user: it.entries.get('user')?.value ?? null,
    namespace: it.entries.get('namespace')?.value ?? null,
    range: it.range,
  }));
  // references that lead nowhere
  for (const it of raw.contexts) {
    for (const [key, list] of [
      ['cluster', clusters],
      ['user', users],
    ] as const) {
      const kv = it.entries.get(key);
      if (kv?.value && !list.some((x) => x.name === kv.value)) {
        diagnostics.push({
          severity: 'warning',
          code: 'dangling-reference',
          message: message('ingest.kubeconfig-missing-entry', { context: it.name?.value ?? '', key, name: kv.value }),
          range: kv.valueRange ?? kv.keyRange,
        });
      }
    }
  }
  const cc = raw.currentContext;
  if (cc?.value && !contexts.some((c) => c.name === cc.value)) {
    diagnostics.push({
      severity: 'warning',
      code: 'dangling-reference',
      message: message('ingest.kubeconfig-bad-current-context', { name: cc.value }),
      range: cc.valueRange ?? cc.keyRange,
    });
  }
  return { info: { currentContext: cc?.value ?? null, clusters, users, contexts }, certificates, secrets, diagnostics };
}

/** From the first to the last non-blank character (the rest of a mixed paste is blanked out). */
function contentRange(text: string): SourceRange {
  const start = text.search(/\S/);
  if (start < 0) return { start: 0, end: text.length };
  let end = text.length;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  return { start, end };
}

/** How much of a kubeconfig a reading found: its entries and items. */
function entriesOf(raw: Raw): number {
  let n = raw.currentContext ? 1 : 0;
  for (const items of [raw.clusters, raw.contexts, raw.users]) for (const it of items) n += 1 + it.entries.size;
  return n;
}

export function kubeconfigDocuments(
  text: string,
  fileId: FileId,
  fileName: string,
  now?: number,
): KubeconfigDocument[] {
  const doc = readYamlDocument(text);
  const diagnostics: Diagnostic[] = [];
  let raw = fromYaml(doc.contents);
  let fields: FieldOccurrence[] = [];
  if (raw) {
    for (const d of yamlDiagnostics(doc, text, false)) diagnostics.push(d);
    collectFields(doc.contents, '', fields);
    // a syntax error cuts the YAML reading short (a wrapped line, an indented first line): when reading by key
    // names finds more, the explanation is built from that, and the error is still reported where it is
    if (doc.errors.length > 0) {
      const lines = fromLines(text);
      if (entriesOf(lines.raw) > entriesOf(raw)) ({ raw, fields } = lines);
    }
  } else {
    const lines = fromLines(text);
    raw = lines.raw;
    fields = lines.fields;
    diagnostics.push({
      severity: 'info',
      code: 'indentation-lost',
      message: message('ingest.kubeconfig-indentation-lost'),
      range: startOf(text),
    });
  }
  const built = build(raw, now);
  // secrets never reach the model in full; nested ones (auth-provider tokens, exec env) are listed too
  const nested: SecretInfo[] = [];
  fields = fields.map((f) => {
    const last = f.path.split('.').pop() ?? '';
    if (!SECRET_KEY_RE.test(last) || f.value === null) return f;
    const direct = /^users\[\]\.user\.[^.]+$/.test(f.path);
    if (!direct && f.valueRange) {
      const kv: KV = { key: last, keyRange: f.keyRange, value: f.value, valueRange: f.valueRange };
      nested.push(secretOf(kv, f.path));
    }
    return { ...f, value: maskSecret(f.value) };
  });
  for (const s of nested) built.secrets.push(s);
  const name = fileName.split('/').pop() ?? fileName;
  return [
    kubeconfigDocument(
      {
        fileId,
        index: 0,
        label: `kubeconfig ${/\.(conf|config|kubeconfig|ya?ml)$|^config$/.test(name) ? name : (built.info.currentContext ?? name)}`,
        range: contentRange(text),
        fields,
        diagnostics: [...diagnostics, ...built.diagnostics],
      },
      { kubeconfig: built.info, certificates: built.certificates, secrets: built.secrets },
    ),
  ];
}

const CONFIG_KIND_RE = kindLineRegExp('Config');
const KUBECONFIG_KEY_RES = ['clusters', 'contexts', 'users', 'current-context'].map((k) => keyLineRegExp(k));

export const kubeconfigParser: FormatParser = {
  kind: 'kubeconfig',
  detect(text) {
    if (CONFIG_KIND_RE.test(text)) return 0.95;
    const keys = KUBECONFIG_KEY_RES.filter((re) => re.test(text));
    return keys.length >= 2 ? 0.85 : 0;
  },
  parse(ctx: ParseContext) {
    const { file, now } = ctx;
    return { documents: kubeconfigDocuments(file.text, file.id, file.name, now), diagnostics: [] };
  },
};
