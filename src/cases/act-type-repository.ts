import type { Insertable } from 'kysely';
import type { Db } from '../db/index.js';
import { currentExecutor } from '../db/index.js';
import type { ActType, ActTypeTable } from '../db/index.js';

export class ActTypeRepository {
  constructor(private readonly root: Db) {}

  /** The transaction a caller opened (runInTransaction), else the database. */
  private get db(): Db {
    return currentExecutor(this.root);
  }

  list(): Promise<ActType[]> {
    return this.db.selectFrom('act_types').selectAll().where('deleted_at', 'is', null).orderBy('sort').orderBy('id').execute();
  }

  find(id: string): Promise<ActType | undefined> {
    return this.db.selectFrom('act_types').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('act_types')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async insert(rows: Array<Insertable<ActTypeTable>>): Promise<void> {
    if (rows.length > 0) await this.db.insertInto('act_types').values(rows).execute();
  }

  async update(id: string, version: number, values: Partial<Insertable<ActTypeTable>>): Promise<boolean> {
    const result = await this.db
      .updateTable('act_types')
      .set({ ...values, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
