import type { Kysely } from 'kysely';

/** The media module's table (migration 0007-media), and the columns of `items` it reads. */
export type MediaTables = {
  media_analyses: {
    item_id: string;
    state: 'analysed' | 'unreadable' | 'failed';
    kind: string;
    probe: string;
    pdq: string | null;
    pdq_quality: number | null;
    pdq_dihedral: string | null;
    reason: string | null;
    tools: string;
    analysed_at: string;
  };
  media_frame_hashes: { item_id: string; fps: number; frames: number; hashes: string; qualities: string };
  items: { id: string; media_type: string; size: number };
  item_sources: { item_id: string; location: string };
};

export type MediaDb = Kysely<MediaTables>;

export function mediaTables<T>(db: Kysely<T>): MediaDb {
  return db.withTables<MediaTables>() as unknown as MediaDb;
}
