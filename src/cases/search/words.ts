/** Letters and digits; an apostrophe inside a word keeps it whole ("Natal'ya"), a hyphen splits it. */
const WORD = /[\p{L}\p{N}]+(?:['’ʼ][\p{L}\p{N}]+)*/gu;

/** Lower-cased words of a text, with ё read as е (Russian writing mostly omits the dots). */
export function splitWords(text: string): string[] {
  const words = text.normalize('NFKC').toLowerCase().replace(/ё/g, 'е').match(WORD);
  return words ?? [];
}

export function isCyrillic(word: string): boolean {
  return /\p{Script=Cyrillic}/u.test(word);
}
