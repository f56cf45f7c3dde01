import type { IndexedText } from './terms.js';

const TITLE = 3;
const NAME = 3;
const LABEL = 2;
const BODY = 1;

/** What an incident's search terms are made of, gathered from its record and what hangs off it. */
export interface IncidentSearchSource {
  incident: { title_ru: string; title_en: string; description_ru: string; description_en: string; place: string; compartment_id: string | null };
  facility: { name_ru: string; name_en: string; region: string } | null;
  actTypes: Array<{ label_ru: string; label_en: string }>;
  acts: Array<{ description_ru: string; description_en: string }>;
  interventions: Array<{ description_ru: string; description_en: string; case_number: string; article: string; body: string }>;
  people: Array<{ compartment_id: string | null; names: string[] }>;
  tags: string[];
}

export function incidentTexts(source: IncidentSearchSource): IndexedText[] {
  const { incident } = source;
  const texts: IndexedText[] = [
    { text: `${incident.title_ru}\n${incident.title_en}`, weight: TITLE },
    { text: `${incident.description_ru}\n${incident.description_en}\n${incident.place}`, weight: BODY },
  ];
  if (source.facility) texts.push({ text: `${source.facility.name_ru}\n${source.facility.name_en}\n${source.facility.region}`, weight: LABEL, names: true });
  if (source.tags.length > 0) texts.push({ text: source.tags.join('\n'), weight: LABEL });
  for (const type of source.actTypes) texts.push({ text: `${type.label_ru}\n${type.label_en}`, weight: LABEL });
  for (const act of source.acts) texts.push({ text: `${act.description_ru}\n${act.description_en}`, weight: BODY });
  for (const i of source.interventions)
    texts.push({ text: `${i.description_ru}\n${i.description_en}\n${i.case_number}\n${i.article}\n${i.body}`, weight: BODY });
  // A person restricted to another compartment must not make this incident findable by their name.
  for (const person of source.people) {
    if (person.compartment_id === null || person.compartment_id === incident.compartment_id)
      texts.push({ text: person.names.join('\n'), weight: NAME, names: true });
  }
  return texts;
}

export function personTexts(person: { names: string[]; positions: string; notes: string }): IndexedText[] {
  return [
    { text: person.names.join('\n'), weight: NAME, names: true },
    { text: person.positions, weight: LABEL },
    { text: person.notes, weight: BODY },
  ];
}
