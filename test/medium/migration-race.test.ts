import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Two `vigil worker` processes started together on a fresh home both migrate its databases. SQLite gives Kysely no
 * migration lock: one found the migrations not yet run, then ran one the other had just run ("duplicate column
 * name") and stopped. Several processes here migrate one fresh file at once (the compiled sources, from the build).
 */
const DIST = path.resolve('dist/src');
const available = fs.existsSync(path.join(DIST, 'db/index.js'));

function migrateIn(child: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--input-type=module', '-e', child], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    p.stdout.on('data', (d: Buffer) => (output += d.toString()));
    p.stderr.on('data', (d: Buffer) => (output += d.toString()));
    p.on('close', (code) => resolve({ code, output }));
  });
}

describe.skipIf(!available && !process.env.CI)('migrations started side by side on one SQLite file, by several processes', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-migration-race-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('bring the intake and the staff database up to date once, and none of them fails', async () => {
    for (let round = 0; round < 3; round++) {
      const intake = JSON.stringify(path.join(dir, `intake-${round}`, 'intake.db'));
      const staff = JSON.stringify(path.join(dir, `staff-${round}.db`));
      const child = `
        const { openIntakeDatabase } = await import(${JSON.stringify(path.join(DIST, 'intake/db/open-intake-database.js'))});
        const { openDatabase, migrateToLatest } = await import(${JSON.stringify(path.join(DIST, 'db/index.js'))});
        await (await openIntakeDatabase({ kind: 'sqlite', file: ${intake} })).close();
        const staff = openDatabase({ kind: 'sqlite', file: ${staff} });
        await migrateToLatest(staff.db);
        await staff.close();`;
      const runs = await Promise.all(Array.from({ length: 3 }, () => migrateIn(child)));
      expect(runs.map((r) => (r.code === 0 ? 'ok' : r.output))).toEqual(['ok', 'ok', 'ok']);
    }
  }, 120_000);
});
