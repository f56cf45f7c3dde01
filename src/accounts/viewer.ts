import { ROLES } from '../shared/roles.js';
import type { Role } from './account-schemas.js';

/** Who is asking: every service call that reads or writes case records takes one. */
export interface Viewer {
  userId: string;
  role: Role;
  /** Compartments the user belongs to; restricted records outside them do not exist for this user. */
  compartments: ReadonlySet<string>;
}

/** The roles: the one list of them is `ROLES` in src/shared/roles.ts; `Role` in account-schemas.ts is its TypeBox union. */
export { ROLES };

/** What each role may do; a route names the permission it needs. */
export const PERMISSIONS = {
  read: ['admin', 'investigator', 'editor', 'viewer'],
  edit: ['admin', 'investigator', 'editor'],
  delete: ['admin', 'investigator'],
  restrict: ['admin', 'investigator'],
  viewEvidence: ['admin', 'investigator', 'editor'],
  importRecords: ['admin', 'investigator'],
  exportRecords: ['admin', 'investigator', 'editor'],
  intake: ['admin', 'investigator'],
  manage: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(viewer: Viewer, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(viewer.role);
}

export function canSeeCompartment(viewer: Viewer, compartmentId: string | null): boolean {
  return compartmentId === null || viewer.compartments.has(compartmentId);
}
