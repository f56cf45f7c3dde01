import { distance } from 'fastest-levenshtein';

/** Cyrillic capitals that look like Latin ones: a series typed in either script is one series. */
const LOOK_ALIKES: Record<string, string> = { А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', У: 'Y' };

/**
 * A document number as one string of capitals and digits: spaces, dashes, dots and «№» go, Cyrillic look-alike
 * letters become Latin ("45 06 № 123456" and "4506123456" are one number). Empty when nothing is left.
 */
export function normaliseDocument(text: string): string {
  return text
    .replace(/№|N°/gi, '')
    .normalize('NFKC')
    .toUpperCase()
    .replace(/^NO\.?\s*(?=\d)/, '')
    .replace(/[АВЕКМНОРСТХУ]/g, (c) => LOOK_ALIKES[c]!)
    .replace(/[^0-9A-Z\u0400-\u04FF]/g, '');
}

export interface DocumentAgreement {
  agreement: number;
  /** Equal numbers weigh much; different ones little, as one person holds several documents. */
  weight: 'same' | 'different';
  detail: string;
}

export function compareDocuments(a: string, b: string): DocumentAgreement {
  if (a === b) return { agreement: 1, weight: 'same', detail: `${a}: the same number` };
  if (a.length >= 6 && a.length === b.length && distance(a, b) === 1)
    return { agreement: 0.5, weight: 'same', detail: `${a} and ${b}: one character apart (a slip, or a number of the same series)` };
  return { agreement: 0, weight: 'different', detail: `${a} and ${b}: different (a person may hold several documents)` };
}
