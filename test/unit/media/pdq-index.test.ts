import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hammingDistance256, PdqIndex } from '../../../src/media/index.js';

const randomHash = () => crypto.randomBytes(32).toString('hex');

/** The hash with `bits` distinct bits flipped. */
function flipped(hash: string, bits: number): string {
  const bytes = Buffer.from(hash, 'hex');
  const positions = new Set<number>();
  while (positions.size < bits) positions.add(crypto.randomInt(256));
  for (const p of positions) bytes[p >> 3]! ^= 1 << (p & 7);
  return bytes.toString('hex');
}

function bruteForce(hashes: string[], query: string, radius: number) {
  return hashes
    .map((hash, index) => ({ index, distance: hammingDistance256(hash, query) }))
    .filter((m) => m.distance <= radius)
    .sort((a, b) => a.distance - b.distance || a.index - b.index);
}

describe('PdqIndex', () => {
  const hashes = Array.from({ length: 5000 }, randomHash);
  // Near copies of some stored hashes, stored too: clusters the index must find whole.
  for (let i = 0; i < 300; i++) hashes.push(flipped(hashes[i]!, 1 + (i % 40)));
  const index = PdqIndex.fromHex(hashes);

  it.each([0, 5, 15, 16, 31, 32, 47, 48, 80])('finds exactly what a full scan finds within %i bits', (radius) => {
    for (let q = 0; q < 60; q++) {
      const query = q % 3 === 0 ? randomHash() : flipped(hashes[q * 7]!, q % (radius + 1));
      expect(index.query(query, radius)).toEqual(bruteForce(hashes, query, radius));
    }
  });

  it('finds a hash that differs in every chunk, the case the pigeonhole bound is tight on', () => {
    // 16 bits: one in each 16-bit chunk; 32 bits: two in each. Only probing the chunks' neighbours finds them.
    for (const [perChunk, radius] of [
      [1, 16],
      [1, 31],
      [2, 32],
      [2, 47],
    ] as const) {
      const bytes = Buffer.from(hashes[42]!, 'hex');
      for (let chunk = 0; chunk < 16; chunk++) for (let k = 0; k < perChunk; k++) bytes[chunk * 2 + k]! ^= 0x01;
      const query = bytes.toString('hex');
      expect(hammingDistance256(query, hashes[42]!)).toBe(16 * perChunk);
      expect(index.query(query, radius)).toContainEqual({ index: 42, distance: 16 * perChunk });
    }
  });

  it('finds a stored hash itself at distance 0, first', () => {
    expect(index.query(hashes[1234]!, 31)[0]).toEqual({ index: 1234, distance: 0 });
  });

  it('refuses a malformed hash and a radius out of range', () => {
    expect(() => index.query('abc', 31)).toThrow(/64 lower-case hexadecimal/);
    expect(() => index.query(hashes[0]!, -1)).toThrow(/radius/);
    expect(() => PdqIndex.fromHex(['not a hash'])).toThrow(/64 lower-case hexadecimal/);
  });

  it('answers on an empty index', () => {
    expect(PdqIndex.fromHex([]).query(randomHash(), 31)).toEqual([]);
  });
});
