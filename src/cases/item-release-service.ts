import type { Viewer } from '../accounts/index.js';
import type { UnitOfWork } from '../db/index.js';
import { NotFoundError, VigilError } from '../shared/index.js';
import { requirePermission } from './case-context.js';
import type { EvidenceRepository, ItemRestriction } from './evidence-repository.js';
import type { ItemRestrictionRepository } from './item-restriction-repository.js';
import type { RestrictedEvidence } from './restricted-evidence.js';

/** An administrator asked to release an item that a restricted incident still uses. */
export class ItemStillRestrictedError extends VigilError {
  readonly code = 'still-restricted';
  override name = 'ItemStillRestrictedError';
  constructor(itemId: string, incidents: string[]) {
    super(
      `item ${itemId} is still evidence in ${incidents.length === 1 ? 'incident' : 'incidents'} ${incidents.join(', ')} of its compartment: ` +
        'unlink it there, or lift that restriction, before releasing the item',
    );
  }
}

/** Lifting an item's compartment restrictions: a compartment decision, so it stays with case records. */
export class ItemReleaseService {
  constructor(
    private readonly evidence: EvidenceRepository,
    private readonly restrictions: ItemRestrictionRepository,
    private readonly restrictedEvidence: RestrictedEvidence,
    private readonly uow: UnitOfWork,
  ) {}

  /**
   * An administrator lifts the item's own restrictions (audited), those of compartments whose live
   * incidents no longer use it; refused when a live incident keeps every one. An archive that holds a
   * restricted item, or a file found only inside a restricted archive, stays hidden for that reason:
   * the answer says so, and which incidents keep the compartments that stay.
   */
  async release(viewer: Viewer, id: string): Promise<{ released: string[]; keptBy: string[]; restriction: ItemRestriction }> {
    requirePermission(viewer, 'manage');
    if (!(await this.evidence.visibleItem(viewer, id))) throw new NotFoundError('item', id);
    const outcome = await this.uow.run(async () => {
      const released = await this.restrictions.release(id);
      if (released.released.length === 0 && released.usedBy.length > 0) throw new ItemStillRestrictedError(id, released.usedBy);
      if (released.released.length > 0) await this.restrictedEvidence.released(viewer, id, released.released);
      return released;
    });
    return { released: outcome.released, keptBy: outcome.usedBy, restriction: await this.evidence.restriction(id) };
  }
}
