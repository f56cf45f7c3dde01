import { distance } from 'fastest-levenshtein';
import jaroWinkler from 'talisman/metrics/jaro-winkler.js';
import doubleMetaphone from 'talisman/phonetics/double-metaphone.js';
import { BoundedMemo } from '../bounded-memo.js';
import { isKnownGivenName } from './given-names.js';
import { readableKey } from './name-keys.js';
import type { NameToken } from './name-tokens.js';
import { schemeWriting } from './transliteration-schemes.js';

export type NamePart = 'surname' | 'given name' | 'patronymic';

/** How far two words of a name agree, in [0, 1], and in words why. */
export interface PartAgreement {
  agreement: number;
  detail: string;
}

const phoneticMemo = new BoundedMemo((key): readonly [string, string] => doubleMetaphone(readableKey(key)));

/** Double metaphone of a key, read as the letters it stands for (after transliteration is folded, not before). */
export function phoneticCodes(key: string): readonly [string, string] {
  return phoneticMemo.get(key);
}

function samePhonetic(a: string, b: string): string | undefined {
  const [a1, a2] = phoneticCodes(a);
  const [b1, b2] = phoneticCodes(b);
  if (a1 === '' || b1 === '') return undefined;
  if (a1 === b1 || a1 === b2) return a1;
  if (a2 === b1 || a2 === b2) return a2;
  return undefined;
}

/** The feminine and masculine forms of one surname: Petrov/Petrova, Tolstoi/Tolstaia, Vidnyi/Vidnaia. */
function surnameStem(key: string): string {
  return key.replace(/(?:skaia|ski|aia|oi|ia|a|i)$/, '');
}

/**
 * The masculine and feminine forms of one given name: Aleksandr/Aleksandra, Stanislav/Stanislava (a consonant
 * and an -a), Evgeni/Evgenia, Valeri/Valeria (-i and -ia). A dropped final letter that makes no such pair
 * (Iuri/Iur) is a slip.
 */
function givenGenderPair(a: string, b: string): boolean {
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return short.length >= 3 && long === `${short}a` && !/[aeou]$/.test(short);
}

function genderForms(a: string, b: string, part: NamePart): boolean {
  if (part !== 'surname') return givenGenderPair(a, b);
  const stem = surnameStem(a);
  return stem.length >= 3 && stem === surnameStem(b);
}

/** Levenshtein distance, with two neighbouring letters swapped counted as one slip. */
function slips(a: string, b: string): number {
  const edits = distance(a, b);
  if (edits !== 2 || a.length !== b.length) return edits;
  const at = [...a].findIndex((c, i) => c !== b[i]);
  return a[at] === b[at + 1] && a[at + 1] === b[at] && a.slice(at + 2) === b.slice(at + 2) ? 1 : edits;
}

/**
 * How far two keys that differ agree: by the slips between them for their length (one slip in a long name
 * is a typo; two in a short one another name), less when the first letter differs (typos rarely hit it:
 * Мария and Дарья are two names), more when they sound alike. Never 1: only equal keys agree fully.
 */
function keyAgreement(edits: number, length: number, firstDiffers: boolean, sameSound: boolean): number {
  if (edits === 1) {
    let agreement = length >= 7 ? 0.85 : length >= 5 ? 0.75 : length >= 4 ? 0.6 : 0.3;
    if (firstDiffers) agreement /= 2;
    return Math.min(0.95, agreement + (sameSound ? 0.1 : 0));
  }
  // Two slips: too many for a name to agree on its own (Бекюсова, Бякюсова may be two families), enough
  // for a date of birth or a document to confirm it.
  if (edits === 2) {
    const agreement = length >= 10 ? 0.4 : length >= 8 ? 0.3 : length >= 7 ? 0.2 : 0;
    return Math.min(0.45, (firstDiffers ? agreement / 2 : agreement) + (sameSound && agreement > 0 ? 0.05 : 0));
  }
  return edits === 3 && length >= 12 && !firstDiffers ? 0.2 : 0;
}

interface KeyComparison {
  agreement: number;
  a: string;
  b: string;
  edits: number;
  jw: number;
  phonetic?: string;
}

function compareKeys(a: string, b: string, explain: boolean): KeyComparison {
  const edits = slips(a, b);
  const phonetic = edits <= 3 ? samePhonetic(a, b) : undefined;
  const agreement = keyAgreement(edits, Math.max(a.length, b.length), a[0] !== b[0], phonetic !== undefined);
  // Jaro-Winkler only picks, among key pairs that agree alike, the one the explanation shows.
  const jw = explain ? jaroWinkler(a, b) : 0;
  return phonetic ? { agreement, a, b, edits, jw, phonetic } : { agreement, a, b, edits, jw };
}

function compareFull(a: NameToken, b: NameToken, part: NamePart, explain: boolean): PartAgreement {
  let best: KeyComparison | undefined;
  for (const ka of a.keys)
    for (const kb of b.keys) {
      if (ka === kb) return { agreement: 1, detail: explain ? sameDetail(a, b, ka) : '' };
      const found = compareKeys(ka, kb, explain);
      // Of equal agreements, the pair that reads more alike (Jaro-Winkler) explains best.
      if (!best || found.agreement > best.agreement || (found.agreement === best.agreement && found.jw > best.jw)) best = found;
    }
  if (genderForms(best!.a, best!.b, part)) {
    const agreement = part === 'surname' ? 0.4 : 0.2;
    return { agreement, detail: explain ? `${a.text} and ${b.text}: the same name in its other gender's form` : '' };
  }
  // In any part: read the other way round, Илья and Юлия would otherwise meet as surnames.
  if (a.keys.some(isKnownGivenName) && b.keys.some(isKnownGivenName))
    return { agreement: 0, detail: explain ? `${a.text} and ${b.text}: two different given names` : '' };
  const { agreement, edits, jw, phonetic } = best!;
  if (!explain) return { agreement, detail: '' };
  const sound = phonetic ? `, the same sound (double metaphone ${phonetic})` : '';
  const verdict = agreement >= 0.7 ? 'close' : agreement > 0 ? 'somewhat alike' : 'different';
  return {
    agreement,
    detail: `${a.text} and ${b.text}: ${verdict} (${readableKey(best!.a)} / ${readableKey(best!.b)}: ${edits} slip${edits === 1 ? '' : 's'}, Jaro-Winkler ${jw.toFixed(2)}${sound})`,
  };
}

function sameDetail(a: NameToken, b: NameToken, key: string): string {
  if (a.text.toLowerCase() === b.text.toLowerCase()) return `${a.text}: the same`;
  if (a.cyrillic !== b.cyrillic) {
    const [cyrillic, latin] = a.cyrillic ? [a, b] : [b, a];
    const scheme = schemeWriting(cyrillic.text, latin.text);
    if (scheme) return `${latin.text} is ${cyrillic.text} in ${scheme.label}`;
  }
  return `${a.text} and ${b.text}: the same once transliteration is folded (${readableKey(key)})`;
}

/** The first sounds an initial may stand for: Y. and J. are Е (Yevgeni, Jekaterina) as well as Ю, Я, Й. */
export function initialSounds(initial: NameToken): string[] {
  const letter = initial.keys[0]![0]!;
  return letter === 'i' ? ['i', 'e'] : [letter];
}

function compareInitial(initial: NameToken, other: NameToken): PartAgreement {
  const sounds = initialSounds(initial);
  if (other.initial) {
    const same = other.keys.some((key) => sounds.includes(key[0]!)) || initialSounds(other).some((s) => initial.keys.some((key) => key[0] === s));
    return same
      ? { agreement: 0.6, detail: `initials ${initial.text}. and ${other.text}.: the same` }
      : { agreement: 0, detail: `initials ${initial.text}. and ${other.text}.: different` };
  }
  return other.keys.some((key) => sounds.includes(key[0]!))
    ? { agreement: 0.8, detail: `initial ${initial.text}. fits ${other.text}` }
    : { agreement: 0, detail: `initial ${initial.text}. does not fit ${other.text}` };
}

/** How far two words that hold the same part of a name (both surnames, both given names…) agree. */
export function partAgreement(a: NameToken, b: NameToken, part: NamePart, explain = true): PartAgreement {
  if (a.initial) return compareInitial(a, b);
  if (b.initial) return compareInitial(b, a);
  const whole = compareFull(a, b, part, explain);
  if (whole.agreement === 1 || (!a.parts && !b.parts)) return whole;
  // A double name against one of its halves (Petrova-Vodkina / Petrova) agrees, a little less.
  let best = whole;
  for (const [double, single] of [
    [a, b],
    [b, a],
  ] as const) {
    for (const half of double.parts ?? []) {
      const agreement = compareFull(half, single, part, explain);
      const scaled = agreement.agreement * 0.9;
      if (scaled > best.agreement) best = { agreement: scaled, detail: explain ? `${single.text} is one half of ${double.text}: ${agreement.detail}` : '' };
    }
  }
  return best;
}
