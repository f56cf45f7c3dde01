import { describe, expect, it } from 'vitest';
import { MAX_PARTS, partBytes } from '../../../src/blobs/s3-part-sizes.js';

const MiB = 1024 * 1024;

describe('part sizes of a streamed S3 upload', () => {
  it("starts at 8 MiB (above S3's 5 MiB floor) and doubles every 2,000 parts", () => {
    expect(partBytes(1)).toBe(8 * MiB);
    expect(partBytes(2000)).toBe(8 * MiB);
    expect(partBytes(2001)).toBe(16 * MiB);
    expect(partBytes(MAX_PARTS)).toBe(128 * MiB);
  });

  it("carries a 100 GB archive in S3's 10,000 parts, and past 400 GiB in all", () => {
    let total = 0;
    let partsFor100GB = 0;
    for (let n = 1; n <= MAX_PARTS; n++) {
      total += partBytes(n);
      if (partsFor100GB === 0 && total >= 100e9) partsFor100GB = n;
    }
    expect(partsFor100GB).toBeGreaterThan(0);
    expect(partsFor100GB).toBeLessThan(MAX_PARTS);
    expect(total).toBeGreaterThan(400 * 1024 ** 3);
    expect(() => partBytes(MAX_PARTS + 1)).toThrow(RangeError);
  });
});
