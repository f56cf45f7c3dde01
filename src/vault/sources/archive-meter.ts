import { Transform, type TransformCallback } from 'node:stream';
import { ArchiveRefusedError, ratioRefusal, totalRefusal } from './archive-limits.js';
import type { ArchiveLimits } from './types.js';

/**
 * Counts the bytes a streamed archive produces and fails with ArchiveRefusedError
 * once they exceed the total, or (for a compressed stream, given the count of
 * compressed bytes read so far) the ratio limit.
 */
export class ArchiveMeter extends Transform {
  private produced = 0;

  constructor(
    private readonly limits: ArchiveLimits,
    private readonly compressedBytes: (() => number) | null,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.produced += chunk.length;
    const refusal =
      totalRefusal(this.produced, this.limits) ??
      (this.compressedBytes === null
        ? null
        : ratioRefusal(this.produced, this.compressedBytes(), this.limits, 'gzip bomb'));
    if (refusal === null) callback(null, chunk);
    else callback(new ArchiveRefusedError(refusal));
  }
}
