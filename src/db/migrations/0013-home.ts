import type { Kysely } from 'kysely';

// Frozen like every migration: later schema changes go in a new one.

/**
 * Each person's home page.
 * - `home_visits`: when they last said they had seen what was new (the home page's "since your last visit").
 * - `home_seen`: the intake's submissions and source messages they have seen, by id: the intake keeps only the
 *   day something arrived, so "new" for those is "not seen yet", never a comparison of times.
 * - `incident_follows`: incidents a person chose to follow (`following` 1) or to stop following (0); without a
 *   row, they follow the incidents they created or changed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('home_visits')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('home_seen')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('home_seen_pk', ['user_id', 'kind', 'id'])
    .execute();
  await db.schema
    .createTable('incident_follows')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('following', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_follows_pk', ['user_id', 'incident_id'])
    .execute();
  await db.schema.createIndex('incident_follows_by_incident').on('incident_follows').column('incident_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['incident_follows', 'home_seen', 'home_visits']) await db.schema.dropTable(table).ifExists().execute();
}
