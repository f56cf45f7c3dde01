import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { inflateSync } from 'node:zlib';
import * as cctvModule from 'cctv-age';
import { generateX25519Identity } from 'age-encryption';
import { describe, expect, it } from 'vitest';
import {
  AGE_CHUNK_ENCRYPTED,
  AGE_NONCE_BYTES,
  AgeDecryptError,
  type AgeFailure,
  createAgeDecryptStream,
  decryptChunk,
  findHeaderEnd,
  payloadKey,
} from '../../src/crypto/age.js';

// C2SP age test vectors (https://c2sp.org/CCTV/age). The package has one named export per
// vector, each a text header of "key: value" lines, a blank line, then the age file.
const vectorFiles = Object.entries(cctvModule as Record<string, unknown>).filter((entry): entry is [string, Uint8Array] => entry[1] instanceof Uint8Array);

interface Vector {
  name: string;
  expect: string;
  payloadSha256: string | undefined;
  fileKeyHex: string;
  identities: string[];
  hasPassphrase: boolean;
  armored: boolean;
  file: Buffer;
}

function parseVector(name: string, raw: Uint8Array): Vector {
  const bytes = Buffer.from(raw);
  const split = bytes.indexOf('\n\n');
  const fields = bytes
    .subarray(0, split)
    .toString('utf8')
    .split('\n')
    .map((line) => {
      const colon = line.indexOf(': ');
      return [line.slice(0, colon), line.slice(colon + 2)] as const;
    });
  const all = (key: string): string[] => fields.filter(([k]) => k === key).map(([, v]) => v);
  const body = bytes.subarray(split + 2);
  return {
    name,
    expect: all('expect')[0] ?? '',
    payloadSha256: all('payload')[0],
    fileKeyHex: all('file key')[0] ?? '',
    identities: all('identity'),
    hasPassphrase: all('passphrase').length > 0,
    armored: all('armored')[0] === 'yes',
    file: all('compressed')[0] === 'zlib' ? inflateSync(body) : body,
  };
}

/** Why a vector does not apply to Vigil (X25519 identities, binary files), or null. */
function skipReason(v: Vector): string | null {
  if (v.armored) return 'armored';
  if (v.identities.some((id) => id.startsWith('AGE-SECRET-KEY-PQ-1'))) return 'post-quantum';
  if (v.identities.length === 0 && v.hasPassphrase) return 'scrypt only';
  return null;
}

interface Outcome {
  released: Buffer;
  error: unknown;
}

/** Feeds the file in small pieces so that plaintext is released chunk by chunk. */
async function decryptVector(file: Buffer, identities: string[]): Promise<Outcome> {
  const pieces: Buffer[] = [];
  for (let i = 0; i < file.length; i += 4099) pieces.push(file.subarray(i, i + 4099));
  const released: Buffer[] = [];
  const collect = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      released.push(chunk);
      callback();
    },
  });
  let error: unknown = null;
  try {
    await pipeline(Readable.from(pieces), createAgeDecryptStream(identities), collect);
  } catch (err) {
    error = err;
  }
  return { released: Buffer.concat(released), error };
}

/**
 * The plaintext the reference (Go) implementation releases before failing: it tries each
 * chunk as non-final and then as final, releases whatever authenticates, and only then
 * notices missing or trailing data. Used to check that we never release more than that.
 */
function referenceReleasedPlaintext(v: Vector): Buffer {
  const headerEnd = findHeaderEnd(v.file);
  const key = payloadKey(Buffer.from(v.fileKeyHex, 'hex'), v.file.subarray(headerEnd, headerEnd + AGE_NONCE_BYTES));
  let rest = v.file.subarray(headerEnd + AGE_NONCE_BYTES);
  const released: Buffer[] = [];
  for (let index = 0; rest.length > 0; index++) {
    const chunk = rest.subarray(0, AGE_CHUNK_ENCRYPTED);
    rest = rest.subarray(chunk.length);
    const attempts = chunk.length === AGE_CHUNK_ENCRYPTED ? [false, true] : [true];
    const opened = attempts
      .map((last) => {
        try {
          return { last, plain: decryptChunk(key, index, chunk, last) };
        } catch {
          return null;
        }
      })
      .find((attempt) => attempt !== null);
    if (!opened) break;
    released.push(opened.plain);
    if (opened.last) break;
  }
  return Buffer.concat(released);
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

const EXPECTED_FAILURE: Record<string, AgeFailure> = {
  'header failure': 'header',
  'HMAC failure': 'hmac',
  'no match': 'no-match',
  'payload failure': 'payload',
};

const vectors = vectorFiles.map(([name, raw]) => parseVector(name, raw));
const applicable = vectors.filter((v) => skipReason(v) === null);
const skipped = vectors.filter((v) => skipReason(v) !== null);

describe('C2SP age test vectors', () => {
  it('covers the X25519 vectors (and skips only armored, post-quantum and scrypt-only ones)', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(140);
    expect(applicable.length).toBeGreaterThanOrEqual(60);
    expect(applicable.length + skipped.length).toBe(vectors.length);
    const reasons = new Set(skipped.map((v) => skipReason(v)));
    expect([...reasons].sort()).toEqual(['armored', 'post-quantum', 'scrypt only']);
  });

  it.each(applicable.map((v) => [v.name, v] as const))('%s', async (_name, v) => {
    // Vectors without an identity can only fail; give them an unrelated key.
    const identities = v.identities.length > 0 ? v.identities : [await generateX25519Identity()];
    const { released, error } = await decryptVector(v.file, identities);

    if (v.expect === 'success') {
      expect(error).toBeNull();
      expect(sha256(released)).toBe(v.payloadSha256);
      return;
    }
    const failure = EXPECTED_FAILURE[v.expect];
    expect(failure, `unknown expectation "${v.expect}"`).toBeDefined();
    expect(error).toBeInstanceOf(AgeDecryptError);
    expect((error as AgeDecryptError).failure).toBe(failure);
    if (failure !== 'payload') {
      expect(released.length).toBe(0);
      return;
    }
    // For payload failures the vector hashes what the reference implementation releases
    // before failing. We may release less (we hold a chunk back until we know whether it
    // is the last one) but never anything else.
    const reference = referenceReleasedPlaintext(v);
    expect(sha256(reference)).toBe(v.payloadSha256);
    expect(reference.subarray(0, released.length).equals(released)).toBe(true);
  });

  it('releases exactly the reference plaintext for most payload failures', async () => {
    const payloadFailures = applicable.filter((v) => v.expect === 'payload failure');
    expect(payloadFailures.length).toBeGreaterThanOrEqual(15);
    const releasedLess: string[] = [];
    for (const v of payloadFailures) {
      const { released } = await decryptVector(v.file, v.identities);
      if (released.length < referenceReleasedPlaintext(v).length) releasedLess.push(v.name);
    }
    // The cases where the reference releases an authenticated chunk and then reports
    // missing or trailing data; we report the error without releasing that chunk.
    expect(releasedLess.sort()).toEqual([
      'stream_no_final_full',
      'stream_no_final_two_chunks_full',
      'stream_trailing_garbage_long',
      'stream_trailing_garbage_short',
      'stream_two_final_chunks',
      'stream_two_final_chunks_full',
      'stream_two_final_chunks_second',
    ]);
  });
});
