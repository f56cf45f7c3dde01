import type { CheckpointFile } from './checkpoint-file.js';
import { CompactRange } from './merkle.js';

export interface SignedCheckpoint {
  size: number;
  root: Buffer;
  note: string;
}

/** What the checkpoint file says, after replaying it and checking every checkpoint in it. */
export interface Transcript {
  /** Leaf hashes [0, anchored), 32 bytes each, each vouched for by a signed checkpoint in the file. */
  leaves: Buffer;
  /** The size of the last checkpoint in the file that matched the leaves before it. */
  anchored: number;
  checkpoints: Array<SignedCheckpoint & { line: number }>;
  /** Signs that the file was altered: nothing after the first of them is trusted. */
  problems: string[];
  /** Lines an interrupted append left behind; they vouch for nothing and are passed over. */
  notices: string[];
}

const HASH_SIZE = 32;

/**
 * Replays the file. Every line continues where the lines before it ended, or starts again from the last
 * checkpoint (an append after one that a crash cut short); every checkpoint must be signed by the log and
 * match the root of the leaves before it. A line that is not an entry at all (cut short) is passed over.
 * Reading stops at the first line that breaks these rules, since nothing after it can be trusted.
 */
export async function replayCheckpointFile(file: CheckpointFile, openCheckpoint: (note: string) => { size: number; root: Buffer }): Promise<Transcript> {
  const anchoredChunks: Buffer[] = [];
  let pending: Buffer[] = [];
  let pendingSince = 0;
  let range = new CompactRange();
  let anchoredRange = new CompactRange();
  const transcript: Transcript = { leaves: Buffer.alloc(0), anchored: 0, checkpoints: [], problems: [], notices: [] };
  const fail = (line: number, message: string) => transcript.problems.push(`checkpoint file, line ${line}: ${message}`);
  for await (const entry of file.lines()) {
    if ('error' in entry) {
      transcript.notices.push(`checkpoint file, line ${entry.line}: ${entry.error}; passed over`);
      continue;
    }
    if (entry.from !== range.size) {
      if (entry.from !== transcript.anchored) {
        fail(entry.line, `starts at leaf ${entry.from}, but the lines before it hold ${range.size} leaves`);
        break;
      }
      transcript.notices.push(
        `checkpoint file, lines from ${pendingSince}: ${range.size - transcript.anchored} leaves that no checkpoint covers were passed over (an append cut short)`,
      );
      range = anchoredRange.clone();
      pending = [];
    }
    if (pending.length === 0) pendingSince = entry.line;
    for (let at = 0; at < entry.leaves.length; at += HASH_SIZE) range.append(entry.leaves.subarray(at, at + HASH_SIZE));
    pending.push(entry.leaves);
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
    anchoredChunks.push(...pending);
    pending = [];
    anchoredRange = range.clone();
    transcript.anchored = signed.size;
    transcript.checkpoints.push({ ...signed, note: entry.checkpoint, line: entry.line });
  }
  if (transcript.problems.length === 0 && range.size > transcript.anchored) {
    transcript.notices.push(
      `checkpoint file, from line ${pendingSince}: ${range.size - transcript.anchored} leaves that no checkpoint covers yet (an append cut short)`,
    );
  }
  transcript.leaves = Buffer.concat(anchoredChunks);
  return transcript;
}

/** The hash of leaf `idx` as the transcript vouches for it, or null past what it vouches for. */
export function transcriptLeaf(transcript: Transcript, idx: number): Buffer | null {
  const at = idx * HASH_SIZE;
  return at + HASH_SIZE <= transcript.leaves.length ? transcript.leaves.subarray(at, at + HASH_SIZE) : null;
}
