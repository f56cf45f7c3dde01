import type { Kysely } from 'kysely';

// Frozen like every migration: later schema changes go in a new one.

/**
 * Submissions as the staff's cases of work, in the main database keyed by the intake's submission id: the
 * intake's own database is the one the public side writes and a seized intake server gives away, so nothing
 * staff decide about a submission (who handles it, what they think of it) is kept there.
 * - `submission_cases`: its status (new, in-review, imported, closed) and assignee; no row reads as new, unassigned.
 * - `submission_labels`: free short tags.
 * - `submission_comments`: internal comments, sealed (age, to the organisation's recipients) like messages.
 * - `submission_answers`: the questionnaire's answers as sealed on the intake, copied at import, so that the
 *   items keep "what the source said" after the intake deletes the submission.
 * - `submission_items`: which vault items an import of which submission gave.
 * - `intake_notices`: the submissions and source messages already notified by e-mail.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('submission_cases')
    .addColumn('submission_id', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('assignee_id', 'text', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
  await db.schema.createIndex('submission_cases_by_assignee').on('submission_cases').column('assignee_id').execute();
  await db.schema
    .createTable('submission_labels')
    .addColumn('submission_id', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('submission_labels_pk', ['submission_id', 'label'])
    .execute();
  await db.schema.createIndex('submission_labels_by_label').on('submission_labels').column('label').execute();
  await db.schema
    .createTable('submission_comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('submission_id', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('body_age', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('submission_comments_by_submission').on('submission_comments').column('submission_id').execute();
  await db.schema
    .createTable('submission_answers')
    .addColumn('submission_id', 'text', (c) => c.primaryKey())
    .addColumn('answers_age', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('submission_items')
    .addColumn('submission_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addPrimaryKeyConstraint('submission_items_pk', ['submission_id', 'item_id'])
    .execute();
  await db.schema.createIndex('submission_items_by_item').on('submission_items').column('item_id').execute();
  await db.schema
    .createTable('intake_notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['intake_notices', 'submission_items', 'submission_answers', 'submission_comments', 'submission_labels', 'submission_cases'])
    await db.schema.dropTable(table).ifExists().execute();
}
