import type { Transaction } from 'kysely';
import type { Db } from '../../db/index.js';
import { currentExecutor, runInTransaction } from '../../db/index.js';
import type { VigilDatabase } from '../../db/index.js';

export interface IncidentFilters {
  /** For each query word, the terms any one of which satisfies it. */
  words: string[][];
  facilityIds: string[];
  regions: string[];
  actTypeIds: string[];
  years: number[];
  interventionKinds: string[];
  hasEvidence: boolean | null;
  tags: string[];
}

/** Every live incident the viewer may see. */
export const NO_FILTERS: IncidentFilters = {
  words: [],
  facilityIds: [],
  regions: [],
  actTypeIds: [],
  years: [],
  interventionKinds: [],
  hasEvidence: null,
  tags: [],
};

export type { IncidentSort } from '../case-views.js';

export interface FacetCount {
  value: string;
  count: number;
}

export class SearchRepository {
  constructor(private readonly root: Db) {}

  /** The transaction a caller opened (runInTransaction), else the database. */
  private get db(): Db {
    return currentExecutor(this.root);
  }

  /** Replaces a record's terms, and numbers the change for the other server processes. */
  async index(docType: 'incident' | 'person', docId: string, terms: Map<string, number>): Promise<void> {
    await runInTransaction(this.root, async (trx) => {
      await trx.deleteFrom('search_terms').where('doc_type', '=', docType).where('doc_id', '=', docId).execute();
      const rows = [...terms].map(([term, weight]) => ({ term, doc_type: docType, doc_id: docId, weight }));
      for (let i = 0; i < rows.length; i += 500)
        await trx
          .insertInto('search_terms')
          .values(rows.slice(i, i + 500))
          .execute();
      await recordChange(trx, docType, docId);
    });
  }

  async remove(docType: 'incident' | 'person', docId: string): Promise<void> {
    await runInTransaction(this.root, async (trx) => {
      await trx.deleteFrom('search_terms').where('doc_type', '=', docType).where('doc_id', '=', docId).execute();
      await recordChange(trx, docType, docId);
    });
  }
}

/** Changes older than this are pruned; a process further behind reloads the whole index. */
const KEEP_CHANGES_MS = 7 * 24 * 3600 * 1000;

async function recordChange(trx: Transaction<VigilDatabase>, docType: 'incident' | 'person', docId: string): Promise<void> {
  const { seq } = await trx
    .updateTable('search_head')
    .set((eb) => ({ seq: eb('seq', '+', 1) }))
    .where('id', '=', 1)
    .returning('seq')
    .executeTakeFirstOrThrow();
  const now = Date.now();
  await trx
    .insertInto('search_changes')
    .values({ seq: Number(seq), doc_type: docType, doc_id: docId, at: new Date(now).toISOString() })
    .execute();
  if (Number(seq) % 1000 === 0)
    await trx
      .deleteFrom('search_changes')
      .where('at', '<', new Date(now - KEEP_CHANGES_MS).toISOString())
      .execute();
}
