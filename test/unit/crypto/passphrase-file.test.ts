import { generateX25519Identity, identityToRecipient, Decrypter } from 'age-encryption';
import { describe, expect, it } from 'vitest';
import { createAgeHeader, PayloadEncryptor } from '../../../src/crypto/age.js';
import { WrongPassphraseError, decryptWithPassphrase, encryptWithPassphrase } from '../../../src/crypto/passphrase-file.js';

const LOW_WORK_FACTOR = 10;
const secret = new TextEncoder().encode('AGE-SECRET-KEY-1EXAMPLE\n');

describe('passphrase-encrypted files', () => {
  it('round-trips and is a standard age scrypt file', async () => {
    const file = await encryptWithPassphrase(secret, 'correct horse battery staple', LOW_WORK_FACTOR);
    expect(Buffer.from(file).toString('latin1')).toMatch(/^age-encryption\.org\/v1\n-> scrypt \S+ 10\n/);
    expect(await decryptWithPassphrase(file, 'correct horse battery staple')).toEqual(secret);
    const decrypter = new Decrypter();
    decrypter.addPassphrase('correct horse battery staple');
    expect(await decrypter.decrypt(file)).toEqual(secret);
  });

  it('uses work factor 18 by default', async () => {
    const file = await encryptWithPassphrase(secret, 'pw');
    expect(Buffer.from(file).toString('latin1')).toMatch(/^-> scrypt \S+ 18$/m);
  });

  it('throws WrongPassphraseError for a wrong passphrase', async () => {
    const file = await encryptWithPassphrase(secret, 'right', LOW_WORK_FACTOR);
    const error = await decryptWithPassphrase(file, 'wrong').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(WrongPassphraseError);
    expect((error as Error).message).toBe('wrong passphrase');
  });

  it('says so when the file is not passphrase-encrypted', async () => {
    const recipient = await identityToRecipient(await generateX25519Identity());
    const { header, fileKey } = await createAgeHeader([recipient]);
    const encryptor = new PayloadEncryptor(fileKey);
    const x25519File = Buffer.concat([header, encryptor.nonce, encryptor.push(Buffer.from(secret)), encryptor.finish()]);
    for (const notScrypt of [x25519File, Buffer.from('hello world')]) {
      const error = await decryptWithPassphrase(notScrypt, 'pw').catch((err: unknown) => err);
      expect(error).not.toBeInstanceOf(WrongPassphraseError);
      expect((error as Error).message).toBe('not a passphrase-encrypted age file');
    }
  });

  it('reports a damaged file as damaged, not as a wrong passphrase', async () => {
    const file = await encryptWithPassphrase(secret, 'pw', LOW_WORK_FACTOR);
    file[file.length - 1]! ^= 1;
    const error = await decryptWithPassphrase(file, 'pw').catch((err: unknown) => err);
    expect(error).not.toBeInstanceOf(WrongPassphraseError);
    expect((error as Error).message).toMatch(/damaged/);
  });
});
