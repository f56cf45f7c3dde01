import type { Kysely } from 'kysely';

/** The main database's tables that the inbox uses (migration 0012), and the users it names. */
export type CaseTables = {
  submission_cases: { submission_id: string; status: string; assignee_id: string | null; updated_at: string; updated_by: string | null };
  submission_labels: { submission_id: string; label: string };
  submission_comments: { id: string; submission_id: string; author_id: string; created_at: string; body_age: string };
  submission_answers: { submission_id: string; answers_age: string };
  submission_items: { submission_id: string; item_id: string };
  intake_notices: { id: string; kind: string };
  users: { id: string; username: string; display_name: string; role: string; disabled_at: string | null };
};

export type CaseDb = Kysely<CaseTables>;

export function caseTables<T>(db: Kysely<T>): CaseDb {
  return db.withTables<CaseTables>() as unknown as CaseDb;
}
