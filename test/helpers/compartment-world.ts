import type { AccountService } from '../../src/accounts/account-service.js';
import type { Viewer } from '../../src/accounts/viewer.js';
import { openStaff } from '../../src/app/open-staff.js';
import type { Cases } from '../../src/cases/open-cases.js';
import type { UnlockedKeys } from '../../src/keys/keyring.js';
import { buildServer } from '../../src/server/app.js';
import type { App } from '../../src/server/app-types.js';
import { DEFAULT_ARCHIVE_LIMITS } from '../../src/vault/sources/walk-sources.js';
import { signedInClient, type ApiClient } from './api-client.js';
import { TEST_PASSPHRASE, type TestHome } from './vigil-home.js';

/**
 * Ingests `dir` into the home's vault (archives expanded unless told otherwise) and notes in `ids` every item
 * stored, by the last part of the path it was found at; a name already noted keeps its first item.
 */
export async function ingestNamingItems(home: TestHome, dir: string, ids: Record<string, string>, expandArchives = true): Promise<void> {
  await home.vigil.ingest.ingest([dir], {
    expandArchives,
    limits: DEFAULT_ARCHIVE_LIMITS,
    onItem: (i) => {
      for (const p of i.paths) ids[p.split(/[/!]/).filter(Boolean).pop()!] ??= i.id;
    },
  });
}

/** The staff side of the home, with the evidence unlocked by the test passphrase. */
export async function openUnlockedStaff(home: TestHome): Promise<{ cases: Cases; keys: UnlockedKeys }> {
  const cases = await openStaff(home.vigil);
  const keys = await home.vigil.keyring.unlock(TEST_PASSPHRASE);
  home.vigil.unlockEvidence(keys.identity);
  return { cases, keys };
}

/** The people around one compartment, each signed in to the staff API. */
export interface CompartmentPeople {
  compartment: string;
  /** The member investigator, as the case services see them. */
  insider: Viewer;
  /** The member investigator. */
  member: ApiClient;
  /** An administrator who is a member. */
  adminInside: ApiClient;
  adminInsideId: string;
  /** The administrator who is a member, as a viewer in no compartment (enough to create one). */
  bootstrap: Viewer;
  /** An investigator in no compartment. */
  outsider: ApiClient;
  /** An administrator in no compartment. */
  adminOutside: ApiClient;
}

/** Signs in a member investigator and an administrator, makes them the compartment `name`, then signs in an outside investigator and administrator. */
export async function signInAroundCompartment(app: App, accounts: AccountService, name: string): Promise<CompartmentPeople> {
  const memberSignIn = await signedInClient(app, accounts, 'investigator');
  const insideAdmin = await signedInClient(app, accounts, 'admin');
  const bootstrap: Viewer = { userId: insideAdmin.userId, role: 'admin', compartments: new Set() };
  const compartment = (await accounts.createCompartment(bootstrap, { name, description: '', members: [memberSignIn.userId, insideAdmin.userId] })).id;
  const insider: Viewer = { userId: memberSignIn.userId, role: 'investigator', compartments: new Set([compartment]) };
  const outsider = (await signedInClient(app, accounts, 'investigator')).client;
  const adminOutside = (await signedInClient(app, accounts, 'admin')).client;
  return {
    compartment,
    insider,
    member: memberSignIn.client,
    adminInside: insideAdmin.client,
    adminInsideId: insideAdmin.userId,
    bootstrap,
    outsider,
    adminOutside,
  };
}

export interface CompartmentWorld extends CompartmentPeople {
  cases: Cases;
  app: App;
}

/** The staff side of the home, unlocked and served (no intake), with the people around the compartment `name`. */
export async function openCompartmentWorld(home: TestHome, name: string): Promise<CompartmentWorld> {
  const { cases } = await openUnlockedStaff(home);
  const app = await buildServer({ cases, organisation: 'Test', logLevel: 'silent' });
  return { cases, app, ...(await signInAroundCompartment(app, cases.accounts, name)) };
}
