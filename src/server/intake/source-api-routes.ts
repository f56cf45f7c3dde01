import { Type } from 'typebox';
import type { Intake } from '../../intake/open-intake.js';
import type { App } from '../app-types.js';
import { checkedSourceOf, sourceOf } from './intake-session.js';

/** The JSON the upload script needs: its own unfinished uploads, and the sealed manifest at the end. */
export function sourceApiRoutes(app: App, intake: Intake): void {
  app.get('/api/submissions/:id/uploads', { schema: { params: Type.Object({ id: Type.String({ maxLength: 64 }) }) } }, async (request) => ({
    uploads: (await intake.uploads.resumable(sourceOf(intake, request), request.params.id)).map((u) => ({ ...u, url: `/submit/files/${u.id}` })),
  }));

  app.post(
    '/api/uploads/:id/manifest',
    { schema: { params: Type.Object({ id: Type.String({ maxLength: 64 }) }), body: Type.Object({ manifest: Type.String({ maxLength: 100_000 }) }) } },
    async (request) => ({ state: await intake.uploads.setManifest(checkedSourceOf(intake, request), request.params.id, request.body.manifest) }),
  );
}
