// RFC 3161 time-stamp client: build a TimeStampReq, POST it to a time-stamping authority (TSA), take the
// timeStampToken out of its TimeStampResp and verify it (signature, signer certificate, imprint, nonce)
// before it is kept. The token is kept as the authority's DER so anyone can check it later with standard
// tools (`openssl ts -verify -token_in`).

import { createHash } from 'node:crypto';
import { TimestampError } from './rfc3161-errors.js';
import { buildTimestampRequest, newNonce } from './rfc3161-request.js';
import { parseTimestampResponse } from './rfc3161-response.js';
import { verifyTimestampToken, type VerifiedTimestamp } from './rfc3161-verify.js';

export { readCertificateFile } from './rfc3161-certificates.js';
export { TimestampError, type TimestampErrorCode } from './rfc3161-errors.js';
export { buildTimestampRequest, newNonce } from './rfc3161-request.js';
export { parseTimestampResponse, type TimestampResponse } from './rfc3161-response.js';
export { verifyTimestampToken, type VerifiedTimestamp, type VerifyTimestampOptions } from './rfc3161-verify.js';

export interface TimestampResult {
  token: Buffer;
  request: Buffer;
  response: Buffer;
  /** What the verified token asserts: the time, serial number, policy and signer. */
  verified: VerifiedTimestamp;
  genTime: Date;
}

export interface RequestTimestampOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** The authority's certificates (DER), for an authority that does not send its certificate. */
  tsaCertificates?: Uint8Array[];
  /** CA certificates (DER) the authority's certificate must chain to, when any is given. */
  trustedCas?: Uint8Array[];
}

const MAX_REPLY_BYTES = 1 << 20;

/** Gets an RFC 3161 timestamp over SHA-256(`data`) from the TSA at `url`, and verifies it. */
export async function requestTimestamp(url: string, data: Uint8Array, options: RequestTimestampOptions = {}): Promise<TimestampResult> {
  const { fetch: fetchFn = fetch, timeoutMs = 30_000 } = options;
  const digest = createHash('sha256').update(data).digest();
  const nonce = newNonce();
  const request = buildTimestampRequest(digest, nonce);
  const response = await post(fetchFn, url, request, timeoutMs);
  const { token } = parseTimestampResponse(response);
  const verified = await verifyTimestampToken(token, data, {
    nonce,
    ...(options.tsaCertificates ? { tsaCertificates: options.tsaCertificates } : {}),
    ...(options.trustedCas ? { trustedCas: options.trustedCas } : {}),
  });
  return { token, request, response, verified, genTime: verified.genTime };
}

async function post(fetchFn: typeof fetch, url: string, request: Buffer, timeoutMs: number): Promise<Buffer> {
  const unavailable = (message: string) => new TimestampError(message, 'timestamp-unavailable');
  try {
    const reply = await fetchFn(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/timestamp-query', Accept: 'application/timestamp-reply' },
      body: new Uint8Array(request),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!reply.ok) {
      await reply.body?.cancel();
      throw unavailable(`time-stamping authority at ${url} answered HTTP ${reply.status}${reply.statusText ? ` ${reply.statusText}` : ''}`);
    }
    const contentType = (reply.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (contentType !== 'application/timestamp-reply') {
      await reply.body?.cancel();
      throw unavailable(
        `time-stamping authority at ${url} answered with content type ${contentType ? JSON.stringify(contentType) : '(none)'}, expected "application/timestamp-reply"`,
      );
    }
    return await readLimited(reply, MAX_REPLY_BYTES, url);
  } catch (error) {
    if (error instanceof TimestampError) throw error;
    const err = error as Error & { cause?: unknown };
    if (err.name === 'TimeoutError') throw unavailable(`time-stamping authority at ${url} did not answer within ${timeoutMs} ms`);
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    throw unavailable(`could not reach the time-stamping authority at ${url}: ${err.message}${cause}`);
  }
}

async function readLimited(reply: Response, limit: number, url: string): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (reply.body) {
    for await (const chunk of reply.body as unknown as AsyncIterable<Uint8Array>) {
      total += chunk.length;
      if (total > limit) throw new TimestampError(`time-stamping authority at ${url} sent a reply larger than ${limit} bytes`, 'timestamp-unavailable');
      chunks.push(chunk);
    }
  }
  return Buffer.concat(chunks);
}
