import type { Db } from '../../src/db/database.js';
import { completedNodes, leafHash } from '../../src/custody/merkle.js';

/**
 * What an attacker with write access to the database (and no key) can do to the custody log: rewrite
 * a leaf's data together with its hash, and rebuild every stored node above it, so that the log is
 * consistent with itself again.
 */
export async function forgeLeaf(db: Db, idx: number, rewrite: (data: string) => string): Promise<void> {
  const row = await db.selectFrom('custody_leaves').selectAll().where('idx', '=', idx).executeTakeFirstOrThrow();
  const forged = rewrite(row.data);
  if (forged === row.data) throw new Error(`the rewrite left leaf ${idx} unchanged`);
  await db
    .updateTable('custody_leaves')
    .set({ data: forged, leaf_hash: leafHash(Buffer.from(forged)).toString('hex') })
    .where('idx', '=', idx)
    .execute();
  await rebuildNodes(db);
}

export async function rebuildNodes(db: Db): Promise<void> {
  await db.deleteFrom('custody_nodes').execute();
  const hashes = await db.selectFrom('custody_leaves').select(['idx', 'leaf_hash']).orderBy('idx').execute();
  const nodes = new Map<string, Buffer>(hashes.map((h) => [`0/${h.idx}`, Buffer.from(h.leaf_hash, 'hex')]));
  for (const h of hashes) {
    for (const n of await completedNodes(h.idx, Buffer.from(h.leaf_hash, 'hex'), (l, i) => nodes.get(`${l}/${i}`)!)) {
      nodes.set(`${n.level}/${n.index}`, n.hash);
      await db
        .insertInto('custody_nodes')
        .values({ level: n.level, idx: n.index, hash: n.hash.toString('hex') })
        .execute();
    }
  }
}
