import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CompactRange,
  ProofError,
  completedNodes,
  consistencyProof,
  emptyRoot,
  inclusionProof,
  leafHash,
  nodeHash,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
  type NodeGetter,
} from '../../../src/custody/merkle.js';

// ---- a reference written straight from RFC 9162 §2.1, over an array of leaf data ---------------

const sha256 = (...parts: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const part of parts) h.update(part);
  return h.digest();
};

/** The largest power of two smaller than n. */
const k = (n: number) => 2 ** Math.floor(Math.log2(n - 1));

function MTH(D: Buffer[]): Buffer {
  const n = D.length;
  if (n === 0) return sha256();
  if (n === 1) return sha256(Buffer.of(0), D[0]!);
  return sha256(Buffer.of(1), MTH(D.slice(0, k(n))), MTH(D.slice(k(n))));
}

function PATH(m: number, D: Buffer[]): Buffer[] {
  const n = D.length;
  if (n === 1) return [];
  if (m < k(n)) return [...PATH(m, D.slice(0, k(n))), MTH(D.slice(k(n)))];
  return [...PATH(m - k(n), D.slice(k(n))), MTH(D.slice(0, k(n)))];
}

function SUBPROOF(m: number, D: Buffer[], b: boolean): Buffer[] {
  const n = D.length;
  if (m === n) return b ? [] : [MTH(D)];
  if (m <= k(n)) return [...SUBPROOF(m, D.slice(0, k(n)), b), MTH(D.slice(k(n)))];
  return [...SUBPROOF(m - k(n), D.slice(k(n)), false), MTH(D.slice(0, k(n)))];
}

const PROOF = (m: number, D: Buffer[]) => SUBPROOF(m, D, true);

// ---- fixtures --------------------------------------------------------------------------------

const data = (i: number) => Buffer.from(`custody event ${i}`);
const MAX = 64;
const D = Array.from({ length: 200 }, (_, i) => data(i));
const leafHashes = D.map((d) => sha256(Buffer.of(0), d));
const roots = Array.from({ length: MAX + 2 }, (_, n) => MTH(D.slice(0, n)));

/** All perfect nodes of the 200-leaf tree, from the reference. */
const perfect = new Map<string, Buffer>();
for (let level = 0; 2 ** level <= D.length; level++) {
  const width = 2 ** level;
  for (let index = 0; (index + 1) * width <= D.length; index++) {
    perfect.set(`${level}/${index}`, MTH(D.slice(index * width, (index + 1) * width)));
  }
}

/** A getter over a tree of `size` leaves that fails on any node not complete within it. */
function getterFor(size: number, nodes: Map<string, Buffer> = perfect): NodeGetter & { calls: number } {
  const get = ((level: number, index: number) => {
    get.calls++;
    if (!Number.isInteger(level) || !Number.isInteger(index) || level < 0 || index < 0) {
      throw new Error(`asked for a nonsense node ${level}/${index}`);
    }
    if ((index + 1) * 2 ** level > size) throw new Error(`asked for node ${level}/${index}, incomplete at size ${size}`);
    const hash = nodes.get(`${level}/${index}`);
    if (!hash) throw new Error(`no node ${level}/${index}`);
    return hash;
  }) as NodeGetter & { calls: number };
  get.calls = 0;
  return get;
}

/** A copy with one bit flipped; the position moves around so every part of a hash gets hit. */
function flip(hash: Uint8Array, seed: number): Buffer {
  const copy = Buffer.from(hash);
  const bit = (seed * 97 + 13) % (copy.length * 8);
  copy[bit >> 3]! ^= 1 << (bit & 7);
  return copy;
}

const hex = (bs: Buffer[]) => bs.map((b) => b.toString('hex'));
const unhex = (s: string) => Buffer.from(s, 'hex');

function expectProofError(fn: () => void, reason?: RegExp): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'expected the proof to be rejected').toBeInstanceOf(ProofError);
  if (reason) expect((thrown as Error).message).toMatch(reason);
}

// ---- tests -----------------------------------------------------------------------------------

describe('RFC 9162 hashing', () => {
  it('matches the published known answers', () => {
    expect(emptyRoot().toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    // The Certificate Transparency reference leaves and the root of each prefix (RFC 6962 test data).
    const ct = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
    const ctRoots = [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
      'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
      '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
      'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    ];
    const range = new CompactRange();
    ct.forEach((leaf, i) => {
      range.append(leafHash(unhex(leaf)));
      expect(range.root().toString('hex')).toBe(ctRoots[i]);
    });
    const [l0, l1] = ct.slice(0, 2).map((leaf) => leafHash(unhex(leaf)));
    expect(nodeHash(l0!, l1!).toString('hex')).toBe(ctRoots[1]);

    const leaves = ct.map((leaf) => leafHash(unhex(leaf)));
    const root8 = unhex(ctRoots[7]!);
    verifyInclusion(
      5,
      8,
      leaves[5]!,
      [
        'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
        'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
        'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      ].map(unhex),
      root8,
    );
    verifyConsistency(
      2,
      8,
      unhex(ctRoots[1]!),
      root8,
      ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'].map(unhex),
    );
    verifyConsistency(
      6,
      8,
      unhex(ctRoots[5]!),
      root8,
      [
        '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
        'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
        'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      ].map(unhex),
    );
  });

  it('hashes leaves and nodes with their domain-separation prefixes', () => {
    expect(leafHash(data(1)).equals(leafHashes[1]!)).toBe(true);
    expect(nodeHash(leafHashes[0]!, leafHashes[1]!).equals(MTH(D.slice(0, 2)))).toBe(true);
    expect(leafHash(Buffer.alloc(0)).equals(sha256())).toBe(false);
  });
});

describe('tree roots', () => {
  it('equal the reference MTH for every size 0..64', async () => {
    for (let n = 0; n <= MAX; n++) {
      expect((await treeRoot(n, getterFor(n))).equals(roots[n]!), `size ${n}`).toBe(true);
    }
  });
});

describe('inclusion proofs', () => {
  it('equal PATH, verify, and fail on any flipped bit, for every leaf of every size 1..64', async () => {
    for (let n = 1; n <= MAX; n++) {
      const root = roots[n]!;
      for (let m = 0; m < n; m++) {
        const proof = await inclusionProof(m, n, getterFor(n));
        expect(hex(proof), `PATH(${m}, ${n})`).toEqual(hex(PATH(m, D.slice(0, n))));
        const leaf = leafHashes[m]!;
        verifyInclusion(m, n, leaf, proof, root);

        proof.forEach((_, i) => {
          const bad = proof.map((p, j) => (j === i ? flip(p, m + n + i) : p));
          expectProofError(() => verifyInclusion(m, n, leaf, bad, root), /computed root differs/);
        });
        expectProofError(() => verifyInclusion(m, n, flip(leaf, m * n), proof, root), /computed root differs/);
        expectProofError(() => verifyInclusion(m, n, leaf, proof, flip(root, m)), /computed root differs/);
        // The proof of another leaf, or the same proof claimed for another leaf or tree, is rejected.
        for (const other of [m - 1, m + 1, m ^ 2]) {
          if (other < 0 || other >= n || other === m) continue;
          expectProofError(() => verifyInclusion(other, n, leaf, proof, root));
          expectProofError(() => verifyInclusion(m, n, leafHashes[other]!, proof, root));
        }
        for (const size of [n - 1, n + 1, n * 2, Math.floor(n / 2)]) {
          if (size <= m || size === n || size > MAX + 1) continue;
          expectProofError(() => verifyInclusion(m, size, leaf, proof, roots[size]!));
        }
        expectProofError(() => verifyInclusion(m, n, leaf, [...proof, root], root), /proof has \d+ hashes, expected/);
        if (proof.length > 0) {
          expectProofError(() => verifyInclusion(m, n, leaf, proof.slice(1), root), /proof has \d+ hashes, expected/);
        }
      }
      expectProofError(() => verifyInclusion(n, n, leafHashes[0]!, [], root), new RegExp(`leaf index ${n} is beyond tree size ${n}`));
    }
  });

  it('explains what is wrong', async () => {
    const proof = await inclusionProof(1, 4, getterFor(4));
    expectProofError(() => verifyInclusion(5, 4, leafHashes[5]!, proof, roots[4]!), /^leaf index 5 is beyond tree size 4$/);
    expectProofError(() => verifyInclusion(1, 4, leafHashes[1]!, [...proof, proof[0]!], roots[4]!), /^proof has 3 hashes, expected 2$/);
    expectProofError(() => verifyInclusion(1, 4, leafHashes[1]!, [proof[0]!, Buffer.alloc(31)], roots[4]!), /proof hash 1 has 31 bytes/);
    expectProofError(() => verifyInclusion(-1, 4, leafHashes[1]!, proof, roots[4]!), /leaf index must be a non-negative integer/);
    await expect(inclusionProof(4, 4, getterFor(4))).rejects.toThrow(/leaf index 4 is beyond tree size 4/);
  });
});

describe('consistency proofs', () => {
  it('equal PROOF, verify, and fail on any flipped bit, for every pair 1 ≤ m ≤ n ≤ 64', async () => {
    for (let n = 1; n <= MAX; n++) {
      for (let m = 1; m <= n; m++) {
        const proof = await consistencyProof(m, n, getterFor(n));
        expect(hex(proof), `PROOF(${m}, ${n})`).toEqual(m === n ? [] : hex(PROOF(m, D.slice(0, n))));
        const [root1, root2] = [roots[m]!, roots[n]!];
        verifyConsistency(m, n, root1, root2, proof);

        proof.forEach((_, i) => {
          const bad = proof.map((p, j) => (j === i ? flip(p, m * 3 + n + i) : p));
          expectProofError(() => verifyConsistency(m, n, root1, root2, bad));
        });
        expectProofError(() => verifyConsistency(m, n, flip(root1, m + n), root2, proof));
        expectProofError(() => verifyConsistency(m, n, root1, flip(root2, m * n), proof));
        // The same proof claimed for other sizes, with those sizes' genuine roots, is rejected.
        for (const [m2, n2] of [
          [m - 1, n],
          [m + 1, n],
          [m, n - 1],
          [m, n + 1],
        ] as const) {
          if (m2 < 1 || m2 > n2 || n2 > MAX + 1) continue;
          expectProofError(() => verifyConsistency(m2, n2, roots[m2]!, roots[n2]!, proof));
        }
        expectProofError(() => verifyConsistency(m, n, root1, root2, [...proof, root1]), /proof has \d+ hashes, expected/);
        if (proof.length > 0) {
          expectProofError(() => verifyConsistency(m, n, root1, root2, proof.slice(0, -1)), /proof has \d+ hashes, expected/);
        }
      }
    }
  });

  it('explains what is wrong', async () => {
    expectProofError(() => verifyConsistency(5, 4, roots[5]!, roots[4]!, []), /size1 5 is larger than size2 4/);
    expectProofError(() => verifyConsistency(0, 4, roots[0]!, roots[4]!, []), /size1 must be at least 1/);
    expectProofError(() => verifyConsistency(4, 4, roots[4]!, roots[3]!, []), /same size have different roots/);
    expectProofError(() => verifyConsistency(4, 4, roots[4]!, roots[4]!, [roots[4]!]), /proof has 1 hashes, expected 0/);
    const proof = await consistencyProof(3, 7, getterFor(7));
    expectProofError(() => verifyConsistency(3, 7, roots[2]!, roots[7]!, proof), /computed old root differs from root1/);
    expectProofError(() => verifyConsistency(3, 7, roots[3]!, roots[6]!, proof), /computed new root differs from root2/);
    await expect(consistencyProof(0, 3, getterFor(3))).rejects.toThrow(ProofError);
    await expect(consistencyProof(4, 3, getterFor(4))).rejects.toThrow(/larger than size2/);
  });
});

describe('every bit matters', () => {
  /** Every one-bit variant of every hash in (proof, extras). */
  function* everyFlip(hashes: Buffer[]): Generator<Buffer[]> {
    for (let i = 0; i < hashes.length; i++) {
      for (let bit = 0; bit < 256; bit++) {
        const copy = hashes.map((h) => Buffer.from(h));
        copy[i]![bit >> 3]! ^= 1 << (bit & 7);
        yield copy;
      }
    }
  }

  // Plain checks in the loop: an expect() per variant would make this slow.
  const rejected = (fn: () => void) => {
    try {
      fn();
      return false;
    } catch (error) {
      return error instanceof ProofError;
    }
  };

  it('in inclusion and consistency proofs of trees up to 8 leaves', async () => {
    const accepted: string[] = [];
    for (let n = 1; n <= 8; n++) {
      for (let m = 0; m < n; m++) {
        const proof = await inclusionProof(m, n, getterFor(n));
        for (const [leaf, root, ...bad] of everyFlip([leafHashes[m]!, roots[n]!, ...proof])) {
          if (!rejected(() => verifyInclusion(m, n, leaf!, bad, root!))) accepted.push(`inclusion ${m} in ${n}`);
        }
      }
      for (let m = 1; m <= n; m++) {
        const proof = await consistencyProof(m, n, getterFor(n));
        for (const [root1, root2, ...bad] of everyFlip([roots[m]!, roots[n]!, ...proof])) {
          if (!rejected(() => verifyConsistency(m, n, root1!, root2!, bad))) accepted.push(`consistency ${m} to ${n}`);
        }
      }
    }
    expect(accepted, 'tampered proofs that verified').toEqual([]);
  });
});

describe('appending', () => {
  it('completedNodes stores exactly the perfect nodes, and CompactRange tracks every root, for sizes 1..200', async () => {
    const stored = new Map<string, Buffer>();
    const range = new CompactRange();
    expect(range.root().equals(emptyRoot())).toBe(true);
    for (let i = 0; i < D.length; i++) {
      stored.set(`0/${i}`, leafHashes[i]!);
      const nodes = await completedNodes(i, leafHashes[i]!, getterFor(i + 1, stored));
      for (const node of nodes) {
        expect(node.level).toBeGreaterThanOrEqual(1);
        expect(node.hash.equals(perfect.get(`${node.level}/${node.index}`)!), `node ${node.level}/${node.index}`).toBe(true);
        stored.set(`${node.level}/${node.index}`, node.hash);
      }
      range.append(leafHashes[i]!);
      const size = i + 1;
      expect(range.size).toBe(size);
      const want = MTH(D.slice(0, size));
      expect(range.root().equals(want), `CompactRange root at size ${size}`).toBe(true);
      expect((await treeRoot(size, getterFor(size, stored))).equals(want), `treeRoot at size ${size}`).toBe(true);
    }
    expect([...stored.keys()].sort()).toEqual([...perfect.keys()].sort());
  });

  it('rejects a leaf hash of the wrong length', () => {
    expect(() => new CompactRange().append(Buffer.alloc(20))).toThrow(ProofError);
  });
});

describe('cost on large logs', () => {
  it('touches O(log n) stored nodes per root and proof', async () => {
    const size = 2 ** 40 + 123_457;
    const synthetic = (level: number, index: number) => sha256(Buffer.from(`${level}/${index}`));
    const counted = (treeSize: number) => {
      const get = ((level: number, index: number) => {
        // Fail fast rather than hash a trillion leaves when the decomposition is wrong.
        if (++get.calls > 200) throw new Error('more than 200 lookups');
        expect((index + 1) * 2 ** level).toBeLessThanOrEqual(treeSize);
        return synthetic(level, index);
      }) as NodeGetter & { calls: number };
      get.calls = 0;
      return get;
    };
    const rootGet = counted(size);
    await treeRoot(size, rootGet);
    expect(rootGet.calls).toBeLessThanOrEqual(41);
    for (const leaf of [0, 1, size - 1, size - 2, 2 ** 40, 2 ** 40 - 1, 987_654_321]) {
      const get = counted(size);
      const proof = await inclusionProof(leaf, size, get);
      expect(proof.length).toBeLessThanOrEqual(42);
      expect(get.calls, `leaf ${leaf}`).toBeLessThanOrEqual(2 * 42);
    }
    for (const old of [1, 2 ** 39, 2 ** 40, 2 ** 40 + 1, size - 1, 777_777_777]) {
      const get = counted(size);
      await consistencyProof(old, size, get);
      expect(get.calls, `from ${old}`).toBeLessThanOrEqual(2 * 42);
    }
  });
});
