import type { AccountRepository } from '../accounts/index.js';
import type { Viewer } from '../accounts/index.js';
import type { AuditRepository } from '../audit/index.js';
import { newId, type UnitOfWork } from '../db/index.js';
import { InvalidInputError, NotFoundError, VersionConflictError } from '../shared/index.js';
import { auditRestrictedView, checkCompartment, requirePermission } from './case-context.js';
import type { PersonInput } from './case-schemas.js';
import { checkDate } from './dates.js';
import type { FacilityRepository } from './facility-repository.js';
import type { IncidentRepository } from './incident-repository.js';
import type { PersonParts, PersonRepository } from './person-repository.js';
import type { SearchIndexer } from './search/search-indexer.js';
import type { Person as PersonPage } from './case-views.js';

export class PersonService {
  constructor(
    private readonly people: PersonRepository,
    private readonly incidents: IncidentRepository,
    private readonly facilities: FacilityRepository,
    private readonly accounts: AccountRepository,
    private readonly audit: AuditRepository,
    private readonly indexer: SearchIndexer,
    private readonly uow: UnitOfWork,
  ) {}

  async create(viewer: Viewer, input: PersonInput): Promise<{ id: string }> {
    requirePermission(viewer, 'edit');
    if (input.compartmentId) requirePermission(viewer, 'restrict');
    const id = newId('per');
    const { person, parts } = await this.checked(viewer, id, input);
    const now = new Date().toISOString();
    await this.uow.run(async () => {
      await this.people.insert({ id, ...person, version: 1, created_at: now, updated_at: now, created_by: viewer.userId }, parts);
      await this.audit.record({ userId: viewer.userId, action: 'created', recordType: 'person', recordId: id });
      await this.indexer.indexPerson(id);
    });
    return { id };
  }

  /** Every check `create` makes, without creating. */
  async validate(viewer: Viewer, input: PersonInput): Promise<void> {
    requirePermission(viewer, 'edit');
    await this.checked(viewer, 'per_0000000000000000', input);
  }

  async get(viewer: Viewer, id: string): Promise<PersonPage> {
    const record = await this.people.find(id, viewer);
    if (!record) throw new NotFoundError('person', id);
    await auditRestrictedView(this.audit, viewer, 'person', id, record.person.compartment_id);
    const incidents = (await this.incidents.incidentsOfPerson(id))
      .filter((i) => i.compartment_id === null || viewer.compartments.has(i.compartment_id))
      .map((i) => i.id);
    const p = record.person;
    return {
      id: p.id,
      version: p.version,
      compartmentId: p.compartment_id,
      kinds: JSON.parse(p.kinds) as string[],
      names: record.names,
      birthDate: p.birth_date,
      birthDatePrecision: p.birth_date_precision,
      positions: record.positions.map((x) => ({
        title: x.title,
        rank: x.rank,
        unit: x.unit,
        facilityId: x.facility_id,
        fromDate: x.from_date,
        toDate: x.to_date,
      })),
      documents: record.documents.map((d) => ({ kind: d.kind, number: d.number, issuedBy: d.issued_by, issuedOn: d.issued_on })),
      notesRu: p.notes_ru,
      notesEn: p.notes_en,
      incidents,
    };
  }

  async update(viewer: Viewer, id: string, version: number, input: PersonInput): Promise<{ version: number }> {
    requirePermission(viewer, 'edit');
    const current = await this.people.find(id, viewer);
    if (!current) throw new NotFoundError('person', id);
    const restricting = (input.compartmentId ?? null) !== current.person.compartment_id;
    if (restricting) requirePermission(viewer, 'restrict');
    const { person, parts } = await this.checked(viewer, id, input);
    await this.uow.run(async () => {
      if (!(await this.people.update(id, version, { ...person, updated_at: new Date().toISOString() }, parts))) {
        throw new VersionConflictError('person', current.person.version);
      }
      await this.audit.record({ userId: viewer.userId, action: restricting ? 'restricted' : 'updated', recordType: 'person', recordId: id });
      await this.reindex(id);
    });
    return { version: version + 1 };
  }

  async remove(viewer: Viewer, id: string, version: number): Promise<void> {
    requirePermission(viewer, 'delete');
    const current = await this.people.find(id, viewer);
    if (!current) throw new NotFoundError('person', id);
    if (current.person.version !== version) throw new VersionConflictError('person', current.person.version);
    await this.uow.run(async () => {
      await this.people.setDeleted(id, { at: new Date().toISOString(), by: viewer.userId });
      await this.audit.record({ userId: viewer.userId, action: 'deleted', recordType: 'person', recordId: id });
      await this.reindex(id);
    });
  }

  async restore(viewer: Viewer, id: string): Promise<void> {
    requirePermission(viewer, 'manage');
    const current = await this.people.find(id, viewer, { withDeleted: true });
    if (!current || current.person.deleted_at === null) throw new NotFoundError('deleted person', id);
    await this.uow.run(async () => {
      await this.people.setDeleted(id, null);
      await this.audit.record({ userId: viewer.userId, action: 'restored', recordType: 'person', recordId: id });
      await this.reindex(id);
    });
  }

  /** The person's terms, and those of the incidents found by their names. */
  private async reindex(id: string): Promise<void> {
    await this.indexer.indexPerson(id);
    await this.indexer.indexIncidentsOfPerson(id);
  }

  private async checked(
    viewer: Viewer,
    id: string,
    input: PersonInput,
  ): Promise<{
    person: {
      compartment_id: string | null;
      kinds: string;
      birth_date: string | null;
      birth_date_precision: string | null;
      notes_ru: string;
      notes_en: string;
    };
    parts: PersonParts;
  }> {
    if (input.kinds.includes('source') && input.names.some((n) => n.kind !== 'pseudonym')) {
      throw new InvalidInputError('names', 'a source is recorded under pseudonyms only');
    }
    const positions = input.positions ?? [];
    for (const [i, p] of positions.entries()) {
      if (p.facilityId && !(await this.facilities.find(p.facilityId))) throw new InvalidInputError(`positions[${i}].facilityId`, `no facility ${p.facilityId}`);
      checkDate(`positions[${i}].fromDate`, p.fromDate);
      checkDate(`positions[${i}].toDate`, p.toDate);
    }
    (input.documents ?? []).forEach((d, i) => checkDate(`documents[${i}].issuedOn`, d.issuedOn));
    return {
      person: {
        compartment_id: await checkCompartment(viewer, input.compartmentId, this.accounts),
        kinds: JSON.stringify(input.kinds),
        birth_date: checkDate('birthDate', input.birthDate),
        birth_date_precision: input.birthDate ? (input.birthDatePrecision ?? 'day') : null,
        notes_ru: input.notesRu ?? '',
        notes_en: input.notesEn ?? '',
      },
      parts: {
        names: input.names.map((n, position) => ({ id: newId('pnm'), person_id: id, name: n.name.trim(), kind: n.kind, script: scriptOf(n.name), position })),
        positions: positions.map((p, position) => ({
          id: newId('pps'),
          person_id: id,
          title: p.title,
          rank: p.rank ?? '',
          unit: p.unit ?? '',
          facility_id: p.facilityId ?? null,
          from_date: p.fromDate ?? null,
          to_date: p.toDate ?? null,
          position,
        })),
        documents: (input.documents ?? []).map((d, position) => ({
          id: newId('pdc'),
          person_id: id,
          kind: d.kind,
          number: d.number,
          issued_by: d.issuedBy ?? '',
          issued_on: d.issuedOn ?? null,
          position,
        })),
      },
    };
  }
}

/** ISO 15924 code of the script a name is written in, as far as it matters here. */
function scriptOf(name: string): string {
  if (/\p{Script=Cyrillic}/u.test(name)) return 'Cyrl';
  if (/\p{Script=Latin}/u.test(name)) return 'Latn';
  return 'Zyyy';
}
