/**
 * The audit evaluator: every check of the table (checks.ts) against every component instance of its component,
 * over the instance's effective configuration (src/effective), so every input form is read alike: a static Pod's
 * `command` and `args`, a binary path or a hyperkube subcommand, `--flag value`, env files behind a unit, `ps` lines,
 * kubeadm extraArgs, KubeletConfiguration fields.
 *
 * A check applies where its flags exist at the instance's version (the flag catalogues' versioned facts) and where
 * its advice holds (`versions`); otherwise it is not applicable, with the reason. An absent flag is judged by its
 * default at that version; a kubelet that loads a KubeletConfiguration gets the configuration file's defaults, which
 * differ from the flags' for anonymous auth, the authorization mode and the read-only port (the effective stage
 * applies them, from content/config-fields.yaml).
 *
 * A value that is not known is never passed or failed: a flag after the cut of a cut command line (effective source
 * `cut`) or a template expression (`templated`). A check whose verdict rests on one is manual: a person looks at
 * the value on the node. Only a verdict that no unknown value could change stands: an `any` that passes, or an `all`
 * that fails, on a known value.
 */
import type { AnnotatedDocument } from '../../annotate/annotate';
import {
  byKubeadm,
  cachedEffectiveConfiguration,
  type ComponentInstance,
  type EffectiveConfiguration,
} from '../../effective';
import type { KnowledgeBase } from '../../knowledge/knowledgeBase';
import type { ComponentId, IngestedFile } from '../../model/types';
import type { DocumentId, FileId, Span } from '../../model/span';
import { compareVersions } from '../../util/version';
import { unknownFlood } from '../flagChecks';
import { CHECKS } from './checks';
import { computeFix } from './fix';
import { manual } from './conditions';
import type {
  AuditActual,
  AuditPeers,
  AuditResult,
  BenchmarkId,
  CheckContext,
  CheckDef,
  FlagView,
  NotApplicableReason,
  Verdict,
} from './model';

export interface AuditInput {
  files: readonly { file: IngestedFile; documents: readonly AnnotatedDocument[] }[];
  instances: readonly ComponentInstance[];
  kb: KnowledgeBase;
  /** The text of a workspace file, for the fixes' edits. */
  text: (fileId: FileId) => string | undefined;
}

export interface AuditOptions {
  /** The benchmark whose numbers and variants to use; by default the one matching the cluster's version. */
  benchmark?: BenchmarkId;
  /** Only these checks (tests). */
  checks?: readonly CheckDef[];
}

export interface AuditModel {
  benchmark: BenchmarkId;
  /** Why that benchmark: asked for, or the cluster's version (`version`: the newest Kubernetes version seen). */
  benchmarkReason: { kind: 'asked' } | { kind: 'version'; version: string | null };
  results: AuditResult[];
}

/**
 * Defaults the binaries apply that the flag catalogues leave as "none" because they depend on another flag: the API
 * server authorizes with AlwaysAllow when neither --authorization-mode nor --authorization-config is given.
 */
const IMPLICIT_DEFAULTS: Partial<Record<ComponentId, Record<string, { value: string; unless: string }>>> = {
  'kube-apiserver': { 'authorization-mode': { value: 'AlwaysAllow', unless: 'authorization-config' } },
};

/** The benchmark that matches a Kubernetes version, as kube-bench maps them (1.35 and later: the newest). */
export function benchmarkFor(version: string | null): BenchmarkId {
  if (version === null) return 'cis-1.12';
  if (compareVersions(version, '1.32') < 0) return 'cis-1.11';
  if (compareVersions(version, '1.35') < 0) return 'cis-1.12';
  return 'cis-2.0';
}

/** Made by kubeadm: a kubeadm document describes it, or its static Pod carries kubeadm's annotations or labels. */
function madeByKubeadm(instance: ComponentInstance, documents: ReadonlyMap<DocumentId, AnnotatedDocument>): boolean {
  // k3s, RKE2 and Talos start the components themselves (RKE2's static Pods carry the same labels)
  if (instance.distribution && !byKubeadm(instance.distribution.name)) return false;
  return instance.documents.some((d) => {
    if (d.role === 'kubeadm') return true;
    const doc = documents.get(d.documentId)?.document;
    if (doc?.kind === 'static-pod')
      return doc.fields.some(
        (f) =>
          f.path.startsWith('metadata.annotations.kubeadm.kubernetes.io/') ||
          (f.path === 'metadata.labels.tier' && f.value === 'control-plane'),
      );
    if (doc?.kind === 'systemd-unit') return /kubeadm/.test(doc.label);
    return false;
  });
}

const isKubernetes = (c: ComponentId) => c !== 'etcd';

/** The audit of a workspace: one result per applicable check and instance. */
export function runAudit(input: AuditInput, options: AuditOptions = {}): AuditModel {
  const documents = new Map<DocumentId, AnnotatedDocument>();
  const fileNames = new Map<FileId, string>();
  for (const f of input.files) {
    fileNames.set(f.file.fileId, f.file.name);
    for (const d of f.documents) documents.set(d.document.id, d);
  }
  const versions = input.instances
    .filter((i) => isKubernetes(i.component) && i.version?.version)
    .map((i) => i.version!.version)
    .sort(compareVersions);
  const newest = versions[versions.length - 1] ?? null;
  const benchmark = options.benchmark ?? benchmarkFor(newest);
  const checks = options.checks ?? CHECKS;
  const effectives = new Map(input.instances.map((i) => [i, cachedEffectiveConfiguration(i, documents, input.kb)]));
  const clusterByKubeadm = input.instances.some((i) => madeByKubeadm(i, documents));

  const byNameOf = new Map<ComponentInstance, Map<string, EffectiveConfiguration['flags'][number]>>();
  const flagsOf = (instance: ComponentInstance) => {
    let m = byNameOf.get(instance);
    if (!m) byNameOf.set(instance, (m = new Map(effectives.get(instance)!.flags.map((f) => [f.name, f]))));
    return m;
  };
  const byComponent = new Map<ComponentId, ComponentInstance[]>();
  for (const i of input.instances) byComponent.set(i.component, [...(byComponent.get(i.component) ?? []), i]);
  const viewsOf = new Map<ComponentInstance, (name: string) => FlagView>();
  const viewFn = (instance: ComponentInstance): ((name: string) => FlagView) => {
    const cached = viewsOf.get(instance);
    if (cached) return cached;
    const e = effectives.get(instance)!;
    const byName = flagsOf(instance);
    const version = e.version;
    const memo = new Map<string, FlagView>();
    const fn = (name: string): FlagView => {
      const hit = memo.get(name);
      if (hit) return hit;
      const f = byName.get(name);
      const facts = input.kb.flagFacts(instance.component, name, version);
      const exists = facts !== null && facts.status !== 'removed' && facts.status !== 'not-yet';
      let view: FlagView;
      if (f && f.source !== 'default') {
        view = {
          name,
          value: f.value,
          source: f.source,
          // a flag after the cut is not known to be written
          written: f.source !== 'cut',
          span: f.span,
          default: f.default,
          exists,
          status: f.status,
          statusVersion: f.statusVersion,
          configDefault: false,
          ...(f.source === 'cut' || f.source === 'templated' ? { unknown: f.source } : {}),
        };
      } else {
        const configDefault = f?.configDefault ? (f.default ?? undefined) : undefined;
        const implicit = IMPLICIT_DEFAULTS[instance.component]?.[name];
        const implied =
          implicit && !(byName.get(implicit.unless)?.source !== 'default' && byName.has(implicit.unless))
            ? implicit.value
            : null;
        const dflt = configDefault ?? f?.default ?? facts?.default ?? implied ?? null;
        view = {
          name,
          value: dflt,
          source: 'default',
          // what a distribution (k3s, RKE2) passes is on the component's command line, though not in the workspace
          written: Boolean(f?.defaultBy),
          span: null,
          default: dflt,
          exists,
          status: facts?.status ?? 'unknown',
          statusVersion: facts?.statusVersion ?? null,
          configDefault: configDefault !== undefined,
          ...(f?.defaultBy ? { defaultBy: f.defaultBy } : {}),
        };
      }
      memo.set(name, view);
      return view;
    };
    viewsOf.set(instance, fn);
    return fn;
  };

  // a workspace file by the path a flag names: its name is the path, or ends with it (`cp1/etc/...`), or is the
  // path's last part alone when no other file has that name
  const fileAt = (path: string): { name: string; text: string } | null => {
    if (!path.startsWith('/')) return null;
    const base = path.slice(path.lastIndexOf('/') + 1);
    const found =
      input.files.find((f) => f.file.name === path || f.file.name.endsWith(path)) ??
      (() => {
        const byBase = input.files.filter((f) => f.file.name === base);
        return byBase.length === 1 ? byBase[0] : undefined;
      })();
    const text = found ? input.text(found.file.fileId) : undefined;
    return found && text !== undefined ? { name: found.file.name, text } : null;
  };

  const results: AuditResult[] = [];
  for (const instance of input.instances) {
    // a document that is mostly unknown flags is probably not this component's command (unknown-flag-flood): no audit
    if (
      instance.documents.some((d) => {
        const a = documents.get(d.documentId);
        return d.role === 'command' && a !== undefined && unknownFlood(a) > 0;
      })
    )
      continue;
    const e = effectives.get(instance)!;
    const flag = viewFn(instance);
    const hostKey = instance.host?.name ?? instance.host?.addresses[0] ?? null;
    const commandDoc = instance.documents.find((d) => d.role === 'command') ?? instance.documents[0] ?? null;
    // the unknown values (cut, templated) the condition of the check being judged read
    const unknownRead: { view: FlagView; own: boolean }[] = [];
    const read = (view: FlagView, own: boolean): FlagView => {
      if (view.unknown) unknownRead.push({ view, own });
      return view;
    };
    const ctx: CheckContext = {
      component: instance.component,
      version: e.version,
      benchmark,
      commandFile: commandDoc ? (fileNames.get(commandDoc.fileId) ?? null) : null,
      withoutEtcd: instance.distribution?.datastore === 'kine' ? instance.distribution.name : null,
      flag: (name) => read(flag(name), true),
      file: (path) => fileAt(path),
      other: (component, name) => {
        const others = byComponent.get(component) ?? [];
        const same = others.find((i) => (i.host?.name ?? i.host?.addresses[0] ?? null) === hostKey) ?? others[0];
        return same ? read(viewFn(same)(name), false) : null;
      },
    };
    const kubeadm =
      (clusterByKubeadm && !(instance.distribution && !byKubeadm(instance.distribution.name))) ||
      madeByKubeadm(instance, documents);
    const commandAnchor: Span | null = commandDoc
      ? (() => {
          const doc = documents.get(commandDoc.documentId)?.document;
          return { fileId: commandDoc.fileId, range: doc?.binaryRange ?? commandDoc.range };
        })()
      : null;

    for (const check of checks) {
      if (check.component !== instance.component) continue;
      const numbered = Object.keys(check.peers.cis).some((k) => k.startsWith('cis-1.1') || k === 'cis-2.0');
      if (numbered && check.peers.cis[benchmark] === undefined) continue;

      // not applicable: the expectation is still the condition's (what it would ask for), with no change to make
      const na = notApplicable(check, ctx);
      unknownRead.length = 0;
      const tested: Verdict = check.manual ? manual(check.manual(ctx)) : check.test ? check.test(ctx) : manual(null);
      const judged = withUnknown(tested, unknownRead, (name) => ctx.flag(name));
      const verdict: Verdict = na
        ? {
            ...judged,
            status: 'not-applicable',
            flag: judged.flag ?? check.flags[0] ?? null,
            change: null,
            notApplicable: na,
          }
        : judged;

      const toActual = (name: string): AuditActual => {
        const v = flag(name);
        return {
          flag: name,
          value: v.value,
          source: v.source,
          span: v.span,
          default: v.default,
          version: e.version,
          ...(v.configDefault ? { configDefault: true } : {}),
          ...(v.defaultBy ? { defaultBy: v.defaultBy } : {}),
        };
      };
      const deciding = verdict.flag ?? check.flags[0] ?? null;
      const actual = deciding !== null ? toActual(deciding) : null;
      const view = deciding !== null ? flag(deciding) : null;
      const fix =
        verdict.status === 'fail' && verdict.change
          ? computeFix(verdict.change, {
              effective: e,
              documents,
              text: input.text,
              kubeadm,
              fieldOf: (name) => {
                const i = (check.flags as readonly string[]).indexOf(name);
                return i >= 0 ? (check.fields?.[i] ?? null) : null;
              },
            })
          : null;
      const effFlag = deciding !== null ? flagsOf(instance).get(deciding) : undefined;
      const kubeadmDefault =
        kubeadm &&
        verdict.status === 'fail' &&
        (view === null ||
          view.source === 'kubeadm' ||
          (view.source === 'default' && (effFlag?.kubeadm ?? null) === null) ||
          effFlag?.differsFromKubeadm === false);
      results.push({
        id: check.id,
        component: instance.component,
        instanceId: instance.id,
        host: instance.host?.name ?? instance.host?.addresses[0] ?? null,
        status: verdict.status,
        severity: check.severity,
        section: check.section,
        actual,
        read: check.flags.map((f) => toActual(f)),
        expected: verdict.expected,
        notApplicable: verdict.notApplicable ?? null,
        fix,
        kubeadmDefault,
        peers: peersOf(check, benchmark),
        anchor: view?.span ?? commandAnchor,
        documentId: commandDoc?.documentId ?? null,
      });
    }
  }
  return {
    benchmark,
    benchmarkReason: options.benchmark ? { kind: 'asked' } : { kind: 'version', version: newest },
    results,
  };
}

/**
 * A verdict that rests on a value not known (a flag after the cut of a command line, a template expression) is
 * manual, on the first such flag of the instance; it stands only where no unknown value could change it: an `any`
 * that passes, or an `all` that fails, on a known value of the instance.
 */
function withUnknown(
  v: Verdict,
  unknown: readonly { view: FlagView; own: boolean }[],
  flag: (name: string) => FlagView,
): Verdict {
  if (unknown.length === 0 || (v.status !== 'pass' && v.status !== 'fail')) return v;
  const decidedBy = v.flag !== null ? flag(v.flag) : null;
  const stands =
    decidedBy !== null &&
    !decidedBy.unknown &&
    ((v.expected.kind === 'any' && v.status === 'pass') || (v.expected.kind === 'all' && v.status === 'fail'));
  if (stands) return v;
  const own = unknown.find((u) => u.own)?.view.name;
  return { ...v, status: 'manual', flag: decidedBy?.unknown ? v.flag : (own ?? v.flag), change: null };
}

function notApplicable(check: CheckDef, c: CheckContext): NotApplicableReason | null {
  // the API server's etcd client flags and etcd's own checks, on a cluster with no etcd (k3s over kine)
  if (c.withoutEtcd && (check.component === 'etcd' || check.flags.some((f) => f.startsWith('etcd-'))))
    return { kind: 'no-etcd', distribution: c.withoutEtcd };
  if (check.versions && isKubernetes(check.component)) {
    const { until, since, what, kind } = check.versions;
    // with no version, the newest release's facts; an old cluster's `ps` line that names it is judged
    const named = check.flags.some((f) => {
      const v = c.flag(f);
      return v.written && (v.value ?? '').split(',').some((x) => x.trim() === what);
    });
    if (until && (c.version ? compareVersions(c.version, until) >= 0 : !named)) return { kind, what, version: until };
    if (since && c.version && compareVersions(c.version, since) < 0) return { kind: 'obsolete', what, version: since };
  }
  if (check.flags.length === 0) return null;
  const views = check.flags.map((f) => c.flag(f));
  if (views.some((v) => v.exists)) return null;
  // no version: a flag written on an old cluster's command line is still judged
  if (c.version === null && views.some((v) => v.written)) return null;
  const first = views[0]!;
  return first.status === 'not-yet'
    ? { kind: 'flag-not-yet', flag: first.name, version: first.statusVersion }
    : { kind: 'flag-removed', flag: first.name, version: first.statusVersion };
}

function peersOf(check: CheckDef, benchmark: BenchmarkId): AuditPeers {
  const own = check.peers.cis[benchmark];
  const cis = own ? [`${benchmark} ${own}`] : Object.entries(check.peers.cis).map(([b, n]) => `${b} ${n}`);
  return {
    cis,
    kubeBench: check.peers.kubeBench ?? [],
    checkov: check.peers.checkov ?? [],
    kubescape: check.peers.kubescape ?? [],
    trivy: check.peers.trivy ?? [],
  };
}
