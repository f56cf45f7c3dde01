/** One kind of document's posting lists: loaded once as typed arrays, changed documents in an overlay. */
export class PostingStore {
  private readonly base = new Map<string, { docs: Int32Array; weights: Int32Array }>();
  private readonly stale: boolean[] = [];
  private readonly overlay = new Map<string, Map<number, number>>();
  private readonly overlayTerms = new Map<number, string[]>();
  private term = '';
  private docs: number[] = [];
  private weights: number[] = [];

  /** Loading: rows must come in term order. */
  add(term: string, doc: number, weight: number): void {
    if (term !== this.term) {
      this.flush();
      this.term = term;
    }
    this.docs.push(doc);
    this.weights.push(weight);
  }

  flush(): void {
    if (this.docs.length > 0) this.base.set(this.term, { docs: Int32Array.from(this.docs), weights: Int32Array.from(this.weights) });
    this.docs = [];
    this.weights = [];
  }

  /** A document's terms now, replacing what was loaded or set before. */
  replace(doc: number, terms: Array<{ term: string; weight: number }>): void {
    this.stale[doc] = true;
    for (const term of this.overlayTerms.get(doc) ?? []) this.overlay.get(term)?.delete(doc);
    for (const { term, weight } of terms) {
      let docs = this.overlay.get(term);
      if (!docs) this.overlay.set(term, (docs = new Map()));
      docs.set(doc, weight);
    }
    this.overlayTerms.set(
      doc,
      terms.map((t) => t.term),
    );
  }

  /**
   * Documents holding, for every word, one of its terms, in the order first met; `scores` gets the
   * sums of the weights.
   */
  match(words: string[][], size: number, scores: Float64Array): number[] {
    const lastWord = new Int32Array(size);
    const hits = new Int32Array(size);
    const touched: number[] = [];
    words.forEach((alternatives, w) => {
      const visit = (doc: number, weight: number) => {
        scores[doc] = scores[doc]! + weight;
        if (lastWord[doc] !== w + 1) {
          lastWord[doc] = w + 1;
          if (hits[doc] === 0) touched.push(doc);
          hits[doc] = hits[doc]! + 1;
        }
      };
      for (const term of alternatives) {
        const postings = this.base.get(term);
        if (postings) {
          const { docs, weights } = postings;
          for (let i = 0; i < docs.length; i++) if (!this.stale[docs[i]!]) visit(docs[i]!, weights[i]!);
        }
        for (const [doc, weight] of this.overlay.get(term) ?? []) visit(doc, weight);
      }
    });
    return touched.filter((doc) => hits[doc] === words.length);
  }
}
