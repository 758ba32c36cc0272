/**
 * The facts ingest recognises components and settings by: content/components.yaml (per component,
 * plus `wrappers` and `envVariablePrefixes`), content/config-fields.yaml (configuration fields
 * that stand for flags) and content/secrets.yaml (where secrets are written). Checked as they are read: a bad entry (unknown component, a pattern that is
 * no regular expression, a port out of range) becomes a content problem and is left out, never a crash.
 */
import { parse as parseYaml } from 'yaml';
import { COMPONENT_IDS, type ComponentId, type DocumentKind, type SecretKind } from '../model/types';
import {
  emptyConfigFieldFacts,
  emptySecretFacts,
  type ComponentConfigKind,
  type ComponentInfo,
  type ConfigFieldFacts,
  type DistributionFacts,
  type ConfigFileFacts,
  type FieldFlag,
  type FieldJoin,
  type IngestFacts,
  type KubeadmFieldFlag,
  type PortFact,
  type SecretCsvFile,
  type SecretFacts,
  type SecretField,
  type SecretPattern,
  type SecretRule,
} from '../model/components';
import type { ContentReader } from './reader';
import { isComponentId, type ContentProblem } from './validate';
import { isWellFormedVersion } from '../util/version';
import { scalarText } from '../util/strings';

export const COMPONENTS_FILE = 'components.yaml';
export const CONFIG_FIELDS_FILE = 'config-fields.yaml';
export const SECRETS_FILE = 'secrets.yaml';

const COMPONENT_KEYS = new Set([
  'binaries',
  'imageNames',
  'processNames',
  'envVariables',
  'envVariablePatterns',
  'usuallyUnsetVariables',
  'envFileNames',
  'flagEnvPrefix',
  'ports',
  'versioning',
  'reference',
  'shared',
  'normalizeUnderscores',
  'catalogueVersion',
  'configFile',
]);
const PORT_KEYS = new Set(['port', 'flag', 'purpose', 'tls', 'deprecated', 'removed', 'identifies']);
const JOINS: readonly FieldJoin[] = ['list', 'eq', 'lt'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reports problems of one content file. */
class Checker {
  constructor(
    readonly source: string,
    private readonly problems: ContentProblem[],
  ) {}

  problem(entry: string, message: string): void {
    this.problems.push({ source: this.source, entry, message });
  }

  /** A list of strings (absent: empty). */
  strings(entry: string, key: string, v: unknown): string[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x === '')) {
      this.problem(entry, `${key} must be a list of names`);
      return [];
    }
    return v as string[];
  }

  component(entry: string, v: unknown): ComponentId | null {
    if (v === undefined || v === null) {
      this.problem(entry, 'component is required');
      return null;
    }
    const id = scalarText(v);
    if (isComponentId(id, COMPONENT_IDS)) return id;
    this.problem(entry, `unknown component "${id}"`);
    return null;
  }

  unknownKeys(entry: string, raw: Record<string, unknown>, known: ReadonlySet<string>): void {
    for (const key of Object.keys(raw)) if (!known.has(key)) this.problem(entry, `unknown field "${key}"`);
  }

  version(entry: string, key: string, v: unknown): string | null {
    if (v === undefined || v === null) return null;
    const s = scalarText(v);
    if (isWellFormedVersion(s)) return s;
    this.problem(entry, `${key} must be a version like "1.24", got "${s}"`);
    return null;
  }
}

function readPatterns(c: Checker, id: string, v: unknown): string[] {
  return c.strings(id, 'envVariablePatterns', v).filter((source) => {
    try {
      new RegExp(source);
      return true;
    } catch (e) {
      c.problem(id, `envVariablePatterns: not a regular expression: ${(e as Error).message}`);
      return false;
    }
  });
}

function readPorts(c: Checker, id: string, v: unknown): PortFact[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    c.problem(id, 'ports must be a list');
    return [];
  }
  const out: PortFact[] = [];
  for (const raw of v) {
    if (!isRecord(raw)) {
      c.problem(id, 'each port must be a map with port, flag, purpose, tls');
      continue;
    }
    const entry = `${id} port ${scalarText(raw.port)}`;
    c.unknownKeys(entry, raw, PORT_KEYS);
    const port = raw.port;
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
      c.problem(entry, 'port must be a number from 1 to 65535');
      continue;
    }
    if (typeof raw.tls !== 'boolean') c.problem(entry, 'tls must be true or false');
    const flag = raw.flag === undefined || raw.flag === null ? null : scalarText(raw.flag);
    if (flag !== null && !/^[a-z0-9][a-z0-9_.-]*$/i.test(flag)) c.problem(entry, 'flag must be written without dashes');
    out.push({
      port,
      flag,
      purpose: scalarText(raw.purpose),
      tls: raw.tls === true,
      deprecated: c.version(entry, 'deprecated', raw.deprecated),
      removed: c.version(entry, 'removed', raw.removed),
      identifies: raw.identifies !== false,
    });
  }
  return out;
}

function readComponent(c: Checker, id: ComponentId, v: Record<string, unknown>): ComponentInfo {
  c.unknownKeys(id, v, COMPONENT_KEYS);
  const list = (key: string) => c.strings(id, key, v[key]);
  const prefix = v.flagEnvPrefix === undefined || v.flagEnvPrefix === null ? null : scalarText(v.flagEnvPrefix);
  if (prefix !== null && !/^[A-Z][A-Z0-9_]*_$/.test(prefix))
    c.problem(id, `flagEnvPrefix must be upper case and end with "_", got "${prefix}"`);
  return {
    id,
    binaries: list('binaries'),
    imageNames: list('imageNames'),
    processNames: list('processNames'),
    envVariables: list('envVariables'),
    envVariablePatterns: readPatterns(c, id, v.envVariablePatterns),
    usuallyUnsetVariables: list('usuallyUnsetVariables'),
    envFileNames: list('envFileNames'),
    flagEnvPrefix: prefix !== null && /^[A-Z][A-Z0-9_]*_$/.test(prefix) ? prefix : null,
    ports: readPorts(c, id, v.ports),
    versioning: v.versioning === 'etcd' ? 'etcd' : 'kubernetes',
    reference: scalarText(v.reference),
    shared: list('shared'),
    normalizeUnderscores: v.normalizeUnderscores !== false,
    catalogueVersion: scalarText(v.catalogueVersion),
    configFile: readConfigFile(c, id, v.configFile),
  };
}

function readConfigFile(c: Checker, id: ComponentId, raw: unknown): ConfigFileFacts | null {
  if (raw === undefined || raw === null) return null;
  if (!isRecord(raw) || typeof raw.flag !== 'string' || typeof raw.flagsWin !== 'boolean') {
    c.problem(id, 'configFile needs flag (a flag name) and flagsWin (true or false)');
    return null;
  }
  c.unknownKeys(`${id}.configFile`, raw, new Set(['flag', 'flagsWin', 'stillRead', 'ignoredWithConfig']));
  return {
    flag: raw.flag,
    flagsWin: raw.flagsWin,
    stillRead: c.strings(id, 'configFile.stillRead', raw.stillRead),
    ignoredWithConfig: c.strings(id, 'configFile.ignoredWithConfig', raw.ignoredWithConfig),
  };
}

function parseContent(c: Checker, text: string): unknown {
  try {
    return parseYaml(text);
  } catch (e) {
    c.problem('', `not valid YAML: ${(e as Error).message}`);
    return null;
  }
}

/** components.yaml: the component table and the facts shared by all components. */
export function readComponents(
  text: string,
  problems: ContentProblem[],
): Pick<IngestFacts, 'components' | 'wrappers' | 'envVariablePrefixes'> {
  const c = new Checker(COMPONENTS_FILE, problems);
  const raw = parseContent(c, text);
  const components = new Map<ComponentId, ComponentInfo>();
  let wrappers: string[] = [];
  let envVariablePrefixes: string[] = [];
  if (isRecord(raw)) {
    for (const [key, v] of Object.entries(raw)) {
      if (key === 'wrappers') wrappers = c.strings(key, key, v);
      else if (key === 'envVariablePrefixes') envVariablePrefixes = c.strings(key, key, v);
      else if (!isComponentId(key, COMPONENT_IDS) || !isRecord(v)) c.problem(key, 'unknown component');
      else components.set(key, readComponent(c, key, v));
    }
  } else if (raw !== null) c.problem('', 'file must hold a map of components');
  return { components, wrappers, envVariablePrefixes };
}

function readFieldFlag(c: Checker, entry: string, v: unknown): FieldFlag | null {
  if (typeof v === 'string' && v !== '') return { flag: v };
  if (!isRecord(v) || typeof v.flag !== 'string' || v.flag === '') {
    c.problem(entry, 'must be a flag name or a map { flag, join }');
    return null;
  }
  const out: FieldFlag = { flag: v.flag };
  if (v.join !== undefined) {
    if (!JOINS.includes(v.join as FieldJoin)) c.problem(entry, `join must be one of ${JOINS.join(', ')}`);
    else out.join = v.join as FieldJoin;
  }
  if (out.flag.startsWith('-')) c.problem(entry, 'flag must be written without dashes');
  return out;
}

function readComponentConfigs(c: Checker, raw: unknown): ComponentConfigKind[] {
  if (raw === undefined) return [];
  if (!isRecord(raw)) {
    c.problem('componentConfigs', 'must be a map of kinds');
    return [];
  }
  const out: ComponentConfigKind[] = [];
  for (const [kind, v] of Object.entries(raw)) {
    if (!isRecord(v) || !isRecord(v.fields)) {
      c.problem(kind, 'must be a map with component and fields');
      continue;
    }
    const component = c.component(kind, v.component);
    if (!component) continue;
    const fields = new Map<string, FieldFlag>();
    for (const [path, spec] of Object.entries(v.fields)) {
      const f = readFieldFlag(c, `${kind} ${path}`, spec);
      if (f) fields.set(path, f);
    }
    const defaults = new Map<string, string>();
    if (v.defaults !== undefined && !isRecord(v.defaults))
      c.problem(`${kind} defaults`, 'must be a map of field paths');
    for (const [path, d] of Object.entries(isRecord(v.defaults) ? v.defaults : {})) {
      if (!fields.has(path)) c.problem(`${kind} defaults ${path}`, 'is not one of its fields');
      else if (typeof d !== 'string' && typeof d !== 'number' && typeof d !== 'boolean')
        c.problem(`${kind} defaults ${path}`, 'must be a scalar');
      else defaults.set(path, String(d));
    }
    out.push({ kind, component, fields, ...(defaults.size > 0 ? { defaults } : {}) });
  }
  return out;
}

/** Settings -> { component, flag, join? } (or a list of them): kubeadm's and a distribution's. */
function readSettingFlags(c: Checker, owner: string, raw: unknown): KubeadmFieldFlag[] {
  const fields: KubeadmFieldFlag[] = [];
  if (raw !== undefined && !isRecord(raw)) c.problem(owner, 'fields must be a map');
  for (const [path, v] of Object.entries(isRecord(raw) ? raw : {})) {
    for (const item of Array.isArray(v) ? v : [v]) {
      const entry = `${owner} ${path}`;
      const f = readFieldFlag(c, entry, item);
      const component = f && isRecord(item) ? c.component(entry, item.component) : null;
      if (f && !isRecord(item)) c.problem(entry, 'must name its component: { component, flag }');
      if (f && component) fields.push({ path, component, ...f });
    }
  }
  return fields;
}

function readKubeadm(c: Checker, raw: unknown): ConfigFieldFacts['kubeadm'] {
  const out = emptyConfigFieldFacts().kubeadm;
  if (raw === undefined) return out;
  if (!isRecord(raw)) {
    c.problem('kubeadm', 'must be a map');
    return out;
  }
  const extraArgs: { path: string; component: ComponentId }[] = [];
  if (raw.extraArgs !== undefined && !isRecord(raw.extraArgs)) c.problem('kubeadm', 'extraArgs must be a map');
  for (const [path, v] of Object.entries(isRecord(raw.extraArgs) ? raw.extraArgs : {})) {
    const component = c.component(`extraArgs ${path}`, v);
    if (component) extraArgs.push({ path, component });
  }
  const fields = readSettingFlags(c, 'kubeadm', raw.fields);
  return {
    kinds: c.strings('kubeadm', 'kinds', raw.kinds),
    apiGroup: scalarText(raw.apiGroup),
    versionedComponents: c
      .strings('kubeadm', 'versionedComponents', raw.versionedComponents)
      .map((id) => c.component('kubeadm versionedComponents', id))
      .filter((id): id is ComponentId => id !== null),
    extraArgs,
    fields,
  };
}

const DISTRIBUTION_KEYS = new Set([
  'binaries',
  'argLists',
  'extraConfig',
  'versionOption',
  'configKeys',
  'markerKeys',
  'kinds',
  'apiGroups',
  'extraArgs',
  'images',
  'nodeImages',
  'kubeadmPatches',
  'fields',
]);

/** A map of name -> component (absent: empty). */
function componentMap(c: Checker, entry: string, v: unknown): Map<string, ComponentId> {
  const out = new Map<string, ComponentId>();
  if (v === undefined || v === null) return out;
  if (!isRecord(v)) {
    c.problem(entry, 'must be a map of names to components');
    return out;
  }
  for (const [name, comp] of Object.entries(v)) {
    const id = c.component(`${entry} ${name}`, comp);
    if (id) out.set(name, id);
  }
  return out;
}

function readDistributions(c: Checker, raw: unknown): DistributionFacts[] {
  if (raw === undefined || raw === null) return [];
  if (!isRecord(raw)) {
    c.problem('distributions', 'must be a map of distributions');
    return [];
  }
  const out: DistributionFacts[] = [];
  for (const [name, v] of Object.entries(raw)) {
    const entry = `distributions ${name}`;
    if (!isRecord(v)) {
      c.problem(entry, 'must be a map');
      continue;
    }
    c.unknownKeys(entry, v, DISTRIBUTION_KEYS);
    const list = (key: string) => c.strings(entry, key, v[key]);
    const paths = (key: string) =>
      [...componentMap(c, `${entry} ${key}`, v[key])].map(([path, component]) => ({ path, component }));
    let extraConfig: DistributionFacts['extraConfig'] = null;
    if (v.extraConfig !== undefined && v.extraConfig !== null) {
      const x = v.extraConfig;
      if (!isRecord(x) || typeof x.option !== 'string' || x.option === '')
        c.problem(entry, 'extraConfig must be a map { option, components }');
      else extraConfig = { option: x.option, components: componentMap(c, `${entry} extraConfig`, x.components) };
    }
    out.push({
      name,
      binaries: list('binaries'),
      argLists: componentMap(c, `${entry} argLists`, v.argLists),
      extraConfig,
      versionOption: typeof v.versionOption === 'string' && v.versionOption !== '' ? v.versionOption : null,
      configKeys: list('configKeys'),
      markerKeys: list('markerKeys'),
      kinds: list('kinds'),
      apiGroups: list('apiGroups'),
      extraArgs: paths('extraArgs'),
      images: paths('images'),
      nodeImages: list('nodeImages'),
      kubeadmPatches: list('kubeadmPatches'),
      fields: readSettingFlags(c, entry, v.fields),
    });
  }
  return out;
}

/** config-fields.yaml: configuration fields that stand for flags. */
export function readConfigFields(text: string, problems: ContentProblem[]): ConfigFieldFacts {
  const c = new Checker(CONFIG_FIELDS_FILE, problems);
  const raw = parseContent(c, text);
  if (raw === null || raw === undefined) return emptyConfigFieldFacts();
  if (!isRecord(raw)) {
    c.problem('', 'file must hold a map with componentConfigs and kubeadm');
    return emptyConfigFieldFacts();
  }
  c.unknownKeys('', raw, new Set(['componentConfigs', 'kubeadm', 'distributions']));
  return {
    componentConfigs: readComponentConfigs(c, raw.componentConfigs),
    kubeadm: readKubeadm(c, raw.kubeadm),
    distributions: readDistributions(c, raw.distributions),
  };
}

const SECRET_KINDS: readonly SecretKind[] = [
  'private-key',
  'client-key-data',
  'token',
  'bootstrap-token',
  'password',
  'encryption-key',
  'token-file',
  'client-secret',
  'other',
];
const DOCUMENT_KINDS: readonly DocumentKind[] = [
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
  'unknown',
];

function isPattern(c: Checker, entry: string, source: unknown): source is string {
  if (typeof source !== 'string' || source === '') {
    c.problem(entry, 'pattern must be a regular expression');
    return false;
  }
  try {
    new RegExp(source);
    return true;
  } catch (e) {
    c.problem(entry, `not a regular expression: ${(e as Error).message}`);
    return false;
  }
}

/** A kind, or { kind, label }. */
function readSecretRule(c: Checker, entry: string, v: unknown, extra: readonly string[] = []): SecretRule | null {
  const raw = isRecord(v) ? v : { kind: v };
  c.unknownKeys(entry, raw, new Set(['kind', 'label', ...extra]));
  const kind = scalarText(raw.kind);
  if (!(SECRET_KINDS as readonly string[]).includes(kind)) {
    c.problem(entry, `kind must be one of ${SECRET_KINDS.join(', ')}, got "${kind}"`);
    return null;
  }
  const label = raw.label === undefined || raw.label === null ? null : scalarText(raw.label);
  return { kind: kind as SecretKind, label: label === '' ? null : label };
}

function readSecretPatterns(c: Checker, key: string, v: unknown, withLabel: boolean): SecretPattern[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    c.problem(key, 'must be a list of { pattern, kind }');
    return [];
  }
  const out: SecretPattern[] = [];
  v.forEach((raw, i) => {
    const entry = `${key}[${i}]`;
    if (!isRecord(raw)) return c.problem(entry, 'must be a map { pattern, kind }');
    const rule = readSecretRule(c, entry, raw, ['pattern']);
    if (rule && isPattern(c, entry, raw.pattern)) out.push({ pattern: raw.pattern, ...rule });
    if (withLabel && rule && rule.label === null) c.problem(entry, 'label is required');
  });
  return out;
}

function readPatternList(c: Checker, key: string, v: unknown): string[] {
  return c.strings(key, key, v).filter((p, i) => isPattern(c, `${key}[${i}]`, p));
}

function readSecretFields(c: Checker, v: unknown): Map<string, SecretField[]> {
  const out = new Map<string, SecretField[]>();
  if (v === undefined || v === null) return out;
  if (!isRecord(v)) {
    c.problem('fields', 'must be a map of kinds');
    return out;
  }
  for (const [kind, paths] of Object.entries(v)) {
    if (!isRecord(paths)) {
      c.problem(`fields ${kind}`, 'must be a map of field paths');
      continue;
    }
    const list: SecretField[] = [];
    for (const [path, spec] of Object.entries(paths)) {
      const rule = readSecretRule(c, `fields ${kind} ${path}`, spec);
      if (rule) list.push({ path, ...rule });
    }
    out.set(kind, list);
  }
  return out;
}

function readCsvFiles(c: Checker, v: unknown): SecretCsvFile[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    c.problem('csvFiles', 'must be a list');
    return [];
  }
  const out: SecretCsvFile[] = [];
  v.forEach((raw, i) => {
    const entry = `csvFiles[${i}]`;
    if (!isRecord(raw)) return c.problem(entry, 'must be a map { pattern, kind, document, secret }');
    const rule = readSecretRule(c, entry, { kind: raw.kind }, []);
    c.unknownKeys(entry, raw, new Set(['pattern', 'kind', 'document', 'secret']));
    const pattern = raw.pattern === undefined || raw.pattern === null ? null : raw.pattern;
    if (pattern !== null && !isPattern(c, entry, pattern)) return;
    if (typeof raw.document !== 'string' || typeof raw.secret !== 'string')
      return c.problem(entry, 'document and secret must be texts');
    if (rule) out.push({ pattern, kind: rule.kind, document: raw.document, secret: raw.secret });
  });
  return out;
}

/** secrets.yaml: where secrets are written (flags, fields, environment variables, command output, CSV files). */
export function readSecrets(text: string, problems: ContentProblem[]): SecretFacts {
  const c = new Checker(SECRETS_FILE, problems);
  const raw = parseContent(c, text);
  const out = emptySecretFacts();
  if (raw === null || raw === undefined) return out;
  if (!isRecord(raw)) {
    c.problem('', 'file must hold a map');
    return out;
  }
  c.unknownKeys(
    '',
    raw,
    new Set(['flags', 'bootstrapToken', 'fields', 'documentKinds', 'environment', 'placeholders', 'text', 'csvFiles']),
  );
  const flags = new Map<string, SecretRule>();
  if (raw.flags !== undefined && !isRecord(raw.flags)) c.problem('flags', 'must be a map of flag names');
  for (const [name, spec] of Object.entries(isRecord(raw.flags) ? raw.flags : {})) {
    if (name.startsWith('-')) c.problem(`flags ${name}`, 'flag must be written without dashes');
    const rule = readSecretRule(c, `flags ${name}`, spec);
    if (rule) flags.set(name.replace(/^-+/, ''), rule);
  }
  const documentKinds = new Map<DocumentKind, string>();
  for (const [kind, yamlKind] of Object.entries(isRecord(raw.documentKinds) ? raw.documentKinds : {})) {
    if (!(DOCUMENT_KINDS as readonly string[]).includes(kind))
      c.problem(`documentKinds ${kind}`, 'unknown document kind');
    else documentKinds.set(kind as DocumentKind, scalarText(yamlKind));
  }
  const env = isRecord(raw.environment) ? raw.environment : {};
  if (raw.environment !== undefined && !isRecord(raw.environment)) c.problem('environment', 'must be a map');
  c.unknownKeys('environment', env, new Set(['names', 'except', 'notSecret']));
  const bootstrap = raw.bootstrapToken;
  return {
    flags,
    bootstrapToken:
      bootstrap === undefined || bootstrap === null
        ? null
        : isPattern(c, 'bootstrapToken', bootstrap)
          ? bootstrap
          : null,
    fields: readSecretFields(c, raw.fields),
    documentKinds,
    environment: {
      names: readSecretPatterns(c, 'environment.names', env.names, false),
      except: readPatternList(c, 'environment.except', env.except),
      notSecret: readPatternList(c, 'environment.notSecret', env.notSecret),
    },
    placeholders: readPatternList(c, 'placeholders', raw.placeholders),
    text: readSecretPatterns(c, 'text', raw.text, true),
    csvFiles: readCsvFiles(c, raw.csvFiles),
  };
}

/** The three files; config-fields.yaml and secrets.yaml may be missing (then no setting maps to a flag, and only the
 * parsers' own secrets are located). */
export async function loadIngestFacts(reader: ContentReader, problems: ContentProblem[]): Promise<IngestFacts> {
  const components = readComponents(await reader.read(COMPONENTS_FILE), problems);
  const configFields =
    reader.list(CONFIG_FIELDS_FILE).length > 0
      ? readConfigFields(await reader.read(CONFIG_FIELDS_FILE), problems)
      : emptyConfigFieldFacts();
  const secrets =
    reader.list(SECRETS_FILE).length > 0 ? readSecrets(await reader.read(SECRETS_FILE), problems) : emptySecretFacts();
  return { ...components, configFields, secrets };
}

/** Every flag the facts name, by component: config fields, kubeadm settings and ports (for content checks). */
export function flagsNamedByFacts(facts: IngestFacts): { component: ComponentId; flag: string; where: string }[] {
  const out: { component: ComponentId; flag: string; where: string }[] = [];
  for (const cc of facts.configFields.componentConfigs)
    for (const [path, f] of cc.fields) out.push({ component: cc.component, flag: f.flag, where: `${cc.kind} ${path}` });
  for (const f of facts.configFields.kubeadm.fields)
    out.push({ component: f.component, flag: f.flag, where: `kubeadm ${f.path}` });
  for (const d of facts.configFields.distributions)
    for (const f of d.fields) out.push({ component: f.component, flag: f.flag, where: `${d.name} ${f.path}` });
  for (const info of facts.components.values())
    for (const p of info.ports) if (p.flag) out.push({ component: info.id, flag: p.flag, where: `port ${p.port}` });
  return out;
}
