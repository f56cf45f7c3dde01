import { describe, expect, it } from 'vitest';
import { isVigilError } from '../../../src/shared/index.js';
import {
  MATCH_THRESHOLD,
  matchDescriptions,
  matchPeople,
  parseBirthDate,
  PeopleInputError,
  preparePerson,
  scorePeople,
  TRANSLITERATION_SCHEMES,
  type MatchResult,
  type PersonDescription,
} from '../../../src/people/index.js';
import { normaliseDocument } from '../../../src/people/documents.js';
import { normaliseNationality } from '../../../src/people/nationalities.js';

type Pair = [a: string | PersonDescription, b: string | PersonDescription];
const described = (x: string | PersonDescription): PersonDescription => (typeof x === 'string' ? { name: x } : x);
const match = ([a, b]: Pair): MatchResult => matchDescriptions(described(a), described(b));

/** Every fictional person here is the one in the first column, written as records write people. */
const SAME_PERSON: Pair[] = [
  ['Щербаков Алексей Викторович', 'SHCHERBAKOV ALEKSEI'], // ICAO, a passport since 2014
  ['Щербаков Алексей Викторович', 'Shcherbakov Aleksey Viktorovich'], // MVD 310 (1997), BGN/PCGN
  ['Щербаков Алексей Викторович', 'Scherbakow Alexej'], // German usage
  ['Щербаков Алексей Викторович', 'Schtscherbakow, Alexej Wiktorowitsch'], // German (Duden)
  ['Щербаков Алексей Викторович', 'Chtcherbakov Alexei'], // French (MVD 310's French table)
  ['Щербаков Алексей Викторович', 'Ŝerbakov Aleksej Viktorovič'], // GOST 7.79 System A
  ['Щербаков Алексей Викторович', 'Shherbakov Aleksej'], // GOST 7.79 System B
  ['Щербаков Алексей Викторович', 'Shcherbakov A.V.'], // initials
  ['Щербаков Алексей Викторович', 'Alexei Shcherbakov'], // Western order
  ['Щербаков Алексей Викторович', 'Алексей Викторович Щербаков'], // given, patronymic, surname
  ['Щербаков Алексей Викторович', 'SHCHERBAKOV/ALEKSEI MR'], // an airline manifest
  ['Щербаков Алексей Викторович', 'Shcherbakof Alexey'], // the old -off ending
  ['Щербаков Алексей Викторович', 'Shcherbokov Aleksei'], // a typo
  ['Щербаков Алексей Викторович', 'Щepбаков Алексей'], // Latin letters typed into Cyrillic
  ['Образцов Семён Ильич', 'Obraztsov Semyon'],
  ['Образцов Семён Ильич', 'Obrazcov Semen'],
  ['Образцов Семён Ильич', 'Obrasow Semjon'],
  ['Образцов Семён Ильич', 'Семён Ильич Образцов'],
  ['Ёлкина Юлия', 'Yolkina Yuliya'],
  ['Ёлкина Юлия', 'Elkina Iuliia'],
  ['Ёлкина Юлия', 'Iolkina Ioulia'],
  ['Ёлкина Юлия', 'Елкина Юлия'], // ё written е
  ['Жужжалкин Фёдор', 'Schuschschalkin Fjodor'],
  ['Жужжалкин Фёдор', 'Joujjalkine Fiodor'],
  ['Жужжалкин Фёдор', 'Zhuzhzhalkin Fedor'],
  ['Цыпочкин Дмитрий', 'Zypotschkin Dmitri'],
  ['Цыпочкин Дмитрий', 'Tsypochkin Dmitrii'],
  ['Хохмачёв Ильдар', 'Khokhmachev Ildar'],
  ['Хохмачёв Ильдар', 'Chochmatschow Ildar'],
  ['Хохмачёв Ильдар', 'Khokhmachov Ildar'],
  ['Выдумченко Илья', 'Vydumchenko Ilay'], // a slip that makes no name
  ['Небылицына-Выдумкина Анна', 'Nebylitsyna Anna'], // one half of a double surname
  ['Небылицына-Выдумкина Анна', 'Nebylitsyna-Vydumkina Anna'],
  ['Небылицына-Выдумкина Анна', 'NEBYLITSYNA VYDUMKINA, ANNA'],
  [
    { name: 'Шаблонов Пётр', dob: '07.03.1984' },
    { name: 'SHABLONOV PETR', dob: '1984-07-03' }, // day and month swapped
  ],
  [
    { name: 'Шаблонов Пётр', dob: '07.03.1984' },
    { name: 'Pyotr Shablonov', dob: '1984' }, // only the year
  ],
  [
    { name: 'Шаблонов Пётр', dob: '07.03.1984', document: '75 1234567' },
    { name: 'Shablonov P.', dob: '07 MAR 1984', document: '751234567' },
  ],
  [
    // The same passport number and date of birth outweigh a surname changed by marriage.
    { name: 'Выдумкина Вера', dob: '1990-01-02', document: '75 7654321', nationality: 'RUS' },
    { name: 'Nebylitsyna Vera', dob: '1990-01-02', document: '757654321', nationality: 'Russia' },
  ],
];

const DIFFERENT_PEOPLE: Pair[] = [
  ['Щербаков Алексей Викторович', 'Выдумкин Алексей Викторович'], // another surname
  ['Щербаков Алексей Викторович', 'Щербаков Борис Викторович'], // another given name
  ['Щербаков Алексей Викторович', 'Щербаков Алексей Петрович'], // another patronymic
  ['Щербаков Алексей Викторович', 'Щербакова Анна Викторовна'], // his sister
  ['Щербаков Алексей', 'Shcherbakov'], // a surname alone is not enough
  ['Образцов Семён', 'Смирнов Семён'],
  ['Мария Примерова', 'Дарья Примерова'],
  ['Елена Примерова', 'Алёна Примерова'],
  ['Чайкин Олег', 'Шайкин Олег'],
  ['Выдумченко Илья', 'Vydumchenko Iuliia'], // two given names a letter apart
  ['Выдумченко Инна', 'VYDUMCHENKO ANNA'],
  [
    { name: 'Шаблонов Пётр', dob: '1984-03-07' },
    { name: 'SHABLONOV PETR', dob: '1991-11-23' }, // a namesake
  ],
  [
    { name: 'Шаблонов Пётр', dob: '1984-03-07' },
    { name: 'Shablonov Ivan', dob: '1984-03-07' }, // a twin
  ],
  [
    { name: 'Образцов Семён', dob: '1984-03-07', nationality: 'RUS' },
    { name: 'Chablonov Semion', dob: '1984-03-07', nationality: 'RU' }, // another surname, the same birthday
  ],
];

describe('matchPeople: one person across scripts and transliterations', () => {
  it.each(SAME_PERSON.map((pair) => [JSON.stringify(pair[0]), JSON.stringify(pair[1]), pair] as const))('the same person: %s and %s', (_a, _b, pair) => {
    const result = match(pair);
    expect(result.score, JSON.stringify(result.explanation, null, 1)).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
    // Asked the other way round, the same score.
    expect(match([pair[1], pair[0]]).score).toBe(result.score);
  });

  it.each(DIFFERENT_PEOPLE.map((pair) => [JSON.stringify(pair[0]), JSON.stringify(pair[1]), pair] as const))('different people: %s and %s', (_a, _b, pair) => {
    const result = match(pair);
    expect(result.score, JSON.stringify(result.explanation, null, 1)).toBeLessThan(MATCH_THRESHOLD);
  });

  it('matches a name written in every scheme, whole or with the order reversed', () => {
    const name = 'Шуточкин Всеволод Яковлевич';
    for (const scheme of TRANSLITERATION_SCHEMES) {
      const [surname, given] = scheme.transliterate(name).split(' ');
      expect(match([name, `${surname} ${given}`]).score, scheme.id).toBe(1);
      expect(match([name, `${given} ${surname!.toUpperCase()}`]).score, scheme.id).toBe(1);
    }
  });
});

describe('the score and its explanation', () => {
  const pairs = [...SAME_PERSON, ...DIFFERENT_PEOPLE];

  it('is in [0, 1] and the contributions add up to it', () => {
    for (const pair of pairs) {
      const { score, explanation } = match(pair);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
      const sum = explanation.reduce((total, e) => total + e.contribution, 0);
      expect(Math.abs(sum - score)).toBeLessThan(0.01);
      const shares = explanation.filter((e) => e.feature !== 'limit').reduce((total, e) => total + e.weight, 0);
      expect(Math.abs(shares - 1)).toBeLessThan(0.01);
    }
  });

  it('scorePeople is matchPeople without the words', () => {
    for (const [a, b] of pairs) {
      const pa = preparePerson(described(a)).person!;
      const pb = preparePerson(described(b)).person!;
      expect(scorePeople(pa, pb)).toBe(matchPeople(pa, pb).score);
    }
  });

  it('names the scheme a transliteration follows, and what each part contributed', () => {
    const { explanation } = match(['Щербаков Алексей Викторович', 'SHCHERBAKOV ALEKSEI']);
    const surname = explanation.find((e) => e.feature === 'surname')!;
    expect(surname).toMatchObject({ agreement: 1 });
    expect(surname.detail).toBe('SHCHERBAKOV is Щербаков in ICAO Doc 9303 (Russian passports since 2014)');
    expect(explanation.find((e) => e.feature === 'patronymic')).toMatchObject({
      weight: 0,
      contribution: 0,
      detail: 'missing in B (A: Викторович): not counted',
    });
    expect(match(['Щербаков Алексей', 'Chtcherbakov Alexei']).explanation[0]!.detail).toMatch(/MVD order 310, French table/);
    expect(match(['Щербаков Алексей', 'Schtscherbakow Alexej']).explanation[0]!.detail).toMatch(/German transcription \(Duden\)/);
  });

  it('explains initials, typos, the order of the words, swapped dates and a limit', () => {
    const initials = match(['Щербаков Алексей Викторович', 'Shcherbakov A.V.']).explanation;
    expect(initials.find((e) => e.feature === 'given name')!.detail).toBe('initial A. fits Алексей');
    const typo = match(['Щербаков Алексей', 'Shcherbokov Aleksei']).explanation;
    expect(typo[0]!.detail).toMatch(
      /^Щербаков and Shcherbokov: close \(sherbakov \/ sherbokov: 1 slip, Jaro-Winkler 0\.\d\d, the same sound \(double metaphone XRPK\)\)$/,
    );
    const order = match(['Щербаков Алексей Викторович', 'Alexei Shcherbakov']).explanation;
    expect(order.find((e) => e.feature === 'name order')!.detail).toMatch(/^A: surname first, B: surname last/);
    const dates = match([
      { name: 'Шаблонов Пётр', dob: '07.03.1984' },
      { name: 'Shablonov Petr', dob: '1984-07-03' },
    ]).explanation;
    expect(dates.find((e) => e.feature === 'date of birth')).toMatchObject({ agreement: 0.8, detail: '1984-03-07 and 1984-07-03: day and month swapped' });
    const twins = match([
      { name: 'Шаблонов Пётр', dob: '1984-03-07' },
      { name: 'Shablonov Ivan', dob: '1984-03-07' },
    ]);
    expect(twins.score).toBe(0.6);
    expect(twins.explanation.at(-1)).toMatchObject({ feature: 'limit', detail: 'the given names differ: held at 0.6' });
    expect(twins.explanation.at(-1)!.contribution).toBeLessThan(0);
  });

  it('counts a different document number little, an equal one much', () => {
    const base = { name: 'Шаблонов Пётр', dob: '1984-03-07' };
    const same = match([
      { ...base, document: '75 1234567' },
      { ...base, document: '751234567' },
    ]).explanation.find((e) => e.feature === 'document')!;
    const different = match([
      { ...base, document: '75 1234567' },
      { ...base, document: '4510 123456' },
    ]);
    expect(same.agreement).toBe(1);
    expect(different.score).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
    expect(different.explanation.find((e) => e.feature === 'document')!.weight).toBeLessThan(same.weight);
  });
});

describe('the other features, normalised', () => {
  it.each([
    ['1984-03-07', { year: 1984, month: 3, day: 7 }],
    ['07.03.1984', { year: 1984, month: 3, day: 7 }],
    ['7/3/1984', { year: 1984, month: 3, day: 7 }],
    ['07 MAR 1984', { year: 1984, month: 3, day: 7 }],
    ['07MAR1984', { year: 1984, month: 3, day: 7 }],
    ['7 марта 1984', { year: 1984, month: 3, day: 7 }],
    ['1984-03', { year: 1984, month: 3 }],
    ['1984', { year: 1984 }],
  ])('date of birth %s', (text, date) => expect(parseBirthDate(text)).toEqual(date));

  it.each(['31.02.1984', '1984-13-01', '84', 'yesterday', '07 XYZ 1984'])('refuses %s with a reason', (text) =>
    expect(typeof parseBirthDate(text)).toBe('string'),
  );

  it('document numbers: spaces, dashes, № and Cyrillic look-alikes go', () => {
    expect(normaliseDocument('45 06 № 123456')).toBe('4506123456');
    expect(normaliseDocument('№ АВ-123456')).toBe('AB123456');
    expect(normaliseDocument('ab 123456')).toBe('AB123456');
  });

  it('nationalities: codes, English and Russian names, as ISO 3166 alpha-3', () => {
    for (const text of ['RUS', 'ru', 'Russia', 'Российская Федерация', 'РФ']) expect(normaliseNationality(text)).toBe('RUS');
    expect(normaliseNationality('D')).toBe('DEU');
    expect(normaliseNationality('Atlantis')).toBe('ATLANTIS');
  });
});

describe('matchDescriptions refuses what it cannot read', () => {
  it('a name without letters', () => {
    let error: unknown;
    try {
      matchDescriptions({ name: '123' }, { name: 'Shcherbakov' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PeopleInputError);
    expect(isVigilError(error) && error.code).toBe('invalid-input');
    expect((error as PeopleInputError).problem).toBe('no-name');
  });

  it('a date of birth that is no date', () => {
    expect(() => matchDescriptions({ name: 'Щербаков', dob: '31.02.1984' }, { name: 'Shcherbakov' })).toThrow(/dob of A: 1984-02 has no day 31/);
  });
});
