import type { Viewer } from '../../src/accounts/viewer.js';
import { openCases, type Cases } from '../../src/cases/open-cases.js';
import { openDatabase, type OpenDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { ItemRepository } from '../../src/vault/item-repository.js';
import { createTestDatabase, type TestDatabase } from './databases.js';
import { itemsOnlyVault } from './vault-stub.js';

/** Case records on a fresh database, with an administrator, an investigator in one compartment and one outside it. */
export interface CompartmentCases {
  cases: Cases;
  admin: Viewer;
  insider: Viewer;
  outsider: Viewer;
  compartment: string;
  close(): Promise<void>;
}

export async function openCompartmentCases(kind: 'sqlite' | 'postgres', compartmentName: string): Promise<CompartmentCases> {
  const testDb: TestDatabase = await createTestDatabase(kind);
  const database: OpenDatabase = openDatabase(testDb.target);
  await migrateToLatest(database.db);
  const cases = openCases(database.db, itemsOnlyVault(new ItemRepository(database.db)), { organisation: 'Test', passwordCost: { logN: 10 } });
  await cases.actTypes.seed();
  const ids: Record<string, string> = {};
  for (const [name, role] of [
    ['ada', 'admin'],
    ['ivan', 'investigator'],
    ['olga', 'investigator'],
  ] as const)
    ids[name] = (await cases.accounts.createUser({ username: name, displayName: name, role, password: 'correct horse battery' })).id;
  const admin: Viewer = { userId: ids.ada!, role: 'admin', compartments: new Set() };
  const compartment = (await cases.accounts.createCompartment(admin, { name: compartmentName, description: '', members: [ids.ivan!] })).id;
  return {
    cases,
    admin,
    insider: { userId: ids.ivan!, role: 'investigator', compartments: new Set([compartment]) },
    outsider: { userId: ids.olga!, role: 'investigator', compartments: new Set() },
    compartment,
    close: async () => {
      await database.close();
      await testDb.drop();
    },
  };
}
