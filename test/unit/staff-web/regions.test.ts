import { describe, expect, it } from 'vitest';
import { canonicalRegion, findRegion, REGIONS, regionName } from '../../../web/staff/src/i18n/regions.js';

describe('regions in both languages', () => {
  it('names every region in Russian (Cyrillic) and English (Latin), each name once', () => {
    expect(REGIONS.length).toBeGreaterThanOrEqual(85);
    for (const r of REGIONS) {
      expect(r.ru, r.en).toMatch(/^[А-ЯЁа-яё][А-ЯЁа-яё()\s.—-]+$/);
      expect(r.en, r.ru).toMatch(/^[A-Z][A-Za-z()\s.–-]+$/);
    }
    expect(new Set(REGIONS.map((r) => r.ru)).size).toBe(REGIONS.length);
    expect(new Set(REGIONS.map((r) => r.en)).size).toBe(REGIONS.length);
  });

  it('finds each region by either name or a short form, whatever the case, ё or dash', () => {
    for (const r of REGIONS) {
      expect(findRegion(r.ru)).toBe(r);
      expect(findRegion(r.en)).toBe(r);
      for (const other of r.also ?? []) expect(findRegion(other), other).toBe(r);
    }
    expect(regionName('саратовская   область', 'en')).toBe('Saratov Oblast');
    expect(regionName('Кемеровская область - Кузбасс', 'en')).toBe('Kemerovo Oblast (Kuzbass)');
    expect(regionName('Республика Северная Осетия-Алания', 'en')).toBe('Republic of North Ossetia–Alania');
    expect(regionName('Тверская область', 'ru')).toBe('Тверская область');
  });

  it('shows a region it does not know as typed, and stores a known one by its Russian name', () => {
    expect(regionName('Atlantis', 'en')).toBe('Atlantis');
    expect(canonicalRegion('Tver Oblast')).toBe('Тверская область');
    expect(canonicalRegion('Atlantis')).toBe('Atlantis');
  });
});
