import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Encrypter } from 'age-encryption';
import { afterEach, describe, expect, it } from 'vitest';
import { decryptWithPassphrase, encryptWithPassphrase } from '../../src/crypto/passphrase-file.js';
import { generateNoteKeys, verifierKeyOf } from '../../src/custody/signed-note.js';
import { Keyring } from '../../src/keys/keyring.js';
import { createTestHome, TEST_PASSPHRASE, type TestHome } from '../helpers/vigil-home.js';

let home: TestHome | undefined;
afterEach(async () => {
  await home?.cleanup();
  home = undefined;
});

/** What anyone who can write to the home (but knows no secret) can make: a file encrypted to the public recipient. */
async function encryptToRecipient(recipient: string, text: string): Promise<Uint8Array> {
  const encrypter = new Encrypter();
  encrypter.addRecipient(recipient);
  return encrypter.encrypt(text);
}

async function identityPlaintext(t: TestHome): Promise<string> {
  return Buffer.from(await decryptWithPassphrase(fs.readFileSync(t.vigil.layout.identityFile), TEST_PASSPHRASE)).toString('utf8');
}

/** Rewrites a new home the way `vigil init` made them before: the signer in custody-signer.age, encrypted to the recipient. */
async function makeLegacy(t: TestHome): Promise<string> {
  const layout = t.vigil.layout;
  const text = await identityPlaintext(t);
  const signer = (await t.vigil.keyring.unlock(TEST_PASSPHRASE)).custodySignerKey;
  const identityOnly = text
    .split('\n')
    .filter((line) => !line.startsWith('# vigil-custody-signer'))
    .join('\n');
  fs.writeFileSync(layout.identityFile, await encryptWithPassphrase(Buffer.from(identityOnly), TEST_PASSPHRASE, 10));
  fs.writeFileSync(layout.custodySignerFile, await encryptToRecipient(t.vigil.keyring.recipients[0]!, `${signer}\n`), { mode: 0o600 });
  return signer;
}

describe('the custody signing key', () => {
  it('needs the passphrase: a signer file written by someone who knows only the public recipient is never used', async () => {
    home = await createTestHome('sqlite');
    const layout = home.vigil.layout;
    const genuine = (await home.vigil.keyring.unlock(TEST_PASSPHRASE)).custodySignerKey;
    const forged = generateNoteKeys(home.vigil.settings.custodyOrigin);
    fs.writeFileSync(layout.custodySignerFile, await encryptToRecipient(home.vigil.keyring.recipients[0]!, `${forged.signerKey}\n`));
    fs.writeFileSync(layout.custodyVerifierFile, `${forged.verifierKey}\n`);
    await expect(Keyring.load(layout, 10).unlock(TEST_PASSPHRASE)).rejects.toThrow(/custody-signer\.age should not exist .* someone wrote it/);
    fs.rmSync(layout.custodySignerFile);
    // Without the stray file, the replaced verifier key is refused in turn.
    await expect(Keyring.load(layout, 10).unlock(TEST_PASSPHRASE)).rejects.toThrow(/custody-verifier\.txt .*was replaced/);
    fs.writeFileSync(layout.custodyVerifierFile, `${verifierKeyOf(genuine)}\n`);
    expect((await Keyring.load(layout, 10).unlock(TEST_PASSPHRASE)).custodySignerKey).toBe(genuine);
  });

  it('refuses a signer whose public key is not the published verifier key', async () => {
    home = await createTestHome('sqlite');
    const other = generateNoteKeys(home.vigil.settings.custodyOrigin);
    fs.writeFileSync(home.vigil.layout.custodyVerifierFile, `${other.verifierKey}\n`);
    await expect(Keyring.load(home.vigil.layout, 10).unlock(TEST_PASSPHRASE)).rejects.toThrow(/was replaced/);
  });

  it('lives in the identity file, which the age CLI still reads as an identity', async () => {
    home = await createTestHome('sqlite');
    expect(fs.existsSync(home.vigil.layout.custodySignerFile)).toBe(false);
    const text = await identityPlaintext(home);
    const { custodySignerKey } = await home.vigil.keyring.unlock(TEST_PASSPHRASE);
    expect(text).toContain(custodySignerKey);
    const dir = fs.mkdtempSync(path.join(home.dir, 'age-'));
    fs.writeFileSync(path.join(dir, 'identity.txt'), text, { mode: 0o600 });
    fs.writeFileSync(path.join(dir, 'secret.age'), await encryptToRecipient(home.vigil.keyring.recipients[0]!, 'opened by age'));
    const age = spawnSync('age', ['-d', '-i', path.join(dir, 'identity.txt'), path.join(dir, 'secret.age')]);
    expect(age.stderr.toString()).toBe('');
    expect(age.stdout.toString()).toBe('opened by age');
  });

  it('is moved, in a home made before, into the identity file only on request, and only if it is the published key', async () => {
    home = await createTestHome('sqlite');
    const signer = await makeLegacy(home);
    const keyring = Keyring.load(home.vigil.layout, 10);
    await expect(keyring.unlock(TEST_PASSPHRASE)).rejects.toThrow(/holds no custody signing key.*vigil keys move-signer --published-key/);
    const stranger = generateNoteKeys(home.vigil.settings.custodyOrigin);
    await expect(keyring.moveLegacySigner(TEST_PASSPHRASE, stranger.verifierKey)).rejects.toThrow(/is not the published key .*Nothing was changed/);
    expect(fs.existsSync(home.vigil.layout.custodySignerFile)).toBe(true);
    expect(await keyring.moveLegacySigner(TEST_PASSPHRASE, verifierKeyOf(signer))).toBe(verifierKeyOf(signer));
    expect(fs.existsSync(home.vigil.layout.custodySignerFile)).toBe(false);
    expect(await identityPlaintext(home)).toContain(signer);
    expect((await Keyring.load(home.vigil.layout, 10).unlock(TEST_PASSPHRASE)).custodySignerKey).toBe(signer);
  });

  it('does not move a legacy signer that is not the published one, even with a matching verifier file, and changes nothing', async () => {
    home = await createTestHome('sqlite');
    const genuine = await makeLegacy(home);
    const layout = home.vigil.layout;
    const forged = generateNoteKeys(home.vigil.settings.custodyOrigin);
    fs.writeFileSync(layout.custodySignerFile, await encryptToRecipient(home.vigil.keyring.recipients[0]!, `${forged.signerKey}\n`));
    fs.writeFileSync(layout.custodyVerifierFile, `${forged.verifierKey}\n`);
    const before = fs.readFileSync(layout.identityFile);
    await expect(Keyring.load(layout, 10).moveLegacySigner(TEST_PASSPHRASE, verifierKeyOf(genuine))).rejects.toThrow(/is not the published key/);
    expect(fs.readFileSync(layout.identityFile).equals(before)).toBe(true);
  });
});
