import { describe, expect, it } from 'vitest';
import { ageEncryptedSize } from '../../../src/crypto/age-chunk.js';
import { generateCodename, isWellFormedCodename, normaliseCodename } from '../../../src/crypto/codename.js';
import { loadIntakeConfig, parseBytes, parseCount } from '../../../src/config/intake-config.js';
import { ConfigError } from '../../../src/config/config.js';
import { isValidAgeLength } from '../../../src/intake/age-upload-shape.js';
import { addDays } from '../../../src/intake/intake-day.js';

describe('codenames', () => {
  it('are seven words of the list, different every time', () => {
    const a = generateCodename();
    expect(a.split(' ')).toHaveLength(7);
    expect(isWellFormedCodename(a)).toBe(true);
    expect(generateCodename()).not.toBe(a);
  });

  it('survive careless typing: capitals, extra spaces, hyphens, a full-width space', () => {
    const codename = generateCodename();
    const typed = `  ${codename.toUpperCase().split(' ').join(' -  ')}\u3000`;
    expect(normaliseCodename(typed)).toBe(codename);
  });

  it('are not well formed with a missing, extra or unknown word', () => {
    const words = generateCodename().split(' ');
    expect(isWellFormedCodename(words.slice(1).join(' '))).toBe(false);
    expect(isWellFormedCodename([...words, words[0]].join(' '))).toBe(false);
    expect(isWellFormedCodename(['qqqq', ...words.slice(1)].join(' '))).toBe(false);
  });
});

describe('age upload lengths', () => {
  it('accepts exactly the sizes an age file with this header can have', () => {
    for (const plain of [0, 1, 65535, 65536, 65537, 131072, 1_000_000]) expect(isValidAgeLength(ageEncryptedSize(plain, 200), 200), String(plain)).toBe(true);
    expect(isValidAgeLength(200 + 16 + 15, 200)).toBe(false); // shorter than one tag
    expect(isValidAgeLength(200 + 16 + 65552 + 16, 200)).toBe(false); // an empty chunk after a full one
    expect(isValidAgeLength(200 + 16 + 65552 + 5, 200)).toBe(false); // a partial tag
    expect(isValidAgeLength(100, 200)).toBe(false);
  });
});

describe('intake settings', () => {
  it('reads sizes with units and refuses anything else with the variable named', () => {
    expect(parseBytes('X', '2GB', 0)).toBe(2e9);
    expect(parseBytes('X', '500 MiB', 0)).toBe(500 * 1024 ** 2);
    expect(parseBytes('X', undefined, 7)).toBe(7);
    expect(() => parseBytes('VIGIL_INTAKE_FORM_LIMIT', 'lots', 0)).toThrow(ConfigError);
    expect(() => parseBytes('VIGIL_INTAKE_FORM_LIMIT', 'lots', 0)).toThrow(/VIGIL_INTAKE_FORM_LIMIT/);
  });

  it('reads a count of files as a whole number, 10,000 by default, and refuses anything else with the variable named', () => {
    expect(loadIntakeConfig({}, '/tmp/home').pendingFilesLimit).toBe(10_000);
    expect(loadIntakeConfig({ VIGIL_INTAKE_PENDING_FILES: ' 250 ' }, '/tmp/home').pendingFilesLimit).toBe(250);
    for (const bad of ['0', '-5', '2.5', 'lots', '1e4', '99999999999']) {
      expect(() => parseCount('VIGIL_INTAKE_PENDING_FILES', bad, 1)).toThrow(/VIGIL_INTAKE_PENDING_FILES must be a whole number .* \(got/);
    }
  });

  it('counts days across months and years', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
