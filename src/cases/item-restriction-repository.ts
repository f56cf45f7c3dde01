import type { Transaction } from 'kysely';
import type { Db } from '../db/database.js';
import type { VigilDatabase } from '../db/schema.js';

export interface NewRestriction {
  itemId: string;
  compartmentId: string;
}

/**
 * Puts items into the compartment of the incident that uses them, in the transaction that links
 * them or restricts the incident: the evidence of a restricted incident belongs to its compartment,
 * and stays there (a deletion, an unlinking or a lifted restriction leaves the row) until an
 * administrator releases it. `itemIds` null: every item the incident's live links point at.
 * Answers the restrictions that are new.
 */
export async function restrictIncidentItems(
  trx: Transaction<VigilDatabase>,
  incidentId: string,
  itemIds: string[] | null,
  by: string,
): Promise<NewRestriction[]> {
  const incident = await trx.selectFrom('incidents').select('compartment_id').where('id', '=', incidentId).executeTakeFirst();
  const compartmentId = incident?.compartment_id ?? null;
  if (compartmentId === null) return [];
  const wanted =
    itemIds ??
    (await trx.selectFrom('evidence_links').select('item_id').distinct().where('incident_id', '=', incidentId).where('deleted_at', 'is', null).execute()).map((r) => r.item_id);
  if (wanted.length === 0) return [];
  const present = new Set(
    (await trx.selectFrom('item_restrictions').select('item_id').where('compartment_id', '=', compartmentId).where('item_id', 'in', wanted).execute()).map((r) => r.item_id),
  );
  const added = [...new Set(wanted)].filter((id) => !present.has(id));
  if (added.length === 0) return [];
  const at = new Date().toISOString();
  await trx
    .insertInto('item_restrictions')
    .values(added.map((itemId) => ({ item_id: itemId, compartment_id: compartmentId, created_at: at, created_by: by })))
    .onConflict((oc) => oc.columns(['item_id', 'compartment_id']).doNothing())
    .execute();
  return added.map((itemId) => ({ itemId, compartmentId }));
}

/** The item's own restrictions, and the administrator's release of them. */
export class ItemRestrictionRepository {
  constructor(private readonly db: Db) {}

  async compartmentsOf(itemId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('item_restrictions').select('compartment_id').where('item_id', '=', itemId).orderBy('compartment_id').execute();
    return rows.map((r) => r.compartment_id);
  }

  /**
   * Removes the item's own restrictions to compartments that no live incident of theirs uses; those
   * still used stay, and the incidents that use them are answered.
   */
  async release(itemId: string): Promise<{ released: string[]; usedBy: string[] }> {
    return this.db.transaction().execute(async (trx) => {
      const compartments = (await trx.selectFrom('item_restrictions').select('compartment_id').where('item_id', '=', itemId).orderBy('compartment_id').execute()).map((r) => r.compartment_id);
      if (compartments.length === 0) return { released: [], usedBy: [] };
      const users = await trx
        .selectFrom('evidence_links')
        .innerJoin('incidents', 'incidents.id', 'evidence_links.incident_id')
        .select(['incidents.id', 'incidents.compartment_id'])
        .distinct()
        .where('evidence_links.item_id', '=', itemId)
        .where('evidence_links.deleted_at', 'is', null)
        .where('incidents.deleted_at', 'is', null)
        .where('incidents.compartment_id', 'in', compartments)
        .orderBy('incidents.id')
        .execute();
      const inUse = new Set(users.map((u) => u.compartment_id));
      const released = compartments.filter((c) => !inUse.has(c));
      if (released.length > 0) await trx.deleteFrom('item_restrictions').where('item_id', '=', itemId).where('compartment_id', 'in', released).execute();
      return { released, usedBy: users.map((u) => u.id) };
    });
  }
}
