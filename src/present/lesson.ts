/**
 * Guided lessons: a walk over a sample of content/examples/ in steps, each with words (content/<lang>/lessons/<id>.yaml)
 * and something to show in the sample (content/lessons/<id>.yaml): lines of one of its files, or nodes of one of its
 * graphs. Facts and words are apart, as for flags: a translation overrides the words only, and a step whose words
 * are missing in the language falls back to English (marked). Pure: the page resolves lines against the sample's
 * texts and nodes against the sample's laid-out scenes with the two functions at the end.
 */
import { parse } from 'yaml';
import type { ContentReader } from '../knowledge/reader';

export type LessonGraph = 'trust' | 'components';

export type LessonShow =
  { kind: 'file'; file: string; lines: string[] } | { kind: 'graph'; graph: LessonGraph; nodes: string[] };

export interface LessonStep {
  id: string;
  title: string;
  /** Markdown (the subset of views/Markdown.tsx). */
  body: string;
  show: LessonShow;
  /** The language the words are in: the requested one, or English when the step is not translated. */
  language: string;
}

export interface Lesson {
  id: string;
  /** A sample id of content/examples/. */
  sample: string;
  title: string;
  about: string;
  steps: LessonStep[];
  /** What is wrong with the lesson's files, located (file: step): shown by the page and failed by the tests. */
  problems: string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] | null => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : null);

function readShow(raw: unknown, where: string, problems: string[]): LessonShow | null {
  if (!isRecord(raw)) {
    problems.push(`${where}: "show" must be a map with file and lines, or graph and nodes`);
    return null;
  }
  if (typeof raw.file === 'string') {
    const lines = strings(raw.lines);
    if (!lines || lines.length === 0) {
      problems.push(`${where}: "lines" must be a non-empty list of texts`);
      return null;
    }
    return { kind: 'file', file: raw.file, lines };
  }
  if (raw.graph === 'trust' || raw.graph === 'components') {
    const nodes = strings(raw.nodes);
    if (!nodes || nodes.length === 0) {
      problems.push(`${where}: "nodes" must be a non-empty list of node labels`);
      return null;
    }
    return { kind: 'graph', graph: raw.graph, nodes };
  }
  problems.push(`${where}: "show" needs file (with lines) or graph: trust | components (with nodes)`);
  return null;
}

interface Words {
  title?: string;
  about?: string;
  steps: Map<string, { title?: string; body?: string }>;
}

function readWords(text: string | null, source: string, problems: string[]): Words {
  const out: Words = { steps: new Map() };
  if (text === null) return out;
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    problems.push(`${source}: ${(e as Error).message.split('\n')[0]}`);
    return out;
  }
  if (!isRecord(doc)) return out;
  if (typeof doc.title === 'string') out.title = doc.title;
  if (typeof doc.about === 'string') out.about = doc.about;
  if (isRecord(doc.steps))
    for (const [id, raw] of Object.entries(doc.steps)) {
      if (!isRecord(raw)) continue;
      out.steps.set(id, {
        ...(typeof raw.title === 'string' ? { title: raw.title } : {}),
        ...(typeof raw.body === 'string' ? { body: raw.body } : {}),
      });
    }
  return out;
}

/**
 * A lesson from the text of its facts and of its words: English, and the requested language's (null when absent or
 * when the language is English).
 */
export function readLesson(
  id: string,
  facts: string,
  english: string | null,
  translated: { language: string; text: string | null } | null,
): Lesson {
  const problems: string[] = [];
  const factsSource = `lessons/${id}.yaml`;
  let doc: unknown = null;
  try {
    doc = parse(facts);
  } catch (e) {
    problems.push(`${factsSource}: ${(e as Error).message.split('\n')[0]}`);
  }
  const en = readWords(english, `en/lessons/${id}.yaml`, problems);
  const tr = translated ? readWords(translated.text, `${translated.language}/lessons/${id}.yaml`, problems) : null;
  const steps: LessonStep[] = [];
  const root = isRecord(doc) ? doc : {};
  const rawSteps = Array.isArray(root.steps) ? (root.steps as unknown[]) : [];
  if (rawSteps.length === 0) problems.push(`${factsSource}: "steps" must be a non-empty list`);
  const seen = new Set<string>();
  rawSteps.forEach((raw, i) => {
    const stepId = isRecord(raw) && typeof raw.id === 'string' ? raw.id : null;
    const where = `${factsSource}: step ${i + 1}${stepId ? ` (${stepId})` : ''}`;
    if (!isRecord(raw) || stepId === null) {
      problems.push(`${where}: a step needs an id`);
      return;
    }
    if (seen.has(stepId)) problems.push(`${where}: the id is used twice`);
    seen.add(stepId);
    const show = readShow(raw.show, where, problems);
    const base = en.steps.get(stepId);
    if (!base?.title || !base.body) problems.push(`en/lessons/${id}.yaml: step ${stepId} needs a title and a body`);
    const local = tr?.steps.get(stepId);
    const inLanguage = Boolean(translated && local?.title && local.body);
    if (!show) return;
    steps.push({
      id: stepId,
      title: (inLanguage ? local?.title : base?.title) ?? stepId,
      body: (inLanguage ? local?.body : base?.body) ?? '',
      show,
      language: inLanguage && translated ? translated.language : 'en',
    });
  });
  for (const stepId of en.steps.keys())
    if (!seen.has(stepId)) problems.push(`en/lessons/${id}.yaml: step ${stepId} is not a step of ${factsSource}`);
  return {
    id,
    sample: typeof root.sample === 'string' ? root.sample : '',
    title: tr?.title ?? en.title ?? id,
    about: tr?.about ?? en.about ?? '',
    steps,
    problems,
  };
}

/** Load a lesson through the content reader (the bundle in the browser, the disk in Node). */
export async function loadLesson(reader: ContentReader, id: string, language: string): Promise<Lesson> {
  const read = async (path: string): Promise<string | null> =>
    reader.list(path).includes(path) ? reader.read(path) : null;
  const facts = await read(`lessons/${id}.yaml`);
  if (facts === null)
    return { id, sample: '', title: id, about: '', steps: [], problems: [`lessons/${id}.yaml: no such lesson`] };
  const english = await read(`en/lessons/${id}.yaml`);
  const translated = language === 'en' ? null : { language, text: await read(`${language}/lessons/${id}.yaml`) };
  return readLesson(id, facts, english, translated);
}

/** Each text of a file step and the 1-based line that first holds it (null: not in the file). */
export function resolveLines(lines: readonly string[], text: string): { text: string; line: number | null }[] {
  const fileLines = text.split(/\r?\n/);
  return lines.map((wanted) => {
    const i = fileLines.findIndex((l) => l.includes(wanted));
    return { text: wanted, line: i < 0 ? null : i + 1 };
  });
}

/** Each label of a graph step and the ids of the scene's nodes with that label (empty: none). */
export function resolveNodes(
  labels: readonly string[],
  nodes: readonly { id: string; label: string }[],
): { label: string; ids: string[] }[] {
  return labels.map((label) => ({ label, ids: nodes.filter((n) => n.label === label).map((n) => n.id) }));
}
