import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cliEnv, vigil } from './run-cli.js';

interface Explained {
  score: number;
  explanation: Array<{ feature: string; weight: number; agreement: number; contribution: number; detail: string }>;
}

describe('vigil match, end to end', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    assertBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-match-cli-'));
    // No home: matching needs no vault, and makes none.
    env = cliEnv(path.join(dir, 'no-home'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const names = (...args: string[]) => vigil(['match', 'names', ...args], env);

  it('match names --json prints {score, explanation}: the same person at 0.7 or more, quickly', () => {
    const started = performance.now();
    for (const other of ['SHCHERBAKOV ALEKSEI', 'Scherbakow Alexej', 'Chtcherbakov Alexei', 'Shcherbakov A.V.']) {
      const run = names('Щербаков Алексей Викторович', other, '--json');
      expect(run.stderr.toString()).toBe('');
      expect(run.status).toBe(0);
      const out = JSON.parse(run.stdout.toString()) as Explained;
      expect(Object.keys(out)).toEqual(['score', 'explanation']);
      expect(out.score, other).toBeGreaterThanOrEqual(0.7);
      expect(out.explanation.find((e) => e.feature === 'surname')!.agreement).toBe(1);
    }
    // Called once per pair by scripts: a second each would be too slow (here four runs, with node's start).
    expect((performance.now() - started) / 4).toBeLessThan(1500);
    expect(fs.existsSync(path.join(dir, 'no-home'))).toBe(false);
  });

  it('different people score under 0.7, and the dates of birth count', () => {
    const other = JSON.parse(names('Щербаков Алексей Викторович', 'Vydumkin Aleksei', '--json').stdout.toString()) as Explained;
    expect(other.score).toBeLessThan(0.7);
    const namesake = JSON.parse(
      names('Щербаков Алексей', 'SHCHERBAKOV ALEKSEI', '--dob-a', '05.03.1980', '--dob-b', '1991-07-12', '--json').stdout.toString(),
    ) as Explained;
    expect(namesake.score).toBeLessThan(0.7);
    expect(namesake.explanation.at(-1)).toMatchObject({ feature: 'limit', detail: 'the dates of birth differ: held at 0.65' });
    const swapped = JSON.parse(
      names('Щербаков Алексей', 'SHCHERBAKOV ALEKSEI', '--dob-a', '05.03.1980', '--dob-b', '1980-05-03', '--json').stdout.toString(),
    ) as Explained;
    expect(swapped.explanation.find((e) => e.feature === 'date of birth')).toMatchObject({ agreement: 0.8 });
  });

  it('match names without --json says it in words; a date that is none is refused', () => {
    const run = names('Щербаков Алексей', 'Shcherbakov Aleksei');
    expect(run.status).toBe(0);
    expect(run.stdout.toString()).toMatch(/^1\.000: the same person \(at 0\.7\)\n {2}surname +\+0\.588 {2}Shcherbakov is Щербаков in ICAO Doc 9303/);
    const bad = names('Щербаков', 'Shcherbakov', '--dob-a', '31.02.1980');
    expect(bad.status).toBe(1);
    expect(bad.stderr.toString()).toBe('vigil: dob of A: 1980-02 has no day 31\n');
  });

  describe('match screen', () => {
    let watchlist: string;
    let records: string;
    beforeAll(() => {
      watchlist = path.join(dir, 'watchlist.csv');
      records = path.join(dir, 'manifest.csv');
      fs.writeFileSync(watchlist, 'surname,given,patronymic,dob\nЩербаков,Алексей,Викторович,05.03.1980\nОбразцова,Юлия,Семёновна,1975-11-23\n');
      fs.writeFileSync(
        records,
        [
          'name,dob,document,flight,seat',
          'PRIMEROV/IVAN MR,1990-01-01,,FV1234,1A',
          'SHCHERBAKOV/ALEKSEI MR,1980-03-05,751234567,FV1234,1B',
          'Obraztsova Iuliia,1975,,FV1234,2A',
          'Shcherbakov Aleksei,not a date,,FV5678,3C',
          'Vydumkin Fedor,1969,,FV5678',
        ].join('\n'),
      );
    });

    it('--json lists each match with both lines, the score and the explanation; bad rows are reported (exit 3)', () => {
      const run = vigil(['match', 'screen', '--watchlist', watchlist, '--records', records, '--json'], env);
      expect(run.stderr.toString()).toBe('');
      expect(run.status).toBe(3);
      const out = JSON.parse(run.stdout.toString()) as {
        matches: Array<{ watchlist: { line: number }; record: { line: number; name: string }; score: number; explanation: unknown[] }>;
        problems: Array<{ file: string; line: number; message: string; skipped: boolean }>;
        columns: Array<{ file: string; ignored: string[] }>;
        summary: { records: number; matches: number };
      };
      expect(out.matches.map((m) => [m.watchlist.line, m.record.line])).toEqual([
        [2, 3],
        [3, 4],
        [2, 5],
      ]);
      expect(out.matches[0]!.score).toBe(1);
      expect(out.matches[0]!.explanation.length).toBeGreaterThan(2);
      expect(out.problems).toEqual([
        { file: 'records', line: 5, message: expect.stringMatching(/^dob: "not a date" is not a date/), skipped: false },
        { file: 'records', line: 6, message: '4 cells where the header has 5: the missing ones are read as empty', skipped: false },
      ]);
      expect(out.columns.find((c) => c.file === 'records')!.ignored).toEqual(['flight', 'seat']);
      expect(out.summary).toMatchObject({ records: 5, matches: 3 });
    });

    it('without --json prints the matches, and the columns not understood and bad rows on stderr; --threshold filters', () => {
      const run = vigil(['match', 'screen', '--watchlist', watchlist, '--records', records, '--threshold', '0.99'], env);
      expect(run.status).toBe(3);
      const out = run.stdout.toString();
      expect(out).toMatch(
        /^1\.000 {2}watchlist line 2 Щербаков Алексей Викторович \(05\.03\.1980\) {2}≈ {2}records line 3 SHCHERBAKOV\/ALEKSEI MR \(1980-03-05, 751234567\)\n/,
      );
      expect(out).not.toMatch(/records line 4/); // only the year: under 0.99
      expect(out).toMatch(/\n2 matches at 0\.99 or more: 5 records screened against 2 watchlist people/);
      expect(run.stderr.toString()).toBe(
        [
          'records: columns not understood, not read: flight, seat',
          'records line 5: dob: "not a date" is not a date (write 1984-03-07, 07.03.1984, 07 MAR 1984 or a year); screened without it',
          'records line 6: 4 cells where the header has 5: the missing ones are read as empty',
          '',
        ].join('\n'),
      );
    });

    it('refuses a file without a name column, a missing file and a threshold out of range', () => {
      const nameless = path.join(dir, 'nameless.csv');
      fs.writeFileSync(nameless, 'flight,seat\nFV1234,1A\n');
      const noName = vigil(['match', 'screen', '--watchlist', watchlist, '--records', nameless], env);
      expect(noName.status).toBe(1);
      expect(noName.stderr.toString()).toMatch(/^vigil: records: the records file's header \("flight", "seat"\) has no name column/);
      const missing = vigil(['match', 'screen', '--watchlist', path.join(dir, 'nope.csv'), '--records', records], env);
      expect(missing.status).toBe(1);
      expect(missing.stderr.toString()).toMatch(/^vigil: watchlist: cannot read the watchlist file/);
      const threshold = vigil(['match', 'screen', '--watchlist', watchlist, '--records', records, '--threshold', '1.5'], env);
      expect(threshold.status).not.toBe(0);
      expect(threshold.stderr.toString()).toMatch(/expected a score from 0 to 1, got "1\.5"/);
    });
  });
});
