// The log's side of c2sp.org/tlog-witness: submit a checkpoint, get back verified cosignature lines.

import { cosignatureLinesIn, checkpointTextOf, verifyCosignature } from './cosignature.js';
import { formatAddCheckpointRequest, MalformedRequestError } from './add-checkpoint-request.js';
import type { WitnessEndpoint } from './witness-endpoint.js';
import { WitnessConflictError, WitnessError, WitnessRefusedError, WitnessUnreachableError } from './witness-errors.js';

export const DEFAULT_WITNESS_TIMEOUT_MS = 30_000;
/** A witness's answer is a few signature lines; anything longer is not one. */
const MAX_ANSWER_BYTES = 64 * 1024;
const SIZE_CONTENT_TYPE = 'text/x.tlog.size';

/**
 * Submits a checkpoint (the full signed note) with the consistency proof from `oldSize` (0 when the
 * witness has never seen this log) to the witness; returns the verified cosignature line(s), without
 * their newlines. Lines by keys other than `endpoint.verifierKey` are dropped.
 */
export async function addCheckpoint(
  endpoint: WitnessEndpoint,
  request: { oldSize: number; proof: Buffer[]; note: string },
  options: { timeoutMs?: number } = {},
): Promise<string[]> {
  const who = `witness ${endpoint.name} (${endpoint.url})`;
  let body: string;
  try {
    body = formatAddCheckpointRequest(request);
  } catch (error) {
    if (error instanceof MalformedRequestError) throw new WitnessError(`cannot ask ${who}: ${error.message}`);
    throw error;
  }
  const checkpointText = checkpointTextOf(request.note);
  const timeoutMs = options.timeoutMs ?? DEFAULT_WITNESS_TIMEOUT_MS;

  let status: number;
  let contentType: string;
  let answer: string;
  try {
    const response = await fetch(`${endpoint.url}/add-checkpoint`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = response.status;
    contentType = response.headers.get('content-type') ?? '';
    answer = await readBounded(response);
  } catch (error) {
    throw new WitnessUnreachableError(`${who} is unreachable: ${describeFetchError(error, timeoutMs)}`);
  }

  if (status === 409) {
    const size = /^(0|[1-9][0-9]*)\n?$/.exec(answer);
    if (!contentType.startsWith(SIZE_CONTENT_TYPE) || !size) {
      throw new WitnessRefusedError(`${who} answered 409 without its latest size (${SIZE_CONTENT_TYPE})`, status);
    }
    const latestSize = Number(size[1]);
    throw new WitnessConflictError(
      `${who} last cosigned size ${latestSize}, not ${request.oldSize}: submit again with the proof from size ${latestSize}`,
      latestSize,
    );
  }
  if (status !== 200) throw new WitnessRefusedError(`${who} refused the checkpoint (HTTP ${status}): ${printable(answer) || 'no reason given'}`, status);

  let lines: string[];
  try {
    lines = cosignatureLinesIn(answer, endpoint.verifierKey);
  } catch (error) {
    throw new WitnessError(`${who} answered something that is not signature lines: ${(error as Error).message}`);
  }
  if (lines.length === 0) throw new WitnessError(`${who} answered without a cosignature by its key ${endpoint.verifierKey}`);
  for (const line of lines) {
    try {
      verifyCosignature(checkpointText, line, endpoint.verifierKey);
    } catch (error) {
      throw new WitnessError(`${who} returned a cosignature that does not check: ${(error as Error).message}`);
    }
  }
  return lines;
}

/** The body of a response, refusing (without reading on) one longer than a witness's answer can be. */
export async function readBounded(response: Response): Promise<string> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > MAX_ANSWER_BYTES) {
      await response.body.cancel().catch(() => undefined);
      throw new Error(`its answer is longer than ${MAX_ANSWER_BYTES} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code)
    return cause.code === 'ECONNREFUSED'
      ? 'connection refused (is `vigil witness serve` running there?)'
      : `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

/** The witness's reason, short and without control characters, for a message. */
function printable(text: string): string {
  return text
    .replace(/\p{Cc}+/gu, ' ')
    .trim()
    .slice(0, 500);
}
