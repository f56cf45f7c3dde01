import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { assertBuilt, cliEnv, freePort, vigilAwait } from '../e2e/run-cli.js';
import type { StaffBrowser } from './staff-http.js';
import { VigilServer } from './vigil-server.js';

export interface IntakeDemo {
  dir: string;
  server: VigilServer;
  base: string;
  demoOutput: string;
}

/** A demo home served by `vigil serve` (both roles) on a free port. */
export async function startIntakeDemo(prefix: string): Promise<IntakeDemo> {
  assertBuilt();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const env = cliEnv(path.join(dir, 'home'));
  const demo = await vigilAwait(['demo'], env);
  if (demo.status !== 0) throw new Error(demo.stderr.toString());
  const base = `http://127.0.0.1:${await freePort()}`;
  const server = new VigilServer(['serve', '--port', new URL(base).port], env);
  await server.start();
  return { dir, server, base, demoOutput: demo.stdout.toString() };
}

/** Stops the server and removes the demo home; safe when the start itself failed. */
export async function stopIntakeDemo(demo: IntakeDemo | undefined): Promise<void> {
  if (!demo) return;
  await demo.server.stop();
  fs.rmSync(demo.dir, { recursive: true, force: true });
}

/** Staff import a submission into the vault and wait for it: the SHA-256 of each imported item. */
export async function importSubmission(staff: StaffBrowser, submission: string): Promise<string[]> {
  expect((await staff.call('POST', `/api/intake/submissions/${submission}/import`, {})).status).toBe(202);
  let status = { state: 'running', imported: [] as Array<{ itemId: string }>, problems: [] as unknown[] };
  while (status.state === 'running') {
    await new Promise((r) => setTimeout(r, 250));
    status = (await (await staff.call('GET', `/api/intake/submissions/${submission}/import`)).json()) as typeof status;
  }
  expect(status).toMatchObject({ state: 'finished', problems: [] });
  return Promise.all(
    status.imported.map(async (i) => ((await (await staff.call('GET', `/api/vault/items/${i.itemId}`)).json()) as { item: { sha256: string } }).item.sha256),
  );
}
