/**
 * Facts about ingest the page needs without loading the parsers (they run in the worker):
 * the size limit and the kinds a user may choose in "Read as".
 */
import type { DocumentKind } from '../model/types';

/** Files larger than this are refused: no control-plane file is anywhere near it. */
export const MAX_FILE_CHARS = 2_000_000;

/** Every kind a parser exists for (the registry in index.ts checks it lists exactly these). */
export const READABLE_KINDS: readonly DocumentKind[] = [
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
];
