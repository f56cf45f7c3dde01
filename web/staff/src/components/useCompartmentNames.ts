import type { CompartmentName } from '../../../../src/accounts/index.js';
import { api } from '../api/client.js';
import { useLoad } from './useLoad.js';

/**
 * The name of a compartment the signed-in person belongs to (the only ones whose restricted records they see, and
 * the only ones they may restrict to): a restriction is read and picked by its name, never by its id, whatever the
 * role. '…' while the names load.
 */
export function useCompartmentNames(): (id: string) => string {
  const mine = useLoad(() => api.get<CompartmentName[]>('/api/auth/compartments'), 'my-compartments');
  return (id) => (mine.data ? (mine.data.find((c) => c.id === id)?.name ?? id) : '…');
}
