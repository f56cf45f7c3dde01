import { sql, type SelectQueryBuilder } from 'kysely';
import type { Viewer } from '../../accounts/viewer.js';
import type { Db } from '../../db/database.js';
import type { VigilDatabase } from '../../db/schema.js';
import { visibleTo } from '../visibility.js';

export interface IncidentFilters {
  /** For each query word, the terms any one of which satisfies it. */
  words: string[][];
  facilityIds: string[];
  regions: string[];
  actTypeIds: string[];
  years: number[];
  interventionKinds: string[];
  hasEvidence: boolean | null;
}

export type IncidentSort = 'relevance' | 'date-desc' | 'date-asc' | 'updated-desc';

export interface IncidentHit {
  id: string;
  title_ru: string;
  title_en: string;
  date_start: string | null;
  date_precision: string;
  facility_id: string | null;
  facility_ru: string | null;
  facility_en: string | null;
  region: string | null;
  compartment_id: string | null;
  score: number;
}

export interface FacetCount {
  value: string;
  count: number;
}

type IncidentQuery = SelectQueryBuilder<VigilDatabase, 'incidents' | 'facilities', object>;

export class SearchRepository {
  constructor(private readonly db: Db) {}

  /** Replaces a record's terms. */
  async index(docType: 'incident' | 'person', docId: string, terms: Map<string, number>): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('search_terms').where('doc_type', '=', docType).where('doc_id', '=', docId).execute();
      const rows = [...terms].map(([term, weight]) => ({ term, doc_type: docType, doc_id: docId, weight }));
      for (let i = 0; i < rows.length; i += 500) await trx.insertInto('search_terms').values(rows.slice(i, i + 500)).execute();
    });
  }

  async remove(docType: 'incident' | 'person', docId: string): Promise<void> {
    await this.db.deleteFrom('search_terms').where('doc_type', '=', docType).where('doc_id', '=', docId).execute();
  }

  async searchIncidents(viewer: Viewer, filters: IncidentFilters, page: { sort: IncidentSort; limit: number; offset: number }): Promise<{ total: number; hits: IncidentHit[]; facets: Record<string, FacetCount[]> }> {
    const matching = this.matchingIncidents(viewer, filters);
    const total = Number((await matching.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const hits = await this.page(matching, filters, page);
    const ids = matching.select('incidents.id');
    const facets = {
      facility: await this.facet(ids, 'facility'),
      region: await this.facet(ids, 'region'),
      actType: await this.facet(ids, 'actType'),
      year: await this.facet(ids, 'year'),
      intervention: await this.facet(ids, 'intervention'),
      hasEvidence: await this.facet(ids, 'hasEvidence'),
    };
    return { total, hits, facets };
  }

  /** People the viewer may see whose terms match every word, best first. */
  async searchPeople(viewer: Viewer, words: string[][], limit: number): Promise<string[]> {
    if (words.length === 0) return [];
    const rows = await this.db
      .selectFrom(this.termMatches('person', words).as('m'))
      .innerJoin('people', 'people.id', 'm.doc_id')
      .select('people.id')
      .where('people.deleted_at', 'is', null)
      .where(visibleTo('people', viewer))
      .orderBy('m.score', 'desc')
      .orderBy('people.id')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  /** Documents holding, for every word, one of its terms; with the summed weight as a score. */
  private termMatches(docType: 'incident' | 'person', words: string[][]) {
    const all = [...new Set(words.flat())];
    const wordOf = sql<number>`case ${sql.join(
      words.map((terms, i) => sql`when term in (${sql.join(terms)}) then ${i}`),
      sql` `,
    )} end`;
    return this.db
      .selectFrom('search_terms')
      .select(['doc_id'])
      .select((eb) => eb.fn.sum<number>('weight').as('score'))
      .where('doc_type', '=', docType)
      .where('term', 'in', all)
      .groupBy('doc_id')
      .having(sql`count(distinct ${wordOf})`, '=', words.length);
  }

  private matchingIncidents(viewer: Viewer, f: IncidentFilters): IncidentQuery {
    let query = this.db
      .selectFrom('incidents')
      .leftJoin('facilities', 'facilities.id', 'incidents.facility_id')
      .where('incidents.deleted_at', 'is', null)
      .where(visibleTo('incidents', viewer));
    if (f.words.length > 0) query = query.where('incidents.id', 'in', this.termMatches('incident', f.words).clearSelect().select('doc_id'));
    if (f.facilityIds.length > 0) query = query.where('incidents.facility_id', 'in', f.facilityIds);
    if (f.regions.length > 0) query = query.where('facilities.region', 'in', f.regions);
    if (f.years.length > 0) query = query.where('incidents.year', 'in', f.years);
    if (f.actTypeIds.length > 0) {
      query = query.where('incidents.id', 'in', (eb) => eb.selectFrom('acts').select('acts.incident_id').where('acts.act_type_id', 'in', f.actTypeIds).where('acts.deleted_at', 'is', null));
    }
    if (f.interventionKinds.length > 0) {
      query = query.where('incidents.id', 'in', (eb) =>
        eb.selectFrom('interventions').select('interventions.incident_id').where('interventions.kind', 'in', f.interventionKinds).where('interventions.deleted_at', 'is', null),
      );
    }
    if (f.hasEvidence !== null) {
      const linked = this.db.selectFrom('evidence_links').select('evidence_links.incident_id').where('evidence_links.deleted_at', 'is', null);
      query = f.hasEvidence ? query.where('incidents.id', 'in', linked) : query.where('incidents.id', 'not in', linked);
    }
    return query as IncidentQuery;
  }

  private async page(matching: IncidentQuery, f: IncidentFilters, page: { sort: IncidentSort; limit: number; offset: number }): Promise<IncidentHit[]> {
    let query = matching.select([
      'incidents.id',
      'incidents.title_ru',
      'incidents.title_en',
      'incidents.date_start',
      'incidents.date_precision',
      'incidents.facility_id',
      'incidents.compartment_id',
      'facilities.name_ru as facility_ru',
      'facilities.name_en as facility_en',
      'facilities.region',
    ]);
    const relevance = page.sort === 'relevance' && f.words.length > 0;
    const scored = relevance
      ? query.innerJoin(this.termMatches('incident', f.words).as('m'), 'm.doc_id', 'incidents.id').select('m.score').orderBy('m.score', 'desc')
      : query.select(sql<number>`0`.as('score'));
    query = scored as unknown as typeof query;
    if (page.sort === 'date-asc') query = query.orderBy('incidents.date_start', 'asc');
    else if (page.sort === 'updated-desc') query = query.orderBy('incidents.updated_at', 'desc');
    else query = query.orderBy('incidents.date_start', 'desc');
    const rows = await query.orderBy('incidents.id').limit(page.limit).offset(page.offset).execute();
    return rows.map((r) => ({ ...(r as unknown as IncidentHit), score: Number((r as unknown as IncidentHit).score ?? 0) }));
  }

  private async facet(ids: SelectQueryBuilder<VigilDatabase, 'incidents' | 'facilities', { id: string }>, facet: string): Promise<FacetCount[]> {
    const count = sql<number>`count(distinct incidents.id)`.as('count');
    const inMatching = (column: 'incidents.id') => sql<boolean>`${sql.ref(column)} in (${ids})`;
    let rows: Array<{ value: string | number | null; count: number }>;
    switch (facet) {
      case 'facility':
        rows = await this.db.selectFrom('incidents').select(['incidents.facility_id as value', count]).where(inMatching('incidents.id')).where('incidents.facility_id', 'is not', null).groupBy('incidents.facility_id').execute();
        break;
      case 'region':
        rows = await this.db.selectFrom('incidents').innerJoin('facilities', 'facilities.id', 'incidents.facility_id').select(['facilities.region as value', count]).where(inMatching('incidents.id')).groupBy('facilities.region').execute();
        break;
      case 'year':
        rows = await this.db.selectFrom('incidents').select(['incidents.year as value', count]).where(inMatching('incidents.id')).where('incidents.year', 'is not', null).groupBy('incidents.year').execute();
        break;
      case 'actType':
        rows = await this.db.selectFrom('incidents').innerJoin('acts', 'acts.incident_id', 'incidents.id').select(['acts.act_type_id as value', count]).where(inMatching('incidents.id')).where('acts.deleted_at', 'is', null).groupBy('acts.act_type_id').execute();
        break;
      case 'intervention':
        rows = await this.db
          .selectFrom('incidents')
          .innerJoin('interventions', 'interventions.incident_id', 'incidents.id')
          .select(['interventions.kind as value', count])
          .where(inMatching('incidents.id'))
          .where('interventions.deleted_at', 'is', null)
          .groupBy('interventions.kind')
          .execute();
        break;
      default: {
        const linked = sql<number>`case when exists (select 1 from evidence_links e where e.incident_id = incidents.id and e.deleted_at is null) then 'yes' else 'no' end`;
        rows = await this.db.selectFrom('incidents').select([linked.as('value'), count]).where(inMatching('incidents.id')).groupBy(linked).execute();
      }
    }
    return rows
      .map((r) => ({ value: String(r.value), count: Number(r.count) }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  }
}
