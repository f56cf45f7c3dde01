import type { IncidentPartsRepository } from './incident-parts-repository.js';
import { linkedPersonIds } from './linked-people.js';
import type { IncidentRepository } from './incident-repository.js';
import type { PersonRepository } from './person-repository.js';
import type { SearchIndexer } from './search/search-indexer.js';

/**
 * People who appear only in incidents of one compartment follow that compartment: a victim of a
 * restricted incident must not stay findable by name. Only unrestricted people move, and only into a
 * compartment, never out of one: a person restricted by hand keeps their compartment, and lifting a
 * restriction leaves the people in it for a person to decide.
 */
export class CompartmentCarry {
  constructor(
    private readonly incidents: IncidentRepository,
    private readonly parts: IncidentPartsRepository,
    private readonly people: PersonRepository,
    private readonly indexer: SearchIndexer,
  ) {}

  async carry(incidentId: string): Promise<void> {
    const incident = await this.incidents.findRaw(incidentId);
    const compartment = incident?.compartment_id ?? null;
    if (compartment === null) return;
    const acts = await this.parts.acts(incidentId);
    const involvements = await this.parts.involvements(acts.map((a) => a.id));
    const interventions = await this.parts.interventions(incidentId);
    const ids = linkedPersonIds(acts, involvements, interventions);
    const own = await this.people.compartmentsOf(ids);
    const follow: string[] = [];
    for (const id of ids) {
      if (own.get(id) !== null) continue;
      const appearsIn = await this.incidents.incidentsOfPerson(id);
      if (appearsIn.every((i) => i.compartment_id === compartment)) follow.push(id);
    }
    await this.people.setCompartment(follow, compartment);
    for (const id of follow) await this.indexer.indexPerson(id);
  }
}
