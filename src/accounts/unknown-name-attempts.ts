const MAX_NAMES = 10_000;

/**
 * Failed sign-ins per name that is no account (or a disabled one), in this process's memory: enough to answer
 * such a name, once it has failed as often as a real account is slowed after, as a slowed account would be
 * answered. Otherwise the change in the answer would tell which names are accounts. The oldest names are
 * forgotten first.
 */
export class UnknownNameAttempts {
  private readonly counts = new Map<string, number>();

  /** Counts one more failure for the name and returns the new count. */
  count(name: string): number {
    const next = (this.counts.get(name) ?? 0) + 1;
    this.counts.delete(name);
    this.counts.set(name, next);
    if (this.counts.size > MAX_NAMES) this.counts.delete(this.counts.keys().next().value!);
    return next;
  }
}
