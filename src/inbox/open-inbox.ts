import type { Kysely } from 'kysely';
import type { Viewer } from '../accounts/index.js';
import type { CustodyService } from '../custody/index.js';
import type { JobQueue } from '../jobs/index.js';
import type { IngestService } from '../vault/index.js';
import { IntakeError } from '../intake/index.js';
import type { Intake } from '../intake/index.js';
import { IntakeImportService } from './import-service.js';
import { IntakeInboxService } from './inbox-service.js';
import { SubmissionCaseService } from './case-service.js';
import { IntakeNotices } from './notices.js';

/** What the staff server does with intake: read the inbox, import into the vault, reply, delete. */
export interface IntakeStaff {
  intake: Intake;
  inbox: IntakeInboxService;
  imports: IntakeImportService;
  /** Submissions as cases of work: status, assignee, labels, internal comments (in the main database). */
  cases: SubmissionCaseService;
  /** What arrived since the last look, for notification e-mails. */
  notices: IntakeNotices;
  /** Deletes a submission from intake; refuses while complete files are not yet in the vault, unless discarding. */
  deleteSubmission(viewer: Viewer, id: string, discard: boolean): Promise<void>;
}

export function openIntakeStaff<T>(
  intake: Intake,
  ingest: IngestService,
  custody: CustodyService,
  evidenceIdentity: () => string | null,
  jobs: JobQueue,
  database: Kysely<T>,
): IntakeStaff {
  const db = database as unknown as Kysely<unknown>;
  const identity = () => {
    const unlocked = evidenceIdentity();
    if (!unlocked) throw new IntakeError(503, 'vault-locked', 'the organisation identity is locked: restart the server with the passphrase');
    return unlocked;
  };
  const cases = new SubmissionCaseService(db, intake.repo, intake.recipients, identity);
  const inbox = new IntakeInboxService(intake.repo, intake.store, intake.messages, intake.config.retentionDays, identity, cases);
  const imports = new IntakeImportService(intake.repo, intake.store, ingest, custody, identity, jobs, (id, items) => cases.imported(id, items));
  return {
    intake,
    inbox,
    imports,
    cases,
    notices: new IntakeNotices(db, intake.repo),
    async deleteSubmission(viewer, id, discard) {
      await inbox.submission(id);
      if ((await imports.status(id))?.state === 'running')
        throw new IntakeError(409, 'import-running', 'An import of this submission is running; wait for it to finish.');
      const files = await intake.repo.filesOfSubmission(id);
      const waiting = files.filter((f) => f.state === 'complete').length;
      if (waiting > 0 && !discard) {
        throw new IntakeError(
          409,
          'not-imported',
          `${waiting} complete file(s) are not in the vault yet: import them first, or delete with discard to lose them.`,
        );
      }
      // Forgotten first: if deleting fails, trying again finds the submission; the other way round it would not.
      // A worker may have taken the import since the check above: then the submission stays.
      if (!(await imports.forget(id))) throw new IntakeError(409, 'import-running', 'An import of this submission is running; wait for it to finish.');
      await intake.retention.deleteSubmission(id);
      await cases.forget(viewer, id);
    },
  };
}
