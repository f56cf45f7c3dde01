import type { Cases } from '../cases/index.js';
import type { Vigil } from './open-vigil.js';

/**
 * Accounts and case records over an opened home: what the staff server and the account commands use.
 * Loaded on demand, so that `vigil ingest` and the other vault commands do not carry the search,
 * accounts and web modules in memory (about 30 MiB of RSS).
 */
export async function openStaff(vigil: Vigil): Promise<Cases> {
  const { openCases } = await import('../cases/open-cases.js');
  const cases = openCases(vigil.database.db, vigil.vault, { organisation: vigil.settings.organisation, identity: () => vigil.evidenceIdentity() });
  await cases.actTypes.seed();
  return cases;
}
