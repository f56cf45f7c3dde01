import type { FacilityRepository } from '../facility-repository.js';
import type { IncidentPartsRepository } from '../incident-parts-repository.js';
import type { IncidentRepository } from '../incident-repository.js';
import type { ActTypeRepository } from '../act-type-repository.js';
import type { PersonRepository } from '../person-repository.js';
import type { SearchRepository } from './search-repository.js';
import { documentTerms, type IndexedText } from './terms.js';

const TITLE = 3;
const NAME = 3;
const LABEL = 2;
const BODY = 1;

/** Keeps the search terms of incidents and people in step with their records. */
export class SearchIndexer {
  constructor(
    private readonly incidents: IncidentRepository,
    private readonly parts: IncidentPartsRepository,
    private readonly people: PersonRepository,
    private readonly facilities: FacilityRepository,
    private readonly actTypes: ActTypeRepository,
    private readonly search: SearchRepository,
  ) {}

  async indexIncident(id: string): Promise<void> {
    const incident = await this.incidents.findRaw(id);
    if (!incident || incident.deleted_at !== null) {
      await this.search.remove('incident', id);
      return;
    }
    const texts: IndexedText[] = [
      { text: `${incident.title_ru}\n${incident.title_en}`, weight: TITLE },
      { text: `${incident.description_ru}\n${incident.description_en}\n${incident.place}`, weight: BODY },
    ];
    if (incident.facility_id) {
      const facility = await this.facilities.find(incident.facility_id, { withDeleted: true });
      if (facility) texts.push({ text: `${facility.name_ru}\n${facility.name_en}\n${facility.region}`, weight: LABEL, names: true });
    }
    const acts = await this.parts.acts(id);
    const involvements = await this.parts.involvements(acts.map((a) => a.id));
    const interventions = await this.parts.interventions(id);
    const typeIds = new Set(acts.map((a) => a.act_type_id));
    for (const typeId of typeIds) {
      const type = await this.actTypes.find(typeId);
      if (type) texts.push({ text: `${type.label_ru}\n${type.label_en}`, weight: LABEL });
    }
    for (const act of acts) texts.push({ text: `${act.description_ru}\n${act.description_en}`, weight: BODY });
    for (const i of interventions) texts.push({ text: `${i.description_ru}\n${i.description_en}\n${i.case_number}\n${i.article}\n${i.body}`, weight: BODY });
    // A person restricted to another compartment must not make this incident findable by their name.
    const personIds = [...acts.map((a) => a.victim_id), ...involvements.map((i) => i.perpetrator_id), ...interventions.map((i) => i.person_id)].filter((p): p is string => p !== null);
    for (const person of await this.people.indexable([...new Set(personIds)])) {
      if (person.compartment_id === null || person.compartment_id === incident.compartment_id) {
        texts.push({ text: person.names.join('\n'), weight: NAME, names: true });
      }
    }
    await this.search.index('incident', id, documentTerms(texts));
  }

  async indexPerson(id: string): Promise<void> {
    const [person] = await this.people.indexable([id]);
    if (!person) {
      await this.search.remove('person', id);
      return;
    }
    await this.search.index(
      'person',
      id,
      documentTerms([
        { text: person.names.join('\n'), weight: NAME, names: true },
        { text: person.positions, weight: LABEL },
        { text: person.notes, weight: BODY },
      ]),
    );
  }

  /** After a person's names change, the incidents they appear in are found by the new names. */
  async indexIncidentsOfPerson(personId: string): Promise<void> {
    for (const incident of await this.incidents.incidentsOfPerson(personId)) await this.indexIncident(incident.id);
  }
}
