import crypto from 'node:crypto';
import fs from 'node:fs';
import type { HomeLayout } from '../config/index.js';
import { generateOrgIdentity, identityFileText } from '../crypto/index.js';
import { encryptWithPassphrase } from '../crypto/index.js';
import { newBlobNameSecret } from '../crypto/index.js';
import { generateNoteKeys } from '../custody/index.js';
import { identityWithSigner } from './identity-file.js';
import type { HomeSettings } from '../config/index.js';

export class HomeExistsError extends Error {
  override name = 'HomeExistsError';
}

export interface CreatedHome {
  settings: HomeSettings;
  recipient: string;
  custodyVerifierKey: string;
}

export const MIN_PASSPHRASE_LENGTH = 10;

/**
 * Writes a new home's keys and settings. Refuses a folder that already holds anything,
 * so an existing organisation's keys can never be overwritten.
 */
export async function createHome(layout: HomeLayout, options: { organisation: string; passphrase: string; scryptLogN: number }): Promise<CreatedHome> {
  if (options.passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new Error(`the passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters long (4 or more random words are better)`);
  }
  const organisation = options.organisation.trim();
  if (organisation === '') throw new Error('the organisation name must not be empty');
  if (fs.existsSync(layout.root) && fs.readdirSync(layout.root).length > 0) {
    throw new HomeExistsError(`${layout.root} already exists and is not empty: Vigil will not overwrite an existing home`);
  }
  fs.mkdirSync(layout.keysDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(layout.root, 0o700);
  fs.mkdirSync(layout.blobsDir, { recursive: true, mode: 0o700 });

  const now = new Date();
  const { identity, recipient } = await generateOrgIdentity();
  const custodyOrigin = `vigil/custody/${slug(organisation)}-${crypto.randomBytes(4).toString('hex')}`;
  const { signerKey, verifierKey } = generateNoteKeys(custodyOrigin);
  // The custody signing key sits in the identity file, under the passphrase: nobody without it can
  // substitute a signer of their own.
  const identityText = identityWithSigner(identityFileText(identity, recipient, now.toISOString()), signerKey);
  writePrivate(layout.identityFile, await encryptWithPassphrase(Buffer.from(identityText, 'utf8'), options.passphrase, options.scryptLogN));
  writePublic(layout.recipientsFile, `# ${organisation}: Vigil vault recipients\n${recipient}\n`);
  writePublic(layout.custodyVerifierFile, `${verifierKey}\n`);
  writePrivate(layout.blobNameSecretFile, `${newBlobNameSecret().toString('hex')}\n`);

  const settings: HomeSettings = { format: 1, organisation, custodyOrigin, createdOn: now.toISOString().slice(0, 10) };
  writePublic(layout.settingsFile, `${JSON.stringify(settings, null, 2)}\n`);
  return { settings, recipient, custodyVerifierKey: verifierKey };
}

function slug(text: string): string {
  const s = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 32);
  return s === '' ? 'org' : s;
}

function writePrivate(file: string, data: Uint8Array | string): void {
  fs.writeFileSync(file, data, { mode: 0o600, flag: 'wx' });
}

function writePublic(file: string, data: string): void {
  fs.writeFileSync(file, data, { mode: 0o644, flag: 'wx' });
}
