import type { CheckpointFile } from './checkpoint-file.js';
import { CompactRange } from './merkle.js';

export interface SignedCheckpoint {
  size: number;
  root: Buffer;
  note: string;
}

/** What the checkpoint file says, after replaying it and checking every checkpoint in it. */
export interface Transcript {
  /** Leaf hashes [0, n), 32 bytes each, as the file holds them. */
  leaves: Buffer;
  /** Leaves up to this size are vouched for by a signed checkpoint that matched them. */
  anchored: number;
  checkpoints: Array<SignedCheckpoint & { line: number }>;
  problems: string[];
}

const HASH_SIZE = 32;

/**
 * Replays the file: every line must continue where the lines before it ended, and every checkpoint must
 * be signed by the log and match the root of the leaves before it. Reading stops at the first line that
 * fails, since nothing after it can be trusted.
 */
export async function replayCheckpointFile(file: CheckpointFile, openCheckpoint: (note: string) => { size: number; root: Buffer }): Promise<Transcript> {
  const chunks: Buffer[] = [];
  const range = new CompactRange();
  const transcript: Transcript = { leaves: Buffer.alloc(0), anchored: 0, checkpoints: [], problems: [] };
  const fail = (line: number, message: string) => transcript.problems.push(`checkpoint file, line ${line}: ${message}`);
  for await (const entry of file.lines()) {
    if ('error' in entry) {
      fail(entry.line, entry.error);
      break;
    }
    if (entry.from !== range.size) {
      fail(entry.line, `starts at leaf ${entry.from}, but the lines before it hold ${range.size} leaves`);
      break;
    }
    for (let at = 0; at < entry.leaves.length; at += HASH_SIZE) range.append(entry.leaves.subarray(at, at + HASH_SIZE));
    chunks.push(entry.leaves);
    if (entry.checkpoint === null) continue;
    let signed: { size: number; root: Buffer };
    try {
      signed = openCheckpoint(entry.checkpoint);
    } catch (error) {
      fail(entry.line, `its checkpoint cannot be trusted: ${(error as Error).message}`);
      break;
    }
    if (signed.size !== range.size || !signed.root.equals(range.root())) {
      fail(entry.line, `the checkpoint of size ${signed.size} does not match the leaves before it: the file was altered`);
      break;
    }
    transcript.anchored = signed.size;
    transcript.checkpoints.push({ ...signed, note: entry.checkpoint, line: entry.line });
  }
  transcript.leaves = Buffer.concat(chunks);
  return transcript;
}

/** The hash of leaf `idx` as the transcript holds it, or null past its end. */
export function transcriptLeaf(transcript: Transcript, idx: number): Buffer | null {
  const at = idx * HASH_SIZE;
  return at + HASH_SIZE <= transcript.leaves.length ? transcript.leaves.subarray(at, at + HASH_SIZE) : null;
}
