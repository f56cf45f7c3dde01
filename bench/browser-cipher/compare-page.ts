import { CHUNK_BYTES, sealedLength } from '../../src/age-format/index.js';
import { sealChunks as sealChunksHandWritten } from '../../web/intake/src/seal-chunks.js';
import { sealChunksNoble } from './noble-seal.js';

export interface CipherComparison {
  /** One thread, 1 MiB runs of chunks, MB = 10^6 plaintext bytes. The intake uses the hand-written one. */
  nobleMbPerSecond: number;
  handWrittenMbPerSecond: number;
}

/**
 * Seals `bytes` with each implementation in turn, alternating in short rounds so that both see the same machine
 * load, and reports the best round of each. Loaded into the benchmark page on its own, beside the intake bundle.
 */
export function compareCiphers(bytes: number, rounds = 6): CipherComparison {
  const key = crypto.getRandomValues(new Uint8Array(32));
  const runBytes = 16 * CHUNK_BYTES;
  const plain = new Uint8Array(runBytes);
  for (let i = 0; i < plain.length; i += 65536) crypto.getRandomValues(plain.subarray(i, i + 65536));
  const out = new Uint8Array(sealedLength(runBytes));
  const perRound = Math.max(1, Math.round(bytes / rounds / runBytes));
  const time = (seal: typeof sealChunksNoble): number => {
    const started = performance.now();
    for (let i = 0; i < perRound; i++) seal(key, plain, i * 16, 1e9, out);
    return (perRound * runBytes) / 1e6 / ((performance.now() - started) / 1000);
  };
  let noble = 0;
  let handWritten = 0;
  for (let round = 0; round < rounds; round++) {
    noble = Math.max(noble, time(sealChunksNoble));
    handWritten = Math.max(handWritten, time(sealChunksHandWritten));
  }
  return { nobleMbPerSecond: noble, handWrittenMbPerSecond: handWritten };
}
