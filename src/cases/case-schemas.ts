import { Type, type Static, type TSchema } from 'typebox';
import {
  DATE_PRECISIONS,
  DOCUMENT_KINDS,
  DOCUMENTATION_STATUSES,
  FACILITY_TYPES,
  INCIDENT_RELATIONS,
  INTERVENTION_KINDS,
  INTERVENTION_STATUSES,
  INVOLVEMENT_DEGREES,
  NAME_KINDS,
  PERSON_KINDS,
  POSITION_TITLES,
} from '../shared/index.js';

/**
 * One TypeBox schema per input and per output shape: the HTTP edge validates and serialises with it,
 * the services take its static type, the OpenAPI document is generated from it, and the staff app
 * imports its static type (through index.ts). The output shapes are in case-views.ts.
 */

/** A string from a fixed list: `enum` in the JSON schema, a union of literals in TypeScript. */
export const oneOf = <const T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });

const Text = (maxLength: number) => Type.String({ maxLength });
export const IsoDate = Type.String({ pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$', description: 'YYYY, YYYY-MM or YYYY-MM-DD' });
export const Id = Type.String({ pattern: '^[a-z]{3}_[0-9a-z]{16}$' });
const Version = Type.Integer({ minimum: 1, description: 'the version this edit starts from; a stale one is refused with 409' });

export const FacilityInput = Type.Object(
  {
    nameRu: Text(300),
    nameEn: Text(300),
    type: oneOf(FACILITY_TYPES),
    region: Type.String({ minLength: 1, maxLength: 200 }),
    administration: Type.Optional(Text(300)),
    latitude: Type.Optional(Type.Union([Type.Number({ minimum: -90, maximum: 90 }), Type.Null()])),
    longitude: Type.Optional(Type.Union([Type.Number({ minimum: -180, maximum: 180 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type FacilityInput = Static<typeof FacilityInput>;

/** A post a person held: perpetrators are often known by rank, unit and place. */
export const PositionInput = Type.Object(
  {
    title: oneOf(POSITION_TITLES),
    rank: Type.Optional(Text(200)),
    unit: Type.Optional(Text(300)),
    facilityId: Type.Optional(Type.Union([Id, Type.Null()])),
    fromDate: Type.Optional(Type.Union([IsoDate, Type.Null()])),
    toDate: Type.Optional(Type.Union([IsoDate, Type.Null()])),
  },
  { additionalProperties: false },
);
export type PositionInput = Static<typeof PositionInput>;

/** An identity document of a person. */
export const DocumentInput = Type.Object(
  {
    kind: oneOf(DOCUMENT_KINDS),
    number: Type.String({ minLength: 1, maxLength: 100 }),
    issuedBy: Type.Optional(Text(300)),
    issuedOn: Type.Optional(Type.Union([IsoDate, Type.Null()])),
  },
  { additionalProperties: false },
);
export type DocumentInput = Static<typeof DocumentInput>;

export const PersonInput = Type.Object(
  {
    kinds: Type.Array(oneOf(PERSON_KINDS), { minItems: 1, uniqueItems: true }),
    names: Type.Array(Type.Object({ name: Type.String({ minLength: 1, maxLength: 300 }), kind: oneOf(NAME_KINDS) }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 50,
    }),
    birthDate: Type.Optional(Type.Union([IsoDate, Type.Null()])),
    birthDatePrecision: Type.Optional(Type.Union([oneOf(DATE_PRECISIONS), Type.Null()])),
    positions: Type.Optional(Type.Array(PositionInput, { maxItems: 100 })),
    documents: Type.Optional(Type.Array(DocumentInput, { maxItems: 50 })),
    notesRu: Type.Optional(Text(20_000)),
    notesEn: Type.Optional(Text(20_000)),
    compartmentId: Type.Optional(Type.Union([Id, Type.Null()])),
  },
  { additionalProperties: false },
);
export type PersonInput = Static<typeof PersonInput>;

export const IncidentInput = Type.Object(
  {
    titleRu: Text(500),
    titleEn: Text(500),
    descriptionRu: Type.Optional(Text(50_000)),
    descriptionEn: Type.Optional(Text(50_000)),
    dateStart: Type.Optional(Type.Union([IsoDate, Type.Null()])),
    dateEnd: Type.Optional(Type.Union([IsoDate, Type.Null()])),
    datePrecision: oneOf(DATE_PRECISIONS),
    facilityId: Type.Optional(Type.Union([Id, Type.Null()])),
    place: Type.Optional(Text(500)),
    documentationStatus: oneOf(DOCUMENTATION_STATUSES),
    compartmentId: Type.Optional(Type.Union([Id, Type.Null()])),
  },
  { additionalProperties: false },
);
export type IncidentInput = Static<typeof IncidentInput>;

export const BulkRestrictInput = Type.Object(
  { ids: Type.Array(Id, { minItems: 1, maxItems: 200 }), compartmentId: Id },
  { additionalProperties: false, description: 'incidents to restrict to one compartment the caller belongs to' },
);
export type BulkRestrictInput = Static<typeof BulkRestrictInput>;

/** At most this many tags on one incident. */
export const MAX_TAGS = 20;
export const Tag = Type.String({ minLength: 1, maxLength: 40, pattern: '^\\S(.*\\S)?$', description: 'a short free tag, no surrounding spaces' });

export const TagChange = Type.Object(
  { add: Type.Optional(Type.Array(Tag, { maxItems: MAX_TAGS })), remove: Type.Optional(Type.Array(Tag, { maxItems: MAX_TAGS })) },
  { additionalProperties: false, description: 'tags to add to the incident and tags to take off it; the others stay' },
);
export type TagChange = Static<typeof TagChange>;

export const BulkTagInput = Type.Object(
  {
    ids: Type.Array(Id, { minItems: 1, maxItems: 200 }),
    tag: Tag,
    change: Type.Union([Type.Literal('add'), Type.Literal('remove')], { description: 'add the tag to each incident, or take it off each' }),
  },
  { additionalProperties: false },
);
export type BulkTagInput = Static<typeof BulkTagInput>;

export const BulkIdsInput = Type.Object({ ids: Type.Array(Id, { minItems: 1, maxItems: 200 }) }, { additionalProperties: false });
export type BulkIdsInput = Static<typeof BulkIdsInput>;

export const ActInput = Type.Object(
  {
    actTypeId: Type.String({ minLength: 1, maxLength: 100 }),
    victimId: Type.Optional(Type.Union([Id, Type.Null()])),
    descriptionRu: Type.Optional(Text(20_000)),
    descriptionEn: Type.Optional(Text(20_000)),
    perpetrators: Type.Optional(
      Type.Array(Type.Object({ personId: Id, degree: oneOf(INVOLVEMENT_DEGREES), note: Type.Optional(Text(2000)) }, { additionalProperties: false }), {
        maxItems: 100,
      }),
    ),
  },
  { additionalProperties: false },
);
export type ActInput = Static<typeof ActInput>;

export const InterventionInput = Type.Object(
  {
    kind: oneOf(INTERVENTION_KINDS),
    status: oneOf(INTERVENTION_STATUSES),
    statusDate: Type.Optional(Type.Union([IsoDate, Type.Null()])),
    statusNote: Type.Optional(Text(2000)),
    personId: Type.Optional(Type.Union([Id, Type.Null()])),
    caseNumber: Type.Optional(Text(200)),
    article: Type.Optional(Text(200)),
    body: Type.Optional(Text(500)),
    openedOn: Type.Optional(Type.Union([IsoDate, Type.Null()])),
    descriptionRu: Type.Optional(Text(20_000)),
    descriptionEn: Type.Optional(Text(20_000)),
  },
  { additionalProperties: false },
);
export type InterventionInput = Static<typeof InterventionInput>;

export const EvidenceBox = Type.Object(
  {
    x: Type.Number({ minimum: 0, maximum: 1 }),
    y: Type.Number({ minimum: 0, maximum: 1 }),
    width: Type.Number({ exclusiveMinimum: 0, maximum: 1 }),
    height: Type.Number({ exclusiveMinimum: 0, maximum: 1 }),
  },
  { additionalProperties: false, description: 'a box on the frame, in fractions (0 to 1) of its width and height, from the top left' },
);
export type EvidenceBox = Static<typeof EvidenceBox>;

export const EvidenceLinkInput = Type.Object(
  {
    itemId: Id,
    actId: Type.Optional(Type.Union([Id, Type.Null()])),
    startSeconds: Type.Optional(Type.Union([Type.Number({ minimum: 0 }), Type.Null()])),
    endSeconds: Type.Optional(Type.Union([Type.Number({ minimum: 0 }), Type.Null()])),
    box: Type.Optional(Type.Union([EvidenceBox, Type.Null()])),
    note: Type.Optional(Text(5000)),
  },
  { additionalProperties: false },
);
export type EvidenceLinkInput = Static<typeof EvidenceLinkInput>;

export const IncidentLinkInput = Type.Object(
  { toIncidentId: Id, relation: oneOf(INCIDENT_RELATIONS), note: Type.Optional(Text(2000)) },
  { additionalProperties: false },
);
export type IncidentLinkInput = Static<typeof IncidentLinkInput>;

export const ActTypeInput = Type.Object(
  {
    id: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{2,60}$' })),
    parentId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    labelRu: Type.String({ minLength: 1, maxLength: 300 }),
    labelEn: Type.String({ minLength: 1, maxLength: 300 }),
    sort: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);
export type ActTypeInput = Static<typeof ActTypeInput>;

/** An edit: the new content and the version it was made from. */
export const withVersion = <T extends TSchema>(schema: T) => Type.Object({ version: Version, data: schema }, { additionalProperties: false });

/** The words of the fixed vocabularies (vocabulary.ts), as types: what the server answers was checked against them on input. */
export type FacilityType = (typeof FACILITY_TYPES)[number];
export type PersonKind = (typeof PERSON_KINDS)[number];
export type NameKind = (typeof NAME_KINDS)[number];
export type PositionTitle = (typeof POSITION_TITLES)[number];
export type DatePrecision = (typeof DATE_PRECISIONS)[number];
export type DocumentationStatus = (typeof DOCUMENTATION_STATUSES)[number];
export type InvolvementDegree = (typeof INVOLVEMENT_DEGREES)[number];
export type InterventionKind = (typeof INTERVENTION_KINDS)[number];
export type InterventionStatus = (typeof INTERVENTION_STATUSES)[number];
