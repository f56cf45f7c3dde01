import { makeToken, tokenise, type NameToken } from './name-tokens.js';

export type NameOrder = 'surname first' | 'surname last' | 'in columns' | 'surname only';

/** One way to read a name's words as surname, given name and patronymic. */
export interface NameReading {
  surname: NameToken;
  given?: NameToken;
  patronymic?: NameToken;
  order: NameOrder;
}

/** A person's name as written, and every plausible reading of it (one or two). */
export interface ParsedName {
  written: string;
  readings: NameReading[];
  /** Every full word, whatever its place: what screening looks candidates up by. */
  words: NameToken[];
  /** Every word and initial, in order. */
  tokens: NameToken[];
}

function reading(surname: NameToken, rest: NameToken[], order: NameOrder): NameReading {
  const full = rest.filter((t) => t !== surname);
  const patronymic = full.find((t, i) => t.patronymic && i > 0) ?? full[1];
  const given = full.find((t) => t !== patronymic);
  const r: NameReading = { surname, order };
  if (given) r.given = given;
  if (patronymic) r.patronymic = patronymic;
  return r;
}

/** Joins the words before a comma into one surname (a double surname written with a space). */
function joined(tokens: NameToken[]): NameToken | undefined {
  if (tokens.length === 1) return tokens[0];
  return makeToken(tokens.map((t) => t.text).join('-'));
}

/**
 * The readings of a name in one string. Russian documents put the surname first (Щербаков Алексей
 * Викторович), Western ones last (Alexei Shcherbakov); a comma or slash, a patronymic's place, initials (never
 * a surname) and a word in capitals among others decide where they can; otherwise both readings are kept.
 */
export function parseName(written: string): ParsedName | undefined {
  const { tokens, surnameCount } = tokenise(written);
  if (tokens.length === 0) return undefined;
  const words = tokens.filter((t) => !t.initial);
  if (surnameCount !== undefined) {
    const surname = joined(tokens.slice(0, surnameCount));
    if (surname) return { written, readings: [reading(surname, tokens.slice(surnameCount), 'surname first')], words, tokens };
  }
  if (tokens.length === 1) return { written, readings: [{ surname: tokens[0]!, order: 'surname only' }], words, tokens };
  const first = tokens[0]!;
  const last = tokens.at(-1)!;
  const candidates: NameReading[] = [];
  const capitals = tokens.find((t) => t.capitals);
  let surnameFirst = !first.initial && (capitals === undefined || capitals === first);
  let surnameLast = last !== first && !last.initial && (capitals === undefined || capitals === last);
  if (tokens.length >= 3) {
    // The patronymic's place gives the order: Surname Given Patronymic, or Given Patronymic Surname.
    const middle = tokens[1]!.patronymic;
    if (last.patronymic && !middle) surnameLast = false;
    else if (middle && !last.patronymic) surnameFirst = false;
  }
  if (surnameFirst || !surnameLast) candidates.push(reading(first, tokens.slice(1), 'surname first'));
  if (surnameLast) candidates.push(reading(last, tokens.slice(0, -1), 'surname last'));
  return { written, readings: candidates, words, tokens };
}

/** The reading of a name given in columns: nothing to guess. */
export function nameFromColumns(surname: string, given?: string, patronymic?: string): ParsedName | undefined {
  const surnameToken = joined(tokenise(surname).tokens);
  if (!surnameToken) return undefined;
  const r: NameReading = { surname: surnameToken, order: 'in columns' };
  const givenTokens = given ? tokenise(given).tokens : [];
  const patronymicTokens = patronymic ? tokenise(patronymic).tokens : [];
  // "Aleksei Viktorovich" in the given-name column: the second word is the patronymic.
  const g = givenTokens[0];
  const p = patronymicTokens[0] ?? givenTokens[1];
  if (g) r.given = g;
  if (p) r.patronymic = p;
  const tokens = [surnameToken, ...givenTokens, ...patronymicTokens];
  const written = [surname, given, patronymic].filter((part) => part !== undefined && part !== '').join(' ');
  return { written, readings: [r], words: tokens.filter((t) => !t.initial), tokens };
}
