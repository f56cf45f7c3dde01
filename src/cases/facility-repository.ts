import type { Db } from '../db/index.js';
import { currentExecutor } from '../db/index.js';
import type { Facility, FacilityTable } from '../db/index.js';
import type { Insertable } from 'kysely';

export class FacilityRepository {
  constructor(private readonly root: Db) {}

  /** The transaction a caller opened (runInTransaction), else the database. */
  private get db(): Db {
    return currentExecutor(this.root);
  }

  async insert(row: Insertable<FacilityTable>): Promise<void> {
    await this.db.insertInto('facilities').values(row).execute();
  }

  find(id: string, options: { withDeleted?: boolean } = {}): Promise<Facility | undefined> {
    let query = this.db.selectFrom('facilities').selectAll().where('id', '=', id);
    if (!options.withDeleted) query = query.where('deleted_at', 'is', null);
    return query.executeTakeFirst();
  }

  list(): Promise<Facility[]> {
    return this.db.selectFrom('facilities').selectAll().where('deleted_at', 'is', null).orderBy('region').orderBy('name_ru').execute();
  }

  /** Applies an edit made from `version`; false when the record moved on (or is gone). */
  async update(id: string, version: number, values: Partial<Insertable<FacilityTable>>): Promise<boolean> {
    const result = await this.db
      .updateTable('facilities')
      .set({ ...values, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
