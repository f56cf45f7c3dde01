import { describe, expect, it } from 'vitest';
import { nameKey } from '../../../src/cases/search/name-key.js';
import { russianRoot, stem } from '../../../src/cases/search/stems.js';
import { documentTerms, queryTerms } from '../../../src/cases/search/terms.js';
import { splitWords } from '../../../src/cases/search/words.js';

/** Whether a record with these texts matches the query, as the search service decides it. */
function matches(query: string, text: string, names = false): boolean {
  const terms = documentTerms([{ text, weight: 1, names }]);
  return queryTerms(query).every((alternatives) => alternatives.some((t) => terms.has(t)));
}

describe('words', () => {
  it('lower-cases, reads ё as е, keeps apostrophes inside words and splits on hyphens', () => {
    expect(splitWords('Ёлкин-Петров избил «Natal’ya» в ШИЗО-2')).toEqual(['елкин', 'петров', 'избил', 'natal’ya', 'в', 'шизо', '2']);
  });
});

describe('stems and roots', () => {
  it('stems Russian and English with Snowball', () => {
    expect(stem('избиение')).toBe('избиен');
    expect(stem('beating')).toBe('beat');
    expect(stem('tortured')).toBe(stem('torture'));
  });

  it('brings a deverbal noun and the verb forms to one root', () => {
    const root = (w: string) => russianRoot(stem(w));
    expect(new Set(['избиение', 'избили', 'избивали', 'избиты'].map(root)).size).toBe(1);
    expect(new Set(['пытка', 'пытки', 'пытали'].map(root)).size).toBe(1);
    expect(new Set(['изнасилование', 'изнасиловали'].map(root)).size).toBe(1);
    expect(new Set(['унижение', 'унижали'].map(root)).size).toBe(1);
    expect(root('избиение')).not.toBe(root('избрание'));
    expect(russianRoot('beat')).toBeNull();
  });
});

describe('name keys', () => {
  const same = (...spellings: string[]) => expect(new Set(spellings.map(nameKey)).size, spellings.join(', ')).toBe(1);

  it('joins a name across scripts, case, diacritics and the common transliterations', () => {
    same('Щукин', 'Shchukin', 'SCHUKIN', 'Ščukin');
    same('Юрий', 'Yuri', 'Yury', 'Jurij', 'Iouri');
    same('Наталья', 'Natalya', "Natal'ya", 'Natalia');
    same('Ёлкин', 'Елкин', 'Yolkin', 'Elkin');
    same('Хабибуллин', 'Khabibullin', 'Habibullin');
    same('Цыганков', 'Tsygankov', 'Cyganków');
    same('Алексей', 'Aleksei', 'Alexey', 'Aleksej');
    same('Шарапова', 'Sharapova', 'Szarapowa');
    same('Мирослава', 'Мирослава', 'MIROSLAVA', 'Míroslava');
  });

  it('keeps different names apart', () => {
    expect(nameKey('Иванов')).not.toBe(nameKey('Ивашов'));
    expect(nameKey('Maria')).not.toBe(nameKey('Marina'));
  });
});

describe('matching', () => {
  it('finds «избили» for «избиение», and English inflections', () => {
    expect(matches('избиение', 'Заключённого избили в карцере')).toBe(true);
    expect(matches('beating', 'Guards beat the prisoner')).toBe(true);
    expect(matches('избиение электрошокер', 'Заключённого избили')).toBe(false);
  });

  it('matches names across scripts only in name fields', () => {
    expect(matches('Shchukin', 'Щукин Пётр', true)).toBe(true);
    expect(matches('Shchukin', 'Щукин Пётр', false)).toBe(false);
  });

  it('weighs a stem match above a root match', () => {
    const terms = documentTerms([{ text: 'избиение', weight: 2 }]);
    expect(terms.get(`s:${stem('избиение')}`)).toBeGreaterThan(terms.get(`r:${russianRoot(stem('избиение'))}`)!);
  });

  it('counts a repeated query word once', () => {
    expect(queryTerms('избили избили')).toHaveLength(1);
  });
});
