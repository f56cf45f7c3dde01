import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatDay, formatRecorded } from '../../../web/staff/src/i18n/dates.js';
import { plural } from '../../../web/staff/src/i18n/plural.js';
import { translate, type Lang } from '../../../web/staff/src/i18n/translate.js';
import { en } from '../../../web/staff/src/i18n/en.js';
import { ru } from '../../../web/staff/src/i18n/ru.js';

const words = (lang: Lang) => ({ lang, t: (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate(lang, key, vars) });

describe('dates the staff app shows', () => {
  const instant = '2026-12-05T14:03:09Z';

  it('writes a day with the month as a word, never 05/12/2026', () => {
    expect(formatDate(instant, 'en', 'UTC')).toBe('5 Dec 2026');
    expect(formatDate(instant, 'ru', 'UTC')).toBe('5 дек. 2026 г.');
    expect(formatDate('2026-12-05', 'en')).toBe('5 Dec 2026');
    expect(formatDate('2026-12', 'ru')).toMatch(/^дек\. 2026/);
    expect(formatDate(null, 'en')).toBe('');
  });

  it('writes a time on a 24-hour clock, in the zone asked for', () => {
    expect(formatDateTime(instant, 'en', 'UTC')).toBe('5 Dec 2026, 14:03');
    expect(formatDateTime(instant, 'ru', 'UTC')).toBe('5 дек. 2026 г., 14:03');
    expect(formatDateTime('2026-12-05T00:30:00Z', 'en', 'UTC')).toBe('5 Dec 2026, 00:30');
    expect(formatDateTime(instant, 'en', 'Europe/Moscow')).toBe('5 Dec 2026, 17:03');
    for (const lang of ['en', 'ru'] as const) expect(formatDateTime('2026-12-05T21:00:00Z', lang, 'UTC')).not.toMatch(/PM|AM|\//);
  });

  it('keeps recording times to the second in UTC, and days as precise as they are', () => {
    expect(formatRecorded(instant, 'en')).toBe('5 Dec 2026, 14:03:09');
    expect(formatRecorded(instant, 'ru')).toBe('5 дек. 2026 г., 14:03:09');
    expect(formatDay('2025', 'ru')).toBe('2025');
    expect(formatDay('2025-11-07', 'en')).toBe('7 Nov 2025');
  });
});

describe('counts through Intl.PluralRules', () => {
  it('picks the Russian form for 1, 2, 5, 11, 21, 22, 25 and 111', () => {
    const ruWords = words('ru');
    expect([1, 2, 5, 11, 21, 22, 25, 111].map((n) => plural(ruWords, 'mediaItems', n))).toEqual([
      '1 файл',
      '2 файла',
      '5 файлов',
      '11 файлов',
      '21 файл',
      '22 файла',
      '25 файлов',
      '111 файлов',
    ]);
    expect(plural(ruWords, 'resultsCount', 1)).toBe('Найден 1 инцидент');
    expect(plural(ruWords, 'resultsCount', 4)).toBe('Найдено 4 инцидента');
  });

  it('says 1 incident and 2 incidents in English', () => {
    const enWords = words('en');
    expect(plural(enWords, 'resultsCount', 1)).toBe('1 incident found');
    expect(plural(enWords, 'resultsCount', 2)).toBe('2 incidents found');
    expect(plural(enWords, 'resultsCount', 0)).toBe('0 incidents found');
  });

  it('has every plural form of every counted message in both catalogues', () => {
    const bases = new Set(Object.keys(en).flatMap((k) => (k.endsWith('_one') ? [k.slice(0, -'_one'.length)] : [])));
    expect(bases.size).toBeGreaterThan(3);
    for (const base of bases)
      for (const form of ['one', 'few', 'many', 'other']) {
        expect(en, `${base}_${form}`).toHaveProperty(`${base}_${form}`);
        expect(ru, `${base}_${form}`).toHaveProperty(`${base}_${form}`);
      }
  });
});
