/**
 * Search as you type over the flags of a component (and over the feature gates): MiniSearch with prefix and fuzzy
 * matching, by name (its parts split at dashes, the whole name too) and by the words of the summary and the
 * explanation, the name weighted most. No React: tests/unit/reference-search.test.ts runs it in Node.
 */
import MiniSearch from 'minisearch';

export interface SearchEntry {
  /** The flag name (no dashes) or gate name. */
  id: string;
  summary: string;
  explanation: string;
}

/** Words of a name: `etcd-servers` -> etcd, servers, etcd-servers; `APIPriorityAndFairness` -> api, priority, ... */
function nameTerms(name: string): string[] {
  const parts = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s\-_.]+/)
    .filter(Boolean);
  return [...new Set([name, ...parts])];
}

const WORDS = /[\s\-_.,;:()[\]{}'"`*/=|<>!?\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u201c-\u201d\u2018-\u2019]+/;

/** A run of Chinese (or other CJK) characters: written without spaces, so it is indexed by overlapping pairs. */
const CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/g;

/**
 * The words of a text: Latin words split at spaces and punctuation (full-width too); a CJK run as its overlapping
 * character pairs (加密 in 让 API 服务器在 etcd 中加密 Secret is found), a single character alone.
 */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const token of text.split(WORDS)) {
    if (!token) continue;
    CJK_RUN.lastIndex = 0;
    if (!CJK_RUN.test(token)) {
      out.push(token);
      continue;
    }
    for (const part of token.split(CJK_RUN)) if (part) out.push(part);
    for (const run of token.match(CJK_RUN) ?? []) {
      const chars = [...run];
      if (chars.length === 1) out.push(run);
      for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
    }
  }
  return out;
}

/** Small words that say nothing about a flag (a question in plain words still finds it). */
const STOP = new Set(['a', 'an', 'the', 'at', 'of', 'to', 'in', 'on', 'for', 'and', 'or', 'is', 'by', 'with', 'it']);

export interface FlagSearch {
  /** Names matching `query`, best first; null when the query is empty (no ranking: the caller's order). */
  search(query: string): string[] | null;
}

export function buildSearch(entries: readonly SearchEntry[]): FlagSearch {
  const index = new MiniSearch<SearchEntry>({
    fields: ['id', 'summary', 'explanation'],
    tokenize: (text, field) => (field === 'id' ? nameTerms(text) : words(text)),
    processTerm: (term, field) => {
      const w = term.toLowerCase();
      return w.length === 0 || (field !== 'id' && STOP.has(w)) ? null : w;
    },
    searchOptions: {
      boost: { id: 4, summary: 1.5, explanation: 0.5 },
      prefix: true,
      // typos: one edit in words of 4+ letters, two in long words
      fuzzy: (term) => (term.length >= 8 ? 2 : term.length >= 4 ? 1 : false),
      combineWith: 'AND',
      tokenize: (text) => words(text.replace(/^-+/, '')),
      processTerm: (term) => {
        const w = term.toLowerCase();
        return w.length === 0 || STOP.has(w) ? null : w;
      },
    },
  });
  index.addAll(entries);
  return {
    search(query) {
      const q = query.trim().replace(/^-+/, '');
      if (q === '') return null;
      let hits = index.search(q);
      // all words must match; when none does, any word may (a long question still finds something)
      if (hits.length === 0) hits = index.search(q, { combineWith: 'OR' });
      // the name as typed first, then names that start with it, then the rest by score
      const typed = q.toLowerCase().replace(/\s+/g, '-');
      const tier = (id: string) => {
        const n = id.toLowerCase();
        return n === typed ? 0 : n.startsWith(typed) ? 1 : 2;
      };
      return hits
        .map((h, i) => ({ id: String(h.id), i }))
        .sort((a, b) => tier(a.id) - tier(b.id) || a.i - b.i)
        .map((h) => h.id);
    },
  };
}
