import { splitNote } from '../../custody/index.js';
import type { CustodyService } from '../../custody/index.js';
import type { Db } from '../../db/index.js';
import type { HomeVault } from './home-schemas.js';

/** What the vault state needs of the rest: which items a caller may not see, and each item's latest check. */
export interface VaultStateParts {
  db: Db;
  custody: Pick<CustodyService, 'latestCheckpoint'>;
  verifications(itemIds: string[]): Promise<Map<string, { at: string; result: string }>>;
  witnesses: number;
  quorum: number;
}

/**
 * The vault's state for a home page: when items were last verified and how many the caller may see failed their
 * latest check, and the latest signed checkpoint with its timestamp and witnesses' cosignatures. The custody log
 * is read, never written.
 */
export class VaultState {
  constructor(private readonly parts: VaultStateParts) {}

  async forViewer(hiddenAmong: ((ids: string[]) => Promise<Set<string>>) | null): Promise<HomeVault> {
    const { db, custody } = this.parts;
    const last = await db
      .selectFrom('custody_leaves')
      .select((eb) => eb.fn.max('created_at').as('at'))
      .where('event', '=', 'verified')
      .executeTakeFirst();
    let failed: number | null = null;
    if (last?.at && hiddenAmong) {
      // Items that ever failed a check, then those whose latest check failed, then those the caller may see.
      const ever = await db
        .selectFrom('custody_leaves')
        .select('item_id')
        .distinct()
        .where('event', '=', 'verified')
        .where('data', 'like', '%"result":"failed"%')
        .execute();
      const ids = ever.map((r) => r.item_id).filter((id): id is string => id !== null);
      const latest = await this.parts.verifications(ids);
      const stillFailed = ids.filter((id) => latest.get(id)?.result === 'failed');
      const hidden = await hiddenAmong(stillFailed);
      failed = stillFailed.filter((id) => !hidden.has(id)).length;
    }
    const row = await custody.latestCheckpoint();
    return {
      lastVerification: last?.at ? { at: last.at, failed } : null,
      checkpoint: row
        ? {
            id: row.id,
            treeSize: Number(row.tree_size),
            createdAt: row.created_at,
            timestamped: row.timestamp_token !== null,
            cosignatures: cosignatures(row.note),
          }
        : null,
      witnesses: this.parts.witnesses,
      quorum: this.parts.quorum,
    };
  }
}

/** Signatures on the note beyond the log's own. */
function cosignatures(note: string): number {
  try {
    return Math.max(0, splitNote(note).signatures.length - 1);
  } catch {
    return 0;
  }
}
