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

const WORDS = /[\s\-_.,;:()[\]{}'"`*/=|<>!?]+/;

/** Small words that say nothing about a flag (a question in plain words still finds it). */
const STOP = new Set(['a', 'an', 'the', 'at', 'of', 'to', 'in', 'on', 'for', 'and', 'or', 'is', 'by', 'with', 'it']);

export interface FlagSearch {
  /** Names matching `query`, best first; null when the query is empty (no ranking: the caller's order). */
  search(query: string): string[] | null;
}

export function buildSearch(entries: readonly SearchEntry[]): FlagSearch {
  const index = new MiniSearch<SearchEntry>({
    fields: ['id', 'summary', 'explanation'],
    tokenize: (text, field) => (field === 'id' ? nameTerms(text) : text.split(WORDS).filter(Boolean)),
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
      tokenize: (text) => text.replace(/^-+/, '').split(WORDS).filter(Boolean),
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
