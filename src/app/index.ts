// The app module's contract: everything other modules may use of it.
export { DEMO_PASSPHRASE, runDemo } from './demo.js';
export { VIGIL_JOB_KINDS } from './job-kinds.js';
export { openJobs } from './open-jobs.js';
export { openStaff } from './open-staff.js';
export { openVigil, type Vigil } from './open-vigil.js';
export { openWorkerRole } from './open-worker-role.js';
export * from './home/home-schemas.js';
export { HomeService } from './home/home-service.js';
export { openHome } from './open-home.js';
