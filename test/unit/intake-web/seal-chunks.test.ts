import { randomBytes } from 'node:crypto';
import { poly1305 } from '@noble/ciphers/_poly1305.js';
import { chacha20, chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { describe, expect, it } from 'vitest';
import { sealChunksNoble } from '../../../bench/browser-cipher/noble-seal.js';
import { CHUNK_BYTES, sealedLength, writeChunkNonce } from '../../../src/age-format/index.js';
import { chacha20Xor } from '../../../web/intake/src/chacha20.js';
import { poly1305AeadTag } from '../../../web/intake/src/poly1305.js';
import { sealChunks } from '../../../web/intake/src/seal-chunks.js';

// The intake's own ChaCha20-Poly1305 (kept because it is several times faster than @noble/ciphers in Chromium),
// checked against noble here and against OpenSSL and the server in test/unit/age-format/stream.test.ts.

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('chacha20Xor', () => {
  it('matches noble ChaCha20 for every length up to 200, random longer ones, and other counters', () => {
    for (let n = 0; n < 300; n++) {
      const length = n <= 200 ? n : Math.floor(Math.random() * 70_000);
      const key = new Uint8Array(randomBytes(32));
      const nonce = new Uint8Array(randomBytes(12));
      const input = new Uint8Array(randomBytes(length));
      const counter = n % 3;
      const output = new Uint8Array(length);
      chacha20Xor(key, nonce, counter, input, output);
      expect(hex(output)).toBe(hex(chacha20(key, nonce, input, undefined, counter)));
    }
  });

  it('handles unaligned buffers', () => {
    const key = new Uint8Array(randomBytes(32));
    const nonce = new Uint8Array(randomBytes(12));
    const input = new Uint8Array(randomBytes(1000)).subarray(1);
    const output = new Uint8Array(1002).subarray(2, 1001);
    chacha20Xor(key, nonce, 1, input, output);
    expect(hex(output)).toBe(hex(chacha20(key, nonce, input.slice(), undefined, 1)));
  });
});

describe('poly1305AeadTag', () => {
  it('matches noble Poly1305 over the padded AEAD input, for every length up to 300 and random longer ones', () => {
    for (let n = 0; n < 600; n++) {
      const length = n <= 300 ? n : Math.floor(Math.random() * 70_000);
      const key = new Uint8Array(randomBytes(32));
      if (n % 7 === 0) key.fill(0xff, 0, 16); // r at its clamped maximum
      const message = n % 5 === 0 ? new Uint8Array(length).fill(0xff) : new Uint8Array(randomBytes(length));
      const padded = new Uint8Array(Math.ceil(length / 16) * 16 + 16);
      padded.set(message);
      new DataView(padded.buffer).setUint32(padded.length - 8, length, true);
      const tag = new Uint8Array(16);
      poly1305AeadTag(key, message, tag);
      expect(hex(tag)).toBe(hex(poly1305(padded, key)));
    }
  });

  it('reads unaligned input too', () => {
    const key = new Uint8Array(randomBytes(32));
    const backing = new Uint8Array(randomBytes(1001));
    const message = backing.subarray(3);
    const a = new Uint8Array(16);
    const b = new Uint8Array(16);
    poly1305AeadTag(key, message, a);
    poly1305AeadTag(key, message.slice(), b);
    expect(hex(a)).toBe(hex(b));
  });
});

describe('sealChunks', () => {
  it('is ChaCha20-Poly1305 per 64 KiB chunk with the STREAM nonce, as noble computes it', () => {
    const key = new Uint8Array(randomBytes(32));
    const plain = new Uint8Array(randomBytes(2 * CHUNK_BYTES + 1234));
    const sealed = sealChunks(key, plain, 7, 9);
    expect(sealed).toHaveLength(sealedLength(plain.length));
    expect(hex(sealed)).toBe(hex(sealChunksNoble(key, plain, 7, 9)));
    const nonce = new Uint8Array(12);
    writeChunkNonce(nonce, 9, true);
    const last = chacha20poly1305(key, nonce).encrypt(plain.subarray(2 * CHUNK_BYTES));
    expect(hex(sealed.subarray(2 * (CHUNK_BYTES + 16)))).toBe(hex(last));
  });
});
