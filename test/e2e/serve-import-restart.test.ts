import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSubmissions } from '../helpers/intake-submissions.js';
import { startIntakeDemo, stopIntakeDemo, type IntakeDemo } from '../helpers/intake-demo.js';
import { StaffBrowser } from '../helpers/staff-http.js';

const SIZE = 192 * 1024 * 1024;

interface Status {
  state: string;
  bytesDone: number;
  bytesTotal: number;
  imported: Array<{ itemId: string }>;
  problems: unknown[];
}

/**
 * `vigil serve` restarted while an intake import runs: the import is a job in the database, so the new
 * process takes it up again, the staff API reports its progress across the restart, and it finishes with
 * the file in the vault.
 */
describe('an intake import across a restart of vigil serve', { timeout: 300_000 }, () => {
  let demo: IntakeDemo;

  beforeAll(async () => {
    demo = await startIntakeDemo('vigil-import-restart-');
  }, 120_000);
  afterAll(async () => stopIntakeDemo(demo));

  async function signedIn(): Promise<StaffBrowser> {
    const staff = new StaffBrowser(demo.base);
    await staff.signInFromDemoOutput(demo.demoOutput);
    return staff;
  }

  it('resumes the import after the restart and shows its progress throughout', async () => {
    const [submission] = await addSubmissions(path.join(demo.dir, 'home'), [[SIZE]]);
    const url = `/api/intake/submissions/${submission!.id}/import`;
    let staff = await signedIn();
    expect((await staff.call('POST', url, {})).status).toBe(202);

    // Midway: some bytes in the vault, not all.
    let before: Status | null = null;
    const deadline = Date.now() + 120_000;
    while (!before && Date.now() < deadline) {
      const status = (await (await staff.call('GET', url)).json()) as Status;
      expect(status.state).not.toBe('finished'); // else the file is too small to catch the import midway
      if (status.state === 'running' && status.bytesDone > 0 && status.bytesDone < status.bytesTotal) before = status;
      else await new Promise((r) => setTimeout(r, 50));
    }
    expect(before, demo.server.output).not.toBeNull();

    await demo.server.stop();
    await demo.server.start();
    if ((await staff.call('GET', url)).status === 401) {
      // Sessions did not survive: sign in again, with the next authentication code (each is good once).
      await new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 500));
      staff = await signedIn();
    }

    // The restarted server knows the import (it used to live in the old process's memory) and reports it running.
    const after = (await (await staff.call('GET', url)).json()) as Status;
    expect(after).toMatchObject({ state: 'running', bytesTotal: SIZE });
    let status = after;
    while (status.state === 'running') {
      await new Promise((r) => setTimeout(r, 200));
      status = (await (await staff.call('GET', url)).json()) as Status;
    }
    expect(status, demo.server.output).toMatchObject({ state: 'finished', bytesDone: SIZE, bytesTotal: SIZE, problems: [] });
    expect(status.imported).toHaveLength(1);
    const item = (await (await staff.call('GET', `/api/vault/items/${status.imported[0]!.itemId}`)).json()) as { item: { sha256: string } };
    expect(item.item.sha256).toBe(submission!.sha256[0]);
    // The submission page carries the same status, read from the job.
    const detail = (await (await staff.call('GET', `/api/intake/submissions/${submission!.id}`)).json()) as { import: Status };
    expect(detail.import.state).toBe('finished');
  });
});
