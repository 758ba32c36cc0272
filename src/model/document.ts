/**
 * The one place documents are made: a builder per kind, each asking for the payload its kind always has (a
 * kubeconfig's `kubeconfig`, a unit's `systemd`...), so a parser cannot forget one; every document's id is made
 * from its file and index here.
 */
import type {
  CertificateInfo,
  CommandLineDocument,
  ComponentConfigDocument,
  ContainerInspectDocument,
  DistributionCommandDocument,
  DistributionConfigDocument,
  DocumentBase,
  DocumentKind,
  DocumentOfKind,
  EnvFileDocument,
  KubeadmConfigDocument,
  KubeconfigDocument,
  KubectlDescribeDocument,
  ListenersDocument,
  PemDocument,
  PkiListingDocument,
  ProcCmdlineDocument,
  SourceDocument,
  StaticPodDocument,
  SystemdUnitDocument,
  UnknownDocument,
} from './types';
import { documentId, type FileId } from './span';

export type DocumentDefaults = Pick<
  DocumentBase,
  'component' | 'componentSource' | 'version' | 'image' | 'binaryRange' | 'flags' | 'fields' | 'diagnostics'
>;

/** Nothing recognised yet: no component, version, image or binary; empty lists (new arrays each call). */
export function documentDefaults(): DocumentDefaults {
  return {
    component: null,
    componentSource: null,
    version: null,
    image: null,
    binaryRange: null,
    flags: [],
    fields: [],
    diagnostics: [],
  };
}

/** What every builder is given: where the document is, and whatever it found beyond the defaults. */
export type DocumentInit = Pick<DocumentBase, 'fileId' | 'index' | 'label' | 'range'> &
  Partial<Omit<DocumentBase, 'id' | 'fileId' | 'index' | 'label' | 'range'>>;

function base({ fileId, index, ...rest }: DocumentInit): DocumentBase {
  return { id: documentId(fileId, index), fileId, index, ...documentDefaults(), ...rest };
}

export function staticPodDocument(init: DocumentInit): StaticPodDocument {
  return { ...base(init), kind: 'static-pod' };
}

export function systemdUnitDocument(
  init: DocumentInit,
  payload: Pick<SystemdUnitDocument, 'systemd' | 'expansions'>,
): SystemdUnitDocument {
  return { ...base(init), kind: 'systemd-unit', ...payload };
}

export function envFileDocument(init: DocumentInit): EnvFileDocument {
  return { ...base(init), kind: 'env-file' };
}

export function commandLineDocument(init: DocumentInit): CommandLineDocument {
  return { ...base(init), kind: 'command-line' };
}

export function kubeconfigDocument(
  init: DocumentInit,
  payload: Pick<KubeconfigDocument, 'kubeconfig' | 'certificates' | 'secrets'>,
): KubeconfigDocument {
  return { ...base(init), kind: 'kubeconfig', ...payload };
}

export function pemDocument(init: DocumentInit, payload: Pick<PemDocument, 'certificates' | 'secrets'>): PemDocument {
  return { ...base(init), kind: 'pem', ...payload };
}

export function listenersDocument(
  init: DocumentInit,
  payload: Pick<ListenersDocument, 'listeners'>,
): ListenersDocument {
  return { ...base(init), kind: 'listeners', ...payload };
}

export function kubeadmConfigDocument(init: DocumentInit): KubeadmConfigDocument {
  return { ...base(init), kind: 'kubeadm-config' };
}

export function componentConfigDocument(init: DocumentInit): ComponentConfigDocument {
  return { ...base(init), kind: 'component-config' };
}

export function pkiListingDocument(
  init: DocumentInit,
  payload: Pick<PkiListingDocument, 'pkiFiles'>,
): PkiListingDocument {
  return { ...base(init), kind: 'pki-listing', ...payload };
}

export function distributionConfigDocument(init: DocumentInit): DistributionConfigDocument {
  return { ...base(init), kind: 'distribution-config' };
}

export function distributionCommandDocument(init: DocumentInit): DistributionCommandDocument {
  return { ...base(init), kind: 'distribution-command' };
}

export function kubectlDescribeDocument(init: DocumentInit): KubectlDescribeDocument {
  return { ...base(init), kind: 'kubectl-describe' };
}

export function containerInspectDocument(init: DocumentInit): ContainerInspectDocument {
  return { ...base(init), kind: 'container-inspect' };
}

export function procCmdlineDocument(init: DocumentInit): ProcCmdlineDocument {
  return { ...base(init), kind: 'proc-cmdline' };
}

export function unknownDocument(init: DocumentInit): UnknownDocument {
  return { ...base(init), kind: 'unknown' };
}

/** Whether a document is of one kind, so its payload can be read: `isKind(d, 'kubeconfig') && d.kubeconfig`. */
export function isKind<K extends DocumentKind>(doc: SourceDocument, kind: K): doc is DocumentOfKind<K> {
  return doc.kind === kind;
}

/** The decoded certificates of a document: a PEM block's or a kubeconfig's; no other kind has any. */
export function certificatesOf(doc: SourceDocument): CertificateInfo[] {
  return doc.kind === 'pem' || doc.kind === 'kubeconfig' ? doc.certificates : [];
}

/** The documents of one file numbered in the order given: each its index and the id made from it. */
export function renumbered<D extends SourceDocument>(documents: readonly D[], file: FileId): D[] {
  return documents.map((d, index) => ({ ...d, index, id: documentId(file, index) }));
}
