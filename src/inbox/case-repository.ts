import type { Kysely } from 'kysely';
import { currentExecutor } from '../db/index.js';
import { caseTables, type CaseDb } from './case-tables.js';
import type { StaffRef, SubmissionStatus } from './case-schemas.js';

export interface CaseRow {
  status: SubmissionStatus;
  assignee: StaffRef | null;
  labels: string[];
}

export interface CommentRow {
  id: string;
  author: StaffRef;
  at: string;
  bodyAge: string;
}

const NEW_CASE: CaseRow = { status: 'new', assignee: null, labels: [] };

/** The staff's workflow on submissions, in the main database: no row means new, unassigned, unlabelled. */
export class SubmissionCaseRepository<T = unknown> {
  constructor(private readonly root: Kysely<T>) {}

  /** The transaction a caller opened (runInTransaction), else the database: a change and its audit row commit together. */
  private get db(): CaseDb {
    return caseTables(currentExecutor(this.root));
  }

  async cases(submissionIds: string[]): Promise<Map<string, CaseRow>> {
    const out = new Map<string, CaseRow>(submissionIds.map((id) => [id, { ...NEW_CASE, labels: [] }]));
    for (let i = 0; i < submissionIds.length; i += 500) {
      const ids = submissionIds.slice(i, i + 500);
      const rows = await this.db
        .selectFrom('submission_cases')
        .leftJoin('users', 'users.id', 'submission_cases.assignee_id')
        .select(['submission_cases.submission_id', 'submission_cases.status', 'users.id as user_id', 'users.username', 'users.display_name'])
        .where('submission_cases.submission_id', 'in', ids)
        .execute();
      for (const r of rows) {
        out.get(r.submission_id)!.status = r.status as SubmissionStatus;
        if (r.user_id !== null) out.get(r.submission_id)!.assignee = { id: r.user_id, username: r.username!, displayName: r.display_name! };
      }
      const labels = await this.db.selectFrom('submission_labels').selectAll().where('submission_id', 'in', ids).orderBy('label').execute();
      for (const l of labels) out.get(l.submission_id)!.labels.push(l.label);
    }
    return out;
  }

  /** Writes status and assignee (creating the row the first time). */
  async save(submissionId: string, change: { status?: SubmissionStatus; assigneeId?: string | null }, userId: string | null): Promise<void> {
    const current = (await this.cases([submissionId])).get(submissionId)!;
    const row = {
      status: change.status ?? current.status,
      assignee_id: change.assigneeId === undefined ? (current.assignee?.id ?? null) : change.assigneeId,
      updated_at: new Date().toISOString(),
      updated_by: userId,
    };
    await this.db
      .insertInto('submission_cases')
      .values({ submission_id: submissionId, ...row })
      .onConflict((c) => c.column('submission_id').doUpdateSet(row))
      .execute();
  }

  async setLabels(submissionId: string, labels: string[]): Promise<void> {
    await this.db.deleteFrom('submission_labels').where('submission_id', '=', submissionId).execute();
    if (labels.length > 0)
      await this.db
        .insertInto('submission_labels')
        .values(labels.map((label) => ({ submission_id: submissionId, label })))
        .execute();
  }

  /** Drops the workflow of a deleted submission (its items keep the answers they came with). */
  async forget(submissionId: string): Promise<void> {
    for (const table of ['submission_comments', 'submission_labels', 'submission_cases'] as const)
      await this.db.deleteFrom(table).where('submission_id', '=', submissionId).execute();
  }

  async labelsInUse(): Promise<string[]> {
    const rows = await this.db.selectFrom('submission_labels').select('label').distinct().orderBy('label').execute();
    return rows.map((r) => r.label);
  }

  async addComment(row: { id: string; submission_id: string; author_id: string; created_at: string; body_age: string }): Promise<void> {
    await this.db.insertInto('submission_comments').values(row).execute();
  }

  async comments(submissionId: string): Promise<CommentRow[]> {
    const rows = await this.db
      .selectFrom('submission_comments')
      .innerJoin('users', 'users.id', 'submission_comments.author_id')
      .select([
        'submission_comments.id',
        'submission_comments.created_at',
        'submission_comments.body_age',
        'users.id as user_id',
        'users.username',
        'users.display_name',
      ])
      .where('submission_comments.submission_id', '=', submissionId)
      .orderBy('submission_comments.created_at')
      .orderBy('submission_comments.id')
      .execute();
    return rows.map((r) => ({ id: r.id, at: r.created_at, bodyAge: r.body_age, author: { id: r.user_id, username: r.username, displayName: r.display_name } }));
  }

  /** Staff who are not disabled and whose role is one of `roles`. */
  async staff(roles: readonly string[], userId?: string): Promise<StaffRef[]> {
    let query = this.db
      .selectFrom('users')
      .select(['id', 'username', 'display_name'])
      .where('disabled_at', 'is', null)
      .where('role', 'in', [...roles]);
    if (userId !== undefined) query = query.where('id', '=', userId);
    const rows = await query.orderBy('display_name').orderBy('username').execute();
    return rows.map((r) => ({ id: r.id, username: r.username, displayName: r.display_name }));
  }

  async keepAnswers(submissionId: string, answersAge: string): Promise<void> {
    await this.db
      .insertInto('submission_answers')
      .values({ submission_id: submissionId, answers_age: answersAge })
      .onConflict((c) => c.column('submission_id').doUpdateSet({ answers_age: answersAge }))
      .execute();
  }

  async addItems(submissionId: string, itemIds: string[]): Promise<void> {
    if (itemIds.length === 0) return;
    await this.db
      .insertInto('submission_items')
      .values(itemIds.map((item_id) => ({ submission_id: submissionId, item_id })))
      .onConflict((c) => c.columns(['submission_id', 'item_id']).doNothing())
      .execute();
  }

  async itemsOf(submissionId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('submission_items').select('item_id').where('submission_id', '=', submissionId).orderBy('item_id').execute();
    return rows.map((r) => r.item_id);
  }

  /** One page of every kept copy of answers, in submission order, after `after`. */
  async keptAnswersAfter(after: string, limit: number): Promise<{ submissionId: string; answersAge: string }[]> {
    const rows = await this.db
      .selectFrom('submission_answers')
      .select(['submission_id', 'answers_age'])
      .where('submission_id', '>', after)
      .orderBy('submission_id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ submissionId: r.submission_id, answersAge: r.answers_age }));
  }

  /** Replaces a kept copy, unless it changed since it was read (an import keeping it again meanwhile). */
  async replaceKeptAnswers(submissionId: string, before: string, after: string): Promise<void> {
    await this.db
      .updateTable('submission_answers')
      .set({ answers_age: after })
      .where('submission_id', '=', submissionId)
      .where('answers_age', '=', before)
      .execute();
  }

  /** The sealed answers of the submissions an item came from. */
  async answersOfItem(itemId: string): Promise<{ submissionId: string; answersAge: string }[]> {
    const rows = await this.db
      .selectFrom('submission_items')
      .innerJoin('submission_answers', 'submission_answers.submission_id', 'submission_items.submission_id')
      .select(['submission_items.submission_id', 'submission_answers.answers_age'])
      .where('submission_items.item_id', '=', itemId)
      .orderBy('submission_items.submission_id')
      .execute();
    return rows.map((r) => ({ submissionId: r.submission_id, answersAge: r.answers_age }));
  }

  /** Of these ids, those not notified yet. */
  async unnoticed(ids: string[]): Promise<string[]> {
    const known = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db
        .selectFrom('intake_notices')
        .select('id')
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const r of rows) known.add(r.id);
    }
    return ids.filter((id) => !known.has(id));
  }

  async markNoticed(kind: string, ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 500)
      await this.db
        .insertInto('intake_notices')
        .values(ids.slice(i, i + 500).map((id) => ({ id, kind })))
        .onConflict((c) => c.column('id').doNothing())
        .execute();
  }
}
