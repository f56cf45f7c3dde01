import type { Kysely } from 'kysely';

type SeenTables = {
  home_visits: { user_id: string; seen_at: string };
  home_seen: { user_id: string; kind: string; id: string };
};

export type SeenKind = 'submission' | 'message';

/** What each person has seen of their home page (migration 0013). */
export class HomeSeenRepository {
  private readonly db: Kysely<SeenTables>;

  constructor(db: Kysely<unknown>) {
    this.db = db.withTables<SeenTables>() as unknown as Kysely<SeenTables>;
  }

  async lastVisit(userId: string): Promise<string | null> {
    const row = await this.db.selectFrom('home_visits').select('seen_at').where('user_id', '=', userId).executeTakeFirst();
    return row?.seen_at ?? null;
  }

  async seen(userId: string, kind: SeenKind): Promise<Set<string>> {
    const rows = await this.db.selectFrom('home_seen').select('id').where('user_id', '=', userId).where('kind', '=', kind).execute();
    return new Set(rows.map((r) => r.id));
  }

  /** Moves the last visit forward to `at` (never back: an old page left open must not bring old news back). */
  async visited(userId: string, at: string): Promise<void> {
    await this.db
      .insertInto('home_visits')
      .values({ user_id: userId, seen_at: at })
      .onConflict((c) => c.column('user_id').doUpdateSet({ seen_at: at }).where('home_visits.seen_at', '<', at))
      .execute();
  }

  /** Adds `ids` to what the person has seen and forgets seen ids the intake no longer holds (`current`). */
  async markSeen(userId: string, kind: SeenKind, ids: string[], current: ReadonlySet<string>): Promise<void> {
    const known = await this.seen(userId, kind);
    const gone = [...known].filter((id) => !current.has(id));
    // Sorted: rows in the order they were marked would tell which arrived first within a day.
    const fresh = [...new Set(ids)].filter((id) => current.has(id) && !known.has(id)).sort();
    for (let i = 0; i < gone.length; i += 500)
      await this.db
        .deleteFrom('home_seen')
        .where('user_id', '=', userId)
        .where('kind', '=', kind)
        .where('id', 'in', gone.slice(i, i + 500))
        .execute();
    for (let i = 0; i < fresh.length; i += 200)
      await this.db
        .insertInto('home_seen')
        .values(fresh.slice(i, i + 200).map((id) => ({ user_id: userId, kind, id })))
        .onConflict((c) => c.doNothing())
        .execute();
  }
}
