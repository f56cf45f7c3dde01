/**
 * Results kept for inputs that come back (records repeat their names and dates), forgotten all at once when
 * full: a screening streams millions of rows, and what it keeps must not grow with them.
 */
export class BoundedMemo<V> {
  private readonly entries = new Map<string, V>();

  constructor(
    private readonly compute: (key: string) => V,
    private readonly limit = 20_000,
  ) {}

  get(key: string): V {
    let value = this.entries.get(key);
    if (value === undefined) {
      value = this.compute(key);
      if (this.entries.size >= this.limit) this.entries.clear();
      this.entries.set(key, value);
    }
    return value;
  }
}
