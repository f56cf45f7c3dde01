import {
  DuplicateClusterList,
  MarkedPairs,
  MarkPairs,
  MediaCatalogue,
  MediaCatalogueQuery,
  MediaClip,
  MediaProgress,
  type MediaTriage,
} from '../../media/index.js';
import { viewerOf } from '../access.js';
import type { App } from '../app-types.js';
import { IdParams, replies } from './common.js';

/** Media triage for staff: the archive's catalogue, analysis progress, near duplicates and verdicts on them. */
export function mediaRoutes(app: App, media: MediaTriage): void {
  const tags = ['media'];
  app.get(
    '/api/media/items',
    {
      config: { access: 'viewEvidence' },
      schema: { tags, querystring: MediaCatalogueQuery, response: replies({ 200: MediaCatalogue }) },
    },
    async (request) => media.triage.catalogue(viewerOf(request), request.query),
  );
  app.get(
    '/api/media/items/:id',
    {
      config: { access: 'viewEvidence' },
      schema: {
        tags,
        description:
          "One media item's page: its facts, its stored derived views (strip, sheet, proxy…), and the clusters of near duplicates it is in. An item the viewer may not see is 404, as an absent one.",
        params: IdParams,
        response: replies({ 200: MediaClip }),
      },
    },
    async (request) => media.triage.clip(viewerOf(request), request.params.id),
  );
  app.get(
    '/api/media/progress',
    {
      config: { access: 'viewEvidence' },
      schema: { tags, description: 'How many media items are analysed, waiting, unreadable or failed.', response: replies({ 200: MediaProgress }) },
    },
    async (request) => media.triage.progress(viewerOf(request)),
  );
  app.get(
    '/api/media/duplicates',
    {
      config: { access: 'viewEvidence' },
      schema: {
        tags,
        description: 'Clusters of near-duplicate pictures and videos, with their matching segments and marks.',
        response: replies({ 200: DuplicateClusterList }),
      },
    },
    async (request) => media.triage.duplicates(viewerOf(request)),
  );
  app.put(
    '/api/media/marks',
    {
      config: { access: 'viewEvidence' },
      schema: {
        tags,
        description: 'Marks every pair of the items "same recording" or "different" (or unmarks them with none); audited.',
        body: MarkPairs,
        response: replies({ 200: MarkedPairs }),
      },
    },
    async (request) => media.marks.mark(viewerOf(request), request.body),
  );
}
