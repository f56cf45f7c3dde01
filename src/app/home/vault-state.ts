import { splitNote } from '../../custody/index.js';
import type { CustodyService } from '../../custody/index.js';
import type { HomeVault } from './home-schemas.js';

/** What the vault state needs of the rest: the custody log's summary of checks, and each item's latest check. */
export interface VaultStateParts {
  custody: Pick<CustodyService, 'latestCheckpoint' | 'verificationSummary' | 'latestVerifiedItems'>;
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

  async forViewer(hiddenAmong: ((ids: string[]) => Promise<Set<string>>) | null, showsLogSize: boolean): Promise<HomeVault> {
    const { custody } = this.parts;
    // The latest check of an item the caller may see: a check of a hidden item alone must not move it.
    const lastAt = hiddenAmong ? await this.latestVisibleCheck(hiddenAmong) : null;
    let failed: number | null = null;
    if (lastAt && hiddenAmong) {
      const { everFailed } = await custody.verificationSummary();
      // Items that ever failed a check, then those whose latest check failed, then those the caller may see.
      const latest = await this.parts.verifications(everFailed);
      const stillFailed = everFailed.filter((id) => latest.get(id)?.result === 'failed');
      const hidden = await hiddenAmong(stillFailed);
      failed = stillFailed.filter((id) => !hidden.has(id)).length;
    }
    const row = await custody.latestCheckpoint();
    return {
      lastVerification: lastAt ? { at: lastAt, failed } : null,
      checkpoint: row
        ? {
            id: row.id,
            treeSize: showsLogSize ? Number(row.tree_size) : null,
            createdAt: showsLogSize ? row.created_at : null,
            createdDay: row.created_at.slice(0, 10),
            timestamped: row.timestamp_token !== null,
            cosignatures: cosignatures(row.note),
          }
        : null,
      witnesses: this.parts.witnesses,
      quorum: this.parts.quorum,
    };
  }

  private async latestVisibleCheck(hiddenAmong: (ids: string[]) => Promise<Set<string>>): Promise<string | null> {
    let before: { at: string; idx: number } | null = null;
    for (let scanned = 0; scanned < VISIBLE_CHECK_SCAN;) {
      const page = await this.parts.custody.latestVerifiedItems(before, 200);
      if (page.length === 0) return null;
      scanned += page.length;
      const hidden = await hiddenAmong([...new Set(page.map((p) => p.itemId))]);
      const visible = page.find((p) => !hidden.has(p.itemId));
      if (visible) return visible.at;
      before = { at: page[page.length - 1]!.at, idx: page[page.length - 1]!.idx };
    }
    return null;
  }
}

/** Verified leaves read, newest first, before giving up on finding one the caller may see. */
const VISIBLE_CHECK_SCAN = 5000;

/** Signatures on the note beyond the log's own. */
function cosignatures(note: string): number {
  try {
    return Math.max(0, splitNote(note).signatures.length - 1);
  } catch {
    return 0;
  }
}
