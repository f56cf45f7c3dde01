import { describe, expect, it } from 'vitest';
import { CODENAME_WORDS, normaliseCodename } from '../../../src/age-format/index.js';
import { CODENAME_WORD_LISTS, codenameBits, generateCodename, isWellFormedCodename } from '../../../src/crypto/codename.js';

describe('codename word lists', () => {
  it('hold at least 6^5 = 7,776 words each, so that seven words carry at least 90 bits', () => {
    for (const [language, words] of Object.entries(CODENAME_WORD_LISTS)) {
      expect(words.length, language).toBeGreaterThanOrEqual(7772);
      // 7 × log2(N) ≥ 90 needs N ≥ 2^(90/7) ≈ 7,362 words.
      expect(codenameBits(words.length), language).toBeGreaterThanOrEqual(90);
    }
    expect(CODENAME_WORD_LISTS.ru.length).toBeGreaterThanOrEqual(7776);
    expect(CODENAME_WORDS).toBe(7);
    expect(codenameBits(8192)).toBe(91); // 7 × 13
    expect(codenameBits(7776)).toBeCloseTo(90.47, 2); // 7 × log2(7776) = 7 × 12.925
    expect(Math.ceil(90 / Math.log2(CODENAME_WORD_LISTS.ru.length))).toBeLessThanOrEqual(CODENAME_WORDS);
  });

  it('are unique once normalised, and every word is already in its normalised form', () => {
    for (const [language, words] of Object.entries(CODENAME_WORD_LISTS)) {
      const normalised = words.map(normaliseCodename);
      expect(new Set(normalised).size, language).toBe(words.length);
      expect(normalised, language).toEqual(words);
    }
  });

  it('Russian: lower-case Cyrillic words of 3 to 8 letters, no ё, no hyphen, no capitals (no proper names)', () => {
    for (const word of CODENAME_WORD_LISTS.ru) expect(word, word).toMatch(/^[а-я]{3,8}$/u);
    const english = new Set(CODENAME_WORD_LISTS.en);
    expect(CODENAME_WORD_LISTS.ru.some((word) => english.has(word))).toBe(false);
  });

  it('a Russian codename is seven Russian words, typed back with ё, capitals and hyphens', () => {
    const codename = generateCodename('ru');
    expect(codename.split(' ')).toHaveLength(7);
    expect(codename).toMatch(/^[а-я ]+$/u);
    expect(isWellFormedCodename(codename)).toBe(true);
    const typed = codename.toUpperCase().replaceAll('Е', 'Ё').split(' ').join(' - ');
    expect(normaliseCodename(typed)).toBe(codename);
  });

  it('leaves English codenames as they were: same normal form, so the same keys for existing sources', () => {
    expect(normaliseCodename('  Abacus-ZIPPER_yodel.unbent,grass  cider\u3000ample ')).toBe('abacus zipper yodel unbent grass cider ample');
    const codename = generateCodename('en');
    expect(codename).toMatch(/^[a-z ]+$/);
    expect(normaliseCodename(codename)).toBe(codename);
  });

  it('does not accept a codename that mixes the two lists', () => {
    const en = generateCodename('en').split(' ');
    const ru = generateCodename('ru').split(' ');
    expect(isWellFormedCodename([...en.slice(0, 6), ru[0]].join(' '))).toBe(false);
  });
});
