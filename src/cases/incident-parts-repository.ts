import type { Insertable } from 'kysely';
import type { Viewer } from '../accounts/index.js';
import type { Db } from '../db/index.js';
import { currentExecutor, runInTransaction } from '../db/index.js';
import type {
  Act,
  ActTable,
  EvidenceLink,
  EvidenceLinkTable,
  Intervention,
  InterventionStatusTable,
  InterventionTable,
  InvolvementTable,
} from '../db/index.js';
import { restrictIncidentItems, type NewRestriction } from './item-restriction-repository.js';

/** What hangs off an incident: acts and their perpetrators, evidence links, interventions and their history. */
export class IncidentPartsRepository {
  constructor(private readonly root: Db) {}

  /** The transaction a caller opened (runInTransaction), else the database. */
  private get db(): Db {
    return currentExecutor(this.root);
  }

  async insertAct(act: Insertable<ActTable>, involvements: Array<Insertable<InvolvementTable>>): Promise<void> {
    await runInTransaction(this.root, async (trx) => {
      await trx.insertInto('acts').values(act).execute();
      if (involvements.length > 0) await trx.insertInto('involvements').values(involvements).execute();
    });
  }

  async updateAct(id: string, version: number, act: Partial<Insertable<ActTable>>, involvements: Array<Insertable<InvolvementTable>>): Promise<boolean> {
    return runInTransaction(this.root, async (trx) => {
      const result = await trx
        .updateTable('acts')
        .set({ ...act, version: version + 1 })
        .where('id', '=', id)
        .where('version', '=', version)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      await trx.deleteFrom('involvements').where('act_id', '=', id).execute();
      if (involvements.length > 0) await trx.insertInto('involvements').values(involvements).execute();
      return true;
    });
  }

  findAct(id: string): Promise<Act | undefined> {
    return this.db.selectFrom('acts').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  }

  async softDelete(table: 'acts' | 'evidence_links' | 'interventions', id: string, at: string, by: string): Promise<void> {
    await this.db.updateTable(table).set({ deleted_at: at, deleted_by: by }).where('id', '=', id).execute();
  }

  acts(incidentId: string): Promise<Act[]> {
    return this.db
      .selectFrom('acts')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .where('deleted_at', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  involvements(actIds: string[]): Promise<Array<{ act_id: string; perpetrator_id: string; degree: string; note: string }>> {
    if (actIds.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('involvements').select(['act_id', 'perpetrator_id', 'degree', 'note']).where('act_id', 'in', actIds).orderBy('id').execute();
  }

  /** Links the item, and in the same transaction puts it into the incident's compartment, if it has one. */
  async insertEvidenceLink(row: Insertable<EvidenceLinkTable>, by: Viewer): Promise<NewRestriction[]> {
    return runInTransaction(this.root, async (trx) => {
      await trx.insertInto('evidence_links').values(row).execute();
      return restrictIncidentItems(trx, row.incident_id, [row.item_id], by);
    });
  }

  findEvidenceLink(id: string): Promise<EvidenceLink | undefined> {
    return this.db.selectFrom('evidence_links').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  }

  evidence(incidentId: string): Promise<Array<EvidenceLink & { media_type: string; size: number; sha256: string }>> {
    return this.db
      .selectFrom('evidence_links')
      .innerJoin('items', 'items.id', 'evidence_links.item_id')
      .selectAll('evidence_links')
      .select(['items.media_type', 'items.size', 'items.sha256'])
      .where('evidence_links.incident_id', '=', incidentId)
      .where('evidence_links.deleted_at', 'is', null)
      .orderBy('evidence_links.created_at')
      .execute();
  }

  async insertIntervention(row: Insertable<InterventionTable>, status: Insertable<InterventionStatusTable>): Promise<void> {
    await runInTransaction(this.root, async (trx) => {
      await trx.insertInto('interventions').values(row).execute();
      await trx.insertInto('intervention_statuses').values(status).execute();
    });
  }

  /** Applies an edit; a new status also goes into the history. */
  async updateIntervention(
    id: string,
    version: number,
    values: Partial<Insertable<InterventionTable>>,
    status: Insertable<InterventionStatusTable> | null,
  ): Promise<boolean> {
    return runInTransaction(this.root, async (trx) => {
      const result = await trx
        .updateTable('interventions')
        .set({ ...values, version: version + 1 })
        .where('id', '=', id)
        .where('version', '=', version)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      if (status) await trx.insertInto('intervention_statuses').values(status).execute();
      return true;
    });
  }

  findIntervention(id: string): Promise<Intervention | undefined> {
    return this.db.selectFrom('interventions').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  }

  interventions(incidentId: string): Promise<Intervention[]> {
    return this.db
      .selectFrom('interventions')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .where('deleted_at', 'is', null)
      .orderBy('created_at')
      .execute();
  }

  statusHistory(
    interventionIds: string[],
  ): Promise<Array<{ intervention_id: string; status: string; changed_on: string | null; note: string; recorded_at: string }>> {
    if (interventionIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('intervention_statuses')
      .select(['intervention_id', 'status', 'changed_on', 'note', 'recorded_at'])
      .where('intervention_id', 'in', interventionIds)
      .orderBy('recorded_at')
      .orderBy('id')
      .execute();
  }
}
