import { createContext, useContext } from 'react';
import { PERMISSIONS, type Permission } from '../../../../src/shared/index.js';
import type { Me, Role } from '../../../../src/accounts/index.js';
import type { ActType, Facility } from '../../../../src/cases/index.js';

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

/** The inbox, import, deletion and replies of the secure intake: the server's `intake` permission. */
export function canIntake(role: Role): boolean {
  return can(role, 'intake');
}
