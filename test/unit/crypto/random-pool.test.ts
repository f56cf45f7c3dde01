import { describe, expect, it } from 'vitest';
import { randomBytesPooled } from '../../../src/crypto/random-pool.js';

describe('randomBytesPooled', () => {
  it('never hands out the same bytes twice, across pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const bytes = randomBytesPooled(16);
      expect(bytes.length).toBe(16);
      seen.add(bytes.toString('hex'));
    }
    expect(seen.size).toBe(2000);
  });

  it('gives large requests their own buffer', () => {
    const a = randomBytesPooled(8192);
    const b = randomBytesPooled(8192);
    expect(a.length).toBe(8192);
    expect(a.equals(b)).toBe(false);
  });

  it('does not return bytes that later calls overwrite', () => {
    const first = randomBytesPooled(32);
    const copy = Buffer.from(first);
    for (let i = 0; i < 1000; i++) randomBytesPooled(32);
    expect(first.equals(copy)).toBe(true);
  });
});
