import type {
  DuplicateClusterList,
  MarkedPairs,
  MarkPairs,
  MediaCatalogue,
  MediaCatalogueQuery,
  MediaClip,
  MediaProgress,
} from '../../../../src/media/index.js';
import { api, query } from './client.js';

/** Media triage: the catalogue, analysis progress, near duplicates and verdicts on them. */
export const mediaApi = {
  items: (q: MediaCatalogueQuery) => api.get<MediaCatalogue>(`/api/media/items${query({ ...q })}`),
  clip: (id: string) => api.get<MediaClip>(`/api/media/items/${encodeURIComponent(id)}`),
  progress: () => api.get<MediaProgress>('/api/media/progress'),
  duplicates: () => api.get<DuplicateClusterList>('/api/media/duplicates'),
  mark: (body: MarkPairs) => api.put<MarkedPairs>('/api/media/marks', body),
};
