import type { Viewer } from '../../accounts/index.js';
import { requirePermission } from '../case-context.js';
import type { IncidentStatistics } from '../case-views.js';
import { NO_FILTERS, type FacetCount } from './search-repository.js';
import type { LiveSearchIndex } from './live-index.js';

/**
 * Incidents counted by facility, region, year, act type and outcome. The counts come from the search
 * index's one pass over what the viewer may see, so a restricted incident outside their compartments
 * is in no count and not in the total.
 */
export class StatisticsService {
  constructor(private readonly live: LiveSearchIndex) {}

  async incidents(viewer: Viewer): Promise<IncidentStatistics> {
    requirePermission(viewer, 'read');
    const index = await this.live.index();
    const { total, facets } = index.search(viewer, NO_FILTERS, { sort: 'date-desc', limit: 0, offset: 0 });
    const by = {
      facility: facets.facility ?? [],
      // A facility with no region typed counts as one whose region is not known.
      region: (facets.region ?? []).filter((c) => c.value.trim() !== ''),
      year: facets.year ?? [],
      actType: facets.actType ?? [],
      intervention: facets.intervention ?? [],
    };
    const without = (counts: FacetCount[]) => total - counts.reduce((sum, c) => sum + c.count, 0);
    return { total, by, unknown: { facility: without(by.facility), region: without(by.region), year: without(by.year) } };
  }
}
