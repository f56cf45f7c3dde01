import { PeopleInputError } from '../people-errors.js';
import type {
  PersonDescription,
  ScreenedPerson,
  ScreeningColumns,
  ScreeningFile,
  ScreeningMatch,
  ScreeningProblem,
  ScreeningReport,
  ScreeningRequest,
} from '../people-schemas.js';
import { matchPeople, preparePerson, scorePeople, type PreparedPerson } from '../person-matcher.js';
import { CandidateIndex } from './candidate-keys.js';
import { readPeopleCsv, type CsvPerson } from './person-csv.js';

interface Listed {
  prepared: PreparedPerson;
  shown: ScreenedPerson;
}

function shown(row: CsvPerson, prepared: PreparedPerson, description: PersonDescription): ScreenedPerson {
  const person: ScreenedPerson = { line: row.line, name: prepared.name.written };
  if (row.id !== undefined) person.id = row.id;
  if (description.dob !== undefined) person.dob = description.dob;
  if (description.document !== undefined) person.document = description.document;
  if (description.nationality !== undefined) person.nationality = description.nationality;
  return person;
}

/**
 * Screens a file of records against a watchlist: every record that matches a watchlist person at or above
 * the threshold, with the explanation. The watchlist is held in memory, filed under its candidate keys; the
 * records are streamed, each scored only against the people whose keys it shares.
 */
export class ScreeningService {
  async screen(request: ScreeningRequest): Promise<ScreeningReport> {
    const started = performance.now();
    const threshold = request.threshold;
    if (!(threshold >= 0 && threshold <= 1)) throw new PeopleInputError('threshold', 'bad-threshold', `the threshold is a score from 0 to 1, not ${threshold}`);
    const columns: ScreeningColumns[] = [];
    const problems: ScreeningProblem[] = [];
    const report = (p: ScreeningProblem) => problems.push(p);

    const watchlist: Listed[] = [];
    for await (const row of readPeopleCsv(request.watchlist, 'watchlist', (c) => columns.push(c), report)) {
      const person = this.prepare(row, 'watchlist', report);
      if (person) watchlist.push(person);
    }
    const index = new CandidateIndex(watchlist.map((p) => p.prepared));

    const matches: ScreeningMatch[] = [];
    let records = 0;
    let pairsScored = 0;
    for await (const row of readPeopleCsv(request.records, 'records', (c) => columns.push(c), report)) {
      const record = this.prepare(row, 'records', report);
      if (!record) continue;
      records++;
      const found: ScreeningMatch[] = [];
      for (const i of index.candidates(record.prepared)) {
        pairsScored++;
        const listed = watchlist[i]!;
        if (scorePeople(listed.prepared, record.prepared) < threshold) continue;
        const result = matchPeople(listed.prepared, record.prepared);
        found.push({ watchlist: listed.shown, record: record.shown, score: result.score, explanation: result.explanation });
      }
      matches.push(...found.sort((a, b) => b.score - a.score));
    }
    return {
      threshold,
      columns,
      matches,
      problems,
      summary: {
        watchlistPeople: watchlist.length,
        records,
        pairsScored,
        matches: matches.length,
        seconds: Math.round(performance.now() - started) / 1000,
      },
    };
  }

  private prepare(row: CsvPerson, file: ScreeningFile, report: (p: ScreeningProblem) => void): Listed | undefined {
    const { person, problems } = preparePerson(row.description);
    for (const problem of problems)
      report({
        file,
        line: row.line,
        message: person ? `${problem.field}: ${problem.message}; screened without it` : `${problem.message}: the row is left out`,
        skipped: person === undefined,
      });
    return person && { prepared: person, shown: shown(row, person, row.description) };
  }
}
