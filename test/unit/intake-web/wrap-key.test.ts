import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fingerprint, unwrapFileSecrets, wrapFileSecrets } from '../../../web/intake/src/wrap-key.js';

const wrapKey = new Uint8Array(randomBytes(32));
const secrets = { fileKey: new Uint8Array(randomBytes(16)), payloadNonce: new Uint8Array(randomBytes(16)) };

describe('wrapped file keys', () => {
  it('round-trips the file key and payload nonce', () => {
    const wrapped = wrapFileSecrets(wrapKey, secrets);
    expect(Buffer.from(wrapped, 'base64')).toHaveLength(24 + 32 + 16);
    const back = unwrapFileSecrets(wrapKey, wrapped);
    expect(Buffer.from(back.fileKey).equals(Buffer.from(secrets.fileKey))).toBe(true);
    expect(Buffer.from(back.payloadNonce).equals(Buffer.from(secrets.payloadNonce))).toBe(true);
  });

  it('uses a fresh nonce each time', () => {
    expect(wrapFileSecrets(wrapKey, secrets)).not.toBe(wrapFileSecrets(wrapKey, secrets));
  });

  it('refuses another wrap key and altered bytes', () => {
    const wrapped = wrapFileSecrets(wrapKey, secrets);
    expect(() => unwrapFileSecrets(new Uint8Array(randomBytes(32)), wrapped)).toThrow();
    const altered = Buffer.from(wrapped, 'base64');
    altered[30] = altered[30]! ^ 1;
    expect(() => unwrapFileSecrets(wrapKey, altered.toString('base64'))).toThrow();
  });
});

describe('fingerprint', () => {
  it('is 16 bytes, stable, and changes with the size, name, time or key', () => {
    const print = fingerprint(wrapKey, 'photos/cell 4.jpg', 1234567, 1700000000000);
    expect(Buffer.from(print, 'base64')).toHaveLength(16);
    expect(fingerprint(wrapKey, 'photos/cell 4.jpg', 1234567, 1700000000000)).toBe(print);
    expect(fingerprint(wrapKey, 'photos/cell 4.jpg', 1234568, 1700000000000)).not.toBe(print);
    expect(fingerprint(wrapKey, 'photos/cell 5.jpg', 1234567, 1700000000000)).not.toBe(print);
    expect(fingerprint(wrapKey, 'photos/cell 4.jpg', 1234567, 1700000000001)).not.toBe(print);
    expect(fingerprint(new Uint8Array(randomBytes(32)), 'photos/cell 4.jpg', 1234567, 1700000000000)).not.toBe(print);
  });
});

describe('sealed file names', () => {
  it('open with the same codename key only, and hide the name from the intake', async () => {
    const { sealFileName, openFileName } = await import('../../../web/intake/src/wrap-key.js');
    const sealed = sealFileName(wrapKey, 'камера/запись 01.mp4');
    expect(Buffer.from(sealed, 'base64').toString('utf8')).not.toContain('запись');
    expect(openFileName(wrapKey, sealed)).toBe('камера/запись 01.mp4');
    expect(openFileName(new Uint8Array(randomBytes(32)), sealed)).toBeNull();
    expect(openFileName(wrapKey, 'not base64!')).toBeNull();
  });

  it('do not tell a name’s length, to within 64 bytes', async () => {
    const { sealFileName, openFileName } = await import('../../../web/intake/src/wrap-key.js');
    const lengths = ['a.mp4', 'a-much-longer-name-of-a-recording-made-in-the-yard.mp4'].map(
      (name) => Buffer.from(sealFileName(wrapKey, name), 'base64').length,
    );
    expect(new Set(lengths).size).toBe(1);
    expect(openFileName(wrapKey, sealFileName(wrapKey, 'a.mp4'))).toBe('a.mp4');
  });
});
