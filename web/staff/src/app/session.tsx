import { createContext, useContext } from 'react';
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

/** The server's permission table (src/accounts/viewer.ts), to hide what a role cannot do; the server still decides. */
const PERMISSIONS = {
  edit: ['admin', 'investigator', 'editor'],
  delete: ['admin', 'investigator'],
  restrict: ['admin', 'investigator'],
  viewEvidence: ['admin', 'investigator', 'editor'],
  importRecords: ['admin', 'investigator'],
  exportRecords: ['admin', 'investigator', 'editor'],
  manage: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export function can(role: Role, permission: keyof typeof PERMISSIONS): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
