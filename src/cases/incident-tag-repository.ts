import { sql } from 'kysely';
import type { Viewer } from '../accounts/index.js';
import type { Db } from '../db/index.js';
import { currentExecutor } from '../db/index.js';
import { chunks, visibleTo } from './visibility.js';

/** The tags on incidents. It never decides who may see them: callers ask through an incident the reader may see. */
export class IncidentTagRepository {
  constructor(private readonly root: Db) {}

  /** The transaction a caller opened (runInTransaction), else the database. */
  private get db(): Db {
    return currentExecutor(this.root);
  }

  async of(incidentId: string): Promise<string[]> {
    return (await this.ofMany([incidentId])).get(incidentId) ?? [];
  }

  /**
   * Each incident's tags in the order of their characters' codes, the same whatever the database's collation (a
   * reader's alphabetical order is the reader's to apply); incidents without any are absent.
   */
  async ofMany(incidentIds: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const part of chunks(incidentIds)) {
      const rows = await this.db.selectFrom('incident_tags').select(['incident_id', 'tag']).where('incident_id', 'in', part).execute();
      for (const r of rows) {
        const list = out.get(r.incident_id);
        if (list) list.push(r.tag);
        else out.set(r.incident_id, [r.tag]);
      }
    }
    for (const list of out.values()) list.sort();
    return out;
  }

  /** Tags in use on live incidents the viewer may see that are, in lower case, one of `lowered`. */
  async spellings(viewer: Viewer, lowered: string[]): Promise<string[]> {
    if (lowered.length === 0) return [];
    const rows = await this.db
      .selectFrom('incident_tags')
      .innerJoin('incidents', 'incidents.id', 'incident_tags.incident_id')
      .select('incident_tags.tag')
      .distinct()
      .where(visibleTo('incidents', viewer))
      .where('incidents.deleted_at', 'is', null)
      .where(sql<string>`lower(incident_tags.tag)`, 'in', lowered)
      .execute();
    return rows.map((r) => r.tag);
  }

  async add(incidentId: string, tags: string[]): Promise<void> {
    if (tags.length === 0) return;
    await this.db
      .insertInto('incident_tags')
      .values(tags.map((tag) => ({ incident_id: incidentId, tag })))
      .onConflict((c) => c.columns(['incident_id', 'tag']).doNothing())
      .execute();
  }

  async remove(incidentId: string, tags: string[]): Promise<void> {
    if (tags.length === 0) return;
    await this.db.deleteFrom('incident_tags').where('incident_id', '=', incidentId).where('tag', 'in', tags).execute();
  }
}
