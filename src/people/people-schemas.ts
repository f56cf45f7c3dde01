import { Type, type Static } from 'typebox';

/** The people module's shapes, one TypeBox schema each. */

export const PersonDescription = Type.Object(
  {
    name: Type.Optional(Type.String({ description: 'the whole name in one string, in any order, script or transliteration' })),
    surname: Type.Optional(Type.String()),
    given: Type.Optional(Type.String({ description: 'the given name (a second word is taken as the patronymic)' })),
    patronymic: Type.Optional(Type.String()),
    dob: Type.Optional(Type.String({ description: 'date of birth: 1984-03-07, 07.03.1984, 07 MAR 1984, or a year' })),
    document: Type.Optional(Type.String({ description: 'a passport or other document number, as written' })),
    nationality: Type.Optional(Type.String({ description: 'an ISO 3166 code or a country name, English or Russian' })),
  },
  { description: 'a person as a record describes them: a name (whole, or surname and given name) and what else is known' },
);
export type PersonDescription = Static<typeof PersonDescription>;

export const MatchFeature = Type.Union([
  Type.Literal('surname'),
  Type.Literal('given name'),
  Type.Literal('patronymic'),
  Type.Literal('date of birth'),
  Type.Literal('document'),
  Type.Literal('nationality'),
  Type.Literal('name order'),
  Type.Literal('limit'),
]);
export type MatchFeature = Static<typeof MatchFeature>;

export const ExplanationEntry = Type.Object({
  feature: MatchFeature,
  weight: Type.Number({ minimum: 0, maximum: 1, description: "the feature's share of the score: its weight over the weights of every feature counted" }),
  agreement: Type.Number({ minimum: 0, maximum: 1, description: 'how far the two agree on it' }),
  contribution: Type.Number({
    minimum: -1,
    maximum: 1,
    description: "weight × agreement; the contributions add up to the score (a 'limit' entry takes back what a conflict forbids)",
  }),
  detail: Type.String(),
});
export type ExplanationEntry = Static<typeof ExplanationEntry>;

export const MatchResult = Type.Object({
  score: Type.Number({ minimum: 0, maximum: 1, description: 'from 0.7 on, the same person' }),
  explanation: Type.Array(ExplanationEntry),
});
export type MatchResult = Static<typeof MatchResult>;

export const MATCH_THRESHOLD = 0.7;

export const ScreeningRequest = Type.Object({
  watchlist: Type.String({ description: 'a CSV file of the people looked for, with a header row (read whole)' }),
  records: Type.String({ description: 'a CSV file of records to screen, with a header row (streamed)' }),
  threshold: Type.Number({ minimum: 0, maximum: 1, default: MATCH_THRESHOLD }),
});
export type ScreeningRequest = Static<typeof ScreeningRequest>;

export const ScreeningFile = Type.Union([Type.Literal('watchlist'), Type.Literal('records')]);
export type ScreeningFile = Static<typeof ScreeningFile>;

export const PersonField = Type.Union([
  Type.Literal('name'),
  Type.Literal('surname'),
  Type.Literal('given'),
  Type.Literal('patronymic'),
  Type.Literal('dob'),
  Type.Literal('document'),
  Type.Literal('nationality'),
  Type.Literal('id'),
]);
export type PersonField = Static<typeof PersonField>;

export const ScreeningColumns = Type.Object({
  file: ScreeningFile,
  understood: Type.Array(Type.Object({ column: Type.String(), field: PersonField })),
  ignored: Type.Array(Type.String(), { description: 'header cells not understood: their columns are not read' }),
});
export type ScreeningColumns = Static<typeof ScreeningColumns>;

export const ScreenedPerson = Type.Object({
  line: Type.Integer({ minimum: 2, description: "the row's line in its file (the header is line 1)" }),
  id: Type.Optional(Type.String()),
  name: Type.String(),
  dob: Type.Optional(Type.String()),
  document: Type.Optional(Type.String()),
  nationality: Type.Optional(Type.String()),
});
export type ScreenedPerson = Static<typeof ScreenedPerson>;

export const ScreeningMatch = Type.Object({
  watchlist: ScreenedPerson,
  record: ScreenedPerson,
  score: Type.Number({ minimum: 0, maximum: 1 }),
  explanation: Type.Array(ExplanationEntry),
});
export type ScreeningMatch = Static<typeof ScreeningMatch>;

export const ScreeningProblem = Type.Object({
  file: ScreeningFile,
  line: Type.Integer({ minimum: 1 }),
  message: Type.String(),
  skipped: Type.Boolean({ description: 'true when the row was left out; false when it was screened without the field named' }),
});
export type ScreeningProblem = Static<typeof ScreeningProblem>;

export const ScreeningReport = Type.Object({
  threshold: Type.Number({ minimum: 0, maximum: 1 }),
  columns: Type.Array(ScreeningColumns),
  matches: Type.Array(ScreeningMatch, { description: 'in the order of the records, each record’s matches best first' }),
  problems: Type.Array(ScreeningProblem),
  summary: Type.Object({
    watchlistPeople: Type.Integer({ minimum: 0 }),
    records: Type.Integer({ minimum: 0, description: 'records screened' }),
    pairsScored: Type.Integer({ minimum: 0, description: 'record and watchlist pairs the candidate keys brought to scoring' }),
    matches: Type.Integer({ minimum: 0 }),
    seconds: Type.Number({ minimum: 0 }),
  }),
});
export type ScreeningReport = Static<typeof ScreeningReport>;

/** Why a screening could not start (the code of the error is `invalid-input`). */
export const PEOPLE_INPUT_PROBLEMS = ['unreadable-file', 'no-header', 'no-name-column', 'no-name', 'bad-date', 'bad-threshold'] as const;
export type PeopleInputProblem = (typeof PEOPLE_INPUT_PROBLEMS)[number];
