/**
 * The German transcription of Russian names, which iuliia lacks: the Duden rules ("Transkription aus dem
 * Russischen", Duden — Die deutsche Rechtschreibung; tabulated at de.wikipedia.org/wiki/Deutsche_Transkription),
 * which German registry offices and the press used for names not taken from a passport: Жуков → Schukow,
 * Щербаков → Schtscherbakow, Алексей → Alexej, Зайцев → Saizew, Васильева → Wassiljewa.
 */

const LETTERS: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'w',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'jo',
  ж: 'sch',
  з: 's',
  и: 'i',
  й: 'j',
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
  х: 'ch',
  ц: 'z',
  ч: 'tsch',
  ш: 'sch',
  щ: 'schtsch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'ju',
  я: 'ja',
};
const VOWELS = 'аеёиоуыэюя';
const HUSHING = 'жчшщ';

function letterAt(word: string, i: number): string {
  const c = word[i]!;
  const prev = word[i - 1];
  const next = word[i + 1];
  const afterVowelOrSign = prev === undefined || VOWELS.includes(prev) || prev === 'ь' || prev === 'ъ';
  switch (c) {
    case 'е':
      return afterVowelOrSign ? 'je' : 'e';
    case 'ё':
      return prev !== undefined && HUSHING.includes(prev) ? 'o' : 'jo';
    case 'с':
      // Between vowels a single s would be read voiced: Wassiljew.
      return prev !== undefined && next !== undefined && VOWELS.includes(prev) && VOWELS.includes(next) ? 'ss' : 's';
    case 'й':
      // -ий and -ый end as -i and -y (Juri, Dostojewski, Grosny); before a consonant i (Saizew), else j (Sergej).
      if (next === undefined && (prev === 'и' || prev === 'ы')) return '';
      return next !== undefined && !VOWELS.includes(next) ? 'i' : 'j';
    case 'ь':
      return next !== undefined && VOWELS.includes(next) && next !== 'е' && next !== 'ё' ? 'j' : '';
    case 'к':
      return next === 'с' ? 'x' : 'k';
    default:
      return LETTERS[c] ?? c;
  }
}

function transcribeWord(word: string): string {
  const lower = word.toLowerCase();
  let out = '';
  for (let i = 0; i < lower.length; i++) {
    if (lower[i] === 'с' && lower[i - 1] === 'к') continue; // кс → x
    out += letterAt(lower, i);
  }
  if (word.length > 1 && word === word.toUpperCase()) return out.toUpperCase();
  return word[0] !== lower[0] ? out.charAt(0).toUpperCase() + out.slice(1) : out;
}

/** A Cyrillic text in the German (Duden) transcription; what is not Cyrillic is kept as it is. */
export function germanTranscription(text: string): string {
  return text.replace(/[\u0400-\u04ff]+/g, transcribeWord);
}
