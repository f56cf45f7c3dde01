// Verifies an RFC 3161 timestamp token (a CMS SignedData over a TSTInfo) with pkijs: the signature over
// the signed attributes, the message-digest attribute against the TSTInfo, the signer's certificate
// (carried in the token or configured; extended key usage id-kp-timeStamping only, critical; named by
// the ESS signing-certificate attribute; valid at the stamped time; optionally chained to a CA), and
// that the TSTInfo stamps SHA-256 of the given data, with the nonce that was sent.

import { createHash, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { fromSchema, readAsn1 } from './rfc3161-der.js';
import { usePkijsEngine } from './rfc3161-engine.js';
import { TimestampError } from './rfc3161-errors.js';
import { OID_SHA256 } from './rfc3161-request.js';

export interface VerifyTimestampOptions {
  /** The nonce sent in the request (big-endian); the token must carry it. */
  nonce?: Uint8Array;
  /** The authority's certificates (DER), for tokens that do not carry the signer's certificate. */
  tsaCertificates?: Uint8Array[];
  /** CA certificates (DER); when any is given, the signer's certificate must chain to one of them. */
  trustedCas?: Uint8Array[];
}

export interface VerifiedTimestamp {
  /** The time the authority asserts. */
  genTime: Date;
  /** The token's serial number, hex. */
  serialNumber: string;
  policy: string;
  /** The signer certificate's subject, e.g. "CN=Example TSA". */
  signer: string;
}

const OID_TST_INFO = '1.2.840.113549.1.9.16.1.4';
const OID_CONTENT_TYPE = '1.2.840.113549.1.9.3';
const OID_EXT_KEY_USAGE = '2.5.29.37';
const OID_KP_TIME_STAMPING = '1.3.6.1.5.5.7.3.8';
const OID_SIGNING_CERTIFICATE = '1.2.840.113549.1.9.16.2.12';
const OID_SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';
const HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  [OID_SHA256]: 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

const malformed = 'the timestamp token is malformed';

/** Throws TimestampError (code `timestamp-invalid`) unless `token` is a valid timestamp over SHA-256(`data`). */
export async function verifyTimestampToken(token: Uint8Array, data: Uint8Array, options: VerifyTimestampOptions = {}): Promise<VerifiedTimestamp> {
  usePkijsEngine();
  const signedData = readSignedData(token);
  const tstInfo = readTstInfo(signedData);

  const imprint = tstInfo.messageImprint;
  const digest = createHash('sha256').update(data).digest();
  if (imprint.hashAlgorithm.algorithmId !== OID_SHA256 || !digest.equals(imprint.hashedMessage.valueBlock.valueHexView)) {
    throw new TimestampError('the timestamp token is for other data than was sent: its message imprint is not the SHA-256 of the data');
  }
  if (options.nonce && tstInfo.nonce?.toBigInt() !== BigInt(`0x${Buffer.from(options.nonce).toString('hex')}`)) {
    throw new TimestampError('the timestamp token does not carry the nonce that was sent (a replayed or mixed-up reply)');
  }

  addConfiguredCertificates(signedData, options.tsaCertificates ?? []);
  const trustedCerts = (options.trustedCas ?? []).map((der) => certificate(der, 'a trusted TSA CA certificate'));
  let result: pkijs.SignedDataVerifyResult;
  try {
    result = await signedData.verify({ signer: 0, data: toArrayBuffer(data), extendedMode: true, checkChain: trustedCerts.length > 0, trustedCerts });
  } catch (error) {
    throw new TimestampError(`the timestamp token does not verify: ${(error as Error).message}`);
  }
  const signer = result.signerCertificate;
  if (!result.signatureVerified || !signer) throw new TimestampError("the timestamp token's signature does not verify");

  const signerInfo = signedData.signerInfos[0]!;
  checkContentTypeAttribute(signerInfo);
  const genTime = tstInfo.genTime;
  const subject = new X509Certificate(Buffer.from(signer.toSchema().toBER())).subject.replace(/\n/g, ', ');
  if (genTime < signer.notBefore.value || genTime > signer.notAfter.value) {
    throw new TimestampError(`the timestamp token's signer (${subject}) was not valid at the stamped time ${genTime.toISOString()}`);
  }
  checkTimeStampingUsage(signer, subject);
  checkSigningCertificateAttribute(signerInfo, signer, subject);
  return {
    genTime,
    serialNumber: Buffer.from(tstInfo.serialNumber.valueBlock.valueHexView).toString('hex'),
    policy: tstInfo.policy,
    signer: subject,
  };
}

function readSignedData(token: Uint8Array): pkijs.SignedData {
  const contentInfo = fromSchema(malformed, () => new pkijs.ContentInfo({ schema: readAsn1(token, malformed) }));
  if (contentInfo.contentType !== pkijs.ContentInfo.SIGNED_DATA) throw new TimestampError(`${malformed}: it is not CMS SignedData`);
  const signedData = fromSchema(malformed, () => new pkijs.SignedData({ schema: contentInfo.content }));
  if (signedData.signerInfos.length !== 1) throw new TimestampError(`${malformed}: it has ${signedData.signerInfos.length} signers, expected 1`);
  return signedData;
}

function readTstInfo(signedData: pkijs.SignedData): pkijs.TSTInfo {
  const encapsulated = signedData.encapContentInfo;
  if (encapsulated.eContentType !== OID_TST_INFO || !encapsulated.eContent) throw new TimestampError(`${malformed}: it does not hold a TSTInfo`);
  const tstInfo = fromSchema(malformed, () => new pkijs.TSTInfo({ schema: readAsn1(encapsulated.eContent!.getValue(), malformed) }));
  if (tstInfo.version !== 1) throw new TimestampError(`${malformed}: TSTInfo version ${tstInfo.version}`);
  return tstInfo;
}

/** The configured certificates join the token's, so a token sent without its signer's certificate can be checked. */
function addConfiguredCertificates(signedData: pkijs.SignedData, configured: Uint8Array[]): void {
  if (configured.length === 0) return;
  const carried = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  const known = new Set(carried.map((c) => Buffer.from(c.toSchema().toBER()).toString('hex')));
  signedData.certificates = [...(signedData.certificates ?? [])];
  for (const der of configured) {
    if (!known.has(Buffer.from(der).toString('hex'))) signedData.certificates.push(certificate(der, 'a configured TSA certificate'));
  }
}

function checkContentTypeAttribute(signerInfo: pkijs.SignerInfo): void {
  const attribute = signerInfo.signedAttrs?.attributes.find((a) => a.type === OID_CONTENT_TYPE);
  const value = (attribute?.values[0] as asn1js.ObjectIdentifier | undefined)?.valueBlock?.toString();
  if (value !== OID_TST_INFO) throw new TimestampError(`${malformed}: its signed content-type attribute is not id-ct-TSTInfo`);
}

/** RFC 3161 §2.3: the signer's extended key usage is id-kp-timeStamping alone, and critical. */
function checkTimeStampingUsage(signer: pkijs.Certificate, subject: string): void {
  const extension = signer.extensions?.find((e) => e.extnID === OID_EXT_KEY_USAGE);
  const purposes = (extension?.parsedValue as pkijs.ExtKeyUsage | undefined)?.keyPurposes ?? [];
  if (!extension || !extension.critical || purposes.length !== 1 || purposes[0] !== OID_KP_TIME_STAMPING) {
    throw new TimestampError(
      `the timestamp token's signer (${subject}) is not a time-stamping authority: its certificate lacks a critical extended key usage of id-kp-timeStamping alone`,
    );
  }
}

/** RFC 3161 §2.4.1 / RFC 5816: the ESS signing-certificate attribute names the signer's certificate by its hash. */
function checkSigningCertificateAttribute(signerInfo: pkijs.SignerInfo, signer: pkijs.Certificate, subject: string): void {
  const attributes = signerInfo.signedAttrs?.attributes ?? [];
  const v2 = attributes.find((a) => a.type === OID_SIGNING_CERTIFICATE_V2);
  const v1 = attributes.find((a) => a.type === OID_SIGNING_CERTIFICATE);
  const attribute = v2 ?? v1;
  if (!attribute) throw new TimestampError(`${malformed}: it has no ESS signing-certificate attribute naming its signer's certificate`);
  let hashName: string | undefined;
  let certHash: Uint8Array;
  try {
    const certs = (attribute.values[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
    const first = (certs.valueBlock.value[0] as asn1js.Sequence).valueBlock.value;
    if (v2) {
      // ESSCertIDv2 ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier DEFAULT sha256, certHash OCTET STRING, ... }
      const explicitAlgorithm = first[0] instanceof asn1js.Sequence;
      hashName = explicitAlgorithm ? HASHES[new pkijs.AlgorithmIdentifier({ schema: first[0] }).algorithmId] : 'sha256';
      certHash = octets(first[explicitAlgorithm ? 1 : 0]);
    } else {
      hashName = 'sha1';
      certHash = octets(first[0]);
    }
  } catch (error) {
    throw new TimestampError(`${malformed}: its ESS signing-certificate attribute cannot be read: ${(error as Error).message}`);
  }
  if (!hashName) throw new TimestampError(`${malformed}: its ESS signing-certificate attribute uses an unknown hash`);
  const want = createHash(hashName).update(new Uint8Array(signer.toSchema().toBER())).digest();
  if (!want.equals(certHash)) {
    throw new TimestampError(`the timestamp token's ESS signing-certificate attribute names another certificate than its signer's (${subject})`);
  }
}

function octets(element: asn1js.AsnType | undefined): Uint8Array {
  if (!(element instanceof asn1js.OctetString)) throw new Error('certHash is not an OCTET STRING');
  return element.valueBlock.valueHexView;
}

function certificate(der: Uint8Array, what: string): pkijs.Certificate {
  return fromSchema(
    `${what} is not a valid X.509 certificate`,
    () => new pkijs.Certificate({ schema: readAsn1(der, `${what} is not a valid X.509 certificate`) }),
  );
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
