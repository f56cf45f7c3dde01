/** How long a search counts as the same one: a reader paging, going back and reloading within it is one search. */
export const SAME_SEARCH_MS = 30 * 60_000;
const MAX_REMEMBERED = 5000;

/**
 * Which restricted incidents each search has already written into the audit trail, so that a search is
 * logged once rather than on every view of its list. A search is one reader's query and filters (not the
 * page, page size or order) within `SAME_SEARCH_MS` of its first logged view. A later view of the same
 * search is logged only for restricted incidents it has not logged yet (a further page), naming just
 * those; a reload, a page seen again or another order writes nothing. Kept in memory: a restarted server,
 * or another server process, starts afresh and logs the search once more (more rows, never fewer).
 */
export class RestrictedListings {
  private readonly searches = new Map<string, { since: number; logged: Set<string> }>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Of the restricted incidents this view of a search shows, those to write down now. They count as logged
   * only once `write` has written them: a failed write leaves them to be logged by the next view.
   */
  async logOnce(userId: string, search: unknown, restricted: string[], write: (ids: string[]) => Promise<void>): Promise<void> {
    const key = `${userId}\u0000${JSON.stringify(search)}`;
    const now = this.now();
    let seen = this.searches.get(key);
    if (!seen || now - seen.since >= SAME_SEARCH_MS) {
      this.forgetOld(now);
      seen = { since: now, logged: new Set() };
      this.searches.set(key, seen);
    }
    const fresh = restricted.filter((id) => !seen.logged.has(id));
    if (fresh.length === 0) return;
    await write(fresh);
    for (const id of fresh) seen.logged.add(id);
  }

  private forgetOld(now: number): void {
    for (const [key, s] of this.searches) if (now - s.since >= SAME_SEARCH_MS) this.searches.delete(key);
    // Many readers with many searches at once: the oldest are forgotten first (they may be logged again).
    while (this.searches.size >= MAX_REMEMBERED) this.searches.delete(this.searches.keys().next().value!);
  }
}
