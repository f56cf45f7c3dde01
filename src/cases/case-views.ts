import { Type, type Static } from 'typebox';
import { EvidenceBox } from './case-schemas.js';

/**
 * What the case records' API answers, one TypeBox schema per shape (the inputs are in case-schemas.ts).
 * Fastify serialises each answer by its schema, so a field missing here is not sent.
 */

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Day = Type.String({ description: 'YYYY, YYYY-MM or YYYY-MM-DD' });
const Instant = Type.String({ description: 'ISO 8601 date and time' });

/** A person as a record's page names them, or only that someone the viewer may not see is there. */
export const PersonRef = Type.Union([
  Type.Object({ id: Type.String(), name: Type.String(), kinds: Type.Array(Type.String()) }),
  Type.Object({ restricted: Type.Literal(true) }, { description: 'a person in a compartment the viewer is not in' }),
]);
export type PersonRef = Static<typeof PersonRef>;

export const PersonSummary = Type.Object({ id: Type.String(), name: Type.String(), kinds: Type.Array(Type.String()) });
export type PersonSummary = Static<typeof PersonSummary>;

/** A row of the people list: the summary and what its optional columns show. */
export const PersonListRow = Type.Object({
  id: Type.String(),
  name: Type.String({ description: "the first of the person's names in the reader's alphabet when a language is given, else their first name" }),
  kinds: Type.Array(Type.String()),
  birthDate: Nullable(Day),
  birthDatePrecision: Nullable(Type.String()),
  createdAt: Instant,
  restricted: Type.Boolean({ description: 'the person is in a compartment' }),
});
export type PersonListRow = Static<typeof PersonListRow>;

export const PeopleList = Type.Object({ total: Type.Integer(), people: Type.Array(PersonListRow) });

/** The orders the people list offers; a name sort follows the reader's language and alphabet. */
export const PEOPLE_SORTS = ['relevance', 'name-asc', 'name-desc', 'born-asc', 'born-desc', 'created-desc', 'created-asc'] as const;
export type PeopleSort = (typeof PEOPLE_SORTS)[number];
export type PeopleList = Static<typeof PeopleList>;

export const FacilityRef = Type.Object({ id: Type.String(), nameRu: Type.String(), nameEn: Type.String(), region: Type.String() });
export type FacilityRef = Static<typeof FacilityRef>;

export const Facility = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  nameRu: Type.String(),
  nameEn: Type.String(),
  type: Type.String(),
  region: Type.String(),
  administration: Type.String(),
  latitude: Nullable(Type.Number()),
  longitude: Nullable(Type.Number()),
});
export type Facility = Static<typeof Facility>;

export const ActType = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  parentId: Nullable(Type.String()),
  labelRu: Type.String(),
  labelEn: Type.String(),
  sort: Type.Integer(),
});
export type ActType = Static<typeof ActType>;

export const IncidentHit = Type.Object({
  id: Type.String(),
  titleRu: Type.String(),
  titleEn: Type.String(),
  dateStart: Nullable(Day),
  datePrecision: Type.String(),
  facility: Nullable(FacilityRef),
  restricted: Type.Boolean({ description: 'the incident is in a compartment' }),
  tags: Type.Array(Type.String()),
  score: Type.Number(),
});
export type IncidentHit = Static<typeof IncidentHit>;

export const FacetCount = Type.Object({ value: Type.String(), count: Type.Integer() });
export type FacetCount = Static<typeof FacetCount>;

/** The orders the incident list offers; title, facility and region follow the reader's language. */
export const INCIDENT_SORTS = [
  'relevance',
  'date-desc',
  'date-asc',
  'updated-desc',
  'title-asc',
  'title-desc',
  'facility-asc',
  'facility-desc',
  'region-asc',
  'region-desc',
] as const;
export type IncidentSort = (typeof INCIDENT_SORTS)[number];

export const FACET_NAMES = ['facility', 'region', 'actType', 'year', 'intervention', 'hasEvidence', 'tag'] as const;
export type FacetName = (typeof FACET_NAMES)[number];

export const SearchResult = Type.Object({
  total: Type.Integer(),
  hits: Type.Array(IncidentHit),
  facets: Type.Record(Type.String(), Type.Array(FacetCount), { description: `counts by value, for each of ${FACET_NAMES.join(', ')}` }),
});
export type SearchResult = Static<typeof SearchResult>;

/** The tags on incidents the reader may see, each with how many it is on: the choices a tag picker offers. */
export const TagChoices = Type.Object({ tags: Type.Array(FacetCount) });
export type TagChoices = Static<typeof TagChoices>;

/** An incident's tags after a change. */
export const IncidentTags = Type.Object({ tags: Type.Array(Type.String()) });
export type IncidentTags = Static<typeof IncidentTags>;

/** What the statistics count incidents by: each also a filter of the incident search. */
export const STATISTICS_DIMENSIONS = ['facility', 'region', 'year', 'actType', 'intervention'] as const;
export type StatisticsDimension = (typeof STATISTICS_DIMENSIONS)[number];

export const IncidentStatistics = Type.Object({
  total: Type.Integer({ description: 'live incidents the reader may see' }),
  by: Type.Object(
    {
      facility: Type.Array(FacetCount),
      region: Type.Array(FacetCount),
      year: Type.Array(FacetCount),
      actType: Type.Array(FacetCount, { description: 'an incident counts once under each type of its acts' }),
      intervention: Type.Array(FacetCount, { description: 'outcomes: an incident counts once under each kind of its interventions' }),
    },
    { additionalProperties: false },
  ),
  unknown: Type.Object(
    { facility: Type.Integer(), region: Type.Integer(), year: Type.Integer() },
    { additionalProperties: false, description: 'incidents without a facility, a region or a year' },
  ),
});
export type IncidentStatistics = Static<typeof IncidentStatistics>;

export const Incident = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  compartmentId: Nullable(Type.String()),
  titleRu: Type.String(),
  titleEn: Type.String(),
  descriptionRu: Type.String(),
  descriptionEn: Type.String(),
  dateStart: Nullable(Day),
  dateEnd: Nullable(Day),
  datePrecision: Type.String(),
  place: Type.String(),
  documentationStatus: Type.String(),
  createdAt: Instant,
  updatedAt: Instant,
  deletedAt: Nullable(Instant),
});
export type Incident = Static<typeof Incident>;

export const IncidentFacility = Type.Object({
  id: Type.String(),
  nameRu: Type.String(),
  nameEn: Type.String(),
  type: Type.String(),
  region: Type.String(),
  latitude: Nullable(Type.Number()),
  longitude: Nullable(Type.Number()),
});
export type IncidentFacility = Static<typeof IncidentFacility>;

export const Act = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  actType: Type.Object({ id: Type.String(), labelRu: Type.String(), labelEn: Type.String() }),
  victim: Nullable(PersonRef),
  descriptionRu: Type.String(),
  descriptionEn: Type.String(),
  perpetrators: Type.Array(Type.Object({ person: PersonRef, degree: Type.String(), note: Type.String() })),
});
export type Act = Static<typeof Act>;

export const EvidenceLink = Type.Object({
  id: Type.String(),
  itemId: Type.String(),
  actId: Nullable(Type.String()),
  mediaType: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  startSeconds: Nullable(Type.Number()),
  endSeconds: Nullable(Type.Number()),
  box: Nullable(EvidenceBox),
  note: Type.String(),
});
export type EvidenceLink = Static<typeof EvidenceLink>;

export const Intervention = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  kind: Type.String(),
  status: Type.String(),
  person: Nullable(PersonRef),
  caseNumber: Type.String(),
  article: Type.String(),
  body: Type.String(),
  openedOn: Nullable(Day),
  descriptionRu: Type.String(),
  descriptionEn: Type.String(),
  history: Type.Array(Type.Object({ status: Type.String(), changedOn: Nullable(Day), note: Type.String(), recordedAt: Instant })),
});
export type Intervention = Static<typeof Intervention>;

export const IncidentLink = Type.Object({
  id: Type.String(),
  direction: Type.Union([Type.Literal('to'), Type.Literal('from')]),
  incidentId: Type.String(),
  titleRu: Type.String(),
  titleEn: Type.String(),
  relation: Type.String(),
  note: Type.String(),
});
export type IncidentLink = Static<typeof IncidentLink>;

/** An incident with everything its page shows, within what the viewer may see. */
export const IncidentPage = Type.Object({
  incident: Incident,
  facility: Nullable(IncidentFacility),
  acts: Type.Array(Act),
  evidence: Type.Array(EvidenceLink),
  interventions: Type.Array(Intervention),
  links: Type.Array(IncidentLink),
  tags: Type.Array(Type.String(), { description: 'in the order of their characters’ codes' }),
});
export type IncidentPage = Static<typeof IncidentPage>;

export const Person = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  compartmentId: Nullable(Type.String()),
  kinds: Type.Array(Type.String()),
  names: Type.Array(Type.Object({ name: Type.String(), kind: Type.String(), script: Type.String() })),
  birthDate: Nullable(Day),
  birthDatePrecision: Nullable(Type.String()),
  positions: Type.Array(
    Type.Object({
      title: Type.String(),
      rank: Type.String(),
      unit: Type.String(),
      facilityId: Nullable(Type.String()),
      fromDate: Nullable(Day),
      toDate: Nullable(Day),
    }),
  ),
  documents: Type.Array(Type.Object({ kind: Type.String(), number: Type.String(), issuedBy: Type.String(), issuedOn: Nullable(Day) })),
  notesRu: Type.String(),
  notesEn: Type.String(),
  incidents: Type.Array(Type.String(), { description: 'ids of the incidents that name the person and the viewer may see' }),
});
export type Person = Static<typeof Person>;

export const DeletedIncident = Type.Object({
  id: Type.String(),
  titleRu: Type.String(),
  titleEn: Type.String(),
  deletedAt: Instant,
  deletedBy: Nullable(Type.String()),
});
export type DeletedIncident = Static<typeof DeletedIncident>;

export const DeletedRecords = Type.Object({ incidents: Type.Array(DeletedIncident) });
export type DeletedRecords = Static<typeof DeletedRecords>;

export const AuditEntry = Type.Object({
  id: Type.String(),
  at: Instant,
  userId: Nullable(Type.String()),
  action: Type.String(),
  recordType: Type.String(),
  recordId: Nullable(Type.String()),
  detail: Type.Record(Type.String(), Type.Unknown()),
  titles: Type.Record(Type.String(), Type.Object({ ru: Type.String(), en: Type.String() }), {
    description:
      'titles of the records the entry names (its record, its user, ids in its detail) that the viewer may see: incident titles, names of people, facilities, users and compartments, file names of items, labels of act types',
  }),
});
export type AuditEntry = Static<typeof AuditEntry>;

export const CsvImportResult = Type.Object({
  imported: Type.Integer(),
  errors: Type.Array(Type.Object({ line: Type.Integer(), field: Type.String(), message: Type.String() })),
});
export type CsvImportResult = Static<typeof CsvImportResult>;

/**
 * What a bulk action did to one record: done (`restricted`, `tagged`, `untagged`, `exported`); `unchanged` when it
 * already was so; `not-found`, also for one the caller may not see, as if it were not there; `conflict` when someone
 * saved it meanwhile; `invalid` when it cannot be saved as it is stored; `failed` when the database refused it.
 */
export const BULK_OUTCOMES = ['restricted', 'tagged', 'untagged', 'exported', 'unchanged', 'not-found', 'conflict', 'invalid', 'failed'] as const;
export type BulkOutcome = (typeof BULK_OUTCOMES)[number];

const BulkResults = Type.Array(Type.Object({ id: Type.String(), outcome: Type.Unsafe<BulkOutcome>(Type.Union(BULK_OUTCOMES.map((o) => Type.Literal(o)))) }), {
  description: 'one for each id asked for, in the order asked, each once',
});

export const BulkResult = Type.Object({ results: BulkResults });
export type BulkResult = Static<typeof BulkResult>;

export const BulkExport = Type.Object({
  results: BulkResults,
  csv: Type.String({ description: 'the exported incidents as the CSV export writes them (columns as in /api/export/incidents.csv)' }),
});
export type BulkExport = Static<typeof BulkExport>;
