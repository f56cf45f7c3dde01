import type { FacilityRepository } from '../facility-repository.js';
import type { IncidentPartsRepository } from '../incident-parts-repository.js';
import type { IncidentRepository } from '../incident-repository.js';
import type { ActTypeRepository } from '../act-type-repository.js';
import type { PersonRepository } from '../person-repository.js';
import type { SearchRepository } from './search-repository.js';
import { linkedPersonIds } from '../linked-people.js';
import { incidentTexts, personTexts } from './record-texts.js';
import { documentTerms } from './terms.js';
import type { LiveSearchIndex } from './live-index.js';
import type { UnitOfWork } from '../../db/index.js';
import type { IncidentTagRepository } from '../incident-tag-repository.js';

/**
 * Keeps the search terms of incidents and people in step with their records: the terms table in the
 * caller's unit of work, the in-memory index only once that has committed.
 */
export class SearchIndexer {
  constructor(
    private readonly incidents: IncidentRepository,
    private readonly parts: IncidentPartsRepository,
    private readonly people: PersonRepository,
    private readonly facilities: FacilityRepository,
    private readonly actTypes: ActTypeRepository,
    private readonly search: SearchRepository,
    private readonly tags: IncidentTagRepository,
    private readonly live: LiveSearchIndex,
    private readonly uow: UnitOfWork,
  ) {}

  /**
   * The edit is committed by now: a failure to refresh this process's index must not make it look
   * failed (a client would retry a create). The index replays `search_changes` at its next search.
   */
  private async refreshLive(refresh: () => Promise<void>): Promise<void> {
    await refresh().catch(() => undefined);
  }

  async indexIncident(id: string): Promise<void> {
    const incident = await this.incidents.findRaw(id);
    if (!incident || incident.deleted_at !== null) {
      await this.search.remove('incident', id);
      await this.uow.afterCommit(() => this.refreshLive(() => this.live.refresh(id)));
      return;
    }
    const facility = incident.facility_id ? await this.facilities.find(incident.facility_id, { withDeleted: true }) : undefined;
    const acts = await this.parts.acts(id);
    const involvements = await this.parts.involvements(acts.map((a) => a.id));
    const interventions = await this.parts.interventions(id);
    const actTypes = [];
    for (const typeId of new Set(acts.map((a) => a.act_type_id))) {
      const type = await this.actTypes.find(typeId);
      if (type) actTypes.push(type);
    }
    const people = await this.people.indexable(linkedPersonIds(acts, involvements, interventions));
    const tags = await this.tags.of(id);
    const texts = incidentTexts({ incident, facility: facility ?? null, actTypes, acts, interventions, people, tags });
    await this.search.index('incident', id, documentTerms(texts));
    await this.uow.afterCommit(() => this.refreshLive(() => this.live.refresh(id)));
  }

  async indexPerson(id: string): Promise<void> {
    const [person] = await this.people.indexable([id]);
    if (!person) {
      await this.search.remove('person', id);
      await this.uow.afterCommit(() => this.refreshLive(() => this.live.refreshPerson(id)));
      return;
    }
    await this.search.index('person', id, documentTerms(personTexts(person)));
    await this.uow.afterCommit(() => this.refreshLive(() => this.live.refreshPerson(id)));
  }

  /** After a person's names change, the incidents they appear in are found by the new names. */
  async indexIncidentsOfPerson(personId: string): Promise<void> {
    for (const incident of await this.incidents.incidentsOfPerson(personId)) await this.indexIncident(incident.id);
  }
}
