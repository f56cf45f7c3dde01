/**
 * The people module: one person across scripts and records. Names are read part by part (surname, given
 * name, patronymic, in either order, with initials and double names), folded across the transliterations
 * passports and registries use (ICAO Doc 9303, the MVD orders before it, GOST 7.79, BGN/PCGN, the French and
 * German conventions) and compared with edit distances and phonetic keys; dates of birth, document numbers
 * and nationality add to or limit the score. Screening finds a watchlist's people in a large CSV file.
 */
export * from './people-schemas.js';
export { PeopleInputError } from './people-errors.js';
export { matchPeople, scorePeople, preparePerson, type PreparedPerson, type FieldProblem } from './person-matcher.js';
export { matchDescriptions } from './match-service.js';
export { ScreeningService } from './screening/screening-service.js';
export { TRANSLITERATION_SCHEMES, type TransliterationScheme } from './names/transliteration-schemes.js';
export { nameKeys } from './names/name-keys.js';
export { parseBirthDate, type BirthDate } from './birth-dates.js';
