/** A 256-bit hash as sixteen 16-bit words, printed from the last word to the first, as the PDQ reference does. */
export function hash256Hex(words: Uint16Array): string {
  let hex = '';
  for (let i = 15; i >= 0; i--) hex += words[i]!.toString(16).padStart(4, '0');
  return hex;
}

const HEX_256 = /^[0-9a-f]{64}$/;

/** Bits that differ between two 256-bit hashes written in hexadecimal. */
export function hammingDistance256(a: string, b: string): number {
  if (!HEX_256.test(a) || !HEX_256.test(b)) throw new RangeError('a 256-bit hash is 64 lower-case hexadecimal digits');
  let distance = 0;
  for (let i = 0; i < 64; i += 8) {
    let x = (parseInt(a.slice(i, i + 8), 16) ^ parseInt(b.slice(i, i + 8), 16)) >>> 0;
    while (x !== 0) {
      x &= x - 1;
      distance++;
    }
  }
  return distance;
}
