import { PERMISSIONS, ROLES, roleMay, type Permission } from '../shared/index.js';
import type { Role } from './account-schemas.js';

/** Who is asking: every service call that reads or writes case records takes one. */
export interface Viewer {
  userId: string;
  role: Role;
  /** Compartments the user belongs to; restricted records outside them do not exist for this user. */
  compartments: ReadonlySet<string>;
}

export { PERMISSIONS, ROLES, type Permission };

export function can(viewer: Viewer, permission: Permission): boolean {
  return roleMay(viewer.role, permission);
}

export function canSeeCompartment(viewer: Viewer, compartmentId: string | null): boolean {
  return compartmentId === null || viewer.compartments.has(compartmentId);
}
