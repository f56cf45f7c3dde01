import { sealChunksInPlace, type SealedRun } from './seal-chunks.js';

export interface SealJob {
  key: Uint8Array;
  /** Plaintext of whole chunks starting at `firstChunk`; an encryptor seals it in place and may transfer it. */
  plaintext: ArrayBuffer;
  firstChunk: number;
  finalChunk: number;
}

/** Seals runs of STREAM chunks, here or in workers; jobs may finish in any order. */
export interface ChunkEncryptor {
  seal(job: SealJob): Promise<SealedRun>;
  close(): void;
}

export const inlineEncryptor: ChunkEncryptor = {
  seal: (job) => Promise.resolve(sealChunksInPlace(job.key, new Uint8Array(job.plaintext), job.firstChunk, job.finalChunk)),
  close: () => undefined,
};
