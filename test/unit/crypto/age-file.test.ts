import { randomBytes } from 'node:crypto';
import { Decrypter, Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AgeDecryptError,
  MAX_AGE_HEADER_BYTES,
  ageEncryptedSize,
  createAgeDecryptStream,
  createAgeEncryptStream,
  createAgeHeader,
  findHeaderEnd,
  readFileKey,
} from '../../../src/crypto/age.js';
import { pieceSizes, runTransform, splitBySizes } from './age-test-helpers.js';

let identity: string;
let recipient: string;
let otherIdentity: string;
let otherRecipient: string;

beforeAll(async () => {
  identity = await generateX25519Identity();
  recipient = await identityToRecipient(identity);
  otherIdentity = await generateX25519Identity();
  otherRecipient = await identityToRecipient(otherIdentity);
});

async function encryptWithUs(plain: Buffer, recipients: string[], maxPiece = 100_000): Promise<Buffer> {
  const pieces = splitBySizes(plain, pieceSizes(plain.length, maxPiece, plain.length + 7));
  return runTransform(await createAgeEncryptStream(recipients), pieces);
}

async function decryptWithUs(file: Buffer, identities: string[], maxPiece = 100_000): Promise<Buffer> {
  const pieces = splitBySizes(file, pieceSizes(file.length, maxPiece, file.length + 3));
  return runTransform(createAgeDecryptStream(identities), pieces);
}

async function decryptWithLibrary(file: Buffer, id: string): Promise<Buffer> {
  const decrypter = new Decrypter();
  decrypter.addIdentity(id);
  return Buffer.from(await decrypter.decrypt(file));
}

async function encryptWithLibrary(plain: Buffer, recipients: string[]): Promise<Buffer> {
  const encrypter = new Encrypter();
  recipients.forEach((r) => encrypter.addRecipient(r));
  return Buffer.from(await encrypter.encrypt(plain));
}

async function decryptionError(file: Buffer, identities: string[]): Promise<AgeDecryptError> {
  const error: unknown = await decryptWithUs(file, identities).then(
    () => null,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(AgeDecryptError);
  return error as AgeDecryptError;
}

describe('age files: cross-check with the age-encryption library', () => {
  it.each([0, 1, 65535, 65536, 65537, 3 * 65536, 200_001])('the library opens what we encrypt, and we open what it encrypts (%i bytes)', async (size) => {
    const plain = randomBytes(size);
    const ours = await encryptWithUs(plain, [recipient, otherRecipient]);
    expect(ours.length).toBe(ageEncryptedSize(size, findHeaderEnd(ours)));
    expect((await decryptWithLibrary(ours, identity)).equals(plain)).toBe(true);
    expect((await decryptWithLibrary(ours, otherIdentity)).equals(plain)).toBe(true);

    const theirs = await encryptWithLibrary(plain, [recipient]);
    expect((await decryptWithUs(theirs, [identity], 3001)).equals(plain)).toBe(true);
  });

  it('decrypts a file fed one byte at a time', async () => {
    const plain = randomBytes(70_000);
    const file = await encryptWithUs(plain, [recipient]);
    expect((await decryptWithUs(file, [otherIdentity, identity], 1)).equals(plain)).toBe(true);
  });
});

describe('age headers', () => {
  it('createAgeHeader returns a header whose file key readFileKey recovers', async () => {
    const { header, fileKey } = await createAgeHeader([recipient, otherRecipient]);
    expect(header.subarray(0, 22).toString()).toBe('age-encryption.org/v1\n');
    expect(header.toString().match(/^-> X25519 /gm)).toHaveLength(2);
    expect(findHeaderEnd(header)).toBe(header.length);
    expect((await readFileKey(header, [otherIdentity])).equals(fileKey)).toBe(true);
  });

  it('uses a fresh file key per header', async () => {
    const a = await createAgeHeader([recipient]);
    const b = await createAgeHeader([recipient]);
    expect(a.fileKey.equals(b.fileKey)).toBe(false);
  });

  it('createAgeHeader rejects no recipients and invalid recipients', async () => {
    await expect(createAgeHeader([])).rejects.toThrow(/at least one recipient/);
    // Another last character breaks the checksum ('q' alone was the same key one time in 32).
    const damaged = recipient.slice(0, -1) + (recipient.endsWith('q') ? 'p' : 'q');
    await expect(createAgeHeader([damaged])).rejects.toThrow(/invalid age recipient/);
  });

  it('findHeaderEnd reports incomplete headers and non-age data', async () => {
    const { header } = await createAgeHeader([recipient]);
    expect(findHeaderEnd(header.subarray(0, 10))).toBe(-1);
    expect(findHeaderEnd(header.subarray(0, header.length - 1))).toBe(-1);
    expect(findHeaderEnd(Buffer.concat([header, randomBytes(100)]))).toBe(header.length);
    expect(() => findHeaderEnd(Buffer.from('age-encryption.org/v2\n'))).toThrow(AgeDecryptError);
    expect(() => findHeaderEnd(Buffer.from('PK\x03\x04'))).toThrow(/not an age file/);
  });

  it('readFileKey says when no identity matches', async () => {
    const { header } = await createAgeHeader([recipient]);
    const error = await readFileKey(header, [otherIdentity]).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(AgeDecryptError);
    expect((error as AgeDecryptError).failure).toBe('no-match');
    expect((error as Error).message).toMatch(/none of the given identities/);
  });

  it('readFileKey detects a tampered header through its MAC', async () => {
    const { header } = await createAgeHeader([recipient, otherRecipient]);
    // Drop the second stanza (its two lines): both remaining parts still parse.
    const lines = header.toString().split('\n');
    const tampered = Buffer.from([...lines.slice(0, 3), ...lines.slice(5)].join('\n'));
    const error = await readFileKey(tampered, [identity]).catch((err: unknown) => err);
    expect((error as AgeDecryptError).failure).toBe('hmac');
  });

  it('readFileKey rejects bytes after the header and an invalid identity without echoing it', async () => {
    const { header } = await createAgeHeader([recipient]);
    await expect(readFileKey(Buffer.concat([header, Buffer.from('x')]), [identity])).rejects.toThrow(/unexpected bytes after age header/);
    const badIdentity = 'AGE-SECRET-KEY-1NOTAKEY';
    const error = (await readFileKey(header, [badIdentity]).catch((err: unknown) => err)) as Error;
    expect(error.message).toMatch(/identity #1 is not a valid/);
    expect(error.message).not.toContain(badIdentity);
  });
});

describe('createAgeDecryptStream failures', () => {
  it('fails with no-match for a file made for someone else', async () => {
    const file = await encryptWithUs(randomBytes(1000), [recipient]);
    expect((await decryptionError(file, [otherIdentity])).failure).toBe('no-match');
  });

  it('fails on a file cut inside the header or the nonce', async () => {
    const file = await encryptWithUs(randomBytes(1000), [recipient]);
    const headerEnd = findHeaderEnd(file);
    expect((await decryptionError(file.subarray(0, headerEnd - 5), [identity])).message).toMatch(/inside its header/);
    expect((await decryptionError(file.subarray(0, headerEnd + 8), [identity])).message).toMatch(/payload nonce/);
  });

  it('fails on a damaged payload', async () => {
    const file = await encryptWithUs(randomBytes(1000), [recipient]);
    file[file.length - 1]! ^= 0x80;
    const error = await decryptionError(file, [identity]);
    expect(error.failure).toBe('payload');
    expect(error.message).toMatch(/chunk 0 failed authentication/);
  });

  it('rejects a header larger than 1 MiB without waiting for its end', async () => {
    const huge = Buffer.concat([Buffer.from('age-encryption.org/v1\n'), Buffer.alloc(MAX_AGE_HEADER_BYTES, 'A')]);
    expect((await decryptionError(huge, [identity])).message).toMatch(/larger than/);
  });

  it('fails on data that is not an age file', async () => {
    expect((await decryptionError(randomBytes(5000), [identity])).failure).toBe('header');
  });
});
