import { randomBytes } from 'node:crypto';
import { bech32 } from '@scure/base';
import { Decrypter, Encrypter } from 'age-encryption';
import { describe, expect, it } from 'vitest';
import { assertRecipient, generateOrgIdentity, identityFileText, parseIdentityFile, parseRecipientsFile } from '../../../src/crypto/age-keys.js';

const randomRecipient = (): string => bech32.encode('age', bech32.toWords(randomBytes(32)));
const R1 = randomRecipient();
const R2 = randomRecipient();

describe('generateOrgIdentity', () => {
  it('makes an X25519 key pair that works with age', async () => {
    const { identity, recipient } = await generateOrgIdentity();
    expect(identity).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]{58}$/);
    expect(() => assertRecipient(recipient)).not.toThrow();
    const encrypter = new Encrypter();
    encrypter.addRecipient(recipient);
    const decrypter = new Decrypter();
    decrypter.addIdentity(identity);
    expect(await decrypter.decrypt(await encrypter.encrypt('hello'), 'text')).toBe('hello');
  });
});

describe('assertRecipient', () => {
  it('accepts X25519 recipients', () => {
    expect(() => assertRecipient(R1)).not.toThrow();
  });

  it.each([
    ['a bad checksum', R1.slice(0, -1) + (R1.endsWith('p') ? 'q' : 'p'), /bech32/],
    ['a missing age1 prefix', bech32.encode('npub', bech32.toWords(randomBytes(32))), /must start with "age1"/],
    ['a post-quantum recipient', 'age1pq1' + 'q'.repeat(60), /post-quantum/],
    ['a plugin recipient', bech32.encode('age1yubikey', bech32.toWords(new Uint8Array(33))), /unsupported recipient type/],
    ['a wrong key length', bech32.encode('age', bech32.toWords(new Uint8Array(31))), /wrong key length/],
    ['an identity by mistake', 'AGE-SECRET-KEY-1QQQ', /must start with "age1"/],
    ['an empty string', '', /must start with "age1"/],
  ])('rejects %s', (_what, value, message) => {
    expect(() => assertRecipient(value)).toThrow(message);
  });
});

describe('parseRecipientsFile', () => {
  it('reads recipients, skipping comments and blank lines, tolerating CRLF', () => {
    const text = `# org key\n${R1}\r\n\n   \n# backup\n  ${R2}  \n`;
    expect(parseRecipientsFile(text)).toEqual([R1, R2]);
  });

  it('names the line of a bad recipient', () => {
    expect(() => parseRecipientsFile(`# keys\n${R1}\n\nage1notvalid\n`)).toThrow(/line 4/);
  });

  it('rejects an empty file and a comments-only file', () => {
    expect(() => parseRecipientsFile('')).toThrow(/no recipients/);
    expect(() => parseRecipientsFile('# nothing here\n\n')).toThrow(/no recipients/);
  });
});

describe('identity files', () => {
  it('writes the age-keygen layout and reads it back', async () => {
    const { identity, recipient } = await generateOrgIdentity();
    const text = identityFileText(identity, recipient, '2024-05-01T12:00:00Z');
    expect(text).toBe(`# created: 2024-05-01T12:00:00Z\n# public key: ${recipient}\n${identity}\n`);
    expect(parseIdentityFile(text)).toEqual([identity]);
  });

  it('reads several keys and names the line of a bad one without quoting it', async () => {
    const a = await generateOrgIdentity();
    const b = await generateOrgIdentity();
    expect(parseIdentityFile(`${a.identity}\n\n# second\n${b.identity}\n`)).toEqual([a.identity, b.identity]);
    const broken = a.identity.slice(0, -2);
    let message = '';
    try {
      parseIdentityFile(`# c\n${broken}\n`);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/line 2/);
    expect(message).not.toContain(broken);
  });

  it('rejects a file without keys and refuses to write a malformed key', () => {
    expect(() => parseIdentityFile('# created: x\n')).toThrow(/no keys/);
    expect(() => identityFileText('AGE-SECRET-KEY-1XYZ', R1, '2024-01-01T00:00:00Z')).toThrow(/X25519/);
  });
});
