/**
 * Synthetic people for `npm run bench:match`: a watchlist in Cyrillic, and records (a manifest) in which some
 * of the watchlist's people appear again under another transliteration, word order, case, with initials,
 * typos, a date of birth with day and month swapped or only its year, among many people who are not on it
 * (some of them namesakes). Every surname is made up from word roots; nobody here exists.
 */
import { TRANSLITERATION_SCHEMES } from '../src/people/index.js';

const ROOTS = [
  'Пример',
  'Образц',
  'Шаблон',
  'Макет',
  'Тест',
  'Муляж',
  'Эскиз',
  'Черновик',
  'Наброск',
  'Аноним',
  'Безымянц',
  'Фантом',
  'Мираж',
  'Призрак',
  'Химер',
  'Сказочк',
  'Басенк',
  'Небылиц',
  'Отговорк',
  'Пустяк',
  'Вымысл',
  'Понарошк',
  'Небывал',
  'Шуточк',
  'Чепух',
  'Ерунд',
  'Хохмач',
  'Щебетун',
  'Жужжалк',
  'Цыпочк',
  'Юмореск',
  'Йогурт',
  'Сочинялк',
  'Фантазёр',
  'Придумщик',
  'Загадк',
  'Выдумщик',
  'Дразнилк',
  'Щекотк',
  'Шептун',
  'Ёжик',
  'Журавлик',
  'Хлопушк',
  'Цацк',
  'Чудесн',
  'Щелкунчик',
  'Юл',
  'Ябед',
  'Ягодк',
  'Изюмк',
  'Крендельк',
  'Бубличк',
  'Пряничк',
  'Карамельк',
  'Леденц',
  'Зефирк',
  'Мармеладк',
  'Пастилк',
  'Сушк',
  'Баранк',
  'Гвоздик',
  'Шурупчик',
  'Винтик',
  'Шпунтик',
  'Болтик',
  'Гаечк',
  'Рычажк',
  'Пружинк',
  'Колёсик',
  'Шестерёнк',
  'Облачк',
  'Туманч',
  'Ветерк',
  'Дождик',
  'Снежинк',
  'Сосульк',
  'Радуг',
  'Лучик',
  'Зорьк',
  'Росинк',
  'Кляксин',
  'Помарк',
  'Закорючк',
  'Загогулин',
  'Каракул',
  'Чернильц',
  'Перышк',
  'Скрепк',
  'Кнопочк',
  'Линеечк',
];
/** Masculine and feminine endings. */
const SUFFIXES: Array<[string, string]> = [
  ['ов', 'ова'],
  ['ин', 'ина'],
  ['ский', 'ская'],
  ['ев', 'ева'],
  ['енко', 'енко'],
  ['ович', 'ович'],
  ['ук', 'ук'],
];
const MALE = [
  'Иван',
  'Пётр',
  'Аркадий',
  'Семён',
  'Юрий',
  'Алексей',
  'Дмитрий',
  'Сергей',
  'Андрей',
  'Михаил',
  'Николай',
  'Владимир',
  'Фёдор',
  'Григорий',
  'Евгений',
  'Валерий',
  'Виктор',
  'Олег',
  'Игорь',
  'Илья',
  'Константин',
  'Леонид',
  'Максим',
  'Никита',
  'Павел',
  'Роман',
  'Станислав',
  'Тимофей',
  'Филипп',
  'Яков',
  'Вячеслав',
  'Всеволод',
  'Георгий',
  'Ефим',
  'Захар',
  'Кирилл',
  'Матвей',
  'Ярослав',
  'Эдуард',
  'Вадим',
];
const FEMALE = [
  'Анна',
  'Мария',
  'Елена',
  'Ольга',
  'Наталья',
  'Юлия',
  'Ксения',
  'Татьяна',
  'Светлана',
  'Ирина',
  'Екатерина',
  'Дарья',
  'Евгения',
  'Валерия',
  'Людмила',
  'Галина',
  'Софья',
  'Анастасия',
  'Вера',
  'Надежда',
  'Любовь',
  'Алёна',
  'Жанна',
  'Зоя',
  'Инна',
  'Кира',
  'Лидия',
  'Майя',
  'Нина',
  'Полина',
  'Раиса',
  'Серафима',
  'Ульяна',
  'Фаина',
  'Христина',
  'Эльвира',
  'Яна',
  'Василиса',
  'Злата',
  'Агния',
];
/** Fathers' names and the patronymics made of them (masculine, feminine). */
const FATHERS: Array<[string, string]> = [
  ['Иванович', 'Ивановна'],
  ['Петрович', 'Петровна'],
  ['Алексеевич', 'Алексеевна'],
  ['Сергеевич', 'Сергеевна'],
  ['Викторович', 'Викторовна'],
  ['Юрьевич', 'Юрьевна'],
  ['Николаевич', 'Николаевна'],
  ['Фёдорович', 'Фёдоровна'],
  ['Григорьевич', 'Григорьевна'],
  ['Ильич', 'Ильинична'],
  ['Михайлович', 'Михайловна'],
  ['Олегович', 'Олеговна'],
  ['Андреевич', 'Андреевна'],
  ['Дмитриевич', 'Дмитриевна'],
  ['Яковлевич', 'Яковлевна'],
  ['Валерьевич', 'Валерьевна'],
  ['Евгеньевич', 'Евгеньевна'],
  ['Вячеславович', 'Вячеславовна'],
  ['Кириллович', 'Кирилловна'],
  ['Тимофеевич', 'Тимофеевна'],
];

export interface Identity {
  surname: string;
  given: string;
  patronymic: string;
  /** ISO date. */
  dob: string;
  female: boolean;
}

export interface BenchRecord {
  name: string;
  dob: string;
  document: string;
  /** The watchlist row (0-based) this record is really of, or -1. */
  truth: number;
}

export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CONSONANTS = 'бвгджзклмнпрстфхцчшщ';
const VOWELS = 'аоуеияюё';

/** A made-up surname stem of two or three syllables (Жуцак, Щомир…), or one of the word roots above. */
function stem(rnd: () => number): { stem: string; suffix?: number } {
  if (rnd() < 0.2) {
    // A word root always takes the same ending: Примеров, never also Примерин.
    const i = Math.floor(rnd() * ROOTS.length);
    return { stem: ROOTS[i]!, suffix: i % SUFFIXES.length };
  }
  const letter = (set: string) => set[Math.floor(rnd() * set.length)]!;
  let text = '';
  const syllables = rnd() < 0.7 ? 2 : 3;
  for (let i = 0; i < syllables; i++) text += letter(CONSONANTS) + letter(VOWELS);
  if (rnd() < 0.5) text += letter('клмнрст');
  return { stem: text.charAt(0).toUpperCase() + text.slice(1) };
}

export function person(rnd: () => number): Identity {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const female = rnd() < 0.4;
  const made = stem(rnd);
  const [male, fem] = SUFFIXES[made.suffix ?? Math.floor(rnd() * SUFFIXES.length)]!;
  const father = pick(FATHERS);
  const year = 1950 + Math.floor(rnd() * 55);
  const month = 1 + Math.floor(rnd() * 12);
  const day = 1 + Math.floor(rnd() * 28);
  return {
    surname: made.stem + (female ? fem : male),
    given: pick(female ? FEMALE : MALE),
    patronymic: female ? father[1] : father[0],
    dob: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    female,
  };
}

export const identityKey = (p: Identity) => `${p.surname} ${p.given} ${p.dob}`;

const CYRILLIC_LETTERS = 'абвгдежзийклмнопрстуфхцчшщыэюя';
const LATIN_LETTERS = 'abcdefghijklmnoprstuvyz';

/** One slip of the pen in a word: a letter changed, dropped, doubled or two swapped (never the first). */
function typo(word: string, rnd: () => number): string {
  if (word.length < 4) return word;
  const i = 1 + Math.floor(rnd() * (word.length - 1));
  const cyrillic = /[а-яё]/i.test(word);
  const alphabet = cyrillic ? CYRILLIC_LETTERS : LATIN_LETTERS;
  let letter = alphabet[Math.floor(rnd() * alphabet.length)]!;
  if (word[i] === word[i]!.toUpperCase()) letter = letter.toUpperCase();
  const op = Math.floor(rnd() * 4);
  if (op === 0) return word.slice(0, i) + letter + word.slice(i + 1);
  if (op === 1) return word.slice(0, i) + word.slice(i + 1);
  if (op === 2) return word.slice(0, i) + word[i] + word.slice(i);
  return i < word.length - 1 ? word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2) : word.slice(0, i) + letter;
}

/** A watchlist person as a record of a manifest might write them. */
export function noisyRecord(p: Identity, truth: number, rnd: () => number): BenchRecord {
  const roll = rnd();
  const scheme = roll < 0.15 ? undefined : TRANSLITERATION_SCHEMES[Math.floor(rnd() * TRANSLITERATION_SCHEMES.length)]!;
  const write = (text: string) => (scheme ? scheme.transliterate(text) : text);
  let surname = write(p.surname);
  let given = write(p.given);
  const patronymic = write(p.patronymic);
  if (rnd() < 0.25) {
    if (rnd() < 0.6) surname = typo(surname, rnd);
    else given = typo(given, rnd);
  }
  const form = rnd();
  let name: string;
  if (form < 0.45) name = `${surname} ${given}${rnd() < 0.3 ? ` ${patronymic}` : ''}`;
  else if (form < 0.7) name = `${given} ${surname}`;
  else if (form < 0.85) name = `${surname}/${given}`;
  else name = `${surname} ${given[0]}.${patronymic[0]}.`;
  if (rnd() < 0.5) name = name.toUpperCase();
  let dob = p.dob;
  const d = rnd();
  const [y, m, day] = dob.split('-');
  if (d < 0.1) dob = '';
  else if (d < 0.15) dob = y!;
  else if (d < 0.2 && Number(day) <= 12) dob = `${y}-${day}-${m}`;
  else if (d < 0.5) dob = `${day}.${m}.${y}`;
  return { name, dob, document: '', truth };
}

/** Someone not on the watchlist, written as a manifest would. */
export function otherRecord(p: Identity, rnd: () => number): BenchRecord {
  const scheme = rnd() < 0.15 ? undefined : TRANSLITERATION_SCHEMES[Math.floor(rnd() * 3)]!;
  const write = (text: string) => (scheme ? scheme.transliterate(text) : text);
  const name = rnd() < 0.6 ? `${write(p.surname)} ${write(p.given)}` : `${write(p.given)} ${write(p.surname)}`;
  return { name: rnd() < 0.5 ? name.toUpperCase() : name, dob: rnd() < 0.1 ? '' : p.dob, document: '', truth: -1 };
}
