import { translate, WIKIPEDIA } from 'iuliia';
import { isCyrillic } from './words.js';

/** Letters of Ukrainian and Belarusian that the Russian schemas leave alone. */
const OTHER_CYRILLIC: Record<string, string> = { і: 'i', ї: 'i', є: 'e', ґ: 'g', ў: 'u' };
/** Latin letters whose diacritic stands for a digraph in English spelling. */
const DIGRAPH_LETTERS: Record<string, string> = { š: 'sh', ś: 'sh', ž: 'zh', ź: 'zh', č: 'ch', ć: 'ch', ł: 'l', ß: 'ss' };

/**
 * Spellings of one Russian sound in the transliterations a name is met in (English, German,
 * French, Polish, passports of different years), folded to one. Order matters.
 */
const FOLDS: Array<[RegExp, string]> = [
  [/['’ʼʹ]/g, ''],
  [/shch|sch|szcz|chtch/g, 'sh'],
  [/tsch|tch|cz/g, 'ch'],
  [/sz/g, 'sh'],
  [/kh|h/g, 'h'],
  [/ks|x/g, 'ks'],
  [/tz|ts|c(?!h)/g, 'ts'],
  [/w/g, 'v'],
  [/ph/g, 'f'],
  [/(?:ye|je|ie)(?=[a-z])/g, 'e'],
  [/(?:iyu|iju|iou|you|yu|ju)/g, 'iu'],
  [/ou/g, 'u'],
  [/(?:iya|ija|iia|ya|ja)/g, 'ia'],
  // ё is written е in most Russian text, so "Yolkin" must meet «Елкин» as well as «Ёлкин».
  [/(?:yo|jo|io)/g, 'e'],
  [/(?:iy|ij|yi|ii|y|j)$/g, 'i'],
  [/[yj]/g, 'i'],
  [/(.)\1+/g, '$1'],
];

/**
 * One key for a name word however it is written: Cyrillic or Latin, any case, with or without
 * diacritics, in the common transliterations. «Щукин», "Shchukin", "Schukin" and "Ščukin" meet.
 */
export function nameKey(word: string): string {
  let latin = word.normalize('NFKC').toLowerCase().replace(/ё/g, 'е');
  if (isCyrillic(latin)) {
    latin = translate(
      latin.replace(/[іїєґў]/g, (c) => OTHER_CYRILLIC[c]!),
      WIKIPEDIA,
    ).toLowerCase();
  }
  latin = latin.replace(/[šśžźčćłß]/g, (c) => DIGRAPH_LETTERS[c]!);
  latin = latin.normalize('NFKD').replace(/\p{M}/gu, '');
  for (const [pattern, replacement] of FOLDS) latin = latin.replace(pattern, replacement);
  return latin;
}
