import * as iuliia from 'iuliia';
import { describe, expect, it } from 'vitest';
import { nameKeys, TRANSLITERATION_SCHEMES } from '../../../src/people/index.js';
import { germanTranscription } from '../../../src/people/names/german-transcription.js';
import { parseName } from '../../../src/people/names/name-readings.js';

const meet = (a: string, b: string) => nameKeys(a).some((key) => nameKeys(b).includes(key));

/** Fictional names that hold the letters the schemes disagree on: щ ж х ц ч ш ё й ы ь ъ ю я э. */
const NAMES = [
  'Щербаков',
  'Алексей',
  'Викторович',
  'Жужжалкина',
  'Хохмачёв',
  'Цыпочкин',
  'Шуточкина',
  'Юмореска',
  'Ягодкин',
  'Йогуртов',
  'Фантазёрский',
  'Выдумщиков',
  'Небылицын',
  'Васильева',
  'Ильин',
  'Зайцев',
  'Фёдор',
  'Юлия',
  'Наталья',
  'Разъездной',
  'Эскизов',
  'Евгений',
  'Дмитриевна',
  'Хабибуллин',
  'Пётр',
];

describe('nameKeys: one key for a name however it is transliterated', () => {
  it.each(TRANSLITERATION_SCHEMES.map((scheme) => [scheme.id, scheme] as const))('%s: every fictional name meets its Cyrillic original', (_id, scheme) => {
    const missed = NAMES.filter((name) => !meet(name, scheme.transliterate(name))).map((name) => `${name} → ${scheme.transliterate(name)}`);
    expect(missed).toEqual([]);
  });

  it("meets the names of iuliia's own sample tables (the standards' examples), all of them for the passport schemes", () => {
    const passport = new Set(['ICAO_DOC_9303', 'MVD_310', 'MVD_782', 'MVD_310_FR']);
    let pairs = 0;
    const missed: string[] = [];
    for (const [name, value] of Object.entries(iuliia)) {
      if (typeof value !== 'object' || value === null || !('samples' in value)) continue;
      for (const [cyrillic, latin] of (value as iuliia.Schema).samples) {
        const cw = cyrillic!.split(/[\s,]+/).filter(Boolean);
        const lw = latin!.split(/[\s,]+/).filter(Boolean);
        if (cw.length > 3 || cw.length !== lw.length) continue; // names, not the sample sentences
        for (const [i, word] of cw.entries()) {
          pairs++;
          if (!meet(word, lw[i]!)) missed.push(`${name}: ${word} / ${lw[i]}`);
        }
      }
    }
    expect(pairs).toBeGreaterThan(150);
    expect(missed.filter((m) => passport.has(m.split(':')[0]!))).toEqual([]);
    // The rest: BGN/PCGN's t·s and sh·ch (т+с, ш+ч written apart), Тыэкан, a Wikipedia ъ before о.
    expect(missed.length / pairs).toBeLessThan(0.03);
  });

  it('folds the spellings of the French, German, Polish and GOST 7.79 conventions', () => {
    expect(meet('Щербаков', 'Chtcherbakov')).toBe(true);
    expect(meet('Щербаков', 'Schtscherbakow')).toBe(true);
    expect(meet('Щербаков', 'Scherbakow')).toBe(true);
    expect(meet('Щербаков', 'Ŝerbakov')).toBe(true);
    expect(meet('Щербаков', 'Shherbakov')).toBe(true);
    expect(meet('Жуков', 'Joukov')).toBe(true);
    expect(meet('Жуков', 'Schukow')).toBe(true);
    expect(meet('Жуков', 'Žukov')).toBe(true);
    expect(meet('Чайкин', 'Tschaikin')).toBe(true);
    expect(meet('Чайкин', 'Tchaïkine')).toBe(true);
    expect(meet('Хабибуллин', 'Chabibullin')).toBe(true);
    expect(meet('Хабибуллин', 'Xabibullin')).toBe(true);
    expect(meet('Смирнов', 'Smirnoff')).toBe(true);
    expect(meet('Евгений', 'Yevgeniy')).toBe(true);
    expect(meet('Евгений', 'Jewgeni')).toBe(true);
    expect(meet('Евгений', 'Evgueni')).toBe(true);
  });

  it('reads ё both as e (ICAO, most Russian text) and as io (Fyodor), and «е» for «ё»', () => {
    for (const latin of ['Fedor', 'Fyodor', 'Fjodor', 'Fiodor', 'Fëdor']) expect(meet('Фёдор', latin), latin).toBe(true);
    expect(meet('Федор', 'Fedor')).toBe(true);
    expect(meet('Йогуртов', 'Yogurtov')).toBe(true);
  });

  it('keeps different names apart', () => {
    expect(meet('Щербаков', 'Шербаков')).toBe(true); // щ and ш are one sound to every transliteration but ICAO's
    expect(meet('Чайкин', 'Шайкин')).toBe(false);
    expect(meet('Образцов', 'Обрезков')).toBe(false);
    expect(meet('Иванов', 'Ivanova')).toBe(false);
  });

  it('reads a word that mixes Latin look-alikes into Cyrillic (or the reverse) as one script', () => {
    expect(nameKeys('Щepбaков')).toEqual(nameKeys('Щербаков')); // Latin e, p, a
    expect(nameKeys('Shcherbаkov')).toEqual(nameKeys('Shcherbakov')); // a Cyrillic а
  });

  it('is case-blind, and gives nothing for a word without letters', () => {
    expect(nameKeys('SHCHERBAKOV')).toEqual(nameKeys('shcherbakov'));
    expect(nameKeys('123')).toEqual([]);
  });
});

describe('germanTranscription (Duden), which iuliia lacks', () => {
  it.each([
    ['Жуков', 'Schukow'],
    ['Щербаков', 'Schtscherbakow'],
    ['Алексей', 'Alexej'],
    ['Зайцев', 'Saizew'],
    ['Васильева', 'Wassiljewa'],
    ['Юрий', 'Juri'],
    ['Фёдор', 'Fjodor'],
    ['Горбачёв', 'Gorbatschow'],
    ['Ильин', 'Iljin'],
    ['Евгений', 'Jewgeni'],
    ['ХАБИБУЛЛИН', 'CHABIBULLIN'],
  ])('%s → %s', (cyrillic, german) => expect(germanTranscription(cyrillic)).toBe(german));
});

describe('parseName: the readings of a name in one string', () => {
  const orders = (name: string) => parseName(name)!.readings.map((r) => `${r.surname.text}|${r.given?.text ?? ''}|${r.patronymic?.text ?? ''}`);

  it('Russian order with a patronymic last, Western order with it in the middle', () => {
    expect(orders('Щербаков Алексей Викторович')).toEqual(['Щербаков|Алексей|Викторович']);
    expect(orders('Алексей Викторович Щербаков')).toEqual(['Щербаков|Алексей|Викторович']);
  });

  it('a comma or a slash puts the surname first; titles are left out', () => {
    expect(orders('Shcherbakov, Aleksei Viktorovich')).toEqual(['Shcherbakov|Aleksei|Viktorovich']);
    expect(orders('SHCHERBAKOV/ALEKSEI MR')).toEqual(['SHCHERBAKOV|ALEKSEI|']);
  });

  it('initials are never the surname; two words keep both orders; a word in capitals is the surname', () => {
    expect(orders('Shcherbakov A.V.')).toEqual(['Shcherbakov|A|V']);
    expect(orders('A. V. Shcherbakov')).toEqual(['Shcherbakov|A|V']);
    expect(orders('Aleksei Shcherbakov')).toEqual(['Aleksei|Shcherbakov|', 'Shcherbakov|Aleksei|']);
    expect(orders('Aleksei SHCHERBAKOV')).toEqual(['SHCHERBAKOV|Aleksei|']);
  });

  it('a double name is one word with two halves', () => {
    const surname = parseName('Петрова-Водкина Анна')!.readings[0]!.surname;
    expect(surname.parts?.map((p) => p.text)).toEqual(['Петрова', 'Водкина']);
  });
});
