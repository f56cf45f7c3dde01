import { openDatabase, type OpenDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openJobQueue, type JobQueue } from '../../src/jobs/index.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

/** The shortest lease each queue allows in a test (pg-boss's heartbeat cannot be shorter than 10 s). */
export const TEST_LEASE_SECONDS = { sqlite: 1, postgres: 10 } as const;

export interface TestQueues {
  database: TestDatabase;
  opened: OpenDatabase[];
  /** A queue on the test database, as another process would open it. */
  open(): Promise<JobQueue>;
  cleanup(): Promise<void>;
}

/** A fresh, migrated Vigil database of the given kind, and queues over it (SqlJobQueue on SQLite, pg-boss on PostgreSQL). */
export async function createTestQueues(kind: 'sqlite' | 'postgres'): Promise<TestQueues> {
  const database = await createTestDatabase(kind);
  const first = openDatabase(database.target);
  await migrateToLatest(first.db);
  const opened: OpenDatabase[] = [first];
  const queues: JobQueue[] = [];
  return {
    database,
    opened,
    async open() {
      const db = queues.length === 0 ? first : openDatabase(database.target);
      if (db !== first) opened.push(db);
      const queue = await openJobQueue(database.target, db.db, { leaseSeconds: TEST_LEASE_SECONDS[kind], monitorSeconds: 1, schedules: true });
      queues.push(queue);
      return queue;
    },
    async cleanup() {
      for (const queue of queues) await queue.close().catch(() => undefined);
      for (const db of opened) await db.close();
      await database.drop();
    },
  };
}
