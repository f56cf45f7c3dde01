import type { Kysely } from 'kysely';

/** The media module's tables (migrations 0007-media, 0008-media-derived, 0009-media-cluster-marks, 0010-media-burned-in-time, 0011-media-tmk), and the columns of `items` it reads. */
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
    burned_in_start: string | null;
    burned_in_confidence: number | null;
    burned_in_camera: string | null;
  };
  media_frame_hashes: { item_id: string; fps: number; frames: number; hashes: string; qualities: string };
  media_tmk: { item_id: string; version: string; frames: number; stillness: number; average: Uint8Array; features: Uint8Array };
  media_pair_marks: { item_a: string; item_b: string; verdict: 'same' | 'different'; marked_by: string; marked_at: string };
  media_derived_views: {
    original_item_id: string;
    kind: string;
    state: 'stored' | 'failed';
    item_id: string | null;
    media_type: string | null;
    size: number | null;
    tool: string;
    tool_version: string;
    parameters: string;
    removed: string | null;
    reason: string | null;
    created_at: string;
  };
  items: { id: string; media_type: string; size: number; sha256: string };
  users: { id: string; username: string; display_name: string };
  item_sources: { item_id: string; location: string; file_path: string; entry_path: string | null; mtime: string | null };
};

export type MediaDb = Kysely<MediaTables>;

export function mediaTables<T>(db: Kysely<T>): MediaDb {
  return db.withTables<MediaTables>() as unknown as MediaDb;
}
