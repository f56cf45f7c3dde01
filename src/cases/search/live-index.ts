import { MemoryIndex } from './memory-index.js';
import type { SearchIndexSource } from './search-index-source.js';

/** The process's in-memory search index: loaded at the first search, kept current by every write. */
export class LiveSearchIndex {
  private loading: Promise<MemoryIndex> | null = null;

  constructor(private readonly source: SearchIndexSource) {}

  index(): Promise<MemoryIndex> {
    this.loading ??= MemoryIndex.load(this.source).catch((error: unknown) => {
      this.loading = null;
      throw error;
    });
    return this.loading;
  }

  /** After a write: a write during the first load is applied once the load is done. */
  async refresh(incidentId: string): Promise<void> {
    if (this.loading) await (await this.loading).refresh(incidentId);
  }

  async refreshPerson(personId: string): Promise<void> {
    if (this.loading) await (await this.loading).refreshPerson(personId);
  }
}
