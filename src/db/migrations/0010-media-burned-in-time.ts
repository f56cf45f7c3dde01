import type { Kysely } from 'kysely';

// Frozen like every migration: later schema changes go in a new one.

/**
 * The date and time a recorder printed on the picture (src/media/ocr/), beside the file's own times: the clock's
 * time at the first frame as ISO 8601 without a zone (a recorder's clock has none), the confidence (0 to 1) and the
 * camera's name printed beside it. All null when no clock was found, or the item was analysed before there was this.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('media_analyses').addColumn('burned_in_start', 'text').execute();
  await db.schema.alterTable('media_analyses').addColumn('burned_in_confidence', 'double precision').execute();
  await db.schema.alterTable('media_analyses').addColumn('burned_in_camera', 'text').execute();
}
