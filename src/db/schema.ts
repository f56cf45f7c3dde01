import type { ColumnType, Insertable, Selectable } from 'kysely';

/** Sizes and indexes are BIGINT in PostgreSQL and INTEGER in SQLite; both arrive as JS numbers. */
type BigIntColumn = ColumnType<number, number, number>;

export interface IngestBatchTable {
  id: string;
  started_at: string;
  finished_at: string | null;
  status: 'running' | 'finished' | 'interrupted' | 'failed';
  roots: string; // JSON array of the paths given
  items_new: BigIntColumn;
  items_duplicate: BigIntColumn;
  items_resumed: BigIntColumn;
  bytes: BigIntColumn;
  problems: BigIntColumn;
}

export interface ItemTable {
  id: string;
  sha256: string;
  size: BigIntColumn;
  blob_name: string;
  media_type: string;
  batch_id: string;
  ingest_leaf: BigIntColumn;
  created_at: string;
}

export interface ItemSourceTable {
  id: string;
  item_id: string;
  batch_id: string;
  /** Hash of location, size and mtime: the key that lets an interrupted ingest skip what it already stored. */
  source_key: string;
  location: string;
  file_path: string;
  entry_path: string | null;
  archive_format: string | null;
  size: BigIntColumn;
  mtime: string | null;
  atime: string | null;
  ctime: string | null;
  birthtime: string | null;
  found_at: string;
}

export interface IngestProblemTable {
  id: string;
  batch_id: string;
  location: string;
  kind: string;
  reason: string;
}

export interface CustodyHeadTable {
  id: number;
  size: BigIntColumn;
}

export interface CustodyLeafTable {
  idx: BigIntColumn;
  event: string;
  item_id: string | null;
  data: string;
  leaf_hash: string;
  created_at: string;
}

export interface CustodyNodeTable {
  level: number;
  idx: BigIntColumn;
  hash: string;
}

export interface CustodyCheckpointTable {
  id: string;
  tree_size: BigIntColumn;
  root_hash: string;
  note: string;
  timestamp_token: string | null;
  tsa_url: string | null;
  created_at: string;
}

export interface VigilDatabase {
  ingest_batches: IngestBatchTable;
  items: ItemTable;
  item_sources: ItemSourceTable;
  ingest_problems: IngestProblemTable;
  custody_head: CustodyHeadTable;
  custody_leaves: CustodyLeafTable;
  custody_nodes: CustodyNodeTable;
  custody_checkpoints: CustodyCheckpointTable;
}

export type Item = Selectable<ItemTable>;
export type NewItem = Insertable<ItemTable>;
export type ItemSource = Selectable<ItemSourceTable>;
export type NewItemSource = Insertable<ItemSourceTable>;
export type IngestBatch = Selectable<IngestBatchTable>;
export type CustodyLeaf = Selectable<CustodyLeafTable>;
export type CustodyCheckpointRow = Selectable<CustodyCheckpointTable>;
