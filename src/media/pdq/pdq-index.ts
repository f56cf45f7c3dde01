/**
 * Near-duplicate search over PDQ hashes by multi-index hashing (Norouzi et al.; the PDQ reference ships the same
 * idea as its MIH index): the 256 bits are cut into sixteen 16-bit chunks, each with its own table. Two hashes
 * within distance r agree to within ⌊r / 16⌋ bits on at least one chunk, so a query only looks in the buckets
 * of its chunks and their near neighbours, then checks the whole distance of what it finds there.
 */
const CHUNKS = 16;
const BUCKETS = 1 << 16;
/** Beyond this many differing bits a chunk's neighbours are too many to visit: the index scans instead. */
const MOST_CHUNK_FLIPS = 2;
const HEX_256 = /^[0-9a-f]{64}$/;

export interface PdqMatch {
  /** Position of the hash in the order it was given to the index. */
  index: number;
  distance: number;
}

/** A 256-bit hash in hexadecimal as eight 32-bit words, first digits first. */
export function pdqWords(hex: string, into = new Uint32Array(8), at = 0): Uint32Array {
  if (!HEX_256.test(hex)) throw new RangeError('a PDQ hash is 64 lower-case hexadecimal digits');
  for (let w = 0; w < 8; w++) into[at + w] = parseInt(hex.slice(w * 8, w * 8 + 8), 16) >>> 0;
  return into;
}

export class PdqIndex {
  private readonly count: number;
  /** Per chunk, where each 16-bit value's entries start in `members` (65,537 offsets). */
  private readonly starts: Uint32Array[];
  /** Per chunk, the hashes' positions grouped by that chunk's value. */
  private readonly members: Uint32Array[];
  /** Which query last looked at a hash, so that one found through several chunks is checked once. */
  private readonly seen: Uint32Array;
  private stamp = 0;

  /** `words`: eight 32-bit words per hash (see pdqWords); the index keeps it, unchanged. */
  constructor(private readonly words: Uint32Array) {
    if (words.length % 8 !== 0) throw new RangeError('PDQ hashes are eight 32-bit words each');
    this.count = words.length / 8;
    this.seen = new Uint32Array(this.count);
    this.starts = [];
    this.members = [];
    for (let c = 0; c < CHUNKS; c++) {
      const starts = new Uint32Array(BUCKETS + 1);
      for (let i = 0; i < this.count; i++) starts[chunkOf(words, i * 8, c) + 1]!++;
      for (let b = 0; b < BUCKETS; b++) starts[b + 1]! += starts[b]!;
      const fill = starts.slice(0, BUCKETS);
      const members = new Uint32Array(this.count);
      for (let i = 0; i < this.count; i++) members[fill[chunkOf(words, i * 8, c)]!++] = i;
      this.starts.push(starts);
      this.members.push(members);
    }
  }

  static fromHex(hashes: readonly string[]): PdqIndex {
    const words = new Uint32Array(hashes.length * 8);
    hashes.forEach((hash, i) => pdqWords(hash, words, i * 8));
    return new PdqIndex(words);
  }

  get size(): number {
    return this.count;
  }

  /** Every stored hash within `radius` bits of `query` (hex or words), nearest first. */
  query(query: string | Uint32Array, radius = 31): PdqMatch[] {
    if (!Number.isInteger(radius) || radius < 0 || radius > 256) throw new RangeError('a PDQ search radius is 0 to 256 bits');
    const q = typeof query === 'string' ? pdqWords(query) : query;
    if (q.length !== 8) throw new RangeError('a PDQ hash is eight 32-bit words');
    const flips = Math.floor(radius / CHUNKS);
    const matches: PdqMatch[] = flips > MOST_CHUNK_FLIPS ? this.scan(q, radius) : this.probe(q, radius, flips);
    return matches.sort((a, b) => a.distance - b.distance || a.index - b.index);
  }

  private probe(q: Uint32Array, radius: number, flips: number): PdqMatch[] {
    this.stamp = this.stamp === 0xffffffff ? 1 : this.stamp + 1;
    if (this.stamp === 1) this.seen.fill(0);
    const matches: PdqMatch[] = [];
    const visit = (c: number, bucket: number) => {
      const members = this.members[c]!;
      const end = this.starts[c]![bucket + 1]!;
      for (let m = this.starts[c]![bucket]!; m < end; m++) {
        const i = members[m]!;
        if (this.seen[i] === this.stamp) continue;
        this.seen[i] = this.stamp;
        const distance = distanceAt(this.words, i * 8, q);
        if (distance <= radius) matches.push({ index: i, distance });
      }
    };
    for (let c = 0; c < CHUNKS; c++) {
      const value = chunkOf(q, 0, c);
      visit(c, value);
      if (flips >= 1) {
        for (let a = 0; a < 16; a++) {
          visit(c, value ^ (1 << a));
          if (flips >= 2) for (let b = a + 1; b < 16; b++) visit(c, value ^ (1 << a) ^ (1 << b));
        }
      }
    }
    return matches;
  }

  private scan(q: Uint32Array, radius: number): PdqMatch[] {
    const matches: PdqMatch[] = [];
    for (let i = 0; i < this.count; i++) {
      const distance = distanceAt(this.words, i * 8, q);
      if (distance <= radius) matches.push({ index: i, distance });
    }
    return matches;
  }
}

/** Bits that differ between a stored hash (eight words from `at`) and a query. */
export function distanceAt(words: Uint32Array, at: number, q: Uint32Array): number {
  let distance = 0;
  for (let w = 0; w < 8; w++) distance += popcount32((words[at + w]! ^ q[w]!) >>> 0);
  return distance;
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

function chunkOf(words: Uint32Array, at: number, chunk: number): number {
  return (words[at + (chunk >> 1)]! >>> ((chunk & 1) << 4)) & 0xffff;
}
