/**
 * The inbox's contract: the staff side of the intake (submissions to read, answers, replies, the import of
 * their files into the vault as a job) and the schemas of its routes. The staff app imports this file for
 * types only.
 */
export * from './inbox-schemas.js';
export * from './case-schemas.js';
export { intakeAnswersResealJob, intakeNoticeMailJob, intakeNoticeSweepJob } from './notice-jobs.js';
export { NOTICE_MAIL, type NoticeKind } from './notices.js';
export { intakeImportJob } from './import-job.js';
export { importStatusFor } from './import-service.js';
export { inboxDetailFor } from './inbox-service.js';
export { type IntakeStaff } from './open-inbox.js';
