import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { Db } from './database.js';
import { migrateSideBySide } from './migrate-side-by-side.js';
import * as vault0001 from './migrations/0001-vault.js';
import * as cases0002 from './migrations/0002-cases.js';
import * as compartments0003 from './migrations/0003-compartment-fixes.js';
import * as signIn0005 from './migrations/0005-sign-in-failures.js';
import * as jobs0006 from './migrations/0006-jobs.js';
import * as media0007 from './migrations/0007-media.js';
import * as mediaDerived0008 from './migrations/0008-media-derived.js';
import * as mediaMarks0009 from './migrations/0009-media-cluster-marks.js';
import * as mediaBurnedIn0010 from './migrations/0010-media-burned-in-time.js';
import * as mediaTmk0011 from './migrations/0011-media-tmk.js';
import * as submissionCases0012 from './migrations/0012-submission-cases.js';
import * as home0013 from './migrations/0013-home.js';
import * as custodyVerifiedIndex0015 from './migrations/0015-custody-verified-index.js';
import * as tags0016 from './migrations/0016-tags-and-file-names.js';

const migrations: Record<string, Migration> = {
  '0001-vault': vault0001,
  '0002-cases': cases0002,
  '0003-compartment-fixes': compartments0003,
  '0005-sign-in-failures': signIn0005,
  '0006-jobs': jobs0006,
  '0007-media': media0007,
  '0008-media-derived': mediaDerived0008,
  '0009-media-cluster-marks': mediaMarks0009,
  '0010-media-burned-in-time': mediaBurnedIn0010,
  '0011-media-tmk': mediaTmk0011,
  '0012-submission-cases': submissionCases0012,
  '0013-home': home0013,
  '0015-custody-verified-index': custodyVerifiedIndex0015,
  '0016-tags-and-file-names': tags0016,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<void> {
  const { error, results } = await migrateSideBySide(db as Kysely<unknown>, { provider });
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
