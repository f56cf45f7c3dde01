import type { AccountRepository, Viewer } from '../accounts/index.js';
import type { Incident } from '../db/index.js';
import { InvalidInputError, NotFoundError, VersionConflictError } from '../shared/index.js';
import { checkCompartment, requirePermission } from './case-context.js';
import { IncidentInput } from './case-schemas.js';
import type { BulkOutcome, BulkResult } from './case-views.js';
import type { IncidentService } from './incident-service.js';
import type { IncidentTagService } from './incident-tags.js';

/** At most this many incidents in one bulk request: a page of the list and then some. */
export const MAX_BULK = 200;

/** Told of each incident the database failed to change, with the error, for the server's log. */
export type BulkFailure = (id: string, error: unknown) => void;

/**
 * Several incidents at once, each through the path that changes one, each checked against the caller's rights.
 *
 * Each incident is its own unit of work, as its own edit would be: one the database fails to change is reported
 * `failed` and the others go on. A batch in one transaction would instead hold the database's write lock for
 * up to 200 edits (each with its carried compartments and search terms), and one bad row would keep the other
 * 199 from being restricted; the caller would learn less (which one failed) and could retry no less.
 */
export class IncidentBulk {
  constructor(
    private readonly incidents: IncidentService,
    private readonly tags: IncidentTagService,
    private readonly accounts: AccountRepository,
  ) {}

  /**
   * Restricts each incident to `compartmentId` by the single incident's edit, so each gets its own audit row,
   * carried compartments and reindex. An incident the caller may not see answers as absent, like one that is not there.
   */
  async restrict(viewer: Viewer, ids: string[], compartmentId: string, failed: BulkFailure = () => undefined): Promise<BulkResult> {
    requirePermission(viewer, 'edit');
    requirePermission(viewer, 'restrict');
    checkSize(ids);
    await checkCompartment(viewer, compartmentId, this.accounts);
    return each(ids, failed, async (id) => {
      const current = await this.incidents.visible(viewer, id);
      if (current.compartment_id === compartmentId) return 'unchanged';
      const input = await storedInput(current, compartmentId);
      if (!input) return 'invalid';
      await this.incidents.update(viewer, id, current.version, input);
      return 'restricted';
    });
  }

  /** Adds the tag to each incident, or takes it off each, by the single incident's tag change (its own audit row). */
  async tag(viewer: Viewer, ids: string[], tag: string, change: 'add' | 'remove', failed: BulkFailure = () => undefined): Promise<BulkResult> {
    requirePermission(viewer, 'edit');
    checkSize(ids);
    return each(ids, failed, async (id) => {
      const done = await this.tags.change(viewer, id, change === 'add' ? { add: [tag] } : { remove: [tag] });
      if (change === 'add') return done.added.length > 0 ? 'tagged' : 'unchanged';
      return done.removed.length > 0 ? 'untagged' : 'unchanged';
    });
  }
}

export function checkSize(ids: string[]): void {
  if (ids.length > MAX_BULK) throw new InvalidInputError('ids', `at most ${MAX_BULK} incidents at once`);
}

/** Each id once, in the order given, with what `work` did to it; the errors that concern one incident become its outcome. */
async function each(ids: string[], failed: BulkFailure, work: (id: string) => Promise<BulkOutcome>): Promise<BulkResult> {
  const results: BulkResult['results'] = [];
  for (const id of new Set(ids)) {
    let outcome: BulkOutcome;
    try {
      outcome = await work(id);
    } catch (error) {
      if (error instanceof NotFoundError) outcome = 'not-found';
      else if (error instanceof VersionConflictError) outcome = 'conflict';
      else if (error instanceof InvalidInputError) outcome = 'invalid';
      else {
        failed(id, error);
        outcome = 'failed';
      }
    }
    results.push({ id, outcome });
  }
  return { results };
}

/**
 * The incident as its edit form would send it, in `compartmentId`; null when what is stored would not pass the
 * edit route's checks (a value from an older version, or written around the API), since saving it again would
 * keep it or fail half-way.
 */
async function storedInput(current: Incident, compartmentId: string): Promise<IncidentInput | null> {
  const input = {
    titleRu: current.title_ru,
    titleEn: current.title_en,
    descriptionRu: current.description_ru,
    descriptionEn: current.description_en,
    dateStart: current.date_start,
    dateEnd: current.date_end,
    datePrecision: current.date_precision,
    facilityId: current.facility_id,
    place: current.place,
    documentationStatus: current.documentation_status,
    compartmentId,
  };
  // Loaded here, not at start: TypeBox's value module is many files that most runs of Vigil never need.
  const { Value } = await import('typebox/value');
  return Value.Check(IncidentInput, input) ? (input as IncidentInput) : null;
}
