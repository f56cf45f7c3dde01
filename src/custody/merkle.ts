// RFC 9162 (Certificate Transparency v2) Merkle tree hashing, proofs and their verification.
//
// Storage model: a *perfect node* (level L, index i) is the hash of the perfect subtree over the
// leaves [i·2^L, (i+1)·2^L); level 0 holds the leaf hashes. Every function that needs stored hashes
// takes a NodeGetter and only ever asks it for perfect nodes that are complete within the tree size
// in question, so any range is hashed with O(log n) lookups, never by reading all its leaves.
//
// Sizes and indexes are plain numbers up to 2^53; arithmetic avoids 32-bit bitwise operators.

import { createHash } from 'node:crypto';

export type NodeGetter = (level: number, index: number) => Buffer | Promise<Buffer>;

export interface PerfectNode {
  level: number;
  index: number;
  hash: Buffer;
}

/** A proof does not verify, or its input is unusable; `message` says why in plain words. */
export class ProofError extends Error {
  override name = 'ProofError';
}

const HASH_SIZE = 32;

export function leafHash(data: Uint8Array): Buffer {
  return createHash('sha256').update(Uint8Array.of(0x00)).update(data).digest();
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(Uint8Array.of(0x01)).update(left).update(right).digest();
}

export function emptyRoot(): Buffer {
  return createHash('sha256').digest();
}

// ---- ranges of leaves ------------------------------------------------------------------------

/** A run of leaves [start, start + size). */
interface Range {
  start: number;
  size: number;
}

/** The largest power of two strictly below n (n ≥ 2): RFC 9162's split point k. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  let p = 1;
  while (p < n) p *= 2;
  return p === n;
}

function log2(powerOfTwo: number): number {
  let level = 0;
  for (let p = 1; p < powerOfTwo; p *= 2) level++;
  return level;
}

/** MTH of the leaves in `range`, from at most one lookup per set bit of its size. */
async function rangeHash(range: Range, get: NodeGetter): Promise<Buffer> {
  const { start, size } = range;
  // Every range met while following RFC 9162's recursion from [0, n) starts at a multiple of
  // the smallest power of two ≥ its size, so a power-of-two size is always a stored perfect node.
  if (isPowerOfTwo(size) && start % size === 0) return Buffer.from(await get(log2(size), start / size));
  const k = splitPoint(size);
  const left = await rangeHash({ start, size: k }, get);
  const right = await rangeHash({ start: start + k, size: size - k }, get);
  return nodeHash(left, right);
}

/** The ranges whose hashes form PATH(m, D[n]) (RFC 9162 §2.1.3.1), in proof order. */
function inclusionRanges(m: number, n: number): Range[] {
  const siblings: Range[] = [];
  let start = 0;
  let size = n;
  let index = m;
  while (size > 1) {
    const k = splitPoint(size);
    if (index < k) {
      siblings.push({ start: start + k, size: size - k });
      size = k;
    } else {
      siblings.push({ start, size: k });
      start += k;
      size -= k;
      index -= k;
    }
  }
  // The recursion appends each sibling after the deeper path, so the deepest sibling comes first.
  return siblings.reverse();
}

/** The ranges whose hashes form PROOF(m, D[n]) = SUBPROOF(m, D[n], true) (RFC 9162 §2.1.4.1). */
function consistencyRanges(m: number, n: number): Range[] {
  const siblings: Range[] = [];
  let start = 0;
  let size = n;
  let old = m;
  let oldTreeIsWhole = true; // SUBPROOF's flag b: the old tree's root is already known to the verifier
  while (old < size) {
    const k = splitPoint(size);
    if (old <= k) {
      siblings.push({ start: start + k, size: size - k });
      size = k;
    } else {
      siblings.push({ start, size: k });
      start += k;
      size -= k;
      old -= k;
      oldTreeIsWhole = false;
    }
  }
  siblings.reverse();
  return oldTreeIsWhole ? siblings : [{ start, size }, ...siblings];
}

// ---- building roots and proofs from stored nodes --------------------------------------------

function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ProofError(`${name} must be a non-negative integer, got ${String(value)}`);
  }
}

/** MTH of the first `size` leaves. */
export async function treeRoot(size: number, get: NodeGetter): Promise<Buffer> {
  checkCount('tree size', size);
  if (size === 0) return emptyRoot();
  return rangeHash({ start: 0, size }, get);
}

/** RFC 9162 §2.1.3.1 PATH(leafIndex, D[treeSize]). */
export async function inclusionProof(leafIndex: number, treeSize: number, get: NodeGetter): Promise<Buffer[]> {
  checkCount('leaf index', leafIndex);
  checkCount('tree size', treeSize);
  if (leafIndex >= treeSize) throw new ProofError(`leaf index ${leafIndex} is beyond tree size ${treeSize}`);
  const proof: Buffer[] = [];
  for (const range of inclusionRanges(leafIndex, treeSize)) proof.push(await rangeHash(range, get));
  return proof;
}

/** RFC 9162 §2.1.4.1 PROOF(size1, D[size2]); empty when the sizes are equal. */
export async function consistencyProof(size1: number, size2: number, get: NodeGetter): Promise<Buffer[]> {
  checkCount('size1', size1);
  checkCount('size2', size2);
  if (size1 === 0) throw new ProofError('size1 must be at least 1: every tree is consistent with the empty tree');
  if (size1 > size2) throw new ProofError(`size1 ${size1} is larger than size2 ${size2}`);
  if (size1 === size2) return [];
  const proof: Buffer[] = [];
  for (const range of consistencyRanges(size1, size2)) proof.push(await rangeHash(range, get));
  return proof;
}

/**
 * The perfect nodes at levels ≥ 1 that become complete when leaf `leafIndex` is appended,
 * lowest level first, so the caller can store them next to the leaf.
 */
export async function completedNodes(leafIndex: number, leafHashValue: Buffer, get: NodeGetter): Promise<PerfectNode[]> {
  checkCount('leaf index', leafIndex);
  const nodes: PerfectNode[] = [];
  let hash = leafHashValue;
  let level = 0;
  let index = leafIndex;
  // An odd index is a right child: its left sibling is already complete, so the parent is too.
  while (index % 2 === 1) {
    hash = nodeHash(await get(level, index - 1), hash);
    level += 1;
    index = (index - 1) / 2;
    nodes.push({ level, index, hash });
  }
  return nodes;
}

// ---- verification ----------------------------------------------------------------------------

function checkHash(name: string, value: Uint8Array): void {
  if (value.length !== HASH_SIZE) throw new ProofError(`${name} has ${value.length} bytes, expected ${HASH_SIZE}`);
}

function checkProofHashes(proof: readonly Uint8Array[], expected: number): void {
  if (proof.length !== expected) throw new ProofError(`proof has ${proof.length} hashes, expected ${expected}`);
  proof.forEach((hash, i) => checkHash(`proof hash ${i}`, hash));
}

function half(n: number): number {
  return Math.floor(n / 2);
}

function isOdd(n: number): boolean {
  return n % 2 === 1;
}

/** RFC 9162 §2.1.3.2; throws ProofError unless `proof` shows `leafHash` at `leafIndex` under `root`. */
export function verifyInclusion(leafIndex: number, treeSize: number, leafHashValue: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): void {
  checkCount('leaf index', leafIndex);
  checkCount('tree size', treeSize);
  if (leafIndex >= treeSize) throw new ProofError(`leaf index ${leafIndex} is beyond tree size ${treeSize}`);
  checkHash('leaf hash', leafHashValue);
  checkHash('root', root);
  checkProofHashes(proof, inclusionRanges(leafIndex, treeSize).length);

  let fn = leafIndex;
  let sn = treeSize - 1;
  let r: Buffer = Buffer.from(leafHashValue);
  for (const p of proof) {
    if (sn === 0) throw new ProofError('proof is longer than the path to the root');
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) throw new ProofError('proof is shorter than the path to the root');
  if (!r.equals(root)) throw new ProofError('computed root differs from the given root');
}

/** RFC 9162 §2.1.4.2; throws ProofError unless `proof` shows tree `size2` extends tree `size1`. */
export function verifyConsistency(size1: number, size2: number, root1: Uint8Array, root2: Uint8Array, proof: readonly Uint8Array[]): void {
  checkCount('size1', size1);
  checkCount('size2', size2);
  if (size1 === 0) throw new ProofError('size1 must be at least 1: every tree is consistent with the empty tree');
  if (size1 > size2) throw new ProofError(`size1 ${size1} is larger than size2 ${size2}`);
  checkHash('root1', root1);
  checkHash('root2', root2);
  if (size1 === size2) {
    checkProofHashes(proof, 0);
    if (!Buffer.from(root1).equals(root2)) throw new ProofError('trees of the same size have different roots');
    return;
  }
  checkProofHashes(proof, consistencyRanges(size1, size2).length);

  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Buffer = Buffer.from(path[0] as Uint8Array);
  let sr = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) throw new ProofError('proof is longer than the path to the root');
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) throw new ProofError('proof is shorter than the path to the root');
  if (!fr.equals(root1)) throw new ProofError('computed old root differs from root1');
  if (!sr.equals(root2)) throw new ProofError('computed new root differs from root2');
}

// ---- streaming -------------------------------------------------------------------------------

/**
 * The right edge of a growing tree: one hash per perfect subtree of the current size (its set
 * bits), so roots can be recomputed while scanning a whole log once in O(log n) memory.
 */
export class CompactRange {
  #size = 0;
  /** Perfect subtree hashes, largest (leftmost) first. */
  #hashes: Buffer[] = [];

  get size(): number {
    return this.#size;
  }

  clone(): CompactRange {
    const copy = new CompactRange();
    copy.#size = this.#size;
    copy.#hashes = [...this.#hashes];
    return copy;
  }

  append(leafHashValue: Uint8Array): void {
    if (leafHashValue.length !== HASH_SIZE) {
      throw new ProofError(`leaf hash has ${leafHashValue.length} bytes, expected ${HASH_SIZE}`);
    }
    let hash: Buffer = Buffer.from(leafHashValue);
    // Each trailing set bit of the old size is a subtree the new leaf completes.
    for (let s = this.#size; isOdd(s); s = half(s)) {
      hash = nodeHash(this.#hashes.pop() as Buffer, hash);
    }
    this.#hashes.push(hash);
    this.#size += 1;
  }

  root(): Buffer {
    if (this.#hashes.length === 0) return emptyRoot();
    let root = this.#hashes[this.#hashes.length - 1] as Buffer;
    for (let i = this.#hashes.length - 2; i >= 0; i--) root = nodeHash(this.#hashes[i] as Buffer, root);
    return root;
  }
}
