import { InvalidArgumentError, type Command } from 'commander';
import { MATCH_THRESHOLD, matchDescriptions, ScreeningService, type ExplanationEntry, type ScreenedPerson, type ScreeningReport } from '../people/index.js';

// Not session.ts's printJson: that module opens the vault's modules, and `match names` is called once per pair.
function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

function score(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError(`expected a score from 0 to 1, got "${value}"`);
  return n;
}

function explanationLines(explanation: ExplanationEntry[]): string[] {
  return explanation.map((e) => {
    const points = e.feature === 'name order' ? '' : `${e.contribution >= 0 ? '+' : ''}${e.contribution.toFixed(3)}`;
    return `  ${e.feature.padEnd(14)} ${points.padStart(7)}  ${e.detail}`;
  });
}

function who(person: ScreenedPerson): string {
  const more = [person.dob, person.document, person.nationality].filter((x) => x !== undefined);
  return `line ${person.line}${person.id !== undefined ? ` [${person.id}]` : ''} ${person.name}${more.length > 0 ? ` (${more.join(', ')})` : ''}`;
}

function printScreening(report: ScreeningReport): void {
  for (const m of report.matches) {
    process.stdout.write(`${m.score.toFixed(3)}  watchlist ${who(m.watchlist)}  ≈  records ${who(m.record)}\n`);
    process.stdout.write(`${explanationLines(m.explanation).join('\n')}\n`);
  }
  for (const c of report.columns) if (c.ignored.length > 0) process.stderr.write(`${c.file}: columns not understood, not read: ${c.ignored.join(', ')}\n`);
  for (const p of report.problems) process.stderr.write(`${p.file} line ${p.line}: ${p.message}\n`);
  const s = report.summary;
  process.stdout.write(
    `${s.matches} match${s.matches === 1 ? '' : 'es'} at ${report.threshold} or more: ${s.records} records screened against ${s.watchlistPeople} watchlist people (${s.pairsScored} pairs scored) in ${s.seconds} s${report.problems.length > 0 ? `; ${report.problems.length} row${report.problems.length === 1 ? '' : 's'} with problems` : ''}\n`,
  );
}

interface NamesOptions {
  dobA?: string;
  dobB?: string;
  documentA?: string;
  documentB?: string;
  nationalityA?: string;
  nationalityB?: string;
  json?: boolean;
}

export function registerMatch(program: Command): void {
  const match = program.command('match').description('whether names and records describe the same person, across scripts and transliterations');
  match
    .command('names')
    .description(
      'how likely two names (with what else is known) are one person: a score from 0 to 1 (0.7 and more: the same person) and what each feature contributed. Names in Cyrillic or any Latin transliteration (ICAO, the MVD orders, GOST 7.79, BGN/PCGN, French, German), in either order, with initials',
    )
    .argument('<a>', 'a name, e.g. "Щербаков Алексей Викторович"')
    .argument('<b>', 'another, e.g. "SHCHERBAKOV ALEKSEI"')
    .option('--dob-a <date>', "A's date of birth (1984-03-07, 07.03.1984, 07 MAR 1984, or a year)")
    .option('--dob-b <date>', "B's date of birth")
    .option('--document-a <number>', "A's passport or other document number")
    .option('--document-b <number>', "B's document number")
    .option('--nationality-a <country>', "A's nationality (ISO code or name)")
    .option('--nationality-b <country>', "B's nationality")
    .option('--json', 'print JSON: {score, explanation}')
    .action((a: string, b: string, options: NamesOptions) => {
      const result = matchDescriptions(
        { name: a, dob: options.dobA, document: options.documentA, nationality: options.nationalityA },
        { name: b, dob: options.dobB, document: options.documentB, nationality: options.nationalityB },
      );
      if (options.json) return printJson(result);
      const verdict = result.score >= MATCH_THRESHOLD ? 'the same person' : 'not the same person';
      process.stdout.write(`${result.score.toFixed(3)}: ${verdict} (at ${MATCH_THRESHOLD})\n${explanationLines(result.explanation).join('\n')}\n`);
    });
  match
    .command('screen')
    .description(
      'every record of a CSV file that matches a person on a watchlist (another CSV file), with both lines, the score and its explanation. Both files need a header row: name (or surname, given, patronymic), dob, document, nationality, id; other columns are named and not read. Rows that cannot be read are reported with their line, and the screening goes on (exit 3). The records file is streamed, whatever its size',
    )
    .requiredOption('--watchlist <file>', 'a CSV file of the people looked for')
    .requiredOption('--records <file>', 'a CSV file of records (a manifest, a staff list…)')
    .option('--threshold <score>', 'the lowest score reported', score, MATCH_THRESHOLD)
    .option('--json', 'print JSON: {threshold, columns, matches: [{watchlist, record, score, explanation}], problems, summary}')
    .action(async (options: { watchlist: string; records: string; threshold: number; json?: boolean }) => {
      const report = await new ScreeningService().screen({ watchlist: options.watchlist, records: options.records, threshold: options.threshold });
      if (options.json) printJson(report);
      else printScreening(report);
      if (report.problems.length > 0) process.exitCode = 3;
    });
}
