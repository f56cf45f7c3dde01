import { describe, expect, it } from 'vitest';
import { CompactRange, ProofError, consistencyProof, inclusionProof, leafHash, nodeHash } from '../../../src/custody/merkle.js';
import { checkProofObject } from '../../../src/custody/proof-file.js';
import { formatCheckpoint } from '../../../src/custody/checkpoint.js';
import { generateNoteKeys, signNote } from '../../../src/custody/signed-note.js';

const leaves = Array.from({ length: 11 }, (_, i) => leafHash(Buffer.from(`event ${i}`)));
const levels: Buffer[][] = [leaves];
while (levels[levels.length - 1]!.length > 1) {
  const below = levels[levels.length - 1]!;
  const level: Buffer[] = [];
  for (let i = 0; i + 1 < below.length; i += 2) level.push(nodeHash(below[i]!, below[i + 1]!));
  levels.push(level);
}
const get = (level: number, index: number) => levels[level]![index]!;
const rootOf = (size: number) => {
  const range = new CompactRange();
  leaves.slice(0, size).forEach((leaf) => range.append(leaf));
  return range.root().toString('base64');
};
const b64 = (b: Buffer) => b.toString('base64');

async function inclusionFile() {
  return {
    item: 'itm_1', // extra fields are ignored
    leafIdx: 6,
    treeSize: 11,
    root: rootOf(11),
    leafHash: b64(leaves[6]!),
    proof: (await inclusionProof(6, 11, get)).map(b64),
  };
}

async function consistencyFile() {
  return { size1: 5, size2: 11, root1: rootOf(5), root2: rootOf(11), proof: (await consistencyProof(5, 11, get)).map(b64) };
}

function reason(value: unknown): string {
  try {
    checkProofObject(value);
  } catch (error) {
    expect(error).toBeInstanceOf(ProofError);
    return (error as Error).message;
  }
  throw new Error('expected the proof to be rejected');
}

describe('checkProofObject', () => {
  it('accepts valid inclusion and consistency proofs', async () => {
    expect(checkProofObject(await inclusionFile())).toEqual({ kind: 'inclusion' });
    expect(checkProofObject(await consistencyFile())).toEqual({ kind: 'consistency' });
    expect(checkProofObject({ size1: 3, size2: 3, root1: rootOf(3), root2: rootOf(3), proof: [] })).toEqual({ kind: 'consistency' });
  });

  it('says which field is missing or ill-typed', async () => {
    const good = await inclusionFile();
    expect(reason({ ...good, leafHash: undefined })).toBe('field leafHash is missing');
    expect(reason({ ...good, leafHash: 'not base64!' })).toBe('field leafHash: expected base64 of 32 bytes');
    expect(reason({ ...good, leafHash: b64(Buffer.alloc(31)) })).toBe('field leafHash: expected base64 of 32 bytes');
    expect(reason({ ...good, root: 42 })).toBe('field root: expected base64 of 32 bytes');
    expect(reason({ ...good, leafIdx: '6' })).toBe('field leafIdx: expected a non-negative integer');
    expect(reason({ ...good, treeSize: 1.5 })).toBe('field treeSize: expected a non-negative integer');
    expect(reason({ ...good, proof: 'abc' })).toBe('field proof: expected an array of base64 strings');
    expect(reason({ ...good, proof: [good.proof[0], 7] })).toBe('field proof[1]: expected base64 of 32 bytes');
    const { proof: _, ...noProof } = await consistencyFile();
    expect(reason(noProof)).toBe('field proof is missing');
    expect(reason({ ...(await consistencyFile()), root2: undefined })).toBe('field root2 is missing');
    expect(reason([])).toMatch(/expected a JSON object/);
    expect(reason(null)).toMatch(/expected a JSON object/);
    expect(reason({ hello: 1 })).toMatch(/no proof found/);
    expect(reason({ ...good, size1: 1 })).toMatch(/mixes inclusion fields/);
  });

  it('says why a proof fails', async () => {
    const inclusion = await inclusionFile();
    expect(reason({ ...inclusion, leafHash: b64(leaves[5]!) })).toBe('computed root differs from the given root');
    expect(reason({ ...inclusion, leafIdx: 11 })).toBe('leaf index 11 is beyond tree size 11');
    expect(reason({ ...inclusion, proof: inclusion.proof.slice(1) })).toMatch(/^proof has 3 hashes, expected 4$/);
    const consistency = await consistencyFile();
    expect(reason({ ...consistency, root1: rootOf(4) })).toBe('computed old root differs from root1');
    expect(reason({ ...consistency, root2: rootOf(10) })).toBe('computed new root differs from root2');
    expect(reason({ ...consistency, size1: 12 })).toBe('size1 12 is larger than size2 11');
  });
});

describe('leafData in a proof file', () => {
  it('is checked against leafHash when present', () => {
    const data = '{"v":1,"event":"ingested"}';
    const hash = leafHash(Buffer.from(data)).toString('base64');
    const single = { leafIdx: 0, treeSize: 1, root: hash, leafHash: hash, proof: [] };
    expect(checkProofObject({ ...single, leafData: data })).toEqual({ kind: 'inclusion' });
    expect(() => checkProofObject({ ...single, leafData: data.replace('ingested', 'forged') })).toThrow(/leafData does not hash to leafHash/);
  });
});

describe('proof files written by other implementations', () => {
  it('read a null hash list (how Go writes an empty proof) as the empty list', () => {
    const hash = leafHash(Buffer.from('the only leaf')).toString('base64');
    expect(checkProofObject({ leafIdx: 0, treeSize: 1, root: hash, leafHash: hash, proof: null })).toEqual({ kind: 'inclusion' });
    const root = rootOf(5);
    expect(checkProofObject({ size1: 5, size2: 5, root1: root, root2: root, proof: null })).toEqual({ kind: 'consistency' });
    // null stands only for the empty list: a proof that needs hashes still fails.
    expect(() => checkProofObject({ size1: 4, size2: 5, root1: rootOf(4), root2: root, proof: null })).toThrow(/proof has 0 hashes, expected/);
  });
});

describe('the checkpoint a proof file carries', () => {
  it('must sign the size and root the proof is against, with the key given', async () => {
    const keys = generateNoteKeys('example.org/log');
    const signedAt = (size: number, rootB64: string) =>
      signNote(formatCheckpoint({ origin: 'example.org/log', size, rootHash: Buffer.from(rootB64, 'base64') }), keys.signerKey);
    const file = await inclusionFile();
    expect(checkProofObject({ ...file, checkpoint: signedAt(11, file.root), verifierKey: keys.verifierKey })).toEqual({ kind: 'inclusion' });
    expect(() => checkProofObject({ ...file, checkpoint: signedAt(11, rootOf(10)), verifierKey: keys.verifierKey })).toThrow(
      /but its checkpoint signs size 11 and root/,
    );
    const other = generateNoteKeys('example.org/log');
    expect(() => checkProofObject({ ...file, checkpoint: signedAt(11, file.root), verifierKey: other.verifierKey })).toThrow(
      /field checkpoint: no known signature/,
    );
  });
});
