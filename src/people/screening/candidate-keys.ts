import { BoundedMemo } from '../bounded-memo.js';
import type { NameToken } from '../names/name-tokens.js';
import { initialSounds, phoneticCodes } from '../names/part-agreement.js';
import type { PreparedPerson } from '../person-matcher.js';

/**
 * Blocking: the keys under which a watchlist person is filed and a record looks for candidates, so that a
 * record is scored against the few people it could be rather than against all. Keys are taken after
 * transliteration is folded (so «Щербаков» and "Scherbakow" share them):
 * - `k` the first four letters of a surname's key,
 * - `m` its double metaphone codes (a slip in the first letters still sounds alike),
 * - `g` a given name's metaphone, and `e` a surname's last four letters, with the year of birth (a surname
 *   misspelt in its first letters and in its sound).
 * - `f`, `i`, `j` a surname's first letter with the given name (see pairKeys).
 * A record is looked up by every word of its name, in any place, since its order is not known.
 */

/** The `k` and `m` keys of one name key, kept: records repeat their names. */
const keysOfKeys = new BoundedMemo((key): readonly string[] => {
  const [primary, alternative] = phoneticCodes(key);
  const list = [`k${key.slice(0, 4)}`];
  if (primary !== '') list.push(`m${primary}`);
  if (alternative !== '' && alternative !== primary) list.push(`m${alternative}`);
  return list;
});
const keysOfKey = (key: string) => keysOfKeys.get(key);

function wordKeys(token: NameToken, into: Set<string>): void {
  for (const part of [token, ...(token.parts ?? [])]) for (const key of part.keys) for (const k of keysOfKey(key)) into.add(k);
}

/** Keys that hold the year of birth: a given name's sound (`g`), a surname's last four letters (`e`). */
function yearKeys(token: NameToken, year: number, into: Set<string>, as: 'given' | 'surname' | 'either'): void {
  for (const key of token.keys) {
    if (as !== 'surname') {
      const sound = keysOfKey(key)[1];
      if (sound !== undefined) into.add(`g${sound.slice(1)}:${year}`);
    }
    if (as !== 'given' && key.length >= 6) into.add(`e${key.slice(-4)}:${year}`);
  }
}

/**
 * Keys of a surname's first letter with the given name: its sound (`f`) or, where either side has only an
 * initial, its first letter (`i` for a watchlist person's full given name, `j` for a watchlist initial). They
 * find a surname misspelt anywhere but in its first letter, with no date of birth to help.
 */
function pairKeys(surname: NameToken, given: NameToken, side: 'watchlist' | 'record', into: Set<string>): void {
  const firsts = new Set(surname.keys.map((key) => key[0]!));
  const letters = given.initial ? initialSounds(given) : [...new Set(given.keys.map((key) => key[0]!))];
  for (const s of firsts) {
    if (!given.initial) for (const key of given.keys) into.add(`f${s}${keysOfKey(key)[1] ?? key}`);
    for (const letter of letters) {
      if (side === 'watchlist') into.add(`${given.initial ? 'j' : 'i'}${s}${letter}`);
      else {
        into.add(`j${s}${letter}`);
        if (given.initial) into.add(`i${s}${letter}`);
      }
    }
  }
}

export function watchlistKeys(person: PreparedPerson): Set<string> {
  const keys = new Set<string>();
  for (const reading of person.name.readings) {
    wordKeys(reading.surname, keys);
    if (reading.given) pairKeys(reading.surname, reading.given, 'watchlist', keys);
    if (!person.dob) continue;
    yearKeys(reading.surname, person.dob.year, keys, 'surname');
    if (reading.given && !reading.given.initial) yearKeys(reading.given, person.dob.year, keys, 'given');
  }
  return keys;
}

export function recordKeys(person: PreparedPerson): Set<string> {
  const keys = new Set<string>();
  const { tokens } = person.name;
  for (const word of tokens) {
    if (word.initial) continue;
    wordKeys(word, keys);
    if (person.dob) yearKeys(word, person.dob.year, keys, 'either');
    // The record's word order is not known: each word may be the surname, each other the given name.
    for (const other of tokens) if (other !== word) pairKeys(word, other, 'record', keys);
  }
  return keys;
}

/** The watchlist filed under its keys. */
export class CandidateIndex {
  private readonly byKey = new Map<string, number[]>();
  private readonly seen: Uint32Array;
  private stamp = 0;

  constructor(people: readonly PreparedPerson[]) {
    this.seen = new Uint32Array(people.length);
    for (const [i, person] of people.entries())
      for (const key of watchlistKeys(person)) {
        const list = this.byKey.get(key);
        if (list) list.push(i);
        else this.byKey.set(key, [i]);
      }
  }

  /** The watchlist people (their indexes) that share a key with the record, each once. */
  candidates(record: PreparedPerson): number[] {
    this.stamp++;
    if (this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    const found: number[] = [];
    for (const key of recordKeys(record))
      for (const i of this.byKey.get(key) ?? [])
        if (this.seen[i] !== this.stamp) {
          this.seen[i] = this.stamp;
          found.push(i);
        }
    return found;
  }
}
