import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { payloadKey } from '../../../src/age-format/index.js';
import { makeAgeHeader } from './age-header.js';
import { BlobPieces } from './blob-pieces.js';
import type { ChunkEncryptor } from './chunk-encryptor.js';
import { EncryptedFileSource } from './encrypted-file-source.js';
import { createPlaintextHasher, type PlaintextHasher } from './plaintext-hasher.js';

export interface BenchmarkResult {
  /** Sealing only, through EncryptedFileSource with hashing off. MB = 10^6 bytes of plaintext. */
  mbPerSecond: number;
  /** SHA-256 only on the page's thread, reading the Blob as the upload does. */
  sha256MbPerSecond: number;
  /** The whole upload path: sealing and hashing (where the upload hashes), as tus would read it. */
  totalMbPerSecond: number;
  /** The longest the page's thread failed to run a 10 ms timer during the whole-path pass, beyond its 10 ms. */
  longestStallMs: number;
}

/** Encrypts and hashes `bytes` of generated data in tus-sized slices, throwing the output away. */
export async function encryptBenchmark(
  bytes: number,
  options: { encryptor: ChunkEncryptor; hasher: () => Promise<PlaintextHasher>; recipients: readonly string[]; chunkSize: number },
): Promise<BenchmarkResult> {
  const blob = syntheticBlob(bytes);
  const recipients = options.recipients.length > 0 ? options.recipients : [await identityToRecipient(await generateX25519Identity())];
  const { header, fileKey, payloadNonce } = await makeAgeHeader(recipients);
  const key = payloadKey(fileKey, payloadNonce);
  const { chunkSize, encryptor } = options;

  const pass = async (hasher: PlaintextHasher | null): Promise<number> => {
    const source = new EncryptedFileSource({ blob, header, payloadNonce, payloadKey: key, encryptor, hasher, readAheadBytes: chunkSize });
    const started = performance.now();
    for (let offset = 0; offset < source.size; offset += chunkSize) await source.slice(offset, offset + chunkSize);
    if (hasher) await source.sha256Hex();
    return rate(bytes, started);
  };

  const mbPerSecond = await pass(null);
  const pageHasher = await createPlaintextHasher();
  const hashStarted = performance.now();
  await new BlobPieces(blob).read(0, bytes, 1024 * 1024, (piece) => pageHasher.update(piece));
  await pageHasher.digestHex();
  const sha256MbPerSecond = rate(bytes, hashStarted);
  const stalls = watchStalls();
  const totalMbPerSecond = await pass(await options.hasher()).finally(stalls.stop);
  return { mbPerSecond, sha256MbPerSecond, totalMbPerSecond, longestStallMs: stalls.longest() };
}

function rate(bytes: number, started: number): number {
  return bytes / 1e6 / ((performance.now() - started) / 1000);
}

/** How late a 10 ms timer fires at worst: what a click or a keypress would wait for. */
function watchStalls(): { stop: () => void; longest: () => number } {
  let longest = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last - 10);
    last = now;
  }, 10);
  return { stop: () => clearInterval(timer), longest: () => longest };
}

/**
 * One random MiB repeated: the cipher's speed does not depend on the data. The parts are Blobs, which the browser
 * joins by reference (Chromium fails to read large Blobs made of one typed array repeated).
 */
function syntheticBlob(bytes: number): Blob {
  const block = new Uint8Array(1024 * 1024);
  for (let i = 0; i < block.length; i += 65536) crypto.getRandomValues(block.subarray(i, i + 65536));
  const unit = new Blob([block]);
  const parts: Blob[] = [];
  for (let left = bytes; left > 0; left -= unit.size) parts.push(left >= unit.size ? unit : unit.slice(0, left));
  return new Blob(parts);
}
