import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseTarget } from '../../src/config/config.js';

export const PG_ADMIN_URL = process.env.VIGIL_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** PostgreSQL is required in CI; on a laptop without one, its suites are skipped with a visible reason. */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch (error) {
    if (process.env.CI) throw new Error(`PostgreSQL is required in CI but unreachable at ${PG_ADMIN_URL}: ${(error as Error).message}`, { cause: error });
    console.warn(`PostgreSQL unreachable at ${PG_ADMIN_URL}: its medium tests are skipped`);
    return false;
  }
}

export interface TestDatabase {
  target: DatabaseTarget;
  drop(): Promise<void>;
}

/** A fresh, empty database of the given kind. */
export async function createTestDatabase(kind: 'sqlite' | 'postgres', dir = os.tmpdir()): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    return { target: { kind: 'sqlite', file: path.join(dir, `vigil-test-${crypto.randomBytes(6).toString('hex')}.db`) }, drop: async () => undefined };
  }
  const name = `vigil_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    target: { kind: 'postgres', url: url.toString() },
    async drop() {
      const client = new pg.Client({ connectionString: PG_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export const DATABASE_KINDS = ['sqlite', 'postgres'] as const;
