// Reads the TSTInfo (RFC 3161 §2.4.2) out of a time-stamp token, so a client can check that the
// authority stamped the digest and nonce it sent. This does NOT verify the token's CMS signature
// or certificates: that is for whoever relies on the token (e.g. `openssl ts -verify`).

import { DerError, TAG, expectTag, readChildren, readInteger, readOid, readOne, type DerNode } from './der.js';

export const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
export const OID_TST_INFO = '1.2.840.113549.1.9.16.1.4';

export interface TstInfo {
  policy: string;
  hashAlgorithm: string;
  digest: Buffer;
  serialNumber: bigint;
  genTime: Date;
  nonce?: bigint;
}

const CONTEXT_0 = 0xa0;

/** The TSTInfo inside a timeStampToken (a CMS ContentInfo holding SignedData); throws DerError. */
export function readTstInfo(token: Buffer): TstInfo {
  const [contentType, signedDataWrapper] = readChildren(readOne(token, TAG.SEQUENCE));
  if (readOid(expectTag(contentType, TAG.OID)) !== OID_SIGNED_DATA) throw new DerError('token is not CMS SignedData');
  const signedData = expectTag(readChildren(expectTag(signedDataWrapper, CONTEXT_0))[0], TAG.SEQUENCE);
  // SignedData: version, digestAlgorithms, encapContentInfo, ...
  const encapsulated = expectTag(readChildren(signedData)[2], TAG.SEQUENCE);
  const [eContentType, eContentWrapper] = readChildren(encapsulated);
  if (readOid(expectTag(eContentType, TAG.OID)) !== OID_TST_INFO) throw new DerError('token does not hold a TSTInfo');
  const eContent = expectTag(readChildren(expectTag(eContentWrapper, CONTEXT_0))[0], TAG.OCTET_STRING);
  return parseTstInfo(readOne(eContent.content, TAG.SEQUENCE));
}

function parseTstInfo(tstInfo: DerNode): TstInfo {
  const [version, policy, imprint, serial, genTime, ...optional] = readChildren(tstInfo);
  if (readInteger(expectTag(version, TAG.INTEGER)) !== 1n) throw new DerError('unsupported TSTInfo version');
  const [algorithm, hashed] = readChildren(expectTag(imprint, TAG.SEQUENCE));
  const [algorithmOid] = readChildren(expectTag(algorithm, TAG.SEQUENCE));
  // Optional fields in order: accuracy (SEQUENCE), ordering (BOOLEAN), nonce (INTEGER), tsa [0], extensions [1].
  const nonce = optional.find((node) => node.tag === TAG.INTEGER);
  return {
    policy: readOid(expectTag(policy, TAG.OID)),
    hashAlgorithm: readOid(expectTag(algorithmOid, TAG.OID)),
    digest: Buffer.from(expectTag(hashed, TAG.OCTET_STRING).content),
    serialNumber: readInteger(expectTag(serial, TAG.INTEGER)),
    genTime: readGeneralizedTime(expectTag(genTime, TAG.GENERALIZED_TIME)),
    ...(nonce ? { nonce: readInteger(nonce) } : {}),
  };
}

/** DER GeneralizedTime: YYYYMMDDHHMMSS[.fraction]Z, always UTC. */
function readGeneralizedTime(node: DerNode): Date {
  const text = node.content.toString('latin1');
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d+))?Z$/.exec(text);
  if (!match) throw new DerError(`malformed GeneralizedTime ${JSON.stringify(text)}`);
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const millis = Number((match[7] ?? '').slice(0, 3).padEnd(3, '0'));
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis));
}
