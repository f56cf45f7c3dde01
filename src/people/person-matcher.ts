import { compareBirthDates, parseBirthDate, type BirthDate } from './birth-dates.js';
import { compareDocuments, normaliseDocument } from './documents.js';
import { nameFromColumns, parseName, type NameReading, type ParsedName } from './names/name-readings.js';
import { partAgreement, type NamePart, type PartAgreement } from './names/part-agreement.js';
import { normaliseNationality } from './nationalities.js';
import type { ExplanationEntry, MatchFeature, MatchResult, PersonDescription } from './people-schemas.js';

/** A person made ready to compare: the name's readings and keys, the date parsed, the numbers normalised. */
export interface PreparedPerson {
  name: ParsedName;
  dob?: BirthDate;
  document?: string;
  nationality?: string;
}

export interface FieldProblem {
  field: keyof PersonDescription;
  message: string;
}

/**
 * The weights of the features. A name counts 1 in all (surname half of it); a date of birth a little under
 * half a name, so that one name with two different dates of birth stays under the threshold (namesakes are
 * common); an equal document number much, a different one little (people hold several documents).
 */
const WEIGHTS = {
  surname: 0.5,
  given: 0.35,
  patronymic: 0.15,
  dob: 0.45,
  documentSame: 0.6,
  documentDifferent: 0.1,
  nationalitySame: 0.05,
  nationalityDifferent: 0.1,
};
/** A surname alone is not enough: a given name missing on one side counts as barely agreeing. */
const UNKNOWN_GIVEN = 0.2;
/**
 * Where two readings of the names score alike (Щербаков Алексей / Shcherbokov Aleksei read either way), the
 * surname first wins: the Russian order, and what a record writes unless it says otherwise.
 */
const ORDER_PRIOR = 0.02;
/** The most a pair may score when one feature plainly conflicts (unless the document numbers are equal). */
const LIMITS = { surname: 0.6, given: 0.6, patronymic: 0.65, dob: 0.65 };

export function preparePerson(description: PersonDescription): { person?: PreparedPerson; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const surname = description.surname?.trim();
  const name =
    surname !== undefined && surname !== ''
      ? nameFromColumns(surname, description.given?.trim(), description.patronymic?.trim())
      : description.name !== undefined && description.name.trim() !== ''
        ? parseName(description.name)
        : undefined;
  if (!name) {
    problems.push({ field: 'name', message: 'no name (a name, or a surname, with at least one letter)' });
    return { problems };
  }
  const person: PreparedPerson = { name };
  if (description.dob !== undefined && description.dob.trim() !== '') {
    const dob = parseBirthDate(description.dob);
    if (typeof dob === 'string') problems.push({ field: 'dob', message: dob });
    else person.dob = dob;
  }
  const document = description.document === undefined ? '' : normaliseDocument(description.document);
  if (document !== '') person.document = document;
  const nationality = description.nationality?.trim();
  if (nationality) person.nationality = normaliseNationality(nationality);
  return { person, problems };
}

interface Counted {
  feature: MatchFeature;
  weight: number;
  agreement: number;
  detail: string;
  /** False for a part of the name that one side lacks. */
  present?: boolean;
}

function namePart(feature: MatchFeature, part: NamePart, weight: number, a: NameReading, b: NameReading, explain: boolean): Counted {
  const key = part === 'surname' ? 'surname' : part === 'given name' ? 'given' : 'patronymic';
  const ta = a[key];
  const tb = b[key];
  if (ta && tb) {
    const found: PartAgreement = partAgreement(ta, tb, part, explain);
    return { feature, weight, agreement: found.agreement, detail: found.detail, present: true };
  }
  const missing = !ta && !tb ? 'in both' : !ta ? `in A (B: ${tb!.text})` : `in B (A: ${ta.text})`;
  if (part === 'given name') return { feature, weight, agreement: UNKNOWN_GIVEN, detail: `missing ${missing}: counted as barely agreeing`, present: false };
  return { feature, weight: 0, agreement: 0, detail: `missing ${missing}: not counted`, present: false };
}

function nameParts(a: NameReading, b: NameReading, explain: boolean): Counted[] {
  return [
    namePart('surname', 'surname', WEIGHTS.surname, a, b, explain),
    namePart('given name', 'given name', WEIGHTS.given, a, b, explain),
    namePart('patronymic', 'patronymic', WEIGHTS.patronymic, a, b, explain),
  ];
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * How likely two descriptions are one person, in [0, 1], with what each feature contributed. The name is
 * compared part by part under the readings of both names that give the best score; the date of birth,
 * document number and nationality count where both sides have them.
 */
export function matchPeople(a: PreparedPerson, b: PreparedPerson): MatchResult {
  return compare(a, b, true);
}

/** matchPeople's score alone, without the words of the explanation: what screening asks of every candidate. */
export function scorePeople(a: PreparedPerson, b: PreparedPerson): number {
  return compare(a, b, false).score;
}

/** The features besides the name, which every reading of the names shares. */
function otherFeatures(a: PreparedPerson, b: PreparedPerson): { counted: Counted[]; dobConflict: boolean; sameDocument: boolean } {
  const counted: Counted[] = [];
  let dobConflict = false;
  if (a.dob && b.dob) {
    const dates = compareBirthDates(a.dob, b.dob);
    dobConflict = dates.conflict;
    counted.push({ feature: 'date of birth', weight: WEIGHTS.dob, agreement: dates.agreement, detail: dates.detail });
  }
  let sameDocument = false;
  if (a.document && b.document) {
    const documents = compareDocuments(a.document, b.document);
    sameDocument = documents.agreement === 1;
    const weight = documents.weight === 'same' ? WEIGHTS.documentSame : WEIGHTS.documentDifferent;
    counted.push({ feature: 'document', weight, agreement: documents.agreement, detail: documents.detail });
  }
  if (a.nationality && b.nationality) {
    const same = a.nationality === b.nationality;
    counted.push({
      feature: 'nationality',
      weight: same ? WEIGHTS.nationalitySame : WEIGHTS.nationalityDifferent,
      agreement: same ? 1 : 0,
      detail: same ? `${a.nationality}: the same` : `${a.nationality} and ${b.nationality}: different (a person may hold two)`,
    });
  }
  return { counted, dobConflict, sameDocument };
}

interface Scored {
  counted: Counted[];
  total: number;
  raw: number;
  limit?: { at: number; reason: string };
  score: number;
  rank: number;
  ra: NameReading;
  rb: NameReading;
}

function compare(a: PreparedPerson, b: PreparedPerson, explain: boolean): MatchResult {
  const others = otherFeatures(a, b);
  let best: Scored | undefined;
  for (const ra of a.name.readings)
    for (const rb of b.name.readings) {
      const parts = nameParts(ra, rb, explain);
      const counted = [...parts, ...others.counted];
      const total = counted.reduce((sum, c) => sum + c.weight, 0);
      const raw = counted.reduce((sum, c) => sum + (c.weight / total) * c.agreement, 0);
      const limit = others.sameDocument ? undefined : conflictLimit(parts, others.dobConflict);
      const score = round(Math.min(1, Math.max(0, limit && raw > limit.at ? limit.at : raw)));
      const rank = score - ORDER_PRIOR * (Number(ra.order === 'surname last') + Number(rb.order === 'surname last'));
      if (!best || rank > best.rank) best = limit ? { counted, total, raw, limit, score, rank, ra, rb } : { counted, total, raw, score, rank, ra, rb };
    }
  const { counted, total, raw, limit, score, ra, rb } = best!;
  if (!explain) return { score, explanation: [] };
  const explanation: ExplanationEntry[] = counted.map((c) => ({
    feature: c.feature,
    weight: round(c.weight / total),
    agreement: round(c.agreement),
    contribution: round((c.weight / total) * c.agreement),
    detail: c.detail,
  }));
  const ambiguous = a.name.readings.length > 1 || b.name.readings.length > 1 ? ' (of the orders possible, the one that agrees best)' : '';
  explanation.push({ feature: 'name order', weight: 0, agreement: 0, contribution: 0, detail: `A: ${ra.order}, B: ${rb.order}${ambiguous}` });
  if (limit && raw > limit.at)
    explanation.push({ feature: 'limit', weight: 0, agreement: 0, contribution: round(limit.at - raw), detail: `${limit.reason}: held at ${limit.at}` });
  return { score, explanation };
}

function conflictLimit(parts: Counted[], dobConflict: boolean): { at: number; reason: string } | undefined {
  const [surname, given, patronymic] = parts as [Counted, Counted, Counted];
  const limits: Array<{ at: number; reason: string }> = [];
  if (surname.agreement < 0.25) limits.push({ at: LIMITS.surname, reason: 'the surnames differ' });
  if (given.present && given.agreement < 0.5) limits.push({ at: LIMITS.given, reason: 'the given names differ' });
  if (patronymic.present && patronymic.agreement < 0.3) limits.push({ at: LIMITS.patronymic, reason: 'the patronymics differ' });
  if (dobConflict) limits.push({ at: LIMITS.dob, reason: 'the dates of birth differ' });
  return limits.sort((x, y) => x.at - y.at)[0];
}
