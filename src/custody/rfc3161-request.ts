// Builds an RFC 3161 TimeStampReq (§2.4.1) with pkijs: SHA-256 message imprint, a random nonce, certReq TRUE.
import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { TimestampError } from './rfc3161-errors.js';

export const OID_SHA256 = '2.16.840.1.101.3.4.2.1';

/** 8 random bytes read as a positive INTEGER with a minimal encoding: the first byte is 0x40–0x7f. */
export function newNonce(): Buffer {
  const nonce = randomBytes(8);
  nonce[0] = ((nonce[0] as number) & 0x3f) | 0x40;
  return nonce;
}

/** TimeStampReq v1 over a SHA-256 digest, with `nonce` (big-endian, positive), asking for the TSA's certificate. */
export function buildTimestampRequest(sha256Digest: Uint8Array, nonce: Uint8Array): Buffer {
  if (sha256Digest.length !== 32) throw new TimestampError(`SHA-256 digest has ${sha256Digest.length} bytes, expected 32`);
  if (nonce.length === 0 || nonce.every((byte) => byte === 0) || ((nonce[0] as number) & 0x80) !== 0) {
    throw new TimestampError('nonce must be a positive number whose first byte is below 0x80');
  }
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID_SHA256, algorithmParams: new asn1js.Null() }),
      hashedMessage: new asn1js.OctetString({ valueHex: sha256Digest }),
    }),
    nonce: new asn1js.Integer({ valueHex: nonce }),
    certReq: true,
  });
  return Buffer.from(request.toSchema().toBER());
}
