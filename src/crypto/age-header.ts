import type { Recipient, Stanza } from 'age-encryption';
import { ageLibrary } from './age-library.js';
import { AGE_VERSION_LINE } from '../age-format/index.js';
import { AGE_NONCE_BYTES, AGE_TAG_BYTES } from './age-chunk.js';
import { AgeDecryptError, type AgeFailure } from './age-decrypt-error.js';
import { assertRecipient } from './age-keys.js';
import crypto from 'node:crypto';
import { randomBytesPooled } from './random-pool.js';
import {
  encodeHeader,
  headerMac,
  nativeIdentity,
  parseCanonicalHeader,
  recipientPublicKey,
  unwrapFileKey,
  wrapFileKey,
  wrapFileKeySync,
} from './x25519-native.js';

const VERSION_LINE = Buffer.from(AGE_VERSION_LINE, 'ascii');
const FOOTER_START = Buffer.from('\n---', 'ascii');

/**
 * Offset just after the header's MAC line, or -1 if `buf` does not yet hold the whole
 * header. Only finds the boundary; the header's syntax and MAC are checked by readFileKey.
 */
export function findHeaderEnd(buf: Buffer): number {
  const seen = Math.min(buf.length, VERSION_LINE.length);
  if (!buf.subarray(0, seen).equals(VERSION_LINE.subarray(0, seen))) {
    throw new AgeDecryptError('header', 'not an age file (it does not start with "age-encryption.org/v1")');
  }
  // Stanza lines start with "->" or base64, which has no '-', so the first line
  // starting with "---" is the MAC line.
  const footer = buf.indexOf(FOOTER_START, VERSION_LINE.length - 1);
  if (footer === -1) return -1;
  const lineEnd = buf.indexOf(0x0a, footer + FOOTER_START.length);
  return lineEnd === -1 ? -1 : lineEnd + 1;
}

/**
 * Makes an age header for `recipients` with the age-encryption library and returns it
 * with its file key, for encrypting the payload ourselves with native ChaCha20-Poly1305.
 */
export async function createAgeHeader(recipients: string[]): Promise<{ header: Buffer; fileKey: Buffer }> {
  if (recipients.length === 0) throw new Error('an age file needs at least one recipient');
  const keys = recipients.map(recipientPublicKey);
  if (keys.every((key): key is Buffer => key !== null)) {
    const fileKey = randomBytesPooled(16);
    return { header: encodeHeader(await Promise.all(keys.map((key) => wrapFileKey(fileKey, key))), fileKey), fileKey };
  }
  return createAgeHeaderWithLibrary(recipients);
}

/**
 * createAgeHeader without a promise, for X25519 recipients only (all of an organisation's): null for any
 * other kind, which the caller then hands to createAgeHeader.
 */
export function createAgeHeaderSync(recipients: string[]): { header: Buffer; fileKey: Buffer } | null {
  if (recipients.length === 0) throw new Error('an age file needs at least one recipient');
  const keys = recipients.map(recipientPublicKey);
  if (!keys.every((key): key is Buffer => key !== null)) return null;
  const fileKey = randomBytesPooled(16);
  return {
    header: encodeHeader(
      keys.map((key) => wrapFileKeySync(fileKey, key)),
      fileKey,
    ),
    fileKey,
  };
}

async function createAgeHeaderWithLibrary(recipients: string[]): Promise<{ header: Buffer; fileKey: Buffer }> {
  const { Encrypter } = await ageLibrary();
  const encrypter = new Encrypter();
  for (const recipient of recipients) {
    assertRecipient(recipient);
    encrypter.addRecipient(recipient);
  }
  let fileKey: Buffer | undefined;
  const captureFileKey: Recipient = {
    wrapFileKey(key: Uint8Array): Stanza[] {
      fileKey = Buffer.from(key);
      return [];
    },
  };
  encrypter.addRecipient(captureFileKey);
  // The library has no header-only API, so encrypt an empty file: its output is the header,
  // a 16-byte payload nonce and the 16-byte tag of the empty final chunk. We drop that nonce
  // rather than reuse it: the library already encrypted under (file key, nonce), and
  // ChaCha20-Poly1305 must never see two messages under the same key and nonce.
  // PayloadEncryptor draws a fresh one.
  const emptyFile = await encrypter.encrypt(new Uint8Array(0));
  const header = Buffer.from(emptyFile.subarray(0, emptyFile.length - AGE_NONCE_BYTES - AGE_TAG_BYTES));
  if (fileKey === undefined || findHeaderEnd(header) !== header.length) {
    throw new Error('age-encryption library produced an unexpected file layout');
  }
  return { header, fileKey };
}

function failureOf(libraryMessage: string): AgeFailure {
  // The library signals these two outcomes only through its error messages.
  if (libraryMessage.includes('no identity matched')) return 'no-match';
  if (libraryMessage.includes('invalid header HMAC')) return 'hmac';
  return 'header';
}

const FAILURE_TEXT: Record<AgeFailure, string> = {
  'no-match': 'none of the given identities can open this age file',
  hmac: 'age header MAC is invalid (the header was altered)',
  header: 'age header is malformed',
  payload: 'age payload is damaged',
};

function headerLines(header: Buffer): string[] {
  return header.toString('latin1').split('\n');
}

/**
 * age forbids mixing a passphrase (scrypt) stanza with other stanzas. The library only
 * checks this when trying a passphrase, so enforce it for identity decryption too.
 */
function assertScryptStanzaAlone(lines: string[]): void {
  const stanzaTypes = lines.filter((line) => line.startsWith('-> ')).map((line) => line.split(' ')[1]);
  if (stanzaTypes.length > 1 && stanzaTypes.includes('scrypt')) {
    throw new AgeDecryptError('header', 'age header is malformed: a scrypt stanza must be the only stanza');
  }
}

/**
 * The library compares whatever the MAC line decodes to, so a truncated or garbled MAC
 * would be reported as "MAC invalid" (tampering) rather than as a malformed header.
 */
function assertMacLineSyntax(lines: string[]): void {
  const macLine = lines[lines.length - 2] ?? '';
  const encoded = macLine.slice('--- '.length);
  const mac = Buffer.from(encoded, 'base64');
  if (!macLine.startsWith('--- ') || mac.length !== 32 || mac.toString('base64').replace(/=+$/, '') !== encoded) {
    throw new AgeDecryptError('header', 'age header is malformed: bad MAC line');
  }
}

/** Unwraps the file key from a complete header (ending with the MAC line) and checks the MAC. */
export async function readFileKey(header: Buffer, identities: string[]): Promise<Buffer> {
  if (identities.length === 0) throw new Error('no age identities given');
  const end = findHeaderEnd(header);
  if (end !== header.length) {
    throw new AgeDecryptError('header', end === -1 ? 'age header is incomplete' : 'unexpected bytes after age header');
  }
  const native = readFileKeyNatively(header, identities);
  if (native) return native;
  const lines = headerLines(header);
  assertScryptStanzaAlone(lines);
  assertMacLineSyntax(lines);
  const { Decrypter } = await ageLibrary();
  const decrypter = new Decrypter();
  identities.forEach((identity, i) => {
    try {
      decrypter.addIdentity(identity);
    } catch {
      // Never echo the identity: it is a secret key.
      throw new Error(`age identity #${i + 1} is not a valid AGE-SECRET-KEY-1… or AGE-SECRET-KEY-PQ-1… key`);
    }
  });
  try {
    return Buffer.from(await decrypter.decryptHeader(header));
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    const failure = failureOf(detail);
    throw new AgeDecryptError(failure, `${FAILURE_TEXT[failure]}: ${detail}`, { cause: err });
  }
}

/**
 * Unwraps the file key synchronously where no library is needed (a canonical X25519 header, X25519 identities);
 * undefined where only readFileKey can (post-quantum or passphrase stanzas). Throws as readFileKey does.
 */
export function readFileKeySync(header: Buffer, identities: string[]): Buffer | undefined {
  if (identities.length === 0) throw new Error('no age identities given');
  const end = findHeaderEnd(header);
  if (end !== header.length) {
    throw new AgeDecryptError('header', end === -1 ? 'age header is incomplete' : 'unexpected bytes after age header');
  }
  return readFileKeyNatively(header, identities);
}

/** The fast path for canonical X25519 headers opened with X25519 identities; undefined means "ask the library". */
function readFileKeyNatively(header: Buffer, identities: string[]): Buffer | undefined {
  const parsed = parseCanonicalHeader(header);
  const keys = identities.map(nativeIdentity);
  if (!parsed || !keys.every((key) => key !== null)) return undefined;
  for (const key of keys) {
    for (const stanza of parsed.stanzas) {
      const fileKey = unwrapFileKey(stanza, key!);
      if (fileKey === null) continue;
      if (!crypto.timingSafeEqual(headerMac(fileKey, parsed.withoutMac), parsed.mac)) {
        throw new AgeDecryptError('hmac', FAILURE_TEXT.hmac);
      }
      return fileKey;
    }
  }
  throw new AgeDecryptError('no-match', FAILURE_TEXT['no-match']);
}
