import fs from 'node:fs';
import { Decrypter } from 'age-encryption';
import type { HomeLayout } from '../config/home-layout.js';
import { parseRecipientsFile, parseIdentityFile } from '../crypto/age-keys.js';
import { decryptWithPassphrase } from '../crypto/passphrase-file.js';

/** The organisation's secrets, in memory only, after the passphrase. */
export interface UnlockedKeys {
  identity: string;
  custodySignerKey: string;
}

/** The organisation's keys as found in a home: public parts loaded, secrets locked until `unlock`. */
export class Keyring {
  private constructor(
    private readonly layout: HomeLayout,
    readonly recipients: string[],
    readonly custodyVerifierKey: string,
    readonly blobNameSecret: Buffer,
  ) {}

  static load(layout: HomeLayout): Keyring {
    const recipients = parseRecipientsFile(readKeyFile(layout.recipientsFile));
    const verifier = readKeyFile(layout.custodyVerifierFile).trim();
    const secret = Buffer.from(readKeyFile(layout.blobNameSecretFile).trim(), 'hex');
    if (secret.length !== 32) throw new Error(`${layout.blobNameSecretFile} must hold 32 bytes in hex`);
    return new Keyring(layout, recipients, verifier, secret);
  }

  /** Opens the identity with the passphrase (throws WrongPassphraseError), then the custody signer with the identity. */
  async unlock(passphrase: string): Promise<UnlockedKeys> {
    const identityText = Buffer.from(await decryptWithPassphrase(fs.readFileSync(this.layout.identityFile), passphrase)).toString('utf8');
    const [identity] = parseIdentityFile(identityText);
    if (!identity) throw new Error(`${this.layout.identityFile} holds no AGE-SECRET-KEY-1 line`);
    const decrypter = new Decrypter();
    decrypter.addIdentity(identity);
    const custodySignerKey = (await decrypter.decrypt(fs.readFileSync(this.layout.custodySignerFile), 'text')).trim();
    return { identity, custodySignerKey };
  }
}

function readKeyFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)} (is this a complete Vigil home?)`);
  }
}
