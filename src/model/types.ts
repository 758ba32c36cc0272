/**
 * The component model: what the ingest stage extracts from text.
 * Every piece keeps the source range it came from, so the editor can point at it.
 * Pure data, no behaviour: safe to post between the analysis worker and the page.
 */

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
  id: string;
  name: string;
  text: string;
  /** Kind forced by the user instead of auto-detection. */
  kindOverride?: DocumentKind;
}

export type ComponentId =
  | 'kube-apiserver'
  | 'kube-controller-manager'
  | 'kube-scheduler'
  | 'etcd'
  | 'kubelet'
  | 'kube-proxy';

export const COMPONENT_IDS: readonly ComponentId[] = [
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'etcd',
  'kubelet',
  'kube-proxy',
];

export type DocumentKind =
  | 'static-pod'
  | 'systemd-unit'
  | 'env-file'
  | 'command-line'
  | 'kubeconfig'
  | 'pem'
  | 'listeners'
  | 'kubeadm-config'
  | 'component-config'
  | 'pki-listing'
  | 'unknown';

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
  fileId: string;
}

/** A key of a structured document (Pod manifest field, kubeconfig field...). */
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
  message: string;
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

/** One logical document found in a file: a Pod manifest, a unit, a process line... */
export interface SourceDocument {
  /** `${fileId}#${index}` */
  id: string;
  fileId: string;
  index: number;
  kind: DocumentKind;
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
}

/** Everything ingest produced for one file. */
export interface IngestedFile {
  fileId: string;
  name: string;
  /** Kind of the file as a whole (most files hold one kind). */
  kind: DocumentKind;
  /** Whether `kind` was detected or chosen by the user. */
  kindSource: 'detected' | 'override';
  documents: SourceDocument[];
  /** Problems with the file as a whole (empty, binary, unreadable). */
  diagnostics: Diagnostic[];
}
