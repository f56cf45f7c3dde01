// Attacks on the custody log's anchors, as the adversary of issue 10: write access to the home folder
// and the database (no passphrase, no key), the ability to run, block or attack a witness, and patience.
// Each test here states what should hold; a failing one is a weakness (see the review report).

import fs from 'node:fs';
import path from 'node:path';
import { Encrypter } from 'age-encryption';
import { afterEach, describe, expect, it } from 'vitest';
import { openVigil, type Vigil } from '../../src/app/open-vigil.js';
import { loadCustodyConfig } from '../../src/config/custody-config.js';
import { formatCheckpoint } from '../../src/custody/checkpoint.js';
import { treeRoot } from '../../src/custody/merkle.js';
import { checkProofObject } from '../../src/custody/proof-file.js';
import { decryptWithPassphrase, encryptWithPassphrase } from '../../src/crypto/passphrase-file.js';
import { generateNoteKeys, signNote } from '../../src/custody/signed-note.js';
import { Keyring } from '../../src/keys/keyring.js';
import { initWitness, startWitnessServer, trustLog, unlockWitnessKey, witnessLayout, type RunningWitness } from '../../src/witness/index.js';
import { forgeLeaf, rebuildNodes } from '../helpers/forge-custody.js';
import { createTestHome, TEST_PASSPHRASE, type TestHome } from '../helpers/vigil-home.js';

let home: TestHome | undefined;
const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await home?.cleanup();
  home = undefined;
});

const event = (n: number) => ({ event: 'decrypted' as const, item: `itm_${n}`, sha256: 'ab'.repeat(32), purpose: 'test' });

/** A log of 8 leaves with checkpoints at sizes 6 and 8. */
async function loggedHome(): Promise<{ home: TestHome; vigil: Vigil; signer: string }> {
  const h = await createTestHome('sqlite');
  const v = h.vigil;
  const signer = (await v.keyring.unlock(TEST_PASSPHRASE)).custodySignerKey;
  await v.custody.record([0, 1, 2, 3, 4, 5].map(event));
  await v.custody.checkpoint(signer, null);
  await v.custody.record([6, 7].map(event));
  await v.custody.checkpoint(signer, null);
  return { home: h, vigil: v, signer };
}

async function encryptToRecipient(recipient: string, text: string): Promise<Uint8Array> {
  const encrypter = new Encrypter();
  encrypter.addRecipient(recipient);
  return encrypter.encrypt(text);
}

/** The stored node (level, index) of the log in the database, as an attacker reads it. */
function storedNode(db: Vigil['database']['db']) {
  return async (level: number, index: number): Promise<Buffer> => {
    const row =
      level === 0
        ? await db.selectFrom('custody_leaves').select('leaf_hash as hash').where('idx', '=', index).executeTakeFirstOrThrow()
        : await db.selectFrom('custody_nodes').select('hash').where('level', '=', level).where('idx', '=', index).executeTakeFirstOrThrow();
    return Buffer.from(row.hash, 'hex');
  };
}

/** Cuts the log back to `size` leaves in the database: leaves, nodes and head, consistent with themselves. */
async function cutBack(v: Vigil, size: number): Promise<void> {
  const db = v.database.db;
  await db.deleteFrom('custody_leaves').where('idx', '>=', size).execute();
  await db.updateTable('custody_head').set({ size }).where('id', '=', 1).execute();
  await rebuildNodes(db);
}

/** Keeps only the first `lines` lines of the checkpoint file (it sits in the home by default). */
function truncateCheckpointFile(v: Vigil, lines: number): void {
  const file = v.config.custody.checkpointFile;
  const kept = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .slice(0, lines);
  fs.writeFileSync(file, kept.map((l) => `${l}\n`).join(''));
}

describe('the custody signing key, against someone who can write to the home', () => {
  it('is never replaced by restoring an identity.age from before the signer moved into it', async () => {
    home = await createTestHome('sqlite');
    const layout = home.vigil.layout;
    // The adversary copied the home while it was still a legacy one (signer in custody-signer.age): an
    // identity.age without a signer line, under the organisation's (unchanged) passphrase. Here the test
    // makes that old file from the current one.
    const text = Buffer.from(await decryptWithPassphrase(fs.readFileSync(layout.identityFile), TEST_PASSPHRASE)).toString('utf8');
    const legacyCopy = await encryptWithPassphrase(
      Buffer.from(
        text
          .split('\n')
          .filter((l) => !l.startsWith('# vigil-custody-signer'))
          .join('\n'),
      ),
      TEST_PASSPHRASE,
      10,
    );
    const genuine = (await home.vigil.keyring.unlock(TEST_PASSPHRASE)).custodySignerKey;

    // Later, with write access only: the old identity file back, a signer of their own encrypted to the
    // public recipient, and its verifier key in place of the published one.
    const forged = generateNoteKeys(home.vigil.settings.custodyOrigin);
    fs.writeFileSync(layout.identityFile, legacyCopy);
    fs.writeFileSync(layout.custodySignerFile, await encryptToRecipient(home.vigil.keyring.recipients[0]!, `${forged.signerKey}\n`));
    fs.writeFileSync(layout.custodyVerifierFile, `${forged.verifierKey}\n`);

    const outcome = await Keyring.load(layout, 10)
      .unlock(TEST_PASSPHRASE)
      .then(
        (keys) => keys.custodySignerKey,
        (error: unknown) => error,
      );
    expect(outcome).not.toBe(forged.signerKey);
    expect(outcome).not.toBe(genuine);
    expect(outcome).toBeInstanceOf(Error);
  });
});

describe('the checkpoint file, against crashes and stray lines', () => {
  it('survives a last line cut short by a crash (what append() itself prepares for)', async () => {
    const logged = await loggedHome();
    home = logged.home;
    const custody = home.vigil.custody;
    // A power cut or a full disk in the middle of an append: the last line is cut short, no newline.
    fs.appendFileSync(home.vigil.config.custody.checkpointFile, '{"v":1,"from":8,"leaves":"q83vEjRWeJA');
    await custody.record([8, 9].map(event));
    // Nothing was rewritten: the log must still be checkpointable, verifiable and exportable.
    await expect(custody.assertAnchored()).resolves.toBeUndefined();
    await expect(custody.checkpoint(logged.signer, null)).resolves.toMatchObject({ tree_size: 10 });
  });

  it('does not say "intact" for a file that then refuses every checkpoint', async () => {
    const logged = await loggedHome();
    home = logged.home;
    const custody = home.vigil.custody;
    // A line of leaf hashes with no checkpoint, appended by someone who can write to the home.
    fs.appendFileSync(home.vigil.config.custody.checkpointFile, `${JSON.stringify({ v: 1, from: 8, leaves: Buffer.alloc(64, 7).toString('base64') })}\n`);
    await custody.record([8, 9].map(event));
    const report = await custody.verifyLog();
    const signed = await custody.checkpoint(logged.signer, null).then(
      () => null,
      (error: Error) => error.message,
    );
    // Either the check names the file as the problem, or the checkpoint goes through: not "intact" and
    // then "the stored leaves do not give the root of the stored nodes" (which blames the database).
    expect({ intact: report.problems.length === 0, refused: signed }, String(signed)).not.toMatchObject({ intact: true, refused: expect.any(String) });
  });
});

describe('inclusion proofs handed out by `vigil custody prove`', () => {
  it('are never of a rewritten leaf that `vigil custody check-proof` then calls valid', async () => {
    const logged = await loggedHome();
    home = logged.home;
    const db = home.vigil.database.db;
    // Leaf 2 rewritten with its hash and the nodes above it, and the latest checkpoint row's root column
    // set to the new root; its signed note is left as it was.
    await forgeLeaf(db, 2, (data) => data.replace('itm_2', 'itm_X'));
    const forgedRoot = await treeRoot(8, storedNode(db));
    await db
      .updateTable('custody_checkpoints')
      .set({ root_hash: forgedRoot.toString('hex') })
      .where('tree_size', '=', 8)
      .execute();

    const outcome = await home.vigil.custody.proveLeaf(2).then(
      (bundle) => {
        checkProofObject(JSON.parse(JSON.stringify(bundle)));
        return `a valid proof of ${bundle.leafData}`;
      },
      (error: Error) => `refused: ${error.message}`,
    );
    expect(outcome).toMatch(/^refused/);
  });
});

// ---- witnesses -----------------------------------------------------------------------------------

const WITNESS_PASSPHRASE = 'a witness passphrase for tests';

/** A witness that trusts the home's log, and the home opened again with it in VIGIL_WITNESSES. */
async function witnessedVigil(h: TestHome): Promise<{ vigil: Vigil; witness: RunningWitness }> {
  const dir = path.join(h.dir, 'witness');
  const settings = await initWitness(witnessLayout(dir), { name: 'witness.example.org/w1', passphrase: WITNESS_PASSPHRASE, scryptLogN: 10 });
  const signerKey = await unlockWitnessKey(witnessLayout(dir), WITNESS_PASSPHRASE);
  await trustLog(witnessLayout(dir), h.vigil.settings.custodyOrigin, h.vigil.keyring.custodyVerifierKey);
  const witness = await startWitnessServer({ dir, signerKey, host: '127.0.0.1', port: 0 });
  const vigil = await openVigil({
    ...h.vigil.config,
    custody: loadCustodyConfig({ VIGIL_WITNESSES: `${witness.url} ${settings.verifierKey}` }, h.vigil.config.home),
  });
  return { vigil, witness };
}

/** The rollback every anchor in the home allows: the log cut back to 6, the later checkpoint gone from the database and the file. */
async function rollBack(v: Vigil): Promise<void> {
  await cutBack(v, 6);
  await v.database.db.deleteFrom('custody_checkpoints').where('tree_size', '>', 6).execute();
  truncateCheckpointFile(v, 1);
}

describe('a log cut back in the database and the home, with a witness', () => {
  it('fails custody verify and every signature while the witness answers', async () => {
    home = await createTestHome('sqlite');
    const running = await witnessedVigil(home);
    const v = running.vigil;
    closers.push(
      () => running.witness.close(),
      () => v.close(),
    );
    const signer = (await v.keyring.unlock(TEST_PASSPHRASE)).custodySignerKey;
    await v.custody.record([0, 1, 2, 3, 4, 5].map(event));
    expect((await v.custody.checkpoint(signer, null)).cosignedBy).toHaveLength(1);
    await v.custody.record([6, 7].map(event));
    expect((await v.custody.checkpoint(signer, null)).cosignedBy).toHaveLength(1);

    await rollBack(v);
    await v.custody.record([90, 91].map(event));
    expect((await v.custody.verifyLog()).problems).not.toEqual([]);
    await expect(v.custody.assertAnchored()).rejects.toThrow();
    await expect(v.custody.checkpoint(signer, null)).rejects.toThrow();
  });

  it('is not signed over while the adversary keeps the witness from answering', async () => {
    home = await createTestHome('sqlite');
    const running = await witnessedVigil(home);
    const v = running.vigil;
    closers.push(() => v.close());
    const signer = (await v.keyring.unlock(TEST_PASSPHRASE)).custodySignerKey;
    await v.custody.record([0, 1, 2, 3, 4, 5].map(event));
    await v.custody.checkpoint(signer, null);
    await v.custody.record([6, 7].map(event));
    await v.custody.checkpoint(signer, null);

    // The decrypted events 6 and 7 are replaced, the anchors in the home rolled back, and the witness
    // blocked (a state service can drop traffic to it).
    await rollBack(v);
    await v.custody.record([90, 91].map(event));
    await running.witness.close();

    // The log's key then vouches for the rewritten history: the witness that cosigned size 8 was the
    // only anchor left, and it could not be asked.
    const signed = await v.custody.checkpoint(signer, null).then(
      (cp) => ({ signed: cp.tree_size, warnings: cp.witnessProblems.length }),
      (error: Error) => ({ refused: error.message }),
    );
    expect(signed).toHaveProperty('refused');
  });
});

describe('attacks that hold', () => {
  it('reordered, replayed or inserted lines in the checkpoint file fail loudly', async () => {
    const logged = await loggedHome();
    home = logged.home;
    const file = home.vigil.config.custody.checkpointFile;
    const original = fs.readFileSync(file, 'utf8');
    const lines = original.split('\n').filter((l) => l !== '');
    const first = JSON.parse(lines[0]!) as { checkpoint: string };
    const variants = [
      [lines[1], lines[0]],
      [lines[0], lines[1], JSON.stringify({ v: 1, from: 8, leaves: '', checkpoint: first.checkpoint })],
      [lines[0], JSON.stringify({ v: 1, from: 6, leaves: '', checkpoint: first.checkpoint }), lines[1]],
      [lines[0]!.replace('"from":0', '"from":1')],
    ];
    for (const variant of variants) {
      fs.writeFileSync(file, variant.map((l) => `${l}\n`).join(''));
      expect((await home.vigil.custody.verifyLog()).problems).not.toEqual([]);
      await expect(home.vigil.custody.checkpoint(logged.signer, null)).rejects.toThrow();
    }
    fs.writeFileSync(file, original);
    expect((await home.vigil.custody.verifyLog()).problems).toEqual([]);
  });

  it("a replaced verifier key and a history re-signed with it are refused by the witness's copy", async () => {
    home = await createTestHome('sqlite');
    const running = await witnessedVigil(home);
    closers.push(
      () => running.witness.close(),
      () => running.vigil.close(),
    );
    const v = running.vigil;
    const signer = (await v.keyring.unlock(TEST_PASSPHRASE)).custodySignerKey;
    await v.custody.record([0, 1, 2, 3].map(event));
    await v.custody.checkpoint(signer, null);

    await forgeLeaf(v.database.db, 1, (data) => data.replace('itm_1', 'itm_X'));
    await v.database.db.deleteFrom('custody_checkpoints').execute();
    fs.rmSync(v.config.custody.checkpointFile);
    const forged = generateNoteKeys(v.settings.custodyOrigin);
    fs.writeFileSync(v.layout.custodyVerifierFile, `${forged.verifierKey}\n`);
    const reopened = await openVigil(v.config);
    closers.push(() => reopened.close());
    const root = await treeRoot(4, storedNode(reopened.database.db));
    const note = signNote(formatCheckpoint({ origin: v.settings.custodyOrigin, size: 4, rootHash: root }), forged.signerKey);
    await reopened.database.db
      .insertInto('custody_checkpoints')
      .values({
        id: 'ckp_forged',
        tree_size: 4,
        root_hash: root.toString('hex'),
        note,
        timestamp_token: null,
        tsa_url: null,
        created_at: new Date().toISOString(),
      })
      .execute();
    expect((await reopened.custody.verifyLog()).problems.join('\n')).toMatch(/witness .* did not sign/);
  });
});
