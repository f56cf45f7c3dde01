// Witness keys in Go's note encodings (golang.org/x/mod/sumdb/note), with the signature type of
// c2sp.org/tlog-cosignature's Ed25519 cosignatures, 0x04, in place of plain notes' 0x01:
//
//   verifier key: name+hexkeyid+base64(0x04 ‖ public key)
//   signer key:   PRIVATE+KEY+name+hexkeyid+base64(0x04 ‖ 32-byte seed)
//   key id:       first 4 bytes of SHA-256(name ‖ "\n" ‖ 0x04 ‖ public key)
//
// A cosigner key is never a plain note key: the type byte is part of the key id, so the two kinds
// of signature can never be mistaken for one another.

import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { NoteError, checkName, noteKeyId, splitNoteKey } from '../custody/index.js';
import { WitnessError } from './witness-errors.js';

export const COSIGNATURE_V1_TYPE = 0x04;
const NOTE_ED25519_TYPE = 0x01;

// DER wrappers that turn raw 32-byte Ed25519 keys into key objects (RFC 8410).
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface CosignerVerifier {
  name: string;
  keyId: number;
  publicKey: KeyObject;
}

export interface CosignerSigner extends CosignerVerifier {
  privateKey: KeyObject;
}

const hex8 = (id: number) => id.toString(16).padStart(8, '0');

function rawPublicKey(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
}

function publicKeyObject(raw: Buffer): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

function encodeKey(name: string, raw: Buffer, publicKey: Buffer): string {
  const id = noteKeyId(name, COSIGNATURE_V1_TYPE, publicKey);
  return `${name}+${hex8(id)}+${Buffer.concat([Uint8Array.of(COSIGNATURE_V1_TYPE), raw]).toString('base64')}`;
}

/** Runs `parse`, turning the note library's errors into witness errors with `what` in front. */
function asWitnessError<T>(what: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof NoteError) throw new WitnessError(error.message.includes(what) ? error.message : `${what}: ${error.message}`);
    throw error;
  }
}

function splitCosignerKey(text: string, what: string): { name: string; id: string; raw: Buffer } {
  const { name, id, algorithm, raw } = asWitnessError(what, () => splitNoteKey(text, what));
  if (algorithm === NOTE_ED25519_TYPE) {
    throw new WitnessError(
      `${what} ${name} is a key for signing notes (type 0x01), not a witness's cosignature key (type 0x04): use the key \`vigil witness init\` printed`,
    );
  }
  if (algorithm !== COSIGNATURE_V1_TYPE)
    throw new WitnessError(`${what} ${name}: unsupported signature type 0x${algorithm.toString(16).padStart(2, '0')} (a witness key has type 0x04)`);
  if (raw.length !== 32) throw new WitnessError(`${what} ${name}: an Ed25519 key has 32 bytes, this one ${raw.length}`);
  return { name, id, raw };
}

/** A witness's verifier key (type 0x04), checked down to its key id. */
export function parseCosignerVerifierKey(text: string): CosignerVerifier {
  const what = 'witness verifier key';
  const { name, id, raw } = splitCosignerKey(text.trim(), what);
  const keyId = noteKeyId(name, COSIGNATURE_V1_TYPE, raw);
  if (parseInt(id, 16) !== keyId)
    throw new WitnessError(`${what} ${name}: key id ${id} does not match the key (${hex8(keyId)}): the key was mistyped or altered`);
  return { name, keyId, publicKey: publicKeyObject(raw) };
}

/** A witness's signer key (type 0x04), checked down to its key id. */
export function parseCosignerSignerKey(text: string): CosignerSigner {
  const what = 'witness signer key';
  const prefix = 'PRIVATE+KEY+';
  if (!text.startsWith(prefix)) throw new WitnessError(`malformed ${what}: expected PRIVATE+KEY+name+keyid+key`);
  const { name, id, raw } = splitCosignerKey(text.slice(prefix.length).trim(), what);
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, raw]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(privateKey);
  const keyId = noteKeyId(name, COSIGNATURE_V1_TYPE, rawPublicKey(publicKey));
  if (parseInt(id, 16) !== keyId) throw new WitnessError(`${what} ${name}: key id ${id} does not match the key (${hex8(keyId)})`);
  return { name, keyId, publicKey, privateKey };
}

/** Keys of a witness, in Go's note encodings with the cosignature/v1 type byte 0x04. */
export function generateWitnessKeys(name: string): { signerKey: string; verifierKey: string } {
  asWitnessError('witness name', () => checkName(name));
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d as string, 'base64url');
  const pub = rawPublicKey(publicKey);
  return { signerKey: `PRIVATE+KEY+${encodeKey(name, seed, pub)}`, verifierKey: encodeKey(name, pub, pub) };
}

/** The verifier key that checks cosignatures made with `signerKey`. */
export function witnessVerifierKeyOf(signerKey: string): string {
  const { name, publicKey } = parseCosignerSignerKey(signerKey);
  const pub = rawPublicKey(publicKey);
  return encodeKey(name, pub, pub);
}

/** Throws unless `text` is a log's note verifier key (Ed25519, type 0x01) whose key id matches. */
export function checkLogVerifierKey(text: string): void {
  const what = 'log verifier key';
  const { name, id, algorithm, raw } = asWitnessError(what, () => splitNoteKey(text, what));
  if (algorithm === COSIGNATURE_V1_TYPE)
    throw new WitnessError(`${what} ${name} is a witness's key (type 0x04), not a log's: give the key \`vigil keys custody\` prints`);
  if (algorithm !== NOTE_ED25519_TYPE)
    throw new WitnessError(
      `${what} ${name}: unsupported signature type 0x${algorithm.toString(16).padStart(2, '0')} (Vigil logs sign with Ed25519, type 0x01)`,
    );
  if (raw.length !== 32) throw new WitnessError(`${what} ${name}: an Ed25519 key has 32 bytes, this one ${raw.length}`);
  const keyId = noteKeyId(name, NOTE_ED25519_TYPE, raw);
  if (parseInt(id, 16) !== keyId)
    throw new WitnessError(`${what} ${name}: key id ${id} does not match the key (${hex8(keyId)}): the key was mistyped or altered`);
}
