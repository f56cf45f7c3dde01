import { MemoryIndex } from './memory-index.js';
import type { SearchIndexSource } from './search-index-source.js';

/**
 * The process's in-memory search index: loaded at start or at the first search, then kept current:
 * this process's writes refresh it at once, other processes' writes are read from the numbered
 * change log before each search.
 */
export class LiveSearchIndex {
  private loading: Promise<{ index: MemoryIndex; seen: number }> | null = null;

  constructor(private readonly source: SearchIndexSource) {}

  async index(): Promise<MemoryIndex> {
    const state = await this.load();
    const { changes, oldest } = await this.source.changesSince(state.seen);
    // Numbers are handed out under a row lock, so they commit in order and have no gaps: a first kept
    // change beyond the next expected one means changes this process never saw were pruned.
    if (oldest !== null && oldest > state.seen + 1) {
      this.loading = null;
      return (await this.load()).index;
    }
    for (const change of changes) {
      if (change.doc_type === 'incident') await state.index.refresh(change.doc_id);
      else await state.index.refreshPerson(change.doc_id);
      state.seen = change.seq;
    }
    return state.index;
  }

  /** After a write: a write during the first load is applied once the load is done. */
  async refresh(incidentId: string): Promise<void> {
    if (this.loading) await (await this.loading).index.refresh(incidentId);
  }

  async refreshPerson(personId: string): Promise<void> {
    if (this.loading) await (await this.loading).index.refreshPerson(personId);
  }

  private load(): Promise<{ index: MemoryIndex; seen: number }> {
    this.loading ??= (async () => {
      // Read the change number first: a change made during the load is applied again afterwards.
      const seen = await this.source.headSeq();
      return { index: await MemoryIndex.load(this.source), seen };
    })().catch((error: unknown) => {
      this.loading = null;
      throw error;
    });
    return this.loading;
  }
}
