import type { Viewer } from '../accounts/index.js';
import type { AuditRepository } from '../audit/index.js';
import type { Item } from '../db/index.js';
import type { ItemListPage, ItemNotes, ItemSearchFilter, ItemVisibility, VisibleBatchShare } from '../vault/index.js';
import type { EvidenceRepository } from './evidence-repository.js';

/**
 * The vault's question "may this viewer see this item?", answered from compartments: an item used by
 * a restricted incident (and what holds it, or is only inside it) is hidden outside that compartment.
 */
export class CaseItemVisibility implements ItemVisibility {
  constructor(
    private readonly evidence: EvidenceRepository,
    private readonly audit: AuditRepository,
  ) {}

  listItems(viewer: Viewer, page: ItemListPage): Promise<{ total: number; items: Item[] }> {
    return this.evidence.listVisibleItems(viewer, page);
  }

  placeNames(viewer: Viewer, ids: string[]): Promise<Map<string, string>> {
    return this.evidence.placeNames(viewer, ids);
  }

  searchItems(viewer: Viewer, filter: ItemSearchFilter, limit: number, offset: number): Promise<Item[]> {
    return this.evidence.searchVisibleItems(viewer, filter, limit, offset);
  }

  visibleItem(viewer: Viewer, id: string): Promise<Item | undefined> {
    return this.evidence.visibleItem(viewer, id);
  }

  hiddenAmong(viewer: Viewer, ids: string[]): Promise<Set<string>> {
    return this.evidence.hiddenAmong(viewer, ids);
  }

  hiddenArchives(viewer: Viewer, paths: string[]): Promise<Set<string>> {
    return this.evidence.hiddenArchives(viewer, paths);
  }

  hiddenBatches(viewer: Viewer, batches: Array<{ id: string; roots: string[] }>): Promise<Set<string>> {
    return this.evidence.hiddenBatches(viewer, batches);
  }

  visibleBatchCounts(viewer: Viewer, batchIds: string[]): Promise<Map<string, VisibleBatchShare>> {
    return this.evidence.visibleBatchCounts(viewer, batchIds);
  }

  /** Every view of a restricted item is written down for the administrators. */
  async notes(viewer: Viewer, id: string): Promise<ItemNotes> {
    const restriction = await this.evidence.restriction(id);
    if (restriction.compartments.length > 0 || restriction.heldItems || restriction.insideRestricted) {
      await this.audit.record({
        userId: viewer.userId,
        action: 'viewed-restricted',
        recordType: 'item',
        recordId: id,
        detail: { compartments: restriction.compartments },
      });
    }
    const incidents = (await this.evidence.linkedIncidents(viewer, id)).map((i) => ({ id: i.id, titleRu: i.title_ru, titleEn: i.title_en }));
    return { restriction, incidents };
  }
}
