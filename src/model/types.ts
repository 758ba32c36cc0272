/**
 * The component model: what the ingest stage extracts from text.
 * Every piece keeps the source range it came from, so the editor can point at it.
 * Pure data, no behaviour: safe to post between the analysis worker and the page.
 */
import type { DocumentId, FileId, Span } from './span';
import type { Message } from './message';

/** Half-open character range [start, end) into the text of one workspace file. */
export interface SourceRange {
  start: number;
  end: number;
}

/** 1-based line and column, as editors and the CLI show them. */
export interface Position {
  line: number;
  column: number;
}

/** A file as the user gave it to us. */
export interface WorkspaceFile {
  id: FileId;
  name: string;
  text: string;
  /** Kind forced by the user instead of auto-detection. */
  kindOverride?: DocumentKind;
  /** The host (node name) the user says this file comes from; groups its components by host. */
  host?: string;
}

export type ComponentId =
  'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'etcd' | 'kubelet' | 'kube-proxy';

export const COMPONENT_IDS: readonly ComponentId[] = [
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'etcd',
  'kubelet',
  'kube-proxy',
];

/** What a document is: one member of the SourceDocument union each (`unknown` when it could not be read as one). */
export type DocumentKind = SourceDocument['kind'];

/** How a flag was written, which decides how its value is delimited. */
export type FlagForm =
  /** `--name=value` */
  | 'equals'
  /** `--name value`, the value as the next argument */
  | 'separate'
  /** `--name` alone (a boolean switched on) */
  | 'bare';

/** One occurrence of a command-line flag in a source file. */
export interface FlagOccurrence {
  /** Canonical name without leading dashes, e.g. `etcd-servers`, `v`. */
  name: string;
  /** Exactly as written, with dashes, e.g. `--etcd-servers`, `-v`, `--log_dir`. */
  spelled: string;
  /** Text after `=` or the next argument; null for a bare flag. */
  value: string | null;
  form: FlagForm;
  /** Range of the dashes and name. */
  nameRange: SourceRange;
  /** Range of the value text, null for a bare flag. */
  valueRange: SourceRange | null;
  /**
   * When the flag reached this command through a variable (`$KUBE_API_ARGS`), the
   * file it is really written in. Ranges are relative to that file.
   */
  fileId: FileId;
  /** The variable it came through (`KUBE_API_ARGS`), when it was expanded from one. */
  viaVariable?: string;
  /**
   * When the flag is not written as a command argument but as an equivalent setting: a
   * component config field (`clusterDNS` -> `--cluster-dns`), a kubeadm `extraArgs` entry,
   * or an etcd `ETCD_*` environment variable. `path` is the field path or variable name.
   */
  origin?: { kind: 'config-field' | 'extra-args' | 'env-var'; path: string };
}

/** A key of a structured document (Pod manifest field, kubeconfig field...), in the document's file (`fileId`). */
export interface FieldOccurrence {
  /** Path with array items as `[]`, e.g. `spec.containers[].livenessProbe.httpGet.host`. */
  path: string;
  keyRange: SourceRange;
  valueRange: SourceRange | null;
  /** Scalar value as text, or null for maps/sequences. */
  value: string | null;
}

export type Severity = 'error' | 'warning' | 'info';

/** A problem reading the text itself (syntax, wrong shape), located in the file. */
export interface Diagnostic {
  severity: Severity;
  /** What to tell the user, as a code of content/<lang>/messages.yaml (`ingest.*`, `yaml.*`) and its params. */
  message: Message;
  range: SourceRange;
  /** Stable id, e.g. `yaml-syntax`, `not-a-pod`, `empty-file`, `binary-data`. */
  code: string;
}

/** A version and where it was read from. */
export interface VersionInfo {
  /** Normalised `major.minor.patch`, without a leading `v` (etcd `3.5.9`, k8s `1.31.0`). */
  version: string;
  /** Where it came from, e.g. `image registry.k8s.io/kube-apiserver:v1.31.0`. */
  source: string;
  range: SourceRange | null;
}

/** What every document has, whatever its kind. Documents are made by the builders of model/document.ts. */
export interface DocumentBase {
  /** Made by `documentId(fileId, index)` (model/span.ts). */
  id: DocumentId;
  fileId: FileId;
  index: number;
  /** Short human label: `Pod kube-apiserver`, `kube-apiserver.service`... */
  label: string;
  range: SourceRange;
  component: ComponentId | null;
  /** How the component was recognised (binary name, label, image). */
  componentSource: string | null;
  version: VersionInfo | null;
  /** The container image, when there is one. */
  image: string | null;
  /** Range of the executable in the command, when there is one. */
  binaryRange: SourceRange | null;
  flags: FlagOccurrence[];
  fields: FieldOccurrence[];
  diagnostics: Diagnostic[];
  /**
   * Secrets recognised in the document (private keys, tokens, passwords): where they are, never their content.
   * Any document may hold one (a `--token` flag, a password in an env file): located after parsing by
   * ingest/workspace/secrets.ts.
   */
  secrets?: SecretInfo[];
}

/** A static Pod manifest (or a container cut out of one). */
export interface StaticPodDocument extends DocumentBase {
  kind: 'static-pod';
}

/** A systemd unit or drop-in. */
export interface SystemdUnitDocument extends DocumentBase {
  kind: 'systemd-unit';
  /** The unit's name, drop-in status and environment sources. */
  systemd: SystemdUnitInfo;
  /** `$VAR` references of its ExecStart and what they expanded to (none without an ExecStart). */
  expansions: VariableExpansion[];
}

/** The variables of an environment file for one component. */
export interface EnvFileDocument extends DocumentBase {
  kind: 'env-file';
}

/** A process of `ps` output or a command line. */
export interface CommandLineDocument extends DocumentBase {
  kind: 'command-line';
}

/** A kubeconfig file. */
export interface KubeconfigDocument extends DocumentBase {
  kind: 'kubeconfig';
  /** Its clusters, users and contexts. */
  kubeconfig: KubeconfigInfo;
  /** Certificates decoded from its `*-data` values. */
  certificates: CertificateInfo[];
  /** Its credentials: `client-key-data`, tokens, passwords. */
  secrets: SecretInfo[];
}

/** One PEM block: a certificate (decoded) or a key (a secret when private). */
export interface PemDocument extends DocumentBase {
  kind: 'pem';
  /** The decoded certificate of a certificate block (none for keys, requests and unreadable blocks). */
  certificates: CertificateInfo[];
  /** The private key of a private key block. */
  secrets: SecretInfo[];
}

/** `netstat -ntlp` / `ss -ltnp` output. */
export interface ListenersDocument extends DocumentBase {
  kind: 'listeners';
  /** The listening sockets. */
  listeners: Listener[];
}

/** A kubeadm configuration document, or the flags it sets for one component. */
export interface KubeadmConfigDocument extends DocumentBase {
  kind: 'kubeadm-config';
}

/** A component configuration (`KubeletConfiguration`...), or the flags it stands for. */
export interface ComponentConfigDocument extends DocumentBase {
  kind: 'component-config';
}

/** A `tree` / `ls` listing or `kubeadm init` output. */
export interface PkiListingDocument extends DocumentBase {
  kind: 'pki-listing';
  /** The files it names. */
  pkiFiles: PkiFile[];
}

/**
 * A distribution's or installer's configuration (k3s and RKE2 `config.yaml`, a Talos machine configuration, a kind
 * cluster configuration), or the flags it passes to one component.
 */
export interface DistributionConfigDocument extends DocumentBase {
  kind: 'distribution-config';
}

/**
 * A command of a distribution or installer (`k3s server --kube-apiserver-arg=...`, `minikube start
 * --extra-config=...`), or the flags it passes to one component.
 */
export interface DistributionCommandDocument extends DocumentBase {
  kind: 'distribution-command';
}

/** One container of `kubectl describe pod` output: its `Command:` and `Args:` lines. */
export interface KubectlDescribeDocument extends DocumentBase {
  kind: 'kubectl-describe';
}

/** `crictl inspect` / `docker inspect` JSON of one container. */
export interface ContainerInspectDocument extends DocumentBase {
  kind: 'container-inspect';
}

/** `/proc/<pid>/cmdline`: the arguments of a process, each ended by a NUL character. */
export interface ProcCmdlineDocument extends DocumentBase {
  kind: 'proc-cmdline';
}

/** Text that could not be read as any kind (its keys may still be listed), or a file that only holds secrets. */
export interface UnknownDocument extends DocumentBase {
  kind: 'unknown';
}

/**
 * One logical document found in a file: a Pod manifest, a unit, a process line... Each kind has the payload it
 * always has; narrow by `kind` to read it.
 */
export type SourceDocument =
  | StaticPodDocument
  | SystemdUnitDocument
  | EnvFileDocument
  | CommandLineDocument
  | KubeconfigDocument
  | PemDocument
  | ListenersDocument
  | KubeadmConfigDocument
  | ComponentConfigDocument
  | PkiListingDocument
  | DistributionConfigDocument
  | DistributionCommandDocument
  | KubectlDescribeDocument
  | ContainerInspectDocument
  | ProcCmdlineDocument
  | UnknownDocument;

/** The document type of one kind: `DocumentOfKind<'kubeconfig'>` is KubeconfigDocument. */
export type DocumentOfKind<K extends DocumentKind> = Extract<SourceDocument, { kind: K }>;

/** A distinguished name (subject or issuer) of a certificate. */
export interface DistinguishedName {
  /** As OpenSSL prints it: `O = system:masters, CN = kubernetes-admin`. */
  text: string;
  /** CN: the user name for Kubernetes client certificates. */
  commonName: string | null;
  /** O values: the groups for Kubernetes client certificates. */
  organizations: string[];
  /** Every attribute in order; `type` is a short name (`CN`, `O`, `OU`...) or the OID. */
  attributes: { type: string; value: string }[];
}

/** What an X.509 certificate says, decoded. */
export interface CertificateInfo {
  /** Where the certificate is written: its PEM block or its base64 value. */
  range: SourceRange;
  /** Where it came from, e.g. `users[kubernetes-admin].user.client-certificate-data`, `PEM block 2`. */
  source: string;
  subject: DistinguishedName;
  issuer: DistinguishedName;
  /** Subject and issuer are the same name. */
  selfSigned: boolean;
  /** Hex, upper case, without separators. */
  serialNumber: string;
  /** ISO 8601. */
  notBefore: string;
  notAfter: string;
  /** Whole days from the analysis time to notAfter (negative when expired); null when no time was given. */
  daysLeft: number | null;
  status: 'valid' | 'expired' | 'not-yet-valid' | null;
  subjectAltNames: { dns: string[]; ip: string[]; email: string[]; uri: string[] };
  /** Key usage names: `digitalSignature`, `keyEncipherment`, `keyCertSign`... */
  keyUsage: string[];
  /** Extended key usage names (`serverAuth`, `clientAuth`) or OIDs. */
  extendedKeyUsage: string[];
  /** From basicConstraints; null when the extension is absent. */
  isCA: boolean | null;
  pathLength: number | null;
  publicKey: { algorithm: string; size: number | null; curve: string | null };
  /** E.g. `sha256WithRSAEncryption`, `ecdsa-with-SHA256`, or the OID. */
  signatureAlgorithm: string;
  /** SHA-256 of the DER, `AB:CD:...` as `openssl x509 -fingerprint -sha256` prints it. */
  fingerprintSha256: string;
}

/**
 * What a secret is: a PEM private key, a kubeconfig `client-key-data`, a bearer token, a kubeadm bootstrap token
 * (`abcdef.0123456789abcdef`), a password, an encryption key (EncryptionConfiguration keys, kubeadm's certificate
 * key), a token of a static token file (`--token-auth-file`), an OAuth client secret, or another secret value.
 */
export type SecretKind =
  | 'private-key'
  | 'client-key-data'
  | 'token'
  | 'bootstrap-token'
  | 'password'
  | 'encryption-key'
  | 'token-file'
  | 'client-secret'
  | 'other';

/** A secret found in a document. Only where it is and what kind: its value is never kept. */
export interface SecretInfo {
  kind: SecretKind;
  /** E.g. `RSA private key`, `users[admin].user.client-key-data`, `--token`. */
  label: string;
  /** Where the secret text is written (without quotes around it), in the document's file or in `fileId`. */
  range: SourceRange;
  /**
   * The file the secret is written in when it is not the document's own: a flag that reached a unit's command
   * through `$VAR` from an environment file.
   */
  fileId?: FileId;
  /** Key algorithm when known (`RSA`, `EC`, `Ed25519`). */
  algorithm: string | null;
  /** Key size in bits (RSA) when known. */
  size: number | null;
  /** EC curve when known (`P-256`). */
  curve: string | null;
  /** Length of the secret text, so the user can tell an empty value from a real one. */
  length: number;
  /** Whether the value is a placeholder (`REDACTED`, `DATA+OMITTED`) rather than a real secret. */
  redacted: boolean;
}

export interface KubeconfigCluster {
  name: string;
  server: string | null;
  /** `data` (certificate-authority-data), `file` (certificate-authority), `redacted`, or null when absent. */
  certificateAuthority: 'data' | 'file' | 'redacted' | null;
  certificateAuthorityFile: string | null;
  insecureSkipTlsVerify: boolean;
  range: SourceRange;
}

export interface KubeconfigUser {
  name: string;
  /** Authentication methods present: `client-certificate-data`, `client-certificate`, `token`, `exec`... */
  auth: string[];
  /** Index into the document's `certificates` of the decoded client certificate, when there is one. */
  certificateIndex: number | null;
  /** User name (certificate CN) and groups (O) the API server will see, from the client certificate. */
  identity: { user: string; groups: string[] } | null;
  range: SourceRange;
}

export interface KubeconfigContext {
  name: string;
  cluster: string | null;
  user: string | null;
  namespace: string | null;
  range: SourceRange;
}

export interface KubeconfigInfo {
  currentContext: string | null;
  clusters: KubeconfigCluster[];
  users: KubeconfigUser[];
  contexts: KubeconfigContext[];
}

/** One listening socket from `netstat -ntlp` / `ss -ltnp`. */
export interface Listener {
  protocol: string;
  /** Local address as printed, without the port (`127.0.0.1`, `::`, `*`, `0.0.0.0`). */
  address: string;
  port: number;
  pid: number | null;
  /** Program name as printed (netstat truncates it: `kube-apiserve`). */
  process: string | null;
  /** The component the process (or, failing that, the well-known port) belongs to. */
  component: ComponentId | null;
  /** Range of the whole line. */
  range: SourceRange;
  /** Range of `address:port`. */
  addressRange: SourceRange;
}

/** A file that exists, named by a listing or by kubeadm init output. */
export interface PkiFile {
  /** Path as far as known: absolute when the directory is known, else relative (`etcd/ca.crt`). */
  path: string;
  type: 'certificate' | 'private-key' | 'public-key' | 'kubeconfig' | 'manifest' | 'directory' | 'other';
  range: SourceRange;
  source: 'tree' | 'ls' | 'path' | 'kubeadm-init';
  /** SANs kubeadm printed for a serving certificate (`[certs] apiserver serving cert is signed for ...`). */
  subjectAltNames?: { dns: string[]; ip: string[] };
}

export interface EnvironmentFileRef {
  path: string;
  /** Written with a leading `-`: systemd ignores it when missing. */
  optional: boolean;
  range: SourceRange;
  /** The workspace file it was matched to, once the workspace is resolved. */
  resolvedFileId: FileId | null;
}

export interface SystemdUnitInfo {
  /** Unit file name when known (`kube-apiserver.service`, `10-kubeadm.conf`). */
  name: string | null;
  /** Path when the paste names it (`/lib/systemd/system/kube-apiserver.service`). */
  path: string | null;
  dropIn: boolean;
  environmentFiles: EnvironmentFileRef[];
  /** Range of the ExecStart value in effect, when there is one. */
  execStartRange: SourceRange | null;
}

/** One `$VAR` / `${VAR}` reference in a command. */
export interface VariableExpansion {
  name: string;
  /** Range of the reference in the document's file. */
  range: SourceRange;
  /** Where the value is defined (file and range of the value), null when unresolved. */
  definition: Span | null;
  /** Number of arguments it expanded to. */
  argumentCount: number;
}

/** Everything ingest produced for one file. */
export interface IngestedFile {
  fileId: FileId;
  name: string;
  /** Kind of the file as a whole (most files hold one kind). */
  kind: DocumentKind;
  /** Whether `kind` was detected or chosen by the user. */
  kindSource: 'detected' | 'override';
  documents: SourceDocument[];
  /** Problems with the file as a whole (empty, binary, unreadable). */
  diagnostics: Diagnostic[];
  /**
   * When the text holds several formats (a pasted blog post: a unit, then an env file, then
   * `netstat` output), the parts found and the kind of each. Absent for a file of one format.
   */
  parts?: { kind: DocumentKind; range: SourceRange }[];
}
