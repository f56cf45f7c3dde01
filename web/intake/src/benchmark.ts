import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { makeAgeHeader } from './age-header.js';
import { BlobPieces } from './blob-pieces.js';
import { payloadKey } from '../../../src/age-format/index.js';
import type { ChunkEncryptor } from './chunk-encryptor.js';
import { EncryptedFileSource } from './encrypted-file-source.js';
import { createPlaintextHasher, type PlaintextHasher } from './plaintext-hasher.js';

export interface BenchmarkResult {
  /** Sealing only, through EncryptedFileSource with hashing off. MB = 10^6 bytes of plaintext. */
  mbPerSecond: number;
  /** SHA-256 only, reading the Blob as the upload does. */
  sha256MbPerSecond: number;
  /** The whole upload path: sealing and hashing, as tus would read it. */
  totalMbPerSecond: number;
}

/** Encrypts and hashes `bytes` of generated data in tus-sized slices, throwing the output away. */
export async function encryptBenchmark(
  bytes: number,
  options: { encryptor: ChunkEncryptor; recipients: readonly string[]; chunkSize: number },
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
  const hasher = await createPlaintextHasher();
  const hashStarted = performance.now();
  await new BlobPieces(blob).read(0, bytes, chunkSize, (piece) => hasher.update(piece));
  hasher.digestHex();
  const sha256MbPerSecond = rate(bytes, hashStarted);
  const totalMbPerSecond = await pass(await createPlaintextHasher());
  return { mbPerSecond, sha256MbPerSecond, totalMbPerSecond };
}

function rate(bytes: number, started: number): number {
  return bytes / 1e6 / ((performance.now() - started) / 1000);
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

