import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import { withHiddenItems } from '../hidden-items-repository.js';
import { chunks } from '../visibility.js';

/** What the in-memory search index keeps of an incident, besides its terms. */
export interface IncidentFacetRow {
  id: string;
  compartment_id: string | null;
  deleted: boolean;
  facility_id: string | null;
  region: string | null;
  year: number | null;
  date_start: string | null;
  updated_at: string;
  act_types: string[];
  interventions: string[];
  has_evidence: boolean;
  tags: string[];
}

const PAGE = 20_000;
const NOBODY: ReadonlySet<string> = new Set();

/** Reads the durable search index and the facet values of incidents, in pages, for the in-memory index. */
export class SearchIndexSource {
  constructor(private readonly db: Db) {}

  /** Every incident's facet values, `PAGE` incidents at a time. */
  async *incidents(): AsyncGenerator<IncidentFacetRow[]> {
    let after = '';
    for (;;) {
      const rows = await this.db
        .selectFrom('incidents')
        .leftJoin('facilities', 'facilities.id', 'incidents.facility_id')
        .select([
          'incidents.id',
          'incidents.compartment_id',
          'incidents.deleted_at',
          'incidents.facility_id',
          'facilities.region',
          'incidents.year',
          'incidents.date_start',
          'incidents.updated_at',
        ])
        .where('incidents.id', '>', after)
        .orderBy('incidents.id')
        .limit(PAGE)
        .execute();
      if (rows.length === 0) return;
      after = rows[rows.length - 1]!.id;
      yield await this.withParts(rows);
    }
  }

  async incident(id: string): Promise<IncidentFacetRow | undefined> {
    const rows = await this.db
      .selectFrom('incidents')
      .leftJoin('facilities', 'facilities.id', 'incidents.facility_id')
      .select([
        'incidents.id',
        'incidents.compartment_id',
        'incidents.deleted_at',
        'incidents.facility_id',
        'facilities.region',
        'incidents.year',
        'incidents.date_start',
        'incidents.updated_at',
      ])
      .where('incidents.id', '=', id)
      .execute();
    return (await this.withParts(rows))[0];
  }

  /** One kind of document's search terms in (term, doc) order, a page at a time. */
  async *terms(docType: 'incident' | 'person'): AsyncGenerator<Array<{ term: string; doc_id: string; weight: number }>> {
    let after = { term: '', doc: '' };
    for (;;) {
      const rows = await this.db
        .selectFrom('search_terms')
        .select(['term', 'doc_id', 'weight'])
        .where('doc_type', '=', docType)
        // A row-value comparison in the order of the covering index search_terms_load: both engines seek to it.
        .where(sql<boolean>`(term, doc_id) > (${after.term}, ${after.doc})`)
        .orderBy('term')
        .orderBy('doc_id')
        .limit(PAGE)
        .execute();
      if (rows.length === 0) return;
      const last = rows[rows.length - 1]!;
      after = { term: last.term, doc: last.doc_id };
      yield rows;
    }
  }

  termsOf(docType: 'incident' | 'person', id: string): Promise<Array<{ term: string; weight: number }>> {
    return this.db.selectFrom('search_terms').select(['term', 'weight']).where('doc_type', '=', docType).where('doc_id', '=', id).execute();
  }

  /** Every person's compartment and whether they are deleted, a page at a time. */
  async *people(): AsyncGenerator<Array<{ id: string; compartment_id: string | null; deleted: boolean }>> {
    let after = '';
    for (;;) {
      const rows = await this.db
        .selectFrom('people')
        .select(['id', 'compartment_id', 'deleted_at'])
        .where('id', '>', after)
        .orderBy('id')
        .limit(PAGE)
        .execute();
      if (rows.length === 0) return;
      after = rows[rows.length - 1]!.id;
      yield rows.map((r) => ({ id: r.id, compartment_id: r.compartment_id, deleted: r.deleted_at !== null }));
    }
  }

  async person(id: string): Promise<{ id: string; compartment_id: string | null; deleted: boolean } | undefined> {
    const row = await this.db.selectFrom('people').select(['id', 'compartment_id', 'deleted_at']).where('id', '=', id).executeTakeFirst();
    return row && { id: row.id, compartment_id: row.compartment_id, deleted: row.deleted_at !== null };
  }

  async headSeq(): Promise<number> {
    return Number((await this.db.selectFrom('search_head').select('seq').where('id', '=', 1).executeTakeFirstOrThrow()).seq);
  }

  /** Changes after `seq`, oldest first, and the oldest change still kept (to tell a gap). */
  async changesSince(seq: number): Promise<{ changes: Array<{ seq: number; doc_type: 'incident' | 'person'; doc_id: string }>; oldest: number | null }> {
    const changes = await this.db
      .selectFrom('search_changes')
      .select(['seq', 'doc_type', 'doc_id'])
      .where('seq', '>', seq)
      .orderBy('seq')
      .limit(10_000)
      .execute();
    const first = await this.db.selectFrom('search_changes').select('seq').orderBy('seq').limit(1).executeTakeFirst();
    return { changes: changes.map((c) => ({ ...c, seq: Number(c.seq) })), oldest: first ? Number(first.seq) : null };
  }

  /** The rows a result page shows. */
  /** The titles of these incidents, in groups small enough for one query. */
  async titles(ids: string[]): Promise<Map<string, { ru: string; en: string }>> {
    const out = new Map<string, { ru: string; en: string }>();
    for (const group of chunks(ids)) {
      const rows = await this.db.selectFrom('incidents').select(['id', 'title_ru', 'title_en']).where('id', 'in', group).execute();
      for (const r of rows) out.set(r.id, { ru: r.title_ru, en: r.title_en });
    }
    return out;
  }

  /** Every facility's names, deleted ones too (an incident may still name one). */
  facilityNames(): Promise<Array<{ id: string; name_ru: string; name_en: string }>> {
    return this.db.selectFrom('facilities').select(['id', 'name_ru', 'name_en']).execute();
  }

  pageRows(ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('incidents')
      .leftJoin('facilities', 'facilities.id', 'incidents.facility_id')
      .select([
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
      ])
      .where('incidents.id', 'in', ids)
      .execute();
  }

  private async withParts(
    rows: Array<{
      id: string;
      compartment_id: string | null;
      deleted_at: string | null;
      facility_id: string | null;
      region: string | null;
      year: number | null;
      date_start: string | null;
      updated_at: string;
    }>,
  ): Promise<IncidentFacetRow[]> {
    if (rows.length === 0) return [];
    const first = rows[0]!.id;
    const last = rows[rows.length - 1]!.id;
    // A range of ids rather than an IN list: one page of incidents is thousands of ids.
    const within = <T extends 'acts' | 'interventions' | 'evidence_links'>(table: T) =>
      sql<boolean>`${sql.ref(`${table}.incident_id`)} between ${first} and ${last}`;
    const [acts, interventions, evidence, tags] = await Promise.all([
      this.db.selectFrom('acts').select(['incident_id', 'act_type_id']).distinct().where(within('acts')).where('deleted_at', 'is', null).execute(),
      this.db.selectFrom('interventions').select(['incident_id', 'kind']).distinct().where(within('interventions')).where('deleted_at', 'is', null).execute(),
      // Evidence counts for the facet only when everyone may see it: a restricted item on an open incident is not confirmed.
      withHiddenItems(this.db, NOBODY)
        .selectFrom('evidence_links')
        .select('evidence_links.incident_id')
        .distinct()
        .where(within('evidence_links'))
        .where('evidence_links.deleted_at', 'is', null)
        .where('evidence_links.item_id', 'not in', (eb) => eb.selectFrom('hidden_items').select('hidden_items.item_id'))
        .execute(),
      this.db
        .selectFrom('incident_tags')
        .select(['incident_id', 'tag'])
        .where(sql<boolean>`incident_tags.incident_id between ${first} and ${last}`)
        .execute(),
    ]);
    const byIncident = <R extends { incident_id: string }>(list: R[]) => {
      const map = new Map<string, R[]>();
      for (const r of list) {
        const rowsOf = map.get(r.incident_id);
        if (rowsOf) rowsOf.push(r);
        else map.set(r.incident_id, [r]);
      }
      return map;
    };
    const actsOf = byIncident(acts);
    const kindsOf = byIncident(interventions);
    const withEvidence = new Set(evidence.map((e) => e.incident_id));
    const tagsOf = byIncident(tags);
    return rows.map((r) => ({
      id: r.id,
      compartment_id: r.compartment_id,
      deleted: r.deleted_at !== null,
      facility_id: r.facility_id,
      region: r.region,
      year: r.year,
      date_start: r.date_start,
      updated_at: r.updated_at,
      act_types: (actsOf.get(r.id) ?? []).map((a) => a.act_type_id),
      interventions: (kindsOf.get(r.id) ?? []).map((i) => i.kind),
      has_evidence: withEvidence.has(r.id),
      tags: (tagsOf.get(r.id) ?? []).map((t) => t.tag),
    }));
  }
}
