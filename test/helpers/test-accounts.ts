import { AccountRepository } from '../../src/accounts/account-repository.js';
import { AccountService } from '../../src/accounts/account-service.js';
import { AuditRepository } from '../../src/audit/audit-repository.js';
import { openDatabase, type OpenDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

export interface TestAccounts {
  testDb: TestDatabase;
  database: OpenDatabase;
  audit: AuditRepository;
  accounts: AccountService;
}

/** A fresh, migrated database of the given kind (a SQLite file in `dir`), with the audit trail and the account service (scrypt cost 2^10) over it. */
export async function openTestAccounts(kind: 'sqlite' | 'postgres', dir?: string): Promise<TestAccounts> {
  const testDb = await createTestDatabase(kind, dir);
  const database = openDatabase(testDb.target);
  await migrateToLatest(database.db);
  const audit = new AuditRepository(database.db);
  const accounts = new AccountService(new AccountRepository(database.db), audit, 'Test', { logN: 10 });
  return { testDb, database, audit, accounts };
}
