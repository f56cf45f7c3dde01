import fs from 'node:fs';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { loadIntakeConfig } from '../../src/config/intake-config.js';
import { openIntake, type Intake } from '../../src/intake/open-intake.js';
import type { App } from '../../src/server/app-types.js';
import type { BodyStallLimit } from '../../src/server/intake/body-stall-guard.js';
import { buildIntakeServer } from '../../src/server/intake-server.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

export interface ServedIntake {
  dir: string;
  database: TestDatabase;
  intake: Intake;
  app: App;
  port: number;
}

/**
 * An intake in a new temp folder (named from `prefix`) on a fresh database, configured by `env` (as the
 * VIGIL_INTAKE_* variables), sealing to a new identity and served on a free port of 127.0.0.1.
 */
export async function serveIntake(kind: 'sqlite' | 'postgres', prefix: string, env: Record<string, string>, bodyStall: BodyStallLimit): Promise<ServedIntake> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const database = await createTestDatabase(kind, dir);
  const identity = await generateX25519Identity();
  const config = { ...loadIntakeConfig(env, dir), database: database.target };
  const intake = await openIntake(config, [await identityToRecipient(identity)]);
  const app = await buildIntakeServer({ intake, logLevel: 'silent', bodyStall });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as net.AddressInfo).port;
  return { dir, database, intake, app, port };
}

/** Closes the server and the intake, drops the database and removes the folder. */
export async function stopServedIntake(served: ServedIntake): Promise<void> {
  await served.app.close();
  await served.intake.close();
  await served.database.drop();
  fs.rmSync(served.dir, { recursive: true, force: true });
}
