import { Transform, type TransformCallback } from 'node:stream';
import { ArchiveRefusedError, ratioRefusal, totalRefusal } from './archive-limits.js';
import type { ArchiveLimits } from './types.js';

/**
 * Counts the bytes a compressed archive produces and fails with ArchiveRefusedError once they
 * expand past the cap or the ratio limit (given the count of compressed bytes read so far). An
 * uncompressed stream cannot expand: it is only counted.
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
    const consumed = this.compressedBytes?.() ?? null;
    const refusal =
      consumed === null ? null : (totalRefusal(this.produced, consumed, this.limits) ?? ratioRefusal(this.produced, consumed, this.limits, 'gzip bomb'));
    if (refusal === null) callback(null, chunk);
    else callback(new ArchiveRefusedError(refusal));
  }
}
