import { sql, type Transaction } from 'kysely';
import type { Db } from '../db/index.js';
import type { CustodyCheckpointRow, CustodyLeaf, VigilDatabase } from '../db/index.js';

export type DbOrTrx = Db | Transaction<VigilDatabase>;

export interface NewLeaf {
  idx: number;
  event: string;
  itemId: string | null;
  data: string;
  leafHash: Buffer;
  createdAt: string;
}

const INSERT_BATCH = 200;

/** All SQL of the custody log. Hashes are stored as hex. */
export class CustodyRepository {
  constructor(private readonly db: Db) {}

  /** The latest `verified` leaf of each item, if any: when it was checked and what it found. */
  async latestVerifications(itemIds: string[]): Promise<Map<string, { at: string; result: string }>> {
    const found = new Map<string, { at: string; result: string }>();
    if (itemIds.length === 0) return found;
    const rows = await this.db
      .selectFrom('custody_leaves')
      .select(['item_id', 'data', 'created_at'])
      .where('event', '=', 'verified')
      .where('item_id', 'in', itemIds)
      .orderBy('idx')
      .execute();
    for (const row of rows) found.set(row.item_id!, { at: row.created_at, result: (JSON.parse(row.data) as { result: string }).result });
    return found;
  }

  /**
   * Locks the log for appending until the transaction ends and returns its size.
   * The no-op UPDATE takes the write lock first on both engines (SQLite's RESERVED lock,
   * PostgreSQL's row lock), so two writers never read the same size.
   */
  async lockHead(trx: Transaction<VigilDatabase>): Promise<number> {
    const updated = await trx
      .updateTable('custody_head')
      .set({ size: sql`size` })
      .where('id', '=', 1)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw new Error('the custody log head is missing from the database');
    const row = await trx.selectFrom('custody_head').select('size').where('id', '=', 1).executeTakeFirstOrThrow();
    return row.size;
  }

  async setHeadSize(trx: Transaction<VigilDatabase>, size: number): Promise<void> {
    await trx.updateTable('custody_head').set({ size }).where('id', '=', 1).execute();
  }

  async headSize(db: DbOrTrx = this.db): Promise<number> {
    const row = await db.selectFrom('custody_head').select('size').where('id', '=', 1).executeTakeFirst();
    return row?.size ?? 0;
  }

  async insertLeaves(trx: Transaction<VigilDatabase>, leaves: NewLeaf[]): Promise<void> {
    for (let i = 0; i < leaves.length; i += INSERT_BATCH) {
      const rows = leaves.slice(i, i + INSERT_BATCH).map((leaf) => ({
        idx: leaf.idx,
        event: leaf.event,
        item_id: leaf.itemId,
        data: leaf.data,
        leaf_hash: leaf.leafHash.toString('hex'),
        created_at: leaf.createdAt,
      }));
      await trx.insertInto('custody_leaves').values(rows).execute();
    }
  }

  async insertNodes(trx: Transaction<VigilDatabase>, nodes: Array<{ level: number; index: number; hash: Buffer }>): Promise<void> {
    for (let i = 0; i < nodes.length; i += INSERT_BATCH) {
      const rows = nodes.slice(i, i + INSERT_BATCH).map((n) => ({ level: n.level, idx: n.index, hash: n.hash.toString('hex') }));
      await trx.insertInto('custody_nodes').values(rows).execute();
    }
  }

  /** A perfect node: level 0 is a leaf hash, higher levels come from custody_nodes. */
  async node(level: number, index: number, db: DbOrTrx = this.db): Promise<Buffer> {
    const row =
      level === 0
        ? await db.selectFrom('custody_leaves').select('leaf_hash as hash').where('idx', '=', index).executeTakeFirst()
        : await db.selectFrom('custody_nodes').select('hash').where('level', '=', level).where('idx', '=', index).executeTakeFirst();
    if (!row) throw new Error(`custody log is missing node ${level}/${index}`);
    return Buffer.from(row.hash, 'hex');
  }

  async leaf(idx: number): Promise<CustodyLeaf | undefined> {
    return this.db.selectFrom('custody_leaves').selectAll().where('idx', '=', idx).executeTakeFirst();
  }

  async leavesFrom(startIdx: number, limit: number): Promise<CustodyLeaf[]> {
    return this.db.selectFrom('custody_leaves').selectAll().where('idx', '>=', startIdx).orderBy('idx').limit(limit).execute();
  }

  async nodesFrom(level: number, startIdx: number, limit: number): Promise<Array<{ idx: number; hash: string }>> {
    return this.db
      .selectFrom('custody_nodes')
      .select(['idx', 'hash'])
      .where('level', '=', level)
      .where('idx', '>=', startIdx)
      .orderBy('idx')
      .limit(limit)
      .execute();
  }

  async countNodesAbove(level: number): Promise<number> {
    const row = await this.db
      .selectFrom('custody_nodes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('level', '>', level)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async insertCheckpoint(row: CustodyCheckpointRow): Promise<void> {
    await this.db.insertInto('custody_checkpoints').values(row).execute();
  }

  /** When the last `verified` leaf was written, and every item a check ever found failed. */
  async verificationSummary(): Promise<{ lastAt: string | null; everFailed: string[] }> {
    // Literals, not parameters: the partial index custody_leaves_failed is used only for these very conditions.
    const last = await this.db
      .selectFrom('custody_leaves')
      .select('created_at')
      .where(sql<boolean>`event = 'verified'`)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!last) return { lastAt: null, everFailed: [] };
    const failed = await this.db
      .selectFrom('custody_leaves')
      .select('item_id')
      .distinct()
      .where(sql<boolean>`event = 'verified' AND data LIKE '%"result":"failed"%'`)
      .execute();
    return { lastAt: last.created_at, everFailed: failed.map((r) => r.item_id).filter((id): id is string => id !== null) };
  }

  /** Verified leaves that name an item, newest first, older than `before` (its time and index). */
  async latestVerifiedItems(before: { at: string; idx: number } | null, limit: number): Promise<Array<{ itemId: string; at: string; idx: number }>> {
    let query = this.db
      .selectFrom('custody_leaves')
      .select(['item_id', 'created_at', 'idx'])
      .where(sql<boolean>`event = 'verified'`)
      .where('item_id', 'is not', null);
    if (before) query = query.where((eb) => eb.or([eb('created_at', '<', before.at), eb.and([eb('created_at', '=', before.at), eb('idx', '<', before.idx)])]));
    const rows = await query.orderBy('created_at', 'desc').orderBy('idx', 'desc').limit(limit).execute();
    return rows.map((r) => ({ itemId: r.item_id!, at: r.created_at, idx: Number(r.idx) }));
  }

  async latestCheckpoint(): Promise<CustodyCheckpointRow | undefined> {
    return this.db.selectFrom('custody_checkpoints').selectAll().orderBy('tree_size', 'desc').orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  }

  async checkpoints(): Promise<CustodyCheckpointRow[]> {
    return this.db.selectFrom('custody_checkpoints').selectAll().orderBy('tree_size').orderBy('created_at').execute();
  }
}
