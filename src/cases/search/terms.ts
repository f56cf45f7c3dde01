import { nameKey } from './name-key.js';
import { russianRoot, stem } from './stems.js';
import { splitWords } from './words.js';

/** A piece of a record's text to index, and how much a match in it counts. */
export interface IndexedText {
  text: string;
  weight: number;
  /** Names of people and places: also matched across scripts and transliterations. */
  names?: boolean;
}

// A match on the exact stem or on a name counts three times a match on the coarser root.
const STEM_FACTOR = 3;
const NAME_FACTOR = 3;
const ROOT_FACTOR = 1;

/** Every search term of a record with its weight: `s:` stems, `r:` Russian roots, `n:` name keys. */
export function documentTerms(texts: IndexedText[]): Map<string, number> {
  const terms = new Map<string, number>();
  const add = (term: string, weight: number) => {
    if (term.length > 2 + 64) return; // a "word" this long is a hash or base64, not language
    terms.set(term, Math.max(terms.get(term) ?? 0, weight));
  };
  for (const { text, weight, names } of texts) {
    for (const word of splitWords(text)) {
      const stemmed = stem(word);
      add(`s:${stemmed}`, weight * STEM_FACTOR);
      const root = russianRoot(stemmed);
      if (root !== null) add(`r:${root}`, weight * ROOT_FACTOR);
      if (names) add(`n:${nameKey(word)}`, weight * NAME_FACTOR);
    }
  }
  return terms;
}

/**
 * The terms that satisfy each word of a query: a record matches when, for every word, it holds at
 * least one of that word's terms. Words with the same terms count once.
 */
export function queryTerms(query: string): string[][] {
  const seen = new Set<string>();
  const words: string[][] = [];
  for (const word of splitWords(query)) {
    const stemmed = stem(word);
    const alternatives = new Set([`s:${stemmed}`, `n:${nameKey(word)}`]);
    const root = russianRoot(stemmed);
    if (root !== null) alternatives.add(`r:${root}`);
    const key = [...alternatives].sort().join(' ');
    if (seen.has(key)) continue;
    seen.add(key);
    words.push([...alternatives]);
  }
  return words;
}
