import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PeopleInputError, ScreeningService, type ScreeningReport } from '../../../src/people/index.js';

const WATCHLIST = [
  'id,Фамилия,Имя,Отчество,Дата рождения,rank',
  'W1,Щербаков,Алексей,Викторович,05.03.1980,major',
  'W2,Образцова,Юлия,Семёновна,1975-11-23,',
  'W3,Выдумкин,Фёдор,,1969,',
  ',,,,,', // an empty row: left out, reported
].join('\n');

const RECORDS = [
  'passenger,dob,passport,nationality,seat',
  'SHCHERBAKOV/ALEKSEI MR,1980-03-05,751234567,RUS,12A', // line 2: W1, ICAO
  'Scherbakow Alexej,05.03.1980,,D,12B', // line 3: W1, German
  'OBRAZTSOVA IULIIA,23.11.1975,,RUS,3C', // line 4: W2
  'Iulia Obraztsova,1988-01-01,,RUS,3D', // line 5: a namesake born another year
  '"Vydumkin, Fyodor",1969-06-30,,RUS,7F', // line 6: W3 (only the year on the watchlist)
  'Примеров Иван,1980-03-05,,RUS,8A', // line 7: nobody
  'Shcherbakov Aleksei,31.02.1980,,RUS,9A', // line 8: W1, an impossible date: screened without it
  'Shcherbakov Aleksei,1980-03-05,,RUS,9B,extra', // line 9: a cell too many: left out
  ',1980-03-05,,RUS,9C', // line 10: no name: left out
  '"Chtcherbakov Alexei",05/03/1980,,FRA,10A', // line 11: W1, French
].join('\n');

describe('ScreeningService', () => {
  let dir: string;
  let report: ScreeningReport;
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-screening-'));
    report = await new ScreeningService().screen({ watchlist: file('w.csv', WATCHLIST), records: file('r.csv', `\uFEFF${RECORDS}`), threshold: 0.7 });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds every record of a watchlist person, with both lines, the score and the explanation', () => {
    const found = report.matches.map((m) => [m.watchlist.id, m.record.line]);
    expect(found).toEqual([
      ['W1', 2],
      ['W1', 3],
      ['W2', 4],
      ['W3', 6],
      ['W1', 8],
      ['W1', 11],
    ]);
    const first = report.matches[0]!;
    expect(first.watchlist).toEqual({ line: 2, id: 'W1', name: 'Щербаков Алексей Викторович', dob: '05.03.1980' });
    expect(first.record).toMatchObject({ line: 2, name: 'SHCHERBAKOV/ALEKSEI MR', dob: '1980-03-05', document: '751234567', nationality: 'RUS' });
    expect(first.score).toBe(1);
    expect(first.explanation.map((e) => e.feature)).toEqual(['surname', 'given name', 'patronymic', 'date of birth', 'name order']);
    expect(report.summary).toMatchObject({ watchlistPeople: 3, records: 8, matches: 6 });
    // Blocking scored a few pairs, not every record against every person.
    expect(report.summary.pairsScored).toBeLessThan(8 * 3);
  });

  it('reports bad rows with their line, and goes on', () => {
    expect(report.problems).toEqual([
      { file: 'watchlist', line: 5, message: 'no name (a name, or a surname, with at least one letter): the row is left out', skipped: true },
      { file: 'records', line: 8, message: 'dob: 1980-02 has no day 31; screened without it', skipped: false },
      { file: 'records', line: 9, message: '6 cells where the header has 5: the row is left out', skipped: true },
      { file: 'records', line: 10, message: 'no name (a name, or a surname, with at least one letter): the row is left out', skipped: true },
    ]);
  });

  it('says which columns it understood and which it did not read', () => {
    expect(report.columns).toEqual([
      {
        file: 'watchlist',
        understood: [
          { column: 'id', field: 'id' },
          { column: 'Фамилия', field: 'surname' },
          { column: 'Имя', field: 'given' },
          { column: 'Отчество', field: 'patronymic' },
          { column: 'Дата рождения', field: 'dob' },
        ],
        ignored: ['rank'],
      },
      {
        file: 'records',
        understood: [
          { column: 'passenger', field: 'name' },
          { column: 'dob', field: 'dob' },
          { column: 'passport', field: 'document' },
          { column: 'nationality', field: 'nationality' },
        ],
        ignored: ['seat'],
      },
    ]);
  });

  it('keeps only what reaches the threshold', async () => {
    const strict = await new ScreeningService().screen({ watchlist: path.join(dir, 'w.csv'), records: path.join(dir, 'r.csv'), threshold: 0.99 });
    expect(strict.matches.every((m) => m.score >= 0.99)).toBe(true);
    expect(strict.matches.length).toBeLessThan(report.matches.length);
  });

  it('finds a surname misspelt in its first letters through the date of birth or the given name', async () => {
    const records = file(
      'typos.csv',
      [
        'name,dob',
        'Shchirbakov Aleksei,1980-03-05',
        'Scherbakov Aleksei,',
        'Obrastsova Iuliia,',
        'Sjcherbakov Aleksei,1980-03-05',
        'Shchervakov Aleksei,',
      ].join('\n'),
    );
    const found = await new ScreeningService().screen({ watchlist: path.join(dir, 'w.csv'), records, threshold: 0.7 });
    expect(found.matches.map((m) => [m.watchlist.id, m.record.line])).toEqual([
      ['W1', 2],
      ['W1', 3],
      ['W2', 4],
      ['W1', 5],
      ['W1', 6], // neither its first letters nor its sound: found by the surname's initial with the given name
    ]);
  });

  it('refuses a file it cannot use, saying why', async () => {
    const screen = (watchlist: string, records: string) => new ScreeningService().screen({ watchlist, records, threshold: 0.7 });
    const problem = async (promise: Promise<unknown>) => {
      const error = await promise.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PeopleInputError);
      return [(error as PeopleInputError).problem, (error as Error).message] as const;
    };
    const w = path.join(dir, 'w.csv');
    expect(await problem(screen(w, path.join(dir, 'missing.csv')))).toEqual([
      'unreadable-file',
      expect.stringMatching(/^records: cannot read the records file/),
    ]);
    expect(await problem(screen(w, file('empty.csv', '')))).toEqual(['no-header', expect.stringMatching(/needs a header row/)]);
    expect(await problem(screen(w, file('nameless.csv', 'dob,seat\n1980,1A\n')))).toEqual([
      'no-name-column',
      'records: the records file\'s header ("dob", "seat") has no name column: name it "name" (the whole name), or "surname" with "given" and "patronymic"',
    ]);
    expect(await problem(new ScreeningService().screen({ watchlist: w, records: w, threshold: 1.5 }))).toEqual(['bad-threshold', expect.any(String)]);
  });

  it('gives a row that spans lines (a quoted cell with a line break) the line it starts on', async () => {
    const records = file(
      'multiline.csv',
      ['name,dob,note', 'Primerov Ivan,1990,"seen at the gate,', 'then at the desk"', 'Shcherbakov Aleksei,1980-03-05,'].join('\n'),
    );
    const found = await new ScreeningService().screen({ watchlist: path.join(dir, 'w.csv'), records, threshold: 0.7 });
    expect(found.matches.map((m) => m.record.line)).toEqual([4]);
    const notes = file('multiline-match.csv', ['name,dob,note', '"Shcherbakov Aleksei",1980-03-05,"two', 'lines"'].join('\n'));
    const again = await new ScreeningService().screen({ watchlist: path.join(dir, 'w.csv'), records: notes, threshold: 0.7 });
    expect(again.matches.map((m) => m.record.line)).toEqual([2]);
  });

  it('reports a quote never closed, keeping the rows before it', async () => {
    const records = file('quote.csv', ['name,dob', 'Shcherbakov Aleksei,1980-03-05', '"Obraztsova Iuliia,1975-11-23', 'Vydumkin Fedor,1969'].join('\n'));
    const found = await new ScreeningService().screen({ watchlist: path.join(dir, 'w.csv'), records, threshold: 0.7 });
    expect(found.matches.map((m) => m.record.line)).toEqual([2]);
    expect(found.problems.filter((p) => p.file === 'records')).toEqual([
      { file: 'records', line: 4, message: expect.stringMatching(/^a quote opened after line 2 is never closed/), skipped: true },
    ]);
  });

  it('streams the records: a file of 60,000 rows is screened without holding it', async () => {
    const rows = ['name,dob'];
    for (let i = 0; i < 60_000; i++) rows.push(`Primerov${i} Ivan,1980-03-05`);
    rows.push('Shcherbakov Aleksei,1980-03-05');
    const records = file('many.csv', rows.join('\n'));
    const found = await new ScreeningService().screen({ watchlist: path.join(dir, 'w.csv'), records, threshold: 0.7 });
    expect(found.summary.records).toBe(60_001);
    expect(found.matches.map((m) => m.record.line)).toEqual([60_002]);
  });
});
