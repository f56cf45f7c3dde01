// The body of c2sp.org/tlog-witness's add-checkpoint request:
//
//   old <size>\n
//   <base64 hash>\n        (zero to 63 lines: the consistency proof from <size>)
//   \n
//   <signed checkpoint note>

import { decodeBase64Strict } from '../custody/index.js';

export const MAX_PROOF_LINES = 63;
const HASH_BYTES = 32;
const DECIMAL = /^(0|[1-9][0-9]*)$/;

export class MalformedRequestError extends Error {
  override name = 'MalformedRequestError';
}

export interface AddCheckpointRequest {
  oldSize: number;
  proof: Buffer[];
  /** The signed checkpoint note, as submitted. */
  note: string;
}

export function formatAddCheckpointRequest(request: AddCheckpointRequest): string {
  const { oldSize, proof, note } = request;
  if (!Number.isSafeInteger(oldSize) || oldSize < 0) throw new MalformedRequestError(`the old size must be a whole number ≥ 0, got ${String(oldSize)}`);
  if (proof.length > MAX_PROOF_LINES) throw new MalformedRequestError(`a consistency proof has at most ${MAX_PROOF_LINES} hashes, this one ${proof.length}`);
  for (const hash of proof) {
    if (hash.length !== HASH_BYTES) throw new MalformedRequestError(`a proof hash has ${HASH_BYTES} bytes, one here has ${hash.length}`);
  }
  return `old ${oldSize}\n${proof.map((hash) => `${hash.toString('base64')}\n`).join('')}\n${note}`;
}

/** Parses the request's form strictly; says what is wrong in a MalformedRequestError. */
export function parseAddCheckpointRequest(body: string): AddCheckpointRequest {
  const end = body.indexOf('\n\n');
  if (end < 0) throw new MalformedRequestError('the request must be "old N", the proof lines, an empty line, then the checkpoint');
  const [oldLine = '', ...proofLines] = body.slice(0, end).split('\n');
  const oldMatch = /^old (.*)$/.exec(oldLine);
  if (!oldMatch || !DECIMAL.test(oldMatch[1]!))
    throw new MalformedRequestError(`the first line must be "old" and a size in decimal without leading zeros, got ${JSON.stringify(oldLine.slice(0, 40))}`);
  const oldSize = Number(oldMatch[1]);
  if (!Number.isSafeInteger(oldSize)) throw new MalformedRequestError(`the old size ${oldMatch[1]} is too large`);
  if (proofLines.length > MAX_PROOF_LINES)
    throw new MalformedRequestError(`a consistency proof has at most ${MAX_PROOF_LINES} lines, this one ${proofLines.length}`);
  const proof = proofLines.map((line, i) => {
    const hash = decodeBase64Strict(line);
    if (!hash || hash.length !== HASH_BYTES) throw new MalformedRequestError(`proof line ${i + 1} is not the base64 of a ${HASH_BYTES}-byte hash`);
    return hash;
  });
  return { oldSize, proof, note: body.slice(end + 2) };
}
