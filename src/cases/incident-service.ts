import type { AccountRepository } from '../accounts/index.js';
import type { Viewer } from '../accounts/index.js';
import type { AuditRepository } from '../audit/index.js';
import type { Incident } from '../db/index.js';
import { newId, type UnitOfWork } from '../db/index.js';
import { InvalidInputError, NotFoundError, VersionConflictError } from '../shared/index.js';
import type { ActTypeRepository } from './act-type-repository.js';
import { linkedPersonIds } from './linked-people.js';
import type { CompartmentCarry } from './compartment-carry.js';
import type { EvidenceRepository } from './evidence-repository.js';
import type { RestrictedEvidence } from './restricted-evidence.js';
import { auditRestrictedView, checkCompartment, requirePermission } from './case-context.js';
import type { EvidenceBox, IncidentInput } from './case-schemas.js';
import type { IncidentPage, PersonRef } from './case-views.js';
import { checkDate, yearOf } from './dates.js';
import type { FacilityRepository } from './facility-repository.js';
import type { IncidentPartsRepository } from './incident-parts-repository.js';
import type { IncidentRepository } from './incident-repository.js';
import type { IncidentTagRepository } from './incident-tag-repository.js';
import type { PersonRepository } from './person-repository.js';
import type { SearchIndexer } from './search/search-indexer.js';

export type { IncidentPage, PersonRef } from './case-views.js';

/** Incidents themselves: create, read as a whole page, edit, restrict, delete and restore. */
export class IncidentService {
  constructor(
    private readonly incidents: IncidentRepository,
    private readonly parts: IncidentPartsRepository,
    private readonly people: PersonRepository,
    private readonly facilities: FacilityRepository,
    private readonly actTypes: ActTypeRepository,
    private readonly accounts: AccountRepository,
    private readonly audit: AuditRepository,
    private readonly indexer: SearchIndexer,
    private readonly carry: CompartmentCarry,
    private readonly evidence: EvidenceRepository,
    private readonly restrictedEvidence: RestrictedEvidence,
    private readonly uow: UnitOfWork,
    private readonly tags: IncidentTagRepository,
  ) {}

  async create(viewer: Viewer, input: IncidentInput): Promise<{ id: string }> {
    requirePermission(viewer, 'edit');
    if (input.compartmentId) requirePermission(viewer, 'restrict');
    const values = await this.checked(viewer, input);
    const now = new Date().toISOString();
    const id = newId('inc');
    await this.uow.run(async () => {
      await this.incidents.insert({ id, ...values, version: 1, created_at: now, updated_at: now, created_by: viewer.userId });
      await this.audit.record({ userId: viewer.userId, action: 'created', recordType: 'incident', recordId: id });
      await this.indexer.indexIncident(id);
    });
    return { id };
  }

  /** Every check `create` makes, without creating: for imports that take all rows or none. */
  async validate(viewer: Viewer, input: IncidentInput): Promise<void> {
    requirePermission(viewer, 'edit');
    await this.checked(viewer, input);
  }

  async get(viewer: Viewer, id: string): Promise<IncidentPage> {
    const incident = await this.visible(viewer, id);
    await auditRestrictedView(this.audit, viewer, 'incident', id, incident.compartment_id);
    return this.page(viewer, incident);
  }

  async update(viewer: Viewer, id: string, version: number, input: IncidentInput): Promise<{ version: number }> {
    requirePermission(viewer, 'edit');
    const current = await this.visible(viewer, id);
    const compartmentChanges = (input.compartmentId ?? null) !== current.compartment_id;
    if (compartmentChanges) requirePermission(viewer, 'restrict');
    const values = await this.checked(viewer, input, current.facility_id);
    await this.uow.run(async () => {
      const restricted = await this.incidents.update(id, version, { ...values, updated_at: new Date().toISOString() }, viewer);
      if (restricted === null) throw new VersionConflictError('incident', current.version);
      await this.audit.record({
        userId: viewer.userId,
        action: compartmentChanges ? 'restricted' : 'updated',
        recordType: 'incident',
        recordId: id,
        detail: compartmentChanges ? { from: current.compartment_id, to: values.compartment_id } : {},
      });
      if (compartmentChanges) await this.carry.carry(id);
      await this.indexer.indexIncident(id);
      await this.restrictedEvidence.restricted(viewer, restricted, id);
    });
    return { version: version + 1 };
  }

  /** Soft delete: the incident disappears from lists and search, and an administrator can restore it. */
  async remove(viewer: Viewer, id: string, version: number): Promise<void> {
    requirePermission(viewer, 'delete');
    const current = await this.visible(viewer, id);
    if (current.version !== version) throw new VersionConflictError('incident', current.version);
    await this.uow.run(async () => {
      await this.incidents.setDeleted(id, { at: new Date().toISOString(), by: viewer.userId });
      await this.audit.record({ userId: viewer.userId, action: 'deleted', recordType: 'incident', recordId: id });
      await this.carry.carry(id);
      await this.indexer.indexIncident(id);
    });
  }

  async restore(viewer: Viewer, id: string): Promise<void> {
    requirePermission(viewer, 'manage');
    const current = await this.incidents.find(id, viewer, { withDeleted: true });
    if (!current || current.deleted_at === null) throw new NotFoundError('deleted incident', id);
    await this.uow.run(async () => {
      const restricted = await this.incidents.restore(id, viewer);
      await this.audit.record({ userId: viewer.userId, action: 'restored', recordType: 'incident', recordId: id });
      await this.carry.carry(id);
      await this.indexer.indexIncident(id);
      await this.restrictedEvidence.restricted(viewer, restricted, id);
    });
  }

  async listDeleted(viewer: Viewer): Promise<Array<{ id: string; titleRu: string; titleEn: string; deletedAt: string; deletedBy: string | null }>> {
    requirePermission(viewer, 'manage');
    return (await this.incidents.listDeleted(viewer)).map((r) => ({
      id: r.id,
      titleRu: r.title_ru,
      titleEn: r.title_en,
      deletedAt: r.deleted_at!,
      deletedBy: r.deleted_by,
    }));
  }

  /** The incident if it exists, is live and the viewer may see it; otherwise, to them, it does not exist. */
  async visible(viewer: Viewer, id: string): Promise<Incident> {
    const incident = await this.incidents.find(id, viewer);
    if (!incident) throw new NotFoundError('incident', id);
    return incident;
  }

  /** `keptFacility`: the incident's facility now, which an edit may keep after the facility was deleted. */
  private async checked(viewer: Viewer, input: IncidentInput, keptFacility: string | null = null) {
    if (!input.titleRu.trim() && !input.titleEn.trim()) throw new InvalidInputError('titleRu', 'an incident needs a title in Russian or English');
    const dateStart = checkDate('dateStart', input.dateStart);
    const dateEnd = checkDate('dateEnd', input.dateEnd);
    if (dateStart && dateEnd && dateEnd < dateStart) throw new InvalidInputError('dateEnd', 'the end comes before the start');
    if (input.facilityId && input.facilityId !== keptFacility && !(await this.facilities.find(input.facilityId)))
      throw new InvalidInputError('facilityId', `no facility ${input.facilityId}`);
    return {
      compartment_id: await checkCompartment(viewer, input.compartmentId, this.accounts),
      title_ru: input.titleRu.trim(),
      title_en: input.titleEn.trim(),
      description_ru: input.descriptionRu ?? '',
      description_en: input.descriptionEn ?? '',
      date_start: dateStart,
      date_end: dateEnd,
      date_precision: input.datePrecision,
      year: yearOf(dateStart),
      facility_id: input.facilityId ?? null,
      place: input.place ?? '',
      documentation_status: input.documentationStatus,
    };
  }

  private async page(viewer: Viewer, incident: Incident): Promise<IncidentPage> {
    const [acts, allEvidence, interventions, links, tags] = await Promise.all([
      this.parts.acts(incident.id),
      this.parts.evidence(incident.id),
      this.parts.interventions(incident.id),
      this.incidents.links(incident.id, viewer),
      this.tags.of(incident.id),
    ]);
    // Evidence restricted to a compartment the viewer is not in is left out, even on an open incident.
    const hidden = await this.evidence.hiddenAmong(
      viewer,
      allEvidence.map((e) => e.item_id),
    );
    const evidence = allEvidence.filter((e) => !hidden.has(e.item_id));
    const [involvements, history] = await Promise.all([
      this.parts.involvements(acts.map((a) => a.id)),
      this.parts.statusHistory(interventions.map((i) => i.id)),
    ]);
    const labels = await this.people.labels(linkedPersonIds(acts, involvements, interventions), viewer);
    const ref = (id: string | null): PersonRef | null => (id === null ? null : labels.has(id) ? { id, ...labels.get(id)! } : { restricted: true });
    const types = new Map((await this.actTypes.list()).map((t) => [t.id, t]));
    const facility = incident.facility_id ? await this.facilities.find(incident.facility_id, { withDeleted: true }) : undefined;
    return {
      incident: {
        id: incident.id,
        version: incident.version,
        compartmentId: incident.compartment_id,
        titleRu: incident.title_ru,
        titleEn: incident.title_en,
        descriptionRu: incident.description_ru,
        descriptionEn: incident.description_en,
        dateStart: incident.date_start,
        dateEnd: incident.date_end,
        datePrecision: incident.date_precision,
        place: incident.place,
        documentationStatus: incident.documentation_status,
        createdAt: incident.created_at,
        updatedAt: incident.updated_at,
        deletedAt: incident.deleted_at,
      },
      facility: facility
        ? {
            id: facility.id,
            nameRu: facility.name_ru,
            nameEn: facility.name_en,
            type: facility.type,
            region: facility.region,
            latitude: facility.latitude,
            longitude: facility.longitude,
          }
        : null,
      acts: acts.map((a) => {
        const type = types.get(a.act_type_id);
        return {
          id: a.id,
          version: a.version,
          actType: { id: a.act_type_id, labelRu: type?.label_ru ?? a.act_type_id, labelEn: type?.label_en ?? a.act_type_id },
          victim: ref(a.victim_id),
          descriptionRu: a.description_ru,
          descriptionEn: a.description_en,
          perpetrators: involvements.filter((i) => i.act_id === a.id).map((i) => ({ person: ref(i.perpetrator_id)!, degree: i.degree, note: i.note })),
        };
      }),
      evidence: evidence.map((e) => ({
        id: e.id,
        itemId: e.item_id,
        actId: e.act_id,
        mediaType: e.media_type,
        size: e.size,
        sha256: e.sha256,
        startSeconds: e.start_seconds,
        endSeconds: e.end_seconds,
        box: e.box === null ? null : (JSON.parse(e.box) as EvidenceBox),
        note: e.note,
      })),
      interventions: interventions.map((i) => ({
        id: i.id,
        version: i.version,
        kind: i.kind,
        status: i.status,
        person: ref(i.person_id),
        caseNumber: i.case_number,
        article: i.article,
        body: i.body,
        openedOn: i.opened_on,
        descriptionRu: i.description_ru,
        descriptionEn: i.description_en,
        history: history
          .filter((h) => h.intervention_id === i.id)
          .map((h) => ({ status: h.status, changedOn: h.changed_on, note: h.note, recordedAt: h.recorded_at })),
      })),
      links: links.map((l) => ({
        id: l.id,
        direction: l.direction,
        incidentId: l.incidentId,
        titleRu: l.title_ru,
        titleEn: l.title_en,
        relation: l.relation,
        note: l.note,
      })),
      tags,
    };
  }
}
