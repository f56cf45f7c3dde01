// C2SP signed-note (https://c2sp.org/signed-note) with Ed25519, and the key encodings of Go's
// golang.org/x/mod/sumdb/note, so notes and keys interoperate with Go verifiers and witnesses.
//
//   verifier key: name+hexkeyid+base64(0x01 ‖ public key)
//   signer key:   PRIVATE+KEY+name+hexkeyid+base64(0x01 ‖ 32-byte seed)
//   key id:       first 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key)

import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { decodeBase64Strict } from './base64.js';

export class NoteError extends Error {
  override name = 'NoteError';
}

export interface NoteKeys {
  signerKey: string;
  verifierKey: string;
}

export interface OpenedNote {
  text: string;
  /** Names of the keys whose signatures verified, in the order they appear. */
  signers: string[];
}

const ED25519 = 0x01;
const SIGNATURE_PREFIX = '— '; // U+2014 em dash, then a space
const MAX_SIGNATURES = 100; // as in Go: bounds the work an oversized note can cause

// DER wrappers that turn raw 32-byte Ed25519 keys into key objects (RFC 8410).
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

interface Verifier {
  name: string;
  keyId: number;
  key: KeyObject;
}

// ---- keys ------------------------------------------------------------------------------------

/** Key names are non-empty, without whitespace or '+' (which separates the key's fields); throws NoteError. */
export function checkName(name: string): void {
  if (name === '') throw new NoteError('key name is empty');
  if (/[\s\u0085+]/u.test(name)) throw new NoteError(`key name ${JSON.stringify(name)} contains whitespace or '+'`);
  if (/\p{Cc}/u.test(name) || !isWellFormed(name)) {
    throw new NoteError(`key name ${JSON.stringify(name)} contains control or invalid characters`);
  }
}

function isWellFormed(text: string): boolean {
  return Buffer.from(text, 'utf8').toString('utf8') === text;
}

function keyId(name: string, publicKey: Buffer): number {
  return noteKeyId(name, ED25519, publicKey);
}

/** SHA-256(name ‖ "\n" ‖ signature type ‖ public key)[:4], the key id of signed-note and tlog-cosignature. */
export function noteKeyId(name: string, signatureType: number, publicKey: Uint8Array): number {
  const digest = createHash('sha256').update(name).update('\n').update(Uint8Array.of(signatureType)).update(publicKey).digest();
  return digest.readUInt32BE(0);
}

const hex8 = (id: number) => id.toString(16).padStart(8, '0');

function rawPublicKey(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
}

/** Splits "name+keyid+keydata" (keydata is base64, so it may itself contain '+'); throws NoteError. */
export function splitNoteKey(text: string, what: string): { name: string; id: string; algorithm: number; raw: Buffer } {
  const first = text.indexOf('+');
  const second = text.indexOf('+', first + 1);
  if (first < 0 || second < 0) throw new NoteError(`malformed ${what}: expected name+keyid+key`);
  const name = text.slice(0, first);
  const id = text.slice(first + 1, second);
  checkName(name);
  if (!/^[0-9a-fA-F]{8}$/.test(id)) throw new NoteError(`malformed ${what}: key id ${JSON.stringify(id)} is not 8 hex digits`);
  const data = decodeBase64Strict(text.slice(second + 1));
  if (!data || data.length === 0) throw new NoteError(`malformed ${what}: key data is not base64`);
  return { name, id, algorithm: data[0] as number, raw: data.subarray(1) };
}

function parseVerifierKey(text: string): Verifier {
  const { name, id, algorithm, raw } = splitNoteKey(text, 'verifier key');
  if (algorithm !== ED25519) throw new NoteError(`verifier key ${name}: unsupported algorithm ${algorithm}`);
  if (raw.length !== 32) throw new NoteError(`verifier key ${name}: Ed25519 public key has ${raw.length} bytes, expected 32`);
  const expected = keyId(name, raw);
  if (parseInt(id, 16) !== expected) throw new NoteError(`verifier key ${name}: key id ${id} does not match the key (${hex8(expected)})`);
  return { name, keyId: expected, key: createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' }) };
}

function parseSignerKey(text: string): { name: string; keyId: number; key: KeyObject } {
  const prefix = 'PRIVATE+KEY+';
  if (!text.startsWith(prefix)) throw new NoteError('malformed signer key: expected PRIVATE+KEY+name+keyid+key');
  const { name, id, algorithm, raw } = splitNoteKey(text.slice(prefix.length), 'signer key');
  if (algorithm !== ED25519) throw new NoteError(`signer key ${name}: unsupported algorithm ${algorithm}`);
  if (raw.length !== 32) throw new NoteError(`signer key ${name}: Ed25519 seed has ${raw.length} bytes, expected 32`);
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, raw]), format: 'der', type: 'pkcs8' });
  const expected = keyId(name, rawPublicKey(createPublicKey(key)));
  if (parseInt(id, 16) !== expected) throw new NoteError(`signer key ${name}: key id ${id} does not match the key (${hex8(expected)})`);
  return { name, keyId: expected, key };
}

function encodeKey(name: string, id: number, raw: Buffer): string {
  return `${name}+${hex8(id)}+${Buffer.concat([Uint8Array.of(ED25519), raw]).toString('base64')}`;
}

/** A fresh Ed25519 key pair named `name`, in Go's note key encodings. */
export function generateNoteKeys(name: string): NoteKeys {
  checkName(name);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d as string, 'base64url');
  const pub = rawPublicKey(publicKey);
  const id = keyId(name, pub);
  return { signerKey: `PRIVATE+KEY+${encodeKey(name, id, seed)}`, verifierKey: encodeKey(name, id, pub) };
}

/** The verifier key that checks signatures made with `signerKey`. */
export function verifierKeyOf(signerKey: string): string {
  const { name, keyId: id, key } = parseSignerKey(signerKey);
  return encodeKey(name, id, rawPublicKey(createPublicKey(key)));
}

// ---- notes -----------------------------------------------------------------------------------

/** Note text is UTF-8 without ASCII control characters other than newline. */
function checkText(text: string, what: string): void {
  if (!isWellFormed(text)) throw new NoteError(`malformed ${what}: not valid UTF-8`);
  if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(text)) {
    throw new NoteError(`malformed ${what}: contains a control character other than newline`);
  }
}

/** `text` (which must end in a newline), a blank line and one signature line by `signerKey`. */
export function signNote(text: string, signerKey: string): string {
  if (!text.endsWith('\n')) throw new NoteError('note text must end with a newline');
  checkText(text, 'note text');
  const { name, keyId: id, key } = parseSignerKey(signerKey);
  const signature = sign(null, Buffer.from(text, 'utf8'), key);
  const idBytes = Buffer.alloc(4);
  idBytes.writeUInt32BE(id);
  return `${text}\n${SIGNATURE_PREFIX}${name} ${Buffer.concat([idBytes, signature]).toString('base64')}\n`;
}

export interface NoteSignature {
  /** The whole signature line, without its newline. */
  line: string;
  name: string;
  keyId: number;
  /** What follows the key id: the signature, by the key's algorithm. */
  signature: Buffer;
}

/** Splits a signed note into its text (final newline included) and its signature lines; checks their form, not the signatures. */
export function splitNote(note: string): { text: string; signatures: NoteSignature[] } {
  checkText(note, 'note');
  // The signature block is everything after the last blank line; signature lines are never empty.
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('malformed note: no blank line before the signatures');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (block === '' || !block.endsWith('\n')) throw new NoteError('malformed note: the signature block must end with a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new NoteError(`malformed note: more than ${MAX_SIGNATURES} signatures`);
  const signatures = lines.map((line) => {
    if (!line.startsWith(SIGNATURE_PREFIX)) throw new NoteError(`malformed note: signature line ${JSON.stringify(line)} does not start with "— "`);
    const rest = line.slice(SIGNATURE_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = space < 0 ? rest : rest.slice(0, space);
    const blob = space < 0 ? undefined : decodeBase64Strict(rest.slice(space + 1));
    if (!blob || blob.length < 5) throw new NoteError(`malformed note: signature by ${JSON.stringify(name)} is not base64 of a key id and signature`);
    checkName(name);
    return { line, name, keyId: blob.readUInt32BE(0), signature: blob.subarray(4) };
  });
  return { text, signatures };
}

/**
 * Checks a signed note against trusted verifier keys and returns its text. Signatures by unknown
 * keys are ignored, but at least one known key must have signed, and every signature by a known
 * key must verify.
 */
export function openNote(note: string, verifierKeys: string[]): OpenedNote {
  const verifiers = verifierKeys.map(parseVerifierKey);
  const lookup = new Map<string, Verifier>();
  for (const v of verifiers) {
    const slot = `${v.name}+${v.keyId}`;
    if (lookup.has(slot)) throw new NoteError(`two verifier keys share the name ${v.name} and key id ${hex8(v.keyId)}`);
    lookup.set(slot, v);
  }

  const { text, signatures } = splitNote(note);
  const signers: string[] = [];
  const seen = new Set<string>();
  const unknown: string[] = [];
  const message = Buffer.from(text, 'utf8');
  for (const { name, keyId: id, signature } of signatures) {
    const slot = `${name}+${id}`;
    const verifier = lookup.get(slot);
    if (!verifier) {
      unknown.push(`${name}+${hex8(id)}`);
      continue;
    }
    if (seen.has(slot)) continue;
    seen.add(slot);
    if (signature.length !== 64 || !verify(null, message, verifier.key, signature)) {
      throw new NoteError(`bad signature by ${name}+${hex8(id)}: the note was altered or not signed by this key`);
    }
    signers.push(name);
  }
  if (signers.length === 0) {
    const by = unknown.length > 0 ? `it is signed only by unknown keys (${[...new Set(unknown)].join(', ')})` : 'it has no signatures';
    throw new NoteError(`no known signature: ${by}`);
  }
  return { text, signers };
}
