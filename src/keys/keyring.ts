import fs from 'node:fs';
import path from 'node:path';
import { Decrypter } from 'age-encryption';
import type { HomeLayout } from '../config/index.js';
import { parseRecipientsFile } from '../crypto/index.js';
import { decryptWithPassphrase, encryptWithPassphrase } from '../crypto/index.js';
import { verifierKeyOf } from '../custody/index.js';
import { identityWithSigner, readIdentityContents } from './identity-file.js';

/** The organisation's secrets, in memory only, after the passphrase. */
export interface UnlockedKeys {
  identity: string;
  custodySignerKey: string;
}

export class KeyTamperedError extends Error {
  override name = 'KeyTamperedError';
}

/** The organisation's keys as found in a home: public parts loaded, secrets locked until `unlock`. */
export class Keyring {
  private constructor(
    private readonly layout: HomeLayout,
    readonly recipients: string[],
    readonly custodyVerifierKey: string,
    readonly blobNameSecret: Buffer,
    private readonly scryptLogN: number,
  ) {}

  /** `scryptLogN` is the work factor for rewriting the identity file (when an old home's signer moves in). */
  static load(layout: HomeLayout, scryptLogN = 18): Keyring {
    const recipients = parseRecipientsFile(readKeyFile(layout.recipientsFile));
    const verifier = readKeyFile(layout.custodyVerifierFile).trim();
    const secret = Buffer.from(readKeyFile(layout.blobNameSecretFile).trim(), 'hex');
    if (secret.length !== 32) throw new Error(`${layout.blobNameSecretFile} must hold 32 bytes in hex`);
    return new Keyring(layout, recipients, verifier, secret, scryptLogN);
  }

  /**
   * Opens the identity file with the passphrase (throws WrongPassphraseError); the custody signing key
   * is inside it. A signer whose public key is not the published verifier key is refused: either the
   * verifier file was replaced, or the signer was.
   */
  async unlock(passphrase: string): Promise<UnlockedKeys> {
    const identityText = Buffer.from(await decryptWithPassphrase(fs.readFileSync(this.layout.identityFile), passphrase)).toString('utf8');
    const contents = readIdentityContents(identityText, this.layout.identityFile);
    const custodySignerKey = contents.custodySignerKey;
    if (custodySignerKey === null) {
      // Never moved in automatically: an identity.age without a signer is also what someone who kept an
      // old copy of the file would put back, with a signer and verifier of their own beside it.
      throw new KeyTamperedError(
        `${this.layout.identityFile} holds no custody signing key. If this home was made before the key moved into it, ` +
          'run `vigil keys move-signer --published-key KEY` with the custody verifier key you published (in evidence packages, ' +
          'with your witnesses), which the old key must match. If it was not, someone put back an old identity file: investigate before going on.',
      );
    }
    await this.refuseStraySignerFile(contents.identity, custodySignerKey);
    const published = verifierKeyOf(custodySignerKey);
    if (published !== this.custodyVerifierKey) {
      throw new KeyTamperedError(
        `${this.layout.custodyVerifierFile} holds ${this.custodyVerifierKey}, but this organisation's custody key is ${published}: ` +
          'the verifier file was replaced. Compare it with the key you published, restore it, and run `vigil custody verify`.',
      );
    }
    return { identity: contents.identity, custodySignerKey };
  }

  /**
   * Homes created before the signing key moved into the identity file kept it in custody-signer.age,
   * encrypted to the public recipient, which anyone could replace. This moves it under the passphrase
   * (written beside, synced, then renamed over the identity file), and removes the old file, if it
   * belongs to the key the organisation published: the operator gives that key from their own records,
   * since the home's verifier file could have been replaced along with the signer.
   */
  async moveLegacySigner(passphrase: string, publishedKey: string): Promise<string> {
    const identityText = Buffer.from(await decryptWithPassphrase(fs.readFileSync(this.layout.identityFile), passphrase)).toString('utf8');
    const contents = readIdentityContents(identityText, this.layout.identityFile);
    if (contents.custodySignerKey !== null) throw new Error(`${this.layout.identityFile} already holds the custody signing key: there is nothing to move`);
    const signer = await this.readLegacySigner(contents.identity);
    if (signer === null)
      throw new KeyTamperedError(`${this.layout.identityFile} holds no custody signing key, and there is no ${this.layout.custodySignerFile} to take it from`);
    const found = verifierKeyOf(signer);
    if (found !== publishedKey.trim() || found !== this.custodyVerifierKey) {
      throw new KeyTamperedError(
        `${this.layout.custodySignerFile} holds the key ${found}, which is not the published key ${publishedKey.trim()}${this.custodyVerifierKey === publishedKey.trim() ? '' : ` (and ${this.layout.custodyVerifierFile} holds ${this.custodyVerifierKey})`}: it was replaced. Nothing was changed.`,
      );
    }
    const sealed = await encryptWithPassphrase(Buffer.from(identityWithSigner(identityText, signer), 'utf8'), passphrase, this.scryptLogN);
    writeFileAtomically(this.layout.identityFile, sealed);
    fs.rmSync(this.layout.custodySignerFile);
    return found;
  }

  /** custody-signer.age must not exist once the signer lives in the identity file, unless a move was cut short. */
  private async refuseStraySignerFile(identity: string, signer: string): Promise<void> {
    if (!fs.existsSync(this.layout.custodySignerFile)) return;
    let found: string | null;
    try {
      found = await this.readLegacySigner(identity);
    } catch {
      found = null;
    }
    if (found !== signer) {
      throw new KeyTamperedError(
        `${this.layout.custodySignerFile} should not exist (the custody signing key is kept in identity.age) and holds another key: someone wrote it. Keep a copy for the investigation, then remove it.`,
      );
    }
    fs.rmSync(this.layout.custodySignerFile);
  }

  private async readLegacySigner(identity: string): Promise<string | null> {
    if (!fs.existsSync(this.layout.custodySignerFile)) return null;
    const decrypter = new Decrypter();
    decrypter.addIdentity(identity);
    return (await decrypter.decrypt(fs.readFileSync(this.layout.custodySignerFile), 'text')).trim();
  }
}

function writeFileAtomically(file: string, data: Uint8Array): void {
  const temporary = `${file}.new`;
  const fd = fs.openSync(temporary, 'w', 0o600);
  try {
    fs.writeSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temporary, file);
  const dir = fs.openSync(path.dirname(file), 'r');
  try {
    fs.fsyncSync(dir);
  } finally {
    fs.closeSync(dir);
  }
}

function readKeyFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)} (is this a complete Vigil home?)`, { cause: error });
  }
}
