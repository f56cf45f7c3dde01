import type { Viewer } from '../accounts/index.js';
import type { AuditRepository } from '../audit/index.js';
import { newId, type UnitOfWork } from '../db/index.js';
import { InvalidInputError, NotFoundError, VersionConflictError } from '../shared/index.js';
import type { ActTypeRepository } from './act-type-repository.js';
import type { CompartmentCarry } from './compartment-carry.js';
import type { EvidenceRepository } from './evidence-repository.js';
import type { RestrictedEvidence } from './restricted-evidence.js';
import { requirePermission } from './case-context.js';
import type { ActInput, EvidenceLinkInput, IncidentLinkInput, InterventionInput } from './case-schemas.js';
import { checkDate } from './dates.js';
import type { IncidentPartsRepository } from './incident-parts-repository.js';
import type { IncidentRepository } from './incident-repository.js';
import type { IncidentService } from './incident-service.js';
import type { PersonRepository } from './person-repository.js';
import type { SearchIndexer } from './search/search-indexer.js';
import type { VaultPort } from './vault-port.js';

/**
 * Acts, interventions, evidence links and chains of events. Each belongs to one incident, and is
 * visible, editable and deletable exactly when its incident is.
 */
export class IncidentPartsService {
  constructor(
    private readonly incidents: IncidentService,
    private readonly incidentRows: IncidentRepository,
    private readonly parts: IncidentPartsRepository,
    private readonly people: PersonRepository,
    private readonly actTypes: ActTypeRepository,
    private readonly vault: Pick<VaultPort, 'byId'>,
    private readonly evidence: EvidenceRepository,
    private readonly restrictedEvidence: RestrictedEvidence,
    private readonly audit: AuditRepository,
    private readonly indexer: SearchIndexer,
    private readonly carry: CompartmentCarry,
    private readonly uow: UnitOfWork,
  ) {}

  async addAct(viewer: Viewer, incidentId: string, input: ActInput): Promise<{ id: string }> {
    requirePermission(viewer, 'edit');
    await this.incidents.visible(viewer, incidentId);
    const values = await this.checkedAct(viewer, input);
    const id = newId('act');
    const now = new Date().toISOString();
    await this.uow.run(async () => {
      await this.parts.insertAct(
        { id, incident_id: incidentId, ...values.act, version: 1, created_at: now, updated_at: now, created_by: viewer.userId },
        values.perpetrators.map((p) => ({ id: newId('inv'), act_id: id, ...p })),
      );
      await this.changed(viewer, incidentId, 'act-added', id);
    });
    return { id };
  }

  async updateAct(viewer: Viewer, actId: string, version: number, input: ActInput): Promise<{ version: number }> {
    requirePermission(viewer, 'edit');
    const act = await this.visibleAct(viewer, actId);
    const values = await this.checkedAct(viewer, input);
    // People the editor cannot see were shown as "restricted": they are kept as they are, never dropped.
    const before = await this.parts.involvements([actId]);
    const seen = await this.people.labels([...before.map((i) => i.perpetrator_id), ...(act.victim_id ? [act.victim_id] : [])], viewer);
    const hidden = before.filter((i) => !seen.has(i.perpetrator_id)).map((i) => ({ perpetrator_id: i.perpetrator_id, degree: i.degree, note: i.note }));
    if (act.victim_id && !seen.has(act.victim_id)) values.act.victim_id = act.victim_id;
    await this.uow.run(async () => {
      const ok = await this.parts.updateAct(
        actId,
        version,
        { ...values.act, updated_at: new Date().toISOString() },
        [...values.perpetrators, ...hidden].map((p) => ({ id: newId('inv'), act_id: actId, ...p })),
      );
      if (!ok) throw new VersionConflictError('act', act.version);
      await this.changed(viewer, act.incident_id, 'act-updated', actId, { before: { victim: act.victim_id, actType: act.act_type_id, perpetrators: before } }, [
        act.victim_id,
        ...before.map((i) => i.perpetrator_id),
      ]);
    });
    return { version: version + 1 };
  }

  async removeAct(viewer: Viewer, actId: string): Promise<void> {
    requirePermission(viewer, 'delete');
    const act = await this.visibleAct(viewer, actId);
    const involved = await this.parts.involvements([actId]);
    await this.uow.run(async () => {
      await this.parts.softDelete('acts', actId, new Date().toISOString(), viewer.userId);
      await this.changed(viewer, act.incident_id, 'act-deleted', actId, {}, [act.victim_id, ...involved.map((i) => i.perpetrator_id)]);
    });
  }

  async addIntervention(viewer: Viewer, incidentId: string, input: InterventionInput): Promise<{ id: string }> {
    requirePermission(viewer, 'edit');
    await this.incidents.visible(viewer, incidentId);
    const values = await this.checkedIntervention(viewer, input);
    const id = newId('itv');
    const now = new Date().toISOString();
    const status = {
      id: newId('its'),
      intervention_id: id,
      status: input.status,
      changed_on: checkDate('statusDate', input.statusDate),
      note: input.statusNote ?? '',
      recorded_at: now,
      recorded_by: viewer.userId,
    };
    await this.uow.run(async () => {
      await this.parts.insertIntervention(
        { id, incident_id: incidentId, ...values, version: 1, created_at: now, updated_at: now, created_by: viewer.userId },
        status,
      );
      await this.changed(viewer, incidentId, 'intervention-added', id);
    });
    return { id };
  }

  /** An edit; a change of status is added to the intervention's history, never overwrites it. */
  async updateIntervention(viewer: Viewer, interventionId: string, version: number, input: InterventionInput): Promise<{ version: number }> {
    requirePermission(viewer, 'edit');
    const current = await this.visibleIntervention(viewer, interventionId);
    const values = await this.checkedIntervention(viewer, input);
    if (current.person_id && !(await this.people.labels([current.person_id], viewer)).has(current.person_id)) values.person_id = current.person_id;
    const now = new Date().toISOString();
    const statusChanged = input.status !== current.status;
    const status = statusChanged
      ? {
          id: newId('its'),
          intervention_id: interventionId,
          status: input.status,
          changed_on: checkDate('statusDate', input.statusDate),
          note: input.statusNote ?? '',
          recorded_at: now,
          recorded_by: viewer.userId,
        }
      : null;
    await this.uow.run(async () => {
      if (!(await this.parts.updateIntervention(interventionId, version, { ...values, updated_at: now }, status)))
        throw new VersionConflictError('intervention', current.version);
      await this.changed(viewer, current.incident_id, 'intervention-updated', interventionId, {}, [current.person_id]);
    });
    return { version: version + 1 };
  }

  async removeIntervention(viewer: Viewer, interventionId: string): Promise<void> {
    requirePermission(viewer, 'delete');
    const current = await this.visibleIntervention(viewer, interventionId);
    await this.uow.run(async () => {
      await this.parts.softDelete('interventions', interventionId, new Date().toISOString(), viewer.userId);
      await this.changed(viewer, current.incident_id, 'intervention-deleted', interventionId, {}, [current.person_id]);
    });
  }

  async linkEvidence(viewer: Viewer, incidentId: string, input: EvidenceLinkInput): Promise<{ id: string }> {
    requirePermission(viewer, 'edit');
    await this.incidents.visible(viewer, incidentId);
    // An item the viewer may not see is as absent as one that does not exist.
    const hidden = await this.evidence.hiddenAmong(viewer, [input.itemId]);
    if (hidden.size > 0 || !(await this.vault.byId(input.itemId))) throw new InvalidInputError('itemId', `no item ${input.itemId} in the vault`);
    if (input.actId) {
      const act = await this.parts.findAct(input.actId);
      if (!act || act.incident_id !== incidentId) throw new InvalidInputError('actId', 'the act is not part of this incident');
    }
    const start = input.startSeconds ?? null;
    const end = input.endSeconds ?? null;
    if (start !== null && end !== null && end < start) throw new InvalidInputError('endSeconds', 'the range ends before it starts');
    const id = newId('evl');
    const now = new Date().toISOString();
    const link = {
      id,
      incident_id: incidentId,
      act_id: input.actId ?? null,
      item_id: input.itemId,
      start_seconds: start,
      end_seconds: end,
      box: input.box ? JSON.stringify(input.box) : null,
      note: input.note ?? '',
      version: 1,
      created_at: now,
      updated_at: now,
      created_by: viewer.userId,
    };
    await this.uow.run(async () => {
      const restricted = await this.parts.insertEvidenceLink(link, viewer);
      await this.changed(viewer, incidentId, 'evidence-linked', id);
      await this.restrictedEvidence.restricted(viewer, restricted, incidentId);
    });
    return { id };
  }

  async unlinkEvidence(viewer: Viewer, linkId: string): Promise<void> {
    requirePermission(viewer, 'delete');
    const link = await this.parts.findEvidenceLink(linkId);
    // A link to an item the viewer may not see is left off an open incident's page: it does not exist for them.
    const visible = link && (await this.incidentRows.find(link.incident_id, viewer)) && (await this.evidence.hiddenAmong(viewer, [link.item_id])).size === 0;
    if (!link || !visible) throw new NotFoundError('evidence link', linkId);
    await this.uow.run(async () => {
      await this.parts.softDelete('evidence_links', linkId, new Date().toISOString(), viewer.userId);
      await this.changed(viewer, link.incident_id, 'evidence-unlinked', linkId);
    });
  }

  async linkIncidents(viewer: Viewer, fromId: string, input: IncidentLinkInput): Promise<{ id: string }> {
    requirePermission(viewer, 'edit');
    await this.incidents.visible(viewer, fromId);
    if (input.toIncidentId === fromId) throw new InvalidInputError('toIncidentId', 'an incident cannot lead to itself');
    await this.incidents.visible(viewer, input.toIncidentId).catch(() => {
      throw new InvalidInputError('toIncidentId', `no incident ${input.toIncidentId}`);
    });
    const id = newId('lnk');
    await this.uow.run(async () => {
      await this.incidentRows.insertLink({
        id,
        from_incident_id: fromId,
        to_incident_id: input.toIncidentId,
        relation: input.relation,
        note: input.note ?? '',
        created_at: new Date().toISOString(),
      });
      await this.changed(viewer, fromId, 'incidents-linked', id, { to: input.toIncidentId });
    });
    return { id };
  }

  async unlinkIncidents(viewer: Viewer, linkId: string): Promise<void> {
    requirePermission(viewer, 'delete');
    const link = await this.incidentRows.findLink(linkId);
    // A link is visible only when both its incidents are: the message is the same whichever end is hidden.
    const ends = link && (await Promise.all([this.incidentRows.find(link.from_incident_id, viewer), this.incidentRows.find(link.to_incident_id, viewer)]));
    if (!link || !ends || ends.some((e) => e === undefined)) throw new NotFoundError('incident link', linkId);
    await this.uow.run(async () => {
      await this.incidentRows.deleteLink(linkId);
      // The link's row is gone: its other end stays in the detail, for the audit trail to leave it out where it is hidden.
      await this.changed(viewer, link.from_incident_id, 'incidents-unlinked', linkId, { to: link.to_incident_id });
    });
  }

  /**
   * A part of an incident the viewer may see; otherwise one answer, "act … was not found", whether the
   * act does not exist or its incident is hidden or deleted: neither the act nor the incident is confirmed.
   */
  private async visibleAct(viewer: Viewer, actId: string) {
    const act = await this.parts.findAct(actId);
    if (!act || !(await this.incidentRows.find(act.incident_id, viewer))) throw new NotFoundError('act', actId);
    return act;
  }

  private async visibleIntervention(viewer: Viewer, interventionId: string) {
    const intervention = await this.parts.findIntervention(interventionId);
    if (!intervention || !(await this.incidentRows.find(intervention.incident_id, viewer))) throw new NotFoundError('intervention', interventionId);
    return intervention;
  }

  private async checkedAct(viewer: Viewer, input: ActInput) {
    const type = await this.actTypes.find(input.actTypeId);
    if (!type || type.deleted_at !== null) throw new InvalidInputError('actTypeId', `no type of act "${input.actTypeId}"`);
    if (input.victimId) await this.requirePerson(viewer, 'victimId', input.victimId);
    const perpetrators = input.perpetrators ?? [];
    for (const [i, p] of perpetrators.entries()) await this.requirePerson(viewer, `perpetrators[${i}].personId`, p.personId);
    return {
      act: {
        act_type_id: input.actTypeId,
        victim_id: input.victimId ?? null,
        description_ru: input.descriptionRu ?? '',
        description_en: input.descriptionEn ?? '',
      },
      perpetrators: perpetrators.map((p) => ({ perpetrator_id: p.personId, degree: p.degree, note: p.note ?? '' })),
    };
  }

  private async checkedIntervention(viewer: Viewer, input: InterventionInput) {
    if (input.personId) await this.requirePerson(viewer, 'personId', input.personId);
    return {
      kind: input.kind,
      status: input.status,
      person_id: input.personId ?? null,
      case_number: input.caseNumber ?? '',
      article: input.article ?? '',
      body: input.body ?? '',
      opened_on: checkDate('openedOn', input.openedOn),
      description_ru: input.descriptionRu ?? '',
      description_en: input.descriptionEn ?? '',
    };
  }

  private async requirePerson(viewer: Viewer, field: string, id: string): Promise<void> {
    if (!(await this.people.find(id, viewer))) throw new InvalidInputError(field, `no person ${id}`);
  }

  /**
   * What follows every change to a part, in the caller's unit of work. `formerly`: people the part
   * named before the change, who may now appear only in restricted incidents.
   */
  private async changed(
    viewer: Viewer,
    incidentId: string,
    action: string,
    partId: string,
    detail: Record<string, unknown> = {},
    formerly: Array<string | null> = [],
  ): Promise<void> {
    await this.incidentRows.touch(incidentId, new Date().toISOString());
    await this.audit.record({ userId: viewer.userId, action, recordType: 'incident', recordId: incidentId, detail: { part: partId, ...detail } });
    await this.carry.carry(incidentId, formerly);
    await this.indexer.indexIncident(incidentId);
  }
}
