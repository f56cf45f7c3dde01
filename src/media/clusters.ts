/** Union-find over n things: join pairs that match, then read off the groups of two or more. */
export class Clusters {
  private readonly parent: number[];

  constructor(count: number) {
    this.parent = Array.from({ length: count }, (_, i) => i);
  }

  join(a: number, b: number): void {
    this.parent[this.root(b)] = this.root(a);
  }

  same(a: number, b: number): boolean {
    return this.root(a) === this.root(b);
  }

  /** Every group of more than one, members in the order they were numbered. */
  groups(): number[][] {
    const groups = new Map<number, number[]>();
    this.parent.forEach((_, i) => {
      const root = this.root(i);
      const group = groups.get(root);
      if (group) group.push(i);
      else groups.set(root, [i]);
    });
    return [...groups.values()].filter((members) => members.length > 1);
  }

  private root(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]!]!;
      i = this.parent[i]!;
    }
    return i;
  }
}
