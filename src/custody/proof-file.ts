// Checks a proof read from a JSON file (`vigil custody check-proof`), offline. Two shapes:
//   inclusion:   { leafIdx, treeSize, root, leafHash, proof }
//   consistency: { size1, size2, root1, root2, proof }
// Hashes are standard base64 of 32 bytes (a null proof is the empty list, as Go writes it); other fields are ignored, except leafData, which, when
// present, must hash to leafHash, and checkpoint (with verifierKey), which must sign the proof's size and root.

import { decodeBase64Strict } from './base64.js';
import { parseCheckpoint } from './checkpoint.js';
import { leafHash, ProofError, verifyConsistency, verifyInclusion } from './merkle.js';
import { openNote } from './signed-note.js';

export interface ProofCheck {
  kind: 'inclusion' | 'consistency';
}

type Fields = Record<string, unknown>;

function count(fields: Fields, name: string): number {
  const value = fields[name];
  if (value === undefined) throw new ProofError(`field ${name} is missing`);
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ProofError(`field ${name}: expected a non-negative integer`);
  }
  return value;
}

function hash(value: unknown, what: string): Buffer {
  const bytes = typeof value === 'string' ? decodeBase64Strict(value) : undefined;
  if (!bytes || bytes.length !== 32) throw new ProofError(`${what}: expected base64 of 32 bytes`);
  return bytes;
}

function hashField(fields: Fields, name: string): Buffer {
  if (fields[name] === undefined) throw new ProofError(`field ${name} is missing`);
  return hash(fields[name], `field ${name}`);
}

function proofField(fields: Fields): Buffer[] {
  const value = fields.proof;
  if (value === undefined) throw new ProofError('field proof is missing');
  // Go's encoding/json writes an empty slice as null.
  if (value === null) return [];
  if (!Array.isArray(value)) throw new ProofError('field proof: expected an array of base64 strings');
  return value.map((element: unknown, i) => hash(element, `field proof[${i}]`));
}

/**
 * Vigil's proofs also carry the signed checkpoint (and its verifier key): when present, the proof must be
 * against the size and root that the checkpoint signs, and the signature must verify.
 */
function checkCarriedCheckpoint(fields: Fields, treeSize: number, root: Buffer): void {
  if (typeof fields.checkpoint !== 'string') return;
  const note = fields.checkpoint;
  let signed;
  try {
    const text = typeof fields.verifierKey === 'string' ? openNote(note, [fields.verifierKey]).text : note.slice(0, note.lastIndexOf('\n\n') + 1);
    signed = parseCheckpoint(text);
  } catch (error) {
    throw new ProofError(`field checkpoint: ${(error as Error).message}`);
  }
  if (signed.size !== treeSize || !signed.rootHash.equals(root)) {
    throw new ProofError(
      `the proof is against size ${treeSize} and root ${root.toString('base64')}, but its checkpoint signs size ${signed.size} and root ${signed.rootHash.toString('base64')}`,
    );
  }
}

/** Verifies the proof in `value`; throws ProofError saying what is missing, malformed or wrong. */
export function checkProofObject(value: unknown): ProofCheck {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProofError('expected a JSON object with an inclusion or consistency proof');
  }
  const fields = value as Fields;
  const inclusion = 'leafIdx' in fields || 'leafHash' in fields || 'treeSize' in fields;
  const consistency = 'size1' in fields || 'size2' in fields;
  if (inclusion && consistency) throw new ProofError('the object mixes inclusion fields (leafIdx, treeSize, leafHash) with consistency fields (size1, size2)');
  if (inclusion) {
    const leafIdx = count(fields, 'leafIdx');
    const treeSize = count(fields, 'treeSize');
    const claimed = hashField(fields, 'leafHash');
    // Vigil's proofs carry the leaf's bytes too: when present, they must be what was hashed.
    if (typeof fields.leafData === 'string' && !leafHash(Buffer.from(fields.leafData, 'utf8')).equals(claimed)) {
      throw new ProofError('field leafData does not hash to leafHash: the leaf was altered');
    }
    const root = hashField(fields, 'root');
    verifyInclusion(leafIdx, treeSize, claimed, proofField(fields), root);
    checkCarriedCheckpoint(fields, treeSize, root);
    return { kind: 'inclusion' };
  }
  if (consistency) {
    const size1 = count(fields, 'size1');
    const size2 = count(fields, 'size2');
    verifyConsistency(size1, size2, hashField(fields, 'root1'), hashField(fields, 'root2'), proofField(fields));
    return { kind: 'consistency' };
  }
  throw new ProofError('no proof found: expected leafIdx, treeSize, root, leafHash and proof, or size1, size2, root1, root2 and proof');
}
