import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { CheckpointFile } from '../../src/custody/checkpoint-file.js';
import { afterEach, describe, expect, it } from 'vitest';
import { generateNoteKeys, signNote } from '../../src/custody/signed-note.js';
import { formatCheckpoint } from '../../src/custody/checkpoint.js';
import { forgeLeaf } from '../helpers/forge-custody.js';
import { createTestHome, TEST_PASSPHRASE, type TestHome } from '../helpers/vigil-home.js';

const require = createRequire(import.meta.url);
let home: TestHome | undefined;
afterEach(async () => {
  await home?.cleanup();
  home = undefined;
});

const event = (n: number) => ({ event: 'decrypted' as const, item: `itm_${n}`, sha256: 'ab'.repeat(32), purpose: 'test' });

/** A log of 8 leaves with checkpoints at sizes 6 and 8. */
async function loggedHome(): Promise<{ home: TestHome; signer: string; first: string; second: string }> {
  const h = await createTestHome('sqlite');
  const signer = (await h.vigil.keyring.unlock(TEST_PASSPHRASE)).custodySignerKey;
  await h.vigil.custody.record([0, 1, 2, 3, 4, 5].map(event));
  const first = (await h.vigil.custody.checkpoint(signer, null)).note;
  await h.vigil.custody.record([6, 7].map(event));
  const second = (await h.vigil.custody.checkpoint(signer, null)).note;
  return { home: h, signer, first, second };
}

describe('the custody log anchored outside the database', () => {
  it('refuses a rewritten log whose checkpoints were deleted from the database, naming the first altered leaf', async () => {
    const logged = await loggedHome();
    home = logged.home;
    const db = home.vigil.database.db;
    await forgeLeaf(db, 2, (data) => data.replace('itm_2', 'itm_X'));
    await db.deleteFrom('custody_checkpoints').execute();

    const report = await home.vigil.custody.verifyLog();
    expect(report.firstAlteredLeaf).toBe(2);
    expect(report.problems.join('\n')).toMatch(/leaf 2 .*differs from the leaf signed/);
    await expect(home.vigil.custody.checkpoint(logged.signer, null)).rejects.toThrow(/leaf 2 /);
    await expect(home.vigil.custody.assertAnchored()).rejects.toThrow(/leaf 2 /);
  });

  it('fails loudly when the database holds fewer checkpoints than the checkpoint file', async () => {
    const logged = await loggedHome();
    home = logged.home;
    const db = home.vigil.database.db;
    await db.deleteFrom('custody_checkpoints').where('tree_size', '=', 8).execute();
    const problems = (await home.vigil.custody.verifyLog()).problems.join('\n');
    expect(problems).toMatch(/checkpoint file holds 2 checkpoints but the database only 1/);
    expect(problems).toMatch(/latest checkpoint in the checkpoint file \(size 8\) is missing from the database/);
    await expect(home.vigil.custody.checkpoint(logged.signer, null)).rejects.toThrow(/missing from the database/);
  });

  it('writes every checkpoint to the append-only file, which an intact log matches', async () => {
    const logged = await loggedHome();
    home = logged.home;
    const file = fs.readFileSync(home.vigil.config.custody.checkpointFile, 'utf8');
    expect(file).toContain(JSON.stringify(logged.first).slice(1, -1));
    expect(file).toContain(JSON.stringify(logged.second).slice(1, -1));
    expect(fs.statSync(home.vigil.config.custody.checkpointFile).mode & 0o777).toBe(0o600);
    const report = await home.vigil.custody.verifyLog();
    expect(report.problems).toEqual([]);
    expect(report.checkpointFile).toEqual({ checkpoints: 2, leaves: 8 });
  });

  it('keeps the file in step when two checkpoints are signed at once', async () => {
    const logged = await loggedHome();
    home = logged.home;
    const custody = home.vigil.custody;
    await Promise.all([
      custody.record([8].map(event)).then(() => custody.checkpoint(logged.signer, null)),
      custody.record([9].map(event)).then(() => custody.checkpoint(logged.signer, null)),
    ]);
    const report = await custody.verifyLog();
    expect(report.problems).toEqual([]);
    expect(report.checkpointFile).toEqual({ checkpoints: 4, leaves: 10 });
  });

  it('is locked against other processes, and a holder killed with SIGKILL leaves no stale lock', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-lock-'));
    try {
      const file = new CheckpointFile(path.join(dir, 'checkpoints.jsonl'));
      fs.writeFileSync(`${file.path}.lock`, '');
      // Another process takes the lock the way Vigil does, then dies while holding it.
      const holder = spawn(
        process.execPath,
        [
          '-e',
          `const D = require(${JSON.stringify(require.resolve('better-sqlite3'))}); const db = new D(${JSON.stringify(`${file.path}.lock`)}); db.exec('BEGIN EXCLUSIVE'); console.log('held'); setInterval(() => {}, 1000);`,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
      let entered = false;
      const waiting = file.withLock(async () => {
        entered = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(entered).toBe(false);
      holder.kill('SIGKILL');
      await waiting;
      expect(entered).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds a checkpoint file whose leaves were altered', async () => {
    const logged = await loggedHome();
    home = logged.home;
    const path = home.vigil.config.custody.checkpointFile;
    const lines = fs.readFileSync(path, 'utf8').split('\n');
    const entry = JSON.parse(lines[0]!) as { leaves: string };
    const leaves = Buffer.from(entry.leaves, 'base64');
    leaves[40]! ^= 1;
    lines[0] = JSON.stringify({ ...entry, leaves: leaves.toString('base64') });
    fs.writeFileSync(path, lines.join('\n'));
    expect((await home.vigil.custody.verifyLog()).problems.join('\n')).toMatch(/checkpoint file, line 1: .*does not match the leaves before it/);
  });
});

describe('verification from a trusted checkpoint', () => {
  it('proves an intact log extends it', async () => {
    const logged = await loggedHome();
    home = logged.home;
    await home.vigil.custody.record([8, 9].map(event));
    const report = await home.vigil.custody.verifyLog({ trusted: logged.first });
    expect(report.problems).toEqual([]);
    expect(report.trusted).toEqual({ size: 6, consistent: true });
  });

  it('fails with the first leaf that differs when the log was rewritten, even with the file and database wiped', async () => {
    const logged = await loggedHome();
    home = logged.home;
    const db = home.vigil.database.db;
    await forgeLeaf(db, 4, (data) => data.replace('itm_4', 'itm_Y'));
    await db.deleteFrom('custody_checkpoints').execute();
    fs.rmSync(home.vigil.config.custody.checkpointFile);
    const report = await home.vigil.custody.verifyLog({ trusted: logged.second });
    expect(report.trusted).toEqual({ size: 8, consistent: false });
    expect(report.problems.join('\n')).toMatch(/does not extend the trusted checkpoint of size 8/);
    // Without the file there is no record of the old leaves: say what is known, not more.
    expect(report.firstAlteredLeaf).toBeNull();
  });

  it('names the altered leaf from the checkpoint file when the trusted checkpoint confirms it', async () => {
    const logged = await loggedHome();
    home = logged.home;
    await forgeLeaf(home.vigil.database.db, 4, (data) => data.replace('itm_4', 'itm_Y'));
    const report = await home.vigil.custody.verifyLog({ trusted: logged.first });
    expect(report.firstAlteredLeaf).toBe(4);
    expect(report.problems.join('\n')).toMatch(/leaf 4 .*differs/);
  });

  it('refuses a trusted checkpoint not signed by the log, or for more leaves than the log has', async () => {
    const logged = await loggedHome();
    home = logged.home;
    const stranger = generateNoteKeys(home.vigil.settings.custodyOrigin);
    const unsigned = signNote(formatCheckpoint({ origin: home.vigil.settings.custodyOrigin, size: 3, rootHash: Buffer.alloc(32) }), stranger.signerKey);
    await expect(home.vigil.custody.verifyLog({ trusted: unsigned })).rejects.toThrow(/trusted checkpoint .*not signed by this log's key/);
    await home.vigil.database.db.deleteFrom('custody_leaves').where('idx', '>=', 7).execute();
    await home.vigil.database.db.updateTable('custody_head').set({ size: 7 }).execute();
    const report = await home.vigil.custody.verifyLog({ trusted: logged.second });
    expect(report.problems.join('\n')).toMatch(/the log has 7 leaves, fewer than the 8 of the trusted checkpoint/);
  });
});
