/**
 * The knowledge base: flag and field documentation loaded from content/ per component,
 * on demand. Pure TypeScript over a ContentReader, so it runs in Node, the page and the worker.
 */
import { parse as parseYaml } from 'yaml';
import type { ComponentId } from '../model/types';
import type { IngestFacts } from '../model/components';
import type { ContentReader } from './reader';
import type { ComponentInfo, FieldDoc, FlagDoc, FlagFacts, FlagStatus } from './types';
import { loadIngestFacts } from './componentFacts';
import { checkFlagDoc, readFieldEntry, readFlagEntry, type ContentProblem, type RawFlagEntry } from './validate';
import { factsAt, statusAt } from './flagFacts';
import { closestMatches } from '../util/strings';
import { emptyFeatureGates, readFeatureGates, type FeatureGateCatalogue } from './featureGates';
import { emptyPkiFacts, PKI_FILE, readPkiFacts, type PkiFacts } from './pki';
import { emptyNetworkFacts, NETWORK_FILE, readNetworkFacts, type NetworkFacts } from './networkFacts';

export const DEFAULT_LANGUAGE = 'en';

/** All flags of one component, merged from its files and its shared groups. */
export interface FlagCatalogue {
  component: ComponentInfo;
  flags: Map<string, FlagDoc>;
  /** alias or underscore spelling -> canonical name */
  aliases: Map<string, string>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepMerge(into: Record<string, unknown>, from: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(from)) {
    const cur = into[k];
    if (isRecord(cur) && isRecord(v)) deepMerge(cur, v);
    else into[k] = v;
  }
}

function parseContent(text: string, source: string, problems: ContentProblem[]): unknown {
  try {
    return parseYaml(text);
  } catch (e) {
    problems.push({ source, entry: '', message: `not valid YAML: ${(e as Error).message}` });
    return null;
  }
}

/** Link to a flag on its official reference page (a text fragment jumps to the row). */
export function flagLink(reference: string, name: string): string {
  return `${reference}#:~:text=${encodeURIComponent(`--${name}`)}`;
}

export class KnowledgeBase {
  readonly problems: ContentProblem[] = [];
  private readonly catalogues = new Map<ComponentId, Promise<FlagCatalogue>>();
  private readonly loaded = new Map<ComponentId, FlagCatalogue>();
  private readonly fieldSets = new Map<string, Promise<Map<string, FieldDoc>>>();
  private readonly loadedFields = new Map<string, Map<string, FieldDoc>>();
  private readonly messageFiles = new Map<string, Promise<Record<string, unknown>>>();

  /** The component table (content/components.yaml). */
  readonly components: ReadonlyMap<ComponentId, ComponentInfo>;

  private constructor(
    private readonly reader: ContentReader,
    readonly language: string,
    /** What ingest recognises components and settings by (components.yaml, config-fields.yaml). */
    readonly ingestFacts: IngestFacts,
  ) {
    this.components = ingestFacts.components;
  }

  static async create(reader: ContentReader, language = DEFAULT_LANGUAGE): Promise<KnowledgeBase> {
    const problems: ContentProblem[] = [];
    const facts = await loadIngestFacts(reader, problems);
    const kb = new KnowledgeBase(reader, language, facts);
    kb.problems.push(...problems);
    return kb;
  }

  /** Load (once) and return the flag catalogue of a component. */
  loadFlags(id: ComponentId): Promise<FlagCatalogue> {
    let p = this.catalogues.get(id);
    if (!p) {
      p = this.readCatalogue(id).then((c) => {
        this.loaded.set(id, c);
        return c;
      });
      this.catalogues.set(id, p);
    }
    return p;
  }

  private gates: Promise<FeatureGateCatalogue> | undefined;
  /** The feature-gate catalogue (content/feature-gates.json), loaded once on first use; empty when it is missing. */
  featureGates(): Promise<FeatureGateCatalogue> {
    return (this.gates ??= this.reader
      .read('feature-gates.json')
      .then((text) => readFeatureGates(text, this.problems))
      .catch((e: unknown) => {
        this.problems.push({ source: 'feature-gates.json', entry: '', message: String(e) });
        return emptyFeatureGates();
      }));
  }

  private network: Promise<NetworkFacts> | undefined;
  /** The network facts (content/network.yaml), loaded once on first use; empty when the content has none. */
  networkFacts(): Promise<NetworkFacts> {
    if (this.reader.list(NETWORK_FILE).length === 0) return Promise.resolve(emptyNetworkFacts());
    return (this.network ??= this.reader
      .read(NETWORK_FILE)
      .then((text) => readNetworkFacts(text, this.problems))
      .catch((e: unknown) => {
        this.problems.push({ source: NETWORK_FILE, entry: '', message: String(e) });
        return emptyNetworkFacts();
      }));
  }

  private pkiFacts: Promise<PkiFacts> | undefined;
  /** kubeadm's PKI conventions (content/pki.yaml), loaded once on first use; empty when the file is missing. */
  pki(): Promise<PkiFacts> {
    return (this.pkiFacts ??= (
      this.reader.list(PKI_FILE).length === 0 ? Promise.resolve(null) : this.reader.read(PKI_FILE)
    ).then(
      (text) => (text === null ? emptyPkiFacts() : readPkiFacts(text, this.problems)),
      (e: unknown) => {
        this.problems.push({ source: PKI_FILE, entry: '', message: String(e) });
        return emptyPkiFacts();
      },
    ));
  }

  /** The catalogue if it is already loaded (synchronous access for annotation). */
  catalogue(id: ComponentId): FlagCatalogue | undefined {
    return this.loaded.get(id);
  }

  private readonly factsCache = new Map<string, FlagFacts>();

  /**
   * The facts of flag `name` (canonical, see resolveFlagName) of a component at a version: default, allowed values,
   * status with its version, the value rule in force and kubeadm's value. The one question annotation, the
   * effective configuration and the audit ask. `version` null: unknown, the newest release's facts. kubeadm's
   * value is that of the kubeadm at the same version for the components kubeadm deploys at the cluster version,
   * otherwise (etcd, or `kubeadmVersion` given) of that kubeadm. Synchronous: the catalogue must be loaded.
   * Answers are cached and shared (the same object for the same question).
   */
  flagFacts(
    component: ComponentId,
    name: string,
    version: string | null,
    kubeadmVersion?: string | null,
  ): FlagFacts | null {
    const doc = this.loaded.get(component)?.flags.get(name);
    if (!doc) return null;
    const kv =
      kubeadmVersion !== undefined
        ? kubeadmVersion
        : this.ingestFacts.configFields.kubeadm.versionedComponents.includes(component)
          ? version
          : null;
    const key = `${component}\0${name}\0${version ?? ''}\0${kv ?? ''}`;
    let facts = this.factsCache.get(key);
    if (!facts) {
      facts = factsAt(doc, version, kv);
      this.factsCache.set(key, facts);
    }
    return facts;
  }

  private async readEntries(prefix: string, into: Map<string, { entry: RawFlagEntry; source: string }>): Promise<void> {
    const paths = this.reader.list(prefix).filter((p) => p.endsWith('.yaml'));
    const texts = await Promise.all(paths.map((p) => this.reader.read(p)));
    paths.forEach((source, i) => {
      const doc = parseContent(texts[i] ?? '', source, this.problems);
      if (doc === null || doc === undefined) return;
      if (!isRecord(doc) || !isRecord(doc.flags)) {
        this.problems.push({ source, entry: '', message: 'file must hold a map "flags:"' });
        return;
      }
      for (const [name, rawEntry] of Object.entries(doc.flags)) {
        const entry = readFlagEntry(rawEntry, source, name, this.problems);
        if (!entry) continue;
        const prev = into.get(name);
        if (prev && prev.source.startsWith(prefix)) {
          this.problems.push({ source, entry: name, message: `duplicate entry (also in ${prev.source})` });
        }
        into.set(name, {
          entry: prev && !prev.source.startsWith(prefix) ? { ...prev.entry, ...entry } : entry,
          source,
        });
      }
    });
  }

  private async readCatalogue(id: ComponentId): Promise<FlagCatalogue> {
    const info = this.components.get(id);
    if (!info) throw new Error(`no component "${id}" in content/components.yaml`);
    const merged = new Map<string, { entry: RawFlagEntry; source: string }>();
    // English holds the facts; other languages overlay prose only.
    const languages = this.language === DEFAULT_LANGUAGE ? [DEFAULT_LANGUAGE] : [DEFAULT_LANGUAGE, this.language];
    for (const lang of languages) {
      const layer = new Map<string, { entry: RawFlagEntry; source: string }>();
      for (const group of info.shared) await this.readEntries(`${lang}/flags/_shared/${group}.yaml`, layer);
      await this.readEntries(`${lang}/flags/${id}/`, layer);
      for (const [name, v] of layer) {
        const base = merged.get(name);
        if (!base) {
          if (lang === DEFAULT_LANGUAGE) merged.set(name, v);
          continue;
        }
        const prose: RawFlagEntry = {};
        if (v.entry.summary) prose.summary = v.entry.summary;
        if (v.entry.explanation) prose.explanation = v.entry.explanation;
        if (v.entry.security) prose.security = v.entry.security;
        merged.set(name, { entry: { ...base.entry, ...prose }, source: base.source });
      }
    }
    const flags = new Map<string, FlagDoc>();
    const aliases = new Map<string, string>();
    for (const [name, { entry, source }] of merged) {
      const doc: FlagDoc = {
        name,
        component: id,
        type: entry.type ?? '',
        default: entry.default ?? null,
        summary: entry.summary ?? '',
        explanation: entry.explanation ?? '',
        category: entry.category ?? 'general',
        related: entry.related ?? [],
        link: entry.link ?? flagLink(info.reference, name),
        source,
      };
      for (const key of [
        'since',
        'sinceLines',
        'deprecated',
        'deprecationNote',
        'deprecatedForConfigFile',
        'removed',
        'replacement',
        'security',
        'format',
        'kubeadm',
        'versions',
        'valueHistory',
        'kubeadmByVersion',
      ] as const) {
        const v = entry[key];
        if (v !== undefined) (doc as unknown as Record<string, unknown>)[key] = v;
      }
      if (entry.values) doc.values = entry.values;
      if (entry.multiple) doc.multiple = true;
      if (entry.negatable) doc.negatable = true;
      if (entry.repeatable) doc.repeatable = true;
      if (entry.aliases) {
        doc.aliases = entry.aliases;
        for (const a of entry.aliases) aliases.set(a, name);
      }
      flags.set(name, doc);
    }
    const names = new Set(flags.keys());
    for (const doc of flags.values()) checkFlagDoc(doc, names, this.problems);
    return { component: info, flags, aliases };
  }

  /**
   * Load (once) a map-shaped message file of the language with English as fallback,
   * e.g. `rules.yaml` (finding texts) or `ui.json` (the UI catalogue).
   */
  loadMessages(file: string): Promise<Record<string, unknown>> {
    let p = this.messageFiles.get(file);
    if (!p) {
      p = (async () => {
        const out: Record<string, unknown> = {};
        const languages = this.language === DEFAULT_LANGUAGE ? [DEFAULT_LANGUAGE] : [DEFAULT_LANGUAGE, this.language];
        for (const lang of languages) {
          const source = `${lang}/${file}`;
          if (this.reader.list(source).length === 0) continue;
          const doc = parseContent(await this.reader.read(source), source, this.problems);
          if (isRecord(doc)) deepMerge(out, doc);
        }
        return out;
      })();
      this.messageFiles.set(file, p);
    }
    return p;
  }

  /** Load (once) a set of field docs, e.g. `pod`, `kubeconfig`, `systemd`. */
  loadFields(set: string): Promise<Map<string, FieldDoc>> {
    let p = this.fieldSets.get(set);
    if (!p) {
      p = this.readFields(set).then((m) => {
        this.loadedFields.set(set, m);
        return m;
      });
      this.fieldSets.set(set, p);
    }
    return p;
  }

  fields(set: string): Map<string, FieldDoc> | undefined {
    return this.loadedFields.get(set);
  }

  /** Names of the field sets present in content (for the language). */
  fieldSetNames(): string[] {
    const prefix = `${DEFAULT_LANGUAGE}/fields/`;
    return this.reader
      .list(prefix)
      .filter((p) => p.endsWith('.yaml'))
      .map((p) => p.slice(prefix.length, -'.yaml'.length));
  }

  private async readFields(set: string): Promise<Map<string, FieldDoc>> {
    const out = new Map<string, FieldDoc>();
    const languages = this.language === DEFAULT_LANGUAGE ? [DEFAULT_LANGUAGE] : [DEFAULT_LANGUAGE, this.language];
    for (const lang of languages) {
      const source = `${lang}/fields/${set}.yaml`;
      if (this.reader.list(source).length === 0) continue;
      const doc = parseContent(await this.reader.read(source), source, this.problems);
      if (!isRecord(doc) || !isRecord(doc.fields)) {
        this.problems.push({ source, entry: '', message: 'file must hold a map "fields:"' });
        continue;
      }
      for (const [path, raw] of Object.entries(doc.fields)) {
        const entry = readFieldEntry(raw, path, source, lang === DEFAULT_LANGUAGE ? this.problems : []);
        if (!entry) continue;
        const base = out.get(path);
        if (base && lang !== DEFAULT_LANGUAGE) {
          out.set(path, {
            ...base,
            summary: entry.summary || base.summary,
            explanation: entry.explanation || base.explanation,
          });
        } else if (lang === DEFAULT_LANGUAGE) out.set(path, entry);
      }
    }
    return out;
  }
}

/** The canonical name a spelled flag refers to in a catalogue, or null when unknown. */
export function resolveFlagName(cat: FlagCatalogue, name: string): string | null {
  if (cat.flags.has(name)) return name;
  const alias = cat.aliases.get(name);
  if (alias) return alias;
  if (cat.component.normalizeUnderscores) {
    const dashed = name.replace(/_/g, '-');
    if (cat.flags.has(dashed)) return dashed;
    const a2 = cat.aliases.get(dashed);
    if (a2) return a2;
  }
  return null;
}

/**
 * Status of a documented flag for the version the input runs. With no version we judge
 * against the newest release the catalogue describes: a removed flag is reported as removed.
 */
export function flagStatus(doc: FlagDoc | undefined, version: string | null): FlagStatus {
  if (!doc) return 'unknown';
  return statusAt(doc, version).status;
}

/** Known flag names close to a misspelled one, best first. */
export function suggestFlags(cat: FlagCatalogue, name: string, max = 3): string[] {
  const candidates = [...cat.flags.values()].filter((d) => !d.removed).map((d) => d.name);
  return closestMatches(name, candidates, max);
}
