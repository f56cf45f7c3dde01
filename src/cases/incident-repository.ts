import type { Insertable } from 'kysely';
import type { Viewer } from '../accounts/index.js';
import type { Db } from '../db/index.js';
import { currentExecutor, runInTransaction } from '../db/index.js';
import type { Incident, IncidentTable } from '../db/index.js';
import { restrictIncidentItems, type NewRestriction } from './item-restriction-repository.js';
import { chunks, hiddenFrom, visibleTo } from './visibility.js';

export class IncidentRepository {
  constructor(private readonly root: Db) {}

  /** The transaction a caller opened (runInTransaction), else the database. */
  private get db(): Db {
    return currentExecutor(this.root);
  }

  async insert(row: Insertable<IncidentTable>): Promise<void> {
    await this.db.insertInto('incidents').values(row).execute();
  }

  /** Any incident, whoever may see it: for the search index and consistency checks, never for display. */
  findRaw(id: string): Promise<Incident | undefined> {
    return this.db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
  }

  find(id: string, viewer: Viewer, options: { withDeleted?: boolean } = {}): Promise<Incident | undefined> {
    let query = this.db.selectFrom('incidents').selectAll().where('id', '=', id).where(visibleTo('incidents', viewer));
    if (!options.withDeleted) query = query.where('deleted_at', 'is', null);
    return query.executeTakeFirst();
  }

  /** Which of these incidents, live or deleted, the viewer may not see. */
  async hiddenAmong(viewer: Viewer, ids: string[]): Promise<Set<string>> {
    const hidden = new Set<string>();
    for (const part of chunks(ids)) {
      const rows = await this.db.selectFrom('incidents').select('id').where('id', 'in', part).where(hiddenFrom('incidents', viewer)).execute();
      for (const row of rows) hidden.add(row.id);
    }
    return hidden;
  }

  /** The two ends of these incident links, those that still exist. */
  async linkEnds(ids: string[]): Promise<Array<{ id: string; from_incident_id: string; to_incident_id: string }>> {
    const ends = [];
    for (const part of chunks(ids))
      ends.push(...(await this.db.selectFrom('incident_links').select(['id', 'from_incident_id', 'to_incident_id']).where('id', 'in', part).execute()));
    return ends;
  }

  /**
   * Applies an edit made from `version`; answers null when someone saved first. A restricted incident's
   * evidence goes into its compartment in the same transaction: the restrictions that are new.
   */
  async update(id: string, version: number, values: Partial<Insertable<IncidentTable>>, by: Viewer): Promise<NewRestriction[] | null> {
    return runInTransaction(this.root, async (trx) => {
      const result = await trx
        .updateTable('incidents')
        .set({ ...values, version: version + 1 })
        .where('id', '=', id)
        .where('version', '=', version)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return null;
      return restrictIncidentItems(trx, id, null, by);
    });
  }

  /** Marks a change made through one of the incident's parts, which carry versions of their own. */
  async touch(id: string, at: string): Promise<void> {
    await this.db.updateTable('incidents').set({ updated_at: at }).where('id', '=', id).execute();
  }

  async setDeleted(id: string, deleted: { at: string; by: string }): Promise<void> {
    await this.db
      .updateTable('incidents')
      .set((eb) => ({ deleted_at: deleted.at, deleted_by: deleted.by, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .execute();
  }

  /**
   * Brings a deleted incident back; a restricted one takes its evidence back into its compartment in the
   * same transaction (an administrator may have released an item while no live incident used it).
   * Answers the restrictions that are new.
   */
  async restore(id: string, by: Viewer): Promise<NewRestriction[]> {
    return runInTransaction(this.root, async (trx) => {
      await trx
        .updateTable('incidents')
        .set((eb) => ({ deleted_at: null, deleted_by: null, version: eb('version', '+', 1) }))
        .where('id', '=', id)
        .execute();
      return restrictIncidentItems(trx, id, null, by);
    });
  }

  listDeleted(viewer: Viewer): Promise<Array<Pick<Incident, 'id' | 'title_ru' | 'title_en' | 'deleted_at' | 'deleted_by'>>> {
    return this.db
      .selectFrom('incidents')
      .select(['id', 'title_ru', 'title_en', 'deleted_at', 'deleted_by'])
      .where('deleted_at', 'is not', null)
      .where(visibleTo('incidents', viewer))
      .orderBy('deleted_at', 'desc')
      .execute();
  }

  async insertLink(row: { id: string; from_incident_id: string; to_incident_id: string; relation: string; note: string; created_at: string }): Promise<void> {
    await this.db.insertInto('incident_links').values(row).execute();
  }

  async deleteLink(id: string): Promise<void> {
    await this.db.deleteFrom('incident_links').where('id', '=', id).execute();
  }

  findLink(id: string): Promise<{ id: string; from_incident_id: string; to_incident_id: string } | undefined> {
    return this.db.selectFrom('incident_links').select(['id', 'from_incident_id', 'to_incident_id']).where('id', '=', id).executeTakeFirst();
  }

  /** Chains of events through this incident, in both directions, to incidents the viewer may see. */
  async links(
    id: string,
    viewer: Viewer,
  ): Promise<Array<{ id: string; direction: 'to' | 'from'; incidentId: string; title_ru: string; title_en: string; relation: string; note: string }>> {
    const [to, from] = await Promise.all([this.linksOneWay(id, viewer, 'to'), this.linksOneWay(id, viewer, 'from')]);
    return [...to, ...from];
  }

  private async linksOneWay(id: string, viewer: Viewer, direction: 'to' | 'from') {
    const [here, there] = direction === 'to' ? (['from_incident_id', 'to_incident_id'] as const) : (['to_incident_id', 'from_incident_id'] as const);
    const rows = await this.db
      .selectFrom('incident_links')
      .innerJoin('incidents', 'incidents.id', `incident_links.${there}`)
      .select(['incident_links.id', 'incidents.id as incidentId', 'incidents.title_ru', 'incidents.title_en', 'incident_links.relation', 'incident_links.note'])
      .where(`incident_links.${here}`, '=', id)
      .where('incidents.deleted_at', 'is', null)
      .where(visibleTo('incidents', viewer))
      .execute();
    return rows.map((l) => ({ ...l, direction }));
  }

  /** Live incidents in a facility, whoever may see them: to refresh their search terms. */
  async idsAtFacility(facilityId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('incidents').select('id').where('facility_id', '=', facilityId).where('deleted_at', 'is', null).execute();
    return rows.map((r) => r.id);
  }

  /** Live incidents with an act of this type: to refresh their search terms. */
  async idsWithActType(actTypeId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('acts')
      .select('incident_id')
      .distinct()
      .where('act_type_id', '=', actTypeId)
      .where('deleted_at', 'is', null)
      .execute();
    return rows.map((r) => r.incident_id);
  }

  /** Incidents a person appears in (victim, perpetrator, intervention), with their compartments. */
  async incidentsOfPerson(personId: string): Promise<Array<{ id: string; compartment_id: string | null }>> {
    const rows = await this.db
      .selectFrom('incidents')
      .select(['incidents.id', 'incidents.compartment_id'])
      .where('incidents.deleted_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb(
            'incidents.id',
            'in',
            eb.selectFrom('acts').select('acts.incident_id').where('acts.victim_id', '=', personId).where('acts.deleted_at', 'is', null),
          ),
          eb(
            'incidents.id',
            'in',
            eb
              .selectFrom('involvements')
              .innerJoin('acts', 'acts.id', 'involvements.act_id')
              .select('acts.incident_id')
              .where('involvements.perpetrator_id', '=', personId)
              .where('acts.deleted_at', 'is', null),
          ),
          eb(
            'incidents.id',
            'in',
            eb
              .selectFrom('interventions')
              .select('interventions.incident_id')
              .where('interventions.person_id', '=', personId)
              .where('interventions.deleted_at', 'is', null),
          ),
        ]),
      )
      .execute();
    return rows;
  }
}
