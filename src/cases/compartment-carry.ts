import type { IncidentPartsRepository } from './incident-parts-repository.js';
import { linkedPersonIds } from './linked-people.js';
import type { IncidentRepository } from './incident-repository.js';
import type { PersonRepository } from './person-repository.js';
import type { SearchIndexer } from './search/search-indexer.js';

/**
 * People who appear only in live incidents of one compartment follow that compartment: a victim of a
 * restricted incident must not stay findable by name. Checked whenever that may have become true: an
 * incident restricted, restored or deleted, a part added, edited or removed (the people it named
 * before, too). Only unrestricted people move, and only into a compartment, never out of one: a person
 * restricted by hand keeps their compartment, and lifting a restriction or restoring the open incident
 * they shared leaves the people in it for a person to decide.
 */
export class CompartmentCarry {
  constructor(
    private readonly incidents: IncidentRepository,
    private readonly parts: IncidentPartsRepository,
    private readonly people: PersonRepository,
    private readonly indexer: SearchIndexer,
  ) {}

  /** After a change to the incident; `formerly` are people its parts named before the change. */
  async carry(incidentId: string, formerly: Array<string | null> = []): Promise<void> {
    const incident = await this.incidents.findRaw(incidentId);
    // Everyone in a live open incident appears in it, so stays open: only the people it lost may move.
    const keepsItsPeople = incident !== undefined && incident.deleted_at === null && incident.compartment_id === null;
    const ids = keepsItsPeople ? [] : await this.peopleOf(incidentId);
    await this.carryPeople([...new Set([...ids, ...formerly.filter((id): id is string => id !== null)])]);
  }

  private async peopleOf(incidentId: string): Promise<string[]> {
    const acts = await this.parts.acts(incidentId);
    const involvements = await this.parts.involvements(acts.map((a) => a.id));
    const interventions = await this.parts.interventions(incidentId);
    return linkedPersonIds(acts, involvements, interventions);
  }

  private async carryPeople(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const own = await this.people.compartmentsOf(ids);
    const follow = new Map<string, string[]>();
    for (const id of ids) {
      if (own.get(id) !== null) continue; // restricted already, or deleted
      const compartments = new Set((await this.incidents.incidentsOfPerson(id)).map((i) => i.compartment_id));
      const [only] = [...compartments];
      if (compartments.size === 1 && only !== null && only !== undefined) follow.set(only, [...(follow.get(only) ?? []), id]);
    }
    for (const [compartment, people] of follow) {
      await this.people.setCompartment(people, compartment);
      for (const id of people) await this.indexer.indexPerson(id);
    }
  }
}
