import { Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeAgeHeader } from '../../../web/intake/src/age-header.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

afterEach(() => vi.restoreAllMocks());

describe('makeAgeHeader', () => {
  it('never hands out the payload nonce of the empty file age-encryption sealed to make the header', async () => {
    // The library has no header-only API: it encrypts an empty file, whose payload is (nonce, tag of the empty
    // final chunk 0). Reusing that nonce for the upload would seal the upload's chunk 0 of a file of 64 KiB or
    // less under the same ChaCha20-Poly1305 key and nonce (counter 0, last flag set) as that empty chunk.
    const libraryFiles: Uint8Array[] = [];
    const encrypt = Encrypter.prototype.encrypt;
    vi.spyOn(Encrypter.prototype, 'encrypt').mockImplementation(async function (this: Encrypter, ...args: Parameters<Encrypter['encrypt']>) {
      const out = (await encrypt.apply(this, args)) as unknown as Uint8Array;
      libraryFiles.push(out);
      return out as never;
    });
    const recipient = await identityToRecipient(await generateX25519Identity());
    const made = await makeAgeHeader([recipient]);

    const usedNonces = libraryFiles.map((file) => hex(file.subarray(made.header.length, made.header.length + 16)));
    expect(usedNonces).not.toContain(hex(made.payloadNonce));
  });

  it('gives every file its own file key and payload nonce', async () => {
    const recipient = await identityToRecipient(await generateX25519Identity());
    const a = await makeAgeHeader([recipient]);
    const b = await makeAgeHeader([recipient]);
    expect(hex(a.payloadNonce)).not.toBe(hex(b.payloadNonce));
    expect(hex(a.fileKey)).not.toBe(hex(b.fileKey));
    expect(a.payloadNonce).toHaveLength(16);
  });
});
