// What a witness last cosigned for a log: GET <url>/<hex SHA-256 of the origin>/checkpoint, the
// monitoring read that `vigil witness serve` answers. The log uses it as one more anchor of its history.

import { createHash } from 'node:crypto';
import { cosignatureLinesOf, verifyCosignature } from './cosignature.js';
import { readBounded } from './witness-client.js';
import type { WitnessEndpoint } from './witness-endpoint.js';
import { WitnessError, WitnessUnreachableError } from './witness-errors.js';

/**
 * The latest checkpoint the witness cosigned for `origin`, as a signed note carrying the witness's
 * checked cosignature; null when it has cosigned none. The log's own signature is for the caller to check.
 */
export async function latestCosignedCheckpoint(endpoint: WitnessEndpoint, origin: string, options: { timeoutMs?: number } = {}): Promise<string | null> {
  const who = `witness ${endpoint.name} (${endpoint.url})`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  let status: number;
  let note: string;
  try {
    const response = await fetch(`${endpoint.url}/${createHash('sha256').update(origin).digest('hex')}/checkpoint`, {
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = response.status;
    note = await readBounded(response);
  } catch (error) {
    throw new WitnessUnreachableError(`${who} is unreachable: ${(error as Error).message}`);
  }
  if (status === 404) return null;
  if (status !== 200) throw new WitnessError(`${who} answered HTTP ${status} when asked for its latest checkpoint`);
  const lines = cosignatureLinesOf(note, endpoint.verifierKey);
  if (lines.length === 0) throw new WitnessError(`${who} answered a checkpoint without its cosignature`);
  for (const line of lines) verifyCosignature(note, line, endpoint.verifierKey);
  return note;
}
