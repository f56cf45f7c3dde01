import crypto from 'node:crypto';
import { formatCheckpoint } from '../../src/custody/checkpoint.js';
import { consistencyProof, leafHash, nodeHash, treeRoot } from '../../src/custody/merkle.js';
import { generateNoteKeys, signNote } from '../../src/custody/signed-note.js';

/** A transparency log held in memory, for submitting real checkpoints and proofs to witnesses. */
export class MemoryLog {
  readonly leaves: Buffer[] = [];
  readonly keys;

  constructor(readonly origin = `vigil/custody/test-${crypto.randomBytes(4).toString('hex')}`) {
    this.keys = generateNoteKeys(origin);
  }

  append(count: number, tag = 'leaf'): this {
    for (let i = 0; i < count; i++) this.leaves.push(leafHash(Buffer.from(`${tag} ${this.leaves.length}`)));
    return this;
  }

  /** The hash of the perfect subtree (level, index), from the leaves. */
  readonly node = (level: number, index: number): Buffer => {
    if (level === 0) return this.leaves[index]!;
    return nodeHash(this.node(level - 1, 2 * index), this.node(level - 1, 2 * index + 1));
  };

  root(size = this.leaves.length): Promise<Buffer> {
    return treeRoot(size, this.node);
  }

  /** The proof from `oldSize` the witness protocol wants: empty from 0 or between equal sizes. */
  async proof(oldSize: number, size = this.leaves.length): Promise<Buffer[]> {
    return oldSize === 0 ? [] : consistencyProof(oldSize, size, this.node);
  }

  /** A checkpoint of `size` signed by the log's key (or `signerKey`). */
  async checkpoint(size = this.leaves.length, signerKey = this.keys.signerKey): Promise<string> {
    return signNote(formatCheckpoint({ origin: this.origin, size, rootHash: await this.root(size) }), signerKey);
  }
}
