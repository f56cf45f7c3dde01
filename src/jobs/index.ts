// The jobs module's contract: everything other modules may use of it.
export { JobCannotRunError, JobInterruptedError, JobNotFoundError, JobNotParkedError, JobPayloadError, JobRegistryError } from './job-errors.js';
export { backoffSeconds, DEFAULT_RETRY, jobKind, type JobKind, type RetryPolicy } from './job-kind.js';
export { CheckedJobRegistry, JobRegistry, type JobContext, type JobHandler, type JobProgress, type RegisteredJob } from './job-registry.js';
export type { ClaimedJob, JobQueue, JobState, JobView, QueueListing, QueueSummary, SendOptions } from './job-queue.js';
export { JobWorker, type JobWorkerOptions } from './job-worker.js';
export { openJobQueue, type JobQueueOptions } from './open-job-queue.js';
export { retryParked } from './retry-parked.js';
export { JobQueueSchema, JobViewSchema, QueueListingSchema } from './job-schemas.js';
