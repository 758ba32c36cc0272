/**
 * The network stage: from the component instances and their effective configuration, the sockets every instance
 * opens (listeners.ts), who connects to whom (connections.ts), netstat / ss output compared with what its host should
 * open (observed.ts), and the findings (checks.ts). Pure: the facts (content/network.yaml) and the knowledge base
 * are passed in; flag catalogues of the instances' components (and the kubelet's, for the kubelets static Pods imply)
 * must be loaded.
 */
import type { AnnotatedDocument } from '../../annotate/annotate';
import { cachedEffectiveConfiguration, type ComponentInstance } from '../../effective';
import type { KnowledgeBase } from '../../knowledge/knowledgeBase';
import type { NetworkFacts } from '../../knowledge/networkFacts';
import type { IngestedFile, SourceDocument } from '../../model/types';
import type { DocumentId, FileId, Span } from '../../model/span';
import type { Finding } from '../types';
import type { RuleSeverities } from '../rules';
import { listenersOf, type InstanceView } from './listeners';
import { connectionsOf, sameHostKey, type KubeconfigFile } from './connections';
import { compareObserved, type ListenersFile } from './observed';
import { networkFindings } from './checks';
import type { NetworkHost, NetworkModel } from './model';

export * from './model';
export { listenersOf, pickFlag, portNumber, splitHostPort, type InstanceView } from './listeners';
export { connectionsOf, containerFields, findKubeconfig, probesOf } from './connections';
export { compareObserved, hostOfOutput, outputFilter } from './observed';
export { networkFindings, nodePortRange } from './checks';

export interface NetworkInput {
  files: readonly { file: IngestedFile; documents: readonly AnnotatedDocument[] }[];
  instances: readonly ComponentInstance[];
  kb: KnowledgeBase;
  facts: NetworkFacts;
  /** The text of a workspace file: the command a netstat output was made with (`| grep kube`). */
  text?: (fileId: FileId) => string | undefined;
}

export interface NetworkAnalysis {
  model: NetworkModel;
  findings: Finding[];
}

const hostKeyOf = (i: ComponentInstance) => i.host?.name ?? i.host?.addresses[0] ?? null;

/** `spec.hostNetwork: true`, or a bare command (a process, a unit, a fragment without `kind: Pod`): the node's. */
function networkOf(doc: SourceDocument): 'host' | 'pod' {
  if (doc.kind !== 'static-pod') return 'host';
  const hostNetwork = doc.fields.find((f) => f.path === 'spec.hostNetwork')?.value;
  if (hostNetwork === 'true') return 'host';
  const isPod = doc.fields.some((f) => f.path === 'kind' && f.value === 'Pod');
  return hostNetwork === 'false' || isPod ? 'pod' : 'host';
}

function anchorOf(doc: SourceDocument): Span {
  return { fileId: doc.fileId, range: doc.binaryRange ?? doc.range };
}

/** The network model of a workspace, and the instance views it was computed from. */
export function networkModel(input: NetworkInput): {
  model: NetworkModel;
  views: InstanceView[];
  unnamedShare: boolean;
} {
  const documents = new Map<DocumentId, AnnotatedDocument>();
  const fileNames = new Map<FileId, string>();
  const kubeconfigs: KubeconfigFile[] = [];
  const outputs: ListenersFile[] = [];
  for (const f of input.files) {
    fileNames.set(f.file.fileId, f.file.name);
    for (const d of f.documents) {
      documents.set(d.document.id, d);
      if (d.document.kind === 'kubeconfig') kubeconfigs.push({ document: d.document, fileName: f.file.name });
      if (d.document.kind === 'listeners')
        outputs.push({
          document: d.document,
          fileName: f.file.name,
          text: input.text?.(f.file.fileId) ?? null,
        });
    }
  }
  const fileName = (id: FileId) => fileNames.get(id) ?? id;
  const unnamedShare = input.instances.every((i) => hostKeyOf(i) === null);

  const hosts: NetworkHost[] = [];
  for (const i of input.instances) {
    const key = hostKeyOf(i);
    if (key === null || !i.host) continue;
    const h = hosts.find((x) => x.key === key);
    if (!h) {
      hosts.push({ key, name: i.host.name, addresses: [...i.host.addresses], inferred: i.host.inferred === true });
      continue;
    }
    for (const a of i.host.addresses) if (!h.addresses.includes(a)) h.addresses.push(a);
    h.inferred &&= i.host.inferred === true;
  }

  const view = (instance: ComponentInstance, implied: InstanceView | null): InstanceView => {
    const effective = cachedEffectiveConfiguration(instance, documents, input.kb);
    const commands = instance.documents
      .filter((d) => d.role === 'command')
      .map((d) => documents.get(d.documentId)?.document)
      .filter((d): d is SourceDocument => d !== undefined);
    const first = commands[0] ?? documents.get(instance.documents[0]?.documentId ?? ('' as DocumentId))?.document;
    return {
      instance,
      effective,
      flags: new Map(effective.flags.map((f) => [f.name, f])),
      host: hostKeyOf(instance),
      network: implied ? 'host' : commands.some((d) => networkOf(d) === 'pod') ? 'pod' : 'host',
      anchor: implied?.anchor ?? (first ? anchorOf(first) : { fileId: '' as FileId, range: { start: 0, end: 0 } }),
      documentId: implied?.documentId ?? first?.id ?? null,
      implied: implied !== null,
      complete: commands.some((d) => d.kind !== 'env-file'),
      readsConfigFile:
        implied !== null ||
        effective.configFile !== null ||
        (commands.length === 0 && instance.documents.some((d) => d.role === 'config')),
    };
  };
  const views = input.instances.map((i) => view(i, null));

  // static Pods run under a kubelet: where the workspace has none, one with its defaults is implied
  for (const v of [...views]) {
    if (!v.instance.documents.some((d) => d.kind === 'static-pod' && d.role === 'command')) continue;
    if (v.host === null && !unnamedShare) continue;
    if (views.some((x) => x.instance.component === 'kubelet' && sameHostKey(x.host, v.host, unnamedShare))) continue;
    const host = v.instance.host;
    const implied: ComponentInstance = {
      id: v.host !== null ? `kubelet@${v.host}` : 'kubelet#implied',
      component: 'kubelet',
      host: host ? { ...host, inferred: true } : null,
      version: null,
      documents: [],
    };
    views.push(view(implied, v));
  }

  const listeners = views.flatMap((v) =>
    listenersOf(v, input.facts.sockets.get(v.instance.component) ?? [], hosts.find((h) => h.key === v.host) ?? null),
  );
  const connections = connectionsOf({
    hosts,
    views,
    listeners,
    unnamedShare,
    kubeconfigs,
    facts: input.facts,
    documents,
    fileName,
  });
  const { observed, missing } = compareObserved(outputs, {
    hosts,
    views,
    listeners,
    unnamedShare,
    processName: (c) => input.kb.components.get(c)?.processNames[0] ?? c,
  });
  return { model: { hosts, listeners, connections, observed, missing }, views, unnamedShare };
}

/** The network model and its findings. */
export function analyseNetwork(input: NetworkInput, rules: RuleSeverities): NetworkAnalysis {
  const { model, views, unnamedShare } = networkModel(input);
  const fileNames = new Map(input.files.map((f) => [f.file.fileId, f.file.name]));
  const findings = networkFindings(model, { views, unnamedShare, fileName: (id) => fileNames.get(id) ?? id }, rules);
  return { model, findings };
}
