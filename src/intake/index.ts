/**
 * The intake's contract: the public role that sources use (codenames, resumable uploads, submissions,
 * messages, retention). It loads nothing of the staff side: that is src/inbox.
 */
export { INTAKE_FILE_STATES, type IntakeFileRow, type IntakeSubmissionRow } from './db/intake-schema.js';
export { addDays } from './intake-day.js';
export { IntakeError } from './intake-errors.js';
export { formatBytes } from './intake-limits.js';
export { type IntakeRepository } from './intake-repository.js';
export { LANDING_LIMITS, type LandingText } from './landing-settings.js';
export { type MessageService, type SourceViewMessage, type StaffViewMessage } from './message-service.js';
export { openIntake, type Intake } from './open-intake.js';
export { keepToOwner } from './owner-only.js';
export { type IntakePageConfig, type Lang } from './page-config.js';
export { Questionnaire, withPrivateDefault, type IntakeQuestion, type Localised } from './questionnaire.js';
export { openText, sealText } from './sealed-text.js';
export { type SourceSession } from './source-sessions.js';
export { type SourceSubmission } from './submission-service.js';
export { type UploadInfo, type UploadMetadata } from './upload-service.js';
export { type AppendOptions, type UploadStore } from './upload-store.js';
