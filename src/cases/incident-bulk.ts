import type { AccountRepository, Viewer } from '../accounts/index.js';
import { InvalidInputError, NotFoundError, VersionConflictError } from '../shared/index.js';
import { checkCompartment, requirePermission } from './case-context.js';
import type { BulkOutcome, BulkResult } from './case-views.js';
import type { IncidentService } from './incident-service.js';

/** At most this many incidents in one bulk request: a page of the list and then some. */
export const MAX_BULK = 200;

/** Several incidents at once, each through the path that changes one, each checked against the caller's rights. */
export class IncidentBulk {
  constructor(
    private readonly incidents: IncidentService,
    private readonly accounts: AccountRepository,
  ) {}

  /**
   * Restricts each incident to `compartmentId` by the single incident's edit, so each gets its own audit row,
   * carried compartments and reindex. An incident the caller may not see answers as absent, like one that is not there.
   */
  async restrict(viewer: Viewer, ids: string[], compartmentId: string): Promise<BulkResult> {
    requirePermission(viewer, 'edit');
    requirePermission(viewer, 'restrict');
    if (ids.length > MAX_BULK) throw new InvalidInputError('ids', `at most ${MAX_BULK} incidents at once`);
    await checkCompartment(viewer, compartmentId, this.accounts);
    const results: BulkResult['results'] = [];
    for (const id of new Set(ids)) results.push({ id, outcome: await this.restrictOne(viewer, id, compartmentId) });
    return { results };
  }

  private async restrictOne(viewer: Viewer, id: string, compartmentId: string): Promise<BulkOutcome> {
    try {
      const current = await this.incidents.visible(viewer, id);
      if (current.compartment_id === compartmentId) return 'unchanged';
      await this.incidents.update(viewer, id, current.version, {
        titleRu: current.title_ru,
        titleEn: current.title_en,
        descriptionRu: current.description_ru,
        descriptionEn: current.description_en,
        dateStart: current.date_start,
        dateEnd: current.date_end,
        datePrecision: current.date_precision as Parameters<IncidentService['update']>[3]['datePrecision'],
        facilityId: current.facility_id,
        place: current.place,
        documentationStatus: current.documentation_status as Parameters<IncidentService['update']>[3]['documentationStatus'],
        compartmentId,
      });
      return 'restricted';
    } catch (error) {
      if (error instanceof NotFoundError) return 'not-found';
      if (error instanceof VersionConflictError) return 'conflict';
      if (error instanceof InvalidInputError) return 'invalid';
      throw error;
    }
  }
}
