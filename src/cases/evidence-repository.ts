import { sql } from 'kysely';
import type { Viewer } from '../accounts/viewer.js';
import type { Db } from '../db/database.js';
import type { Item } from '../db/schema.js';
import { visibleTo } from './visibility.js';

/**
 * The vault as staff see it: an item that only restricted incidents use belongs to their compartment
 * and is invisible outside it; an item no incident uses yet is visible to every evidence role.
 */
export class EvidenceRepository {
  constructor(private readonly db: Db) {}

  async visibleItems(viewer: Viewer, after: string | null, limit: number): Promise<Item[]> {
    let query = this.db.selectFrom('items').selectAll('items').where(this.itemVisible(viewer)).orderBy('items.id').limit(limit);
    if (after !== null) query = query.where('items.id', '>', after);
    return query.execute();
  }

  async visibleItem(viewer: Viewer, id: string): Promise<Item | undefined> {
    return this.db.selectFrom('items').selectAll('items').where('items.id', '=', id).where(this.itemVisible(viewer)).executeTakeFirst();
  }

  linkedIncidents(viewer: Viewer, itemId: string): Promise<Array<{ id: string; title_ru: string; title_en: string }>> {
    return this.db
      .selectFrom('incidents')
      .select(['incidents.id', 'incidents.title_ru', 'incidents.title_en'])
      .where('incidents.id', 'in', (eb) => eb.selectFrom('evidence_links').select('evidence_links.incident_id').where('evidence_links.item_id', '=', itemId).where('evidence_links.deleted_at', 'is', null))
      .where('incidents.deleted_at', 'is', null)
      .where(visibleTo('incidents', viewer))
      .orderBy('incidents.id')
      .execute();
  }

  private itemVisible(viewer: Viewer) {
    const links = sql`select 1 from evidence_links l join incidents on incidents.id = l.incident_id
      where l.item_id = items.id and l.deleted_at is null and incidents.deleted_at is null`;
    return sql<boolean>`(not exists (${links}) or exists (${links} and ${visibleTo('incidents', viewer)}))`;
  }
}
