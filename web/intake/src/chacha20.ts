/**
 * ChaCha20 (RFC 8439: 32-byte key, 12-byte nonce, 32-bit block counter) XORed over `input` into `output`.
 * Sealing is what limits the upload's speed, so this keeps the whole state in locals and XORs each keystream
 * word straight into the output, with no keystream buffer in between. Expects little-endian words, as every
 * browser has.
 */
export function chacha20Xor(key: Uint8Array, nonce: Uint8Array, counter: number, input: Uint8Array, output: Uint8Array): void {
  if (output.length !== input.length) throw new Error('chacha20: output length differs from input');
  const k = words(key, 8);
  const n = words(nonce, 3);
  const whole = input.length & ~63;
  if (whole > 0) {
    const src = aligned(input);
    const dst = (output.byteOffset & 3) === 0 ? output : new Uint8Array(whole);
    xorBlocks(k, n, counter, new Int32Array(src.buffer, src.byteOffset, whole >>> 2), new Int32Array(dst.buffer, dst.byteOffset, whole >>> 2));
    if (dst !== output) output.set(dst.subarray(0, whole));
  }
  if (whole < input.length) {
    const block = new Int32Array(16);
    xorBlocks(k, n, counter + whole / 64, block, block); // keystream of the last, partial block
    const stream = new Uint8Array(block.buffer);
    for (let i = whole; i < input.length; i++) output[i] = input[i]! ^ stream[i - whole]!;
  }
}

function words(bytes: Uint8Array, count: number): Int32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, count * 4);
  return Int32Array.from({ length: count }, (_, i) => view.getInt32(i * 4, true));
}

function aligned(bytes: Uint8Array): Uint8Array {
  return (bytes.byteOffset & 3) === 0 ? bytes : bytes.slice();
}

function xorBlocks(k: Int32Array, n: Int32Array, counter: number, src: Int32Array, dst: Int32Array): void {
  const k0 = k[0]!,
    k1 = k[1]!,
    k2 = k[2]!,
    k3 = k[3]!,
    k4 = k[4]!,
    k5 = k[5]!,
    k6 = k[6]!,
    k7 = k[7]!;
  const n0 = n[0]!,
    n1 = n[1]!,
    n2 = n[2]!;
  let ctr = counter | 0;
  for (let at = 0; at < src.length; at += 16, ctr = (ctr + 1) | 0) {
    let x0 = 0x61707865,
      x1 = 0x3320646e,
      x2 = 0x79622d32,
      x3 = 0x6b206574;
    let x4 = k0,
      x5 = k1,
      x6 = k2,
      x7 = k3,
      x8 = k4,
      x9 = k5,
      x10 = k6,
      x11 = k7;
    let x12 = ctr,
      x13 = n0,
      x14 = n1,
      x15 = n2;
    for (let round = 0; round < 10; round++) {
      // column round
      x0 = (x0 + x4) | 0;
      x12 ^= x0;
      x12 = (x12 << 16) | (x12 >>> 16);
      x8 = (x8 + x12) | 0;
      x4 ^= x8;
      x4 = (x4 << 12) | (x4 >>> 20);
      x0 = (x0 + x4) | 0;
      x12 ^= x0;
      x12 = (x12 << 8) | (x12 >>> 24);
      x8 = (x8 + x12) | 0;
      x4 ^= x8;
      x4 = (x4 << 7) | (x4 >>> 25);
      x1 = (x1 + x5) | 0;
      x13 ^= x1;
      x13 = (x13 << 16) | (x13 >>> 16);
      x9 = (x9 + x13) | 0;
      x5 ^= x9;
      x5 = (x5 << 12) | (x5 >>> 20);
      x1 = (x1 + x5) | 0;
      x13 ^= x1;
      x13 = (x13 << 8) | (x13 >>> 24);
      x9 = (x9 + x13) | 0;
      x5 ^= x9;
      x5 = (x5 << 7) | (x5 >>> 25);
      x2 = (x2 + x6) | 0;
      x14 ^= x2;
      x14 = (x14 << 16) | (x14 >>> 16);
      x10 = (x10 + x14) | 0;
      x6 ^= x10;
      x6 = (x6 << 12) | (x6 >>> 20);
      x2 = (x2 + x6) | 0;
      x14 ^= x2;
      x14 = (x14 << 8) | (x14 >>> 24);
      x10 = (x10 + x14) | 0;
      x6 ^= x10;
      x6 = (x6 << 7) | (x6 >>> 25);
      x3 = (x3 + x7) | 0;
      x15 ^= x3;
      x15 = (x15 << 16) | (x15 >>> 16);
      x11 = (x11 + x15) | 0;
      x7 ^= x11;
      x7 = (x7 << 12) | (x7 >>> 20);
      x3 = (x3 + x7) | 0;
      x15 ^= x3;
      x15 = (x15 << 8) | (x15 >>> 24);
      x11 = (x11 + x15) | 0;
      x7 ^= x11;
      x7 = (x7 << 7) | (x7 >>> 25);
      // diagonal round
      x0 = (x0 + x5) | 0;
      x15 ^= x0;
      x15 = (x15 << 16) | (x15 >>> 16);
      x10 = (x10 + x15) | 0;
      x5 ^= x10;
      x5 = (x5 << 12) | (x5 >>> 20);
      x0 = (x0 + x5) | 0;
      x15 ^= x0;
      x15 = (x15 << 8) | (x15 >>> 24);
      x10 = (x10 + x15) | 0;
      x5 ^= x10;
      x5 = (x5 << 7) | (x5 >>> 25);
      x1 = (x1 + x6) | 0;
      x12 ^= x1;
      x12 = (x12 << 16) | (x12 >>> 16);
      x11 = (x11 + x12) | 0;
      x6 ^= x11;
      x6 = (x6 << 12) | (x6 >>> 20);
      x1 = (x1 + x6) | 0;
      x12 ^= x1;
      x12 = (x12 << 8) | (x12 >>> 24);
      x11 = (x11 + x12) | 0;
      x6 ^= x11;
      x6 = (x6 << 7) | (x6 >>> 25);
      x2 = (x2 + x7) | 0;
      x13 ^= x2;
      x13 = (x13 << 16) | (x13 >>> 16);
      x8 = (x8 + x13) | 0;
      x7 ^= x8;
      x7 = (x7 << 12) | (x7 >>> 20);
      x2 = (x2 + x7) | 0;
      x13 ^= x2;
      x13 = (x13 << 8) | (x13 >>> 24);
      x8 = (x8 + x13) | 0;
      x7 ^= x8;
      x7 = (x7 << 7) | (x7 >>> 25);
      x3 = (x3 + x4) | 0;
      x14 ^= x3;
      x14 = (x14 << 16) | (x14 >>> 16);
      x9 = (x9 + x14) | 0;
      x4 ^= x9;
      x4 = (x4 << 12) | (x4 >>> 20);
      x3 = (x3 + x4) | 0;
      x14 ^= x3;
      x14 = (x14 << 8) | (x14 >>> 24);
      x9 = (x9 + x14) | 0;
      x4 ^= x9;
      x4 = (x4 << 7) | (x4 >>> 25);
    }
    dst[at] = src[at]! ^ (x0 + 0x61707865);
    dst[at + 1] = src[at + 1]! ^ (x1 + 0x3320646e);
    dst[at + 2] = src[at + 2]! ^ (x2 + 0x79622d32);
    dst[at + 3] = src[at + 3]! ^ (x3 + 0x6b206574);
    dst[at + 4] = src[at + 4]! ^ (x4 + k0);
    dst[at + 5] = src[at + 5]! ^ (x5 + k1);
    dst[at + 6] = src[at + 6]! ^ (x6 + k2);
    dst[at + 7] = src[at + 7]! ^ (x7 + k3);
    dst[at + 8] = src[at + 8]! ^ (x8 + k4);
    dst[at + 9] = src[at + 9]! ^ (x9 + k5);
    dst[at + 10] = src[at + 10]! ^ (x10 + k6);
    dst[at + 11] = src[at + 11]! ^ (x11 + k7);
    dst[at + 12] = src[at + 12]! ^ (x12 + ctr);
    dst[at + 13] = src[at + 13]! ^ (x13 + n0);
    dst[at + 14] = src[at + 14]! ^ (x14 + n1);
    dst[at + 15] = src[at + 15]! ^ (x15 + n2);
  }
}
