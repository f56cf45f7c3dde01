import { newStemmer } from 'snowball-stemmers';
import { isCyrillic } from './words.js';

const russian = newStemmer('russian');
const english = newStemmer('english');

/**
 * English verbs whose past forms Snowball cannot bring to the infinitive, among those that
 * testimonies of abuse use most.
 */
const ENGLISH_IRREGULAR: Record<string, string> = {
  beaten: 'beat',
  struck: 'strike',
  stricken: 'strike',
  broke: 'break',
  broken: 'break',
  threw: 'throw',
  thrown: 'throw',
  took: 'take',
  taken: 'take',
  held: 'hold',
  kept: 'keep',
  hung: 'hang',
  shot: 'shoot',
  bled: 'bleed',
  fell: 'fall',
  fallen: 'fall',
  bound: 'bind',
  fought: 'fight',
  caught: 'catch',
  brought: 'bring',
  forced: 'force',
  led: 'lead',
  froze: 'freeze',
  frozen: 'freeze',
  burnt: 'burn',
  stood: 'stand',
  sent: 'send',
  told: 'tell',
  said: 'say',
  saw: 'see',
  seen: 'see',
  gave: 'give',
  given: 'give',
  hid: 'hide',
  hidden: 'hide',
  tore: 'tear',
  torn: 'tear',
  wrote: 'write',
  written: 'write',
  went: 'go',
  gone: 'go',
  died: 'die',
  dying: 'die',
};

/** The Snowball stem, Russian or English by the word's script; other words stay as they are. */
export function stem(word: string): string {
  if (isCyrillic(word)) return russian.stem(word);
  if (/^[a-z]+$/.test(word)) return english.stem(ENGLISH_IRREGULAR[word] ?? word);
  return word;
}

/**
 * Suffixes that turn a Russian verb into a noun or another aspect: «избиение» and «избили» share no
 * Snowball stem (избиен, изб), but both come from «избить». Longest first.
 */
const DERIVATIONAL = ['ирова', 'ова', 'ева', 'ыва', 'ива', 'ени', 'ани', 'ств', 'тел', 'ост', 'ыв', 'ив', 'ит', 'ен', 'ан', 'ов', 'ва', 'к'];
const VOWELS = /[аеиоуыэюя]+$/;
const MIN_ROOT = 3;

/**
 * A coarser key for a Russian stem: derivational suffixes and final vowels removed, so that a
 * deverbal noun meets the verb's forms («избиение» → изб ← «избили», «пытка» → пыт ← «пытали»).
 * It finds more and less precisely than the stem, so matches on it rank lower. Null when it adds nothing.
 */
export function russianRoot(stemmed: string): string | null {
  if (!isCyrillic(stemmed)) return null;
  let root = stemmed;
  for (let changed = true; changed;) {
    changed = false;
    const withoutVowels = root.replace(VOWELS, '');
    if (withoutVowels !== root && withoutVowels.length >= MIN_ROOT) {
      root = withoutVowels;
      changed = true;
    }
    const suffix = DERIVATIONAL.find((s) => root.endsWith(s) && root.length - s.length >= MIN_ROOT);
    if (suffix) {
      root = root.slice(0, -suffix.length);
      changed = true;
    }
  }
  return root;
}
