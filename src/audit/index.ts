// The audit module's contract: everything other modules may use of it.
export { AuditRepository, type AuditFilter, type AuditRow } from './audit-repository.js';
