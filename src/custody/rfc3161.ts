// RFC 3161 time-stamp client: build a TimeStampReq, POST it to a time-stamping authority (TSA),
// and take the timeStampToken out of its TimeStampResp. The token is kept as raw DER so anyone can
// check it later with standard tools (`openssl ts -verify -token_in`).

import { createHash, randomBytes } from 'node:crypto';
import {
  DerError,
  TAG,
  derBoolean,
  derInteger,
  derNull,
  derOctetString,
  derOid,
  derSequence,
  expectTag,
  readChildren,
  readInteger,
  readOid,
  readOne,
  readUtf8String,
  type DerNode,
} from './der.js';
import { OID_SIGNED_DATA, readTstInfo } from './tst-info.js';

export class TimestampError extends Error {
  override name = 'TimestampError';
}

export interface TimestampResponse {
  status: number;
  statusText?: string;
  /** The DER of the timeStampToken (a CMS ContentInfo). */
  token: Buffer;
}

export interface TimestampResult {
  token: Buffer;
  request: Buffer;
  response: Buffer;
  /** The time the authority asserts, read from the token (its signature is not checked here). */
  genTime: Date;
}

export interface RequestTimestampOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const OID_SHA256 = '2.16.840.1.101.3.4.2.1';
const MAX_REPLY_BYTES = 1 << 20;

const STATUS_NAMES = ['granted', 'grantedWithMods', 'rejection', 'waiting', 'revocationWarning', 'revocationNotification'];
// PKIFailureInfo bit positions (RFC 3161 §2.4.2).
const FAILURES: Record<number, string> = {
  0: 'badAlg',
  2: 'badRequest',
  5: 'badDataFormat',
  14: 'timeNotAvailable',
  15: 'unacceptedPolicy',
  16: 'unacceptedExtension',
  17: 'addInfoNotAvailable',
  25: 'systemFailure',
};

/** TimeStampReq v1 over a SHA-256 digest, with a nonce, asking for the TSA's certificate. */
export function buildTimestampRequest(sha256Digest: Buffer, nonce: Buffer): Buffer {
  if (sha256Digest.length !== 32) throw new TimestampError(`SHA-256 digest has ${sha256Digest.length} bytes, expected 32`);
  if (nonce.length === 0 || nonce.every((byte) => byte === 0)) throw new TimestampError('nonce must be a positive number');
  const messageImprint = derSequence(derSequence(derOid(OID_SHA256), derNull()), derOctetString(sha256Digest));
  return derSequence(derInteger(1), messageImprint, derInteger(nonce), derBoolean(true));
}

/** Reads a TimeStampResp; throws TimestampError unless the TSA granted a token. */
export function parseTimestampResponse(der: Buffer): TimestampResponse {
  let status: number;
  let statusText: string | undefined;
  let failures: string[];
  let token: DerNode | undefined;
  try {
    const [statusInfo, tokenNode] = readChildren(readOne(der, TAG.SEQUENCE));
    const [statusNode, ...rest] = readChildren(expectTag(statusInfo, TAG.SEQUENCE));
    status = Number(readInteger(expectTag(statusNode, TAG.INTEGER)));
    const texts = rest.find((node) => node.tag === TAG.SEQUENCE);
    if (texts) statusText = readChildren(texts).map(readUtf8String).join('; ');
    const failInfo = rest.find((node) => node.tag === TAG.BIT_STRING);
    failures = failInfo ? failureNames(failInfo.content) : [];
    if (tokenNode) {
      token = expectTag(tokenNode, TAG.SEQUENCE);
      if (readOid(expectTag(readChildren(token)[0], TAG.OID)) !== OID_SIGNED_DATA) throw new DerError('token is not CMS SignedData');
    }
  } catch (error) {
    if (error instanceof DerError) throw new TimestampError(`the reply is not a valid RFC 3161 TimeStampResp: ${error.message}`);
    throw error;
  }
  if (status !== 0 && status !== 1) {
    const name = STATUS_NAMES[status] ?? 'unknown status';
    const details = [statusText, failures.length > 0 ? `failure: ${failures.join(', ')}` : undefined].filter(Boolean);
    throw new TimestampError(`the time-stamping authority did not grant a timestamp: status ${status} (${name})${details.length > 0 ? `: ${details.join('; ')}` : ''}`);
  }
  if (!token) throw new TimestampError(`the time-stamping authority answered status ${status} but sent no token`);
  return { status, ...(statusText !== undefined ? { statusText } : {}), token: Buffer.from(token.raw) };
}

/** Names of the bits set in a PKIFailureInfo BIT STRING (first content byte = unused bits). */
function failureNames(bitString: Buffer): string[] {
  const names: string[] = [];
  for (let bit = 0; bit < (bitString.length - 1) * 8; bit++) {
    if (((bitString[1 + (bit >> 3)] as number) >> (7 - (bit & 7))) & 1) names.push(FAILURES[bit] ?? `bit ${bit}`);
  }
  return names;
}

/** Gets an RFC 3161 timestamp over SHA-256(`data`) from the TSA at `url`. */
export async function requestTimestamp(url: string, data: Uint8Array, options: RequestTimestampOptions = {}): Promise<TimestampResult> {
  const { fetch: fetchFn = fetch, timeoutMs = 30_000 } = options;
  const digest = createHash('sha256').update(data).digest();
  let nonce = randomBytes(8);
  while (nonce.every((byte) => byte === 0)) nonce = randomBytes(8);
  const request = buildTimestampRequest(digest, nonce);

  let reply: Response;
  let response: Buffer;
  try {
    reply = await fetchFn(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/timestamp-query', Accept: 'application/timestamp-reply' },
      body: request,
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!reply.ok) {
      await reply.body?.cancel();
      throw new TimestampError(`time-stamping authority at ${url} answered HTTP ${reply.status}${reply.statusText ? ` ${reply.statusText}` : ''}`);
    }
    const contentType = (reply.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (contentType !== 'application/timestamp-reply') {
      await reply.body?.cancel();
      throw new TimestampError(
        `time-stamping authority at ${url} answered with content type ${contentType ? JSON.stringify(contentType) : '(none)'}, expected "application/timestamp-reply"`,
      );
    }
    response = await readLimited(reply, MAX_REPLY_BYTES, url);
  } catch (error) {
    if (error instanceof TimestampError) throw error;
    const err = error as Error & { cause?: unknown };
    if (err.name === 'TimeoutError') throw new TimestampError(`time-stamping authority at ${url} did not answer within ${timeoutMs} ms`);
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    throw new TimestampError(`could not reach the time-stamping authority at ${url}: ${err.message}${cause}`);
  }

  const { token } = parseTimestampResponse(response);
  const genTime = checkToken(token, digest, nonce);
  return { token, request, response, genTime };
}

/** The token must stamp exactly what was asked: our digest and our nonce. */
function checkToken(token: Buffer, digest: Buffer, nonce: Buffer): Date {
  let info;
  try {
    info = readTstInfo(token);
  } catch (error) {
    if (error instanceof DerError) throw new TimestampError(`the timestamp token is malformed: ${error.message}`);
    throw error;
  }
  if (info.hashAlgorithm !== OID_SHA256 || !info.digest.equals(digest)) {
    throw new TimestampError('the timestamp token is for other data than was sent');
  }
  if (info.nonce !== BigInt(`0x${nonce.toString('hex')}`)) {
    throw new TimestampError('the timestamp token does not carry the nonce that was sent (a replayed or mixed-up reply)');
  }
  return info.genTime;
}

async function readLimited(reply: Response, limit: number, url: string): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (reply.body) {
    for await (const chunk of reply.body as unknown as AsyncIterable<Uint8Array>) {
      total += chunk.length;
      if (total > limit) throw new TimestampError(`time-stamping authority at ${url} sent a reply larger than ${limit} bytes`);
      chunks.push(chunk);
    }
  }
  return Buffer.concat(chunks);
}
