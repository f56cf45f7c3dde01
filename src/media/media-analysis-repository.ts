import type { Kysely } from 'kysely';
import type { MediaAnalysis, PdqDihedralHashes } from './media-schemas.js';
import type { FrameHashes } from './video/frame-hashes.js';
import { mediaTables, type MediaDb, type MediaTables } from './media-tables.js';
import { isFoundMediaItem } from './found-media-item.js';
import { averageOfBlob, featuresBlob, featuresOfBlob, float32Blob } from './tmk/tmk-blobs.js';
import type { TmkFeatures } from './tmk/tmk-features.js';
import { TMK_VERSION } from './tmk/tmk-parameters.js';

/** No analysis stores more frames than ten hours at one a second; a row claiming more is not to be believed. */
const MOST_STORED_FRAMES = 36_000;

export class MediaAnalysisRepository<T = unknown> {
  private readonly db: MediaDb;

  constructor(db: Kysely<T>) {
    this.db = mediaTables(db);
  }

  async save(analysis: MediaAnalysis): Promise<void> {
    const row: MediaTables['media_analyses'] = {
      item_id: analysis.item,
      state: analysis.state,
      kind: analysis.probe.kind,
      probe: JSON.stringify(analysis.probe),
      pdq: analysis.pdq?.hash ?? null,
      pdq_quality: analysis.pdq?.quality ?? null,
      pdq_dihedral: analysis.pdq?.dihedral ? JSON.stringify(analysis.pdq.dihedral) : null,
      reason: analysis.reason ?? null,
      tools: JSON.stringify(analysis.tools),
      analysed_at: analysis.analysedAt,
      burned_in_start: analysis.burnedIn?.start ?? null,
      burned_in_confidence: analysis.burnedIn?.confidence ?? null,
      burned_in_camera: analysis.burnedIn?.camera ?? null,
    };
    const { item_id: _id, ...update } = row;
    await this.db
      .insertInto('media_analyses')
      .values(row)
      .onConflict((c) => c.column('item_id').doUpdateSet(update))
      .execute();
  }

  async get(itemId: string): Promise<MediaAnalysis | null> {
    const row = await this.db.selectFrom('media_analyses').selectAll().where('item_id', '=', itemId).executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  /** Media items without an analysis, in id order after `after`; derived views (found only as `derived:` sources) are not analysed. */
  async unanalysed(after: string | null, limit: number): Promise<string[]> {
    let query = this.db
      .selectFrom('items')
      .leftJoin('media_analyses', 'media_analyses.item_id', 'items.id')
      .select('items.id')
      .where('media_analyses.item_id', 'is', null)
      .where(isFoundMediaItem)
      .orderBy('items.id')
      .limit(limit);
    if (after !== null) query = query.where('items.id', '>', after);
    return (await query.execute()).map((r) => r.id);
  }

  /** Every picture's hashes, with the places its item was found. */
  async pictureHashes(): Promise<Array<{ itemId: string; pdq: string; quality: number; dihedral: PdqDihedralHashes | null; paths: string[] }>> {
    const rows = await this.db
      .selectFrom('media_analyses')
      .select(['item_id', 'pdq', 'pdq_quality', 'pdq_dihedral'])
      .where('state', '=', 'analysed')
      .where('pdq', 'is not', null)
      .orderBy('item_id')
      .execute();
    const paths = await this.pathsOf(rows.map((r) => r.item_id));
    return rows.map((r) => ({
      itemId: r.item_id,
      pdq: r.pdq!,
      quality: r.pdq_quality ?? 0,
      dihedral: r.pdq_dihedral !== null ? (JSON.parse(r.pdq_dihedral) as PdqDihedralHashes) : null,
      paths: paths.get(r.item_id) ?? [],
    }));
  }

  /** A video's frame hashes and, when they come with one, its TMK+PDQF fingerprint (an older one is dropped). */
  async saveFrames(itemId: string, hashes: FrameHashes): Promise<void> {
    const row = {
      item_id: itemId,
      fps: hashes.fps,
      frames: hashes.frames.length,
      hashes: hashes.frames.map((f) => f.hash).join(''),
      qualities: hashes.frames.map((f) => f.quality.toString(16).padStart(2, '0')).join(''),
    };
    const { item_id: _id, ...update } = row;
    await this.db
      .insertInto('media_frame_hashes')
      .values(row)
      .onConflict((c) => c.column('item_id').doUpdateSet(update))
      .execute();
    if (hashes.tmk) await this.saveTmk(itemId, hashes.tmk);
    else await this.db.deleteFrom('media_tmk').where('item_id', '=', itemId).execute();
  }

  private async saveTmk(itemId: string, tmk: TmkFeatures): Promise<void> {
    const row = {
      item_id: itemId,
      version: TMK_VERSION,
      frames: tmk.frames,
      stillness: tmk.stillness,
      average: float32Blob(tmk.average),
      features: featuresBlob(tmk),
    };
    const { item_id: _id, ...update } = row;
    await this.db
      .insertInto('media_tmk')
      .values(row)
      .onConflict((c) => c.column('item_id').doUpdateSet(update))
      .execute();
  }

  /** The mean frame features of these videos' TMK fingerprints (of this version, well formed, from frames), by item. */
  async tmkAverages(itemIds: string[]): Promise<Map<string, { frames: number; stillness: number; average: Float32Array }>> {
    const averages = new Map<string, { frames: number; stillness: number; average: Float32Array }>();
    for (let i = 0; i < itemIds.length; i += 500) {
      const rows = await this.db
        .selectFrom('media_tmk')
        .select(['item_id', 'frames', 'stillness', 'average'])
        .where('item_id', 'in', itemIds.slice(i, i + 500))
        .where('version', '=', TMK_VERSION)
        .execute();
      for (const row of rows) {
        const average = averageOfBlob(row.average);
        const sound = average !== null && Number.isInteger(row.frames) && row.frames > 0 && row.stillness >= 0 && row.stillness <= 1;
        if (sound) averages.set(row.item_id, { frames: row.frames, stillness: row.stillness, average });
      }
    }
    return averages;
  }

  /** One video's whole TMK fingerprint, or null when it has none of this version or it is not well formed. */
  async tmkFeatures(itemId: string): Promise<TmkFeatures | null> {
    const row = await this.db.selectFrom('media_tmk').selectAll().where('item_id', '=', itemId).where('version', '=', TMK_VERSION).executeTakeFirst();
    if (row === undefined) return null;
    const average = averageOfBlob(row.average);
    const features = featuresOfBlob(row.features);
    if (average === null || features === null) return null;
    return { frames: row.frames, stillness: row.stillness, average, ...features };
  }

  /** Every video's frame hashes, with the places its item was found; records that are not well formed are counted. */
  async videoFrames(): Promise<{ videos: Array<{ itemId: string; fps: number; frames: FrameHashes['frames']; paths: string[] }>; damaged: number }> {
    const rows = await this.db.selectFrom('media_frame_hashes').selectAll().orderBy('item_id').execute();
    const sound = rows.filter(
      (r) =>
        Number.isInteger(r.frames) &&
        r.frames >= 0 &&
        r.frames <= MOST_STORED_FRAMES &&
        r.fps > 0 &&
        r.hashes.length === r.frames * 64 &&
        r.qualities.length === r.frames * 2 &&
        /^[0-9a-f]*$/.test(r.hashes) &&
        /^[0-9a-f]*$/.test(r.qualities),
    );
    const paths = await this.pathsOf(sound.map((r) => r.item_id));
    const videos = sound.map((r) => ({
      itemId: r.item_id,
      fps: r.fps,
      frames: Array.from({ length: r.frames }, (_, i) => ({
        t: i / r.fps,
        hash: r.hashes.slice(i * 64, i * 64 + 64),
        quality: parseInt(r.qualities.slice(i * 2, i * 2 + 2), 16),
      })),
      paths: paths.get(r.item_id) ?? [],
    }));
    return { videos, damaged: rows.length - sound.length };
  }

  private async pathsOf(itemIds: string[]): Promise<Map<string, string[]>> {
    const paths = new Map<string, string[]>();
    for (let i = 0; i < itemIds.length; i += 500) {
      const ids = itemIds.slice(i, i + 500);
      const sources = await this.db.selectFrom('item_sources').select(['item_id', 'location']).where('item_id', 'in', ids).orderBy('location').execute();
      for (const source of sources) paths.set(source.item_id, [...(paths.get(source.item_id) ?? []), source.location]);
    }
    return paths;
  }

  /** How many items are in each state, and how many media items wait for their first analysis. */
  async counts(): Promise<{ analysed: number; unreadable: number; failed: number }> {
    const rows = await this.db
      .selectFrom('media_analyses')
      .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('state')
      .execute();
    const counts = { analysed: 0, unreadable: 0, failed: 0 };
    for (const row of rows) counts[row.state] = Number(row.n);
    return counts;
  }
}

function fromRow(row: MediaTables['media_analyses']): MediaAnalysis {
  return {
    item: row.item_id,
    state: row.state,
    probe: JSON.parse(row.probe) as MediaAnalysis['probe'],
    ...(row.pdq !== null
      ? {
          pdq: {
            hash: row.pdq,
            quality: row.pdq_quality ?? 0,
            ...(row.pdq_dihedral !== null ? { dihedral: JSON.parse(row.pdq_dihedral) as PdqDihedralHashes } : {}),
          },
        }
      : {}),
    ...(row.reason !== null ? { reason: row.reason } : {}),
    ...(row.burned_in_start !== null
      ? {
          burnedIn: {
            start: row.burned_in_start,
            confidence: Number(row.burned_in_confidence ?? 0),
            ...(row.burned_in_camera !== null ? { camera: row.burned_in_camera } : {}),
          },
        }
      : {}),
    tools: JSON.parse(row.tools) as Record<string, string>,
    analysedAt: row.analysed_at,
  };
}
