import type { Viewer } from '../accounts/index.js';
import type { AuditRepository } from '../audit/index.js';
import type { Facility } from '../db/index.js';
import { newId, type UnitOfWork } from '../db/index.js';
import { InvalidInputError, NotFoundError, VersionConflictError } from '../shared/index.js';
import { requirePermission } from './case-context.js';
import type { FacilityInput } from './case-schemas.js';
import type { FacilityRepository } from './facility-repository.js';
import type { IncidentRepository } from './incident-repository.js';
import type { SearchIndexer } from './search/search-indexer.js';
import type { Facility as FacilityView } from './case-views.js';

/** Places of detention: shared reference data, never restricted; counts of incidents come from search. */
export class FacilityService {
  constructor(
    private readonly facilities: FacilityRepository,
    private readonly incidents: IncidentRepository,
    private readonly audit: AuditRepository,
    private readonly indexer: SearchIndexer,
    private readonly uow: UnitOfWork,
  ) {}

  async list(viewer: Viewer): Promise<FacilityView[]> {
    requirePermission(viewer, 'read');
    return (await this.facilities.list()).map(view);
  }

  async get(viewer: Viewer, id: string): Promise<FacilityView> {
    requirePermission(viewer, 'read');
    const facility = await this.facilities.find(id);
    if (!facility) throw new NotFoundError('facility', id);
    return view(facility);
  }

  async create(viewer: Viewer, input: FacilityInput): Promise<{ id: string }> {
    requirePermission(viewer, 'edit');
    const id = newId('fac');
    const now = new Date().toISOString();
    await this.uow.run(async () => {
      await this.facilities.insert({ id, ...checked(input), version: 1, created_at: now, updated_at: now, created_by: viewer.userId });
      await this.audit.record({ userId: viewer.userId, action: 'created', recordType: 'facility', recordId: id });
    });
    return { id };
  }

  async update(viewer: Viewer, id: string, version: number, input: FacilityInput): Promise<{ version: number }> {
    requirePermission(viewer, 'edit');
    const current = await this.facilities.find(id);
    if (!current) throw new NotFoundError('facility', id);
    const values = checked(input);
    await this.uow.run(async () => {
      if (!(await this.facilities.update(id, version, { ...values, updated_at: new Date().toISOString() })))
        throw new VersionConflictError('facility', current.version);
      await this.audit.record({ userId: viewer.userId, action: 'updated', recordType: 'facility', recordId: id });
      for (const incident of await this.incidents.idsAtFacility(id)) await this.indexer.indexIncident(incident);
    });
    return { version: version + 1 };
  }

  /**
   * Soft delete: the facility leaves lists and forms, and incidents recorded in it keep pointing at it
   * (their pages still show it). Refusing instead would tell a non-member that restricted incidents use it.
   */
  async remove(viewer: Viewer, id: string, version: number): Promise<void> {
    requirePermission(viewer, 'delete');
    const current = await this.facilities.find(id);
    if (!current) throw new NotFoundError('facility', id);
    await this.uow.run(async () => {
      if (!(await this.facilities.update(id, version, { deleted_at: new Date().toISOString(), deleted_by: viewer.userId })))
        throw new VersionConflictError('facility', current.version);
      await this.audit.record({ userId: viewer.userId, action: 'deleted', recordType: 'facility', recordId: id });
    });
  }
}

function checked(input: FacilityInput) {
  if (!input.nameRu.trim() && !input.nameEn.trim()) throw new InvalidInputError('nameRu', 'a facility needs a name in Russian or English');
  const hasLat = input.latitude !== undefined && input.latitude !== null;
  const hasLon = input.longitude !== undefined && input.longitude !== null;
  if (hasLat !== hasLon) throw new InvalidInputError(hasLat ? 'longitude' : 'latitude', 'give both coordinates or neither');
  return {
    name_ru: input.nameRu.trim(),
    name_en: input.nameEn.trim(),
    type: input.type,
    region: input.region.trim(),
    administration: input.administration?.trim() ?? '',
    latitude: input.latitude ?? null,
    longitude: input.longitude ?? null,
  };
}

function view(f: Facility): FacilityView {
  return {
    id: f.id,
    version: f.version,
    nameRu: f.name_ru,
    nameEn: f.name_en,
    type: f.type,
    region: f.region,
    administration: f.administration,
    latitude: f.latitude,
    longitude: f.longitude,
  };
}
