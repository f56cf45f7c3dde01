import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCutTarGz, writeZerosZip, writeZipWithDamagedEntry } from '../unit/sources/hostile-archives.js';
import { assertBuilt, cliEnv, vigil } from './run-cli.js';

const MiB = 1024 * 1024;

describe('vigil ingest of a hostile disk', () => {
  let dir: string;
  let home: string;
  let env: NodeJS.ProcessEnv;
  let leak: string;

  beforeAll(() => {
    assertBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-e2e-hostile-'));
    home = path.join(dir, 'home');
    env = cliEnv(home);
    expect(vigil(['init', '--organisation', 'Fictional Monitors'], env).status).toBe(0);
    leak = path.join(dir, 'leak');
    fs.mkdirSync(leak);
    writeZipWithDamagedEntry(path.join(leak, 'damaged.zip'));
    writeCutTarGz(path.join(leak, 'cut.tar.gz'));
    writeZerosZip(path.join(leak, 'overlap.zip'), { entries: 256, size: 16 * MiB, overlap: true });
    fs.writeFileSync(path.join(leak, 'statement.txt'), 'Synthetic statement by a fictional witness.\n');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function batches(): Array<{ status: string; problems: number }> {
    const db = new SQLite(path.join(home, 'vigil.db'), { readonly: true });
    try {
      return db.prepare('select status, problems from ingest_batches order by started_at').all() as Array<{ status: string; problems: number }>;
    } finally {
      db.close();
    }
  }

  it('reports a damaged zip, a cut tar.gz and an overlapping zip bomb, takes in the rest, and ends its batch, on every run', () => {
    for (const run of [1, 2]) {
      const result = vigil(['ingest', leak], env);
      const stderr = result.stderr.toString();

      expect(result.status).toBe(3);
      expect(result.stdout.toString()).toMatch(/^Finished with problems: \d+ new, \d+ duplicate, 0 already stored; .*; 4 problems\. Batch bat_/);
      expect(stderr).toContain(
        `damaged ${path.join(leak, 'damaged.zip')}!/damaged.bin: broken zip entry: invalid block type; not stored (the archive is kept as received)`,
      );
      expect(stderr).toContain(`damaged ${path.join(leak, 'cut.tar.gz')}!/random.bin: broken tar.gz entry: unexpected end of file`);
      expect(stderr).toContain(
        `damaged ${path.join(leak, 'cut.tar.gz')}: broken tar.gz archive: unexpected end of file (1 entry before the damage was taken in`,
      );
      expect(stderr).toMatch(
        new RegExp(`refused ${path.join(leak, 'overlap.zip').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: entries overlap: "1\\.bin" starts inside "0\\.bin"`),
      );
      expect(batches()).toHaveLength(run);
      expect(batches().at(-1)).toEqual({ status: 'finished', problems: 4 });
    }
  });

  it('stores the archives themselves and what could be read from them', () => {
    const result = vigil(['ingest', '--json', leak], env);
    const report = JSON.parse(result.stdout.toString()) as { items: Array<{ paths: string[] }>; problems: Array<{ kind: string }> };
    expect(report.items.map((i) => path.relative(leak, i.paths[0]!)).sort()).toEqual([
      'cut.tar.gz',
      'cut.tar.gz!/first.txt',
      'damaged.zip',
      'damaged.zip!/intact.txt',
      'overlap.zip',
      'statement.txt',
    ]);
    expect(report.problems.map((p) => p.kind).sort()).toEqual(['broken-archive', 'broken-archive', 'broken-archive', 'refused']);
  });

  it('lets an operator set the absolute cap with a unit, and says what a bad size should look like', () => {
    const capped = vigil(['ingest', '--max-archive-bytes', '1MiB', '--max-ratio', '1000000', path.join(leak, 'overlap.zip')], env);
    expect(capped.status).toBe(3);
    expect(capped.stderr.toString()).toMatch(
      /refused .*overlap\.zip: 16 MiB from [0-9.]+ KiB expands by more than the limit of 1 MiB per archive \(an operator can raise it: vigil ingest --max-archive-bytes\)/,
    );
    const bad = vigil(['ingest', '--max-archive-bytes', 'lots', leak], env);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr.toString()).toMatch(/expected a size such as 500MiB, 64GiB or 2TiB \(or a number of bytes\), got "lots"/);
  });
});
