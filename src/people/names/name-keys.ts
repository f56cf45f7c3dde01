import { translate, ICAO_DOC_9303 } from 'iuliia';
import { BoundedMemo } from '../bounded-memo.js';
import { unifyScript } from './scripts.js';

/**
 * A name word's keys: what it sounds like in Russian, however it was written. Cyrillic words are read
 * letter by letter; a Latin word is read under each convention it may follow (English-based passport and
 * library schemes, French, German, GOST 7.79 System B), since one spelling means different sounds in each
 * ("ch" is ч in English, ш in French, х in German). Щербаков, SHCHERBAKOV, Scherbakow, Chtcherbakov and
 * Ŝerbakov all give "Serbakov".
 *
 * A key is lower-case Latin with five capitals standing for one sound each: S (ш, щ, ж: German writes ж and ш
 * alike), H (х), C (ц), Q (ч). з and с are one s (German writes both s), и, й and ы one i, е one e, and ё
 * e (as ICAO and most Russian text write it), io (Fyodor, Fjodor, Fiodor) or after ж, ч, ш, щ o (Gorbachov), so a
 * word with ё has two or three keys;
 * soft and hard signs are dropped; doubled letters count once; "ie" (ие, ье, ъе) is e.
 */

const CYRILLIC: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'S',
  з: 's',
  и: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'H',
  ц: 'C',
  ч: 'Q',
  ш: 'S',
  щ: 'S',
  ъ: '',
  ы: 'i',
  ь: '',
  э: 'e',
  ю: 'iu',
  я: 'ia',
  // Ukrainian and Belarusian letters, read as their Russian neighbours.
  і: 'i',
  ї: 'i',
  є: 'e',
  ґ: 'g',
  ў: 'u',
};

type Rules = ReadonlyArray<readonly [RegExp, string]>;

/** Letters with diacritics that stand for one sound (GOST 7.79 System A, Czech and Polish spellings). */
const MARKED: Record<string, string> = {
  š: 'S',
  ś: 'S',
  ŝ: 'S',
  ž: 'S',
  ź: 'S',
  ż: 'S',
  č: 'Q',
  ć: 'Q',
  ł: 'l',
  ß: 'ss',
  û: 'iu',
  â: 'ia',
};

/** English-based schemes: ICAO, MVD, BGN/PCGN, GOST 7.79 System A, Wikipedia, and informal English spelling. */
const ENGLISH: Rules = [
  [/shch|shh|sch/g, 'S'],
  [/zh|sh/g, 'S'],
  [/kh/g, 'H'],
  [/t?ch/g, 'Q'],
  [/tz|ts|cz/g, 'C'],
  [/ck/g, 'k'],
  [/c/g, 'C'],
  [/x/g, 'ks'],
  [/q/g, 'k'],
  [/w/g, 'v'],
  [/ph/g, 'f'],
  [/h/g, 'H'],
  [/[yj]e/g, 'e'],
  [/[yj]o/g, 'io'],
  [/[yj]u/g, 'iu'],
  [/[yj]a/g, 'ia'],
  [/[yj]/g, 'i'],
];

/** The French convention (MVD 310's French table): ch ш, tch ч, chtch щ, j ж, ou у, gu г before e and i. */
const FRENCH: Rules = [
  [/chtch/g, 'S'],
  [/tch/g, 'Q'],
  [/ch|j/g, 'S'],
  [/kh/g, 'H'],
  [/gu(?=[eiy])/g, 'g'],
  [/qu/g, 'k'],
  [/ou/g, 'u'],
  [/ts/g, 'C'],
  [/c(?=[eiy])/g, 's'],
  [/c/g, 'k'],
  [/x/g, 'ks'],
  [/w/g, 'v'],
  [/ph/g, 'f'],
  [/h/g, ''],
  [/y/g, 'i'],
  [/ine$/g, 'in'],
];

/** The German transcription: sch ж and ш, tsch ч, ch х, z ц, w в, j й. */
const GERMAN: Rules = [
  [/schtsch/g, 'S'],
  [/tsch/g, 'Q'],
  [/sch|sh/g, 'S'],
  [/ch/g, 'H'],
  [/ck/g, 'k'],
  [/tz|ts|z/g, 'C'],
  [/c/g, 'C'],
  [/x/g, 'ks'],
  [/q/g, 'k'],
  [/w/g, 'v'],
  [/ph/g, 'f'],
  [/h/g, 'H'],
  [/je/g, 'e'],
  [/jo/g, 'io'],
  [/ju/g, 'iu'],
  [/ja/g, 'ia'],
  [/[jy]/g, 'i'],
];

/** GOST 7.79 System B (library catalogues): x х, cz ц, shh щ, ` for the signs. */
const GOST_B: Rules = [
  [/shh/g, 'S'],
  [/zh|sh/g, 'S'],
  [/ch/g, 'Q'],
  [/x/g, 'H'],
  [/cz|c/g, 'C'],
  [/w/g, 'v'],
  [/ye/g, 'e'],
  [/yo/g, 'io'],
  [/yu/g, 'iu'],
  [/ya/g, 'ia'],
  [/[yj]/g, 'i'],
];

/**
 * The French and German readings are tried only on words with a letter group that English-based schemes do
 * not write: read everywhere, they would give every "ch" three sounds and widen every comparison.
 */
const FRENCH_SIGNS = /ou|tch|ine$|gu[eiy]|ï|^j|[aeiou]j[aeiou]|j(?![aeiouy])/;
const GERMAN_SIGNS = /sch|w|j|z|(?<![st])ch/;

/** What every key goes through last: one s, no ie, doubled letters once, the old -off ending. */
const FINAL: Rules = [
  [/z/g, 's'],
  [/ie/g, 'e'],
  [/[^a-zA-Z]/g, ''],
  [/tC/g, 'C'],
  [/(.)\1+/g, '$1'],
  [/([oe])f$/g, '$1v'],
];

function apply(rules: Rules, text: string): string {
  let out = text;
  for (const [pattern, replacement] of rules) out = out.replace(pattern, replacement);
  return out;
}

function cyrillicKey(word: string): string {
  let out = '';
  // тс and шч sound, and are written in Latin, as ц and щ: Bitsevsky, Tashchishma.
  for (const c of word.replace(/тс/g, 'ц').replace(/шч/g, 'щ')) out += CYRILLIC[c] ?? (c >= 'a' && c <= 'z' ? c : '');
  return apply(FINAL, out);
}

/** Lower case, marked letters for their sounds, other diacritics and apostrophes gone. */
function plainLatin(word: string): string {
  return word
    .replace(/[šśŝžźżčćłßûâ]/g, (c) => MARKED[c]!)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/['’ʼʹ`"″]/g, '');
}

function latinKeys(word: string): string[] {
  const plain = plainLatin(word);
  const keys = [apply(FINAL, apply(ENGLISH, plain))];
  if (FRENCH_SIGNS.test(word)) keys.push(apply(FINAL, apply(FRENCH, plain)));
  if (GERMAN_SIGNS.test(word)) keys.push(apply(FINAL, apply(GERMAN, plain)));
  if (/x|cz|`/.test(word)) keys.push(apply(FINAL, apply(GOST_B, plain)));
  return [...new Set(keys)].filter((key) => key !== '');
}

function keysOf(written: string): readonly string[] {
  const unified = unifyScript(written.normalize('NFKC').toLowerCase());
  const word = unified.word;
  let keys: string[];
  if (unified.script === 'cyrillic') {
    // A Cyrillic word may still hold a Latin letter with no Cyrillic look-alike: read that part as Latin.
    if (/[a-z]/.test(word)) keys = latinKeys(translate(word, ICAO_DOC_9303));
    else if (!word.includes('ё')) keys = [cyrillicKey(word)];
    // ё as e, as io, and after ж, ч, ш, щ as o (Gorbachov, Gorbatschow).
    else keys = [cyrillicKey(word), cyrillicKey(word.replace(/ё/g, 'ио')), cyrillicKey(word.replace(/([жчшщ])ё/g, '$1о'))];
  } else {
    keys = latinKeys(/[\u0400-\u04ff]/.test(word) ? translate(word, ICAO_DOC_9303) : word);
  }
  return [...new Set(keys)].filter((key) => key !== '');
}

const memo = new BoundedMemo(keysOf);

/**
 * The keys of one name word (no spaces): one for a Cyrillic word (up to three with ё), one to four for a Latin one.
 * Empty when the word has no letters.
 */
export function nameKeys(word: string): readonly string[] {
  return memo.get(word);
}

/** A key as letters a person (and double metaphone) reads: Serbakov → sherbakov. */
export function readableKey(key: string): string {
  return key.replace(/[SHCQ]/g, (c) => ({ S: 'sh', H: 'kh', C: 'ts', Q: 'ch' })[c]!);
}
