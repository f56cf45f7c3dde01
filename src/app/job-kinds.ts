import { Type } from 'typebox';
import { jobKind, type JobKind } from '../jobs/index.js';
import { intakeAnswersResealJob, intakeImportJob, intakeNoticeMailJob, intakeNoticeSweepJob } from '../inbox/index.js';
import { mediaAnalyseJob, mediaDeriveJob, mediaSweepJob } from '../media/index.js';

/** Signs the custody log's head every hour, when it grew since the last checkpoint. */
export const custodyCheckpointJob = jobKind({
  name: 'custody.checkpoint',
  payload: Type.Object({}),
  everyMinutes: 60,
  retry: { attempts: 3, delaySeconds: 60, maxDelaySeconds: 600 },
});

/** Deletes, securely, what the intake kept past its retention period; every six hours. */
export const intakeRetentionJob = jobKind({
  name: 'intake.retention-sweep',
  payload: Type.Object({}),
  everyMinutes: 6 * 60,
  retry: { attempts: 3, delaySeconds: 60, maxDelaySeconds: 600 },
});

/** Every job Vigil knows: a worker must hold exactly one handler for each. */
export const VIGIL_JOB_KINDS: JobKind[] = [
  intakeImportJob,
  intakeRetentionJob,
  intakeNoticeSweepJob,
  intakeNoticeMailJob,
  intakeAnswersResealJob,
  custodyCheckpointJob,
  mediaAnalyseJob,
  mediaSweepJob,
  mediaDeriveJob,
];
