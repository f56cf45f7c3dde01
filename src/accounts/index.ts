/**
 * The accounts module's contract: staff users, passwords, second factors, sessions and compartments; the
 * Viewer every case call takes; the schemas of its routes. The staff app imports this file for types only.
 */
export * from './account-schemas.js';
export { ROLES, PERMISSIONS, type Permission, type Viewer } from './viewer.js';
export { AccountRepository } from './account-repository.js';
export { AccountService, type SessionState } from './account-service.js';
export { type PasswordCost } from './password.js';
export { newTotpSecret, totpUri } from './totp.js';
export { can, canSeeCompartment } from './viewer.js';
