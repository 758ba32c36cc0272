/**
 * The effective configuration of a component instance: every flag of that component at that version, with the
 * value it runs with and where that value comes from - a flag written on its command line (`set`), a field of its
 * configuration file or of the kubeadm configuration (`config`), what kubeadm writes at that version when only
 * the kubeadm configuration is in the workspace (`kubeadm`), or the binary's default at that version (`default`).
 *
 * Who wins, per component (content/components.yaml `configFile`): the kubelet's flags override its
 * KubeletConfiguration; kube-proxy's and etcd's configuration file replaces their command line (except a few flags);
 * kube-scheduler ignores its six deprecated flags once `--config` names a file. A configuration file the command
 * does not load (no `--config`) is listed, not applied. The static Pod manifest is what runs: where the kubeadm
 * configuration says something else, the manifest wins and the difference is kept. A flag that is written several
 * times keeps the last value, except list and map flags, which pflag appends.
 *
 * What cannot be known is said, never guessed: a value written as a template expression (`{{ .Values.port }}`,
 * `${PORT}`, `$(POD_IP)`) is `templated`; when every command line of the instance was cut (a `ps` row at the
 * terminal's width, an ellipsized `systemctl status` line), a flag not read before the cut is `cut`: it may be written
 * after it, so it has no known value and no default applies. Likewise a template expression alone on its line among
 * the flags (`{{ toYaml .Values.extraArgs | nindent 4 }}`) may insert any flag: a flag not written is `templated`
 * there, with no value. A kubelet that loads a KubeletConfiguration takes that
 * file's defaults where they differ from the flags' (content/config-fields.yaml `defaults`: the read-only port 0,
 * anonymous authentication off, Webhook authorization). A flag deprecated only as a command-line flag in favour of
 * the configuration file (`deprecatedForConfigFile`) is deprecated where its value is written on the command line,
 * and fine taken from the file or on its default.
 */
import type { AnnotatedDocument, AnnotatedFlag } from '../annotate/annotate';
import { checkValue, differsFromDefault, templateExpression } from '../annotate/values';
import { statusOf } from '../knowledge/flagFacts';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import type { FlagCategory, FlagDoc, FlagStatus } from '../knowledge/types';
import type { DocumentId, Span } from '../model/span';
import type { ComponentId, SecretInfo } from '../model/types';
import type { ComponentInstance, InstanceRole } from './instances';
import { byKubeadm } from './distributions';

/** Started by a distribution that does not use kubeadm (k3s, RKE2, Talos). */
const notKubeadms = (i: ComponentInstance) => i.distribution !== undefined && !byKubeadm(i.distribution.name);

/**
 * Where the value in effect comes from. `cut`: not known, the instance's command line was cut before this flag could
 * be read (it may be written after the cut); `templated`: written as a template expression, filled in later.
 */
export type EffectiveSource = 'set' | 'config' | 'kubeadm' | 'default' | 'cut' | 'templated';

/** Why a value written somewhere is not the one in effect. */
export type OverrideReason =
  /** A later occurrence of the same flag replaced it. */
  | 'repeated'
  /** A command-line flag overrides the configuration file (the kubelet). */
  | 'flag-wins'
  /** The configuration file replaces the command line (kube-proxy, etcd). */
  | 'config-wins'
  /** The component ignores this flag once a configuration file is given (kube-scheduler). */
  | 'ignored-with-config'
  /** The command does not load this configuration file (no `--config`). */
  | 'config-not-loaded'
  /** The static Pod (what runs) says otherwise than the kubeadm configuration. */
  | 'manifest-wins';

export interface OverriddenValue {
  source: EffectiveSource;
  value: string | null;
  span: Span;
  reason: OverrideReason;
}

export interface EffectiveFlag {
  /** Canonical name without dashes (as written, for a flag the catalogue does not know). */
  name: string;
  /**
   * The value in effect, as written or as the default is printed; null: no value (no default, a bare flag, or not
   * known: `cut`). A `templated` value is the expression as written, not a value.
   */
  value: string | null;
  source: EffectiveSource;
  /** Where the value in effect is written (for `cut`: where the command line was cut); null for a default. */
  span: Span | null;
  /**
   * The default at the instance's version: the binary's, or the configuration file's where the component loads one
   * whose default differs (`configDefault`).
   */
  default: string | null;
  /** The default is the configuration file's (a kubelet with a KubeletConfiguration), not the flag's. */
  configDefault: boolean;
  /**
   * The flag's own default at the instance's version (differs from `default` only with `configDefault` or
   * `defaultBy`).
   */
  flagDefault: string | null;
  /** The default is what this distribution (k3s, RKE2) passes to the component, not the flag's (distributions.ts). */
  defaultBy?: string;
  /** What kubeadm writes at that version; null when kubeadm does not set it. */
  kubeadm: string | null;
  status: FlagStatus;
  /** The version the status dates from (deprecated in, removed in), when known. */
  statusVersion: string | null;
  category: FlagCategory | null;
  /** The entry says what to watch for security. */
  security: boolean;
  /** Against the default in effect (`default`); null when it cannot be told (a `cut` or `templated` value). */
  differsFromDefault: boolean | null;
  /**
   * Against kubeadm's value; null when kubeadm does not set it, sets a value of the node (`<nodeName>`), the instance
   * is a distribution's that does not use kubeadm (k3s, RKE2, Talos), or it cannot be told.
   */
  differsFromKubeadm: boolean | null;
  /** Values written elsewhere that are not in effect, and why. */
  overridden: OverriddenValue[];
  /** The value in effect is (part of) a secret: show its mask, never the value. */
  secret: SecretInfo | null;
}

/**
 * A flag where what a running process shows (a `ps` line, `kubectl describe`, `crictl inspect`) and the effective
 * configuration disagree: the manifest or unit changed since the process started, or the two are of different hosts.
 * `running`: the process shows the flag, the configuration does not set it to that value (its value in effect is
 * `effective`, from `source`); `not-running`: the configuration sets it (to a value other than the default), the
 * process was started without it.
 */
export interface ObservedDifference {
  name: string;
  kind: 'running' | 'not-running';
  /** As the process shows it; null for a bare flag, or not shown (`not-running`), or a secret. */
  observed: string | null;
  /** Where the process shows it (null: `not-running`). */
  observedSpan: Span | null;
  /** The value in effect (null: none, or a secret). */
  effective: string | null;
  source: EffectiveSource;
  /** Where the value in effect is written (null: a default). */
  effectiveSpan: Span | null;
  /** One of the two values is a secret: neither is kept. */
  secret: boolean;
}

/** What one runtime document of the instance shows, against the effective configuration. */
export interface ObservedProcess {
  documentId: DocumentId;
  /** The observation was cut (a `ps` row at the terminal's width): flags after the cut are not compared. */
  cut: boolean;
  /** How many flags it shows. */
  flags: number;
  differences: ObservedDifference[];
}

export interface EffectiveConfiguration {
  instance: ComponentInstance;
  /** The version the facts are for (null: unknown, the newest release's facts). */
  version: string | null;
  /** The configuration file the command names (`--config=/var/lib/kubelet/config.yaml`), when it names one. */
  configFile: { path: string; span: Span } | null;
  flags: EffectiveFlag[];
  /** The instance's runtime documents that are observations of its command (role `observed`), compared with it. */
  observed: ObservedProcess[];
}

/**
 * Whether a flag of this type adds to its earlier occurrences when repeated instead of replacing them. The
 * Kubernetes components parse with pflag and k8s.io/component-base/cli/flag: slice and array types append
 * (`strings`, `int32Slice`, the kubelet's `reserved-memory`), map types merge, a key given twice keeping its last
 * value (`stringToString`, `mapStringBool`, `<comma-separated 'key=value' pairs>`,
 * `colonSeparatedMultimapStringString`). Every other flag keeps its last value. etcd parses with Go's flag package
 * and its own list values, whose Set replaces the whole list (`--listen-client-urls`, `--cipher-suites`): there only
 * `--feature-gates` (component-base's gate map) merges. Without a component, the Kubernetes rules apply.
 */
export function appendsWhenRepeated(type: string, component?: ComponentId | null, repeatable = false): boolean {
  if (repeatable) return true;
  if (component === 'etcd') return type === 'mapStringBool';
  return /strings|Slice|Array|map[A-Z]|Map|stringToString|comma-separated|key=|^reserved-memory$/.test(type);
}

/** Whether a repeated flag of this type merges maps (rather than appending to a list); see appendsWhenRepeated. */
export function mergesWhenRepeated(type: string): boolean {
  return /map[A-Z]|Map|stringToString|key=/.test(type);
}

interface Written {
  flag: AnnotatedFlag;
  role: InstanceRole;
  span: Span;
}

const spanOfFlag = (f: AnnotatedFlag): Span => ({
  fileId: f.occurrence.fileId,
  range: f.occurrence.valueRange ?? f.occurrence.nameRange,
});

/** The value of one or more occurrences: the last, or all of them joined for a flag pflag appends. */
function combined(
  list: readonly Written[],
  doc: FlagDoc | null,
  component: ComponentId,
): { value: string | null; winner: Written } {
  const winner = list[list.length - 1]!;
  if (list.length > 1 && doc && appendsWhenRepeated(doc.type, component, doc.repeatable))
    return {
      // items of a repeatable flag hold commas themselves (cert,key): they are shown apart
      value: list
        .map((w) => w.flag.occurrence.value ?? '')
        .filter((v) => v !== '')
        .join(doc.repeatable ? ' ' : ','),
      winner,
    };
  return { value: winner.flag.occurrence.value, winner };
}

/**
 * The effective configuration of one instance. The catalogue of its component must be loaded
 * (`kb.loadFlags`); `documents` finds the annotated documents the instance lists.
 */
export function effectiveConfiguration(
  instance: ComponentInstance,
  documents: (id: DocumentId) => AnnotatedDocument | undefined,
  kb: KnowledgeBase,
): EffectiveConfiguration {
  const component = instance.component;
  const version = instance.version?.version ?? null;
  const info = kb.components.get(component);
  const catalogue = kb.catalogue(component);
  const byRole: Record<InstanceRole, Map<string, Written[]>> = {
    command: new Map(),
    config: new Map(),
    kubeadm: new Map(),
    observed: new Map(),
  };
  for (const d of instance.documents) {
    const a = documents(d.documentId);
    if (!a) continue;
    for (const f of a.flags) {
      const name = f.canonical ?? f.occurrence.name;
      const list = byRole[d.role].get(name) ?? [];
      list.push({ flag: f, role: d.role, span: spanOfFlag(f) });
      byRole[d.role].set(name, list);
    }
  }
  const hasCommand = instance.documents.some((d) => d.role === 'command');
  // Where every command document of the instance says something is not known after a point (null: one of them is
  // whole): the first such place.
  const unknownAfter = (code: 'command-truncated' | 'template-inserted'): Span | null => {
    let at: Span | null = null;
    for (const d of instance.documents) {
      if (d.role !== 'command') continue;
      const found = documents(d.documentId)?.document.diagnostics.find((x) => x.code === code);
      if (!found) return null;
      at ??= { fileId: d.fileId, range: found.range };
    }
    return at;
  };
  // every command line was cut: what comes after the cut is not known
  const cutAt = unknownAfter('command-truncated');
  // every command document has a template expression that inserts text among its flags (`{{ toYaml .Values.args }}`):
  // a flag not written may be inserted there, so it is not known to be on its default
  const insertedAt = unknownAfter('template-inserted');
  const configFlag = info?.configFile?.flag ?? null;
  const configWritten = configFlag ? byRole.command.get(configFlag) : undefined;
  const configPath = configWritten?.[configWritten.length - 1];
  // the configuration file applies when the command names one, or when there is no command to say
  const configLoaded = !hasCommand || configPath !== undefined;
  const flagsWin = info?.configFile?.flagsWin ?? true;
  // the configuration file's own defaults, where the component loads one: it names one, or it is all there is
  const loadsConfigFile =
    configPath !== undefined ||
    (!hasCommand && instance.documents.some((d) => d.role === 'config' || d.role === 'kubeadm'));
  const fileDefaults = new Map<string, string>();
  if (loadsConfigFile)
    for (const cc of kb.ingestFacts.configFields.componentConfigs) {
      if (cc.component !== component || !cc.defaults) continue;
      for (const [path, value] of cc.defaults) {
        const to = cc.fields.get(path)?.flag;
        if (to && !fileDefaults.has(to)) fileDefaults.set(to, value);
      }
    }

  const names = new Set<string>();
  for (const doc of catalogue?.flags.values() ?? []) names.add(doc.name);
  for (const [role, m] of Object.entries(byRole)) if (role !== 'observed') for (const n of m.keys()) names.add(n);

  const flags: EffectiveFlag[] = [];
  for (const name of names) {
    const facts = kb.flagFacts(component, name, version);
    const doc = facts?.doc ?? catalogue?.flags.get(name) ?? null;
    const command = byRole.command.get(name) ?? [];
    const config = byRole.config.get(name) ?? [];
    const kubeadm = byRole.kubeadm.get(name) ?? [];
    const written = command.length + config.length + kubeadm.length > 0;
    const versionStatus: FlagStatus = facts ? facts.status : 'unknown';
    // flags of another release are listed only where they are written
    if (!written && (versionStatus === 'not-yet' || versionStatus === 'removed')) continue;

    const overridden: OverriddenValue[] = [];
    const override = (list: readonly Written[], reason: OverrideReason, source: EffectiveSource) => {
      for (const w of list) overridden.push({ source, value: w.flag.occurrence.value, span: w.span, reason });
    };
    let chosen: { value: string | null; winner: Written; source: EffectiveSource } | null = null;

    const commandIgnored =
      command.length > 0 &&
      configPath !== undefined &&
      name !== configFlag &&
      (flagsWin
        ? (info?.configFile?.ignoredWithConfig.includes(name) ?? false)
        : !(info?.configFile?.stillRead.includes(name) ?? false));
    if (command.length > 0 && !commandIgnored) {
      chosen = { ...combined(command, doc, component), source: 'set' };
      override(configLoaded ? config : [], 'flag-wins', 'config');
      override(kubeadm, 'manifest-wins', 'config');
    } else {
      if (commandIgnored) override(command, flagsWin ? 'ignored-with-config' : 'config-wins', 'set');
      if (config.length > 0 && configLoaded) {
        chosen = { ...combined(config, doc, component), source: 'config' };
        override(kubeadm, 'manifest-wins', 'config');
      } else if (kubeadm.length > 0 && !hasCommand) {
        chosen = { ...combined(kubeadm, doc, component), source: 'config' };
      } else {
        override(kubeadm, 'manifest-wins', 'config');
      }
      if (!configLoaded) override(config, 'config-not-loaded', 'config');
    }
    // the losing occurrences of a scalar flag written twice
    if (chosen && !(doc && appendsWhenRepeated(doc.type, component, doc.repeatable))) {
      const same =
        chosen.source === 'set' ? command : chosen.source === 'config' && config.length > 0 ? config : kubeadm;
      override(
        same.filter((w) => w !== chosen.winner),
        'repeated',
        chosen.source,
      );
    }

    const kubeadmValue = facts?.kubeadm ?? null;
    // kubeadm's value names a setting of the node (`<advertiseAddress>`): no written value can be told from it; a
    // component k3s, RKE2 or Talos starts is not kubeadm's to compare with
    const kubeadmComparable = kubeadmValue !== null && !/<[^<>]+>/.test(kubeadmValue) && !notKubeadms(instance);
    const isKubeadmManaged = instance.documents.some((d) => d.role === 'kubeadm');
    const flagDefault = facts?.default ?? doc?.default ?? null;
    const fileDefault = fileDefaults.get(name);
    const configDefault = fileDefault !== undefined && fileDefault !== flagDefault;
    const distributionDefault = instance.distribution?.defaults[name];
    const dflt = distributionDefault ?? (configDefault ? fileDefault : flagDefault);
    let value: string | null;
    let source: EffectiveSource;
    let span: Span | null;
    if (chosen) {
      value = chosen.value;
      source = templateExpression(chosen.value) !== null ? 'templated' : chosen.source;
      span = chosen.winner.span;
    } else if (cutAt) {
      value = null;
      source = 'cut';
      span = cutAt;
    } else if (insertedAt) {
      value = null;
      source = 'templated';
      span = insertedAt;
    } else if (isKubeadmManaged && !hasCommand && kubeadmValue !== null) {
      value = kubeadmValue;
      source = 'kubeadm';
      span = null;
    } else {
      value = dflt;
      source = 'default';
      span = null;
    }
    // deprecated only as a command-line flag: judged where the value in effect is written
    const status: FlagStatus = !facts
      ? 'unknown'
      : chosen
        ? statusOf(facts, chosen.winner.flag.occurrence.origin)
        : facts.status === 'deprecated' && facts.doc.deprecatedForConfigFile
          ? 'ok'
          : facts.status;
    const known = source !== 'cut' && source !== 'templated';
    const parsed = doc && known ? checkValue(doc, value, facts).parsed : null;
    const effectiveDoc = doc && (configDefault || distributionDefault !== undefined) ? { ...doc, default: dflt } : doc;
    flags.push({
      name,
      value,
      source,
      span,
      default: dflt,
      configDefault,
      flagDefault,
      ...(distributionDefault !== undefined ? { defaultBy: instance.distribution!.name } : {}),
      kubeadm: kubeadmValue,
      status,
      statusVersion: status === versionStatus ? (facts?.statusVersion ?? null) : null,
      category: doc?.category ?? null,
      security: Boolean(doc?.security),
      differsFromDefault:
        !effectiveDoc || !known ? null : source === 'default' ? false : differsFromDefault(effectiveDoc, value, parsed),
      differsFromKubeadm:
        !doc || !kubeadmComparable || !known
          ? null
          : differsFromDefault({ ...doc, default: kubeadmValue }, value, parsed),
      overridden,
      secret: chosen
        ? ((chosen.source === 'set' ? command : config.length > 0 ? config : kubeadm).find((w) => w.flag.secret)?.flag
            .secret ?? null)
        : null,
    });
  }
  flags.sort((a, b) => a.name.localeCompare(b.name));
  const observed = instance.documents
    .filter((d) => d.role === 'observed')
    .flatMap((d) => {
      const a = documents(d.documentId);
      return a ? [observeProcess(a, flags, component, version, kb)] : [];
    });
  return {
    instance,
    version,
    configFile:
      configPath && configPath.flag.occurrence.value
        ? { path: configPath.flag.occurrence.value, span: configPath.span }
        : null,
    flags,
    observed,
  };
}

/** Whether `observed` (as a process shows it) is another value than `effective` for this flag. */
function differs(
  doc: FlagDoc | null,
  facts: ReturnType<KnowledgeBase['flagFacts']>,
  observed: string | null,
  effective: string | null,
): boolean {
  if (!doc) return (observed ?? 'true') !== (effective ?? 'true');
  const parsed = checkValue(doc, observed, facts).parsed;
  const d = differsFromDefault({ ...doc, default: effective }, observed, parsed);
  return d ?? (observed ?? '') !== (effective ?? '');
}

/** What one runtime document shows against the effective configuration of its instance. */
function observeProcess(
  a: AnnotatedDocument,
  flags: readonly EffectiveFlag[],
  component: ComponentId,
  version: string | null,
  kb: KnowledgeBase,
): ObservedProcess {
  const cut = a.document.diagnostics.some((x) => x.code === 'command-truncated');
  const shown = new Map<string, Written[]>();
  for (const f of a.flags) {
    const name = f.canonical ?? f.occurrence.name;
    const list = shown.get(name) ?? [];
    list.push({ flag: f, role: 'observed', span: spanOfFlag(f) });
    shown.set(name, list);
  }
  const byName = new Map(flags.map((f) => [f.name, f]));
  const differences: ObservedDifference[] = [];
  for (const [name, list] of shown) {
    const e = byName.get(name);
    if (e && (e.source === 'cut' || e.source === 'templated')) continue;
    const facts = kb.flagFacts(component, name, version);
    const doc = facts?.doc ?? kb.catalogue(component)?.flags.get(name) ?? null;
    // a flag the catalogue does not know is said once, as an unknown flag, not again as a difference
    if (!doc && kb.catalogue(component)) continue;
    const { value, winner } = combined(list, doc, component);
    if (templateExpression(value) !== null) continue;
    const effective = e?.value ?? null;
    if (e && !differs(doc, facts, value, effective)) continue;
    const secret = Boolean(winner.flag.secret || e?.secret);
    differences.push({
      name,
      kind: 'running',
      observed: secret ? null : value,
      observedSpan: winner.span,
      effective: secret ? null : effective,
      source: e?.source ?? 'default',
      effectiveSpan: e?.span ?? null,
      secret,
    });
  }
  // what the configuration sets and the process was not started with (unknowable after a cut)
  if (!cut)
    for (const e of flags) {
      if (e.source !== 'set' || shown.has(e.name) || e.differsFromDefault === false) continue;
      differences.push({
        name: e.name,
        kind: 'not-running',
        observed: null,
        observedSpan: null,
        effective: e.secret ? null : e.value,
        source: e.source,
        effectiveSpan: e.span,
        secret: e.secret !== null,
      });
    }
  differences.sort((x, y) => x.name.localeCompare(y.name));
  return { documentId: a.document.id, cut, flags: a.flags.length, differences };
}
