import { createContext, useContext } from 'react';
import { PERMISSIONS, type Permission } from '../../../../src/accounts/viewer.js';
import type { ActType, Facility, Me, Role } from '../api/types.js';

/** Who is signed in, and the reference lists every page labels things with. */
export interface Session {
  me: Me;
  facilities: Facility[];
  actTypes: ActType[];
  reloadReference: () => void;
  signOut: () => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in app');
  return session;
}

/** The server's own permission table, to hide what a role cannot do; the server still decides. */
export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/**
 * The inbox, import, deletion and replies of the secure intake: the server's `intake` permission (admin,
 * investigator). Until src/accounts/viewer.ts lists it, the same roles by name; the server still decides.
 */
const INTAKE_ROLES: readonly Role[] = (PERMISSIONS as Record<string, readonly Role[] | undefined>).intake ?? ['admin', 'investigator'];

export function canIntake(role: Role): boolean {
  return INTAKE_ROLES.includes(role);
}
