/** Which alphabet a word is written in, and words that mix two (a Latin «o» typed inside a Cyrillic name). */

const CYRILLIC_LETTER = /[\u0400-\u04ff]/;
const LATIN_LETTER = /[a-z\u00c0-\u024f]/;

/** Latin letters that look like Cyrillic ones (lower case, and the lower case of look-alike capitals: B, H). */
const LATIN_TO_CYRILLIC: Record<string, string> = {
  a: 'а',
  b: 'в',
  c: 'с',
  e: 'е',
  h: 'н',
  k: 'к',
  m: 'м',
  o: 'о',
  p: 'р',
  t: 'т',
  x: 'х',
  y: 'у',
};
const CYRILLIC_TO_LATIN: Record<string, string> = Object.fromEntries(Object.entries(LATIN_TO_CYRILLIC).map(([latin, cyrillic]) => [cyrillic, latin]));
CYRILLIC_TO_LATIN['і'] = 'i';

export type Script = 'cyrillic' | 'latin';

/**
 * A lower-case word in one script: the letters of the minority script that look like letters of the
 * majority one become those. What cannot be read that way is left for the caller (`hasCyrillic`).
 */
export function unifyScript(word: string): { word: string; script: Script } {
  let cyrillic = 0;
  let latin = 0;
  for (const c of word) {
    if (CYRILLIC_LETTER.test(c)) cyrillic++;
    else if (LATIN_LETTER.test(c)) latin++;
  }
  if (cyrillic === 0) return { word, script: 'latin' };
  if (latin === 0) return { word, script: 'cyrillic' };
  if (cyrillic >= latin) return { word: word.replace(/[a-z]/g, (c) => LATIN_TO_CYRILLIC[c] ?? c), script: 'cyrillic' };
  return { word: word.replace(/[\u0400-\u04ff]/g, (c) => CYRILLIC_TO_LATIN[c] ?? c), script: 'latin' };
}

export function hasCyrillic(text: string): boolean {
  return CYRILLIC_LETTER.test(text);
}

export function hasLatin(text: string): boolean {
  return LATIN_LETTER.test(text);
}
