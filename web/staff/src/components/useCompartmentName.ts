import { api } from '../api/client.js';
import type { Compartment } from '../../../../src/accounts/index.js';
import { can, useSession } from '../app/session.js';
import { useLoad } from './useLoad.js';

/**
 * A compartment's name for an id: the caller's own compartments come with their names; an administrator also
 * loads every compartment (restricting to one they are not in). An id nobody here can name stays an id.
 */
export function useCompartmentName(): (id: string) => string {
  const { me } = useSession();
  const admin = can(me.user.role, 'manage');
  const all = useLoad(() => (admin ? api.get<Compartment[]>('/api/compartments') : Promise.resolve([])), 'compartments');
  return (id) => me.compartments.find((c) => c.id === id)?.name ?? all.data?.find((c) => c.id === id)?.name ?? id;
}
