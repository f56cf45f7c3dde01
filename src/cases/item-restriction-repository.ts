import type { Transaction } from 'kysely';
import type { Db } from '../db/index.js';
import { currentExecutor, runInTransaction } from '../db/index.js';
import type { VigilDatabase } from '../db/index.js';
import { withHiddenItems } from './hidden-items-repository.js';

export interface NewRestriction {
  itemId: string;
  compartmentId: string;
}

/**
 * Puts items into the compartment of the incident that uses them, in the transaction that links
 * them, restricts the incident or restores it: the evidence of a restricted incident belongs to its
 * compartment, and stays there (a deletion, an unlinking or a lifted restriction leaves the row) until
 * an administrator releases it. `itemIds` null: every item the incident's live links point at.
 * Items hidden from the person acting (`compartments` are theirs) are left as they are: adding a
 * compartment to an item means "members of this one too", and nobody may take an item away from the
 * members of a compartment they are not in. Answers the restrictions that are new.
 */
export async function restrictIncidentItems(
  trx: Transaction<VigilDatabase>,
  incidentId: string,
  itemIds: string[] | null,
  by: { userId: string; compartments: ReadonlySet<string> },
): Promise<NewRestriction[]> {
  const incident = await trx.selectFrom('incidents').select('compartment_id').where('id', '=', incidentId).executeTakeFirst();
  const compartmentId = incident?.compartment_id ?? null;
  if (compartmentId === null) return [];
  const linked =
    itemIds ??
    (await trx.selectFrom('evidence_links').select('item_id').distinct().where('incident_id', '=', incidentId).where('deleted_at', 'is', null).execute()).map(
      (r) => r.item_id,
    );
  if (linked.length === 0) return [];
  const hidden = new Set(
    (
      await withHiddenItems(trx, by.compartments)
        .selectFrom('hidden_items')
        .select('hidden_items.item_id')
        .where('hidden_items.item_id', 'in', linked)
        .execute()
    ).map((r) => r.item_id),
  );
  const wanted = linked.filter((id) => !hidden.has(id));
  if (wanted.length === 0) return [];
  const present = new Set(
    (await trx.selectFrom('item_restrictions').select('item_id').where('compartment_id', '=', compartmentId).where('item_id', 'in', wanted).execute()).map(
      (r) => r.item_id,
    ),
  );
  const added = [...new Set(wanted)].filter((id) => !present.has(id));
  if (added.length === 0) return [];
  const at = new Date().toISOString();
  await trx
    .insertInto('item_restrictions')
    .values(added.map((itemId) => ({ item_id: itemId, compartment_id: compartmentId, created_at: at, created_by: by.userId })))
    .onConflict((oc) => oc.columns(['item_id', 'compartment_id']).doNothing())
    .execute();
  return added.map((itemId) => ({ itemId, compartmentId }));
}

/** The item's own restrictions, and the administrator's release of them. */
export class ItemRestrictionRepository {
  constructor(private readonly root: Db) {}

  /** The transaction a caller opened (runInTransaction), else the database. */
  private get db(): Db {
    return currentExecutor(this.root);
  }

  async compartmentsOf(itemId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('item_restrictions').select('compartment_id').where('item_id', '=', itemId).orderBy('compartment_id').execute();
    return rows.map((r) => r.compartment_id);
  }

  /**
   * Removes the item's own restrictions to compartments that no live incident of theirs uses; those
   * still used stay, and the incidents that use them are answered.
   */
  async release(itemId: string): Promise<{ released: string[]; usedBy: string[] }> {
    return runInTransaction(this.root, async (trx) => {
      const compartments = (
        await trx.selectFrom('item_restrictions').select('compartment_id').where('item_id', '=', itemId).orderBy('compartment_id').execute()
      ).map((r) => r.compartment_id);
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
