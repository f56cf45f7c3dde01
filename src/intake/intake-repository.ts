import { sql, type Kysely } from 'kysely';
import type { DatabaseTarget } from '../config/index.js';
import type { IntakeDb } from './db/open-intake-database.js';
import type { IntakeDatabase, IntakeFileRow, IntakeFileState, IntakeMessageRow, IntakeSubmissionRow, NewIntakeFile } from './db/intake-schema.js';

/** What is already admitted when an upload asks to be, counted under the admission lock. */
export interface PendingUploads {
  /** Declared bytes of the codename's uploads that still take room in intake. */
  source: number;
  /** The same for every codename. */
  all: number;
  /** The codename's files in intake, but for those imported (each a file on the disk and a row). */
  sourceFiles: number;
  /** Bytes that uploads still arriving may yet write: not yet missing from the disk's free space. */
  unwritten: number;
}

/** All SQL of the intake role. */
export class IntakeRepository {
  constructor(
    private readonly db: IntakeDb,
    private readonly dialect: DatabaseTarget['kind'],
  ) {}

  async setting(key: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('intake_settings').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value;
  }

  async putSetting(key: string, value: string): Promise<void> {
    await this.db
      .insertInto('intake_settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  }

  /** Inserts the setting unless one exists, and returns the one that is stored. */
  async settingOnce(key: string, value: string): Promise<string> {
    await this.db
      .insertInto('intake_settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    return (await this.setting(key))!;
  }

  async insertSource(source: { id: string; login_hash: string; reply_recipient: string; created_day: string }): Promise<void> {
    await this.db.insertInto('intake_sources').values(source).execute();
  }

  async sourceByLoginHash(loginHash: string): Promise<{ id: string; reply_recipient: string } | undefined> {
    return this.db.selectFrom('intake_sources').select(['id', 'reply_recipient']).where('login_hash', '=', loginHash).executeTakeFirst();
  }

  async sourceRecipient(sourceId: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('intake_sources').select('reply_recipient').where('id', '=', sourceId).executeTakeFirst();
    return row?.reply_recipient;
  }

  async insertSubmission(submission: IntakeSubmissionRow): Promise<void> {
    await this.db.insertInto('intake_submissions').values(submission).execute();
  }

  async submission(id: string): Promise<IntakeSubmissionRow | undefined> {
    return this.db.selectFrom('intake_submissions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async submissionsOfSource(sourceId: string): Promise<IntakeSubmissionRow[]> {
    return this.db.selectFrom('intake_submissions').selectAll().where('source_id', '=', sourceId).orderBy('created_day', 'desc').orderBy('id').execute();
  }

  /**
   * The submissions that reached the organisation: those with at least one file. A questionnaire answered without a
   * file is not sent (its answers travel with the first file), so the inbox never shows an empty "0 of 0".
   */
  async sentSubmissions(): Promise<IntakeSubmissionRow[]> {
    return this.db
      .selectFrom('intake_submissions')
      .selectAll()
      .where(({ exists, selectFrom }) =>
        exists(selectFrom('intake_files').select('intake_files.id').whereRef('intake_files.submission_id', '=', 'intake_submissions.id')),
      )
      .orderBy('created_day', 'desc')
      .orderBy('id')
      .execute();
  }

  async file(id: string): Promise<IntakeFileRow | undefined> {
    return this.db.selectFrom('intake_files').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async filesOfSubmission(submissionId: string): Promise<IntakeFileRow[]> {
    return this.db.selectFrom('intake_files').selectAll().where('submission_id', '=', submissionId).orderBy('id').execute();
  }

  async filesOfSubmissions(submissionIds: string[]): Promise<IntakeFileRow[]> {
    if (submissionIds.length === 0) return [];
    return this.db.selectFrom('intake_files').selectAll().where('submission_id', 'in', submissionIds).orderBy('id').execute();
  }

  /**
   * Inserts an upload's row if `admit` (given what is pending: see PendingUploads) does not throw. The first
   * statement locks the one admission row (a write lock on SQLite, a row lock on PostgreSQL), so parallel
   * admissions take turns and each sees the rows admitted before it.
   */
  async admitFile(file: NewIntakeFile, admit: (pending: PendingUploads) => Promise<void>): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('intake_admission_lock').set({ id: 1 }).where('id', '=', 1).execute();
      const unwritten = await trx
        .selectFrom('intake_files')
        .select(sql<number>`coalesce(sum(length - written_bytes), 0)`.as('bytes'))
        .where('state', '=', 'uploading')
        .executeTakeFirstOrThrow();
      const files = await trx
        .selectFrom('intake_files')
        .select(sql<number>`count(*)`.as('n'))
        .where('source_id', '=', file.source_id)
        .where('state', '!=', 'imported')
        .executeTakeFirstOrThrow();
      await admit({
        source: await pendingLength(trx, file.source_id),
        all: await pendingLength(trx, null),
        sourceFiles: Number(files.n),
        unwritten: Number(unwritten.bytes),
      });
      await trx.insertInto('intake_files').values(file).execute();
    });
  }

  /** After a request has written to an upload: how much of it is on the disk now. */
  async setWrittenBytes(id: string, bytes: number): Promise<void> {
    await this.db.updateTable('intake_files').set({ written_bytes: bytes }).where('id', '=', id).execute();
  }

  /** Declared lengths of a source's files (or everyone's, for null) that still take room in intake. */
  async pendingLength(sourceId: string | null): Promise<number> {
    return pendingLength(this.db, sourceId);
  }

  async setFileState(
    id: string,
    state: IntakeFileState,
    changes: { problem?: string | null; manifest_age?: string; completed_day?: string; item_id?: string } = {},
  ): Promise<void> {
    await this.db
      .updateTable('intake_files')
      .set({ state, ...changes })
      .where('id', '=', id)
      .execute();
  }

  async updateFileLength(id: string, length: number): Promise<void> {
    await this.db.updateTable('intake_files').set({ length }).where('id', '=', id).execute();
  }

  async deleteFile(id: string): Promise<void> {
    await this.db.deleteFrom('intake_files').where('id', '=', id).execute();
    await this.purgeLog();
  }

  async deleteSubmission(id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('intake_files').where('submission_id', '=', id).execute();
      await trx.deleteFrom('intake_submissions').where('id', '=', id).execute();
    });
    await this.purgeLog();
  }

  /**
   * secure_delete overwrites what a deletion frees in the database's pages, but SQLite's write-ahead log still
   * holds the pages as they were before: fold the log into the database and cut it to nothing. (On PostgreSQL the
   * operator's storage and VACUUM do this work: docs/intake.md.)
   */
  private async purgeLog(): Promise<void> {
    if (this.dialect === 'sqlite') await sql`pragma wal_checkpoint(truncate)`.execute(this.db);
  }

  async insertMessage(message: Omit<IntakeMessageRow, 'seq'>): Promise<IntakeMessageRow> {
    return this.db.transaction().execute(async (trx) => {
      const last = await trx
        .selectFrom('intake_messages')
        .select(sql<number>`coalesce(max(seq), 0)`.as('seq'))
        .executeTakeFirstOrThrow();
      const row = { ...message, seq: Number(last.seq) + 1 };
      await trx.insertInto('intake_messages').values(row).execute();
      return row;
    });
  }

  async messageCounts(): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('intake_messages')
      .select(['source_id', sql<number>`count(*)`.as('n')])
      .groupBy('source_id')
      .execute();
    return new Map(rows.map((r) => [r.source_id, Number(r.n)]));
  }

  /** The ids of every message a source sent that the intake still holds (for notifying staff of new ones). */
  async sourceMessageIds(): Promise<string[]> {
    return (await this.db.selectFrom('intake_messages').select('id').where('direction', '=', 'source').execute()).map((r) => r.id);
  }

  async messagesOfSource(sourceId: string): Promise<IntakeMessageRow[]> {
    return this.db.selectFrom('intake_messages').selectAll().where('source_id', '=', sourceId).orderBy('seq').execute();
  }

  /**
   * Sources with nothing left in intake since `day` (YYYY-MM-DD): created before it, with no submission, and no
   * message on or after it. Their login hash and reply key would only let whoever holds the codename later confirm
   * it was used, and open the old replies.
   */
  async quietSourcesBefore(day: string): Promise<string[]> {
    return (await quietSources(this.db, day).execute()).map((row) => row.id);
  }

  /** Deletes a source and its messages if it is still quiet (see quietSourcesBefore); true if it was deleted. */
  async deleteQuietSource(id: string, day: string): Promise<boolean> {
    const deleted = await this.db.transaction().execute(async (trx) => {
      if (!(await quietSources(trx, day).where('s.id', '=', id).executeTakeFirst())) return false;
      await trx.deleteFrom('intake_messages').where('source_id', '=', id).execute();
      await trx.deleteFrom('intake_sources').where('id', '=', id).execute();
      return true;
    });
    if (deleted) await this.purgeLog();
    return deleted;
  }

  /** Submissions made before a day (YYYY-MM-DD) and the files that may go with them. */
  async submissionsBefore(day: string): Promise<IntakeSubmissionRow[]> {
    return this.db.selectFrom('intake_submissions').selectAll().where('created_day', '<', day).execute();
  }

  async unfinishedFilesBefore(day: string): Promise<IntakeFileRow[]> {
    return this.db
      .selectFrom('intake_files')
      .selectAll()
      .where('created_day', '<', day)
      .where('state', 'in', ['uploading', 'awaiting-manifest', 'rejected'])
      .execute();
  }
}

function quietSources(db: Kysely<IntakeDatabase>, day: string) {
  return db
    .selectFrom('intake_sources as s')
    .select('s.id')
    .where('s.created_day', '<', day)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('intake_submissions as sub').select('sub.id').whereRef('sub.source_id', '=', 's.id'))))
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('intake_messages as m').select('m.id').whereRef('m.source_id', '=', 's.id').where('m.created_day', '>=', day))),
    );
}

async function pendingLength(db: Kysely<IntakeDatabase>, sourceId: string | null): Promise<number> {
  let query = db
    .selectFrom('intake_files')
    .select(sql<number>`coalesce(sum(length), 0)`.as('total'))
    .where('state', 'in', ['uploading', 'awaiting-manifest', 'complete', 'damaged']);
  if (sourceId !== null) query = query.where('source_id', '=', sourceId);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.total);
}
