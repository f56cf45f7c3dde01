import type { Viewer } from '../accounts/index.js';
import type { AuditRepository } from '../audit/index.js';
import type { EvidenceRepository } from './evidence-repository.js';
import type { NewRestriction } from './item-restriction-repository.js';
import type { SearchIndexer } from './search/search-indexer.js';

/**
 * What follows a change to items' restrictions: each one in the audit trail under the item, and the
 * "has evidence" facet of every incident that uses the items (or archives holding them) recomputed.
 */
export class RestrictedEvidence {
  constructor(
    private readonly evidence: EvidenceRepository,
    private readonly audit: AuditRepository,
    private readonly indexer: SearchIndexer,
  ) {}

  async restricted(viewer: Viewer, restrictions: NewRestriction[], incidentId: string): Promise<void> {
    for (const r of restrictions) {
      await this.audit.record({
        userId: viewer.userId,
        action: 'restricted',
        recordType: 'item',
        recordId: r.itemId,
        detail: { compartmentId: r.compartmentId, incidentId },
      });
    }
    await this.reindex([...new Set(restrictions.map((r) => r.itemId))]);
  }

  async released(viewer: Viewer, itemId: string, compartments: string[]): Promise<void> {
    await this.audit.record({ userId: viewer.userId, action: 'released', recordType: 'item', recordId: itemId, detail: { compartments } });
    await this.reindex([itemId]);
  }

  private async reindex(itemIds: string[]): Promise<void> {
    for (const incidentId of await this.evidence.incidentsAffectedBy(itemIds)) await this.indexer.indexIncident(incidentId);
  }
}
