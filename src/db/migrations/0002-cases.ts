import type { CreateTableBuilder, Kysely } from 'kysely';

// Frozen like every migration: later schema changes go in a new one.

/** Columns of every record staff edit: optimistic version, timestamps, soft delete. */
function editable<T extends string>(table: CreateTableBuilder<T, never>): CreateTableBuilder<T, never> {
  return table
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('deleted_at', 'text')
    .addColumn('deleted_by', 'text');
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('totp_secret', 'text')
    .addColumn('totp_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('totp_last_step', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('disabled_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('second_factor', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('compartments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('compartment_members')
    .addColumn('compartment_id', 'text', (c) => c.notNull().references('compartments.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addPrimaryKeyConstraint('compartment_members_pk', ['compartment_id', 'user_id'])
    .execute();
  await db.schema.createIndex('compartment_members_user').on('compartment_members').column('user_id').execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text')
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
  await db.schema.createIndex('audit_log_record').on('audit_log').columns(['record_type', 'record_id']).execute();

  await editable(
    db.schema
      .createTable('act_types')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('parent_id', 'text')
      .addColumn('label_ru', 'text', (c) => c.notNull())
      .addColumn('label_en', 'text', (c) => c.notNull())
      .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0)),
  ).execute();

  await editable(
    db.schema
      .createTable('facilities')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name_ru', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('region', 'text', (c) => c.notNull())
      .addColumn('administration', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('latitude', 'double precision')
      .addColumn('longitude', 'double precision'),
  ).execute();
  await db.schema.createIndex('facilities_region').on('facilities').column('region').execute();

  await editable(
    db.schema
      .createTable('people')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('compartment_id', 'text', (c) => c.references('compartments.id'))
      .addColumn('kinds', 'text', (c) => c.notNull())
      .addColumn('birth_date', 'text')
      .addColumn('birth_date_precision', 'text')
      .addColumn('notes_ru', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('notes_en', 'text', (c) => c.notNull().defaultTo('')),
  ).execute();
  await db.schema.createIndex('people_compartment').on('people').column('compartment_id').execute();

  await db.schema
    .createTable('person_names')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('script', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('person_names_person').on('person_names').column('person_id').execute();

  await db.schema
    .createTable('person_positions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('rank', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('unit', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('facility_id', 'text', (c) => c.references('facilities.id'))
    .addColumn('from_date', 'text')
    .addColumn('to_date', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('person_positions_person').on('person_positions').column('person_id').execute();

  await db.schema
    .createTable('person_documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('issued_on', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('person_documents_person').on('person_documents').column('person_id').execute();

  await editable(
    db.schema
      .createTable('incidents')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('compartment_id', 'text', (c) => c.references('compartments.id'))
      .addColumn('title_ru', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('title_en', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('description_ru', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('description_en', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('date_start', 'text')
      .addColumn('date_end', 'text')
      .addColumn('date_precision', 'text', (c) => c.notNull())
      .addColumn('year', 'integer')
      .addColumn('facility_id', 'text', (c) => c.references('facilities.id'))
      .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('documentation_status', 'text', (c) => c.notNull()),
  ).execute();
  await db.schema.createIndex('incidents_compartment').on('incidents').column('compartment_id').execute();
  await db.schema.createIndex('incidents_facility').on('incidents').column('facility_id').execute();
  await db.schema.createIndex('incidents_date').on('incidents').column('date_start').execute();

  await editable(
    db.schema
      .createTable('acts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
      .addColumn('victim_id', 'text', (c) => c.references('people.id'))
      .addColumn('act_type_id', 'text', (c) => c.notNull().references('act_types.id'))
      .addColumn('description_ru', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('description_en', 'text', (c) => c.notNull().defaultTo('')),
  ).execute();
  await db.schema.createIndex('acts_incident').on('acts').column('incident_id').execute();
  await db.schema.createIndex('acts_victim').on('acts').column('victim_id').execute();
  await db.schema.createIndex('acts_type').on('acts').columns(['act_type_id', 'incident_id']).execute();

  await db.schema
    .createTable('involvements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('act_id', 'text', (c) => c.notNull().references('acts.id'))
    .addColumn('perpetrator_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('degree', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('involvements_act').on('involvements').column('act_id').execute();
  await db.schema.createIndex('involvements_perpetrator').on('involvements').column('perpetrator_id').execute();

  await editable(
    db.schema
      .createTable('evidence_links')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
      .addColumn('act_id', 'text', (c) => c.references('acts.id'))
      .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
      .addColumn('start_seconds', 'double precision')
      .addColumn('end_seconds', 'double precision')
      .addColumn('box', 'text')
      .addColumn('note', 'text', (c) => c.notNull().defaultTo('')),
  ).execute();
  await db.schema.createIndex('evidence_links_incident').on('evidence_links').column('incident_id').execute();
  await db.schema.createIndex('evidence_links_item').on('evidence_links').column('item_id').execute();

  await editable(
    db.schema
      .createTable('interventions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('person_id', 'text', (c) => c.references('people.id'))
      .addColumn('case_number', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('article', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('opened_on', 'text')
      .addColumn('description_ru', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('description_en', 'text', (c) => c.notNull().defaultTo('')),
  ).execute();
  await db.schema.createIndex('interventions_incident').on('interventions').column('incident_id').execute();
  await db.schema.createIndex('interventions_kind').on('interventions').columns(['kind', 'incident_id']).execute();

  await db.schema
    .createTable('intervention_statuses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('intervention_id', 'text', (c) => c.notNull().references('interventions.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('changed_on', 'text')
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text')
    .execute();
  await db.schema.createIndex('intervention_statuses_intervention').on('intervention_statuses').column('intervention_id').execute();

  await db.schema
    .createTable('incident_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('from_incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('to_incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('relation', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_links_from').on('incident_links').column('from_incident_id').execute();
  await db.schema.createIndex('incident_links_to').on('incident_links').column('to_incident_id').execute();

  // The search index, computed in code so that SQLite and PostgreSQL give the same results.
  await db.schema
    .createTable('search_terms')
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('doc_type', 'text', (c) => c.notNull())
    .addColumn('doc_id', 'text', (c) => c.notNull())
    .addColumn('weight', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('search_terms_pk', ['term', 'doc_type', 'doc_id'])
    .execute();
  await db.schema.createIndex('search_terms_doc').on('search_terms').columns(['doc_type', 'doc_id']).execute();
  // Covers the in-memory index's load (one kind of document, in term order, weights included), so that
  // both engines read it from the index alone.
  // Every change to the index, numbered, so that each server process can bring its in-memory copy up
  // to date with the others' writes. The one row of search_head hands out the numbers.
  await db.schema
    .createTable('search_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .execute();
  await (db as Kysely<{ search_head: { id: number; seq: number } }>).insertInto('search_head').values({ id: 1, seq: 0 }).execute();
  await db.schema
    .createTable('search_changes')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('doc_type', 'text', (c) => c.notNull())
    .addColumn('doc_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('search_terms_load').on('search_terms').columns(['doc_type', 'term', 'doc_id', 'weight']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'search_changes',
    'search_head',
    'search_terms',
    'incident_links',
    'intervention_statuses',
    'interventions',
    'evidence_links',
    'involvements',
    'acts',
    'incidents',
    'person_documents',
    'person_positions',
    'person_names',
    'people',
    'facilities',
    'act_types',
    'audit_log',
    'compartment_members',
    'compartments',
    'sessions',
    'users',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
