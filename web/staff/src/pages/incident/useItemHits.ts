import { useEffect, useState } from 'react';
import { api, query } from '../../api/client.js';
import type { ItemHit, ItemHits } from '../../../../../src/vault/index.js';

/**
 * The file names and poster frames of these items, as the evidence search gives them to this viewer (so a place
 * inside an archive they may not see never names one). Items not found stay unnamed; a failure names none.
 */
export function useItemHits(itemIds: string[]): Map<string, ItemHit> {
  const [hits, setHits] = useState(new Map<string, ItemHit>());
  const key = [...new Set(itemIds)].sort().join(' ');
  useEffect(() => {
    let live = true;
    const ids = key ? key.split(' ') : [];
    void Promise.all(
      ids.map((id) =>
        api.get<ItemHits>(`/api/vault/search${query({ q: id, limit: 1 })}`).then(
          (r) => r.items.find((h) => h.item.id === id),
          () => undefined,
        ),
      ),
    ).then((found) => live && setHits(new Map(found.flatMap((h) => (h ? [[h.item.id, h] as const] : [])))));
    return () => {
      live = false;
    };
  }, [key]);
  return hits;
}
