import { ageLibrary } from './age-library.js';
import { findHeaderEnd } from './age-header.js';

export class WrongPassphraseError extends Error {
  override readonly name = 'WrongPassphraseError';

  constructor() {
    super('wrong passphrase');
  }
}

const DEFAULT_SCRYPT_LOG_N = 18;

/** For small files (the identity file): age's scrypt recipient, whole file in memory. */
export async function encryptWithPassphrase(plaintext: Uint8Array, passphrase: string, scryptLogN: number = DEFAULT_SCRYPT_LOG_N): Promise<Uint8Array> {
  if (passphrase === '') throw new Error('passphrase must not be empty');
  const { Encrypter } = await ageLibrary();
  const encrypter = new Encrypter();
  encrypter.setPassphrase(passphrase);
  encrypter.setScryptWorkFactor(scryptLogN);
  return encrypter.encrypt(plaintext);
}

function isScryptFile(file: Uint8Array): boolean {
  const buf = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  let end: number;
  try {
    end = findHeaderEnd(buf);
  } catch {
    return false;
  }
  if (end === -1) return false;
  const stanzaLines = buf
    .toString('latin1', 0, end)
    .split('\n')
    .filter((line) => line.startsWith('-> '));
  // age allows a scrypt stanza only as the single stanza of a header.
  return stanzaLines.length === 1 && stanzaLines[0]!.startsWith('-> scrypt ');
}

export async function decryptWithPassphrase(file: Uint8Array, passphrase: string): Promise<Uint8Array> {
  if (!isScryptFile(file)) throw new Error('not a passphrase-encrypted age file');
  const { Decrypter } = await ageLibrary();
  const decrypter = new Decrypter();
  decrypter.addPassphrase(passphrase);
  try {
    return await decrypter.decrypt(file);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    // The library reports a passphrase that unwraps nothing only through this message.
    if (detail.includes('no identity matched')) throw new WrongPassphraseError();
    throw new Error(`passphrase-encrypted age file is damaged: ${detail}`, { cause: err });
  }
}
