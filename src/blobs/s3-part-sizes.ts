/** S3's floor for every part but the last. */
const MIN_PART_BYTES = 8 * 1024 * 1024;
/** S3's ceiling on the number of parts of one upload. */
export const MAX_PARTS = 10_000;
const PARTS_PER_STEP = 2_000;

/**
 * The size of part `n` (from 1) of a streamed upload, whose total size is unknown while it is written:
 * 8 MiB for the first 2,000 parts, doubling every 2,000 after. A writer holds two parts at most (one
 * filling, one uploading), so a blob of up to 15.6 GiB costs 16 MiB of memory; 10,000 parts reach 484 GiB.
 */
export function partBytes(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > MAX_PARTS) throw new RangeError(`part ${n} is outside 1..${MAX_PARTS}`);
  return MIN_PART_BYTES * 2 ** Math.floor((n - 1) / PARTS_PER_STEP);
}
