/**
 * The knowledge base: flag and field documentation loaded from content/ per component,
 * on demand. Pure TypeScript over a ContentReader, so it runs in Node, the page and the worker.
 */
import { parse as parseYaml } from 'yaml';
import type { ComponentId } from '../model/types';
import type { IngestFacts } from '../model/components';
import type { ContentReader } from './reader';
import {
  replacementNeedsWords,
  type ComponentInfo,
  type FieldDoc,
  type FlagDoc,
  type FlagFacts,
  type FlagStatus,
} from './types';
import { loadIngestFacts } from './componentFacts';
import {
  checkFlagDoc,
  FLAG_PROSE_KEYS,
  readFieldEntry,
  readFieldProse,
  readFlagEntry,
  readFlagProse,
  type ContentProblem,
  type FlagProseKey,
  type RawFlagEntry,
} from './validate';
import { factsAt, statusAt } from './flagFacts';
import { ClosestMatches } from '../util/strings';
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

/** An English entry as merged so far, with the file each of its prose keys came from (where it is translated). */
interface MergedEntry {
  entry: RawFlagEntry;
  source: string;
  proseSources: Partial<Record<FlagProseKey, string>>;
}

/** The path of a content file in another language: `en/flags/etcd/tls.yaml` -> `zh-CN/flags/etcd/tls.yaml`. */
export function translationPath(englishPath: string, language: string): string {
  return `${language}/${englishPath.slice(englishPath.indexOf('/') + 1)}`;
}

export class KnowledgeBase {
  readonly problems: ContentProblem[] = [];
  /** Problems of translation files already reported (a shared group's file is read for every component). */
  private readonly reported = new Set<string>();
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

  private async readEntries(prefix: string, into: Map<string, MergedEntry>): Promise<void> {
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
        const inherits = prev !== undefined && !prev.source.startsWith(prefix);
        const proseSources: Partial<Record<FlagProseKey, string>> = inherits ? { ...prev.proseSources } : {};
        for (const key of FLAG_PROSE_KEYS) {
          if (!(key in entry)) continue;
          if (entry[key]) proseSources[key] = source;
          else delete proseSources[key]; // cleared by an explicit null
        }
        into.set(name, { entry: inherits ? { ...prev.entry, ...entry } : entry, source, proseSources });
      }
    });
  }

  private async readCatalogue(id: ComponentId): Promise<FlagCatalogue> {
    const info = this.components.get(id);
    if (!info) throw new Error(`no component "${id}" in content/components.yaml`);
    const merged = new Map<string, MergedEntry>();
    for (const group of info.shared) await this.readEntries(`${DEFAULT_LANGUAGE}/flags/_shared/${group}.yaml`, merged);
    await this.readEntries(`${DEFAULT_LANGUAGE}/flags/${id}/`, merged);
    // English holds the facts; another language overlays prose only, file by file (the same relative path).
    const translated = new Map<string, Set<FlagProseKey>>();
    if (this.language !== DEFAULT_LANGUAGE) await this.overlayFlagProse(id, info.shared, merged, translated);
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
        proseLanguage: DEFAULT_LANGUAGE,
      };
      if (this.language !== DEFAULT_LANGUAGE) {
        const done = translated.get(name);
        const missing = FLAG_PROSE_KEYS.filter(
          (k) => entry[k] && !done?.has(k) && (k !== 'replacement' || replacementNeedsWords(entry.replacement ?? '')),
        );
        if (missing.length === 0) doc.proseLanguage = this.language;
        else doc.untranslated = missing;
      }
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
      if (entry.required) doc.required = entry.required;
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

  private report(problem: ContentProblem): void {
    const key = `${problem.source}\0${problem.entry}\0${problem.message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.problems.push(problem);
  }

  /**
   * Overlay the language's prose on the English entries of a component. A translation file has the path of the
   * English file it translates (`zh-CN/flags/_shared/logging.yaml` translates `en/flags/_shared/logging.yaml`) and
   * holds only prose keys the English file writes for the flag; each key replaces the English text where that file's
   * text is the one in force (a component file that overrides a shared flag's explanation is translated in the
   * component's file). `translated` receives per flag the keys now in the language.
   */
  private async overlayFlagProse(
    id: ComponentId,
    shared: readonly string[],
    merged: ReadonlyMap<string, MergedEntry>,
    translated: Map<string, Set<FlagProseKey>>,
  ): Promise<void> {
    const lang = this.language;
    const paths = [
      ...shared.map((group) => `${lang}/flags/_shared/${group}.yaml`),
      ...this.reader.list(`${lang}/flags/${id}/`),
    ].filter((p) => p.endsWith('.yaml') && this.reader.list(p).includes(p));
    const texts = await Promise.all(paths.map((p) => this.reader.read(p)));
    // what each English file writes: flag -> prose keys with text
    const english = new Map<string, Map<string, Set<FlagProseKey>>>();
    const englishFile = async (path: string): Promise<Map<string, Set<FlagProseKey>> | null> => {
      if (english.has(path)) return english.get(path) ?? null;
      if (!this.reader.list(path).includes(path)) return null;
      const doc = parseContent(await this.reader.read(path), path, []);
      const out = new Map<string, Set<FlagProseKey>>();
      if (isRecord(doc) && isRecord(doc.flags))
        for (const [name, raw] of Object.entries(doc.flags)) {
          const keys = new Set<FlagProseKey>();
          if (isRecord(raw))
            for (const k of FLAG_PROSE_KEYS)
              if (typeof raw[k] === 'string' && raw[k].trim() && (k !== 'replacement' || replacementNeedsWords(raw[k])))
                keys.add(k);
          out.set(name, keys);
        }
      english.set(path, out);
      return out;
    };
    for (const [i, source] of paths.entries()) {
      const problems: ContentProblem[] = [];
      const doc = parseContent(texts[i] ?? '', source, problems);
      const englishPath = translationPath(source, DEFAULT_LANGUAGE);
      const inEnglish = await englishFile(englishPath);
      if (doc !== null && doc !== undefined) {
        if (!isRecord(doc) || !isRecord(doc.flags)) {
          problems.push({ source, entry: '', message: 'file must hold a map "flags:"' });
        } else if (!inEnglish) {
          problems.push({ source, entry: '', message: `translates ${englishPath}, which does not exist` });
        } else {
          for (const [name, raw] of Object.entries(doc.flags)) {
            const prose = readFlagProse(raw, source, name, problems);
            if (!prose) continue;
            const keys = inEnglish.get(name);
            if (!keys) {
              problems.push({ source, entry: name, message: `${englishPath} has no entry for this flag` });
              continue;
            }
            const target = merged.get(name);
            for (const key of FLAG_PROSE_KEYS) {
              const text = prose[key];
              if (text === undefined) continue;
              if (!keys.has(key)) {
                problems.push({
                  source,
                  entry: name,
                  message: `"${key}": the English entry (${englishPath}) has none`,
                });
                continue;
              }
              // the English text in force for this component may come from another file (a component override)
              if (!target || target.proseSources[key] !== englishPath) continue;
              target.entry[key] = text;
              let done = translated.get(name);
              if (!done) translated.set(name, (done = new Set()));
              done.add(key);
            }
          }
        }
      }
      for (const p of problems) this.report(p);
    }
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
    const source = `${DEFAULT_LANGUAGE}/fields/${set}.yaml`;
    if (this.reader.list(source).includes(source)) {
      const doc = parseContent(await this.reader.read(source), source, this.problems);
      if (!isRecord(doc) || !isRecord(doc.fields)) {
        this.problems.push({ source, entry: '', message: 'file must hold a map "fields:"' });
      } else {
        for (const [path, raw] of Object.entries(doc.fields)) {
          const entry = readFieldEntry(raw, path, source, this.problems);
          if (entry) out.set(path, { ...entry, proseLanguage: DEFAULT_LANGUAGE });
        }
      }
    }
    if (this.language !== DEFAULT_LANGUAGE) await this.overlayFieldProse(set, out);
    return out;
  }

  /**
   * Overlay the language's summary, explanation, security note and default in words (content/<lang>/fields/<set>.yaml)
   * on the English field docs; a security note or a defaultNote is taken only where the English entry has one.
   */
  private async overlayFieldProse(set: string, out: Map<string, FieldDoc>): Promise<void> {
    const source = `${this.language}/fields/${set}.yaml`;
    if (!this.reader.list(source).includes(source)) return;
    const problems: ContentProblem[] = [];
    const doc = parseContent(await this.reader.read(source), source, problems);
    if (doc !== null && doc !== undefined) {
      if (!isRecord(doc) || !isRecord(doc.fields)) {
        problems.push({ source, entry: '', message: 'file must hold a map "fields:"' });
      } else {
        for (const [path, raw] of Object.entries(doc.fields)) {
          const prose = readFieldProse(raw, source, path, problems);
          if (!prose) continue;
          const base = out.get(path);
          if (!base) {
            problems.push({
              source,
              entry: path,
              message: `${DEFAULT_LANGUAGE}/fields/${set}.yaml has no entry for this field`,
            });
            continue;
          }
          const next: FieldDoc = {
            ...base,
            summary: prose.summary ?? base.summary,
            explanation: prose.explanation ?? base.explanation,
          };
          if (prose.security !== undefined) {
            if (base.security) next.security = prose.security;
            else
              problems.push({
                source,
                entry: path,
                message: `"security": the English entry (${DEFAULT_LANGUAGE}/fields/${set}.yaml) has none`,
              });
          }
          if (prose.defaultNote !== undefined) {
            if (base.defaultNote) next.defaultNote = prose.defaultNote;
            else
              problems.push({
                source,
                entry: path,
                message: `"defaultNote": the English entry (${DEFAULT_LANGUAGE}/fields/${set}.yaml) has none`,
              });
          }
          // translated: summary and explanation, and the default's words where the English has them
          if (
            prose.summary !== undefined &&
            prose.explanation !== undefined &&
            (!base.defaultNote || prose.defaultNote !== undefined)
          )
            next.proseLanguage = this.language;
          out.set(path, next);
        }
      }
    }
    for (const p of problems) this.report(p);
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

/** Each catalogue's names indexed for suggestions, built on the first unknown flag (catalogues are not changed). */
const suggestionIndexes = new WeakMap<FlagCatalogue, ClosestMatches>();

/** The suggestion index of a catalogue: its flags that are not removed. */
export function suggestionIndex(cat: FlagCatalogue): ClosestMatches {
  let index = suggestionIndexes.get(cat);
  if (!index) {
    index = new ClosestMatches([...cat.flags.values()].filter((d) => !d.removed).map((d) => d.name));
    suggestionIndexes.set(cat, index);
  }
  return index;
}

/** Known flag names close to a misspelled one, best first (closestMatches over the flags not removed, indexed). */
export function suggestFlags(cat: FlagCatalogue, name: string, max = 3): string[] {
  return suggestionIndex(cat).find(name, max);
}
