/**
 * How much of the content a language translates: per component its flags (and the priority ones: every flag kubeadm
 * sets and every flag of the seed documents), per field set its fields, and the keys of each message file (ui.json,
 * messages, rules, checks, feature gates, the lessons). Also the prose left identical to English and the {placeholders} that
 * differ. Pure over a ContentReader: the coverage report (npm run check:content -- --lang zh-CN) and the coverage
 * unit test share it.
 */
import { parse as parseYaml } from 'yaml';
import type { ComponentId } from '../model/types';
import type { ContentReader } from './reader';
import { DEFAULT_LANGUAGE, KnowledgeBase } from './knowledgeBase';
import { FIELD_PROSE_KEYS, FLAG_PROSE_KEYS, type ContentProblem } from './validate';
import { replacementNeedsWords, type FlagDoc } from './types';

/** The message files a language translates, with the keys in them that are facts, not words. */
export const MESSAGE_FILES: readonly { file: string; facts: readonly string[] }[] = [
  { file: 'ui.json', facts: [] },
  { file: 'messages.yaml', facts: [] },
  { file: 'rules.yaml', facts: ['severity'] },
  { file: 'checks.yaml', facts: [] },
  { file: 'feature-gates.yaml', facts: [] },
];

export interface Count {
  translated: number;
  total: number;
  /** What is not translated yet (flag names, field paths, message keys). */
  missing: string[];
}

export interface ComponentCoverage {
  id: ComponentId;
  flags: Count;
  /** Flags kubeadm sets (`kubeadm` or `kubeadmByVersion`) and flags of the seed documents. */
  priority: Count;
}

/** A translated text equal to its English one, or whose {placeholders} differ from it. */
export interface ProseIssue {
  /** `flags/kube-apiserver`, `fields/pod`, `ui.json`... */
  where: string;
  /** Flag name, field path or message key, and for entries the prose key: `advertise-address summary`. */
  key: string;
  english: string;
  translated: string;
}

export interface LanguageCoverage {
  language: string;
  components: ComponentCoverage[];
  fieldSets: { set: string; fields: Count }[];
  files: { file: string; keys: Count }[];
  /** Translated prose identical to the English text (not pure code). */
  identical: ProseIssue[];
  /** Messages whose {placeholders} are not those of the English one. */
  placeholders: ProseIssue[];
  /** Content problems of the translation files (prose-only rule, entries without an English one). */
  problems: ContentProblem[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every string leaf of a message file as `a.b.c` -> text, without the fact keys. */
export function messageLeaves(doc: unknown, facts: readonly string[] = []): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (v: unknown, path: string[]) => {
    if (isRecord(v)) {
      for (const [k, child] of Object.entries(v)) walk(child, [...path, k]);
      return;
    }
    if (typeof v !== 'string') return;
    const last = path[path.length - 1] ?? '';
    if (path.length > 1 && facts.includes(last)) return;
    out.set(path.join('.'), v);
  };
  walk(doc, []);
  return out;
}

/** `{name}` placeholders of a message, sorted and unique. */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1] ?? ''))].sort();
}

/** Names written as they are in every language (compared in lower case). */
const NAMES = new Set([
  'kube-explainer',
  'kubernetes',
  'kubeadm',
  'kubelet',
  'kubectl',
  'etcd',
  'containerd',
  'systemd',
  'kubeconfig',
  'healthz',
  'livez',
  'readyz',
]);

/** Commands: a text that starts with one is a command line (`kubectl describe`, `netstat / ss`). */
const COMMANDS = new Set([
  'kubectl',
  'etcdctl',
  'crictl',
  'systemctl',
  'journalctl',
  'netstat',
  'ss',
  'ps',
  'openssl',
  'chmod',
  'chown',
  'stat',
  'ls',
  'cat',
]);

/** A word that is code or a name: a known name, an acronym (`API`, `CSV`), or one with code characters (`x509`). */
function codeWord(word: string): boolean {
  return NAMES.has(word.toLowerCase()) || /^[A-Z0-9]{2,}s?$/.test(word) || /[\d_./=-]/.test(word);
}

/**
 * Text that is code, not words (left as it is in a translation): a command line or a path, or with placeholders,
 * `code`, --flags, URLs, paths and numbers taken out only names, acronyms and code words are left
 * (`kube-explainer`, `kubelet API`, `v{version}`, `/proc cmdline`).
 */
export function isCodeOnly(text: string): boolean {
  const first = text.trim().split(/\s+/)[0] ?? '';
  if (COMMANDS.has(first) || first.startsWith('/')) return true;
  const rest = text
    .replace(/`[^`]*`/g, ' ')
    .replace(/\{[A-Za-z]+\}/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/(^|\s)--?[A-Za-z0-9][\w.=:,/-]*/g, ' ')
    .replace(/(^|\s)[\w.-]*\/[\w./{}*-]*/g, ' ');
  const words = rest
    .split(/[\s,:;()[\]<>|+*%#@"'!?&…–—]+/)
    .map((w) => w.replace(/^[.-]+|[.-]+$/g, ''))
    .filter((w) => /[A-Za-z]/.test(w));
  return words.every((w) => codeWord(w) || /^[a-z]$/i.test(w));
}

const count = (entries: readonly { name: string; done: boolean }[]): Count => ({
  translated: entries.filter((e) => e.done).length,
  total: entries.length,
  missing: entries.filter((e) => !e.done).map((e) => e.name),
});

/** Whether a flag kubeadm sets in some version (`kubeadm` or a `kubeadmByVersion` range with a value). */
export function kubeadmSets(doc: FlagDoc): boolean {
  return doc.kubeadm !== undefined || (doc.kubeadmByVersion ?? []).some((r) => r.value !== null);
}

async function readDoc(reader: ContentReader, path: string): Promise<unknown> {
  if (!reader.list(path).includes(path)) return null;
  try {
    return parseYaml(await reader.read(path));
  } catch {
    return null; // the knowledge base reports it
  }
}

/**
 * The coverage of `language` over the English content. `priority`: per component the names of the seed documents'
 * flags (tests/fixtures/i18n/priority-flags.json); every flag kubeadm sets is a priority flag too.
 */
export async function languageCoverage(
  reader: ContentReader,
  language: string,
  priority: Partial<Record<string, readonly string[]>> = {},
): Promise<LanguageCoverage> {
  const en = await KnowledgeBase.create(reader, DEFAULT_LANGUAGE);
  const kb = await KnowledgeBase.create(reader, language);
  const identical: ProseIssue[] = [];
  const placeholders: ProseIssue[] = [];
  const same = (where: string, key: string, english: string, translated: string) => {
    if (english === translated && !isCodeOnly(english)) identical.push({ where, key, english, translated });
  };

  const components: ComponentCoverage[] = [];
  for (const id of kb.components.keys()) {
    const cat = await kb.loadFlags(id);
    const catEn = await en.loadFlags(id);
    const seeds = new Set(priority[id] ?? []);
    const all: { name: string; done: boolean }[] = [];
    const prio: { name: string; done: boolean }[] = [];
    for (const doc of cat.flags.values()) {
      const done = doc.proseLanguage === language;
      all.push({ name: doc.name, done });
      if (kubeadmSets(doc) || seeds.has(doc.name)) prio.push({ name: doc.name, done });
      const docEn = catEn.flags.get(doc.name);
      if (!docEn) continue;
      for (const key of FLAG_PROSE_KEYS) {
        const e = docEn[key];
        const t = doc[key];
        if (key === 'replacement' && !replacementNeedsWords(e ?? '')) continue; // a flag name or a field: no words
        if (e && t && !doc.untranslated?.includes(key)) same(`flags/${id}`, `${doc.name} ${key}`, e, t);
      }
    }
    components.push({ id, flags: count(all), priority: count(prio) });
  }

  const fieldSets: LanguageCoverage['fieldSets'] = [];
  for (const set of kb.fieldSetNames()) {
    const fields = await kb.loadFields(set);
    const fieldsEn = await en.loadFields(set);
    const entries: { name: string; done: boolean }[] = [];
    for (const doc of fields.values()) {
      entries.push({ name: doc.path, done: doc.proseLanguage === language });
      const docEn = fieldsEn.get(doc.path);
      if (!docEn || doc.proseLanguage !== language) continue;
      for (const key of FIELD_PROSE_KEYS) {
        const e = docEn[key];
        const t = doc[key];
        if (e && t) same(`fields/${set}`, `${doc.path} ${key}`, e, t);
      }
    }
    fieldSets.push({ set, fields: count(entries) });
  }

  const files: LanguageCoverage['files'] = [];
  const extra: ContentProblem[] = [];
  // the lessons' words (content/en/lessons/*.yaml; their facts are in content/lessons/) are message files too
  const lessons = reader
    .list(`${DEFAULT_LANGUAGE}/lessons/`)
    .filter((p) => p.endsWith('.yaml'))
    .map((p) => ({ file: p.slice(DEFAULT_LANGUAGE.length + 1), facts: [] as readonly string[] }));
  for (const { file, facts } of [...MESSAGE_FILES, ...lessons]) {
    const english = messageLeaves(await readDoc(reader, `${DEFAULT_LANGUAGE}/${file}`), facts);
    const source = `${language}/${file}`;
    const doc = await readDoc(reader, source);
    for (const key of messageLeaves(doc).keys()) {
      const last = key.split('.').pop() ?? '';
      if (key.includes('.') && facts.includes(last))
        extra.push({ source, entry: key, message: `"${last}" is a fact: it stays in ${DEFAULT_LANGUAGE}/${file}` });
      else if (!english.has(key))
        extra.push({ source, entry: key, message: `${DEFAULT_LANGUAGE}/${file} has no such key` });
    }
    const translated = messageLeaves(doc, facts);
    const entries: { name: string; done: boolean }[] = [];
    for (const [key, text] of english) {
      const t = translated.get(key);
      // code-only English needs no translation (the key may be left out)
      if (t === undefined || t.trim() === '') {
        if (!isCodeOnly(text)) entries.push({ name: key, done: false });
        continue;
      }
      entries.push({ name: key, done: true });
      same(file, key, text, t);
      if (placeholdersOf(text).join(',') !== placeholdersOf(t).join(','))
        placeholders.push({ where: file, key, english: text, translated: t });
    }
    files.push({ file, keys: count(entries) });
  }

  const problems = [...kb.problems.filter((p) => p.source.startsWith(`${language}/`)), ...extra];
  return { language, components, fieldSets, files, identical, placeholders, problems };
}
