import { sql, type ExpressionBuilder, type Insertable } from 'kysely';
import type { Viewer } from '../accounts/index.js';
import type { Db } from '../db/index.js';
import { currentExecutor, runInTransaction } from '../db/index.js';
import type { Person, PersonDocumentTable, VigilDatabase, PersonNameTable, PersonPositionTable, PersonTable } from '../db/index.js';
import { chunks, hiddenFrom, visibleTo } from './visibility.js';
import type { PersonListRow } from './case-views.js';

/** The script whose name a list shows first: the reader's alphabet, or none (the first name). */
export type NameScript = 'Cyrl' | 'Latn' | null;

export interface PersonParts {
  names: Array<Insertable<PersonNameTable>>;
  positions: Array<Insertable<PersonPositionTable>>;
  documents: Array<Insertable<PersonDocumentTable>>;
}

export interface PersonRecord {
  person: Person;
  names: Array<{ name: string; kind: string; script: string }>;
  positions: Array<{ title: string; rank: string; unit: string; facility_id: string | null; from_date: string | null; to_date: string | null }>;
  documents: Array<{ kind: string; number: string; issued_by: string; issued_on: string | null }>;
}

export class PersonRepository {
  constructor(private readonly root: Db) {}

  /** The transaction a caller opened (runInTransaction), else the database. */
  private get db(): Db {
    return currentExecutor(this.root);
  }

  async insert(person: Insertable<PersonTable>, parts: PersonParts): Promise<void> {
    await runInTransaction(this.root, async (trx) => {
      await trx.insertInto('people').values(person).execute();
      await insertParts(trx, parts);
    });
  }

  /** Replaces the person and their names, positions and documents, if still at `version`. */
  async update(id: string, version: number, person: Partial<Insertable<PersonTable>>, parts: PersonParts): Promise<boolean> {
    return runInTransaction(this.root, async (trx) => {
      const result = await trx
        .updateTable('people')
        .set({ ...person, version: version + 1 })
        .where('id', '=', id)
        .where('version', '=', version)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      for (const table of ['person_names', 'person_positions', 'person_documents'] as const) {
        await trx.deleteFrom(table).where('person_id', '=', id).execute();
      }
      await insertParts(trx, parts);
      return true;
    });
  }

  async setDeleted(id: string, deleted: { at: string; by: string } | null): Promise<void> {
    await this.db
      .updateTable('people')
      .set((eb) => ({ deleted_at: deleted?.at ?? null, deleted_by: deleted?.by ?? null, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .execute();
  }

  async setCompartment(ids: string[], compartmentId: string | null): Promise<void> {
    if (ids.length === 0) return;
    await this.db.updateTable('people').set({ compartment_id: compartmentId }).where('id', 'in', ids).execute();
  }

  /** The person if the viewer may see them (any state when `withDeleted`). */
  async find(id: string, viewer: Viewer, options: { withDeleted?: boolean } = {}): Promise<PersonRecord | undefined> {
    let query = this.db.selectFrom('people').selectAll().where('id', '=', id).where(visibleTo('people', viewer));
    if (!options.withDeleted) query = query.where('deleted_at', 'is', null);
    const person = await query.executeTakeFirst();
    if (!person) return undefined;
    const [names, positions, documents] = await Promise.all([
      this.db.selectFrom('person_names').select(['name', 'kind', 'script']).where('person_id', '=', id).orderBy('position').execute(),
      this.db
        .selectFrom('person_positions')
        .select(['title', 'rank', 'unit', 'facility_id', 'from_date', 'to_date'])
        .where('person_id', '=', id)
        .orderBy('position')
        .execute(),
      this.db.selectFrom('person_documents').select(['kind', 'number', 'issued_by', 'issued_on']).where('person_id', '=', id).orderBy('position').execute(),
    ]);
    return { person, names, positions, documents };
  }

  /** Which of these people, live or deleted, the viewer may not see. */
  async hiddenAmong(viewer: Viewer, ids: string[]): Promise<Set<string>> {
    const hidden = new Set<string>();
    for (const part of chunks(ids)) {
      const rows = await this.db.selectFrom('people').select('id').where('id', 'in', part).where(hiddenFrom('people', viewer)).execute();
      for (const row of rows) hidden.add(row.id);
    }
    return hidden;
  }

  /** Raw compartments of people, whether or not the viewer may see them: to check links. */
  async compartmentsOf(ids: string[]): Promise<Map<string, string | null>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('people').select(['id', 'compartment_id']).where('id', 'in', ids).where('deleted_at', 'is', null).execute();
    return new Map(rows.map((r) => [r.id, r.compartment_id]));
  }

  /** The first name of each person the viewer may see, for references on other pages. */
  async labels(ids: string[], viewer: Viewer): Promise<Map<string, { name: string; kinds: string[] }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('people')
      .innerJoin('person_names', 'person_names.person_id', 'people.id')
      .select(['people.id', 'people.kinds', 'person_names.name', 'person_names.position'])
      .where('people.id', 'in', [...new Set(ids)])
      .where('people.deleted_at', 'is', null)
      .where(visibleTo('people', viewer))
      .orderBy('person_names.position')
      .execute();
    const labels = new Map<string, { name: string; kinds: string[] }>();
    for (const row of rows) if (!labels.has(row.id)) labels.set(row.id, { name: row.name, kinds: JSON.parse(row.kinds) as string[] });
    return labels;
  }

  /** A page of visible live people by their first names in the database's own order: the default without a sort. */
  async list(viewer: Viewer, options: { limit: number; offset: number }): Promise<{ total: number; people: PersonListRow[] }> {
    const total = await this.countVisible(viewer);
    const rows = await this.listable(viewer)
      .select('people.id')
      .select(listedName(null))
      .orderBy('name')
      .orderBy('people.id')
      .limit(options.limit)
      .offset(options.offset)
      .execute();
    return {
      total,
      people: await this.listRows(
        viewer,
        rows.map((r) => r.id),
        null,
      ),
    };
  }

  /** How many live people the viewer may see (among `ids`, when given). */
  async countVisible(viewer: Viewer, ids?: string[]): Promise<number> {
    return Number(
      (
        await this.listable(viewer, ids)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  }

  /** The name each visible live person is listed under, at most `max` of them: to sort by name in the reader's alphabet. */
  async listedNames(viewer: Viewer, options: { ids?: string[]; script: NameScript; max: number }): Promise<Array<{ id: string; name: string }>> {
    const rows = await this.listable(viewer, options.ids)
      .select('people.id')
      .select(listedName(options.script))
      .orderBy('people.id')
      .limit(options.max)
      .execute();
    return rows.map((r) => ({ id: r.id, name: r.name ?? '' }));
  }

  /** One page of visible live people by birth date or by when they were recorded; those born on an unknown date last. */
  async pageByDate(
    viewer: Viewer,
    options: { ids?: string[]; column: 'birth_date' | 'created_at'; descending: boolean; limit: number; offset: number },
  ): Promise<string[]> {
    const column = sql.ref(`people.${options.column}`);
    const rows = await this.listable(viewer, options.ids)
      .select('people.id')
      .orderBy(sql`case when ${column} is null then 1 else 0 end`)
      .orderBy(column, options.descending ? 'desc' : 'asc')
      .orderBy('people.id')
      .limit(options.limit)
      .offset(options.offset)
      .execute();
    return rows.map((r) => r.id);
  }

  /** The list's rows for these people, in the order given, leaving out any the viewer may not see. */
  async listRows(viewer: Viewer, ids: string[], script: NameScript): Promise<PersonListRow[]> {
    if (ids.length === 0) return [];
    const rows = await this.listable(viewer, ids)
      .select(['people.id', 'people.kinds', 'people.birth_date', 'people.birth_date_precision', 'people.created_at', 'people.compartment_id'])
      .select(listedName(script))
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      if (!r) return [];
      return [
        {
          id,
          name: r.name ?? '',
          kinds: JSON.parse(r.kinds) as string[],
          birthDate: r.birth_date,
          birthDatePrecision: r.birth_date_precision,
          createdAt: r.created_at,
          restricted: r.compartment_id !== null,
        },
      ];
    });
  }

  /** Live people the viewer may see, among `ids` when given: every list and count of people starts here. */
  private listable(viewer: Viewer, ids?: string[]) {
    let base = this.db.selectFrom('people').where('people.deleted_at', 'is', null).where(visibleTo('people', viewer));
    if (ids) base = base.where('people.id', 'in', ids.length > 0 ? ids : ['']);
    return base;
  }

  /** Everything the search index needs about people: names, notes, positions. */
  async indexable(ids: string[]): Promise<Array<{ id: string; compartment_id: string | null; names: string[]; notes: string; positions: string }>> {
    if (ids.length === 0) return [];
    const people = await this.db.selectFrom('people').select(['id', 'compartment_id', 'notes_ru', 'notes_en', 'deleted_at']).where('id', 'in', ids).execute();
    const names = await this.db.selectFrom('person_names').select(['person_id', 'name']).where('person_id', 'in', ids).execute();
    const positions = await this.db.selectFrom('person_positions').select(['person_id', 'title', 'rank', 'unit']).where('person_id', 'in', ids).execute();
    return people
      .filter((p) => p.deleted_at === null)
      .map((p) => ({
        id: p.id,
        compartment_id: p.compartment_id,
        names: names.filter((n) => n.person_id === p.id).map((n) => n.name),
        notes: `${p.notes_ru}\n${p.notes_en}`,
        positions: positions
          .filter((x) => x.person_id === p.id)
          .map((x) => `${x.rank} ${x.unit}`)
          .join('\n'),
      }));
  }
}

async function insertParts(db: Pick<Db, 'insertInto'>, parts: PersonParts): Promise<void> {
  if (parts.names.length > 0) await db.insertInto('person_names').values(parts.names).execute();
  if (parts.positions.length > 0) await db.insertInto('person_positions').values(parts.positions).execute();
  if (parts.documents.length > 0) await db.insertInto('person_documents').values(parts.documents).execute();
}

/** A person's first name in `script`, else their first name. */
function listedName(script: NameScript) {
  return (eb: ExpressionBuilder<VigilDatabase, 'people'>) =>
    eb
      .selectFrom('person_names')
      .select('person_names.name')
      .whereRef('person_names.person_id', '=', 'people.id')
      .orderBy(sql`case when ${sql.ref('person_names.script')} = ${script ?? ''} then 0 else 1 end`)
      .orderBy('person_names.position')
      .limit(1)
      .as('name');
}
