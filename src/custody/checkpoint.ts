// C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the body of a signed note that commits
// to a log's size and root hash:
//
//   <origin>\n<tree size, decimal>\n<base64 root hash>\n[<extension line>\n]*

import { decodeBase64Strict } from './base64.js';

export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

export interface Checkpoint {
  origin: string;
  size: number;
  rootHash: Buffer;
  extensions: string[];
}

export interface CheckpointInput {
  origin: string;
  size: number;
  rootHash: Uint8Array;
  extensions?: string[];
}

const ROOT_HASH_SIZE = 32;
const DECIMAL = /^(0|[1-9][0-9]*)$/;

/** A line must be non-empty and free of control characters (newline included). */
function checkLine(what: string, line: string): void {
  if (line === '') throw new CheckpointError(`${what} is empty`);
  if (/\p{Cc}/u.test(line)) throw new CheckpointError(`${what} contains a control character`);
}

export function formatCheckpoint(checkpoint: CheckpointInput): string {
  const { origin, size, rootHash, extensions = [] } = checkpoint;
  checkLine('origin', origin);
  if (!Number.isSafeInteger(size) || size < 0) throw new CheckpointError(`tree size must be a non-negative integer, got ${String(size)}`);
  if (rootHash.length !== ROOT_HASH_SIZE) throw new CheckpointError(`root hash has ${rootHash.length} bytes, expected ${ROOT_HASH_SIZE}`);
  extensions.forEach((line, i) => checkLine(`extension line ${i + 1}`, line));
  const lines = [origin, String(size), Buffer.from(rootHash).toString('base64'), ...extensions];
  return lines.map((line) => `${line}\n`).join('');
}

/** Parses checkpoint text (the text of an already verified note), strictly. */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new CheckpointError('checkpoint must end with a newline');
  const [origin, sizeLine, rootLine, ...extensions] = text.slice(0, -1).split('\n');
  if (origin === undefined || sizeLine === undefined || rootLine === undefined) {
    throw new CheckpointError('checkpoint needs at least three lines: origin, tree size and root hash');
  }
  checkLine('origin', origin);
  if (!DECIMAL.test(sizeLine)) throw new CheckpointError(`tree size ${JSON.stringify(sizeLine)} is not a decimal number without leading zeros`);
  const size = Number(sizeLine);
  if (!Number.isSafeInteger(size)) throw new CheckpointError(`tree size ${sizeLine} is too large`);
  const rootHash = decodeBase64Strict(rootLine);
  if (!rootHash) throw new CheckpointError(`root hash ${JSON.stringify(rootLine)} is not base64`);
  if (rootHash.length !== ROOT_HASH_SIZE) throw new CheckpointError(`root hash has ${rootHash.length} bytes, expected ${ROOT_HASH_SIZE}`);
  extensions.forEach((line, i) => checkLine(`extension line ${i + 1}`, line));
  return { origin, size, rootHash, extensions };
}
