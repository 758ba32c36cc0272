/**
 * kubeadm configuration files (`InitConfiguration`, `ClusterConfiguration`, `JoinConfiguration`:
 * `apiServer.extraArgs`, `controllerManager.extraArgs`, `scheduler.extraArgs`,
 * `etcd.local.extraArgs`, `nodeRegistration.kubeletExtraArgs`, as a map (v1beta3 and before) or
 * a list of name/value pairs (v1beta4)), and component configuration files
 * (`KubeletConfiguration`, `KubeProxyConfiguration`, `KubeSchedulerConfiguration`).
 *
 * Their settings become the flags they are equivalent to (the mappings come from
 * content/config-fields.yaml), located at the YAML key and value, so the flag catalogue explains
 * them: one document per component. Every key is also a field.
 */
import { message } from '../../model/message';
import { scalarText } from '../../util/strings';
import { isMap, isScalar, type Scalar } from 'yaml';
import type {
  ComponentId,
  FieldOccurrence,
  FlagOccurrence,
  SourceDocument,
  SourceRange,
  VersionInfo,
} from '../../model/types';
import type { FileId } from '../../model/span';
import type { ConfigFieldFacts, IngestFacts } from '../../model/components';
import type { FormatParser, ParseContext } from '../format';
import { collectFields, rangeOf, readYamlDocuments, yamlDiagnostics } from '../shared/yamlNodes';
import { documentsOrNote } from '../shared/diagnostics';
import { alternation, factsRegExp } from '../shared/recognise';
import { kindLineRegExp } from '../shared/lineRegExps';
import { configFlag, extraArgFlags } from './configFlags';
import { versionOfTag } from '../shared/imageVersion';
import { componentConfigDocument, kubeadmConfigDocument, unknownDocument } from '../../model/document';

interface Group {
  kind: 'kubeadm-config' | 'component-config';
  component: ComponentId;
  flags: FlagOccurrence[];
  fields: FieldOccurrence[];
  range: SourceRange;
  sources: string[];
  version: VersionInfo | null;
}

export function kubeadmConfigDocuments(text: string, fileId: FileId, facts: ConfigFieldFacts): SourceDocument[] {
  const { kubeadm } = facts;
  const list = readYamlDocuments(text);
  const out: SourceDocument[] = [];
  const groups = new Map<string, Group>();
  let version: VersionInfo | null = null;
  /** Where the next document goes. */
  const next = () => ({ fileId, index: out.length });
  const group = (kind: Group['kind'], component: ComponentId, range: SourceRange, source: string): Group => {
    const key = `${kind}/${component}`;
    let g = groups.get(key);
    if (!g) {
      g = { kind, component, flags: [], fields: [], range: { ...range }, sources: [], version: null };
      groups.set(key, g);
    }
    g.range = { start: Math.min(g.range.start, range.start), end: Math.max(g.range.end, range.end) };
    if (!g.sources.includes(source)) g.sources.push(source);
    return g;
  };
  for (const doc of list) {
    const range: SourceRange = { start: doc.range[0], end: doc.range[2] };
    const diagnostics = yamlDiagnostics(doc, text);
    if (!isMap(doc.contents)) {
      if (diagnostics.length > 0) {
        out.push(unknownDocument({ ...next(), label: 'YAML document', range, diagnostics }));
      }
      continue;
    }
    const kindNode = doc.get('kind', true);
    const kind = isScalar(kindNode) ? String(kindNode.value) : '';
    const apiVersion = scalarText((doc.get('apiVersion', true) as Scalar | undefined)?.value);
    const fields: FieldOccurrence[] = [];
    collectFields(doc.contents, '', fields);
    const cc = facts.componentConfigs.find((c) => c.kind === kind);
    if (cc) {
      const g = group('component-config', cc.component, range, kind);
      for (const f of fields) g.fields.push(f); // no spread: a document may have 250,000 keys
      for (const [path, spec] of cc.fields) {
        const flag = configFlag(doc, text, path, spec.flag, spec.join, fileId);
        if (flag) g.flags.push(flag);
      }
      if (diagnostics.length > 0)
        out.push(
          componentConfigDocument({
            ...next(),
            label: kind,
            range,
            component: cc.component,
            componentSource: `kind ${kind}`,
            diagnostics,
          }),
        );
      continue;
    }
    const isKubeadm =
      kubeadm.kinds.includes(kind) || (kubeadm.apiGroup !== '' && apiVersion.startsWith(`${kubeadm.apiGroup}/`));
    if (!isKubeadm) {
      diagnostics.push({
        severity: 'warning',
        code: 'not-a-kubeadm-config',
        message: kind ? message('ingest.not-a-config', { kind }) : message('ingest.config-no-kind'),
        range: rangeOf(kindNode) ?? range,
      });
      out.push(unknownDocument({ ...next(), label: kind || 'YAML document', range, fields, diagnostics }));
      continue;
    }
    // the kubeadm document itself: its keys, and its own problems
    const label = kind || 'kubeadm configuration';
    out.push(kubeadmConfigDocument({ ...next(), label, range, fields, diagnostics }));
    const kv = doc.get('kubernetesVersion', true);
    if (isScalar(kv)) {
      const v = versionOfTag(String(kv.value));
      if (v) version = { version: v, source: `kubernetesVersion ${String(kv.value)}`, range: rangeOf(kv) };
    }
    for (const e of kubeadm.extraArgs) {
      const flags = extraArgFlags(doc, text, e.path, fileId);
      if (flags.length > 0) {
        const g = group('kubeadm-config', e.component, range, `${kind} ${e.path}`);
        for (const f of flags) g.flags.push(f);
      }
    }
    for (const k of kubeadm.fields) {
      const flag = configFlag(doc, text, k.path, k.flag, k.join, fileId);
      if (flag) group('kubeadm-config', k.component, range, `${kind} ${k.path}`).flags.push(flag);
    }
  }
  for (const g of groups.values()) {
    const versioned = g.kind === 'kubeadm-config' && kubeadm.versionedComponents.includes(g.component) ? version : null;
    const init = {
      ...next(),
      range: g.range,
      component: g.component,
      version: versioned,
      flags: g.flags.sort((a, b) => a.nameRange.start - b.nameRange.start),
      fields: g.fields,
    };
    out.push(
      g.kind === 'component-config'
        ? componentConfigDocument({
            ...init,
            label: `${g.sources.join(', ')} (${g.component})`,
            componentSource: `kind ${g.sources[0] ?? ''}`,
          })
        : kubeadmConfigDocument({
            ...init,
            label: `${g.component} (kubeadm configuration)`,
            componentSource: `kubeadm ${g.sources.join(', ')}`,
          }),
    );
  }
  return out;
}

/** A `kind:` line (YAML or JSON) naming one of `kinds`. */
function namesKind(text: string, kinds: readonly string[], facts: IngestFacts): boolean {
  if (kinds.length === 0) return false;
  const re = factsRegExp(facts.components, `kinds/${kinds.join(',')}`, () => kindLineRegExp(alternation(kinds)));
  return re.test(text);
}

/** `apiVersion: kubeadm.k8s.io/...` */
function inApiGroup(text: string, group: string, facts: IngestFacts): boolean {
  if (group === '') return false;
  const re = factsRegExp(
    facts.components,
    `api-group/${group}`,
    () => new RegExp(`apiVersion["']?\\s*:\\s*["']?${alternation([group])}\\/`),
  );
  return re.test(text);
}

function parse(ctx: ParseContext) {
  const documents = kubeadmConfigDocuments(ctx.file.text, ctx.file.id, ctx.configFields);
  return documentsOrNote(documents, ctx.file.text, {
    severity: 'info',
    code: 'no-configuration',
    message: message('ingest.no-config'),
  });
}

export const kubeadmConfigParser: FormatParser = {
  kind: 'kubeadm-config',
  detect(text, _fileName, facts) {
    const { kubeadm } = facts.configFields;
    return namesKind(text, kubeadm.kinds, facts) || inApiGroup(text, kubeadm.apiGroup, facts) ? 0.95 : 0;
  },
  parse,
};

export const componentConfigParser: FormatParser = {
  kind: 'component-config',
  detect(text, _fileName, facts) {
    const kinds = facts.configFields.componentConfigs.map((c) => c.kind);
    return namesKind(text, kinds, facts) ? 0.92 : 0;
  },
  parse,
};
