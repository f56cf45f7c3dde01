import { can, canSeeCompartment, type Permission, type Viewer } from '../accounts/index.js';
import type { AccountRepository } from '../accounts/index.js';
import type { AuditRepository } from '../audit/index.js';
import { ForbiddenError, InvalidInputError } from '../shared/index.js';

export function requirePermission(viewer: Viewer, permission: Permission): void {
  if (!can(viewer, permission)) throw new ForbiddenError(`your role (${viewer.role}) may not do this`);
}

/** Restricting to a compartment needs the permission, and membership: nobody hides a record from themselves. */
export async function checkCompartment(viewer: Viewer, compartmentId: string | null | undefined, accounts: AccountRepository): Promise<string | null> {
  if (compartmentId === undefined || compartmentId === null) return null;
  // One answer for a compartment that does not exist and one the viewer is not in: ids are not confirmed.
  if (!canSeeCompartment(viewer, compartmentId) || !(await accounts.findCompartment(compartmentId))) {
    throw new InvalidInputError('compartmentId', 'you can only restrict a record to a compartment you belong to');
  }
  return compartmentId;
}

/** Every view of a restricted record is written down for the administrators. */
export async function auditRestrictedView(
  audit: AuditRepository,
  viewer: Viewer,
  recordType: string,
  recordId: string,
  compartmentId: string | null,
): Promise<void> {
  if (compartmentId !== null) await audit.record({ userId: viewer.userId, action: 'viewed-restricted', recordType, recordId, detail: { compartmentId } });
}
