import { describe, expect, it } from 'vitest';
import { copyParts, SINGLE_COPY_LIMIT } from '../../../src/blobs/s3-copy.js';

// s3rver has no UploadPartCopy, so the multipart copy of blobs over 5 GiB is checked here by its plan only.
describe('multipart copy plan', () => {
  it('covers every byte once, in parts of the given size, the last one short', () => {
    expect(copyParts(10, 4)).toEqual([
      { start: 0, end: 3 },
      { start: 4, end: 7 },
      { start: 8, end: 9 },
    ]);
    expect(copyParts(8, 4)).toEqual([
      { start: 0, end: 3 },
      { start: 4, end: 7 },
    ]);
  });

  it("stays within S3's 10,000 parts up to its 5 TiB object limit", () => {
    const parts = copyParts(5 * 1024 ** 4);
    expect(parts).toHaveLength(5 * 1024);
    expect(parts.at(-1)!.end).toBe(5 * 1024 ** 4 - 1);
    expect(copyParts(SINGLE_COPY_LIMIT + 1).at(-1)).toEqual({ start: SINGLE_COPY_LIMIT, end: SINGLE_COPY_LIMIT });
  });
});
