import type { Db } from '../../db/database.js';

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
}
