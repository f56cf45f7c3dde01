import { can, type Viewer } from '../accounts/index.js';
import type { AuditRepository } from '../audit/index.js';
import type { UnitOfWork } from '../db/index.js';
import { ForbiddenError, NotFoundError } from '../shared/index.js';
import type { MediaCatalogueRepository } from './media-catalogue-repository.js';
import type { MediaMarkRepository } from './media-mark-repository.js';
import type { MarkedPairs, MarkPairs } from './media-triage-schemas.js';
import type { MediaVisibility } from './media-triage-service.js';

/**
 * An investigator's verdict on near duplicates: "same recording" or "different", for a pair or a whole
 * cluster. It is stored for every pair of the items, never for the cluster as such, because clusters are
 * recomputed from the hashes and change as items arrive; a cluster shows the marks of its pairs, and a newcomer
 * to it is simply unmarked against the others. Each change is audited in the same transaction.
 */
export class MediaMarkService {
  constructor(
    private readonly marks: MediaMarkRepository,
    private readonly visibility: MediaVisibility,
    private readonly catalogue: MediaCatalogueRepository,
    private readonly audit: AuditRepository,
    private readonly uow: UnitOfWork,
  ) {}

  async mark(viewer: Viewer, request: MarkPairs): Promise<MarkedPairs> {
    if (!can(viewer, 'viewEvidence') || !can(viewer, 'edit')) throw new ForbiddenError(`your role (${viewer.role}) may not do this`);
    const items = [...new Set(request.items)];
    const [hidden, present] = await Promise.all([this.visibility.hiddenAmong(viewer, items), this.catalogue.existing(items)]);
    // A hidden item and an absent one get the same answer.
    const unseen = items.find((id) => hidden.has(id) || !present.has(id));
    if (unseen !== undefined) throw new NotFoundError('item', unseen);
    await this.uow.run(async () => {
      const at = new Date().toISOString();
      for (let i = 0; i < items.length; i++)
        for (let j = i + 1; j < items.length; j++) {
          if (request.verdict === 'none') await this.marks.clear(items[i]!, items[j]!);
          else await this.marks.set(items[i]!, items[j]!, request.verdict, viewer.userId, at);
        }
      await this.audit.record({
        userId: viewer.userId,
        action: 'marked-duplicates',
        recordType: 'item',
        recordId: items[0]!,
        detail: { items, verdict: request.verdict },
      });
    });
    return { marks: await this.marks.among(items) };
  }
}
