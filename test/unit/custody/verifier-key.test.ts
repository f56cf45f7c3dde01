import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateNoteKeys } from '../../../src/custody/signed-note.js';
import { splitVerifierKey, verifierKeyPem } from '../../../src/custody/verifier-key.js';

describe('splitVerifierKey', () => {
  it('keeps a public key whose base64 contains "+"', () => {
    const pub = Buffer.alloc(32, 0xfb); // base64 of 0x01‖fb… is full of '+'
    const key = `vigil/custody/x+0a1b2c3d+${Buffer.concat([Buffer.from([1]), pub]).toString('base64')}`;
    expect(key.split('+').length).toBeGreaterThan(3);
    expect(splitVerifierKey(key)).toEqual({ name: 'vigil/custody/x', keyId: '0a1b2c3d', publicKey: pub });
  });

  it('gives a PEM that verifies the note signature with OpenSSL semantics', () => {
    const keys = generateNoteKeys('vigil/custody/test');
    const pem = verifierKeyPem(keys.verifierKey);
    // a signer key is `PRIVATE+KEY+` followed by the verifier layout, with the seed in place of the public key
    const seed = splitVerifierKey(keys.signerKey.slice('PRIVATE+KEY+'.length)).publicKey;
    const privateKey = crypto.createPrivateKey({
      key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
      format: 'der',
      type: 'pkcs8',
    });
    const signature = crypto.sign(null, Buffer.from('hello'), privateKey);
    expect(crypto.verify(null, Buffer.from('hello'), pem, signature)).toBe(true);
    expect(crypto.verify(null, Buffer.from('hellO'), pem, signature)).toBe(false);
  });

  it('refuses what is not a verifier key', () => {
    expect(() => splitVerifierKey('name+abcd')).toThrow(/not an Ed25519 note verifier key/);
    expect(() => splitVerifierKey(`n+00000000+${Buffer.alloc(33, 2).toString('base64')}`)).toThrow(/not an Ed25519/);
  });
});
