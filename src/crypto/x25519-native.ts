import crypto, { type KeyObject } from 'node:crypto';
import { bech32 } from '@scure/base';
import { AGE_VERSION_LINE, CANONICAL_X25519_HEADER } from '../age-format/index.js';
import { AgeDecryptError } from './age-decrypt-error.js';

/**
 * age's X25519 recipient stanza and header MAC done with node:crypto. The age-encryption
 * library does the same through WebCrypto key imports at about 4 ms a file; natively it is
 * about 0.2 ms, which matters when a leak holds hundreds of thousands of small files.
 * Only canonical headers of X25519 stanzas take this path; anything else goes to the library.
 */

const X25519_LABEL = 'age-encryption.org/v1/X25519';

const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');
const PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const ZERO_NONCE = Buffer.alloc(12);

export interface X25519Stanza {
  share: Buffer;
  body: Buffer;
}

interface NativeIdentity {
  privateKey: KeyObject;
  publicKey: Buffer;
}

const identityCache = new Map<string, NativeIdentity | null>();

export function recipientPublicKey(recipient: string): Buffer | null {
  try {
    const { prefix, words } = bech32.decode(recipient as `${string}1${string}`, false);
    const key = Buffer.from(bech32.fromWords(words));
    return prefix === 'age' && key.length === 32 ? key : null;
  } catch {
    return null;
  }
}

/** The X25519 identity behind `AGE-SECRET-KEY-1…`, or null for any other kind of identity. */
export function nativeIdentity(identity: string): NativeIdentity | null {
  const cached = identityCache.get(identity);
  if (cached !== undefined) return cached;
  let parsed: NativeIdentity | null = null;
  try {
    const { prefix, words } = bech32.decode(identity.toLowerCase() as `${string}1${string}`, false);
    const secret = Buffer.from(bech32.fromWords(words));
    if (prefix === 'age-secret-key-' && secret.length === 32) {
      const privateKey = crypto.createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, secret]), format: 'der', type: 'pkcs8' });
      parsed = { privateKey, publicKey: rawPublicKey(crypto.createPublicKey(privateKey)) };
    }
  } catch {
    parsed = null;
  }
  if (identityCache.size > 64) identityCache.clear();
  identityCache.set(identity, parsed);
  return parsed;
}

// Node encodes only the half that is given an encoding and returns the other as a KeyObject;
// @types/node models only both-or-neither, hence this signature.
type GeneratePublicDer = (
  type: 'x25519',
  options: { publicKeyEncoding: { format: 'der'; type: 'spki' } },
  callback: (error: Error | null, publicKey: Buffer, privateKey: KeyObject) => void,
) => void;
const generatePublicDer = crypto.generateKeyPair as unknown as GeneratePublicDer;
const generatePublicDerSync = crypto.generateKeyPairSync as unknown as (
  type: 'x25519',
  options: { publicKeyEncoding: { format: 'der'; type: 'spki' } },
) => { publicKey: Buffer; privateKey: KeyObject };

function generateEphemeral(): Promise<{ share: Buffer; privateKey: KeyObject }> {
  return new Promise((resolve, reject) => {
    generatePublicDer('x25519', { publicKeyEncoding: { format: 'der', type: 'spki' } }, (error, publicKey, privateKey) => {
      if (error) reject(error);
      else resolve({ share: publicKey.subarray(SPKI_PREFIX.length), privateKey });
    });
  });
}

/** Key generation and its encoding run in libuv's thread pool, off the thread that hashes and encrypts. */
export async function wrapFileKey(fileKey: Buffer, recipient: Buffer): Promise<X25519Stanza> {
  return stanzaFor(fileKey, recipient, await generateEphemeral());
}

/** For a worker thread that seals whole files one at a time: a round trip to the thread pool would only add to each. */
export function wrapFileKeySync(fileKey: Buffer, recipient: Buffer): X25519Stanza {
  const { publicKey, privateKey } = generatePublicDerSync('x25519', { publicKeyEncoding: { format: 'der', type: 'spki' } });
  return stanzaFor(fileKey, recipient, { share: publicKey.subarray(SPKI_PREFIX.length), privateKey });
}

function stanzaFor(fileKey: Buffer, recipient: Buffer, ephemeral: { share: Buffer; privateKey: KeyObject }): X25519Stanza {
  const { share, privateKey } = ephemeral;
  const shared = crypto.diffieHellman({ privateKey, publicKey: recipientKeyObject(recipient) });
  if (shared.every((b) => b === 0)) throw new Error('X25519 recipient is a low-order point');
  const cipher = crypto.createCipheriv('chacha20-poly1305', wrapKey(shared, share, recipient), ZERO_NONCE, { authTagLength: 16 });
  const body = Buffer.concat([cipher.update(fileKey), cipher.final(), cipher.getAuthTag()]);
  return { share, body };
}

/** The file key if this stanza was made for `identity`, else null; a low-order share is a malformed header. */
export function unwrapFileKey(stanza: X25519Stanza, identity: NativeIdentity): Buffer | null {
  let shared: Buffer;
  try {
    shared = crypto.diffieHellman({ privateKey: identity.privateKey, publicKey: publicKeyObject(stanza.share) });
  } catch {
    shared = Buffer.alloc(32); // OpenSSL refuses to return the all-zero secret of a low-order point
  }
  if (shared.every((b) => b === 0)) throw new AgeDecryptError('header', 'age header is malformed: X25519 share is a low-order point');
  const decipher = crypto.createDecipheriv('chacha20-poly1305', wrapKey(shared, stanza.share, identity.publicKey), ZERO_NONCE, { authTagLength: 16 });
  decipher.setAuthTag(stanza.body.subarray(16));
  try {
    return Buffer.concat([decipher.update(stanza.body.subarray(0, 16)), decipher.final()]);
  } catch {
    return null;
  }
}

/** The header text up to and including "---", exactly as age writes it. */
export function headerWithoutMac(stanzas: X25519Stanza[]): string {
  let text = AGE_VERSION_LINE;
  for (const { share, body } of stanzas) text += `-> X25519 ${rawBase64(share)}\n${wrapBody(rawBase64(body))}`;
  return `${text}---`;
}

export function headerMac(fileKey: Buffer, withoutMac: string): Buffer {
  const key = Buffer.from(crypto.hkdfSync('sha256', fileKey, Buffer.alloc(0), 'header', 32));
  return crypto.createHmac('sha256', key).update(withoutMac, 'latin1').digest();
}

export function encodeHeader(stanzas: X25519Stanza[], fileKey: Buffer): Buffer {
  const withoutMac = headerWithoutMac(stanzas);
  return Buffer.from(`${withoutMac} ${rawBase64(headerMac(fileKey, withoutMac))}\n`, 'latin1');
}

/**
 * The X25519 stanzas and MAC of a header, or null when the header is anything but the canonical
 * form that `encodeHeader` writes (other stanza types, odd base64, odd wrapping).
 */
export function parseCanonicalHeader(header: Buffer): { stanzas: X25519Stanza[]; withoutMac: string; mac: Buffer } | null {
  const text = header.toString('latin1');
  const match = CANONICAL_X25519_HEADER.exec(text);
  if (!match) return null;
  const lines = match[1]!.split('\n');
  const stanzas: X25519Stanza[] = [];
  for (let i = 0; i + 1 < lines.length; i += 2) {
    stanzas.push({ share: Buffer.from(lines[i]!.slice('-> X25519 '.length), 'base64'), body: Buffer.from(lines[i + 1]!, 'base64') });
  }
  const withoutMac = headerWithoutMac(stanzas);
  const mac = Buffer.from(match[2]!, 'base64');
  if (`${withoutMac} ${rawBase64(mac)}\n` !== text || stanzas.some((s) => s.share.length !== 32 || s.body.length !== 32)) return null;
  return { stanzas, withoutMac, mac };
}

function wrapKey(shared: Buffer, share: Buffer, recipient: Buffer): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', shared, Buffer.concat([share, recipient]), X25519_LABEL, 32));
}

function wrapBody(encoded: string): string {
  let out = '';
  for (let i = 0; i <= encoded.length; i += 64) out += `${encoded.slice(i, i + 64)}\n`;
  return out;
}

const recipientKeyObjects = new Map<string, KeyObject>();

/** Recipients repeat for every file; ephemeral shares never do, so only recipients are kept. */
function recipientKeyObject(raw: Buffer): KeyObject {
  const id = raw.toString('hex');
  let key = recipientKeyObjects.get(id);
  if (!key) {
    if (recipientKeyObjects.size > 64) recipientKeyObjects.clear();
    key = publicKeyObject(raw);
    recipientKeyObjects.set(id, key);
  }
  return key;
}

function publicKeyObject(raw: Buffer): KeyObject {
  return crypto.createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

function rawPublicKey(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
}

function rawBase64(buf: Buffer): string {
  return buf.toString('base64').replace(/=+$/, '');
}
