import type { CustodyRepository } from './custody-repository.js';
import { transcriptLeaf, type Transcript } from './checkpoint-transcript.js';
import { leafHash } from './merkle.js';

export interface AlteredLeaf {
  idx: number;
  event: string | null;
  itemId: string | null;
  /** The size of the signed checkpoint that vouches for the original leaf. */
  signedIn: number;
}

const PAGE = 5000;

/**
 * The first leaf whose data no longer hashes to the leaf the checkpoint file vouches for (or that is
 * gone), or null when every vouched-for leaf is as signed.
 */
export async function firstAlteredLeaf(repo: CustodyRepository, transcript: Transcript): Promise<AlteredLeaf | null> {
  const upTo = transcript.anchored;
  const signedIn = (idx: number) => transcript.checkpoints.find((cp) => cp.size > idx)?.size ?? upTo;
  let expected = 0;
  while (expected < upTo) {
    const page = await repo.leavesFrom(expected, Math.min(PAGE, upTo - expected));
    if (page.length === 0) break;
    for (const leaf of page) {
      if (leaf.idx >= upTo) return null;
      if (leaf.idx !== expected) return { idx: expected, event: null, itemId: null, signedIn: signedIn(expected) };
      if (!leafHash(Buffer.from(leaf.data, 'utf8')).equals(transcriptLeaf(transcript, leaf.idx)!)) {
        return { idx: leaf.idx, event: leaf.event, itemId: leaf.item_id, signedIn: signedIn(leaf.idx) };
      }
      expected++;
    }
  }
  return expected < upTo ? { idx: expected, event: null, itemId: null, signedIn: signedIn(expected) } : null;
}

export function describeAlteredLeaf(leaf: AlteredLeaf): string {
  const what = leaf.event === null ? 'is missing' : `(${leaf.event}${leaf.itemId ? `, item ${leaf.itemId}` : ''}) differs from the leaf signed`;
  return `leaf ${leaf.idx} ${what} in the checkpoint of size ${leaf.signedIn} (checkpoint file)`;
}
