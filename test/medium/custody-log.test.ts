import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import pg from 'pg';
import { DATABASE_KINDS, PG_ADMIN_URL, postgresAvailable } from '../helpers/databases.js';
import { createTestHome, TEST_PASSPHRASE, type TestHome } from '../helpers/vigil-home.js';
import { leafHash, verifyInclusion, verifyConsistency } from '../../src/custody/merkle.js';
import { forgeLeaf } from '../helpers/forge-custody.js';

const pgUp = await postgresAvailable();

for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`custody log on ${kind}`, () => {
    let home: TestHome;
    let signer: string;
    beforeAll(async () => {
      home = await createTestHome(kind);
      signer = (await home.vigil.keyring.unlock(TEST_PASSPHRASE)).custodySignerKey;
    });
    afterAll(async () => home?.cleanup());

    const event = (n: number) => ({ event: 'decrypted' as const, item: `itm_${n}`, sha256: 'ab'.repeat(32), purpose: 'test' });

    it('appends leaves in order, signs checkpoints and proves inclusion and consistency', async () => {
      const custody = home.vigil.custody;
      const first = await custody.record([event(0), event(1), event(2)]);
      expect(first).toEqual([0, 1, 2]);
      const cp3 = await custody.checkpoint(signer, null);
      expect(cp3.tree_size).toBe(3);
      expect(cp3.note).toContain(`${home.vigil.settings.custodyOrigin}\n3\n`);
      for (let i = 0; i < 20; i++) await custody.record([event(3 + i)]);
      const cp23 = await custody.checkpoint(signer, null);
      expect(cp23.tree_size).toBe(23);
      for (const leaf of [0, 1, 2, 7, 16, 22]) {
        const bundle = await custody.proveLeaf(leaf);
        expect(() =>
          verifyInclusion(
            leaf,
            23,
            Buffer.from(bundle.leafHash, 'base64'),
            bundle.proof.map((p) => Buffer.from(p, 'base64')),
            Buffer.from(bundle.root, 'base64'),
          ),
        ).not.toThrow();
      }
      const consistency = await custody.proveConsistency(3, 23);
      expect(consistency.root1).toBe(Buffer.from(cp3.root_hash, 'hex').toString('base64'));
      expect(() =>
        verifyConsistency(
          3,
          23,
          Buffer.from(consistency.root1, 'base64'),
          Buffer.from(consistency.root2, 'base64'),
          consistency.proof.map((p) => Buffer.from(p, 'base64')),
        ),
      ).not.toThrow();
      const report = await custody.verifyLog();
      expect(report).toEqual({
        leaves: 23,
        checkpoints: 2,
        checkpointFile: { checkpoints: 2, leaves: 23 },
        trusted: null,
        notices: [expect.stringMatching(/no witness is configured/)],
        firstAlteredLeaf: null,
        witnesses: [],
        problems: [],
      });
    });

    it('proves many leaves against one checkpoint as proveLeaf does, each proof checked, and refuses a rewritten one', async () => {
      const custody = home.vigil.custody;
      const checkpoint = (await custody.latestCheckpoint())!;
      const prove = custody.leafProver(checkpoint);
      for (const leaf of [22, 0, 13, 7, 8, 21, 1]) expect(await prove(leaf)).toEqual(await custody.proveLeaf(leaf, checkpoint));
      await expect(prove(checkpoint.tree_size)).rejects.toThrow(/not covered by a checkpoint/);
      const db = home.vigil.database.db;
      const original = await db.selectFrom('custody_leaves').select('data').where('idx', '=', 9).executeTakeFirstOrThrow();
      await db
        .updateTable('custody_leaves')
        .set({ data: original.data.replace('itm_9', 'itm_x') })
        .where('idx', '=', 9)
        .execute();
      try {
        await expect(prove(9)).rejects.toThrow(/is not the leaf signed in checkpoint/);
      } finally {
        await db.updateTable('custody_leaves').set({ data: original.data }).where('idx', '=', 9).execute();
      }
      expect((await prove(9)).leafData).toBe(original.data);
    });

    it('refuses to prove a leaf that no checkpoint covers yet', async () => {
      const [idx] = await home.vigil.custody.record([event(99)]);
      await expect(home.vigil.custody.proveLeaf(idx!)).rejects.toThrow(/not covered by a checkpoint/);
    });

    it('finds a leaf altered in the database', async () => {
      const db = home.vigil.database.db;
      const original = await db.selectFrom('custody_leaves').select('data').where('idx', '=', 5).executeTakeFirstOrThrow();
      await db
        .updateTable('custody_leaves')
        .set({ data: original.data.replace('"purpose":"test"', '"purpose":"nothing"') })
        .where('idx', '=', 5)
        .execute();
      const report = await home.vigil.custody.verifyLog();
      expect(report.problems.join('\n')).toMatch(/leaf 5 .*altered/);
      expect(report.problems.join('\n')).toMatch(/does not match the log/);
      await db.updateTable('custody_leaves').set({ data: original.data }).where('idx', '=', 5).execute();
      expect((await home.vigil.custody.verifyLog()).problems).toEqual([]);
    });

    it('finds a rewritten log (leaf and hash changed together) through the signed checkpoints', async () => {
      const db = home.vigil.database.db;
      const row = await db.selectFrom('custody_leaves').selectAll().where('idx', '=', 1).executeTakeFirstOrThrow();
      const forged = row.data.replace('itm_1', 'itm_X');
      await db
        .updateTable('custody_leaves')
        .set({ data: forged, leaf_hash: leafHash(Buffer.from(forged)).toString('hex') })
        .where('idx', '=', 1)
        .execute();
      const problems = (await home.vigil.custody.verifyLog()).problems.join('\n');
      expect(problems).toMatch(/checkpoint .* does not match the log/);
      expect(problems).toMatch(/stored node 1\/0 was altered/);
      await db.updateTable('custody_leaves').set({ data: row.data, leaf_hash: row.leaf_hash }).where('idx', '=', 1).execute();
    });

    it('finds a checkpoint whose signature does not verify', async () => {
      const db = home.vigil.database.db;
      const cp = await db.selectFrom('custody_checkpoints').selectAll().orderBy('tree_size').executeTakeFirstOrThrow();
      await db
        .updateTable('custody_checkpoints')
        .set({ note: cp.note.replace(/\n3\n/, '\n4\n') })
        .where('id', '=', cp.id)
        .execute();
      expect((await home.vigil.custody.verifyLog()).problems.join('\n')).toMatch(new RegExp(`checkpoint ${cp.id}`));
      await db.updateTable('custody_checkpoints').set({ note: cp.note }).where('id', '=', cp.id).execute();
      expect((await home.vigil.custody.verifyLog()).problems).toEqual([]);
    });

    it('serialises concurrent appenders without gaps or repeats', async () => {
      const before = await home.vigil.custody.size();
      await Promise.all(Array.from({ length: 8 }, (_, i) => home.vigil.custody.record([event(1000 + i), event(2000 + i)])));
      const rows = await home.vigil.database.db
        .selectFrom('custody_leaves')
        .select(sql<number>`count(*)`.as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(rows.n)).toBe(before + 16);
      expect(await home.vigil.custody.size()).toBe(before + 16);
      expect((await home.vigil.custody.verifyLog()).problems).toEqual([]);
    });
  });
}

describe.skipIf(!pgUp)('custody log, first appends on a fresh PostgreSQL database', () => {
  it('serialises two first appenders', async () => {
    const home = await createTestHome('postgres');
    try {
      await Promise.all(
        [0, 1, 2, 3].map((n) => home.vigil.custody.record([{ event: 'decrypted', item: `itm_${n}`, sha256: 'cd'.repeat(32), purpose: 'race' }])),
      );
      expect(await home.vigil.custody.size()).toBe(4);
    } finally {
      await home.cleanup();
    }
  });
});

describe('checkpoints of a rewritten log', () => {
  it('are refused: a new checkpoint must extend the latest signed one', async () => {
    const home = await createTestHome('sqlite');
    try {
      const { custodySignerKey } = await home.vigil.keyring.unlock(TEST_PASSPHRASE);
      await home.vigil.custody.record([0, 1, 2, 3].map((n) => ({ event: 'decrypted' as const, item: `itm_${n}`, sha256: 'ef'.repeat(32), purpose: 'x' })));
      await home.vigil.custody.checkpoint(custodySignerKey, null);
      // An attacker rewrites leaf 1 together with its hash and every node above it.
      await forgeLeaf(home.vigil.database.db, 1, (data) => data.replace('itm_1', 'itm_F'));
      await expect(home.vigil.custody.checkpoint(custodySignerKey, null)).rejects.toThrow(/no longer extends checkpoint/);
    } finally {
      await home.cleanup();
    }
  });
});

describe.skipIf(!pgUp)('a PostgreSQL connection closed by the server', () => {
  it('is replaced, not fatal', async () => {
    const home = await createTestHome('postgres');
    try {
      await home.vigil.custody.size();
      const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
      await admin.connect();
      const dbName = new URL((home.database.target as { url: string }).url).pathname.slice(1);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [dbName]);
      await admin.end();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await home.vigil.custody.size()).toBe(0);
    } finally {
      await home.cleanup();
    }
  });
});
