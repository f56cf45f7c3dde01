/**
 * The accounts module's schemas, for the server's routes and the staff app's types. The staff app
 * imports this file (types only): keep it free of anything that needs Node.
 */
export * from './account-schemas.js';
export { ROLES, PERMISSIONS, type Permission, type Viewer } from './viewer.js';
