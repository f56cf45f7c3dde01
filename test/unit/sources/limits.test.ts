import { describe, expect, it } from 'vitest';
import { ArchiveRefusedError, DEFAULT_ARCHIVE_LIMITS, entryCountRefusal, ratioRefusal, totalRefusal } from '../../../src/vault/sources/archive-limits.js';
import { errnoReason } from '../../../src/vault/sources/errno-reason.js';
import { formatBytes } from '../../../src/vault/sources/format-bytes.js';

const MiB = 1024 * 1024;

describe('archive limits', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_ARCHIVE_LIMITS).toEqual({ maxRatio: 100, ratioFloorBytes: 16 * MiB, maxTotalBytes: 64 * 1024 * MiB, maxEntries: 1_000_000 });
  });

  it('only enforces the ratio above the floor', () => {
    expect(ratioRefusal(16 * MiB, 1, DEFAULT_ARCHIVE_LIMITS, 'zip bomb')).toBeNull();
    expect(ratioRefusal(20_000_000, 20_000, DEFAULT_ARCHIVE_LIMITS, 'zip bomb')).toBe('compression ratio 1000:1 exceeds the limit of 100:1 (zip bomb?)');
    expect(ratioRefusal(200 * MiB, 2 * MiB, DEFAULT_ARCHIVE_LIMITS, 'zip bomb')).toBeNull();
    expect(ratioRefusal(200 * MiB, 0, DEFAULT_ARCHIVE_LIMITS, 'zip bomb')).toMatch(/unbounded exceeds/);
  });

  it('enforces the total and the entry count', () => {
    const limits = { ...DEFAULT_ARCHIVE_LIMITS, maxTotalBytes: 1024, maxEntries: 3 };
    expect(totalRefusal(1024, 0, limits)).toBeNull();
    expect(totalRefusal(1025, 0, limits)).not.toBeNull();
    // Only expansion counts: an archive as large as what it holds never reaches the cap.
    expect(totalRefusal(10 * 1024, 10 * 1024, limits)).toBeNull();
    expect(totalRefusal(1536, 0, limits)).toBe(
      '1.5 KiB from 0 bytes expands by more than the limit of 1 KiB per archive (an operator can raise it: vigil ingest --max-archive-bytes)',
    );
    expect(entryCountRefusal(3, limits)).toBeNull();
    expect(entryCountRefusal(4, limits)).toBe('more than 3 entries (the limit per archive)');
  });

  it('names its error', () => {
    const error = new ArchiveRefusedError('too much');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ArchiveRefusedError');
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1023, '1023 bytes'],
    [1024, '1 KiB'],
    [1536, '1.5 KiB'],
    [1025, '1 KiB'],
    [16 * MiB, '16 MiB'],
    [2 ** 40, '1 TiB'],
  ])('formats %d as %j', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('errnoReason', () => {
  it('uses the system message for an errno', () => {
    expect(errnoReason(Object.assign(new Error('x'), { errno: -2, code: 'ENOENT' }))).toBe('no such file or directory');
    expect(errnoReason(Object.assign(new Error('x'), { errno: -13, code: 'EACCES' }))).toBe('permission denied');
  });

  it('falls back to the code, then the message', () => {
    expect(errnoReason(Object.assign(new Error('x'), { code: 'EWEIRD' }))).toBe('EWEIRD');
    expect(errnoReason(new Error('plain'))).toBe('plain');
  });
});
