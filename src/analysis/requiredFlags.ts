/**
 * Flags a component refuses to start without (content: a flag entry's `required`, src/knowledge/types.ts
 * RequiredFact): a kube-apiserver without `--etcd-servers` exits at start with "--etcd-servers must be specified",
 * one of 1.20 or later without `--service-account-issuer` / `--service-account-signing-key-file` with "... are
 * required flags". Judged on the effective configuration (src/effective/configuration.ts), never on one document:
 *
 *   - a flag written anywhere the component reads it (its command line, its configuration file) is there; so is one
 *     whose value is not known (`cut`: after the cut of a `ps` line; `templated`: a template expression);
 *   - an instance with no command (a kubeadm ClusterConfiguration or a component configuration alone) is not a
 *     command line: kubeadm writes the flags itself; nothing is missing;
 *   - a distribution that starts the components itself (k3s, RKE2, Talos) passes flags of its own (`--etcd-servers`
 *     to its etcd or to kine's socket, the service-account keys it makes): nothing is missing either;
 *   - only a declared command is judged (a static Pod, a systemd unit with the env files it reads): a running
 *     process (`ps`, `kubectl describe`, `crictl inspect`, /proc/<pid>/cmdline) was seen running, so it started; and
 *     a command that may hold more than the workspace shows is not judged either: a container fragment, env files
 *     without the unit that reads them, a unit whose `$VARIABLES` come from a file not in the workspace;
 *   - a requirement of a release (`from`) is judged only when the instance's version is known.
 *
 * Sources of the facts are cited in the content entries (content/en/flags/kube-apiserver/etcd.yaml,
 * service-accounts.yaml). Pure: a function of the effective configuration, the knowledge base and the documents.
 */
import type { AnnotatedDocument } from '../annotate/annotate';
import { ASSUMED_SOURCE_PREFIX } from '../annotate/assumedVersion';
import {
  byKubeadm,
  cachedEffectiveConfiguration,
  type ComponentInstance,
  type EffectiveConfiguration,
  type EffectiveFlag,
} from '../effective';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import { atOrAfter } from '../knowledge/flagFacts';
import type { DocumentId } from '../model/span';
import type { DocumentKind } from '../model/types';
import { makeFinding, type RuleSeverities } from './rules';
import type { Finding } from './types';

/**
 * Commands that declare how the component is started. What a running process shows (a `ps` line, `kubectl
 * describe`, `crictl inspect`, /proc/<pid>/cmdline) is not judged: the process was seen running, so it did start -
 * the text was shortened, or cut - and a pasted command line may be a piece of one.
 */
const DECLARED: ReadonlySet<DocumentKind> = new Set<DocumentKind>(['static-pod', 'systemd-unit']);

/** Diagnostics that say the command shown may not be the whole command. */
const INCOMPLETE = new Set(['container-fragment', 'unresolved-variable']);

/** Written somewhere the component reads it, or passed by its distribution, or not known (cut, templated). */
function present(f: EffectiveFlag | undefined): boolean {
  if (!f) return false;
  if (f.source !== 'default') return true;
  return f.defaultBy !== undefined || (f.value !== null && f.value !== '');
}

/**
 * The `required-flag-missing` findings of one instance, at its command (the binary's name, else the command
 * document). `documents` finds the annotated documents the instance lists.
 */
export function requiredFlagFindings(
  effective: EffectiveConfiguration,
  kb: KnowledgeBase,
  documents: (id: DocumentId) => AnnotatedDocument | undefined,
  severities: RuleSeverities,
): Finding[] {
  const instance = effective.instance;
  if (instance.distribution && !byKubeadm(instance.distribution.name)) return [];
  const commands = instance.documents.filter((d) => d.role === 'command');
  const anchor = commands.find((d) => DECLARED.has(d.kind));
  if (!anchor) return [];
  for (const d of commands)
    if (documents(d.documentId)?.document.diagnostics.some((x) => INCOMPLETE.has(x.code))) return [];
  const catalogue = kb.catalogue(instance.component);
  if (!catalogue) return [];
  const version = effective.version;
  const assumed = instance.version?.source.startsWith(ASSUMED_SOURCE_PREFIX) ?? false;
  const byName = new Map(effective.flags.map((f) => [f.name, f]));
  const out: Finding[] = [];
  for (const doc of catalogue.flags.values()) {
    const req = doc.required;
    if (!req) continue;
    // a version taken from the workspace's other components is not this instance's own: not judged by it
    if (req.from !== undefined && (version === null || assumed || !atOrAfter(version, req.from))) continue;
    const status = kb.flagFacts(instance.component, doc.name, version)?.status;
    if (status === 'not-yet' || status === 'removed') continue;
    if (present(byName.get(doc.name))) continue;
    if ((req.unless ?? []).some((u) => present(byName.get(u)))) continue;
    const a = documents(anchor.documentId)?.document;
    out.push(
      makeFinding(
        severities,
        'required-flag-missing',
        { component: instance.component, flag: doc.name, version: version ?? '' },
        { fileId: anchor.fileId, range: a?.binaryRange ?? anchor.range, documentId: anchor.documentId },
      ),
    );
  }
  return out;
}

/** requiredFlagFindings of every instance (the effective configurations shared with the other analyses). */
export function requiredFlagsOfInstances(
  instances: readonly ComponentInstance[],
  documents: ReadonlyMap<DocumentId, AnnotatedDocument>,
  kb: KnowledgeBase,
  severities: RuleSeverities,
): Finding[] {
  const out: Finding[] = [];
  for (const i of instances)
    for (const f of requiredFlagFindings(
      cachedEffectiveConfiguration(i, documents, kb),
      kb,
      (id) => documents.get(id),
      severities,
    ))
      out.push(f);
  return out;
}
