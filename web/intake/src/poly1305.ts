/**
 * Poly1305 (RFC 8439) as ChaCha20-Poly1305 uses it with no associated data: the MAC of
 * `ciphertext ‖ zero padding to 16 ‖ le64(0) ‖ le64(ciphertext length)`.
 *
 * Written for speed in JavaScript, where it is the larger half of sealing: six 22-bit limbs held in doubles,
 * so one block costs 36 exact floating-point products (each below 2^50, their sums below 2^52) instead of the
 * hundred integer products of 13-bit limbs. 2^132 ≡ 20 (mod 2^130 − 5) folds the high products back.
 */
const LIMB = 4194304; // 2^22
const INV_LIMB = 1 / LIMB;
const MASK = 0x3fffff;
const P = (1n << 130n) - 5n;

export function poly1305AeadTag(oneTimeKey: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array): void {
  const key = new DataView(oneTimeKey.buffer, oneTimeKey.byteOffset, 32);
  const k0 = key.getUint32(0, true) & 0x0fffffff;
  const k1 = key.getUint32(4, true) & 0x0ffffffc;
  const k2 = key.getUint32(8, true) & 0x0ffffffc;
  const k3 = key.getUint32(12, true) & 0x0ffffffc;
  const r = new Float64Array([
    k0 & MASK,
    (k0 >>> 22) | ((k1 & 0xfff) << 10),
    (k1 >>> 12) | ((k2 & 0x3) << 20),
    (k2 >>> 2) & MASK,
    (k2 >>> 24) | ((k3 & 0x3fff) << 8),
    k3 >>> 14,
  ]);
  const h = new Float64Array(6);

  const whole = ciphertext.length & ~15;
  const aligned = (ciphertext.byteOffset & 3) === 0 ? ciphertext : ciphertext.slice();
  absorb(h, r, new Uint32Array(aligned.buffer, aligned.byteOffset, whole >>> 2));
  // The zero-padded tail, then the lengths block: no associated data, the ciphertext length (below 2^53).
  const trailer = new Uint32Array(whole < ciphertext.length ? 8 : 4);
  new Uint8Array(trailer.buffer).set(ciphertext.subarray(whole));
  trailer[trailer.length - 2] = ciphertext.length >>> 0;
  trailer[trailer.length - 1] = Math.floor(ciphertext.length / 2 ** 32);
  absorb(h, r, trailer);

  // Once per message, so plain BigInt arithmetic is fine for the final reduction and the added `s`.
  let acc = 0n;
  for (let i = 5; i >= 0; i--) acc = (acc << 22n) + BigInt(h[i]!);
  let s = 0n;
  for (let i = 31; i >= 16; i--) s = (s << 8n) | BigInt(oneTimeKey[i]!);
  let t = ((acc % P) + s) & ((1n << 128n) - 1n);
  for (let i = 0; i < 16; i++) {
    tag[i] = Number(t & 0xffn);
    t >>= 8n;
  }
}

/** h = (h + block + 2^128) · r for each 16-byte block of `words` (little-endian), keeping the limbs below about 2^22. */
function absorb(h: Float64Array, r: Float64Array, words: Uint32Array): void {
  const r0 = r[0]!;
  const r1 = r[1]!;
  const r2 = r[2]!;
  const r3 = r[3]!;
  const r4 = r[4]!;
  const r5 = r[5]!;
  const s1 = 20 * r1;
  const s2 = 20 * r2;
  const s3 = 20 * r3;
  const s4 = 20 * r4;
  const s5 = 20 * r5;
  let h0 = h[0]!;
  let h1 = h[1]!;
  let h2 = h[2]!;
  let h3 = h[3]!;
  let h4 = h[4]!;
  let h5 = h[5]!;
  for (let i = 0; i < words.length; i += 4) {
    const m0 = words[i]!;
    const m1 = words[i + 1]!;
    const m2 = words[i + 2]!;
    const m3 = words[i + 3]!;
    const a0 = h0 + (m0 & MASK);
    const a1 = h1 + ((m0 >>> 22) | ((m1 & 0xfff) << 10));
    const a2 = h2 + ((m1 >>> 12) | ((m2 & 0x3) << 20));
    const a3 = h3 + ((m2 >>> 2) & MASK);
    const a4 = h4 + ((m2 >>> 24) | ((m3 & 0x3fff) << 8));
    const a5 = h5 + ((m3 >>> 14) | 0x40000);
    const d0 = a0 * r0 + a1 * s5 + a2 * s4 + a3 * s3 + a4 * s2 + a5 * s1;
    let d1 = a0 * r1 + a1 * r0 + a2 * s5 + a3 * s4 + a4 * s3 + a5 * s2;
    let d2 = a0 * r2 + a1 * r1 + a2 * r0 + a3 * s5 + a4 * s4 + a5 * s3;
    let d3 = a0 * r3 + a1 * r2 + a2 * r1 + a3 * r0 + a4 * s5 + a5 * s4;
    let d4 = a0 * r4 + a1 * r3 + a2 * r2 + a3 * r1 + a4 * r0 + a5 * s5;
    let d5 = a0 * r5 + a1 * r4 + a2 * r3 + a3 * r2 + a4 * r1 + a5 * r0;
    let c = Math.floor(d0 * INV_LIMB);
    h0 = d0 - c * LIMB;
    d1 += c;
    c = Math.floor(d1 * INV_LIMB);
    h1 = d1 - c * LIMB;
    d2 += c;
    c = Math.floor(d2 * INV_LIMB);
    h2 = d2 - c * LIMB;
    d3 += c;
    c = Math.floor(d3 * INV_LIMB);
    h3 = d3 - c * LIMB;
    d4 += c;
    c = Math.floor(d4 * INV_LIMB);
    h4 = d4 - c * LIMB;
    d5 += c;
    c = Math.floor(d5 * INV_LIMB);
    h5 = d5 - c * LIMB;
    h0 += c * 20;
    c = Math.floor(h0 * INV_LIMB);
    h0 -= c * LIMB;
    h1 += c;
  }
  h[0] = h0;
  h[1] = h1;
  h[2] = h2;
  h[3] = h3;
  h[4] = h4;
  h[5] = h5;
}
