import { sql } from 'kysely';
import type { Viewer } from '../../accounts/viewer.js';
import type { Db } from '../../db/database.js';
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

export interface FacetCount {
  value: string;
  count: number;
}

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
}
