import type { Kysely } from 'kysely';
import type { Cases } from '../cases/index.js';
import type { IntakeStaff } from '../inbox/index.js';
import type { JobQueue } from '../jobs/index.js';
import type { Vigil } from './open-vigil.js';
import { HomeSeenRepository } from './home/home-seen-repository.js';
import { HomeService } from './home/home-service.js';
import { IntakeNews } from './home/intake-news.js';
import { VaultState } from './home/vault-state.js';

/** The home pages over an opened home, its case records, and (when the server has them) the intake and the job queue. */
export function openHome(vigil: Vigil, cases: Cases, intakeStaff: IntakeStaff | null, jobs: JobQueue | null): HomeService {
  const db = vigil.database.db;
  const seen = new HomeSeenRepository(db as unknown as Kysely<unknown>);
  return new HomeService({
    cases,
    seen,
    vault: new VaultState({
      custody: vigil.custody,
      verifications: (ids) => vigil.vault.verifications(ids),
      witnesses: vigil.config.custody.witnesses.length,
      quorum: vigil.config.custody.quorum,
    }),
    intake: intakeStaff ? new IntakeNews(intakeStaff, seen) : null,
    jobs,
  });
}
