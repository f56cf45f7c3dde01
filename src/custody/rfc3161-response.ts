// Reads an RFC 3161 TimeStampResp (§2.4.2) with pkijs; refuses anything but a granted token.
import type * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { fromSchema, readAsn1 } from './rfc3161-der.js';
import { TimestampError } from './rfc3161-errors.js';

export interface TimestampResponse {
  status: number;
  statusText?: string;
  /** The DER of the timeStampToken (a CMS ContentInfo), exactly as the authority sent it. */
  token: Buffer;
}

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

/** Reads a TimeStampResp; throws TimestampError unless the TSA granted a token. */
export function parseTimestampResponse(der: Uint8Array): TimestampResponse {
  const invalid = 'the reply is not a valid RFC 3161 TimeStampResp';
  let response: pkijs.TimeStampResp;
  let asn1: ReturnType<typeof readAsn1>;
  try {
    asn1 = readAsn1(der, invalid);
    response = fromSchema(invalid, () => new pkijs.TimeStampResp({ schema: asn1 }));
  } catch (error) {
    if (error instanceof TimestampError) throw new TimestampError(error.message, 'timestamp-unavailable');
    throw error;
  }
  const status = response.status.status as number;
  const texts = response.status.statusStrings?.map((text) => text.valueBlock.value);
  const statusText = texts && texts.length > 0 ? texts.join('; ') : undefined;
  if (status !== 0 && status !== 1) {
    const failures = response.status.failInfo ? failureNames(response.status.failInfo.valueBlock.valueHexView) : [];
    const name = STATUS_NAMES[status] ?? 'unknown status';
    const details = [statusText, failures.length > 0 ? `failure: ${failures.join(', ')}` : undefined].filter(Boolean);
    throw new TimestampError(
      `the time-stamping authority did not grant a timestamp: status ${status} (${name})${details.length > 0 ? `: ${details.join('; ')}` : ''}`,
      'timestamp-refused',
    );
  }
  const token = response.timeStampToken;
  if (!token) throw new TimestampError(`the time-stamping authority answered status ${status} but sent no token`, 'timestamp-refused');
  if (token.contentType !== pkijs.ContentInfo.SIGNED_DATA) throw new TimestampError(`${invalid}: the token is not CMS SignedData`);
  // The token's own bytes, never a re-encoding: its signature covers what the authority sent.
  const tokenElement = (asn1 as asn1js.Sequence).valueBlock.value[1] as asn1js.AsnType;
  return { status, ...(statusText !== undefined ? { statusText } : {}), token: Buffer.from(tokenElement.valueBeforeDecodeView) };
}

/** Names of the bits set in a PKIFailureInfo BIT STRING's value (bit 0 is the first byte's high bit). */
function failureNames(bits: Uint8Array): string[] {
  const names: string[] = [];
  for (let bit = 0; bit < bits.length * 8; bit++) {
    if (((bits[bit >> 3] as number) >> (7 - (bit & 7))) & 1) names.push(FAILURES[bit] ?? `bit ${bit}`);
  }
  return names;
}
