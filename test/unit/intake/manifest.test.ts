import { describe, expect, it } from 'vitest';
import { checkManifest } from '../../../src/inbox/manifest.js';

const FILE = { name: 'clip.mp4', size: 1234, type: 'video/mp4', lastModified: 1_700_000_000_000, sha256: 'a'.repeat(64) };
const GOOD = { v: 1, ...FILE };

describe('a file manifest, checked when staff open it', () => {
  it('keeps a good one as it is', () => {
    expect(checkManifest(GOOD)).toEqual({ manifest: FILE, notes: [] });
  });

  it.each([
    ['lastModified', 1e300, /modification time 1e\+300 is not a date/],
    ['lastModified', -1, /modification time -1 is not a date/],
    ['lastModified', 1.5, /modification time 1\.5 is not a date/],
    ['lastModified', '2024-01-01', /modification time "2024-01-01" is not a date/],
    ['type', 42, /media type is not text \(42\)/],
  ])('leaves out an unusable %s (%s) and says so', (field, value, note) => {
    const { manifest, notes } = checkManifest({ ...GOOD, [field]: value });
    expect(manifest).toEqual({ ...FILE, [field]: field === 'type' ? '' : null });
    expect(notes).toEqual([expect.stringMatching(note)]);
    expect(notes[0]).toMatch(/imported without it$/);
  });

  it.each([
    [{ ...GOOD, v: 2 }, /version is 2, not 1/],
    [{ ...GOOD, name: ['a'] }, /name is not text/],
    [{ ...GOOD, size: -5 }, /size -5 is not a whole number of bytes/],
    [{ ...GOOD, size: 2 ** 60 }, /size .* is not a whole number/],
    [{ ...GOOD, sha256: 'ABC' }, /sha256 "ABC" is not 64 hexadecimal digits/],
    [null, /version is undefined, not 1/],
  ])('refuses a file whose name, size or hash is unusable, saying which (%#)', (raw, reason) => {
    expect(() => checkManifest(raw)).toThrow(reason);
  });

  it('makes a name safe to show and store', () => {
    expect(checkManifest({ ...GOOD, name: '../../etc/pass\nwd' }).manifest.name).toBe('.._.._etc_pass_wd');
    expect(checkManifest({ ...GOOD, name: '' }).manifest.name).toBe('unnamed');
  });
});
